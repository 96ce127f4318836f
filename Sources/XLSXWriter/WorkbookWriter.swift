import SystemText
import CXlsxWriter
import Foundation
import PerformanceModel

/// A thin, safe layer over libxlsxwriter for every workbook we write.
///
/// - Text is always written as text: a note starting with `=`, `+`, `-`
///   or `@` never becomes a formula (libxlsxwriter's string call never
///   parses formulas).
/// - Output is deterministic: the document's creation time comes from the
///   data (`createdOn`), never from the clock.
/// - The file is written to a temporary name and renamed into place, so a
///   reader never sees half a workbook (a run killed at any point leaves
///   either the old file or the new one).
public final class WorkbookWriter {
    public struct Failure: LocalizedError, CustomStringConvertible {
        public let path: String
        public let detail: String

        public init(path: String, detail: String) {
            self.path = path
            self.detail = detail
        }

        public var description: String { "impossibile scrivere «\((path as NSString).lastPathComponent)»: \(detail)" }
        public var errorDescription: String? { description }
    }

    private let workbook: UnsafeMutablePointer<lxw_workbook>
    private let finalPath: String
    private let temporaryPath: String
    private var formats: [FormatSpec: UnsafeMutablePointer<lxw_format>] = [:]
    private var closed = false
    /// C strings handed to libxlsxwriter that must live until `close()`.
    private var retained: [UnsafeMutablePointer<CChar>] = []
    /// This workbook's calls, when the benchmark records them (`WriterTape`).
    var recording: Recording?
    private var formatIndex: [FormatSpec: Int] = [:]
    private var sheetCount = 0, chartCount = 0

    /// Records one call when a tape is on.
    func record(_ op: WriterTape.Op, _ arguments: TapeValue...) {
        guard recording != nil else { return }
        recording!.bytes.append(op.rawValue)
        for a in arguments { a.append(to: &recording!.bytes) }
    }

    /// The tape's number of a format (-1: none).
    func formatNumber(_ spec: FormatSpec?) -> Int { spec.flatMap { formatIndex[$0] } ?? -1 }

    /// `.<name>.<pid>.tmp` beside `path`: hidden, and tied to the process that
    /// writes it, so a later run can tell a killed run's leftovers from its own.
    /// Every output (workbooks, text, archive copies) is staged under this name.
    public static func temporaryName(for path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
    }

    public init(path: String, title: String, author: String = "piao", createdOn: CalendarDate) throws(Failure) {
        Self.keepFreedMemory
        finalPath = path
        temporaryPath = Self.temporaryName(for: path)
        // libxlsxwriter stages each sheet in a temporary file: in memory (tmpfs) when the system has one.
        var options = lxw_workbook_options()
        let tmpdir = Self.memoryTemporaryDirectory.map { strdup($0)! }
        options.tmpdir = tmpdir
        guard let wb = workbook_new_opt(temporaryPath, &options) else {
            tmpdir.map { free($0) }
            throw Failure(path: path, detail: "cartella non scrivibile")
        }
        workbook = wb
        if let tmpdir { retained.append(tmpdir) }
        if WriterTape.current != nil {
            recording = Recording()
            record(.workbook, temporaryPath, finalPath, Self.memoryTemporaryDirectory ?? "", title, author, Double(createdOn.dayNumber * 86_400))
        }
        var props = lxw_doc_properties()
        props.title = retain(title)
        props.author = retain(author)
        props.company = retain("")
        // Seconds since 1970 of the given day at midnight UTC: data, not the clock.
        props.created = time_t(createdOn.dayNumber * 86_400)
        workbook_set_properties(wb, &props)
    }

