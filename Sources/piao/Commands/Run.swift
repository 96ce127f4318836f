import ArgumentParser
import Foundation
import Ingest
import PerformanceModel
import Pipeline
import Reports
import Scoring

/// `piao run`: the nightly job — discover → extract → normalize → score →
/// report. One log line per file, the scores of every monitoring date, the
/// outputs written (unless `--dry-run`), a summary.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Esegue il consolidamento notturno sulla cartella dei monitoraggi.",
        discussion: """
        Una riga per file: [ACCETTATO] (con il numero di valori e di anomalie), [RIFIUTATO] (con il motivo), [SOSTITUITO] (un invio più recente dello stesso settore e data lo sostituisce), [IGNORATO] (file temporanei e di blocco).
        Codici di uscita: 0 tutto bene; 1 alcuni file rifiutati; 2 configurazione errata o piano illeggibile; 3 un'altra esecuzione è in corso.
        """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Legge, controlla e calcola tutto senza scrivere nulla.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Elenca anche ogni anomalia, con foglio e cella.")
    var verbose = false

    func run() throws {
        let config = try options.loadConfiguration()
        Console.line("piao run — \(config.ente), anno \(config.anno)\(dryRun ? " (prova: nessuna scrittura)" : "")")
        let result: Consolidator.Result
        do { result = try Consolidator.run(config) } catch {
            Console.error(error.description)
            throw ExitCode(ExitCodes.configuration)
        }
        let c = result.consolidation
        let planErrors = c.planAnomalies.filter { $0.severity == .error }.count
        Console.line("[PIANO]     \(c.planFile.name) — \(c.plan.objectives.count) obiettivi, \(c.plan.indicators.count) indicatori; "
            + "\(Console.count(planErrors, "errore", "errori")), \(Console.count(c.planAnomalies.count - planErrors, "avviso", "avvisi")) (dettagli: piao plan check)")
        if verbose { c.planAnomalies.forEach { Console.line("    \($0.description)") } }
        if c.plan.ente != config.ente || c.plan.year != config.anno {
            Console.warning("il piano è di «\(c.plan.ente)» \(c.plan.year), la configurazione di «\(config.ente)» \(config.anno).")
        }
        for skipped in result.skipped { Console.line("[IGNORATO]  \(skipped.name) — \(skipped.reason)") }
        for input in c.inputs {
            Console.line(Self.logLine(input))
            if verbose { input.anomalies.forEach { Console.line("    \($0.description)") } }
        }
        for period in config.periods {
            guard let card = c.cards.first(where: { $0.date == period.date }) else {
                Console.line("Punteggi al \(period.date.italian): nessuna scheda ricevuta.")
                continue
            }
            Console.line("Punteggi al \(period.date.italian) (\(period.isFinal ? "finale" : "intermedio")): ente \(Self.show(card.ente))")
            for sector in card.sectors {
                let received = c.inputs.contains { $0.outcome == .accepted && $0.sectorCode == sector.id && $0.referenceDate == period.date }
                Console.line("  settore \(sector.id) \(sector.label.padding(toLength: 46, withPad: " ", startingAt: 0)) \(Self.show(sector))\(received ? "" : " — scheda non ricevuta")")
            }
            if verbose { card.anomalies.forEach { Console.line("    \($0.description)") } }
        }
        if !dryRun {
            do {
                for written in try OutputWriter.write(c, to: config.resolve(config.cartellaOutput), periods: config.periods) { Console.line("[SCRITTO]   \(written)") }
            } catch {
                Console.error("\(error)")
                throw ExitCode(ExitCodes.configuration)
            }
        }
        let rejected = c.inputs.filter { $0.outcome == .rejected }.count
        Console.line("Riepilogo: \(c.inputs.count) file di monitoraggio, \(c.inputs.count - rejected) accettati, \(rejected) rifiutati, \(result.skipped.count) ignorati.")
        if rejected > 0 { throw ExitCode(ExitCodes.rejected) }
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
