import Foundation
import PerformanceModel
import Reports

/// archive: once the store has committed, each received file gets a
/// content-addressed copy — accepted ones under `archivio/<anno>/<data>/`,
/// rejected ones under `quarantena/<anno>/` with their receipt beside
/// them. The copy is written to a temporary name, renamed, and (in `sposta`
/// mode) synced with its folder entry; only
/// then, in `sposta` mode, does the original leave the drop folder. Every
/// step can be repeated: a run killed half-way is completed by the next.
public enum Archive {
    public struct Placed: Sendable {
        public let original: String
        public let copy: String
        public let removedOriginal: Bool
    }

    public static func place(originals: [(path: String, sha256: String)], known: [String: InputFile], year: Int,
                             archive: String, quarantine: String, receipts: String, move: Bool) throws -> [Placed] {
        var placed: [Placed] = []
        for (path, sha) in originals {
            guard let input = known[sha] else { continue }
            let name = (path as NSString).lastPathComponent
            let ext = (name as NSString).pathExtension.isEmpty ? "" : "." + (name as NSString).pathExtension
            let folder: String
            let target: String
            if input.outcome == .rejected {
                folder = (quarantine as NSString).appendingPathComponent(String(year))
                target = (folder as NSString).appendingPathComponent("\(sha.prefix(16))-\(name)")
            } else {
                folder = ((archive as NSString).appendingPathComponent(String(year)) as NSString)
                    .appendingPathComponent(input.referenceDate?.iso ?? "senza-data")
                target = (folder as NSString).appendingPathComponent(sha + ext)
            }
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: target) {
                // On disk (fsync) before the original may leave; in copy mode the original stays.
                try AtomicFile.copy(from: path, to: target, durable: move)
                CrashPoint.hit("archiviato \(name)")
            }
            if input.outcome == .rejected {
                // The receipt travels with the rejected file.
                let receipt = (receipts as NSString).appendingPathComponent(Receipt.baseName(input) + ".txt")
                let beside = target + "-esito.txt"
                if FileManager.default.fileExists(atPath: receipt), !FileManager.default.fileExists(atPath: beside) {
                    try AtomicFile.copy(from: receipt, to: beside, durable: move)
                }
            }
            var removed = false
            if move, try sameContent(target, sha256: sha) {
                try FileManager.default.removeItem(atPath: path)
                removed = true
                CrashPoint.hit("rimosso l'originale \(name)")
            }
            placed.append(Placed(original: path, copy: target, removedOriginal: removed))
        }
        return placed
    }

    static func sameContent(_ path: String, sha256: String) throws -> Bool {
        Consolidator.sha256(path: path) == sha256
    }
}
