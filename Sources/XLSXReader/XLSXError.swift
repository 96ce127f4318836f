/// Everything that can go wrong while reading a workbook, with the place it
/// went wrong. `description` is the Italian message a user reads; it always
/// names the file, and the part, sheet and cell when they are known.
public struct XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The file has zero bytes.
        case emptyFile
        /// Not a ZIP archive and not a format we can name.
        case notAZip
        /// Starts like a ZIP but its directory is missing or cut short.
        case truncated
        /// A password-protected OOXML file (an OLE/CFB container holding `EncryptedPackage`).
        case encrypted
        /// A legacy Excel 97–2003 `.xls` (OLE/CFB with a BIFF `Workbook` stream).
        case legacyXLS
        /// Some other OLE/CFB file (e.g. a `.doc`).
        case otherOLE
        /// An OpenDocument spreadsheet (`.ods`), whatever its extension.
        case openDocument
        /// Plain text (typically a CSV) with an `.xlsx` name.
        case textFile
        /// A ZIP that is not a spreadsheet (e.g. a `.docx`).
        case notASpreadsheet
        /// A part the workbook needs is absent.
        case missingPart(String)
        /// A limit of `ReaderLimits` was exceeded: which one, and its value.
        case limitExceeded(Limit, Int)
        /// The XML declares a DOCTYPE or ENTITY (never expanded).
        case dtdForbidden
        /// The XML is not well formed; `detail` says how, `offset` is the byte position.
        case malformedXML(detail: String, offset: Int)
        /// A shared-string index outside the table.
        case badSharedStringIndex(String)
        /// A cell reference that is not a valid A1 reference inside Excel's grid.
        case badCellReference(String)
        /// A numeric cell whose text is not a number.
        case badNumber(String)
        /// A `t="d"` cell whose text is not an ISO 8601 date, date-time or time in Excel's calendar.
        case badDate(String)
        /// A cell `t=` attribute we do not know.
        case badCellType(String)
        /// A part inflates to more bytes than its header declares (a lying header: a bomb trick).
        case sizeMismatch(declared: Int)
        /// The ZIP container is damaged (what libzip found, in Italian).
        case damagedArchive(String)
        /// The file could not be read from disk.
        case io(String)
        /// No sheet with this name.
        case sheetNotFound(String)
    }

    public enum Limit: String, Sendable, Equatable {
        case fileBytes, entries, partBytes, totalBytes, compressionRatio, cells, sharedStrings, stringBytes, xmlDepth
    }

    public var reason: Reason
    /// The file name as the user knows it (last path component).
    public var file: String
    /// The part inside the archive, e.g. `xl/worksheets/sheet1.xml`.
    public var part: String?
    /// The sheet name, when the part is a worksheet.
    public var sheet: String?
    /// The cell (A1) being read when the error happened.
    public var cell: String?

    public init(_ reason: Reason, file: String, part: String? = nil, sheet: String? = nil, cell: String? = nil) {
        self.reason = reason
        self.file = file
        self.part = part
        self.sheet = sheet
        self.cell = cell
    }

    /// Where, in Italian: «file», foglio «Indicatori», cella B7 (parte «xl/…»).
    public var location: String {
        var s = "«\(file)»"
        if let sheet { s += ", foglio «\(sheet)»" }
        if let cell { s += ", cella \(cell)" }
        if let part { s += " (parte «\(part)»)" }
        return s
    }

    public var description: String {
        "\(location): \(explanation)"
    }

    /// The Italian explanation, without the location.
    public var explanation: String {
        switch reason {
        case .emptyFile:
            return "il file è vuoto (0 byte); forse il caricamento si è interrotto. Ricaricare il file."
        case .notAZip:
            return "non è un file Excel .xlsx valido (il contenuto non è un archivio ZIP). Aprirlo con Excel o LibreOffice e salvarlo come «Cartella di lavoro di Excel (.xlsx)»."
        case .truncated:
            return "il file è incompleto o danneggiato (archivio ZIP troncato); forse il caricamento si è interrotto. Ricaricare il file."
        case .encrypted:
            return "il file è protetto da password e non può essere letto. Togliere la password (in Excel: File › Informazioni › Proteggi cartella di lavoro) e ricaricarlo."
        case .legacyXLS:
            return "il file è nel vecchio formato Excel 97-2003 (.xls). Aprirlo e salvarlo come «Cartella di lavoro di Excel (.xlsx)»."
        case .otherOLE:
            return "il file è un documento Office di vecchio formato, non una cartella di lavoro .xlsx."
        case .openDocument:
            return "il file è un foglio di calcolo OpenDocument (.ods). In LibreOffice usare «Salva con nome» e scegliere il formato «Excel 2007-365 (.xlsx)»."
        case .textFile:
            return "il file è un testo (probabilmente CSV) con estensione .xlsx. Aprirlo con Excel o LibreOffice e salvarlo come «Cartella di lavoro di Excel (.xlsx)»."
        case .notASpreadsheet:
            return "l'archivio non contiene una cartella di lavoro Excel (manca «xl/workbook.xml»); forse è un altro tipo di documento."
        case .missingPart(let name):
            return "manca la parte «\(name)» richiesta dalla cartella di lavoro; il file è danneggiato."
        case .limitExceeded(let limit, let value):
            return Self.limitText(limit, value)
        case .dtdForbidden:
            return "l'XML contiene una dichiarazione DOCTYPE o ENTITY, non ammessa per sicurezza; il file è rifiutato."
        case .malformedXML(let detail, let offset):
            return "XML non valido (\(detail), byte \(offset)); il file è danneggiato."
        case .badSharedStringIndex(let text):
            return "la cella rimanda al testo condiviso n. \(text), che non esiste; il file è danneggiato."
        case .badCellReference(let text):
            return "riferimento di cella non valido «\(text)»."
        case .badNumber(let text):
            return "la cella dovrebbe contenere un numero ma contiene «\(text)»; il file è danneggiato."
        case .badDate(let text):
            return "la cella è di tipo data (t=\"d\") ma contiene «\(text)», che non è una data o un'ora ISO 8601 valida nel calendario di Excel (AAAA-MM-GG, AAAA-MM-GGThh:mm:ss oppure hh:mm:ss, dal 1900 al 9999); il file è danneggiato."
        case .badCellType(let text):
            return "tipo di cella sconosciuto «\(text)»."
        case .sizeMismatch(let declared):
            return "la parte decompressa supera la dimensione dichiarata nell'archivio (\(declared) byte); il file è rifiutato (possibile file malevolo o «zip bomb»)."
        case .damagedArchive(let detail):
            return "archivio ZIP danneggiato (\(detail)). Ricaricare il file."
        case .io(let detail):
            return "impossibile leggere il file (\(detail))."
        case .sheetNotFound(let name):
            return "il foglio «\(name)» non esiste nella cartella di lavoro."
        }
    }

    static func limitText(_ limit: Limit, _ value: Int) -> String {
        let suffix = "; il file è rifiutato (possibile file malevolo o «zip bomb"
        switch limit {
        case .fileBytes: return "il file supera la dimensione massima di \(bytes(value))\(suffix)»)."
        case .entries: return "l'archivio contiene più di \(value) elementi\(suffix)»)."
        case .partBytes: return "la parte decompressa supera \(bytes(value))\(suffix)»)."
        case .totalBytes: return "il contenuto decompresso supera in totale \(bytes(value))\(suffix)»)."
        case .compressionRatio: return "il rapporto di compressione supera \(value):1\(suffix)»)."
        case .cells: return "il foglio contiene più di \(value) celle non vuote\(suffix)»)."
        case .sharedStrings: return "la tabella dei testi condivisi supera \(value) voci\(suffix)»)."
        case .stringBytes: return "un testo o un elemento XML supera \(bytes(value))\(suffix)»)."
        case .xmlDepth: return "l'XML è annidato oltre \(value) livelli\(suffix)»)."
        }
    }

    static func bytes(_ n: Int) -> String {
        if n >= 1 << 30, n % (1 << 30) == 0 { return "\(n >> 30) GiB" }
        if n >= 1 << 20, n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
        if n >= 1 << 10, n % (1 << 10) == 0 { return "\(n >> 10) KiB" }
        return "\(n) byte"
    }
}
