import Foundation
import Testing
import Pipeline

/// Several enti in one configuration (an OIV shared by several comuni):
/// each with its plan, drop folder, outputs and history; a broken one
/// never blocks the others; outputs do not depend on --jobs.
@Suite("Several enti")
struct MultiEnteTests {
    static let repo = NightlyRunTests.repo

    /// Three enti: Cassano (the real plan, settori 00–02), "Inzago" (same plan structure, settori 03–05),
    /// and "Pozzuolo Martesana" whose plan workbook is broken.
    static func setUp() throws -> URL {
        let dir = temporaryDirectory()
        let fm = FileManager.default
        func ente(_ folder: String, sectors: String) throws {
            let base = dir.appendingPathComponent(folder)
            try fm.createDirectory(at: base.appendingPathComponent("drop"), withIntermediateDirectories: true)
            try fm.copyItem(at: repo.appendingPathComponent("Inputs/piano/piano-2024.xlsx"), to: base.appendingPathComponent("piano.xlsx"))
            let source = repo.appendingPathComponent("Inputs/monitoraggio")
            for name in try fm.contentsOfDirectory(atPath: source.path) where name.range(of: "settore-\(sectors)-", options: .regularExpression) != nil {
                try dropCopy(source.appendingPathComponent(name), to: base.appendingPathComponent("drop/\(name)"))
            }
        }
        try ente("cassano", sectors: "0[0-2]")
        try ente("secondo", sectors: "0[3-5]")
        try ente("rotto", sectors: "0[6-8]")
        try fm.removeItem(at: dir.appendingPathComponent("rotto/piano.xlsx"))
        try fm.copyItem(at: repo.appendingPathComponent("Tests/Fixtures/hostile/truncated.xlsx"), to: dir.appendingPathComponent("rotto/piano.xlsx"))
        // The second ente reuses the real plan (same ente name inside): it is a separate history and output all the same.
        let config = """
        {"enti": [
          {"ente": "Comune di Cassano d'Adda", "anno": 2024, "piano": "cassano/piano.xlsx",
           "cartelle": {"monitoraggio": "cassano/drop", "output": "cassano/out"}},
          {"ente": "Comune di Cassano d'Adda (copia)", "anno": 2024, "piano": "secondo/piano.xlsx",
           "cartelle": {"monitoraggio": "secondo/drop", "output": "secondo/out"}},
          {"ente": "Comune di Pozzuolo Martesana", "anno": 2024, "piano": "rotto/piano.xlsx",
           "cartelle": {"monitoraggio": "rotto/drop", "output": "rotto/out"}}
         ],
         "archiviazione": {"modalita": "copia", "attesaSecondi": 0}}
        """
        try config.write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
        return dir
    }

