// libFuzzer target over the monitoring normaliser (Ingest) with the real
// 2024 plan, and the scoring of what it accepts. Built by
// scripts/fuzz.sh ingest against the modules XLSXReader, PerformanceModel,
// Scoring and Ingest. Input: a workbook's bytes, as a settore drops it.
// Seeds: the sample submissions in Inputs/monitoraggio.
import Ingest
import PerformanceModel
import Scoring
import XLSXReader

/// Read once per process: the plan every submission is judged against.
let plan: Plan = {
    let reading = PlanReader.read(path: "Inputs/piano/piano-2024.xlsx")
    precondition(reading.structuralErrors.isEmpty, "run from the repository root: the real plan is needed")
    return reading.plan
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = ReaderLimits()
    limits.maxPartBytes = 8 << 20
    limits.maxTotalBytes = 16 << 20
    limits.maxCells = 200_000
    guard let book = try? XLSXWorkbook(bytes: bytes, fileName: "fuzz.xlsx", limits: limits) else { return 0 }
    let reading = MonitoringReader.read(book, plan: plan)
    _ = Anomaly.tally(reading.anomalies)
    if let submission = reading.submission {
        for (month, day, isFinal) in [(6, 30, false), (12, 31, true)] {
            let card = Scorer.score(plan: plan, submissions: [submission], date: CalendarDate(year: 2024, month: month, day: day)!,
                                    isFinal: isFinal, settings: ScoringSettings())
            _ = card.anomalies.count
        }
    }
    return 0
}