    /// libxlsxwriter deflates every part of every workbook with a fresh zlib
    /// state (~270 KiB, freed at once). By default glibc hands such blocks back
    /// to the kernel (mmap/trim) and the next workbook faults them in again:
    /// a third of the time of a small workbook. Freed memory is kept for reuse
    /// instead; the process's footprint stays flat (the same blocks come back).
    static let keepFreedMemory: Void = {
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 64 << 20)
    }()

    /// `/dev/shm` when it is a writable directory (Linux tmpfs).
    static let memoryTemporaryDirectory: String? = {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDir) && isDir.boolValue
            && FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : nil
    }()

    deinit {
        if !closed {
            Self.closing.lock()
            workbook_close(workbook)
            Self.closing.unlock()
            unlink(temporaryPath)
        }
        retained.forEach { free($0) }
    }

    func retain(_ s: String) -> UnsafeMutablePointer<CChar> {
        let p = strdup(s)!
        retained.append(p)
        return p
    }

    /// What every printed page of this workbook carries: the ente on the left,
    /// the title in the middle, the reference date on the right, and
    /// "Pagina N di M" at the foot (with `footnote` beside it, e.g. a closed round's state).
    public struct PageHeader: Sendable {
        public var ente: String
        public var title: String
        public var date: String
        public var footnote: String

        public init(ente: String, title: String, date: String, footnote: String = "") {
            self.ente = ente
            self.title = title
            self.date = date
            self.footnote = footnote
        }

        /// Header and footer strings in Excel's codes (`&L`, `&C`, `&R`, `&P`, `&N`), `&` escaped and each within Excel's 255 characters.
        var codes: (header: String, footer: String) {
            func clean(_ s: String, _ max: Int) -> String {
                let t = s.replacingOccurrences(of: "&", with: "&&")
                return t.count <= max ? t : String(t.prefix(max - 1)) + "…"
            }
            // 8 pt: three parts side by side must not overlap on a portrait page.
            let header = "&L&8" + clean(ente, 50) + "&C&8" + clean(title, 90) + "&R&8" + clean(date, 30)
            let footer = (footnote.isEmpty ? "" : "&L&8" + clean(footnote, 150)) + "&R&8Pagina &P di &N"
            return (header, footer)
        }
    }

    /// A bar for something not scored.
    public static let notScoredBar: UInt32 = 0xBFBFBF

    /// Set before adding sheets: each sheet added then prints it.
    public var pageHeader: PageHeader?

    public func addSheet(_ name: String) -> SheetWriter {
        let sheet = workbook_add_worksheet(workbook, name)!
        let number = sheetCount
        sheetCount += 1
        record(.sheet, name)
        if let codes = pageHeader?.codes {
            worksheet_set_header(sheet, codes.header)
            worksheet_set_footer(sheet, codes.footer)
            record(.header, number, codes.header)
            record(.footer, number, codes.footer)
        }
        return SheetWriter(owner: self, sheet: sheet, number: number)
    }

    /// The libxlsxwriter format for `spec`, created once per workbook.
    func format(_ spec: FormatSpec?) -> UnsafeMutablePointer<lxw_format>? {
        guard let spec else { return nil }
        // Runs of cells share a format: compare with the last one before hashing.
        if let last = lastFormat, last.spec == spec { return last.format }
        let f = formats[spec] ?? {
            let f = workbook_add_format(workbook)!
            spec.apply(to: f)
            formats[spec] = f
            if recording != nil {
                formatIndex[spec] = formatIndex.count
                record(.format, spec.bold, spec.italic, spec.wrap, spec.border, spec.unlocked, spec.topAligned, spec.numberFormat ?? "",
                       spec.background.map { Int($0) } ?? -1, spec.fontColor.map { Int($0) } ?? -1, spec.fontSize ?? 0)
            }
            return f
        }()
        lastFormat = (spec, f)
        return f
    }
    private var lastFormat: (spec: FormatSpec, format: UnsafeMutablePointer<lxw_format>)?

    /// A chart to fill and place with `SheetWriter.insert(_:…)`.
    public func addChart(_ kind: ChartKind) -> ChartWriter {
        let type: lxw_chart_type
        switch kind {
        case .bar: type = LXW_CHART_BAR
        case .column: type = LXW_CHART_COLUMN
        case .line: type = LXW_CHART_LINE
        }
        record(.chart, Int(type.rawValue))
        chartCount += 1
        return ChartWriter(chart: workbook_add_chart(workbook, UInt8(type.rawValue)), owner: self, number: chartCount - 1)
    }

    /// libxlsxwriter formats the document dates with `gmtime`, whose static
    /// buffer other threads share: two workbooks closed at once could swap
    /// their dates. Closing is serialised, so output never depends on --jobs.
    private static let closing = NSLock()

    /// Writes the file and renames it into place.
    /// libxlsxwriter's error, in Italian for what a night can meet (its own texts are English).
    static func italian(_ err: lxw_error) -> String {
        switch err {
        case LXW_ERROR_CREATING_XLSX_FILE: return "impossibile creare il file (cartella inesistente o permesso negato)"
        case LXW_ERROR_CREATING_TMPFILE, LXW_ERROR_READING_TMPFILE: return "impossibile usare un file temporaneo (spazio su disco o permessi)"
        case LXW_ERROR_MEMORY_MALLOC_FAILED: return "memoria insufficiente"
        case LXW_ERROR_ZIP_FILE_OPERATION, LXW_ERROR_ZIP_FILE_ADD, LXW_ERROR_ZIP_CLOSE:
            return "scrittura del file non riuscita (spazio su disco esaurito?)"
        default: return "errore di libxlsxwriter n. \(err.rawValue): \(String(cString: lxw_strerror(err)))"
        }
    }

    public func close() throws(Failure) {
        closed = true
        Self.closing.lock()
        let err = workbook_close(workbook)
        Self.closing.unlock()
        guard err == LXW_NO_ERROR else {
            unlink(temporaryPath)
            throw Failure(path: finalPath, detail: Self.italian(err))
        }
        // No fsync: outputs are derived and rewritten by every run; the rename
        // alone guarantees a reader never sees half a workbook.
        if let recording {
            var bytes = recording.bytes
            bytes.append(WriterTape.Op.close.rawValue)
            WriterTape.current?.append(bytes)
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            let detail = ItalianErrno.current
            unlink(temporaryPath)
            throw Failure(path: finalPath, detail: detail)
        }
    }
}

