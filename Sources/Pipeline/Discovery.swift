import Foundation

/// discover: the files in the drop folder that are worth reading, in a
/// stable (name) order. Office lock files, editors' temporary files,
/// dotfiles and partial downloads are skipped: they are not submissions.
public enum Discovery {
    public struct Skipped: Sendable, Equatable {
        public let name: String
        public let reason: String
    }

    public struct Listing: Sendable, Equatable {
        public var files: [String] = []
        public var skipped: [Skipped] = []
    }

    public static func list(folder: String) throws -> Listing {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        var listing = Listing()
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if let reason = ignoreReason(name) {
                listing.skipped.append(Skipped(name: name, reason: reason))
            } else {
                listing.files.append(path)
            }
        }
        return listing
    }

    /// A file may still be arriving when it was modified less than
    /// `settleSeconds` ago, or when it starts like a ZIP whose central
    /// directory is not there yet and was modified in the last 24 hours
    /// (an upload in progress or interrupted: it is judged a day later).
    public static func mayStillBeArriving(path: String, settleSeconds: Int, now: Date) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let modified = attributes[.modificationDate] as? Date else { return false }
        let age = now.timeIntervalSince(modified)
        if age < Double(settleSeconds) { return true }
        return age < 86_400 && isIncompleteZip(path: path)
    }

    /// Starts with `PK` but has no end-of-central-directory record in its last 64 KiB.
    static func isIncompleteZip(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 2), head == Data([0x50, 0x4B]) else { return false }
        let size = (try? handle.seekToEnd()) ?? 0
        let tailLength = min(size, 65_557)
        try? handle.seek(toOffset: size - tailLength)
        guard let tail = try? handle.readToEnd() else { return true }
        let eocd = Data([0x50, 0x4B, 0x05, 0x06])
        return tail.range(of: eocd, options: .backwards) == nil
    }

    /// Why a name is not a submission, or nil when it is one.
    public static func ignoreReason(_ name: String) -> String? {
        let lower = name.lowercased()
        if name.hasPrefix("~$") { return "file di blocco di Excel" }
        if name.hasPrefix(".~lock.") { return "file di blocco di LibreOffice" }
        if name.hasPrefix(".") { return "file nascosto" }
        if name.hasSuffix("#") || name.hasSuffix("~") { return "file temporaneo" }
        for suffix in [".tmp", ".part", ".crdownload", ".partial", ".download"] where lower.hasSuffix(suffix) {
            return "caricamento non completato"
        }
        if lower == "thumbs.db" || lower == "desktop.ini" { return "file di sistema" }
        return nil
    }
}
