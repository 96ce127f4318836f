import Foundation
import PerformanceModel
import Reports

/// A nightly run that finds nothing new must not spend minutes rewriting
/// identical outputs (a national round has tens of thousands). Everything the
/// outputs are made from — this piao binary, the plan file, every input file
/// with its outcome, the scoring settings, the periods, the outputs chosen,
/// the earlier years' final scores —
/// is summed up in one SHA-256, kept with the size and SHA-256 of every file
/// written in `<output>/.piao-uscite`. When the sum is the same and every
/// file is still there with its size and content, the outputs are up to date
/// and are left alone; a file altered by hand, even to the same size, makes
/// the run write them all again.
///
/// The record is written last: a run killed while writing leaves the old
/// record (or none), so the next run writes everything again.
public enum OutputFingerprint {
    public static let recordName = ".piao-uscite"

    /// The running executable's SHA-256, once per process: a new piao rewrites every output once.
    static let executable: String = Consolidator.sha256(path: "/proc/self/exe")

    public static func of(_ c: Consolidation, periods: [MonitoringPeriod], decimalComma: Bool, outputs: OutputSelection) -> String {
        var lines = [
            "piao \(executable)",
            "ente \(c.plan.ente) \(c.plan.year)",
            "piano \(c.planFile.name) \(c.planFile.sha256)",
            "punteggi \(c.settings)",
            "periodi " + periods.map { "\($0.date.iso)\($0.isFinal ? "F" : "")" }.joined(separator: ","),
            "uscite \(outputs) virgola \(decimalComma)",
        ]
        lines += c.inputs.map { "file \($0.sha256) \($0.outcome.rawValue) \($0.name) \($0.reason ?? "")" }
        lines += c.roundEvents.map { "giro \($0.date.iso) \($0.action.rawValue) \($0.at) \($0.author) \($0.reason)" }
        lines += c.frozen.keys.sorted().map { "chiuso \($0) \(Consolidator.sha256(bytes: c.frozen[$0]!))" }
        lines += c.earlierYears.map { "anno \($0.year) \($0.kind) \($0.id) \($0.score.map { "\($0)" } ?? "-")" }
        return Consolidator.sha256(bytes: lines.joined(separator: "\n").utf8)
    }

    /// True when `folder` holds the outputs of exactly this fingerprint, all present and unaltered.
    public static func isUpToDate(_ fingerprint: String, folder: String) -> Bool {
        guard let text = try? String(contentsOfFile: (folder as NSString).appendingPathComponent(recordName), encoding: .utf8) else {
            return false
        }
        var lines = text.split(separator: "\n").map(String.init)
        guard lines.first == "impronta \(fingerprint)" else { return false }
        lines.removeFirst()
        let files = lines.compactMap { line -> (size: Int, sha: String, path: String)? in
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard fields.count == 3, let size = Int(fields[0]) else { return nil }
            return (size, fields[1], (folder as NSString).appendingPathComponent(fields[2]))
        }
        guard files.count == lines.count else { return false }
        // Sizes first (cheap, and a missing file fails at once), then contents.
        let sized = files.allSatisfy { f in
            var st = stat()
            return stat(f.path, &st) == 0 && Int(st.st_size) == f.size
        }
        return sized && files.allSatisfy { Consolidator.sha256(path: $0.path) == $0.sha }
    }

    /// Records the fingerprint and the files written (paths relative to `folder`), each with its size and SHA-256.
    public static func record(_ fingerprint: String, files: [String], folder: String) throws {
        var lines = ["impronta \(fingerprint)"]
        for file in files {
            var st = stat()
            guard stat((folder as NSString).appendingPathComponent(file), &st) == 0 else { continue }
            lines.append("\(st.st_size)\t\(Consolidator.sha256(path: (folder as NSString).appendingPathComponent(file)))\t\(file)")
        }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: (folder as NSString).appendingPathComponent(recordName))
    }
}
