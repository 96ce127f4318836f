import Foundation
import Ingest
import PerformanceModel
import XLSXWriter

/// The monitoring workbook a settore fills for one monitoring date
/// (DESIGN §4): `Scheda`, `Indicatori`, `Fasi`, `Istruzioni`. Plan columns
/// are locked; input cells are unlocked, validated (numbers, dates within
/// the year, lists) and explained by Italian input messages. The target
/// and the measure sit right beside each input.
///
/// The same writer can pre-fill the inputs (`Filling`): that is how sample
/// data and values imported from another system are produced.
public enum MonitoringTemplate {
    /// Values to pre-fill, as the cells should hold them.
    public struct Filling: Sendable {
        public struct IndicatorInput: Sendable {
            public var value: CellContent
            /// Show the value with a % format (a percent typed in Excel).
            public var percentFormat: Bool
            public var note: String
            public var deviationReason: String

            public init(value: CellContent, percentFormat: Bool = false, note: String = "", deviationReason: String = "") {
                self.value = value
                self.percentFormat = percentFormat
                self.note = note
                self.deviationReason = deviationReason
            }
        }

        public struct PhaseInput: Sendable {
            public var state: CellContent
            public var completedOn: CellContent
            public var note: String

            public init(state: CellContent, completedOn: CellContent = .blank, note: String = "") {
                self.state = state
                self.completedOn = completedOn
                self.note = note
            }
        }

        public var compiledBy: String = ""
        public var compiledOn: CellContent = .blank
        /// Shown in `Scheda`, e.g. that the values are invented sample data.
        public var banner: String = ""
        public var indicators: [String: IndicatorInput] = [:]
        /// Keyed by `Phase.key` ("01-1/3").
        public var phases: [String: PhaseInput] = [:]

        public init() {}
    }

    /// `monitoraggio-cassano-d-adda-2024-settore-02-2024-06-30.xlsx`
    public static func fileName(plan: Plan, sectorCode: String, date: CalendarDate) -> String {
        "monitoraggio-\(slug(plan.ente))-\(plan.year)-settore-\(sectorCode)-\(date.iso).xlsx"
    }

    /// Lower-case ASCII words joined by dashes: "Comune di Cassano d'Adda" → "cassano-d-adda".
    public static func slug(_ ente: String) -> String {
        var name = ente
        for prefix in ["Comune di ", "Città di ", "Citta di ", "Unione dei comuni ", "Unione "] where name.hasPrefix(prefix) {
            name = String(name.dropFirst(prefix.count))
        }
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        let words = folded.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return words.joined(separator: "-")
    }

    public static func write(plan: Plan, sectorCode: String, date: CalendarDate, to path: String, filling: Filling = Filling()) throws(WorkbookWriter.Failure) {
        guard let sector = plan.sector(sectorCode) else {
            throw WorkbookWriter.Failure(path: path, detail: "il settore \(sectorCode) non esiste nel piano")
        }
        let book = try WorkbookWriter(path: path, title: "Monitoraggio \(plan.year) – settore \(sector.label) – \(date.italian)",
                                      author: plan.ente, createdOn: date)
        book.pageHeader = .init(ente: plan.ente, title: "Monitoraggio – settore \(sector.code)", date: "al \(date.italian)")
        writeScheda(book.addSheet(MonitoringContract.scheda), plan: plan, sector: sector, date: date, filling: filling)
        writeIndicators(book.addSheet(MonitoringContract.indicatori), plan: plan, sector: sector, filling: filling)
        writePhases(book.addSheet(MonitoringContract.fasi), plan: plan, sector: sector, filling: filling)
        writeInstructions(book.addSheet(MonitoringContract.istruzioni), plan: plan, sector: sector, date: date)
        writeIdentity(book.addSheet(MonitoringContract.identita),
                      MonitoringContract.Identity(ente: plan.ente, year: plan.year, sectorCode: sector.code, referenceDate: date,
                                                  planFingerprint: plan.fingerprint))
        try book.close()
    }

    // MARK: Looks

