import Foundation
import Testing
import Pipeline
import TestSupport
import XLSXReader

/// A round as it really arrives, every ordinary mistake in one drop folder:
/// settore 02 sends its file with the Scheda's settore changed to 04 (after
/// 04's genuine file), 06 sends nothing at 31/12, 07 drops its template back
/// blank, 05 sends a corrected file later. Every settore must get the score
/// the independent computation expects — or *non valutabile*, named, never 0.
@Suite("A round you can sign")
struct RoundScenarioTests {
    static let repo = NightlyRunTests.repo
    static func sample(_ sector: String, _ date: String) -> URL {
        repo.appendingPathComponent("Inputs/monitoraggio/monitoraggio-cassano-d-adda-2024-settore-\(sector)-\(date).xlsx")
    }

    /// The independent computation's settore scores (Tests/ScoringTests/expected-sample-scores.tsv).
    static func expected(_ date: String) throws -> [String: String] {
        let text = try String(contentsOf: repo.appendingPathComponent("Tests/ScoringTests/expected-sample-scores.tsv"), encoding: .utf8)
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t").map(String.init)
            if f[0] == date && f[1] == "settore" { out[f[2]] = f[3] }
        }
        return out
    }

    @Test("wrong settore, missing, blank and resubmitted schede: right scores, non valutabile named everywhere, never 0")
    func scenario() throws {
        let dir = try NightlyRunTests.setUp(mode: "copia", sectors: "0[0-8]")
        let drop = dir.appendingPathComponent("drop")
        let fm = FileManager.default
        let saved = Date(timeIntervalSince1970: 1_737_000_000) // January 2025, when the final round arrives
        func arrive(_ url: URL, after minutes: Double) throws {
            try fm.setAttributes([.modificationDate: saved.addingTimeInterval(minutes * 60)], ofItemAtPath: url.path)
        }
        try fm.removeItem(at: drop.appendingPathComponent("scheda-sbagliata.xlsx"))
        // 02: its own file is gone; what arrives is its file with the Scheda saying 04, after 04's genuine one.
        let genuine02 = drop.appendingPathComponent(Self.sample("02", "2024-12-31").lastPathComponent)
        let edited = drop.appendingPathComponent("settore-02-corretto.xlsx")
        try fm.moveItem(at: genuine02, to: edited)
        try XLSXEdit.replace(in: edited.path, [("xl/sharedStrings.xml", "02 – FINANZIARIO E TRIBUTI", "04 – CULTURA, SPORT E VALORIZZAZIONE TURISTICA")])
        try arrive(drop.appendingPathComponent(Self.sample("04", "2024-12-31").lastPathComponent), after: 0)
        try arrive(edited, after: 10)
        // 06: nothing at 31/12.
        try fm.removeItem(at: drop.appendingPathComponent(Self.sample("06", "2024-12-31").lastPathComponent))
        // 07: the blank template dropped back.
        let blank07 = drop.appendingPathComponent(Self.sample("07", "2024-12-31").lastPathComponent)
        try fm.removeItem(at: blank07)
        let config = dir.appendingPathComponent("pipeline.json").path
        #expect(try Piao.run(["templates", "--config", config, "--date", "31/12/2024", "--sector", "07", "--output", drop.path]).status == 0)
        try arrive(blank07, after: 5)
        // 05: a corrected file (other bytes, same values) saved later, under another name that sorts first.
        let again05 = drop.appendingPathComponent("05-di-nuovo.xlsx")
        try fm.copyItem(at: Self.sample("05", "2024-12-31"), to: again05)
        try XLSXEdit.replace(in: again05.path, [("xl/worksheets/sheet1.xml", "Compilato da", "Compilato da")]) // re-zipped: new bytes
        try arrive(drop.appendingPathComponent(Self.sample("05", "2024-12-31").lastPathComponent), after: 1)
        try arrive(again05, after: 20)

        let run = try NightlyRunTests.run(dir)
        #expect(run.status == 1, "\(run.stderr)")
        let log = run.stdout
        #expect(log.contains("[RIFIUTATO] settore-02-corretto.xlsx — [ERRORE] «settore-02-corretto.xlsx», foglio «Scheda», cella B5: la cella dice il settore «04 – CULTURA, SPORT E VALORIZZAZIONE TURISTICA»"), "\(log)")
        #expect(log.contains("[RIFIUTATO] monitoraggio-cassano-d-adda-2024-settore-07-2024-12-31.xlsx — [ERRORE] «monitoraggio-cassano-d-adda-2024-settore-07-2024-12-31.xlsx», foglio «Indicatori»: la scheda non contiene alcun"))
        #expect(log.contains("[SOSTITUITO] monitoraggio-cassano-d-adda-2024-settore-05-2024-12-31.xlsx — settore 05, 31/12/2024:"))
        #expect(log.contains("sostituito da «05-di-nuovo.xlsx»"), "the later arrival wins, whatever the names")
        // Scores at 31/12: the independent computation's for every settore that sent a valid scheda.
        let expected = try Self.expected("2024-12-31")
        let final = log.components(separatedBy: "Punteggi al 31/12/2024 (finale)")[1]
        for code in ["00", "01", "03", "04", "05", "08"] {
            let value = try #require(Double(expected[code]!))
            let line = try #require(final.split(separator: "\n").first { $0.hasPrefix("  settore \(code) ") })
            var shown = String(format: "%.2f", value * 100).replacingOccurrences(of: ".", with: ",")
            while shown.hasSuffix("0") && shown.contains(",") { shown.removeLast() }
            if shown.hasSuffix(",") { shown.removeLast() }
            #expect(line.contains(" \(shown)% ("), "settore \(code): \(line) vs \(value)")
        }
        for (code, why) in [("02", "non valutabile — scheda rifiutata: la cella dice il settore"), ("06", "non valutabile — scheda mancante"),
                            ("07", "non valutabile — scheda rifiutata: la scheda non contiene alcun")] {
            let line = try #require(final.split(separator: "\n").first { $0.hasPrefix("  settore \(code) ") })
            #expect(line.contains(why), "\(line)")
            #expect(!line.contains("0%"), "never 0: \(line)")
        }
        #expect(final.contains("(senza 3 settori non valutabili)"))
        // The intermediate round speaks of progress and leads with its criticità.
        let june = log.components(separatedBy: "Punteggi al 30/06/2024 (intermedio)")[1].components(separatedBy: "Punteggi al 31/12")[0]
        #expect(june.contains("(stato di avanzamento)") && !june.contains("non raggiunto"))
        #expect(june.contains("  Criticità al 30/06/2024: "))
        let out = dir.appendingPathComponent("out")
        let june30 = try XLSXWorkbook(path: out.appendingPathComponent("consolidato/consolidato-cassano-d-adda-2024-2024-06-30.xlsx").path)
        #expect(june30.sheets.first?.name == "Criticità")
        // Named on the Sintesi, on the OIV cover and in status.
        let december = try XLSXWorkbook(path: out.appendingPathComponent("consolidato/consolidato-cassano-d-adda-2024-2024-12-31.xlsx").path)
        let sintesi = try december.rows(ofSheetNamed: "Sintesi").allRows().flatMap(\.cells).compactMap { cell -> String? in
            if case .string(let s) = cell.value { return s } else { return nil }
        }
        #expect(sintesi.contains { $0.hasPrefix("Non valutabili (fuori da ogni media): 02 FINANZIARIO E TRIBUTI — scheda rifiutata: ") && $0.contains("06 GOVERNO DEL TERRITORIO E AMBIENTE — scheda mancante") })
        let oiv = try XLSXWorkbook(path: out.appendingPathComponent("oiv/oiv-cassano-d-adda-2024.xlsx").path)
        let cover = try oiv.rows(ofSheetNamed: "Copertina").allRows().flatMap(\.cells).compactMap { cell -> String? in
            if case .string(let s) = cell.value { return s } else { return nil }
        }
        #expect(cover.contains { $0.contains("06 GOVERNO DEL TERRITORIO E AMBIENTE — scheda mancante") })
        let status = try NightlyRunTests.run(dir, command: "status")
        #expect(status.stdout.contains("02 FINANZIARIO E TRIBUTI                         RIFIUTATA: la cella dice il settore"), "\(status.stdout)")
        #expect(status.stdout.contains("06 GOVERNO DEL TERRITORIO E AMBIENTE             MANCANTE"))
        #expect(status.stdout.contains("07 LAVORI PUBBLICI                               RIFIUTATA: la scheda non contiene alcun"))
    }
}
