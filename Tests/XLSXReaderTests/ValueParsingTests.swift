import Foundation
import Testing
@testable import XLSXReader

/// Numbers, dates, references and formats: the tables the reader's typing rests on.
@Suite("Value parsing")
struct ValueParsingTests {
    static let numbers: [(String, Double?)] = [
        ("0", 0), ("42", 42), ("-17", -17), ("+5", 5), ("2.5", 2.5), ("-0.125", -0.125),
        ("0.1", 0.1), ("0.30000000000000004", 0.30000000000000004), ("1.2E+3", 1200), ("1.5e-10", 1.5e-10),
        ("1e308", 1e308), ("1.7976931348623157E+308", 1.7976931348623157e308), ("5E-324", 5e-324),
        ("123456789012345678", 123456789012345678), ("9007199254740993", 9007199254740992),
        ("45474.5", 45474.5), (" 7 ", 7), (".5", 0.5), ("5.", 5),
        ("", nil), ("abc", nil), ("12abc", nil), ("1e", nil), ("--1", nil), ("1,5", nil), (".", nil), ("-", nil),
    ]

    @Test("numbers parse exactly as strtod does", arguments: numbers)
    func number(_ text: String, _ expected: Double?) {
        var bytes = Array(text.utf8)
        let parsed = bytes.withUnsafeMutableBufferPointer { NumberParser.parse(UnsafeBufferPointer($0)) }
        #expect(parsed == expected, "«\(text)»")
    }

    @Test("the fast path agrees with strtod on many random decimals")
    func fastPathAgreesWithStrtod() {
        var seed: UInt64 = 42
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 11 }
        for _ in 0..<20_000 {
            let intPart = next() % 1_000_000_000
            let frac = next() % 1_000_000
            let exp = Int(next() % 40) - 20
            let text = "\(next() % 2 == 0 ? "-" : "")\(intPart).\(frac)E\(exp)"
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBufferPointer { NumberParser.parse($0) }
            #expect(fast == strtod(text, nil), "«\(text)»")
        }
    }

    static let dates: [(Double, Bool, String?)] = [
        (1, false, "1900-01-01"), (59, false, "1900-02-28"), (60, false, "1900-02-28"), (61, false, "1900-03-01"),
        (45000, false, "2023-03-15"), (45473, false, "2024-06-30"), (45657, false, "2024-12-31"),
        (45473.5, false, "2024-06-30T12:00:00"), (45473.99998, false, "2024-06-30T23:59:58"),
        (45473.9999999, false, "2024-07-01"), (0.25, false, "1899-12-31T06:00:00"),
        (0, true, "1904-01-01"), (1, true, "1904-01-02"), (44012, true, "2024-07-01"),
        (2_958_465, false, "9999-12-31"), (-1, false, nil), (3_000_000, false, nil), (.nan, false, nil),
    ]

    @Test("serial dates in both systems", arguments: dates)
    func serialDate(_ serial: Double, _ is1904: Bool, _ iso: String?) {
        #expect(ExcelDateTime(serial: serial, is1904: is1904)?.iso == iso, "\(serial) 1904=\(is1904)")
    }

    @Test("calendar dates round-trip through serials")
    func calendarRoundTrip() {
        for (y, m, d) in [(1900, 3, 1), (2024, 2, 29), (2024, 6, 30), (2024, 12, 31), (1999, 12, 31), (2100, 1, 1)] {
            for is1904 in [false, true] where !(is1904 && y < 1904) {
                let serial = ExcelDateTime.serial(year: y, month: m, day: d, is1904: is1904)
                let back = ExcelDateTime(serial: serial, is1904: is1904)
                #expect(back?.year == y && back?.month == m && back?.day == d)
            }
        }
        #expect(ExcelDateTime(serial: 45473, is1904: false)?.italian == "30/06/2024")
    }

    static let formats: [(String, Bool)] = [
        ("dd/mm/yyyy", true), ("d-mmm-yy", true), ("[$-410]dd/mm/yyyy", true), ("hh:mm:ss", true),
        ("[h]:mm:ss", true), ("mm:ss.0", true), ("yyyy", true), ("h AM/PM", true), ("dddd d mmmm yyyy", true),
        ("General", false), ("0.00", false), ("0%", false), ("0.00E+00", false), ("#,##0.00 \"€\"", false),
        ("[Red]0.00", false), ("\"day\"0", false), ("\\d0", false), ("[$€-410] #,##0.00", false), ("@", false),
        ("_(* #,##0_);_(* (#,##0)", false), ("0 \"giorni\"", false), ("[>=100]0;0.0", false),
    ]

    @Test("custom number formats: date or not", arguments: formats)
    func format(_ code: String, _ isDate: Bool) {
        #expect(NumberFormat.isDateTime(code) == isDate, "«\(code)»")
    }

    @Test("built-in date formats are 14–22 and 45–47")
    func builtInFormats() {
        let dates = (0...200).filter(NumberFormat.isBuiltInDateTime)
        #expect(dates == Array(14...22) + Array(45...47))
    }

    static let references: [(String, Int?, Int?)] = [
        ("A1", 1, 1), ("B3", 3, 2), ("Z100", 100, 26), ("AA1", 1, 27), ("XFD1048576", 1_048_576, 16_384),
        ("$C$7", 7, 3), ("c7", 7, 3), ("XFE1", nil, nil), ("A1048577", nil, nil), ("A0", nil, nil), ("1A", nil, nil),
        ("", nil, nil), ("A", nil, nil), ("A1B", nil, nil),
    ]

    @Test("A1 references", arguments: references)
    func reference(_ text: String, _ row: Int?, _ column: Int?) {
        let parsed = CellReference.parse(text)
        #expect(parsed?.row == row && parsed?.column == column, "«\(text)»")
        if let row, let column { #expect(CellReference.a1(row: row, column: column) == text.uppercased().replacingOccurrences(of: "$", with: "")) }
    }
}
