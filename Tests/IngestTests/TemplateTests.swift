import Foundation
import TestSupport
import Testing
@testable import Ingest
import PerformanceModel
import Reports
@testable import XLSXReader

/// The monitoring templates: one per settore, plan cells locked, inputs
/// unlocked and validated with Italian messages, every indicator of the
/// settore present (intersectoral ones too), printable by LibreOffice.
@Suite("Monitoring templates")
struct TemplateTests {
    static let date = CalendarDate(year: 2024, month: 6, day: 30)!

    static func write(_ sector: String) throws -> String {
        let path = temporaryDirectory().appendingPathComponent(MonitoringTemplate.fileName(plan: realPlan.plan, sectorCode: sector, date: date)).path
        try MonitoringTemplate.write(plan: realPlan.plan, sectorCode: sector, date: date, to: path)
        return path
    }

    @Test("file names say ente, year, settore and date")
    func names() {
        #expect(MonitoringTemplate.fileName(plan: realPlan.plan, sectorCode: "02", date: Self.date) == "monitoraggio-cassano-d-adda-2024-settore-02-2024-06-30.xlsx")
    }

    @Test("each settore's template lists exactly its indicators and phases", arguments: ["00", "01", "02", "03", "04", "05", "06", "07", "08"])
    func content(_ sector: String) throws {
        let plan = realPlan.plan
        let book = try XLSXWorkbook(path: try Self.write(sector))
        #expect(book.sheets.map(\.name) == ["Scheda", "Indicatori", "Fasi", "Istruzioni", MonitoringContract.identita])
        #expect(book.sheets.last?.state == .hidden, "the identity is hidden")
        let table = try SheetTable.read(book, sheet: "Indicatori", required: MonitoringContract.Indicators.columns.map(\.header))
        let ids = table.rows.map { table.text($0, "ID indicatore") }
        #expect(ids == plan.indicators(reportedBy: sector).map(\.id))
        if sector != "00" {
            // The intersectoral objective 00-1 reaches every settore with its own indicators.
            #expect(ids.contains("00-1.\(Int(sector)!)") && ids.contains("00-1.\(Int(sector)!)T"))
        }
        // Target and measure sit beside the input, typed.
        for row in table.rows {
            let ind = try #require(plan.indicators.first { $0.id == table.text(row, "ID indicatore") })
            #expect(table.text(row, "Misura") == (ind.measure?.rawValue ?? "non indicata"))
            if let target = ind.target, let cell = table.cell(row, "Target") {
                #expect(ItalianValues.quantity(cell) == target, "\(ind.id)")
            }
        }
        let phases = try SheetTable.read(book, sheet: "Fasi", required: MonitoringContract.Phases.columns.map(\.header))
        let objectives = Set(plan.objectives(reportedBy: sector).map(\.id))
        #expect(phases.rows.count == plan.phases.filter { objectives.contains($0.objectiveID) }.count)
        // Dropped back blank, it is refused as empty — but known as this settore's (so the settore reads "rifiutata", not "mancante").
        let reading = MonitoringReader.read(book, plan: plan)
        #expect(reading.submission == nil)
        #expect(reading.anomalies.first?.code == "schedaVuota", "\(reading.anomalies)")
        #expect(reading.attribution?.sector == sector)
        #expect(reading.anomalies.filter { $0.severity == .error }.count == 1)
    }

    @Test("plan cells are protected, inputs unlocked and validated with Italian messages")
    func protectionAndValidation() throws {
        let book = try XLSXWorkbook(path: try Self.write("02"))
        for (sheet, part) in [("Scheda", "xl/worksheets/sheet1.xml"), ("Indicatori", "xl/worksheets/sheet2.xml"), ("Fasi", "xl/worksheets/sheet3.xml")] {
            #expect(book.sheet(named: sheet)?.part == part)
            let xml = String(decoding: try book.partBytes(part), as: UTF8.self)
            #expect(xml.contains("<sheetProtection"), "\(sheet) is protected")
            #expect(xml.contains("<dataValidations"), "\(sheet) has validations")
        }
        let indicators = String(decoding: try book.partBytes("xl/worksheets/sheet2.xml"), as: UTF8.self)
        #expect(indicators.contains(#"type="list""#) || indicators.contains(#"type="decimal""#))
        #expect(indicators.contains("Percentuale raggiunta, es. 70%."))
        #expect(indicators.contains("<pane ") && indicators.contains(#"state="frozen""#))
        let fasi = String(decoding: try book.partBytes("xl/worksheets/sheet3.xml"), as: UTF8.self)
        #expect(fasi.contains("&quot;non avviata,in corso,completata&quot;") || fasi.contains("\"non avviata,in corso,completata\""))
        #expect(fasi.contains(#"type="date""#))
        // Input cells use an unlocked format.
        let styles = String(decoding: try book.partBytes("xl/styles.xml"), as: UTF8.self)
        #expect(styles.contains(#"locked="0""#))
    }

    /// Every `<dataValidation>` of a sheet's XML with its attributes.
    static func validations(_ xml: String) -> [[String: String]] {
        xml.components(separatedBy: "<dataValidation ").dropFirst().map { chunk in
            let head = chunk.prefix { $0 != ">" }
            var attributes: [String: String] = [:]
            for pair in head.components(separatedBy: "\" ") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if kv.count == 2 { attributes[kv[0].trimmingCharacters(in: .whitespaces)] = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" /")) }
            }
            return attributes
        }
    }

    @Test("every input cell validates with its prompt shown and a stop error — as written, and after LibreOffice re-saved it")
    func validationIsActive() throws {
        let path = try Self.write("02")
        let resaved = try LibreOffice.convert(path, filter: "xlsx:Calc MS Excel 2007 XML", extension: "xlsx")
        for file in [path, resaved] {
            let book = try XLSXWorkbook(path: file)
            for sheet in ["Indicatori", "Fasi"] {
                let part = try #require(book.sheet(named: sheet)?.part)
                let all = Self.validations(String(decoding: try book.partBytes(part), as: UTF8.self))
                #expect(!all.isEmpty, "\(sheet) in \((file as NSString).lastPathComponent)")
                for v in all {
                    #expect(v["showInputMessage"] == "1" || v["showInputMessage"] == "true", "\(sheet): \(v)")
                    #expect(v["showErrorMessage"] == "1" || v["showErrorMessage"] == "true", "\(sheet): \(v)")
                    #expect(v["errorStyle"] == nil || v["errorStyle"] == "stop", "\(sheet): \(v)")
                    #expect(!(v["prompt"] ?? "").isEmpty, "\(sheet): an Italian prompt")
                }
            }
        }
    }

    @Test("LibreOffice opens every template and prints it to PDF")
    func pdf() throws {
        let templates = try realPlan.plan.sectors.map { try Self.write($0.code) }
        for pdf in try LibreOffice.convert(templates, filter: "pdf", extension: "pdf") {
            let head = try FileHandle(forReadingFrom: URL(fileURLWithPath: pdf)).readData(ofLength: 5)
            #expect(head == Data("%PDF-".utf8), "\(pdf)")
        }
    }

    @Test("the same plan and date give byte-identical templates")
    func deterministic() throws {
        let a = try Data(contentsOf: URL(fileURLWithPath: try Self.write("05")))
        let b = try Data(contentsOf: URL(fileURLWithPath: try Self.write("05")))
        #expect(a == b)
    }
}
