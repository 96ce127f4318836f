#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses the text of a numeric cell (`<v>`) straight from the XML bytes.
/// Most numbers take the exact fast path (Clinger: a mantissa ≤ 2^53 and
/// a power of ten ≤ 10^22, one correctly-rounded operation); the rest go
/// through `strtod`, which is correctly rounded too.
enum NumberParser {
    private static let powers: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                           1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    @inline(__always)
    static func parse(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        var n = p.count
        while i < n && XMLTokenizer.isSpace(p[i]) { i += 1 }
        while n > i && XMLTokenizer.isSpace(p[n - 1]) { n -= 1 }
        guard i < n else { return nil }
        let start = i
        var negative = false
        if p[i] == 0x2D { negative = true; i += 1 } else if p[i] == 0x2B { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        // Digits past the 19th are dropped (the value then takes the slow path).
        var truncated = false
        while i < n, p[i] &- 0x30 < 10 {
            sawDigit = true
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30); if mantissa > 0 { digits += 1 } } else { exponent += 1; truncated = true }
            i += 1
        }
        if i < n && p[i] == 0x2E {
            i += 1
            while i < n, p[i] &- 0x30 < 10 {
                sawDigit = true
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30); if mantissa > 0 { digits += 1 }; exponent -= 1 } else { truncated = true }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < n && (p[i] == 0x65 || p[i] == 0x45) {
            i += 1
            var expNegative = false
            if i < n && (p[i] == 0x2D || p[i] == 0x2B) { expNegative = p[i] == 0x2D; i += 1 }
            var e = 0
            var expDigits = 0
            while i < n, p[i] &- 0x30 < 10 {
                if e < 100_000 { e = e * 10 + Int(p[i] &- 0x30) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -e : e
        }
        guard i == n else { return nil }
        // Exact when the mantissa is an integer a double holds (≤ 2^53) and 10^|e| is exact.
        if !truncated && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            if exponent < 0 { v /= powers[-exponent] } else { v *= powers[exponent] }
            return negative ? -v : v
        }
        return slowParse(UnsafeBufferPointer(rebasing: p[start..<n]))
    }

    private static func slowParse(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        guard p.count < 400 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: p.count + 1) { tmp in
            for i in 0..<p.count { tmp[i] = CChar(bitPattern: p[i]) }
            tmp[p.count] = 0
            var endPtr: UnsafeMutablePointer<CChar>?
            let v = strtod(tmp.baseAddress!, &endPtr)
            guard let endPtr, endPtr - tmp.baseAddress! == p.count else { return nil }
            return v
        }
    }
}
