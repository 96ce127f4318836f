import Foundation
import PerformanceModel
import Scoring
import XLSXWriter

/// The internal consolidated workbook for one monitoring date (DESIGN §6):
/// Sintesi (with charts), Obiettivi, Indicatori, Fasi, Dipendenti,
/// Anomalie (this round's files), Difetti del piano, Storico (with a line chart), Fonti. Every score sits beside
/// the rule in words and the file, sheet and cell it came from.
public enum ConsolidatedWorkbook {
    /// `consolidato-cassano-d-adda-2024-2024-06-30.xlsx`
    public static func fileName(_ c: Consolidation, date: CalendarDate) -> String {
        "consolidato-\(c.enteSlug)-\(c.plan.year)-\(date.iso).xlsx"
    }

    public static func write(_ c: Consolidation, card: ScoreCard, to path: String) throws(WorkbookWriter.Failure) {
        let book = try WorkbookWriter(path: path, title: "Consolidamento monitoraggio \(c.plan.year) – \(c.plan.ente) – \(card.date.italian)",
                                      author: c.plan.ente, createdOn: card.date)
        book.pageHeader = .init(ente: c.plan.ente, title: "Consolidamento del monitoraggio della performance \(c.plan.year)" + (card.isFinal ? "" : " – stato di avanzamento"),
                                date: "al \(card.date.italian)", footnote: OIVExport.footnote(c.state(of: card.date)))
        let looks = Looks(settings: c.settings, isFinal: card.isFinal)
        // An intermediate round leads with what needs attention, not with scores.
        if !card.isFinal { writeCriticalities(book.addSheet("Criticità"), c, card) }
        writeSummary(book, c, card, looks)
        writeObjectives(book.addSheet("Obiettivi"), c, card, looks)
        writeIndicators(book.addSheet("Indicatori"), c, card, looks)
        writePhases(book.addSheet("Fasi"), c, card)
        writeEmployees(book.addSheet("Dipendenti"), c, card, looks)
        writeAnomalies(book.addSheet("Anomalie"), c.roundAnomalies(card))
        writePlanDefects(book.addSheet("Difetti del piano"), c.planAnomalies)
        writeHistory(book, c, looks)
        writeSources(book.addSheet("Fonti"), c)
        try book.close()
    }

    /// Shared formats and the band colours from the settings.
    struct Looks {
        let settings: ScoringSettings
        /// Band colours judge the year: only at the final date.
        var isFinal = true
        /// Two decimals, as the log, the receipts and the CSV round (`Fmt.percent`).
        let percent = FormatSpec(numberFormat: "0.00%", border: true)
        let date = FormatSpec.date
        let number = FormatSpec.number
        let euro = FormatSpec(numberFormat: "#,##0.00 \"€\"", border: true)
        let text = FormatSpec.text

        /// A bar's colour: the band's at the final date, one neutral blue before it; grey when not scored.
        func colour(_ score: Double?) -> UInt32 {
            guard let score else { return WorkbookWriter.notScoredBar }
            guard isFinal else { return 0x5B9BD5 }
            switch settings.band(score) {
            case .achieved: return 0x70AD47
            case .partial: return 0xFFC000
            case .notAchieved: return 0xE06666
            }
        }

        func bands(_ sheet: SheetWriter, rows: ClosedRange<Int>?, column: Int) {
            guard isFinal, let rows else { return }
            sheet.colourBands(firstRow: rows.lowerBound, lastRow: rows.upperBound, column: column,
                              achieved: settings.achievedThreshold, partial: settings.partialThreshold)
        }

        /// A score, or "non valutabile" in words (never a blank that reads as 0).
        func score(_ value: Double?) -> (CellContent, FormatSpec) {
            value.map { (.number($0), percent) } ?? (.text("non valutabile"), text)
        }

        /// A percentage that may be missing (blank: nothing to show, e.g. an achievement not computed).
        func ratio(_ value: Double?) -> (CellContent, FormatSpec) {
            (value.map { .number($0) } ?? .blank, percent)
        }

        func count(_ n: Int) -> (CellContent, FormatSpec) { (.number(Double(n)), number) }
    }

    /// The column of `header` in a table (for colouring it).
    static func index<Row>(_ header: String, in columns: [Column<Row>]) -> Int {
        columns.firstIndex { $0.header == header } ?? 0
    }

