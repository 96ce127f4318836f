import Foundation
import Testing
import Pipeline
import Store

/// The nightly job as cron runs it, over a real folder of real workbooks:
/// idempotent, locked, crash-safe, never losing or duplicating a file.
@Suite("Nightly run")
struct NightlyRunTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A drop folder with 12 sample workbooks (settori 00–05, both dates) and one bad file, in `mode`.
    static func setUp(mode: String = "sposta", settle: Int = 0, sectors: String = "0[0-5]") throws -> URL {
        let dir = temporaryDirectory()
        let fm = FileManager.default
        try fm.copyItem(at: repo.appendingPathComponent("Inputs/piano/piano-2024.xlsx"), to: dir.appendingPathComponent("piano.xlsx"))
        let drop = dir.appendingPathComponent("drop")
        try fm.createDirectory(at: drop, withIntermediateDirectories: true)
        let source = repo.appendingPathComponent("Inputs/monitoraggio")
        let pattern = try NSRegularExpression(pattern: "settore-\(sectors)-")
        for name in try fm.contentsOfDirectory(atPath: source.path)
        where pattern.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil {
            try dropCopy(source.appendingPathComponent(name), to: drop.appendingPathComponent(name))
        }
        try "Settore;Valore\n02;2,5\n".write(to: drop.appendingPathComponent("scheda-sbagliata.xlsx"), atomically: true, encoding: .utf8)
        try fm.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_720_000_000)], ofItemAtPath: drop.appendingPathComponent("scheda-sbagliata.xlsx").path)
        let config = """
        {"ente": "Comune di Cassano d'Adda", "anno": 2024, "piano": "piano.xlsx",
         "cartelle": {"monitoraggio": "drop", "output": "out"},
         "archiviazione": {"modalita": "\(mode)", "attesaSecondi": \(settle)}}
        """
        try config.write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
        return dir
    }

    static func run(_ dir: URL, environment: [String: String] = [:], command: String = "run") throws -> CommandResult {
        try Piao.run([command, "--config", dir.appendingPathComponent("pipeline.json").path], environment: environment)
    }

    /// Every output file (history database and lock aside) → its SHA-256.
    static func outputs(_ dir: URL) throws -> [String: String] {
        let out = dir.appendingPathComponent("out")
        var map: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted() {
            var isDir: ObjCBool = false
            let full = out.appendingPathComponent(path).path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
                  !path.hasPrefix("storico.sqlite") else { continue }
            map[path] = Consolidator.sha256(path: full)
        }
        return map
    }

    @Test("re-running on unchanged inputs changes no output byte and adds no history")
    func idempotent() throws {
        let dir = try Self.setUp(mode: "copia")
        let first = try Self.run(dir)
        #expect(first.status == 1, "the bad file is rejected: \(first.stdout)")
        let before = try Self.outputs(dir)
        let store = try HistoryStore(path: dir.appendingPathComponent("out/storico.sqlite").path)
        #expect(try store.runCount() == 1)
        let second = try Self.run(dir)
        #expect(second.status == 0)
        #expect(second.stdout.contains("Riepilogo: 0 file nuovi (0 accettati, 0 rifiutati), 13 già ricevuti, 0 in arrivo, 0 ignorati."))
        #expect(try Self.outputs(dir) == before)
        #expect(second.stdout.contains(NightlyRun.quietLine), "nothing new: nothing read, nothing rewritten")
        #expect(try store.runCount() == 1)
        #expect(try store.integrityCheck() == "ok")
        // Rebuilt from the history alone, the outputs are the same bytes.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("out/.piao-uscite"))
        let fm = FileManager.default
        try fm.removeItem(at: dir.appendingPathComponent("out/consolidato"))
        let third = try Self.run(dir)
        #expect(third.stdout.contains("[SCRITTO]   consolidato/"))
        #expect(try Self.outputs(dir) == before)
    }

    @Test("outputs are rewritten when one is missing or altered, or when the settings change")
    func outputsFollowTheirSources() throws {
        let dir = try Self.setUp(mode: "copia")
        _ = try Self.run(dir)
        let fm = FileManager.default
        let receipts = dir.appendingPathComponent("out/esiti")
        let receipt = try #require(try fm.contentsOfDirectory(atPath: receipts.path).sorted().first { $0.hasSuffix(".xlsx") })
        try fm.removeItem(at: receipts.appendingPathComponent(receipt))
        #expect(try Self.run(dir).stdout.contains("[SCRITTO]"), "a missing output is written again")
        #expect(fm.fileExists(atPath: receipts.appendingPathComponent(receipt).path))
        let text = try #require(try fm.contentsOfDirectory(atPath: receipts.path).first { $0.hasSuffix(".txt") })
        try "modificato a mano".write(to: receipts.appendingPathComponent(text), atomically: true, encoding: .utf8)
        #expect(try Self.run(dir).stdout.contains("[SCRITTO]"), "an output altered by hand is written again")
        #expect(try Self.run(dir).stdout.contains("[INVARIATO]"))
        let config = dir.appendingPathComponent("pipeline.json")
        let json = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: #""archiviazione""#, with: #""punteggi": {"sogliaRaggiunto": 0.95}, "archiviazione""#)
        try json.write(to: config, atomically: true, encoding: .utf8)
        #expect(try Self.run(dir).stdout.contains("[SCRITTO]"), "new scoring settings: new outputs")
    }

    @Test("killed at every checkpoint, the next run ends exactly where an uninterrupted one does; nothing lost or duplicated")
    func crashSafety() throws {
        let clean = try Self.setUp()
        _ = try Self.run(clean)
        let expected = try Self.outputs(clean)
        let originals = Set(try Self.outputs(clean).filter { $0.key.hasPrefix("archivio/") || $0.key.hasPrefix("quarantena/") && !$0.key.hasSuffix(".txt") }.values)
        #expect(originals.count == 13)
        var point = 1
        while true {
            let dir = try Self.setUp()
            let crashed = try Self.run(dir, environment: ["PIAO_CRASH_AT": String(point)])
            if !crashed.killed { break } // past the last checkpoint: the run completed
            #expect(crashed.status == 9, "SIGKILL at \(point)")
            let again = try Self.run(dir)
            #expect(again.status == 0 || again.status == 1, "checkpoint \(point): \(again.stderr)")
            #expect(try Self.outputs(dir) == expected, "checkpoint \(point)")
            // The drop folder is empty (move mode) and every file sits exactly once in archive or quarantine.
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("drop").path).isEmpty, "checkpoint \(point)")
            let store = try HistoryStore(path: dir.appendingPathComponent("out/storico.sqlite").path)
            #expect(try store.integrityCheck() == "ok")
            #expect(try store.inputs(ente: "Comune di Cassano d'Adda", year: 2024).count == 13, "checkpoint \(point)")
            point += 1
        }
        #expect(point - 1 >= 50, "kill points exercised: \(point - 1)")
        print("kill points exercised: \(point - 1)")
    }

    @Test("a second run while one holds the lock exits at once with its own code")
    func locked() throws {
        let dir = try Self.setUp(mode: "copia")
        var lock: RunLock? = try #require(try RunLock(path: dir.appendingPathComponent("out/storico.sqlite.lock").path))
        let result = try Self.run(dir)
        #expect(result.status == 3)
        #expect(result.stderr.contains("un'altra esecuzione di piao è in corso"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/consolidato").path))
        #expect(lock != nil)
        lock = nil
        #expect(try Self.run(dir).status == 1, "once released, the run goes ahead")
    }

    @Test("two runs started together: one works, the other is refused or finds nothing new")
    func concurrent() throws {
        let dir = try Self.setUp(mode: "copia")
        let results = try [0, 1].map { _ in
            let p = Process()
            p.executableURL = Piao.executable
            p.arguments = ["run", "--config", dir.appendingPathComponent("pipeline.json").path]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }.map { p -> Int32 in p.waitUntilExit(); return p.terminationStatus }
        #expect(results.sorted() == [1, 3] || results.sorted() == [0, 1], "\(results)")
        let store = try HistoryStore(path: dir.appendingPathComponent("out/storico.sqlite").path)
        #expect(try store.inputs(ente: "Comune di Cassano d'Adda", year: 2024).count == 13)
    }

    @Test("a file still being written waits for a later run")
    func stillArriving() throws {
        let dir = try Self.setUp(mode: "copia", settle: 3600)
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("drop").path) {
            try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: dir.appendingPathComponent("drop/\(name)").path)
        }
        let result = try Self.run(dir)
        #expect(result.stdout.contains("[IN ARRIVO] scheda-sbagliata.xlsx"))
        #expect(result.stdout.contains("Riepilogo: 0 file nuovi (0 accettati, 0 rifiutati), 0 già ricevuti, 13 in arrivo, 0 ignorati."))
        // An upload cut short (no ZIP directory yet) waits even with no settle time…
        let quick = try Self.setUp(mode: "copia", sectors: "00")
        let truncated = quick.appendingPathComponent("drop/caricamento-interrotto.xlsx")
        try FileManager.default.copyItem(at: Self.repo.appendingPathComponent("Tests/Fixtures/hostile/truncated.xlsx"), to: truncated)
        #expect(try Self.run(quick).stdout.contains("[IN ARRIVO] caricamento-interrotto.xlsx"))
        // …until it has not changed for a day: then it is judged, and rejected.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -2 * 86_400)], ofItemAtPath: truncated.path)
        let later = try Self.run(quick)
        #expect(later.stdout.contains("[RIFIUTATO] caricamento-interrotto.xlsx — [ERRORE] «caricamento-interrotto.xlsx»: il file è incompleto o danneggiato"))
    }

    @Test("move mode: originals leave the drop folder only once safely archived")
    func moveMode() throws {
        let dir = try Self.setUp()
        let result = try Self.run(dir)
        #expect(result.stdout.contains("[ARCHIVIO]  13 file archiviati, 13 tolti dalla cartella dei monitoraggi"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("drop").path).isEmpty)
        // The history keeps scoring them: a new run with an empty folder writes the same outputs.
        let before = try Self.outputs(dir)
        #expect(try Self.run(dir).status == 0)
        #expect(try Self.outputs(dir) == before)
    }

    @Test("--dry-run reads, checks and scores everything and writes nothing")
    func dryRun() throws {
        let dir = try Self.setUp()
        let result = try Piao.run(["run", "--dry-run", "--config", dir.appendingPathComponent("pipeline.json").path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("(prova: nessuna scrittura)"))
        #expect(result.stdout.contains("Punteggi al 31/12/2024 (finale): ente "))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("drop").path).count == 13, "move mode, but nothing moved")
    }

    @Test("status names exactly the settori without a valid submission")
    func status() throws {
        let dir = try Self.setUp(mode: "copia")
        _ = try Self.run(dir)
        let result = try Self.run(dir, command: "status")
        #expect(result.status == 1)
        #expect(result.stdout.contains("  02 FINANZIARIO E TRIBUTI                         ricevuta: monitoraggio-cassano-d-adda-2024-settore-02-2024-06-30.xlsx, compilata il "))
        #expect(result.stdout.contains("2024-settore-02-2024-06-30.xlsx, compilata il 12/07/2024; valori letti 19 su 19"), "\(result.stdout)")
        #expect(result.stdout.contains("Mancano 6 schede valide (non valutabili, mai contate come 0): 06 GOVERNO DEL TERRITORIO E AMBIENTE al 30/06/2024; 07 LAVORI PUBBLICI al 30/06/2024; 08 POLIZIA LOCALE al 30/06/2024; "
            + "06 GOVERNO DEL TERRITORIO E AMBIENTE al 31/12/2024; 07 LAVORI PUBBLICI al 31/12/2024; 08 POLIZIA LOCALE al 31/12/2024."))
        #expect(result.stdout.contains("File rifiutati (vedere l'esito in out/esiti): scheda-sbagliata.xlsx"))
    }

    @Test("on the bundled inputs, status finds every settore's submission")
    func bundledStatus() throws {
        let dir = try Self.setUp(mode: "copia", sectors: "0[0-8]")
        _ = try Self.run(dir)
        let result = try Self.run(dir, command: "status")
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("Tutte le schede sono arrivate.\n"))
    }
}
