import Foundation
import PerformanceModel
import XLSXReader

/// normalize: a monitoring workbook filled by a settore → a `Submission`
/// checked against the plan, plus every anomaly with its cell.
///
/// A file is *rejected* (no submission) only when it cannot be attributed:
/// unreadable, sheets missing, another ente or year, unknown settore,
/// no valid reference date. Otherwise it is accepted and each bad cell is
/// an anomaly; the value typed is always kept (`rawText`), never altered.
public struct MonitoringReading: Sendable {
    public var submission: Submission?
    public var anomalies: [Anomaly]

    public var isAccepted: Bool { submission != nil }
}

public enum MonitoringReader {
    public static let sheets = (scheda: "Scheda", indicatori: "Indicatori", fasi: "Fasi")

    /// - Parameter fileName: the name the settore gave the file, for messages (default: `path`'s last component;
    ///   the nightly run reads a private copy and passes the original's name).
    public static func read(path: String, fileName: String? = nil, plan: Plan, limits: ReaderLimits = .default) -> MonitoringReading {
        let name = fileName ?? (path as NSString).lastPathComponent
        do {
            return read(try XLSXWorkbook(path: path, fileName: name, limits: limits), plan: plan)
        } catch {
            return MonitoringReading(submission: nil, anomalies: [Anomaly(.error, code: "fileIlleggibile", message: error.explanation,
                                                                          file: name, sheet: error.sheet, cell: error.cell)])
        }
    }

    public static func read(_ book: XLSXWorkbook, plan: Plan) -> MonitoringReading {
        var n = Normalizer(file: book.fileName, plan: plan)
        guard let header = n.readScheda(book) else {
            return MonitoringReading(submission: nil, anomalies: n.finished())
        }
        var submission = Submission(ente: plan.ente, year: plan.year, sectorCode: header.sector, referenceDate: header.date,
                                    compiledBy: header.compiledBy, compiledOn: header.compiledOn, fileName: book.fileName)
        do {
            submission.values = try n.readIndicators(book, sector: header.sector)
            submission.phases = try n.readPhases(book, sector: header.sector)
        } catch {
            n.anomalies.append(error.anomaly)
            return MonitoringReading(submission: nil, anomalies: n.finished())
        }
        return MonitoringReading(submission: submission, anomalies: n.finished())
    }
}

/// The state of one file's normalisation.
struct Normalizer {
    let file: String
    let plan: Plan
    var anomalies: [Anomaly] = []

    struct Header {
        var sector: String
        var date: CalendarDate
        var compiledBy: String
        var compiledOn: CalendarDate?
    }

    init(file: String, plan: Plan) {
        self.file = file
        self.plan = plan
    }

    /// Problems beyond `Anomaly.listedPerFile` are counted, not listed: a
    /// 200,000-row sheet of errors must not become a 20 MB receipt.
    var omitted = (errors: 0, warnings: 0)

    mutating func flag(_ severity: Anomaly.Severity, _ code: String, _ message: String, sheet: String, cell: String) {
        guard anomalies.count < Anomaly.listedPerFile else {
            if severity == .error { omitted.errors += 1 } else { omitted.warnings += 1 }
            return
        }
        anomalies.append(Anomaly(severity, code: code, message: message, file: file, sheet: sheet, cell: cell))
    }

    /// The anomalies, closed by one line counting those not listed.
    func finished() -> [Anomaly] {
        guard omitted.errors + omitted.warnings > 0 else { return anomalies }
        return anomalies + [Anomaly.omitted(errors: omitted.errors, warnings: omitted.warnings, file: file)]
    }

    // MARK: Scheda

