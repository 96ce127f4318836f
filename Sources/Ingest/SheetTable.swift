import PerformanceModel
import XLSXReader

/// A sheet read as a table: the header row is found by its names (any
/// order, extra columns ignored, title rows above it skipped), then each
/// data row gives its cells by header.
public struct SheetTable {
    public let file: String
    public let sheet: String
    public let headerRow: Int
    /// Normalised header → column (1-based).
    public let columns: [String: Int]
    /// The required headers as the code spells them → column: most lookups
    /// skip normalisation.
    let requiredColumns: [String: Int]
    public let rows: [Row]

    public struct Row {
        public let index: Int
        let cells: [Int: Cell]
    }

    /// Missing sheet or columns, as anomalies naming sheet and header row.
    public enum Failure: Error {
        case missingSheet(Anomaly)
        case missingColumns(Anomaly)
        case unreadable(XLSXError)

        public var anomaly: Anomaly {
            switch self {
            case .missingSheet(let a), .missingColumns(let a): return a
            case .unreadable(let e):
                return Anomaly(.fileIlleggibile, message: e.explanation, file: e.file, sheet: e.sheet, cell: e.cell)
            }
        }
    }

    /// Reads `sheetName` whole and finds, among its first 20 rows, the first
    /// one holding every `required` header (the plan's sheets: read several times).
    public static func read(_ book: XLSXWorkbook, sheet sheetName: String, required: [String]) throws(Failure) -> SheetTable {
        var data: [Row] = []
        let header = try scan(book, sheet: sheetName, required: required) { _, row in data.append(row) }
        return SheetTable(file: header.file, sheet: header.sheet, headerRow: header.headerRow, columns: header.columns,
                          requiredColumns: header.requiredColumns, rows: data)
    }

    /// Streams `sheetName`: each data row below the header goes to `body` as
    /// it is read and is not kept, so memory stays flat however many rows a
    /// submitted sheet holds. The table returned has the header, no rows.
    @discardableResult
    public static func stream(_ book: XLSXWorkbook, sheet sheetName: String, required: [String],
                              _ body: (SheetTable, Row) -> Void) throws(Failure) -> SheetTable {
        try scan(book, sheet: sheetName, required: required, body)
    }

    static func scan(_ book: XLSXWorkbook, sheet sheetName: String, required: [String],
                     _ body: (SheetTable, Row) -> Void) throws(Failure) -> SheetTable {
        guard let info = book.sheet(named: sheetName) else {
            let found = book.sheets.map { "«\($0.name)»" }.joined(separator: ", ")
            throw .missingSheet(Anomaly(.foglioMancante,
                                        message: "manca il foglio «\(sheetName)»" + (found.isEmpty ? "" : " (fogli presenti: \(found))"), file: book.fileName))
        }
        let reader: SheetReader
        do { reader = try book.rows(of: info) } catch { throw .unreadable(error) }
        func next() throws(Failure) -> XLSXReader.Row? {
            do { return try reader.nextRow() } catch { throw .unreadable(error) }
        }
        let wanted = required.map(HeaderKey.normalize)
        var best: (row: Int, found: Int, missing: [String])? = nil
        var scanned = 0
        while scanned < 20, let row = try next() {
            scanned += 1
            var columns: [String: Int] = [:]
            for cell in row.cells {
                if case .string(let s) = cell.value {
                    let key = HeaderKey.normalize(s)
                    if !key.isEmpty && columns[key] == nil { columns[key] = cell.column }
                }
            }
            let missing = zip(required, wanted).filter { columns[$0.1] == nil }.map(\.0)
            if missing.isEmpty {
                let spelled = Dictionary(zip(required, wanted).map { ($0.0, columns[$0.1]!) }, uniquingKeysWith: { a, _ in a })
                let table = SheetTable(file: book.fileName, sheet: info.name, headerRow: row.index, columns: columns,
                                       requiredColumns: spelled, rows: [])
                while let r = try next() {
                    body(table, Row(index: r.index, cells: Dictionary(r.cells.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })))
                }
                return table
            }
            let found = required.count - missing.count
            if best == nil || found > best!.found { best = (row.index, found, missing) }
        }
        let missing = best?.missing ?? required
        let names = missing.map { "«\($0)»" }.joined(separator: ", ")
        throw .missingColumns(Anomaly(.colonnaMancante,
                                      message: "mancano le colonne \(names) (intestazioni cercate nelle prime righe)",
                                      file: book.fileName, sheet: info.name, cell: best.map { "riga \($0.row)" }))
    }

    public func column(_ header: String) -> Int? { requiredColumns[header] ?? columns[HeaderKey.normalize(header)] }

    /// The cell under `header` in `row`, nil when empty or the column is absent.
    public func cell(_ row: Row, _ header: String) -> Cell? {
        guard let c = column(header) else { return nil }
        return row.cells[c]
    }

    /// The A1 reference of `header` in `row` (for messages even when the cell is empty).
    public func reference(_ row: Row, _ header: String) -> String {
        CellReference.a1(row: row.index, column: column(header) ?? 1)
    }

    public func source(_ row: Row, _ header: String) -> SourceCell {
        SourceCell(file: file, sheet: sheet, cell: reference(row, header))
    }

    /// The cell's text, trimmed; numbers as written without a decimal part
    /// when whole (a code typed as 2 reads "2"); empty for an empty cell.
    public func text(_ row: Row, _ header: String) -> String {
        guard let cell = cell(row, header) else { return "" }
        return CellText.text(cell.value)
    }

    /// True when the row has no value at all in the given columns.
    public func isBlank(_ row: Row) -> Bool {
        row.cells.values.allSatisfy { CellText.isEmpty($0.value) }
    }
}

/// Cell values as text, the way a person reads them.
public enum CellText {
    /// What the settore saw in the cell: a number shown with a % format reads "10%", not "0,1".
    public static func typed(_ cell: Cell) -> String {
        if case .number(let v) = cell.value, cell.isPercentFormat { return Quantity.percent(v).italian }
        return text(cell.value)
    }

    public static func text(_ value: CellValue) -> String {
        switch value {
        case .string(let s): return s.trimmed
        case .number(let v): return Quantity.italianNumber(v)
        case .boolean(let b): return b ? "VERO" : "FALSO"
        case .dateTime:
            if let dt = value.dateTime { return dt.italian }
            return ""
        case .error(let e): return e
        case .formula(let f): return "=" + f
        }
    }

    /// `text(value).isEmpty`, without building the text.
    public static func isEmpty(_ value: CellValue) -> Bool {
        switch value {
        case .string(let s): return s.isBlank
        case .number, .boolean, .formula: return false
        case .dateTime: return value.dateTime == nil
        case .error(let e): return e.isEmpty
        }
    }
}
