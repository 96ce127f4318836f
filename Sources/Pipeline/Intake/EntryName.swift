import Foundation

/// A drop-folder entry's name as the file system holds it: bytes, since a
/// name need not be valid UTF-8, plus the forms people read.
public struct EntryName: Sendable, Hashable, Comparable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { bytes = Array(text.utf8) }

    /// For the history, receipts and messages (bytes that are not UTF-8 become U+FFFD).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// For the log: always one line, whatever the name holds.
    public var logged: String { LogText.escaped(text) }

    public static func < (a: EntryName, b: EntryName) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    /// The name as a C string for the `*at` system calls.
    func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try (bytes + [0]).withUnsafeBufferPointer { p in
            try p.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }
}

/// Text written into the log (one line per file, read in a cron mail):
/// control characters in a name would break a line or drive the terminal.
public enum LogText {
    /// `\n`, `\r`, `\t` and other control characters written as escapes, so a
    /// file name is always one line of the log.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += String(format: "\\u{%04X}", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }
}
