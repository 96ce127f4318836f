/// Where a value came from: the file, sheet and cell a user can open.
/// Every plan entity and every measured value carries one, so any score
/// can be traced back to the cells it came from.
public struct SourceCell: Sendable, Hashable, Codable, CustomStringConvertible {
    public let file: String
    public let sheet: String
    public let cell: String

    public init(file: String, sheet: String, cell: String) {
        self.file = file
        self.sheet = sheet
        self.cell = cell
    }

    /// `«file», foglio «Indicatori», cella F7`
    public var description: String { "«\(file)», foglio «\(sheet)», cella \(cell)" }
}

/// The performance plan of one ente for one year (PIAO, section 2.2).
public struct Plan: Sendable, Equatable {
    public var ente: String
    public var title: String
    public var year: Int
    public var sectors: [Sector]
    public var lines: [StrategicLine]
    public var strategicObjectives: [StrategicObjective]
    public var objectives: [Objective]
    public var phases: [Phase]
    public var indicators: [Indicator]
    public var participations: [Participation]
    public var overrides: [Override]

    public init(ente: String, title: String, year: Int, sectors: [Sector] = [], lines: [StrategicLine] = [],
                strategicObjectives: [StrategicObjective] = [], objectives: [Objective] = [], phases: [Phase] = [],
                indicators: [Indicator] = [], participations: [Participation] = [], overrides: [Override] = []) {
        self.ente = ente
        self.title = title
        self.year = year
        self.sectors = sectors
        self.lines = lines
        self.strategicObjectives = strategicObjectives
        self.objectives = objectives
        self.phases = phases
        self.indicators = indicators
        self.participations = participations
        self.overrides = overrides
    }

    public func sector(_ code: String) -> Sector? { sectors.first { $0.code == code } }
    public func objective(_ id: String) -> Objective? { objectives.first { $0.id == id } }
    /// The linea strategica an objective serves, through its strategic objective.
    public func lineCode(of objective: Objective) -> String? {
        strategicObjectives.first { $0.code == objective.strategicObjectiveCode }?.lineCode
    }
    public func phases(of objectiveID: String) -> [Phase] { phases.filter { $0.objectiveID == objectiveID } }
    public func indicators(of objectiveID: String) -> [Indicator] { indicators.filter { $0.objectiveID == objectiveID } }

    /// The indicators a settore reports on: its own objectives' indicators
    /// plus, for intersectoral objectives, the indicators assigned to it.
    public func indicators(reportedBy sectorCode: String) -> [Indicator] {
        indicators.filter { $0.sectorCode == sectorCode }
    }

    /// The objectives a settore reports on (owned, or with indicators assigned to it).
    public func objectives(reportedBy sectorCode: String) -> [Objective] {
        let assigned = Set(indicators(reportedBy: sectorCode).map(\.objectiveID))
        return objectives.filter { $0.sectorCode == sectorCode || assigned.contains($0.id) }
    }
}

/// A settore (department), with its responsabili over time.
public struct Sector: Sendable, Equatable {
    public var code: String
    public var name: String
    public var managers: [ManagerPeriod]

    public init(code: String, name: String, managers: [ManagerPeriod] = []) {
        self.code = code
        self.name = name
        self.managers = managers
    }

    /// "02 – FINANZIARIO E TRIBUTI"
    public var label: String { "\(code) – \(name)" }

    /// Who was responsabile on `date`.
    public func manager(on date: CalendarDate) -> ManagerPeriod? {
        managers.first { ($0.from.map { $0 <= date } ?? true) && ($0.to.map { date <= $0 } ?? true) }
    }
}

/// One responsabile's period at the head of a settore.
public struct ManagerPeriod: Sendable, Equatable {
    public var name: String
    public var from: CalendarDate?
    public var to: CalendarDate?
    /// "titolare", "ad interim", …
    public var role: String
    public var source: SourceCell?

    public init(name: String, from: CalendarDate?, to: CalendarDate?, role: String, source: SourceCell? = nil) {
        self.name = name
        self.from = from
        self.to = to
        self.role = role
        self.source = source
    }
}

