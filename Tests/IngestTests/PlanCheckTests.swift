import Foundation
import Testing
@testable import Ingest
import PerformanceModel
import Reports

/// Each defect the checker knows, planted in a copy of the real plan: the
/// checker must report exactly the planted defect, at its cell, and
/// nothing else new.
@Suite("Plan checks")
struct PlanCheckTests {
    /// A change to the real plan's source: in `sheet`, data row `row` (0-based; -1 appends a copy of the last row),
    /// set `header` to `value`.
    struct Edit: Sendable {
        let sheet: String
        let row: Int
        let header: String
        let value: String
    }

    static func edited(_ edits: [Edit]) throws -> PlanReading {
        var source = try PlanSource.read(folder: Repo.planSource)
        var appended: Set<String> = []
        for edit in edits {
            let t = try #require(source.tables.firstIndex { $0.sheet == edit.sheet })
            let c = try #require(source.tables[t].headers.firstIndex(of: edit.header))
            var r = edit.row
            if r < 0 {
                // The first append edit of a sheet adds a row (a copy of the last one); the others fill it.
                if !appended.contains(edit.sheet) {
                    appended.insert(edit.sheet)
                    source.tables[t].rows.append(source.tables[t].rows.last ?? Array(repeating: "", count: source.tables[t].headers.count))
                }
                r = source.tables[t].rows.count - 1
            }
            source.tables[t].rows[r][c] = edit.value
        }
        let path = temporaryDirectory().appendingPathComponent("piano.xlsx").path
        try PlanWorkbook.write(source, to: path)
        return PlanReader.read(path: path)
    }

    static func keys(_ anomalies: [Anomaly]) -> Set<String> {
        Set(anomalies.map { "\($0.sheet ?? "")!\($0.cell ?? "") \($0.code)" })
    }

    static let cases: [(String, [Edit], [String])] = [
        ("unknown settore", [Edit(sheet: "Obiettivi", row: 0, header: "Settore", value: "99")], ["Obiettivi!B2 riferimentoSconosciuto"]),
        ("unknown coordinating settore", [Edit(sheet: "Obiettivi", row: 5, header: "Settore coordinamento", value: "42")], ["Obiettivi!K7 riferimentoSconosciuto"]),
        ("unknown strategic objective", [Edit(sheet: "Obiettivi", row: 1, header: "Obiettivo strategico", value: "99.9")], ["Obiettivi!C3 riferimentoSconosciuto"]),
        ("unknown line", [Edit(sheet: "Obiettivi strategici", row: 0, header: "Linea", value: "77")], ["Obiettivi strategici!C2 riferimentoSconosciuto"]),
        ("phase of an unknown objective", [Edit(sheet: "Fasi", row: 0, header: "ID obiettivo", value: "99-9")], ["Fasi!A2 riferimentoSconosciuto"]),
        ("employee of an unknown objective", [Edit(sheet: "Dipendenti", row: 0, header: "ID obiettivo", value: "99-9")], ["Dipendenti!A2 riferimentoSconosciuto"]),
        ("indicator of an unknown settore", [Edit(sheet: "Indicatori", row: 40, header: "Settore", value: "12")], ["Indicatori!C42 riferimentoSconosciuto"]),
        ("duplicated indicator ID", [Edit(sheet: "Indicatori", row: 34, header: "ID", value: "01-1.1")], ["Indicatori!A36 idDuplicato"]),
        ("duplicated objective ID", [Edit(sheet: "Obiettivi", row: 6, header: "ID", value: "01-1")],
         // 01-2 disappears, so its phases, indicators and employees point nowhere.
         ["Obiettivi!A8 idDuplicato"]),
        // «8» becomes «08» when read: the same linea as one above it.
        ("line code 8 next to 08", [Edit(sheet: "Linee", row: -1, header: "Codice", value: "8")], ["Linee!A11 idDuplicato"]),
        ("phase number 01 next to 1", [Edit(sheet: "Fasi", row: 1, header: "N", value: "01")], ["Fasi!B3 idDuplicato"]),
        ("duplicated phase number", [Edit(sheet: "Fasi", row: 1, header: "N", value: "1")], ["Fasi!B3 idDuplicato"]),
        ("weight zero", [Edit(sheet: "Obiettivi", row: 0, header: "Peso", value: "0")], ["Obiettivi!J2 pesoNonValido"]),
        ("weight negative", [Edit(sheet: "Indicatori", row: 0, header: "Peso", value: "-1")], ["Indicatori!J2 pesoNonValido"]),
        ("weight as text", [Edit(sheet: "Indicatori", row: 0, header: "Peso", value: "alto")], ["Indicatori!J2 pesoNonValido"]),
        ("weight with a decimal comma is fine", [Edit(sheet: "Obiettivi", row: 0, header: "Peso", value: "2,5")], []),
        ("phase outside the year", [Edit(sheet: "Fasi", row: 0, header: "Inizio", value: "01/12/2023")], ["Fasi!D2 faseFuoriAnno"]),
        ("phase ending before it starts", [Edit(sheet: "Fasi", row: 0, header: "Fine", value: "15/01/2023")],
         ["Fasi!E2 faseFuoriAnno", "Fasi!E2 finePrimaDiInizio"]),
        ("impossible deadline", [Edit(sheet: "Obiettivi", row: 0, header: "Scadenza", value: "30/02/2024")], ["Obiettivi!I2 dataImpossibile"]),
        ("date that is not a date", [Edit(sheet: "Fasi", row: 0, header: "Fine", value: "fine anno")], ["Fasi!E2 valoreNonValido"]),
        // 01-4.4 is a percentuale: «70» typed without % is 70 %, said so (it was read as 70 against a settore's 0,7: 1 %).
        ("percentage target without %", [Edit(sheet: "Indicatori", row: 48, header: "Target", value: "70")], ["Indicatori!I50 percentualeAmbigua"]),
        ("target of the wrong kind", [Edit(sheet: "Indicatori", row: 35, header: "Target", value: "SI")], ["Indicatori!I37 targetTipoErrato"]),
        ("unknown measure", [Edit(sheet: "Indicatori", row: 35, header: "Misura", value: "velocità")], ["Indicatori!F37 valoreSconosciuto", "Indicatori!I37 nonValutabilePerIlPiano"]),
        ("overlapping responsabili", [Edit(sheet: "Settori", row: -1, header: "Responsabile", value: "ROSSI Mario")], ["Settori!D11 responsabiliSovrapposti"]),
        ("gap closed by a successor",
         [Edit(sheet: "Settori", row: -1, header: "Codice", value: "02"), Edit(sheet: "Settori", row: -1, header: "Nome", value: "FINANZIARIO E TRIBUTI"),
          Edit(sheet: "Settori", row: -1, header: "Responsabile", value: "ROSSI Mario"), Edit(sheet: "Settori", row: -1, header: "Dal", value: "01/05/2024"),
          Edit(sheet: "Settori", row: -1, header: "Al", value: "31/12/2024")],
         ["-Settori!E4 responsabiliScoperti"]),
        ("override without author", [Edit(sheet: "Rettifiche", row: -1, header: "ID", value: "01-1.1"), Edit(sheet: "Rettifiche", row: -1, header: "Tipo", value: "non valutabile"),
                                     Edit(sheet: "Rettifiche", row: -1, header: "Motivazione", value: "dato non disponibile")],
         ["Rettifiche!F2 rettificaIncompleta"]),
        ("override of an unknown indicator", [Edit(sheet: "Rettifiche", row: -1, header: "ID", value: "99-9.9"), Edit(sheet: "Rettifiche", row: -1, header: "Tipo", value: "forzato"),
                                              Edit(sheet: "Rettifiche", row: -1, header: "Valore", value: "80%"), Edit(sheet: "Rettifiche", row: -1, header: "Motivazione", value: "x"),
                                              Edit(sheet: "Rettifiche", row: -1, header: "Autore", value: "OIV")],
         ["Rettifiche!A2 riferimentoSconosciuto"]),
    ]

