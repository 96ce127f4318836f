/// Bounds applied to every workbook we open. A dropped file is untrusted:
/// these keep a hostile archive (zip bomb, billion cells, giant strings)
/// from exhausting memory or time. All are settings (`pipeline.json`, "limiti").
public struct ReaderLimits: Sendable, Equatable, Codable {
    /// Largest file accepted on disk, in bytes.
    public var maxFileBytes: Int = 256 << 20
    /// Most entries the ZIP container may hold.
    public var maxEntries: Int = 10_000
    /// Largest uncompressed size of one part (e.g. one worksheet's XML).
    public var maxPartBytes: Int = 1 << 30
    /// Largest uncompressed size of all parts read from one workbook.
    public var maxTotalBytes: Int = 2 << 30
    /// Highest compression ratio (uncompressed / compressed) of a part…
    public var maxCompressionRatio: Int = 200
    /// …checked only for parts larger than this (small parts compress wildly).
    public var ratioCheckMinBytes: Int = 1 << 20
    /// Most non-empty cells in one worksheet.
    public var maxCells: Int = 20_000_000
    /// Most entries in the shared-strings table.
    public var maxSharedStrings: Int = 5_000_000
    /// Longest single string or XML token, in bytes (Excel's own cap is 32,767 characters).
    public var maxStringBytes: Int = 1 << 20
    /// Deepest XML nesting accepted.
    public var maxXMLDepth: Int = 128

    public init() {}

    public static let `default` = ReaderLimits()
}
