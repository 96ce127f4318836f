import Foundation
import Ingest
import PerformanceModel
import Reports
import Scoring
import Store

/// The nightly job — discover → extract → normalize → score → store →
/// report → archive — for every ente of a configuration. Enti that share
/// one history are taken one after the other under that history's lock
/// (never locking themselves out); enti with histories of their own run in
/// parallel. What each ente has to say is collected, so that the log reads
/// in configuration order whatever ran first.
public enum NightlyRun {
    public struct Options: Sendable {
        /// Read, check and score everything; write nothing (no history, outputs or archive).
        public var dryRun = false
        /// List every anomaly with sheet and cell.
        public var verbose = false
        /// Enti (or, with one ente, its files) processed at once.
        public var jobs = 1
        /// Start a history although outputs of earlier runs exist (the user's explicit choice).
        public var newHistory = false
        public var now = Date()

        public init(dryRun: Bool = false, verbose: Bool = false, jobs: Int = 1, newHistory: Bool = false, now: Date = Date()) {
            self.dryRun = dryRun
            self.verbose = verbose
            self.jobs = jobs
            self.newHistory = newHistory
            self.now = now
        }
    }

    /// The exit status of an ente (the process exits with the worst).
    public enum Status: Int32, Sendable, Comparable {
        case ok = 0
        /// Some file rejected.
        case rejected = 1
        /// Configuration, plan, history or a write failed: this ente was not (fully) processed.
        case configuration = 2
        /// Another run holds the lock.
        case locked = 3

        public static func < (a: Status, b: Status) -> Bool { a.rawValue < b.rawValue }
    }

    /// What one ente's night said and how it ended.
    public struct Report: Sendable {
        public var ente: String
        public var lines: [String] = []
        public var warnings: [String] = []
        public var errors: [String] = []
        public var status: Status = .ok
        /// What the outputs were written from (nil when the ente stopped before).
        public var consolidation: Consolidation?

        mutating func fail(_ message: String, _ status: Status) -> Report {
            errors.append(message)
            self.status = max(self.status, status)
            return self
        }
    }

    /// What a night says when the outputs were already up to date.
    public static let unchangedLine = "[INVARIATO] uscite già aggiornate: stessi dati, stesso piano, stesse impostazioni dell'ultima esecuzione"
    /// The same, said by a night that found everything as the last one left it and so read nothing.
    public static let quietLine = "[INVARIATO] nulla è cambiato dall'ultima esecuzione (file, piano, impostazioni, storico, uscite): nessun file riletto, uscite già aggiornate"

    public static func run(_ configs: [PipelineConfiguration], options: Options,
                           progress: (@Sendable (Int, Int, String) -> Void)? = nil) -> [Report] {
        // Enti sharing a history form one group, in configuration order.
        var groups: [[Int]] = []
        var groupOf: [String: Int] = [:]
        for (i, c) in configs.enumerated() {
            let key = (c.resolve(c.database) as NSString).standardizingPath
            if let g = groupOf[key] { groups[g].append(i) } else { groupOf[key] = groups.count; groups.append([i]) }
        }
        let single = configs.count == 1
        let reports = Parallel.map(groups, jobs: single ? 1 : options.jobs) { group -> [(Int, Report)] in
            var fileOptions = options
            fileOptions.jobs = single ? options.jobs : 1
            return zip(group, runGroup(group.map { configs[$0] }, options: fileOptions, progress: progress)).map { ($0, $1) }
        }
        return reports.flatMap { $0 }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Enti sharing one history: one lock, one store, one ente after the other.
    static func runGroup(_ configs: [PipelineConfiguration], options: Options, progress: (@Sendable (Int, Int, String) -> Void)?) -> [Report] {
        // What an ente's outputs were made from is let go once its night ends: kept for
        // every ente, a national round's memory grew by half a megabyte an ente.
        func done(_ report: Report) -> Report {
            var r = report
            r.consolidation = nil
            return r
        }
        guard !options.dryRun else {
            return configs.map { var night = EnteNight(config: $0, options: options, progress: progress); return done(night.run(store: nil)) }
        }
        let database = configs[0].resolve(configs[0].database)
        let lock: RunLock?
        do { lock = try RunLock(path: database + ".lock") } catch {
            return configs.map { c in
                var r = Report(ente: c.ente)
                return r.fail("\(c.ente): \(error)", .configuration)
            }
        }
        guard let lock else {
            return configs.map { c in
                var r = Report(ente: c.ente)
                return r.fail("\(c.ente): un'altra esecuzione di piao è in corso (blocco «\((database as NSString).lastPathComponent).lock»): questa esce senza fare nulla.", .locked)
            }
        }
        defer { withExtendedLifetime(lock) {} }
        var store: HistoryStore?
        return configs.map { config in
            var night = EnteNight(config: config, options: options, progress: progress)
            return done(night.run(openStore: {
                if let store { return store }
                store = try HistoryStore(path: database)
                return store!
            }))
        }
    }

    /// A dry run of one ente: its consolidation, read through exactly the
    /// night's intake (tests and tools use it to get what a run would score).
    public static func consolidation(_ config: PipelineConfiguration) throws -> Consolidation {
        var night = EnteNight(config: config, options: Options(dryRun: true), progress: nil)
        let report = night.run(store: nil)
        guard let c = report.consolidation else {
            throw ConfigurationError(file: config.piano, key: nil, message: report.errors.joined(separator: "; "))
        }
        return c
    }
}
