import Foundation
import PerformanceModel
import Reports

/// Which outputs a run writes (`uscite` in pipeline.json). All by default;
/// a study consolidating many enti may want only the consolidated
/// workbooks (no receipts to send, no OIV export, no open data).
public struct OutputSelection: Sendable, Equatable {
    public var consolidated = true
    public var oiv = true
    public var receipts = true
    public var openData = true
    public var templates = true

    public static let all = OutputSelection()
}

/// report: every output of a consolidation, into the output folder. Each
/// file is written to a temporary name and renamed into place (by
/// `WorkbookWriter`), so nothing is ever half-written.
public enum OutputWriter {
    /// What a run wrote, relative to the output folder.
    public struct Written: Sendable {
        public var files: [String] = []
        /// Receipts that could not be written, with why: one file never stops the others (nor the next night).
        public var failed: [String] = []
    }

    /// Writes the selected outputs — unless those in `folder` were made from
    /// exactly the same data (`OutputFingerprint`); returns what was written
    /// (nil: already up to date, nothing written).
    public static func write(_ c: Consolidation, to folder: String, periods: [MonitoringPeriod] = [], decimalComma: Bool = true,
                             outputs: OutputSelection = .all) throws -> Written? {
        let fingerprint = OutputFingerprint.of(c, periods: periods, decimalComma: decimalComma, outputs: outputs)
        if OutputFingerprint.isUpToDate(fingerprint, folder: folder) { return nil }
        var files: [String] = []
        var failed: [String] = []
        let written = try writeAll(c, to: folder, periods: periods, decimalComma: decimalComma, outputs: outputs, files: &files, failed: &failed)
        // With a receipt missing the record is not written: the next run tries again.
        if failed.isEmpty { try OutputFingerprint.record(fingerprint, files: files, folder: folder) }
        return Written(files: written, failed: failed)
    }

    static func writeAll(_ c: Consolidation, to folder: String, periods: [MonitoringPeriod], decimalComma: Bool,
                         outputs: OutputSelection, files: inout [String], failed: inout [String]) throws -> [String] {
        var written: [String] = []
        /// One file written: logged as it is, and kept for the fingerprint record.
        func wrote(_ path: String) {
            written.append(path)
            files.append(path)
        }
        let consolidated = (folder as NSString).appendingPathComponent("consolidato")
        if outputs.consolidated { try FileManager.default.createDirectory(atPath: consolidated, withIntermediateDirectories: true) }
        for card in c.cards where outputs.consolidated {
            let name = ConsolidatedWorkbook.fileName(c, date: card.date)
            let path = (consolidated as NSString).appendingPathComponent(name)
            // A closed round's workbook is the one of its closure, byte for byte.
            if let bytes = c.frozen["consolidato/\(name)"] { try AtomicFile.write(bytes, to: path) }
            else { try ConsolidatedWorkbook.write(c, card: card, to: path) }
            CrashPoint.hit("scritto \(name)")
            wrote("consolidato/\(name)")
        }
        // The OIV export and the open data speak of the latest date with data.
        if let latest = c.cards.last, outputs.oiv {
            let oiv = (folder as NSString).appendingPathComponent("oiv")
            try FileManager.default.createDirectory(atPath: oiv, withIntermediateDirectories: true)
            let path = (oiv as NSString).appendingPathComponent(OIVExport.fileName(c))
            if let bytes = c.frozen["oiv/\(OIVExport.fileName(c))"] { try AtomicFile.write(bytes, to: path) }
            else { try OIVExport.write(c, card: latest, to: path) }
            CrashPoint.hit("scritto \(OIVExport.fileName(c))")
            wrote("oiv/\(OIVExport.fileName(c))")
        }
        if let latest = c.cards.last, outputs.openData {
            let open = (folder as NSString).appendingPathComponent("opendata")
            try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: true)
            for (name, text) in [(OpenData.objectivesFileName(c), OpenData.objectives(c, card: latest, decimalComma: decimalComma)),
                                 (OpenData.indicatorsFileName(c), OpenData.indicators(c, card: latest, decimalComma: decimalComma))] {
                try AtomicFile.write(text, to: (open as NSString).appendingPathComponent(name))
                CrashPoint.hit("scritto \(name)")
                wrote("opendata/\(name)")
            }
        }
        if outputs.receipts {
            let receipts = (folder as NSString).appendingPathComponent("esiti")
            try FileManager.default.createDirectory(atPath: receipts, withIntermediateDirectories: true)
            for input in c.inputs {
                do { try Receipt.write(input, plan: c.plan, folder: receipts) } catch {
                    failed.append("esito di «\(input.name)»: \(error.description)")
                    continue
                }
                files += ["xlsx", "txt"].map { "esiti/\(Receipt.baseName(input)).\($0)" }
                CrashPoint.hit("scritto l'esito di \(input.name)")
            }
            if !c.inputs.isEmpty { written.append("esiti/ (\(c.inputs.count) esiti)") }
        }
        // The next round's templates: every monitoring date after the latest one with data.
        let next = outputs.templates ? periods.filter { p in c.cards.last.map { p.date > $0.date } ?? true } : []
        if !next.isEmpty {
            let templates = (folder as NSString).appendingPathComponent("modelli")
            try FileManager.default.createDirectory(atPath: templates, withIntermediateDirectories: true)
            for period in next {
                for sector in c.plan.sectors {
                    let name = MonitoringTemplate.fileName(plan: c.plan, sectorCode: sector.code, date: period.date)
                    try MonitoringTemplate.write(plan: c.plan, sectorCode: sector.code, date: period.date, to: (templates as NSString).appendingPathComponent(name))
                    files.append("modelli/\(name)")
                }
                written.append("modelli/ (\(c.plan.sectors.count) schede al \(period.date.italian))")
            }
        }
        return written
    }
}

