import Foundation
import Pipeline
import XLSXWriter

/// `piao-bench tape --config CFG --out TAPE`: one night of the round with
/// every libxlsxwriter call recorded (`WriterTape`), and every input
/// workbook (plans, drop folders) named, for `bench/tools/writer_floor.c`
/// to replay: the same workbooks from precomputed calls, the same inputs
/// inflated, and nothing else — the floor piao's full night is compared with.
func recordTape(config: String, out: String) {
    let configs: [PipelineConfiguration]
    do { configs = try PipelineConfiguration.loadAll(path: config) } catch { fail("tape: \(error)") }
    let tape: WriterTape
    do { tape = try WriterTape(path: out) } catch { fail("tape: cannot create \(out)") }
    for c in configs {
        tape.inflate(c.resolve(c.piano))
        let drop = c.resolve(c.cartellaMonitoraggio)
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: drop)) ?? []).sorted() where name.hasSuffix(".xlsx") {
            tape.inflate((drop as NSString).appendingPathComponent(name))
        }
    }
    WriterTape.current = tape
    let reports = NightlyRun.run(configs, options: .init(jobs: 1))
    WriterTape.current = nil
    tape.close()
    let worst = reports.map(\.status.rawValue).max() ?? 0
    fputs("tape: \(configs.count) enti recorded into \(out) (worst status \(worst))\n", stderr)
}
