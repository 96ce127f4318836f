import Foundation
import XLSXReader

/// extract: opens one workbook and reads every sheet through, so that any
/// damage anywhere in the file shows now, not halfway through scoring.
public enum Extraction {
    public struct Summary: Sendable, Equatable {
        public let file: String
        public let sheets: [String]
        public let cells: Int
    }

    public enum Outcome: Sendable {
        case accepted(Summary)
        case rejected(file: String, error: XLSXError)

        public var isAccepted: Bool { if case .accepted = self { return true } else { return false } }
    }

    public static func read(path: String, limits: ReaderLimits) -> Outcome {
        let name = (path as NSString).lastPathComponent
        do {
            let book = try XLSXWorkbook(path: path, limits: limits)
            var cells = 0
            for sheet in book.sheets {
                let reader = try book.rows(of: sheet)
                while let row = try reader.nextRow() { cells += row.cells.count }
            }
            return .accepted(Summary(file: name, sheets: book.sheets.map(\.name), cells: cells))
        } catch {
            return .rejected(file: name, error: error)
        }
    }
}
