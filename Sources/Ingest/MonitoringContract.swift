import PerformanceModel

/// The monitoring workbook's contract (DESIGN §4), defined once: the sheets,
/// the `Scheda` fields, each table's columns (plan columns locked, input
/// columns filled by the settore), and the template's identity. The template
/// writer lays the workbook out from it and the reader reads it back by it,
/// so adding an input column is one change here (plus its tests).
public enum MonitoringContract {
    public static let scheda = "Scheda"
    public static let indicatori = "Indicatori"
    public static let fasi = "Fasi"
    public static let istruzioni = "Istruzioni"
    /// The very hidden sheet holding the template's identity.
    public static let identita = "piao-identita"

    /// The label/value pairs of `Scheda`, in order.
    public enum Field: String, CaseIterable, Sendable {
        case ente = "Ente"
        case anno = "Anno"
        case settore = "Settore"
        case dataRiferimento = "Data di riferimento"
        case responsabile = "Responsabile"
        case compilatoDa = "Compilato da"
        case dataCompilazione = "Data compilazione"

        /// Filled by the settore (the others come from the plan and are locked).
        public var isInput: Bool { self == .compilatoDa || self == .dataCompilazione }
    }

    /// One column of a table.
    public struct Column: Sendable, Equatable {
        public enum Role: Sendable { case plan, input }
        public let header: String
        public let role: Role
        public let width: Double
        /// The reader needs it to find the table (the others are read when present).
        public let required: Bool
    }

    /// The `Indicatori` columns.
    public enum Indicators {
        public static let id = "ID indicatore"
        public static let objective = "Obiettivo"
        public static let description = "Descrizione"
        public static let baseline = "Baseline"
        public static let measure = "Misura"
        public static let target = "Target"
        public static let value = "Valore rilevato"
        public static let note = "Note"
        public static let deviation = "Motivazione scostamento"

        public static let columns: [Column] = [
            // 176 characters in all: A4 landscape at about 80 % (Page.scale).
            Column(header: id, role: .plan, width: 10, required: true),
            Column(header: objective, role: .plan, width: 22, required: false),
            Column(header: description, role: .plan, width: 42, required: false),
            Column(header: baseline, role: .plan, width: 10, required: false),
            Column(header: measure, role: .plan, width: 11, required: false),
            Column(header: target, role: .plan, width: 11, required: false),
            Column(header: value, role: .input, width: 14, required: true),
            Column(header: note, role: .input, width: 28, required: false),
            Column(header: deviation, role: .input, width: 28, required: false),
        ]
    }

    /// The `Fasi` columns.
    public enum Phases {
        public static let objective = "ID obiettivo"
        public static let number = "N"
        public static let description = "Descrizione"
        public static let start = "Inizio"
        public static let end = "Fine"
        public static let state = "Stato"
        public static let completedOn = "Data completamento"
        public static let note = "Note"

        public static let columns: [Column] = [
            Column(header: objective, role: .plan, width: 11, required: true),
            Column(header: number, role: .plan, width: 5, required: true),
            Column(header: description, role: .plan, width: 60, required: false),
            Column(header: start, role: .plan, width: 12, required: false),
            Column(header: end, role: .plan, width: 12, required: false),
            Column(header: state, role: .input, width: 14, required: true),
            Column(header: completedOn, role: .input, width: 16, required: false),
            Column(header: note, role: .input, width: 40, required: false),
        ]

        /// The states offered in the drop-down list.
        public static let states = PhaseState.allCases.map(\.rawValue)
    }

    public static func required(_ columns: [Column]) -> [String] { columns.filter(\.required).map(\.header) }

    /// What a template says of itself, in its very hidden sheet: written by
    /// the template, checked by the reader against the visible `Scheda`, so a
    /// settore cannot turn its file into another settore's (or date's) by
    /// editing a cell. Hand-made files have none and are checked as before.
    public struct Identity: Sendable, Equatable {
        public var ente: String
        public var year: Int
        public var sectorCode: String
        public var referenceDate: CalendarDate
        /// `Plan.fingerprint` of the plan the template was made from.
        public var planFingerprint: String

        public init(ente: String, year: Int, sectorCode: String, referenceDate: CalendarDate, planFingerprint: String) {
            self.ente = ente
            self.year = year
            self.sectorCode = sectorCode
            self.referenceDate = referenceDate
            self.planFingerprint = planFingerprint
        }

        /// The key/value rows of the identity sheet.
        public enum Key: String, CaseIterable, Sendable {
            case ente, anno, settore, dataRiferimento = "data di riferimento", impronta = "impronta del piano"
        }

        public var rows: [(Key, String)] {
            [(.ente, ente), (.anno, String(year)), (.settore, sectorCode), (.dataRiferimento, referenceDate.iso), (.impronta, planFingerprint)]
        }
    }
}
