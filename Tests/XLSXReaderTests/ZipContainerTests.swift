import Foundation
import Testing
@testable import XLSXReader

/// The ZIP container: valid archives are read whatever their writer did
/// (data descriptors), and a package with two names for one part is refused.
@Suite("ZIP container")
struct ZipContainerTests {
    /// Local file headers of a ZIP: (name, general purpose flags, CRC, compressed, uncompressed).
    static func localHeaders(_ path: String) throws -> [(String, UInt16, UInt32, UInt32, UInt32)] {
        let b = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
        var out: [(String, UInt16, UInt32, UInt32, UInt32)] = []
        var i = 0
        while i + 30 <= b.count {
            guard u32(i) == 0x0403_4B50 else { i += 1; continue }
            let n = u16(i + 26), m = u16(i + 28)
            out.append((String(decoding: b[(i + 30)..<(i + 30 + n)], as: UTF8.self), UInt16(u16(i + 6)), u32(i + 14), u32(i + 18), u32(i + 22)))
            i += 30 + n + m
        }
        return out
    }

    /// Re-zipped with data descriptors (general purpose bit 3): every unzip tool reads
    /// them; libzip's ZIP_CHECKCONS refused those whose local headers keep the size.
    static let dataDescriptors: [(String, String)] = [
        ("data-descriptor-python.xlsx", "zipfile, non-seekable stream: local CRC and sizes 0"),
        ("data-descriptor-infozip.xlsx", "Info-ZIP to a pipe: local uncompressed size kept"),
        ("poi-64667.xlsx", "local uncompressed size kept; folder entries without bit 3"),
        ("poi-MalformedSSTCount.xlsx", "local uncompressed size kept; folder entries without bit 3"),
    ]

    @Test("archives written with data descriptors are read", arguments: dataDescriptors)
    func dataDescriptor(_ name: String, _ how: String) throws {
        let path = Fixtures.reader(name)
        let files = try Self.localHeaders(path).filter { !$0.0.hasSuffix("/") }
        #expect(!files.isEmpty && files.allSatisfy { $0.1 & 8 != 0 && $0.2 == 0 && $0.3 == 0 }, "\(name): \(how)")
        let book = try XLSXWorkbook(path: path)
        let cells = try readAll(book)
        #expect(!cells.isEmpty && cells.values.allSatisfy { !$0.isEmpty }, "\(name)")
        if name.hasPrefix("data-descriptor-") {
            // The same entries as the file they were re-zipped from, so the same cells.
            #expect(cells == (try readAll(XLSXWorkbook(path: Fixtures.reader("errors-and-bools.xlsx")))))
        }
    }

    @Test("part names are found ignoring ASCII case only")
    func caseInsensitiveLookup() throws {
        let book = try XLSXWorkbook(path: Fixtures.reader("errors-and-bools.xlsx"))
        #expect(try !book.partBytes("XL/Worksheets/SHEET1.xml").isEmpty)
        #expect(try !book.partBytes("/xl\\worksheets\\sheet1.xml").isEmpty)
        #expect(ZipArchive.asciiLowercased("Xl/Ä/Sheet1.XML") == "xl/Ä/sheet1.xml")
        #expect(ZipArchive.asciiLowercased("xl/ä") == "xl/ä")
    }

    @Test("a repeated part name is refused in Italian, naming both spellings")
    func repeatedNames() {
        for (name, part, words) in [("duplicate-part.xlsx", "xl/worksheets/sheet1.xml", "compare due volte"),
                                    ("duplicate-part-case.xlsx", "xl/worksheets/Sheet1.xml", "«xl/worksheets/sheet1.xml» e «xl/worksheets/Sheet1.xml»")] {
            do {
                _ = try XLSXWorkbook(path: Fixtures.hostile(name))
                Issue.record("\(name) was accepted")
            } catch {
                #expect(error.part == part, "\(error)")
                #expect(error.description.hasPrefix("«\(name)» (parte «\(part)»): archivio ZIP danneggiato ("), "\(error)")
                #expect(error.description.contains(words), "\(error)")
            }
        }
    }
}
