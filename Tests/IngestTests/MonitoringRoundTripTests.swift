import Foundation
import TestSupport
import Testing
@testable import Ingest
import PerformanceModel
import Reports
import XLSXWriter
import XLSXReader

/// A template filled programmatically — values as people type them,
/// mistakes included — reads back through our reader and the normalizer
/// to exactly the intended values; and again after LibreOffice re-saved it.
@Suite("Monitoring round trip")
struct MonitoringRoundTripTests {
    static let date = CalendarDate(year: 2024, month: 6, day: 30)!

    /// For each indicator, a typed input and the value it must read back as.
    static func inputs(for sector: String) -> (MonitoringTemplate.Filling, [String: Quantity?], [String: (PhaseState?, CalendarDate?)]) {
        let plan = realPlan.plan
        var filling = MonitoringTemplate.Filling()
        filling.compiledBy = "Maria Rossi"
        filling.compiledOn = .date(CalendarDate(year: 2024, month: 7, day: 3)!)
        var expected: [String: Quantity?] = [:]
        for (k, ind) in plan.indicators(reportedBy: sector).enumerated() {
            let input: (CellContent, Bool, Quantity?)
            switch (ind.measure, k % 4) {
            case _ where ind.isChangeOverBaselineAmount: input = (.text("45.000,50"), false, .number(45000.5))
            case (.percentuale, 0): input = (.number(0.7), true, .percent(0.7))
            case (.percentuale, 1): input = (.text("70%"), false, .percent(0.7))
            case (.percentuale, 2): input = (.number(80), false, .percent(0.8))
            case (.percentuale, _): input = (.text("2,5%"), false, .percent(0.025))
            case (.quantita, 0), (.quantita, 2): input = (.number(12), false, .number(12))
            case (.quantita, 1): input = (.text("2,5"), false, .number(2.5))
            case (.quantita, _): input = (.text("1.100"), false, .number(1100))
            case (.tempestivita, let m): input = m % 2 == 0 ? (.number(-3), false, .number(-3)) : (.text("5"), false, .number(5))
            case (.data, let m): input = m % 2 == 0 ? (.date(CalendarDate(year: 2024, month: 6, day: 15)!), false, .date(CalendarDate(year: 2024, month: 6, day: 15)!))
                                                    : (.text("30/06/2024"), false, .date(CalendarDate(year: 2024, month: 6, day: 30)!))
            case (.siNo, 0): input = (.text("SI"), false, .yesNo(true))
            case (.siNo, 1): input = (.text("sì"), false, .yesNo(true))
            case (.siNo, _): input = (.text("no"), false, .yesNo(false))
            case (nil, let m): input = m % 2 == 0 ? (.number(5), false, .number(5)) : (.text("svolto"), false, nil)
            }
            filling.indicators[ind.id] = .init(value: input.0, percentFormat: input.1, note: "nota =SUM(A1) \(ind.id)", deviationReason: k % 3 == 0 ? "+motivo @\(k)" : "")
            expected[ind.id] = input.2
        }
        var phases: [String: (PhaseState?, CalendarDate?)] = [:]
        let objectives = Set(plan.objectives(reportedBy: sector).map(\.id))
        for (k, phase) in plan.phases.filter({ objectives.contains($0.objectiveID) }).enumerated() {
            switch k % 4 {
            case 0:
                filling.phases[phase.key] = .init(state: .text("completata"), completedOn: .date(CalendarDate(year: 2024, month: 3, day: 28)!))
                phases[phase.key] = (.completed, CalendarDate(year: 2024, month: 3, day: 28)!)
            case 1:
                filling.phases[phase.key] = .init(state: .text("in corso"), note: "-in ritardo")
                phases[phase.key] = (.inProgress, nil)
            case 2:
                filling.phases[phase.key] = .init(state: .text("non avviata"))
                phases[phase.key] = (.notStarted, nil)
            default:
                phases[phase.key] = (nil, nil)
            }
        }
        return (filling, expected, phases)
    }

