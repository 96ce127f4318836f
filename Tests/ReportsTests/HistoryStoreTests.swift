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
        let result = try Consolidator.run(config, store: nil)
        let inputs = result.consolidation.inputs
        let store = try HistoryStore(path: dir.appendingPathComponent("storico.sqlite").path)
        try store.record(ente: "Comune di Cassano d'Adda", year: 2024, newFiles: inputs, startedAt: Date(timeIntervalSince1970: 1_735_000_000))
        let back = try store.inputs(ente: "Comune di Cassano d'Adda", year: 2024)
        #expect(back == inputs)
        #expect(try store.knows(sha256: inputs[0].sha256))
        #expect(try !store.knows(sha256: String(repeating: "0", count: 64)))
        try store.record(ente: "Comune di Cassano d'Adda", year: 2024, newFiles: [], startedAt: Date())
        #expect(try store.runCount() == 1)
        #expect(try store.integrityCheck() == "ok")
        // Another ente's files stay apart.
        #expect(try store.inputs(ente: "Comune di Inzago", year: 2024).isEmpty)
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
