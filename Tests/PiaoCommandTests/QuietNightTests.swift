import Foundation
import Testing
import Pipeline
import Store

/// A night with nothing new reads nothing (issue 16): it says what a full
/// night would have said, and every kind of change — a file, the plan, a
/// setting, an output, an archived copy, a closure — makes the next night a
/// full one again.
@Suite("Quiet night")
struct QuietNightTests {
    /// The log after its first line (which tells the time).
    static func body(_ result: CommandResult) -> [String] { Array(result.stdout.split(separator: "\n").map(String.init).dropFirst()) }

    static func forgetRecord(_ dir: URL) throws {
        // What a night finds when the last one kept no record: it reads everything.
        let store = try HistoryStore(path: dir.appendingPathComponent("out/storico.sqlite").path)
        try store.forgetQuietNight(ente: "Comune di Cassano d'Adda", year: 2024)
    }

    @Test("a night with nothing new says what a full night says, in every mode and with entries it ignores or refuses",
          arguments: ["copia", "sposta"])
    func sameWords(mode: String) throws {
        let dir = try NightlyRunTests.setUp(mode: mode)
        let drop = dir.appendingPathComponent("drop")
        // Entries every night names again: a FIFO, a link, a file over the size limit.
        #expect(mkfifo(drop.appendingPathComponent("coda").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: drop.appendingPathComponent("collegamento.xlsx").path, withDestinationPath: "/etc/passwd")
        let config = try String(contentsOf: dir.appendingPathComponent("pipeline.json"), encoding: .utf8)
        try config.replacingOccurrences(of: "\"archiviazione\"", with: "\"limiti\": {\"dimensioneFileMassima\": 2000000}, \"archiviazione\"")
            .write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
        try Data(count: 2_500_000).write(to: drop.appendingPathComponent("enorme.xlsx"))

        let first = try NightlyRunTests.run(dir)
        #expect(first.stdout.contains("[SCRITTO]"), "\(first.stdout)")
        let quiet = try NightlyRunTests.run(dir)
        #expect(quiet.stdout.contains(NightlyRun.quietLine), "\(quiet.stdout)")
        try Self.forgetRecord(dir)
        let full = try NightlyRunTests.run(dir)
        #expect(full.stdout.contains(NightlyRun.unchangedLine) && !full.stdout.contains(NightlyRun.quietLine), "\(full.stdout)")
        #expect(Self.body(quiet).map { $0 == NightlyRun.quietLine ? NightlyRun.unchangedLine : $0 } == Self.body(full))
        #expect(quiet.status == full.status && quiet.status == 1, "the file over the limit is refused every night: exit 1")
        #expect(quiet.stderr == full.stderr)
        #expect(full.stdout.contains("[IGNORATO]  coda") && full.stdout.contains("[RIFIUTATO] enorme.xlsx"))
        // The full night kept the record again.
        #expect(try NightlyRunTests.run(dir).stdout.contains(NightlyRun.quietLine))
    }

    /// One change to what a night is made of, and what the full night that follows must show.
    struct Change: CustomTestStringConvertible, Sendable {
        let name: String
        let apply: @Sendable (URL) throws -> Void
        let shows: String
        var testDescription: String { name }
    }

