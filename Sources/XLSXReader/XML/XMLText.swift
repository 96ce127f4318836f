/// Decoding of XML character data: the five predefined entities, numeric
/// character references and line-end normalisation. Any other `&name;` is
/// an undefined entity (there is never a DTD to define it) and is refused.
enum XMLText {
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, cdata: Bool, tokenizer: XMLTokenizer) throws(XLSXError) -> String {
        guard let base = raw.baseAddress, raw.count > 0 else { return "" }
        var needsWork = false
        for b in raw where b == 0x26 || b == 0x0D { needsWork = true; break }
        if !needsWork || (cdata && !raw.contains(0x0D)) {
            return String(decoding: raw, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        let n = raw.count
        while i < n {
            let b = base[i]
            if b == 0x0D { // CR LF and lone CR become LF
                out.append(0x0A)
                i += (i + 1 < n && base[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            if b != 0x26 || cdata { out.append(b); i += 1; continue }
            var j = i + 1
            while j < n && base[j] != 0x3B && j - i < 12 { j += 1 }
            guard j < n, base[j] == 0x3B else { throw tokenizer.malformed("carattere «&» non seguito da un'entità valida") }
            let name = UnsafeBufferPointer(start: base + i + 1, count: j - i - 1)
            if let scalar = try reference(name, tokenizer) {
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = j + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func reference(_ name: UnsafeBufferPointer<UInt8>, _ t: XMLTokenizer) throws(XLSXError) -> Unicode.Scalar? {
        let s = String(decoding: name, as: UTF8.self)
        switch s {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default: break
        }
        var value: UInt32?
        if s.hasPrefix("#x") || s.hasPrefix("#X") {
            value = UInt32(s.dropFirst(2), radix: 16)
        } else if s.hasPrefix("#") {
            value = UInt32(s.dropFirst(1), radix: 10)
        } else {
            throw t.malformed("entità «&\(s);» non definita")
        }
        guard let v = value, v != 0, let scalar = Unicode.Scalar(v) else {
            throw t.malformed("riferimento a carattere non valido «&\(s);»")
        }
        return scalar
    }
}
