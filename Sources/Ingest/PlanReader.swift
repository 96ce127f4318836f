import Foundation
import PerformanceModel
import XLSXReader

/// Reads a plan workbook (DESIGN §4) into a `Plan`, by header names, and
/// lists every defect found — in the values (impossible dates, weights that
/// are not positive numbers, unknown measure kinds) and across the tables
/// (unknown references, duplicated IDs, objectives without indicators,
/// responsabili periods that overlap or leave gaps).
public struct PlanReading: Sendable {
    public var plan: Plan
    public var anomalies: [Anomaly]

    /// True when some defect blocks scoring of the items it touches.
    public var hasErrors: Bool { anomalies.contains { $0.severity == .error } }

    /// The defects that make the plan unusable as a whole — the file
    /// unreadable, a required sheet or header missing, no valid year or ente,
    /// no settore or no indicator, a code repeated (which of the two rows would count is a guess). With any of them no monitoring file may be
    /// read against this plan: its values would be judged by a plan that
    /// could not be read. Empty for a usable plan.
    public var structuralErrors: [Anomaly] {
        var found = anomalies.filter { PlanReading.structuralKinds.contains($0.kind) && $0.severity == .error }
        let file = anomalies.first?.file ?? ""
        func missing(_ what: String) {
            found.append(Anomaly(.pianoIncompleto, message: what, file: file))
        }
        if found.isEmpty {
            if plan.ente.isBlank { missing("il foglio «Ente» non indica il nome dell'ente") }
            if !(2000...2100).contains(plan.year) { missing("il foglio «Ente» non indica un anno valido (colonna «Anno»)") }
            if plan.sectors.isEmpty { missing("il foglio «Settori» non elenca alcun settore") }
            if plan.indicators.isEmpty { missing("il foglio «Indicatori» non elenca alcun indicatore") }
        }
        return found
    }

    /// Codes of the defects that are structural by nature.
    static let structuralKinds: Set<Anomaly.Kind> = [.fileIlleggibile, .foglioMancante, .colonnaMancante, .annoPianoNonValido, .idDuplicato]
}

/// The plan's sheets and their headers, as the reader requires them: from `PlanContract`.
public enum PlanSheets {
    static func tuple(_ sheet: PlanContract.Sheet) -> (String, [String]) { (sheet.name, sheet.headers) }
    public static let ente = tuple(PlanContract.ente)
    public static let settori = tuple(PlanContract.settori)
    public static let linee = tuple(PlanContract.linee)
    public static let strategici = tuple(PlanContract.strategici)
    public static let obiettivi = tuple(PlanContract.obiettivi)
    public static let fasi = tuple(PlanContract.fasi)
    public static let indicatori = tuple(PlanContract.indicatori)
    public static let dipendenti = tuple(PlanContract.dipendenti)
    public static let rettifiche = tuple(PlanContract.rettifiche)
    /// In workbook order.
    public static let all = PlanContract.sheets.map(tuple)
}

public enum PlanReader {
    public static func read(path: String, limits: ReaderLimits = .default) -> PlanReading {
        let name = (path as NSString).lastPathComponent
        do {
            return read(try XLSXWorkbook(path: path, limits: limits))
        } catch {
            return PlanReading(plan: Plan(ente: "", title: "", year: 0),
                               anomalies: [Anomaly(.fileIlleggibile, message: error.explanation,
                                                   file: name, sheet: error.sheet, cell: error.cell)])
        }
    }

    public static func read(_ book: XLSXWorkbook) -> PlanReading {
        var parser = Parser(file: book.fileName)
        var tables: [String: SheetTable] = [:]
        for (sheet, headers) in PlanSheets.all {
            do {
                tables[sheet] = try SheetTable.read(book, sheet: sheet, required: headers)
            } catch {
                // Overrides are optional: a plan without them has none.
                if sheet == PlanSheets.rettifiche.0, case .missingSheet = error { continue }
                parser.anomalies.append(error.anomaly)
            }
        }
        parser.parse(tables)
        parser.crossCheck(tables)
        return PlanReading(plan: parser.plan, anomalies: parser.anomalies.sorted(by: Parser.reportOrder))
    }
}

