import ArgumentParser
import Foundation
import Ingest
import PerformanceModel
import Pipeline
import Reports

/// `piao templates --date 2024-06-30`: one monitoring workbook per settore
/// for the next round, in `<output>/modelli/`.
struct Templates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prepara le schede di monitoraggio da compilare, una per settore, per una data di riferimento.",
        discussion: """
        Scrive in <cartella output>/modelli/ un file per settore, es. monitoraggio-cassano-d-adda-2024-settore-02-2024-06-30.xlsx.
        Con --fill le celle da compilare vengono precompilate da un file .tsv (dati di esempio o importati da un altro sistema).
        Codici di uscita: 0 schede scritte (anche se il piano ha errori, che vengono segnalati); 2 configurazione, data o file di precompilazione non validi.
        """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "La data di riferimento del monitoraggio: una delle date di monitoraggio della configurazione, gg/mm/aaaa o aaaa-mm-gg (es. 30/06/2024).")
    var date: String

    @Option(help: "La cartella dove scrivere le schede (predefinita: <cartella output>/modelli).")
    var output: String?

    @Option(help: "Un file .tsv con i valori da precompilare.")
    var fill: String?

    @Option(help: "Solo questo settore (codice, es. 02).")
    var sector: String?

    func run() throws {
        let config = try options.loadConfiguration()
        let day = try monitoringDate(date, in: config, consequence: "; una scheda con un'altra data sarebbe rifiutata")
        let reading: PlanReading
        do { reading = try Consolidator.readPlan(config).reading } catch {
            Console.error(error.description)
            throw ExitCode(ExitCodes.configuration)
        }
        var fillings: [String: MonitoringTemplate.Filling] = [:]
        if let fill {
            do { fillings = try TemplateFilling.read(path: fill) } catch {
                Console.error(error.description)
                throw ExitCode(ExitCodes.configuration)
            }
        }
        let folder = output ?? (config.resolve(config.cartellaOutput) as NSString).appendingPathComponent("modelli")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let plan = reading.plan
        let sectors = plan.sectors.filter { sector == nil || $0.code == Parser.code(sector!) }
        guard !sectors.isEmpty else {
            Console.error("il settore «\(sector ?? "")» non esiste nel piano")
            throw ExitCode(ExitCodes.configuration)
        }
        for s in sectors {
            let name = MonitoringTemplate.fileName(plan: plan, sectorCode: s.code, date: day)
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                try MonitoringTemplate.write(plan: plan, sectorCode: s.code, date: day, to: path, filling: fillings[s.code] ?? .init())
            } catch {
                Console.error(error.description)
                throw ExitCode(ExitCodes.configuration)
            }
            let count = plan.indicators(reportedBy: s.code).count
            Console.line("Scritto \(name) — \(Console.count(count, "indicatore", "indicatori"))")
        }
        if reading.hasErrors {
            // The plan's errors touch single items; the templates are still right for everything else.
            Console.warning("il piano ha errori (vedere «piao plan check»): le schede sono state scritte comunque.")
        }
    }
}
