import Foundation
import Ingest

/// The reviewable text source of a plan workbook: one TSV file per sheet
/// (`Settori.tsv`, `Indicatori.tsv`, …), UTF-8, tab-separated, headers in
/// the first line, no quoting. A change to the plan is a readable diff.
public struct PlanSource {
    public struct Table: Sendable {
        public var sheet: String
        public var headers: [String]
        public var rows: [[String]]

        public init(sheet: String, headers: [String], rows: [[String]]) {
            self.sheet = sheet
            self.headers = headers
            self.rows = rows
        }
    }

    public var tables: [Table]

    public init(tables: [Table]) { self.tables = tables }

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Reads `<folder>/<sheet>.tsv` for every sheet of the plan contract, in
    /// workbook order. Every sheet but `Rettifiche` is required.
    public static func read(folder: String) throws(Failure) -> PlanSource {
        var tables: [Table] = []
        for (sheet, headers) in PlanSheets.all {
            let path = (folder as NSString).appendingPathComponent("\(sheet).tsv")
            guard let data = FileManager.default.contents(atPath: path) else {
                if sheet == PlanSheets.rettifiche.0 { tables.append(Table(sheet: sheet, headers: headers, rows: [])); continue }
                throw Failure(message: "manca il file «\(sheet).tsv» in «\(folder)»")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw Failure(message: "«\(sheet).tsv» non è in UTF-8")
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) }
            while lines.last?.isEmpty == true { lines.removeLast() }
            guard let head = lines.first else { throw Failure(message: "«\(sheet).tsv» è vuoto") }
            let found = head.components(separatedBy: "\t")
            for h in headers where !found.contains(h) {
                throw Failure(message: "«\(sheet).tsv»: manca la colonna «\(h)»")
            }
            var rows: [[String]] = []
            for (i, line) in lines.dropFirst().enumerated() {
                let fields = line.components(separatedBy: "\t")
                guard fields.count == found.count else {
                    throw Failure(message: "«\(sheet).tsv», riga \(i + 2): \(fields.count) campi invece di \(found.count)")
                }
                rows.append(fields)
            }
            tables.append(Table(sheet: sheet, headers: found, rows: rows))
        }
        return PlanSource(tables: tables)
    }
}
