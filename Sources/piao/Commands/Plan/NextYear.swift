import ArgumentParser
import Foundation
import Pipeline

extension PlanCommand {
    /// `piao plan next-year`: next year's plan from this year's plan and history.
    struct NextYearCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "next-year",
            abstract: "Prepara il piano dell'anno dopo da quello di quest'anno e dal suo storico.",
            discussion: """
            Riporta settori (con il responsabile al 31/12), linee, obiettivi strategici e gli obiettivi pluriennali \
            con i loro indicatori e dipendenti; la baseline di ogni indicatore riportato è il consuntivo finale di \
            quest'anno, con la sua fonte (file, cella, data). Target, fasi, scadenze e la fase pluriennale restano da \
            compilare (celle arancioni, elencate nel foglio «Da compilare»): «piao plan check» sul nuovo piano li elenca.
            Codici di uscita: 0 scritto; 2 configurazione o piano inutilizzabili, anno sbagliato, file già esistente.
            """
        )

        @OptionGroup var options: GlobalOptions

        @Option(help: "L'anno del nuovo piano (quello dopo la configurazione, es. 2025).")
        var anno: Int

        @Option(help: "Il file da scrivere (predefinito: piano-ANNO.xlsx accanto al piano di quest'anno).")
        var output: String?

        func run() throws {
            let config = try options.loadConfiguration()
            let path = output ?? ((config.resolve(config.piano) as NSString).deletingLastPathComponent as NSString).appendingPathComponent("piano-\(anno).xlsx")
            do {
                let result = try NextYear.write(config: config, year: anno, to: path)
                Console.line("Scritto «\(path)»: \(Console.count(result.objectives.count, "obiettivo pluriennale", "obiettivi pluriennali")) riportati "
                    + "con \(Console.count(result.indicators.count, "indicatore", "indicatori")) (\(result.baselines.count) con la baseline dal consuntivo finale del \(config.anno)).")
                Console.line("Da compilare: \(result.toDo.count) voci (foglio «Da compilare»); poi «piao plan check \(path)».")
            } catch {
                Console.error(SystemError.italian(error))
                throw ExitCode(ExitCodes.configuration)
            }
        }
    }
}
