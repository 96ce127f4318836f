import Foundation

/// Column headers are matched loosely: case, accents, punctuation and
/// spacing do not matter ("Rif. DUP" = "rif dup", "Attività" = "attivita"),
/// because people retype headers and office suites reformat them.
public enum HeaderKey {
    public static func normalize(_ text: String) -> String {
        // Fast path: ASCII and the accented letters Italian uses, folded by
        // hand (this runs for every cell looked up by header).
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            var folded: UInt8
            switch scalar.value {
            case 0x30...0x39, 0x61...0x7A: folded = UInt8(scalar.value)
            case 0x41...0x5A: folded = UInt8(scalar.value + 32)
            case 0xC0...0xC5, 0xE0...0xE5: folded = 0x61 // à á â ã ä å
            case 0xC8...0xCB, 0xE8...0xEB: folded = 0x65 // è é ê ë
            case 0xCC...0xCF, 0xEC...0xEF: folded = 0x69 // ì í î ï
            case 0xD2...0xD6, 0xF2...0xF6: folded = 0x6F // ò ó ô õ ö
            case 0xD9...0xDC, 0xF9...0xFC: folded = 0x75 // ù ú û ü
            case 0xC7, 0xE7: folded = 0x63 // ç
            case 0xD1, 0xF1: folded = 0x6E // ñ
            case 0x00...0x7F, 0xA0...0xBF, 0xD7, 0xF7, 0x2000...0x206F:
                pendingSpace = true // punctuation, symbols, spaces
                continue
            default:
                return foundationNormalize(text)
            }
            if pendingSpace && !out.isEmpty { out.append(0x20) }
            pendingSpace = false
            out.append(folded)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Any other script: Foundation's folding.
    static func foundationNormalize(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "it_IT"))
        var out = ""
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return out
    }
}
