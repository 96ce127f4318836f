import ArgumentParser
import Foundation

struct Piao: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "piao",
        abstract: "Consolidamento del monitoraggio della performance (PIAO).",
        subcommands: [Run.self, Status.self, Inspect.self, PlanCommand.self, Templates.self, Init.self, Close.self, Reopen.self]
    )
}

/// The entry point: swift-argument-parser parses, and its own texts (errors,
/// usage, help headings) are said in Italian before they reach a cron mail.
@main
enum Main {
    static func main() {
        do {
            var command = try Piao.parseAsRoot()
            try command.run()
        } catch {
            let code = Piao.exitCode(for: error)
            let text = ArgumentParserItalian.translate(Piao.fullMessage(for: error))
            if !text.isEmpty {
                let out = code == .success ? FileHandle.standardOutput : FileHandle.standardError
                out.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
            }
            exit(code.rawValue)
        }
    }
}

/// swift-argument-parser's fixed phrases and their Italian. Anything else
/// (piao's own help and messages, already Italian) passes unchanged.
enum ArgumentParserItalian {
    /// Whole-line prefixes and phrases, in the order they are tried.
    static let phrases: [(String, String)] = [
        ("OVERVIEW:", "DESCRIZIONE:"),
        ("USAGE:", "USO:"),
        ("ARGUMENTS:", "ARGOMENTI:"),
        ("OPTIONS:", "OPZIONI:"),
        ("SUBCOMMANDS:", "SOTTOCOMANDI:"),
        ("Show help information.", "Mostra questo aiuto."),
        ("Show the version.", "Mostra la versione."),
        ("(default: ", "(predefinito: "),
        ("Usage: ", "Uso: "),
        ("Help:  ", "Aiuto:  "),
        ("Error: ", "Errore: "),
        ("<subcommand>", "<sottocomando>"),
    ]

    /// Sentences with quoted parts: `'x'` becomes «x».
    static let patterns: [(String, String)] = [
        ("Unknown option '(.*)'\\. Did you mean '(.*)'\\?", "opzione sconosciuta «$1». Forse si intendeva «$2»?"),
        ("Unknown option '(.*)'", "opzione sconosciuta «$1»"),
        ("Unexpected argument '(.*)'", "argomento inatteso «$1»"),
        ("Unexpected arguments (.*)", "argomenti inattesi $1"),
        ("Missing value for '(.*)'", "manca il valore di «$1»"),
        ("Missing expected argument '(.*)'", "manca l'argomento obbligatorio «$1»"),
        ("The value '(.*)' is invalid for '(.*)'", "il valore «$1» non è valido per «$2»"),
        ("Duplicate exclusive value '(.*)' for '(.*)'", "valore «$1» ripetuto per «$2»"),
        ("See '(.*) --help' for more information\\.", "Per maggiori informazioni: «$1 --help»."),
        ("See '(.*)' for detailed help\\.", "Per l'aiuto di un sottocomando: «$1»."),
    ]

    static func translate(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = String(line)
            for (english, italian) in phrases { line = line.replacingOccurrences(of: english, with: italian) }
            for (pattern, template) in patterns {
                line = line.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
            }
            return line
        }.joined(separator: "\n")
    }
}
