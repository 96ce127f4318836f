#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pull tokenizer for the XML parts of a workbook, over a chunked byte
/// stream, so a worksheet is never held whole in memory.
///
/// It is deliberately small: elements, text and CDATA; comments and
/// processing instructions are skipped; a DOCTYPE or ENTITY declaration is
/// refused (never expanded, nothing external is ever read). Tags must
/// balance. Token positions point into an internal buffer and are valid
/// until the next call to `next()`.
final class XMLTokenizer {
    enum Kind { case start, end, text, eof }

    private let source: ByteSource
    let file: String
    let part: String
    private let limits: ReaderLimits

    private var buf: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var pos = 0
    private var end = 0
    private var atEOF = false
    /// Bytes dropped before `buf[0]`: turns positions into file offsets.
    private var discarded = 0
    /// Start of the token being scanned; refills keep bytes from here.
    private var tokStart = 0

    // The current token.
    private(set) var kind: Kind = .eof
    private(set) var selfClosing = false
    private(set) var isCDATA = false
    /// Local name (after any `prefix:`) of a start or end tag.
    private(set) var nameStart = 0
    private(set) var nameLength = 0
    /// Raw bytes between the name and `>` (or `/>`) of a start tag.
    private(set) var attrStart = 0
    private(set) var attrEnd = 0
    /// Raw text of a text or CDATA token (entities not yet decoded).
    private(set) var textStart = 0
    private(set) var textEnd = 0

    /// Hashes of the qualified names of the open elements.
    private var stack: [UInt64] = []
    private var rootClosed = false

    init(source: ByteSource, file: String, part: String, limits: ReaderLimits) {
        self.source = source
        self.file = file
        self.part = part
        self.limits = limits
        capacity = 1 << 17
        buf = .allocate(capacity: capacity)
    }

    deinit { buf.deallocate() }

    var depth: Int { stack.count }

    var bufferCapacity: Int { capacity }

    /// Byte offset of the current position in the part, for messages.
    var offset: Int { discarded + pos }

    func malformed(_ detail: String) -> XLSXError {
        XLSXError(.malformedXML(detail: detail, offset: offset), file: file, part: part)
    }

    // MARK: - Buffer

