import Foundation
import PerformanceModel
import Scoring
import XLSXWriter

/// The export the OIV validates the Relazione sulla Performance from: a
/// cover (ente, year, reference date, processing date, the scoring settings
/// in force, the input files' hashes), the objectives and indicators with
/// target, consuntivo, % raggiungimento, scostamento, motivazione, band and
/// overrides, and the plan defects it must know about.
public enum OIVExport {
    /// `oiv-cassano-d-adda-2024.xlsx`
    public static func fileName(_ c: Consolidation) -> String { "oiv-\(c.enteSlug)-\(c.plan.year).xlsx" }

    /// Written for the latest monitoring date with data (the final one once it has arrived).
    public static func write(_ c: Consolidation, card: ScoreCard, to path: String) throws(WorkbookWriter.Failure) {
        let book = try WorkbookWriter(path: path, title: "Relazione sulla performance \(c.plan.year) – dati per l'OIV – \(c.plan.ente)",
                                      author: c.plan.ente, createdOn: card.date)
        book.pageHeader = .init(ente: c.plan.ente, title: card.isFinal ? "Dati per la validazione della Relazione sulla Performance \(c.plan.year)"
                                    : "Monitoraggio intermedio \(c.plan.year) – stato di avanzamento", date: "al \(card.date.italian)")
        let looks = ConsolidatedWorkbook.Looks(settings: c.settings, isFinal: card.isFinal)
        writeCover(book.addSheet("Copertina"), c, card, looks)
        if !card.isFinal { ConsolidatedWorkbook.writeCriticalities(book.addSheet("Criticità"), c, card) }
        writeSectors(book.addSheet("Settori"), c, card, looks)
        writeObjectives(book.addSheet("Obiettivi"), c, card, looks)
        writeIndicators(book.addSheet("Indicatori"), c, card, looks)
        writeDefects(book.addSheet("Difetti del piano"), c.planAnomalies)
        try book.close()
    }

    /// The latest compilation date among the files scored: the data's own
    /// "as of" date (the clock never enters an output).
    public static func processingDate(_ c: Consolidation, card: ScoreCard) -> CalendarDate {
        c.inputs.filter { $0.outcome == .accepted && $0.referenceDate == card.date }.compactMap(\.compiledOn).max() ?? card.date
    }

    static func writeCover(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: ConsolidatedWorkbook.Looks) {
        s.setColumn(0, 0, width: 42)
        s.setColumn(1, 1, width: 70)
        s.setColumn(2, 3, width: 14)
        s.setRow(0, height: 22)
        s.write(0, 0, .text(card.isFinal ? "Dati per la validazione della Relazione sulla Performance \(c.plan.year)"
            : "Monitoraggio intermedio al \(card.date.italian): stato di avanzamento del piano della performance \(c.plan.year)"), .title)
        let label = FormatSpec(bold: true, background: 0xD9E1F2, border: true)
        var r = 2
        func field(_ name: String, _ value: CellContent, _ format: FormatSpec = .text) {
            s.write(r, 0, .text(name), label)
            s.write(r, 1, value, format)
            r += 1
        }
        field("Ente", .text(c.plan.ente))
        field("Anno", .text(String(c.plan.year)))
        field("Piano", .text(c.plan.title))
        field("Data di riferimento", .date(card.date), .date)
        field("Monitoraggio", .text(card.isFinal ? "finale" : "intermedio (il monitoraggio finale non è ancora arrivato)"))
        field("Dati aggiornati al", .date(processingDate(c, card: card)), .date)
        field(card.isFinal ? "Punteggio dell'ente" : "Stato di avanzamento dell'ente", card.ente.score.map { .number($0) } ?? .text("non valutabile"), looks.percent)
        field("Fascia", .text(card.ente.band?.rawValue ?? (card.isFinal ? "" : "nessuna: al monitoraggio intermedio non si applicano fasce")))
        field("Settori non valutabili (fuori da ogni media)",
              .text(card.gaps.isEmpty ? "nessuno: tutte le schede valide sono arrivate"
                    : card.gaps.map { "\($0.sectorCode) \($0.sectorName) — \($0.label)" }.joined(separator: "; ")),
              card.gaps.isEmpty ? .text : FormatSpec(bold: true, wrap: true, fontColor: 0xC00000, border: true))
        if !card.isFinal { field("Criticità", .text("\(card.criticalities.count): elenco nel foglio «Criticità»")) }
        r += 1
        s.write(r, 0, .text("Regole di calcolo in vigore"), FormatSpec(bold: true)); r += 1
        let st = c.settings
        field("Tetto del raggiungimento", .number(st.cap), looks.percent)
        field("Incremento rispetto alla baseline", .text(st.increase == .progress ? "progressivo: (consuntivo − baseline) / (target − baseline)" : "rapporto: consuntivo / target"))
        field("Minore è meglio, senza baseline", .text(st.lowerWithoutBaseline == .inverse ? "inverso: target / consuntivo" : "speculare: (2 × target − consuntivo) / target"))
        field("Tolleranza per le date (giorni)", .number(st.dateToleranceDays), .number)
        field("Tolleranza per gli indici con target 0 (giorni)", .number(st.indexToleranceDays), .number)
        field("Soglia «raggiunto»", .number(st.achievedThreshold), looks.percent)
        field("Soglia «parzialmente raggiunto»", .number(st.partialThreshold), looks.percent)
        field("Indicatori senza target o senza valore finale", .text("non valutabili: esclusi dalle medie, mai contati come 0 o 100"))
        field("Pesi", .text("quelli del piano; dove mancano, 1"))
        r += 1
        s.write(r, 0, .text("File elaborati"), FormatSpec(bold: true)); r += 1
        for (col, h) in ["File", "SHA-256", "Settore", "Esito"].enumerated() { s.write(r, col, .text(h), .header) }
        r += 1
        for f in [c.planFile] + c.inputs.filter({ $0.referenceDate == nil || $0.referenceDate == card.date }) {
            s.write(r, 0, .text(f.name), .text)
            s.write(r, 1, .text(f.sha256), .text)
            s.write(r, 2, .text(f.sectorCode ?? ""), .text)
            s.write(r, 3, .text(f.outcome == .plan ? "piano" : f.outcome.rawValue), .text)
            s.fitRow(r, [(f.name, 42), (f.sha256, 70)])
            r += 1
        }
        // The block the OIV fills and signs.
        r += 1
        s.write(r, 0, .text(card.isFinal ? "Validazione" : "Presa d'atto del monitoraggio intermedio"), FormatSpec(bold: true)); r += 1
        field("Luogo e data", .text(""))
        for member in ["Componente dell'OIV (presidente)", "Componente dell'OIV", "Componente dell'OIV"] {
            s.setRow(r, height: 30)
            field(member + " – nome e firma", .text(""))
        }
        s.activate()
        s.printSetup(landscape: false)
    }

