import Foundation

/// Which names in the drop folder are not submissions, and whether a file
/// may still be arriving.
public enum Discovery {
    /// Why a name is not a submission, or nil when it is one. Office lock
    /// files, editors' temporary files, dotfiles and partial downloads.
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

    /// Starts with `PK` but has no end-of-central-directory record in its
    /// last 64 KiB: an upload in progress or interrupted (judged a day later).
    static func isIncompleteZip(fd: Int32, size: Int) -> Bool {
        var head = [UInt8](repeating: 0, count: 2)
        guard pread(fd, &head, 2, 0) == 2, head == [0x50, 0x4B] else { return false }
        let tailLength = min(size, 65_557)
        var tail = [UInt8](repeating: 0, count: tailLength)
        guard pread(fd, &tail, tailLength, off_t(size - tailLength)) == tailLength else { return true }
        let eocd: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        guard tail.count >= 4 else { return true }
        for i in stride(from: tail.count - 4, through: 0, by: -1) where tail[i] == 0x50 && Array(tail[i..<i + 4]) == eocd { return false }
        return true
    }
}
