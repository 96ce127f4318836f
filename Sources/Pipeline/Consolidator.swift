import Crypto
import Foundation
import Ingest
import PerformanceModel
import Reports
import Scoring
import Store

/// discover → extract → normalize → score, for one configured ente: the
/// plan, every dropped file with its outcome, the score card of every
/// monitoring date that has data. Writes nothing.
public enum Consolidator {
    public struct Result: Sendable {
        public var consolidation: Consolidation
        /// Files of this run that were new (now recorded in the store).
        public var newFiles: [InputFile]
        /// Files already received in an earlier run (same content).
        public var known: [(name: String, sha256: String)]
        /// Files that may still be arriving: they wait for a later run.
        public var pending: [String]
        public var skipped: [Discovery.Skipped]
        /// Every file in the drop folder with its hash (for the archive stage).
        public var present: [(path: String, sha256: String)]
    }

    public enum Failure: Error, CustomStringConvertible {
        case unreadablePlan(Anomaly?)
        case unreadableFolder(String, String)
        case store(StoreError)

        public var description: String {
            switch self {
            case .unreadablePlan(let a): return a?.description ?? "piano vuoto"
            case .unreadableFolder(let folder, let why): return "cartella dei monitoraggi «\(folder)» non leggibile: \(why)"
            case .store(let e): return e.description
            }
        }
    }

    /// - Parameter store: the history; nil for a dry run that records nothing.
    /// - Parameter jobs: how many files to read and normalise at once (results keep the folder's order).
    public static func run(_ config: PipelineConfiguration, store: HistoryStore?, now: Date = Date(), jobs: Int = 1,
                           progress: ((Int, Int, String) -> Void)? = nil) throws(Failure) -> Result {
        let planPath = config.resolve(config.piano)
        let planReading = PlanReader.read(path: planPath, limits: config.limiti)
        guard !planReading.plan.sectors.isEmpty else { throw .unreadablePlan(planReading.anomalies.first) }
        let plan = planReading.plan
        let planFile = InputFile(name: (planPath as NSString).lastPathComponent, sha256: sha256(path: planPath), outcome: .plan,
                                 anomalies: planReading.anomalies)
        let listing: Discovery.Listing
        do { listing = try Discovery.list(folder: config.resolve(config.cartellaMonitoraggio)) } catch {
            throw .unreadableFolder(config.cartellaMonitoraggio, error.localizedDescription)
        }
        var newFiles: [InputFile] = []
        var known: [(String, String)] = []
        var pending: [String] = []
        var present: [(String, String)] = []
        var seenThisRun: Set<String> = []
        var toRead: [(path: String, sha256: String)] = []
        for (i, path) in listing.files.enumerated() {
            let name = (path as NSString).lastPathComponent
            progress?(i + 1, listing.files.count, name)
            if Discovery.mayStillBeArriving(path: path, settleSeconds: config.attesaSecondi, now: now) {
                pending.append(name)
                continue
            }
            let hash = sha256(path: path)
            present.append((path, hash))
            do {
                if try store?.knows(sha256: hash) == true || seenThisRun.contains(hash) {
                    known.append((name, hash))
                    continue
                }
            } catch { throw .store(error) }
            seenThisRun.insert(hash)
            toRead.append((path, hash))
        }
        // extract + normalize: independent per file, on `jobs` threads, results in folder order.
        let limits = config.limiti
        let read = Parallel.map(toRead, jobs: jobs) { file in
            input(path: file.path, sha256: file.sha256, reading: MonitoringReader.read(path: file.path, plan: plan, limits: limits))
        }
        for file in read {
            newFiles.append(file)
            CrashPoint.hit("letto \(file.name)")
        }
        // store: one transaction for everything new.
        var inputs: [InputFile]
        if let store {
            do {
                try store.record(ente: plan.ente, year: plan.year, newFiles: newFiles, startedAt: now)
                CrashPoint.hit("registrato nello storico")
                inputs = try store.inputs(ente: plan.ente, year: plan.year)
            } catch { throw .store(error) }
        } else {
            inputs = newFiles
        }
        markSuperseded(&inputs)
        let accepted = inputs.filter { $0.outcome == .accepted }.compactMap(\.submission)
        let cards = config.periods.compactMap { period -> ScoreCard? in
            let subs = accepted.filter { $0.referenceDate == period.date }
            guard !subs.isEmpty else { return nil }
            return Scorer.score(plan: plan, submissions: subs, date: period.date, isFinal: period.isFinal, settings: config.punteggi)
        }
        let consolidation = Consolidation(plan: plan, planFile: planFile, planAnomalies: planReading.anomalies,
                                          inputs: inputs, cards: cards, settings: config.punteggi)
        return Result(consolidation: consolidation, newFiles: newFiles, known: known, pending: pending,
                      skipped: listing.skipped, present: present)
    }

    public static func input(path: String, sha256 hash: String, reading: MonitoringReading) -> InputFile {
        let name = (path as NSString).lastPathComponent
        guard let s = reading.submission else {
            let reason = reading.anomalies.first { $0.severity == .error } ?? reading.anomalies.first
            return InputFile(name: name, sha256: hash, outcome: .rejected, reason: reason?.message, anomalies: reading.anomalies)
        }
        return InputFile(name: name, sha256: hash, outcome: .accepted, sectorCode: s.sectorCode, referenceDate: s.referenceDate,
                         compiledBy: s.compiledBy, compiledOn: s.compiledOn, anomalies: reading.anomalies, submission: s)
    }

    /// A resubmission for the same settore and date supersedes the earlier
    /// one: `inputs` are in the order received (the store's sequence; within
    /// one run, name order), and the last one received wins.
    static func markSuperseded(_ inputs: inout [InputFile]) {
        let groups = Dictionary(grouping: inputs.indices.filter { inputs[$0].outcome == .accepted }) {
            "\(inputs[$0].sectorCode ?? "")|\(inputs[$0].referenceDate?.iso ?? "")"
        }
        for (_, indices) in groups where indices.count > 1 {
            let winner = indices.max()!
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
        return hex(hasher.finalize())
    }

    /// A digest as lowercase hex, the form the history, the receipts and the archive names use.
    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
