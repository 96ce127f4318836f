import Foundation
import PerformanceModel
import Scoring

/// Open data for *Amministrazione Trasparente*: objective and indicator
/// scores as CSV — UTF-8 with BOM, `;` separator, Italian decimal comma by
/// setting — with no employee names. Text that a spreadsheet would run
/// as a formula (`=`, `+`, `-`, `@`) is neutralised with a leading `'`.
public enum OpenData {
    public static func objectivesFileName(_ c: Consolidation) -> String { "obiettivi-\(c.enteSlug)-\(c.plan.year).csv" }
    public static func indicatorsFileName(_ c: Consolidation) -> String { "indicatori-\(c.enteSlug)-\(c.plan.year).csv" }

    public static func objectives(_ c: Consolidation, card: ScoreCard, decimalComma: Bool = true) -> String {
        var rows = [["Ente", "Anno", "Data di riferimento", "ID obiettivo", "Settore", "Titolo", "Obiettivo strategico", "Linea strategica",
                     "Raggiungimento (%)", "Fascia"]]
        for o in c.plan.objectives {
            let s = card.objective(o.id)
            rows.append([c.plan.ente, String(c.plan.year), card.date.italian, o.id, c.plan.sector(o.sectorCode)?.label ?? o.sectorCode, o.title,
                         o.strategicObjectiveCode, c.plan.lineCode(of: o) ?? "", percent(s?.score, decimalComma), (s?.score == nil ? "non valutabile" : s?.band?.rawValue ?? "stato di avanzamento")])
        }
        return csv(rows)
    }

    public static func indicators(_ c: Consolidation, card: ScoreCard, decimalComma: Bool = true) -> String {
        var rows = [["Ente", "Anno", "Data di riferimento", "ID indicatore", "ID obiettivo", "Settore", "Descrizione", "Misura", "Target",
                     "Consuntivo", "Raggiungimento (%)", "Stato"]]
        for s in card.indicators {
            let i = s.indicator
            rows.append([c.plan.ente, String(c.plan.year), card.date.italian, i.id, i.objectiveID, i.sectorCode, i.description,
                         i.measure?.rawValue ?? "", quantity(i.target, decimalComma), quantity(s.actual?.value, decimalComma),
                         percent(s.achievement, decimalComma), ConsolidatedWorkbook.status(s.status)])
        }
        return csv(rows)
    }

    static func percent(_ v: Double?, _ comma: Bool) -> String {
        guard let v else { return "" }
        return number((v * 10000).rounded() / 100, comma)
    }

    static func number(_ v: Double, _ comma: Bool) -> String {
        let s = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
        return comma ? s.replacingOccurrences(of: ".", with: ",") : s
    }

    static func quantity(_ q: Quantity?, _ comma: Bool) -> String {
        switch q {
        case .number(let v)?: return number(v, comma)
        case .percent(let v)?: return number((v * 1e8).rounded() / 1e6, comma) + "%"
        case .date(let d)?: return d.italian
        case .yesNo(let b)?: return b ? "SI" : "NO"
        case nil: return ""
        }
    }

    /// `;`-separated, CRLF, quoted when needed, BOM first (Excel opens it as UTF-8).
    static func csv(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.map(field).joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
    }

    public static func field(_ raw: String) -> String {
        var s = raw
        // Numbers ("-3,5") stay numbers; text a spreadsheet would evaluate gets a leading '.
        if let first = s.utf8.first, first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D,
           Double(String(s.map { $0 == "," ? "." : $0 })) == nil {
            s = "'" + s
        }
        if s.utf8.contains(where: { $0 == 0x3B || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            s = "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
