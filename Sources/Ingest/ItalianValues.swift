import Foundation
import PerformanceModel
import XLSXReader

/// Values as Italians type them in a spreadsheet: "2,5", "1.100", "70%",
/// "€ 51.008,28", "30/06/2024", "31/12/24", "sì". Cells that already hold
/// numbers, dates or booleans are taken as they are.
public enum ItalianValues {
    /// A number from text: decimal comma; dots as thousands separators when
    /// they group by three ("1.100"), otherwise a decimal point ("2.5").
    public static func number(_ raw: String) -> Double? {
        var s = raw.trimmed
        for junk in ["€", "EUR", "euro", "\u{00A0}", " "] { s = s.replacingOccurrences(of: junk, with: "") }
        s = s.replacingOccurrences(of: "−", with: "-")
        guard !s.isEmpty else { return nil }
        let hasComma = s.contains(","), hasDot = s.contains(".")
        if hasComma && hasDot {
            // "1.234,56": dots are thousands.
            guard let comma = s.lastIndex(of: ","), !s[comma...].contains(".") else { return nil }
            s = s.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else if hasComma {
            guard s.filter({ $0 == "," }).count == 1 else { return nil }
            s = s.replacingOccurrences(of: ",", with: ".")
        } else if hasDot && isThousandsGrouped(s) {
            s = s.replacingOccurrences(of: ".", with: "")
        }
        guard s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") }),
              let v = Double(s), v.isFinite else { return nil }
        return v
    }

    /// "1.100", "12.345.678" (but not "1.5" or "0.100").
    static func isThousandsGrouped(_ s: String) -> Bool {
        var body = Substring(s)
        if body.hasPrefix("-") || body.hasPrefix("+") { body = body.dropFirst() }
        let groups = body.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.count >= 2, let first = groups.first, (1...3).contains(first.count), first.first != "0" else { return false }
        return groups.allSatisfy { $0.allSatisfy(\.isNumber) } && groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    /// A percentage from text: "70%", "70 %", "2,5%" → 0.7, 0.025.
    public static func percent(_ raw: String) -> Double? {
        let s = raw.trimmed
        guard s.hasSuffix("%"), let v = number(String(s.dropLast())) else { return nil }
        return v / 100
    }

    public enum DateParse: Equatable, Sendable {
        case date(CalendarDate)
        /// Shaped like a date but no such day exists ("31/09/24").
        case impossible
        case notADate
    }

    /// dd/mm/yyyy, dd/mm/yy, with `/`, `-` or `.`; also yyyy-mm-dd.
    public static func date(_ raw: String) -> DateParse {
        let s = raw.trimmed
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) && $0.count <= 4 }) else { return .notADate }
        var d: Int, m: Int, y: Int
        if parts[0].count == 4 {
            (y, m, d) = (Int(parts[0])!, Int(parts[1])!, Int(parts[2])!)
        } else {
            guard parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 2 || parts[2].count == 4 else { return .notADate }
            (d, m, y) = (Int(parts[0])!, Int(parts[1])!, Int(parts[2])!)
            if parts[2].count == 2 { y += 2000 }
        }
        guard let date = CalendarDate(year: y, month: m, day: d) else { return .impossible }
        return .date(date)
    }

    /// "si", "sì", "SI", "no", "vero", "falso".
    public static func yesNo(_ raw: String) -> Bool? {
        switch HeaderKey.normalize(raw) {
        case "si", "s", "yes", "vero", "true", "x": return true
        case "no", "n", "falso", "false": return false
        default: return nil
        }
    }

    /// A calendar date from a cell: a date cell, or date text.
    public static func date(_ cell: Cell) -> DateParse {
        switch cell.value {
        case .dateTime:
            guard let dt = cell.value.dateTime, let d = CalendarDate(year: dt.year, month: dt.month, day: dt.day) else { return .impossible }
            return .date(d)
        case .string(let s): return date(s)
        default: return .notADate
        }
    }

    /// A quantity from a cell, without knowing the measure: % text or %
    /// format → percent; date cell or date text → date; si/no → yesNo;
    /// numbers (also typed as text) → number. Nil when none fits.
    public static func quantity(_ cell: Cell) -> Quantity? {
        switch cell.value {
        case .number(let v): return cell.isPercentFormat ? .percent(v) : .number(v)
        case .dateTime: if case .date(let d) = date(cell) { return .date(d) } else { return nil }
        case .boolean(let b): return .yesNo(b)
        case .string(let s):
            if let p = percent(s) { return .percent(p) }
            if let n = number(s) { return .number(n) }
            if case .date(let d) = date(s) { return .date(d) }
            if let b = yesNo(s) { return .yesNo(b) }
            return nil
        case .error, .formula: return nil
        }
    }
}