    /// `Scheda` holds label/value pairs (labels in any column, value to the right).
    mutating func readScheda(_ book: XLSXWorkbook) -> Header? {
        let sheet = MonitoringReader.sheets.scheda
        guard let info = book.sheet(named: sheet) else {
            anomalies.append(Anomaly(.error, code: "foglioMancante", message: "manca il foglio «\(sheet)»: non è una scheda di monitoraggio", file: file))
            return nil
        }
        var fields: [String: Cell] = [:]
        do {
            // Labels sit at the top: the first 200 rows are enough, whatever else the sheet holds.
            let reader = try book.rows(of: info)
            var count = 0
            while count < 200, let row = try reader.nextRow() {
                count += 1
                for (i, cell) in row.cells.enumerated() where i + 1 < row.cells.count {
                    if case .string(let label) = cell.value, row.cells[i + 1].column == cell.column + 1 {
                        let key = HeaderKey.normalize(label)
                        if fields[key] == nil { fields[key] = row.cells[i + 1] }
                    }
                }
            }
        } catch {
            anomalies.append(Anomaly(.error, code: "fileIlleggibile", message: error.explanation, file: file, sheet: error.sheet, cell: error.cell))
            return nil
        }
        func text(_ key: String) -> String { fields[HeaderKey.normalize(key)].map { CellText.text($0.value) } ?? "" }
        func ref(_ key: String) -> String { fields[HeaderKey.normalize(key)]?.reference ?? "B1" }
        var ok = true
        let ente = text("Ente")
        if HeaderKey.normalize(ente) != HeaderKey.normalize(plan.ente) {
            flag(.error, "enteErrato", ente.isEmpty ? "manca l'ente" : "la scheda è dell'ente «\(ente)», non di «\(plan.ente)»", sheet: sheet, cell: ref("Ente"))
            ok = false
        }
        let year = text("Anno")
        if Int(year) != plan.year {
            flag(.error, "annoErrato", "la scheda è dell'anno «\(year)», il piano del \(plan.year)", sheet: sheet, cell: ref("Anno"))
            ok = false
        }
        let sectorText = text("Settore")
        let code = Parser.code(String(sectorText.prefix { $0.isNumber }))
        if plan.sector(code) == nil {
            flag(.error, "settoreSconosciuto", "il settore «\(sectorText)» non esiste nel piano", sheet: sheet, cell: ref("Settore"))
            ok = false
        }
        var date: CalendarDate?
        if let cell = fields[HeaderKey.normalize("Data di riferimento")], case .date(let d) = ItalianValues.date(cell) {
            if d.year == plan.year { date = d } else {
                flag(.error, "dataRiferimentoErrata", "la data di riferimento \(d.italian) non è nell'anno \(plan.year)", sheet: sheet, cell: ref("Data di riferimento"))
            }
        } else {
            flag(.error, "dataRiferimentoErrata", "manca una data di riferimento valida (gg/mm/aaaa)", sheet: sheet, cell: ref("Data di riferimento"))
        }
        var compiledOn: CalendarDate?
        if let cell = fields[HeaderKey.normalize("Data compilazione")], !CellText.text(cell.value).isEmpty {
            if case .date(let d) = ItalianValues.date(cell) { compiledOn = d } else {
                flag(.warning, "valoreNonValido", "la data di compilazione «\(CellText.text(cell.value))» non è una data", sheet: sheet, cell: cell.reference)
            }
        }
        guard ok, let date else { return nil }
        return Header(sector: code, date: date, compiledBy: text("Compilato da"), compiledOn: compiledOn)
    }

    // MARK: Indicatori

