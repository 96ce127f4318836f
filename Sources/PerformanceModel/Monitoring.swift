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

/// A problem found in a plan or a submission (*anomalia*), with its place.
public struct Anomaly: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        /// Blocks the affected item (file, objective, indicator) from scoring.
        case error = "errore"
        /// Worth knowing; scoring goes on.
        case warning = "avviso"

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity
    /// A stable code (e.g. `senzaTarget`) for tests and filters.
    public var code: String
    /// The Italian message, without the place.
    public var message: String
    public var file: String
    public var sheet: String?
    public var cell: String?

    public init(_ severity: Severity, code: String, message: String, file: String, sheet: String? = nil, cell: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.sheet = sheet
        self.cell = cell
    }

    public init(_ severity: Severity, code: String, message: String, at source: SourceCell) {
        self.init(severity, code: code, message: message, file: source.file, sheet: source.sheet, cell: source.cell)
    }

    /// `«piano.xlsx», foglio «Fasi», cella E97`
    public var location: String {
        var s = "«\(file)»"
        if let sheet { s += ", foglio «\(sheet)»" }
        if let cell { s += ", cella \(cell)" }
        return s
    }

    public var description: String { "[\(severity.rawValue.uppercased())] \(location): \(message)" }
}

extension Anomaly {
    /// Most problems listed for one file; the rest are counted in one closing line.
    public static let listedPerFile = 500
    /// The code of that closing line.
    public static let omittedCode = "altriProblemi"

    /// "… e altri N problemi non elencati": an error when any of them is one.
    public static func omitted(errors: Int, warnings: Int, file: String) -> Anomaly {
        let total = errors + warnings
        return Anomaly(errors > 0 ? .error : .warning, code: omittedCode,
                       message: "e altri \(total) problemi non elencati (\(errors) celle rifiutate, \(warnings) avvisi): "
                           + "correggere quelli elencati, che di solito si ripetono, e ricaricare il file", file: file)
    }

    /// How many problems this closing line stands for (0 for any other anomaly).
    /// Read back from its own message, which `omitted` writes in one fixed form.
    public var omittedCount: (errors: Int, warnings: Int) {
        guard code == Anomaly.omittedCode, let open = message.firstIndex(of: "(") else { return (0, 0) }
        let numbers = message[open...].split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : (0, 0)
    }

    /// Errors and warnings of a file, those counted in a closing line included.
    public static func tally(_ list: [Anomaly]) -> (errors: Int, warnings: Int) {
        var errors = 0, warnings = 0
        for a in list {
            if a.code == omittedCode {
                errors += a.omittedCount.errors
                warnings += a.omittedCount.warnings
            } else if a.severity == .error { errors += 1 } else { warnings += 1 }
        }
        return (errors, warnings)
    }
}
