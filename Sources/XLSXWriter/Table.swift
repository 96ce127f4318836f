/// One column of a report table, defined once: its header, its width, whether
/// it prints, and how a row fills its cell. A table is a list of these; the
/// header row, the widths, the filter, the row heights and the printed area
/// all come from that one list.
public struct Column<Row> {
    public let header: String
    /// Characters.
    public let width: Double
    /// Printed on paper. The printed columns lead the table (a print area is
    /// one block); the others stay on screen, for whoever works the file.
    public let prints: Bool
    public let cell: (Row) -> (CellContent, FormatSpec)

    public init(_ header: String, _ width: Double, prints: Bool = true, _ cell: @escaping (Row) -> (CellContent, FormatSpec)) {
        self.header = header
        self.width = width
        self.prints = prints
        self.cell = cell
    }

    /// A text column in the plain bordered, wrapping format.
    public static func text(_ header: String, _ width: Double, prints: Bool = true, _ value: @escaping (Row) -> String) -> Column {
        Column(header, width, prints: prints) { (.text(value($0)), .text) }
    }
}

extension SheetWriter {
    /// Writes `rows` under a header row at `headerRow`: widths, frozen and
    /// filtered header, each row as tall as its wrapped texts, printed A4
    /// landscape with the header on every page and only the printing columns,
    /// at the scale at which they fit the page's width. Returns the data rows
    /// (nil when there are none).
    // Inlinable: specialised for each report's row type where it is called (generic
    // through a module boundary, every cell paid for a runtime metadata lookup).
    @discardableResult @inlinable
    public func table<Row>(_ columns: [Column<Row>], _ rows: [Row], headerRow: Int = 0, landscape: Bool = true) -> ClosedRange<Int>? {
        let printed = columns.prefix { $0.prints }.count
        precondition(columns.dropFirst(printed).allSatisfy { !$0.prints }, "the printed columns must lead the table")
        let written = block(columns, rows, headerRow: headerRow)
        freezePanes(rows: headerRow + 1)
        autofilter(firstRow: headerRow, lastRow: headerRow + rows.count, firstColumn: 0, lastColumn: columns.count - 1)
        printSetup(landscape: landscape, repeatRows: headerRow...headerRow, columns: printed)
        return written
    }

    /// The header row, the widths and the rows of a table, without freezing,
    /// filtering or print setup: one of several tables on a sheet (Sintesi).
    @discardableResult @inlinable
    public func block<Row>(_ columns: [Column<Row>], _ rows: [Row], headerRow: Int) -> ClosedRange<Int>? {
        for (c, column) in columns.enumerated() {
            write(headerRow, c, .text(column.header), .header)
            setColumn(c, c, width: column.width)
        }
        fitHeaderRow(headerRow, columns.map { ($0.header, $0.width) })
        for (i, row) in rows.enumerated() {
            let r = headerRow + 1 + i
            var texts: [(String, Double)] = []
            for (c, column) in columns.enumerated() {
                let (content, format) = column.cell(row)
                write(r, c, content, format)
                if format.wrap, case .text(let s) = content, !s.isEmpty { texts.append((s, column.width)) }
            }
            fitRow(r, texts)
        }
        return rows.isEmpty ? nil : (headerRow + 1)...(headerRow + rows.count)
    }
}
