import Foundation
import Testing
@testable import Ingest
import PerformanceModel
import Reports

/// The real 2024 plan of the Comune di Cassano d'Adda: its workbook is
/// exactly what the reviewed text source builds, its counts are the
/// seed's, and the checker reports its real defects — only those.
@Suite("The real 2024 plan")
struct RealPlanTests {
    @Test("the committed workbook is byte for byte what its TSV source builds")
    func rebuild() throws {
        let out = temporaryDirectory().appendingPathComponent("piano.xlsx").path
        try PlanWorkbook.write(try PlanSource.read(folder: Repo.planSource), to: out)
        let built = try Data(contentsOf: URL(fileURLWithPath: out))
        let committed = try Data(contentsOf: URL(fileURLWithPath: Repo.planWorkbook))
        #expect(built == committed, "run `piao plan build` after editing Inputs/piano/piano-2024/*.tsv")
    }

    @Test("counts match the seed")
    func counts() {
        let plan = realPlan.plan
        #expect(plan.ente == "Comune di Cassano d'Adda")
        #expect(plan.year == 2024)
        #expect(plan.sectors.map(\.code) == ["00", "01", "02", "03", "04", "05", "06", "07", "08"])
        #expect(plan.lines.count == 9)
        #expect(plan.strategicObjectives.count == 13)
        #expect(plan.objectives.count == 36)
        let perSector = Dictionary(grouping: plan.objectives, by: \.sectorCode).mapValues(\.count)
        #expect(perSector == ["00": 5, "01": 5, "02": 4, "03": 5, "04": 4, "05": 3, "06": 4, "07": 4, "08": 2])
        #expect(plan.phases.count == 134)
        // The seed's 147 indicators, with 00-1's 8 composite ones split into 17 (fasi + tempestività per settore, + publication).
        #expect(plan.indicators.count == 156)
        #expect(plan.indicators.filter { $0.target != nil }.count == 105)
        #expect(plan.participations.count == 165)
        #expect(Set(plan.participations.map(\.name)).count == 73)
        #expect(plan.overrides.isEmpty)
    }

    @Test("the Finanziario's responsabile ends on 30/04/2024 and no successor is named")
    func finanziario() throws {
        let sector = try #require(realPlan.plan.sector("02"))
        #expect(sector.name == "FINANZIARIO E TRIBUTI")
        #expect(sector.manager(on: CalendarDate(year: 2024, month: 4, day: 30)!)?.name == "CHIZZOLI Martina")
        #expect(sector.manager(on: CalendarDate(year: 2024, month: 5, day: 1)!) == nil)
    }

    @Test("the intersectoral objective 00-1 has each settore's own indicators")
    func intersectoral() throws {
        let plan = realPlan.plan
        let objective = try #require(plan.objective("00-1"))
        #expect(objective.isIntersectoral)
        let bySector = Dictionary(grouping: plan.indicators(of: "00-1"), by: \.sectorCode).mapValues { $0.map(\.id).sorted() }
        #expect(bySector.keys.sorted() == ["01", "02", "03", "04", "05", "06", "07", "08"])
        #expect(bySector["02"] == ["00-1.2", "00-1.2P", "00-1.2T"])
        #expect(bySector["05"] == ["00-1.5", "00-1.5T"])
        let index = try #require(plan.indicators.first { $0.id == "00-1.3T" })
        #expect(index.measure == .tempestivita && index.target == .number(0) && index.direction == .decrescente)
        // The settore reports 00-1 among its own objectives.
        #expect(plan.objectives(reportedBy: "05").map(\.id).contains("00-1"))
    }

    @Test("typed values: percentages, baselines, dates")
    func values() throws {
        let plan = realPlan.plan
        let byID = Dictionary(uniqueKeysWithValues: plan.indicators.map { ($0.id, $0) })
        #expect(byID["01-1.2"]?.target == .percent(1) && byID["01-1.2"]?.baseline == .percent(0.02))
        #expect(byID["03-1.1"]?.baseline == .number(51008.28))
        #expect(byID["00-5.2"]?.target == .yesNo(true) && byID["00-5.2"]?.measure == .siNo)
        let phase = try #require(plan.phases.first { $0.objectiveID == "01-1" && $0.number == 1 })
        #expect(phase.start == CalendarDate(year: 2024, month: 1, day: 1) && phase.end == CalendarDate(year: 2024, month: 2, day: 29), "pianificazione gennaio–febbraio 2024, un anno bisestile")
    }

    @Test("plan check reports exactly the real defects listed in difetti-attesi.tsv")
    func defects() throws {
        let text = try String(contentsOfFile: Repo.planSource + "/difetti-attesi.tsv", encoding: .utf8)
        let expected = Set(text.split(separator: "\n").dropFirst().map { line -> String in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            return "\(f[0])!\(f[1]) \(f[2])"
        })
        let found = Set(realPlan.anomalies.map { "\($0.sheet ?? "")!\($0.cell ?? "") \($0.code)" })
        #expect(found.subtracting(expected).sorted() == [], "reported but not expected")
        #expect(expected.subtracting(found).sorted() == [], "expected but not reported")
        #expect(realPlan.anomalies.count == expected.count)
        let counts = Dictionary(grouping: realPlan.anomalies, by: \.code).mapValues(\.count)
        #expect(counts == ["senzaTarget": 51, "senzaMisura": 51, "dataImpossibile": 2, "misuraIncoerente": 5,
                           "senzaDipendenti": 4, "responsabiliScoperti": 1, "targetUgualeBaseline": 1, "targetIncoerente": 1, "nonValutabilePerIlPiano": 1])
        // 31/09/24 blocks its phase; everything else is a warning.
        #expect(realPlan.anomalies.filter { $0.severity == .error }.map(\.cell) == ["D124", "E124"])
    }
}
