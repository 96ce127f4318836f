import Foundation

/// The writer's floor, for the benchmark (`make bench-national`): every call
/// this module makes into libxlsxwriter, with its arguments, recorded so that
/// `bench/tools/writer_floor.c` can make the same calls again with no piao
/// logic around them. Off (nil) in the product: one untaken branch per call.
///
/// The tape is a sequence of records: an `Op` byte, then its arguments —
/// integers as 4 bytes and numbers as 8 (little-endian), texts as a 4-byte
/// length and their UTF-8 bytes. Sheets, formats and charts are numbered
/// from 0 within their workbook, in the order they were created. A
/// workbook's records reach the file together, when it is closed.
public final class WriterTape: @unchecked Sendable {
    public enum Op: UInt8 {
        case workbook = 1        // temporary path, final path, tmpdir ("" = none), title, author, created (seconds)
        case sheet               // name
        case header              // sheet, text
        case footer              // sheet, text
        case format              // bold, italic, wrap, border, unlocked, top, number format, background (-1), font colour (-1), font size (0)
        case string              // sheet, row, column, format (-1), text
        case number              // sheet, row, column, format, value
        case date                // sheet, row, column, format, year, month, day
        case boolean             // sheet, row, column, format, value
        case blank               // sheet, row, column, format
        case column              // sheet, first, last, width, format, hidden
        case row                 // sheet, row, height, format
        case merge               // sheet, row, first, last, text, format
        case pageBreak           // sheet, row
        case freeze              // sheet, rows, columns
        case autofilter          // sheet, first row, first column, last row, last column
        case landscape           // sheet
        case paper               // sheet, paper
        case repeatRows          // sheet, first, last
        case margins             // sheet, left, right, top, bottom
        case printArea           // sheet, last row, last column
        case printScale          // sheet, scale
        case fitToPages          // sheet, width, height
        case protect             // sheet
        case hide                // sheet
        case activate            // sheet
        case conditionalFormula  // sheet, first row, last row, column, formula, format, stop
        case conditionalCell     // sheet, first row, last row, column, criteria, value, minimum, maximum, format
        case validation          // sheet, first row, last row, column, kind, criteria, title, message, error, number 1, number 2, y m d, y m d, formula, count, items…
        case chart               // type
        case series              // chart, name ("" none, has-name flag), sheet, categories r1 r2 c, values r1 r2 c, marker
        case labels              // chart, number format, count, colours…
        case reverseY            // chart
        case xAxisFormat         // chart, number format
        case title               // chart, text
        case percentAxis         // chart, axis (0 x, 1 y), maximum
        case legend              // chart, position
        case insertChart         // sheet, row, column, chart, x scale, y scale
        case close               // (renames the temporary file to the final path)
        case inflate             // path of an input workbook: the floor inflates every part of it
    }

    private let lock = NSLock()
    private let handle: FileHandle

    public init(path: String) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let h = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
        handle = h
    }

    func append(_ bytes: [UInt8]) {
        lock.lock()
        handle.write(Data(bytes))
        lock.unlock()
    }

    public func close() { try? handle.close() }

    /// Records that an input workbook was read (the floor inflates it).
    public func inflate(_ path: String) {
        var r = Recording()
        r.op(.inflate, path)
        append(r.bytes)
    }

    /// Set before writing to record every workbook; nil in the product.
    nonisolated(unsafe) public static var current: WriterTape?
}

/// One workbook's records, kept until it is closed.
struct Recording {
    var bytes: [UInt8] = []

    mutating func op(_ op: WriterTape.Op, _ arguments: TapeValue...) {
        bytes.append(op.rawValue)
        for a in arguments { a.append(to: &bytes) }
    }
}

protocol TapeValue { func append(to bytes: inout [UInt8]) }

extension Int: TapeValue {
    func append(to bytes: inout [UInt8]) { withUnsafeBytes(of: Int32(truncatingIfNeeded: self).littleEndian) { bytes += $0 } }
}
extension Int32: TapeValue {
    func append(to bytes: inout [UInt8]) { withUnsafeBytes(of: self.littleEndian) { bytes += $0 } }
}
extension UInt32: TapeValue {
    func append(to bytes: inout [UInt8]) { withUnsafeBytes(of: self.littleEndian) { bytes += $0 } }
}
extension Double: TapeValue {
    func append(to bytes: inout [UInt8]) { withUnsafeBytes(of: self.bitPattern.littleEndian) { bytes += $0 } }
}
extension Bool: TapeValue {
    func append(to bytes: inout [UInt8]) { bytes.append(self ? 1 : 0) }
}
extension String: TapeValue {
    func append(to bytes: inout [UInt8]) {
        let utf8 = Array(self.utf8)
        utf8.count.append(to: &bytes)
        bytes += utf8
    }
}