    // MARK: Sintesi

    /// One row of the Sintesi tables: the ente, a settore or a linea.
    struct SummaryRow {
        var code: String
        var name: String
        var score: AggregateScore?
        var indicatorsScored: Int?
        var anomalies: Int?
        var manager: String?
    }

    /// The same columns for the ente, the settori and the linee (a linea has no indicators count, problems or responsabile).
    static func summaryColumns(_ looks: Looks) -> [Column<SummaryRow>] {
        [
            .text("Codice", 9) { $0.code },
            .text("Nome", 40) { $0.name },
            Column("Punteggio", 12) { looks.score($0.score?.score) },
            .text("Fascia", 14) { $0.score?.band?.rawValue ?? "" },
            Column("Obiettivi valutati", 11) { looks.count($0.score?.parts.count ?? 0) },
            Column("Indicatori valutati", 11) { $0.indicatorsScored.map(looks.count) ?? (.blank, looks.text) },
            Column("Problemi nelle schede", 11) { $0.anomalies.map(looks.count) ?? (.blank, looks.text) },
            .text("Responsabile alla data", 24) { $0.manager ?? "" },
            .text("Calcolo", 44) { $0.score?.explanation ?? "" },
        ]
    }

    static func writeSummary(_ book: WorkbookWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: Looks) {
        let s = book.addSheet("Sintesi")
        s.setRow(0, height: 22)
        s.write(0, 0, .text("Monitoraggio della performance \(c.plan.year) – \(c.plan.ente)"), .title)
        s.write(1, 0, .text(card.isFinal ? "Data di riferimento: \(card.date.italian) (monitoraggio finale)"
            : "Stato di avanzamento al \(card.date.italian) (monitoraggio intermedio): percentuali sui target dell'anno, senza fasce; le criticità sono nel foglio «Criticità»"),
            FormatSpec(italic: true))
        let columns = summaryColumns(looks)
        let scoreColumn = index("Punteggio", in: columns)
        let round = c.roundAnomalies(card)
        // Ente: its problems are the schede's, counted apart from the plan's defects.
        let ente = SummaryRow(code: "ENTE", name: c.plan.ente, score: card.ente, indicatorsScored: card.indicators.filter(\.counts).count,
                              anomalies: { let t = Anomaly.tally(round); return t.errors + t.warnings }(), manager: nil)
        looks.bands(s, rows: s.block(columns, [ente], headerRow: 3), column: scoreColumn)
        var r = 6
        s.write(r, 0, .text("Settori"), FormatSpec(bold: true))
        let sectors = c.plan.sectors.map { sector -> SummaryRow in
            let files = Set(c.inputs.filter { $0.sectorCode == sector.code && $0.referenceDate == card.date }.map(\.name))
            let problems = Anomaly.tally(c.inputs.filter { files.contains($0.name) }.flatMap(\.anomalies))
            return SummaryRow(code: sector.code, name: sector.name, score: card.sector(sector.code),
                              indicatorsScored: card.indicators.filter { $0.indicator.sectorCode == sector.code && $0.counts }.count,
                              anomalies: problems.errors + problems.warnings,
                              manager: sector.manager(on: card.date)?.name ?? "non indicato nel piano")
        }
        let sectorRows = s.block(columns, sectors, headerRow: r + 1)
        looks.bands(s, rows: sectorRows, column: scoreColumn)
        r = (sectorRows?.upperBound ?? r + 1) + 1
        if !card.gaps.isEmpty {
            // Named, never 0: a settore without a valid scheda is out of every mean.
            s.write(r, 0, .text("Non valutabili (fuori da ogni media): " + card.gaps.map { "\($0.sectorCode) \($0.sectorName) — \($0.label)" }.joined(separator: "; ")),
                    FormatSpec(bold: true, fontColor: 0xC00000))
            r += 1
        }
        r += 1
        s.write(r, 0, .text("Linee strategiche"), FormatSpec(bold: true))
        let lineRows = s.block(columns, card.lines.map { SummaryRow(code: $0.id, name: $0.label, score: $0) }, headerRow: r + 1)
        looks.bands(s, rows: lineRows, column: scoreColumn)
        r = (lineRows?.upperBound ?? r + 1) + 2
        s.write(r, 0, .text(card.isFinal
            ? "Fasce: raggiunto ≥ \(Fmt.percent(c.settings.achievedThreshold)), parzialmente raggiunto ≥ \(Fmt.percent(c.settings.partialThreshold)), non raggiunto sotto. «non valutabile»: nessun indicatore valutabile."
            : "Monitoraggio intermedio: le percentuali misurano l'avanzamento verso i target dell'anno su ciò che è già dovuto; le fasce si applicano solo al monitoraggio finale."),
            FormatSpec(italic: true))
        r += 1
        let planDefects = Anomaly.tally(c.planAnomalies)
        s.write(r, 0, .text("Difetti del piano: \(planDefects.errors) errori e \(planDefects.warnings) avvisi (foglio «Difetti del piano»); problemi nelle schede di questa data: \(ente.anomalies ?? 0) (foglio «Anomalie»)."),
                FormatSpec(italic: true))
        // Charts under the tables, in the printed width, together on a page of their own: settori, then linee.
        let chartMax = max(1, c.settings.cap)
        s.pageBreak(before: r + 1)
        if let sectorRows {
            let chart = book.addChart(.bar)
            chart.addSeries(name: "Punteggio", sheet: "Sintesi", categories: (sectorRows.lowerBound, sectorRows.upperBound, 1),
                            values: (sectorRows.lowerBound, sectorRows.upperBound, scoreColumn))
            chart.labelLastSeries(format: "0.00%", pointColours: c.plan.sectors.map { looks.colour(card.sector($0.code)?.score) })
            chart.categoriesInTableOrder()
            chart.title((card.isFinal ? "Punteggio" : "Stato di avanzamento") + " per settore al \(card.date.italian)")
            chart.percentAxis(max: chartMax)
            chart.hideLegend()
            s.insert(chart, row: r + 2, column: 0, widthScale: 2, heightScale: 1.3)
        }
        if let lineRows {
            let chart = book.addChart(.bar)
            chart.addSeries(name: "Punteggio", sheet: "Sintesi", categories: (lineRows.lowerBound, lineRows.upperBound, 1),
                            values: (lineRows.lowerBound, lineRows.upperBound, scoreColumn))
            chart.labelLastSeries(format: "0.00%", pointColours: card.lines.map { looks.colour($0.score) })
            chart.categoriesInTableOrder()
            chart.title((card.isFinal ? "Punteggio" : "Stato di avanzamento") + " per linea strategica al \(card.date.italian)")
            chart.percentAxis(max: chartMax)
            chart.hideLegend()
            s.insert(chart, row: r + 23, column: 0, widthScale: 2, heightScale: 1.3)
        }
        if card.isFinal { s.activate() }
        s.printSetup(landscape: true, columns: columns.count)
    }

