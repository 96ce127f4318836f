import Foundation
import Testing
import Pipeline
import Reports
import Store

/// The drop folder as careless users and attackers leave it: entries that
/// are not files, names at the file system's limit or with a newline,
/// temporaries of a killed run, a resubmission under the same name. Each on
/// a real folder, with the real binary, as cron runs it.
@Suite("Hostile drop folder")
struct DropFolderTests {
    static let repo = NightlyRunTests.repo
    static let sample = repo.appendingPathComponent("Inputs/monitoraggio/monitoraggio-cassano-d-adda-2024-settore-00-2024-06-30.xlsx")

    /// A working folder with the real plan, an empty drop folder and a configuration in `mode`.
    static func setUp(mode: String = "sposta", extra: String = "") throws -> URL {
        let dir = temporaryDirectory()
        try FileManager.default.copyItem(at: repo.appendingPathComponent("Inputs/piano/piano-2024.xlsx"), to: dir.appendingPathComponent("piano.xlsx"))
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("drop"), withIntermediateDirectories: true)
        let config = """
        {"ente": "Comune di Cassano d'Adda", "anno": 2024, "piano": "piano.xlsx",
         "cartelle": {"monitoraggio": "drop", "output": "out"},
         "archiviazione": {"modalita": "\(mode)", "attesaSecondi": 0}\(extra)}
        """
        try config.write(to: dir.appendingPathComponent("pipeline.json"), atomically: true, encoding: .utf8)
        return dir
    }

    static func run(_ dir: URL, _ extra: [String] = [], environment: [String: String] = [:]) throws -> CommandResult {
        try Piao.run(["run", "--config", dir.appendingPathComponent("pipeline.json").path] + extra, environment: environment, timeout: 120)
    }

    static func shell(_ command: String) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// Every regular file under `folder` (recursively) → its content's SHA-256.
    static func contents(_ folder: URL) -> [String: String] {
        var map: [String: String] = [:]
        for path in (try? FileManager.default.subpathsOfDirectory(atPath: folder.path)) ?? [] {
            var st = stat()
            let full = folder.appendingPathComponent(path).path
            if lstat(full, &st) == 0, st.st_mode & S_IFMT == S_IFREG { map[path] = Consolidator.sha256(path: full) }
        }
        return map
    }

    @Test("FIFO, device, socket, symbolic links (to /dev/zero, a private file, another folder, dangling), subfolders: one log line each, never read, copied, moved or deleted; no hang")
    func notRegularFiles() throws {
        let dir = try Self.setUp()
        let drop = dir.appendingPathComponent("drop")
        let fm = FileManager.default
        try fm.copyItem(at: Self.sample, to: drop.appendingPathComponent("settore-00.xlsx"))
        #expect(mkfifo(drop.appendingPathComponent("fifo.xlsx").path, 0o644) == 0)
        try fm.createSymbolicLink(atPath: drop.appendingPathComponent("zero.xlsx").path, withDestinationPath: "/dev/zero")
        // A private file elsewhere: its link must not carry it into the quarantine.
        let secret = dir.appendingPathComponent("segreto.txt")
        try "password di un altro ente\n".write(to: secret, atomically: true, encoding: .utf8)
        chmod(secret.path, 0o600)
        try fm.createSymbolicLink(atPath: drop.appendingPathComponent("passwd.xlsx").path, withDestinationPath: secret.path)
        let otherDrop = dir.appendingPathComponent("altro-ente")
        try fm.createDirectory(at: otherDrop, withIntermediateDirectories: true)
        try fm.copyItem(at: Self.sample, to: otherDrop.appendingPathComponent("loro.xlsx"))
        try fm.createSymbolicLink(atPath: drop.appendingPathComponent("altro").path, withDestinationPath: otherDrop.path)
        try fm.createSymbolicLink(atPath: drop.appendingPathComponent("interrotto.xlsx").path, withDestinationPath: dir.appendingPathComponent("non-esiste.xlsx").path)
        try fm.createDirectory(at: drop.appendingPathComponent("sottocartella"), withIntermediateDirectories: true)
        try fm.copyItem(at: Self.sample, to: drop.appendingPathComponent("sottocartella/dentro.xlsx"))
        #expect(try Self.shell("python3 -c \"import socket; socket.socket(socket.AF_UNIX).bind('\(drop.path)/socket.xlsx')\"") == 0)
        let device = try Self.shell("mknod '\(drop.path)/device.xlsx' c 1 5") == 0 // root only (CI runs as root)

        let before = Self.contents(dir)
        let result = try Self.run(dir)
        #expect(!result.timedOut, "the run hung")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let expected: [(String, String)] = [
            ("altro", "collegamento simbolico a «\(otherDrop.path)»: non viene seguito"),
            ("fifo.xlsx", "è una pipe con nome (FIFO), non un file: non viene letta"),
            ("interrotto.xlsx", "collegamento simbolico interrotto a «\(dir.path)/non-esiste.xlsx»: non viene seguito"),
            ("passwd.xlsx", "collegamento simbolico a «\(secret.path)»: non viene seguito"),
            ("socket.xlsx", "è un socket, non un file: non viene letto"),
            ("sottocartella", "è una cartella: le sottocartelle non vengono lette"),
            ("zero.xlsx", "collegamento simbolico a «/dev/zero»: non viene seguito"),
        ] + (device ? [("device.xlsx", "è un dispositivo, non un file: non viene letto")] : [])
        for (name, reason) in expected {
            let lines = result.stdout.split(separator: "\n").filter { $0.contains(" \(name) ") }
            #expect(lines.count == 1, "\(name): \(lines)")
            #expect(lines.first?.hasPrefix("[IGNORATO]  \(name) — \(reason)") == true, "\(name): \(lines)")
        }
        #expect(result.stdout.contains("[ACCETTATO] settore-00.xlsx"))
        #expect(result.stdout.contains("Riepilogo: 1 file nuovo (1 accettato, 0 rifiutati), 0 già ricevuti, 0 in arrivo, \(expected.count) ignorati."))
        // Only the regular file left the drop folder; nothing else was read, copied or touched.
        let after = Self.contents(dir)
        for (path, sha) in before where path != "drop/settore-00.xlsx" { #expect(after[path] == sha, "\(path)") }
        let secretSHA = Consolidator.sha256(path: secret.path)
        #expect(!after.contains { $0.key.hasPrefix("out/") && $0.value == secretSHA }, "the private file was copied")
        #expect(!after.contains { $0.key.hasPrefix("out/quarantena") }, "nothing was quarantined")
        #expect(after.filter { $0.key.hasPrefix("out/archivio/") }.count == 1)
        for name in ["fifo.xlsx", "zero.xlsx", "passwd.xlsx", "altro", "interrotto.xlsx", "sottocartella", "socket.xlsx"] {
            var st = stat()
            #expect(lstat(drop.appendingPathComponent(name).path, &st) == 0, "\(name) was removed")
        }
        // The next night says the same and still does not hang.
        let again = try Self.run(dir)
        #expect(!again.timedOut && again.status == 0)
        #expect(again.stdout.contains("[IGNORATO]  fifo.xlsx"))
    }

    @Test("a lock file planted as a symbolic link is refused, and its target is left untouched")
    func symlinkedLock() throws {
        let dir = try Self.setUp()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        let victim = dir.appendingPathComponent("importante.txt")
        try "da non troncare\n".write(to: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("out/storico.sqlite.lock").path, withDestinationPath: victim.path)
        try FileManager.default.copyItem(at: Self.sample, to: dir.appendingPathComponent("drop/settore-00.xlsx"))
        let result = try Self.run(dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("impossibile usare il file di blocco «\(dir.path)/out/storico.sqlite.lock»: è un collegamento simbolico, che non viene seguito"))
        #expect(try String(contentsOf: victim, encoding: .utf8) == "da non troncare\n")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("drop/settore-00.xlsx").path))
    }

    @Test("a file over the size limit is refused before a byte is read, and stays in the folder")
    func tooLarge() throws {
        // The limit applies to the plan too: just above its size; the file a little over it.
        let limit = try FileManager.default.attributesOfItem(atPath: Self.repo.appendingPathComponent("Inputs/piano/piano-2024.xlsx").path)[.size] as! Int + 1
        let dir = try Self.setUp(extra: ", \"limiti\": {\"dimensioneFileMassima\": \(limit)}")
        try Data(repeating: 0x50, count: limit + 1).write(to: dir.appendingPathComponent("drop/grande.xlsx"))
        let result = try Self.run(dir)
        #expect(result.status == 1)
        #expect(result.stdout.contains("[RIFIUTATO] grande.xlsx — il file è di "), "\(result.stdout)")
        #expect(result.stdout.contains("[RIFIUTATO] grande.xlsx — il file è di \(limit + 1) byte, oltre il limite di \(limit) byte («limiti.dimensioneFileMassima»): non letto, lasciato nella cartella"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("drop/grande.xlsx").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/quarantena").path))
    }

    @Test("names at NAME_MAX (valid and rejected files) get bounded receipt and quarantine names; later nights still run")
    func longNames() throws {
        let dir = try Self.setUp()
        let drop = dir.appendingPathComponent("drop")
        let long = String(repeating: "è", count: 100) + String(repeating: "a", count: 50) // 250 bytes + ".xlsx" = 255
        #expect((long + ".xlsx").utf8.count == 255)
        try FileManager.default.copyItem(at: Self.sample, to: drop.appendingPathComponent(long + ".xlsx"))
        let bad = String(repeating: "b", count: 250) + ".xlsx"
        try "Settore;Valore\n02;2,5\n".write(to: drop.appendingPathComponent(bad), atomically: false, encoding: .utf8)
        let first = try Self.run(dir)
        #expect(first.status == 1, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("[ACCETTATO] \(long).xlsx"))
        #expect(first.stdout.contains("[RIFIUTATO] \(bad)"))
        let receipts = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out/esiti").path)
        #expect(receipts.count == 4)
        #expect(receipts.allSatisfy { $0.utf8.count <= OutputName.maxBytes + 5 }, "\(receipts)")
        let quarantined = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out/quarantena/2024").path)
        #expect(quarantined.count == 2 && quarantined.allSatisfy { $0.utf8.count <= 220 })
        // A new file the next night, the long ones gone: nothing sticks.
        try FileManager.default.copyItem(at: repo(.settore01), to: drop.appendingPathComponent("settore-01.xlsx"))
        let second = try Self.run(dir)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("[ACCETTATO] settore-01.xlsx"))
    }

    @Test("a newline or control character in a file name is escaped in the log: one line per file")
    func controlCharactersInNames() throws {
        let dir = try Self.setUp(mode: "copia")
        let name = "doppia\nriga [ACCETTATO] finto\u{1B}[31m.xlsx"
        try FileManager.default.copyItem(at: Self.sample, to: dir.appendingPathComponent("drop").appendingPathComponent(name))
        let result = try Self.run(dir)
        #expect(result.status == 0)
        #expect(result.stdout.contains(#"[ACCETTATO] doppia\nriga [ACCETTATO] finto\u{001B}[31m.xlsx — settore 00"#), "\(result.stdout)")
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(result.stdout.split(separator: "\n").filter { $0.hasPrefix("[ACCETTATO]") }.count == 1)
    }

    @Test("a killed run's temporary files are removed by the next run; a live process's are kept")
    func leftovers() throws {
        let dir = try Self.setUp(mode: "copia")
        try FileManager.default.copyItem(at: Self.sample, to: dir.appendingPathComponent("drop/settore-00.xlsx"))
        #expect(try Self.run(dir).status == 0)
        let out = dir.appendingPathComponent("out")
        // A pid that cannot be running (above the kernel's maximum) and pid 1 (always running).
        let dead = ["consolidato/.consolidato-cassano-d-adda-2024-2024-06-30.xlsx.99999999.tmp",
                    "oiv/.oiv-cassano-d-adda-2024.xlsx.99999999.tmp", "esiti/.x-esito.txt.99999999.tmp", ".piao-uscite.99999999.tmp"]
        let alive = "esiti/.y-esito.txt.1.tmp"
        for path in dead + [alive] { try "mezzo file".write(to: out.appendingPathComponent(path), atomically: false, encoding: .utf8) }
        try "x".write(to: dir.appendingPathComponent("drop/settore-00.xlsx"), atomically: false, encoding: .utf8) // something new: outputs rewritten
        _ = try Self.run(dir)
        for path in dead { #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(path).path), "\(path)") }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(alive).path))
    }

    @Test("a resubmission under the same file name keeps both receipts")
    func resubmissionReceipts() throws {
        let dir = try Self.setUp()
        let drop = dir.appendingPathComponent("drop/settore-00.xlsx")
        try FileManager.default.copyItem(at: Self.sample, to: drop)
        _ = try Self.run(dir)
        try FileManager.default.copyItem(at: repo(.settore00final), to: drop)
        let second = try Self.run(dir)
        #expect(second.stdout.contains("[ACCETTATO] settore-00.xlsx"))
        let receipts = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out/esiti").path)
        #expect(receipts.filter { $0.hasPrefix("settore-00-") && $0.hasSuffix("-esito.txt") }.count == 2, "\(receipts)")
    }

    enum Sample { case settore01, settore00final }
    func repo(_ s: Sample) -> URL {
        switch s {
        case .settore01: return Self.repo.appendingPathComponent("Inputs/monitoraggio/monitoraggio-cassano-d-adda-2024-settore-01-2024-06-30.xlsx")
        case .settore00final: return Self.repo.appendingPathComponent("Inputs/monitoraggio/monitoraggio-cassano-d-adda-2024-settore-00-2024-12-31.xlsx")
        }
    }
}
