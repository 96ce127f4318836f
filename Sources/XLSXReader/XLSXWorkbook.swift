#if canImport(Glibc)
import SystemText
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sheet as the workbook lists it.
public struct SheetInfo: Sendable, Equatable {
    public let name: String
    public let state: SheetState
    /// The worksheet part, e.g. `xl/worksheets/sheet1.xml`; nil when the
    /// workbook's relationship for it is missing.
    public let part: String?
    /// False for chart sheets and dialog sheets, which hold no cells.
    public let isWorksheet: Bool
}

/// An opened XLSX workbook: the container is checked, the workbook part,
/// shared strings and styles are read once; worksheets are then streamed
/// on demand with `rows(of:)`.
///
/// ```swift
/// let book = try XLSXWorkbook(path: "Inputs/monitoraggio/settore-01.xlsx")
/// let reader = try book.rows(ofSheetNamed: "Indicatori")
/// while let row = try reader.nextRow() { … }
/// ```
public final class XLSXWorkbook {
    /// The file name the user knows (last path component).
    public let fileName: String
    public let sheets: [SheetInfo]
    public let uses1904: Bool
    public let limits: ReaderLimits

    private let archive: ZipArchive
    private let sharedStrings: SharedStrings
    private let styles: Styles

    /// Opens the file at `path`; `fileName` is the name messages use
    /// (the last path component by default: a private copy passes the original's).
    public convenience init(path: String, fileName: String? = nil, limits: ReaderLimits = .default) throws(XLSXError) {
        let name = fileName ?? path.split(separator: "/").last.map(String.init) ?? path
        let bytes = try Self.readFile(path, name: name, limits: limits)
        try self.init(owning: bytes, fileName: name, limits: limits)
    }

    /// Opens a workbook held in memory (tests, fuzzing).
    public convenience init(bytes: [UInt8], fileName: String, limits: ReaderLimits = .default) throws(XLSXError) {
        if bytes.count > limits.maxFileBytes {
            throw XLSXError(.limitExceeded(.fileBytes, limits.maxFileBytes), file: fileName)
        }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes { src in if src.count > 0 { copy.baseAddress!.copyMemory(from: src.baseAddress!, byteCount: src.count) } }
        try self.init(owning: UnsafeMutableRawBufferPointer(rebasing: copy[0..<bytes.count]), fileName: fileName, limits: limits)
    }

    /// Takes ownership of `bytes` (freed with the workbook or on failure).
    private init(owning bytes: UnsafeMutableRawBufferPointer, fileName: String, limits: ReaderLimits) throws(XLSXError) {
        self.fileName = fileName
        self.limits = limits
        let kind = FileSniffer.kind(of: UnsafeRawBufferPointer(bytes))
        guard kind == .zip else {
            bytes.deallocate()
            switch kind {
            case .empty: throw XLSXError(.emptyFile, file: fileName)
            case .encryptedOOXML: throw XLSXError(.encrypted, file: fileName)
            case .legacyXLS: throw XLSXError(.legacyXLS, file: fileName)
            case .otherOLE: throw XLSXError(.otherOLE, file: fileName)
            case .text: throw XLSXError(.textFile, file: fileName)
            case .zip, .unknown: throw XLSXError(.notAZip, file: fileName)
            }
        }
        let archive = try ZipArchive(owning: bytes, fileName: fileName, limits: limits)
        self.archive = archive

        let workbookPart = try Self.locateWorkbook(archive)
        let workbook = try WorkbookPart(tokenizer: Self.tokenizer(archive, workbookPart))
        let relsPart = Relationships.partName(for: workbookPart)
        let rels = archive.contains(relsPart)
            ? try Relationships(tokenizer: Self.tokenizer(archive, relsPart), sourcePart: workbookPart)
            : Relationships()

        uses1904 = workbook.uses1904
        // A missing shared-strings or styles part is not an error: numbers-only
        // workbooks have none, and without styles nothing is a date.
        let sstPart = rels.first(ofType: "sharedStrings")?.target ?? "xl/sharedStrings.xml"
        sharedStrings = archive.contains(sstPart)
            ? try SharedStrings(tokenizer: Self.tokenizer(archive, sstPart), limits: limits)
            : SharedStrings()
        let stylesPart = rels.first(ofType: "styles")?.target ?? "xl/styles.xml"
        styles = archive.contains(stylesPart)
            ? try Styles(tokenizer: Self.tokenizer(archive, stylesPart))
            : Styles()

        sheets = workbook.sheets.map { entry in
            let rel = rels.byID[entry.relationshipID]
            return SheetInfo(name: entry.name, state: entry.state, part: rel?.target,
                             isWorksheet: rel.map { $0.type == "worksheet" } ?? true)
        }
    }