    // MARK: Obiettivi

    static func writeObjectives(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: Looks) {
        let whole = Dictionary(card.objectives.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let objectives = Dictionary(c.plan.objectives.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        /// "01-1@02": objective 01-1 as settore 02 pursues it.
        func parts(_ o: AggregateScore) -> (id: String, sector: String) {
            let p = o.id.split(separator: "@").map(String.init)
            return (p[0], p.count > 1 ? p[1] : "")
        }
        let columns: [Column<AggregateScore>] = [
            .text("ID", 9) { parts($0).id },
            .text("Settore", 8) { parts($0).sector },
            .text("Titolo", 38) { objectives[parts($0).id]?.title ?? $0.label },
            Column("Punteggio del settore", 11) { looks.score($0.score) },
            .text("Fascia", 13) { $0.band?.rawValue ?? "" },
            Column("Punteggio dell'obiettivo", 14) { looks.score(whole[parts($0).id]?.score) },
            Column("Indicatori valutati", 10) { looks.count($0.parts.count) },
            .text("Indicatori esclusi", 16) { $0.excluded.joined(separator: ", ") },
            .text("Calcolo", 40) { $0.explanation },
            .text("Rettifica", 22) { $0.override.map(\.decision) ?? "" },
            .text("Obiettivo strategico", 11, prints: false) { objectives[parts($0).id]?.strategicObjectiveCode ?? "" },
            .text("Linea", 7, prints: false) { objectives[parts($0).id].flatMap(c.plan.lineCode) ?? "" },
        ]
        let rows = s.table(columns, card.sectorObjectives)
        looks.bands(s, rows: rows, column: index("Punteggio del settore", in: columns))
        looks.bands(s, rows: rows, column: index("Punteggio dell'obiettivo", in: columns))
    }

    // MARK: Indicatori

    static func writeIndicators(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: Looks) {
        let columns: [Column<IndicatorScore>] = [
            .text("ID", 9) { $0.indicator.id },
            .text("Settore", 8) { $0.indicator.sectorCode },
            .text("Descrizione", 33) { $0.indicator.description },
            .text("Regola", 16) { $0.rule.name },
            Column("Baseline", 10) { quantity($0.indicator.baseline, looks, euro: isEuro($0.indicator)) },
            Column("Target", 10) { quantity($0.indicator.target, looks, euro: isEuro($0.indicator)) },
            Column("Valore rilevato", 11) { quantity($0.actual?.value, looks, euro: isEuro($0.indicator)) },
            Column("Raggiungimento", 15) { looks.ratio($0.achievement) },
            Column("Scostamento", 11) { deviation($0, looks) },
            .text("Stato", 13) { status($0.status) },
            .text("Calcolo", 40) { $0.explanation },
            // On screen only: the detail behind each figure.
            .text("Obiettivo", 9, prints: false) { $0.indicator.objectiveID },
            .text("Misura", 12, prints: false) { $0.indicator.measure?.rawValue ?? "non indicata" },
            .text("Valore come scritto", 14, prints: false) { $0.actual?.rawText ?? "" },
            Column("Raggiungimento senza limite", 12, prints: false) { looks.ratio($0.rawAchievement) },
            .text("Note", 30, prints: false) { $0.actual?.note ?? "" },
            .text("Motivazione scostamento", 36, prints: false) { $0.actual?.deviationReason ?? "" },
            .text("Rettifica", 30, prints: false) { $0.override.map(\.decision) ?? "" },
            .text("File", 40, prints: false) { $0.inputs.first?.file ?? "" },
            .text("Foglio", 11, prints: false) { $0.inputs.first?.sheet ?? "" },
            .text("Cella", 7, prints: false) { $0.inputs.first?.cell ?? "" },
        ]
        let rows = s.table(columns, card.indicators)
        looks.bands(s, rows: rows, column: index("Raggiungimento", in: columns))
    }

    static func status(_ status: IndicatorScore.Status) -> String {
        switch status {
        case .scored: return "valutato"
        case .forced: return "forzato (rettifica)"
        case .notScorable: return "non valutabile"
        case .notDue: return "non ancora dovuto"
        case .reachedEarly: return "raggiunto in anticipo"
        case .neutralized: return "neutralizzato (rettifica)"
        case .noSubmission(let why): return "non valutabile — \(why)"
        }
    }

    /// Amounts in euro: the plan speaks of € or euro (e.g. 03-1.1's morosità, 01-3.5's savings).
    /// "€" or "euro" (any case) in the description. A plain byte loop: `lowercased()` and the
    /// generic `firstRange(of:)` once cost a tenth of a whole night (three cells a row, two workbooks).
    static func isEuro(_ ind: Indicator) -> Bool {
        var description = ind.description
        return description.withUTF8 { b in
            var i = 0
            while i < b.count {
                if b[i] == 0xE2, i + 2 < b.count, b[i + 1] == 0x82, b[i + 2] == 0xAC { return true }
                // `| 0x20` turns an ASCII capital into its small letter, and no other byte into these four.
                if b[i] | 0x20 == 0x65, i + 3 < b.count, b[i + 1] | 0x20 == 0x75, b[i + 2] | 0x20 == 0x72, b[i + 3] | 0x20 == 0x6F { return true }
                i += 1
            }
            return false
        }
    }

    static func quantity(_ q: Quantity?, _ looks: Looks, euro: Bool = false) -> (CellContent, FormatSpec) {
        switch q {
        case .number(let v)?: return (.number(v), euro ? looks.euro : looks.number)
        case .percent(let v)?: return (.number(v), looks.percent)
        case .date(let d)?: return (.date(d), looks.date)
        case .yesNo(let b)?: return (.text(b ? "SI" : "NO"), looks.text)
        case nil: return (.blank, looks.text)
        }
    }

    /// The *scostamento*, defined per rule (README, "Scostamento"): what a reader
    /// can compare — never an amount minus a percentage.
    static func deviation(_ score: IndicatorScore, _ looks: Looks) -> (CellContent, FormatSpec) {
        let points = FormatSpec(numberFormat: "+0.00%;-0.00%;0%", border: true)
        let none: (CellContent, FormatSpec) = (.blank, looks.text)
        let ind = score.indicator
        let actual = score.actual?.value
        /// Consuntivo − target, in the target's unit (percentage points for a percentage).
        func difference() -> (CellContent, FormatSpec) {
            guard let a = actual?.numeric, let t = ind.target?.numeric else { return none }
            if case .percent? = ind.target { return (.number(a - t), points) }
            return (.number(a - t), isEuro(ind) ? looks.euro : looks.number)
        }
        switch score.rule {
        case .phases:
            // Phases due and not respected (the declared value's difference when the plan lists no phases).
            if let n = score.phasesNotRespected { return (.number(Double(n)), FormatSpec(numberFormat: "0\" fasi\"", border: true)) }
            return difference()
        case .yesNo:
            if case .yesNo(let a)? = actual, case .yesNo(let t)? = ind.target { return (.text(a == t ? "conforme" : "non conforme"), looks.text) }
            return none
        case .date:
            // Days late, negative when early.
            if case .date(let a)? = actual, case .date(let t)? = ind.target {
                return (.number(Double(a - t)), FormatSpec(numberFormat: "+0\" gg\";-0\" gg\";0\" gg\"", border: true))
            }
            return none
        case .changeOverBaseline(let reduction):
            // Achieved change − target change, in percentage points.
            if case .number(let a)? = actual, let b = ind.baseline?.numeric, b != 0, let t = ind.target?.numeric {
                let achieved = reduction ? (b - a) / b : (a - b) / b
                return (.number(achieved - abs(t)), points)
            }
            return none
        case .ratio, .increaseOverBaseline, .lowerWithBaseline, .lowerWithoutBaseline, .zeroIndex:
            return difference()
        case .notScorable:
            return none
        }
    }

    // MARK: Fasi

    /// One phase as one settore declared it (an intersectoral objective's phases are declared by each settore).
    struct PhaseRow {
        let phase: Phase
        let sector: String
        let report: PhaseReport?
        let file: String
    }

    static func writePhases(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard) {
        let submissions = c.inputs.filter { $0.outcome == .accepted && $0.referenceDate == card.date }.compactMap(\.submission)
        var rows: [PhaseRow] = []
        for phase in c.plan.phases {
            let reporters = Set(c.plan.indicators(of: phase.objectiveID).map(\.sectorCode)).union([c.plan.objective(phase.objectiveID)?.sectorCode ?? ""])
            for sector in reporters.sorted() where !sector.isEmpty {
                let sub = submissions.first { $0.sectorCode == sector }
                let report = sub?.phases.first { $0.objectiveID == phase.objectiveID && $0.number == phase.number }
                guard sub != nil || sector == c.plan.objective(phase.objectiveID)?.sectorCode else { continue }
                rows.append(PhaseRow(phase: phase, sector: sector, report: report, file: sub?.fileName ?? ""))
            }
        }
        let columns: [Column<PhaseRow>] = [
            .text("ID obiettivo", 10) { $0.phase.objectiveID },
            Column("N", 5) { (.number(Double($0.phase.number)), .integer) },
            .text("Descrizione", 44) { $0.phase.description },
            Column("Inizio", 11) { ($0.phase.start.map { .date($0) } ?? .text("non valida"), .date) },
            Column("Fine", 11) { ($0.phase.end.map { .date($0) } ?? .text("non valida"), .date) },
            .text("Settore", 8) { $0.sector },
            .text("Stato dichiarato", 13) { $0.report?.state?.rawValue ?? "non dichiarato" },
            Column("Data completamento", 12) { ($0.report?.completedOn.map { .date($0) } ?? .blank, .date) },
            .text("Esito al \(card.date.italian)", 20) { outcome($0.phase, $0.report, card.date) },
            .text("Note", 28) { $0.report?.note ?? "" },
            .text("File", 40, prints: false) { $0.file },
            .text("Cella", 7, prints: false) { $0.report?.source.cell ?? "" },
        ]
        s.table(columns, rows)
    }

    static func outcome(_ phase: Phase, _ report: PhaseReport?, _ date: CalendarDate) -> String {
        guard let end = phase.end else { return "esclusa: fine non valida nel piano" }
        guard end <= date else { return "non ancora dovuta" }
        guard report?.state == .completed else { return "non completata: non rispettata" }
        guard let on = report?.completedOn else { return "completata senza data: non verificabile" }
        return on <= end ? "rispettata" : "in ritardo di \(on - end) giorni"
    }

    // MARK: Dipendenti

    static func writeEmployees(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: Looks) {
        let category = Dictionary(c.plan.participations.map { ($0.name, $0.category) }, uniquingKeysWith: { a, _ in a })
        let columns: [Column<AggregateScore>] = [
            .text("Nome", 28) { $0.id },
            .text("Categoria", 10) { category[$0.id] ?? "" },
            .text("Obiettivi", 28) { ($0.parts.map(\.id) + $0.excluded).sorted().joined(separator: ", ") },
            Column("Punteggio", 12) { looks.score($0.score) },
            .text("Fascia", 14) { $0.band?.rawValue ?? "" },
            .text("Calcolo", 60) { $0.explanation },
        ]
        looks.bands(s, rows: s.table(columns, card.employees), column: index("Punteggio", in: columns))
    }

    // MARK: Anomalie

    /// The columns of a list of problems; `file: false` for the plan's, whose file is one.
    static func anomalyColumns(file: Bool) -> [Column<Anomaly>] {
        (file ? [.text("File", 36) { $0.file }] : []) + [
            .text("Foglio", 12) { $0.sheet ?? "" },
            .text("Cella", 7) { $0.cell ?? "" },
            .text("Gravità", 8) { $0.severity.rawValue },
            .text("Problema", 22) { $0.kind.label },
            .text("Descrizione", file ? 80 : 100) { $0.message },
            .text("Codice", 20, prints: false) { $0.code },
        ]
    }

    /// This round's problems: its files', and the scoring's.
    static func writeAnomalies(_ s: SheetWriter, _ anomalies: [Anomaly]) {
        s.table(anomalyColumns(file: true), anomalies)
    }

    /// The plan's defects, once, apart from the schede's problems.
    static func writePlanDefects(_ s: SheetWriter, _ anomalies: [Anomaly]) {
        s.table(anomalyColumns(file: false), anomalies)
    }

    // MARK: Storico

    static func writeHistory(_ book: WorkbookWriter, _ c: Consolidation, _ looks: Looks) {
        let s = book.addSheet("Storico")
        let columns: [Column<ScoreCard>] = [
            Column("Data", 11) { (.date($0.date), looks.date) },
            Column("Ente", 10) { looks.ratio($0.ente.score) },
        ] + c.plan.sectors.map { sector in Column("\(sector.code) \(sector.name)", 15) { looks.ratio($0.sector(sector.code)?.score) } }
        s.table(columns, c.cards)
        guard !c.cards.isEmpty else { return }
        var chartRow = c.cards.count + 3
        if !c.earlierYears.isEmpty {
            // The same codes in earlier years' final rounds: a carried objective keeps its history.
            let years = Array(Set(c.earlierYears.map(\.year))).sorted()
            let score = Dictionary(c.earlierYears.map { (EarlierKey(kind: $0.kind, id: $0.id, year: $0.year), $0.score) }, uniquingKeysWith: { first, _ in first })
            let final = c.cards.first(where: \.isFinal)
            var rows = [EarlierRow(kind: "ente", id: "ENTE", label: c.plan.ente, now: final?.ente.score)]
            rows += c.plan.sectors.map { EarlierRow(kind: "settore", id: $0.code, label: $0.name, now: final?.sector($0.code)?.score) }
            rows += c.plan.objectives.filter { o in years.contains { score[EarlierKey(kind: "obiettivo", id: o.id, year: $0)] != nil } }
                .map { EarlierRow(kind: "obiettivo", id: $0.id, label: $0.title, now: final?.objective($0.id)?.score) }
            let top = c.cards.count + 2
            s.write(top, 0, .text("Punteggi finali degli anni precedenti, per gli stessi codici del piano \(c.plan.year)"), FormatSpec(bold: true))
            let earlier: [Column<EarlierRow>] = [
                .text("Codice", 11) { $0.id },
                .text("Nome", 40) { $0.label },
            ] + years.map { year in
                Column("\(year) (finale)", 13) { row in
                    guard let value = score[EarlierKey(kind: row.kind, id: row.id, year: year)] else { return (.text("—"), looks.text) }
                    return looks.score(value)
                }
            } + [Column("\(c.plan.year) (finale)", 13) { row in final == nil ? (.text("non ancora"), looks.text) : looks.score(row.now) }]
            let written = s.block(earlier, rows, headerRow: top + 1)
            chartRow = (written?.upperBound ?? top + 1) + 3
            // The block widened the name column: the page's scale is computed again.
            s.printSetup(repeatRows: 0...0, columns: max(columns.count, earlier.count))
        }
        let chart = book.addChart(.line)
        for (j, sector) in c.plan.sectors.enumerated() {
            chart.addSeries(name: "\(sector.code) \(sector.name)", sheet: "Storico", categories: (1, c.cards.count, 0), values: (1, c.cards.count, j + 2))
        }
        chart.addSeries(name: "Ente", sheet: "Storico", categories: (1, c.cards.count, 0), values: (1, c.cards.count, 1))
        chart.title("Andamento dei punteggi per settore")
        chart.dateCategories()
        chart.percentAxis(max: max(1, c.settings.cap))
        chart.legendBottom()
        s.insert(chart, row: chartRow, column: 0, widthScale: 2.1, heightScale: 1.6)
    }

    /// A row of Storico's earlier years: the ente, a settore or an objective, with this year's final score.
    struct EarlierRow {
        let kind: String, id: String, label: String
        let now: Double?
    }

    struct EarlierKey: Hashable {
        let kind: String, id: String
        let year: Int
    }

    // MARK: Criticità

    /// At an intermediate date: what will cost points if nothing changes, settore by settore.
    static func writeCriticalities(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard) {
        s.setRow(0, height: 22)
        s.write(0, 0, .text("Criticità al \(card.date.italian) – \(c.plan.ente)"), .title)
        s.write(1, 0, .text(card.criticalities.isEmpty ? "Nessuna criticità rilevata nelle schede ricevute."
            : "\(card.criticalities.count) criticità: fasi scadute non completate, scadenze passate non raggiunte, valori mancanti, valori peggiori della baseline."),
            FormatSpec(italic: true))
        var r = 2
        if !card.gaps.isEmpty {
            s.write(r, 0, .text("Schede mancanti o rifiutate (settori non valutabili): " + card.gaps.map { "\($0.sectorCode) \($0.sectorName) — \($0.label)" }.joined(separator: "; ")),
                    FormatSpec(bold: true, fontColor: 0xC00000))
            r += 1
        }
        let columns: [Column<Criticality>] = [
            .text("Settore", 8) { $0.sectorCode },
            .text("Criticità", 24) { $0.kind.rawValue },
            .text("Elemento", 11) { $0.item },
            .text("Descrizione", 84) { $0.message },
            .text("Foglio", 11) { $0.source?.sheet ?? "" },
            .text("Cella", 7) { $0.source?.cell ?? "" },
        ]
        s.table(columns, card.criticalities, headerRow: r + 1)
        s.activate()
    }

    // MARK: Fonti

    static func writeSources(_ s: SheetWriter, _ c: Consolidation) {
        let columns: [Column<InputFile>] = [
            .text("File", 40) { $0.name },
            .text("Ruolo", 12) { $0.outcome == .plan ? "piano" : "monitoraggio" },
            .text("Settore", 8) { $0.sectorCode ?? "" },
            Column("Data di riferimento", 11) { ($0.referenceDate.map { .date($0) } ?? .blank, .date) },
            .text("Compilato da", 20) { $0.compiledBy },
            Column("Compilato il", 11) { ($0.compiledOn.map { .date($0) } ?? .blank, .date) },
            .text("Esito", 11) { $0.outcome == .plan ? "letto" : $0.outcome.rawValue },
            .text("Motivo", 40) { $0.reason ?? "" },
            Column("Arrivo n.", 8) { ($0.arrival.map { .number(Double($0)) } ?? .blank, .number) },
            .text("Salvato il", 16) { $0.savedAtText ?? "" },
            .text("SHA-256", 66, prints: false) { $0.sha256 },
        ]
        s.table(columns, [c.planFile] + c.inputs)
    }
}
