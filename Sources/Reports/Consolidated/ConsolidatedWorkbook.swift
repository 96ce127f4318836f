import Foundation
import PerformanceModel
import Scoring
import XLSXWriter

/// The internal consolidated workbook for one monitoring date (DESIGN §6):
/// Sintesi (with charts), Obiettivi, Indicatori, Fasi, Dipendenti,
/// Anomalie, Storico (with a line chart), Fonti. Every score sits beside
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
                                date: "al \(card.date.italian)")
        let looks = Looks(settings: c.settings, isFinal: card.isFinal)
        // An intermediate round leads with what needs attention, not with scores.
        if !card.isFinal { writeCriticalities(book.addSheet("Criticità"), c, card) }
        writeSummary(book, c, card, looks)
        writeObjectives(book.addSheet("Obiettivi"), c, card, looks)
        writeIndicators(book.addSheet("Indicatori"), c, card, looks)
        writePhases(book.addSheet("Fasi"), c, card)
        writeEmployees(book.addSheet("Dipendenti"), c, card, looks)
        writeAnomalies(book.addSheet("Anomalie"), c.anomalies(upTo: card).filter { a in
            // Only this date's files, besides the plan's own anomalies.
            a.file == c.planFile.name || c.inputs.contains { $0.name == a.file && ($0.referenceDate == nil || $0.referenceDate == card.date) }
        })
        writeHistory(book, c, looks)
        writeSources(book.addSheet("Fonti"), c)
        try book.close()
    }

    /// Shared formats and the band colours from the settings.
    struct Looks {
        let settings: ScoringSettings
        /// Band colours judge the year: only at the final date.
        var isFinal = true
        let percent = FormatSpec(numberFormat: "0.0%", border: true)
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

        func bands(_ sheet: SheetWriter, rows: ClosedRange<Int>, column: Int) {
            guard isFinal else { return }
            sheet.colourBands(firstRow: rows.lowerBound, lastRow: rows.upperBound, column: column,
                              achieved: settings.achievedThreshold, partial: settings.partialThreshold)
        }
    }

    /// Headers in row `row`, widths, frozen and filtered header, landscape print.
    static func table(_ s: SheetWriter, headers: [(String, Double)], row: Int = 0, rows: Int) {
        for (c, (h, w)) in headers.enumerated() {
            s.write(row, c, .text(h), .header)
            s.setColumn(c, c, width: w)
        }
        s.freezePanes(rows: row + 1)
        s.autofilter(firstRow: row, lastRow: row + rows, firstColumn: 0, lastColumn: headers.count - 1)
        s.printSetup(repeatRows: row...row)
    }

    static func score(_ s: SheetWriter, _ r: Int, _ c: Int, _ value: Double?, _ looks: Looks) {
        s.write(r, c, value.map { .number($0) } ?? .text("non valutabile"), value == nil ? looks.text : looks.percent)
    }

    // MARK: Sintesi

    static func writeSummary(_ book: WorkbookWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: Looks) {
        let s = book.addSheet("Sintesi")
        s.setRow(0, height: 22)
        s.write(0, 0, .text("Monitoraggio della performance \(c.plan.year) – \(c.plan.ente)"), .title)
        s.write(1, 0, .text(card.isFinal ? "Data di riferimento: \(card.date.italian) (monitoraggio finale)"
            : "Stato di avanzamento al \(card.date.italian) (monitoraggio intermedio): percentuali sui target dell'anno, senza fasce; le criticità sono nel foglio «Criticità»"),
            FormatSpec(italic: true))
        let headers: [(String, Double)] = [("Codice", 9), ("Nome", 46), ("Punteggio", 12), ("Fascia", 22), ("Obiettivi valutati", 12), ("Indicatori valutati", 12), ("Anomalie", 10), ("Responsabile alla data", 30)]
        // Ente
        var r = 3
        for (col, (h, w)) in headers.enumerated() { s.write(r, col, .text(h), .header); s.setColumn(col, col, width: w) }
        r += 1
        let counted = card.indicators.filter(\.counts).count
        s.write(r, 0, .text("ENTE"), looks.text)
        s.write(r, 1, .text(c.plan.ente), looks.text)
        score(s, r, 2, card.ente.score, looks)
        s.write(r, 3, .text(card.ente.band?.rawValue ?? ""), looks.text)
        s.write(r, 4, .number(Double(card.ente.parts.count)), looks.number)
        s.write(r, 5, .number(Double(counted)), looks.number)
        s.write(r, 6, .number(Double({ let t = Anomaly.tally(c.anomalies(upTo: card)); return t.errors + t.warnings }())), looks.number)
        looks.bands(s, rows: r...r, column: 2)
        // Settori
        r += 2
        s.write(r, 0, .text("Settori"), FormatSpec(bold: true))
        r += 1
        for (col, (h, _)) in headers.enumerated() { s.write(r, col, .text(h), .header) }
        let sectorStart = r + 1
        for sector in c.plan.sectors {
            r += 1
            let score = card.sector(sector.code)
            s.write(r, 0, .text(sector.code), looks.text)
            s.write(r, 1, .text(sector.name), looks.text)
            self.score(s, r, 2, score?.score, looks)
            s.write(r, 3, .text(score?.band?.rawValue ?? ""), looks.text)
            s.write(r, 4, .number(Double(score?.parts.count ?? 0)), looks.number)
            s.write(r, 5, .number(Double(card.indicators.filter { $0.indicator.sectorCode == sector.code && $0.counts }.count)), looks.number)
            let files = Set(c.inputs.filter { $0.sectorCode == sector.code && $0.referenceDate == card.date }.map(\.name))
            s.write(r, 6, .number(Double({ let t = Anomaly.tally(c.inputs.filter { files.contains($0.name) }.flatMap(\.anomalies)); return t.errors + t.warnings }())), looks.number)
            let manager = sector.manager(on: card.date)
            s.write(r, 7, .text(manager?.name ?? "non indicato nel piano"), looks.text)
        }
        let sectorEnd = r
        looks.bands(s, rows: sectorStart...sectorEnd, column: 2)
        if !card.gaps.isEmpty {
            // Named, never 0: a settore without a valid scheda is out of every mean.
            r += 1
            s.write(r, 0, .text("Non valutabili (fuori da ogni media): " + card.gaps.map { "\($0.sectorCode) \($0.sectorName) — \($0.label)" }.joined(separator: "; ")),
                    FormatSpec(bold: true, fontColor: 0xC00000))
        }
        // Linee
        r += 2
        s.write(r, 0, .text("Linee strategiche"), FormatSpec(bold: true))
        r += 1
        for (col, (h, _)) in headers.prefix(5).enumerated() { s.write(r, col, .text(h), .header) }
        let lineStart = r + 1
        for line in card.lines {
            r += 1
            s.write(r, 0, .text(line.id), looks.text)
            s.write(r, 1, .text(line.label), looks.text)
            score(s, r, 2, line.score, looks)
            s.write(r, 3, .text(line.band?.rawValue ?? ""), looks.text)
            s.write(r, 4, .number(Double(line.parts.count)), looks.number)
        }
        let lineEnd = r
        looks.bands(s, rows: lineStart...lineEnd, column: 2)
        // Charts: settori and linee.
        let chartMax = max(1, c.settings.cap)
        let sectors = book.addChart(.bar)
        sectors.addSeries(name: "Punteggio", sheet: "Sintesi", categories: (sectorStart, sectorEnd, 1), values: (sectorStart, sectorEnd, 2))
        sectors.labelLastSeries(format: "0.0%", pointColours: c.plan.sectors.map { looks.colour(card.sector($0.code)?.score) })
        sectors.categoriesInTableOrder()
        sectors.title((card.isFinal ? "Punteggio" : "Stato di avanzamento") + " per settore al \(card.date.italian)")
        sectors.percentAxis(max: chartMax)
        sectors.hideLegend()
        s.insert(sectors, row: 3, column: 9, widthScale: 1.5, heightScale: 1.3)
        let lines = book.addChart(.bar)
        lines.addSeries(name: "Punteggio", sheet: "Sintesi", categories: (lineStart, lineEnd, 1), values: (lineStart, lineEnd, 2))
        lines.labelLastSeries(format: "0.0%", pointColours: card.lines.map { looks.colour($0.score) })
        lines.categoriesInTableOrder()
        lines.title((card.isFinal ? "Punteggio" : "Stato di avanzamento") + " per linea strategica al \(card.date.italian)")
        lines.percentAxis(max: chartMax)
        lines.hideLegend()
        s.insert(lines, row: 23, column: 9, widthScale: 1.5, heightScale: 1.3)
        s.write(r + 2, 0, .text(card.isFinal
            ? "Fasce: raggiunto ≥ \(Fmt.percent(c.settings.achievedThreshold)), parzialmente raggiunto ≥ \(Fmt.percent(c.settings.partialThreshold)), non raggiunto sotto. «non valutabile»: nessun indicatore valutabile."
            : "Monitoraggio intermedio: le percentuali misurano l'avanzamento verso i target dell'anno su ciò che è già dovuto; le fasce si applicano solo al monitoraggio finale."),
            FormatSpec(italic: true))
        if card.isFinal { s.activate() }
        s.printSetup()
    }

    // MARK: Obiettivi

    static func writeObjectives(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: Looks) {
        let headers: [(String, Double)] = [("ID", 9), ("Settore", 8), ("Titolo", 50), ("Obiettivo strategico", 11), ("Linea", 7), ("Punteggio del settore", 12),
                                           ("Fascia", 20), ("Punteggio dell'obiettivo", 12), ("Indicatori valutati", 11), ("Indicatori esclusi", 24), ("Calcolo", 60), ("Rettifica", 40)]
        let line = Dictionary(uniqueKeysWithValues: c.plan.strategicObjectives.map { ($0.code, $0.lineCode) })
        let whole = Dictionary(uniqueKeysWithValues: card.objectives.map { ($0.id, $0) })
        let objectives = Dictionary(uniqueKeysWithValues: c.plan.objectives.map { ($0.id, $0) })
        let rows = card.sectorObjectives
        table(s, headers: headers, rows: rows.count)
        for (i, o) in rows.enumerated() {
            let r = i + 1
            let parts = o.id.split(separator: "@").map(String.init)
            let objective = objectives[parts[0]]
            s.write(r, 0, .text(parts[0]), looks.text)
            s.write(r, 1, .text(parts.count > 1 ? parts[1] : ""), looks.text)
            s.write(r, 2, .text(objective?.title ?? o.label), looks.text)
            s.write(r, 3, .text(objective?.strategicObjectiveCode ?? ""), looks.text)
            s.write(r, 4, .text(objective.flatMap { line[$0.strategicObjectiveCode] } ?? ""), looks.text)
            score(s, r, 5, o.score, looks)
            s.write(r, 6, .text(o.band?.rawValue ?? ""), looks.text)
            score(s, r, 7, whole[parts[0]]?.score, looks)
            s.write(r, 8, .number(Double(o.parts.count)), looks.number)
            s.write(r, 9, .text(o.excluded.joined(separator: ", ")), looks.text)
            s.write(r, 10, .text(o.explanation), looks.text)
            s.write(r, 11, .text(o.override.map { "\($0.reason) (\($0.author))" } ?? ""), looks.text)
            s.fitRow(r, [(objective?.title ?? "", 50), (o.explanation, 60), (o.excluded.joined(separator: ", "), 24)])
        }
        if !rows.isEmpty {
            looks.bands(s, rows: 1...rows.count, column: 5)
            looks.bands(s, rows: 1...rows.count, column: 7)
        }
    }

    // MARK: Indicatori

    static func writeIndicators(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard, _ looks: Looks) {
        let headers: [(String, Double)] = [
            ("ID", 9), ("Obiettivo", 9), ("Settore", 8), ("Descrizione", 50), ("Misura", 12), ("Regola", 24), ("Baseline", 11), ("Target", 11),
            ("Valore rilevato", 12), ("Valore come scritto", 14), ("Raggiungimento", 12), ("Raggiungimento senza limite", 12), ("Scostamento", 12),
            ("Stato", 16), ("Calcolo", 55), ("Note", 30), ("Motivazione scostamento", 36), ("Rettifica", 30), ("File", 40), ("Foglio", 11), ("Cella", 7),
        ]
        table(s, headers: headers, rows: card.indicators.count)
        for (i, score) in card.indicators.enumerated() {
            let r = i + 1
            let ind = score.indicator
            s.write(r, 0, .text(ind.id), looks.text)
            s.write(r, 1, .text(ind.objectiveID), looks.text)
            s.write(r, 2, .text(ind.sectorCode), looks.text)
            s.write(r, 3, .text(ind.description), looks.text)
            s.write(r, 4, .text(ind.measure?.rawValue ?? "non indicata"), looks.text)
            s.write(r, 5, .text(score.rule.name), looks.text)
            let euro = isEuro(ind)
            quantity(s, r, 6, ind.baseline, looks, euro: euro)
            quantity(s, r, 7, ind.target, looks, euro: euro)
            quantity(s, r, 8, score.actual?.value, looks, euro: euro)
            s.write(r, 9, .text(score.actual?.rawText ?? ""), looks.text)
            s.write(r, 10, score.achievement.map { .number($0) } ?? .blank, looks.percent)
            s.write(r, 11, score.rawAchievement.map { .number($0) } ?? .blank, looks.percent)
            deviation(s, r, 12, score, looks)
            s.write(r, 13, .text(status(score.status)), looks.text)
            s.write(r, 14, .text(score.explanation), looks.text)
            s.write(r, 15, .text(score.actual?.note ?? ""), looks.text)
            s.write(r, 16, .text(score.actual?.deviationReason ?? ""), looks.text)
            s.write(r, 17, .text(score.override.map { "\($0.reason) (\($0.author))" } ?? ""), looks.text)
            let source = score.inputs.first
            s.write(r, 18, .text(source?.file ?? ""), looks.text)
            s.write(r, 19, .text(source?.sheet ?? ""), looks.text)
            s.write(r, 20, .text(source?.cell ?? ""), looks.text)
            s.fitRow(r, [(ind.description, 50), (score.explanation, 55), (score.actual?.deviationReason ?? "", 36), (score.actual?.note ?? "", 30)])
        }
        if !card.indicators.isEmpty { looks.bands(s, rows: 1...card.indicators.count, column: 10) }
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
    static func isEuro(_ ind: Indicator) -> Bool {
        // Byte search: Foundation's `contains` costs more than the whole row.
        let d = ind.description.lowercased().utf8
        return d.firstRange(of: "€".utf8) != nil || d.firstRange(of: "euro".utf8) != nil
    }

    static func quantity(_ s: SheetWriter, _ r: Int, _ c: Int, _ q: Quantity?, _ looks: Looks, euro: Bool = false) {
        switch q {
        case .number(let v)?: s.write(r, c, .number(v), euro ? looks.euro : looks.number)
        case .percent(let v)?: s.write(r, c, .number(v), looks.percent)
        case .date(let d)?: s.write(r, c, .date(d), looks.date)
        case .yesNo(let b)?: s.write(r, c, .text(b ? "SI" : "NO"), looks.text)
        case nil: s.write(r, c, .blank, looks.text)
        }
    }

    /// Actual minus target, in the target's unit (days for dates).
    /// The *scostamento*, defined per rule (README, "Scostamento"): what a reader
    /// can compare — never an amount minus a percentage.
    static func deviation(_ s: SheetWriter, _ r: Int, _ c: Int, _ score: IndicatorScore, _ looks: Looks) {
        let points = FormatSpec(numberFormat: "+0.0%;-0.0%;0%", border: true)
        let ind = score.indicator
        let actual = score.actual?.value
        /// Consuntivo − target, in the target's unit (percentage points for a percentage).
        func difference() {
            guard let a = actual?.numeric, let t = ind.target?.numeric else { s.write(r, c, .blank, looks.text); return }
            if case .percent? = ind.target { s.write(r, c, .number(a - t), points) }
            else { s.write(r, c, .number(a - t), isEuro(ind) ? looks.euro : looks.number) }
        }
        switch score.rule {
        case .phases:
            // Phases due and not respected (the declared value's difference when the plan lists no phases).
            if let n = score.phasesNotRespected { s.write(r, c, .number(Double(n)), FormatSpec(numberFormat: "0\" fasi\"", border: true)) }
            else { difference() }
        case .yesNo:
            if case .yesNo(let a)? = actual, case .yesNo(let t)? = ind.target { s.write(r, c, .text(a == t ? "conforme" : "non conforme"), looks.text) }
            else { s.write(r, c, .blank, looks.text) }
        case .date:
            // Days late, negative when early.
            if case .date(let a)? = actual, case .date(let t)? = ind.target {
                s.write(r, c, .number(Double(a - t)), FormatSpec(numberFormat: "+0\" gg\";-0\" gg\";0\" gg\"", border: true))
            } else { s.write(r, c, .blank, looks.text) }
        case .changeOverBaseline(let reduction):
            // Achieved change − target change, in percentage points.
            if case .number(let a)? = actual, let b = ind.baseline?.numeric, b != 0, let t = ind.target?.numeric {
                let achieved = reduction ? (b - a) / b : (a - b) / b
                s.write(r, c, .number(achieved - abs(t)), points)
            } else { s.write(r, c, .blank, looks.text) }
        case .ratio, .increaseOverBaseline, .lowerWithBaseline, .lowerWithoutBaseline, .zeroIndex:
            difference()
        case .notScorable:
            s.write(r, c, .blank, looks.text)
        }
    }

    // MARK: Fasi

    static func writePhases(_ s: SheetWriter, _ c: Consolidation, _ card: ScoreCard) {
        let headers: [(String, Double)] = [("ID obiettivo", 10), ("N", 5), ("Descrizione", 50), ("Inizio", 11), ("Fine", 11), ("Settore", 8),
                                           ("Stato dichiarato", 14), ("Data completamento", 12), ("Esito al \(card.date.italian)", 22), ("Note", 30), ("File", 40), ("Cella", 7)]
        let submissions = c.inputs.filter { $0.outcome == .accepted && $0.referenceDate == card.date }.compactMap(\.submission)
        // One row per phase and reporting settore (an intersectoral objective's phases are declared by each settore).
        var rows: [(Phase, String, PhaseReport?, String)] = []
        for phase in c.plan.phases {
            let reporters = Set(c.plan.indicators(of: phase.objectiveID).map(\.sectorCode)).union([c.plan.objective(phase.objectiveID)?.sectorCode ?? ""])
            for sector in reporters.sorted() where !sector.isEmpty {
                let sub = submissions.first { $0.sectorCode == sector }
                let report = sub?.phases.first { $0.objectiveID == phase.objectiveID && $0.number == phase.number }
                guard sub != nil || sector == c.plan.objective(phase.objectiveID)?.sectorCode else { continue }
                rows.append((phase, sector, report, sub?.fileName ?? ""))
            }
        }
        table(s, headers: headers, rows: rows.count)
        for (i, (phase, sector, report, file)) in rows.enumerated() {
            let r = i + 1
            s.write(r, 0, .text(phase.objectiveID), .text)
            s.write(r, 1, .number(Double(phase.number)), .integer)
            s.write(r, 2, .text(phase.description), .text)
            s.write(r, 3, phase.start.map { .date($0) } ?? .text("non valida"), .date)
            s.write(r, 4, phase.end.map { .date($0) } ?? .text("non valida"), .date)
            s.write(r, 5, .text(sector), .text)
            s.write(r, 6, .text(report?.state?.rawValue ?? "non dichiarato"), .text)
            s.write(r, 7, report?.completedOn.map { .date($0) } ?? .blank, .date)
            s.write(r, 8, .text(outcome(phase, report, card.date)), .text)
            s.write(r, 9, .text(report?.note ?? ""), .text)
            s.write(r, 10, .text(file), .text)
            s.write(r, 11, .text(report?.source.cell ?? ""), .text)
            s.fitRow(r, [(phase.description, 50), (report?.note ?? "", 30)])
        }
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
        let headers: [(String, Double)] = [("Nome", 30), ("Categoria", 10), ("Obiettivi", 30), ("Punteggio", 12), ("Fascia", 20), ("Calcolo", 60)]
        table(s, headers: headers, rows: card.employees.count)
        let category = Dictionary(c.plan.participations.map { ($0.name, $0.category) }, uniquingKeysWith: { a, _ in a })
        for (i, e) in card.employees.enumerated() {
            let r = i + 1
            s.write(r, 0, .text(e.id), looks.text)
            s.write(r, 1, .text(category[e.id] ?? ""), looks.text)
            s.write(r, 2, .text((e.parts.map(\.id) + e.excluded).sorted().joined(separator: ", ")), looks.text)
            score(s, r, 3, e.score, looks)
            s.write(r, 4, .text(e.band?.rawValue ?? ""), looks.text)
            s.write(r, 5, .text(e.explanation), looks.text)
        }
        if !card.employees.isEmpty { looks.bands(s, rows: 1...card.employees.count, column: 3) }
    }

    // MARK: Anomalie

    static func writeAnomalies(_ s: SheetWriter, _ anomalies: [Anomaly]) {
        let headers: [(String, Double)] = [("File", 44), ("Foglio", 14), ("Cella", 8), ("Gravità", 9), ("Codice", 22), ("Messaggio", 90)]
        table(s, headers: headers, rows: anomalies.count)
        for (i, a) in anomalies.enumerated() {
            let r = i + 1
            s.write(r, 0, .text(a.file), .text)
            s.write(r, 1, .text(a.sheet ?? ""), .text)
            s.write(r, 2, .text(a.cell ?? ""), .text)
            s.write(r, 3, .text(a.severity.rawValue), .text)
            s.write(r, 4, .text(a.code), .text)
            s.write(r, 5, .text(a.message), .text)
            s.fitRow(r, [(a.message, 90)])
        }
    }

    // MARK: Storico

    static func writeHistory(_ book: WorkbookWriter, _ c: Consolidation, _ looks: Looks) {
        let s = book.addSheet("Storico")
        let columns = [("Data", 12.0), ("Ente", 10.0)] + c.plan.sectors.map { ("\($0.code) \($0.name)", 14.0) }
        table(s, headers: columns, rows: c.cards.count)
        for (i, card) in c.cards.enumerated() {
            let r = i + 1
            s.write(r, 0, .date(card.date), looks.date)
            s.write(r, 1, card.ente.score.map { .number($0) } ?? .blank, looks.percent)
            for (j, sector) in c.plan.sectors.enumerated() {
                s.write(r, j + 2, card.sector(sector.code)?.score.map { .number($0) } ?? .blank, looks.percent)
            }
        }
        guard !c.cards.isEmpty else { return }
        let chart = book.addChart(.line)
        for (j, sector) in c.plan.sectors.enumerated() {
            chart.addSeries(name: "\(sector.code) \(sector.name)", sheet: "Storico", categories: (1, c.cards.count, 0), values: (1, c.cards.count, j + 2))
        }
        chart.addSeries(name: "Ente", sheet: "Storico", categories: (1, c.cards.count, 0), values: (1, c.cards.count, 1))
        chart.title("Andamento dei punteggi per settore")
        chart.dateCategories()
        chart.percentAxis(max: max(1, c.settings.cap))
        chart.legendBottom()
        s.insert(chart, row: c.cards.count + 3, column: 0, widthScale: 2.2, heightScale: 1.6)
    }

    // MARK: Fonti

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
        let headers: [(String, Double)] = [("Settore", 8), ("Criticità", 28), ("Elemento", 12), ("Descrizione", 90), ("Foglio", 11), ("Cella", 7)]
        table(s, headers: headers, row: r + 1, rows: card.criticalities.count)
        for (i, item) in card.criticalities.enumerated() {
            let row = r + 2 + i
            s.write(row, 0, .text(item.sectorCode), .text)
            s.write(row, 1, .text(item.kind.rawValue), .text)
            s.write(row, 2, .text(item.item), .text)
            s.write(row, 3, .text(item.message), .text)
            s.write(row, 4, .text(item.source?.sheet ?? ""), .text)
            s.write(row, 5, .text(item.source?.cell ?? ""), .text)
            s.fitRow(row, [(item.message, 90)])
        }
        s.activate()
    }

    static func writeSources(_ s: SheetWriter, _ c: Consolidation) {
        let headers: [(String, Double)] = [("File", 50), ("Ruolo", 13), ("Settore", 8), ("Data di riferimento", 12), ("Compilato da", 24),
                                           ("Compilato il", 12), ("SHA-256", 66), ("Esito", 12), ("Motivo", 60), ("Arrivo n.", 8), ("Salvato il", 16)]
        let files = [c.planFile] + c.inputs
        table(s, headers: headers, rows: files.count)
        for (i, f) in files.enumerated() {
            let r = i + 1
            s.write(r, 0, .text(f.name), .text)
            s.write(r, 1, .text(f.outcome == .plan ? "piano" : "monitoraggio"), .text)
            s.write(r, 2, .text(f.sectorCode ?? ""), .text)
            s.write(r, 3, f.referenceDate.map { .date($0) } ?? .blank, .date)
            s.write(r, 4, .text(f.compiledBy), .text)
            s.write(r, 5, f.compiledOn.map { .date($0) } ?? .blank, .date)
            s.write(r, 6, .text(f.sha256), .text)
            s.write(r, 7, .text(f.outcome == .plan ? "letto" : f.outcome.rawValue), .text)
            s.write(r, 8, .text(f.reason ?? ""), .text)
            s.write(r, 9, f.arrival.map { .number(Double($0)) } ?? .blank, .number)
            s.write(r, 10, .text(f.savedAtText ?? ""), .text)
        }
    }
}
