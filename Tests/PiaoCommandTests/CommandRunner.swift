import Foundation

/// Runs the built `piao` executable, as a user or cron would.
struct CommandResult {
    let status: Int32
    /// True when the process was killed by a signal (`status` is then the signal).
    var killed = false
    /// True when it did not finish within the timeout and was killed for it.
    var timedOut = false
    let stdout: String
    let stderr: String
}

enum Piao {
    /// The `piao` binary sits beside the test bundle in SwiftPM's build folder.
    static let executable: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("piao")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/piao")
    }()

    /// Runs piao to the end — or kills it after `timeout` seconds (a hang is a failure to report, not a frozen test run).
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
                    timeout: TimeInterval = 300) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let expired = Flag()
        let watchdog = DispatchWorkItem {
            guard process.isRunning else { return }
            expired.set()
            kill(process.processIdentifier, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        // Read both pipes fully before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let timedOut = expired.isSet
        return CommandResult(status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal, timedOut: timedOut,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A flag set from another thread.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func reader(_ name: String) -> String { root.appendingPathComponent("readers/\(name)").path }
    static func hostile(_ name: String) -> String { root.appendingPathComponent("hostile/\(name)").path }
}

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("piao-cli-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Copies a sample into a drop folder as a settore's upload would arrive:
/// with the time it was saved (the source's), so two folders set up from
/// the same samples hold files of the same arrival times.
func dropCopy(_ source: URL, to target: URL) throws {
    try FileManager.default.copyItem(at: source, to: target)
    let saved = try FileManager.default.attributesOfItem(atPath: source.path)[.modificationDate] as! Date
    try FileManager.default.setAttributes([.modificationDate: saved], ofItemAtPath: target.path)
}
