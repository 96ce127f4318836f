// libFuzzer target over the plan reader and its checks, and the scoring of
// an empty round against whatever plan it accepts (weights, targets, dates
// and phases reach the arithmetic). Built by scripts/fuzz.sh plan.
// Input: a plan workbook's bytes, as a controllo di gestione saves one.
// Seeds: the real plan and the broken plans in Tests/Fixtures/plans.
import Ingest
import PerformanceModel
import Scoring
import XLSXReader

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = ReaderLimits()
    limits.maxPartBytes = 8 << 20
    limits.maxTotalBytes = 16 << 20
    limits.maxCells = 200_000
    guard let book = try? XLSXWorkbook(bytes: bytes, fileName: "piano.xlsx", limits: limits) else { return 0 }
    let reading = PlanReader.read(book)
    guard reading.structuralErrors.isEmpty else { return 0 }
    let plan = reading.plan
    for isFinal in [false, true] {
        let date = isFinal ? CalendarDate.lastDay(of: plan.year) : CalendarDate(year: plan.year, month: 6, day: 30) ?? CalendarDate.lastDay(of: plan.year)
        _ = Scorer.score(plan: plan, submissions: [], date: date, isFinal: isFinal, settings: ScoringSettings()).anomalies.count
    }
    return 0
}
