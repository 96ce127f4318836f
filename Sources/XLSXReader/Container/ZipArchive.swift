import CLibZip

/// The ZIP container of a workbook, read with libzip. Knows its entries by
/// name and streams any of them in chunks while enforcing `ReaderLimits`
/// on what is actually inflated (declared sizes in the headers may lie).
final class ZipArchive {
    private let handle: OpaquePointer
    /// Keeps the bytes alive when the archive was opened from memory.
    private var ownedBytes: UnsafeMutableRawPointer?
    let fileName: String
    let limits: ReaderLimits
    /// Normalised entry name → index.
    private var index: [String: UInt64] = [:]
    /// The same, keyed by the name in ASCII lower case (part names are
    /// compared case-insensitively, so each key is unique: see `buildIndex`).
    private var lowercasedIndex: [String: UInt64] = [:]
    /// Uncompressed bytes inflated so far, across all parts.
    var totalInflated = 0
    /// Held around every call into libzip once the archive is open (a part may be inflated on a second thread).
    let libzip = PosixMutex()

    /// Opens the archive held in `bytes` (the whole file), taking ownership
    /// of that memory: it is freed with the archive, or here on failure.
    init(owning bytes: UnsafeMutableRawBufferPointer, fileName: String, limits: ReaderLimits) throws(XLSXError) {
        self.fileName = fileName
        self.limits = limits
        let copy = bytes.baseAddress!
        var zerr = zip_error_t()
        zip_error_init(&zerr)
        defer { zip_error_fini(&zerr) }
        guard let source = zip_source_buffer_create(copy, UInt64(bytes.count), 0, &zerr) else {
            copy.deallocate()
            throw XLSXError(.damagedArchive(Self.italian(&zerr)), file: fileName)
        }
        // Not ZIP_CHECKCONS: it also compares every local header with its
        // central-directory entry, and refuses valid archives written with
        // data descriptors (general purpose bit 3) whose local header keeps
        // the uncompressed size (Info-ZIP `zip -fd` or `zip -` to a pipe, some
        // Java writers) or a different time. Without it libzip still refuses
        // a missing or inconsistent central directory / EOCD (→ truncated), a
        // missing local header when an entry is opened, bad compressed data
        // and a bad CRC-32 at the end of an entry; the one check of CHECKCONS
        // we need, repeated entry names, is made in `buildIndex`.
        guard let archive = zip_open_from_source(source, ZIP_RDONLY, &zerr) else {
            zip_source_free(source)
            copy.deallocate()
            let code = zip_error_code_zip(&zerr)
            if code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_EOF || code == ZIP_ER_READ || code == ZIP_ER_SEEK {
                throw XLSXError(.truncated, file: fileName)
            }
            throw XLSXError(.damagedArchive(Self.italian(&zerr)), file: fileName)
        }
        handle = archive
        ownedBytes = copy
        // On failure from here on, deinit (which runs for a fully initialised
        // object) discards the archive and frees the bytes.
        try buildIndex()
    }

    deinit {
        zip_discard(handle)
        ownedBytes?.deallocate()
    }

    private func buildIndex() throws(XLSXError) {
        let count = zip_get_num_entries(handle, 0)
        guard count >= 0 else { throw XLSXError(.truncated, file: fileName) }
        if count > Int64(limits.maxEntries) {
            throw XLSXError(.limitExceeded(.entries, limits.maxEntries), file: fileName)
        }
        // OPC part names are equivalent when they are equal as
        // case-insensitive ASCII strings, and a package must not hold two
        // equivalent names (ECMA-376 Part 2, rule [M1.12]): which of the two
        // is "the" sheet would be a guess. Folders (names ending in `/`) are
        // not parts.
        var names: [String] = []
        names.reserveCapacity(Int(count))
        for i in 0..<UInt64(count) {
            guard let raw = zip_get_name(handle, i, UInt32(ZIP_FL_ENC_GUESS)) else { names.append(""); continue }
            let name = Self.normalise(String(cString: raw))
            names.append(name)
            let lower = Self.asciiLowercased(name)
            if let first = lowercasedIndex[lower] {
                if name.hasSuffix("/") { continue }
                let other = names[Int(first)]
                let detail = other == name
                    ? "la parte «\(name)» compare due volte"
                    : "le parti «\(other)» e «\(name)» hanno lo stesso nome, perché maiuscole e minuscole non contano"
                throw XLSXError(.damagedArchive(detail), file: fileName, part: name)
            }
            index[name] = i
            lowercasedIndex[lower] = i
        }
    }