    @Test("a planted defect is reported at its cell, and nothing else changes", arguments: cases)
    func planted(_ name: String, _ edits: [Edit], _ expected: [String]) throws {
        let reading = try Self.edited(edits)
        let baseline = Self.keys(realPlan.anomalies)
        let found = Self.keys(reading.anomalies)
        let added = expected.filter { !$0.hasPrefix("-") }
        let removed = expected.filter { $0.hasPrefix("-") }.map { String($0.dropFirst()) }
        if name == "duplicated objective ID" {
            // The duplicate is reported; the references to the lost 01-2 follow from it.
            #expect(found.contains(added[0]))
            return
        }
        #expect(found.subtracting(baseline).sorted() == added.sorted(), "\(name)")
        #expect(baseline.subtracting(found).sorted() == removed.sorted(), "\(name)")
    }

    @Test("a percentage target typed without % is read as percentage points, not as the number")
    func percentWithoutSign() throws {
        let reading = try Self.edited([Edit(sheet: "Indicatori", row: 48, header: "Target", value: "70")])
        let indicator = try #require(reading.plan.indicators.first { $0.id == "01-4.4" })
        #expect(indicator.target == .percent(0.7))
        #expect(IndicatorRule.of(indicator) == IndicatorRule.of(realPlan.plan.indicators.first { $0.id == "01-4.4" }!))
    }

    @Test("errors and warnings: errors block, warnings inform")
    func severities() throws {
        let reading = try Self.edited([Edit(sheet: "Obiettivi", row: 0, header: "Peso", value: "0")])
        #expect(reading.anomalies.first { $0.code == "pesoNonValido" }?.severity == .error)
        #expect(reading.anomalies.first { $0.code == "senzaTarget" }?.severity == .warning)
        #expect(reading.hasErrors)
    }

    @Test("an objective without indicators cannot be scored")
    func objectiveWithoutIndicators() throws {
        var source = try PlanSource.read(folder: Repo.planSource)
        let t = try #require(source.tables.firstIndex { $0.sheet == "Indicatori" })
        source.tables[t].rows.removeAll { $0[1] == "08-2" }
        let path = temporaryDirectory().appendingPathComponent("piano.xlsx").path
        try PlanWorkbook.write(source, to: path)
        let reading = PlanReader.read(path: path)
        #expect(reading.anomalies.contains { $0.code == "obiettivoSenzaIndicatori" && $0.cell == "A37" && $0.severity == .error })
    }

