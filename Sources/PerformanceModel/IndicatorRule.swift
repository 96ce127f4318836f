

/// Which rule of DESIGN §5 scores an indicator. Decided from the plan
/// alone, so everyone knows the rule before any value arrives.
public enum IndicatorRule: Sendable, Equatable {
    /// Higher is better: g = a / t.
    case ratio
    /// Increase over a baseline, target = arrival value.
    case increaseOverBaseline
    /// Lower is better with a baseline: g = (b − a) / (b − t).
    case lowerWithBaseline
    /// Lower is better without a baseline: inverse t/a or mirror (2t − a)/t.
    case lowerWithoutBaseline
    /// A percent change of a baseline amount (−10 % morosità over 51.008,28 €):
    /// achieved = (b − a)/b for a reduction, (a − b)/b for an increase; g = achieved / t.
    case changeOverBaseline(reduction: Bool)
    /// An index whose target is 0 (days): g = 1 if a ≤ 0, else max(0, 1 − a/tolerance).
    case zeroIndex
    /// A date: g = 1 if done by the target, else max(0, 1 − days late / tolerance).
    case date
    /// SI/NO: 1 when the answer is the one expected.
    case yesNo
    /// "Rispetto fasi e tempi": phases completed on time / phases due.
    case phases
    /// Cannot be scored: the reason, in Italian.
    case notScorable(String)

    /// False for plan defects (reported by `piao plan check`, not again by scoring).
    public var isScorable: Bool {
        if case .notScorable = self { return false }
        return true
    }

    /// The rule in words, for the OIV.
    public var name: String {
        switch self {
        case .ratio: return "rapporto consuntivo/target"
        case .increaseOverBaseline: return "incremento rispetto alla baseline"
        case .lowerWithBaseline: return "riduzione verso il target (con baseline)"
        case .lowerWithoutBaseline: return "minore è meglio (senza baseline)"
        case .changeOverBaseline(let reduction): return reduction ? "riduzione % rispetto alla baseline" : "aumento % rispetto alla baseline"
        case .zeroIndex: return "indice con target 0"
        case .date: return "data"
        case .yesNo: return "si/no"
        case .phases: return "rispetto di fasi e tempi"
        case .notScorable(let why): return "non valutabile: \(why)"
        }
    }

    public static func of(_ ind: Indicator) -> IndicatorRule {
        guard let target = ind.target else { return .notScorable("il piano non indica il target") }
        // "Rispetto fasi e tempi" computed from the phases — unless the measure is a date or SI/NO.
        if ind.isPhaseCompliance && ind.measure != .data && ind.measure != .siNo { return .phases }
        guard let measure = ind.measure else { return .notScorable("il piano non indica la misura") }
        let descending = ind.direction == .decrescente
        switch (measure, target) {
        case (.siNo, .yesNo): return .yesNo
        case (.siNo, _): return .notScorable("target non SI/NO per una misura si/no")
        case (.data, .date): return .date
        case (.data, _): return .notScorable("target non è una data per una misura data")
        case (_, .yesNo), (_, .date): return .notScorable("target di tipo diverso dalla misura «\(measure.rawValue)»")
        default: break
        }
        let t = target.numeric ?? 0
        if ind.isChangeOverBaselineAmount {
            let text = ind.description.lowercased()
            // "−15 %" is how people write a reduction of 15 %: the sign says the direction.
            let reduction = descending || text.contains("riduzion") || text.contains("diminuzion") || t < 0
            if ind.baseline?.numeric == 0 { return .notScorable("baseline zero: la variazione percentuale non è definita") }
            if t == 0 { return .notScorable("target di variazione zero") }
            return .changeOverBaseline(reduction: reduction)
        }
        if measure == .tempestivita || descending {
            if t == 0 { return .zeroIndex }
            if let b = ind.baseline?.numeric {
                if b == t { return .notScorable("target uguale alla baseline (divisione per zero)") }
                return t > b ? .notScorable("target superiore alla baseline per un indicatore «minore è meglio»") : .lowerWithBaseline
            }
            return t > 0 ? .lowerWithoutBaseline : .notScorable("target negativo per un indicatore «minore è meglio»")
        }
        if let b = ind.baseline?.numeric {
            if b == t { return .notScorable("target uguale alla baseline (divisione per zero)") }
            return t < b ? .notScorable("target inferiore alla baseline per un indicatore crescente") : .increaseOverBaseline
        }
        return t > 0 ? .ratio : .notScorable("target zero o negativo per un rapporto consuntivo/target")
    }
}
