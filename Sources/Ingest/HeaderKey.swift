import Foundation

/// Column headers are matched loosely: case, accents, punctuation and
/// spacing do not matter ("Rif. DUP" = "rif dup", "Attività" = "attivita"),
/// because people retype headers and office suites reformat them.
public enum HeaderKey {
    public static func normalize(_ text: String) -> String {
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
