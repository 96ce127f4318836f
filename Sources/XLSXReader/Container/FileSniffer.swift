/// Recognises what a dropped file really is from its first bytes, before any
/// parsing: settori rename `.xls`, `.ods` and CSV files to `.xlsx`, or upload
/// password-protected ones, and each deserves a message that says so.
enum FileKind: Equatable {
    case zip
    case empty
    case encryptedOOXML
    case legacyXLS
    case otherOLE
    case text
    case unknown
}

enum FileSniffer {
    static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Classifies `bytes`, the whole file (OLE detection looks for stream
    /// names in the directory, which may sit anywhere in the file).
    static func kind(of bytes: UnsafeRawBufferPointer) -> FileKind {
        if bytes.isEmpty { return .empty }
        if bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B,
           (bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6) || (bytes[2] == 7 && bytes[3] == 8) {
            return .zip
        }
        if bytes.count >= 8, zip(bytes.prefix(8), oleMagic).allSatisfy({ $0 == $1 }) {
            // OLE directory entries hold stream names in UTF-16LE.
            if contains(bytes, utf16: "EncryptedPackage") || contains(bytes, utf16: "EncryptionInfo") {
                return .encryptedOOXML
            }
            if contains(bytes, utf16: "Workbook") || contains(bytes, utf16: "Book") {
                return .legacyXLS
            }
            return .otherOLE
        }
        return looksLikeText(bytes) ? .text : .unknown
    }

    /// True when the first 4 KiB are valid UTF-8 without control bytes other
    /// than tab, CR and LF: a CSV or any text file.
    static func looksLikeText(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let head = Array(bytes.prefix(4096))
        for b in head where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return false }
        // A cut in the middle of a multi-byte character at the 4 KiB edge is fine.
        var trimmed = head[...]
        if bytes.count > 4096 {
            while let last = trimmed.last, last & 0xC0 == 0x80 || last >= 0xC0 { trimmed = trimmed.dropLast() }
        }
        return String(validating: trimmed, as: UTF8.self) != nil
    }

    static func contains(_ bytes: UnsafeRawBufferPointer, utf16 name: String) -> Bool {
        var pattern: [UInt8] = []
        for unit in name.utf16 { pattern.append(UInt8(unit & 0xFF)); pattern.append(UInt8(unit >> 8)) }
        guard bytes.count >= pattern.count, let first = pattern.first else { return false }
        var i = 0
        let last = bytes.count - pattern.count
        while i <= last {
            if bytes[i] == first {
                var j = 1
                while j < pattern.count && bytes[i + j] == pattern[j] { j += 1 }
                if j == pattern.count { return true }
            }
            i += 1
        }
        return false
    }
}
