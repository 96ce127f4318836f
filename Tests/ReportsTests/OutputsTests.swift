import Foundation
import TestSupport
import Ingest
import Testing
import Pipeline
import PerformanceModel
import Reports
import Scoring
@testable import XLSXReader

/// The OIV export, the receipts and the open data, read back; every
/// workbook opens in LibreOffice.
@Suite("OIV export, receipts, open data")
struct OutputsTests {
    static func run(extra: [(String, (String) throws -> Void)] = []) throws -> (Consolidation, URL, [String]) {
        let (config, dir) = try workingCopy(extra: extra)
        let consolidation = try NightlyRun.consolidation(config)
        let out = dir.appendingPathComponent("out")
        let written = try #require(try OutputWriter.write(consolidation, to: out.path, periods: config.periods))
        return (consolidation, out, written.files)
    }

    @Test("the OIV export states the settings, the hashes, and every objective and indicator")
    func oiv() throws {
        let (c, out, _) = try Self.run()
        let card = try #require(c.cards.last)
        let path = out.appendingPathComponent("oiv/oiv-cassano-d-adda-2024.xlsx").path
        let book = try XLSXWorkbook(path: path)
        #expect(book.sheets.map(\.name) == ["Copertina", "Settori", "Obiettivi", "Indicatori", "Difetti del piano"])
        // Per settore: responsabili with their periods (02 changes hands on 30/04), score, objectives scored and not.
        let sectors = try records(path, "Settori")
        #expect(sectors.count == c.plan.sectors.count)
        let finanziario = try #require(sectors.first { $0["Codice"]?.text == "02" })
        #expect(finanziario["Responsabili nell'anno"]?.text?.contains("al 30/04/2024") == true, "\(finanziario)")
        #expect(finanziario["Punteggio"]?.number == card.sector("02")?.score)
        // The validation block the OIV signs.
        let coverLines = try XLSXWorkbook(path: path).rows(ofSheetNamed: "Copertina").allRows().flatMap(\.cells).compactMap(\.text)
        #expect(coverLines.contains("Validazione") && coverLines.contains("Luogo e data"))
        #expect(coverLines.filter { $0.hasPrefix("Componente dell'OIV") }.count == 3)
        let cover = try cells(path, "Copertina")
        #expect(cover["B3"]?.text == "Comune di Cassano d'Adda")
        #expect(cover["B6"]?.value.dateTime?.iso == "2024-12-31")
        // "Dati aggiornati al": the latest compilation date of the files, never the clock.
        #expect(cover["B8"]?.value.dateTime?.iso == OIVExport.processingDate(c, card: card).iso)
        #expect(cover["B9"]?.number == card.ente.score)
        let coverText = cover.values.compactMap(\.text)
        #expect(coverText.contains("progressivo: (consuntivo − baseline) / (target − baseline)"))
        #expect(coverText.contains(c.planFile.sha256))
        #expect(c.inputs.filter { $0.referenceDate == card.date }.allSatisfy { coverText.contains($0.sha256) })
        let objectives = try records(path, "Obiettivi")
        #expect(objectives.count == c.plan.objectives.count)
        for row in objectives {
            let id = try #require(row["ID"]?.text)
            #expect(row["% raggiungimento"]?.number == card.objective(id)?.score, "\(id)")
        }
        let indicators = try records(path, "Indicatori")
        let late = try #require(indicators.first { $0["ID"]?.text == "07-4.1" })
        #expect(late["% raggiungimento"]?.number == 0)
        #expect(late["Scostamento"]?.number == 18) // 18/10 against 30/09
        #expect((late["Motivazione scostamento"]?.text ?? "").isEmpty == false)
        #expect(try records(path, "Difetti del piano").count == c.planAnomalies.count)
    }

