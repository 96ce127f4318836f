import Foundation
import PerformanceModel
import XLSXReader

/// normalize: a monitoring workbook filled by a settore → a `Submission`
/// checked against the plan, plus every anomaly with its cell.
///
/// A file is *rejected* (no submission) when it cannot be attributed or
/// would mislead: unreadable, sheets missing, another ente or year, unknown
/// settore, no valid reference date or one that is not a monitoring date, a
/// `Scheda` that contradicts the template's identity, no indicator row of its
/// own settore, or nothing filled at all. Otherwise it is accepted and each
/// bad cell is an anomaly; the value typed is always kept (`rawText`).
public struct MonitoringReading: Sendable {
    public var submission: Submission?
    public var anomalies: [Anomaly]
    /// The settore and date a rejected file was meant for, when they could be
    /// told (from the template's identity or a readable `Scheda`): that
    /// settore's scheda is then *rifiutata*, not *mancante*.
    public var attribution: (sector: String, date: CalendarDate)?

    public var isAccepted: Bool { submission != nil }
}

public enum MonitoringReader {
    /// - Parameter fileName: the name the settore gave the file, for messages (default: `path`'s last component;
    ///   the nightly run reads a private copy and passes the original's name).
    /// - Parameter monitoringDates: the configured monitoring dates (empty: any date of the plan's year).
    public static func read(path: String, fileName: String? = nil, plan: Plan, monitoringDates: [CalendarDate] = [],
                            limits: ReaderLimits = .default) -> MonitoringReading {
        let name = fileName ?? (path as NSString).lastPathComponent
        do {
            return read(try XLSXWorkbook(path: path, fileName: name, limits: limits), plan: plan, monitoringDates: monitoringDates)
        } catch {
            return MonitoringReading(submission: nil, anomalies: [Anomaly(.fileIlleggibile, message: error.explanation,
                                                                          file: name, sheet: error.sheet, cell: error.cell)])
        }
    }

    public static func read(_ book: XLSXWorkbook, plan: Plan, monitoringDates: [CalendarDate] = []) -> MonitoringReading {
        var n = Normalizer(file: book.fileName, plan: plan)
        let identity = n.readIdentity(book)
        let attributed = identity.map { (sector: $0.sectorCode, date: $0.referenceDate) }
        guard let header = n.readScheda(book, identity: identity, monitoringDates: monitoringDates) else {
            return MonitoringReading(submission: nil, anomalies: n.finished(), attribution: attributed ?? n.attribution)
        }
        let attribution = (sector: header.sector, date: header.date)
        var submission = Submission(ente: plan.ente, year: plan.year, sectorCode: header.sector, referenceDate: header.date,
                                    compiledBy: header.compiledBy, compiledOn: header.compiledOn, fileName: book.fileName)
        do {
            submission.values = try n.readIndicators(book, sector: header.sector)
            submission.phases = try n.readPhases(book, sector: header.sector, date: header.date)
        } catch {
            n.anomalies.append(error.anomaly)
            return MonitoringReading(submission: nil, anomalies: n.finished(), attribution: attribution)
        }
        if let why = n.misattributed(sector: header.sector) {
            n.anomalies.insert(why, at: 0)
            return MonitoringReading(submission: nil, anomalies: n.finished(), attribution: attribution)
        }
        if submission.values.allSatisfy({ $0.rawText.isEmpty }) && submission.phases.allSatisfy({ $0.state == nil && $0.completedOn == nil }) {
            n.anomalies.insert(Anomaly(.schedaVuota,
                                       message: "la scheda non contiene alcun «\(MonitoringContract.Indicators.value)» né alcuno «\(MonitoringContract.Phases.state)» di fase: "
                                           + "non c'è nulla da valutare (compilare le celle gialle e depositarla di nuovo)",
                                       file: book.fileName, sheet: MonitoringContract.indicatori), at: 0)
            return MonitoringReading(submission: nil, anomalies: n.finished(), attribution: attribution)
        }
        return MonitoringReading(submission: submission, anomalies: n.finished(), attribution: attribution)
    }
}

/// The state of one file's normalisation.
struct Normalizer {
    let file: String
    let plan: Plan
    var anomalies: [Anomaly] = []
    /// The settore and date the `Scheda` names, when readable (for a file rejected at the `Scheda`).
    var attribution: (sector: String, date: CalendarDate)?
    /// Indicator rows of the file's own settore, and of other settori (by settore).
    var ownRows = 0
    var otherSectorRows: [String: Int] = [:]

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

