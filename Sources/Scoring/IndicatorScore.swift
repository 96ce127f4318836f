import PerformanceModel

/// The *grado di raggiungimento* of one indicator at one monitoring date,
/// with everything needed to trace it: the rule, the arithmetic in words,
/// the cells it came from, the override applied.
public struct IndicatorScore: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// Scored: `achievement` holds g.
        case scored
        /// Forced by an override (`achievement` holds the forced value).
        case forced
        /// Left out of every mean: the reason, in Italian.
        case notScorable(String)
        /// Not due yet at an intermediate date (left out, not a defect).
        case notDue
        /// Not due yet, and already reached: information, left out like anything not yet due.
        case reachedEarly
        /// Neutralised by a "non valutabile" override.
        case neutralized
        /// Its settore sent no valid scheda for the date: "scheda mancante" or "scheda rifiutata: …".
        case noSubmission(String)
    }

    public let indicator: Indicator
    public let rule: IndicatorRule
    public let status: Status
    /// g clamped to [0, cap]: what enters the means.
    public let achievement: Double?
    /// g before clamping: over-achievement stays visible.
    public let rawAchievement: Double?
    /// The arithmetic in words: "(30 − 24) / (30 − 20) = 60%".
    public let explanation: String
    /// The value reported, when there is one.
    public let actual: MeasuredValue?
    /// Every cell the score came from (value, phases).
    public let inputs: [SourceCell]
    public let override: Override?
    /// For "rispetto fasi e tempi": the phases due and not respected (its *scostamento*).
    public var phasesNotRespected: Int? = nil

    /// Whether it enters the means.
    public var counts: Bool { achievement != nil }
    public var weight: Double { indicator.weight ?? 1 }
}

/// Evaluates one indicator with its rule (DESIGN §5).
public struct IndicatorEvaluator: Sendable {
    public let settings: ScoringSettings
    public let date: CalendarDate
    public let isFinal: Bool

    public init(settings: ScoringSettings, date: CalendarDate, isFinal: Bool) {
        self.settings = settings
        self.date = date
        self.isFinal = isFinal
    }

    /// - Parameters:
    ///   - value: what the indicator's settore reported (nil: no submission or no row).
    ///   - phases: the objective's planned phases; `reports`: that settore's declarations for them.
    public func evaluate(_ ind: Indicator, value: MeasuredValue?, phases: [Phase], reports: [PhaseReport], override: Override?) -> IndicatorScore {
        let rule = IndicatorRule.of(ind)
        func result(_ status: IndicatorScore.Status, _ raw: Double?, _ text: String, _ inputs: [SourceCell]) -> IndicatorScore {
            let clamped = raw.map { min(max($0, 0), settings.cap) }
            return IndicatorScore(indicator: ind, rule: rule, status: status, achievement: status == .scored || status == .forced ? clamped : nil,
                                  rawAchievement: raw, explanation: text, actual: value, inputs: inputs, override: override)
        }
        let valueInputs = value.map { [$0.source] } ?? []
        if let override {
            switch override.kind {
            case .notEvaluable:
                return result(.neutralized, nil, "non valutabile per rettifica: \(override.decision)", valueInputs)
            case .forced(let g):
                return result(.forced, g, "raggiungimento forzato a \(Fmt.percent(g)) per rettifica: \(override.decision)", valueInputs)
            }
        }
        if case .notScorable(let why) = rule { return result(.notScorable(why), nil, "non valutabile: \(why)", valueInputs) }
        if rule == .phases && !phases.isEmpty { return evaluatePhases(ind, phases: phases, reports: reports, result: result) }

        // Dates not yet due do not count at an intermediate date — reached or not, exactly as phases.
        if rule == .date, case .date(let due)? = ind.target, due > date, !isFinal {
            if case .date(let done)? = value?.value, done <= date {
                return result(.reachedEarly, nil, "raggiunto in anticipo il \(done.italian) (scadenza \(due.italian)): informazione, conterà al monitoraggio finale", valueInputs)
            }
            return result(.notDue, nil, "scadenza \(due.italian) successiva alla data di riferimento", valueInputs)
        }
        guard let actual = value?.value else {
            if isFinal {
                let why = value == nil ? "nessun valore trasmesso alla data finale" : "valore mancante alla data finale"
                return result(.notScorable(why), nil, "non valutabile: \(why)", valueInputs)
            }
            return result(.notDue, nil, "valore non ancora rilevato alla data intermedia", valueInputs)
        }
        guard let target = ind.target else { return result(.notScorable("senza target"), nil, "non valutabile: senza target", valueInputs) }
        let computed = compute(rule, ind, actual: actual, target: target)
        switch computed {
        case .success(let (g, text)): return result(.scored, g, text, valueInputs)
        case .failure(let why): return result(.notScorable(why.message), nil, "non valutabile: \(why.message)", valueInputs)
        }
    }