/// What a cell receives.
public enum CellContent: Equatable, Sendable {
    case text(String)
    case number(Double)
    case date(CalendarDate)
    case boolean(Bool)
    case blank
}

/// The printed page: A4, its margins, and the scale at which columns fit its width.
public enum Page {
    /// Left and right margins, inches (1 cm): more width for the table.
    public static let sideMargin = 0.4
    public static let topMargin = 0.75
    /// Below this a printed page is hard to read (body text under 8 pt).
    public static let minimumScale = 70
    /// Excel's width of a column never set (characters).
    public static let defaultWidth = 8.43

    /// A column's width in pixels at 96 dpi, as Excel and libxlsxwriter count it (7 px a character, 5 of padding).
    public static func pixels(_ width: Double) -> Double {
        width <= 0 ? 0 : width < 1 ? (width * 12 + 0.5).rounded(.down) : (width * 7 + 0.5).rounded(.down) + 5
    }

    /// Printable width of A4 in pixels at 96 dpi, between the side margins.
    public static func printableWidth(landscape: Bool) -> Double {
        ((landscape ? 297 : 210) / 25.4 - 2 * sideMargin) * 96
    }

    /// LibreOffice prints a column about 6 % wider than Excel's 7 px a
    /// character (it measures Carlito's digit, 7.4 px at 11 pt): the scale
    /// keeps that much room, so the last column never spills onto a page of its own.
    public static let suiteAllowance = 1.08

    /// The largest whole percentage, at most 100, at which `widths` fit one page wide in Excel and in LibreOffice.
    public static func scale(widths: [Double], landscape: Bool) -> Int {
        let total = widths.map(pixels).reduce(0, +) * suiteAllowance
        guard total > 0 else { return 100 }
        return min(100, Int((100 * printableWidth(landscape: landscape) / total).rounded(.down)))
    }
}

/// One worksheet being written. Rows and columns are 0-based, as in libxlsxwriter.
public final class SheetWriter {
    unowned let owner: WorkbookWriter
    let sheet: UnsafeMutablePointer<lxw_worksheet>
    /// Column widths set so far (characters) and the last column written: what a page must hold.
    private(set) var widths: [Int: Double] = [:]
    private(set) var lastColumn = -1
    private(set) var lastRow = 0

    /// Its number in the workbook (for `WriterTape`).
    let number: Int

    init(owner: WorkbookWriter, sheet: UnsafeMutablePointer<lxw_worksheet>, number: Int) {
        self.owner = owner
        self.sheet = sheet
        self.number = number
    }

    func record(_ op: WriterTape.Op, _ arguments: TapeValue...) {
        guard owner.recording != nil else { return }
        owner.recording!.bytes.append(op.rawValue)
        number.append(to: &owner.recording!.bytes)
        for a in arguments { a.append(to: &owner.recording!.bytes) }
    }

    public func write(_ row: Int, _ column: Int, _ content: CellContent, _ spec: FormatSpec? = nil) {
        let r = lxw_row_t(row), c = lxw_col_t(column), f = owner.format(spec)
        if column > lastColumn { lastColumn = column }
        if row > lastRow { lastRow = row }
        if owner.recording != nil {
            let n = owner.formatNumber(spec)
            switch content {
            case .text(let s): if s.isEmpty { record(.blank, row, column, n) } else { record(.string, row, column, n, s) }
            case .number(let v): record(.number, row, column, n, v)
            case .date(let d): record(.date, row, column, n, d.year, d.month, d.day)
            case .boolean(let b): record(.boolean, row, column, n, b)
            case .blank: record(.blank, row, column, n)
            }
        }
        switch content {
        case .text(let s):
            if s.isEmpty { worksheet_write_blank(sheet, r, c, f) } else { worksheet_write_string(sheet, r, c, s, f) }
        case .number(let v):
            worksheet_write_number(sheet, r, c, v, f)
        case .date(let d):
            var dt = lxw_datetime(year: Int32(d.year), month: Int32(d.month), day: Int32(d.day), hour: 0, min: 0, sec: 0)
            worksheet_write_datetime(sheet, r, c, &dt, f)
        case .boolean(let b):
            worksheet_write_boolean(sheet, r, c, b ? 1 : 0, f)
        case .blank:
            worksheet_write_blank(sheet, r, c, f)
        }
    }

