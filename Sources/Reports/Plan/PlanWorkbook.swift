import Foundation
import Ingest
import PerformanceModel
import XLSXWriter

/// Writes the plan workbook (DESIGN §4) from its text source. Each value
/// gets the cell type a person would give it: real dates, percentages with
/// a % format, numbers; what is not a valid date (the real plan's
/// "31/09/24") stays text, exactly as written, for the checker to find.
public enum PlanWorkbook {
    static let dateColumns: Set<String> = ["Dal", "Al", "Scadenza", "Inizio", "Fine", "Data di riferimento", "Data"]
    static let numberColumns: Set<String> = ["Anno", "N", "Peso", "Tolleranza"]
    static let quantityColumns: Set<String> = ["Baseline", "Target", "Valore"]
    static let widths: [String: Double] = [
        "Descrizione": 70, "Titolo": 50, "Nome": 40, "Responsabile": 28, "Assessori": 40, "Tipologia": 30,
        "Motivazione": 50, "Ente": 30, "Piano": 45, "Obiettivo strategico": 12, "Rif. DUP": 10, "Pluriennale": 12,
        "ID": 10, "ID obiettivo": 11, "Settore": 8, "Settore coordinamento": 13, "N": 5, "Misura": 13, "Direzione": 12,
        "Tipo": 16, "Categoria": 10, "Ruolo": 14, "Codice": 9, "Linea": 8, "Autore": 24,
    ]

    public static func write(_ source: PlanSource, to path: String) throws(WorkbookWriter.Failure) {
        let ente = source.tables.first { $0.sheet == PlanSheets.ente.0 }
        let title = ente?.rows.first.map { row in zip(ente!.headers, row).first { $0.0 == "Piano" }?.1 ?? "" } ?? ""
        let year = ente?.rows.first.flatMap { row in zip(ente!.headers, row).first { $0.0 == "Anno" }.flatMap { Int($0.1) } } ?? 2000
        let book = try WorkbookWriter(path: path, title: title, createdOn: CalendarDate.firstDay(of: year))
        for table in source.tables {
            let sheet = book.addSheet(table.sheet)
            for (c, header) in table.headers.enumerated() {
                sheet.write(0, c, .text(header), .header)
                let width = widths[header] ?? (dateColumns.contains(header) ? 12 : 14)
                sheet.setColumn(c, c, width: width)
            }
            for (r, row) in table.rows.enumerated() {
                for (c, value) in row.enumerated() {
                    let (content, format) = cell(value, header: table.headers[c])
                    sheet.write(r + 1, c, content, format)
                }
            }
            sheet.freezePanes(rows: 1)
            sheet.autofilter(firstRow: 0, lastRow: table.rows.count, firstColumn: 0, lastColumn: table.headers.count - 1)
            sheet.printFittingWidth(repeatRows: 0...0)
        }
        try book.close()
    }

    static func cell(_ value: String, header: String) -> (CellContent, FormatSpec) {
        if value.isEmpty { return (.blank, .text) }
        if dateColumns.contains(header) || quantityColumns.contains(header) {
            if case .date(let d) = ItalianValues.date(value) { return (.date(d), .date) }
        }
        if quantityColumns.contains(header) {
            if let p = ItalianValues.percent(value) {
                return (.number(p), (p * 100).rounded() == p * 100 ? .percent : .percentDecimal)
            }
            if let n = ItalianValues.number(value) { return (.number(n), .number) }
        }
        if numberColumns.contains(header), let n = ItalianValues.number(value) {
            return (.number(n), n == n.rounded() ? .integer : .number)
        }
        return (.text(value), .text)
    }
}