    struct Unscorable: Error { let message: String }

    func compute(_ rule: IndicatorRule, _ ind: Indicator, actual: Quantity, target: Quantity) -> Result<(Double, String), Unscorable> {
        func fail(_ m: String) -> Result<(Double, String), Unscorable> { .failure(Unscorable(message: m)) }
        func ok(_ g: Double, _ text: String) -> Result<(Double, String), Unscorable> {
            let capped = g > settings.cap ? " (conteggiato \(Fmt.percent(settings.cap)))" : (g < 0 ? " (conteggiato 0%)" : "")
            return .success((g, "\(text) = \(Fmt.percent(g))\(capped)"))
        }
        switch rule {
        case .yesNo:
            guard case .yesNo(let a) = actual, case .yesNo(let t) = target else { return fail("valore non SI/NO") }
            return .success((a == t ? 1 : 0, "\(a ? "SI" : "NO"), atteso \(t ? "SI" : "NO"): \(a == t ? "100%" : "0%")"))
        case .date:
            guard case .date(let a) = actual, case .date(let t) = target else { return fail("valore non è una data") }
            if a <= t { return .success((1, "raggiunto il \(a.italian), entro il \(t.italian): 100%")) }
            let late = Double(a - t)
            let tol = ind.tolerance ?? settings.dateToleranceDays
            let g = tol > 0 ? max(0, 1 - late / tol) : 0
            return .success((g, "raggiunto il \(a.italian), \(Fmt.number(late)) giorni dopo il \(t.italian); tolleranza \(Fmt.number(tol)) giorni: "
                + (tol > 0 ? "1 − \(Fmt.number(late))/\(Fmt.number(tol)) = \(Fmt.percent(g))" : "0%")))
        case .zeroIndex:
            guard let a = actual.numeric else { return fail("valore non numerico") }
            if a <= 0 { return .success((1, "indice \(Fmt.number(a)) ≤ 0: 100%")) }
            let tol = ind.tolerance ?? settings.indexToleranceDays
            let g = tol > 0 ? max(0, 1 - a / tol) : 0
            return .success((g, "indice \(Fmt.number(a)) > 0, tolleranza \(Fmt.number(tol)): " + (tol > 0 ? "1 − \(Fmt.number(a))/\(Fmt.number(tol)) = \(Fmt.percent(g))" : "0%")))
        case .changeOverBaseline(let reduction):
            // The size of the change: a reduction may be written "−15 %" or "15 %".
            guard case .number(let a) = actual, let b = ind.baseline?.numeric, let t = target.numeric.map(abs), b != 0 else { return fail("valore o baseline non numerici") }
            let achieved = reduction ? (b - a) / b : (a - b) / b
            let formula = reduction ? "(\(Fmt.number(b)) − \(Fmt.number(a))) / \(Fmt.number(b))" : "(\(Fmt.number(a)) − \(Fmt.number(b))) / \(Fmt.number(b))"
            return ok(achieved / t, "\(reduction ? "riduzione" : "aumento") \(formula) = \(Fmt.percent(achieved)); \(Fmt.percent(achieved)) / \(Fmt.percent(t))")
        default:
            break
        }
        guard let a = actual.numeric, let t = target.numeric else { return fail("valore di tipo diverso dal target") }
        let (fa, ft) = (Fmt.quantity(a, like: target), Fmt.quantity(t, like: target))
        switch rule {
        case .ratio, .phases:
            guard t != 0 else { return fail("target zero") }
            return ok(a / t, "\(fa) / \(ft)")
        case .increaseOverBaseline:
            guard let b = ind.baseline?.numeric, b != t else { return fail("target uguale alla baseline") }
            let fb = Fmt.quantity(b, like: target)
            switch settings.increase {
            case .progress:
                return ok((a - b) / (t - b), "(\(fa) − \(fb)) / (\(ft) − \(fb))")
            case .ratio:
                return ok(a / t, "\(fa) / \(ft)")
            }
        case .lowerWithBaseline:
            guard let b = ind.baseline?.numeric, b != t else { return fail("target uguale alla baseline") }
            let fb = Fmt.quantity(b, like: target)
            return ok((b - a) / (b - t), "(\(fb) − \(fa)) / (\(fb) − \(ft))")
        case .lowerWithoutBaseline:
            switch settings.lowerWithoutBaseline {
            case .inverse:
                if a <= 0 { return .success((settings.cap, "consuntivo \(fa) ≤ 0, migliore di ogni target: \(Fmt.percent(settings.cap))")) }
                return ok(t / a, "\(ft) / \(fa)")
            case .mirror:
                return ok((2 * t - a) / t, "(2 × \(ft) − \(fa)) / \(ft)")
            }
        default:
            return fail("regola non applicabile")
        }
    }