    mutating func flag(_ kind: Anomaly.Kind, _ message: String, sheet: String, cell: String) {
        guard anomalies.count < Anomaly.listedPerFile else {
            if kind.severity == .error { omitted.errors += 1 } else { omitted.warnings += 1 }
            return
        }
        anomalies.append(Anomaly(kind, message: message, file: file, sheet: sheet, cell: cell))
    }

    /// The anomalies, closed by one line counting those not listed.
    func finished() -> [Anomaly] {
        guard omitted.errors + omitted.warnings > 0 else { return anomalies }
        return anomalies + [Anomaly.omitted(errors: omitted.errors, warnings: omitted.warnings, file: file)]
    }

    // MARK: Scheda

    /// `Scheda` holds label/value pairs (labels in any column, value to the right).
    mutating func readScheda(_ book: XLSXWorkbook, identity: MonitoringContract.Identity?, monitoringDates: [CalendarDate]) -> Header? {
        let sheet = MonitoringContract.scheda
        guard let info = book.sheet(named: sheet) else {
            let found = book.sheets.map { "«\($0.name)»" }.joined(separator: ", ")
            anomalies.append(Anomaly(.foglioMancante, message: "manca il foglio «\(sheet)»: non è una scheda di monitoraggio"
                + (found.isEmpty ? "" : " (fogli presenti: \(found); se un foglio è stato rinominato, ridargli il nome «\(sheet)»)"), file: file))
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
            anomalies.append(Anomaly(.fileIlleggibile, message: error.explanation, file: file, sheet: error.sheet, cell: error.cell))
            return nil
        }
        typealias F = MonitoringContract.Field
        func text(_ field: F) -> String { fields[HeaderKey.normalize(field.rawValue)].map { CellText.text($0.value) } ?? "" }
        func ref(_ field: F) -> String { fields[HeaderKey.normalize(field.rawValue)]?.reference ?? "B1" }
        var ok = true
        let ente = text(.ente)
        if HeaderKey.normalize(ente) != HeaderKey.normalize(plan.ente) {
            flag(.enteErrato, ente.isEmpty ? "manca l'ente" : "la scheda è dell'ente «\(ente)», non di «\(plan.ente)»", sheet: sheet, cell: ref(.ente))
            ok = false
        }
        let year = text(.anno)
        if Int(year) != plan.year {
            flag(.annoErrato, "la scheda è dell'anno «\(year)», il piano del \(plan.year)", sheet: sheet, cell: ref(.anno))
            ok = false
        }
        let sectorText = text(.settore)
        let code = Parser.code(String(sectorText.prefix { $0.isNumber }))
        if plan.sector(code) == nil {
            flag(.settoreSconosciuto, "il settore «\(sectorText)» non esiste nel piano", sheet: sheet, cell: ref(.settore))
            ok = false
        }
        var date: CalendarDate?
        if let cell = fields[HeaderKey.normalize(F.dataRiferimento.rawValue)], case .date(let d) = ItalianValues.date(cell) {
            if d.year == plan.year { date = d } else {
                flag(.dataRiferimentoErrata, "la data di riferimento \(d.italian) non è nell'anno \(plan.year)", sheet: sheet, cell: ref(.dataRiferimento))
            }
        } else {
            flag(.dataRiferimentoErrata, "manca una data di riferimento valida (gg/mm/aaaa)", sheet: sheet, cell: ref(.dataRiferimento))
        }
        if ok, let date { attribution = (code, date) }
        if let date, !monitoringDates.isEmpty, !monitoringDates.contains(date) {
            flag(.dataNonDiMonitoraggio, "la data di riferimento \(date.italian) non è una data di monitoraggio: le date previste sono "
                + monitoringDates.map(\.italian).joined(separator: ", "), sheet: sheet, cell: ref(.dataRiferimento))
            ok = false
        }
        if let identity {
            // The template said who it was for: the visible cells must agree.
            let prepared = "la scheda è stata preparata per"
            if HeaderKey.normalize(identity.ente) != HeaderKey.normalize(plan.ente) || identity.year != plan.year {
                flag(.identitaContraddetta, "\(prepared) «\(identity.ente)» \(identity.year), non per «\(plan.ente)» \(plan.year)", sheet: sheet, cell: ref(.ente))
                ok = false
            }
            if plan.sector(code) != nil, code != identity.sectorCode {
                flag(.identitaContraddetta, "la cella dice il settore «\(sectorText)», ma \(prepared) il settore \(plan.sector(identity.sectorCode)?.label ?? identity.sectorCode): "
                    + "il settore non si cambia (usare la scheda del proprio settore)", sheet: sheet, cell: ref(.settore))
                ok = false
            }
            if let date, date != identity.referenceDate {
                flag(.identitaContraddetta, "la cella dice la data \(date.italian), ma \(prepared) il monitoraggio al \(identity.referenceDate.italian): "
                    + "la data non si cambia (usare la scheda della data giusta)", sheet: sheet, cell: ref(.dataRiferimento))
                ok = false
            }
            if identity.planFingerprint != plan.fingerprint {
                flag(.pianoCambiato, "la scheda è stata preparata su una versione precedente del piano: i valori sono letti con il piano attuale "
                    + "(controllare che indicatori e target coincidano)", sheet: sheet, cell: ref(.settore))
            }
        }
        var compiledOn: CalendarDate?
        if let cell = fields[HeaderKey.normalize(F.dataCompilazione.rawValue)], !CellText.text(cell.value).isEmpty {
            if case .date(let d) = ItalianValues.date(cell) { compiledOn = d } else {
                flag(.valoreSconosciuto, "la data di compilazione «\(CellText.text(cell.value))» non è una data", sheet: sheet, cell: cell.reference)
            }
        }
        guard ok, let date else { return nil }
        return Header(sector: code, date: date, compiledBy: text(.compilatoDa), compiledOn: compiledOn)
    }