/// The parsing state: the plan being built, the anomalies found, and where
/// each entity came from (its row), for the cross-checks' messages.
public struct Parser {
    let file: String
    var plan = Plan(ente: "", title: "", year: 0)
    var anomalies: [Anomaly] = []
    /// Row of each entity in its sheet, by key (ID, code, or objective/N).
    var objectiveRows: [String: SheetTable.Row] = [:]
    var managerRows: [(code: String, period: ManagerPeriod, row: SheetTable.Row)] = []

    init(file: String) { self.file = file }

    /// Errors first, then by sheet (workbook order), row and column.
    static func reportOrder(_ a: Anomaly, _ b: Anomaly) -> Bool {
        func key(_ x: Anomaly) -> (Int, Int, Int, Int) {
            let sheet = PlanSheets.all.firstIndex { $0.0 == x.sheet } ?? -1
            let ref = x.cell.flatMap(CellReference.parse)
            return (x.severity == .error ? 0 : 1, sheet, ref?.row ?? 0, ref?.column ?? 0)
        }
        return key(a) < key(b)
    }

    mutating func flag(_ kind: Anomaly.Kind, _ message: String, _ t: SheetTable, _ row: SheetTable.Row, _ header: String) {
        anomalies.append(Anomaly(kind, message: message, at: t.source(row, header)))
    }

    // MARK: Values

    /// An optional date: nil when empty; impossible or non-date text is flagged.
    mutating func date(_ t: SheetTable, _ row: SheetTable.Row, _ header: String, what: String) -> CalendarDate? {
        guard let cell = t.cell(row, header), !CellText.text(cell.value).isEmpty else { return nil }
        switch ItalianValues.date(cell) {
        case .date(let d): return d
        case .impossible:
            flag(.dataImpossibile, "\(what): la data «\(CellText.text(cell.value))» non esiste nel calendario", t, row, header)
        case .notADate:
            flag(.valoreNonValido, "\(what): «\(CellText.text(cell.value))» non è una data (scrivere gg/mm/aaaa)", t, row, header)
        }
        return nil
    }

    /// An optional weight: must be a positive number when present.
    mutating func weight(_ t: SheetTable, _ row: SheetTable.Row, what: String) -> Double? {
        let text = t.text(row, "Peso")
        guard !text.isEmpty else { return nil }
        let value: Double? = {
            if let cell = t.cell(row, "Peso"), case .number(let v) = cell.value { return v }
            return ItalianValues.number(text)
        }()
        guard let v = value, v > 0, v.isFinite else {
            flag(.pesoNonValido, "\(what): il peso «\(text)» deve essere un numero maggiore di zero; finché non è corretto vale 1", t, row, "Peso")
            return nil
        }
        return v
    }

    /// Codes typed as numbers lose their leading zero ("02" → 2): restore it.
    public static func code(_ text: String) -> String {
        if text.count == 1, text.allSatisfy(\.isNumber) { return "0" + text }
        return text
    }

    // MARK: Sheets

    mutating func parse(_ tables: [String: SheetTable]) {
        if let t = tables[PlanSheets.ente.0] {
            if let row = t.rows.first(where: { !t.isBlank($0) }) {
                plan.ente = t.text(row, "Ente")
                plan.title = t.text(row, "Piano")
                if let y = Int(t.text(row, "Anno")), (2000...2100).contains(y) {
                    plan.year = y
                } else {
                    flag(.annoPianoNonValido, "l'anno del piano «\(t.text(row, "Anno"))» non è valido (scrivere l'anno, es. 2024)", t, row, "Anno")
                }
            } else {
                anomalies.append(Anomaly(.valoreNonValido, message: "il foglio non indica ente e anno", file: file, sheet: t.sheet))
            }
        }
        if let t = tables[PlanSheets.settori.0] { parseSectors(t) }
        if let t = tables[PlanSheets.linee.0] {
            for row in t.rows where !t.isBlank(row) {
                plan.lines.append(StrategicLine(code: Self.code(t.text(row, "Codice")), name: t.text(row, "Nome"), councillors: t.text(row, "Assessori")))
            }
        }
        if let t = tables[PlanSheets.strategici.0] {
            for row in t.rows where !t.isBlank(row) {
                plan.strategicObjectives.append(StrategicObjective(code: t.text(row, "Codice"), name: t.text(row, "Nome"), lineCode: Self.code(t.text(row, "Linea"))))
            }
        }
        if let t = tables[PlanSheets.obiettivi.0] { parseObjectives(t) }
        if let t = tables[PlanSheets.fasi.0] { parsePhases(t) }
        if let t = tables[PlanSheets.indicatori.0] { parseIndicators(t) }
        if let t = tables[PlanSheets.dipendenti.0] {
            for row in t.rows where !t.isBlank(row) {
                plan.participations.append(Participation(objectiveID: t.text(row, "ID obiettivo"), name: t.text(row, "Nome"),
                                                         category: t.text(row, "Categoria"), role: t.text(row, "Ruolo")))
            }
        }
        if let t = tables[PlanSheets.rettifiche.0] { parseOverrides(t) }
    }

