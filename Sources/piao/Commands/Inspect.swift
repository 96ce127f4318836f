import ArgumentParser
import XLSXReader

/// `piao inspect FILE [--sheet NAME] [--json]`: what our reader sees in a
/// workbook — for users and support staff checking a file a settore sent.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mostra il contenuto di una cartella di lavoro .xlsx, così come il programma la legge.",
        discussion: """
        Senza opzioni stampa una tabella leggibile (un blocco per foglio, una riga per cella non vuota).
        Con --json stampa {"sheets":[{"name","state","cells":[{"ref","type","value"}]}]}.
        Codici di uscita: 0 file letto; 1 file illeggibile o rifiutato; 64 uso errato.
        """
    )

    @Argument(help: "Il file .xlsx da esaminare.")
    var file: String

    @Option(name: .customLong("sheet"), help: "Mostra solo il foglio con questo nome.")
    var sheet: String?

    @Flag(help: "Stampa in formato JSON (per altri programmi).")
    var json = false

    func run() throws {
        do {
            let book = try XLSXWorkbook(path: file)
            var only: SheetInfo?
            if let sheet {
                guard let found = book.sheet(named: sheet) else {
                    let names = book.sheets.map { "«\($0.name)»" }.joined(separator: ", ")
                    throw XLSXError(.sheetNotFound(sheet), file: book.fileName).with(hint: "fogli presenti: \(names)")
                }
                only = found
            }
            let dump = try WorkbookDump(book, only: only)
            print(json ? dump.json : dump.table)
        } catch let error as XLSXError {
            Console.error(error.description)
            throw ExitCode(ExitCodes.rejected)
        } catch let error as HintedError {
            Console.error(error.description)
            throw ExitCode(ExitCodes.rejected)
        }
    }
}