    public func setColumn(_ first: Int, _ last: Int, width: Double, _ spec: FormatSpec? = nil, hidden: Bool = false) {
        for c in first...max(first, last) { widths[c] = hidden ? 0 : width }
        let f = owner.format(spec)
        record(.column, first, last, width, owner.formatNumber(spec), hidden)
        if hidden {
            var options = lxw_row_col_options(hidden: 1, level: 0, collapsed: 0)
            worksheet_set_column_opt(sheet, lxw_col_t(first), lxw_col_t(last), width, f, &options)
        } else {
            worksheet_set_column(sheet, lxw_col_t(first), lxw_col_t(last), width, f)
        }
    }

    /// Sets a row's height from the wrapped texts it holds, since neither
    /// libxlsxwriter nor every office suite fits heights on opening.
    /// `texts` pairs each text with its column width (in characters).
    public func fitRow(_ row: Int, _ texts: [(String, Double)]) {
        var lines = 1
        for (text, width) in texts where width > 0 {
            lines = max(lines, Self.wrappedLines(text, perLine: max(1, Int(width * Self.charactersPerWidth))))
        }
        if lines > 1 { setRow(row, height: min(409, 15 * Double(lines))) }
    }

    /// Sets the height of a header row from its wrapped headers: bold text is
    /// wider, so each column is fitted as if it were narrower.
    public func fitHeaderRow(_ row: Int, _ headers: [(String, Double)]) {
        fitRow(row, headers.map { ($0.0, $0.1 * 0.85) })
    }

    /// One text across the columns `first...last` of `row`, wrapped, the row as tall as it needs.
    public func writeAcross(_ row: Int, _ first: Int, _ last: Int, _ text: String, _ spec: FormatSpec, widths: Double) {
        worksheet_merge_range(sheet, lxw_row_t(row), lxw_col_t(first), lxw_row_t(row), lxw_col_t(last), text, owner.format(spec))
        record(.merge, row, first, last, text, owner.formatNumber(spec))
        if last > lastColumn { lastColumn = last }
        if row > lastRow { lastRow = row }
        fitRow(row, [(text, widths)])
    }

    /// Characters of ordinary text a column holds per unit of width (a unit
    /// is a digit's width; letters and spaces are narrower), kept a little
    /// low: a row a little too tall wastes paper, one too short hides text.
    static let charactersPerWidth = 1.2

    /// The lines `text` takes wrapped at `perLine` characters, as an office
    /// suite wraps: at spaces and line feeds, a word longer than a line
    /// broken across lines. Capitals count 1.3 (a name in capitals takes a
    /// third as much room again), digits 1.2; other characters one,
    /// counted on UTF-8 lead bytes.
    static func wrappedLines(_ text: String, perLine characters: Int) -> Int {
        let perLine = characters * 10
        var lines = 1, column = 0, word = 0
        func place() {
            guard word > 0 else { return }
            if column > 0 && column + word > perLine { lines += 1; column = 0 }
            if word > perLine {
                lines += (word - 1) / perLine
                column = word - (word - 1) / perLine * perLine
            } else {
                column += word
            }
            word = 0
        }
        for byte in text.utf8 {
            switch byte {
            case 0x0A: place(); lines += 1; column = 0
            case 0x20: place(); column += 10
            case 0x41...0x5A: word += 13
            case 0x30...0x39: word += 12
            case _ where byte & 0xC0 != 0x80: word += 10
            default: break
            }
        }
        place()
        return lines
    }

    /// Starts a new printed page at `row` (e.g. so that charts are not cut across two pages).
    public func pageBreak(before row: Int) {
        var breaks: [lxw_row_t] = [lxw_row_t(row), 0]
        worksheet_set_h_pagebreaks(sheet, &breaks)
        record(.pageBreak, row)
    }

    public func setRow(_ row: Int, height: Double, _ spec: FormatSpec? = nil) {
        worksheet_set_row(sheet, lxw_row_t(row), height, owner.format(spec))
        record(.row, row, height, owner.formatNumber(spec))
    }