    mutating func parseSectors(_ t: SheetTable) {
        for row in t.rows where !t.isBlank(row) {
            let code = Self.code(t.text(row, "Codice"))
            let what = "settore \(code)"
            let period = ManagerPeriod(name: t.text(row, "Responsabile"), from: date(t, row, "Dal", what: what),
                                       to: date(t, row, "Al", what: what), role: t.text(row, "Ruolo"),
                                       source: t.source(row, "Codice"))
            if let i = plan.sectors.firstIndex(where: { $0.code == code }) {
                plan.sectors[i].managers.append(period)
            } else {
                plan.sectors.append(Sector(code: code, name: t.text(row, "Nome"), managers: [period]))
            }
            managerRows.append((code, period, row))
        }
    }

    mutating func parseObjectives(_ t: SheetTable) {
        for row in t.rows where !t.isBlank(row) {
            let id = t.text(row, "ID")
            let what = "obiettivo \(id)"
            let tags = t.text(row, "Tipologia").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let multi = t.text(row, "Pluriennale")
            let coordinating = Self.code(t.text(row, "Settore coordinamento"))
            plan.objectives.append(Objective(
                id: id, sectorCode: Self.code(t.text(row, "Settore")), strategicObjectiveCode: t.text(row, "Obiettivo strategico"),
                dupReference: t.text(row, "Rif. DUP"), title: t.text(row, "Titolo"), description: t.text(row, "Descrizione"),
                tags: tags, multiYear: multi.isEmpty ? nil : multi, deadline: date(t, row, "Scadenza", what: what),
                weight: weight(t, row, what: what), coordinatingSectorCode: coordinating.isEmpty ? nil : coordinating,
                source: t.source(row, "ID")))
            if objectiveRows[id] == nil { objectiveRows[id] = row }
        }
    }

    mutating func parsePhases(_ t: SheetTable) {
        for row in t.rows where !t.isBlank(row) {
            let objective = t.text(row, "ID obiettivo")
            let nText = t.text(row, "N")
            guard let n = Int(nText), n >= 1 else {
                flag(.valoreNonValido, "fase dell'obiettivo \(objective): il numero «\(nText)» non è un intero positivo", t, row, "N")
                continue
            }
            let what = "fase \(n) dell'obiettivo \(objective)"
            plan.phases.append(Phase(objectiveID: objective, number: n, description: t.text(row, "Descrizione"),
                                     start: date(t, row, "Inizio", what: what), end: date(t, row, "Fine", what: what),
                                     source: t.source(row, "ID obiettivo")))
        }
    }

