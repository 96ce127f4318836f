import Foundation
import Testing
import XLSXReader

@Suite("piao inspect")
struct InspectCommandTests {
    @Test("--json prints the contract, exit 0")
    func json() throws {
        let path = Fixtures.reader("errors-and-bools.xlsx")
        let result = try Piao.run(["inspect", "--json", path])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let expected = try WorkbookDump(XLSXWorkbook(path: path)).json
        #expect(result.stdout == expected + "\n")
        #expect(result.stdout.hasPrefix(##"{"sheets":[{"name":"Errors","state":"visible","cells":[{"ref":"A1","type":"error","value":"#NULL!"}"##))
    }

    @Test("the table is Italian and readable")
    func table() throws {
        let result = try Piao.run(["inspect", Fixtures.reader("very-hidden.xlsx")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Foglio «Secret» (molto nascosto), 1 cella"))
        #expect(result.stdout.contains("Foglio «Hidden» (nascosto)"))
        #expect(result.stdout.contains("  A1    testo     very hidden"))
    }

    @Test("--sheet shows one sheet; an unknown name lists the sheets, exit 1")
    func sheetOption() throws {
        let path = Fixtures.reader("sheet-order.xlsx")
        let one = try Piao.run(["inspect", "--json", "--sheet", "Alfa", path])
        #expect(one.status == 0)
        #expect(one.stdout.contains("\"name\":\"Alfa\"") && !one.stdout.contains("\"name\":\"Zeta\""))
        let missing = try Piao.run(["inspect", "--sheet", "Beta", path])
        #expect(missing.status == 1)
        #expect(missing.stderr == "Errore: «sheet-order.xlsx»: il foglio «Beta» non esiste nella cartella di lavoro. (fogli presenti: «Zeta», «Alfa»)\n")
    }

    @Test("a missing file is a clear error, exit 1")
    func missingFile() throws {
        let result = try Piao.run(["inspect", "/nonexistent/monitoraggio.xlsx"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Errore: «monitoraggio.xlsx»: impossibile leggere il file"))
    }

    @Test("wrong usage exits 64 with the usage text")
    func usage() throws {
        let result = try Piao.run(["inspect"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Uso: piao inspect"))
    }

    /// swift-argument-parser's own texts, as a cron mail shows them: in Italian.
    static let usageErrors: [([String], [String])] = [
        (["run", "--bogus"], ["Errore: opzione sconosciuta «--bogus». Forse si intendeva «--jobs»?", "Uso: piao run", "Per maggiori informazioni: «piao run --help»."]),
        (["templates"], ["Errore: manca l'argomento obbligatorio «--date <date>»", "Aiuto:  --date <date>  La data di riferimento"]),
        (["run", "--jobs", "tanti"], ["Errore: il valore «tanti» non è valido per «--jobs <jobs>»"]),
        (["templates", "--date"], ["Errore: manca il valore di «--date <date>»"]),
        (["frobnicate"], ["Errore: argomento inatteso «frobnicate»", "Uso: piao <sottocomando>"]),
    ]

    @Test("usage errors are said in Italian, exit 64", arguments: usageErrors)
    func usageInItalian(_ arguments: [String], _ expected: [String]) throws {
        let result = try Piao.run(arguments)
        #expect(result.status == 64)
        for text in expected { #expect(result.stderr.contains(text), "\(result.stderr)") }
        for english in ["Error:", "Usage:", "Unknown option", "Missing", "See '", "Help:"] {
            #expect(!result.stderr.contains(english), "\(english) in \(result.stderr)")
        }
    }

    @Test("help headings are Italian too; a missing file is said in Italian")
    func helpHeadingsAndSystemErrors() throws {
        let help = try Piao.run(["--help"])
        #expect(help.status == 0)
        for heading in ["DESCRIZIONE:", "USO: piao <sottocomando>", "OPZIONI:", "SOTTOCOMANDI:", "Mostra questo aiuto."] {
            #expect(help.stdout.contains(heading), "\(help.stdout)")
        }
        #expect(!help.stdout.contains("OVERVIEW") && !help.stdout.contains("Show help"))
        let missing = try Piao.run(["inspect", "/nonexistent/monitoraggio.xlsx"])
        #expect(missing.stderr.contains("file o cartella inesistente"), "\(missing.stderr)")
        #expect(!missing.stderr.contains("No such file"))
    }

    @Test("help is in Italian and documents the exit codes")
    func help() throws {
        let result = try Piao.run(["inspect", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Mostra il contenuto di una cartella di lavoro .xlsx"))
        #expect(result.stdout.contains("Codici di uscita: 0 file letto; 1 file illeggibile o rifiutato; 64 uso errato."))
    }
}

@Suite("piao plan")
struct PlanCommandTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("plan check on the real plan lists its defects with sheet and cell, exit 1 for its errors")
    func check() throws {
        let result = try Piao.run(["plan", "check", Self.repo.appendingPathComponent("Inputs/piano/piano-2024.xlsx").path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Piano «piano-2024.xlsx» — Comune di Cassano d'Adda, anno 2024")
        #expect(lines[1] == "9 settori, 9 linee strategiche, 13 obiettivi strategici, 36 obiettivi operativi, 134 fasi, 156 indicatori (105 con target), 165 partecipazioni di 73 dipendenti")
        #expect(lines.contains("  foglio «Fasi», cella D124: fase 3 dell'obiettivo 07-4: la data «31/09/24» non esiste nel calendario  [data inesistente]"))
        #expect(lines.contains("  foglio «Settori», cella E4: settore 02: nessun responsabile dal 01/05/2024 al 31/12/2024  [periodo senza responsabile]"))
        #expect(lines.contains("Nota: il piano non indica pesi; obiettivi e indicatori pesano tutti 1."))
        #expect(lines.last { !$0.isEmpty } == "Riepilogo: 2 errori, 115 avvisi.")
    }

    @Test("plan build rebuilds the committed workbook byte for byte")
    func build() throws {
        let out = temporaryDirectory().appendingPathComponent("piano.xlsx").path
        let result = try Piao.run(["plan", "build", "--source", Self.repo.appendingPathComponent("Inputs/piano/piano-2024").path, "--output", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: Self.repo.appendingPathComponent("Inputs/piano/piano-2024.xlsx")))
    }

    @Test("a plan check of an unreadable file exits 2 naming it, as the README says")
    func unreadable() throws {
        let result = try Piao.run(["plan", "check", Self.repo.appendingPathComponent("Tests/Fixtures/hostile/encrypted.xlsx").path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("IL PIANO NON È UTILIZZABILE"))
        #expect(result.stdout.contains("il file è protetto da password"))
    }

    @Test("plan check without a file checks the plan pipeline.json names")
    func fromConfiguration() throws {
        let dir = temporaryDirectory()
        try FileManager.default.copyItem(at: Self.repo.appendingPathComponent("Tests/Fixtures/plans/target-rinominato.xlsx"), to: dir.appendingPathComponent("mio-piano.xlsx"))
        try #"{"ente": "Comune di Cassano d'Adda", "anno": 2024, "piano": "mio-piano.xlsx", "cartelle": {"monitoraggio": "drop", "output": "out"}}"#
            .write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
        let result = try Piao.run(["plan", "check", "--config", dir.appendingPathComponent("pipeline.json").path])
        #expect(result.status == 2)
        #expect(result.stdout.hasPrefix("Piano «mio-piano.xlsx»"), "\(result.stdout)")
        #expect(result.stdout.contains("mancano le colonne «Target»"))
    }
}