    /// Phases due by the reference date (planned end ≤ date) that were
    /// completed by their planned end, over the phases due.
    func evaluatePhases(_ ind: Indicator, phases: [Phase], reports: [PhaseReport],
                        result: (IndicatorScore.Status, Double?, String, [SourceCell]) -> IndicatorScore) -> IndicatorScore {
        let byKey = Dictionary(reports.map { ("\($0.objectiveID)/\($0.number)", $0) }, uniquingKeysWith: { a, _ in a })
        var due = 0, respected = 0
        var inputs: [SourceCell] = []
        var notes: [String] = []
        for phase in phases.sorted(by: { $0.number < $1.number }) {
            guard let end = phase.end else {
                notes.append("fase \(phase.number) esclusa: data di fine non valida nel piano")
                continue
            }
            guard end <= date else { continue }
            due += 1
            let report = byKey[phase.key]
            if let source = report?.source { inputs.append(source) }
            if report?.state == .completed, let on = report?.completedOn, on <= end {
                respected += 1
            } else if report?.state == .completed, let on = report?.completedOn {
                notes.append("fase \(phase.number) completata il \(on.italian), dopo la fine prevista (\(end.italian))")
            } else if report?.state == .completed {
                notes.append("fase \(phase.number) completata senza data: non verificabile")
            } else {
                notes.append("fase \(phase.number) non completata entro il \(end.italian)")
            }
        }
        let tail = notes.isEmpty ? "" : " [" + notes.joined(separator: "; ") + "]"
        guard due > 0 else {
            return result(.notDue, nil, "nessuna fase dovuta entro il \(date.italian)\(tail)", inputs)
        }
        let g = Double(respected) / Double(due)
        var score = result(.scored, g, "fasi rispettate \(respected) su \(due) dovute entro il \(date.italian) = \(Fmt.percent(g))\(tail)", inputs)
        score.phasesNotRespected = due - respected
        return score
    }
}

/// Numbers as the OIV reads them: Italian decimal comma, percentages.
public enum Fmt {
    public static func number(_ v: Double) -> String {
        let rounded = (v * 100).rounded() / 100
        if rounded == rounded.rounded(.towardZero) && abs(rounded) < 1e15 { return grouped(Int64(rounded)) }
        let sign = rounded < 0 ? "-" : ""
        let whole = Int64(abs(rounded).rounded(.towardZero))
        let cents = Int64((abs(rounded) * 100).rounded()) % 100
        let frac = cents % 10 == 0 ? String(cents / 10) : (cents < 10 ? "0\(cents)" : String(cents))
        return sign + grouped(whole) + "," + frac
    }

    static func grouped(_ v: Int64) -> String {
        let s = String(abs(v))
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(".") }
            out.append(ch)
        }
        return (v < 0 ? "-" : "") + out
    }

    /// `60%`, `112,5%`
    public static func percent(_ ratio: Double) -> String { number(ratio * 100) + "%" }

    /// A value in the target's unit: a percent shown as percent.
    public static func quantity(_ v: Double, like target: Quantity) -> String {
        if case .percent = target { return percent(v) }
        return number(v)
    }
}
