import Foundation
import PerformanceModel
import Scoring
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
        if errors > 0 {
            // A refused file was not used at all; in an accepted one, only the cells in error were left out.
            if input.outcome == .rejected { problems.append(errors == 1 ? "1 errore" : "\(errors) errori") }
            else { problems.append(errors == 1 ? "1 cella rifiutata (il valore non è stato usato)" : "\(errors) celle rifiutate (i valori non sono stati usati)") }
        }
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
        if let s = input.submission {
            lines.append("")
            lines.append("Come sono stati letti i valori (cella: scritto → letto come):")
            for row in understood(s, plan: plan) { lines.append("- \(row.indicator), cella \(row.cell): «\(row.typed)» → \(row.read)") }
            let missing = withoutValue(s, plan: plan)
            if !missing.isEmpty { lines.append("Indicatori senza valore (\(missing.count)): " + missing.joined(separator: ", ") + ".") }
        }
        lines.append("")
        lines.append("Messaggio generato automaticamente dal consolidamento del monitoraggio della performance \(plan.year) – \(plan.ente).")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One value as the settore typed it and as piao understood it.
    struct Understood {
        let indicator: String
        let cell: String
        let typed: String
        let read: String
    }

    /// Every value typed, with what it was taken as: a receipt echoes what was understood.
    static func understood(_ s: Submission, plan: Plan) -> [Understood] {
        s.values.filter { !$0.rawText.isEmpty }.map { v in
            Understood(indicator: v.indicatorID, cell: v.source.cell, typed: v.rawText, read: v.value.map(shown) ?? "non letto (vedere i problemi)")
        }
    }

    /// The settore's indicators that have no readable value in the file.
    static func withoutValue(_ s: Submission, plan: Plan) -> [String] {
        let read = Set(s.values.filter { $0.value != nil }.map(\.indicatorID))
        return plan.indicators(reportedBy: s.sectorCode).map(\.id).filter { !read.contains($0) }
    }

    /// A value as the OIV reads it: "70%", "45.000,5", "30/06/2024", "SI".
    static func shown(_ q: Quantity) -> String {
        switch q {
        case .percent(let v): return "percentuale \(Fmt.percent(v))"
        case .number(let v): return "numero \(Fmt.number(v))"
        case .date(let d): return "data \(d.italian)"
        case .yesNo(let b): return b ? "SI" : "NO"
        }
    }

    public static func write(_ input: InputFile, plan: Plan, folder: String) throws(WorkbookWriter.Failure) {
        let base = (folder as NSString).appendingPathComponent(baseName(input))
        let book = try WorkbookWriter(path: base + ".xlsx", title: "Esito di \(input.name)", author: plan.ente,
                                      createdOn: input.compiledOn ?? input.referenceDate ?? CalendarDate.firstDay(of: plan.year))
        book.pageHeader = .init(ente: plan.ente, title: "Esito del file «\(input.name)»",
                                date: input.referenceDate.map { "monitoraggio al \($0.italian)" } ?? "anno \(plan.year)")
        let s = book.addSheet("Esito")
        // The summary lines run across the problems' four columns, with or without problems.
        for (c, width) in [16.0, 10, 11, 100].enumerated() { s.setColumn(c, c, width: width) }
        var r = 0
        for (i, line) in summary(input, plan: plan).enumerated() {
            s.write(r, 0, .text(line), i == 0 ? .title : (line.hasPrefix("Esito:") ? FormatSpec(bold: true, fontColor: input.outcome == .rejected ? 0xC00000 : 0x006100) : FormatSpec()))
            r += 1
        }
        r += 1
        if !input.anomalies.isEmpty {
            let columns: [Column<Anomaly>] = [
                .text("Foglio", 16) { $0.sheet ?? "" },
                .text("Cella", 10) { $0.cell ?? "" },
                .text("Gravità", 11) { $0.severity == .error ? "rifiutata" : "avviso" },
                .text("Problema e valore atteso", 100) { $0.message },
            ]
            s.table(columns, input.anomalies, headerRow: r)
        } else {
            s.printSetup(columns: 4)
        }
        if let sub = input.submission {
            // What was understood, value by value, on a sheet of its own.
            let v = book.addSheet("Valori letti")
            let rows = understood(sub, plan: plan)
            let columns: [Column<Understood>] = [
                .text("Indicatore", 12) { $0.indicator },
                .text("Cella", 8) { $0.cell },
                .text("Scritto nel file", 30) { $0.typed },
                .text("Letto come", 30) { $0.read },
            ]
            let missing = withoutValue(sub, plan: plan)
            if !missing.isEmpty {
                v.write(rows.count + 2, 0, .text("Indicatori senza valore (\(missing.count)): " + missing.joined(separator: ", ")), FormatSpec(bold: true))
            }
            v.table(columns, rows)
        }
        try book.close()
        // The text twin, written the same way: temporary name, then rename.
        do {
            try AtomicFile.write(text(input, plan: plan), to: base + ".txt")
        } catch {
            throw WorkbookWriter.Failure(path: base + ".txt", detail: (error as? AtomicFile.Failure)?.detail ?? "\(error)")
        }
    }
}
