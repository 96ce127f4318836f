import ArgumentParser
import Foundation
import Ingest
import PerformanceModel
import Pipeline
import XLSXReader

extension PlanCommand {
    /// `piao plan check [FILE]`: every defect of a plan workbook, in Italian,
    /// with sheet and cell.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Controlla la cartella di lavoro del piano ed elenca ogni difetto, con foglio e cella.",
            discussion: """
            Gli ERRORI impediscono il calcolo dei punteggi degli elementi interessati (date impossibili, \
            riferimenti sconosciuti, identificativi duplicati, pesi non validi, obiettivi senza indicatori); \
            gli AVVISI segnalano ciò che va saputo (indicatori senza target o senza misura, periodi scoperti).
            Senza FILE controlla il piano indicato dalla configurazione (--config, predefinita pipeline.json).
            Codici di uscita: 0 nessun errore (al più avvisi); 1 ci sono errori; 2 piano illeggibile o inutilizzabile, configurazione errata; 64 uso errato.
            """
        )

        @Argument(help: "La cartella di lavoro del piano (predefinita: quella indicata dalla configurazione).")
        var file: String?

        @Option(name: .customLong("config"), help: "Il file di configurazione da cui prendere il piano e i limiti.")
        var config = "pipeline.json"

        func run() throws {
            var limits = ReaderLimits.default
            var path = file ?? ""
            var periods: [MonitoringPeriod] = []
            if file == nil || FileManager.default.fileExists(atPath: config) {
                do {
                    let configuration = try PipelineConfiguration.load(path: config)
                    limits = configuration.limiti
                    periods = configuration.periods
                    if file == nil { path = configuration.resolve(configuration.piano) }
                } catch {
                    if file == nil {
                        Console.error(error.description)
                        throw ExitCode(ExitCodes.configuration)
                    }
                }
            }
            var reading = PlanReader.read(path: path, limits: limits)
            let file = path
            if !periods.isEmpty {
                reading.anomalies += Consolidator.configurationChecks(reading.plan, file: (path as NSString).lastPathComponent, periods: periods)
            }
            let plan = reading.plan
            let name = (file as NSString).lastPathComponent
            Console.line("Piano «\(name)» — \(plan.ente.isEmpty ? "ente non indicato" : plan.ente), anno \(plan.year == 0 ? "non indicato" : String(plan.year))")
            let structural = reading.structuralErrors
            if !structural.isEmpty {
                // Said first: with these, «piao run» reads no file against this plan.
                Console.line("")
                Console.line("IL PIANO NON È UTILIZZABILE: «piao run» non leggerà alcun file finché questi problemi non sono corretti:")
                for a in structural {
                    let place = [a.sheet.map { "foglio «\($0)»" }, a.cell.map { "cella \($0)" }].compactMap { $0 }.joined(separator: ", ")
                    Console.line("  \(place.isEmpty ? "" : place + ": ")\(a.message)")
                }
            }
            let withTarget = plan.indicators.filter { $0.target != nil }.count
            let names = Set(plan.participations.map(\.name)).count
            Console.line("\(Console.count(plan.sectors.count, "settore", "settori")), \(Console.count(plan.lines.count, "linea strategica", "linee strategiche")), "
                + "\(Console.count(plan.strategicObjectives.count, "obiettivo strategico", "obiettivi strategici")), "
                + "\(Console.count(plan.objectives.count, "obiettivo operativo", "obiettivi operativi")), \(Console.count(plan.phases.count, "fase", "fasi")), "
                + "\(Console.count(plan.indicators.count, "indicatore", "indicatori")) (\(withTarget) con target), "
                + "\(Console.count(plan.participations.count, "partecipazione", "partecipazioni")) di \(Console.count(names, "dipendente", "dipendenti"))")
            for severity in Anomaly.Severity.allCases {
                let list = reading.anomalies.filter { $0.severity == severity }
                guard !list.isEmpty else { continue }
                Console.line("")
                Console.line(severity == .error ? "ERRORI (bloccano il calcolo dei punteggi degli elementi interessati):" : "AVVISI:")
                for a in list {
                    let place = [a.sheet.map { "foglio «\($0)»" }, a.cell.map { "cella \($0)" }].compactMap { $0 }.joined(separator: ", ")
                    Console.line("  \(place.isEmpty ? "" : place + ": ")\(a.message)  [\(a.kind.label)]")
                }
            }
            if !plan.objectives.isEmpty, plan.objectives.allSatisfy({ $0.weight == nil }), plan.indicators.allSatisfy({ $0.weight == nil }) {
                Console.line("")
                Console.line("Nota: il piano non indica pesi; obiettivi e indicatori pesano tutti 1.")
            }
            let errors = reading.anomalies.filter { $0.severity == .error }.count
            let warnings = reading.anomalies.count - errors
            Console.line("")
            Console.line("Riepilogo: \(Console.count(errors, "errore", "errori")), \(Console.count(warnings, "avviso", "avvisi")).")
            if !structural.isEmpty { throw ExitCode(ExitCodes.configuration) }
            if errors > 0 { throw ExitCode(ExitCodes.rejected) }
        }
    }
}
