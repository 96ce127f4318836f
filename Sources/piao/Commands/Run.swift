import ArgumentParser
import Foundation
import Ingest
import PerformanceModel
import Pipeline
import Reports
import Scoring
import Store

/// `piao run`: the nightly job — discover → extract → normalize → score →
/// store → report → archive, under an exclusive lock. One log line per
/// file, the scores of every monitoring date, the outputs written, a summary.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Esegue il consolidamento notturno sulla cartella dei monitoraggi.",
        discussion: """
        Una riga per file: [ACCETTATO] (valori letti, celle rifiutate, avvisi), [RIFIUTATO] (il motivo; il file va in quarantena con il suo esito), \
        [SOSTITUITO] (un invio più recente dello stesso settore e data lo sostituisce), [GIÀ RICEVUTO] (stesso contenuto già elaborato), \
        [IN ARRIVO] (file forse ancora in scrittura, o modificato durante l'esecuzione: sarà letto in un'esecuzione successiva), \
        [IGNORATO] (file temporanei e di blocco, e ciò che non è un file regolare: collegamenti, cartelle, pipe, dispositivi — mai letti né spostati), \
        [RIPRISTINATO] (un originale lasciato a metà da un'esecuzione interrotta, rimesso nella cartella).
        Codici di uscita: 0 tutto bene; 1 alcuni file rifiutati; 2 configurazione errata, piano illeggibile o errore di scrittura; 3 un'altra esecuzione è in corso.
        """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Legge, controlla e calcola tutto senza scrivere nulla (né storico, né output, né archivio).")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Elenca anche ogni anomalia, con foglio e cella.")
    var verbose = false

    @Flag(help: "Inizia uno storico nuovo anche se le uscite mostrano esecuzioni precedenti (di norma è un errore nel percorso dello storico).")
    var nuovoStorico = false

    @Option(help: "Quanti file (o enti) elaborare in parallelo; predefinito: il numero di core.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs deve essere almeno 1") }
    }

    func run() throws {
        let configs = try options.loadConfigurations()
        let progress = configs.count == 1 ? Progress.onTerminal() : nil
        var update: (@Sendable (Int, Int, String) -> Void)?
        if let progress { update = { done, total, name in progress.update(done, total, name) } }
        let reports = NightlyRun.run(configs, options: .init(dryRun: dryRun, verbose: verbose, jobs: jobs, newHistory: nuovoStorico), progress: update)
        progress?.finish()
        for (i, r) in reports.enumerated() {
            if i > 0 { Console.line("") }
            r.lines.forEach(Console.line)
            r.warnings.forEach(Console.warning)
            r.errors.forEach(Console.error)
        }
        if configs.count > 1 {
            let byStatus = Dictionary(grouping: reports, by: \.status).mapValues(\.count)
            Console.line("")
            Console.line("Enti: \(configs.count) — \(byStatus[.ok] ?? 0) senza problemi, \(byStatus[.rejected] ?? 0) con file rifiutati, "
                + "\(byStatus[.configuration] ?? 0) non elaborati (configurazione o piano), \(byStatus[.locked] ?? 0) bloccati da un'altra esecuzione.")
        }
        let worst = reports.map(\.status).max() ?? .ok
        if worst != .ok { throw ExitCode(worst.rawValue) }
    }
}

/// A one-line progress bar on standard error, only when it is a terminal
/// (never in cron logs).
final class Progress: @unchecked Sendable {
    static func onTerminal() -> Progress? { isatty(2) == 1 ? Progress() : nil }

    func update(_ done: Int, _ total: Int, _ name: String) {
        let width = 24
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        Console.toStandardError("\r\(bar) \(done)/\(total) \(String(name.prefix(50)))\u{1B}[K")
    }

    func finish() { Console.toStandardError("\r\u{1B}[K") }
}
