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
    public static let python: String? = ["/usr/bin/python3", "python3"].first { candidate in
        (try? Subprocess.run([candidate, "-c", "import openpyxl"]))?.status == 0
    }

    /// Runs `tool` (a script in Tests/Fixtures/tools) on `arguments` and returns its standard output.
    public static func output(_ tool: String, _ arguments: [String]) throws -> String {
        guard let python else {
            throw Failure(description: "openpyxl non è installato: eseguire scripts/test, che lo installa (pacchetto python3-openpyxl)")
        }
        let (status, output) = try Subprocess.run([python, tools.appendingPathComponent(tool).path] + arguments)
        guard status == 0 else { throw Failure(description: "\(tool) è uscito con \(status)") }
        return output
    }

    /// The same, its output parsed as JSON.
    public static func json(_ tool: String, _ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try output(tool, arguments).utf8))
    }
}
