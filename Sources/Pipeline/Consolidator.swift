import Crypto
import Foundation
import Ingest
import PerformanceModel
import Reports
import Scoring

/// normalize → score, for one configured ente: the plan read and judged
/// usable or not, each file's reading turned into an input with its
/// outcome, and the score card of every monitoring date that has data.
/// No drop folder, no history, no output: `NightlyRun` brings those.
public enum Consolidator {
    /// The plan of an ente, read once per run.
    public struct LoadedPlan: Sendable {
        public let reading: PlanReading
        public let file: InputFile
        public var plan: Plan { reading.plan }
    }

    /// Why a plan cannot be used: nothing may be read against it.
    public struct UnusablePlan: Error, CustomStringConvertible {
        public let file: String
        public let problems: [Anomaly]

        public var description: String {
            let list = problems.prefix(10).map { "\n  - " + $0.description }.joined()
            let more = problems.count > 10 ? "\n  - … e altri \(problems.count - 10)" : ""
            return "il piano «\(file)» non è utilizzabile:\(list)\(more)\n"
                + "Nessun file di monitoraggio è stato letto e la cartella dei monitoraggi è rimasta com'era. "
                + "Correggere il piano («piao plan check» elenca ogni problema) e rieseguire."
        }
    }

    /// Reads the configured plan; refuses it when it is structurally broken
    /// or is not the plan of the configured year.
    public static func readPlan(_ config: PipelineConfiguration) throws(UnusablePlan) -> LoadedPlan {
        let path = config.resolve(config.piano)
        let name = (path as NSString).lastPathComponent
        var reading = PlanReader.read(path: path, limits: config.limiti)
        reading.anomalies += configurationChecks(reading.plan, file: name, periods: config.periods)
        // A defect of the plan as a whole may come without a file: it is this one.
        var problems = reading.structuralErrors.map { a -> Anomaly in
            var a = a
            if a.file.isEmpty { a.file = name }
            return a
        }
        if problems.isEmpty && reading.plan.year != config.anno {
            problems.append(Anomaly(.pianoAltroAnno,
                                    message: "il piano è dell'anno \(reading.plan.year), la configurazione dell'anno \(config.anno) (chiave «anno»)",
                                    file: name, sheet: PlanSheets.ente.0))
        }
        guard problems.isEmpty else { throw UnusablePlan(file: config.piano, problems: problems) }
        return LoadedPlan(reading: reading, file: InputFile(name: name, sha256: sha256(path: path), outcome: .plan, anomalies: reading.anomalies))
    }

    /// What the plan alone cannot know: a rettifica dated on a day that is not a
    /// monitoring date of the configuration would never apply, and nobody would be told.
    public static func configurationChecks(_ plan: Plan, file: String, periods: [MonitoringPeriod]) -> [Anomaly] {
        let dates = Set(periods.map(\.date))
        return plan.overrides.compactMap { o in
            guard let date = o.referenceDate, !dates.contains(date) else { return nil }
            let message = "rettifica di \(o.targetID): la data di riferimento \(date.italian) non è una data di monitoraggio ("
                + periods.map(\.date.italian).joined(separator: ", ") + "): non si applicherà mai"
            if let source = o.source { return Anomaly(.rettificaFuoriData, message: message, at: source) }
            return Anomaly(.rettificaFuoriData, message: message, file: file, sheet: PlanSheets.rettifiche.0)
        }
    }

    /// The consolidation of every input received (in the order received).
    public static func consolidate(_ plan: LoadedPlan, inputs: [InputFile], config: PipelineConfiguration) -> Consolidation {
        var inputs = inputs
        markSuperseded(&inputs)
        let accepted = inputs.filter { $0.outcome == .accepted }.compactMap(\.submission)
        let cards = config.periods.compactMap { period -> ScoreCard? in
            let subs = accepted.filter { $0.referenceDate == period.date }
            guard !subs.isEmpty else { return nil }
            // A settore whose only files for the date were refused is "rifiutata" (the last refusal's reason), not "mancante".
            var rejected: [String: String] = [:]
            for input in inputs where input.outcome == .rejected && input.referenceDate == period.date {
                if let sector = input.sectorCode { rejected[sector] = input.reason ?? "motivo non indicato" }
            }
            return Scorer.score(plan: plan.plan, submissions: subs, date: period.date, isFinal: period.isFinal, settings: config.punteggi,
                                rejected: rejected)
        }
        return Consolidation(plan: plan.plan, planFile: plan.file, planAnomalies: plan.reading.anomalies,
                             inputs: inputs, cards: cards, settings: config.punteggi)
    }

    public static func input(path: String, sha256 hash: String, reading: MonitoringReading, name: String? = nil, modifiedAt: Date? = nil) -> InputFile {
        let name = name ?? (path as NSString).lastPathComponent
        guard let s = reading.submission else {
            let reason = reading.anomalies.first { $0.severity == .error } ?? reading.anomalies.first
            return InputFile(name: name, sha256: hash, outcome: .rejected, sectorCode: reading.attribution?.sector,
                             referenceDate: reading.attribution?.date, reason: reason?.message, anomalies: reading.anomalies, modifiedAt: modifiedAt)
        }
        return InputFile(name: name, sha256: hash, outcome: .accepted, sectorCode: s.sectorCode, referenceDate: s.referenceDate,
                         compiledBy: s.compiledBy, compiledOn: s.compiledOn, anomalies: reading.anomalies, submission: s, modifiedAt: modifiedAt)
    }

    /// A resubmission for the same settore and date supersedes the earlier
    /// one: `inputs` are in the order of arrival (the store's sequence: the
    /// run that first saw a file, then, within one run, the time the settore
    /// saved it — never its name), and the last one to arrive wins.
    static func markSuperseded(_ inputs: inout [InputFile]) {
        let groups = Dictionary(grouping: inputs.indices.filter { inputs[$0].outcome == .accepted }) {
            "\(inputs[$0].sectorCode ?? "")|\(inputs[$0].referenceDate?.iso ?? "")"
        }
        for (_, indices) in groups where indices.count > 1 {
            let winner = indices.max()!
            for i in indices where i != winner {
                inputs[i].outcome = .superseded
                inputs[i].supersededBy = inputs[winner].sha256
                inputs[i].reason = "sostituito da «\(inputs[winner].name)»" + (inputs[winner].arrival.map { " (arrivo n. \($0))" } ?? "")
            }
        }
    }

    /// Hex SHA-256 of a file's content, read in chunks ("" when it cannot be read).
    public static func sha256(path: String) -> String {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        return sha256(fd: fd) ?? ""
    }

    /// Hex SHA-256 of bytes in memory (a closed round's outputs).
    public static func sha256<Bytes: Sequence>(bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hex(SHA256.hash(data: Data(bytes)))
    }

    /// Hex SHA-256 of what is left to read on an open descriptor; nil on a read error.
    static func sha256(fd: Int32) -> String? {
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
        return hex(hasher.finalize())
    }

    /// A digest as lowercase hex, the form the history, the receipts and the archive names use.
    public static func hex(_ digest: SHA256.Digest) -> String { hex(bytes: digest) }

    /// Lowercase hex of bytes (`String(format:)` per byte once cost a percent of a night).
    public static func hex(bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
