import Foundation
import Testing
@testable import XLSXReader

/// Every committed fixture (written by openpyxl, XlsxWriter, libxlsxwriter,
/// LibreOffice, or crafted by hand for one quirk) must read exactly as its
/// `.expected.json` says — the `piao inspect --json` contract.
@Suite("Fixtures from real writers")
struct FixtureTests {
    static let names = Fixtures.files(in: "readers", ext: ".xlsx")

    @Test("fixtures are present from at least three writers")
    func writers() {
        let writers = ["openpyxl", "xlsxwriter", "libxlsxwriter", "libreoffice"].filter { w in Self.names.contains { $0.hasPrefix(w + "-") } }
        #expect(writers.count >= 3, "writers found: \(writers)")
        #expect(Self.names.count >= 15)
    }

    @Test("reads as expected", arguments: names)
    func matchesExpectation(_ name: String) throws {
        let path = Fixtures.reader(name)
        let expectedPath = String(path.dropLast(5)) + ".expected.json"
        let expected = try JSON(parsing: String(contentsOfFile: expectedPath, encoding: .utf8))
        let dump = try WorkbookDump(XLSXWorkbook(path: path))
        let got = try JSON(parsing: dump.json)
        guard case .object(let g) = got, case .object(let e) = expected,
              case .array(let gs)? = g["sheets"], case .array(let es)? = e["sheets"] else {
            Issue.record("not the contract's shape"); return
        }
        #expect(gs.count == es.count, "sheet count")
        for (gSheet, eSheet) in zip(gs, es) {
            guard case .object(let go) = gSheet, case .object(let eo) = eSheet else { continue }
            #expect(go["name"] == eo["name"])
            #expect(go["state"] == eo["state"], "\(eo["name"]!)")
            guard case .array(let gc)? = go["cells"], case .array(let ec)? = eo["cells"] else { continue }
            // Cell by cell, so a failure names the cell.
            for (gCell, eCell) in zip(gc, ec) where gCell != eCell {
                Issue.record("\(name) «\(eo["name"]!)»: got \(gCell), expected \(eCell)")
            }
            #expect(gc.count == ec.count, "\(name) «\(eo["name"]!)»: cell count")
        }
    }

    @Test("the same file read twice gives the same cells, also from memory")
    func memoryAndPathAgree() throws {
        for name in Self.names {
            let path = Fixtures.reader(name)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let a = try readAll(XLSXWorkbook(path: path))
            let b = try readAll(XLSXWorkbook(bytes: bytes, fileName: name))
            #expect(a == b, "\(name)")
        }
    }
}
