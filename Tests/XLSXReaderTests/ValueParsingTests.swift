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

    @Test("calendar dates before March 1900 get Excel's serials (1900-01-01 is 1)")
    func smallSerials() {
        #expect(ExcelDateTime.serial(year: 1900, month: 1, day: 1) == 1)
        #expect(ExcelDateTime.serial(year: 1900, month: 2, day: 28) == 59)
        #expect(ExcelDateTime.serial(year: 1900, month: 3, day: 1) == 61)
        #expect(ExcelDateTime.serial(year: 1904, month: 1, day: 1, is1904: true) == 0)
        for (y, m, d) in [(1900, 1, 1), (1900, 1, 31), (1900, 2, 28)] {
            let back = ExcelDateTime(serial: ExcelDateTime.serial(year: y, month: m, day: d), is1904: false)
            #expect(back?.year == y && back?.month == m && back?.day == d, "\(y)-\(m)-\(d)")
        }
    }

    /// `t="d"` text → what `piao inspect --json` shows (nil: refused). A time
    /// alone is that time on the system's day 0 (1899-12-31 / 1904-01-01).
    static let isoValues: [(String, Bool, String?)] = [
        ("2024-06-30", false, "2024-06-30"), ("2024-06-30T10:10:10", false, "2024-06-30T10:10:10"),
        ("10:10:10", false, "1899-12-31T10:10:10"), ("10:10:10.5", false, "1899-12-31T10:10:11"),
        ("10:10:10,25", false, "1899-12-31T10:10:10"), ("10:10", false, "1899-12-31T10:10:00"),
        ("T10:10:10", false, "1899-12-31T10:10:10"), ("23:59:59", false, "1899-12-31T23:59:59"),
        ("10:10:10", true, "1904-01-01T10:10:10"), ("2024-06-30", true, "2024-06-30"),
        ("2024-06-30T10:10:10.5", false, "2024-06-30T10:10:11"), ("2024-06-30 10:10", false, "2024-06-30T10:10:00"),
        ("2024-06-30T10:10:10Z", false, "2024-06-30T10:10:10"), ("2024-06-30T10:10:10-05:00", false, "2024-06-30T10:10:10"),
        ("2024-06-30T10:10:10+0530", false, "2024-06-30T10:10:10"), ("2024-06-30T10:10:10+02", false, "2024-06-30T10:10:10"),
        ("2024-06-30Z", false, "2024-06-30"), (" 2024-06-30\n", false, "2024-06-30"), ("2024-02-29", false, "2024-02-29"),
        ("2000-02-29", false, "2000-02-29"), ("1900-01-01", false, "1900-01-01"), ("1900-02-28", false, "1900-02-28"),
        ("1900-03-01", false, "1900-03-01"), ("1904-01-01", true, "1904-01-01"), ("9999-12-31T23:59:59", false, "9999-12-31T23:59:59"),
        // refused
        ("", false, nil), ("abc", false, nil), ("30/06/2024", false, nil), ("2024-6-30", false, nil), ("24-06-30", false, nil),
        ("2024-13-01", false, nil), ("2024-00-10", false, nil), ("2024-06-31", false, nil), ("2023-02-29", false, nil),
        ("1900-02-29", false, nil), ("2024-06-00", false, nil), ("1899-12-31", false, nil), ("1903-12-31", true, nil),
        ("10000-01-01", false, nil), ("-2024-06-30", false, nil), ("24:00:00", false, nil), ("10:60:00", false, nil),
        ("10:10:60", false, nil), ("10:10:10.", false, nil), ("10", false, nil), ("10:1", false, nil), ("1:10:10", false, nil),
        ("2024-06-30T", false, nil), ("2024-06-30T25:00", false, nil), ("2024-06-30T10:10:10+", false, nil),
        ("2024-06-30T10:10:10+15:00", false, nil), ("2024-06-30T10:10:10 extra", false, nil), ("20240630", false, nil),
        ("2024-06-30T10:10:10ZZ", false, nil), ("45473", false, nil), ("2024-06-30x", false, nil),
    ]

    @Test("t=\"d\" values are read per ISO 8601: date, date and time, time alone", arguments: isoValues)
    func isoValue(_ text: String, _ is1904: Bool, _ iso: String?) {
        let serial = ExcelDateTime.isoSerial(text, is1904: is1904)
        #expect(serial.flatMap { ExcelDateTime(serial: $0, is1904: is1904)?.iso } == iso, "«\(text)» 1904=\(is1904)")
        if iso == nil { #expect(serial == nil, "«\(text)»") }
        // A time alone is a serial below 1 (day 0), as Excel stores a time.
        if let serial, iso?.hasPrefix(is1904 ? "1904-01-01" : "1899-12-31") == true { #expect(serial >= 0 && serial < 1) }
    }

    /// ST_Xstring escapes (`_xHHHH_`), after the XML is decoded; calamine's table and more.
    static let xstrings: [(String, String)] = [
        ("", ""), ("_", "_"), ("_x", "_x"), ("_x0", "_x0"), ("_x00", "_x00"), ("_x000", "_x000"), ("_x000D", "_x000D"),
        ("_x005F_", "_"), ("_x000D_", "\r"), ("_x000d_", "\r"), ("_x001F_", "\u{1F}"), ("_x0001_", "\u{01}"),
        ("_x00ZZ_", "_x00ZZ_"), ("_x_x_x", "_x_x_x"), ("_x00½_", "_x00½_"), ("_x000G_", "_x000G_"), ("_X000D_", "_X000D_"),
        ("_x000D ", "_x000D "), ("x000D_", "x000D_"), ("😀_x000D_😀", "😀\r😀"),
        ("_x005F_x000D_", "_x000D_"), ("_x005f_x000d_", "_x000d_"), ("_x005F_x005F_", "_x005F_"), ("__x005F_x0000__", "__x0000__"),
        ("_x005F_x597D_", "_x597D_"), ("_x597D_", "好"), ("_x00E8_", "è"), ("_x20ac_", "€"),
        ("_xD83D__xDE00_", "😀"), ("_xD83D_", "_xD83D_"), ("_xDE00_", "_xDE00_"), ("_xD83D_x", "_xD83D_x"),
        ("Hello_x000D_World_x000D__x000D_", "Hello\rWorld\r\r"), ("Multiple_x000D__x000D__x000D_Chars", "Multiple\r\r\rChars"),
        ("riga 1_x000D_\nriga 2", "riga 1\r\nriga 2"), ("Just_a_normal_string", "Just_a_normal_string"),
        ("a_xb_x000A_", "a_xb\n"), ("_x0041__x0042_", "AB"),
    ]

    @Test("_xHHHH_ escapes decode; anything else stays literal", arguments: xstrings)
    func xstring(_ raw: String, _ decoded: String) {
        #expect(XString.decode(raw) == decoded, "«\(raw)»")
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
