import Foundation
import Ingest
import PerformanceModel
@testable import Scoring

enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// The real 2024 plan.
let plan2024: Plan = PlanReader.read(path: Repo.path("Inputs/piano/piano-2024.xlsx")).plan

func indicator(_ id: String) -> Indicator {
    guard let ind = plan2024.indicators.first(where: { $0.id == id }) else { fatalError("indicatore \(id) non nel piano") }
    return ind
}

func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

let testCell = SourceCell(file: "test.xlsx", sheet: "Indicatori", cell: "G2")

func measured(_ id: String, _ q: Quantity?) -> MeasuredValue {
    MeasuredValue(indicatorID: id, value: q, rawText: q?.italian ?? "", source: testCell)
}

/// The bundled sample submissions of one monitoring date, read with the normalizer.
func sampleSubmissions(_ date: String) throws -> [Submission] {
    let folder = Repo.path("Inputs/monitoraggio")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix("-\(date).xlsx") }.sorted()
    return names.compactMap { MonitoringReader.read(path: folder + "/" + $0, plan: plan2024).submission }
}
