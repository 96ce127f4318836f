/// The whole content of a workbook as `piao inspect` shows it: a JSON
/// document other tools depend on, and a table for people.
///
/// JSON contract: `{"sheets":[{"name":…,"state":"visible"|"hidden"|"veryHidden",
/// "cells":[{"ref":"B3","type":"number"|"string"|"boolean"|"date"|"error"|"formula","value":…}]}]}`
/// — sheets in workbook order, cells row-major, empty cells omitted.
public struct WorkbookDump: Sendable {
    public struct Sheet: Sendable {
        public let info: SheetInfo
        public let cells: [Cell]
    }

    public let sheets: [Sheet]

    /// Reads every cell of the selected sheets (all when `only` is nil).
    public init(_ book: XLSXWorkbook, only: SheetInfo? = nil) throws(XLSXError) {
        var out: [Sheet] = []
        for info in book.sheets where only == nil || info == only {
            let reader = try book.rows(of: info)
            var cells: [Cell] = []
            while let row = try reader.nextRow() { cells.append(contentsOf: row.cells) }
            // Rows out of order in the XML still come out row-major.
            if !zip(cells, cells.dropFirst()).allSatisfy({ ($0.row, $0.column) < ($1.row, $1.column) }) {
                cells.sort { ($0.row, $0.column) < ($1.row, $1.column) }
            }
            out.append(Sheet(info: info, cells: cells))
        }
        sheets = out
    }

    // MARK: JSON

    public var json: String {
        var s = "{\"sheets\":["
        for (i, sheet) in sheets.enumerated() {
            if i > 0 { s += "," }
            s += "{\"name\":\(Self.jsonString(sheet.info.name)),\"state\":\"\(sheet.info.state.rawValue)\",\"cells\":["
            for (j, cell) in sheet.cells.enumerated() {
                if j > 0 { s += "," }
                let (type, value) = Self.jsonTypeAndValue(cell.value)
                s += "{\"ref\":\"\(cell.reference)\",\"type\":\"\(type)\",\"value\":\(value)}"
            }
            s += "]}"
        }
        return s + "]}"
    }

    static func jsonTypeAndValue(_ value: CellValue) -> (String, String) {
        switch value {
        case .number(let v): return ("number", jsonNumber(v))
        case .string(let v): return ("string", jsonString(v))
        case .boolean(let v): return ("boolean", v ? "true" : "false")
        case .error(let v): return ("error", jsonString(v))
        case .formula(let v): return ("formula", jsonString(v))
        case .dateTime:
            // Serials outside Excel's calendar stay numbers rather than invent a date.
            guard let dt = value.dateTime else {
                if case .dateTime(let serial, _) = value { return ("number", jsonNumber(serial)) }
                return ("number", "0")
            }
            return ("date", jsonString(dt.iso))
        }
    }

    /// Integral values without a decimal point; others in the shortest form
    /// that reads back to the same double.
    public static func jsonNumber(_ v: Double) -> String {
        if v == v.rounded(.towardZero) && abs(v) < 1e15 {
            if v == 0 { return v.sign == .minus ? "-0" : "0" }
            return String(Int64(v))
        }
        return "\(v)"
    }

    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    // MARK: Table

    /// A readable, Italian listing: one block per sheet, one line per cell.
    public var table: String {
        var lines: [String] = []
        for (i, sheet) in sheets.enumerated() {
            if i > 0 { lines.append("") }
            let state: String
            switch sheet.info.state {
            case .visible: state = "visibile"
            case .hidden: state = "nascosto"
            case .veryHidden: state = "molto nascosto"
            }
            let count = sheet.cells.count == 1 ? "1 cella" : "\(sheet.cells.count) celle"
            lines.append("Foglio «\(sheet.info.name)» (\(state)), \(count)")
            let width = max(4, sheet.cells.map { $0.reference.count }.max() ?? 0)
            for cell in sheet.cells {
                let (kind, text) = Self.readable(cell.value)
                let ref = cell.reference.padding(width)
                var line = "  \(ref)  \(kind.padding(8))  \(text)"
                // A computed value also shows the formula it came from.
                if let f = cell.formula, cell.value != .formula(f) { line += "   [=\(f)]" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    static func readable(_ value: CellValue) -> (String, String) {
        switch value {
        case .number(let v): return ("numero", italianNumber(v))
        case .string(let v): return ("testo", v.replacingAll("\n", with: "⏎"))
        case .boolean(let v): return ("logico", v ? "VERO" : "FALSO")
        case .error(let v): return ("errore", v)
        case .formula(let v): return ("formula", "=\(v) (senza valore calcolato)")
        case .dateTime(let serial, _):
            if let dt = value.dateTime { return ("data", dt.italian) }
            return ("numero", italianNumber(serial))
        }
    }

    /// `12,5` — the decimal comma Italians read.
    public static func italianNumber(_ v: Double) -> String {
        jsonNumber(v).replacingAll(".", with: ",")
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