    @Test("a receipt per file: accepted or rejected, each problem with sheet and cell, and an e-mail twin")
    func receipts() throws {
        let (c, out, _) = try Self.run(extra: [("rinominato.xlsx", { path in
            try "Settore;Valore\n02;2,5\n".write(toFile: path, atomically: true, encoding: .utf8)
        })])
        let rejected = try #require(c.inputs.first { $0.name == "rinominato.xlsx" })
        #expect(rejected.outcome == .rejected)
        // The receipt's name carries the file's and 8 digits of its SHA-256 (a resubmission keeps its own).
        #expect(Receipt.baseName(rejected) == "rinominato-\(rejected.sha256.prefix(8))-esito")
        let txt = try String(contentsOf: out.appendingPathComponent("esiti/\(Receipt.baseName(rejected)).txt"), encoding: .utf8)
        #expect(txt.contains("Esito: RIFIUTATO"))
        #expect(txt.contains("il file è un testo (probabilmente CSV)"))
        // Not "1 cella rifiutata": the whole file was not used.
        #expect(txt.contains("Problemi: 1 errore.") && !txt.contains("cella rifiutata"), "\(txt)")
        let xlsx = out.appendingPathComponent("esiti/\(Receipt.baseName(rejected)).xlsx").path
        #expect(try cells(xlsx, "Esito")["A3"]?.text == "Esito: RIFIUTATO")
        // An accepted file with warnings lists them with sheet and cell.
        let name = Receipt.baseName(try #require(c.inputs.first { $0.name == "monitoraggio-cassano-d-adda-2024-settore-04-2024-06-30.xlsx" }))
        let rows = try records(out.appendingPathComponent("esiti/\(name).xlsx").path, "Esito", headerRow: 9)
        #expect(rows.map { "\($0["Foglio"]?.text ?? "")!\($0["Cella"]?.text ?? "")" } == ["Indicatori!G12", "Indicatori!G14"])
        #expect(rows.first?["Problema e valore atteso"]?.text == "indicatore 04-2.5: «si» letto come 100% (il piano chiede si/no ma misura in percentuale)")
        let mail = try String(contentsOf: out.appendingPathComponent("esiti/\(name).txt"), encoding: .utf8)
        #expect(mail.contains("Esito: ACCETTATO") && mail.contains("Problemi: 2 avvisi."))
        // It echoes what was understood, value by value, and names what is missing.
        #expect(mail.contains("Come sono stati letti i valori (cella: scritto → letto come):"))
        #expect(mail.contains("- 04-2.5, cella G12: «si» → percentuale 100%"), "\(mail)")
        #expect(mail.contains("Indicatori senza valore (1): "))
        #expect(try records(out.appendingPathComponent("esiti/\(name).xlsx").path, "Valori letti").contains { $0["Indicatore"]?.text == "04-2.5" && $0["Letto come"]?.text == "percentuale 100%" })
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("esiti").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("esiti").path).count == 2 * c.inputs.count)
    }

    @Test("open data: UTF-8 with BOM, semicolons, decimal comma, no employee names, formulas neutralised")
    func openData() throws {
        let plan = PlanReader.read(path: Repo.path("Inputs/piano/piano-2024.xlsx")).plan
        var filling = MonitoringTemplate.Filling()
        filling.compiledOn = .date(CalendarDate(year: 2025, month: 2, day: 10)!)
        filling.indicators["08-1.2"] = .init(value: .number(300), note: "=HYPERLINK(\"x\")")
        let (c, out, _) = try Self.run(extra: [("zz.xlsx", { path in
            try MonitoringTemplate.write(plan: plan, sectorCode: "08", date: CalendarDate(year: 2024, month: 12, day: 31)!, to: path, filling: filling)
        })])
        let data = try Data(contentsOf: out.appendingPathComponent("opendata/indicatori-cassano-d-adda-2024.csv"))
        #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 + c.plan.indicators.count)
        #expect(lines[0] == "Ente;Anno;Data di riferimento;ID indicatore;ID obiettivo;Settore;Descrizione;Misura;Target;Consuntivo;Raggiungimento (%);Stato")
        let tempestivita = try #require(lines.first { $0.contains(";00-1.1T;") })
        #expect(tempestivita.hasSuffix(";tempestività;0;-3,5;100;valutato"))
        let names = Set(c.plan.participations.map(\.name))
        let objectives = try String(contentsOf: out.appendingPathComponent("opendata/obiettivi-cassano-d-adda-2024.csv"), encoding: .utf8)
        for name in names { #expect(!text.contains(name) && !objectives.contains(name), "\(name)") }
        // A field that starts like a formula is neutralised.
        #expect(OpenData.field("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"\"x\"\")" || OpenData.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(OpenData.field("@SUM(A1)") == "'@SUM(A1)" && OpenData.field("-3,5") == "-3,5" && OpenData.field("a;b") == "\"a;b\"")
    }

    @Test("every printed page of every workbook carries the ente, the title, the reference date and «Pagina N di M»")
    func headersAndFooters() throws {
        let (c, out, _) = try Self.run()
        var files = try FileManager.default.subpathsOfDirectory(atPath: out.path)
            .filter { $0.hasSuffix(".xlsx") && ($0.hasPrefix("consolidato/") || $0.hasPrefix("oiv/") || $0.hasPrefix("esiti/") || $0.hasPrefix("modelli/")) }
        files.sort()
        #expect(files.count > 20)
        for file in files {
            let book = try XLSXWorkbook(path: out.appendingPathComponent(file).path)
            for sheet in book.sheets where sheet.state == .visible {
                let xml = String(decoding: try book.partBytes(try #require(sheet.part)), as: UTF8.self)
                let header = xml.components(separatedBy: "<oddHeader>").dropFirst().first?.components(separatedBy: "</oddHeader>").first ?? ""
                let footer = xml.components(separatedBy: "<oddFooter>").dropFirst().first?.components(separatedBy: "</oddFooter>").first ?? ""
                #expect(header.contains("&amp;L&amp;8\(c.plan.ente.replacingOccurrences(of: "'", with: "&apos;"))") || header.contains("&amp;L&amp;8\(c.plan.ente)"),
                        "\(file) «\(sheet.name)»: \(header)")
                #expect(header.contains("&amp;R") && (header.contains("/2024") || header.contains("anno 2024")), "\(file) «\(sheet.name)»: \(header)")
                #expect(footer.contains("Pagina &amp;P di &amp;N"), "\(file) «\(sheet.name)»: \(footer)")
            }
        }
    }

    @Test("every workbook converts to PDF with LibreOffice")
    func pdf() throws {
        let (c, out, _) = try Self.run()
        let files = [out.appendingPathComponent("oiv/oiv-cassano-d-adda-2024.xlsx").path,
                     out.appendingPathComponent("esiti/\(Receipt.baseName(c.inputs.first { $0.name == "monitoraggio-cassano-d-adda-2024-settore-04-2024-06-30.xlsx" }!)).xlsx").path]
            + c.cards.map { out.appendingPathComponent("consolidato/" + ConsolidatedWorkbook.fileName(c, date: $0.date)).path }
        for pdf in try LibreOffice.convert(files, filter: "pdf", extension: "pdf") {
            let head = try FileHandle(forReadingFrom: URL(fileURLWithPath: pdf)).readData(ofLength: 5)
            #expect(head == Data("%PDF-".utf8), "\(pdf)")
        }
    }

    @Test("every output is byte-identical across two runs")
    func deterministic() throws {
        let (_, a, _) = try Self.run()
        let (_, b, _) = try Self.run()
        let files = try FileManager.default.subpathsOfDirectory(atPath: a.path).filter { $0.contains(".") }.sorted()
        #expect(files.count > 20)
        for f in files {
            #expect(try Data(contentsOf: a.appendingPathComponent(f)) == Data(contentsOf: b.appendingPathComponent(f)), "\(f)")
        }
    }
}
