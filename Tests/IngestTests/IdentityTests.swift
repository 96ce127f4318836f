import Foundation
import Testing
@testable import Ingest
import PerformanceModel
import Reports
import XLSXReader
import XLSXWriter
import TestSupport

/// A file lands only on its own settore: the template's identity against
/// the visible Scheda, a file with no row of its settore, an empty file, a
/// date that is not a monitoring date. Hand-made files without the identity
/// are still read, checked as before.
@Suite("Identity of a monitoring file")
struct IdentityTests {
    static let june = CalendarDate(year: 2024, month: 6, day: 30)!
    static let dates = [june, CalendarDate(year: 2024, month: 12, day: 31)!]

    /// A filled template of `sector` at 30/06 (the sample values), then `edit` applied to its XML parts, as a user editing cells would.
    static func template(_ sector: String, replacing edits: [(entry: String, old: String, new: String)] = []) throws -> String {
        let fillings = try TemplateFilling.read(path: Repo.path("Inputs/campione/monitoraggio-2024-06-30.tsv"))
        let path = temporaryDirectory().appendingPathComponent("scheda-\(sector).xlsx").path
        try MonitoringTemplate.write(plan: realPlan.plan, sectorCode: sector, date: june, to: path, filling: fillings[sector] ?? .init())
        if !edits.isEmpty { try XLSXEdit.replace(in: path, edits) }
        return path
    }

    @Test("02's file with the Scheda's settore changed to 04 is refused naming the cell, and counts as 02's refused scheda")
    func otherSector() throws {
        let path = try Self.template("02", replacing: [("xl/sharedStrings.xml", "02 – FINANZIARIO E TRIBUTI", "04 – CULTURA, SPORT E VALORIZZAZIONE TURISTICA")])
        let reading = MonitoringReader.read(path: path, plan: realPlan.plan, monitoringDates: Self.dates)
        #expect(reading.submission == nil)
        let first = try #require(reading.anomalies.first { $0.severity == .error })
        #expect(first.code == "identitaContraddetta" && first.sheet == "Scheda" && first.cell == "B5")
        #expect(first.message == "la cella dice il settore «04 – CULTURA, SPORT E VALORIZZAZIONE TURISTICA», ma la scheda è stata preparata per il settore "
            + "02 – FINANZIARIO E TRIBUTI: il settore non si cambia (usare la scheda del proprio settore)")
        #expect(reading.attribution?.sector == "02")
    }

    @Test("the reference date changed by hand is refused the same way")
    func otherDate() throws {
        // The date is a number (a serial) in the sheet: 30/06/2024 = 45473, 31/12/2024 = 45657.
        let path = try Self.template("05", replacing: [("xl/worksheets/sheet1.xml", "<v>45473</v>", "<v>45657</v>")])
        let reading = MonitoringReader.read(path: path, plan: realPlan.plan, monitoringDates: Self.dates)
        #expect(reading.submission == nil)
        #expect(reading.anomalies.first?.message.hasPrefix("la cella dice la data 31/12/2024, ma la scheda è stata preparata per il monitoraggio al 30/06/2024") == true,
                "\(reading.anomalies)")
    }

    @Test("a hand-made file (no identity) whose rows are all another settore's is refused; one with its own rows is read")
    func handMade() throws {
        func handMade(sector: String, rows: [String]) throws -> String {
            let path = temporaryDirectory().appendingPathComponent("a-mano.xlsx").path
            let book = try WorkbookWriter(path: path, title: "a mano", createdOn: Self.june)
            let scheda = book.addSheet("Scheda")
            for (r, (label, value)) in [("Ente", CellContent.text("Comune di Cassano d'Adda")), ("Anno", .number(2024)), ("Settore", .text(sector)),
                                         ("Data di riferimento", .text("30/06/2024"))].enumerated() {
                scheda.write(r, 0, .text(label))
                scheda.write(r, 1, value)
            }
            let s = book.addSheet("Indicatori")
            s.write(0, 0, .text("ID indicatore"))
            s.write(0, 1, .text("Valore rilevato"))
            for (r, id) in rows.enumerated() { s.write(r + 1, 0, .text(id)); s.write(r + 1, 1, .text("50%")) }
            let f = book.addSheet("Fasi")
            for (c, h) in ["ID obiettivo", "N", "Stato"].enumerated() { f.write(0, c, .text(h)) }
            try book.close()
            return path
        }
        let of02 = realPlan.plan.indicators(reportedBy: "02").map(\.id)
        let wrong = MonitoringReader.read(path: try handMade(sector: "04", rows: of02), plan: realPlan.plan)
        #expect(wrong.submission == nil)
        #expect(wrong.anomalies.first?.code == "schedaAltroSettore")
        #expect(wrong.anomalies.first?.message.contains("\(of02.count) sono del settore 02 – FINANZIARIO E TRIBUTI: sembra la scheda di un altro settore") == true)
        let right = MonitoringReader.read(path: try handMade(sector: "02", rows: of02), plan: realPlan.plan)
        #expect(right.submission?.sectorCode == "02")
        #expect(!right.anomalies.contains { $0.code.hasPrefix("identita") })
    }

    @Test("a file with no value and no phase state is refused as empty, known as its settore's")
    func empty() throws {
        let path = temporaryDirectory().appendingPathComponent("vuota.xlsx").path
        try MonitoringTemplate.write(plan: realPlan.plan, sectorCode: "03", date: Self.june, to: path)
        let reading = MonitoringReader.read(path: path, plan: realPlan.plan, monitoringDates: Self.dates)
        #expect(reading.submission == nil)
        #expect(reading.anomalies.first?.code == "schedaVuota")
        #expect(reading.attribution?.sector == "03" && reading.attribution?.date == Self.june)
    }

    @Test("a template made from another version of the plan is read with a warning")
    func otherPlanVersion() throws {
        var plan = realPlan.plan
        let path = temporaryDirectory().appendingPathComponent("vecchia.xlsx").path
        let fillings = try TemplateFilling.read(path: Repo.path("Inputs/campione/monitoraggio-2024-06-30.tsv"))
        try MonitoringTemplate.write(plan: plan, sectorCode: "05", date: Self.june, to: path, filling: fillings["05"] ?? .init())
        plan.indicators[plan.indicators.firstIndex { $0.sectorCode == "05" }!].target = .percent(0.5)
        let reading = MonitoringReader.read(path: path, plan: plan)
        #expect(reading.isAccepted)
        #expect(reading.anomalies.contains { $0.code == "pianoCambiato" && $0.severity == .warning })
    }

    @Test("messages quote what the settore saw: 10 % typed where the amount over a baseline goes is «10%», and why")
    func quotesWhatWasTyped() throws {
        var filling = MonitoringTemplate.Filling()
        filling.indicators["03-1.1"] = .init(value: .number(0.1), percentFormat: true)
        let path = temporaryDirectory().appendingPathComponent("03.xlsx").path
        try MonitoringTemplate.write(plan: realPlan.plan, sectorCode: "03", date: Self.june, to: path, filling: filling)
        let reading = MonitoringReader.read(path: path, plan: realPlan.plan)
        let a = try #require(reading.anomalies.first { $0.message.hasPrefix("indicatore 03-1.1:") })
        #expect(a.message == "indicatore 03-1.1: «10%» è una percentuale, ma qui va il valore dell'anno nella stessa unità della baseline (51008,28): "
            + "la variazione rispetto alla baseline la calcola il consolidamento")
        #expect(reading.submission?.values.first { $0.indicatorID == "03-1.1" }?.rawText == "10%")
    }
}
