import Foundation
import Ingest
import Testing
import Pipeline
import PerformanceModel
@testable import Reports
import Scoring
@testable import XLSXReader

/// The consolidated workbook, read back with our own reader: every score
/// in it is the score card's, every indicator names its source cell, and
/// two runs over the same inputs write the same bytes.
@Suite("Consolidated workbook")
struct ConsolidatedWorkbookTests {
    static func run() throws -> (Consolidation, URL) {
        let (config, dir) = try workingCopy()
        let consolidation = try NightlyRun.consolidation(config)
        let out = dir.appendingPathComponent("out")
        _ = try OutputWriter.write(consolidation, to: out.path)
        return (consolidation, out)
    }

    @Test("scores, bands and sources read back exactly")
    func readBack() throws {
        let (c, out) = try Self.run()
        let card = try #require(c.cards.last)
        #expect(card.date == CalendarDate(year: 2024, month: 12, day: 31))
        let path = out.appendingPathComponent("consolidato/" + ConsolidatedWorkbook.fileName(c, date: card.date)).path
        let book = try XLSXWorkbook(path: path)
        #expect(book.sheets.map(\.name) == ["Sintesi", "Obiettivi", "Indicatori", "Fasi", "Dipendenti", "Anomalie", "Difetti del piano", "Storico", "Fonti"])
        // Sintesi: the ente, then one row per settore.
        let summary = try cells(path, "Sintesi")
        #expect(summary["B5"]?.text == "Comune di Cassano d'Adda")
        #expect(summary["C5"]?.number == card.ente.score)
        #expect(summary["C5"]?.isPercentFormat == true)
        for (i, sector) in card.sectors.enumerated() {
            #expect(summary["A\(9 + i)"]?.text == sector.id)
            #expect(summary["C\(9 + i)"]?.number == sector.score, "settore \(sector.id)")
            #expect(summary["D\(9 + i)"]?.text == sector.band?.rawValue)
        }
        // Indicatori: achievement, rule in words, source file and cell.
        let rows = try records(path, "Indicatori")
        #expect(rows.count == card.indicators.count)
        for (row, score) in zip(rows, card.indicators) {
            #expect(row["ID"]?.text == score.indicator.id)
            #expect(row["Raggiungimento"]?.number == score.achievement, "\(score.indicator.id)")
            #expect(row["Calcolo"]?.text == score.explanation)
            #expect(row["File"]?.text == score.inputs.first?.file)
            #expect(row["Cella"]?.text == score.inputs.first?.cell)
        }
        let morosita = try #require(rows.first { $0["ID"]?.text == "03-1.1" })
        #expect(morosita["Regola"]?.text == "riduzione % rispetto alla baseline")
        #expect(morosita["Valore rilevato"]?.number == 44887.29)
        #expect(morosita["Baseline"]?.number == 51008.28, "euro amounts stay numbers, shown with €")
        // Scostamento, per rule: achieved change − target change, in percentage points — not an amount minus 10 %.
        let achieved = (51008.28 - 44887.29) / 51008.28
        #expect(abs((morosita["Scostamento"]?.number ?? .nan) - (achieved - 0.10)) < 1e-9, "\(morosita["Scostamento"]?.number ?? .nan)")
        for row in rows {
            let score = try #require(card.indicator(row["ID"]?.text ?? ""))
            switch score.rule {
            case .yesNo where score.actual?.value != nil: #expect(["conforme", "non conforme"].contains(row["Scostamento"]?.text ?? ""))
            case .phases where score.phasesNotRespected != nil: #expect(row["Scostamento"]?.number == Double(score.phasesNotRespected!))
            case .date where score.actual?.value != nil:
                if case .date(let a)? = score.actual?.value, case .date(let t)? = score.indicator.target { #expect(row["Scostamento"]?.number == Double(a - t)) }
            default: break
            }
        }
        let styles = String(decoding: try XLSXWorkbook(path: path).partBytes("xl/styles.xml"), as: UTF8.self)
        #expect(styles.contains("#,##0.00 &quot;€&quot;"))
        // Fonti: the plan and every input, with its SHA-256.
        let sources = try records(path, "Fonti")
        #expect(sources.count == 1 + 18)
        #expect(sources.allSatisfy { ($0["SHA-256"]?.text?.count ?? 0) == 64 })
        #expect(sources.first?["Ruolo"]?.text == "piano")
        // Storico: one row per date with data.
        let history = try records(path, "Storico")
        #expect(history.map { $0["Data"]?.value.dateTime?.iso } == ["2024-06-30", "2024-12-31"])
        #expect(history.last?["Ente"]?.number == card.ente.score)
    }

    @Test("two runs over the same inputs write byte-identical files")
    func deterministic() throws {
        let (c, a) = try Self.run()
        let (_, b) = try Self.run()
        for card in c.cards {
            let name = "consolidato/" + ConsolidatedWorkbook.fileName(c, date: card.date)
            let x = try Data(contentsOf: a.appendingPathComponent(name)), y = try Data(contentsOf: b.appendingPathComponent(name))
            #expect(x == y, "\(name)")
        }
    }

    @Test("a hostile note survives as text, never as a formula")
    func hostileText() throws {
        let plan = PlanReaderFacade.plan
        var filling = MonitoringTemplate.Filling()
        filling.indicators["08-1.2"] = .init(value: .number(300), note: "=HYPERLINK(\"http://example.invalid\",\"clic\")", deviationReason: "@SUM(A1:A9)")
        filling.indicators["08-1.3"] = .init(value: .number(70), note: "+39 0363 366011", deviationReason: "-ritardo fornitore")
        // Compiled after the sample file: it supersedes it.
        filling.compiledOn = .date(CalendarDate(year: 2025, month: 2, day: 10)!)
        let (config, dir) = try workingCopy(extra: [("zz-polizia-locale-rinvio.xlsx", { path in
            try MonitoringTemplate.write(plan: plan, sectorCode: "08", date: CalendarDate(year: 2024, month: 12, day: 31)!, to: path, filling: filling)
        })])
        let consolidation = try NightlyRun.consolidation(config)
        _ = try OutputWriter.write(consolidation, to: dir.appendingPathComponent("out").path)
        let card = try #require(consolidation.cards.last)
        let path = dir.appendingPathComponent("out/consolidato/" + ConsolidatedWorkbook.fileName(consolidation, date: card.date)).path
        let rows = try records(path, "Indicatori")
        let row = try #require(rows.first { $0["ID"]?.text == "08-1.2" })
        #expect(row["Note"]?.value == .string("=HYPERLINK(\"http://example.invalid\",\"clic\")"))
        #expect(row["Note"]?.formula == nil)
        #expect(row["Motivazione scostamento"]?.value == .string("@SUM(A1:A9)"))
        // The newer submission of settore 08 replaced the sample one.
        #expect(consolidation.inputs.first { $0.name == "monitoraggio-cassano-d-adda-2024-settore-08-2024-12-31.xlsx" }?.outcome == .superseded)
        // No formula anywhere in the workbook.
        for sheet in try XLSXWorkbook(path: path).sheets {
            let all = try XLSXWorkbook(path: path).rows(of: sheet).allRows().flatMap(\.cells)
            #expect(all.allSatisfy { $0.formula == nil }, "\(sheet.name)")
        }
    }

    @Test("a cell that is not scored is neutral grey, never a band colour: that rule comes first and stops there")
    func notScoredIsNeutral() throws {
        let (c, out) = try Self.run()
        let card = try #require(c.cards.last)
        let book = try XLSXWorkbook(path: out.appendingPathComponent("consolidato/" + ConsolidatedWorkbook.fileName(c, date: card.date)).path)
        let part = try #require(book.sheet(named: "Indicatori")?.part)
        let xml = String(decoding: try book.partBytes(part), as: UTF8.self)
        let block = try #require(xml.components(separatedBy: "<conditionalFormatting").dropFirst().first)
        let rules = block.components(separatedBy: "<cfRule").dropFirst()
        let first = try #require(rules.first)
        #expect(first.contains(#"type="expression""#) && first.contains(#"priority="1""#) && first.contains(#"stopIfTrue="1""#), "\(first)")
        #expect(first.contains("NOT(ISNUMBER("), "\(first)")
        #expect(rules.count == 4)
        // The grey is the neutral one, not a band's.
        let styles = String(decoding: try book.partBytes("xl/styles.xml"), as: UTF8.self)
        #expect(styles.contains("FFEDEDED"))
    }

    @Test("charts: settori in the table's order, in band colours, with their values; the history over a date axis")
    func charts() throws {
        let (c, out) = try Self.run()
        let card = try #require(c.cards.last)
        let book = try XLSXWorkbook(path: out.appendingPathComponent("consolidato/" + ConsolidatedWorkbook.fileName(c, date: card.date)).path)
        let sectors = String(decoding: try book.partBytes("xl/charts/chart1.xml"), as: UTF8.self)
        #expect(sectors.contains(#"<c:orientation val="maxMin"/>"#), "top-down, as the table")
        #expect(sectors.contains("<c:dLbls>") && sectors.contains(#"formatCode="0.00%""#), "values on the bars")
        #expect(sectors.components(separatedBy: "<c:dPt>").count - 1 == c.plan.sectors.count, "one colour per settore")
        let achieved = card.sectors.filter { $0.band == .achieved }.count
        #expect(sectors.components(separatedBy: #"<a:srgbClr val="70AD47"/>"#).count - 1 == achieved)
        let history = String(decoding: try book.partBytes("xl/charts/chart3.xml"), as: UTF8.self)
        let axis = try #require(history.components(separatedBy: "<c:catAx>").dropFirst().first)
        #expect(axis.contains(#"<c:numFmt formatCode="dd/mm/yyyy" sourceLinked="0"/>"#), "dates, not serial numbers")
    }

    @Test("Anomalie holds this round's schede problems under Italian labels; the plan's defects have their own sheet; the ente counts the schede's problems apart and shows its calculation")
    func anomaliesApart() throws {
        let (c, out) = try Self.run()
        for card in c.cards {
            let path = out.appendingPathComponent("consolidato/" + ConsolidatedWorkbook.fileName(c, date: card.date)).path
            let anomalies = try records(path, "Anomalie")
            #expect(anomalies.count == c.roundAnomalies(card).count)
            #expect(!anomalies.contains { $0["File"]?.text == c.planFile.name }, "plan defects repeated among the schede's problems")
            for row in anomalies {
                let code = row["Codice"]?.text ?? ""
                let kind = try #require(Anomaly.Kind(rawValue: code), "unknown code «\(code)»")
                #expect(row["Problema"]?.text == kind.label)
            }
            #expect(try records(path, "Difetti del piano").count == c.planAnomalies.count)
            // The ente row: the schede's problems, not the plan's; its mean in full.
            let ente = try #require(try records(path, "Sintesi", headerRow: 4).first)
            #expect(ente["Codice"]?.text == "ENTE")
            let tally = Anomaly.tally(c.roundAnomalies(card))
            #expect(ente["Problemi nelle schede"]?.number == Double(tally.errors + tally.warnings))
            #expect(ente["Calcolo"]?.text == card.ente.explanation)
            #expect(ente["Calcolo"]?.text?.hasSuffix("= " + Fmt.percent(card.ente.score!)) == true)
        }
        // Labels are words, not developer codes; the misspelt code of old histories is still understood.
        #expect(Set(Anomaly.Kind.allCases.map(\.label)).count == Anomaly.Kind.allCases.count)
        for kind in Anomaly.Kind.allCases {
            #expect(kind.label != kind.rawValue && kind.label == kind.label.lowercased(), "\(kind)")
            #expect(Anomaly.Kind(stored: kind.rawValue) == kind)
        }
        #expect(Anomaly.Kind(stored: "fineprimaDiInizio") == .finePrimaDiInizio)
    }

    @Test("percentages are rounded alike everywhere: two decimals in the workbooks, the CSV, the log and the calculations")
    func rounding() throws {
        let (c, out) = try Self.run()
        let card = try #require(c.cards.last)
        let path = out.appendingPathComponent("consolidato/" + ConsolidatedWorkbook.fileName(c, date: card.date)).path
        let book = try XLSXWorkbook(path: path)
        let styles = String(decoding: try book.partBytes("xl/styles.xml"), as: UTF8.self)
        #expect(styles.contains(#"formatCode="0.00%""#) && !styles.contains(#"formatCode="0.0%""#))
        let csv = try String(contentsOf: out.appendingPathComponent("opendata/obiettivi-cassano-d-adda-2024.csv"), encoding: .utf8)
        for objective in card.objectives {
            guard let score = objective.score else { continue }
            let shown = String(Fmt.percent(score).dropLast())
            #expect(csv.contains(";\(shown);"), "\(objective.id): \(shown) not in the CSV")
        }
    }
}

@Suite("Euro amounts")
struct EuroTests {
    @Test("an amount is in euro when its description says € or euro, in any case", arguments: [
        ("Importo riscosso in €", true), ("EURO incassati", true), ("Spesa in Euro per abitante", true), ("costo €", true),
        ("Entrate (euro/anno)", true), ("eur", false), ("E U R O", false), ("", false), ("Numero di pratiche", false),
    ])
    func euro(description: String, expected: Bool) {
        let indicator = PlanReaderFacade.plan.indicators[0]
        var changed = indicator
        changed.description = description
        #expect(ConsolidatedWorkbook.isEuro(changed) == expected)
    }

    @Test("on the real plan, the byte loop finds exactly the indicators a lowercased text search finds")
    func realPlan() {
        for indicator in PlanReaderFacade.plan.indicators {
            let text = indicator.description.lowercased()
            #expect(ConsolidatedWorkbook.isEuro(indicator) == (text.contains("€") || text.contains("euro")), "\(indicator.id)")
        }
    }
}

enum PlanReaderFacade {
    static let plan = Ingest.PlanReader.read(path: Repo.path("Inputs/piano/piano-2024.xlsx")).plan
}
