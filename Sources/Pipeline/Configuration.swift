import Foundation
import PerformanceModel
import Scoring
import XLSXReader

/// `pipeline.json`: what a run works on. Keys are Italian (the ufficio
/// controllo di gestione edits this file); unknown keys and wrong types are
/// refused with a message naming the key, so a typo never passes silently.
public struct PipelineConfiguration: Sendable, Equatable {
    public var ente: String
    public var anno: Int
    /// The plan workbook.
    public var piano: String
    /// The drop folder of the monitoring workbooks.
    public var cartellaMonitoraggio: String
    /// Where every output goes.
    public var cartellaOutput: String
    public var limiti: ReaderLimits
    /// The scoring rules' numbers (DESIGN §5).
    public var punteggi: ScoringSettings
    /// The SQLite history.
    public var database: String
    /// After a run: `copia` keeps the originals in the drop folder, `sposta`
    /// (the production default) removes them once their archived copy is safe.
    public var moveOriginals: Bool
    public var cartellaArchivio: String
    public var cartellaQuarantena: String
    /// A file modified less than this many seconds ago may still be arriving: it waits for a later run.
    public var attesaSecondi: Int
    /// Intermediate monitoring dates, in order.
    public var monitoraggiIntermedi: [CalendarDate]
    /// The final monitoring date (31/12 by default).
    public var monitoraggioFinale: CalendarDate
    /// Which outputs a run writes (all by default).
    public var uscite: OutputSelection = .all

    /// Every monitoring period of the year, in order.
    public var periods: [MonitoringPeriod] {
        monitoraggiIntermedi.map { MonitoringPeriod(date: $0, isFinal: false) } + [MonitoringPeriod(date: monitoraggioFinale, isFinal: true)]
    }

