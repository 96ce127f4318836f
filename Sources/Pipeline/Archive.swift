import Foundation
import PerformanceModel
import Reports

/// archive: once the store has committed, each received file's private
/// snapshot becomes its content-addressed copy — accepted ones under
/// `archivio/<anno>/<data>/<sha256>.xlsx`, rejected ones under
/// `quarantena/<anno>/` with their receipt beside them. The snapshot holds
/// exactly the bytes that were hashed, so a name never lies about its
/// content. In `sposta` mode the copy is synced with its folder entry, and
/// only then may the original leave the drop folder — and only if it still
/// holds those bytes (`DropFolder.remove(_:ifContent:)`). Every step can be
/// repeated: a run killed half-way is completed by the next.
public enum Archive {
    public struct Placed: Sendable {
        public let snapshot: Snapshot
        public let copy: String
        /// False when the archive already held this content (an earlier run put it there).
        public let copied: Bool
        /// nil in `copia` mode (the original stays).
        public let removal: DropFolder.Removal?
    }

    /// Where `input`'s archived copy lives.
    public static func target(for snapshot: Snapshot, input: InputFile, year: Int, archive: String, quarantine: String) -> String {
        let (stem, ext) = OutputName.split(snapshot.name.text)
        if input.outcome == .rejected {
            let folder = (quarantine as NSString).appendingPathComponent(String(year))
            return (folder as NSString).appendingPathComponent(OutputName.bounded("\(snapshot.sha256.prefix(16))-\(stem)", suffix: "", extension: ext))
        }
        let folder = ((archive as NSString).appendingPathComponent(String(year)) as NSString)
            .appendingPathComponent(input.referenceDate?.iso ?? "senza-data")
        return (folder as NSString).appendingPathComponent(snapshot.sha256 + (ext.isEmpty ? "" : "." + ext))
    }

    public static func place(_ snapshot: Snapshot, input: InputFile, year: Int, archive: String, quarantine: String,
                             receipts: String, drop: DropFolder, move: Bool) throws -> Placed {
        let target = target(for: snapshot, input: input, year: year, archive: archive, quarantine: quarantine)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let copied = !FileManager.default.fileExists(atPath: target)
        if !copied {
            unlink(snapshot.copy)
        } else {
            try AtomicFile.moveIntoPlace(snapshot.copy, to: target, durable: move)
            CrashPoint.hit("archiviato \(snapshot.name.text)")
        }
        if input.outcome == .rejected {
            // The receipt travels with the rejected file.
            let receipt = (receipts as NSString).appendingPathComponent(Receipt.baseName(input) + ".txt")
            let beside = target + "-esito.txt"
            if FileManager.default.fileExists(atPath: receipt), !FileManager.default.fileExists(atPath: beside) {
                try AtomicFile.copy(from: receipt, to: beside, durable: move)
            }
        }
        var removal: DropFolder.Removal?
        if move {
            removal = try drop.remove(snapshot.name, ifContent: snapshot.sha256)
            if removal == .removed { CrashPoint.hit("rimosso l'originale \(snapshot.name.text)") }
        }
        return Placed(snapshot: snapshot, copy: target, copied: copied, removal: removal)
    }
}
