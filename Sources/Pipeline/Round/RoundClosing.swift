import Foundation
import PerformanceModel
import Reports
import Store

/// `piao close` and `piao reopen`: once the OIV has validated a round, its
/// numbers cannot move. A closure records who, when and why, the SHA-256 of
/// every input and output the round is made of, and the outputs themselves:
/// every later night writes them again as they are, whatever the plan, the
/// settings or the drop folder say. Reopening is explicit and leaves a trace.
public enum RoundClosing {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Closes the round of `date`; returns the outputs written (relative to the output folder).
    @discardableResult
    public static func close(_ config: PipelineConfiguration, date: CalendarDate, author: String, reason: String,
                             despiteErrors: Bool = false, now: Date = Date()) throws -> [String] {
        let (store, events, lock) = try open(config, date: date, author: author, reason: reason)
        defer { withExtendedLifetime(lock) {} }
        if case .closed(let e) = RoundState(events, date: date) {
            throw Failure(description: "il monitoraggio al \(date.italian) è già chiuso (il \(e.at) da \(e.author))")
        }
        let loaded: Consolidator.LoadedPlan
        do { loaded = try Consolidator.readPlan(config) } catch { throw Failure(description: error.description) }
        let errors = loaded.reading.anomalies.filter { $0.severity == .error }
        if !errors.isEmpty && !despiteErrors {
            throw Failure(description: "il piano ha \(errors.count) \(errors.count == 1 ? "errore" : "errori") (vedere «piao plan check»): "
                + errors.prefix(3).map { "\($0.location): \($0.message)" }.joined(separator: "; ")
                + (errors.count > 3 ? "; …" : "") + ". Correggerli prima di chiudere, oppure chiudere con --nonostante-errori (restano scritti nella chiusura)")
        }
        var c = Consolidator.consolidate(loaded, inputs: try store.inputs(ente: config.ente, year: config.anno), config: config)
        let accepted = c.inputs.filter { $0.outcome == .accepted && $0.referenceDate == date }
        guard let card = c.cards.first(where: { $0.date == date }), !accepted.isEmpty else {
            throw Failure(description: "il monitoraggio al \(date.italian) non ha schede valide: non c'è niente da chiudere")
        }
        let why = errors.isEmpty ? reason : "\(reason) — chiuso nonostante \(errors.count) errori del piano"
        let event = RoundEvent(date: date, action: .close, author: author, reason: why, at: LocalTime.text(now))
        c.roundEvents = events + [event]
        c.earlierYears = try store.finalScores(ente: config.ente, before: config.anno)
        // The outputs that speak of this round, rendered once, with its closed state on every page.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("piao-chiusura-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var outputs: [(path: String, content: [UInt8])] = []
        if config.uscite.consolidated {
            let name = ConsolidatedWorkbook.fileName(c, date: date)
            try ConsolidatedWorkbook.write(c, card: card, to: scratch.appendingPathComponent(name).path)
            outputs.append(("consolidato/\(name)", [UInt8](try Data(contentsOf: scratch.appendingPathComponent(name)))))
        }
        if config.uscite.oiv, c.cards.last?.date == date {
            let name = OIVExport.fileName(c)
            try OIVExport.write(c, card: card, to: scratch.appendingPathComponent(name).path)
            outputs.append(("oiv/\(name)", [UInt8](try Data(contentsOf: scratch.appendingPathComponent(name)))))
        }
        let hashes = outputs.map { "\($0.path) \(Consolidator.sha256(bytes: $0.content))" }
        let closure = HistoryStore.Closure(planSHA256: c.planFile.sha256, settings: "\(c.settings)",
                                           inputs: ["\(c.planFile.sha256) \(c.planFile.name)"] + accepted.map { "\($0.sha256) \($0.name)" },
                                           outputs: outputs, outputHashes: hashes)
        try store.record(ente: config.ente, year: config.anno, event, closure: closure)
        let folder = config.resolve(config.cartellaOutput)
        for output in outputs {
            let path = (folder as NSString).appendingPathComponent(output.path)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(output.content, to: path)
        }
        return outputs.map(\.path)
    }

    /// Reopens the closed round of `date`: the next night scores it again from what is there.
    public static func reopen(_ config: PipelineConfiguration, date: CalendarDate, author: String, reason: String, now: Date = Date()) throws {
        let (store, events, lock) = try open(config, date: date, author: author, reason: reason)
        defer { withExtendedLifetime(lock) {} }
        guard RoundState(events, date: date).isClosed else {
            throw Failure(description: "il monitoraggio al \(date.italian) non è chiuso: non c'è niente da riaprire")
        }
        try store.record(ente: config.ente, year: config.anno, RoundEvent(date: date, action: .reopen, author: author, reason: reason, at: LocalTime.text(now)), closure: nil)
    }

    /// The history and its events, once the request is known to make sense — under the nightly run's
    /// lock, so that a closure never interleaves with a night writing the same outputs.
    static func open(_ config: PipelineConfiguration, date: CalendarDate, author: String, reason: String) throws -> (HistoryStore, [RoundEvent], RunLock) {
        guard !author.trimmingCharacters(in: .whitespaces).isEmpty, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Failure(description: "servono --autore e --motivo: una chiusura o una riapertura dice sempre chi e perché")
        }
        let database = config.resolve(config.database)
        guard FileManager.default.fileExists(atPath: database) else {
            throw Failure(description: "non c'è ancora uno storico («\(database)»): eseguire prima «piao run»")
        }
        guard let lock = try RunLock(path: database + ".lock") else {
            throw Failure(description: "un'esecuzione di piao è in corso (blocco «\((database as NSString).lastPathComponent).lock»): riprovare quando è finita")
        }
        let store = try HistoryStore(path: database)
        return (store, try store.roundEvents(ente: config.ente, year: config.anno), lock)
    }
}