    /// Paths in the file are relative to the file's own folder.
    public var baseDirectory: String

    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (baseDirectory as NSString).appendingPathComponent(path)
    }

    /// A configuration file naming one ente.
    public static func load(path: String) throws(ConfigurationError) -> PipelineConfiguration {
        let all = try loadAll(path: path)
        guard all.count == 1 else {
            throw ConfigurationError(file: path, key: "enti", message: "la configurazione elenca \(all.count) enti: questo comando ne vuole uno")
        }
        return all[0]
    }

    /// Every ente of a configuration file: one, or those listed under `enti`.
    public static func loadAll(path: String) throws(ConfigurationError) -> [PipelineConfiguration] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, key: nil, message: "file di configurazione non trovato o non leggibile")
        }
        let base = (path as NSString).deletingLastPathComponent
        return try parseAll(data, file: path, baseDirectory: base.isEmpty ? "." : base)
    }

    public static func parse(_ data: Data, file: String, baseDirectory: String) throws(ConfigurationError) -> PipelineConfiguration {
        let all = try parseAll(data, file: file, baseDirectory: baseDirectory)
        guard all.count == 1 else {
            throw ConfigurationError(file: file, key: "enti", message: "la configurazione elenca \(all.count) enti: questo comando ne vuole uno")
        }
        return all[0]
    }

    /// Several enti share one file: `enti` lists them, each with the keys
    /// of a single-ente file; `limiti`, `punteggi`, `monitoraggi` and
    /// `archiviazione` and `uscite` at the top apply to every ente that does not give its own.
    public static func parseAll(_ data: Data, file: String, baseDirectory: String) throws(ConfigurationError) -> [PipelineConfiguration] {
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw ConfigurationError(file: file, key: nil, message: "non è un JSON valido (\(Self.jsonErrorDetail(error)))")
        }
        let reader = KeyReader(file: file)
        let top = try reader.object(root, at: nil)
        guard let list = top["enti"] else { return [try parseEnte(top, reader: reader, file: file, baseDirectory: baseDirectory)] }
        try reader.allowOnly(["enti", "limiti", "punteggi", "monitoraggi", "archiviazione", "uscite"], in: top, at: nil)
        guard case .array(let items) = list, !items.isEmpty else {
            throw ConfigurationError(file: file, key: "enti", message: "deve essere un elenco non vuoto di enti")
        }
        var shared = top
        shared["enti"] = nil
        var out: [PipelineConfiguration] = []
        for (i, item) in items.enumerated() {
            let o = try reader.object(item, at: "enti[\(i)]")
            let merged = shared.merging(o) { _, own in own }
            do {
                out.append(try parseEnte(merged, reader: reader, file: file, baseDirectory: baseDirectory))
            } catch {
                throw ConfigurationError(file: file, key: "enti[\(i)]" + (error.key.map { ".\($0)" } ?? ""), message: error.message)
            }
            if out.dropLast().contains(where: { $0.ente == out.last!.ente && $0.anno == out.last!.anno }) {
                throw ConfigurationError(file: file, key: "enti[\(i)].ente", message: "l'ente «\(out.last!.ente)» \(out.last!.anno) compare due volte")
            }
        }
        return out
    }

    static func parseEnte(_ top: [String: JSONValue], reader: KeyReader, file: String, baseDirectory: String) throws(ConfigurationError) -> PipelineConfiguration {
        try reader.allowOnly(["ente", "anno", "piano", "cartelle", "limiti", "punteggi", "monitoraggi", "archiviazione", "uscite"], in: top, at: nil)
        let ente = try reader.string(top, "ente", at: nil)
        let anno = try reader.int(top, "anno", at: nil, range: 2000...2100)
        let piano = try reader.string(top, "piano", at: nil)
        let cartelle = try reader.object(reader.required(top, "cartelle", at: nil), at: "cartelle")
        try reader.allowOnly(["monitoraggio", "output", "database"], in: cartelle, at: "cartelle")
        let output = try reader.string(cartelle, "output", at: "cartelle")
        let database = cartelle["database"] != nil ? try reader.string(cartelle, "database", at: "cartelle") : (output as NSString).appendingPathComponent("storico.sqlite")
        var move = true
        var archive = (output as NSString).appendingPathComponent("archivio")
        var quarantine = (output as NSString).appendingPathComponent("quarantena")
        var settle = 60
        if let a = top["archiviazione"] {
            let o = try reader.object(a, at: "archiviazione")
            try reader.allowOnly(["modalita", "archivio", "quarantena", "attesaSecondi"], in: o, at: "archiviazione")
            if o["modalita"] != nil { move = try reader.choice(o, "modalita", at: "archiviazione", ArchiveMode.self) == .sposta }
            if o["archivio"] != nil { archive = try reader.string(o, "archivio", at: "archiviazione") }
            if o["quarantena"] != nil { quarantine = try reader.string(o, "quarantena", at: "archiviazione") }
            if o["attesaSecondi"] != nil { settle = try reader.int(o, "attesaSecondi", at: "archiviazione", range: 0...86_400) }
        }
        var limits = ReaderLimits.default
        if let l = top["limiti"] {
            let o = try reader.object(l, at: "limiti")
            let fields: [(String, WritableKeyPath<ReaderLimits, Int>)] = [
                ("dimensioneFileMassima", \.maxFileBytes),
                ("elementiZipMassimi", \.maxEntries),
                ("dimensioneParteMassima", \.maxPartBytes),
                ("dimensioneTotaleMassima", \.maxTotalBytes),
                ("rapportoCompressioneMassimo", \.maxCompressionRatio),
                ("sogliaControlloRapporto", \.ratioCheckMinBytes),
                ("celleMassime", \.maxCells),
                ("testiCondivisiMassimi", \.maxSharedStrings),
                ("lunghezzaTestoMassima", \.maxStringBytes),
                ("profonditaXMLMassima", \.maxXMLDepth),
            ]
            try reader.allowOnly(Set(fields.map(\.0)), in: o, at: "limiti")
            for (key, path) in fields where o[key] != nil {
                limits[keyPath: path] = try reader.int(o, key, at: "limiti", range: 1...Int(Int32.max) * 4)
            }
        }
        var scoring = ScoringSettings.default
        if let p = top["punteggi"] {
            let o = try reader.object(p, at: "punteggi")
            try reader.allowOnly(["tetto", "incrementoConBaseline", "minoreSenzaBaseline", "tolleranzaDateGiorni",
                                  "tolleranzaIndiceGiorni", "sogliaRaggiunto", "sogliaParzialmente"], in: o, at: "punteggi")
            if o["tetto"] != nil { scoring.cap = try reader.double(o, "tetto", at: "punteggi", range: 1...10) }
            if o["incrementoConBaseline"] != nil {
                scoring.increase = try reader.choice(o, "incrementoConBaseline", at: "punteggi", ScoringSettings.IncreaseMode.self)
            }
            if o["minoreSenzaBaseline"] != nil {
                scoring.lowerWithoutBaseline = try reader.choice(o, "minoreSenzaBaseline", at: "punteggi", ScoringSettings.LowerMode.self)
            }
            if o["tolleranzaDateGiorni"] != nil { scoring.dateToleranceDays = try reader.double(o, "tolleranzaDateGiorni", at: "punteggi", range: 0...3660) }
            if o["tolleranzaIndiceGiorni"] != nil { scoring.indexToleranceDays = try reader.double(o, "tolleranzaIndiceGiorni", at: "punteggi", range: 0...3660) }
            if o["sogliaRaggiunto"] != nil { scoring.achievedThreshold = try reader.double(o, "sogliaRaggiunto", at: "punteggi", range: 0...1) }
            if o["sogliaParzialmente"] != nil { scoring.partialThreshold = try reader.double(o, "sogliaParzialmente", at: "punteggi", range: 0...1) }
            guard scoring.partialThreshold <= scoring.achievedThreshold else {
                throw ConfigurationError(file: file, key: "punteggi.sogliaParzialmente", message: "deve essere minore o uguale a «sogliaRaggiunto»")
            }
        }
        var intermediate = [CalendarDate(year: anno, month: 6, day: 30)!]
        var final = CalendarDate.lastDay(of: anno)
        if let m = top["monitoraggi"] {
            let o = try reader.object(m, at: "monitoraggi")
            try reader.allowOnly(["intermedi", "finale"], in: o, at: "monitoraggi")
            if let list = o["intermedi"] {
                guard case .array(let items) = list else {
                    throw ConfigurationError(file: file, key: "monitoraggi.intermedi", message: "deve essere un elenco di date aaaa-mm-gg")
                }
                intermediate = try items.enumerated().map { (i, item) throws(ConfigurationError) in
                    try reader.date(item, at: "monitoraggi.intermedi[\(i)]", year: anno)
                }
            }
            if let f = o["finale"] { final = try reader.date(f, at: "monitoraggi.finale", year: anno) }
            guard intermediate == intermediate.sorted(), Set(intermediate).count == intermediate.count, intermediate.allSatisfy({ $0 < final }) else {
                throw ConfigurationError(file: file, key: "monitoraggi", message: "le date intermedie devono essere distinte, in ordine e precedenti la data finale")
            }
        }
        var outputs = OutputSelection.all
        if let u = top["uscite"] {
            let o = try reader.object(u, at: "uscite")
            let fields: [(String, WritableKeyPath<OutputSelection, Bool>)] = [
                ("consolidato", \.consolidated), ("oiv", \.oiv), ("esiti", \.receipts), ("opendata", \.openData), ("modelli", \.templates),
            ]
            try reader.allowOnly(Set(fields.map(\.0)), in: o, at: "uscite")
            for (key, path) in fields where o[key] != nil { outputs[keyPath: path] = try reader.bool(o, key, at: "uscite") }
        }
        return PipelineConfiguration(
            ente: ente, anno: anno, piano: piano,
            cartellaMonitoraggio: try reader.string(cartelle, "monitoraggio", at: "cartelle"),
            cartellaOutput: output,
            limiti: limits, punteggi: scoring, database: database, moveOriginals: move, cartellaArchivio: archive,
            cartellaQuarantena: quarantine, attesaSecondi: settle, monitoraggiIntermedi: intermediate, monitoraggioFinale: final,
            uscite: outputs, baseDirectory: baseDirectory)
    }

    static func jsonErrorDetail(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error, let underlying = context.underlyingError {
            return "\(underlying.localizedDescription)"
        }
        return "sintassi errata"
    }
}

