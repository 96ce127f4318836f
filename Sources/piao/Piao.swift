import ArgumentParser

@main
struct Piao: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "piao",
        abstract: "Consolidamento del monitoraggio della performance (PIAO).",
        subcommands: [Run.self, Status.self, Inspect.self, PlanCommand.self, Templates.self]
    )
}
