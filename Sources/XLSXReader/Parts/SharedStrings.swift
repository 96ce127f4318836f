/// The shared-strings table (`xl/sharedStrings.xml`), loaded once. Rich-text
/// runs are joined; phonetic runs (`rPh`) are not part of the text.
struct SharedStrings {
    private(set) var strings: [String] = []

    init() {}

    init(tokenizer t: XMLTokenizer, limits: ReaderLimits) throws(XLSXError) {
        var totalBytes = 0
        while true {
            switch try t.next() {
            case .eof: return
            case .start where t.nameIs("sst"):
                try t.forEachAttribute { (key, value) throws(XLSXError) in
                    // Sized from uniqueCount, but never trusting it beyond the limit.
                    if String(decoding: key, as: UTF8.self) == "uniqueCount", let n = Int(String(decoding: value, as: UTF8.self)), n > 0 {
                        strings.reserveCapacity(min(n, limits.maxSharedStrings, 1 << 20))
                    }
                }
            case .start where t.nameIs("si"):
                if strings.count >= limits.maxSharedStrings {
                    throw XLSXError(.limitExceeded(.sharedStrings, limits.maxSharedStrings), file: t.file, part: t.part)
                }
                let s = try t.richText()
                if s.utf8.count > limits.maxStringBytes {
                    throw XLSXError(.limitExceeded(.stringBytes, limits.maxStringBytes), file: t.file, part: t.part)
                }
                totalBytes += s.utf8.count
                if totalBytes > limits.maxPartBytes {
                    throw XLSXError(.limitExceeded(.partBytes, limits.maxPartBytes), file: t.file, part: t.part)
                }
                strings.append(s)
            default: continue
            }
        }
    }

    var count: Int { strings.count }

    @inline(__always)
    subscript(i: Int) -> String? { i >= 0 && i < strings.count ? strings[i] : nil }
}

extension XMLTokenizer {
    /// The text of the rich-text element just opened (`<si>` or `<is>`):
    /// the `<t>` elements, directly or inside `<r>` runs, joined; phonetic
    /// runs (`<rPh>`) and formatting are left out. Each `<t>` is an
    /// ST_Xstring: its `_xHHHH_` escapes are decoded (`XString`).
    func richText() throws(XLSXError) -> String {
        if selfClosing { return "" }
        let target = depth - 1
        var out = ""
        while true {
            switch try next() {
            case .start:
                if nameIs("t") {
                    out += XString.decode(try elementText())
                } else if nameIs("rPh") {
                    try skipElement()
                }
            case .end:
                if depth == target { return out }
            case .text, .eof:
                if kind == .eof { return out }
            }
        }
    }
}
