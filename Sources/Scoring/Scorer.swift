import PerformanceModel

/// A weighted mean and what went into it, so the number can be retraced.
public struct AggregateScore: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public let id: String
        public let score: Double
        public let weight: Double
    }

    public let id: String
    public let label: String
    /// Nil when nothing in it could be scored.
    public let score: Double?
    public let band: Band?
    public let parts: [Part]
    /// The items left out (not scorable, not due, neutralised), by ID.
    public let excluded: [String]
    /// "(80% × 1 + 60% × 1) / 2 = 70%"
    public let explanation: String
    /// An override applied to the whole item (objectives only).
    public let override: Override?
}

/// A settore without a valid scheda at a date: never scored 0, left out of
/// every mean and named wherever scores appear.
public struct SubmissionGap: Sendable, Equatable {
    public let sectorCode: String
    public let sectorName: String
    /// Nil: nothing arrived (*scheda mancante*); else why the file was refused (*scheda rifiutata*).
    public let rejection: String?

    /// "scheda mancante" / "scheda rifiutata: …"
    public var label: String { rejection.map { "scheda rifiutata: \($0)" } ?? "scheda mancante" }
}

/// Something an intermediate round must say first: it is not a score, it is
/// what will cost points at the end of the year if nothing changes.
public struct Criticality: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case overduePhase = "fase scaduta non completata"
        case missedMilestone = "scadenza passata non raggiunta"
        case missingValue = "valore mancante"
        case belowBaseline = "valore peggiore della baseline"
    }

    public let kind: Kind
    public let sectorCode: String
    /// The indicator or phase ("01-1/3").
    public let item: String
    public let message: String
    public let source: SourceCell?
}

/// Every score of one monitoring date.
public struct ScoreCard: Sendable {
    public let date: CalendarDate
    public let isFinal: Bool
    public let indicators: [IndicatorScore]
    /// Whole objectives (all settori's indicators): for lines and ente.
    public let objectives: [AggregateScore]
    /// Objectives per settore ("01-1@02"): an intersectoral objective counts
    /// for each settore with that settore's own indicators.
    public let sectorObjectives: [AggregateScore]
    public let sectors: [AggregateScore]
    public let lines: [AggregateScore]
    public let ente: AggregateScore
    public let employees: [AggregateScore]
    /// What the scoring found worth saying (missing values at the final date…).
    public let anomalies: [Anomaly]
    /// The settori without a valid scheda, in plan order.
    public let gaps: [SubmissionGap]
    /// At an intermediate date, what needs attention before the year ends (empty at the final date).
    public let criticalities: [Criticality]

    public func indicator(_ id: String) -> IndicatorScore? { indicators.first { $0.indicator.id == id } }
    public func objective(_ id: String) -> AggregateScore? { objectives.first { $0.id == id } }
    public func sector(_ code: String) -> AggregateScore? { sectors.first { $0.id == code } }
}

