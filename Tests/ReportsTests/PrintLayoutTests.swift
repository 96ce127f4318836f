import Foundation
import TestSupport
import Testing
import PerformanceModel
import Reports

/// What a Segretario or an OIV member holds in their hands: every printed
/// sheet read back by openpyxl (not piao's reader), and the OIV export and
/// the consolidated workbook printed by LibreOffice and measured on the PDF.
@Suite("Printed pages")
struct PrintLayoutTests {
    /// Excel's pixels for a stored column width (ECMA-376 Part 1, §18.3.1.13), maximum digit width 7 px.
    static func pixels(_ width: Double) -> Double {
        (((256 * width + (128 / 7).rounded(.towardZero)) / 256) * 7).rounded(.towardZero)
    }

    /// LibreOffice measures Carlito's digit (7.4 px at 11 pt) where Excel counts 7.
    static let libreOfficeAllowance = 1.06

    static func layouts(_ out: URL) throws -> [(file: String, sheet: String, layout: [String: Any])] {
        // The blank plan of `piao init` prints too.
        try FileManager.default.createDirectory(at: out.appendingPathComponent("modelli"), withIntermediateDirectories: true)
        try BlankPlan.write(ente: "Comune di Prova", year: 2026, to: out.appendingPathComponent("modelli/piano-vuoto.xlsx").path)
        let files = try FileManager.default.subpathsOfDirectory(atPath: out.path)
            .filter { name in name.hasSuffix(".xlsx") && ["consolidato/", "oiv/", "esiti/", "modelli/"].contains { name.hasPrefix($0) } }
            .sorted()
        let json = try #require(try Openpyxl.json("page_layout.py", files.map { out.appendingPathComponent($0).path }) as? [String: [String: [String: Any]]])
        return files.flatMap { file in
            (json[out.appendingPathComponent(file).path] ?? [:]).sorted { $0.key < $1.key }
                .filter { ($0.value["state"] as? String) == "visible" }
                .map { (file, $0.key, $0.value) }
        }
    }

    @Test("every printed sheet is A4 at a scale of at least 70 %, never fitted to the page, and its printed columns fit the width")
    func scale() throws {
        let (_, out, _) = try OutputsTests.run()
        let sheets = try Self.layouts(out)
        #expect(sheets.count > 50)
        for (file, sheet, l) in sheets {
            let place = "\(file) «\(sheet)»"
            #expect(l["paperSize"] as? Int == 9 || l["paperSize"] as? String == "9", "\(place): paper \(String(describing: l["paperSize"]))")
            #expect(l["fitToPage"] as? Bool == false, "\(place) is fitted to the page")
            let scale = (l["scale"] as? Int) ?? 100
            #expect(scale >= 70, "\(place) prints at \(scale) %")
            let landscape = (l["orientation"] as? String) == "landscape"
            let margins = try #require(l["margins"] as? [String: Double])
            let printable = ((landscape ? 297 : 210) / 25.4 - margins["left"]! - margins["right"]!) * 96
            let widths = try #require(l["widths"] as? [Double])
            let total = widths.map(Self.pixels).reduce(0, +) * Double(scale) / 100
            #expect(total * Self.libreOfficeAllowance <= printable, "\(place): \(Int(total)) px of \(Int(printable)) at \(scale) %")
        }
    }

