import Foundation
import PerformanceModel
import Scoring

/// Everything one run knows about one ente: the plan, every input file
/// with its outcome, and the scores at every monitoring date with data.
/// All outputs (consolidated workbook, OIV export, receipts, open data)
/// are written from this, and only from this: same data, same bytes.
public struct Consolidation: Sendable {
    public var plan: Plan
    public var planFile: InputFile
    public var planAnomalies: [Anomaly]
    /// Every monitoring file seen, in name order.
    public var inputs: [InputFile]
    /// Score cards in date order (only dates with at least one submission).
    public var cards: [ScoreCard]
    public var settings: ScoringSettings
    /// The final scores of earlier years (from the history), shown beside this year's in Storico.
    public var earlierYears: [YearFinalScore] = []
    /// Every closure and reopening of this year's rounds, oldest first.
    public var roundEvents: [RoundEvent] = []
    /// The outputs of closed rounds, as they were at the closure (path in the output folder → bytes): written as they are.
    public var frozen: [String: [UInt8]] = [:]

    public func state(of date: CalendarDate) -> RoundState { RoundState(roundEvents, date: date) }

    public init(plan: Plan, planFile: InputFile, planAnomalies: [Anomaly], inputs: [InputFile], cards: [ScoreCard], settings: ScoringSettings) {
        self.plan = plan
        self.planFile = planFile
        self.planAnomalies = planAnomalies
        self.inputs = inputs
        self.cards = cards
        self.settings = settings
    }

    /// "cassano-d-adda"
    public var enteSlug: String { MonitoringTemplate.slug(plan.ente) }

    /// Every anomaly of the run: the plan's, the files', the scoring's.
    /// A round's own problems: its files' (those without a date too: unreadable ones) and the scoring's — not the plan's defects.
    public func roundAnomalies(_ card: ScoreCard) -> [Anomaly] {
        inputs.filter { $0.referenceDate == nil || $0.referenceDate == card.date }.flatMap(\.anomalies) + card.anomalies
    }

    public func anomalies(upTo card: ScoreCard?) -> [Anomaly] {
        planAnomalies + inputs.flatMap(\.anomalies) + (card?.anomalies ?? [])
    }
}

/// An input file and what became of it.
public struct InputFile: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case plan = "piano"
        case accepted = "accettato"
        case rejected = "rifiutato"
        /// Accepted, but a newer file for the same settore and date replaces it.
        case superseded = "sostituito"
    }

    public var name: String
    public var sha256: String
    public var outcome: Outcome
    public var sectorCode: String?
    public var referenceDate: CalendarDate?
    public var compiledBy: String
    public var compiledOn: CalendarDate?
    /// The first error, for rejected files.
    public var reason: String?
    public var anomalies: [Anomaly]
    public var submission: Submission?
    /// Order of arrival among this ente's files of the year (1 = first), from the history.
    public var arrival: Int?
    /// When the settore last saved the file (its modification time when the run took it).
    public var modifiedAt: Date?
    /// For a superseded file: the SHA-256 of the file that replaced it.
    public var supersededBy: String?

    public init(name: String, sha256: String, outcome: Outcome, sectorCode: String? = nil, referenceDate: CalendarDate? = nil,
                compiledBy: String = "", compiledOn: CalendarDate? = nil, reason: String? = nil, anomalies: [Anomaly] = [],
                submission: Submission? = nil, arrival: Int? = nil, modifiedAt: Date? = nil) {
        self.name = name
        self.sha256 = sha256
        self.outcome = outcome
        self.sectorCode = sectorCode
        self.referenceDate = referenceDate
        self.compiledBy = compiledBy
        self.compiledOn = compiledOn
        self.reason = reason
        self.anomalies = anomalies
        self.submission = submission
        self.arrival = arrival
        self.modifiedAt = modifiedAt
    }

    /// "12/07/2024 10:35" in the machine's time zone (the comune's), or nil.
    public var savedAtText: String? { modifiedAt.map(LocalTime.text) }
}

/// A moment as the comune's clock shows it: "12/07/2024 10:35" (the machine's time zone).
public enum LocalTime {
    public static func text(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(parts.tm_mday))/\(two(parts.tm_mon + 1))/\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min))"
    }
}

/// One final score of a year: the ente's, a settore's or an objective's (nil: not scorable).
/// Kept by the history; shown in later years beside the same IDs.
public struct YearFinalScore: Sendable, Equatable {
    public let year: Int
    public let kind: String
    public let id: String
    public let label: String
    public let score: Double?

    public init(year: Int, kind: String, id: String, label: String, score: Double?) {
        self.year = year
        self.kind = kind
        self.id = id
        self.label = label
        self.score = score
    }

    /// The final scores of a final card, to be kept.
    public static func of(_ card: ScoreCard, _ plan: Plan) -> [YearFinalScore] {
        [YearFinalScore(year: plan.year, kind: "ente", id: "ENTE", label: plan.ente, score: card.ente.score)]
            + card.sectors.map { YearFinalScore(year: plan.year, kind: "settore", id: $0.id, label: $0.label, score: $0.score) }
            + card.objectives.map { YearFinalScore(year: plan.year, kind: "obiettivo", id: $0.id, label: $0.label, score: $0.score) }
    }
}
