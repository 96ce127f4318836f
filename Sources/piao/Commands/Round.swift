import ArgumentParser
import Foundation
import PerformanceModel
import Pipeline

/// `piao close`: a validated round's numbers cannot move any more.
struct Close: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Chiude un monitoraggio validato: i suoi punteggi e le sue uscite non cambiano più.",
        discussion: """
        Registra nello storico chi chiude, quando e perché, e lo SHA-256 di ogni file (piano, schede, uscite) di cui \
        il monitoraggio è fatto. Da allora: una scheda nuova per quella data è rifiutata (e conservata in quarantena \
        con il suo esito); un cambio del piano o delle impostazioni non tocca le sue uscite, che ogni notte sono \
        riscritte identiche a quelle della chiusura; l'esportazione per l'OIV lo dice su ogni pagina.
        Codici di uscita: 0 chiuso; 2 data non di monitoraggio, nessuna scheda valida, piano con errori, già chiuso, storico mancante.
        """
    )
    @OptionGroup var options: GlobalOptions
    @Option(help: "La data del monitoraggio da chiudere (es. 31/12/2024).") var date: String
    @Option(help: "Chi chiude (es. \"Segretario generale, dott. Rossi\").") var autore: String
    @Option(help: "Perché (es. \"validazione OIV del 18/02/2025\").") var motivo: String
    @Flag(name: .customLong("nonostante-errori"), help: "Chiude anche se il piano ha errori (restano scritti nella chiusura).") var despiteErrors = false

    func run() throws {
        let config = try options.loadConfiguration()
        let day = try monitoringDate(date, in: config)
        do {
            let written = try RoundClosing.close(config, date: day, author: autore, reason: motivo, despiteErrors: despiteErrors)
            Console.line("Monitoraggio al \(day.italian) chiuso da \(autore) (\(motivo)).")
            for path in written { Console.line("[CHIUSO]    \(path)") }
        } catch {
            Console.error(SystemError.italian(error))
            throw ExitCode(ExitCodes.configuration)
        }
    }
}

/// `piao reopen`: explicit, and it leaves a trace.
struct Reopen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Riapre un monitoraggio chiuso: dalla notte seguente i punteggi si ricalcolano.",
        discussion: "Lo storico conserva ogni chiusura e riapertura, con autore e motivo; la copertina dell'OIV mostra lo stato.\nCodici di uscita: 0 riaperto; 2 non chiuso, data o storico non validi."
    )
    @OptionGroup var options: GlobalOptions
    @Option(help: "La data del monitoraggio da riaprire.") var date: String
    @Option(help: "Chi riapre.") var autore: String
    @Option(help: "Perché.") var motivo: String

    func run() throws {
        let config = try options.loadConfiguration()
        let day = try monitoringDate(date, in: config)
        do {
            try RoundClosing.reopen(config, date: day, author: autore, reason: motivo)
            Console.line("Monitoraggio al \(day.italian) riaperto da \(autore) (\(motivo)): la prossima esecuzione lo ricalcola.")
        } catch {
            Console.error(SystemError.italian(error))
            throw ExitCode(ExitCodes.configuration)
        }
    }
}
