/// Streams one worksheet row by row. Only the current row is in memory;
/// shared strings are resolved and dates recognised (from the cell style)
/// while scanning, so every `Cell` comes out fully typed.
public final class SheetReader {
    public let sheetName: String
    private let tokenizer: XMLTokenizer
    private let sharedStrings: SharedStrings
    private let styles: Styles
    private let is1904: Bool
    private let limits: ReaderLimits

    private var inSheetData = false
    private var finished = false
    private var rowIndex = 0
    private var lastColumn = 0
    private var cellCount = 0
    private var cells: [Cell] = []
    private var scratch: [UInt8] = []
    /// The cell being read, for error messages.
    private var currentCell: String?

    init(sheetName: String, tokenizer: XMLTokenizer, sharedStrings: SharedStrings, styles: Styles, is1904: Bool, limits: ReaderLimits) {
        self.sheetName = sheetName
        self.tokenizer = tokenizer
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.is1904 = is1904
        self.limits = limits
    }

    /// Bytes of XML held in memory right now (for tests of flat memory).
    var bufferCapacity: Int { tokenizer.bufferCapacity }

    /// The next row that has at least one non-empty cell, or nil at the end.
    public func nextRow() throws(XLSXError) -> Row? {
        do {
            return try scanRow()
        } catch {
            var located = error
            located.sheet = sheetName
            if located.cell == nil { located.cell = currentCell }
            finished = true
            throw located
        }
    }

    /// Every remaining row, for small sheets (templates, plan tables).
    public func allRows() throws(XLSXError) -> [Row] {
        var rows: [Row] = []
        while let row = try nextRow() { rows.append(row) }
        return rows
    }

    private func scanRow() throws(XLSXError) -> Row? {
        let t = tokenizer
        while !finished {
            switch try t.next() {
            case .start:
                if t.nameLength == 1 && t.nameFirstByte == 0x63 { // <c>
                    if let cell = try readCell() { cells.append(cell) }
                } else if t.nameIs("row") {
                    try startRow()
                    if t.selfClosing, let row = takeRow() { return row }
                } else if t.nameIs("sheetData") {
                    inSheetData = true
                    if t.selfClosing { finished = true }
                }
            case .end:
                if t.nameIs("row") {
                    if let row = takeRow() { return row }
                } else if t.nameIs("sheetData") {
                    // Nothing after the cell table matters to us, but the
                    // part is still read to its end so a damaged entry (CRC) shows.
                    finished = true
                    try t.drain()
                }
            case .text:
                continue
            case .eof:
                finished = true
            }
        }
        return takeRow()
    }

    private func startRow() throws(XLSXError) {
        var explicit: Int?
        let t = tokenizer
        try t.forEachAttribute { (name, value) throws(XLSXError) in
            if name.count == 1 && name[0] == 0x72 { // r
                guard let n = Self.parseInt(value), n >= 1, n <= CellReference.maxRow else {
                    throw XLSXError(.badCellReference(String(decoding: value, as: UTF8.self)), file: t.file, part: t.part)
                }
                explicit = n
            }
        }
        // Cells collected outside any row (malformed but harmless) belong to the previous one.
        rowIndex = explicit ?? (rowIndex + 1)
        lastColumn = 0
    }

    private func takeRow() -> Row? {
        guard !cells.isEmpty else { return nil }
        var out = cells
        if !Self.isSorted(out) { out.sort { ($0.row, $0.column) < ($1.row, $1.column) } }
        let row = Row(index: out[0].row, cells: out)
        cells = []
        cells.reserveCapacity(out.count)
        return row
    }

    private static func isSorted(_ cells: [Cell]) -> Bool {
        var i = 1
        while i < cells.count {
            if cells[i].row != cells[i - 1].row || cells[i].column <= cells[i - 1].column { return false }
            i += 1
        }
        return true
    }

    private enum TypeCode { case number, shared, string, inline, boolean, error, isoDate }

