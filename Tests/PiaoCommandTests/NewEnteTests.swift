import Foundation
import Testing
import TestSupport

/// A new comune starts from nothing, with only the README: the commands of its
/// «Un nuovo ente» section, run as written; the plan and the schede filled only
/// in the workbooks piao gave, by header name, with openpyxl
/// (`Tests/Fixtures/tools/new_ente.py`); the scores checked by hand.
@Suite("A new ente")
struct NewEnteTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `piao …` lines of the README's «Un nuovo ente» block, in order.
    static func readmeCommands() throws -> [[String]] {
        let readme = try String(contentsOf: repo.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Un nuovo ente").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        return block.split(separator: "\n").filter { $0.hasPrefix("piao ") }.map { line in
            // Words, with "…" kept together: the shell's quoting, enough for these lines.
            var words: [String] = [], current = "", quoted = false
            for ch in line.dropFirst("piao ".count) {
                if ch == "\"" { quoted.toggle() } else if ch == " " && !quoted { if !current.isEmpty { words.append(current) }; current = "" } else { current.append(ch) }
            }
            if !current.isEmpty { words.append(current) }
            return words
        }
    }

    /// `new_ente.py` (openpyxl); a failure of the script fails the test.
    static func python(_ arguments: [String]) throws -> String {
        try Openpyxl.output("new_ente.py", arguments)
    }

    static func records(_ path: String, _ sheet: String, headerRow: Int = 1) throws -> [[String: Any]] {
        let text = try python(["records", path, sheet, String(headerRow)])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test("init, fill the blank plan, plan check clean, templates, fill them, run: the scores are the ones worked out by hand")
    func fromNothing() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("piao-nuovo-\(UUID().uuidString)")
        let folder = home.appendingPathComponent("piao-borgo").path
        let commands = try Self.readmeCommands().map { $0.map { $0.replacingOccurrences(of: "~/piao-borgo", with: folder) } }
        #expect(commands.map { $0.first ?? "" } == ["init", "plan", "templates", "run"])

        // piao init
        let initRun = try Piao.run(commands[0])
        #expect(initRun.status == 0, "\(initRun.stderr)")
        let plan = "\(folder)/piano/piano-2025.xlsx"
        #expect(FileManager.default.fileExists(atPath: plan))
        let config = try String(contentsOfFile: "\(folder)/pipeline.json", encoding: .utf8)
        for key in [#""modalita": "copia""#, #""finale": "2025-12-31""#, #""sogliaRaggiunto": 0.9"#, #""incrementoConBaseline": "progress""#] {
            #expect(config.contains(key), "\(key)")
        }
        // A second init refuses and writes nothing.
        let before = try Data(contentsOf: URL(fileURLWithPath: plan))
        let again = try Piao.run(commands[0])
        #expect(again.status == 2 && again.stderr.contains("non viene sovrascritto nulla"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: plan)) == before)

        // 1. The controllo di gestione fills the blank plan, first with the usual mistakes:
        //    plan check names each, in Italian, at its cell.
        _ = try Self.python(["fill-plan", plan])
        let filled = try Data(contentsOf: URL(fileURLWithPath: plan))
        _ = try Self.python(["break-plan", plan])
        let mistakes = try Piao.run(commands[1])
        #expect(mistakes.status == 1, "\(mistakes.stdout)")
        for explained in [
            "foglio «Obiettivi strategici», cella A5: «Codice»: «2,1» è un numero, non un codice: Excel lo ha trasformato",
            "obiettivo strategico «02.1» non esiste nel piano",
            "foglio «Indicatori», cella C9: indicatore 02-1.1: lo rileva il settore 03, ma l'obiettivo 02-1 è del settore 02 e non è indicato come intersettoriale",
            "indicatore 01-1.1: «circa 10» non è un numero, una percentuale, una data o SI/NO",
            "fase 2 dell'obiettivo 01-2: la data 30/09/2026 è fuori dall'anno del piano (2025)",
            "obiettivo 01-1: il peso «alto» deve essere un numero maggiore di zero; finché non è corretto vale 1",
            "rettifica di 03-1.3: la data di riferimento 30/09/2025 non è una data di monitoraggio (30/06/2025, 31/12/2025): non si applicherà mai",
        ] {
            #expect(mistakes.stdout.contains(explained), "«\(explained)» not in:\n\(mistakes.stdout)")
        }
        // 2. Corrected, plan check is clean.
        try filled.write(to: URL(fileURLWithPath: plan))
        let check = try Piao.run(commands[1])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("3 settori, 2 linee strategiche, 2 obiettivi strategici, 5 obiettivi operativi, 6 fasi, 12 indicatori (12 con target)"), "\(check.stdout)")
        #expect(check.stdout.contains("Riepilogo: 0 errori, 0 avvisi."), "\(check.stdout)")

        // 3. The templates, filled by each settore and dropped in the folder.
        let templates = try Piao.run(commands[2])
        #expect(templates.status == 0, "\(templates.stderr)")
        let fills: [(String, String)] = [
            ("01", #"{"values":{"01-1.1":8,"01-1.2":"60%","01-2.1":"15/06/2025","01-2.2":"SI"},"phases":{"01-2/1":["completata","20/03/2025"],"01-2/2":["completata","30/09/2025"]},"by":"GIALLI Sara","on":"10/01/2026"}"#),
            ("02", #"{"values":{"02-1.1":125,"02-1.2":35,"02-1.3":-2,"03-2.1":4},"by":"ROSA Pietro","on":"12/01/2026"}"#),
            ("03", #"{"values":{"03-1.1":25,"03-1.2":4500,"03-1.3":230},"phases":{"03-2/1":["completata","15/06/2025"]},"by":"BLU Marco","on":"13/01/2026"}"#),
        ]
        for (sector, values) in fills {
            let name = "monitoraggio-borgo-fiorito-2025-settore-\(sector)-2025-12-31.xlsx"
            _ = try Self.python(["fill-template", "\(folder)/modelli/\(name)", values])
            try FileManager.default.copyItem(atPath: "\(folder)/modelli/\(name)", toPath: "\(folder)/monitoraggio/\(name)")
        }

        // 4. The night.
        let night = try Piao.run(commands[3])
        #expect(night.status == 0, "\(night.stdout)\(night.stderr)")
        #expect(night.stdout.contains("Riepilogo: 3 file nuovi (3 accettati, 0 rifiutati)"), "\(night.stdout)")
        let workbook = "\(folder)/output/consolidato/consolidato-borgo-fiorito-2025-2025-12-31.xlsx"
        // Every rule once, worked out by hand (DESIGN §5, default settings).
        let expected: [String: Double] = [
            "01-1.1": 0.8,          // quantity 8 / 10
            "01-1.2": 0.75,         // 60 % / 80 %
            "01-2.1": 1,            // done 15/06, due 30/06
            "01-2.2": 1,            // SI as expected
            "01-2.3": 1,            // 2 phases of 2 on time
            "02-1.1": 0.5,          // (125 − 100) / (150 − 100)
            "02-1.2": 0.5,          // (40 − 35) / (40 − 30)
            "02-1.3": 1,            // index −2 ≤ 0
            "03-1.1": 0.8,          // 20 / 25, lower is better
            "03-1.2": 10.0 / 15,    // −10 % of 5000 over −15 %
            "03-1.3": 0.8,          // +15 % would be 150 %: forced to 80 % by the rettifica
            "03-2.1": 1,            // 4 / 4, measured by 02 for 03's intersectoral objective
        ]
        let indicators = try Self.records(workbook, "Indicatori")
        #expect(indicators.count == 12)
        for row in indicators {
            let id = row["ID"] as? String ?? ""
            let g = row["Raggiungimento"] as? Double
            #expect(g.map { abs($0 - expected[id]!) < 1e-9 } == true, "\(id): \(String(describing: g))")
        }
        let forced = try #require(indicators.first { $0["ID"] as? String == "03-1.3" })
        #expect((forced["Stato"] as? String) == "forzato (rettifica)")
        // Objectives 77,5 / 100 / 66,67 / 75,56 / 100; settore 02 also answers for 03-2.
        let summary = try Self.records(workbook, "Sintesi", headerRow: 4)
        let score = { (code: String) in summary.first { $0["Codice"] as? String == code }?["Punteggio"] as? Double }
        #expect(score("ENTE").map { abs($0 - (0.775 + 1 + 2.0 / 3 + (0.8 + 10.0 / 15 + 0.8) / 3 + 1) / 5) < 1e-9 } == true, "\(String(describing: score("ENTE")))")
        #expect(score("01").map { abs($0 - (0.775 + 1) / 2) < 1e-9 } == true)
        #expect(score("02").map { abs($0 - (2.0 / 3 + 1) / 2) < 1e-9 } == true)
        #expect(night.stdout.contains("ente 83,94% (parzialmente raggiunto)"), "\(night.stdout)")
        // Settore 02 changed hands on 31/05: the OIV export names both.
        let sectors = try Self.records("\(folder)/output/oiv/oiv-borgo-fiorito-2025.xlsx", "Settori")
        let finanziario = try #require(sectors.first { $0["Codice"] as? String == "02" })
        #expect((finanziario["Responsabili nell'anno"] as? String)?.contains("NERI Paolo (ad interim), dal 01/06/2025 al 31/12/2025") == true, "\(finanziario)")
    }

    @Test("the blank plan: headers from the contract, codes as text, drop-down lists, a prompt on every column, the example above the headers")
    func blankPlan() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("piao-vuoto-\(UUID().uuidString)").path
        let r = try Piao.run(["init", folder, "--ente", "Comune di Prova", "--anno", "2026"])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = "\(folder)/piano/piano-2026.xlsx"
        // Read by openpyxl: row 3 holds the headers, row 2 the grey example, row 4 on is empty (Ente: filled).
        let indicators = try Self.records(plan, "Indicatori", headerRow: 3)
        #expect(indicators.isEmpty)
        let ente = try Self.records(plan, "Ente", headerRow: 3)
        #expect(ente.count == 1 && ente.first?["Ente"] as? String == "Comune di Prova" && (ente.first?["Anno"] as? Double ?? ente.first?["Anno"].flatMap { $0 as? Int }.map(Double.init)) == 2026)
        let book = try XLSXArchive(path: plan)
        let sheetXML = try book.part(named: "Indicatori")
        // Misura, Direzione, Tipo: lists; ID obiettivo and Settore: lists from the other sheets; every column prompts.
        #expect(sheetXML.contains(#"type="list""#) && sheetXML.contains("&quot;data,tempestività,quantità,percentuale,si/no&quot;") || sheetXML.contains("\"data,tempestività,quantità,percentuale,si/no\""))
        #expect(sheetXML.contains("<formula1>'Obiettivi'!$A$4:$A$1003</formula1>") && sheetXML.contains("<formula1>'Settori'!$A$4:$A$1003</formula1>"), "reference lists")
        #expect(sheetXML.components(separatedBy: "showInputMessage=\"1\"").count - 1 == 11, "one prompt per column")
        let styles = try book.part(named: nil, path: "xl/styles.xml")
        #expect(styles.contains(#"formatCode="@""#), "codes formatted as text (@)")
        // A path that is a file, not a folder: said plainly.
        let file = folder + "-file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let notFolder = try Piao.run(["init", file, "--ente", "Comune di Prova", "--anno", "2026"])
        #expect(notFolder.status == 2 && notFolder.stderr.contains("esiste e non è una cartella"), "\(notFolder.stderr)")
        // The blank plan is not yet usable for a night: the message names the plan file.
        let night = try Piao.run(["run", "--config", "\(folder)/pipeline.json"])
        #expect(night.status == 2 && night.stderr.contains("[ERRORE] «piano-2026.xlsx»: il foglio «Settori» non elenca alcun settore"), "\(night.stderr)")
        // plan check on the blank plan: unusable until settori and indicators are written, and says so.
        let check = try Piao.run(["plan", "check", "--config", "\(folder)/pipeline.json"])
        #expect(check.status == 2)
        #expect(check.stdout.contains("il foglio «Settori» non elenca alcun settore"), "\(check.stdout)")
    }
}

/// The raw XML of a workbook's parts (Python's zipfile: not piao's reader).
struct XLSXArchive {
    let path: String
    init(path: String) throws { self.path = path }

    func part(named sheet: String?, path part: String? = nil) throws -> String {
        let script = """
        import re, sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        want = sys.argv[2]
        if want.startswith("xl/"):
            sys.stdout.write(z.read(want).decode()); sys.exit()
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(r'<sheet name="%s" sheetId="\\d+" r:id="(rId\\d+)"' % re.escape(want), wb).group(1)
        target = re.search(r'Id="%s" Type="[^"]+" Target="([^"]+)"' % rid, rels).group(1)
        sys.stdout.write(z.read("xl/" + target).decode())
        """
        return try Subprocess.run(["python3", "-c", script, path, part ?? sheet ?? ""]).output
    }
}
