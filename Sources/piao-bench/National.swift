// `piao-bench national --enti N --out DIR`: a synthetic national round
// built from the real 2024 plan's structure — N enti, each with its plan
// workbook and the 9 settori's filled monitoring workbooks at 31/12, with
// varied values and a few bad files — plus the pipeline.json listing them.
import Foundation
import Ingest
import PerformanceModel
import Reports
import XLSXReader
import XLSXWriter

struct NationalRound {
    let enti: Int
    let out: String
    let planSource: String

    func generate() throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        var source = try PlanSource.read(folder: planSource)
        let enteTable = source.tables.firstIndex { $0.sheet == "Ente" }!
        var entries: [String] = []
        var files = 0, cells = 0, bad = 0
        let year = 2024
        let date = CalendarDate(year: year, month: 12, day: 31)!
        var rng = SplitMix(seed: 2024)
        for i in 1...enti {
            let id = String(format: "%04d", i)
            let name = "Comune di Prova \(id)"
            let dir = "\(out)/enti/\(id)"
            try fm.createDirectory(atPath: "\(dir)/drop", withIntermediateDirectories: true)
            source.tables[enteTable].rows[0][0] = name
            try PlanWorkbook.write(source, to: "\(dir)/piano.xlsx")
            let plan = PlanReader.read(path: "\(dir)/piano.xlsx").plan
            for sector in plan.sectors {
                let file = "\(dir)/drop/" + MonitoringTemplate.fileName(plan: plan, sectorCode: sector.code, date: date)
                try MonitoringTemplate.write(plan: plan, sectorCode: sector.code, date: date, to: file, filling: filling(plan, sector.code, &rng))
                files += 1
                cells += try countCells(file)
            }
            // A few bad files a round always has.
            if i % 100 == 0 {
                try "Settore;Valore\n02;2,5\n".write(toFile: "\(dir)/drop/scheda-da-excel.xlsx", atomically: true, encoding: .utf8)
                files += 1; bad += 1
            }
            if i % 150 == 0 {
                let whole = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/drop/" + MonitoringTemplate.fileName(plan: plan, sectorCode: "03", date: date)))
                try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: "\(dir)/drop/caricamento-interrotto.xlsx"))
                try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3 * 86_400)], ofItemAtPath: "\(dir)/drop/caricamento-interrotto.xlsx")
                files += 1; bad += 1
            }
            entries.append("""
                {"ente": "\(name)", "anno": \(year), "piano": "enti/\(id)/piano.xlsx", \
                "cartelle": {"monitoraggio": "enti/\(id)/drop", "output": "enti/\(id)/out"}}
                """)
            if i % 100 == 0 { FileHandle.standardError.write(Data("national: \(i)/\(enti) enti\n".utf8)) }
        }
        let config = """
            {"enti": [
            \(entries.joined(separator: ",\n"))
            ],
             "monitoraggi": {"intermedi": ["2024-06-30"], "finale": "2024-12-31"},
             "archiviazione": {"modalita": "copia", "attesaSecondi": 0}}

            """
        try config.write(toFile: "\(out)/pipeline.json", atomically: true, encoding: .utf8)
        try "{\"enti\": \(enti), \"files\": \(files), \"cells\": \(cells), \"bad\": \(bad)}\n".write(toFile: "\(out)/manifest.json", atomically: true, encoding: .utf8)
        print("{\"enti\":\(enti),\"files\":\(files),\"cells\":\(cells),\"bad\":\(bad)}")
    }

    /// Plausible values around each target, by measure; phases mostly on time.
    func filling(_ plan: Plan, _ sector: String, _ rng: inout SplitMix) -> MonitoringTemplate.Filling {
        var f = MonitoringTemplate.Filling()
        f.compiledBy = "Ufficio \(sector)"
        f.compiledOn = .date(CalendarDate(year: 2025, month: 1, day: 10 + Int(rng.next() % 15))!)
        f.banner = "DATI SINTETICI PER IL BENCHMARK"
        for ind in plan.indicators(reportedBy: sector) {
            let u = rng.unit()
            let value: CellContent
            var percent = false
            if ind.isChangeOverBaselineAmount, let b = ind.baseline?.numeric {
                value = .number((b * (0.8 + 0.4 * u) * 100).rounded() / 100)
            } else {
                switch (ind.measure, ind.target) {
                case (.percentuale, let t?): value = .number(((t.numeric ?? 1) * (0.5 + 0.7 * u) * 1000).rounded() / 1000); percent = true
                case (.quantita, let t?): value = u < 0.1 ? .text(Quantity.italianNumber(((t.numeric ?? 10) * 1.5 * u * 10).rounded() / 10)) : .number(((t.numeric ?? 10) * (0.5 + 0.7 * u)).rounded())
                case (.tempestivita, _): value = .number((u * 15 - 5).rounded())
                case (.data, .date(let d)?): value = .date(d.adding(days: Int(u * 40) - 20))
                case (.siNo, _): value = .text(u < 0.8 ? "SI" : "NO")
                default: value = u < 0.5 ? .number((u * 20).rounded()) : .blank
                }
            }
            f.indicators[ind.id] = .init(value: value, percentFormat: percent, note: u < 0.2 ? "dato dell'ufficio" : "",
                                         deviationReason: u < 0.3 ? "ritardo nelle forniture" : "")
        }
        let objectives = Set(plan.objectives(reportedBy: sector).map(\.id))
        for phase in plan.phases where objectives.contains(phase.objectiveID) {
            let u = rng.unit()
            guard let end = phase.end else { continue }
            if u < 0.8 {
                f.phases[phase.key] = .init(state: .text("completata"), completedOn: .date(end.adding(days: Int(u * 30) - 20)))
            } else {
                f.phases[phase.key] = .init(state: .text(u < 0.9 ? "in corso" : "non avviata"))
            }
        }
        return f
    }

    func countCells(_ path: String) throws -> Int {
        let book = try XLSXWorkbook(path: path)
        var n = 0
        for sheet in book.sheets {
            let r = try book.rows(of: sheet)
            while let row = try r.nextRow() { n += row.cells.count }
        }
        return n
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
