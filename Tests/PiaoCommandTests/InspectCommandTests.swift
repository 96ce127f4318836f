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
        #expect(result.stderr.contains("Usage: piao inspect"))
    }

    @Test("help is in Italian and documents the exit codes")
    func help() throws {
        let result = try Piao.run(["inspect", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Mostra il contenuto di una cartella di lavoro .xlsx"))
        #expect(result.stdout.contains("Codici di uscita: 0 file letto; 1 file illeggibile o rifiutato; 64 uso errato."))
    }
}
