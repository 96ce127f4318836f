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
                                    : "Monitoraggio intermedio \(c.plan.year) – stato di avanzamento", date: "al \(card.date.italian)",
                                footnote: Self.footnote(c.state(of: card.date)))
        let looks = ConsolidatedWorkbook.Looks(settings: c.settings, isFinal: card.isFinal)
        writeCover(book.addSheet("Copertina"), c, card, looks)
        if !card.isFinal { ConsolidatedWorkbook.writeCriticalities(book.addSheet("Criticità"), c, card) }
        writeSectors(book.addSheet("Settori"), c, card, looks)
        writeObjectives(book.addSheet("Obiettivi"), c, card, looks)
        writeIndicators(book.addSheet("Indicatori"), c, card, looks)
        ConsolidatedWorkbook.writePlanDefects(book.addSheet("Difetti del piano"), c.planAnomalies)
        try book.close()
    }

    /// On every printed page of a closed (or reopened) round: its state.
    static func footnote(_ state: RoundState) -> String {
        if case .open = state { return "" }
        return "Monitoraggio " + state.italian
    }

    /// The latest compilation date among the files scored: the data's own
    /// "as of" date (the clock never enters an output).
    public static func processingDate(_ c: Consolidation, card: ScoreCard) -> CalendarDate {
        c.inputs.filter { $0.outcome == .accepted && $0.referenceDate == card.date }.compactMap(\.compiledOn).max() ?? card.date
    }

    static func writeCover(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: ConsolidatedWorkbook.Looks) {
        // Portrait A4 at about 80 %: a SHA-256 fits column B on one line.
        s.setColumn(0, 0, width: 38)
        s.setColumn(1, 1, width: 66)
        s.setColumn(2, 2, width: 9)
        s.setColumn(3, 3, width: 12)
        s.setRow(0, height: 22)
        s.write(0, 0, .text(card.isFinal ? "Dati per la validazione della Relazione sulla Performance \(c.plan.year)"
            : "Monitoraggio intermedio al \(card.date.italian): stato di avanzamento del piano della performance \(c.plan.year)"), .title)
        let label = FormatSpec(bold: true, background: 0xD9E1F2, border: true)
        var r = 2
        func field(_ name: String, _ value: CellContent, _ format: FormatSpec = .text) {
            s.write(r, 0, .text(name), label)
            s.write(r, 1, value, format)
            if case .text(let text) = value { s.fitRow(r, [(name, 38), (text, 66)]) }
            r += 1
        }
        field("Ente", .text(c.plan.ente))
        field("Anno", .text(String(c.plan.year)))
        field("Piano", .text(c.plan.title))
        field("Data di riferimento", .date(card.date), .date)
        field("Monitoraggio", .text(card.isFinal ? "finale" : "intermedio (il monitoraggio finale non è ancora arrivato)"))
        field("Dati aggiornati al", .date(processingDate(c, card: card)), .date)
        field(card.isFinal ? "Punteggio dell'ente" : "Stato di avanzamento dell'ente", card.ente.score.map { .number($0) } ?? .text("non valutabile"), looks.percent)
        field("Calcolo", .text(card.ente.explanation), .text)
        field("Fascia", .text(card.ente.band?.rawValue ?? (card.isFinal ? "" : "nessuna: al monitoraggio intermedio non si applicano fasce")))
        let state = c.state(of: card.date)
        field("Stato del monitoraggio", .text(state.italian), state.isClosed ? FormatSpec(bold: true, wrap: true, border: true) : .text)
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
            s.fitRow(r, [(f.name, 38)])
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
        let gaps = Dictionary(card.gaps.map { ($0.sectorCode, $0) }, uniquingKeysWith: { a, _ in a })
        func managers(_ sector: Sector) -> String {
            let names = sector.managers.map { m in
                let period = [m.from.map { "dal \($0.italian)" }, m.to.map { "al \($0.italian)" }].compactMap { $0 }.joined(separator: " ")
                return "\(m.name)\(m.role.isEmpty ? "" : " (\(m.role))")\(period.isEmpty ? "" : ", \(period)")"
            }.joined(separator: "; ")
            return names.isEmpty ? "non indicato nel piano" : names
        }
        let scoreHeader = card.isFinal ? "Punteggio" : "Stato di avanzamento"
        let columns: [Column<Sector>] = [
            .text("Codice", 8) { $0.code },
            .text("Settore", 32) { $0.name },
            .text("Responsabili nell'anno", 44) { managers($0) },
            Column(scoreHeader, 13) { looks.score(card.sector($0.code)?.score) },
            .text("Fascia", 14) { card.sector($0.code)?.band?.rawValue ?? "" },
            Column("Obiettivi valutati", 11) { looks.count(card.sector($0.code)?.parts.count ?? 0) },
            Column("Obiettivi non valutabili", 11) { looks.count(card.sector($0.code)?.excluded.count ?? 0) },
            .text("Note", 40) { gaps[$0.code].map { "non valutabile — \($0.label)" } ?? "" },
        ]
        looks.bands(s, rows: s.table(columns, c.plan.sectors), column: ConsolidatedWorkbook.index(scoreHeader, in: columns))
    }

    static func writeObjectives(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: ConsolidatedWorkbook.Looks) {
        let columns: [Column<Objective>] = [
            .text("ID", 9) { $0.id },
            .text("Settore", 8) { $0.sectorCode },
            .text("Titolo", 37) { $0.title },
            Column("% raggiungimento", 15) { looks.score(card.objective($0.id)?.score) },
            .text("Fascia", 13) { card.objective($0.id)?.band?.rawValue ?? "" },
            Column("Indicatori valutati", 10) { looks.count(card.objective($0.id)?.parts.count ?? 0) },
            .text("Indicatori non valutabili", 18) { card.objective($0.id)?.excluded.joined(separator: ", ") ?? "" },
            .text("Calcolo", 44) { card.objective($0.id)?.explanation ?? "" },
            .text("Rettifica", 24) { card.objective($0.id)?.override.map(\.decision) ?? "" },
            .text("Obiettivo strategico", 11, prints: false) { $0.strategicObjectiveCode },
            .text("Linea", 7, prints: false) { c.plan.lineCode(of: $0) ?? "" },
        ]
        looks.bands(s, rows: s.table(columns, c.plan.objectives), column: ConsolidatedWorkbook.index("% raggiungimento", in: columns))
    }

    static func writeIndicators(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: ConsolidatedWorkbook.Looks) {
        let euro = ConsolidatedWorkbook.isEuro
        let columns: [Column<IndicatorScore>] = [
            .text("ID", 9) { $0.indicator.id },
            .text("Settore", 8) { $0.indicator.sectorCode },
            .text("Descrizione", 28) { $0.indicator.description },
            Column("Target", 10) { ConsolidatedWorkbook.quantity($0.indicator.target, looks, euro: euro($0.indicator)) },
            Column("Consuntivo", 11) { ConsolidatedWorkbook.quantity($0.actual?.value, looks, euro: euro($0.indicator)) },
            Column("% raggiungimento", 15) { looks.ratio($0.achievement) },
            Column("Scostamento", 11) { ConsolidatedWorkbook.deviation($0, looks) },
            .text("Motivazione scostamento", 24) { $0.actual?.deviationReason ?? "" },
            .text("Fascia", 12) { score in card.isFinal ? score.achievement.map { c.settings.band($0).rawValue } ?? "" : "" },
            .text("Regola e calcolo", 34) { ruleAndCalculation($0) },
            .text("Rettifica", 20) { $0.override.map(\.decision) ?? "" },
            .text("Obiettivo", 9, prints: false) { $0.indicator.objectiveID },
            .text("Misura", 12, prints: false) { $0.indicator.measure?.rawValue ?? "non indicata" },
            .text("Stato", 16, prints: false) { ConsolidatedWorkbook.status($0.status) },
            .text("Fonte", 50, prints: false) { $0.inputs.first.map { "\($0.file), foglio \($0.sheet), cella \($0.cell)" } ?? "" },
        ]
        looks.bands(s, rows: s.table(columns, card.indicators), column: ConsolidatedWorkbook.index("% raggiungimento", in: columns))
    }
}