    /// The template's identity, when the file has its sheet (hand-made files have none).
    mutating func readIdentity(_ book: XLSXWorkbook) -> MonitoringContract.Identity? {
        guard let info = book.sheet(named: MonitoringContract.identita), let reader = try? book.rows(of: info) else { return nil }
        var values: [String: String] = [:]
        var count = 0
        while count < 20, let row = try? reader.nextRow() {
            count += 1
            if row.cells.count >= 2, case .string(let key) = row.cells[0].value { values[key] = CellText.text(row.cells[1].value) }
        }
        typealias Key = MonitoringContract.Identity.Key
        guard let ente = values[Key.ente.rawValue], let year = values[Key.anno.rawValue].flatMap({ Int($0) }),
              let sector = values[Key.settore.rawValue], let date = values[Key.dataRiferimento.rawValue].flatMap(CalendarDate.init(iso:)) else {
            flag(.identitaIlleggibile, "il foglio nascosto «\(MonitoringContract.identita)» è stato alterato: la scheda è controllata come una fatta a mano",
                 sheet: MonitoringContract.identita, cell: "A1")
            return nil
        }
        return MonitoringContract.Identity(ente: ente, year: year, sectorCode: sector, referenceDate: date, planFingerprint: values[Key.impronta.rawValue] ?? "")
    }

    /// A file none of whose indicator rows belong to its settore is another settore's file with the `Scheda` changed.
    func misattributed(sector: String) -> Anomaly? {
        guard ownRows == 0, let (other, rows) = otherSectorRows.max(by: { $0.value < $1.value }) else { return nil }
        return Anomaly(.schedaAltroSettore,
                       message: "nessuna riga del foglio «\(MonitoringContract.indicatori)» è un indicatore del settore \(sector) indicato nella «\(MonitoringContract.scheda)»; "
                           + "\(rows) sono del settore \(plan.sector(other)?.label ?? other): sembra la scheda di un altro settore",
                       file: file, sheet: MonitoringContract.scheda)
    }

    // MARK: Indicatori

