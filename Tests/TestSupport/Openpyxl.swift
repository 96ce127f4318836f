import Foundation

/// openpyxl, a reader that is not piao's, through the scripts of
/// `Tests/Fixtures/tools` (installed by `scripts/ensure-deps --tests` as the
/// Debian package python3-openpyxl).
public enum Openpyxl {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    static let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tools")

    /// The first Python that imports openpyxl: Debian's, else the one on PATH.
    static let python: String? = {
        for candidate in ["/usr/bin/python3", "python3"] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = [candidate, "-c", "import openpyxl"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { continue }
            p.waitUntilExit()
            if p.terminationStatus == 0 { return candidate }
        }
        return nil
    }()

    /// Runs `tool` (a script in Tests/Fixtures/tools) on `arguments` and parses its JSON output.
    public static func json(_ tool: String, _ arguments: [String]) throws -> Any {
        guard let python else {
            throw Failure(description: "openpyxl non è installato: eseguire scripts/test, che lo installa (pacchetto python3-openpyxl)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python, tools.appendingPathComponent(tool).path] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failure(description: "\(tool) è uscito con \(p.terminationStatus)") }
        return try JSONSerialization.jsonObject(with: data)
    }
}