    public func freezePanes(rows: Int, columns: Int = 0) {
        worksheet_freeze_panes(sheet, lxw_row_t(rows), lxw_col_t(columns))
        record(.freeze, rows, columns)
    }

    public func autofilter(firstRow: Int, lastRow: Int, firstColumn: Int, lastColumn: Int) {
        worksheet_autofilter(sheet, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(max(lastRow, firstRow)), lxw_col_t(lastColumn))
        record(.autofilter, firstRow, firstColumn, max(lastRow, firstRow), lastColumn)
    }

    /// Landscape A4, fitted to one page wide, header rows repeated on each page.
    /// A4, landscape unless told, the header rows repeated on every page, and
    /// an explicit print scale: the largest, up to 100 %, at which the first
    /// `columns` columns (all those written, by default) fit one page wide.
    /// Columns after them do not print (they stay on screen). Call it after the cells are written. Never "fit to
    /// page": that shrinks a wide table to an unreadable 4 pt. A table must
    /// choose its printed columns so that the scale stays ≥ `minimumScale`.
    public func printSetup(landscape: Bool = true, repeatRows: ClosedRange<Int>? = nil, columns: Int? = nil) {
        if landscape { worksheet_set_landscape(sheet); record(.landscape) }
        worksheet_set_paper(sheet, 9)
        record(.paper, 9)
        defer {
            if let repeatRows {
                worksheet_repeat_rows(sheet, lxw_row_t(repeatRows.lowerBound), lxw_row_t(repeatRows.upperBound))
                record(.repeatRows, repeatRows.lowerBound, repeatRows.upperBound)
            }
        }
        worksheet_set_margins(sheet, Page.sideMargin, Page.sideMargin, Page.topMargin, Page.topMargin)
        record(.margins, Page.sideMargin, Page.sideMargin, Page.topMargin, Page.topMargin)
        let printed = columns ?? (lastColumn + 1)
        // A table names its printed columns: text running past them (a long note line) is cut, never printed on a page of its own.
        if let columns {
            // The rows written so far (call this last): "$A$1:$K$157" reads everywhere, whole columns do not.
            worksheet_print_area(sheet, 0, 0, lxw_row_t(lastRow), lxw_col_t(columns - 1))
            record(.printArea, lastRow, columns - 1)
        }
        let scale = Page.scale(widths: (0..<max(1, printed)).map { widths[$0] ?? Page.defaultWidth }, landscape: landscape)
        worksheet_set_print_scale(sheet, UInt16(scale))
        record(.printScale, scale)
    }

    /// The plan workbook's print, unchanged since it was first committed: every
    /// column fitted to the width of an A4 landscape page (the plan is the
    /// ente's data, each column of it matters; it is rarely printed).
    public func printFittingWidth(repeatRows: ClosedRange<Int>) {
        worksheet_set_landscape(sheet)
        worksheet_set_paper(sheet, 9)
        worksheet_fit_to_pages(sheet, 1, 0)
        worksheet_repeat_rows(sheet, lxw_row_t(repeatRows.lowerBound), lxw_row_t(repeatRows.upperBound))
        record(.landscape)
        record(.paper, 9)
        record(.fitToPages, 1, 0)
        record(.repeatRows, repeatRows.lowerBound, repeatRows.upperBound)
    }

    /// Protects the sheet: locked cells cannot be edited; unlocked ones (input
    /// cells) can. Filtering and resizing stay allowed.
    public func protect() {
        var options = lxw_protection()
        options.format_columns = 1
        options.format_rows = 1
        options.autofilter = 1
        options.sort = 0
        worksheet_protect(sheet, nil, &options)
        record(.protect)
    }

    public func hide() { worksheet_hide(sheet); record(.hide) }

