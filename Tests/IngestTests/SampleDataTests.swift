import Foundation
import Testing
@testable import Ingest
import PerformanceModel
import Reports
import XLSXReader

/// The bundled sample monitoring workbooks (Inputs/monitoraggio): built
/// from their reviewable source (Inputs/campione), marked as invented,
/// and read back with every typing mistake understood.
@Suite("Sample monitoring data")
struct SampleDataTests {
    static let dates = ["2024-06-30", "2024-12-31"]

    static func readings() -> [String: MonitoringReading] {
        var out: [String: MonitoringReading] = [:]
        for date in dates {
            for sector in realPlan.plan.sectors.map(\.code) {
                let name = MonitoringTemplate.fileName(plan: realPlan.plan, sectorCode: sector, date: CalendarDate(iso: date)!)
                out["\(sector) \(date)"] = MonitoringReader.read(path: Repo.path("Inputs/monitoraggio/\(name)"), plan: realPlan.plan)
            }
        }
        return out
    }

    @Test("the committed workbooks are byte for byte what the source builds", arguments: dates)
    func rebuild(_ date: String) throws {
        let fillings = try TemplateFilling.read(path: Repo.path("Inputs/campione/monitoraggio-\(date).tsv"))
        let day = try #require(CalendarDate(iso: date))
        let dir = temporaryDirectory()
        for sector in realPlan.plan.sectors.map(\.code) {
            let name = MonitoringTemplate.fileName(plan: realPlan.plan, sectorCode: sector, date: day)
            try MonitoringTemplate.write(plan: realPlan.plan, sectorCode: sector, date: day, to: dir.appendingPathComponent(name).path,
                                         filling: fillings[sector] ?? .init())
            let built = try Data(contentsOf: dir.appendingPathComponent(name))
            let committed = try Data(contentsOf: URL(fileURLWithPath: Repo.path("Inputs/monitoraggio/\(name)")))
            #expect(built == committed, "\(name): run `piao templates --date \(date) --fill Inputs/campione/monitoraggio-\(date).tsv --output Inputs/monitoraggio`")
        }
    }

    @Test("every sample file is accepted, with exactly the anomalies its mistakes deserve")
    func anomalies() throws {
        let all = Self.readings()
        #expect(all.count == 18)
        #expect(all.values.allSatisfy { $0.isAccepted })
        let found = Set(all.flatMap { key, r in r.anomalies.map { "\(key) \($0.cell ?? "") \($0.code)" } })
        #expect(found == [
            "04 2024-06-30 G12 siNoComePercentuale", "04 2024-06-30 G14 siNoComePercentuale",
            "04 2024-12-31 G14 siNoComePercentuale", "04 2024-12-31 G16 siNoComePercentuale",
            "06 2024-06-30 G16 percentualeAmbigua",
            "07 2024-06-30 G12 valoreSoloTesto", "07 2024-12-31 G12 valoreSoloTesto",
        ])
    }

    @Test("typing mistakes are read as meant, and the typed text is kept")
    func typingMistakes() throws {
        let all = Self.readings()
        func value(_ sector: String, _ date: String, _ id: String) -> MeasuredValue? {
            all["\(sector) \(date)"]?.submission?.values.first { $0.indicatorID == id }
        }
        let cases: [(String, String, String, Quantity?, String)] = [
            ("01", "2024-12-31", "01-3.2", .number(2.5), "2,5"),
            ("02", "2024-12-31", "02-1.5", .number(1100), "1.100"),
            ("04", "2024-06-30", "04-2.4", .percent(0.7), "70%"),
            ("08", "2024-12-31", "08-1.5", .percent(0.7), "70%"),
            ("05", "2024-06-30", "05-2.3", .yesNo(true), "si"),
            ("05", "2024-12-31", "05-2.3", .yesNo(true), "sì"),
            ("07", "2024-06-30", "07-2.5", .date(CalendarDate(year: 2024, month: 6, day: 30)!), "30/06/2024"),
            ("07", "2024-12-31", "07-2.2", .date(CalendarDate(year: 2024, month: 9, day: 30)!), "30/09/2024"),
            ("02", "2024-12-31", "02-1.4", .percent(0.7), "70"),
            ("06", "2024-06-30", "06-4.2", .percent(0.0085), "0,85"),
            ("07", "2024-12-31", "07-3.1", nil, "svolto"),
            ("07", "2024-12-31", "07-4.2", nil, ""),
            ("00", "2024-12-31", "00-1.1T", nil, ""),
        ]
        for (sector, date, id, expected, typed) in cases {
            let v = value(sector, date, id)
            if id == "00-1.1T" {
                // 00-1's indicators are reported by settori 01–08, never by 00.
                #expect(v == nil)
                #expect(value("01", date, id)?.value == .number(-3.5))
                continue
            }
            #expect(v?.value == expected, "\(id) at \(date)")
            #expect(v?.rawText == typed, "\(id) at \(date)")
        }
    }

    @Test("each sample workbook says it holds invented data")
    func banner() throws {
        let name = MonitoringTemplate.fileName(plan: realPlan.plan, sectorCode: "03", date: CalendarDate(year: 2024, month: 6, day: 30)!)
        let book = try XLSXWorkbook(path: Repo.path("Inputs/monitoraggio/\(name)"))
        let cells = try book.rows(ofSheetNamed: "Scheda").allRows().flatMap(\.cells)
        #expect(cells.contains { $0.value == .string("DATI DI ESEMPIO INVENTATI – non sono dati reali del Comune") })
    }
}
