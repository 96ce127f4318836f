#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `_xHHHH_` escapes of SpreadsheetML strings (ST_Xstring, ECMA-376
/// Part 1 §22.9.2.19): a UTF-16 code unit that XML cannot carry (or that
/// Excel chooses to hide, like every CR: `_x000D_`) is written as `_x`, four
/// hex digits of either case, `_`. A literal `_x000D_` is written with its
/// underscore escaped: `_x005F_x000D_`.
///
/// Applied after XML decoding (entities, end-of-line handling), to each
/// `<t>` of a shared or inline string. Only exactly `_x` + 4 hex digits +
/// `_` is an escape; anything else stays as it is. A surrogate pair
/// (`_xD83D__xDE00_`) becomes its character; a lone surrogate cannot be a
/// character and stays literal.
enum XString {
    /// `s` with its escapes decoded. Strings without `_x` (nearly all) are
    /// returned as they are after one `memchr` pass.
    @inline(__always)
    static func decode(_ s: String) -> String {
        var s = s
        let decoded: String? = s.withUTF8 { p in
            guard let base = p.baseAddress, mayHaveEscape(base, p.count) else { return nil }
            return decodeEscapes(UnsafeBufferPointer(start: base, count: p.count))
        }
        return decoded ?? s
    }

    /// True when `_x` occurs with room for a whole escape after it.
    @inline(__always)
    static func mayHaveEscape(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while n - i >= 7, let hit = memchr(p + i, 0x5F, n - 6 - i) {
            let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - p
            if p[at + 1] == 0x78 { return true } // "_x"
            i = at + 1
        }
        return false
    }

    /// The slow path: `p` holds at least one `_x`.
    static func decodeEscapes(_ p: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(p.count)
        let n = p.count
        var i = 0
        while i < n {
            guard p[i] == 0x5F, let unit = escape(p, at: i) else {
                out.append(p[i])
                i += 1
                continue
            }
            var scalar = Unicode.Scalar(unit)
            var width = 7
            if (0xD800...0xDBFF).contains(unit), let low = escape(p, at: i + 7), (0xDC00...0xDFFF).contains(low) {
                scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
                width = 14
            }
            if let scalar {
                out.append(contentsOf: String(Character(scalar)).utf8)
            } else {
                out.append(contentsOf: p[i..<(i + 7)]) // a lone surrogate: no character to give
            }
            i += width
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The code unit of the escape `_xHHHH_` starting at `i`, if there is one.
    @inline(__always)
    private static func escape(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt16? {
        guard i + 7 <= p.count, p[i] == 0x5F, p[i + 1] == 0x78, p[i + 6] == 0x5F else { return nil }
        var v: UInt16 = 0
        for k in 2..<6 {
            let b = p[i + k]
            let d: UInt8
            switch b {
            case 0x30...0x39: d = b - 0x30
            case 0x41...0x46: d = b - 0x41 + 10
            case 0x61...0x66: d = b - 0x61 + 10
            default: return nil
            }
            v = v << 4 | UInt16(d)
        }
        return v
    }
}
