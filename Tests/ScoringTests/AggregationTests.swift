import Testing
import PerformanceModel
@testable import Scoring

/// Phases, weighted means and their provenance on a small plan shaped
/// like the real one (an owner settore, an intersectoral objective).
@Suite("Phases and aggregation")
struct AggregationTests {
    static let phases = [
        Phase(objectiveID: "01-1", number: 1, description: "pianificazione", start: day("2024-01-01"), end: day("2024-02-29")),
        Phase(objectiveID: "01-1", number: 2, description: "controlli", start: day("2024-02-01"), end: day("2024-03-31")),
        Phase(objectiveID: "01-1", number: 3, description: "relazione", start: day("2024-06-01"), end: day("2024-06-30")),
        Phase(objectiveID: "01-1", number: 4, description: "verifica finale", start: day("2024-09-01"), end: day("2024-12-31")),
        Phase(objectiveID: "01-1", number: 5, description: "data impossibile nel piano", start: nil, end: nil),
    ]

    static func report(_ n: Int, _ state: PhaseState?, _ on: String? = nil) -> PhaseReport {
        PhaseReport(objectiveID: "01-1", number: n, state: state, completedOn: on.map(day), source: SourceCell(file: "01.xlsx", sheet: "Fasi", cell: "F\(n + 1)"))
    }

    @Test("rispetto fasi e tempi: phases due by the date, completed by their end")
    func phaseCompliance() {
        let ind = indicator("01-1.1")
        let reports = [Self.report(1, .completed, "2024-02-20"), Self.report(2, .completed, "2024-04-10"), Self.report(3, .inProgress), Self.report(4, .completed, "2024-11-30")]
        let june = IndicatorEvaluator(settings: .default, date: day("2024-06-30"), isFinal: false)
            .evaluate(ind, value: nil, phases: Self.phases, reports: reports, override: nil)
        // Due by 30/06: phases 1, 2, 3; on time: only 1 (2 was late, 3 is in progress); 5 has no valid end.
        #expect(june.achievement == 1.0 / 3)
        #expect(june.explanation.hasPrefix("fasi rispettate 1 su 3 dovute entro il 30/06/2024 = 33,33%"))
        #expect(june.explanation.contains("fase 2 completata il 10/04/2024, dopo la fine prevista (31/03/2024)"))
        #expect(june.explanation.contains("fase 5 esclusa: data di fine non valida nel piano"))
        #expect(june.inputs.map(\.cell) == ["F2", "F3", "F4"])
        let december = IndicatorEvaluator(settings: .default, date: day("2024-12-31"), isFinal: true)
            .evaluate(ind, value: nil, phases: Self.phases, reports: reports, override: nil)
        #expect(december.achievement == 0.5) // 1 and 4 of 1…4
        // Nothing due yet: left out, not a 0.
        let january = IndicatorEvaluator(settings: .default, date: day("2024-01-31"), isFinal: false)
            .evaluate(ind, value: nil, phases: Self.phases, reports: [], override: nil)
        #expect(january.status == .notDue && january.achievement == nil)
        // Completed without a date cannot be verified.
        let undated = IndicatorEvaluator(settings: .default, date: day("2024-02-29"), isFinal: false)
            .evaluate(ind, value: nil, phases: Self.phases, reports: [Self.report(1, .completed)], override: nil)
        #expect(undated.achievement == 0 && undated.explanation.contains("completata senza data: non verificabile"))
    }

    @Test("without phases the declared value is used")
    func declaredWhenNoPhases() {
        let score = IndicatorEvaluator(settings: .default, date: day("2024-12-31"), isFinal: true)
            .evaluate(indicator("01-1.1"), value: measured("01-1.1", .percent(0.8)), phases: [], reports: [], override: nil)
        #expect(score.achievement == 0.8 && score.explanation == "80% / 100% = 80%")
    }