    func check(_ reading: MonitoringReading, sector: String, expected: [String: Quantity?], phases: [String: (PhaseState?, CalendarDate?)]) throws {
        let submission = try #require(reading.submission, "\(reading.anomalies)")
        #expect(submission.sectorCode == sector)
        #expect(submission.referenceDate == Self.date)
        #expect(submission.compiledBy == "Maria Rossi")
        #expect(submission.compiledOn == CalendarDate(year: 2024, month: 7, day: 3))
        #expect(submission.values.count == expected.count)
        for value in submission.values {
            #expect(value.value == expected[value.indicatorID] ?? nil, "settore \(sector), \(value.indicatorID) «\(value.rawText)» at \(value.source.cell)")
            #expect(value.note == "nota =SUM(A1) \(value.indicatorID)", "notes survive as text")
            #expect(value.source.sheet == "Indicatori" && value.source.cell.hasPrefix("G"))
        }
        let got = Dictionary(uniqueKeysWithValues: submission.phases.map { ($0.objectiveID + "/\($0.number)", ($0.state, $0.completedOn)) })
        for (key, (state, date)) in phases {
            #expect(got[key]?.0 == state && got[key]?.1 == date, "settore \(sector), fase \(key)")
        }
        // The only anomalies are the ones the inputs ask for.
        // A phase left without a state that was due by the date is said to count as not respected, cell by cell.
        let unexpected = reading.anomalies.filter { !["valoreSoloTesto", "faseSenzaData", "faseDovutaSenzaStato"].contains($0.code) }
        #expect(unexpected.isEmpty, "\(unexpected)")
        let plan = realPlan.plan
        let compliance = Set(plan.indicators.filter { $0.sectorCode == sector && $0.isPhaseCompliance && $0.target != nil
            && $0.measure != .data && $0.measure != .siNo }.map(\.objectiveID))
        let dueWithoutState = Set(plan.phases.filter { compliance.contains($0.objectiveID) && ($0.end.map { $0 <= Self.date } ?? false)
            && (phases[$0.key]?.0 ?? nil) == nil }.map(\.key))
        let flagged = Set(reading.anomalies.filter { $0.code == "faseDovutaSenzaStato" }.compactMap { $0.message.split(separator: " ").dropFirst().first.map(String.init) })
        #expect(flagged == dueWithoutState)
    }

    @Test("filled in Swift, read back exactly", arguments: ["00", "01", "02", "03", "04", "05", "06", "07", "08"])
    func direct(_ sector: String) throws {
        let (filling, expected, phases) = Self.inputs(for: sector)
        let path = temporaryDirectory().appendingPathComponent("m.xlsx").path
        try MonitoringTemplate.write(plan: realPlan.plan, sectorCode: sector, date: Self.date, to: path, filling: filling)
        try check(MonitoringReader.read(path: path, plan: realPlan.plan), sector: sector, expected: expected, phases: phases)
    }

    @Test("re-saved by LibreOffice, read back the same", arguments: ["01", "04", "07"])
    func libreOffice(_ sector: String) throws {
        let (filling, expected, phases) = Self.inputs(for: sector)
        let path = temporaryDirectory().appendingPathComponent("monitoraggio-\(sector).xlsx").path
        try MonitoringTemplate.write(plan: realPlan.plan, sectorCode: sector, date: Self.date, to: path, filling: filling)
        let resaved = try LibreOffice.convert(path, filter: "xlsx:Calc MS Excel 2007 XML", extension: "xlsx")
        #expect(try Data(contentsOf: URL(fileURLWithPath: resaved)) != Data(contentsOf: URL(fileURLWithPath: path)), "LibreOffice wrote its own file")
        try check(MonitoringReader.read(path: resaved, plan: realPlan.plan), sector: sector, expected: expected, phases: phases)
        // The identity survives LibreOffice: still hidden, still read.
        let book = try XLSXWorkbook(path: resaved)
        #expect(book.sheet(named: MonitoringContract.identita)?.state == .hidden)
        var n = Normalizer(file: "x", plan: realPlan.plan)
        #expect(n.readIdentity(book)?.sectorCode == sector)
    }
}