/// What happens to the originals once archived.
enum ArchiveMode: String, CaseIterable {
    case copia, sposta
}

/// A configuration problem, naming the file and the key.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let key: String?
    public let message: String

    public var description: String {
        if let key { return "configurazione «\(file)», chiave «\(key)»: \(message)" }
        return "configurazione «\(file)»: \(message)"
    }
}

/// A JSON value, decoded without losing the difference between booleans,
/// numbers and strings (so `"anno": "2024"` or `"anno": true` is refused).
enum JSONValue: Decodable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case object([String: JSONValue])
    case array([JSONValue])
    case null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let o = try? c.decode([String: JSONValue].self) { self = .object(o) }
        else { self = .array(try c.decode([JSONValue].self)) }
    }

    var kindName: String {
        switch self {
        case .string: return "un testo"
        case .number: return "un numero"
        case .bool: return "un valore vero/falso"
        case .object: return "un oggetto"
        case .array: return "un elenco"
        case .null: return "null"
        }
    }
}

/// Typed access to a JSON object with Italian errors naming the key path.
struct KeyReader {
    let file: String

    func path(_ parent: String?, _ key: String) -> String { parent.map { "\($0).\(key)" } ?? key }

    func object(_ value: JSONValue, at key: String?) throws(ConfigurationError) -> [String: JSONValue] {
        guard case .object(let o) = value else {
            throw ConfigurationError(file: file, key: key, message: "deve essere un oggetto { … }, non \(value.kindName)")
        }
        return o
    }

