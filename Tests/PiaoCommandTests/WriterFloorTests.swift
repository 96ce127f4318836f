import Foundation
import Testing
import TestSupport

/// The benchmark's writer floor (issue 16) is only a floor if it does the
/// same work: replayed from the tape of a real night, its workbooks must be
/// piao's, byte for byte. (Speed is measured by `make bench-national`, never here.)
@Suite("Writer floor")
struct WriterFloorTests {
    @Test("a night's tape, replayed by bench/tools/writer_floor.c, writes piao's workbooks byte for byte")
    func replaysTheNight() throws {
        let dir = try NightlyRunTests.setUp(mode: "copia")
        let bench = Piao.executable.deletingLastPathComponent().appendingPathComponent("piao-bench")
        let tape = dir.appendingPathComponent("notte.tape").path
        let recorded = try Subprocess.run([bench.path, "tape", "--config", dir.appendingPathComponent("pipeline.json").path, "--out", tape])
        #expect(recorded.status == 0, "\(recorded.output)")
        let workbooks = try NightlyRunTests.outputs(dir).filter { $0.key.hasSuffix(".xlsx") && !$0.key.hasPrefix("archivio/") && !$0.key.hasPrefix("quarantena/") }
        #expect(workbooks.count == 2 + 1 + 13, "two consolidated, the OIV export, a receipt per file: \(workbooks.keys.sorted())")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("out"))

        let floor = dir.appendingPathComponent("writer-floor").path
        let source = NightlyRunTests.repo.appendingPathComponent("bench/tools/writer_floor.c").path
        // The system's C compiler, or the Swift toolchain's clang.
        var built = try Subprocess.run(["cc", "-O2", "-o", floor, source, "-lxlsxwriter", "-lzip"])
        if built.status == 127 { built = try Subprocess.run(["clang", "-O2", "-o", floor, source, "-lxlsxwriter", "-lzip"]) }
        #expect(built.status == 0, "\(built.output)")
        let replayed = try Subprocess.run([floor, tape])
        #expect(replayed.status == 0 && replayed.output.contains("\"workbooks\":\(workbooks.count)"), "\(replayed.output)")
        let again = try NightlyRunTests.outputs(dir).filter { workbooks[$0.key] != nil }
        #expect(again == workbooks)
    }
}