    /// Keeps the bytes from `tokStart` (and a pinned range), moves them to
    /// the front, and reads more. Returns false at the end of the stream.
    private func refill() throws(XLSXError) -> Bool {
        if atEOF { return false }
        let base = pinned ? min(tokStart, pinStart) : tokStart
        if base > 0 {
            let keep = end - base
            if keep > 0 { memmove(buf, buf + base, keep) }
            discarded += base
            pos -= base
            end -= base
            tokStart -= base
            if pinned { pinStart -= base; pinEnd -= base }
        }
        if capacity - end < capacity / 4 {
            // One token fills the buffer: grow, within the limit.
            if capacity >= limits.maxStringBytes + (1 << 16) {
                throw XLSXError(.limitExceeded(.stringBytes, limits.maxStringBytes), file: file, part: part)
            }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: buf, count: end)
            buf.deallocate()
            buf = grown
            capacity *= 2
        }
        let n = try source.read(into: buf + end, count: capacity - end)
        if n == 0 {
            atEOF = true
            return false
        }
        end += n
        return true
    }

    /// Ensures `buf[tokStart + off]` exists. Returns false at the end of the stream.
    @inline(__always)
    private func have(_ off: Int) throws(XLSXError) -> Bool {
        while tokStart + off >= end {
            if try !refill() { return false }
        }
        return true
    }

    /// A byte range kept across refills until the next call to `next()`.
    private var pinned = false
    private var pinStart = 0
    private var pinEnd = 0
    private var bomChecked = false

    // MARK: - Tokens

    /// Advances to the next token and returns its kind.
    func next() throws(XLSXError) -> Kind {
        pinned = false
        return try advance()
    }

    /// `next()` without releasing the pinned range.
    private func advance() throws(XLSXError) -> Kind {
        if !bomChecked {
            bomChecked = true
            tokStart = pos
            if try have(2), buf[pos] == 0xEF, buf[pos + 1] == 0xBB, buf[pos + 2] == 0xBF { pos += 3 }
        }
        while true {
            tokStart = pos
            guard try have(0) else {
                if !stack.isEmpty { throw malformed("documento XML incompleto: manca la chiusura di \(stack.count) elementi") }
                kind = .eof
                return .eof
            }
            if buf[tokStart] != 0x3C /* < */ {
                if try scanText() { return .text }
                continue
            }
            guard try have(1) else { throw malformed("documento XML incompleto") }
            switch buf[tokStart + 1] {
            case 0x2F: // </
                try scanEndTag()
                return .end
            case 0x3F: // <?
                try skip(until: [0x3F, 0x3E], from: 2)
            case 0x21: // <!
                if try scanBang() { return .text }
            default:
                try scanStartTag()
                return .start
            }
        }
    }

    /// Text up to the next `<`. Returns false when it is ignorable
    /// whitespace outside the root element.
    private func scanText() throws(XLSXError) -> Bool {
        var off = 0
        while true {
            let from = tokStart + off
            if from < end, let hit = memchrByte(buf + from, 0x3C, end - from) {
                off = from + hit - tokStart
                break
            }
            off = end - tokStart
            if try !have(off) { break } // text runs to the end of the stream
        }
        textStart = tokStart
        textEnd = tokStart + off
        pos = textEnd
        isCDATA = false
        if stack.isEmpty {
            for i in textStart..<textEnd where !Self.isSpace(buf[i]) {
                throw malformed("testo fuori dall'elemento radice")
            }
            return false
        }
        kind = .text
        return true
    }

    /// `<!--…-->`, `<![CDATA[…]]>`, or a refused `<!DOCTYPE`/`<!ENTITY`.
    /// Returns true for CDATA (a text token).
    private func scanBang() throws(XLSXError) -> Bool {
        guard try have(3) else { throw malformed("documento XML incompleto") }
        if buf[tokStart + 2] == 0x2D && buf[tokStart + 3] == 0x2D { // <!--
            try skip(until: [0x2D, 0x2D, 0x3E], from: 4)
            return false
        }
        let cdata: [UInt8] = Array("[CDATA[".utf8)
        var matchesCDATA = true
        for (i, b) in cdata.enumerated() {
            guard try have(2 + i) else { throw malformed("documento XML incompleto") }
            if buf[tokStart + 2 + i] != b { matchesCDATA = false; break }
        }
        if matchesCDATA {
            let bodyOff = 2 + cdata.count
            let endOff = try find([0x5D, 0x5D, 0x3E], from: bodyOff)
            if stack.isEmpty { throw malformed("sezione CDATA fuori dall'elemento radice") }
            textStart = tokStart + bodyOff
            textEnd = tokStart + endOff
            pos = textEnd + 3
            isCDATA = true
            kind = .text
            return true
        }
        // <!DOCTYPE, <!ENTITY, <!ELEMENT, <!ATTLIST…: no DTD is ever accepted.
        let b = buf[tokStart + 2]
        if b == 0x44 || b == 0x45 || b == 0x41 || b == 0x4E || b == 0x64 || b == 0x65 {
            throw XLSXError(.dtdForbidden, file: file, part: part)
        }
        throw malformed("dichiarazione «<!» non valida")
    }

    /// Offset (from `tokStart`) where `pattern` starts, searching from `from`.
    private func find(_ pattern: [UInt8], from: Int) throws(XLSXError) -> Int {
        var off = from
        let first = pattern[0]
        while true {
            guard try have(off + pattern.count - 1) else { throw malformed("documento XML incompleto") }
            if buf[tokStart + off] == first {
                var j = 1
                while j < pattern.count && buf[tokStart + off + j] == pattern[j] { j += 1 }
                if j == pattern.count { return off }
            }
            off += 1
        }
    }

    private func skip(until pattern: [UInt8], from: Int) throws(XLSXError) {
        let off = try find(pattern, from: from)
        pos = tokStart + off + pattern.count
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    @inline(__always)
    static func endsName(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x3E || b == 0x2F }

    /// Scans a qualified name at `start`; returns (end offset, local-name start offset, hash).
    /// The inner loop runs over the bytes already buffered; `have` refills only at the edge.
    @inline(__always)
    private func scanName(at start: Int) throws(XLSXError) -> (Int, Int, UInt64) {
        var off = start
        var local = start
        var hash: UInt64 = 0xcbf29ce484222325
        scan: while true {
            var i = tokStart + off
            let e = end
            while i < e {
                let b = buf[i]
                if Self.endsName(b) { off = i - tokStart; break scan }
                if b == 0x3C || b == 0x3D || b == 0x22 || b == 0x27 { throw malformed("nome di elemento non valido") }
                if b == 0x3A { local = i - tokStart + 1 }
                hash = (hash ^ UInt64(b)) &* 0x100000001b3
                i += 1
            }
            off = i - tokStart
            guard try have(off) else { throw malformed("documento XML incompleto") }
        }
        if off == start || local == off { throw malformed("nome di elemento mancante") }
        return (off, local, hash)
    }

    private func scanStartTag() throws(XLSXError) {
        if rootClosed { throw malformed("elemento dopo la fine dell'elemento radice") }
        let (nameEnd, local, hash) = try scanName(at: 1)
        // Attributes: up to the `>` that is outside quotes.
        var off = nameEnd
        var quote: UInt8 = 0
        scan: while true {
            var i = tokStart + off
            let e = end
            while i < e {
                let b = buf[i]
                if quote != 0 {
                    if b == quote { quote = 0 } else if b == 0x3C { throw malformed("carattere «<» in un attributo") }
                } else if b == 0x3E {
                    off = i - tokStart
                    break scan
                } else if b == 0x22 || b == 0x27 {
                    quote = b
                } else if b == 0x3C {
                    throw malformed("tag non chiuso")
                }
                i += 1
            }
            off = i - tokStart
            guard try have(off) else { throw malformed("tag non chiuso") }
        }
        let closes = off > nameEnd && buf[tokStart + off - 1] == 0x2F
        selfClosing = closes
        nameStart = tokStart + local
        nameLength = nameEnd - local
        attrStart = tokStart + nameEnd
        attrEnd = tokStart + (closes ? off - 1 : off)
        pos = tokStart + off + 1
        if !closes {
            if stack.count >= limits.maxXMLDepth {
                throw XLSXError(.limitExceeded(.xmlDepth, limits.maxXMLDepth), file: file, part: part)
            }
            stack.append(hash)
        } else if stack.isEmpty {
            rootClosed = true
        }
        kind = .start
    }

    private func scanEndTag() throws(XLSXError) {
        let (nameEnd, local, hash) = try scanName(at: 2)
        var off = nameEnd
        while true {
            guard try have(off) else { throw malformed("tag di chiusura non terminato") }
            let b = buf[tokStart + off]
            if b == 0x3E { break }
            if !Self.isSpace(b) { throw malformed("tag di chiusura non valido") }
            off += 1
        }
        guard let open = stack.last else { throw malformed("tag di chiusura senza apertura") }
        if open != hash { throw malformed("tag di chiusura «\(string(tokStart + 2, tokStart + nameEnd))» inatteso") }
        stack.removeLast()
        if stack.isEmpty { rootClosed = true }
        nameStart = tokStart + local
        nameLength = nameEnd - local
        selfClosing = false
        pos = tokStart + off + 1
        kind = .end
    }

    // MARK: - Reading the current token

    /// True when the current tag's local name is `name`.
    @inline(__always)
    func nameIs(_ name: StaticString) -> Bool {
        guard nameLength == name.utf8CodeUnitCount else { return false }
        return memcmp(buf + nameStart, name.utf8Start, nameLength) == 0
    }

    /// The first byte of the local name (cheap dispatch before `nameIs`).
    @inline(__always)
    var nameFirstByte: UInt8 { nameLength > 0 ? buf[nameStart] : 0 }

    var name: String { string(nameStart, nameStart + nameLength) }

    func string(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: buf + from, count: to - from), as: UTF8.self)
    }

    /// Calls `body` with each attribute of the current start tag: local
    /// name bytes and raw (undecoded) value bytes.
    @inline(__always)
    func forEachAttribute(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws(XLSXError) -> Void) throws(XLSXError) {
        var i = attrStart
        let stop = attrEnd
        while true {
            while i < stop && Self.isSpace(buf[i]) { i += 1 }
            if i >= stop { return }
            let nameBegin = i
            var local = i
            while i < stop && buf[i] != 0x3D && !Self.isSpace(buf[i]) {
                if buf[i] == 0x3A { local = i + 1 }
                i += 1
            }
            let nameFinish = i
            while i < stop && Self.isSpace(buf[i]) { i += 1 }
            guard i < stop, buf[i] == 0x3D, nameFinish > nameBegin else { throw malformed("attributo non valido") }
            i += 1
            while i < stop && Self.isSpace(buf[i]) { i += 1 }
            guard i < stop, buf[i] == 0x22 || buf[i] == 0x27 else { throw malformed("valore di attributo senza virgolette") }
            let quote = buf[i]
            i += 1
            let valueBegin = i
            while i < stop && buf[i] != quote { i += 1 }
            guard i < stop else { throw malformed("valore di attributo non chiuso") }
            try body(UnsafeBufferPointer(start: buf + local, count: nameFinish - local),
                     UnsafeBufferPointer(start: buf + valueBegin, count: i - valueBegin))
            i += 1
        }
    }

    /// All attributes of the current start tag, decoded, keyed by local name
    /// (or by qualified name for `prefix:id`-style lookups when `qualified`).
    func attributes() throws(XLSXError) -> [String: String] {
        var out: [String: String] = [:]
        try forEachAttribute { (name, value) throws(XLSXError) in
            out[String(decoding: name, as: UTF8.self)] = try XMLText.decode(value, cdata: false, tokenizer: self)
        }
        return out
    }

    /// Raw text bytes of the current text token.
    @inline(__always)
    var text: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buf + textStart, count: textEnd - textStart) }

    /// Decoded text of the current text token.
    func decodedText() throws(XLSXError) -> String {
        try XMLText.decode(text, cdata: isCDATA, tokenizer: self)
    }

    /// Reads the rest of the part without parsing it, so the container
    /// checks what it checks at the end of an entry (the CRC).
    func drain() throws(XLSXError) {
        pinned = false
        tokStart = end
        pos = end
        while try refill() { tokStart = end; pos = end }
    }

    /// Skips the rest of the element just opened (its children and text).
    func skipElement() throws(XLSXError) {
        if selfClosing { return }
        let target = depth - 1
        while true {
            let k = try advance()
            if k == .eof { return }
            if k == .end && depth == target { return }
        }
    }

    /// The decoded text content of the element just opened (children's text
    /// included; rich text with phonetic runs goes through `richText()`).
    func elementText() throws(XLSXError) -> String {
        if selfClosing { return "" }
        let target = depth - 1
        var out = ""
        while true {
            switch try next() {
            case .text:
                out += try decodedText()
            case .start, .eof:
                if kind == .eof { return out }
            case .end:
                if depth == target { return out }
            }
        }
    }

    /// The raw (undecoded) text of the element just opened, for numbers:
    /// valid until the next call to `next()`. Usually one text token, kept
    /// in place (pinned); several tokens are joined in `scratch`.
    func elementRawText(into scratch: inout [UInt8]) throws(XLSXError) -> UnsafeBufferPointer<UInt8>? {
        if selfClosing { return nil }
        let target = depth - 1
        var joined = false
        var found = false
        pinned = false
        while true {
            switch try advance() {
            case .text:
                if !found {
                    found = true
                    pinStart = textStart
                    pinEnd = textEnd
                } else {
                    if !joined {
                        scratch.removeAll(keepingCapacity: true)
                        scratch.append(contentsOf: UnsafeBufferPointer(start: buf + pinStart, count: pinEnd - pinStart))
                        joined = true
                    }
                    scratch.append(contentsOf: text)
                }
            case .start:
                try skipElement()
            case .end:
                if depth == target {
                    if joined { return scratch.withUnsafeBufferPointer { $0 } }
                    if found {
                        pinned = true
                        return UnsafeBufferPointer(start: buf + pinStart, count: pinEnd - pinStart)
                    }
                    return nil
                }
            case .eof:
                return nil
            }
            // Keep the first text through the refills of the tokens that follow.
            if found && !joined { pinned = true }
        }
    }
}

/// Offset of the first `byte` in `p[0..<count]`.
@inline(__always)
func memchrByte(_ p: UnsafeMutablePointer<UInt8>, _ byte: UInt8, _ count: Int) -> Int? {
    guard let hit = memchr(p, Int32(byte), count) else { return nil }
    return hit.assumingMemoryBound(to: UInt8.self) - p
}
