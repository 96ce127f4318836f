import ArgumentParser
import Pipeline

/// Options shared by the commands that work on a configured pipeline.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Il file di configurazione.")
    var config = "pipeline.json"

    /// Every ente the configuration names.
    func loadConfigurations() throws -> [PipelineConfiguration] {
        do {
            return try PipelineConfiguration.loadAll(path: config)
        } catch {
            Console.error(error.description)
            throw ExitCode(ExitCodes.configuration)
        }
    }

    func loadConfiguration() throws -> PipelineConfiguration {
        do {
            return try PipelineConfiguration.load(path: config)
        } catch {
            Console.error(error.description)
            throw ExitCode(ExitCodes.configuration)
        }
    }
}
