/// A1 references: letters for the column, digits for the row, within
/// Excel's grid (16,384 columns, 1,048,576 rows).
public enum CellReference {
    public static let maxRow = 1_048_576
    public static let maxColumn = 16_384

    /// Parses `AB12` into (row, column), 1-based; nil when malformed or off the grid.
    @inline(__always)
    static func parse(_ p: UnsafeBufferPointer<UInt8>) -> (row: Int, column: Int)? {
        var i = 0
        let n = p.count
        var col = 0
        if n > 0 && p[0] == 0x24 { i = 1 } // `$` of an absolute column
        while i < n {
            var b = p[i]
            if b >= 0x61 && b <= 0x7A { b -= 0x20 } // lower-case letters
            guard b >= 0x41 && b <= 0x5A else { break }
            col = col * 26 + Int(b - 0x40)
            if col > maxColumn { return nil }
            i += 1
        }
        // `$` of an absolute reference may precede the row.
        if i < n && p[i] == 0x24 { i += 1 }
        var row = 0
        let digitsStart = i
        while i < n {
            let b = p[i]
            guard b >= 0x30 && b <= 0x39 else { return nil }
            row = row * 10 + Int(b - 0x30)
            if row > maxRow { return nil }
            i += 1
        }
        guard col > 0, i > digitsStart, row > 0 else { return nil }
        return (row, col)
    }

    public static func parse(_ s: String) -> (row: Int, column: Int)? {
        var s = s
        return s.withUTF8 { parse($0) }
    }

    public static func columnName(_ column: Int) -> String {
        var c = column
        var letters: [UInt8] = []
        while c > 0 {
            let r = (c - 1) % 26
            letters.append(UInt8(0x41 + r))
            c = (c - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    public static func a1(row: Int, column: Int) -> String { columnName(column) + String(row) }
}