    static let locked = FormatSpec(wrap: true, background: 0xF2F2F2, border: true)
    static let lockedDate = FormatSpec(numberFormat: "dd/mm/yyyy", background: 0xF2F2F2, border: true)
    static let lockedPercent = FormatSpec(numberFormat: "0.##%", background: 0xF2F2F2, border: true)
    static let lockedNumber = FormatSpec(background: 0xF2F2F2, border: true)
    static let lockedInteger = FormatSpec(numberFormat: "0", background: 0xF2F2F2, border: true)
    static let input = FormatSpec(wrap: true, background: 0xFFF2CC, border: true, unlocked: true)
    static let inputDate = FormatSpec(numberFormat: "dd/mm/yyyy", background: 0xFFF2CC, border: true, unlocked: true)
    static let inputPercent = FormatSpec(numberFormat: "0.##%", background: 0xFFF2CC, border: true, unlocked: true)
    static let inputNumber = FormatSpec(background: 0xFFF2CC, border: true, unlocked: true)
    static let label = FormatSpec(bold: true, background: 0xD9E1F2, border: true)
    static let inputHeader = FormatSpec(bold: true, wrap: true, background: 0xFFD966, border: true)
    static let banner = FormatSpec(bold: true, wrap: true, fontColor: 0xC00000)

    // MARK: Sheets

    static func writeScheda(_ s: SheetWriter, plan: Plan, sector: Sector, date: CalendarDate, filling: Filling) {
        s.setColumn(0, 0, width: 24)
        s.setColumn(1, 1, width: 60)
        s.setRow(0, height: 22)
        s.write(0, 0, .text("Monitoraggio della performance \(plan.year)"), .title)
        let manager = sector.manager(on: date)
        func value(_ field: MonitoringContract.Field) -> (CellContent, FormatSpec) {
            switch field {
            case .ente: return (.text(plan.ente), locked)
            case .anno: return (.number(Double(plan.year)), lockedInteger)
            case .settore: return (.text(sector.label), locked)
            case .dataRiferimento: return (.date(date), lockedDate)
            case .responsabile: return (.text(manager.map { "\($0.name)\($0.role.isEmpty ? "" : " (\($0.role))")" } ?? "non indicato nel piano alla data"), locked)
            case .compilatoDa: return (filling.compiledBy.isEmpty ? .blank : .text(filling.compiledBy), input)
            case .dataCompilazione: return (filling.compiledOn, inputDate)
            }
        }
        let fields = MonitoringContract.Field.allCases
        for (i, field) in fields.enumerated() {
            let (content, format) = value(field)
            s.write(i + 2, 0, .text(field.rawValue), label)
            s.write(i + 2, 1, content, format)
        }
        let nameRow = 2 + fields.firstIndex(of: .compilatoDa)!, dateRow = 2 + fields.firstIndex(of: .dataCompilazione)!
        s.validate(firstRow: nameRow, lastRow: nameRow, column: 1, Validation(.textLength(200), title: "Compilato da",
            message: "Nome e cognome di chi compila la scheda.", errorMessage: "Il testo è troppo lungo (massimo 200 caratteri)."))
        s.validate(firstRow: dateRow, lastRow: dateRow, column: 1, Validation(.date(CalendarDate.firstDay(of: plan.year), CalendarDate.lastDay(of: plan.year + 1)),
            title: "Data compilazione", message: "La data in cui la scheda è stata compilata, gg/mm/aaaa.",
            errorMessage: "Inserire una data valida (gg/mm/aaaa) tra il 01/01/\(plan.year) e il 31/12/\(plan.year + 1)."))
        var row = 10
        // Across both columns and wrapped: a line running past column B would print on a page of its own.
        if !filling.banner.isEmpty {
            s.writeAcross(row, 0, 1, filling.banner, banner, widths: 84)
            row += 2
        }
        s.writeAcross(row, 0, 1, "Compilare i fogli «Indicatori» e «Fasi» nelle celle gialle; le celle grigie vengono dal piano e non si modificano. Istruzioni nel foglio «Istruzioni».",
                      FormatSpec(italic: true, wrap: true), widths: 84)
        s.protect()
        s.activate()
        s.printSetup(landscape: false)
    }

