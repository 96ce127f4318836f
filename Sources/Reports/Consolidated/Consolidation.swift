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

    public init(name: String, sha256: String, outcome: Outcome, sectorCode: String? = nil, referenceDate: CalendarDate? = nil,
                compiledBy: String = "", compiledOn: CalendarDate? = nil, reason: String? = nil, anomalies: [Anomaly] = [],
                submission: Submission? = nil) {
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
    }
}