    mutating func parseIndicators(_ t: SheetTable) {
        for row in t.rows where !t.isBlank(row) {
            let id = t.text(row, "ID")
            let what = "indicatore \(id)"
            let typeText = t.text(row, "Tipo")
            let type = IndicatorType.allCases.first { HeaderKey.normalize($0.rawValue) == HeaderKey.normalize(typeText) }
            if type == nil && !typeText.isEmpty {
                flag(.valoreSconosciuto, "\(what): tipo «\(typeText)» sconosciuto (ammessi: \(IndicatorType.allCases.map(\.rawValue).joined(separator: ", ")))", t, row, "Tipo")
            }
            let measureText = t.text(row, "Misura")
            let measure = MeasureKind.allCases.first { HeaderKey.normalize($0.rawValue) == HeaderKey.normalize(measureText) }
            if measureText.isEmpty {
                flag(.senzaMisura, "\(what): manca la misura (data, tempestività, quantità, percentuale, si/no); l'indicatore non sarà valutabile", t, row, "Misura")
            } else if measure == nil {
                flag(.valoreSconosciuto, "\(what): misura «\(measureText)» sconosciuta (ammesse: \(MeasureKind.allCases.map(\.rawValue).joined(separator: ", ")))", t, row, "Misura")
            }
            let directionText = t.text(row, "Direzione")
            let direction = Direction.allCases.first { $0.rawValue == HeaderKey.normalize(directionText) }
            if direction == nil && !directionText.isEmpty {
                flag(.valoreSconosciuto, "\(what): direzione «\(directionText)» sconosciuta (ammesse: crescente, decrescente)", t, row, "Direzione")
            }
            let baseline = quantity(t, row, "Baseline", what: what)
            var target = quantity(t, row, "Target", what: what)
            // A percentage typed without «%» (70) would be compared with the settore's 70 % (0,7): 1 %, silently.
            // Without an amount as baseline it can only mean percentage points.
            if measure == .percentuale, case .number(let x)? = target, baseline?.numeric == nil || { if case .percent? = baseline { true } else { false } }() {
                target = .percent(x / 100)
                flag(.percentualeAmbigua, "\(what): il target «\(t.text(row, "Target"))» è letto come \(Quantity.percent(x / 100).italian) perché la misura è «percentuale»; scrivere «\(Quantity.percent(x / 100).italian)» per toglierne il dubbio", t, row, "Target")
            }
            if t.text(row, "Target").isEmpty {
                flag(.senzaTarget, "\(what): manca il target; l'indicatore non sarà valutabile", t, row, "Target")
            } else if let target, let measure, !Self.fits(target, measure) {
                flag(.targetTipoErrato, "\(what): il target «\(target.italian)» non è del tipo della misura «\(measure.rawValue)» (\(Self.expected(measure)))", t, row, "Target")
            }
            // numeric is nil for dates and SI/NO, so only numbers and percentages compare here.
            if let target, let tv = target.numeric, let bv = baseline?.numeric, !Indicator.isChangeOverBaselineAmount(target: target, baseline: baseline) {
                if tv == bv {
                    flag(.targetUgualeBaseline, "\(what): il target (\(target.italian)) è uguale alla baseline: il miglioramento non è calcolabile e l'indicatore non sarà valutabile", t, row, "Target")
                } else if (direction == .decrescente) != (tv < bv) {
                    flag(.targetIncoerente, "\(what): il target (\(target.italian)) è \(tv < bv ? "inferiore" : "superiore") alla baseline (\(baseline!.italian)) ma l'indicatore è «\(direction?.rawValue ?? "crescente")»: forse indica la variazione e non il valore d'arrivo", t, row, "Target")
                }
            }
            // "(si/no)" in the description while the measure says otherwise: a
            // settore answering SI would then type a value of the wrong kind.
            if let measure, measure != .siNo, t.text(row, "Descrizione").lowercased().contains("si/no") {
                flag(.misuraIncoerente, "\(what): la descrizione chiede una risposta si/no ma la misura è «\(measure.rawValue)»\(target.map { " con target «\($0.italian)»" } ?? ""); un «SI» del settore sarà letto come 100% e un «NO» come 0%", t, row, "Misura")
            }
            var tolerance: Double?
            let tolText = t.text(row, "Tolleranza")
            if !tolText.isEmpty {
                if let v = ItalianValues.number(tolText), v >= 0 { tolerance = v } else {
                    flag(.valoreNonValido, "\(what): la tolleranza «\(tolText)» deve essere un numero non negativo (giorni)", t, row, "Tolleranza")
                }
            }
            let indicator = Indicator(
                id: id, objectiveID: t.text(row, "ID obiettivo"), sectorCode: Self.code(t.text(row, "Settore")), type: type,
                description: t.text(row, "Descrizione"), measure: measure, direction: direction, baseline: baseline, target: target,
                weight: weight(t, row, what: what), tolerance: tolerance, source: t.source(row, "ID"))
            // One source of truth: whatever the scorer will refuse because of the plan, plan check says now, in the scorer's words.
            if case .notScorable(let why) = IndicatorRule.of(indicator), 
               !anomalies.contains(where: { $0.message.hasPrefix("\(what):") && Self.alreadyUnscorable.contains($0.kind) }) {
                flag(.nonValutabilePerIlPiano, "\(what): non sarà valutabile: \(why)", t, row, "Target")
            }
            plan.indicators.append(indicator)
        }
    }