    /// Colours a block of ratio cells by band: green from `achieved`,
    /// yellow from `partial`, red below (blank cells stay uncoloured).
    public func colourBands(firstRow: Int, lastRow: Int, column: Int, achieved: Double, partial: Double) {
        guard lastRow >= firstRow else { return }
        // First, and stopping there: a cell that holds no number (non valutabile, with its reason) is neutral grey,
        // never a band colour. Excel and LibreOffice both apply the first rule that matches.
        var cell = [CChar](repeating: 0, count: 32)
        lxw_rowcol_to_cell(&cell, lxw_row_t(firstRow), lxw_col_t(column))
        var neutral = lxw_conditional_format()
        neutral.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
        let formula = strdup("=NOT(ISNUMBER(\(String(cString: cell))))")
        defer { free(formula) }
        neutral.value_string = formula
        neutral.stop_if_true = 1
        neutral.format = owner.format(FormatSpec(background: Self.notScoredGrey, fontColor: 0x595959))
        worksheet_conditional_format_range(sheet, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column), &neutral)
        record(.conditionalFormula, firstRow, lastRow, column, String(cString: formula!),
               owner.formatNumber(FormatSpec(background: Self.notScoredGrey, fontColor: 0x595959)), true)
        let rules: [(UInt8, Double, Double, UInt32, UInt32)] = [
            (UInt8(LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue), achieved, 0, 0xC6EFCE, 0x006100),
            (UInt8(LXW_CONDITIONAL_CRITERIA_BETWEEN.rawValue), partial, achieved - 1e-9, 0xFFEB9C, 0x9C5700),
            (UInt8(LXW_CONDITIONAL_CRITERIA_LESS_THAN.rawValue), partial, 0, 0xFFC7CE, 0x9C0006),
        ]
        for (criteria, value, maximum, fill, font) in rules {
            var cf = lxw_conditional_format()
            cf.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
            cf.criteria = criteria
            if criteria == UInt8(LXW_CONDITIONAL_CRITERIA_BETWEEN.rawValue) {
                cf.min_value = value
                cf.max_value = maximum
            } else {
                cf.value = value
            }
            cf.format = owner.format(FormatSpec(background: fill, fontColor: font))
            worksheet_conditional_format_range(sheet, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column), &cf)
            record(.conditionalCell, firstRow, lastRow, column, Int(criteria), value, value, maximum,
                   owner.formatNumber(FormatSpec(background: fill, fontColor: font)))
        }
    }

    /// The fill of a cell that is not scored (non valutabile, not due): neutral, no band.
    public static let notScoredGrey: UInt32 = 0xEDEDED

    /// Places a chart with its top-left corner at the cell.
    public func insert(_ chart: ChartWriter, row: Int, column: Int, widthScale: Double = 1, heightScale: Double = 1) {
        var options = lxw_chart_options()
        options.x_scale = widthScale
        options.y_scale = heightScale
        worksheet_insert_chart_opt(sheet, lxw_row_t(row), lxw_col_t(column), chart.chart, &options)
        record(.insertChart, row, column, chart.number, widthScale, heightScale)
    }

    /// The sheet's name for chart ranges.
    public var name: String { String(cString: sheet.pointee.name) }

    public func activate() { worksheet_activate(sheet); record(.activate) }

    /// A data validation on a block of cells, with an Italian input message
    /// and error message.
    public func validate(firstRow: Int, lastRow: Int, column: Int, _ rule: Validation) {
        guard lastRow >= firstRow else { return }
        var v = lxw_data_validation()
        // libxlsxwriter's flags are tri-state: 0 = default, 1 = LXW_VALIDATION_OFF, 2 = LXW_VALIDATION_ON.
        // Writing 1 here once switched every prompt and every stop error off.
        v.ignore_blank = UInt8(LXW_VALIDATION_ON.rawValue)
        v.show_input = UInt8(LXW_VALIDATION_ON.rawValue)
        v.show_error = UInt8(LXW_VALIDATION_ON.rawValue)
        v.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        v.input_title = owner.retain(String(rule.title.prefix(32)))
        v.input_message = owner.retain(String(rule.message.prefix(255)))
        v.error_title = owner.retain("Valore non ammesso")
        v.error_message = owner.retain(String(rule.errorMessage.prefix(255)))
        var list: [UnsafeMutablePointer<CChar>?] = []
        switch rule.kind {
        case .decimal(let min, let max):
            v.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            v.minimum_number = min
            v.maximum_number = max
        case .date(let from, let to):
            v.validate = UInt8(LXW_VALIDATION_TYPE_DATE.rawValue)
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            v.minimum_datetime = lxw_datetime(year: Int32(from.year), month: Int32(from.month), day: Int32(from.day), hour: 0, min: 0, sec: 0)
            v.maximum_datetime = lxw_datetime(year: Int32(to.year), month: Int32(to.month), day: Int32(to.day), hour: 0, min: 0, sec: 0)
        case .list(let items):
            v.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
            list = items.map { owner.retain($0) } + [nil]
        case .listFormula(let formula):
            v.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
            v.value_formula = owner.retain(formula)
        case .whole(let min, let max):
            v.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            v.minimum_number = Double(min)
            v.maximum_number = Double(max)
        case .textLength(let max):
            v.validate = UInt8(LXW_VALIDATION_TYPE_LENGTH.rawValue)
            v.criteria = UInt8(LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO.rawValue)
            v.value_number = Double(max)
        }
        if owner.recording != nil {
            let items: [String]
            var numbers = (0.0, 0.0), dates = (CalendarDate(year: 1900, month: 1, day: 1)!, CalendarDate(year: 1900, month: 1, day: 1)!), formula = ""
            switch rule.kind {
            case .decimal(let a, let b): numbers = (a, b); items = []
            case .date(let a, let b): dates = (a, b); items = []
            case .list(let l): items = l
            case .listFormula(let f): formula = f; items = []
            case .whole(let a, let b): numbers = (Double(a), Double(b)); items = []
            case .textLength(let m): numbers = (Double(m), 0); items = []
            }
            owner.recording!.bytes.append(WriterTape.Op.validation.rawValue)
            for a: TapeValue in [number, firstRow, lastRow, column, Int(v.validate), Int(v.criteria), String(rule.title.prefix(32)), String(rule.message.prefix(255)),
                                 String(rule.errorMessage.prefix(255)), numbers.0, numbers.1, dates.0.year, dates.0.month, dates.0.day,
                                 dates.1.year, dates.1.month, dates.1.day, formula, items.count] {
                a.append(to: &owner.recording!.bytes)
            }
            for item in items { item.append(to: &owner.recording!.bytes) }
        }
        list.withUnsafeMutableBufferPointer { buffer in
            if !buffer.isEmpty { v.value_list = buffer.baseAddress }
            worksheet_data_validation_range(sheet, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column), &v)
        }
    }
}

