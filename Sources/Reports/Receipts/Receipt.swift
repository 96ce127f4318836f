import Foundation
import PerformanceModel
import XLSXWriter

/// The receipt (*esito*) of one submitted file: accepted or rejected, and
/// each problem with sheet, cell and what was wrong, in plain Italian —
/// as a workbook and as a short text for e-mail.
public enum Receipt {
    /// `<file>-<sha256, 8 digits>-esito` (+ `.xlsx`, `.txt`): a resubmission under
    /// the same name keeps its own receipt beside the earlier one's, and a
    /// name near the file system's limit still gives a valid receipt name.
    public static func baseName(_ input: InputFile) -> String {
        OutputName.bounded(OutputName.split(input.name).stem, suffix: "-\(input.sha256.prefix(8))-esito")
    }

    static func verdict(_ input: InputFile) -> String {
        switch input.outcome {
        case .accepted: return "ACCETTATO"
        case .superseded: return "ACCETTATO, poi SOSTITUITO da un invio più recente"
        case .rejected: return "RIFIUTATO"
        case .plan: return "PIANO"
        }
    }

    static func summary(_ input: InputFile, plan: Plan) -> [String] {
        var lines = ["Esito del file «\(input.name)»", "Impronta SHA-256: \(input.sha256)"]
        if let code = input.sectorCode, let date = input.referenceDate {
            lines.append("Settore \(plan.sector(code)?.label ?? code), monitoraggio al \(date.italian)")
        }
        lines.append("Esito: \(verdict(input))")
        var received: [String] = []
        if let n = input.arrival { received.append("arrivo n. \(n)") }
        if let saved = input.savedAtText { received.append("file salvato il \(saved)") }
        if let on = input.compiledOn { received.append("compilata il \(on.italian) (foglio «Scheda»)") }
        if !received.isEmpty { lines.append("Ricevuto: " + received.joined(separator: "; ") + ".") }
        if let s = input.submission {
            let filled = s.values.filter { $0.value != nil }.count
            lines.append("Valori letti: \(filled) su \(s.values.count); fasi dichiarate: \(s.phases.filter { $0.state != nil }.count) su \(s.phases.count).")
        }
        switch input.outcome {
        case .rejected:
            lines.append("Il file non è stato elaborato. Correggerlo e depositarlo di nuovo.")
        case .superseded:
            lines.append(input.reason.map { "Non conta più: \($0)." } ?? "")
        default:
            break
        }
        let (errors, warnings) = Anomaly.tally(input.anomalies)
        var problems: [String] = []
        if errors > 0 { problems.append(errors == 1 ? "1 cella rifiutata (il valore non è stato usato)" : "\(errors) celle rifiutate (i valori non sono stati usati)") }
        if warnings > 0 { problems.append(warnings == 1 ? "1 avviso" : "\(warnings) avvisi") }
        lines.append(problems.isEmpty ? "Nessun problema rilevato." : "Problemi: " + problems.joined(separator: ", ") + ".")
        return lines
    }

    /// The e-mail twin.
    public static func text(_ input: InputFile, plan: Plan) -> String {
        var lines = summary(input, plan: plan)
        if !input.anomalies.isEmpty {
            lines.append("")
            for a in input.anomalies {
                let place = [a.sheet.map { "foglio «\($0)»" }, a.cell.map { "cella \($0)" }].compactMap { $0 }.joined(separator: ", ")
                lines.append("- [\(a.severity.rawValue)] \(place.isEmpty ? "" : place + ": ")\(a.message)")
            }
        }
        lines.append("")
        lines.append("Messaggio generato automaticamente dal consolidamento del monitoraggio della performance \(plan.year) – \(plan.ente).")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func write(_ input: InputFile, plan: Plan, folder: String) throws(WorkbookWriter.Failure) {
        let base = (folder as NSString).appendingPathComponent(baseName(input))
        let book = try WorkbookWriter(path: base + ".xlsx", title: "Esito di \(input.name)", author: plan.ente,
                                      createdOn: input.compiledOn ?? input.referenceDate ?? CalendarDate.firstDay(of: plan.year))
        let s = book.addSheet("Esito")
        s.setColumn(0, 0, width: 16)
        s.setColumn(1, 1, width: 10)
        s.setColumn(2, 2, width: 11)
        s.setColumn(3, 3, width: 100)
        var r = 0
        for (i, line) in summary(input, plan: plan).enumerated() {
            s.write(r, 0, .text(line), i == 0 ? .title : (line.hasPrefix("Esito:") ? FormatSpec(bold: true, fontColor: input.outcome == .rejected ? 0xC00000 : 0x006100) : FormatSpec()))
            r += 1
        }
        r += 1
        if !input.anomalies.isEmpty {
            for (c, h) in ["Foglio", "Cella", "Gravità", "Problema e valore atteso"].enumerated() { s.write(r, c, .text(h), .header) }
            let header = r
            for a in input.anomalies {
                r += 1
                s.write(r, 0, .text(a.sheet ?? ""), .text)
                s.write(r, 1, .text(a.cell ?? ""), .text)
                s.write(r, 2, .text(a.severity == .error ? "rifiutata" : "avviso"), .text)
                s.write(r, 3, .text(a.message), .text)
                s.fitRow(r, [(a.message, 100)])
            }
            s.freezePanes(rows: header + 1)
            s.autofilter(firstRow: header, lastRow: r, firstColumn: 0, lastColumn: 3)
        }
        s.printSetup()
        try book.close()
        // The text twin, written the same way: temporary name, then rename.
        do {
            try AtomicFile.write(text(input, plan: plan), to: base + ".txt")
        } catch {
            throw WorkbookWriter.Failure(path: base + ".txt", detail: (error as? AtomicFile.Failure)?.detail ?? "\(error)")
        }
    }
}
