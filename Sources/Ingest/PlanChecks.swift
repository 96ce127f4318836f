import PerformanceModel

/// The checks across the plan's tables, run once every sheet is parsed:
/// duplicated IDs, unknown references, objectives without indicators or
/// employees, phases outside the year or ending before they start, and
/// responsabili periods that overlap or leave days uncovered.
extension Parser {
    mutating func crossCheck(_ tables: [String: SheetTable]) {
        duplicates(tables)
        codesAsNumbers(tables)
        references(tables)
        indicatorSectors(tables)
        coverage(tables)
        phaseDates(tables)
        managers(tables)
    }

    private mutating func duplicates(_ tables: [String: SheetTable]) {
        let keyed: [(sheet: String, header: String, key: (SheetTable, SheetTable.Row) -> String, what: String)] = [
            // Compared as the reader will use them: «1» and «01» are the same linea, «01» and «1» the same phase.
            (PlanSheets.linee.0, "Codice", { Self.code($0.text($1, "Codice")) }, "la linea"),
            (PlanSheets.strategici.0, "Codice", { $0.text($1, "Codice") }, "l'obiettivo strategico"),
            (PlanSheets.obiettivi.0, "ID", { $0.text($1, "ID") }, "l'obiettivo"),
            (PlanSheets.indicatori.0, "ID", { $0.text($1, "ID") }, "l'indicatore"),
            (PlanSheets.fasi.0, "N", { t, r in let n = t.text(r, "N"); return "\(t.text(r, "ID obiettivo")) fase \(Int(n).map(String.init) ?? n)" }, "la voce"),
        ]
        for (sheet, header, key, what) in keyed {
            guard let t = tables[sheet] else { continue }
            var seen: [String: Int] = [:]
            for row in t.rows where !t.isBlank(row) {
                let k = key(t, row)
                if k.isEmpty || k.hasSuffix("fase ") {
                    flag(.valoreNonValido, "manca l'identificativo (\(header))", t, row, header)
                    continue
                }
                if let first = seen[k] {
                    flag(.idDuplicato, "\(what) «\(k)» compare due volte (la prima alla riga \(first))", t, row, header)
                } else {
                    seen[k] = row.index
                }
            }
        }
    }

    /// A code Excel turned into a number (01.1 → 1,1; 01 → 1): the reference
    /// then points nowhere, and the message alone would not say why.
    private mutating func codesAsNumbers(_ tables: [String: SheetTable]) {
        for sheet in PlanContract.sheets {
            guard let t = tables[sheet.name] else { continue }
            for column in sheet.columns {
                switch column.kind { case .code, .reference: break; default: continue }
                for row in t.rows where !t.isBlank(row) {
                    guard let cell = t.cell(row, column.header), case .number = cell.value else { continue }
                    flag(.codiceNumerico, "«\(column.header)»: «\(CellText.text(cell.value))» è un numero, non un codice: Excel lo ha trasformato (01.1 diventa 1,1; 01 diventa 1). Formattare la colonna come Testo e riscrivere il codice", t, row, column.header)
                }
            }
        }
    }

