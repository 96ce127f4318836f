/// What a number format shows, as far as reading values is concerned.
enum FormatKind: UInt8 {
    case general, dateTime, percent
}

/// The part of `xl/styles.xml` the reader needs: for each cell format
/// (`cellXfs/xf`, the index a cell's `s=` points to) whether its number
/// format shows a date/time or a percentage.
struct Styles {
    /// kinds[s] for each cell format index.
    private(set) var kinds: [FormatKind] = []

    init() {}

    init(tokenizer t: XMLTokenizer) throws(XLSXError) {
        var customFormats: [Int: String] = [:]
        var xfFormatIDs: [Int] = []
        var inCellXfs = false
        while true {
            switch try t.next() {
            case .eof:
                kinds = xfFormatIDs.map { id in
                    if let code = customFormats[id] {
                        if NumberFormat.isDateTime(code) { return .dateTime }
                        return NumberFormat.isPercent(code) ? .percent : .general
                    }
                    if NumberFormat.isBuiltInDateTime(id) { return .dateTime }
                    return id == 9 || id == 10 ? .percent : .general
                }
                return
            case .start where t.nameIs("numFmt"):
                let a = try t.attributes()
                if let id = a["numFmtId"].flatMap({ Int($0) }), let code = a["formatCode"] {
                    customFormats[id] = code
                }
            case .start where t.nameIs("cellXfs"):
                inCellXfs = !t.selfClosing
            case .end where t.nameIs("cellXfs"):
                inCellXfs = false
            case .start where inCellXfs && t.nameIs("xf"):
                let a = try t.attributes()
                xfFormatIDs.append(a["numFmtId"].flatMap { Int($0) } ?? 0)
            default: continue
            }
        }
    }

    @inline(__always)
    func kind(style: Int) -> FormatKind { style >= 0 && style < kinds.count ? kinds[style] : .general }
}

/// Number-format codes: which ones display dates or times.
public enum NumberFormat {
    /// Built-in formats 14–22 and 45–47 are dates and times.
    public static func isBuiltInDateTime(_ id: Int) -> Bool {
        (14...22).contains(id) || (45...47).contains(id)
    }

    /// True when a format code shows a percentage: a `%` outside quotes and escapes.
    public static func isPercent(_ code: String) -> Bool {
        var chars = Array(code.unicodeScalars)[...]
        while let c = chars.popFirst() {
            switch c {
            case "\"": while let q = chars.popFirst(), q != "\"" {}
            case "\\", "_", "*": _ = chars.popFirst()
            case "[": while let q = chars.popFirst(), q != "]" {}
            case "%": return true
            default: continue
            }
        }
        return false
    }

    /// True when a custom format code has a date/time token (d, m, y, h, s,
    /// AM/PM, elapsed `[h]`) outside quoted text, `\`-escapes, `_`/`*`
    /// padding and `[…]` sections (colours, conditions, locales).
    public static func isDateTime(_ code: String) -> Bool {
        var chars = Array(code.unicodeScalars)[...]
        while let c = chars.popFirst() {
            switch c {
            case "\"":
                while let q = chars.popFirst(), q != "\"" {}
            case "\\", "_", "*":
                _ = chars.popFirst()
            case "[":
                var inside = ""
                while let q = chars.popFirst(), q != "]" { inside.unicodeScalars.append(q) }
                // Elapsed time: [h], [hh], [mm], [ss].
                let lower = inside.lowercased()
                if !lower.isEmpty, lower.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) { return true }
            case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S", "e", "E", "g", "G":
                // E/e alone is an exponent in "0.00E+00"; G starts "General".
                if c == "e" || c == "E" {
                    if let n = chars.first, n == "+" || n == "-" { continue }
                    // "ee" is a year in some locales; a lone exponent-less "e" is rare.
                    if chars.first == "e" || chars.first == "E" { return true }
                    continue
                }
                if c == "g" || c == "G" {
                    // "General" / "Standard" are not dates; "gg"/"ggg" (era) are.
                    if chars.first == "g" || chars.first == "G" { return true }
                    if String(String.UnicodeScalarView(chars.prefix(6))).lowercased() == "eneral" { chars = chars.dropFirst(6) }
                    continue
                }
                return true
            default:
                continue
            }
        }
        return false
    }
}
