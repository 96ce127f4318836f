import Foundation
import Testing
import Pipeline
import PerformanceModel
import Reports
import Store

/// The SQLite history: what goes in comes back identical, runs with
/// nothing new add nothing, the file passes SQLite's integrity check.
@Suite("History store")
struct HistoryStoreTests {
    @Test("every submission, value, phase and anomaly reads back identical")
    func roundTrip() throws {
        let (config, dir) = try workingCopy()
        let consolidation = try NightlyRun.consolidation(config)
        let inputs = consolidation.inputs
        let store = try HistoryStore(path: dir.appendingPathComponent("storico.sqlite").path)
        try store.record(ente: "Comune di Cassano d'Adda", year: 2024, newFiles: inputs, startedAt: Date(timeIntervalSince1970: 1_735_000_000))
        let back = try store.inputs(ente: "Comune di Cassano d'Adda", year: 2024)
        // The history adds the order of arrival; the time saved is kept to the millisecond.
        #expect(back.map(\.arrival) == inputs.indices.map { $0 + 1 })
        for (b, i) in zip(back, inputs) { #expect(abs((b.modifiedAt ?? .distantPast).timeIntervalSince(i.modifiedAt ?? .distantFuture)) < 0.001) }
        func plain(_ list: [InputFile]) -> [InputFile] { list.map { var f = $0; f.arrival = nil; f.modifiedAt = nil; return f } }
        #expect(plain(back) == plain(inputs))
        #expect(try store.knows(ente: "Comune di Cassano d'Adda", year: 2024, sha256: inputs[0].sha256))
        #expect(try !store.knows(ente: "Comune di Cassano d'Adda", year: 2024, sha256: String(repeating: "0", count: 64)))
        // Every lookup is keyed by ente and year: the same bytes are news to another ente, or another year.
        #expect(try !store.knows(ente: "Comune di Inzago", year: 2024, sha256: inputs[0].sha256))
        #expect(try !store.knows(ente: "Comune di Cassano d'Adda", year: 2025, sha256: inputs[0].sha256))
        try store.record(ente: "Comune di Cassano d'Adda", year: 2024, newFiles: [], startedAt: Date())
        #expect(try store.runCount() == 1)
        #expect(try store.integrityCheck() == "ok")
        // Another ente's files stay apart.
        #expect(try store.inputs(ente: "Comune di Inzago", year: 2024).isEmpty)
    }

    @Test("identical bytes received by two enti sharing one history are recorded for each")
    func sameBytesTwoEnti() throws {
        let (config, dir) = try workingCopy()
        let inputs = try NightlyRun.consolidation(config).inputs
        let store = try HistoryStore(path: dir.appendingPathComponent("storico.sqlite").path)
        try store.record(ente: "Comune di Cassano d'Adda", year: 2024, newFiles: inputs, startedAt: Date(timeIntervalSince1970: 1_735_000_000))
        try store.record(ente: "Comune di Inzago", year: 2024, newFiles: inputs, startedAt: Date(timeIntervalSince1970: 1_735_000_001))
        #expect(try store.inputs(ente: "Comune di Inzago", year: 2024).map(\.sha256) == inputs.map(\.sha256))
        #expect(try store.inputs(ente: "Comune di Cassano d'Adda", year: 2024).map(\.sha256) == inputs.map(\.sha256))
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("a history written by the first schema upgrades in place and keeps every row")
    func migratesVersion1() throws {
        // Tests/Fixtures/history/storico-v1.sqlite: written by piao before migration v2 (one run over
        // settori 00–05 at both dates plus a rejected file, 218 values).
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/history/storico-v1.sqlite")
        let path = temporaryDirectory().appendingPathComponent("storico.sqlite").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        let store = try HistoryStore(path: path)
        #expect(try store.integrityCheck() == "ok")
        let inputs = try store.inputs(ente: "Comune di Cassano d'Adda", year: 2024)
        #expect(inputs.count == 13)
        #expect(inputs.filter { $0.outcome == .rejected }.map(\.name) == ["scheda-sbagliata.xlsx"])
        #expect(inputs.compactMap(\.submission).reduce(0) { $0 + $1.values.count } == 218)
        #expect(inputs.allSatisfy { !$0.anomalies.isEmpty || $0.outcome == .accepted })
        #expect(try store.runCount() == 1)
        #expect(try store.knows(ente: "Comune di Cassano d'Adda", year: 2024, sha256: inputs[0].sha256))
        // Opening it again runs nothing more and changes nothing.
        let again = try HistoryStore(path: path)
        #expect(try again.inputs(ente: "Comune di Cassano d'Adda", year: 2024) == inputs)
    }

    @Test("a store file that is not a database is a clear error")
    func notADatabase() throws {
        let path = temporaryDirectory().appendingPathComponent("storico.sqlite").path
        try "non sono un database".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try HistoryStore(path: path) }
        do { _ = try HistoryStore(path: path) } catch {
            #expect(error.description.hasPrefix("archivio storico «storico.sqlite», apertura: SQLite"))
        }
    }
}