    /// Reads one `<c>` element. Returns nil for an empty cell.
    private func readCell() throws(XLSXError) -> Cell? {
        let t = tokenizer
        var ref: (row: Int, column: Int)?
        var type = TypeCode.number
        var style = 0
        try t.forEachAttribute { (name, value) throws(XLSXError) in
            guard name.count <= 1 else { return }
            switch name.first {
            case 0x72: // r
                guard let parsed = CellReference.parse(value) else {
                    throw XLSXError(.badCellReference(String(decoding: value, as: UTF8.self)), file: t.file, part: t.part)
                }
                ref = parsed
            case 0x74: // t
                type = try Self.typeCode(value, t)
            case 0x73: // s
                style = Self.parseInt(value) ?? 0
            default:
                break
            }
        }
        let row: Int
        let column: Int
        if let ref {
            row = ref.row
            column = ref.column
            rowIndex = row
        } else {
            row = max(rowIndex, 1)
            column = lastColumn + 1
            guard column <= CellReference.maxColumn else {
                throw XLSXError(.badCellReference("colonna \(column)"), file: t.file, part: t.part)
            }
        }
        lastColumn = column
        currentCell = nil
        if t.selfClosing { return nil }

        var value: CellValue?
        var formula: String?
        let target = t.depth - 1
        while true {
            switch try t.next() {
            case .start:
                if t.nameLength == 1 && t.nameFirstByte == 0x76 { // <v>
                    value = try readValue(type, style: style, row: row, column: column)
                } else if t.nameLength == 1 && t.nameFirstByte == 0x66 { // <f>
                    let text = try t.elementText()
                    if !text.isEmpty { formula = text }
                } else if t.nameIs("is") {
                    let s = try t.richText()
                    value = s.isEmpty ? nil : .string(s)
                } else {
                    try t.skipElement()
                }
            case .end:
                if t.depth == target {
                    if value == nil, let formula { value = .formula(formula) }
                    guard let value else { return nil }
                    if case .string(let s) = value, s.utf8.count > limits.maxStringBytes {
                        throw XLSXError(.limitExceeded(.stringBytes, limits.maxStringBytes), file: t.file, part: t.part)
                    }
                    cellCount += 1
                    if cellCount > limits.maxCells {
                        throw XLSXError(.limitExceeded(.cells, limits.maxCells), file: t.file, part: t.part)
                    }
                    let percent = style != 0 && styles.kind(style: style) == .percent
                    return Cell(row: row, column: column, value: value, formula: formula, isPercentFormat: percent)
                }
            case .text:
                continue
            case .eof:
                return nil
            }
        }
    }

    /// The value of `<v>` according to the cell type.
    @inline(__always)
    private func readValue(_ type: TypeCode, style: Int, row: Int, column: Int) throws(XLSXError) -> CellValue? {
        let t = tokenizer
        switch type {
        case .number:
            guard let raw = try t.elementRawText(into: &scratch), raw.count > 0 else { return nil }
            guard let v = NumberParser.parse(raw), v.isFinite else {
                throw cellError(.badNumber(String(decoding: raw.prefix(40), as: UTF8.self)), row, column)
            }
            return styles.kind(style: style) == .dateTime ? .dateTime(serial: v, is1904: is1904) : .number(v)
        case .shared:
            guard let raw = try t.elementRawText(into: &scratch), raw.count > 0 else { return nil }
            guard let i = Self.parseInt(raw), let s = sharedStrings[i] else {
                throw cellError(.badSharedStringIndex(String(decoding: raw.prefix(40), as: UTF8.self)), row, column)
            }
            return s.isEmpty ? nil : .string(s)
        case .string, .inline:
            let s = try t.elementText()
            return s.isEmpty ? nil : .string(s)
        case .boolean:
            let s = try t.elementText()
            switch s.trimmingSpaces {
            case "1", "true", "TRUE": return .boolean(true)
            case "0", "false", "FALSE": return .boolean(false)
            case "": return nil
            default: throw cellError(.badNumber(String(s.prefix(40))), row, column)
            }
        case .error:
            let s = try t.elementText()
            return s.isEmpty ? nil : .error(s)
        case .isoDate:
            // ISO 8601 text: a date, a date and time, or a time of day alone
            // (a serial below 1: that time on day 0, as Excel stores times).
            let s = try t.elementText()
            if s.isEmpty { return nil }
            guard let serial = ExcelDateTime.isoSerial(s, is1904: is1904) else {
                throw cellError(.badDate(String(s.prefix(40))), row, column)
            }
            return .dateTime(serial: serial, is1904: is1904)
        }
    }

    private func cellError(_ reason: XLSXError.Reason, _ row: Int, _ column: Int) -> XLSXError {
        XLSXError(reason, file: tokenizer.file, part: tokenizer.part, cell: CellReference.a1(row: row, column: column))
    }

    private static func typeCode(_ v: UnsafeBufferPointer<UInt8>, _ t: XMLTokenizer) throws(XLSXError) -> TypeCode {
        switch v.count {
        case 0: return .number
        case 1:
            switch v[0] {
            case 0x6E: return .number  // n
            case 0x73: return .shared  // s
            case 0x62: return .boolean // b
            case 0x65: return .error   // e
            case 0x64: return .isoDate // d
            default: break
            }
        case 3 where v[0] == 0x73 && v[1] == 0x74 && v[2] == 0x72: return .string // str
        case 9 where String(decoding: v, as: UTF8.self) == "inlineStr": return .inline
        default: break
        }
        throw XLSXError(.badCellType(String(decoding: v.prefix(20), as: UTF8.self)), file: t.file, part: t.part)
    }

    @inline(__always)
    static func parseInt(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !p.isEmpty, p.count <= 18 else { return nil }
        var n = 0
        for b in p {
            guard b &- 0x30 < 10 else { return nil }
            n = n * 10 + Int(b &- 0x30)
        }
        return n
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = self[...]
        while let f = s.first, f == " " || f == "\n" || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\t" || l == "\r" { s = s.dropLast() }
        return s
    }
}
