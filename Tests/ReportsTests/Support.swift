import Foundation
import Pipeline
import PerformanceModel
import Reports
import XLSXReader

enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("piao-reports-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A working copy of the bundled configuration: the real plan, the sample
/// drop folder copied (plus `extra` files), outputs in a fresh folder.
func workingCopy(extra: [(String, (String) throws -> Void)] = []) throws -> (PipelineConfiguration, URL) {
    let dir = temporaryDirectory()
    let fm = FileManager.default
    try fm.copyItem(atPath: Repo.path("Inputs/piano/piano-2024.xlsx"), toPath: dir.appendingPathComponent("piano.xlsx").path)
    try fm.copyItem(atPath: Repo.path("Inputs/monitoraggio"), toPath: dir.appendingPathComponent("drop").path)
    // As uploads arrive: each with the time it was saved (the sample's), so two copies consolidate alike.
    for name in try fm.contentsOfDirectory(atPath: Repo.path("Inputs/monitoraggio")) {
        let saved = try fm.attributesOfItem(atPath: Repo.path("Inputs/monitoraggio/\(name)"))[.modificationDate] as! Date
        try fm.setAttributes([.modificationDate: saved], ofItemAtPath: dir.appendingPathComponent("drop/\(name)").path)
    }
    for (name, make) in extra { try make(dir.appendingPathComponent("drop").appendingPathComponent(name).path) }
    let json = try String(contentsOfFile: Repo.path("pipeline.json"), encoding: .utf8)
        .replacingOccurrences(of: "Inputs/piano/piano-2024.xlsx", with: "piano.xlsx")
        .replacingOccurrences(of: "Inputs/monitoraggio", with: "drop")
    try json.write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
    return (try PipelineConfiguration.load(path: dir.appendingPathComponent("pipeline.json").path), dir)
}

/// Cells of a sheet by A1 reference.
func cells(_ path: String, _ sheet: String) throws -> [String: Cell] {
    let rows = try XLSXWorkbook(path: path).rows(ofSheetNamed: sheet).allRows()
    return Dictionary(uniqueKeysWithValues: rows.flatMap(\.cells).map { ($0.reference, $0) })
}

/// Rows of a sheet as [header: cell], the header being the first row.
func records(_ path: String, _ sheet: String, headerRow: Int = 1) throws -> [[String: Cell]] {
    let rows = try XLSXWorkbook(path: path).rows(ofSheetNamed: sheet).allRows()
    guard let header = rows.first(where: { $0.index == headerRow }) else { return [] }
    let names = Dictionary(uniqueKeysWithValues: header.cells.compactMap { c -> (Int, String)? in
        if case .string(let s) = c.value { return (c.column, s) } else { return nil }
    })
    return rows.filter { $0.index > headerRow }.map { row in
        Dictionary(uniqueKeysWithValues: row.cells.compactMap { c in names[c.column].map { ($0, c) } })
    }
}

extension Cell {
    var number: Double? { if case .number(let v) = value { return v } else { return nil } }
    var text: String? { if case .string(let s) = value { return s } else { return nil } }
}
