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
            // The rollback journal is emptied, not deleted, after each transaction: a night's few transactions
            // then create no file each (creating one costs up to a millisecond on a busy ext4). Durability is the same.
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA journal_mode = TRUNCATE") }
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
        // v1 keyed a file by its hash alone: identical bytes dropped by two enti
        // sharing one history left the second unrecorded. From v2 a file is
        // (ente, anno, sha256) with a row id the values, phases and anomalies refer to.
        m.registerMigration("v2: file distinti per ente e anno") { db in
            try db.execute(sql: """
                CREATE TABLE input_file_v2 (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL,
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
                    reason TEXT,
                    UNIQUE (ente, year, sha256)
                );
                INSERT INTO input_file_v2 (sha256, name, ente, year, run_id, seq, outcome, sector, reference_date, compiled_by, compiled_on, reason)
                    SELECT sha256, name, ente, year, run_id, seq, outcome, sector, reference_date, compiled_by, compiled_on, reason
                    FROM input_file ORDER BY ente, year, seq;
                CREATE TABLE measured_value_v2 (
                    file_id INTEGER NOT NULL REFERENCES input_file_v2(id),
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
                    PRIMARY KEY (file_id, ord)
                );
                INSERT INTO measured_value_v2 SELECT f.id, v.ord, v.indicator_id, v.kind, v.number, v.date, v.raw_text, v.note,
                    v.deviation_reason, v.sheet, v.cell FROM measured_value v JOIN input_file_v2 f ON f.sha256 = v.sha256;
                CREATE TABLE phase_report_v2 (
                    file_id INTEGER NOT NULL REFERENCES input_file_v2(id),
                    ord INTEGER NOT NULL,
                    objective_id TEXT NOT NULL,
                    n INTEGER NOT NULL,
                    state TEXT,
                    completed_on TEXT,
                    note TEXT NOT NULL,
                    sheet TEXT NOT NULL,
                    cell TEXT NOT NULL,
                    PRIMARY KEY (file_id, ord)
                );
                INSERT INTO phase_report_v2 SELECT f.id, p.ord, p.objective_id, p.n, p.state, p.completed_on, p.note, p.sheet, p.cell
                    FROM phase_report p JOIN input_file_v2 f ON f.sha256 = p.sha256;
                CREATE TABLE anomaly_v2 (
                    file_id INTEGER NOT NULL REFERENCES input_file_v2(id),
                    ord INTEGER NOT NULL,
                    severity TEXT NOT NULL,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL,
                    file TEXT NOT NULL,
                    sheet TEXT,
                    cell TEXT,
                    PRIMARY KEY (file_id, ord)
                );
                INSERT INTO anomaly_v2 SELECT f.id, a.ord, a.severity, a.code, a.message, a.file, a.sheet, a.cell
                    FROM anomaly a JOIN input_file_v2 f ON f.sha256 = a.sha256;
                DROP TABLE measured_value;
                DROP TABLE phase_report;
                DROP TABLE anomaly;
                DROP TABLE input_file;
                ALTER TABLE input_file_v2 RENAME TO input_file;
                ALTER TABLE measured_value_v2 RENAME TO measured_value;
                ALTER TABLE phase_report_v2 RENAME TO phase_report;
                ALTER TABLE anomaly_v2 RENAME TO anomaly;
                CREATE INDEX input_file_by_ente ON input_file(ente, year, seq);
                """)
        }
        // When the settore saved each file: with the run that first saw it, the order of arrival.
        m.registerMigration("v3: ora di salvataggio dei file") { db in
            try db.execute(sql: "ALTER TABLE input_file ADD COLUMN modified_at TEXT")
        }
        m.registerMigration("v4: punteggi finali di ogni anno") { db in
            // The final scores each year ended with: shown beside the next years' (Storico), by the
            // same IDs, so a carried objective keeps its history. Rewritten whenever a night scores a final round.
            try db.execute(sql: """
                CREATE TABLE final_score (
                    ente TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('ente', 'settore', 'obiettivo')),
                    id TEXT NOT NULL,
                    label TEXT NOT NULL,
                    score REAL,
                    PRIMARY KEY (ente, year, kind, id)
                );
                """)
        }
        m.registerMigration("v5: chiusure e riaperture dei monitoraggi") { db in
            // A closed round stays as it was: what it was made of (plan, settings, inputs, outputs, by SHA-256)
            // and the outputs themselves, written again as they are by every later night.
            try db.execute(sql: """
                CREATE TABLE round_event (
                    id INTEGER PRIMARY KEY,
                    ente TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    date TEXT NOT NULL,
                    action TEXT NOT NULL CHECK (action IN ('chiusura', 'riapertura')),
                    author TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    at TEXT NOT NULL,
                    plan_sha256 TEXT NOT NULL,
                    settings TEXT NOT NULL,
                    inputs TEXT NOT NULL,
                    outputs TEXT NOT NULL
                );
                CREATE TABLE closed_output (
                    event_id INTEGER NOT NULL REFERENCES round_event(id),
                    path TEXT NOT NULL,
                    content BLOB NOT NULL,
                    PRIMARY KEY (event_id, path)
                );
                """)
        }
        m.registerMigration("v6: notte senza novità") { db in
            // What the last night saw and said (QuietNight, a JSON record): a later night finding the same
            // files, plan, settings and history says it again without reading anything.
            try db.execute(sql: """
                CREATE TABLE quiet_night (
                    ente TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    record TEXT NOT NULL,
                    PRIMARY KEY (ente, year)
                );
                """)
        }
        return m
    }

    /// Everything of the history an ente's outputs are made from, in one short text that changes whenever
    /// any of it does: its files of the year, its closures and reopenings, the earlier years' final scores.
    /// Rows are only ever added (ids grow) except final scores, which are compared by content.
    static let historyStampSQL = """
        (SELECT count(*) || '/' || coalesce(max(id), 0) FROM input_file WHERE ente = ?1 AND year = ?2) || ' '
        || (SELECT count(*) || '/' || coalesce(max(id), 0) FROM round_event WHERE ente = ?1 AND year = ?2) || ' '
        || coalesce((SELECT group_concat(year || ':' || kind || ':' || id || ':' || label || '=' || coalesce(score, '-'), ';')
                     FROM (SELECT * FROM final_score WHERE ente = ?1 AND year < ?2 ORDER BY year, kind, id)), '')
        """

    /// The last quiet-night record of this ente and year (nil when none) and the history's stamp now: one query.
    public func quietNight(ente: String, year: Int) throws(StoreError) -> (record: String?, history: String) {
        do {
            return try db.read { db in
                let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT (SELECT record FROM quiet_night WHERE ente = ?1 AND year = ?2) AS record, \(Self.historyStampSQL) AS history"),
                                           arguments: [ente, year])
                return (row?["record"], row?["history"] ?? "")
            }
        } catch {
            throw StoreError(operation: "lettura", path: path, underlying: error)
        }
    }

    /// Keeps what this night saw and said, for the next night to compare with.
    public func saveQuietNight(ente: String, year: Int, record: String) throws(StoreError) {
        do {
            try db.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO quiet_night (ente, year, record) VALUES (?, ?, ?)", arguments: [ente, year, record])
            }
        } catch {
            throw StoreError(operation: "scrittura", path: path, underlying: error)
        }
    }

    /// Forgets it: a night that is going to change something first says so, so that one killed half-way is never taken for quiet.
    public func forgetQuietNight(ente: String, year: Int) throws(StoreError) {
        do {
            try db.write { db in try db.execute(sql: "DELETE FROM quiet_night WHERE ente = ? AND year = ?", arguments: [ente, year]) }
        } catch {
            throw StoreError(operation: "scrittura", path: path, underlying: error)
        }
    }

    /// True when this ente already received a file with this content for this year.
    public func knows(ente: String, year: Int, sha256: String) throws(StoreError) -> Bool {
        do {
            return try db.read { db in
                try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM input_file WHERE ente = ? AND year = ? AND sha256 = ?)"),
                                  arguments: [ente, year, sha256]) ?? false
            }
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
                    INSERT INTO input_file (sha256, name, ente, year, run_id, seq, outcome, sector, reference_date, compiled_by, compiled_on, reason, modified_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let insertValue = try db.cachedStatement(sql: """
                    INSERT INTO measured_value (file_id, ord, indicator_id, kind, number, date, raw_text, note, deviation_reason, sheet, cell)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let insertPhase = try db.cachedStatement(sql: """
                    INSERT INTO phase_report (file_id, ord, objective_id, n, state, completed_on, note, sheet, cell)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let insertAnomaly = try db.cachedStatement(
                    sql: "INSERT INTO anomaly (file_id, ord, severity, code, message, file, sheet, cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                for f in newFiles {
                    seq += 1
                    try insertFile.execute(arguments: [f.sha256, f.name, ente, year, runID, seq, f.outcome == .rejected ? "rifiutato" : "accettato",
                                                       f.sectorCode, f.referenceDate?.iso, f.compiledBy, f.compiledOn?.iso, f.reason,
                                                       f.modifiedAt.map(Self.timestamp)])
                    let fileID = db.lastInsertedRowID
                    for (i, v) in (f.submission?.values ?? []).enumerated() {
                        let (kind, number, date) = Self.columns(v.value)
                        try insertValue.execute(arguments: [fileID, i, v.indicatorID, kind, number, date, v.rawText, v.note, v.deviationReason,
                                                            v.source.sheet, v.source.cell])
                    }
                    for (i, p) in (f.submission?.phases ?? []).enumerated() {
                        try insertPhase.execute(arguments: [fileID, i, p.objectiveID, p.number, p.state?.rawValue, p.completedOn?.iso, p.note,
                                                            p.source.sheet, p.source.cell])
                    }
                    for (i, a) in f.anomalies.enumerated() {
                        try insertAnomaly.execute(arguments: [fileID, i, a.severity.rawValue, a.code, a.message, a.file, a.sheet, a.cell])
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
                    let id: Int64 = row["id"]
                    let name: String = row["name"]
                    let anomalies = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM anomaly WHERE file_id = ? ORDER BY ord"), arguments: [id]).map { a in
                        Anomaly(Anomaly.Kind(stored: a["code"]) ?? .valoreNonValido, severity: Anomaly.Severity(rawValue: a["severity"]) ?? .error, message: a["message"],
                                file: a["file"], sheet: a["sheet"], cell: a["cell"])
                    }
                    let outcome: InputFile.Outcome = (row["outcome"] as String) == "rifiutato" ? .rejected : .accepted
                    var submission: Submission?
                    if outcome == .accepted, let sector: String = row["sector"], let dateText: String = row["reference_date"],
                       let date = CalendarDate(iso: dateText) {
                        let values = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM measured_value WHERE file_id = ? ORDER BY ord"), arguments: [id]).map { v in
                            MeasuredValue(indicatorID: v["indicator_id"], value: Self.quantity(kind: v["kind"], number: v["number"], date: v["date"]),
                                          rawText: v["raw_text"], note: v["note"], deviationReason: v["deviation_reason"],
                                          source: SourceCell(file: name, sheet: v["sheet"], cell: v["cell"]))
                        }
                        let phases = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM phase_report WHERE file_id = ? ORDER BY ord"), arguments: [id]).map { p in
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
                                     reason: row["reason"], anomalies: anomalies, submission: submission, arrival: row["seq"],
                                     modifiedAt: (row["modified_at"] as String?).flatMap(Self.date(timestamp:)))
                }
            }
        } catch {
            throw StoreError(operation: "lettura", path: path, underlying: error)
        }
    }

    /// Replaces the final scores of `year` (what the latest night with a final round computed).
    public func saveFinalScores(ente: String, year: Int, _ scores: [YearFinalScore]) throws(StoreError) {
        do {
            try db.write { db in
                try db.execute(sql: "DELETE FROM final_score WHERE ente = ? AND year = ?", arguments: [ente, year])
                for s in scores {
                    try db.execute(sql: "INSERT INTO final_score (ente, year, kind, id, label, score) VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [ente, year, s.kind, s.id, s.label, s.score])
                }
            }
        } catch {
            throw StoreError(operation: "scrittura", path: path, underlying: error)
        }
    }

    /// The final scores of the years before `year`, oldest first.
    public func finalScores(ente: String, before year: Int) throws(StoreError) -> [YearFinalScore] {
        do {
            return try db.read { db in
                try Row.fetchAll(db, sql: "SELECT year, kind, id, label, score FROM final_score WHERE ente = ? AND year < ? ORDER BY year, kind, id",
                                 arguments: [ente, year]).map {
                    YearFinalScore(year: $0["year"], kind: $0["kind"], id: $0["id"], label: $0["label"], score: $0["score"])
                }
            }
        } catch {
            throw StoreError(operation: "lettura", path: path, underlying: error)
        }
    }

    /// What a closure is made of, besides the event: the plan's and settings' identity, the inputs and outputs.
    public struct Closure: Sendable {
        public var planSHA256: String
        public var settings: String
        /// "sha256 name" of each input the round is made of.
        public var inputs: [String]
        /// Output path → bytes.
        public var outputs: [(path: String, content: [UInt8])]
        /// "path sha256" of each output.
        public var outputHashes: [String]
        public init(planSHA256: String, settings: String, inputs: [String], outputs: [(path: String, content: [UInt8])], outputHashes: [String]) {
            self.planSHA256 = planSHA256
            self.settings = settings
            self.inputs = inputs
            self.outputs = outputs
            self.outputHashes = outputHashes
        }
    }

    /// Records a closure (with what it is made of) or a reopening (`closure` nil).
    public func record(ente: String, year: Int, _ event: RoundEvent, closure: Closure?) throws(StoreError) {
        do {
            try db.write { db in
                let outputs = (closure?.outputHashes ?? []).joined(separator: "\n")
                try db.execute(sql: """
                    INSERT INTO round_event (ente, year, date, action, author, reason, at, plan_sha256, settings, inputs, outputs)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [ente, year, event.date.iso, event.action.rawValue, event.author, event.reason, event.at,
                                     closure?.planSHA256 ?? "", closure?.settings ?? "", (closure?.inputs ?? []).joined(separator: "\n"), outputs])
                let id = db.lastInsertedRowID
                for output in closure?.outputs ?? [] {
                    try db.execute(sql: "INSERT INTO closed_output (event_id, path, content) VALUES (?, ?, ?)",
                                   arguments: [id, output.path, Data(output.content)])
                }
            }
        } catch {
            throw StoreError(operation: "scrittura", path: path, underlying: error)
        }
    }

    /// Every closure and reopening of the year, oldest first.
    public func roundEvents(ente: String, year: Int) throws(StoreError) -> [RoundEvent] {
        do {
            return try db.read { db in
                try Row.fetchAll(db, sql: "SELECT date, action, author, reason, at FROM round_event WHERE ente = ? AND year = ? ORDER BY id",
                                 arguments: [ente, year]).compactMap { row in
                    guard let date = CalendarDate(iso: row["date"]), let action = RoundEvent.Action(rawValue: row["action"]) else { return nil }
                    return RoundEvent(date: date, action: action, author: row["author"], reason: row["reason"], at: row["at"])
                }
            }
        } catch {
            throw StoreError(operation: "lettura", path: path, underlying: error)
        }
    }

    /// The latest closure of `date`: what it was made of and its outputs (nil when the round was never closed).
    public func closure(ente: String, year: Int, date: CalendarDate) throws(StoreError) -> Closure? {
        do {
            return try db.read { db in
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT id, plan_sha256, settings, inputs, outputs FROM round_event
                    WHERE ente = ? AND year = ? AND date = ? AND action = 'chiusura' ORDER BY id DESC LIMIT 1
                    """, arguments: [ente, year, date.iso]) else { return nil }
                let id: Int64 = row["id"]
                let outputs = try Row.fetchAll(db, sql: "SELECT path, content FROM closed_output WHERE event_id = ? ORDER BY path", arguments: [id])
                    .map { (path: $0["path"] as String, content: [UInt8]($0["content"] as Data)) }
                return Closure(planSHA256: row["plan_sha256"], settings: row["settings"],
                               inputs: (row["inputs"] as String).split(separator: "\n").map(String.init), outputs: outputs,
                               outputHashes: (row["outputs"] as String).split(separator: "\n").map(String.init))
            }
        } catch {
            throw StoreError(operation: "lettura", path: path, underlying: error)
        }
    }

    /// True when the history holds at least one file of this ente and year.
    public func hasFiles(ente: String, year: Int) throws(StoreError) -> Bool {
        do {
            return try db.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM input_file WHERE ente = ? AND year = ?)", arguments: [ente, year]) ?? false
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

    static func date(timestamp: String) -> Date? { formatter().date(from: timestamp) }

    /// UTC `yyyy-MM-dd HH:mm:ss.SSS`.
    static func timestamp(_ date: Date) -> String { formatter().string(from: date) }

    /// A new one each time: enti sharing nothing run on several threads.
    static func formatter() -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        return f
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
