#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import XLSXReader

/// The process exit codes, documented in the README and in each command's help.
enum ExitCodes {
    /// Everything went well.
    static let ok: Int32 = 0
    /// Some input files were rejected (or the file inspected is unreadable).
    static let rejected: Int32 = 1
    /// The configuration is missing or wrong.
    static let configuration: Int32 = 2
    /// Another run holds the lock.
    static let locked: Int32 = 3
}

/// Messages for people: errors to standard error, in Italian.
enum Console {
    static func error(_ message: String) {
        toStandardError("Errore: \(message)\n")
    }

    static func warning(_ message: String) {
        toStandardError("Attenzione: \(message)\n")
    }

    /// "1 foglio", "3 fogli".
    static func count(_ n: Int, _ singular: String, _ plural: String) -> String {
        "\(n) \(n == 1 ? singular : plural)"
    }

    static func toStandardError(_ text: String) {
        var text = text
        text.withUTF8 { p in
            var offset = 0
            while offset < p.count {
                let n = write(2, p.baseAddress! + offset, p.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }

    static func line(_ message: String) {
        var text = message + "\n"
        text.withUTF8 { p in _ = write(1, p.baseAddress!, p.count) }
    }
}

extension XLSXError {
    /// The same error with a hint appended to the sheet name context.
    func with(hint: String) -> HintedError { HintedError(base: self, hint: hint) }
}

/// An error plus a suggestion for the user.
struct HintedError: Error, CustomStringConvertible {
    let base: XLSXError
    let hint: String
    var description: String { "\(base.description) (\(hint))" }
}
