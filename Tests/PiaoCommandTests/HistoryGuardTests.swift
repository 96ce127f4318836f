import Foundation
import Testing
import Pipeline
import Store

/// The history the scores are rebuilt from: shared by several enti without
/// locking them out or mixing them, never silently replaced by a new one
/// because of a typo, and outputs that notice a hand edit of the same size.
@Suite("History guards")
struct HistoryGuardTests {
    static let repo = NightlyRunTests.repo

    @Test("enti sharing one database all run, one after the other, with the default --jobs; identical bytes are reported for each")
    func sharedDatabase() throws {
        let dir = temporaryDirectory()
        let fm = FileManager.default
        try fm.copyItem(at: Self.repo.appendingPathComponent("Inputs/piano/piano-2024.xlsx"), to: dir.appendingPathComponent("piano.xlsx"))
        let sample = Self.repo.appendingPathComponent("Inputs/monitoraggio/monitoraggio-cassano-d-adda-2024-settore-00-2024-06-30.xlsx")
        for ente in ["a", "b", "c"] {
            try fm.createDirectory(at: dir.appendingPathComponent("\(ente)/drop"), withIntermediateDirectories: true)
            // The very same bytes in every ente's drop folder.
            try fm.copyItem(at: sample, to: dir.appendingPathComponent("\(ente)/drop/settore-00.xlsx"))
        }
        let entries = ["a", "b", "c"].map { e in
            #"{"ente": "Comune \#(e)", "anno": 2024, "piano": "piano.xlsx", "cartelle": {"monitoraggio": "\#(e)/drop", "output": "\#(e)/out", "database": "storico-comune.sqlite"}}"#
        }
        try #"{"enti": [\#(entries.joined(separator: ","))], "archiviazione": {"modalita": "copia", "attesaSecondi": 0}}"#
            .write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
        let result = try Piao.run(["run", "--config", dir.appendingPathComponent("pipeline.json").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Enti: 3 — 3 senza problemi, 0 con file rifiutati, 0 non elaborati (configurazione o piano), 0 bloccati da un'altra esecuzione."))
        #expect(result.stdout.components(separatedBy: "[ACCETTATO] settore-00.xlsx").count == 4, "one acceptance per ente")
        let store = try HistoryStore(path: dir.appendingPathComponent("storico-comune.sqlite").path)
        for e in ["a", "b", "c"] {
            #expect(try store.inputs(ente: "Comune \(e)", year: 2024).count == 1)
            #expect(fm.fileExists(atPath: dir.appendingPathComponent("\(e)/out/consolidato/consolidato-cassano-d-adda-2024-2024-06-30.xlsx").path))
        }
        let again = try Piao.run(["run", "--config", dir.appendingPathComponent("pipeline.json").path])
        #expect(again.status == 0)
        #expect(again.stdout.components(separatedBy: "[GIÀ RICEVUTO] 1 file con lo stesso contenuto già elaborato").count == 4)
    }

    @Test("a typo in the database path is refused while outputs show earlier runs; --nuovo-storico starts one on purpose")
    func misplacedHistory() throws {
        let dir = try NightlyRunTests.setUp(mode: "copia")
        #expect(try NightlyRunTests.run(dir).status == 1)
        let oiv = dir.appendingPathComponent("out/oiv/oiv-cassano-d-adda-2024.xlsx")
        let before = Consolidator.sha256(path: oiv.path)
        let config = dir.appendingPathComponent("pipeline.json")
        try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: #""output": "out""#, with: #""output": "out", "database": "out/storicoo.sqlite""#)
            .write(to: config, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: Self.repo.appendingPathComponent("Inputs/monitoraggio/monitoraggio-cassano-d-adda-2024-settore-07-2024-06-30.xlsx"),
                                         to: dir.appendingPathComponent("drop/nuovo.xlsx"))
        let refused = try NightlyRunTests.run(dir)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("lo storico «\(dir.path)/out/storicoo.sqlite» non esiste, ma esecuzioni precedenti hanno lasciato consolidato/consolidato-cassano-d-adda-2024-2024-06-30.xlsx"), "\(refused.stderr)")
        #expect(refused.stderr.contains("rieseguire con --nuovo-storico"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/storicoo.sqlite").path), "no new history was created")
        #expect(Consolidator.sha256(path: oiv.path) == before, "the OIV export was rewritten")
        let chosen = try Piao.run(["run", "--nuovo-storico", "--config", config.path])
        #expect(chosen.status == 1)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/storicoo.sqlite").path))
    }

    @Test("an output altered by hand to the same size is rewritten")
    func sameSizeEdit() throws {
        let dir = try NightlyRunTests.setUp(mode: "copia")
        _ = try NightlyRunTests.run(dir)
        let receipts = dir.appendingPathComponent("out/esiti")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: receipts.path).sorted().first { $0.hasSuffix(".txt") })
        let path = receipts.appendingPathComponent(name)
        let original = try Data(contentsOf: path)
        var altered = original
        altered[altered.startIndex] = altered.first == UInt8(ascii: "X") ? UInt8(ascii: "Y") : UInt8(ascii: "X")
        try altered.write(to: path)
        let again = try NightlyRunTests.run(dir)
        #expect(again.stdout.contains("[SCRITTO]"), "\(again.stdout)")
        #expect(try Data(contentsOf: path) == original)
        #expect(try NightlyRunTests.run(dir).stdout.contains("[INVARIATO]"))
    }
}