    mutating func readIndicators(_ book: XLSXWorkbook, sector: String) throws(SheetTable.Failure) -> [MeasuredValue] {
        let byID = Dictionary(plan.indicators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var values: [MeasuredValue] = []
        var seen: [String: Int] = [:]
        typealias C = MonitoringContract.Indicators
        let t = try SheetTable.stream(book, sheet: MonitoringContract.indicatori, required: MonitoringContract.required(C.columns)) { t, row in
            guard !t.isBlank(row) else { return }
            let id = t.text(row, C.id)
            let at = t.reference(row, C.id)
            guard !id.isEmpty else {
                flag(.rigaSenzaID, "riga senza ID indicatore: ignorata", sheet: t.sheet, cell: at)
                return
            }
            guard let indicator = byID[id] else {
                flag(.indicatoreSconosciuto, "l'indicatore «\(id)» non esiste nel piano: riga ignorata", sheet: t.sheet, cell: at)
                return
            }
            guard indicator.sectorCode == sector else {
                otherSectorRows[indicator.sectorCode, default: 0] += 1
                flag(.indicatoreAltroSettore, "l'indicatore \(id) è del settore \(indicator.sectorCode), non del \(sector): riga ignorata", sheet: t.sheet, cell: at)
                return
            }
            if let first = seen[id] {
                flag(.indicatoreDuplicato, "l'indicatore \(id) compare due volte (vale la riga \(first))", sheet: t.sheet, cell: at)
                return
            }
            seen[id] = row.index
            ownRows += 1
            let cell = t.cell(row, C.value)
            let source = t.source(row, C.value)
            let value = cell.flatMap { quantity($0, indicator, source) }
            values.append(MeasuredValue(indicatorID: id, value: value, rawText: cell.map(CellText.typed) ?? "",
                                        note: t.text(row, C.note), deviationReason: t.text(row, C.deviation), source: source))
        }
        for indicator in plan.indicators(reportedBy: sector) where seen[indicator.id] == nil {
            flag(.indicatoreMancante, "manca la riga dell'indicatore \(indicator.id): risulterà senza valore", sheet: t.sheet, cell: "A\(t.headerRow)")
        }
        return values
    }

    /// The cell read as the indicator's measure asks. Nil (with an anomaly)
    /// when it cannot be; the raw text is kept by the caller either way.
    mutating func quantity(_ cell: Cell, _ ind: Indicator, _ at: SourceCell) -> Quantity? {
        let typed = CellText.typed(cell)
        let what = "indicatore \(ind.id)"
        switch cell.value {
        case .error(let e):
            flag(.valoreNonValido, "\(what): la cella contiene l'errore \(e)", sheet: at.sheet, cell: at.cell)
            return nil
        case .formula(let f):
            flag(.valoreNonValido, "\(what): la formula =\(f) non ha un valore calcolato (aprire e salvare il file con Excel o LibreOffice)", sheet: at.sheet, cell: at.cell)
            return nil
        case .string(let s) where s.isBlank:
            return nil
        default: break
        }
        func wrong(_ expected: String) -> Quantity? {
            flag(.valoreTipoErrato, "\(what): «\(typed)» non è \(expected) come chiede la misura «\(ind.measure?.rawValue ?? "")»", sheet: at.sheet, cell: at.cell)
            return nil
        }
        if ind.isChangeOverBaselineAmount {
            // The amount itself (e.g. € of morosità), in the baseline's unit.
            switch cell.value {
            case .number(let v) where !cell.isPercentFormat: return .number(v)
            case .string(let s): if let v = ItalianValues.number(s) { return .number(v) }
            default: break
            }
            let isPercent: Bool = {
                if case .number = cell.value { return cell.isPercentFormat }
                if case .string(let s) = cell.value { return ItalianValues.percent(s) != nil }
                return false
            }()
            if isPercent {
                // The settore typed the target's percentage where the year's amount goes.
                flag(.valoreTipoErrato, "\(what): «\(typed)» è una percentuale, ma qui va il valore dell'anno nella stessa unità della baseline "
                    + "(\(ind.baseline?.italian ?? "")): la variazione rispetto alla baseline la calcola il consolidamento", sheet: at.sheet, cell: at.cell)
                return nil
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
                    flag(.siNoComePercentuale, "\(what): «\(typed)» letto come \(yes ? "100%" : "0%") (il piano chiede si/no ma misura in percentuale)", sheet: at.sheet, cell: at.cell)
                    return .percent(yes ? 1 : 0)
                }
                else { return wrong("una percentuale") }
            default: return wrong("una percentuale")
            }
            if plain && ratio > 0 && ratio < 0.01 {
                flag(.percentualeAmbigua, "\(what): «\(typed)» letto come \(Quantity.percent(ratio).italian); se si intendeva \(Quantity.percent(ratio * 100).italian) scrivere «\(Quantity.percent(ratio * 100).italian)»", sheet: at.sheet, cell: at.cell)
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
                flag(.dataImpossibile, "\(what): la data «\(typed)» non esiste nel calendario", sheet: at.sheet, cell: at.cell)
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
            flag(.valoreSoloTesto, "\(what): il piano non indica la misura e «\(typed)» non è un numero: conservato come testo", sheet: at.sheet, cell: at.cell)
            return nil
        }
    }

    // MARK: Fasi

    mutating func readPhases(_ book: XLSXWorkbook, sector: String, date: CalendarDate) throws(SheetTable.Failure) -> [PhaseReport] {
        typealias C = MonitoringContract.Phases
        let objectives = Set(plan.objectives(reportedBy: sector).map(\.id))
        let phases = Set(plan.phases.map(\.key))
        var reports: [PhaseReport] = []
        var seen: Set<String> = []
        var rowOfPhase: [String: Int] = [:]
        let table = try SheetTable.stream(book, sheet: MonitoringContract.fasi, required: MonitoringContract.required(C.columns)) { t, row in
            guard !t.isBlank(row) else { return }
            let objective = t.text(row, C.objective)
            let n = Int(t.text(row, C.number)) ?? 0
            let key = "\(objective)/\(n)"
            let at = t.reference(row, C.objective)
            guard phases.contains(key) else {
                flag(.faseSconosciuta, "la fase \(n) dell'obiettivo «\(objective)» non esiste nel piano: riga ignorata", sheet: t.sheet, cell: at)
                return
            }
            guard objectives.contains(objective) else {
                flag(.faseAltroSettore, "l'obiettivo \(objective) non è del settore \(sector): riga ignorata", sheet: t.sheet, cell: at)
                return
            }
            guard seen.insert(key).inserted else {
                flag(.faseDuplicata, "la fase \(n) dell'obiettivo \(objective) compare due volte", sheet: t.sheet, cell: at)
                return
            }
            let stateText = t.text(row, C.state)
            let state = Self.phaseState(stateText)
            if state == nil && !stateText.isEmpty {
                flag(.valoreNonValido, "fase \(key): stato «\(stateText)» sconosciuto (non avviata, in corso, completata)", sheet: t.sheet, cell: t.reference(row, C.state))
            }
            var completedOn: CalendarDate?
            if let cell = t.cell(row, C.completedOn), !CellText.text(cell.value).isEmpty {
                switch ItalianValues.date(cell) {
                case .date(let d): completedOn = d
                case .impossible:
                    flag(.dataImpossibile, "fase \(key): la data «\(CellText.text(cell.value))» non esiste nel calendario", sheet: t.sheet, cell: cell.reference)
                case .notADate:
                    flag(.valoreNonValido, "fase \(key): «\(CellText.text(cell.value))» non è una data (gg/mm/aaaa)", sheet: t.sheet, cell: cell.reference)
                }
            }
            if state == .completed && completedOn == nil {
                flag(.faseSenzaData, "fase \(key): completata ma senza data di completamento", sheet: t.sheet, cell: t.reference(row, C.completedOn))
            } else if let completedOn, state != .completed {
                flag(.faseDataSenzaStato, "fase \(key): data di completamento \(completedOn.italian) ma stato «\(stateText)»", sheet: t.sheet, cell: t.reference(row, C.state))
            }
            reports.append(PhaseReport(objectiveID: objective, number: n, state: state, completedOn: completedOn,
                                       note: t.text(row, C.note), source: t.source(row, C.state)))
            rowOfPhase[key] = row.index
        }
        // A phase due by the reference date without a state counts as not respected: say so, cell by cell.
        let phaseCompliance = Set(plan.indicators.filter { $0.sectorCode == sector && $0.isPhaseCompliance && $0.target != nil
            && $0.measure != .data && $0.measure != .siNo }.map(\.objectiveID))
        let declared = Dictionary(reports.map { ("\($0.objectiveID)/\($0.number)", $0) }, uniquingKeysWith: { a, _ in a })
        for phase in plan.phases where objectives.contains(phase.objectiveID) && phaseCompliance.contains(phase.objectiveID) {
            guard let end = phase.end, end <= date, declared[phase.key]?.state == nil else { continue }
            let cell = rowOfPhase[phase.key].map { CellReference.a1(row: $0, column: table.column(C.state) ?? 1) } ?? "A\(table.headerRow)"
            flag(.faseDovutaSenzaStato, "fase \(phase.key) («\(phase.description.prefix(60))»): doveva concludersi entro il \(end.italian) ma non ha «\(C.state)»: "
                + "nel rispetto di fasi e tempi conta come non rispettata", sheet: table.sheet, cell: cell)
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