    /// `name` with only A–Z turned into a–z (part names compare as ASCII).
    static func asciiLowercased(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return name }
        return String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// libzip's error, said in Italian for the common cases.
    static func italian(_ error: UnsafeMutablePointer<zip_error_t>?) -> String {
        guard let error else { return "errore sconosciuto" }
        switch zip_error_code_zip(error) {
        case ZIP_ER_CRC: return "controllo di integrità CRC non superato: il contenuto è stato alterato"
        case ZIP_ER_COMPNOTSUPP: return "metodo di compressione non supportato"
        case ZIP_ER_ZLIB: return "dati compressi non validi"
        case ZIP_ER_INCONS: return "archivio incoerente"
        case ZIP_ER_MEMORY: return "memoria insufficiente"
        case ZIP_ER_EOF, ZIP_ER_READ: return "fine inattesa dei dati"
        case ZIP_ER_NOZIP: return "intestazione locale di un elemento mancante o non valida"
        case ZIP_ER_SEEK: return "posizione non valida nell'archivio"
        case ZIP_ER_EXISTS: return "nome di elemento ripetuto"
        default: return String(cString: zip_error_strerror(error))
        }
    }

    /// Part names are compared without a leading slash and with `/`
    /// separators (some writers use `\`).
    static func normalise(_ name: String) -> String {
        var s = name.replacingAll("\\", with: "/")
        while s.hasPrefix("/") { s.removeFirst() }
        return s
    }

    func contains(_ name: String) -> Bool { entryIndex(name) != nil }

    private func entryIndex(_ name: String) -> UInt64? {
        let n = Self.normalise(name)
        return index[n] ?? lowercasedIndex[Self.asciiLowercased(n)]
    }

    /// Opens `name` for streaming. Checks the declared size and ratio first;
    /// the stream re-checks what it actually inflates.
    func open(_ name: String) throws(XLSXError) -> ZipEntryStream {
        try libzip.locked { () throws(XLSXError) -> ZipEntryStream in try openLocked(name) }
    }

    private func openLocked(_ name: String) throws(XLSXError) -> ZipEntryStream {
        guard let i = entryIndex(name) else {
            throw XLSXError(.missingPart(name), file: fileName)
        }
        var st = zip_stat_t()
        zip_stat_init(&st)
        guard zip_stat_index(handle, i, 0, &st) == 0 else {
            throw XLSXError(.damagedArchive(Self.italian(zip_get_error(handle))), file: fileName, part: name)
        }
        // -1: the header does not say.
        let declared = st.valid & UInt64(ZIP_STAT_SIZE) != 0 ? Int(clamping: st.size) : -1
        let compressed = st.valid & UInt64(ZIP_STAT_COMP_SIZE) != 0 ? Int(clamping: st.comp_size) : -1
        if declared > limits.maxPartBytes {
            throw XLSXError(.limitExceeded(.partBytes, limits.maxPartBytes), file: fileName, part: name)
        }
        if compressed >= 0, ZipEntryStream.exceedsRatio(declared, compressed, limits) {
            throw XLSXError(.limitExceeded(.compressionRatio, limits.maxCompressionRatio), file: fileName, part: name)
        }
        guard let file = zip_fopen_index(handle, i, 0) else {
            let message = Self.italian(zip_get_error(handle))
            let code = zip_error_code_zip(zip_get_error(handle))
            if code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD {
                throw XLSXError(.encrypted, file: fileName, part: name)
            }
            throw XLSXError(.damagedArchive(message), file: fileName, part: name)
        }
        return ZipEntryStream(archive: self, file: file, part: name, declaredSize: declared, compressedSize: compressed)
    }

    /// Parts declaring at least this many bytes are inflated ahead on a second thread
    /// (`PrefetchingStream`); below, a thread costs more than it saves. Tests set it per archive.
    var prefetchMinBytes = 4 << 20

    /// `open(_:)`, inflated ahead when the part is big enough to pay for it.
    func stream(_ name: String) throws(XLSXError) -> ByteSource {
        let entry = try open(name)
        return entry.declaredSize >= prefetchMinBytes ? PrefetchingStream(entry) : entry
    }

