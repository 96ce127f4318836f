import Foundation

/// The exclusive lock of a run: a second cron run finds it held and
/// leaves at once. `flock` is released by the kernel when the process
/// dies, so a killed run never leaves a stale lock behind.
public final class RunLock {
    private let fd: Int32
    public let path: String

    /// Nil when another process holds the lock.
    public init?(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            return nil
        }
        // Who holds it, for the operator who looks.
        let note = "pid \(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { write(fd, $0, strlen($0)) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// Test instrumentation for crash safety: with `PIAO_CRASH_AT=N` the
/// process kills itself (SIGKILL, no cleanup) at the N-th checkpoint of a
/// run. Inert otherwise.
public enum CrashPoint {
    nonisolated(unsafe) private static var count = 0
    private static let lock = NSLock()
    private static let target: Int? = ProcessInfo.processInfo.environment["PIAO_CRASH_AT"].flatMap(Int.init)

    public static func hit(_ name: String) {
        guard let target else { return }
        lock.lock()
        count += 1
        let reached = count == target
        lock.unlock()
        if reached {
            FileHandle.standardError.write(Data("PIAO_CRASH_AT=\(target): arresto forzato a «\(name)»\n".utf8))
            kill(getpid(), SIGKILL)
        }
    }

    /// Checkpoints passed so far (tests size their kill range with it).
    public static var passed: Int { count }
}
