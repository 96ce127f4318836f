import Ingest
import PerformanceModel
import XLSXWriter

/// The blank plan workbook of `piao init`, made from `PlanContract`: every
/// sheet with its headers, codes formatted as text, a drop-down list for every
/// closed vocabulary and for the codes defined in other sheets, a prompt on
/// every column, one example row in grey above the headers (the reader looks
/// for the headers and never reads above them), and an Istruzioni sheet.
public enum BlankPlan {
    /// Row of the explanation, of the example, of the headers; data start below.
    static let noteRow = 0, exampleRow = 1, headerRow = 2
    /// Rows prepared with formats and validations.
    static let preparedRows = 1000

    /// A row written into a plan sheet: values by header, and the headers left
    /// for the ente to fill (orange, empty).
    public struct Row: Sendable {
        public enum Value: Sendable, Equatable {
            case text(String), number(Double), percent(Double), date(CalendarDate)
        }
        public var values: [String: Value]
        public var toFill: Set<String>
        public init(_ values: [String: Value], toFill: Set<String> = []) {
            self.values = values
            self.toFill = toFill
        }
    }

    /// One line of the «Da compilare» sheet: what is left to do and where a carried value came from.
    public struct ToDo: Sendable {
        public var sheet: String, id: String, what: String, source: String
        public init(sheet: String, id: String, what: String, source: String) {
            self.sheet = sheet
            self.id = id
            self.what = what
            self.source = source
        }
    }

    public static let toFillColour: UInt32 = 0xFCE4D6

    /// The plan workbook: blank, or with `rows` (by sheet name) already written, e.g. carried from last year.
    public static func write(ente: String, year: Int, rows: [String: [Row]] = [:], toDo: [ToDo] = [], to path: String) throws(WorkbookWriter.Failure) {
        let january = CalendarDate.firstDay(of: year)
        let book = try WorkbookWriter(path: path, title: "Piano della performance \(year) – \(ente)", author: ente, createdOn: january)
        book.pageHeader = .init(ente: ente, title: "Piano della performance \(year)", date: "anno \(year)")
        for sheet in PlanContract.sheets {
            writeSheet(book.addSheet(sheet.name), sheet, ente: ente, year: year, rows: rows[sheet.name] ?? [])
        }
        if !toDo.isEmpty { writeToDo(book.addSheet("Da compilare"), toDo) }
        writeInstructions(book.addSheet("Istruzioni"), ente: ente, year: year)
        try book.close()
    }

    static func writeToDo(_ s: SheetWriter, _ items: [ToDo]) {
        let columns: [Column<ToDo>] = [
            .text("Foglio", 14) { $0.sheet },
            .text("ID", 12) { $0.id },
            .text("Da compilare", 50) { $0.what },
            .text("Valore riportato: da dove viene", 80) { $0.source },
        ]
        s.table(columns, items)
    }

    static let example = FormatSpec(italic: true, fontColor: 0x808080, border: true)
    static let note = FormatSpec(italic: true, wrap: true)
    static let body = FormatSpec(wrap: true)
    static let textCell = FormatSpec(numberFormat: "@")
    static let dateCell = FormatSpec(numberFormat: "dd/mm/yyyy")

    static func exampleText(_ text: String, year: Int) -> String {
        text.replacingOccurrences(of: "{anno+1}", with: String(year + 1)).replacingOccurrences(of: "{anno}", with: String(year))
    }

    static func writeSheet(_ s: SheetWriter, _ sheet: PlanContract.Sheet, ente: String, year: Int, rows: [Row]) {
        let first = headerRow + 1, last = headerRow + preparedRows
        // Narrower than the full plan's: an A4 landscape page at 70 % or more holds every column.
        let widths = sheet.columns.map { min(PlanWorkbook.widths[$0.header] ?? 14, ["Titolo", "Descrizione", "Nome", "Motivazione", "Ente", "Piano"].contains($0.header) ? 36 : 20) }
        s.writeAcross(noteRow, 0, sheet.columns.count - 1,
                      "«\(sheet.name)»: \(sheet.purpose). La riga grigia qui sotto è un esempio e non viene letta: scrivere i dati sotto le intestazioni, dalla riga \(first + 1). Ogni colonna spiega che cosa scrivere quando si seleziona una cella; le regole sono nel foglio «Istruzioni».",
                      note, widths: widths.reduce(0, +))
        for (c, column) in sheet.columns.enumerated() {
            let format: FormatSpec?
            switch column.kind {
            case .code, .reference, .text, .choice: format = textCell
            case .date: format = dateCell
            default: format = nil
            }
            s.setColumn(c, c, width: widths[c], format)
            s.write(exampleRow, c, .text(exampleText(column.example, year: year)), example)
            s.write(headerRow, c, .text(column.header), column.required ? FormatSpec(bold: true, wrap: true, background: 0xF4B183, border: true) : .header)
            if let rule = validation(column, year: year) {
                s.validate(firstRow: first, lastRow: last, column: c, rule)
            }
        }
        s.fitHeaderRow(headerRow, zip(sheet.headers, widths).map { ($0, $1) })
        let toFill = FormatSpec(background: toFillColour, border: true)
        for (i, row) in rows.enumerated() {
            for (c, column) in sheet.columns.enumerated() {
                if row.toFill.contains(column.header) {
                    s.write(first + i, c, .blank, toFill)
                } else if let value = row.values[column.header] {
                    switch value {
                    case .text(let t): s.write(first + i, c, .text(t), textCell)
                    case .number(let v): s.write(first + i, c, .number(v), FormatSpec())
                    case .percent(let v): s.write(first + i, c, .number(v), FormatSpec(numberFormat: (v * 100).rounded() == v * 100 ? "0%" : "0.00%"))
                    case .date(let d): s.write(first + i, c, .date(d), dateCell)
                    }
                }
            }
        }
        if sheet.name == PlanContract.ente.name, rows.isEmpty {
            // The ente and the year are known: the row is filled; the title is the user's.
            s.write(first, 0, .text(ente), nil)
            s.write(first, 1, .text("Piano della performance \(year)"), nil)
            s.write(first, 2, .number(Double(year)), FormatSpec(numberFormat: "0"))
        }
        s.freezePanes(rows: first)
        s.autofilter(firstRow: headerRow, lastRow: headerRow, firstColumn: 0, lastColumn: sheet.columns.count - 1)
        s.printSetup(repeatRows: headerRow...headerRow, columns: sheet.columns.count)
    }