    /// Per settore: who was responsible and when (a settore may change hands during the year),
    /// the score, the band, the objectives scored and not; the settori without a valid scheda say so.
    /// "rapporto consuntivo/target: 3 / 4 = 75%"; a rule that cannot score says why once, not twice.
    static func ruleAndCalculation(_ score: IndicatorScore) -> String {
        score.rule.isScorable ? "\(score.rule.name): \(score.explanation)" : score.explanation
    }

    static func writeSectors(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: ConsolidatedWorkbook.Looks) {
        let headers: [(String, Double)] = [("Codice", 8), ("Settore", 34), ("Responsabili nell'anno", 46),
                                           (card.isFinal ? "Punteggio" : "Stato di avanzamento", 13), ("Fascia", 20),
                                           ("Obiettivi valutati", 11), ("Obiettivi non valutabili", 11), ("Note", 40)]
        ConsolidatedWorkbook.table(s, headers: headers, rows: c.plan.sectors.count)
        let gaps = Dictionary(card.gaps.map { ($0.sectorCode, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, sector) in c.plan.sectors.enumerated() {
            let r = i + 1
            let score = card.sector(sector.code)
            let managers = sector.managers.map { m in
                let period = [m.from.map { "dal \($0.italian)" }, m.to.map { "al \($0.italian)" }].compactMap { $0 }.joined(separator: " ")
                return "\(m.name)\(m.role.isEmpty ? "" : " (\(m.role))")\(period.isEmpty ? "" : ", \(period)")"
            }.joined(separator: "; ")
            s.write(r, 0, .text(sector.code), .text)
            s.write(r, 1, .text(sector.name), .text)
            s.write(r, 2, .text(managers.isEmpty ? "non indicato nel piano" : managers), .text)
            ConsolidatedWorkbook.score(s, r, 3, score?.score, looks)
            s.write(r, 4, .text(score?.band?.rawValue ?? ""), .text)
            s.write(r, 5, .number(Double(score?.parts.count ?? 0)), .number)
            s.write(r, 6, .number(Double(score?.excluded.count ?? 0)), .number)
            s.write(r, 7, .text(gaps[sector.code].map { "non valutabile — \($0.label)" } ?? ""), .text)
            s.fitRow(r, [(managers, 46), (gaps[sector.code]?.label ?? "", 40)])
        }
        looks.bands(s, rows: 1...max(1, c.plan.sectors.count), column: 3)
    }

    static func writeObjectives(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: ConsolidatedWorkbook.Looks) {
        let headers: [(String, Double)] = [("ID", 9), ("Settore", 8), ("Titolo", 55), ("Obiettivo strategico", 11), ("Linea", 7),
                                           ("% raggiungimento", 13), ("Fascia", 20), ("Indicatori valutati", 11), ("Indicatori non valutabili", 24),
                                           ("Calcolo", 55), ("Rettifica: motivazione", 36), ("Rettifica: autore", 20)]
        ConsolidatedWorkbook.table(s, headers: headers, rows: c.plan.objectives.count)
        let line = Dictionary(uniqueKeysWithValues: c.plan.strategicObjectives.map { ($0.code, $0.lineCode) })
        for (i, objective) in c.plan.objectives.enumerated() {
            let r = i + 1
            let score = card.objective(objective.id)
            s.write(r, 0, .text(objective.id), .text)
            s.write(r, 1, .text(objective.sectorCode), .text)
            s.write(r, 2, .text(objective.title), .text)
            s.write(r, 3, .text(objective.strategicObjectiveCode), .text)
            s.write(r, 4, .text(line[objective.strategicObjectiveCode] ?? ""), .text)
            ConsolidatedWorkbook.score(s, r, 5, score?.score, looks)
            s.write(r, 6, .text(score?.band?.rawValue ?? ""), .text)
            s.write(r, 7, .number(Double(score?.parts.count ?? 0)), .number)
            s.write(r, 8, .text(score?.excluded.joined(separator: ", ") ?? ""), .text)
            s.write(r, 9, .text(score?.explanation ?? ""), .text)
            s.write(r, 10, .text(score?.override?.reason ?? ""), .text)
            s.write(r, 11, .text(score?.override?.author ?? ""), .text)
            s.fitRow(r, [(objective.title, 55), (score?.explanation ?? "", 55), (score?.excluded.joined(separator: ", ") ?? "", 24)])
        }
        if !c.plan.objectives.isEmpty { looks.bands(s, rows: 1...c.plan.objectives.count, column: 5) }
    }

    static func writeIndicators(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: ConsolidatedWorkbook.Looks) {
        let headers: [(String, Double)] = [("ID", 9), ("Obiettivo", 9), ("Settore", 8), ("Descrizione", 55), ("Misura", 12), ("Target", 11),
                                           ("Consuntivo", 12), ("% raggiungimento", 13), ("Scostamento", 12), ("Motivazione scostamento", 40), ("Fascia", 20),
                                           ("Stato", 16), ("Regola e calcolo", 60), ("Rettifica: motivazione", 30), ("Rettifica: autore", 18), ("Fonte", 50)]
        ConsolidatedWorkbook.table(s, headers: headers, rows: card.indicators.count)
        for (i, score) in card.indicators.enumerated() {
            let r = i + 1
            let ind = score.indicator
            s.write(r, 0, .text(ind.id), .text)
            s.write(r, 1, .text(ind.objectiveID), .text)
            s.write(r, 2, .text(ind.sectorCode), .text)
            s.write(r, 3, .text(ind.description), .text)
            s.write(r, 4, .text(ind.measure?.rawValue ?? "non indicata"), .text)
            let euro = ConsolidatedWorkbook.isEuro(ind)
            ConsolidatedWorkbook.quantity(s, r, 5, ind.target, looks, euro: euro)
            ConsolidatedWorkbook.quantity(s, r, 6, score.actual?.value, looks, euro: euro)
            s.write(r, 7, score.achievement.map { .number($0) } ?? .blank, looks.percent)
            ConsolidatedWorkbook.deviation(s, r, 8, score, looks)
            s.write(r, 9, .text(score.actual?.deviationReason ?? ""), .text)
            s.write(r, 10, .text(card.isFinal ? score.achievement.map { c.settings.band($0).rawValue } ?? "" : ""), .text)
            s.write(r, 11, .text(ConsolidatedWorkbook.status(score.status)), .text)
            s.write(r, 12, .text(ruleAndCalculation(score)), .text)
            s.write(r, 13, .text(score.override?.reason ?? ""), .text)
            s.write(r, 14, .text(score.override?.author ?? ""), .text)
            s.write(r, 15, .text(score.inputs.first.map { "\($0.file), foglio \($0.sheet), cella \($0.cell)" } ?? ""), .text)
            s.fitRow(r, [(ind.description, 55), (ruleAndCalculation(score), 60), (score.actual?.deviationReason ?? "", 40)])
        }
        if !card.indicators.isEmpty { looks.bands(s, rows: 1...card.indicators.count, column: 7) }
    }

    static func writeDefects(_ s: SheetWriter, _ anomalies: [Anomaly]) {
        let headers: [(String, Double)] = [("Foglio", 14), ("Cella", 8), ("Gravità", 9), ("Codice", 22), ("Difetto", 100)]
        ConsolidatedWorkbook.table(s, headers: headers, rows: anomalies.count)
        for (i, a) in anomalies.enumerated() {
            let r = i + 1
            s.write(r, 0, .text(a.sheet ?? ""), .text)
            s.write(r, 1, .text(a.cell ?? ""), .text)
            s.write(r, 2, .text(a.severity.rawValue), .text)
            s.write(r, 3, .text(a.code), .text)
            s.write(r, 4, .text(a.message), .text)
        }
    }
}
