import ArgumentParser
import Foundation
import Pipeline
import XLSXReader

/// `piao run`: the nightly job. At this stage: discover and extract — the
/// plan workbook and every file in the drop folder are opened and read
/// through; each gets one log line, rejected ones with the reason.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Esegue il consolidamento notturno sulla cartella dei monitoraggi.",
        discussion: """
        Codici di uscita: 0 tutto bene; 1 alcuni file rifiutati; 2 configurazione errata; 3 un'altra esecuzione è in corso.
        """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Legge e controlla tutto senza scrivere nulla.")
    var dryRun = false

    func run() throws {
        let config = try options.loadConfiguration()
        Console.line("piao run — \(config.ente), anno \(config.anno)\(dryRun ? " (prova: nessuna scrittura)" : "")")

        var rejected = 0
        let planPath = config.resolve(config.piano)
        if FileManager.default.fileExists(atPath: planPath) {
            rejected += report(Extraction.read(path: planPath, limits: config.limiti), role: "piano")
        } else {
            Console.warning("il piano «\(config.piano)» non esiste: nulla da confrontare con i monitoraggi.")
        }

        let folder = config.resolve(config.cartellaMonitoraggio)
        let listing: Discovery.Listing
        do { listing = try Discovery.list(folder: folder) } catch {
            Console.error("cartella dei monitoraggi «\(config.cartellaMonitoraggio)» non leggibile: \(error.localizedDescription)")
            throw ExitCode(ExitCodes.configuration)
        }
        for skipped in listing.skipped {
            Console.line("[IGNORATO]  \(skipped.name) — \(skipped.reason)")
        }
        var accepted = 0
        for path in listing.files {
            let outcome = Extraction.read(path: path, limits: config.limiti)
            if outcome.isAccepted { accepted += 1 }
            rejected += report(outcome, role: "monitoraggio")
        }
        let total = listing.files.count
        Console.line("Riepilogo: \(total) file di monitoraggio, \(accepted) accettati, \(total - accepted) rifiutati, \(listing.skipped.count) ignorati.")
        if rejected > 0 { throw ExitCode(ExitCodes.rejected) }
    }

    /// One log line; returns 1 when the file was rejected.
    private func report(_ outcome: Extraction.Outcome, role: String) -> Int {
        switch outcome {
        case .accepted(let s):
            Console.line("[ACCETTATO] \(s.file) (\(role)) — \(Console.count(s.sheets.count, "foglio", "fogli")), \(Console.count(s.cells, "cella", "celle"))")
            return 0
        case .rejected(let file, let error):
            Console.line("[RIFIUTATO] \(file) (\(role)) — \(error.description)")
            return 1
        }
    }
}
