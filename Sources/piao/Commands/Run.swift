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
        [IN ARRIVO] (file forse ancora in scrittura: sarà letto in un'esecuzione successiva), [IGNORATO] (file temporanei e di blocco).
        Codici di uscita: 0 tutto bene; 1 alcuni file rifiutati; 2 configurazione errata, piano illeggibile o errore di scrittura; 3 un'altra esecuzione è in corso.
        """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Legge, controlla e calcola tutto senza scrivere nulla (né storico, né output, né archivio).")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Elenca anche ogni anomalia, con foglio e cella.")
    var verbose = false

    @Option(help: "Quanti file (o enti) elaborare in parallelo; predefinito: il numero di core.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs deve essere almeno 1") }
    }

    func run() throws {
        let configs = try options.loadConfigurations()
        let progress = configs.count == 1 ? Progress.onTerminal() : nil
        // Several enti: one worker each, up to --jobs at a time; one ente: its files in parallel.
        let results = Parallel.map(configs, jobs: configs.count > 1 ? jobs : 1) { config in
            runEnte(config, fileJobs: configs.count > 1 ? 1 : jobs, progress: progress?.update)
        }
        progress?.finish()
        for (i, r) in results.enumerated() {
            if i > 0 { Console.line("") }
            r.lines.forEach(Console.line)
            r.errors.forEach(Console.error)
        }
        if configs.count > 1 {
            let byCode = Dictionary(grouping: results.indices, by: { results[$0].exitCode })
            Console.line("")
            Console.line("Enti: \(configs.count) — \(byCode[ExitCodes.ok]?.count ?? 0) senza problemi, \(byCode[ExitCodes.rejected]?.count ?? 0) con file rifiutati, "
                + "\(byCode[ExitCodes.configuration]?.count ?? 0) non elaborati (configurazione o piano), \(byCode[ExitCodes.locked]?.count ?? 0) bloccati da un'altra esecuzione.")
        }
        let worst = results.map(\.exitCode).max() ?? ExitCodes.ok
        if worst != ExitCodes.ok { throw ExitCode(worst) }
    }

    struct EnteResult: Sendable {
        var lines: [String] = []
        var errors: [String] = []
        var exitCode = ExitCodes.ok
    }

    /// One ente, start to end; what it has to say is collected, so that
    /// enti processed in parallel still log in configuration order.
    func runEnte(_ config: PipelineConfiguration, fileJobs: Int, progress: ((Int, Int, String) -> Void)?) -> EnteResult {
        var out = EnteResult()
        func fail(_ message: String, _ code: Int32) -> EnteResult {
            out.errors.append(message)
            out.exitCode = code
            return out
        }
        let database = config.resolve(config.database)
        var lock: RunLock?
        var store: HistoryStore?
        if !dryRun {
            do { lock = try RunLock(path: database + ".lock") } catch {
                return fail("impossibile creare il blocco «\(database).lock»: \(error.localizedDescription)", ExitCodes.configuration)
            }
            guard lock != nil else {
                return fail("\(config.ente): un'altra esecuzione di piao è in corso (blocco «\((database as NSString).lastPathComponent).lock»): questa esce senza fare nulla.", ExitCodes.locked)
            }
            do { store = try HistoryStore(path: database) } catch {
                return fail(error.description, ExitCodes.configuration)
            }
        }
        out.lines.append("piao run — \(config.ente), anno \(config.anno)\(dryRun ? " (prova: nessuna scrittura)" : "")")
        let result: Consolidator.Result
        do { result = try Consolidator.run(config, store: store, jobs: fileJobs, progress: progress) } catch {
            return fail("\(config.ente): \(error.description)", ExitCodes.configuration)
        }
        let c = result.consolidation
        let planErrors = c.planAnomalies.filter { $0.severity == .error }.count
        out.lines.append("[PIANO]     \(c.planFile.name) — \(c.plan.objectives.count) obiettivi, \(c.plan.indicators.count) indicatori; "
            + "\(Console.count(planErrors, "errore", "errori")), \(Console.count(c.planAnomalies.count - planErrors, "avviso", "avvisi")) (dettagli: piao plan check)")
        if verbose { out.lines += c.planAnomalies.map { "    \($0.description)" } }
        if c.plan.ente != config.ente || c.plan.year != config.anno {
            out.errors.append("Attenzione: il piano è di «\(c.plan.ente)» \(c.plan.year), la configurazione di «\(config.ente)» \(config.anno).")
        }
        out.lines += result.skipped.map { "[IGNORATO]  \($0.name) — \($0.reason)" }
        out.lines += result.pending.map { "[IN ARRIVO] \($0) — forse ancora in scrittura: sarà letto in un'esecuzione successiva" }
        out.lines += result.known.map { "[GIÀ RICEVUTO] \($0.name) — stesso contenuto già elaborato" }
        let newHashes = Set(result.newFiles.map(\.sha256))
        for input in c.inputs where newHashes.contains(input.sha256) {
            out.lines.append(Self.logLine(input))
            if verbose { out.lines += input.anomalies.map { "    \($0.description)" } }
        }
        for period in config.periods {
            guard let card = c.cards.first(where: { $0.date == period.date }) else {
                out.lines.append("Punteggi al \(period.date.italian): nessuna scheda ricevuta.")
                continue
            }
            out.lines.append("Punteggi al \(period.date.italian) (\(period.isFinal ? "finale" : "intermedio")): ente \(Self.show(card.ente))")
            for sector in card.sectors {
                let received = c.inputs.contains { $0.outcome == .accepted && $0.sectorCode == sector.id && $0.referenceDate == period.date }
                out.lines.append("  settore \(sector.id) \(sector.label.padding(toLength: 46, withPad: " ", startingAt: 0)) \(Self.show(sector))\(received ? "" : " — scheda non ricevuta")")
            }
            if verbose { out.lines += card.anomalies.map { "    \($0.description)" } }
        }
        if !dryRun {
            do {
                let output = config.resolve(config.cartellaOutput)
                if let written = try OutputWriter.write(c, to: output, periods: config.periods, outputs: config.uscite) {
                    out.lines += written.map { "[SCRITTO]   \($0)" }
                } else {
                    out.lines.append("[INVARIATO] uscite già aggiornate: stessi dati, stesso piano, stesse impostazioni dell'ultima esecuzione")
                }
                let byHash = Dictionary(c.inputs.map { ($0.sha256, $0) }, uniquingKeysWith: { a, _ in a })
                let placed = try Archive.place(originals: result.present, known: byHash, year: c.plan.year,
                                               archive: config.resolve(config.cartellaArchivio), quarantine: config.resolve(config.cartellaQuarantena),
                                               receipts: (output as NSString).appendingPathComponent("esiti"), move: config.moveOriginals)
                let moved = placed.filter(\.removedOriginal).count
                out.lines.append("[ARCHIVIO]  \(Console.count(placed.count, "file archiviato", "file archiviati"))\(config.moveOriginals ? ", \(moved) tolti dalla cartella dei monitoraggi" : " (originali lasciati nella cartella: modalità copia)")")
            } catch {
                return fail("\(config.ente): scrittura non riuscita: \(error.localizedDescription)", ExitCodes.configuration)
            }
        }
        let rejected = result.newFiles.filter { $0.outcome == .rejected }.count
        out.lines.append("Riepilogo: \(result.newFiles.count) file nuovi (\(result.newFiles.count - rejected) accettati, \(rejected) rifiutati), "
            + "\(result.known.count) già ricevuti, \(result.pending.count) in arrivo, \(result.skipped.count) ignorati.")
        if rejected > 0 { out.exitCode = ExitCodes.rejected }
        _ = lock
        return out
    }

    static func logLine(_ input: InputFile) -> String {
        let errors = input.anomalies.filter { $0.severity == .error }.count
        let warnings = input.anomalies.count - errors
        switch input.outcome {
        case .accepted, .superseded:
            let s = input.submission!
            let filled = s.values.filter { $0.value != nil }.count
            let tag = input.outcome == .accepted ? "[ACCETTATO]" : "[SOSTITUITO]"
            return "\(tag) \(input.name) — settore \(s.sectorCode), \(s.referenceDate.italian): \(filled)/\(s.values.count) valori, "
                + "\(Console.count(s.phases.filter { $0.state != nil }.count, "fase", "fasi")); "
                + "\(Console.count(errors, "cella rifiutata", "celle rifiutate")), \(Console.count(warnings, "avviso", "avvisi"))"
                + (input.outcome == .superseded ? " — \(input.reason ?? "")" : "")
        case .rejected, .plan:
            let reason = input.anomalies.first { $0.severity == .error } ?? input.anomalies.first
            return "[RIFIUTATO] \(input.name) — \(reason?.description ?? "motivo sconosciuto")"
        }
    }

    static func show(_ score: AggregateScore) -> String {
        guard let value = score.score, let band = score.band else { return "non valutabile" }
        return "\(Fmt.percent(value)) (\(band.rawValue))"
    }
}

/// A one-line progress bar on standard error, only when it is a terminal
/// (never in cron logs).
final class Progress {
    static func onTerminal() -> Progress? { isatty(2) == 1 ? Progress() : nil }

    func update(_ done: Int, _ total: Int, _ name: String) {
        let width = 24
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        Console.toStandardError("\r\(bar) \(done)/\(total) \(String(name.prefix(50)))\u{1B}[K")
    }

    func finish() { Console.toStandardError("\r\u{1B}[K") }
}
