import Foundation
import Testing
@testable import Ingest
import PerformanceModel

@Suite("Italian values")
struct ItalianValuesTests {
    static let numbersCases: [(String, Double?)] = [
        ("2,5", 2.5), ("2.5", 2.5), ("1.100", 1100), ("12.345.678", 12_345_678), ("1.234,56", 1234.56), ("€ 51.008,28", 51008.28),
        ("51008,28", 51008.28), ("-3", -3), ("−3", -3), ("0,7", 0.7), ("0.100", 0.1), ("70", 70), ("1 100", 1100),
        ("", nil), ("abc", nil), ("2,5,3", nil), ("1.234.56", nil), ("12a", nil), ("1,234.56", nil),
    ]

    @Test("numbers as Italians type them", arguments: numbersCases)
    func number(_ text: String, _ expected: Double?) {
        #expect(ItalianValues.number(text) == expected, "«\(text)»")
    }

    static let percentsCases: [(String, Double?)] = [("70%", 0.7), ("70 %", 0.7), ("2,5%", 0.025), ("100%", 1), ("70", nil), ("%", nil)]

    @Test("percentages", arguments: percentsCases)
    func percent(_ text: String, _ expected: Double?) {
        #expect(ItalianValues.percent(text) == expected, "«\(text)»")
    }

    static let datesCases: [(String, ItalianValues.DateParse)] = [
        ("30/06/2024", .date(CalendarDate(year: 2024, month: 6, day: 30)!)), ("31/12/24", .date(CalendarDate(year: 2024, month: 12, day: 31)!)),
        ("1/2/2024", .date(CalendarDate(year: 2024, month: 2, day: 1)!)), ("30-06-2024", .date(CalendarDate(year: 2024, month: 6, day: 30)!)),
        ("30.06.2024", .date(CalendarDate(year: 2024, month: 6, day: 30)!)), ("2024-06-30", .date(CalendarDate(year: 2024, month: 6, day: 30)!)),
        ("29/02/2024", .date(CalendarDate(year: 2024, month: 2, day: 29)!)),
        ("31/09/24", .impossible), ("29/02/2023", .impossible), ("32/01/2024", .impossible), ("15/13/2024", .impossible),
        ("fine giugno", .notADate), ("30/06", .notADate), ("2,5", .notADate), ("", .notADate),
    ]

    @Test("dates, and dates that cannot exist", arguments: datesCases)
    func date(_ text: String, _ expected: ItalianValues.DateParse) {
        #expect(ItalianValues.date(text) == expected, "«\(text)»")
    }

    static let yesNoCases: [(String, Bool?)] = [("si", true), ("SI", true), ("sì", true), ("Sì", true), ("no", false), ("NO", false), ("forse", nil), ("", nil)]

    @Test("si/no", arguments: yesNoCases)
    func yesNo(_ text: String, _ expected: Bool?) {
        #expect(ItalianValues.yesNo(text) == expected, "«\(text)»")
    }

    @Test("headers match loosely")
    func headers() {
        #expect(HeaderKey.normalize("Rif. DUP") == HeaderKey.normalize("rif dup"))
        #expect(HeaderKey.normalize("  ID   obiettivo ") == "id obiettivo")
        #expect(HeaderKey.normalize("Attività/processo") == "attivita processo")
        #expect(HeaderKey.normalize("Tempestività") == HeaderKey.normalize("TEMPESTIVITA"))
        // The fast path agrees with Foundation's folding.
        for text in ["Città", "PERCHÉ è così", "Motivazione  scostamento", "n° 3 – «sì»", "Ünïcödé", "Data compilazione:", "東京 ID"] {
            #expect(HeaderKey.normalize(text) == HeaderKey.foundationNormalize(text), "«\(text)»")
        }
    }

    static let trimCases = ["", " ", "\t\n", "abc", "  abc ", "\u{00A0}70%\u{00A0}", "a b", " \u{2009}Città\r\n", "\u{3000}x\u{205F}", "né", "\u{200B}x", "\u{FEFF}x", "x\u{85}", "\u{1680}x\u{2028}"]

    @Test("cells are trimmed as Foundation trims them", arguments: trimCases)
    func trim(_ text: String) {
        #expect(text.trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines), "«\(text.unicodeScalars.map { String($0.value, radix: 16) })»")
        #expect(CellText.isEmpty(.string(text)) == CellText.text(.string(text)).isEmpty)
    }
}
