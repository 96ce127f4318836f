import ArgumentParser
import Reports

extension PlanCommand {
    /// `piao plan build`: writes the plan workbook from its TSV text source.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Costruisce la cartella di lavoro del piano dai file di testo (un .tsv per foglio).",
            discussion: "Codici di uscita: 0 scritto; 2 sorgente non valida o file non scrivibile."
        )

        @Option(help: "La cartella con i file .tsv del piano.")
        var source = "Inputs/piano/piano-2024"

        @Option(help: "La cartella di lavoro da scrivere.")
        var output = "Inputs/piano/piano-2024.xlsx"

        func run() throws {
            do {
                try PlanWorkbook.write(try PlanSource.read(folder: source), to: output)
                Console.line("Scritto «\(output)» da «\(source)».")
            } catch let error as PlanSource.Failure {
                Console.error(error.description)
                throw ExitCode(ExitCodes.configuration)
            } catch {
                Console.error("\(error)")
                throw ExitCode(ExitCodes.configuration)
            }
        }
    }
}