    /// A plan of two settori: 01 owns 01-1 (two indicators) and 01-2; the
    /// intersectoral 00-1 has one indicator for 01 and one for 02.
    static var smallPlan: Plan {
        var plan = Plan(ente: "Comune di Prova", title: "PIAO", year: 2024)
        plan.sectors = [Sector(code: "00", name: "SEGRETARIO"), Sector(code: "01", name: "AFFARI GENERALI"), Sector(code: "02", name: "FINANZIARIO")]
        plan.lines = [StrategicLine(code: "01", name: "Amministrazione", councillors: ""), StrategicLine(code: "10", name: "Trasparenza", councillors: "")]
        plan.strategicObjectives = [StrategicObjective(code: "01.1", name: "Risorse", lineCode: "01"), StrategicObjective(code: "10.1", name: "Legalità", lineCode: "10")]
        plan.objectives = [
            Objective(id: "00-1", sectorCode: "00", strategicObjectiveCode: "01.1", title: "Tempi di pagamento", tags: ["intersettoriale"]),
            Objective(id: "01-1", sectorCode: "01", strategicObjectiveCode: "10.1", title: "Controlli", weight: 2),
            Objective(id: "01-2", sectorCode: "01", strategicObjectiveCode: "10.1", title: "Trasparenza"),
        ]
        plan.indicators = [
            Indicator(id: "00-1.1", objectiveID: "00-1", sectorCode: "01", description: "indice", measure: .quantita, target: .number(10)),
            Indicator(id: "00-1.2", objectiveID: "00-1", sectorCode: "02", description: "indice", measure: .quantita, target: .number(10)),
            Indicator(id: "01-1.1", objectiveID: "01-1", sectorCode: "01", description: "atti", measure: .quantita, target: .number(4), weight: 3),
            Indicator(id: "01-1.2", objectiveID: "01-1", sectorCode: "01", description: "report", measure: .quantita, target: .number(2)),
            Indicator(id: "01-2.1", objectiveID: "01-2", sectorCode: "01", description: "senza target", measure: .quantita, target: nil),
            Indicator(id: "01-2.2", objectiveID: "01-2", sectorCode: "01", description: "monitoraggi", measure: .quantita, target: .number(4)),
        ]
        plan.participations = [Participation(objectiveID: "01-1", name: "ROSSI Maria", category: "C1"),
                               Participation(objectiveID: "01-2", name: "ROSSI Maria", category: "C1"),
                               Participation(objectiveID: "00-1", name: "BIANCHI Luca", category: "D1")]
        return plan
    }

    static func submission(_ sector: String, _ values: [String: Double]) -> Submission {
        Submission(ente: "Comune di Prova", year: 2024, sectorCode: sector, referenceDate: day("2024-12-31"), fileName: "\(sector).xlsx",
                   values: values.map { measured($0.key, .number($0.value)) })
    }

    static var card: ScoreCard {
        Scorer.score(plan: smallPlan, submissions: [
            submission("01", ["00-1.1": 8, "01-1.1": 3, "01-1.2": 2, "01-2.1": 7, "01-2.2": 2]),
            submission("02", ["00-1.2": 6]),
        ], date: day("2024-12-31"), isFinal: true)
    }

    @Test("objective, settore, line, ente and employee: weighted means, intersectoral per settore")
    func means() throws {
        let card = Self.card
        // 01-1 = (75% × 3 + 100% × 1) / 4 = 81,25%
        #expect(card.objective("01-1")?.score == 0.8125)
        #expect(card.objective("01-1")?.explanation == "(75% × 3 + 100% × 1) / 4 = 81,25%")
        // 01-2: 01-2.1 has no target, left out: 50%.
        #expect(card.objective("01-2")?.score == 0.5 && card.objective("01-2")?.excluded == ["01-2.1"])
        // 00-1 whole: (80% + 60%) / 2 = 70%; for 01: 80%; for 02: 60%.
        #expect(abs(card.objective("00-1")!.score! - 0.7) < 1e-12)
        #expect(card.sectorObjectives.first { $0.id == "00-1@01" }?.score == 0.8)
        #expect(card.sectorObjectives.first { $0.id == "00-1@02" }?.score == 0.6)
        // Settore 01 = (80% × 1 [00-1] + 81,25% × 2 [01-1] + 50% × 1 [01-2]) / 4 = 73,125%
        #expect(abs(card.sector("01")!.score! - 0.73125) < 1e-12)
        #expect(card.sector("02")?.score == 0.6)
        // Settore 00 owns 00-1 but has no indicator of its own: not scorable, not 0.
        #expect(card.sector("00")?.score == nil)
        // Line 10 = (81,25% × 2 + 50% × 1) / 3; line 01 = 00-1 whole = 70%.
        #expect(abs(card.lines.first { $0.id == "10" }!.score! - (0.8125 * 2 + 0.5) / 3) < 1e-12)
        #expect(abs(card.lines.first { $0.id == "01" }!.score! - 0.7) < 1e-12)
        // Ente = (70% + 81,25% × 2 + 50%) / 4
        #expect(abs(card.ente.score! - (0.7 + 0.8125 * 2 + 0.5) / 4) < 1e-12)
        // Employees: the plain mean of their objectives.
        #expect(abs(card.employees.first { $0.id == "ROSSI Maria" }!.score! - (0.8125 + 0.5) / 2) < 1e-12)
        #expect(abs(card.employees.first { $0.id == "BIANCHI Luca" }!.score! - 0.7) < 1e-12)
        // At the final date the missing target is an anomaly, listed.
        #expect(card.anomalies.isEmpty, "a plan defect is reported by plan check, not again here")
    }

