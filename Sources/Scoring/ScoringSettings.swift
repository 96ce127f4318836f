import PerformanceModel

/// Every number the scoring rules use (DESIGN §5), with the documented
/// defaults; `pipeline.json` ("punteggi") may change any of them.
public struct ScoringSettings: Sendable, Equatable {
    /// Increase over a baseline: `progress` (a − b)/(t − b), or `ratio` a/t.
    public enum IncreaseMode: String, Sendable, CaseIterable { case progress, ratio }
    /// Lower is better without a baseline: `inverse` t/a, or `mirror` (2t − a)/t.
    public enum LowerMode: String, Sendable, CaseIterable { case inverse, mirror }

    /// Highest achievement counted (1 = 100 %); over-achievement is still shown.
    public var cap: Double = 1
    public var increase: IncreaseMode = .progress
    public var lowerWithoutBaseline: LowerMode = .inverse
    /// Days late that bring a date indicator to 0 (0: all or nothing), when the plan states none.
    public var dateToleranceDays: Double = 0
    /// Days above 0 that bring a target-0 index to 0 (0: all or nothing), when the plan states none.
    public var indexToleranceDays: Double = 0
    /// Bands: *raggiunto* from this ratio up…
    public var achievedThreshold: Double = 0.9
    /// …*parzialmente raggiunto* from this one; *non raggiunto* below.
    public var partialThreshold: Double = 0.6

    public init() {}

    public static let `default` = ScoringSettings()

    public func band(_ score: Double) -> Band {
        // A hair of tolerance so that 0.9 computed as 0.8999999999 is still 90 %.
        if score + 1e-9 >= achievedThreshold { return .achieved }
        if score + 1e-9 >= partialThreshold { return .partial }
        return .notAchieved
    }
}

/// The achievement band of a score.
public enum Band: String, Sendable, CaseIterable {
    case achieved = "raggiunto"
    case partial = "parzialmente raggiunto"
    case notAchieved = "non raggiunto"
}
