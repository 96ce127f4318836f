/// Names of files derived from a submitted file's name (receipts,
/// quarantine copies, a restored original) must stay valid whatever the
/// settore called its file: a name near NAME_MAX (255 bytes) plus a suffix
/// and a temporary extension would otherwise fail every night.
public enum OutputName {
    /// Longest derived name, in bytes: leaves room for a temporary name's `.` + pid + `.tmp`.
    public static let maxBytes = 200

    /// `stem + suffix (+ "." + ext)`, with the stem shortened on a character
    /// boundary and marked by a short hash of the whole stem when the result
    /// would be longer than `maxBytes`. `/` and control characters become `_`.
    public static func bounded(_ stem: String, suffix: String, extension ext: String = "") -> String {
        let clean = String(String.UnicodeScalarView(stem.unicodeScalars.map { $0 == "/" || $0.value < 0x20 || $0.value == 0x7F ? "_" : $0 }))
        let tail = suffix + (ext.isEmpty ? "" : "." + ext)
        if clean.utf8.count + tail.utf8.count <= maxBytes { return clean + tail }
        let mark = "~" + hash8(stem)
        let room = max(0, maxBytes - tail.utf8.count - mark.utf8.count)
        var kept = ""
        for ch in clean {
            if kept.utf8.count + ch.utf8.count > room { break }
            kept.append(ch)
        }
        return kept + mark + tail
    }

    /// A submitted name split into stem and extension (an "extension" longer than 16 bytes is part of the stem).
    public static func split(_ name: String) -> (stem: String, ext: String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        let ext = String(name[name.index(after: dot)...])
        guard !ext.isEmpty, ext.utf8.count <= 16, !ext.contains("/") else { return (name, "") }
        return (String(name[..<dot]), ext)
    }

    /// FNV-1a, 32 bits, as 8 hex digits: stable across runs and machines.
    static func hash8(_ text: String) -> String {
        var h: UInt32 = 2_166_136_261
        for b in text.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