    /// Reads a whole (small) part into memory, e.g. `[Content_Types].xml`'s
    /// neighbour `mimetype` of an ODS file.
    func readAll(_ name: String, maxBytes: Int) throws(XLSXError) -> [UInt8] {
        let stream = try open(name)
        var out: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { chunk.deallocate() }
        while out.count < maxBytes {
            let n = try stream.read(into: chunk.baseAddress!, count: chunk.count)
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }
}

/// One entry being inflated. Counts every byte against the part, total and
/// ratio limits, so a lying header cannot make us inflate more than allowed.
final class ZipEntryStream {
    private let archive: ZipArchive
    private var file: OpaquePointer?
    let part: String
    let declaredSize: Int
    private let compressedSize: Int
    private(set) var inflated = 0

    init(archive: ZipArchive, file: OpaquePointer, part: String, declaredSize: Int, compressedSize: Int) {
        self.archive = archive
        self.file = file
        self.part = part
        self.declaredSize = declaredSize
        self.compressedSize = compressedSize
    }

    deinit { if let file { archive.libzip.locked { _ = zip_fclose(file) } } }

    static func exceedsRatio(_ inflated: Int, _ compressed: Int, _ limits: ReaderLimits) -> Bool {
        inflated > limits.ratioCheckMinBytes && inflated / max(compressed, 1) > limits.maxCompressionRatio
    }

    /// Reads up to `count` bytes; returns 0 at the end of the entry.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(XLSXError) -> Int {
        try archive.libzip.locked { () throws(XLSXError) -> Int in try readLocked(into: buffer, count: count) }
    }

    private func readLocked(into buffer: UnsafeMutableRawPointer, count: Int) throws(XLSXError) -> Int {
        guard let file else { return 0 }
        let n = zip_fread(file, buffer, UInt64(count))
        if n < 0 {
            let message = ZipArchive.italian(zip_file_get_error(file))
            zip_fclose(file)
            self.file = nil
            throw XLSXError(.damagedArchive(message), file: archive.fileName, part: part)
        }
        if n == 0 {
            zip_fclose(file)
            self.file = nil
            return 0
        }
        let got = Int(n)
        inflated += got
        archive.totalInflated += got
        let limits = archive.limits
        if inflated > limits.maxPartBytes {
            throw XLSXError(.limitExceeded(.partBytes, limits.maxPartBytes), file: archive.fileName, part: part)
        }
        if archive.totalInflated > limits.maxTotalBytes {
            throw XLSXError(.limitExceeded(.totalBytes, limits.maxTotalBytes), file: archive.fileName, part: part)
        }
        if compressedSize >= 0, Self.exceedsRatio(inflated, compressedSize, limits) {
            throw XLSXError(.limitExceeded(.compressionRatio, limits.maxCompressionRatio), file: archive.fileName, part: part)
        }
        if declaredSize >= 0, inflated > declaredSize {
            throw overrun()
        }
        return got
    }

    /// The entry inflates past its declared size: a lying header (a bomb
    /// trick) or damaged data. Damage shows as a bad CRC-32 at the end of
    /// the entry, so read on a little (at most the declared size again, 64
    /// KiB to 1 MiB), discarding: an entry that ends there with a bad CRC is
    /// damaged; one that ends with a good CRC, or does not end, lied.
    private func overrun() -> XLSXError {
        let lied = XLSXError(.sizeMismatch(declared: declaredSize), file: archive.fileName, part: part)
        guard let file else { return lied }
        defer { zip_fclose(file); self.file = nil }
        var slack = min(max(declaredSize, 1 << 16), 1 << 20)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: 1 << 14, alignment: 1)
        defer { scratch.deallocate() }
        while slack > 0 {
            let n = zip_fread(file, scratch, UInt64(min(slack, 1 << 14)))
            if n < 0 {
                let error = zip_file_get_error(file)
                let code = zip_error_code_zip(error)
                if code == ZIP_ER_CRC || code == ZIP_ER_ZLIB {
                    return XLSXError(.damagedArchive(ZipArchive.italian(error)), file: archive.fileName, part: part)
                }
                return lied
            }
            if n == 0 { return lied }
            slack -= Int(n)
        }
        return lied
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
