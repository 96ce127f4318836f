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
