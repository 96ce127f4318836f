import Foundation
@testable import XLSXReader

/// Paths of the committed fixtures.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func reader(_ name: String) -> String { root.appendingPathComponent("readers/\(name)").path }
    static func hostile(_ name: String) -> String { root.appendingPathComponent("hostile/\(name)").path }

    static func files(in folder: String, ext: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(ext) }.sorted()
    }
}

/// A fresh temporary folder per test.
func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("piao-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Parses JSON into plain values comparable with `==` (numbers as Double,
/// booleans kept apart from numbers).
indirect enum JSON: Equatable, Decodable, CustomStringConvertible {
    case string(String), number(Double), bool(Bool), null, array([JSON]), object([String: JSON])

    init(parsing text: String) throws {
        self = try JSONDecoder().decode(JSON.self, from: Data(text.utf8))
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let o = try? c.decode([String: JSON].self) { self = .object(o) }
        else { self = .array(try c.decode([JSON].self)) }
    }

    var description: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .number(let n): return "\(n)"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        case .array(let a): return "[" + a.map(\.description).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\($0):\(o[$0]!)" }.joined(separator: ",") + "}"
        }
    }
}

/// Reads every cell of every sheet.
func readAll(_ book: XLSXWorkbook) throws -> [String: [Cell]] {
    var out: [String: [Cell]] = [:]
    for sheet in book.sheets {
        let reader = try book.rows(of: sheet)
        out[sheet.name] = try reader.allRows().flatMap(\.cells)
    }
    return out
}
