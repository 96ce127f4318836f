import CXlsxWriter
import Foundation
import Testing
@testable import XLSXReader

/// Files written here with libxlsxwriter (what our own reports use) read
/// back exactly; and a large one streams in a buffer that never grows.
@Suite("Files written by libxlsxwriter")
struct LibXlsxWriterTests {
    @Test("every cell type reads back with its value and type")
    func roundTrip() throws {
        let path = temporaryDirectory().appendingPathComponent("tipi.xlsx").path
        let wb = workbook_new(path)!
        let data = workbook_add_worksheet(wb, "Indicatori")
        let hidden = workbook_add_worksheet(wb, "Nascosto")
        worksheet_hide(hidden)
        let dateFormat = workbook_add_format(wb)
        format_set_num_format(dateFormat, "dd/mm/yyyy")
        let timeFormat = workbook_add_format(wb)
        format_set_num_format(timeFormat, "dd/mm/yyyy hh:mm")
        let percent = workbook_add_format(wb)
        format_set_num_format(percent, "0%")
        worksheet_write_string(data, 0, 0, "ID indicatore", nil)
        worksheet_write_string(data, 0, 1, "Valore rilevato", nil)
        worksheet_write_string(data, 1, 0, "=HYPERLINK(\"x\")", nil) // text, not a formula
        worksheet_write_number(data, 1, 1, 2.5, nil)
        var d = lxw_datetime(year: 2024, month: 6, day: 30, hour: 0, min: 0, sec: 0)
        worksheet_write_datetime(data, 2, 1, &d, dateFormat)
        var dt = lxw_datetime(year: 2024, month: 12, day: 31, hour: 17, min: 30, sec: 0)
        worksheet_write_datetime(data, 3, 1, &dt, timeFormat)
        worksheet_write_number(data, 4, 1, 0.7, percent)
        worksheet_write_boolean(data, 5, 1, 1, nil)
        worksheet_write_formula_num(data, 6, 1, "=B2*2", nil, 5)
        worksheet_write_formula_str(data, 7, 1, "=\"a\"&\"b\"", nil, "ab")
        worksheet_write_string(data, 8, 2, "perché è «così» & <basta>", nil)
        worksheet_write_string(hidden, 0, 0, "segreto", nil)
        #expect(workbook_close(wb) == LXW_NO_ERROR)

        let book = try XLSXWorkbook(path: path)
        #expect(book.sheets.map(\.name) == ["Indicatori", "Nascosto"])
        #expect(book.sheets.map(\.state) == [.visible, .hidden])
        let cells = try readAll(book)
        let byRef = Dictionary(uniqueKeysWithValues: cells["Indicatori"]!.map { ($0.reference, $0) })
        #expect(byRef["A2"]?.value == .string("=HYPERLINK(\"x\")"))
        #expect(byRef["B2"]?.value == .number(2.5))
        #expect(byRef["B3"]?.value.dateTime?.iso == "2024-06-30")
        #expect(byRef["B4"]?.value.dateTime?.iso == "2024-12-31T17:30:00")
        #expect(byRef["B5"]?.value == .number(0.7))
        #expect(byRef["B5"]?.isPercentFormat == true)
        #expect(byRef["B2"]?.isPercentFormat == false)
        #expect(byRef["B6"]?.value == .boolean(true))
        #expect(byRef["B7"]?.value == .number(5))
        #expect(byRef["B7"]?.formula == "B2*2")
        #expect(byRef["B8"]?.value == .string("ab"))
        #expect(byRef["C9"]?.value == .string("perché è «così» & <basta>"))
        #expect(cells["Nascosto"]?.first?.value == .string("segreto"))
    }

    @Test("a 300,000-cell sheet streams row by row in a buffer that never grows")
    func flatMemory() throws {
        let path = temporaryDirectory().appendingPathComponent("grande.xlsx").path
        let wb = workbook_new(path)!
        let sheet = workbook_add_worksheet(wb, "Dati")
        for r in 0..<60_000 {
            for c in 0..<5 {
                if c == 2 { worksheet_write_string(sheet, lxw_row_t(r), lxw_col_t(c), "settore \(r % 9)", nil) }
                else { worksheet_write_number(sheet, lxw_row_t(r), lxw_col_t(c), Double(r * 5 + c) / 4, nil) }
            }
        }
        #expect(workbook_close(wb) == LXW_NO_ERROR)

        let reader = try XLSXWorkbook(path: path).rows(ofSheetNamed: "Dati")
        let initial = reader.bufferCapacity
        var rows = 0, cells = 0, sum = 0.0
        while let row = try reader.nextRow() {
            rows += 1
            cells += row.cells.count
            #expect(row.index == rows)
            for cell in row.cells { if case .number(let v) = cell.value { sum += v } }
            #expect(reader.bufferCapacity == initial)
        }
        #expect(rows == 60_000)
        #expect(cells == 300_000)
        // Σ (r*5+c)/4 over c ∈ {0,1,3,4}: exact in binary (quarters).
        var expected = 0.0
        for r in 0..<60_000 {
            let rowSum: Int = 20 * r + 8
            expected += Double(rowSum) / 4
        }
        #expect(sum == expected)
    }
}
