import Foundation
@testable import Ingest
import PerformanceModel
import Reports

enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
    static let planSource = path("Inputs/piano/piano-2024")
    static let planWorkbook = path("Inputs/piano/piano-2024.xlsx")
}

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("piao-ingest-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The real 2024 plan, read once.
let realPlan: PlanReading = PlanReader.read(path: Repo.planWorkbook)
