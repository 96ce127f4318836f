/// A monitoring date of the year (e.g. 30/06 intermediate, 31/12 final).
public struct MonitoringPeriod: Sendable, Hashable, Comparable {
    public var date: CalendarDate
    public var isFinal: Bool

    public init(date: CalendarDate, isFinal: Bool) {
        self.date = date
        self.isFinal = isFinal
    }

    public static func < (a: MonitoringPeriod, b: MonitoringPeriod) -> Bool { a.date < b.date }
}

/// The state of a phase as the settore declares it.
public enum PhaseState: String, Sendable, CaseIterable, Codable {
    case notStarted = "non avviata"
    case inProgress = "in corso"
    case completed = "completata"
}

/// What a settore reported for one indicator (*consuntivo*).
public struct MeasuredValue: Sendable, Equatable {
    public var indicatorID: String
    /// Nil when the cell was left empty or could not be read as the measure asks.
    public var value: Quantity?
    /// The cell as the settore typed it ("2,5", "70%", "svolto"): never lost.
    public var rawText: String
    public var note: String
    /// *Motivazione scostamento*: why the result differs from the target.
    public var deviationReason: String
    public var source: SourceCell

    public init(indicatorID: String, value: Quantity?, rawText: String = "", note: String = "", deviationReason: String = "", source: SourceCell) {
        self.indicatorID = indicatorID
        self.value = value
        self.rawText = rawText
        self.note = note
        self.deviationReason = deviationReason
        self.source = source
    }
}

/// What a settore reported for one phase.
public struct PhaseReport: Sendable, Equatable {
    public var objectiveID: String
    public var number: Int
    public var state: PhaseState?
    public var completedOn: CalendarDate?
    public var note: String
    public var source: SourceCell

    public init(objectiveID: String, number: Int, state: PhaseState?, completedOn: CalendarDate?, note: String = "", source: SourceCell) {
        self.objectiveID = objectiveID
        self.number = number
        self.state = state
        self.completedOn = completedOn
        self.note = note
        self.source = source
    }
}

/// One monitoring workbook as submitted by a settore.
public struct Submission: Sendable, Equatable {
    public var ente: String
    public var year: Int
    public var sectorCode: String
    public var referenceDate: CalendarDate
    public var compiledBy: String
    public var compiledOn: CalendarDate?
    public var fileName: String
    public var values: [MeasuredValue]
    public var phases: [PhaseReport]

    public init(ente: String, year: Int, sectorCode: String, referenceDate: CalendarDate, compiledBy: String = "",
                compiledOn: CalendarDate? = nil, fileName: String, values: [MeasuredValue] = [], phases: [PhaseReport] = []) {
        self.ente = ente
        self.year = year
        self.sectorCode = sectorCode
        self.referenceDate = referenceDate
        self.compiledBy = compiledBy
        self.compiledOn = compiledOn
        self.fileName = fileName
        self.values = values
        self.phases = phases
    }
}