    @Test("tables repeat their header on every page, and a header that wraps has the height it needs")
    func headers() throws {
        let (_, out, _) = try OutputsTests.run()
        for (file, sheet, l) in try Self.layouts(out) {
            guard let header = l["headerRow"] as? [String: Any], let texts = header["texts"] as? [[Any]] else { continue }
            let row = header["row"] as? Int ?? 0
            // Sintesi and the cover are pages of several small tables, not one long one.
            if (file.hasPrefix("consolidato/") || file.hasPrefix("oiv/")) && !["Sintesi", "Copertina"].contains(sheet) {
                #expect((l["printTitleRows"] as? String)?.contains("$\(row):$\(row)") == true, "\(file) «\(sheet)»: \(String(describing: l["printTitleRows"]))")
            }
            // Lines each header takes, words wrapped at the column's width, 6.2 px a bold character.
            let lines = texts.map { pair -> Int in
                let text = pair[0] as? String ?? "", width = Self.pixels(pair[1] as? Double ?? 8.43) - 4
                var lines = 1, used = 0.0
                for word in text.split(separator: " ") {
                    let w = Double(word.count) * 6.2
                    if used > 0 && used + 3 + w > width { lines += 1; used = 0 }
                    lines += Int(max(0, (w - 1) / width))
                    used += (used > 0 ? 3 : 0) + w.truncatingRemainder(dividingBy: width)
                }
                return lines
            }.max() ?? 1
            let height = header["height"] as? Double ?? 15
            #expect(height >= 14.5 * Double(lines), "\(file) «\(sheet)»: header row \(row) is \(height) pt for \(lines) lines")
        }
    }

    /// Per page of a PDF: its text and the median height of its words (pt).
    static func pages(_ pdf: String) throws -> [(text: String, wordHeight: Double)] {
        func run(_ args: [String]) throws -> String { try Subprocess.run(args).output }
        let info = try run(["pdfinfo", pdf])
        let count = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") })
        return try (1...count).map { page in
            let text = try run(["pdftotext", "-f", "\(page)", "-l", "\(page)", "-layout", pdf, "-"])
            let bbox = try run(["pdftotext", "-f", "\(page)", "-l", "\(page)", "-bbox", pdf, "-"])
            let heights = bbox.components(separatedBy: "<word ").dropFirst().compactMap { word -> Double? in
                func value(_ name: String) -> Double? {
                    guard let r = word.range(of: "\(name)=\"") else { return nil }
                    return Double(word[r.upperBound...].prefix { $0 != "\"" })
                }
                guard let a = value("yMin"), let b = value("yMax") else { return nil }
                return b - a
            }.sorted()
            return (text, heights.isEmpty ? 0 : heights[heights.count / 2])
        }
    }

    @Test("LibreOffice prints the OIV export and the consolidated workbook legibly: text ≥ 7.7 pt, no column spilled onto a page of its own")
    func printed() throws {
        let (c, out, _) = try OutputsTests.run()
        let oiv = out.appendingPathComponent("oiv/oiv-cassano-d-adda-2024.xlsx").path
        let final = out.appendingPathComponent("consolidato/" + ConsolidatedWorkbook.fileName(c, date: c.cards.last!.date)).path
        let pdfs = try LibreOffice.convert([oiv, final], filter: "pdf", extension: "pdf")
        // Carlito's words are boxed at about 1.22 × the font size: 0.70 × 11 pt × 1.22.
        let legible = 9.3
        for pdf in pdfs {
            let pages = try Self.pages(pdf)
            #expect(pages.count > 5)
            for (i, page) in pages.enumerated() {
                #expect(page.text.contains("Pagina \(i + 1) di \(pages.count)"), "\(pdf) p. \(i + 1)")
                #expect(page.wordHeight >= legible, "\(pdf) p. \(i + 1): words \(page.wordHeight) pt high")
            }
        }
        // A table's first and last printed header share every page: nothing prints on a page of its own.
        let oivPages = try Self.pages(pdfs[0])
        for (first, last) in [("Responsabili nell'anno", "Obiettivi non"), ("Motivazione", "Regola e calcolo"), ("SHA-256", "Esito")] {
            let withFirst = oivPages.indices.filter { oivPages[$0].text.contains(first) }
            let withLast = oivPages.indices.filter { oivPages[$0].text.contains(last) }
            #expect(!withFirst.isEmpty && withFirst == withLast, "«\(first)» on pages \(withFirst), «\(last)» on \(withLast)")
        }
        #expect(oivPages[0].text.contains("Componente dell'OIV (presidente)"), "the signature block is not on the cover's page")
    }
}
