import Foundation
import Testing
import Pipeline

/// A settore saves a corrected file over the one it dropped *while the night
/// runs* — at every stage of the run, in every way programs save: in place
/// (truncate and write), by writing a new file and renaming it over, or by
/// writing into the file piao is about to delete (a writer that still holds
/// it open). The run pauses at a named checkpoint (`PIAO_PAUSA_A`), the test
/// saves, the run goes on. Required: bytes leave the drop folder only if
/// exactly those bytes are archived under their own hash; nothing is lost.
@Suite("Files rewritten during a run")
struct RaceTests {
    enum Save: CaseIterable {
        case inPlace, renameOver, intoOutgoing
    }

    /// The checkpoint to pause at, and how the settore saves meanwhile.
    static let moments: [(String, Save)] = [
        ("copiato ", .inPlace), ("copiato ", .renameOver),
        ("letto ", .inPlace), ("letto ", .renameOver),
        ("registrato nello storico", .inPlace), ("registrato nello storico", .renameOver),
        ("archiviato ", .inPlace), ("archiviato ", .renameOver),
        ("in uscita ", .inPlace), ("in uscita ", .renameOver), ("in uscita ", .intoOutgoing),
    ]

    /// The sample workbook with a ZIP comment naming the version: a valid
    /// workbook each time, with bytes (and a SHA-256) of its own.
    static func version(_ n: Int, base: [UInt8]) -> [UInt8] {
        let comment = Array("versione \(n)".utf8)
        var bytes = base
        precondition(bytes[bytes.count - 22..<bytes.count - 18].elementsEqual([0x50, 0x4B, 0x05, 0x06]), "no EOCD without comment")
        bytes[bytes.count - 2] = UInt8(comment.count)
        bytes[bytes.count - 1] = 0
        return bytes + comment
    }

    static func write(_ bytes: [UInt8], to path: String, truncate: Bool = true) {
        let fd = open(path, O_WRONLY | O_CREAT | (truncate ? O_TRUNC : 0), 0o644)
        precondition(fd >= 0, "open \(path): \(errno)")
        _ = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    static func sha(_ bytes: [UInt8]) -> String {
        let tmp = temporaryDirectory().appendingPathComponent("v").path
        write(bytes, to: tmp)
        return Consolidator.sha256(path: tmp)
    }

    /// Archive and quarantine: every copy's content is what its name says.
    static func archiveIsContentAddressed(_ out: URL) -> (ok: Bool, shas: Set<String>) {
        var shas: Set<String> = []
        var ok = true
        for folder in ["archivio", "quarantena"] {
            let root = out.appendingPathComponent(folder)
            for path in (try? FileManager.default.subpathsOfDirectory(atPath: root.path)) ?? [] where path.hasSuffix(".xlsx") {
                let content = Consolidator.sha256(path: root.appendingPathComponent(path).path)
                let name = (path as NSString).lastPathComponent
                let claimed = folder == "archivio" ? String(name.prefix(64)) : String(name.prefix(16))
                if !content.hasPrefix(claimed) { ok = false }
                shas.insert(content)
            }
        }
        return (ok, shas)
    }

    @Test("220 runs, each with a save at one of 11 moments: zero loss, a content-addressed archive")
    func rewrittenDuringTheRun() throws {
        let dir = try DropFolderTests.setUp(extra: #", "uscite": {"consolidato": false, "oiv": false, "opendata": false, "modelli": false}"#)
        let drop = dir.appendingPathComponent("drop")
        let out = dir.appendingPathComponent("out")
        let name = "settore-00.xlsx"
        let base = Array(try Data(contentsOf: DropFolderTests.sample))
        var written: [String] = []
        var n = 0
        func save(_ how: Save) {
            n += 1
            let bytes = Self.version(n, base: base)
            written.append(Self.sha(bytes))
            switch how {
            case .inPlace: Self.write(bytes, to: drop.appendingPathComponent(name).path)
            case .renameOver:
                let tmp = drop.appendingPathComponent(".~salvataggio.tmp").path
                Self.write(bytes, to: tmp)
                rename(tmp, drop.appendingPathComponent(name).path)
            case .intoOutgoing:
                // A program that opened the file before piao moved it writes into it afterwards.
                let moved = drop.appendingPathComponent("\(DropFolder.outgoingFolder)/\(name)").path
                Self.write(bytes, to: FileManager.default.fileExists(atPath: moved) ? moved : drop.appendingPathComponent(name).path)
            }
        }
        save(.inPlace)
        let pauseFile = dir.appendingPathComponent("pausa").path
        let iterations = 220
        for i in 0..<iterations {
            let (moment, how) = Self.moments[i % Self.moments.count]
            let p = Process()
            p.executableURL = Piao.executable
            p.arguments = ["run", "--config", dir.appendingPathComponent("pipeline.json").path]
            p.environment = ProcessInfo.processInfo.environment.merging(["PIAO_PAUSA_A": moment, "PIAO_PAUSA_FILE": pauseFile]) { $1 }
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            var saved = false
            let deadline = Date().addingTimeInterval(60)
            while p.isRunning && Date() < deadline {
                if FileManager.default.fileExists(atPath: pauseFile) {
                    if !saved { save(how); saved = true }
                    unlink(pauseFile)
                }
                usleep(500)
            }
            if p.isRunning { p.terminate() }
            p.waitUntilExit()
            #expect(p.terminationStatus == 0 || p.terminationStatus == 1, "iteration \(i) at «\(moment)»: exit \(p.terminationStatus)")
            let archive = Self.archiveIsContentAddressed(out)
            #expect(archive.ok, "iteration \(i) at «\(moment)»: an archived copy holds other bytes than its name says")
            // Every version ever saved is archived or still in the drop folder.
            let inDrop = Set(DropFolderTests.contents(drop).values)
            let lost = written.filter { !archive.shas.contains($0) && !inDrop.contains($0) }
            #expect(lost.isEmpty, "iteration \(i) at «\(moment)» (\(how)): \(lost.count) version(s) lost")
            if !lost.isEmpty { break }
        }
        // Quiet nights empty the folder; then every version is in the archive, each exactly once.
        for _ in 0..<3 { _ = try DropFolderTests.run(dir) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: drop.path).isEmpty)
        let archive = Self.archiveIsContentAddressed(out)
        #expect(archive.ok)
        #expect(Set(written).isSubset(of: archive.shas), "\(Set(written).subtracting(archive.shas).count) of \(written.count) versions missing")
        print("versions saved during runs: \(written.count), archived: \(archive.shas.intersection(written).count)")
    }
}
