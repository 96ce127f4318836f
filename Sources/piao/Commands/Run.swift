import ArgumentParser
import Foundation
import Ingest
import PerformanceModel
import Pipeline
import Scoring
import XLSXReader

/// `piao run`: the nightly job. Today: discover → extract → normalize →
/// score — the plan is read and checked, every file in the drop folder is
/// read through and checked against the plan (one log line per file), then
/// each monitoring date is scored.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Esegue il consolidamento notturno sulla cartella dei monitoraggi.",
        discussion: """
        Una riga per file: [ACCETTATO] (con il numero di valori e di anomalie), [RIFIUTATO] (con il motivo), [IGNORATO] (file temporanei e di blocco).
        Codici di uscita: 0 tutto bene; 1 alcuni file rifiutati; 2 configurazione errata o piano illeggibile; 3 un'altra esecuzione è in corso.
        """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Legge e controlla tutto senza scrivere nulla.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Elenca anche ogni anomalia, con foglio e cella.")
    var verbose = false

    func run() throws {
        let config = try options.loadConfiguration()
        Console.line("piao run — \(config.ente), anno \(config.anno)\(dryRun ? " (prova: nessuna scrittura)" : "")")

        let planPath = config.resolve(config.piano)
        let planName = (planPath as NSString).lastPathComponent
        let plan = PlanReader.read(path: planPath, limits: config.limiti)
        let planErrors = plan.anomalies.filter { $0.severity == .error }
        if plan.plan.sectors.isEmpty {
            Console.line("[RIFIUTATO] \(planName) (piano) — \(plan.anomalies.first?.description ?? "piano vuoto")")
            Console.error("senza un piano leggibile i monitoraggi non possono essere controllati.")
            throw ExitCode(ExitCodes.configuration)
        }
        Console.line("[PIANO]     \(planName) — \(plan.plan.objectives.count) obiettivi, \(plan.plan.indicators.count) indicatori; "
            + "\(Console.count(planErrors.count, "errore", "errori")), \(Console.count(plan.anomalies.count - planErrors.count, "avviso", "avvisi")) (dettagli: piao plan check)")
        if verbose { plan.anomalies.forEach { Console.line("    \($0.description)") } }
        if plan.plan.ente != config.ente || plan.plan.year != config.anno {
            Console.warning("il piano è di «\(plan.plan.ente)» \(plan.plan.year), la configurazione di «\(config.ente)» \(config.anno).")
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
        var submissions: [(Submission, modified: Date)] = []
        for path in listing.files {
            let name = (path as NSString).lastPathComponent
            let reading = MonitoringReader.read(path: path, plan: plan.plan, limits: config.limiti)
            let errors = reading.anomalies.filter { $0.severity == .error }.count
            let warnings = reading.anomalies.count - errors
            if let s = reading.submission {
                accepted += 1
                let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
                submissions.append((s, modified))
                let filled = s.values.filter { $0.value != nil }.count
                Console.line("[ACCETTATO] \(name) — settore \(s.sectorCode), \(s.referenceDate.italian): \(filled)/\(s.values.count) valori, "
                    + "\(Console.count(s.phases.filter { $0.state != nil }.count, "fase", "fasi")); "
                    + "\(Console.count(errors, "cella rifiutata", "celle rifiutate")), \(Console.count(warnings, "avviso", "avvisi"))")
            } else {
                let reason = reading.anomalies.first { $0.severity == .error } ?? reading.anomalies.first
                Console.line("[RIFIUTATO] \(name) — \(reason?.description ?? "motivo sconosciuto")")
            }
            if verbose { reading.anomalies.forEach { Console.line("    \($0.description)") } }
        }
        printScores(plan: plan.plan, submissions: submissions, config: config)
        let total = listing.files.count
        Console.line("Riepilogo: \(total) file di monitoraggio, \(accepted) accettati, \(total - accepted) rifiutati, \(listing.skipped.count) ignorati.")
        // Plan errors touch single items and are reported above; the exit code speaks of the files.
        if accepted < total { throw ExitCode(ExitCodes.rejected) }
    }

    /// One block per monitoring date: the ente, then each settore, with its band.
    private func printScores(plan: Plan, submissions: [(Submission, modified: Date)], config: PipelineConfiguration) {
        for period in config.periods {
            // A resubmission for the same settore and date supersedes the earlier one (the newest file wins).
            let latest = Dictionary(grouping: submissions.filter { $0.0.referenceDate == period.date }, by: { $0.0.sectorCode })
                .mapValues { $0.max { ($0.modified, $0.0.fileName) < ($1.modified, $1.0.fileName) }!.0 }
            guard !latest.isEmpty else {
                Console.line("Punteggi al \(period.date.italian): nessuna scheda ricevuta.")
                continue
            }
            let card = Scorer.score(plan: plan, submissions: Array(latest.values), date: period.date, isFinal: period.isFinal, settings: config.punteggi)
            Console.line("Punteggi al \(period.date.italian) (\(period.isFinal ? "finale" : "intermedio")): ente \(Self.show(card.ente))")
            for sector in card.sectors {
                let received = latest[sector.id] != nil ? "" : " — scheda non ricevuta"
                Console.line("  settore \(sector.id) \(sector.label.padding(toLength: 46, withPad: " ", startingAt: 0)) \(Self.show(sector))\(received)")
            }
            if verbose { card.anomalies.forEach { Console.line("    \($0.description)") } }
        }
    }

    static func show(_ score: AggregateScore) -> String {
        guard let value = score.score, let band = score.band else { return "non valutabile" }
        return "\(Fmt.percent(value)) (\(band.rawValue))"
    }
}
