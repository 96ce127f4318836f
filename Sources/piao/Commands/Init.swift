import ArgumentParser
import Pipeline

/// `piao init`: a new ente's folder, configuration and blank plan.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Prepara la cartella di un nuovo ente: configurazione, cartelle e piano vuoto da compilare.",
        discussion: """
        Scrive CARTELLA/pipeline.json (date di monitoraggio 30/06 e 31/12, regole di punteggio con i valori \
        predefiniti, modalità copia), CARTELLA/piano/piano-ANNO.xlsx (il piano vuoto: fogli, intestazioni, \
        elenchi a discesa, un esempio per foglio e le istruzioni) e le cartelle monitoraggio/ e output/. \
        Non sovrascrive nulla: se la configurazione o il piano esistono già, non scrive niente.
        Poi: compilare il piano, «piao plan check», «piao templates --date 30/06/ANNO», e la notte «piao run».
        Codici di uscita: 0 creato; 2 nome o anno non validi, file già esistenti o cartella non scrivibile.
        """
    )

    @Argument(help: "La cartella del nuovo ente (creata se non esiste).")
    var folder: String

    @Option(help: "Il nome dell'ente, come deve comparire sulle stampe (es. \"Comune di Borgo Fiorito\").")
    var ente: String

    @Option(help: "L'anno del piano (es. 2025).")
    var anno: Int

    func run() throws {
        do {
            let written = try NewEnte.create(folder: folder, ente: ente, year: anno)
            for path in written { Console.line("Scritto «\(path)».") }
            Console.line("Ora: compilare il piano, poi «piao plan check --config \(folder)/pipeline.json».")
        } catch {
            Console.error(SystemError.italian(error))
            throw ExitCode(ExitCodes.configuration)
        }
    }
}