    /// An indicator measured by a settore other than its objective's, when the
    /// objective does not say it is intersectoral: usually a settore typed wrong.
    private mutating func indicatorSectors(_ tables: [String: SheetTable]) {
        guard let t = tables[PlanSheets.indicatori.0] else { return }
        let objectives = Dictionary(plan.objectives.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let withObjectives = Set(plan.objectives.map(\.sectorCode))
        for row in t.rows where !t.isBlank(row) {
            let sector = Self.code(t.text(row, "Settore")), id = t.text(row, "ID")
            guard let objective = objectives[t.text(row, "ID obiettivo")], objective.sectorCode != sector, plan.sector(sector) != nil else { continue }
            let declared = objective.coordinatingSectorCode != nil || objective.tags.contains { $0.lowercased().hasPrefix("intersettorial") }
                || objective.title.lowercased().contains("intersettorial")
            guard !declared else { continue }
            let alone = withObjectives.contains(sector) ? "" : ", che non ha obiettivi propri nel piano"
            flag(.settoreIndicatoreIncoerente, "indicatore \(id): lo rileva il settore \(sector)\(alone), ma l'obiettivo \(objective.id) è del settore \(objective.sectorCode) e non è indicato come intersettoriale (scrivere «intersettoriale» in «Tipologia» o il «Settore coordinamento»): controllare il settore", t, row, "Settore")
        }
    }

    private mutating func references(_ tables: [String: SheetTable]) {
        let sectors = Set(plan.sectors.map(\.code))
        let lines = Set(plan.lines.map(\.code))
        let strategic = Set(plan.strategicObjectives.map(\.code))
        let objectives = Set(plan.objectives.map(\.id))
        let indicators = Set(plan.indicators.map(\.id))
        // (sheet, header, is it a settore code, the set it must belong to, what it names)
        let checks: [(String, String, Bool, Set<String>, String)] = [
            (PlanSheets.strategici.0, "Linea", true, lines, "linea strategica"),
            (PlanSheets.obiettivi.0, "Settore", true, sectors, "settore"),
            (PlanSheets.obiettivi.0, "Settore coordinamento", true, sectors, "settore"),
            (PlanSheets.obiettivi.0, "Obiettivo strategico", false, strategic, "obiettivo strategico"),
            (PlanSheets.fasi.0, "ID obiettivo", false, objectives, "obiettivo"),
            (PlanSheets.indicatori.0, "ID obiettivo", false, objectives, "obiettivo"),
            (PlanSheets.indicatori.0, "Settore", true, sectors, "settore"),
            (PlanSheets.dipendenti.0, "ID obiettivo", false, objectives, "obiettivo"),
            (PlanSheets.rettifiche.0, "ID", false, objectives.union(indicators), "obiettivo o indicatore"),
        ]
        for (sheet, header, isCode, known, what) in checks {
            guard let t = tables[sheet] else { continue }
            for row in t.rows where !t.isBlank(row) {
                var value = t.text(row, header)
                if isCode { value = Self.code(value) }
                if value.isEmpty {
                    // Only the coordinating settore may be left empty.
                    if header != "Settore coordinamento" {
                        flag(.riferimentoSconosciuto, "manca il riferimento a \(what) (colonna «\(header)»)", t, row, header)
                    }
                } else if !known.contains(value) {
                    flag(.riferimentoSconosciuto, "\(what) «\(value)» non esiste nel piano", t, row, header)
                }
            }
        }
    }

    private mutating func coverage(_ tables: [String: SheetTable]) {
        guard let t = tables[PlanSheets.obiettivi.0] else { return }
        let withIndicators = Set(plan.indicators.map(\.objectiveID))
        let withEmployees = Set(plan.participations.map(\.objectiveID))
        let withPhases = Set(plan.phases.map(\.objectiveID))
        for objective in plan.objectives {
            guard let row = objectiveRows[objective.id] else { continue }
            if !withIndicators.contains(objective.id) {
                flag(.obiettivoSenzaIndicatori, "l'obiettivo \(objective.id) non ha indicatori: non può essere valutato", t, row, "ID")
            }
            if !withEmployees.contains(objective.id) {
                flag(.senzaDipendenti, "l'obiettivo \(objective.id) non ha dipendenti partecipanti", t, row, "ID")
            }
            if !withPhases.contains(objective.id) {
                flag(.obiettivoSenzaFasi, "l'obiettivo \(objective.id) non ha fasi: il suo cronoprogramma va scritto nel foglio «Fasi»", t, row, "ID")
            }
        }
    }

    private mutating func phaseDates(_ tables: [String: SheetTable]) {
        guard let t = tables[PlanSheets.fasi.0], plan.year > 0 else { return }
        let rows = t.rows.filter { !t.isBlank($0) && Int(t.text($0, "N")) != nil }
        for (phase, row) in zip(plan.phases, rows) {
            let what = "fase \(phase.number) dell'obiettivo \(phase.objectiveID)"
            for (date, header) in [(phase.start, "Inizio"), (phase.end, "Fine")] {
                if let date, date.year != plan.year {
                    flag(.faseFuoriAnno, "\(what): la data \(date.italian) è fuori dall'anno del piano (\(plan.year))", t, row, header)
                }
            }
            if let start = phase.start, let end = phase.end, end < start {
                flag(.finePrimaDiInizio, "\(what): la fine (\(end.italian)) precede l'inizio (\(start.italian))", t, row, "Fine")
            }
        }
    }

    private mutating func managers(_ tables: [String: SheetTable]) {
        guard let t = tables[PlanSheets.settori.0], plan.year > 0 else { return }
        let first = CalendarDate.firstDay(of: plan.year), last = CalendarDate.lastDay(of: plan.year)
        for sector in plan.sectors {
            let periods = managerRows.filter { $0.code == sector.code }
                .map { (from: $0.period.from ?? first, to: $0.period.to ?? last, row: $0.row, name: $0.period.name) }
                .sorted { $0.from < $1.from }
            guard let head = periods.first else { continue }
            if head.from > first {
                flag(.responsabiliScoperti, "settore \(sector.code): nessun responsabile dal \(first.italian) al \(head.from.adding(days: -1).italian)", t, head.row, "Dal")
            }
            var coveredTo = head.to
            var previous = head
            for p in periods.dropFirst() {
                if p.from <= coveredTo {
                    flag(.responsabiliSovrapposti, "settore \(sector.code): il periodo di \(p.name) si sovrappone a quello di \(previous.name)", t, p.row, "Dal")
                } else if p.from > coveredTo.adding(days: 1) {
                    flag(.responsabiliScoperti, "settore \(sector.code): nessun responsabile dal \(coveredTo.adding(days: 1).italian) al \(p.from.adding(days: -1).italian)", t, previous.row, "Al")
                }
                if p.to > coveredTo { coveredTo = p.to; previous = p }
            }
            if coveredTo < last {
                flag(.responsabiliScoperti, "settore \(sector.code): nessun responsabile dal \(coveredTo.adding(days: 1).italian) al \(last.italian)", t, previous.row, "Al")
            }
        }
    }
}
