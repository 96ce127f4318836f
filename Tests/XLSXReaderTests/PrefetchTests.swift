import CXlsxWriter
import Foundation
import Testing
@testable import XLSXReader

/// A big part is inflated ahead on a second thread (issue 16): the cells,
/// the errors and their order must be those of the single-thread path, and
/// a reader left half-way must end cleanly.
@Suite("Inflating ahead")
struct PrefetchTests {
    /// A sheet of `rows` × 6 cells (numbers, shared strings, dates), a few MiB of XML.
    static func bigWorkbook(rows: Int) -> String {
        let path = temporaryDirectory().appendingPathComponent("grande.xlsx").path
        let wb = workbook_new(path)!
        let sheet = workbook_add_worksheet(wb, "Dati")
        let date = workbook_add_format(wb)
        format_set_num_format(date, "dd/mm/yyyy")
        for r in 0..<rows {
            let row = lxw_row_t(r)
            worksheet_write_number(sheet, row, 0, Double(r), nil)
            worksheet_write_string(sheet, row, 1, "testo \(r % 977)", nil)
            worksheet_write_number(sheet, row, 2, Double(r) / 7, nil)
            worksheet_write_string(sheet, row, 3, "nota con accenti àèìòù € \(r % 13)", nil)
            var dt = lxw_datetime(year: 2024, month: Int32(1 + r % 12), day: Int32(1 + r % 28), hour: 0, min: 0, sec: 0)
            worksheet_write_datetime(sheet, row, 4, &dt, date)
            worksheet_write_boolean(sheet, row, 5, Int32(r % 2), nil)
        }
        #expect(workbook_close(wb) == LXW_NO_ERROR)
        return path
    }

    static let big = bigWorkbook(rows: 60_000)

    /// Every cell, or the error that stopped the reading, with the cells read before it.
    static func read(_ path: String, threaded: Bool, limits: ReaderLimits = .default, bytes: [UInt8]? = nil) -> (cells: Int, last: [Cell], error: String?) {
        var cells = 0
        var last: [Cell] = []
        do {
            let book = try bytes.map { try XLSXWorkbook(bytes: $0, fileName: "grande.xlsx", limits: limits) } ?? XLSXWorkbook(path: path, limits: limits)
            book.prefetchMinBytes = threaded ? 0 : .max
            let reader = try book.rows(of: book.sheets[0])
            while let row = try reader.nextRow() {
                cells += row.cells.count
                last = row.cells
            }
        } catch {
            return (cells, last, "\(error)")
        }
        return (cells, last, nil)
    }

    @Test("a big sheet gives the same cells inflated ahead as inflated in step")
    func sameCells() throws {
        let single = Self.read(Self.big, threaded: false)
        let threaded = Self.read(Self.big, threaded: true)
        #expect(single.error == nil && single.cells == 360_000)
        #expect(threaded.cells == single.cells && threaded.last == single.last && threaded.error == nil)
        // Cell by cell, too.
        let a = try XLSXWorkbook(path: Self.big), b = try XLSXWorkbook(path: Self.big)
        a.prefetchMinBytes = .max
        b.prefetchMinBytes = 0
        let ra = try a.rows(of: a.sheets[0]), rb = try b.rows(of: b.sheets[0])
        while let x = try ra.nextRow() {
            let y = try rb.nextRow()
            #expect(y?.cells == x.cells)
            if y?.cells != x.cells { break }
        }
        #expect(try rb.nextRow() == nil)
    }

    @Test("a limit crossed while inflating stops both paths with the same error")
    func sameLimitError() {
        var limits = ReaderLimits()
        // The parts read before the sheet fit; the sheet crosses the total half-way.
        limits.maxTotalBytes = 3 << 20
        let single = Self.read(Self.big, threaded: false, limits: limits)
        let threaded = Self.read(Self.big, threaded: true, limits: limits)
        #expect(single.error != nil && single.error == threaded.error, "\(String(describing: single.error)) / \(String(describing: threaded.error))")
    }

    @Test("damaged compressed data in the middle of a big sheet: the same error on both paths")
    func sameDamage() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.big)))
        // The sheet's deflated data fills most of the archive: spoil a stretch in its middle.
        let middle = bytes.count / 2
        for i in middle..<(middle + 64) { bytes[i] ^= 0x5A }
        let single = Self.read(Self.big, threaded: false, bytes: bytes)
        let threaded = Self.read(Self.big, threaded: true, bytes: bytes)
        #expect(single.error != nil && single.error == threaded.error, "\(String(describing: single.error)) / \(String(describing: threaded.error))")
    }

    @Test("a reader left after its first row ends cleanly, again and again")
    func abandoned() throws {
        for _ in 0..<20 {
            let book = try XLSXWorkbook(path: Self.big)
            book.prefetchMinBytes = 0
            let reader = try book.rows(of: book.sheets[0])
            #expect(try reader.nextRow()?.cells.count == 6)
        }
    }
}
