/// The kind of an indicator (*tipo*).
public enum IndicatorType: String, Sendable, CaseIterable, Codable {
    case efficacia, efficienza
    case economicita = "economicità"
    case output, outcome
    case attivitaProcesso = "attività/processo"
}

/// What an indicator measures (*misura*): decides which values are valid
/// and which scoring rule applies.
public enum MeasureKind: String, Sendable, CaseIterable, Codable {
    case data
    case tempestivita = "tempestività"
    case quantita = "quantità"
    case percentuale
    case siNo = "si/no"
}

/// Whether more is better (*crescente*) or less is better (*decrescente*).
public enum Direction: String, Sendable, CaseIterable, Codable {
    case crescente, decrescente
}

/// A planned or measured quantity, typed as the plan or the cell says.
public enum Quantity: Sendable, Equatable, Hashable {
    case number(Double)
    /// A percentage as a ratio: 70 % is 0.7.
    case percent(Double)
    case date(CalendarDate)
    case yesNo(Bool)

    /// The value as Italians write it: `2,5`, `70%`, `30/06/2024`, `SI`.
    public var italian: String {
        switch self {
        case .number(let v): return Self.italianNumber(v)
        case .percent(let v): return Self.italianNumber((v * 100 * 1e9).rounded() / 1e9) + "%"
        case .date(let d): return d.italian
        case .yesNo(let b): return b ? "SI" : "NO"
        }
    }

    public static func italianNumber(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        return String("\(v)".map { $0 == "." ? "," : $0 })
    }

    /// The numeric value for numbers and percentages (70 % → 0.7).
    public var numeric: Double? {
        switch self {
        case .number(let v), .percent(let v): return v
        default: return nil
        }
    }
}

/// An indicator of an operational objective. Intersectoral objectives have
/// one indicator set per settore: `sectorCode` says whose it is.
public struct Indicator: Sendable, Equatable {
    public var id: String
    public var objectiveID: String
    public var sectorCode: String
    public var type: IndicatorType?
    public var description: String
    public var measure: MeasureKind?
    public var direction: Direction?
    public var baseline: Quantity?
    public var target: Quantity?
    /// Nil: the default weight (1).
    public var weight: Double?
    /// Days for dates and indices; nil: none stated (0 = all or nothing).
    public var tolerance: Double?
    public var source: SourceCell?

    public init(id: String, objectiveID: String, sectorCode: String, type: IndicatorType? = nil, description: String,
                measure: MeasureKind?, direction: Direction? = nil, baseline: Quantity? = nil, target: Quantity?,
                weight: Double? = nil, tolerance: Double? = nil, source: SourceCell? = nil) {
        self.id = id
        self.objectiveID = objectiveID
        self.sectorCode = sectorCode
        self.type = type
        self.description = description
        self.measure = measure
        self.direction = direction
        self.baseline = baseline
        self.target = target
        self.weight = weight
        self.tolerance = tolerance
        self.source = source
    }

    /// A percent target over a baseline that is an amount ("−10 % morosità,
    /// 2023 = 51.008,28 €"): the settore reports the amount, in the
    /// baseline's unit, and the change is computed from it.
    public var isChangeOverBaselineAmount: Bool { Self.isChangeOverBaselineAmount(target: target, baseline: baseline) }

    public static func isChangeOverBaselineAmount(target: Quantity?, baseline: Quantity?) -> Bool {
        if case .percent? = target, case .number? = baseline { return true }
        return false
    }

    /// "% rispetto fasi e tempi" indicators are computed from the phases.
    public var isPhaseCompliance: Bool {
        let d = description.lowercased()
        return d.contains("rispetto") && (d.contains("fasi") || d.contains("tempi") || d.contains("cronoprogramma"))
    }
}

/// A decision taken during the year on an indicator or objective (*rettifica*):
/// a forced achievement or "non valutabile". Never without reason and author.
public struct Override: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The achievement is forced to this ratio (1 = 100 %).
        case forced(Double)
        /// The item is neutralised: left out of every mean.
        case notEvaluable
    }

    /// The indicator or objective ID it applies to.
    public var targetID: String
    /// The monitoring date it applies to (nil: every date).
    public var referenceDate: CalendarDate?
    public var kind: Kind
    public var reason: String
    public var author: String
    public var decidedOn: CalendarDate?
    public var source: SourceCell?

    /// "dato non disponibile (OIV)": why and by whom, as every output shows a rettifica.
    public var decision: String { "\(reason) (\(author))" }

    public init(targetID: String, referenceDate: CalendarDate?, kind: Kind, reason: String, author: String,
                decidedOn: CalendarDate?, source: SourceCell? = nil) {
        self.targetID = targetID
        self.referenceDate = referenceDate
        self.kind = kind
        self.reason = reason
        self.author = author
        self.decidedOn = decidedOn
        self.source = source
    }
}