    @Test("bands follow the thresholds, which are settings")
    func bands() {
        let s = ScoringSettings.default
        #expect(s.band(0.95) == .achieved && s.band(0.9) == .achieved && s.band(0.8999999999) == .achieved)
        #expect(s.band(0.89) == .partial && s.band(0.6) == .partial && s.band(0.59) == .notAchieved && s.band(0) == .notAchieved)
        var strict = s
        strict.achievedThreshold = 1
        strict.partialThreshold = 0.8
        #expect(strict.band(0.95) == .partial && strict.band(0.79) == .notAchieved)
    }

    @Test("an objective override: forced or neutralised for the whole objective")
    func objectiveOverride() {
        var plan = Self.smallPlan
        plan.overrides = [Override(targetID: "01-2", referenceDate: nil, kind: .notEvaluable, reason: "servizio sospeso", author: "Giunta", decidedOn: nil)]
        let card = Scorer.score(plan: plan, submissions: [Self.submission("01", ["00-1.1": 8, "01-1.1": 3, "01-1.2": 2, "01-2.2": 2])],
                                date: day("2024-12-31"), isFinal: true)
        #expect(card.objective("01-2")?.score == nil)
        #expect(card.objective("01-2")?.explanation == "non valutabile per rettifica: servizio sospeso (Giunta)")
        // Settore 01 = (80% + 81,25% × 2) / 3.
        #expect(abs(card.sector("01")!.score! - (0.8 + 0.8125 * 2) / 3) < 1e-12)
    }

    /// A forced objective is held within 0 and the cap, like a forced indicator (a typed 120 % must not lift every mean above it).
    static let forcedObjectives: [(Double, Double)] = [(1.2, 1), (0.8, 0.8), (-0.1, 0), (1, 1)]

    @Test("an objective forced by a rettifica counts within 0 and the cap, and says so", arguments: forcedObjectives)
    func forcedObjectiveCapped(_ forced: Double, _ counted: Double) {
        var plan = Self.smallPlan
        plan.overrides = [Override(targetID: "01-2", referenceDate: nil, kind: .forced(forced), reason: "decisione OIV", author: "OIV", decidedOn: nil)]
        let card = Scorer.score(plan: plan, submissions: [Self.submission("01", ["00-1.1": 8, "01-1.1": 3, "01-1.2": 2, "01-2.2": 2])],
                                date: day("2024-12-31"), isFinal: true)
        #expect(card.objective("01-2")?.score == counted)
        #expect(card.objective("01-2")?.explanation.contains(forced == counted ? "per rettifica" : "(conteggiato \(Fmt.percent(counted))) per rettifica") == true,
                "\(card.objective("01-2")?.explanation ?? "")")
    }

    @Test("a missing value at the final date is an anomaly, never a silent 0 or 100")
    func missingAtFinal() {
        let card = Scorer.score(plan: Self.smallPlan, submissions: [Self.submission("01", ["00-1.1": 8, "01-1.1": 3, "01-2.2": 2])],
                                date: day("2024-12-31"), isFinal: true)
        #expect(card.indicator("01-1.2")?.achievement == nil)
        #expect(card.objective("01-1")?.score == 0.75) // 01-1.2 left out
        #expect(Set(card.anomalies.map(\.message)) == ["indicatore 01-1.2: nessun valore trasmesso alla data finale"])
        // Settore 00 sent nothing: not a missing value but a missing scheda — non valutabile, never 0.
        #expect(card.gaps.map(\.sectorCode) == ["00", "02"] && card.gaps.first?.label == "scheda mancante")
        #expect(card.sector("00")?.score == nil && card.sector("00")?.explanation == "non valutabile — scheda mancante")
        #expect(card.indicator("00-1.2")?.status == .noSubmission("scheda mancante"))
    }
}