/// An *indirizzo / linea strategica* of the mandate.
public struct StrategicLine: Sendable, Equatable {
    public var code: String
    public var name: String
    public var councillors: String

    public init(code: String, name: String, councillors: String) {
        self.code = code
        self.name = name
        self.councillors = councillors
    }
}

/// An *obiettivo strategico*, under a strategic line.
public struct StrategicObjective: Sendable, Equatable {
    public var code: String
    public var name: String
    public var lineCode: String

    public init(code: String, name: String, lineCode: String) {
        self.code = code
        self.name = name
        self.lineCode = lineCode
    }
}

/// An *obiettivo operativo*: what a settore commits to in the year.
public struct Objective: Sendable, Equatable {
    public var id: String
    public var sectorCode: String
    public var strategicObjectiveCode: String
    /// Reference to the DUP (Documento Unico di Programmazione), e.g. "10.1.8".
    public var dupReference: String
    public var title: String
    public var description: String
    /// digitalizzazione, trasparenza, pari opportunità, intersettoriale, …
    public var tags: [String]
    /// "fase 1 di 3" for multi-year objectives.
    public var multiYear: String?
    public var deadline: CalendarDate?
    /// Nil: the default weight (1).
    public var weight: Double?
    public var coordinatingSectorCode: String?
    public var source: SourceCell?

    public init(id: String, sectorCode: String, strategicObjectiveCode: String, dupReference: String = "", title: String,
                description: String = "", tags: [String] = [], multiYear: String? = nil, deadline: CalendarDate? = nil,
                weight: Double? = nil, coordinatingSectorCode: String? = nil, source: SourceCell? = nil) {
        self.id = id
        self.sectorCode = sectorCode
        self.strategicObjectiveCode = strategicObjectiveCode
        self.dupReference = dupReference
        self.title = title
        self.description = description
        self.tags = tags
        self.multiYear = multiYear
        self.deadline = deadline
        self.weight = weight
        self.coordinatingSectorCode = coordinatingSectorCode
        self.source = source
    }

    public var isIntersectoral: Bool { tags.contains { $0.lowercased() == "intersettoriale" } }
}

/// A phase of an objective's *cronoprogramma*.
public struct Phase: Sendable, Equatable {
    public var objectiveID: String
    public var number: Int
    public var description: String
    public var start: CalendarDate?
    public var end: CalendarDate?
    public var source: SourceCell?

    public init(objectiveID: String, number: Int, description: String, start: CalendarDate?, end: CalendarDate?, source: SourceCell? = nil) {
        self.objectiveID = objectiveID
        self.number = number
        self.description = description
        self.start = start
        self.end = end
        self.source = source
    }

    /// "01-1/3"
    public var key: String { "\(objectiveID)/\(number)" }
}

/// Participation of an employee in an objective.
public struct Participation: Sendable, Equatable {
    public var objectiveID: String
    public var name: String
    /// Contract category, e.g. "C4", "D1".
    public var category: String
    public var role: String

    public init(objectiveID: String, name: String, category: String, role: String = "") {
        self.objectiveID = objectiveID
        self.name = name
        self.category = category
        self.role = role
    }
}

extension Plan {
    /// A short fingerprint of what a monitoring template is made from: the
    /// ente, year, settori, and each indicator and phase a settore reports
    /// on. A template carries it, so a file filled on an older version of the
    /// plan can be recognised. FNV-1a (64 bits) over a canonical text: an
    /// identity check, not a security one.
    public var fingerprint: String {
        var text = "\(ente)|\(year)\n"
        for s in sectors { text += "S|\(s.code)\n" }
        for i in indicators {
            text += "I|\(i.id)|\(i.objectiveID)|\(i.sectorCode)|\(i.measure?.rawValue ?? "")|\(i.target?.italian ?? "")|\(i.baseline?.italian ?? "")\n"
        }
        for p in phases { text += "F|\(p.key)|\(p.start?.iso ?? "")|\(p.end?.iso ?? "")\n" }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