    /// A target or baseline as the plan writes it; impossible dates and
    /// unreadable text are flagged.
    mutating func quantity(_ t: SheetTable, _ row: SheetTable.Row, _ header: String, what: String) -> Quantity? {
        guard let cell = t.cell(row, header), !CellText.text(cell.value).isEmpty else { return nil }
        if let q = ItalianValues.quantity(cell) { return q }
        if case .string(let s) = cell.value, ItalianValues.date(s) == .impossible {
            flag(.dataImpossibile, "\(what): la data «\(s)» non esiste nel calendario", t, row, header)
        } else {
            flag(.valoreSconosciuto, "\(what): «\(CellText.text(cell.value))» non è un numero, una percentuale, una data o SI/NO", t, row, header)
        }
        return nil
    }

    /// Warnings that already say an indicator will not be scorable.
    static let alreadyUnscorable: Set<Anomaly.Kind> = [.senzaTarget, .senzaMisura, .targetTipoErrato, .targetUgualeBaseline]

    static func fits(_ q: Quantity, _ m: MeasureKind) -> Bool {
        switch (m, q) {
        case (.siNo, .yesNo), (.data, .date), (.percentuale, .percent), (.percentuale, .number),
             (.quantita, .number), (.tempestivita, .number): return true
        default: return false
        }
    }

    static func expected(_ m: MeasureKind) -> String {
        switch m {
        case .siNo: return "atteso SI o NO"
        case .data: return "attesa una data gg/mm/aaaa"
        case .percentuale: return "attesa una percentuale"
        case .quantita, .tempestivita: return "atteso un numero"
        }
    }

    mutating func parseOverrides(_ t: SheetTable) {
        for row in t.rows where !t.isBlank(row) {
            let id = t.text(row, "ID")
            let what = "rettifica di \(id)"
            let reason = t.text(row, "Motivazione"), author = t.text(row, "Autore")
            if reason.isEmpty || author.isEmpty {
                flag(.rettificaIncompleta, "\(what): una rettifica richiede motivazione e autore; non viene applicata", t, row, reason.isEmpty ? "Motivazione" : "Autore")
                continue
            }
            let kindText = HeaderKey.normalize(t.text(row, "Tipo"))
            let kind: Override.Kind
            if kindText.hasPrefix("non valutabil") {
                kind = .notEvaluable
            } else if kindText.hasPrefix("forzat") {
                guard let cell = t.cell(row, "Valore"), let q = ItalianValues.quantity(cell), let v = q.numeric else {
                    flag(.valoreNonValido, "\(what): il raggiungimento forzato richiede un valore (es. 80%)", t, row, "Valore")
                    continue
                }
                // A plain 80 means 80 %; a percentage or a plain ratio ≤ 1 is taken as a ratio.
                if case .number = q, v > 1 { kind = .forced(v / 100) } else { kind = .forced(v) }
            } else {
                flag(.valoreNonValido, "\(what): tipo «\(t.text(row, "Tipo"))» sconosciuto (ammessi: forzato, non valutabile)", t, row, "Tipo")
                continue
            }
            plan.overrides.append(Override(targetID: id, referenceDate: date(t, row, "Data di riferimento", what: what), kind: kind,
                                           reason: reason, author: author, decidedOn: date(t, row, "Data", what: what),
                                           source: t.source(row, "ID")))
        }
    }
}