    /// The cell rule of a column: a list, a date in range, a number in range; a prompt always.
    static func validation(_ column: PlanContract.Column, year: Int) -> Validation? {
        let title = String(column.header.prefix(32))
        let help = column.help.replacingOccurrences(of: "{anno}", with: String(year))
        switch column.kind {
        case .choice(let values):
            return Validation(.list(values), title: title, message: help, errorMessage: "Scegliere un valore dall'elenco: \(values.joined(separator: ", ")).")
        case .reference(let sheet):
            return Validation(.listFormula("='\(sheet)'!$A$\(headerRow + 2):$A$\(headerRow + 1 + preparedRows)"), title: title, message: help,
                              errorMessage: "Scegliere un codice già scritto nel foglio «\(sheet)» (colonna A).")
        case .date(let inYear):
            let from = CalendarDate.firstDay(of: inYear ? year : year - 1), to = CalendarDate.lastDay(of: inYear ? year : year + 3)
            return Validation(.date(from, to), title: title, message: help,
                              errorMessage: "Scrivere una data gg/mm/aaaa tra il \(from.italian) e il \(to.italian).")
        case .integer(let range):
            return Validation(.whole(range.lowerBound, range.upperBound), title: title, message: help,
                              errorMessage: "Scrivere un numero intero da \(range.lowerBound) a \(range.upperBound).")
        case .weight:
            return Validation(.decimal(0.0001, 1_000_000), title: title, message: help, errorMessage: "Il peso è un numero maggiore di zero (vuoto = 1).")
        case .days:
            return Validation(.decimal(0, 3660), title: title, message: help, errorMessage: "Scrivere un numero di giorni, zero o più.")
        case .code, .text, .quantity:
            // Free text or a value of several kinds: only the prompt (a text-length rule shows it).
            return Validation(.textLength(32_767), title: title, message: help, errorMessage: "Il testo è troppo lungo.")
        }
    }

    static func writeInstructions(_ s: SheetWriter, ente: String, year: Int) {
        let width = 100.0
        s.setColumn(0, 0, width: width)
        var lines: [(String, FormatSpec)] = [
            ("Come compilare il piano della performance \(year) – \(ente)", .title),
            ("Un foglio per tabella, da compilare nell'ordine dei fogli. In ogni foglio la riga grigia è un esempio e non viene letta; le intestazioni in arancio sono colonne da riempire in ogni riga. Non rinominare fogli né intestazioni; l'ordine delle colonne è libero. Codici e ID si scrivono come testo (le colonne sono già formattate così): 01.1 resta 01.1. Date gg/mm/aaaa, decimali con la virgola, percentuali con il simbolo %. Poi, da terminale: «piao plan check», che elenca ogni problema con foglio e cella.", note),
        ]
        for sheet in PlanContract.sheets {
            lines.append(("", FormatSpec()))
            lines.append(("Foglio «\(sheet.name)»: \(sheet.purpose)", FormatSpec(bold: true)))
            for column in sheet.columns {
                var line = "• \(column.header)\(column.required ? " (obbligatoria)" : ""): \(exampleText(column.help, year: year))"
                if case .choice(let values) = column.kind { line += " Valori ammessi: \(values.joined(separator: ", "))." }
                if case .reference(let other) = column.kind { line += " Elenco dal foglio «\(other)»." }
                lines.append((line, body))
            }
        }
        lines.append(("", FormatSpec()))
        lines.append(("Come scrivere un target", FormatSpec(bold: true)))
        for (name, rule) in PlanContract.targetRules { lines.append(("• \(name): \(exampleText(rule, year: year))", body)) }
        for (i, (text, format)) in lines.enumerated() {
            s.write(i, 0, .text(text), format)
            if format.wrap { s.fitRow(i, [(text, width)]) }
        }
        s.printSetup(landscape: false)
    }
}
