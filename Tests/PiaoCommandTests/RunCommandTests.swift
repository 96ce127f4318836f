import Foundation
import Testing
@testable import Pipeline

@Suite("piao run and pipeline.json")
struct RunCommandTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A configuration with the real plan over a fresh drop folder holding `extra` files.
    func setUp(extra: [String: String] = [:]) throws -> URL {
        let dir = temporaryDirectory()
        let drop = dir.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.repo.appendingPathComponent("Inputs/piano/piano-2024.xlsx"), to: dir.appendingPathComponent("piano.xlsx"))
        for (name, text) in extra { try text.write(to: drop.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let config = """
        {"ente": "Comune di Cassano d'Adda", "anno": 2024, "piano": "piano.xlsx",
         "cartelle": {"monitoraggio": "drop", "output": "out"},
         "archiviazione": {"modalita": "copia", "attesaSecondi": 0}}
        """
        try config.write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test("filled templates dropped back are accepted, a CSV is rejected with the reason, lock files ignored; exit 1")
    func mixedFolder() throws {
        let dir = try setUp(extra: ["02-tecnico.xlsx": "ID;Valore\n1;2,5\n", "~$01-finanziario.xlsx": "lock", ".~lock.x.xlsx#": "lock"])
        let config = dir.appendingPathComponent("pipeline.json").path
        let templates = try Piao.run(["templates", "--config", config, "--date", "2024-06-30", "--output", dir.appendingPathComponent("drop").path,
                                      "--fill", Self.repo.appendingPathComponent("Inputs/campione/monitoraggio-2024-06-30.tsv").path])
        #expect(templates.status == 0, "\(templates.stderr)")
        #expect(templates.stdout.split(separator: "\n").count == 9)
        let result = try Piao.run(["run", "--config", config])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("[PIANO]     piano.xlsx — 36 obiettivi, 156 indicatori; 2 errori, 115 avvisi") })
        #expect(lines.contains { $0.hasPrefix("[ACCETTATO] monitoraggio-cassano-d-adda-2024-settore-02-2024-06-30.xlsx — settore 02, 30/06/2024: ") })
        #expect(lines.filter { $0.hasPrefix("[ACCETTATO]") }.count == 9)
        #expect(lines.contains { $0.hasPrefix("[RIFIUTATO] 02-tecnico.xlsx — [ERRORE] «02-tecnico.xlsx»: il file è un testo (probabilmente CSV)") })
        #expect(lines.contains("[IGNORATO]  ~$01-finanziario.xlsx — file di blocco di Excel"))
        #expect(lines.contains("[IGNORATO]  .~lock.x.xlsx# — file di blocco di LibreOffice"))
        #expect(lines.last == "Riepilogo: 10 file nuovi (9 accettati, 1 rifiutato), 0 già ricevuti, 0 in arrivo, 2 ignorati.")
        // The rejected file is quarantined with its receipt beside it; accepted ones are archived by content.
        let quarantine = dir.appendingPathComponent("out/quarantena/2024")
        let quarantined = try FileManager.default.contentsOfDirectory(atPath: quarantine.path).sorted()
        #expect(quarantined.count == 2 && quarantined.contains { $0.hasSuffix("-02-tecnico.xlsx") } && quarantined.contains { $0.hasSuffix("-02-tecnico.xlsx-esito.txt") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out/archivio/2024/2024-06-30").path).count == 9)
        // Copy mode: the drop folder keeps everything.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("drop").path).count == 12)
    }

    @Test("all files good: exit 0, even if the plan has warnings and errors of its own")
    func allGood() throws {
        let dir = try setUp()
        let config = dir.appendingPathComponent("pipeline.json").path
        _ = try Piao.run(["templates", "--config", config, "--date", "2024-12-31", "--sector", "5", "--output", dir.appendingPathComponent("drop").path,
                          "--fill", Self.repo.appendingPathComponent("Inputs/campione/monitoraggio-2024-12-31.tsv").path])
        let result = try Piao.run(["run", "--config", config])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("[ACCETTATO] monitoraggio-cassano-d-adda-2024-settore-05-2024-12-31.xlsx"))
    }

    @Test("templates only for a monitoring date (written 30/06/2024 or 2024-06-30); any other is refused listing the dates, exit 2",
          arguments: [("2023-06-30", "il 30/06/2023 non è una data di monitoraggio"), ("2024-09-30", "il 30/09/2024 non è una data di monitoraggio"),
                      ("31/09/2024", "la data «31/09/2024» non è una data"), ("giugno", "la data «giugno» non è una data")])
    func templateDate(_ date: String, _ message: String) throws {
        let dir = try setUp()
        let result = try Piao.run(["templates", "--config", dir.appendingPathComponent("pipeline.json").path, "--date", date])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains("30/06/2024, 31/12/2024"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/modelli").path))
    }

    @Test("a filled file whose reference date is not a monitoring date is refused naming the cell")
    func fileDate() throws {
        let dir = try setUp()
        let config = dir.appendingPathComponent("pipeline.json").path
        // Made for 30/09 by a configuration that had that date; dropped where only 30/06 and 31/12 are.
        let other = dir.appendingPathComponent("altra.json")
        try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: #""archiviazione""#, with: #""monitoraggi": {"intermedi": ["2024-09-30"]}, "archiviazione""#)
            .write(to: other, atomically: true, encoding: .utf8)
        let made = try Piao.run(["templates", "--config", other.path, "--date", "30/09/2024", "--sector", "02", "--output", dir.appendingPathComponent("drop").path,
                                 "--fill", Self.repo.appendingPathComponent("Inputs/campione/monitoraggio-2024-06-30.tsv").path])
        #expect(made.status == 0, "\(made.stderr)")
        let result = try Piao.run(["run", "--config", config])
        #expect(result.status == 1)
        #expect(result.stdout.contains("[RIFIUTATO] monitoraggio-cassano-d-adda-2024-settore-02-2024-09-30.xlsx — [ERRORE] «monitoraggio-cassano-d-adda-2024-settore-02-2024-09-30.xlsx», "
            + "foglio «Scheda», cella B6: la data di riferimento 30/09/2024 non è una data di monitoraggio: le date previste sono 30/06/2024, 31/12/2024"), "\(result.stdout)")
    }

    @Test("a missing configuration exits 2")
    func missingConfiguration() throws {
        let result = try Piao.run(["run", "--config", "/nonexistent/pipeline.json"])
        #expect(result.status == 2)
        #expect(result.stderr == "Errore: configurazione «/nonexistent/pipeline.json»: file di configurazione non trovato o non leggibile\n")
    }

    static let badConfigurations: [(String, String)] = [
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}, "anni": 3}"#,
         "chiave «anni»: chiave sconosciuta (ammesse: anno, archiviazione, cartelle, ente, limiti, monitoraggi, piano, punteggi, uscite)"),
        (#"{"ente": "X", "anno": "2024", "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}}"#,
         "chiave «anno»: deve essere un numero intero, non un testo"),
        (#"{"ente": "X", "anno": 2024.5, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}}"#,
         "chiave «anno»: deve essere un numero intero, non un numero"),
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d"}}"#,
         "chiave «cartelle.output»: chiave obbligatoria mancante"),
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}, "limiti": {"celleMassime": true}}"#,
         "chiave «limiti.celleMassime»: deve essere un numero intero, non un valore vero/falso"),
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}, "limiti": {"celle": 5}}"#,
         "chiave «limiti.celle»: chiave sconosciuta"),
        (#"{"ente": "", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}}"#,
         "chiave «ente»: deve essere un testo non vuoto"),
        (#"{"ente": "X", "anno": 1800, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}}"#,
         "chiave «anno»: deve essere compreso tra 2000 e 2100"),
        (#"["ente"]"#, "deve essere un oggetto { … }, non un elenco"),
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}, "punteggi": {"tetto": 0.5}}"#,
         "chiave «punteggi.tetto»: deve essere compreso tra 1 e 10"),
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}, "punteggi": {"incrementoConBaseline": "progressivo"}}"#,
         #"chiave «punteggi.incrementoConBaseline»: deve essere uno tra: "progress", "ratio""#),
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}, "punteggi": {"sogliaRaggiunto": "90%"}}"#,
         "chiave «punteggi.sogliaRaggiunto»: deve essere un numero, non un testo"),
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}, "punteggi": {"sogliaRaggiunto": 0.5}}"#,
         "chiave «punteggi.sogliaParzialmente»: deve essere minore o uguale a «sogliaRaggiunto»"),
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}, "punteggi": {"tolleranza": 3}}"#,
         "chiave «punteggi.tolleranza»: chiave sconosciuta"),
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}, "monitoraggi": {"intermedi": ["2024-06-31"]}}"#,
         "chiave «monitoraggi.intermedi[0]»: deve essere una data aaaa-mm-gg"),
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}, "monitoraggi": {"finale": "2025-12-31"}}"#,
         "chiave «monitoraggi.finale»: la data 31/12/2025 non è nell'anno 2024"),
        (#"{"ente": "X", "anno": 2024, "piano": "p.xlsx", "cartelle": {"monitoraggio": "d", "output": "o"}, "monitoraggi": {"intermedi": ["2024-09-30", "2024-06-30"]}}"#,
         "chiave «monitoraggi»: le date intermedie devono essere distinte, in ordine e precedenti la data finale"),
        (#"{"ente": "X",, }"#, "non è un JSON valido"),
    ]

    @Test("wrong configurations are refused naming the key", arguments: badConfigurations)
    func badConfiguration(_ json: String, _ message: String) {
        do {
            _ = try PipelineConfiguration.parse(Data(json.utf8), file: "pipeline.json", baseDirectory: ".")
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("the bundled pipeline.json is valid and sets every limit")
    func bundledConfiguration() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try PipelineConfiguration.load(path: root.appendingPathComponent("pipeline.json").path)
        #expect(config.anno == 2024)
        #expect(config.limiti == .default)
        #expect(config.punteggi == .default, "the bundled file states the documented defaults")
        #expect(config.periods.map(\.date.iso) == ["2024-06-30", "2024-12-31"])
    }

    static let names: [(String, Bool)] = [
        ("01-finanziario.xlsx", true), ("~$01.xlsx", false), (".~lock.01.xlsx#", false), (".DS_Store", false),
        ("file.xlsx.part", false), ("file.xlsx.crdownload", false), ("backup.xlsx~", false), ("Thumbs.db", false),
        ("vecchio.xls", true), ("dati.csv", true),
    ]

    @Test("discover keeps submissions and skips lock and temporary files", arguments: names)
    func discoverNames(_ name: String, _ kept: Bool) {
        #expect((Discovery.ignoreReason(name) == nil) == kept)
    }
}
