import Foundation
import Testing

/// Closing a validated round on a real history: a late file, a new rettifica,
/// a new scoring setting — each night leaves the closed round's consolidated
/// workbook and OIV export byte-identical and says why; reopened, the next
/// night applies the changes; the history keeps close → reopen with authors and reasons.
@Suite("Closing a round")
struct RoundClosingTests {
    static func texts(_ path: String, _ sheet: String) throws -> [String] {
        try #require(try JSONSerialization.jsonObject(with: Data(try NewEnteTests.python(["texts", path, sheet]).utf8)) as? [String])
    }

    @Test("close the final round; a late file, a rettifica, a setting change leave its outputs byte for byte; reopen applies them")
    func closeAndReopen() throws {
        let dir = try NightlyRunTests.setUp(mode: "copia", sectors: "0[0-8]")
        _ = try NightlyRunTests.run(dir)
        let config = dir.appendingPathComponent("pipeline.json").path
        let consolidated = "consolidato/consolidato-cassano-d-adda-2024-2024-12-31.xlsx", oiv = "oiv/oiv-cassano-d-adda-2024.xlsx"
        let close = ["close", "--config", config, "--date", "31/12/2024", "--autore", "Segretario generale", "--motivo", "validazione OIV del 18/02/2025"]

        // The real plan has two errors: closing asks to fix them, or to say it closes despite them.
        let refused = try Piao.run(close)
        #expect(refused.status == 2 && refused.stderr.contains("il piano ha 2 errori") && refused.stderr.contains("--nonostante-errori"), "\(refused.stderr)")
        // Not a monitoring date, nothing to close yet, no author: refused too.
        #expect(try Piao.run(["close", "--config", config, "--date", "30/09/2024", "--autore", "x", "--motivo", "y"]).status == 2)
        #expect(try Piao.run(["close", "--config", config, "--date", "31/12/2024", "--autore", " ", "--motivo", "y", "--nonostante-errori"]).status == 2)

        let closed = try Piao.run(close + ["--nonostante-errori"])
        #expect(closed.status == 0, "\(closed.stderr)")
        let frozen = try NightlyRunTests.outputs(dir).filter { $0.key == consolidated || $0.key == oiv }
        #expect(frozen.count == 2)
        // The OIV export says so on its cover and on every printed page.
        let cover = try Self.texts(dir.appendingPathComponent("out/\(oiv)").path, "Copertina")
        #expect(cover.contains { $0.hasPrefix("chiuso il ") && $0.contains("da Segretario generale (validazione OIV del 18/02/2025") }, "\(cover)")
        let footers = try XLSXArchive(path: dir.appendingPathComponent("out/\(oiv)").path)
        for sheet in ["Copertina", "Settori", "Obiettivi", "Indicatori", "Difetti del piano"] {
            #expect(try footers.part(named: sheet).contains("Monitoraggio chiuso il "), "\(sheet)")
        }

        // (a) A late 31/12 file for settore 08: refused, quarantined with a receipt that says why, kept.
        let late = "monitoraggio-cassano-d-adda-2024-settore-08-2024-12-31-corretta.xlsx"
        let template = try Piao.run(["templates", "--config", config, "--date", "31/12/2024", "--sector", "08", "--output", dir.appendingPathComponent("modelli").path])
        #expect(template.status == 0, "\(template.stderr)")
        try FileManager.default.moveItem(at: dir.appendingPathComponent("modelli/monitoraggio-cassano-d-adda-2024-settore-08-2024-12-31.xlsx"), to: dir.appendingPathComponent("drop/\(late)"))
        _ = try NewEnteTests.python(["fill-template", dir.appendingPathComponent("drop/\(late)").path, #"{"values":{"08-1.1":"99%"},"by":"CAIANI Massimo","on":"10/03/2025"}"#])
        let nightA = try NightlyRunTests.run(dir)
        #expect(nightA.stdout.contains("[RIFIUTATO] \(late)") && nightA.stdout.contains("è stato chiuso il "), "\(nightA.stdout)")
        #expect(nightA.stdout.contains("[CHIUSO]    monitoraggio al 31/12/2024"), "\(nightA.stdout)")
        let receipts = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out/esiti").path).filter { $0.hasPrefix(late.replacingOccurrences(of: ".xlsx", with: "")) && $0.hasSuffix(".txt") }
        let receipt = try String(contentsOf: dir.appendingPathComponent("out/esiti/\(try #require(receipts.first))"), encoding: .utf8)
        #expect(receipt.contains("Esito: RIFIUTATO") && receipt.contains("chiuso il ") && receipt.contains("Segretario generale"), "\(receipt)")
        let quarantined = try FileManager.default.subpathsOfDirectory(atPath: dir.appendingPathComponent("out/quarantena").path)
        #expect(quarantined.contains { $0.contains("settore-08-2024-12-31-corretta") }, "\(quarantined)")
        #expect(try NightlyRunTests.outputs(dir).filter { frozen[$0.key] != nil } == frozen)

        // (b) A rettifica added to the plan after the closure.
        _ = try NewEnteTests.python(["add-override", dir.appendingPathComponent("piano.xlsx").path, "03-1.1", "31/12/2024", "non valutabile", "",
                                     "dato non attendibile", "OIV, verbale n. 3"])
        let nightB = try NightlyRunTests.run(dir)
        #expect(nightB.stdout.contains("le modifiche non si applicano a questo monitoraggio"), "\(nightB.stdout)")
        #expect(try NightlyRunTests.outputs(dir).filter { frozen[$0.key] != nil } == frozen)

        // (c) A scoring setting changed.
        let json = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: #""archiviazione""#, with: #""punteggi": {"sogliaRaggiunto": 0.8}, "archiviazione""#)
        try json.write(toFile: config, atomically: true, encoding: .utf8)
        let nightC = try NightlyRunTests.run(dir)
        #expect(nightC.stdout.contains("le modifiche non si applicano a questo monitoraggio"), "\(nightC.stdout)")
        #expect(try NightlyRunTests.outputs(dir).filter { frozen[$0.key] != nil } == frozen)
        let status = try Piao.run(["status", "--config", config])
        #expect(status.stdout.contains("Monitoraggio al 31/12/2024 (finale): CHIUSO il "), "\(status.stdout)")

        // Reopened: the next night applies the rettifica and the setting; the history keeps both events.
        let reopen = try Piao.run(["reopen", "--config", config, "--date", "31/12/2024", "--autore", "OIV", "--motivo", "rettifica del verbale n. 3"])
        #expect(reopen.status == 0, "\(reopen.stderr)")
        #expect(try Piao.run(["reopen", "--config", config, "--date", "31/12/2024", "--autore", "OIV", "--motivo", "di nuovo"]).status == 2, "not closed any more")
        let nightD = try NightlyRunTests.run(dir)
        #expect(!nightD.stdout.contains("[CHIUSO]"), "\(nightD.stdout)")
        let after = try NightlyRunTests.outputs(dir)
        #expect(after[consolidated] != frozen[consolidated] && after[oiv] != frozen[oiv])
        let indicators = try NewEnteTests.records(dir.appendingPathComponent("out/\(consolidated)").path, "Indicatori")
        #expect(indicators.first { $0["ID"] as? String == "03-1.1" }?["Stato"] as? String == "neutralizzato (rettifica)")
        let reopenedCover = try Self.texts(dir.appendingPathComponent("out/\(oiv)").path, "Copertina")
        #expect(reopenedCover.contains { $0.hasPrefix("riaperto il ") && $0.contains("da OIV perché rettifica del verbale n. 3") }, "\(reopenedCover)")
        let history = try Piao.run(["status", "--config", config])
        #expect(history.stdout.contains("chiusura del ") && history.stdout.contains("Segretario generale: validazione OIV del 18/02/2025"), "\(history.stdout)")
        #expect(history.stdout.contains("riapertura del ") && history.stdout.contains("OIV: rettifica del verbale n. 3"), "\(history.stdout)")
    }

    @Test("a closure waits for no night: while a run holds the lock, close and reopen refuse and change nothing")
    func underTheLock() throws {
        let dir = try NightlyRunTests.setUp(mode: "copia", sectors: "0[0-8]")
        _ = try NightlyRunTests.run(dir)
        let config = dir.appendingPathComponent("pipeline.json").path
        // A second night, paused right after storing its files.
        let flag = dir.appendingPathComponent("pausa").path
        try FileManager.default.copyItem(at: NightlyRunTests.repo.appendingPathComponent("Inputs/monitoraggio/monitoraggio-cassano-d-adda-2024-settore-08-2024-06-30.xlsx"),
                                         to: dir.appendingPathComponent("drop/copia-08.xlsx"))
        let process = Process()
        process.executableURL = Piao.executable
        process.arguments = ["run", "--config", config]
        process.environment = ProcessInfo.processInfo.environment.merging(["PIAO_PAUSA_A": "registrato nello storico", "PIAO_PAUSA_FILE": flag]) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<3000 where !FileManager.default.fileExists(atPath: flag) { usleep(10_000) }
        #expect(FileManager.default.fileExists(atPath: flag), "the night did not reach its pause")
        let close = try Piao.run(["close", "--config", config, "--date", "31/12/2024", "--autore", "x", "--motivo", "y", "--nonostante-errori"])
        try? FileManager.default.removeItem(atPath: flag)
        process.waitUntilExit()
        #expect(close.status == 2 && close.stderr.contains("un'esecuzione di piao è in corso"), "\(close.stderr)")
        let status = try Piao.run(["status", "--config", config])
        #expect(status.stdout.contains("Monitoraggio al 31/12/2024 (finale): aperto"), "\(status.stdout)")
    }
}
