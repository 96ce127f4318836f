import Foundation
import Testing
@testable import Ingest
import PerformanceModel
import XLSXWriter

/// A sheet with thousands of bad rows (a pasted export, a runaway fill-down)
/// gives a receipt a person can read: the first problems listed, the rest
/// counted in one line, the totals still exact; and it is read as a stream.
@Suite("Bounded problems per file")
struct BoundedProblemsTests {
    @Test("3,000 unknown indicator rows: 500 problems listed, one line counts the rest, the totals are exact")
    func bounded() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("piao-righe-\(UUID().uuidString).xlsx").path
        let book = try WorkbookWriter(path: path, title: "prova", createdOn: CalendarDate(year: 2024, month: 7, day: 1)!)
        let scheda = book.addSheet("Scheda")
        for (r, (label, value)) in [("Ente", CellContent.text("Comune di Cassano d'Adda")), ("Anno", .number(2024)), ("Settore", .text("00")),
                                     ("Data di riferimento", .text("30/06/2024"))].enumerated() {
            scheda.write(r, 0, .text(label))
            scheda.write(r, 1, value)
        }
        let indicators = book.addSheet("Indicatori")
        indicators.write(0, 0, .text("ID indicatore"))
        indicators.write(0, 1, .text("Valore rilevato"))
        // One genuine row of settore 00, then 3,000 pasted by mistake.
        indicators.write(1, 0, .text(realPlan.plan.indicators(reportedBy: "00")[0].id))
        indicators.write(1, 1, .number(1))
        for r in 2...3001 {
            indicators.write(r, 0, .text("99-\(r)"))
            indicators.write(r, 1, .number(Double(r)))
        }
        let phases = book.addSheet("Fasi")
        for (c, h) in ["ID obiettivo", "N", "Stato"].enumerated() { phases.write(0, c, .text(h)) }
        try book.close()
        let reading = MonitoringReader.read(path: path, plan: realPlan.plan)
        #expect(reading.isAccepted)
        #expect(reading.anomalies.count == Anomaly.listedPerFile + 1)
        let last = try #require(reading.anomalies.last)
        #expect(last.kind == .altriProblemi && last.severity == .error)
        let missing = realPlan.plan.indicators(reportedBy: "00").count - 1
        #expect(last.message == "e altri \(3000 + missing - 500) problemi non elencati (2500 celle rifiutate, \(missing) avvisi): "
            + "correggere quelli elencati, che di solito si ripetono, e ricaricare il file")
        let tally = Anomaly.tally(reading.anomalies)
        #expect(tally.errors == 3000 && tally.warnings == missing)
    }
}
