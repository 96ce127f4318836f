import ArgumentParser

/// `piao plan …`: the performance plan workbook.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Il piano della performance: controllo, costruzione della cartella di lavoro, piano dell'anno dopo.",
        subcommands: [Check.self, Build.self, NextYearCommand.self]
    )
}
