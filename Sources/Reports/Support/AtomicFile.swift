import SystemText
import Foundation
import XLSXWriter

/// Text outputs (receipts' e-mail twins, CSV) and archive copies are written
/// like workbooks: to a temporary name, then renamed into place, so a reader
/// never sees half a file. Plain POSIX calls: Foundation's `Data.write`
/// syncs every file to disk, which derived outputs do not need (the rename
/// is what matters; a run killed before it leaves the old file).
public enum AtomicFile {
    public struct Failure: LocalizedError, CustomStringConvertible {
        public let path: String
        public let detail: String
        public var description: String { "impossibile scrivere «\(path)»: \(detail)" }
        public var errorDescription: String? { description }
    }

    /// `bytes` to `path`, by a temporary name and a rename (a closed round's outputs, written again as they are).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path, durable: false) { fd in
            try bytes.withUnsafeBufferPointer { try writeAll(fd, $0, path) }
        }
    }

    public static func write(_ text: String, to path: String) throws {
        var text = text
        try text.withUTF8 { bytes throws in
            try write(to: path, durable: false) { fd throws in try writeAll(fd, bytes, path) }
        }
    }

    /// Copies `source` to `target` (temporary name, rename); with `durable`,
    /// the copy and its folder entry are synced before this returns.
    public static func copy(from source: String, to target: String, durable: Bool) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw Failure(path: source, detail: ItalianErrno.current) }
        defer { close(input) }
        try write(to: target, durable: durable) { fd throws in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n >= 0 else { throw Failure(path: source, detail: ItalianErrno.current) }
                if n == 0 { break }
                try buffer.withUnsafeBufferPointer { try writeAll(fd, UnsafeBufferPointer(rebasing: $0[..<n]), target) }
            }
        }
    }

    /// Moves a private file (a snapshot) to `target` by a rename, or by a copy
    /// when they are on different file systems; with `durable`, synced first.
    public static func moveIntoPlace(_ source: String, to target: String, durable: Bool) throws {
        if durable {
            let fd = open(source, O_RDONLY | O_CLOEXEC)
            guard fd >= 0, fsync(fd) == 0 else {
                let detail = ItalianErrno.current
                if fd >= 0 { close(fd) }
                throw Failure(path: source, detail: detail)
            }
            close(fd)
        }
        if rename(source, target) == 0 {
            if durable { syncFolder(of: target) }
            return
        }
        guard errno == EXDEV else { throw Failure(path: target, detail: ItalianErrno.current) }
        try copy(from: source, to: target, durable: durable)
        unlink(source)
    }

    /// Removes the temporary files a killed run left in `folder`: ours by
    /// name (`.<name>.<pid>.tmp`), and only those of a process that is gone
    /// (a run in progress — this one included — keeps its own).
    public static func removeLeftovers(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.dropLast(4).split(separator: ".")
            guard let pid = parts.last.flatMap({ Int32($0) }), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    static func syncFolder(of path: String) {
        let dir = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_CLOEXEC)
        if dir >= 0 { fsync(dir); close(dir) }
    }

    /// Opens `path`'s temporary twin, lets `fill` write it, then renames it into place.
    static func write(to path: String, durable: Bool, _ fill: (Int32) throws -> Void) throws {
        let tmp = WorkbookWriter.temporaryName(for: path)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw Failure(path: path, detail: ItalianErrno.current) }
        do {
            try fill(fd)
            if durable && fsync(fd) != 0 { throw Failure(path: path, detail: ItalianErrno.current) }
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        guard rename(tmp, path) == 0 else {
            let detail = ItalianErrno.current
            unlink(tmp)
            throw Failure(path: path, detail: detail)
        }
        if durable { syncFolder(of: path) }
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>, _ path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure(path: path, detail: ItalianErrno.current) }
            offset += n
        }
    }
}
