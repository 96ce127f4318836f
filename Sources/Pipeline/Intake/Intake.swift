import SystemText
import Crypto
import Foundation
import XLSXReader

/// One stable snapshot of a dropped file: its bytes copied once into a
/// private staging folder while they are hashed. The run reads this copy
/// and archives this copy, so what is recorded, what is archived under
/// `<sha256>` and what is hashed are always the same bytes — whatever the
/// settore does to the original meanwhile.
public struct Snapshot: Sendable {
    public let name: EntryName
    public let sha256: String
    public let size: Int
    /// The modification time of the original when it was copied (arrival order within a run).
    public let modified: Date
    /// The private copy.
    public let copy: String
}

/// What became of one drop-folder entry at intake.
public enum IntakeOutcome: Sendable {
    case snapshot(Snapshot)
    /// Possibly still being written (recent, growing, a ZIP without its directory yet): a later run reads it.
    case pending(EntryName, String)
    /// Not a submission (lock and temporary files) or not a regular file: never read.
    case skipped(EntryName, String)
    /// Over the size limit: never read nor copied; it stays in the folder.
    case tooLarge(EntryName, size: Int, limit: Int)
    /// A regular file the system would not let us read.
    case unreadable(EntryName, String)
}

public enum Intake {
    /// Takes one entry: its kind first (`lstat`), then — regular files only —
    /// opened without following links or blocking, size limit before any
    /// byte is read, then copied and hashed in one pass. A file that grows
    /// or changes while it is copied is left for the next run.
    public static func take(_ entry: DropFolder.Entry, from folder: DropFolder, staging: String, index: Int,
                            maxBytes: Int, settleSeconds: Int, now: Date) -> IntakeOutcome {
        let name = entry.name
        if let reason = Discovery.ignoreReason(name.text) { return .skipped(name, reason) }
        if let reason = entry.kind.notReadReason { return .skipped(name, reason) }
        let file: DropFolder.OpenFile
        do { file = try folder.openRegular(name) } catch {
            switch error {
            case .notRegular(let why): return .skipped(name, why)
            case .unreadable(let why): return .unreadable(name, why)
            }
        }
        defer { close(file.fd) }
        if file.size > maxBytes { return .tooLarge(name, size: file.size, limit: maxBytes) }
        let age = now.timeIntervalSince(file.modified)
        if age < Double(settleSeconds) { return .pending(name, "modificato da poco: forse ancora in scrittura") }
        if age < 86_400 && Discovery.isIncompleteZip(fd: file.fd, size: file.size) {
            return .pending(name, "archivio ZIP ancora incompleto: forse ancora in caricamento")
        }
        let copy = (staging as NSString).appendingPathComponent("\(index).copia")
        let out = open(copy, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, file.status.st_mode & 0o666)
        guard out >= 0 else { return .unreadable(name, "copia privata non riuscita: \(ItalianErrno.current)") }
        var hasher = SHA256()
        var copied = 0
        var failure: String?
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        // One byte more than fstat said: a file still growing shows itself.
        while copied <= file.size {
            let want = min(buffer.count, file.size + 1 - copied)
            let n = buffer.withUnsafeMutableBytes { pread(file.fd, $0.baseAddress, want, off_t(copied)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { failure = ItalianErrno.current; break }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            if buffer.withUnsafeBytes({ AtomicWrite.all(out, UnsafeRawBufferPointer(rebasing: $0[..<n])) }) == false {
                failure = "copia privata non riuscita: \(ItalianErrno.current)"
                break
            }
            copied += n
        }
        close(out)
        if let failure {
            unlink(copy)
            return .unreadable(name, failure)
        }
        var after = stat()
        let changed = fstat(file.fd, &after) != 0 || copied != file.size || Int(after.st_size) != file.size
            || after.st_mtim.tv_sec != file.status.st_mtim.tv_sec || after.st_mtim.tv_nsec != file.status.st_mtim.tv_nsec
        if changed {
            unlink(copy)
            return .pending(name, "modificato mentre veniva letto: sarà letto nella prossima esecuzione")
        }
        CrashPoint.hit("copiato \(name.text)")
        return .snapshot(Snapshot(name: name, sha256: Consolidator.hex(hasher.finalize()), size: copied, modified: file.modified, copy: copy))
    }
}

/// Writing a whole buffer to a descriptor.
enum AtomicWrite {
    static func all(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}
