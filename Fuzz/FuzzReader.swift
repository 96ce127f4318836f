// libFuzzer target over the XLSX reader. Built by scripts/fuzz.sh together
// with the reader's sources (one module, so internal parsers are reachable).
//
// Input: a byte string. Starting with "PK" it is opened as a whole workbook
// (every sheet read through, and the inspect JSON rendered); otherwise the
// first byte picks an XML parser (worksheet, shared strings, styles,
// workbook, relationships) fed with the rest, in small chunks.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = ReaderLimits()
    limits.maxPartBytes = 8 << 20
    limits.maxTotalBytes = 16 << 20
    limits.maxCells = 200_000
    limits.maxStringBytes = 1 << 18
    // Low enough that inputs of a few KB reach every limit's refusal path.
    limits.maxEntries = 40
    limits.maxSharedStrings = 500
    limits.maxXMLDepth = 24
    if bytes.count >= 2 && bytes[0] == 0x50 && bytes[1] == 0x4B {
        if let book = try? XLSXWorkbook(bytes: bytes, fileName: "fuzz.xlsx", limits: limits) {
            // Half the inputs read every part inflated ahead on a second thread (big parts' path).
            book.prefetchMinBytes = size & 1 == 0 ? 0 : .max
            _ = try? WorkbookDump(book).json
            _ = try? WorkbookDump(book).table
        }
        return 0
    }
    guard let mode = bytes.first else { return 0 }
    let xml = Array(bytes.dropFirst())
    let chunk = Int(mode >> 4) + 1
    let t = XMLTokenizer(source: MemoryByteSource(xml, chunk: chunk == 16 ? 1 << 16 : chunk), file: "fuzz", part: "part", limits: limits)
    switch mode & 0x07 {
    case 0, 1, 2:
        var sst = SharedStrings()
        if let parsed = try? SharedStrings(tokenizer: XMLTokenizer(source: MemoryByteSource(["<sst><si><t>a</t></si><si><t>b</t></si></sst>"].flatMap { Array($0.utf8) }), file: "f", part: "s", limits: limits), limits: limits) { sst = parsed }
        let reader = SheetReader(sheetName: "Foglio", tokenizer: t, sharedStrings: sst, styles: Styles(), is1904: mode & 0x08 != 0, limits: limits)
        while let row = try? reader.nextRow() {
            for cell in row.cells { _ = WorkbookDump.jsonTypeAndValue(cell.value); _ = cell.reference }
        }
    case 3:
        _ = try? SharedStrings(tokenizer: t, limits: limits)
    case 4:
        _ = try? Styles(tokenizer: t)
    case 5:
        _ = try? WorkbookPart(tokenizer: t)
    case 6:
        _ = try? Relationships(tokenizer: t, sourcePart: "xl/workbook.xml")
    default:
        while let k = try? t.next(), k != .eof {
            if k == .start { _ = try? t.attributes() }
            if k == .text { _ = try? t.decodedText() }
        }
    }
    return 0
}