public enum Scorer {
    /// Scores `plan` at `date` from the submissions received for that date
    /// (one per settore: the latest one supersedes the others before this call).
    /// - Parameter rejected: settore → why its file for `date` was refused (a settore without
    ///   a submission and not listed here is *mancante*).
    public static func score(plan: Plan, submissions: [Submission], date: CalendarDate, isFinal: Bool,
                             settings: ScoringSettings = .default, rejected: [String: String] = [:]) -> ScoreCard {
        let evaluator = IndicatorEvaluator(settings: settings, date: date, isFinal: isFinal)
        let bySector = Dictionary(submissions.filter { $0.referenceDate == date }.map { ($0.sectorCode, $0) }, uniquingKeysWith: { _, b in b })
        // A settore with no valid scheda is not judged at all: nothing of it is 0, nothing of it enters a mean.
        let gaps = plan.sectors.filter { bySector[$0.code] == nil }
            .map { SubmissionGap(sectorCode: $0.code, sectorName: $0.name, rejection: rejected[$0.code]) }
        let gapBySector = Dictionary(gaps.map { ($0.sectorCode, $0) }, uniquingKeysWith: { a, _ in a })
        let phasesByObjective = Dictionary(grouping: plan.phases, by: \.objectiveID)
        func override(for id: String) -> Override? {
            plan.overrides.last { $0.targetID == id && ($0.referenceDate == nil || $0.referenceDate == date) }
        }
        var anomalies: [Anomaly] = []

        let indicatorScores: [IndicatorScore] = plan.indicators.map { ind in
            if let gap = gapBySector[ind.sectorCode], override(for: ind.id) == nil {
                return IndicatorScore(indicator: ind, rule: IndicatorRule.of(ind), status: .noSubmission(gap.label), achievement: nil,
                                      rawAchievement: nil, explanation: "non valutabile — \(gap.label)", actual: nil, inputs: [], override: nil)
            }
            let submission = bySector[ind.sectorCode]
            let value = submission?.values.first { $0.indicatorID == ind.id }
            let score = evaluator.evaluate(ind, value: value, phases: phasesByObjective[ind.objectiveID] ?? [],
                                           reports: submission?.phases ?? [], override: override(for: ind.id))
            // Values missing or unreadable at the final date; the plan's own defects are plan check's to report.
            if isFinal, score.rule.isScorable, case .notScorable(let why) = score.status {
                let place = value?.source ?? ind.source
                anomalies.append(Anomaly(.nonValutabile, message: "indicatore \(ind.id): \(why)",
                                         file: place?.file ?? "", sheet: place?.sheet, cell: place?.cell))
            }
            return score
        }
        let scoresByObjective = Dictionary(grouping: indicatorScores, by: \.indicator.objectiveID)

        func mean(id: String, label: String, _ items: [(String, Double?, Double)], override: Override? = nil, gap: SubmissionGap? = nil) -> AggregateScore {
            if let gap, override == nil {
                return AggregateScore(id: id, label: label, score: nil, band: nil, parts: [], excluded: items.map(\.0),
                                      explanation: "non valutabile — \(gap.label)", override: nil)
            }
            if let override {
                switch override.kind {
                case .notEvaluable:
                    return AggregateScore(id: id, label: label, score: nil, band: nil, parts: [], excluded: items.map(\.0),
                                          explanation: "non valutabile per rettifica: \(override.decision)", override: override)
                case .forced(let forced):
                    // Within 0 and the cap, as a forced indicator: a rettifica of 120 % counts as the cap, said so.
                    let g = min(max(forced, 0), settings.cap)
                    let counted = g == forced ? "" : " (conteggiato \(Fmt.percent(g)))"
                    return AggregateScore(id: id, label: label, score: g, band: isFinal ? settings.band(g) : nil, parts: [], excluded: [],
                                          explanation: "forzato a \(Fmt.percent(forced))\(counted) per rettifica: \(override.decision)", override: override)
                }
            }
            let parts = items.compactMap { item in item.1.map { AggregateScore.Part(id: item.0, score: $0, weight: item.2) } }
            let excluded = items.filter { $0.1 == nil }.map(\.0)
            let totalWeight = parts.reduce(0) { $0 + $1.weight }
            guard totalWeight > 0 else {
                return AggregateScore(id: id, label: label, score: nil, band: nil, parts: [], excluded: excluded,
                                      explanation: "nessun elemento valutabile", override: nil)
            }
            let score = parts.reduce(0) { $0 + $1.score * $1.weight } / totalWeight
            let terms = parts.map { "\(Fmt.percent($0.score)) × \(Fmt.number($0.weight))" }.joined(separator: " + ")
            // Bands judge the year: at an intermediate date a score is progress, not a verdict.
            return AggregateScore(id: id, label: label, score: score, band: isFinal ? settings.band(score) : nil, parts: parts, excluded: excluded,
                                  explanation: "(\(terms)) / \(Fmt.number(totalWeight)) = \(Fmt.percent(score))", override: nil)
        }

        // Objectives, whole and per settore.
        var objectiveScores: [AggregateScore] = []
        var sectorObjectiveScores: [AggregateScore] = []
        for objective in plan.objectives {
            let scores = scoresByObjective[objective.id] ?? []
            let items = scores.map { ($0.indicator.id, $0.achievement, $0.weight) }
            let whole = mean(id: objective.id, label: objective.title, items, override: override(for: objective.id))
            objectiveScores.append(whole)
            for sector in Set(scores.map(\.indicator.sectorCode)).sorted() {
                let own = scores.filter { $0.indicator.sectorCode == sector }.map { ($0.indicator.id, $0.achievement, $0.weight) }
                sectorObjectiveScores.append(mean(id: "\(objective.id)@\(sector)", label: objective.title, own, override: override(for: objective.id),
                                                  gap: gapBySector[sector]))
            }
        }
        let objectiveWeight = Dictionary(plan.objectives.map { ($0.id, $0.weight ?? 1) }, uniquingKeysWith: { first, _ in first })
        let wholeByID = Dictionary(objectiveScores.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        let sectors = plan.sectors.map { sector in
            let items = sectorObjectiveScores.filter { $0.id.hasSuffix("@\(sector.code)") }.map { s -> (String, Double?, Double) in
                let objectiveID = String(s.id.split(separator: "@")[0])
                return (objectiveID, s.score, objectiveWeight[objectiveID] ?? 1)
            }
            return mean(id: sector.code, label: sector.name, items, gap: gapBySector[sector.code])
        }
        let lines = plan.lines.map { line in
            let items = plan.objectives.filter { plan.lineCode(of: $0) == line.code }
                .map { ($0.id, wholeByID[$0.id]?.score, objectiveWeight[$0.id] ?? 1) }
            return mean(id: line.code, label: line.name, items)
        }
        let ente = mean(id: "ente", label: plan.ente, plan.objectives.map { ($0.id, wholeByID[$0.id]?.score, objectiveWeight[$0.id] ?? 1) })
        let people = Dictionary(grouping: plan.participations, by: \.name)
        let employees = people.keys.sorted().map { name in
            // The mean of the objectives they take part in (each once).
            let ids = Array(Set(people[name]!.map(\.objectiveID))).sorted()
            return mean(id: name, label: name, ids.map { ($0, wholeByID[$0]?.score, 1) })
        }
        return ScoreCard(date: date, isFinal: isFinal, indicators: indicatorScores, objectives: objectiveScores,
                         sectorObjectives: sectorObjectiveScores, sectors: sectors, lines: lines, ente: ente,
                         employees: employees, anomalies: anomalies, gaps: gaps,
                         criticalities: isFinal ? [] : criticalities(plan: plan, indicators: indicatorScores, bySector: bySector, date: date))
    }

    /// At an intermediate date: overdue phases not completed, milestones passed and not reached,
    /// values missing, values worse than the baseline — for the settori that sent a scheda.
    static func criticalities(plan: Plan, indicators: [IndicatorScore], bySector: [String: Submission], date: CalendarDate) -> [Criticality] {
        var out: [Criticality] = []
        for (code, submission) in bySector.sorted(by: { $0.key < $1.key }) {
            let ownObjectives = Set(plan.objectives(reportedBy: code).map(\.id))
            let reports = Dictionary(submission.phases.map { ("\($0.objectiveID)/\($0.number)", $0) }, uniquingKeysWith: { a, _ in a })
            for phase in plan.phases where ownObjectives.contains(phase.objectiveID) {
                guard let end = phase.end, end <= date else { continue }
                let report = reports[phase.key]
                if report?.state != .completed {
                    out.append(Criticality(kind: .overduePhase, sectorCode: code, item: phase.key,
                                           message: "fase \(phase.key) («\(phase.description.prefix(70))»): doveva concludersi entro il \(end.italian), "
                                               + "stato «\(report?.state?.rawValue ?? "non indicato")»", source: report?.source))
                }
            }
        }
        for score in indicators where bySector[score.indicator.sectorCode] != nil {
            let ind = score.indicator
            let value = score.actual?.value
            if score.rule == .date, case .date(let due)? = ind.target, due <= date {
                if case .date(let done)? = value, done <= due { continue }
                out.append(Criticality(kind: .missedMilestone, sectorCode: ind.sectorCode, item: ind.id,
                                       message: "indicatore \(ind.id): la scadenza \(due.italian) è passata" + (value.map { ", raggiunto il \($0.italian)" } ?? " senza che sia indicato il raggiungimento"),
                                       source: score.actual?.source))
                continue
            }
            guard score.rule.isScorable, score.rule != .phases, score.rule != .date else { continue }
            guard let value else {
                out.append(Criticality(kind: .missingValue, sectorCode: ind.sectorCode, item: ind.id,
                                       message: "indicatore \(ind.id): nessun valore rilevato" + ((score.actual?.rawText.isEmpty ?? true) ? "" : " leggibile («\(score.actual!.rawText)»)"),
                                       source: score.actual?.source))
                continue
            }
            guard let a = value.numeric, let b = ind.baseline?.numeric, !ind.isChangeOverBaselineAmount else { continue }
            let lowerIsBetter = ind.direction == .decrescente || ind.measure == .tempestivita
            if lowerIsBetter ? a > b : a < b {
                out.append(Criticality(kind: .belowBaseline, sectorCode: ind.sectorCode, item: ind.id,
                                       message: "indicatore \(ind.id): \(value.italian) è peggiore della baseline \(ind.baseline!.italian)", source: score.actual?.source))
            }
        }
        return out
    }
}
