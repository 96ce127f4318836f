import Testing
import PerformanceModel
@testable import Scoring

/// Properties that must hold for every input, checked on many seeded
/// random cases (deterministic) over the real plan's scorable indicators.
@Suite("Scoring properties")
struct PropertyTests {
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 11 }
        mutating func double(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + (range.upperBound - range.lowerBound) * Double(next() % 1_000_001) / 1_000_000
        }
    }

    /// A random actual of the indicator's kind, around its target.
    static func actual(_ ind: Indicator, _ r: inout Random) -> Quantity? {
        switch ind.target {
        case .date(let d)?: return .date(d.adding(days: Int(r.next() % 61) - 30))
        case .yesNo?: return .yesNo(r.next() % 2 == 0)
        case .percent(let t)?:
            if ind.isChangeOverBaselineAmount, let b = ind.baseline?.numeric { return .number(b * r.double(0...2)) }
            return .percent(t * r.double(-0.5...2.5))
        case .number(let t)?: return .number((t == 0 ? 10 : t) * r.double(-1...3))
        case nil: return nil
        }
    }

    /// The same kind of actual, better or equal for the indicator.
    static func better(_ ind: Indicator, _ a: Quantity, by step: Double) -> Quantity {
        let rule = IndicatorRule.of(ind)
        let lowerIsBetter: Bool
        switch rule {
        case .lowerWithBaseline, .lowerWithoutBaseline, .zeroIndex: lowerIsBetter = true
        case .changeOverBaseline(let reduction): lowerIsBetter = reduction
        default: lowerIsBetter = false
        }
        switch a {
        case .date(let d): return .date(d.adding(days: -Int(step * 10)))
        case .yesNo: if case .yesNo(let t)? = ind.target { return .yesNo(t) } else { return a }
        case .percent(let v): return .percent(lowerIsBetter ? v - step : v + step)
        case .number(let v): return .number(lowerIsBetter ? v - step * max(1, abs(v)) : v + step * max(1, abs(v)))
        }
    }

    static let scorable = plan2024.indicators.filter { IndicatorRule.of($0).isScorable && IndicatorRule.of($0) != .phases }

    @Test("a better actual never lowers the achievement; it always stays in [0, cap]", arguments: [1.0, 1.2])
    func monotoneAndBounded(_ cap: Double) {
        var settings = ScoringSettings.default
        settings.cap = cap
        settings.dateToleranceDays = 15
        settings.indexToleranceDays = 30
        var r = Random(state: 2024)
        for mode in ScoringSettings.LowerMode.allCases {
            settings.lowerWithoutBaseline = mode
            let ev = IndicatorEvaluator(settings: settings, date: day("2024-12-31"), isFinal: true)
            for ind in Self.scorable {
                for _ in 0..<200 {
                    guard let a = Self.actual(ind, &r) else { continue }
                    let b = Self.better(ind, a, by: r.double(0...1))
                    let ga = ev.evaluate(ind, value: measured(ind.id, a), phases: [], reports: [], override: nil).achievement
                    let gb = ev.evaluate(ind, value: measured(ind.id, b), phases: [], reports: [], override: nil).achievement
                    guard let ga, let gb else { Issue.record("\(ind.id) not scored for \(a.italian)"); continue }
                    #expect(gb >= ga - 1e-12, "\(ind.id): \(a.italian) → \(Fmt.percent(ga)), better \(b.italian) → \(Fmt.percent(gb))")
                    #expect((0...cap).contains(ga) && (0...cap).contains(gb), "\(ind.id)")
                }
            }
        }
    }

    @Test("scaling every weight by the same factor changes no score")
    func weightScaleInvariance() {
        var r = Random(state: 7)
        for _ in 0..<50 {
            var plan = AggregationTests.smallPlan
            for i in plan.indicators.indices { plan.indicators[i].weight = r.double(0.1...5) }
            for i in plan.objectives.indices { plan.objectives[i].weight = r.double(0.1...5) }
            let k = r.double(0.5...20)
            var scaled = plan
            for i in scaled.indicators.indices { scaled.indicators[i].weight! *= k }
            for i in scaled.objectives.indices { scaled.objectives[i].weight! *= k }
            let subs = [AggregationTests.submission("01", ["00-1.1": r.double(0...12), "01-1.1": r.double(0...5), "01-1.2": r.double(0...3), "01-2.2": r.double(0...5)]),
                        AggregationTests.submission("02", ["00-1.2": r.double(0...12)])]
            let a = Scorer.score(plan: plan, submissions: subs, date: day("2024-12-31"), isFinal: true)
            let b = Scorer.score(plan: scaled, submissions: subs, date: day("2024-12-31"), isFinal: true)
            for (x, y) in zip(a.objectives + a.sectors + a.lines + [a.ente], b.objectives + b.sectors + b.lines + [b.ente]) {
                #expect(abs((x.score ?? -1) - (y.score ?? -1)) < 1e-9, "\(x.id)")
            }
        }
    }

    @Test("removing a non-scorable indicator never changes an objective's score (real plan, sample data)")
    func removingNonScorable() throws {
        for (file, final) in [("2024-06-30", false), ("2024-12-31", true)] {
            let subs = try sampleSubmissions(file)
            let date = day(file)
            let card = Scorer.score(plan: plan2024, submissions: subs, date: date, isFinal: final)
            var reduced = plan2024
            let left = Set(card.indicators.filter { !$0.counts }.map(\.indicator.id))
            #expect(!left.isEmpty)
            reduced.indicators.removeAll { left.contains($0.id) }
            let again = Scorer.score(plan: reduced, submissions: subs, date: date, isFinal: final)
            for (x, y) in zip(card.objectives, again.objectives) { #expect(x.score == y.score, "\(x.id) at \(file)") }
            for (x, y) in zip(card.sectors, again.sectors) { #expect(x.score == y.score, "\(x.id) at \(file)") }
            #expect(card.ente.score == again.ente.score)
        }
    }
}