/// A data-validation rule for input cells.
public struct Validation {
    public enum Kind {
        case decimal(Double, Double)
        case date(CalendarDate, CalendarDate)
        case list([String])
        /// A list read from a range of the workbook, e.g. `=Settori!$A$4:$A$1003`.
        case listFormula(String)
        case whole(Int, Int)
        case textLength(Int)
    }

    public let kind: Kind
    public let title: String
    public let message: String
    public let errorMessage: String

    public init(_ kind: Kind, title: String, message: String, errorMessage: String) {
        self.kind = kind
        self.title = title
        self.message = message
        self.errorMessage = errorMessage
    }
}

/// A cell format, by value: equal specs share one libxlsxwriter format.
public struct FormatSpec: Hashable, Sendable {
    public var bold = false
    public var italic = false
    public var wrap = false
    public var numberFormat: String?
    public var background: UInt32?
    public var fontColor: UInt32?
    public var border = false
    public var unlocked = false
    public var topAligned = true
    public var fontSize: Double?

    public init(bold: Bool = false, italic: Bool = false, wrap: Bool = false, numberFormat: String? = nil, background: UInt32? = nil,
                fontColor: UInt32? = nil, border: Bool = false, unlocked: Bool = false, topAligned: Bool = true, fontSize: Double? = nil) {
        self.bold = bold
        self.italic = italic
        self.wrap = wrap
        self.numberFormat = numberFormat
        self.background = background
        self.fontColor = fontColor
        self.border = border
        self.unlocked = unlocked
        self.topAligned = topAligned
        self.fontSize = fontSize
    }

    func apply(to f: UnsafeMutablePointer<lxw_format>) {
        if bold { format_set_bold(f) }
        if italic { format_set_italic(f) }
        if wrap { format_set_text_wrap(f) }
        if let numberFormat { format_set_num_format(f, numberFormat) }
        if let background { format_set_bg_color(f, lxw_color_t(background)) }
        if let fontColor { format_set_font_color(f, lxw_color_t(fontColor)) }
        if border { format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue)); format_set_border_color(f, 0xBFBFBF) }
        if unlocked { format_set_unlocked(f) }
        if topAligned { format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        if let fontSize { format_set_font_size(f, fontSize) }
    }

    // Shared looks.
    public static let header = FormatSpec(bold: true, wrap: true, background: 0xD9E1F2, border: true)
    public static let text = FormatSpec(wrap: true, border: true)
    public static let date = FormatSpec(numberFormat: "dd/mm/yyyy", border: true)
    public static let percent = FormatSpec(numberFormat: "0%", border: true)
    public static let percentDecimal = FormatSpec(numberFormat: "0.0#%", border: true)
    public static let number = FormatSpec(border: true)
    public static let integer = FormatSpec(numberFormat: "0", border: true)
    public static let title = FormatSpec(bold: true, topAligned: false, fontSize: 14)
}

public enum ChartKind { case bar, column, line }

/// A chart: series from ranges of a sheet, a title, axes as percentages.
public final class ChartWriter {
    let chart: UnsafeMutablePointer<lxw_chart>
    unowned let owner: WorkbookWriter