    static func outputs(_ dir: URL) throws -> [String: String] {
        var map: [String: String] = [:]
        for ente in ["cassano", "secondo", "rotto"] {
            let out = dir.appendingPathComponent("\(ente)/out")
            guard FileManager.default.fileExists(atPath: out.path) else { continue }
            for path in try FileManager.default.subpathsOfDirectory(atPath: out.path) where !path.hasPrefix("storico.sqlite") {
                var isDir: ObjCBool = false
                let full = out.appendingPathComponent(path).path
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                    map["\(ente)/\(path)"] = Consolidator.sha256(path: full)
                }
            }
        }
        return map
    }

    @Test("a broken ente is reported, the other two are consolidated; status groups by ente")
    func threeEnti() throws {
        let dir = try Self.setUp()
        let config = dir.appendingPathComponent("pipeline.json").path
        let result = try Piao.run(["run", "--config", config])
        #expect(result.status == 2, "the broken plan is a configuration problem")
        #expect(result.stdout.contains("piao run — Comune di Cassano d'Adda, anno 2024"))
        #expect(result.stdout.contains("piao run — Comune di Cassano d'Adda (copia), anno 2024"))
        #expect(result.stderr.contains("Errore: Comune di Pozzuolo Martesana: il piano «rotto/piano.xlsx» non è utilizzabile:\n  - [ERRORE] «piano.xlsx»: il file è incompleto o danneggiato"))
        #expect(result.stderr.contains("Nessun file di monitoraggio è stato letto e la cartella dei monitoraggi è rimasta com'era."))
        #expect(result.stdout.contains("Enti: 3 — 2 senza problemi, 0 con file rifiutati, 1 non elaborati (configurazione o piano), 0 bloccati da un'altra esecuzione."))
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("cassano/out/consolidato/consolidato-cassano-d-adda-2024-2024-12-31.xlsx").path))
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("secondo/out/oiv/oiv-cassano-d-adda-2024.xlsx").path))
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("rotto/out/consolidato").path))
        let status = try Piao.run(["status", "--config", config])
        #expect(status.stdout.contains("Stato dei monitoraggi — Comune di Cassano d'Adda, anno 2024"))
        #expect(status.stderr.contains("Comune di Pozzuolo Martesana: il piano «rotto/piano.xlsx» non è utilizzabile"))
        #expect(status.status == 2)
    }

    @Test("outputs are byte-identical with --jobs 1 and --jobs 2")
    func jobsDoNotChangeBytes() throws {
        let a = try Self.setUp(), b = try Self.setUp()
        _ = try Piao.run(["run", "--jobs", "1", "--config", a.appendingPathComponent("pipeline.json").path])
        _ = try Piao.run(["run", "--jobs", "2", "--config", b.appendingPathComponent("pipeline.json").path])
        let x = try Self.outputs(a), y = try Self.outputs(b)
        #expect(x.count > 30)
        #expect(x == y)
    }

    @Test("a configuration listing enti is checked entry by entry")
    func configuration() throws {
        let json = #"{"enti": [{"ente": "A", "anno": 2024, "piano": "a.xlsx", "cartelle": {"monitoraggio": "a", "output": "o"}}, {"ente": "B", "anno": "2024", "piano": "b.xlsx", "cartelle": {"monitoraggio": "b", "output": "p"}}]}"#
        do {
            _ = try PipelineConfiguration.parseAll(Data(json.utf8), file: "pipeline.json", baseDirectory: ".")
            Issue.record("accepted")
        } catch {
            #expect(error.description == "configurazione «pipeline.json», chiave «enti[1].anno»: deve essere un numero intero, non un testo")
        }
        let ok = #"{"enti": [{"ente": "A", "anno": 2024, "piano": "a.xlsx", "cartelle": {"monitoraggio": "a", "output": "o"}, "punteggi": {"tetto": 1.2}}, {"ente": "B", "anno": 2024, "piano": "b.xlsx", "cartelle": {"monitoraggio": "b", "output": "p"}}], "punteggi": {"sogliaRaggiunto": 0.95}}"#
        let all = try PipelineConfiguration.parseAll(Data(ok.utf8), file: "pipeline.json", baseDirectory: ".")
        #expect(all.map(\.ente) == ["A", "B"])
        #expect(all[0].punteggi.cap == 1.2 && all[0].punteggi.achievedThreshold == 0.9, "an ente's own punteggi replace the shared ones")
        #expect(all[1].punteggi.achievedThreshold == 0.95)
    }

    @Test("uscite: a study writes only the consolidated workbooks, with history and archive as always")
    func onlyConsolidated() throws {
        let dir = try Self.setUp()
        let path = dir.appendingPathComponent("pipeline.json")
        var json = try String(contentsOf: path, encoding: .utf8)
        json = json.replacingOccurrences(of: #""archiviazione""#, with: #""uscite": {"oiv": false, "esiti": false, "opendata": false, "modelli": false}, "archiviazione""#)
        try json.write(to: path, atomically: true, encoding: .utf8)
        let result = try Piao.run(["run", "--config", path.path])
        #expect(result.status == 2, "the broken plan is still reported")
        let written = try Self.outputs(dir).keys.filter { $0.hasPrefix("cassano/") }.map { $0.split(separator: "/")[1] }
        #expect(Set(written) == ["consolidato", "archivio", ".piao-uscite"], "\(written)")
        #expect(try Self.outputs(dir)["cassano/consolidato/consolidato-cassano-d-adda-2024-2024-12-31.xlsx"] != nil)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("cassano/out/storico.sqlite").path))
        let bad = #"{"ente": "A", "anno": 2024, "piano": "a.xlsx", "cartelle": {"monitoraggio": "a", "output": "o"}, "uscite": {"esiti": "no"}}"#
        #expect(throws: ConfigurationError.self) { try PipelineConfiguration.parseAll(Data(bad.utf8), file: "pipeline.json", baseDirectory: ".") }
        do {
            _ = try PipelineConfiguration.parseAll(Data(bad.utf8), file: "pipeline.json", baseDirectory: ".")
        } catch {
            #expect(error.description == "configurazione «pipeline.json», chiave «uscite.esiti»: deve essere true o false, non un testo")
        }
        let unknown = #"{"ente": "A", "anno": 2024, "piano": "a.xlsx", "cartelle": {"monitoraggio": "a", "output": "o"}, "uscite": {"ricevute": false}}"#
        do {
            _ = try PipelineConfiguration.parseAll(Data(unknown.utf8), file: "pipeline.json", baseDirectory: ".")
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("chiave «uscite.ricevute»: chiave sconosciuta (ammesse: consolidato, esiti, modelli, oiv, opendata)"))
        }
    }
}
