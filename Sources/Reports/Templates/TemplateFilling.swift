import Foundation
import PerformanceModel
import XLSXWriter

/// Pre-filled values for monitoring templates, from a reviewable TSV:
/// `Settore  Foglio  Chiave  Valore  Data  Note  Motivazione`, one row per
/// input. Typed values say which cell a person would have produced:
/// `n:2.5` number, `%:0.7` number shown as %, `d:2024-06-30` date,
/// `t:2,5` text exactly as typed (typing mistakes included), empty = blank.
public enum TemplateFilling {
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Fillings by settore code.
    public static func read(path: String) throws(Failure) -> [String: MonitoringTemplate.Filling] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Failure(message: "impossibile leggere «\(path)»")
        }
        let name = (path as NSString).lastPathComponent
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        let expected = ["Settore", "Foglio", "Chiave", "Valore", "Data", "Note", "Motivazione"]
        guard lines.first?.components(separatedBy: "\t") == expected else {
            throw Failure(message: "«\(name)»: la prima riga deve essere «\(expected.joined(separator: " | "))»")
        }
        var out: [String: MonitoringTemplate.Filling] = [:]
        for (i, line) in lines.dropFirst().enumerated() {
            let f = line.components(separatedBy: "\t")
            let at = "«\(name)», riga \(i + 2)"
            guard f.count == expected.count else { throw Failure(message: "\(at): \(f.count) campi invece di \(expected.count)") }
            let (sector, sheet, key) = (f[0], f[1], f[2])
            var filling = out[sector] ?? MonitoringTemplate.Filling()
            switch sheet {
            case "Scheda":
                switch key {
                case "Compilato da": filling.compiledBy = f[3]
                case "Data compilazione": filling.compiledOn = try cell(f[3], at).content
                case "Avviso": filling.banner = f[3]
                default: throw Failure(message: "\(at): campo «\(key)» sconosciuto in Scheda")
                }
            case "Indicatori":
                let (content, percent) = try cell(f[3], at)
                filling.indicators[key] = .init(value: content, percentFormat: percent, note: f[5], deviationReason: f[6])
            case "Fasi":
                filling.phases[key] = .init(state: try cell(f[3], at).content, completedOn: try cell(f[4], at).content, note: f[5])
            default:
                throw Failure(message: "\(at): foglio «\(sheet)» sconosciuto (Scheda, Indicatori, Fasi)")
            }
            out[sector] = filling
        }
        return out
    }

    /// A typed value: (content, shown as percent).
    static func cell(_ raw: String, _ at: String) throws(Failure) -> (content: CellContent, percent: Bool) {
        if raw.isEmpty { return (.blank, false) }
        let prefix = raw.prefix(2), body = String(raw.dropFirst(2))
        switch prefix {
        case "n:", "%:":
            guard let v = Double(body) else { throw Failure(message: "\(at): «\(raw)» non è un numero") }
            return (.number(v), prefix == "%:")
        case "d:":
            guard let d = CalendarDate(iso: body) else { throw Failure(message: "\(at): «\(raw)» non è una data aaaa-mm-gg") }
            return (.date(d), false)
        case "t:":
            return (.text(body), false)
        default:
            return (.text(raw), false)
        }
    }
}
