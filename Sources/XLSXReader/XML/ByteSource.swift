/// Where the XML tokenizer pulls its bytes from: an inflating ZIP entry in
/// production, a memory buffer in tests and fuzzing.
protocol ByteSource: AnyObject {
    /// Reads up to `count` bytes into `buffer`; 0 means the end.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(XLSXError) -> Int
}

extension ZipEntryStream: ByteSource {}

/// A fixed byte buffer served in small chunks (tests exercise chunk edges).
final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    private let chunk: Int

    init(_ bytes: [UInt8], chunk: Int = 1 << 16) {
        self.bytes = bytes
        self.chunk = max(1, chunk)
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(XLSXError) -> Int {
        let n = min(count, chunk, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}
