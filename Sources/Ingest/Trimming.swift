/// Leading and trailing white space removed — spaces, tabs, newlines, NBSP
/// and the zero-width space pasted from web pages, as Foundation trims
/// `.whitespacesAndNewlines` — without Foundation's bridging, because every
/// cell read by header goes through here. A string with nothing to trim
/// comes back as it is, without a copy.
extension StringProtocol {
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isBlankSpace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isBlankSpace })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex, let whole = self as? String { return whole }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[first...last])
        return String(out)
    }
}

extension StringProtocol {
    /// Nothing but white space (or nothing at all): `trimmed.isEmpty` without building the text.
    var isBlank: Bool { unicodeScalars.allSatisfy(\.isBlankSpace) }
}

extension Unicode.Scalar {
    var isBlankSpace: Bool { properties.isWhitespace || value == 0x200B }
}