    @Test("headers are found by name in any order, case, accents and spacing; Italian text values are read")
    func looseHeaders() throws {
        var source = try PlanSource.read(folder: Repo.planSource)
        for i in source.tables.indices {
            // Reverse the columns and mangle the header names: dates and numbers
            // are then written as text, as a person typing them would.
            let order = Array(source.tables[i].headers.indices.reversed())
            source.tables[i].headers = order.map { "  " + source.tables[i].headers[$0].uppercased().replacingOccurrences(of: ".", with: "") + " " }
            source.tables[i].rows = source.tables[i].rows.map { row in order.map { row[$0] } }
        }
        let path = temporaryDirectory().appendingPathComponent("piano.xlsx").path
        try PlanWorkbook.write(source, to: path)
        let reading = PlanReader.read(path: path)
        let real = realPlan.plan
        #expect(reading.plan.objectives.map(\.id) == real.objectives.map(\.id))
        #expect(reading.plan.indicators.map(\.target) == real.indicators.map(\.target))
        #expect(reading.plan.indicators.map(\.baseline) == real.indicators.map(\.baseline))
        #expect(reading.plan.phases.map(\.end) == real.phases.map(\.end))
        #expect(reading.plan.sectors == real.sectors.map { s in var s = s; s.managers = s.managers.map { m in var m = m; m.source = nil; return m }; return s }
            || reading.plan.sectors.map(\.code) == real.sectors.map(\.code))
        let codes = { (a: [Anomaly]) in a.map(\.code).sorted() }
        #expect(codes(reading.anomalies) == codes(realPlan.anomalies))
    }

    @Test("a missing sheet or column is named")
    func missingColumns() throws {
        var source = try PlanSource.read(folder: Repo.planSource)
        let t = try #require(source.tables.firstIndex { $0.sheet == "Fasi" })
        source.tables[t].headers[4] = "Termine"
        source.tables.removeAll { $0.sheet == "Linee" }
        let path = temporaryDirectory().appendingPathComponent("piano.xlsx").path
        try PlanWorkbook.write(source, to: path)
        let reading = PlanReader.read(path: path)
        #expect(reading.anomalies.contains { $0.code == "foglioMancante" && $0.message.hasPrefix("manca il foglio «Linee» (fogli presenti: «Ente», «Settori», ") })
        #expect(reading.anomalies.contains { $0.code == "colonnaMancante" && $0.sheet == "Fasi" && $0.message.contains("«Fine»") })
    }

    @Test("an unreadable file is one error naming it")
    func unreadable() {
        let reading = PlanReader.read(path: "/nonexistent/piano.xlsx")
        #expect(reading.anomalies.count == 1)
        #expect(reading.anomalies.first?.code == "fileIlleggibile")
        #expect(reading.anomalies.first?.file == "piano.xlsx")
    }

    @Test("one source of truth: every indicator the scorer cannot score because of the plan is reported by plan check, in the scorer's words")
    func knowsWhatScoringRefuses() {
        let reading = realPlan
        for ind in reading.plan.indicators {
            guard case .notScorable(let why) = IndicatorRule.of(ind) else { continue }
            let said = reading.anomalies.filter { $0.message.hasPrefix("indicatore \(ind.id):") }
            #expect(!said.isEmpty, "\(ind.id): \(why)")
            #expect(said.contains { $0.message.contains("non sarà valutabile") }, "\(ind.id): \(said.map(\.message))")
        }
    }

    @Test("a reduction written the natural way, −15 %, is a reduction of 15 %; a zero change is refused by plan check")
    func negativeReduction() throws {
        var source = try PlanSource.read(folder: Repo.planSource)
        let t = try #require(source.tables.firstIndex { $0.sheet == "Indicatori" })
        let target = try #require(source.tables[t].headers.firstIndex(of: "Target"))
        let description = try #require(source.tables[t].headers.firstIndex(of: "Descrizione"))
        let row = try #require(source.tables[t].rows.firstIndex { $0[0] == "03-1.1" })
        source.tables[t].rows[row][target] = "-15%"
        source.tables[t].rows[row][description] = "Morosità TARI: -15% sul 2023"
        let path = temporaryDirectory().appendingPathComponent("piano.xlsx").path
        try PlanWorkbook.write(source, to: path)
        let reading = PlanReader.read(path: path)
        let ind = try #require(reading.plan.indicators.first { $0.id == "03-1.1" })
        #expect(IndicatorRule.of(ind) == .changeOverBaseline(reduction: true))
        #expect(!reading.anomalies.contains { $0.message.hasPrefix("indicatore 03-1.1:") && $0.message.contains("non sarà valutabile") })
        var zero = ind
        zero.target = .percent(0)
        #expect(IndicatorRule.of(zero) == .notScorable("target di variazione zero"))
    }
}
