import Foundation
import Ingest
import PerformanceModel
import Reports
import Scoring
import Store

/// `piao plan next-year`: next year's plan workbook from this year's plan and
/// its history. Settori, linee and strategic objectives are carried; of the
/// operational objectives only the pluriennale ones, with their indicators and
/// people. A carried indicator's baseline is this year's final consuntivo,
/// with its source; targets and phases are left for the ente to set, in
/// orange, and listed in the «Da compilare» sheet.
public enum NextYear {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Result: Sendable {
        public let path: String
        public let objectives: [String]
        public let indicators: [String]
        /// Indicator → where its baseline came from.
        public let baselines: [String: String]
        public let toDo: [BlankPlan.ToDo]
    }

    public static func write(config: PipelineConfiguration, year: Int, to path: String) throws -> Result {
        guard year == config.anno + 1 else {
            throw Failure(description: "il piano da preparare è quello del \(config.anno + 1) (la configurazione è del \(config.anno)), non del \(year)")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "«\(path)» esiste già: non viene sovrascritto (indicare un altro --output)")
        }
        let loaded: Consolidator.LoadedPlan
        do { loaded = try Consolidator.readPlan(config) } catch { throw Failure(description: error.description) }
        let plan = loaded.plan
        // The final round as the history holds it (no history: no baselines, said so).
        var finalCard: ScoreCard?
        let database = config.resolve(config.database)
        if FileManager.default.fileExists(atPath: database) {
            let inputs = try HistoryStore(path: database).inputs(ente: config.ente, year: config.anno)
            finalCard = Consolidator.consolidate(loaded, inputs: inputs, config: config).cards.first { $0.isFinal }
        }
        let carried = plan.objectives.filter { !($0.multiYear ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        let carriedIDs = Set(carried.map(\.id))
        let indicators = plan.indicators.filter { carriedIDs.contains($0.objectiveID) }
        var rows: [String: [BlankPlan.Row]] = [:]
        var toDo: [BlankPlan.ToDo] = []
        var baselines: [String: String] = [:]
        typealias V = BlankPlan.Row.Value

        rows[PlanContract.ente.name] = [.init(["Ente": .text(plan.ente), "Piano": .text(nextTitle(plan.title, from: plan.year, to: year)), "Anno": .number(Double(year))])]
        // Settori: the responsabile in charge at the end of the year, for the whole of next year.
        rows[PlanContract.settori.name] = plan.sectors.map { sector in
            let manager = sector.manager(on: CalendarDate.lastDay(of: plan.year))
            return .init(["Codice": .text(sector.code), "Nome": .text(sector.name), "Responsabile": .text(manager?.name ?? ""), "Ruolo": .text(manager?.role ?? "")])
        }
        rows[PlanContract.linee.name] = plan.lines.map { .init(["Codice": .text($0.code), "Nome": .text($0.name), "Assessori": .text($0.councillors)]) }
        rows[PlanContract.strategici.name] = plan.strategicObjectives.map { .init(["Codice": .text($0.code), "Nome": .text($0.name), "Linea": .text($0.lineCode)]) }
        rows[PlanContract.obiettivi.name] = carried.map { o in
            toDo.append(.init(sheet: PlanContract.obiettivi.name, id: o.id, what: "Pluriennale: la fase di quest'anno (era «\(o.multiYear ?? "")»); le fasi del \(year) nel foglio «Fasi»", source: ""))
            var values: [String: V] = ["ID": .text(o.id), "Settore": .text(o.sectorCode), "Obiettivo strategico": .text(o.strategicObjectiveCode),
                                       "Rif. DUP": .text(o.dupReference), "Titolo": .text(o.title), "Descrizione": .text(o.description),
                                       "Tipologia": .text(o.tags.joined(separator: ", "))]
            if let c = o.coordinatingSectorCode { values["Settore coordinamento"] = .text(c) }
            return .init(values, toFill: ["Pluriennale", "Scadenza"])
        }
        let scores = Dictionary((finalCard?.indicators ?? []).map { ($0.indicator.id, $0) }, uniquingKeysWith: { first, _ in first })
        rows[PlanContract.indicatori.name] = indicators.map { ind in
            var values: [String: V] = ["ID": .text(ind.id), "ID obiettivo": .text(ind.objectiveID), "Settore": .text(ind.sectorCode),
                                       "Descrizione": .text(ind.description)]
            if let t = ind.type { values["Tipo"] = .text(t.rawValue) }
            if let m = ind.measure { values["Misura"] = .text(m.rawValue) }
            if let d = ind.direction { values["Direzione"] = .text(d.rawValue) }
            if let tol = ind.tolerance { values["Tolleranza"] = .number(tol) }
            var fill: Set<String> = ["Target"]
            let source: String
            if let score = scores[ind.id], let actual = score.actual?.value, let cell = score.inputs.first {
                switch actual {
                case .number(let v): values["Baseline"] = .number(v)
                case .percent(let v): values["Baseline"] = .percent(v)
                case .date(let d): values["Baseline"] = .date(d)
                case .yesNo(let b): values["Baseline"] = .text(b ? "SI" : "NO")
                }
                source = "consuntivo al \(finalCard!.date.italian): «\(cell.file)», foglio «\(cell.sheet)», cella \(cell.cell) (\(actual.italian))"
                baselines[ind.id] = source
            } else {
                fill.insert("Baseline")
                source = finalCard == nil ? "nessun monitoraggio finale del \(plan.year) nello storico: baseline da indicare"
                    : "nessun consuntivo finale del \(plan.year) per questo indicatore: baseline da indicare"
            }
            toDo.append(.init(sheet: PlanContract.indicatori.name, id: ind.id, what: fill.contains("Baseline") ? "Target e baseline" : "Target", source: source))
            return .init(values, toFill: fill)
        }
        rows[PlanContract.dipendenti.name] = plan.participations.filter { carriedIDs.contains($0.objectiveID) }.map {
            .init(["ID obiettivo": .text($0.objectiveID), "Nome": .text($0.name), "Categoria": .text($0.category), "Ruolo": .text($0.role)])
        }
        try BlankPlan.write(ente: plan.ente, year: year, rows: rows, toDo: toDo, to: path)
        return Result(path: path, objectives: carried.map(\.id), indicators: indicators.map(\.id), baselines: baselines, toDo: toDo)
    }

    /// "PIAO 2024-2026 – Sezione 2.2 Performance" → "PIAO 2025-2027 – …": every year in the title moves on by one.
    static func nextTitle(_ title: String, from: Int, to: Int) -> String {
        guard !title.isEmpty else { return "Piano della performance \(to)" }
        var out = title
        for y in (from...(from + 5)).reversed() { out = out.replacingOccurrences(of: String(y), with: String(y + (to - from))) }
        return out
    }
}
