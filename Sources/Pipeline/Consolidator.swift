import Crypto
import Foundation
import Ingest
import PerformanceModel
import Reports
import Scoring

/// discover → extract → normalize → score, for one configured ente: the
/// plan, every dropped file with its outcome, the score card of every
/// monitoring date that has data. Writes nothing.
public enum Consolidator {
    public struct Result: Sendable {
        public var consolidation: Consolidation
        public var skipped: [Discovery.Skipped]
    }

    public enum Failure: Error, CustomStringConvertible {
        case unreadablePlan(Anomaly?)
        case unreadableFolder(String, String)

        public var description: String {
            switch self {
            case .unreadablePlan(let a): return a?.description ?? "piano vuoto"
            case .unreadableFolder(let folder, let why): return "cartella dei monitoraggi «\(folder)» non leggibile: \(why)"
            }
        }
    }

    public static func run(_ config: PipelineConfiguration) throws(Failure) -> Result {
        let planPath = config.resolve(config.piano)
        let planReading = PlanReader.read(path: planPath, limits: config.limiti)
        guard !planReading.plan.sectors.isEmpty else { throw .unreadablePlan(planReading.anomalies.first) }
        let planFile = InputFile(name: (planPath as NSString).lastPathComponent, sha256: sha256(path: planPath), outcome: .plan,
                                 anomalies: planReading.anomalies)
        let listing: Discovery.Listing
        do { listing = try Discovery.list(folder: config.resolve(config.cartellaMonitoraggio)) } catch {
            throw .unreadableFolder(config.cartellaMonitoraggio, error.localizedDescription)
        }
        var inputs = listing.files.map { path in
            input(path: path, reading: MonitoringReader.read(path: path, plan: planReading.plan, limits: config.limiti))
        }
        markSuperseded(&inputs)
        let accepted = inputs.filter { $0.outcome == .accepted }.compactMap(\.submission)
        let cards = config.periods.compactMap { period -> ScoreCard? in
            let subs = accepted.filter { $0.referenceDate == period.date }
            guard !subs.isEmpty else { return nil }
            return Scorer.score(plan: planReading.plan, submissions: subs, date: period.date, isFinal: period.isFinal, settings: config.punteggi)
        }
        let consolidation = Consolidation(plan: planReading.plan, planFile: planFile, planAnomalies: planReading.anomalies,
                                          inputs: inputs, cards: cards, settings: config.punteggi)
        return Result(consolidation: consolidation, skipped: listing.skipped)
    }

    static func input(path: String, reading: MonitoringReading) -> InputFile {
        let name = (path as NSString).lastPathComponent
        let hash = sha256(path: path)
        guard let s = reading.submission else {
            let reason = reading.anomalies.first { $0.severity == .error } ?? reading.anomalies.first
            return InputFile(name: name, sha256: hash, outcome: .rejected, reason: reason?.message, anomalies: reading.anomalies)
        }
        return InputFile(name: name, sha256: hash, outcome: .accepted, sectorCode: s.sectorCode, referenceDate: s.referenceDate,
                         compiledBy: s.compiledBy, compiledOn: s.compiledOn, anomalies: reading.anomalies, submission: s)
    }

    /// A resubmission for the same settore and date supersedes the earlier
    /// one: the later compilation date wins, then the later file name — an
    /// order taken from the data, so every run decides the same way.
    static func markSuperseded(_ inputs: inout [InputFile]) {
        let groups = Dictionary(grouping: inputs.indices.filter { inputs[$0].outcome == .accepted }) {
            "\(inputs[$0].sectorCode ?? "")|\(inputs[$0].referenceDate?.iso ?? "")"
        }
        for (_, indices) in groups where indices.count > 1 {
            let winner = indices.max { a, b in
                (inputs[a].compiledOn?.iso ?? "", inputs[a].name) < (inputs[b].compiledOn?.iso ?? "", inputs[b].name)
            }!
            for i in indices where i != winner {
                inputs[i].outcome = .superseded
                inputs[i].reason = "sostituito da «\(inputs[winner].name)»"
            }
        }
    }

    /// Hex SHA-256 of a file's content, read in chunks.
    public static func sha256(path: String) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