    static let changes: [Change] = [
        Change(name: "a new file in the drop folder", apply: { dir in
            try dropCopy(NightlyRunTests.repo.appendingPathComponent("Inputs/monitoraggio/monitoraggio-cassano-d-adda-2024-settore-07-2024-12-31.xlsx"),
                         to: dir.appendingPathComponent("drop/monitoraggio-cassano-d-adda-2024-settore-07-2024-12-31.xlsx"))
        }, shows: "[ACCETTATO] monitoraggio-cassano-d-adda-2024-settore-07-2024-12-31.xlsx"),
        Change(name: "a file rewritten with the same bytes and its old modification time", apply: { dir in
            let name = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("drop").path).sorted().first { $0.hasPrefix("monitoraggio") })
            let url = dir.appendingPathComponent("drop/\(name)")
            let bytes = try Data(contentsOf: url)
            let modified = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as! Date
            let h = try FileHandle(forWritingTo: url)
            try h.write(contentsOf: bytes)
            try h.close()
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
        }, shows: "[GIÀ RICEVUTO]"),
        Change(name: "the plan touched", apply: { dir in
            try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: dir.appendingPathComponent("piano.xlsx").path)
        }, shows: NightlyRun.unchangedLine),
        Change(name: "a scoring setting changed", apply: { dir in
            let url = dir.appendingPathComponent("pipeline.json")
            let text = try String(contentsOf: url, encoding: .utf8)
            try text.replacingOccurrences(of: "\"archiviazione\"", with: "\"punteggi\": {\"sogliaRaggiunto\": 0.95}, \"archiviazione\"")
                .write(to: url, atomically: true, encoding: .utf8)
        }, shows: "[SCRITTO]   consolidato/"),
        Change(name: "an output deleted", apply: { dir in
            try FileManager.default.removeItem(at: dir.appendingPathComponent("out/oiv"))
        }, shows: "[SCRITTO]   oiv/"),
        Change(name: "an output altered by hand", apply: { dir in
            let receipts = dir.appendingPathComponent("out/esiti")
            let name = try #require(try FileManager.default.contentsOfDirectory(atPath: receipts.path).sorted().first { $0.hasSuffix(".txt") })
            let h = try FileHandle(forWritingTo: receipts.appendingPathComponent(name))
            try h.write(contentsOf: Data("X".utf8))
            try h.close()
        }, shows: "[SCRITTO]   consolidato/"),
        Change(name: "an archived copy deleted", apply: { dir in
            let archive = dir.appendingPathComponent("out/archivio/2024/2024-12-31")
            let name = try #require(try FileManager.default.contentsOfDirectory(atPath: archive.path).sorted().first)
            try FileManager.default.removeItem(at: archive.appendingPathComponent(name))
        }, shows: "[ARCHIVIO]  1 file archiviato"),
        Change(name: "the final round closed", apply: { dir in
            let closed = try Piao.run(["close", "--config", dir.appendingPathComponent("pipeline.json").path, "--date", "31/12/2024",
                                       "--autore", "Segretario generale", "--motivo", "validazione", "--nonostante-errori"])
            #expect(closed.status == 0, "\(closed.stderr)")
        }, shows: "[CHIUSO]    monitoraggio al 31/12/2024"),
    ]

    @Test("after any change the next night reads everything again", arguments: changes)
    func changesAreSeen(change: Change) throws {
        let dir = try NightlyRunTests.setUp(mode: "copia")
        _ = try NightlyRunTests.run(dir)
        #expect(try NightlyRunTests.run(dir).stdout.contains(NightlyRun.quietLine))
        try change.apply(dir)
        let after = try NightlyRunTests.run(dir)
        #expect(!after.stdout.contains(NightlyRun.quietLine), "\(after.stdout)")
        #expect(after.stdout.contains(change.shows), "\(after.stdout)")
        // Once the change is taken in, nights are quiet again, and the outputs are those a full night writes.
        let outputs = try NightlyRunTests.outputs(dir)
        #expect(try NightlyRunTests.run(dir).stdout.contains(NightlyRun.quietLine))
        try Self.forgetRecord(dir)
        #expect(try NightlyRunTests.run(dir).stdout.contains(NightlyRun.unchangedLine))
        #expect(try NightlyRunTests.outputs(dir) == outputs)
    }

    @Test("a file still arriving leaves no record: the next night looks at it again")
    func arrivingFileKeepsNightsFull() throws {
        let dir = try NightlyRunTests.setUp(mode: "copia", settle: 3600)
        // Saved a moment ago: it may still be being written.
        let source = NightlyRunTests.repo.appendingPathComponent("Inputs/monitoraggio/monitoraggio-cassano-d-adda-2024-settore-07-2024-12-31.xlsx")
        try Data(contentsOf: source).write(to: dir.appendingPathComponent("drop/appena-salvato.xlsx"))
        let first = try NightlyRunTests.run(dir)
        #expect(first.stdout.contains("[IN ARRIVO]"), "\(first.stdout)")
        let second = try NightlyRunTests.run(dir)
        #expect(!second.stdout.contains(NightlyRun.quietLine) && second.stdout.contains("[IN ARRIVO]"), "\(second.stdout)")
    }

    @Test("verbose asks for the details: that night is a full one")
    func verboseIsFull() throws {
        let dir = try NightlyRunTests.setUp(mode: "copia")
        _ = try NightlyRunTests.run(dir)
        let verbose = try Piao.run(["run", "-v", "--config", dir.appendingPathComponent("pipeline.json").path])
        #expect(!verbose.stdout.contains(NightlyRun.quietLine) && verbose.stdout.contains("[GIÀ RICEVUTO] 13 file con lo stesso contenuto già elaborato: "), "\(verbose.stdout)")
    }

    @Test("one new file among several enti: only that ente reads and writes, the others stay as they were")
    func oneEnteChanges() throws {
        let dir = try MultiEnteTests.setUp()
        _ = try NightlyRunTests.run(dir)
        _ = try NightlyRunTests.run(dir)
        let before = try MultiEnteTests.outputs(dir)
        func modified(_ ente: String) throws -> [String: Date] {
            let out = dir.appendingPathComponent("\(ente)/out")
            var map: [String: Date] = [:]
            for path in try FileManager.default.subpathsOfDirectory(atPath: out.path) where !path.hasPrefix("storico.sqlite") {
                map[path] = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(path).path)[.modificationDate] as? Date
            }
            return map
        }
        let cassanoTimes = try modified("cassano")
        try dropCopy(NightlyRunTests.repo.appendingPathComponent("Inputs/monitoraggio/monitoraggio-cassano-d-adda-2024-settore-07-2024-12-31.xlsx"),
                     to: dir.appendingPathComponent("secondo/drop/monitoraggio-cassano-d-adda-2024-settore-07-2024-12-31.xlsx"))
        let night = try NightlyRunTests.run(dir)
        let sections = night.stdout.components(separatedBy: "piao run — ")
        let cassano = try #require(sections.first { $0.hasPrefix("Comune di Cassano d'Adda, anno") })
        let secondo = try #require(sections.first { $0.hasPrefix("Comune di Cassano d'Adda (copia)") })
        #expect(cassano.contains(NightlyRun.quietLine), "\(cassano)")
        #expect(secondo.contains("[ACCETTATO] monitoraggio-cassano-d-adda-2024-settore-07-2024-12-31.xlsx") && secondo.contains("[SCRITTO]"), "\(secondo)")
        #expect(try modified("cassano") == cassanoTimes, "not one of the other ente's files was touched")
        let after = try MultiEnteTests.outputs(dir)
        #expect(after.filter { $0.key.hasPrefix("cassano/") } == before.filter { $0.key.hasPrefix("cassano/") })
    }
}
