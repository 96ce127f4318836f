import Foundation
import Testing
@testable import XLSXReader

/// Every hostile or wrong file is refused with the right reason and an
/// Italian message naming the file (and the part, sheet and cell where
/// they are known) — no crash, no hang, nothing half-read.
@Suite("Hostile and wrong files")
struct HostileFileTests {
    enum Expect: Sendable {
        case reason(XLSXError.Reason)
        case kind(@Sendable (XLSXError.Reason) -> Bool)
    }

    /// file, expected reason, the part named (nil: the whole file), words the message must contain.
    static let cases: [(String, Expect, String?, String)] = [
        ("zip-bomb-ratio.xlsx", .reason(.limitExceeded(.compressionRatio, 200)), "xl/worksheets/sheet1.xml", "zip bomb"),
        ("zip-bomb-lying-size.xlsx", .reason(.sizeMismatch(declared: 1000)), "xl/worksheets/sheet1.xml", "dimensione dichiarata"),
        ("billion-laughs.xlsx", .reason(.dtdForbidden), "xl/sharedStrings.xml", "DOCTYPE o ENTITY"),
        ("xxe.xlsx", .reason(.dtdForbidden), "xl/worksheets/sheet1.xml", "DOCTYPE o ENTITY"),
        ("truncated.xlsx", .reason(.truncated), nil, "troncato"),
        ("truncated-central-dir.xlsx", .reason(.truncated), nil, "troncato"),
        ("empty.xlsx", .reason(.emptyFile), nil, "vuoto"),
        ("not-a-zip.xlsx", .reason(.notAZip), nil, "non è un archivio ZIP"),
        ("text-renamed.xlsx", .reason(.textFile), nil, "CSV"),
        ("csv-renamed.xlsx", .reason(.textFile), nil, "CSV"),
        ("encrypted.xlsx", .reason(.encrypted), nil, "password"),
        ("legacy.xls.xlsx", .reason(.legacyXLS), nil, "97-2003"),
        ("ods-renamed.xlsx", .reason(.openDocument), nil, "OpenDocument"),
        ("missing-workbook.xlsx", .reason(.missingPart("xl/workbook.xml")), nil, "manca la parte «xl/workbook.xml»"),
        ("missing-sheet-part.xlsx", .reason(.missingPart("xl/worksheets/sheet2.xml")), nil, "manca la parte"),
        ("malformed-xml.xlsx", .kind { if case .malformedXML = $0 { true } else { false } }, "xl/worksheets/sheet1.xml", "XML non valido"),
        ("malformed-truncated-xml.xlsx", .kind { if case .malformedXML = $0 { true } else { false } }, "xl/worksheets/sheet1.xml", "XML non valido"),
        ("bad-shared-string-index.xlsx", .reason(.badSharedStringIndex("999")), "xl/worksheets/sheet1.xml", "cella C1"),
        ("negative-shared-string-index.xlsx", .reason(.badSharedStringIndex("-1")), "xl/worksheets/sheet1.xml", "cella C1"),
        ("huge-ref.xlsx", .kind { if case .badCellReference = $0 { true } else { false } }, "xl/worksheets/sheet1.xml", "riferimento di cella non valido"),
        ("garbage-in-value.xlsx", .reason(.badNumber("12abc")), "xl/worksheets/sheet1.xml", "cella B1"),
        ("crc-mismatch.xlsx", .kind { if case .damagedArchive = $0 { true } else { false } }, "xl/worksheets/sheet1.xml", "CRC"),
        // Valid data descriptors (bit 3) but two bytes of the rels damaged: it inflates
        // to 699 of 697 bytes with a bad CRC — damage, not a lying header.
        ("calamine-issue252.xlsx", .kind { if case .damagedArchive = $0 { true } else { false } }, "xl/_rels/workbook.xml.rels", "CRC"),
        // Part names are compared as case-insensitive ASCII (ECMA-376 Part 2, [M1.12]).
        ("duplicate-part.xlsx", .reason(.damagedArchive("la parte «xl/worksheets/sheet1.xml» compare due volte")),
         "xl/worksheets/sheet1.xml", "archivio ZIP danneggiato (la parte «xl/worksheets/sheet1.xml» compare due volte)"),
        ("duplicate-part-case.xlsx", .reason(.damagedArchive(Self.sameNameUpToCase)),
         "xl/worksheets/Sheet1.xml", "archivio ZIP danneggiato (le parti «xl/worksheets/sheet1.xml» e «xl/worksheets/Sheet1.xml»"),
        ("poi-duplicate-filename.xlsx", .reason(.damagedArchive("la parte «xl/worksheets/sheet1.xml» compare due volte")),
         "xl/worksheets/sheet1.xml", "compare due volte"),
        ("poi-duplicate-filename-case-insensitive.xlsx", .reason(.damagedArchive(Self.sameNameUpToCase)),
         "xl/worksheets/Sheet1.xml", "maiuscole e minuscole non contano"),
        ("bad-iso-date.xlsx", .reason(.badDate("30/06/2024")), "xl/worksheets/sheet1.xml", "cella B1"),
    ]

