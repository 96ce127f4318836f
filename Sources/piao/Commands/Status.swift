import ArgumentParser
import Foundation
import Ingest
import PerformanceModel
import Pipeline
import Reports
import Store

/// `piao status`: per settore and monitoring date, whether a valid
/// submission arrived — the list the controllo di gestione chases.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mostra, per settore e data di monitoraggio, chi ha inviato una scheda valida e chi manca.",
        discussion: "Legge lo storico scritto da «piao run». Codici di uscita: 0 tutte le schede ricevute; 1 ne mancano; 2 configurazione errata."
    )

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let configs = try options.loadConfigurations()
        var worst = ExitCodes.ok
        for (i, config) in configs.enumerated() {
            if i > 0 { Console.line(""); Console.line(String(repeating: "─", count: 60)) }
            worst = max(worst, report(config))
        }
        if worst != ExitCodes.ok { throw ExitCode(worst) }
    }

    /// One ente's block; returns its exit code.
    func report(_ config: PipelineConfiguration) -> Int32 {
        let plan: Plan
        do { plan = try Consolidator.readPlan(config).plan } catch {
            Console.error("\(config.ente): \(error)")
            return ExitCodes.configuration
        }
        let database = config.resolve(config.database)
        var inputs: [InputFile] = []
        var events: [RoundEvent] = []
        if FileManager.default.fileExists(atPath: database) {
            do {
                let store = try HistoryStore(path: database)
                inputs = try store.inputs(ente: config.ente, year: config.anno)
                events = try store.roundEvents(ente: config.ente, year: config.anno)
            } catch {
                Console.error(error.description)
                return ExitCodes.configuration
            }
        } else {
            Console.warning("nessuna esecuzione di «piao run» ancora registrata (storico «\(config.database)» assente).")
        }
        Console.line("Stato dei monitoraggi — \(plan.ente), anno \(plan.year)")
        var missing: [String] = []
        for period in config.periods {
            Console.line("")
            let state = RoundState(events, date: period.date)
            Console.line("Monitoraggio al \(period.date.italian)\(period.isFinal ? " (finale)" : ""): \(state.isClosed ? "CHIUSO" + state.italian.dropFirst("chiuso".count) : state.italian)")
            for e in events where e.date == period.date {
                Console.line("  \(e.action == .close ? "chiusura" : "riapertura") del \(e.at), \(e.author): \(e.reason)")
            }
            for sector in plan.sectors {
                // The last valid file received for the settore and date is the one that counts.
                let received = inputs.last { $0.outcome == .accepted && $0.sectorCode == sector.code && $0.referenceDate == period.date }
                let label = "\(sector.code) \(sector.name)".padding(toLength: 48, withPad: " ", startingAt: 0)
                if let received {
                    let when = received.compiledOn.map { ", compilata il \($0.italian)" } ?? ""
                    let values = received.submission.map { s in
                        "; valori letti \(s.values.filter { $0.value != nil }.count) su \(plan.indicators(reportedBy: sector.code).count)"
                    } ?? ""
                    Console.line("  \(label) ricevuta: \(received.name)\(when)\(values)")
                } else if let refused = inputs.last(where: { $0.outcome == .rejected && $0.sectorCode == sector.code && $0.referenceDate == period.date }) {
                    Console.line("  \(label) RIFIUTATA: \(refused.reason ?? "motivo non indicato") (file \(refused.name))")
                    missing.append("\(sector.code) \(sector.name) al \(period.date.italian) (rifiutata)")
                } else {
                    Console.line("  \(label) MANCANTE")
                    missing.append("\(sector.code) \(sector.name) al \(period.date.italian)")
                }
            }
        }
        let rejected = inputs.filter { $0.outcome == .rejected }
        if !rejected.isEmpty {
            Console.line("")
            Console.line("File rifiutati (vedere l'esito in \(config.cartellaOutput)/esiti): " + rejected.map(\.name).joined(separator: ", "))
        }
        Console.line("")
        if missing.isEmpty {
            Console.line("Tutte le schede sono arrivate.")
            return ExitCodes.ok
        }
        Console.line("Mancano \(Console.count(missing.count, "scheda valida", "schede valide")) (non valutabili, mai contate come 0): " + missing.joined(separator: "; ") + ".")
        return ExitCodes.rejected
    }
}
