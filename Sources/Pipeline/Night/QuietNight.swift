import Foundation

/// A night with nothing new should cost a `stat` per file and one query per
/// ente, not a re-reading of the plan, the history and every file. Each night
/// that ends cleanly keeps, in the history, what it saw — the configuration,
/// this piao, the plan, every entry of the drop folder, every output, the
/// archived copies, the history's own stamp — and what a night with nothing
/// new would say. The next night looks at the same things; when all are the
/// same it says that again and stops.
///
/// What a file "is" here is what `lstat` says: device, inode, type, size,
/// modification and change time. The change time cannot be set back by a
/// user, so any write, rename or `touch` shows. A night that changes
/// anything first forgets the record (one killed half-way is never taken
/// for quiet), and one that saw something it will look at again — a file
/// still arriving, one that changed while it was read — keeps none.
struct QuietNight: Codable, Equatable {
    struct Seen: Codable, Equatable {
        /// The ente's whole configuration, and how verbose the log is.
        var configuration: String
        var executable: String
        /// The drop folder's entries (SHA-256 of the listing).
        var drop: String
        /// The output folders' entries and the outputs' record (SHA-256 of the listing).
        var outputs: String
        /// Files outside those folders: the plan, the archived copies (path → status).
        var watched: [String: String]
        /// `HistoryStore.historyStampSQL`.
        var history: String
    }

    var seen: Seen
    /// What the night with nothing new says, after its first line (which tells the time).
    var lines: [String]
    var warnings: [String]
    var status: Int32

    // MARK: Looking

    /// `lstat` of a path as one comparable text ("-" when absent).
    static func status(_ path: String, follow: Bool = false) -> String {
        var st = stat()
        guard (follow ? stat(path, &st) : lstat(path, &st)) == 0 else { return "-" }
        return describe(st)
    }

    static func describe(_ st: stat) -> String {
        "\(st.st_dev):\(st.st_ino):\(st.st_mode):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec):\(st.st_ctim.tv_sec).\(st.st_ctim.tv_nsec)"
    }

    /// This piao, once per process: a new binary makes the next night a full one.
    static let executable = status("/proc/self/exe", follow: true)

    /// Every entry of a folder (names as bytes, in hex) → its `lstat`; empty when the folder is missing.
    static func listing(_ folder: String) -> [String: String] {
        guard let dir = opendir(folder) else { return [:] }
        defer { closedir(dir) }
        var result: [String: String] = [:]
        while let e = readdir(dir) {
            withUnsafePointer(to: &e.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { c in
                    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(c).assumingMemoryBound(to: UInt8.self), count: strlen(c))
                    if bytes.elementsEqual(".".utf8) || bytes.elementsEqual("..".utf8) { return }
                    var st = stat()
                    result[Consolidator.hex(bytes: bytes)] = fstatat(dirfd(dir), c, &st, AT_SYMLINK_NOFOLLOW) == 0 ? describe(st) : "-"
                }
            }
        }
        return result
    }

    static func digest(_ listing: [String: String]) -> String {
        Consolidator.sha256(bytes: listing.keys.sorted().map { "\($0) \(listing[$0]!)\n" }.joined().utf8)
    }

    /// The output folders a night writes into, and the record of what it wrote.
    static func outputs(_ output: String) -> String {
        var lines = ["\(OutputFingerprint.recordName) \(status((output as NSString).appendingPathComponent(OutputFingerprint.recordName)))"]
        for sub in ["consolidato", "oiv", "esiti", "opendata", "modelli"] {
            lines.append("\(sub) \(digest(listing((output as NSString).appendingPathComponent(sub))))")
        }
        return Consolidator.sha256(bytes: lines.joined(separator: "\n").utf8)
    }

    static func configuration(_ config: PipelineConfiguration, verbose: Bool) -> String {
        "\(config) verbose \(verbose)"
    }

    /// What the night looks at now, the history's stamp given.
    static func seen(_ config: PipelineConfiguration, verbose: Bool, drop: [String: String], watching: some Sequence<String>, history: String) -> Seen {
        Seen(configuration: configuration(config, verbose: verbose), executable: executable, drop: digest(drop),
             outputs: outputs(config.resolve(config.cartellaOutput)),
             watched: Dictionary(watching.map { ($0, status($0, follow: true)) }, uniquingKeysWith: { a, _ in a }), history: history)
    }

    // MARK: The record

    var json: String { String(decoding: (try? JSONEncoder.sorted.encode(self)) ?? Data(), as: UTF8.self) }

    init(seen: Seen, lines: [String], warnings: [String], status: Int32) {
        self.seen = seen
        self.lines = lines
        self.warnings = warnings
        self.status = status
    }

    init?(json: String) {
        guard let q = try? JSONDecoder().decode(QuietNight.self, from: Data(json.utf8)) else { return nil }
        self = q
    }

    /// True when the drop folder after the night holds only what it held before, unchanged, less the
    /// originals the night itself took away (`sposta`): then nothing arrived while the night ran.
    static func onlyTakenAway(before: [String: String], after: [String: String], takenAway: Set<String>) -> Bool {
        after.allSatisfy { before[$0.key] == $0.value } && Set(before.keys).subtracting(after.keys).isSubset(of: takenAway)
    }

    static func hex(_ name: EntryName) -> String { Consolidator.hex(bytes: name.bytes) }
}

extension JSONEncoder {
    /// Keys in order: the same record is the same text.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
