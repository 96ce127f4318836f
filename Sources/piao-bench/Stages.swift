import Foundation
import Ingest
import PerformanceModel
import Pipeline
import Reports
import Scoring
import Store
import XLSXReader

/// `piao-bench stages --ente DIR [--repeat N]`: one ente of a national round
/// (DIR holds piano.xlsx and drop/) taken through each stage N times in one
/// process, with the time of each stage per ente. Outputs go to DIR/stages-out
/// (on the same disk as a real run) or --out DIR/stages-out (/dev/shm: no disk).
/// Times are the thread's CPU time (user + system), not wall time. A profiling aid: where does an ente's time go?
struct StageTimer {
    let ente: String
    let repeatCount: Int
    let outputRoot: String?

    func run() {
        let plan = ente + "/piano.xlsx"
        let drop = ente + "/drop"
        let out = (outputRoot ?? ente) + "/stages-out"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: drop)) ?? []).sorted().map { drop + "/" + $0 }
        var totals: [(String, Double)] = []
        // CPU time of this thread (user + kernel): steadier than wall time on a shared machine.
        func cpu() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        }
        func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let start = cpu()
            let r = try body()
            let elapsed = cpu() - start
            if let i = totals.firstIndex(where: { $0.0 == name }) { totals[i].1 += elapsed } else { totals.append((name, elapsed)) }
            return r
        }
        let settings = ScoringSettings()
        let date = CalendarDate(year: 2024, month: 12, day: 31)!
        for round in 0..<repeatCount {
            try? FileManager.default.removeItem(atPath: out)
            try! FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let reading = time("plan read+check") { PlanReader.read(path: plan) }
            let hashes = time("sha256 (plan+files)") { ([plan] + files).map { Consolidator.sha256(path: $0) } }
            let inputs = time("monitoring read+normalize") {
                files.enumerated().map { i, path in
                    Consolidator.input(path: path, sha256: hashes[i + 1], reading: MonitoringReader.read(path: path, plan: reading.plan))
                }
            }
            let card = time("score") {
                Scorer.score(plan: reading.plan, submissions: inputs.compactMap(\.submission), date: date, isFinal: true, settings: settings)
            }
            let store = time("store: new database") { try! HistoryStore(path: out + "/storico.sqlite") }
            time("store: record") {
                try! store.record(ente: reading.plan.ente, year: 2024, newFiles: inputs, startedAt: Date(timeIntervalSince1970: 0))
            }
            time("store: read back") { _ = try! store.inputs(ente: reading.plan.ente, year: 2024) }
            let planFile = InputFile(name: "piano.xlsx", sha256: hashes[0], outcome: .plan, anomalies: reading.anomalies)
            let c = Consolidation(plan: reading.plan, planFile: planFile, planAnomalies: reading.anomalies, inputs: inputs,
                                  cards: [card], settings: settings)
            time("consolidated workbook") { try! ConsolidatedWorkbook.write(c, card: card, to: out + "/consolidato.xlsx") }
            time("OIV workbook") { try! OIVExport.write(c, card: card, to: out + "/oiv.xlsx") }
            time("open data (2 csv)") {
                try! AtomicFile.write(OpenData.objectives(c, card: card), to: out + "/o.csv")
                try! AtomicFile.write(OpenData.indicators(c, card: card), to: out + "/i.csv")
            }
            time("receipts (xlsx+txt per file)") {
                for input in inputs { try! Receipt.write(input, plan: reading.plan, folder: out) }
            }
            time("archive copies") {
                try! FileManager.default.createDirectory(atPath: out + "/archivio", withIntermediateDirectories: true)
                for (i, f) in files.enumerated() { try! AtomicFile.copy(from: f, to: out + "/archivio/\(hashes[i + 1]).xlsx", durable: false) }
            }
            if round == 0 { fputs("ente \(reading.plan.ente): \(files.count) file, punteggio \(card.ente.score.map { "\($0)" } ?? "-")\n", stderr) }
        }
        try? FileManager.default.removeItem(atPath: out)
        let total = totals.reduce(0) { $0 + $1.1 }
        for (name, t) in totals {
            print(name.padding(toLength: 38, withPad: " ", startingAt: 0) + String(format: "%8.2f ms  %5.1f %%", t * 1000 / Double(repeatCount), 100 * t / total))
        }
        print("total per ente".padding(toLength: 38, withPad: " ", startingAt: 0) + String(format: "%8.2f ms", total * 1000 / Double(repeatCount)))
    }
}
