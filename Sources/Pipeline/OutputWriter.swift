import Foundation
import Reports

/// report: every output of a consolidation, into the output folder. Each
/// file is written to a temporary name and renamed into place (by
/// `WorkbookWriter`), so nothing is ever half-written.
public enum OutputWriter {
    /// Writes everything; returns the paths written, relative to `folder`.
    public static func write(_ c: Consolidation, to folder: String) throws -> [String] {
        var written: [String] = []
        let consolidated = (folder as NSString).appendingPathComponent("consolidato")
        try FileManager.default.createDirectory(atPath: consolidated, withIntermediateDirectories: true)
        for card in c.cards {
            let name = ConsolidatedWorkbook.fileName(c, date: card.date)
            try ConsolidatedWorkbook.write(c, card: card, to: (consolidated as NSString).appendingPathComponent(name))
            written.append("consolidato/\(name)")
        }
        return written
    }
}
