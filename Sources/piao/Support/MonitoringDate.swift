import ArgumentParser
import PerformanceModel
import Pipeline

/// A monitoring date as the user types it (`30/06/2024` or `2024-06-30`),
/// refused unless it is one of the configuration's, listing them. `consequence`
/// says, after the list, what another date would cause.
func monitoringDate(_ text: String, in config: PipelineConfiguration, consequence: String = "") throws -> CalendarDate {
    let dates = config.periods.map(\.date)
    let listed = dates.map(\.italian).joined(separator: ", ")
    guard let day = CalendarDate(iso: text) ?? CalendarDate(italian: text) else {
        Console.error("la data «\(text)» non è una data (scrivere gg/mm/aaaa, es. \(dates.first?.italian ?? "30/06/\(config.anno)")); le date di monitoraggio sono: \(listed)")
        throw ExitCode(ExitCodes.configuration)
    }
    guard dates.contains(day) else {
        Console.error("il \(day.italian) non è una data di monitoraggio: le date previste dalla configurazione sono \(listed) (chiave «monitoraggi»)" + consequence)
        throw ExitCode(ExitCodes.configuration)
    }
    return day
}
