import Foundation
import Testing
import PerformanceModel
@testable import Scoring

/// The scores of the bundled sample data, pinned. Each value was computed
/// independently (Tests/ScoringTests/tools/crosscheck_scores.py, exact
/// fractions, without reading this module) and its arithmetic is shown
/// here by objective; expected-sample-scores.md has it indicator by indicator.
@Suite("Sample data scores")
struct SampleScoreTests {
    static let settori: [(String, String, Double)] = [
        // media 00-2 = (0,00%) / 1 = 0,00%
        // media 00-3 = nessun indicatore contato → –
        // media 00-4 = nessun indicatore contato → –
        // media 00-5 = (0,00%) / 1 = 0,00%
        // Settore 00 = (0,00% + 0,00%) / 2 = 0,00% → non raggiunto
        ("2024-06-30", "00", 0.000000),
        // media 00-1 = (100,00%) / 1 = 100,00%
        // media 01-1 = (100,00% + 38,78% + 37,50% + 33,33% + 75,00%) / 5 = 56,92%
        // media 01-2 = (50,00%) / 1 = 50,00%
        // media 01-3 = (50,00% + 87,50% + 57,14% + 50,00%) / 4 = 61,16%
        // media 01-4 = nessun indicatore contato → –
        // media 01-5 = (100,00%) / 1 = 100,00%
        // Settore 01 = (100,00% + 56,92% + 50,00% + 61,16% + 100,00%) / 5 = 73,62% → parzialmente raggiunto
        ("2024-06-30", "01", 0.736165),
        // media 00-1 = (100,00% + 50,00%) / 2 = 75,00%
        // media 02-1 = (50,00% + 50,00% + 57,14% + 97,14% + 47,73%) / 5 = 60,40%
        // media 02-2 = nessun indicatore contato → –
        // media 02-3 = (0,00% + 50,00% + 100,00%) / 3 = 50,00%
        // media 02-4 = (40,00% + 30,00%) / 2 = 35,00%
        // Settore 02 = (75,00% + 60,40% + 50,00% + 35,00%) / 4 = 55,10% → non raggiunto
        ("2024-06-30", "02", 0.551006),
        // media 00-1 = (0,00%) / 1 = 0,00%
        // media 03-1 = (60,00% + 100,00% + 100,00% + 70,00%) / 4 = 82,50%
        // media 03-2 = nessun indicatore contato → –
        // media 03-3 = nessun indicatore contato → –
        // media 03-4 = (80,00%) / 1 = 80,00%
        // media 03-5 = (33,33%) / 1 = 33,33%
        // Settore 03 = (0,00% + 82,50% + 80,00% + 33,33%) / 4 = 48,96% → non raggiunto
        ("2024-06-30", "03", 0.489583),
        // media 00-1 = (100,00%) / 1 = 100,00%
        // media 04-1 = (0,00% + 100,00% + 100,00% + 0,00%) / 4 = 50,00%
        // media 04-2 = (0,00% + 100,00% + 87,50% + 100,00% + 91,43% + 0,00%) / 6 = 63,15%
        // media 04-3 = (100,00% + 100,00% + 50,00% + 100,00%) / 4 = 87,50%
        // media 04-4 = (50,00% + 100,00%) / 2 = 75,00%
        // Settore 04 = (100,00% + 50,00% + 63,15% + 87,50% + 75,00%) / 5 = 75,13% → parzialmente raggiunto
        ("2024-06-30", "04", 0.751310),
        // media 00-1 = (100,00%) / 1 = 100,00%
        // media 05-1 = (33,33% + 60,00%) / 2 = 46,67%
        // media 05-2 = nessun indicatore contato → –
        // media 05-3 = nessun indicatore contato → –
        // Settore 05 = (100,00% + 46,67%) / 2 = 73,33% → parzialmente raggiunto
        ("2024-06-30", "05", 0.733333),
        // media 00-1 = (0,00%) / 1 = 0,00%
        // media 06-1 = (20,00%) / 1 = 20,00%
        // media 06-2 = nessun indicatore contato → –
        // media 06-3 = (0,00%) / 1 = 0,00%
        // media 06-4 = (0,85% + 60,00% + 60,67%) / 3 = 40,51%
        // Settore 06 = (0,00% + 20,00% + 0,00% + 40,51%) / 4 = 15,13% → non raggiunto
        ("2024-06-30", "06", 0.151270),
        // media 00-1 = (0,00%) / 1 = 0,00%
        // media 07-1 = (100,00% + 100,00% + 80,00%) / 3 = 93,33%
        // media 07-2 = (100,00% + 100,00%) / 2 = 100,00%
        // media 07-3 = (33,33%) / 1 = 33,33%
        // media 07-4 = (0,00%) / 1 = 0,00%
        // Settore 07 = (0,00% + 93,33% + 100,00% + 33,33% + 0,00%) / 5 = 45,33% → non raggiunto
        ("2024-06-30", "07", 0.453333),
        // media 00-1 = (100,00%) / 1 = 100,00%
        // media 08-1 = (0,00% + 0,00% + 46,67% + 92,86%) / 4 = 34,88%
        // media 08-2 = (60,00% + 0,00%) / 2 = 30,00%
        // Settore 08 = (100,00% + 34,88% + 30,00%) / 3 = 54,96% → non raggiunto
        ("2024-06-30", "08", 0.549603),
        // media 00-2 = (100,00% + 100,00%) / 2 = 100,00%
        // media 00-3 = nessun indicatore contato → –
        // media 00-4 = nessun indicatore contato → –
        // media 00-5 = (100,00%) / 1 = 100,00%
        // Settore 00 = (100,00% + 100,00%) / 2 = 100,00% → raggiunto
        ("2024-12-31", "00", 1.000000),
        // media 00-1 = (100,00% + 100,00%) / 2 = 100,00%
        // media 01-1 = (100,00% + 100,00% + 100,00% + 100,00% + 100,00%) / 5 = 100,00%
        // media 01-2 = (100,00%) / 1 = 100,00%
        // media 01-3 = (100,00% + 100,00% + 100,00% + 100,00%) / 4 = 100,00%
        // media 01-4 = (100,00%) / 1 = 100,00%
        // media 01-5 = (100,00% + 100,00% + 100,00% + 100,00% + 100,00% + 100,00% + 100,00%) / 7 = 100,00%
        // Settore 01 = (100,00% + 100,00% + 100,00% + 100,00% + 100,00% + 100,00%) / 6 = 100,00% → raggiunto
        ("2024-12-31", "01", 1.000000),
        // media 00-1 = (100,00% + 100,00% + 75,00%) / 3 = 91,67%
        // media 02-1 = (75,00% + 100,00% + 100,00% + 100,00% + 100,00%) / 5 = 95,00%
        // media 02-2 = nessun indicatore contato → –
        // media 02-3 = (100,00% + 100,00% + 100,00%) / 3 = 100,00%
        // media 02-4 = (100,00% + 90,00% + 100,00%) / 3 = 96,67%
        // Settore 02 = (91,67% + 95,00% + 100,00% + 96,67%) / 4 = 95,83% → raggiunto
        ("2024-12-31", "02", 0.958333),
        // media 00-1 = (100,00% + 0,00%) / 2 = 50,00%
        // media 03-1 = (100,00% + 100,00% + 90,00% + 100,00% + 100,00%) / 5 = 98,00%
        // media 03-2 = nessun indicatore contato → –
        // media 03-3 = nessun indicatore contato → –
        // media 03-4 = (100,00% + 95,00%) / 2 = 97,50%
        // media 03-5 = (100,00%) / 1 = 100,00%
        // Settore 03 = (50,00% + 98,00% + 97,50% + 100,00%) / 4 = 86,38% → parzialmente raggiunto
        ("2024-12-31", "03", 0.863750),
        // media 00-1 = (100,00% + 100,00%) / 2 = 100,00%
        // media 04-1 = (100,00% + 100,00% + 100,00% + 100,00%) / 4 = 100,00%
        // media 04-2 = (20,00% + 100,00% + 100,00% + 100,00% + 100,00% + 100,00%) / 6 = 86,67%
        // media 04-3 = (100,00% + 100,00% + 100,00% + 100,00%) / 4 = 100,00%
        // media 04-4 = (100,00% + 85,00% + 83,33%) / 3 = 89,44%
        // Settore 04 = (100,00% + 100,00% + 86,67% + 100,00% + 89,44%) / 5 = 95,22% → raggiunto
        ("2024-12-31", "04", 0.952222),
        // media 00-1 = (100,00% + 100,00%) / 2 = 100,00%
        // media 05-1 = (100,00% + 90,00%) / 2 = 95,00%
        // media 05-2 = nessun indicatore contato → –
        // media 05-3 = nessun indicatore contato → –
        // Settore 05 = (100,00% + 95,00%) / 2 = 97,50% → raggiunto
        ("2024-12-31", "05", 0.975000),
        // media 00-1 = (100,00% + 100,00%) / 2 = 100,00%
        // media 06-1 = (100,00% + 60,00%) / 2 = 80,00%
        // media 06-2 = nessun indicatore contato → –
        // media 06-3 = (100,00%) / 1 = 100,00%
        // media 06-4 = (50,00% + 100,00% + 100,00% + 100,00%) / 4 = 87,50%
        // Settore 06 = (100,00% + 80,00% + 100,00% + 87,50%) / 4 = 91,88% → raggiunto
        ("2024-12-31", "06", 0.918750),
        // media 00-1 = (66,67% + 0,00%) / 2 = 33,33%
        // media 07-1 = (100,00% + 100,00% + 100,00%) / 3 = 100,00%
        // media 07-2 = (100,00% + 100,00% + 100,00% + 100,00% + 100,00%) / 5 = 100,00%
        // media 07-3 = (100,00%) / 1 = 100,00%
        // media 07-4 = (0,00% + 50,00% + 83,33%) / 3 = 44,44%
        // Settore 07 = (33,33% + 100,00% + 100,00% + 100,00% + 44,44%) / 5 = 75,56% → parzialmente raggiunto
        ("2024-12-31", "07", 0.755556),
        // media 00-1 = (100,00% + 100,00%) / 2 = 100,00%
        // media 08-1 = (100,00% + 0,00% + 100,00% + 100,00%) / 4 = 75,00%
        // media 08-2 = (100,00% + 100,00% + 100,00%) / 3 = 100,00%
        // Settore 08 = (100,00% + 75,00% + 100,00%) / 3 = 91,67% → raggiunto
        ("2024-12-31", "08", 0.916667),
    ]