    static func writeIndicators(_ s: SheetWriter, plan: Plan, sector: Sector, filling: Filling) {
        let columns = MonitoringContract.Indicators.columns
        let headers = columns.map(\.header)
        let widths = columns.map(\.width)
        for (c, column) in columns.enumerated() {
            s.write(0, c, .text(column.header), column.role == .input ? inputHeader : FormatSpec.header)
            s.setColumn(c, c, width: column.width)
        }
        s.fitHeaderRow(0, columns.map { ($0.header, $0.width) })
        typealias C = MonitoringContract.Indicators
        /// Where a contract column sits: the layout follows the contract, never a number.
        func at(_ header: String) -> Int { columns.firstIndex { $0.header == header }! }
        let objectives = Dictionary(plan.objectives.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let indicators = plan.indicators(reportedBy: sector.code)
        for (i, ind) in indicators.enumerated() {
            let r = i + 1
            let objective = objectives[ind.objectiveID]
            s.write(r, at(C.id), .text(ind.id), locked)
            s.write(r, at(C.objective), .text(objective.map { "\($0.id) – \($0.title)" } ?? ind.objectiveID), locked)
            s.write(r, at(C.description), .text(ind.description), locked)
            writeQuantity(s, r, at(C.baseline), ind.baseline)
            s.write(r, at(C.measure), .text(ind.measure?.rawValue ?? "non indicata"), locked)
            writeQuantity(s, r, at(C.target), ind.target)
            let fill = filling.indicators[ind.id]
            s.write(r, at(C.value), fill?.value ?? .blank, inputFormat(ind, percent: fill?.percentFormat))
            s.write(r, at(C.note), fill.map { .text($0.note) } ?? .blank, input)
            s.write(r, at(C.deviation), fill.map { .text($0.deviationReason) } ?? .blank, input)
            s.validate(firstRow: r, lastRow: r, column: at(C.value), validation(ind, year: plan.year))
            s.fitRow(r, [(objective.map { "\($0.id) – \($0.title)" } ?? "", widths[at(C.objective)]), (ind.description, widths[at(C.description)]),
                         (fill?.note ?? "", widths[at(C.note)]), (fill?.deviationReason ?? "", widths[at(C.deviation)])])
        }
        let last = max(indicators.count, 1)
        s.validate(firstRow: 1, lastRow: last, column: at(C.note), Validation(.textLength(2000), title: "Note",
            message: "Annotazioni sul valore (fonte del dato, precisazioni).", errorMessage: "Massimo 2000 caratteri."))
        s.validate(firstRow: 1, lastRow: last, column: at(C.deviation), Validation(.textLength(2000), title: "Motivazione scostamento",
            message: "Se il valore si discosta dal target, spiegare perché: l'OIV legge questa motivazione.", errorMessage: "Massimo 2000 caratteri."))
        s.freezePanes(rows: 1, columns: 1)
        s.autofilter(firstRow: 0, lastRow: indicators.count, firstColumn: 0, lastColumn: headers.count - 1)
        s.protect()
        s.printSetup(repeatRows: 0...0)
    }

    static func writeQuantity(_ s: SheetWriter, _ r: Int, _ c: Int, _ q: Quantity?) {
        switch q {
        case .number(let v)?: s.write(r, c, .number(v), lockedNumber)
        case .percent(let v)?: s.write(r, c, .number(v), lockedPercent)
        case .date(let d)?: s.write(r, c, .date(d), lockedDate)
        case .yesNo(let b)?: s.write(r, c, .text(b ? "SI" : "NO"), locked)
        case nil: s.write(r, c, .blank, locked)
        }
    }

    static func inputFormat(_ ind: Indicator, percent: Bool?) -> FormatSpec {
        let measure = ind.measure
        if let percent { return percent ? inputPercent : (measure == .data ? inputDate : inputNumber) }
        if ind.isChangeOverBaselineAmount { return inputNumber }
        switch measure {
        case .data: return inputDate
        case .percentuale: return inputPercent
        case .quantita, .tempestivita: return inputNumber
        case .siNo, nil: return input
        }
    }

    /// The input rule for an indicator's value, by its measure.
    static func validation(_ ind: Indicator, year: Int) -> Validation {
        let target = ind.target.map { " Target: \($0.italian)." } ?? " Il piano non indica un target."
        if ind.isChangeOverBaselineAmount, let baseline = ind.baseline {
            return Validation(.decimal(-1e12, 1e12), title: "Valore (unità della baseline)",
                message: "Il valore dell'anno nella stessa unità della baseline (\(baseline.italian)), non la percentuale: la variazione è calcolata.\(target)",
                errorMessage: "Inserire un numero, es. 45000 o 45.000,50.")
        }
        switch ind.measure {
        case .percentuale:
            return Validation(.decimal(-1_000_000, 1_000_000), title: "Percentuale",
                message: "Percentuale raggiunta, es. 70%.\(target)", errorMessage: "Inserire una percentuale, es. 70%.")
        case .quantita:
            return Validation(.decimal(-1e12, 1e12), title: "Quantità",
                message: "Un numero, es. 12 o 2,5.\(target)", errorMessage: "Inserire un numero, es. 12 o 2,5.")
        case .tempestivita:
            return Validation(.decimal(-100_000, 100_000), title: "Tempestività (giorni)",
                message: "Un numero di giorni (negativo se in anticipo).\(target)", errorMessage: "Inserire un numero di giorni.")
        case .data:
            return Validation(.date(CalendarDate.firstDay(of: year), CalendarDate.lastDay(of: year + 1)), title: "Data",
                message: "La data in cui è stato raggiunto, gg/mm/aaaa.\(target)",
                errorMessage: "Inserire una data (gg/mm/aaaa) tra il 01/01/\(year) e il 31/12/\(year + 1).")
        case .siNo:
            return Validation(.list(["SI", "NO"]), title: "SI o NO", message: "Scegliere SI o NO dall'elenco.\(target)",
                errorMessage: "Scegliere SI o NO.")
        case nil:
            return Validation(.textLength(200), title: "Valore",
                message: "Il piano non indica la misura: scrivere il valore rilevato e spiegarlo nelle note.", errorMessage: "Massimo 200 caratteri.")
        }
    }

    static func writePhases(_ s: SheetWriter, plan: Plan, sector: Sector, filling: Filling) {
        let columns = MonitoringContract.Phases.columns
        let headers = columns.map(\.header)
        let widths = columns.map(\.width)
        for (c, column) in columns.enumerated() {
            s.write(0, c, .text(column.header), column.role == .input ? inputHeader : FormatSpec.header)
            s.setColumn(c, c, width: column.width)
        }
        s.fitHeaderRow(0, columns.map { ($0.header, $0.width) })
        typealias C = MonitoringContract.Phases
        func at(_ header: String) -> Int { columns.firstIndex { $0.header == header }! }
        let objectiveIDs = Set(plan.objectives(reportedBy: sector.code).map(\.id))
        let phases = plan.phases.filter { objectiveIDs.contains($0.objectiveID) }
        for (i, phase) in phases.enumerated() {
            let r = i + 1
            s.write(r, at(C.objective), .text(phase.objectiveID), locked)
            s.write(r, at(C.number), .number(Double(phase.number)), lockedInteger)
            s.write(r, at(C.description), .text(phase.description), locked)
            s.write(r, at(C.start), phase.start.map { .date($0) } ?? .text("non valida"), lockedDate)
            s.write(r, at(C.end), phase.end.map { .date($0) } ?? .text("non valida"), lockedDate)
            let fill = filling.phases[phase.key]
            s.write(r, at(C.state), fill?.state ?? .blank, input)
            s.write(r, at(C.completedOn), fill?.completedOn ?? .blank, inputDate)
            s.write(r, at(C.note), fill.map { .text($0.note) } ?? .blank, input)
            s.fitRow(r, [(phase.description, widths[at(C.description)]), (fill?.note ?? "", widths[at(C.note)])])
        }
        let last = max(phases.count, 1)
        s.validate(firstRow: 1, lastRow: last, column: at(C.state), Validation(.list(MonitoringContract.Phases.states), title: "Stato della fase",
            message: "Scegliere: non avviata, in corso, completata.", errorMessage: "Scegliere uno stato dall'elenco."))
        s.validate(firstRow: 1, lastRow: last, column: at(C.completedOn), Validation(.date(CalendarDate.firstDay(of: plan.year - 1), CalendarDate.lastDay(of: plan.year + 1)),
            title: "Data completamento", message: "Se la fase è completata: la data in cui si è conclusa, gg/mm/aaaa.",
            errorMessage: "Inserire una data valida (gg/mm/aaaa)."))
        s.validate(firstRow: 1, lastRow: last, column: at(C.note), Validation(.textLength(2000), title: "Note",
            message: "Annotazioni sulla fase (ritardi, cause).", errorMessage: "Massimo 2000 caratteri."))
        s.freezePanes(rows: 1, columns: 2)
        s.autofilter(firstRow: 0, lastRow: phases.count, firstColumn: 0, lastColumn: headers.count - 1)
        s.protect()
        s.printSetup(repeatRows: 0...0)
    }

    /// The identity the reader checks the visible `Scheda` against: hidden and protected.
    static func writeIdentity(_ s: SheetWriter, _ identity: MonitoringContract.Identity) {
        s.write(0, 0, .text("Identità della scheda (non modificare): il consolidamento la confronta con il foglio «Scheda»."), FormatSpec(italic: true))
        for (i, (key, value)) in identity.rows.enumerated() {
            s.write(i + 1, 0, .text(key.rawValue), locked)
            s.write(i + 1, 1, .text(value), locked)
        }
        s.setColumn(0, 1, width: 24)
        s.protect()
        s.hide()
    }

    static func writeInstructions(_ s: SheetWriter, plan: Plan, sector: Sector, date: CalendarDate) {
        // Portrait A4 at 100 %: a 68-wide column (LibreOffice and Excel agree on it); every line wraps and its row grows to fit.
        s.setColumn(0, 0, width: 68)
        let lines = [
            "Come compilare la scheda di monitoraggio",
            "",
            "Questa cartella di lavoro riguarda il settore \(sector.label), \(plan.ente), monitoraggio al \(date.italian).",
            "Si compilano solo le celle gialle. Le celle grigie riportano il piano della performance \(plan.year) e sono protette.",
            "",
            "Foglio «Scheda»: indicare chi compila e la data di compilazione.",
            "Foglio «Indicatori»: per ogni indicatore scrivere nella colonna «Valore rilevato» il valore raggiunto alla data di riferimento.",
            "  • percentuale: scrivere la percentuale, es. 70% (oppure 70);",
            "  • quantità: un numero, es. 12 oppure 2,5;",
            "  • tempestività: il numero di giorni (negativo se in anticipo);",
            "  • data: la data in cui il risultato è stato raggiunto, es. 30/06/\(plan.year);",
            "  • si/no: scegliere SI o NO dall'elenco.",
            "  Se il valore si discosta dal target, spiegarne il motivo in «Motivazione scostamento»: l'OIV la legge.",
            "  Se un dato non è disponibile lasciare la cella vuota e spiegarlo nelle «Note».",
            "Foglio «Fasi»: per ogni fase scegliere lo «Stato» (non avviata, in corso, completata) e, se completata, la «Data completamento».",
            "  Il rispetto di fasi e tempi viene calcolato da questi dati: una fase completata dopo la «Fine» prevista conta come non rispettata.",
            "",
            "Non rinominare i fogli, non spostare né cancellare le colonne, non cambiare gli identificativi (ID).",
            "Salvare in formato Excel (.xlsx), anche da LibreOffice («Salva con nome» › «Excel 2007-365»), senza password.",
            "Depositare il file nella cartella condivisa dei monitoraggi: ogni notte viene letto e si riceve un esito con gli eventuali errori, cella per cella.",
            "Si può inviare di nuovo il file corretto: vale l'ultimo ricevuto per lo stesso settore e la stessa data.",
        ]
        for (i, line) in lines.enumerated() {
            s.write(i, 0, .text(line), i == 0 ? .title : FormatSpec(wrap: true, topAligned: false))
            if i > 0 { s.fitRow(i, [(line, 68)]) }
        }
        s.printSetup(landscape: false)
    }
}
