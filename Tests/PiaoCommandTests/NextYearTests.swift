import Foundation
import Testing
import Store

/// Cassano's 2024 plan carried into 2025 with `piao plan next-year`, after the
/// whole 2024 round; then a 2025 night in the same database leaves 2024 alone.
/// Read back with openpyxl (`new_ente.py records`), not with piao's reader.
@Suite("Next year's plan")
struct NextYearTests {
    @Test("pluriennale objectives carried with their indicators, baselines from the 2024 final consuntivi with their sources; targets left to fill and plan check lists them; 2024 untouched by 2025 nights; Storico shows 2024 beside 2025")
    func carry() throws {
        let dir = try NightlyRunTests.setUp(mode: "copia", sectors: "0[0-8]")
        let first = try NightlyRunTests.run(dir)
        #expect(first.status == 1, "the bad file is rejected: \(first.stdout)")
        let config = dir.appendingPathComponent("pipeline.json").path
        let next = dir.appendingPathComponent("piano-2025.xlsx").path
        let r = try Piao.run(["plan", "next-year", "--anno", "2025", "--config", config])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: next), "written beside this year's plan")
        // Refused: another year, or over an existing file.
        #expect(try Piao.run(["plan", "next-year", "--anno", "2026", "--config", config]).status == 2)
        let again = try Piao.run(["plan", "next-year", "--anno", "2025", "--config", config])
        #expect(again.status == 2 && again.stderr.contains("esiste già"), "\(again.stderr)")

        // What 2024 says: its objectives, which are pluriennale, and the final consuntivi with their cells.
        let plan2024 = dir.appendingPathComponent("piano.xlsx").path
        let objectives2024 = try NewEnteTests.records(plan2024, "Obiettivi")
        let multiYear = Set(objectives2024.filter { !(($0["Pluriennale"] as? String) ?? "").isEmpty }.compactMap { $0["ID"] as? String })
        #expect(multiYear.count == 12)
        let final2024 = try NewEnteTests.records(dir.appendingPathComponent("out/consolidato/consolidato-cassano-d-adda-2024-2024-12-31.xlsx").path, "Indicatori")

        let objectives = try NewEnteTests.records(next, "Obiettivi", headerRow: 3)
        #expect(Set(objectives.compactMap { $0["ID"] as? String }) == multiYear, "only the pluriennale objectives")
        let ente = try NewEnteTests.records(next, "Ente", headerRow: 3)
        #expect((ente.first?["Anno"] as? Int ?? Int(ente.first?["Anno"] as? Double ?? 0)) == 2025)
        #expect((ente.first?["Piano"] as? String) == "PIAO 2025-2027 – Sezione 2.2 Performance")
        let indicators = try NewEnteTests.records(next, "Indicatori", headerRow: 3)
        #expect(!indicators.isEmpty && indicators.allSatisfy { multiYear.contains($0["ID obiettivo"] as? String ?? "") })
        let toDo = try NewEnteTests.records(next, "Da compilare")
        var checked = 0
        for ind in indicators {
            let id = ind["ID"] as? String ?? ""
            #expect(ind["Target"] == nil || ind["Target"] is NSNull, "\(id): the target is the ente's to set")
            let before = try #require(final2024.first { $0["ID"] as? String == id })
            let line = try #require(toDo.first { $0["ID"] as? String == id }, "\(id) not in «Da compilare»")
            if let consuntivo = before["Valore rilevato"] as? Double {
                #expect((ind["Baseline"] as? Double).map { abs($0 - consuntivo) < 1e-9 } == true, "\(id): baseline \(String(describing: ind["Baseline"])) ≠ \(consuntivo)")
                let source = line["Valore riportato: da dove viene"] as? String ?? ""
                #expect(source.contains("consuntivo al 31/12/2024") && source.contains("«\(before["File"] as? String ?? "?")»") && source.contains("cella \(before["Cella"] as? String ?? "?")"), "\(id): \(source)")
                checked += 1
            }
        }
        #expect(checked >= 40, "baselines checked: \(checked)")
        // plan check on the new plan lists exactly the targets still to fill.
        let check = try Piao.run(["plan", "check", next])
        let missing = Set(check.stdout.split(separator: "\n").filter { $0.hasSuffix("[target mancante]") }.compactMap { line in
            line.components(separatedBy: "indicatore ").dropFirst().first?.components(separatedBy: ":").first
        })
        #expect(missing == Set(indicators.compactMap { $0["ID"] as? String }), "\(check.stdout)")
        // …and every carried objective's phases, still to write.
        let withoutPhases = Set(check.stdout.split(separator: "\n").filter { $0.hasSuffix("[obiettivo senza fasi]") }.compactMap { line in
            line.components(separatedBy: "l'obiettivo ").dropFirst().first?.components(separatedBy: " ").first
        })
        #expect(withoutPhases == multiYear, "\(check.stdout)")

        // A 2025 night in the same database: the 2024 files in the folder are refused (another year), 2024's history and outputs stay as they were.
        let store = try HistoryStore(path: dir.appendingPathComponent("out/storico.sqlite").path)
        let files2024 = try store.inputs(ente: "Comune di Cassano d'Adda", year: 2024).count
        let outputs2024 = try NightlyRunTests.outputs(dir).filter { $0.key.hasPrefix("consolidato/") || $0.key.hasPrefix("oiv/") }
        let json = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: #""anno": 2024"#, with: #""anno": 2025"#).replacingOccurrences(of: #""piano": "piano.xlsx""#, with: #""piano": "piano-2025.xlsx""#)
        try json.write(toFile: config, atomically: true, encoding: .utf8)
        let night2025 = try NightlyRunTests.run(dir)
        #expect(!night2025.killed)
        #expect(night2025.stdout.contains("ente non valutabile") || night2025.stdout.contains("nessuna scheda ricevuta"), "\(night2025.stdout)")
        #expect(try store.inputs(ente: "Comune di Cassano d'Adda", year: 2024).count == files2024)
        #expect(try store.inputs(ente: "Comune di Cassano d'Adda", year: 2025).allSatisfy { $0.outcome != .accepted })
        let after = try NightlyRunTests.outputs(dir)
        for (path, hash) in outputs2024 { #expect(after[path] == hash, "\(path) changed") }

        // Settore 02 sends its first 2025 scheda: Storico shows 2024's final scores beside 2025's, by the same codes.
        let templates = try Piao.run(["templates", "--config", config, "--date", "30/06/2025", "--sector", "02", "--output", dir.appendingPathComponent("modelli").path])
        #expect(templates.status == 0, "\(templates.stderr)")
        let name = "monitoraggio-cassano-d-adda-2025-settore-02-2025-06-30.xlsx"
        _ = try NewEnteTests.python(["fill-template", dir.appendingPathComponent("modelli/\(name)").path,
                                     #"{"values":{"02-4.2":"30%"},"by":"CHIZZOLI Martina","on":"01/07/2025"}"#])
        try FileManager.default.copyItem(at: dir.appendingPathComponent("modelli/\(name)"), to: dir.appendingPathComponent("drop/\(name)"))
        let june = try NightlyRunTests.run(dir)
        #expect(june.stdout.contains("[ACCETTATO] \(name)"), "\(june.stdout)")
        let summary2024 = try NewEnteTests.records(dir.appendingPathComponent("out/consolidato/consolidato-cassano-d-adda-2024-2024-12-31.xlsx").path, "Sintesi", headerRow: 4)
        let ente2024 = try #require(summary2024.first { $0["Codice"] as? String == "ENTE" }?["Punteggio"] as? Double)
        let storico = try NewEnteTests.records(dir.appendingPathComponent("out/consolidato/consolidato-cassano-d-adda-2025-2025-06-30.xlsx").path, "Storico", headerRow: 5)
        let enteRow = try #require(storico.first { $0["Codice"] as? String == "ENTE" }, "\(storico)")
        #expect((enteRow["2024 (finale)"] as? Double).map { abs($0 - ente2024) < 1e-12 } == true, "\(enteRow)")
        #expect(enteRow["2025 (finale)"] as? String == "non ancora")
        // A carried objective keeps its identity: 02-4's 2024 final score is there.
        let carried = try #require(storico.first { $0["Codice"] as? String == "02-4" }, "\(storico)")
        #expect(carried["2024 (finale)"] is Double, "\(carried)")
        // The 2024 outputs are still byte for byte as they were.
        let last = try NightlyRunTests.outputs(dir)
        for (path, hash) in outputs2024 { #expect(last[path] == hash, "\(path) changed") }
    }
}
