import ArgumentParser

/// `piao plan …`: the performance plan workbook.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Il piano della performance: controllo e costruzione della cartella di lavoro.",
        subcommands: [Check.self, Build.self]
    )
}