    mutating func readIndicators(_ book: XLSXWorkbook, sector: String) throws(SheetTable.Failure) -> [MeasuredValue] {
        let byID = Dictionary(plan.indicators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var values: [MeasuredValue] = []
        var seen: [String: Int] = [:]
        let t = try SheetTable.stream(book, sheet: MonitoringReader.sheets.indicatori, required: ["ID indicatore", "Valore rilevato"]) { t, row in
            guard !t.isBlank(row) else { return }
            let id = t.text(row, "ID indicatore")
            let at = t.reference(row, "ID indicatore")
            guard !id.isEmpty else {
                flag(.warning, "rigaSenzaID", "riga senza ID indicatore: ignorata", sheet: t.sheet, cell: at)
                return
            }
            guard let indicator = byID[id] else {
                flag(.error, "indicatoreSconosciuto", "l'indicatore «\(id)» non esiste nel piano: riga ignorata", sheet: t.sheet, cell: at)
                return
            }
            guard indicator.sectorCode == sector else {
                flag(.error, "indicatoreAltroSettore", "l'indicatore \(id) è del settore \(indicator.sectorCode), non del \(sector): riga ignorata", sheet: t.sheet, cell: at)
                return
            }
            if let first = seen[id] {
                flag(.error, "indicatoreDuplicato", "l'indicatore \(id) compare due volte (vale la riga \(first))", sheet: t.sheet, cell: at)
                return
            }
            seen[id] = row.index
            let cell = t.cell(row, "Valore rilevato")
            let source = t.source(row, "Valore rilevato")
            let value = cell.flatMap { quantity($0, indicator, source) }
            values.append(MeasuredValue(indicatorID: id, value: value, rawText: cell.map { CellText.text($0.value) } ?? "",
                                        note: t.text(row, "Note"), deviationReason: t.text(row, "Motivazione scostamento"), source: source))
        }
        for indicator in plan.indicators(reportedBy: sector) where seen[indicator.id] == nil {
            flag(.warning, "indicatoreMancante", "manca la riga dell'indicatore \(indicator.id): risulterà senza valore", sheet: t.sheet, cell: "A\(t.headerRow)")
        }
        return values
    }

    /// The cell read as the indicator's measure asks. Nil (with an anomaly)
    /// when it cannot be; the raw text is kept by the caller either way.
    mutating func quantity(_ cell: Cell, _ ind: Indicator, _ at: SourceCell) -> Quantity? {
        let typed = CellText.text(cell.value)
        let what = "indicatore \(ind.id)"
        switch cell.value {
        case .error(let e):
            flag(.error, "valoreNonValido", "\(what): la cella contiene l'errore \(e)", sheet: at.sheet, cell: at.cell)
            return nil
        case .formula(let f):
            flag(.error, "valoreNonValido", "\(what): la formula =\(f) non ha un valore calcolato (aprire e salvare il file con Excel o LibreOffice)", sheet: at.sheet, cell: at.cell)
            return nil
        case .string(let s) where s.isBlank:
            return nil
        default: break
        }
        func wrong(_ expected: String) -> Quantity? {
            flag(.error, "valoreTipoErrato", "\(what): «\(typed)» non è \(expected) come chiede la misura «\(ind.measure?.rawValue ?? "")»", sheet: at.sheet, cell: at.cell)
            return nil
        }
        if ind.isChangeOverBaselineAmount {
            // The amount itself (e.g. € of morosità), in the baseline's unit.
            switch cell.value {
            case .number(let v) where !cell.isPercentFormat: return .number(v)
            case .string(let s): if let v = ItalianValues.number(s) { return .number(v) }
            default: break
            }
            return wrong("un importo o un numero nella stessa unità della baseline (\(ind.baseline?.italian ?? ""))")
        }
        switch ind.measure {
        case .percentuale:
            var ratio: Double
            var plain = false
            switch cell.value {
            case .number(let v) where cell.isPercentFormat: ratio = v
            case .number(let v): ratio = v / 100; plain = true
            case .string(let s):
                if let p = ItalianValues.percent(s) { ratio = p }
                else if let v = ItalianValues.number(s) { ratio = v / 100; plain = true }
                else if let yes = ItalianValues.yesNo(s), ind.description.lowercased().contains("si/no") {
                    // The plan asks "(si/no)" but measures a percentage: SI is 100 %, NO is 0 %.
                    flag(.warning, "siNoComePercentuale", "\(what): «\(typed)» letto come \(yes ? "100%" : "0%") (il piano chiede si/no ma misura in percentuale)", sheet: at.sheet, cell: at.cell)
                    return .percent(yes ? 1 : 0)
                }
                else { return wrong("una percentuale") }
            default: return wrong("una percentuale")
            }
            if plain && ratio > 0 && ratio < 0.01 {
                flag(.warning, "percentualeAmbigua", "\(what): «\(typed)» letto come \(Quantity.percent(ratio).italian); se si intendeva \(Quantity.percent(ratio * 100).italian) scrivere «\(Quantity.percent(ratio * 100).italian)»", sheet: at.sheet, cell: at.cell)
            }
            return .percent(ratio)
        case .quantita, .tempestivita:
            switch cell.value {
            case .number(let v): return .number(v)
            case .string(let s): return ItalianValues.number(s).map { .number($0) } ?? wrong("un numero")
            default: return wrong("un numero")
            }
        case .data:
            switch ItalianValues.date(cell) {
            case .date(let d): return .date(d)
            case .impossible:
                flag(.error, "dataImpossibile", "\(what): la data «\(typed)» non esiste nel calendario", sheet: at.sheet, cell: at.cell)
                return nil
            case .notADate: return wrong("una data (gg/mm/aaaa)")
            }
        case .siNo:
            switch cell.value {
            case .boolean(let b): return .yesNo(b)
            case .string(let s): return ItalianValues.yesNo(s).map { .yesNo($0) } ?? wrong("SI o NO")
            default: return wrong("SI o NO")
            }
        case nil:
            // The plan gives no measure: keep what is readable; text stays in rawText.
            if let q = ItalianValues.quantity(cell) { return q }
            flag(.warning, "valoreSoloTesto", "\(what): il piano non indica la misura e «\(typed)» non è un numero: conservato come testo", sheet: at.sheet, cell: at.cell)
            return nil
        }
    }

    // MARK: Fasi

    mutating func readPhases(_ book: XLSXWorkbook, sector: String) throws(SheetTable.Failure) -> [PhaseReport] {
        let objectives = Set(plan.objectives(reportedBy: sector).map(\.id))
        let phases = Set(plan.phases.map(\.key))
        var reports: [PhaseReport] = []
        var seen: Set<String> = []
        try SheetTable.stream(book, sheet: MonitoringReader.sheets.fasi, required: ["ID obiettivo", "N", "Stato"]) { t, row in
            guard !t.isBlank(row) else { return }
            let objective = t.text(row, "ID obiettivo")
            let n = Int(t.text(row, "N")) ?? 0
            let key = "\(objective)/\(n)"
            let at = t.reference(row, "ID obiettivo")
            guard phases.contains(key) else {
                flag(.error, "faseSconosciuta", "la fase \(n) dell'obiettivo «\(objective)» non esiste nel piano: riga ignorata", sheet: t.sheet, cell: at)
                return
            }
            guard objectives.contains(objective) else {
                flag(.error, "faseAltroSettore", "l'obiettivo \(objective) non è del settore \(sector): riga ignorata", sheet: t.sheet, cell: at)
                return
            }
            guard seen.insert(key).inserted else {
                flag(.error, "faseDuplicata", "la fase \(n) dell'obiettivo \(objective) compare due volte", sheet: t.sheet, cell: at)
                return
            }
            let stateText = t.text(row, "Stato")
            let state = Self.phaseState(stateText)
            if state == nil && !stateText.isEmpty {
                flag(.error, "valoreNonValido", "fase \(key): stato «\(stateText)» sconosciuto (non avviata, in corso, completata)", sheet: t.sheet, cell: t.reference(row, "Stato"))
            }
            var completedOn: CalendarDate?
            if let cell = t.cell(row, "Data completamento"), !CellText.text(cell.value).isEmpty {
                switch ItalianValues.date(cell) {
                case .date(let d): completedOn = d
                case .impossible:
                    flag(.error, "dataImpossibile", "fase \(key): la data «\(CellText.text(cell.value))» non esiste nel calendario", sheet: t.sheet, cell: cell.reference)
                case .notADate:
                    flag(.error, "valoreNonValido", "fase \(key): «\(CellText.text(cell.value))» non è una data (gg/mm/aaaa)", sheet: t.sheet, cell: cell.reference)
                }
            }
            if state == .completed && completedOn == nil {
                flag(.warning, "faseSenzaData", "fase \(key): completata ma senza data di completamento", sheet: t.sheet, cell: t.reference(row, "Data completamento"))
            } else if let completedOn, state != .completed {
                flag(.warning, "faseDataSenzaStato", "fase \(key): data di completamento \(completedOn.italian) ma stato «\(stateText)»", sheet: t.sheet, cell: t.reference(row, "Stato"))
            }
            reports.append(PhaseReport(objectiveID: objective, number: n, state: state, completedOn: completedOn,
                                       note: t.text(row, "Note"), source: t.source(row, "Stato")))
        }
        return reports
    }

    /// The states as people write them.
    static func phaseState(_ text: String) -> PhaseState? {
        switch HeaderKey.normalize(text) {
        case "completata", "completato", "conclusa", "concluso", "terminata", "terminato", "realizzata", "realizzato": return .completed
        case "in corso", "avviata", "avviato", "iniziata", "iniziato": return .inProgress
        case "non avviata", "non avviato", "non iniziata", "non iniziato", "da avviare", "da iniziare": return .notStarted
        default: return nil
        }
    }
}
