import Foundation
import GRDB
import PerformanceModel
import Reports

/// The embedded history: every file ever received (by content hash), with
/// its outcome, and for accepted ones every value and phase declared, and
/// every anomaly. A run's new files are recorded in one transaction: a
/// submission is wholly recorded or not at all.
///
/// Schema changes are append-only migrations in plain SQL (never edit one
/// that has shipped). Dates are `yyyy-MM-dd` text; timestamps UTC text.
public final class HistoryStore {
    private let db: DatabaseQueue
    public let path: String

    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var config = Configuration()
            config.foreignKeysEnabled = true
            db = try DatabaseQueue(path: path, configuration: config)
            try Self.migrator.migrate(db)
        } catch {
            throw StoreError(operation: "apertura", path: path, underlying: error)
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: storico dei file, dei valori, delle fasi e delle anomalie") { db in
            try db.execute(sql: """
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY,
                    started_at TEXT NOT NULL,
                    accepted INTEGER NOT NULL,
                    rejected INTEGER NOT NULL
                );
                CREATE TABLE input_file (
                    sha256 TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    ente TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    run_id INTEGER NOT NULL REFERENCES run(id),
                    seq INTEGER NOT NULL,
                    outcome TEXT NOT NULL CHECK (outcome IN ('accettato', 'rifiutato')),
                    sector TEXT,
                    reference_date TEXT,
                    compiled_by TEXT NOT NULL,
                    compiled_on TEXT,
                    reason TEXT
                );
                CREATE INDEX input_file_by_ente ON input_file(ente, year, seq);
                CREATE TABLE measured_value (
                    sha256 TEXT NOT NULL REFERENCES input_file(sha256),
                    ord INTEGER NOT NULL,
                    indicator_id TEXT NOT NULL,
                    kind TEXT CHECK (kind IN ('numero', 'percentuale', 'data', 'sino')),
                    number REAL,
                    date TEXT,
                    raw_text TEXT NOT NULL,
                    note TEXT NOT NULL,
                    deviation_reason TEXT NOT NULL,
                    sheet TEXT NOT NULL,
                    cell TEXT NOT NULL,
                    PRIMARY KEY (sha256, ord)
                );
                CREATE TABLE phase_report (
                    sha256 TEXT NOT NULL REFERENCES input_file(sha256),
                    ord INTEGER NOT NULL,
                    objective_id TEXT NOT NULL,
                    n INTEGER NOT NULL,
                    state TEXT,
                    completed_on TEXT,
                    note TEXT NOT NULL,
                    sheet TEXT NOT NULL,
                    cell TEXT NOT NULL,
                    PRIMARY KEY (sha256, ord)
                );
                CREATE TABLE anomaly (
                    sha256 TEXT NOT NULL REFERENCES input_file(sha256),
                    ord INTEGER NOT NULL,
                    severity TEXT NOT NULL,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL,
                    file TEXT NOT NULL,
                    sheet TEXT,
                    cell TEXT,
                    PRIMARY KEY (sha256, ord)
                );
                """)
        }
        return m
    }

    /// True when a file with this content was already received.
    public func knows(sha256: String) throws(StoreError) -> Bool {
        do {
            return try db.read { db in try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM input_file WHERE sha256 = ?)"), arguments: [sha256]) ?? false }
        } catch {
            throw StoreError(operation: "lettura", path: path, underlying: error)
        }
    }

    /// Records the new files of a run, in their order, in one transaction.
    /// Nothing is written when there is nothing new (re-runs add no history).
    public func record(ente: String, year: Int, newFiles: [InputFile], startedAt: Date) throws(StoreError) {
        guard !newFiles.isEmpty else { return }
        do {
            try db.write { db in
                let accepted = newFiles.filter { $0.outcome == .accepted }.count
                try db.execute(sql: "INSERT INTO run (started_at, accepted, rejected) VALUES (?, ?, ?)",
                               arguments: [Self.timestamp(startedAt), accepted, newFiles.count - accepted])
                let runID = db.lastInsertedRowID
                var seq = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM input_file WHERE ente = ? AND year = ?", arguments: [ente, year]) ?? 0
                // Prepared once, run for every row (parsing the SQL per row cost more than the writes).
                let insertFile = try db.cachedStatement(sql: """
                    INSERT INTO input_file (sha256, name, ente, year, run_id, seq, outcome, sector, reference_date, compiled_by, compiled_on, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let insertValue = try db.cachedStatement(sql: """
                    INSERT INTO measured_value (sha256, ord, indicator_id, kind, number, date, raw_text, note, deviation_reason, sheet, cell)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let insertPhase = try db.cachedStatement(sql: """
                    INSERT INTO phase_report (sha256, ord, objective_id, n, state, completed_on, note, sheet, cell)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let insertAnomaly = try db.cachedStatement(
                    sql: "INSERT INTO anomaly (sha256, ord, severity, code, message, file, sheet, cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                for f in newFiles {
                    seq += 1
                    try insertFile.execute(arguments: [f.sha256, f.name, ente, year, runID, seq, f.outcome == .rejected ? "rifiutato" : "accettato",
                                                       f.sectorCode, f.referenceDate?.iso, f.compiledBy, f.compiledOn?.iso, f.reason])
                    for (i, v) in (f.submission?.values ?? []).enumerated() {
                        let (kind, number, date) = Self.columns(v.value)
                        try insertValue.execute(arguments: [f.sha256, i, v.indicatorID, kind, number, date, v.rawText, v.note, v.deviationReason,
                                                            v.source.sheet, v.source.cell])
                    }
                    for (i, p) in (f.submission?.phases ?? []).enumerated() {
                        try insertPhase.execute(arguments: [f.sha256, i, p.objectiveID, p.number, p.state?.rawValue, p.completedOn?.iso, p.note,
                                                            p.source.sheet, p.source.cell])
                    }
                    for (i, a) in f.anomalies.enumerated() {
                        try insertAnomaly.execute(arguments: [f.sha256, i, a.severity.rawValue, a.code, a.message, a.file, a.sheet, a.cell])
                    }
                }
            }
        } catch {
            throw StoreError(operation: "registrazione", path: path, underlying: error)
        }
    }

    /// Every file of an ente and year, in the order received, with its
    /// submission rebuilt. Supersession is not stored: it is derived.
    public func inputs(ente: String, year: Int) throws(StoreError) -> [InputFile] {
        do {
            return try db.read { db in
                let files = try Row.fetchAll(db, sql: "SELECT * FROM input_file WHERE ente = ? AND year = ? ORDER BY seq", arguments: [ente, year])
                return try files.map { row in
                    let sha: String = row["sha256"]
                    let name: String = row["name"]
                    let anomalies = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM anomaly WHERE sha256 = ? ORDER BY ord"), arguments: [sha]).map { a in
                        Anomaly(Anomaly.Severity(rawValue: a["severity"]) ?? .error, code: a["code"], message: a["message"],
                                file: a["file"], sheet: a["sheet"], cell: a["cell"])
                    }
                    let outcome: InputFile.Outcome = (row["outcome"] as String) == "rifiutato" ? .rejected : .accepted
                    var submission: Submission?
                    if outcome == .accepted, let sector: String = row["sector"], let dateText: String = row["reference_date"],
                       let date = CalendarDate(iso: dateText) {
                        let values = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM measured_value WHERE sha256 = ? ORDER BY ord"), arguments: [sha]).map { v in
                            MeasuredValue(indicatorID: v["indicator_id"], value: Self.quantity(kind: v["kind"], number: v["number"], date: v["date"]),
                                          rawText: v["raw_text"], note: v["note"], deviationReason: v["deviation_reason"],
                                          source: SourceCell(file: name, sheet: v["sheet"], cell: v["cell"]))
                        }
                        let phases = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM phase_report WHERE sha256 = ? ORDER BY ord"), arguments: [sha]).map { p in
                            PhaseReport(objectiveID: p["objective_id"], number: p["n"], state: (p["state"] as String?).flatMap(PhaseState.init(rawValue:)),
                                        completedOn: (p["completed_on"] as String?).flatMap(CalendarDate.init(iso:)), note: p["note"],
                                        source: SourceCell(file: name, sheet: p["sheet"], cell: p["cell"]))
                        }
                        submission = Submission(ente: ente, year: year, sectorCode: sector, referenceDate: date, compiledBy: row["compiled_by"],
                                                compiledOn: (row["compiled_on"] as String?).flatMap(CalendarDate.init(iso:)), fileName: name,
                                                values: values, phases: phases)
                    }
                    return InputFile(name: name, sha256: sha, outcome: outcome, sectorCode: row["sector"],
                                     referenceDate: (row["reference_date"] as String?).flatMap(CalendarDate.init(iso:)),
                                     compiledBy: row["compiled_by"], compiledOn: (row["compiled_on"] as String?).flatMap(CalendarDate.init(iso:)),
                                     reason: row["reason"], anomalies: anomalies, submission: submission)
                }
            }
        } catch {
            throw StoreError(operation: "lettura", path: path, underlying: error)
        }
    }

    /// How many runs recorded something (re-runs on unchanged inputs add none).
    public func runCount() throws(StoreError) -> Int {
        do { return try db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") ?? 0 } } catch {
            throw StoreError(operation: "lettura", path: path, underlying: error)
        }
    }

    /// SQLite's own `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws(StoreError) -> String {
        do { return try db.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" } } catch {
            throw StoreError(operation: "controllo", path: path, underlying: error)
        }
    }

    static func columns(_ q: Quantity?) -> (String?, Double?, String?) {
        switch q {
        case .number(let v)?: return ("numero", v, nil)
        case .percent(let v)?: return ("percentuale", v, nil)
        case .date(let d)?: return ("data", nil, d.iso)
        case .yesNo(let b)?: return ("sino", b ? 1 : 0, nil)
        case nil: return (nil, nil, nil)
        }
    }

    static func quantity(kind: String?, number: Double?, date: String?) -> Quantity? {
        switch kind {
        case "numero": return number.map { .number($0) }
        case "percentuale": return number.map { .percent($0) }
        case "data": return date.flatMap(CalendarDate.init(iso:)).map { .date($0) }
        case "sino": return number.map { .yesNo($0 != 0) }
        default: return nil
        }
    }

    /// UTC `yyyy-MM-dd HH:mm:ss.SSS`.
    static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        return f.string(from: date)
    }
}

/// A failure of the history store, naming the operation and the file.
public struct StoreError: Error, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let underlying: Error

    public var description: String {
        let detail = (underlying as? DatabaseError).map { "SQLite \($0.resultCode): \($0.message ?? "")" } ?? "\(underlying)"
        return "archivio storico «\((path as NSString).lastPathComponent)», \(operation): \(detail)"
    }
}