    func required(_ o: [String: JSONValue], _ key: String, at parent: String?) throws(ConfigurationError) -> JSONValue {
        guard let v = o[key] else { throw ConfigurationError(file: file, key: path(parent, key), message: "chiave obbligatoria mancante") }
        return v
    }

    func string(_ o: [String: JSONValue], _ key: String, at parent: String?) throws(ConfigurationError) -> String {
        let v = try required(o, key, at: parent)
        guard case .string(let s) = v, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ConfigurationError(file: file, key: path(parent, key), message: "deve essere un testo non vuoto, non \(v.kindName)")
        }
        return s
    }

    func int(_ o: [String: JSONValue], _ key: String, at parent: String?, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let v = try required(o, key, at: parent)
        guard case .number(let d) = v, d == d.rounded(), let i = Int(exactly: d) else {
            throw ConfigurationError(file: file, key: path(parent, key), message: "deve essere un numero intero, non \(v.kindName)")
        }
        guard range.contains(i) else {
            throw ConfigurationError(file: file, key: path(parent, key), message: "deve essere compreso tra \(range.lowerBound) e \(range.upperBound)")
        }
        return i
    }

    func bool(_ o: [String: JSONValue], _ key: String, at parent: String?) throws(ConfigurationError) -> Bool {
        let v = try required(o, key, at: parent)
        guard case .bool(let b) = v else {
            throw ConfigurationError(file: file, key: path(parent, key), message: "deve essere true o false, non \(v.kindName)")
        }
        return b
    }

    func double(_ o: [String: JSONValue], _ key: String, at parent: String?, range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        let v = try required(o, key, at: parent)
        guard case .number(let d) = v else {
            throw ConfigurationError(file: file, key: path(parent, key), message: "deve essere un numero, non \(v.kindName)")
        }
        guard range.contains(d) else {
            throw ConfigurationError(file: file, key: path(parent, key), message: "deve essere compreso tra \(Quantity.italianNumber(range.lowerBound)) e \(Quantity.italianNumber(range.upperBound))")
        }
        return d
    }

    func choice<T: RawRepresentable & CaseIterable>(_ o: [String: JSONValue], _ key: String, at parent: String?, _ type: T.Type) throws(ConfigurationError) -> T where T.RawValue == String {
        let v = try required(o, key, at: parent)
        let allowed = T.allCases.map(\.rawValue)
        guard case .string(let s) = v, let value = T(rawValue: s) else {
            throw ConfigurationError(file: file, key: path(parent, key), message: "deve essere uno tra: \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        return value
    }

    func date(_ v: JSONValue, at key: String, year: Int) throws(ConfigurationError) -> CalendarDate {
        guard case .string(let s) = v, let d = CalendarDate(iso: s) else {
            throw ConfigurationError(file: file, key: key, message: "deve essere una data aaaa-mm-gg")
        }
        guard d.year == year else { throw ConfigurationError(file: file, key: key, message: "la data \(d.italian) non è nell'anno \(year)") }
        return d
    }

    func allowOnly(_ keys: Set<String>, in o: [String: JSONValue], at parent: String?) throws(ConfigurationError) {
        for key in o.keys.sorted() where !keys.contains(key) {
            throw ConfigurationError(file: file, key: path(parent, key),
                                     message: "chiave sconosciuta (ammesse: \(keys.sorted().joined(separator: ", ")))")
        }
    }
}