    static let sameNameUpToCase = "le parti «xl/worksheets/sheet1.xml» e «xl/worksheets/Sheet1.xml» hanno lo stesso nome, perché maiuscole e minuscole non contano"

    /// Opens and reads every sheet through, as `piao run` does.
    func readThrough(_ path: String, limits: ReaderLimits = .default) throws(XLSXError) {
        let book = try XLSXWorkbook(path: path, limits: limits)
        for sheet in book.sheets {
            let reader = try book.rows(of: sheet)
            while try reader.nextRow() != nil {}
        }
    }

    @Test("refused with the right reason and an Italian message", arguments: cases)
    func refused(_ name: String, _ expect: Expect, _ part: String?, _ words: String) {
        let path = Fixtures.hostile(name)
        #expect(FileManager.default.fileExists(atPath: path), "fixture \(name)")
        do {
            try readThrough(path)
            Issue.record("\(name) was accepted")
        } catch {
            switch expect {
            case .reason(let r): #expect(error.reason == r, "\(name): \(error)")
            case .kind(let k): #expect(k(error.reason), "\(name): \(error)")
            }
            #expect(error.file == name)
            if let part { #expect(error.part == part, "\(name): \(error)") }
            #expect(error.description.hasPrefix("«\(name)»"))
            #expect(error.description.contains(words), "\(name): \(error.description)")
        }
    }

    @Test("also refused when opened from memory")
    func refusedFromMemory() throws {
        for (name, _, _, _) in Self.cases {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.hostile(name))))
            #expect(throws: XLSXError.self, "\(name)") {
                let book = try XLSXWorkbook(bytes: bytes, fileName: name)
                for sheet in book.sheets { let r = try book.rows(of: sheet); while try r.nextRow() != nil {} }
            }
        }
    }

    /// Each limit of `ReaderLimits`, lowered, refuses a file that is otherwise fine.
    static let limitCases: [(String, String, XLSXError.Limit)] = [
        ("many-entries", "hostile", .entries),
        ("sparse", "readers", .cells),
        ("rich-text-shared", "readers", .sharedStrings),
        ("sparse", "readers", .partBytes),
        ("sparse", "readers", .totalBytes),
        ("sparse", "readers", .fileBytes),
        ("whitespace", "readers", .stringBytes),
        ("sparse", "readers", .xmlDepth),
    ]

    @Test("every limit is a setting that refuses what exceeds it", arguments: limitCases)
    func limit(_ name: String, _ folder: String, _ limit: XLSXError.Limit) {
        var limits = ReaderLimits.default
        switch limit {
        case .entries: limits.maxEntries = 100
        case .cells: limits.maxCells = 3
        case .sharedStrings: limits.maxSharedStrings = 2
        case .partBytes: limits.maxPartBytes = 200
        case .totalBytes: limits.maxTotalBytes = 1000
        case .fileBytes: limits.maxFileBytes = 500
        case .stringBytes: limits.maxStringBytes = 10; limits.maxPartBytes = 1 << 20
        case .xmlDepth: limits.maxXMLDepth = 2
        case .compressionRatio: break
        }
        let path = Fixtures.root.appendingPathComponent("\(folder)/\(name).xlsx").path
        do {
            try readThrough(path, limits: limits)
            Issue.record("\(name) accepted with a low \(limit) limit")
        } catch {
            if case .limitExceeded(let which, _) = error.reason {
                #expect(which == limit, "\(error)")
            } else {
                Issue.record("\(name): \(error)")
            }
            #expect(error.description.contains("rifiutato"))
        }
    }

    @Test("arbitrary bytes never crash the reader")
    func randomBytes() {
        var seed: UInt64 = 7
        for length in [1, 2, 3, 4, 8, 22, 100, 1000, 5000] {
            for _ in 0..<20 {
                var bytes: [UInt8] = []
                for _ in 0..<length { seed = seed &* 6364136223846793005 &+ 1; bytes.append(UInt8(truncatingIfNeeded: seed >> 33)) }
                // Half of them start like a ZIP, to get past the sniffer.
                if seed & 1 == 0 && length >= 4 { bytes[0] = 0x50; bytes[1] = 0x4B; bytes[2] = 3; bytes[3] = 4 }
                #expect(throws: XLSXError.self) { _ = try XLSXWorkbook(bytes: bytes, fileName: "x.xlsx") }
            }
        }
    }

    @Test("every truncation of a real workbook fails cleanly")
    func everyTruncation() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.reader("libxlsxwriter-basic.xlsx"))))
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            do {
                let book = try XLSXWorkbook(bytes: Array(bytes[0..<cut]), fileName: "cut.xlsx")
                for sheet in book.sheets { let r = try book.rows(of: sheet); while try r.nextRow() != nil {} }
                Issue.record("a workbook cut at \(cut) of \(bytes.count) bytes was accepted")
            } catch {
                #expect(error.file == "cut.xlsx")
            }
        }
    }
}
