import SystemText
import Foundation

/// The exclusive lock of a run: a second cron run finds it held and
/// leaves at once. `flock` is released by the kernel when the process
/// dies, so a killed run never leaves a stale lock behind.
public final class RunLock {
    private let fd: Int32
    public let path: String

    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let detail: String
        public var description: String { "impossibile usare il file di blocco «\(path)»: \(detail)" }
    }

    /// Nil when another process holds the lock.
    public init?(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // Never through a link: a planted symlink must not make the run truncate another file.
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        guard fd >= 0 else {
            let why = errno == ELOOP ? "è un collegamento simbolico, che non viene seguito" : ItalianErrno.current
            throw Failure(path: path, detail: why)
        }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw Failure(path: path, detail: "non è un file regolare")
        }
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
/// run. With `PIAO_PAUSA_A=text` and `PIAO_PAUSA_FILE=path`, at every
/// checkpoint whose name contains `text` it creates `path` and waits until
/// the file is removed (at most a minute): a test then acts on the folder
/// at exactly that moment. Inert otherwise.
public enum CrashPoint {
    nonisolated(unsafe) private static var count = 0
    private static let lock = NSLock()
    private static let target: Int? = ProcessInfo.processInfo.environment["PIAO_CRASH_AT"].flatMap(Int.init)
    private static let pause: (at: String, file: String)? = {
        let env = ProcessInfo.processInfo.environment
        guard let at = env["PIAO_PAUSA_A"], let file = env["PIAO_PAUSA_FILE"] else { return nil }
        return (at, file)
    }()

    public static func hit(_ name: String) {
        if let pause, name.contains(pause.at) {
            FileManager.default.createFile(atPath: pause.file, contents: Data(name.utf8))
            for _ in 0..<60_000 where FileManager.default.fileExists(atPath: pause.file) { usleep(1000) }
        }
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
