import Foundation
import Testing
import Pipeline

/// A plan the controllo di gestione broke by hand must not consume the
/// round: the ente stops before any file is read (exit 2, drop folder
/// untouched, nothing stored), every command says why in Italian instead of
/// crashing, and once the plan is fixed the scores are those of a clean run.
@Suite("Broken plan")
struct BrokenPlanTests {
    static let repo = NightlyRunTests.repo

    /// Plans broken by hand (`Tests/Fixtures/plans`, the real plan edited with openpyxl:
    /// `Tests/Fixtures/tools/make_broken_plans.py`), and what the message must say.
    static let breakages: [(String, String)] = [
        ("senza-foglio-indicatori.xlsx", "manca il foglio «Indicatori»"),
        ("target-rinominato.xlsx", "mancano le colonne «Target»"),
        ("anno-rinominato.xlsx", "mancano le colonne «Anno»"),
        ("senza-indicatori.xlsx", "il foglio «Indicatori» non elenca alcun indicatore"),
        // A repeated ID used to trap in the scorer's lookups (Dictionary(uniqueKeysWithValues:)).
        ("obiettivo-ripetuto.xlsx", "l'obiettivo «02-2» compare due volte"),
    ]

    /// A working folder (settori 00–05 dropped, sposta mode) whose plan is `fixture`.
    static func setUp(plan fixture: URL) throws -> URL {
        let dir = try NightlyRunTests.setUp()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("piano.xlsx"))
        try FileManager.default.copyItem(at: fixture, to: dir.appendingPathComponent("piano.xlsx"))
        return dir
    }

    @Test("the ente stops before any file is read; templates and status refuse without crashing; fixed, the scores are right",
          arguments: breakages)
    func stopsTheEnte(_ fixture: String, _ message: String) throws {
        let dir = try Self.setUp(plan: Fixtures.root.appendingPathComponent("plans/\(fixture)"))
        let drop = dir.appendingPathComponent("drop")
        let before = DropFolderTests.contents(drop)
        #expect(before.count == 13)
        let run = try NightlyRunTests.run(dir)
        #expect(!run.killed, "crashed: \(run.stderr)")
        #expect(run.status == 2)
        #expect(run.stderr.contains("il piano «piano.xlsx» non è utilizzabile:"), "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stderr.contains("Nessun file di monitoraggio è stato letto e la cartella dei monitoraggi è rimasta com'era."))
        #expect(DropFolderTests.contents(drop) == before, "the drop folder was touched")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/storico.sqlite").path), "something was stored")
        for command in [["templates", "--date", "2024-06-30"], ["status"]] {
            let r = try Piao.run(command + ["--config", dir.appendingPathComponent("pipeline.json").path])
            #expect(!r.killed, "\(command[0]) crashed: \(r.stderr)")
            #expect(r.status == 2, "\(command[0]): \(r.status)")
            #expect(r.stderr.contains("non è utilizzabile"), "\(command[0]): \(r.stderr)")
        }
        // Fixed: the same scores as a night that never saw the broken plan.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("piano.xlsx"))
        try FileManager.default.copyItem(at: Self.repo.appendingPathComponent("Inputs/piano/piano-2024.xlsx"), to: dir.appendingPathComponent("piano.xlsx"))
        let fixed = try NightlyRunTests.run(dir)
        let clean = try NightlyRunTests.run(try NightlyRunTests.setUp())
        let scores = { (r: CommandResult) in r.stdout.split(separator: "\n").filter { $0.hasPrefix("Punteggi") || $0.hasPrefix("  settore") } }
        #expect(!scores(fixed).isEmpty)
        #expect(scores(fixed) == scores(clean))
    }

    @Test("a plan of another year than the configuration's stops the ente")
    func otherYear() throws {
        let dir = try NightlyRunTests.setUp()
        let config = dir.appendingPathComponent("pipeline.json")
        try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: #""anno": 2024"#, with: #""anno": 2025"#)
            .write(to: config, atomically: true, encoding: .utf8)
        let run = try NightlyRunTests.run(dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("il piano è dell'anno 2024, la configurazione dell'anno 2025 (chiave «anno»)"), "\(run.stderr)")
    }
}