    /// Its number in the workbook (for `WriterTape`).
    let number: Int

    init(chart: UnsafeMutablePointer<lxw_chart>, owner: WorkbookWriter, number: Int) {
        self.chart = chart
        self.owner = owner
        self.number = number
    }

    func record(_ op: WriterTape.Op, _ arguments: TapeValue...) {
        guard owner.recording != nil else { return }
        owner.recording!.bytes.append(op.rawValue)
        number.append(to: &owner.recording!.bytes)
        for a in arguments { a.append(to: &owner.recording!.bytes) }
    }

    /// A series: categories and values as 0-based (firstRow…lastRow, column) ranges of `sheet`.
    private var lastSeries: UnsafeMutablePointer<lxw_chart_series>?

    public func addSeries(name: String?, sheet: String, categories: (Int, Int, Int), values: (Int, Int, Int)) {
        guard let series = chart_add_series(chart, nil, nil) else { return }
        lastSeries = series
        chart_series_set_categories(series, sheet, lxw_row_t(categories.0), lxw_col_t(categories.2), lxw_row_t(categories.1), lxw_col_t(categories.2))
        chart_series_set_values(series, sheet, lxw_row_t(values.0), lxw_col_t(values.2), lxw_row_t(values.1), lxw_col_t(values.2))
        if let name { chart_series_set_name(series, name) }
        let marker = chart.pointee.type == UInt8(LXW_CHART_LINE.rawValue)
        if marker {
            chart_series_set_marker_type(series, UInt8(LXW_CHART_MARKER_AUTOMATIC.rawValue))
        }
        record(.series, name ?? "", name != nil, sheet, categories.0, categories.1, categories.2, values.0, values.1, values.2, marker)
    }

    /// Values written on the bars or points (e.g. "0.0%"), and one fill colour per point (band colours).
    public func labelLastSeries(format: String, pointColours: [UInt32]? = nil) {
        guard let series = lastSeries else { return }
        chart_series_set_labels(series)
        chart_series_set_labels_num_format(series, format)
        if owner.recording != nil {
            let colours = pointColours ?? []
            record(.labels, format, colours.count)
            for c in colours { c.append(to: &owner.recording!.bytes) }
        }
        guard let colours = pointColours, !colours.isEmpty else { return }
        // libxlsxwriter copies the fills while setting the points.
        var fills = colours.map { lxw_chart_fill(color: $0, none: 0, transparency: 0) }
        fills.withUnsafeMutableBufferPointer { fillBuffer in
            var points = (0..<colours.count).map { i in lxw_chart_point(line: nil, fill: fillBuffer.baseAddress! + i, pattern: nil) }
            points.withUnsafeMutableBufferPointer { pointBuffer in
                var pointers: [UnsafeMutablePointer<lxw_chart_point>?] = (0..<colours.count).map { pointBuffer.baseAddress! + $0 }
                pointers.append(nil)
                pointers.withUnsafeMutableBufferPointer { _ = chart_series_set_points(series, $0.baseAddress) }
            }
        }
    }

    /// Categories listed top-down in a bar chart, as in the table beside it (Excel draws the first at the bottom).
    public func categoriesInTableOrder() {
        guard chart.pointee.type == UInt8(LXW_CHART_BAR.rawValue) else { return }
        chart_axis_set_reverse(chart.pointee.y_axis)
        record(.reverseY)
    }

    /// The category axis shows dates (dd/mm/yyyy), not serial numbers.
    public func dateCategories() { chart_axis_set_num_format(chart.pointee.x_axis, "dd/mm/yyyy"); record(.xAxisFormat, "dd/mm/yyyy") }

    public func title(_ text: String) { chart_title_set_name(chart, text); record(.title, text) }

    /// The value axis from 0 to `max` (1 = 100 %), shown as percentages.
    public func percentAxis(max: Double) {
        let axis: UnsafeMutablePointer<lxw_chart_axis> = chart.pointee.type == UInt8(LXW_CHART_BAR.rawValue) ? chart.pointee.x_axis : chart.pointee.y_axis
        chart_axis_set_num_format(axis, "0%")
        chart_axis_set_min(axis, 0)
        chart_axis_set_max(axis, max)
        record(.percentAxis, chart.pointee.type == UInt8(LXW_CHART_BAR.rawValue) ? 0 : 1, max)
    }

    public func hideLegend() { chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue)); record(.legend, Int(LXW_CHART_LEGEND_NONE.rawValue)) }
    public func legendBottom() { chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue)); record(.legend, Int(LXW_CHART_LEGEND_BOTTOM.rawValue)) }
}