    static let cards: [String: ScoreCard] = {
        var out: [String: ScoreCard] = [:]
        for (date, final) in [("2024-06-30", false), ("2024-12-31", true)] {
            out[date] = Scorer.score(plan: plan2024, submissions: (try? sampleSubmissions(date)) ?? [], date: day(date), isFinal: final)
        }
        return out
    }()

    @Test("every settore's score at both dates, as computed by hand", arguments: settori)
    func settore(_ date: String, _ code: String, _ expected: Double) throws {
        let score = try #require(Self.cards[date]?.sector(code)?.score)
        #expect(abs(score - expected) < 5e-7, "settore \(code) al \(date): \(score)")
    }

    @Test("every line, the ente and every objective of every settore match the independent computation")
    func everything() throws {
        let text = try String(contentsOfFile: Repo.path("Tests/ScoringTests/expected-sample-scores.tsv"), encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t").map(String.init)
            let (date, level, id, value) = (f[0], f[1], f[2], f[3])
            let card = try #require(Self.cards[date])
            let found: AggregateScore?
            switch level {
            case "settore": found = card.sector(id)
            case "linea": found = card.lines.first { $0.id == id }
            case "ente": found = card.ente
            case "obiettivo@settore": found = card.sectorObjectives.first { $0.id == id }
            default: Issue.record("livello \(level)"); continue
            }
            let score = try #require(found, "\(level) \(id)").score
            if value == "-" {
                #expect(score == nil, "\(level) \(id) al \(date)")
            } else {
                #expect(abs((score ?? .nan) - Double(value)!) < 5e-7, "\(level) \(id) al \(date)")
                #expect((found?.band?.rawValue ?? "-") == f[4], "\(level) \(id) al \(date)")
            }
            checked += 1
        }
        #expect(checked == 124)
    }

    @Test("the only final-date anomaly is the value 07-4.2 left empty")
    func finalAnomalies() throws {
        let card = try #require(Self.cards["2024-12-31"])
        #expect(card.anomalies.map(\.message) == ["indicatore 07-4.2: valore mancante alla data finale"])
        #expect(card.anomalies.first?.cell == "G16" && card.anomalies.first?.sheet == "Indicatori")
    }
}