    /// The sheet called `name` (exact match first, then ignoring case and
    /// surrounding spaces, as users rename sheets loosely).
    public func sheet(named name: String) -> SheetInfo? {
        if let exact = sheets.first(where: { $0.name == name }) { return exact }
        let key = String(name.trimmingSpaces).lowercased()
        return sheets.first { String($0.name.trimmingSpaces).lowercased() == key }
    }

    /// Parts at least this big are inflated ahead on a second thread (tests force either path).
    var prefetchMinBytes: Int {
        get { archive.prefetchMinBytes }
        set { archive.prefetchMinBytes = newValue }
    }

    /// Streams the cells of `sheet`.
    public func rows(of sheet: SheetInfo) throws(XLSXError) -> SheetReader {
        guard let part = sheet.part else {
            throw XLSXError(.missingPart("relazione del foglio «\(sheet.name)»"), file: fileName, sheet: sheet.name)
        }
        guard sheet.isWorksheet else {
            // Chart and dialog sheets have no cell table: an empty reader.
            let empty = XMLTokenizer(source: MemoryByteSource([]), file: fileName, part: part, limits: limits)
            return SheetReader(sheetName: sheet.name, tokenizer: empty, sharedStrings: sharedStrings, styles: styles, is1904: uses1904, limits: limits)
        }
        do {
            let t = try Self.tokenizer(archive, part)
            return SheetReader(sheetName: sheet.name, tokenizer: t, sharedStrings: sharedStrings, styles: styles, is1904: uses1904, limits: limits)
        } catch {
            var located = error
            located.sheet = sheet.name
            throw located
        }
    }

    public func rows(ofSheetNamed name: String) throws(XLSXError) -> SheetReader {
        guard let info = sheet(named: name) else { throw XLSXError(.sheetNotFound(name), file: fileName) }
        return try rows(of: info)
    }

    /// The raw bytes of a part (tests inspect protection and validation markup).
    func partBytes(_ name: String) throws(XLSXError) -> [UInt8] {
        try archive.readAll(name, maxBytes: limits.maxPartBytes)
    }

    // MARK: - Opening

    private static func tokenizer(_ archive: ZipArchive, _ part: String) throws(XLSXError) -> XMLTokenizer {
        XMLTokenizer(source: try archive.stream(part), file: archive.fileName, part: part, limits: archive.limits)
    }

    /// The main part, from the package relationships (`_rels/.rels`), else
    /// the conventional `xl/workbook.xml`. Names what the archive is when
    /// it is not a workbook at all.
    private static func locateWorkbook(_ archive: ZipArchive) throws(XLSXError) -> String {
        if archive.contains("mimetype"),
           let head = try? archive.readAll("mimetype", maxBytes: 200),
           String(decoding: head, as: UTF8.self).hasPrefix("application/vnd.oasis.opendocument") {
            throw XLSXError(.openDocument, file: archive.fileName)
        }
        if archive.contains("_rels/.rels") {
            let rels = try Relationships(tokenizer: tokenizer(archive, "_rels/.rels"), sourcePart: "")
            if let main = rels.first(ofType: "officeDocument"), archive.contains(main.target),
               main.target.hasSuffix(".xml") {
                return main.target
            }
        }
        if archive.contains("xl/workbook.xml") { return "xl/workbook.xml" }
        if archive.contains("content.xml") { throw XLSXError(.openDocument, file: archive.fileName) }
        if archive.contains("[Content_Types].xml") && !archive.contains("word/document.xml") && !archive.contains("ppt/presentation.xml") {
            throw XLSXError(.missingPart("xl/workbook.xml"), file: archive.fileName)
        }
        throw XLSXError(.notASpreadsheet, file: archive.fileName)
    }

    /// Reads the whole file (bounded by `maxFileBytes`) into fresh memory.
    private static func readFile(_ path: String, name: String, limits: ReaderLimits) throws(XLSXError) -> UnsafeMutableRawBufferPointer {
        // Non-blocking: a FIFO in place of a file must not hang the run (fstat then refuses it).
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw XLSXError(.io(ItalianErrno.current), file: name) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw XLSXError(.io(ItalianErrno.current), file: name) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw XLSXError(.io("non è un file regolare"), file: name) }
        let size = Int(st.st_size)
        if size > limits.maxFileBytes { throw XLSXError(.limitExceeded(.fileBytes, limits.maxFileBytes), file: name) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 16)
        var got = 0
        while got < size {
            let n = read(fd, buffer.baseAddress! + got, size - got)
            if n < 0 {
                if errno == EINTR { continue }
                buffer.deallocate()
                throw XLSXError(.io(ItalianErrno.current), file: name)
            }
            if n == 0 { break } // shrank while reading: take what is there
            got += n
        }
        return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<got])
    }
}
