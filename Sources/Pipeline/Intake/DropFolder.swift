import SystemText
import Foundation
import Reports

/// discover: the drop folder, looked at entry by entry without following
/// anything. Every entry is `lstat`-ed: only regular files are ever read,
/// opened with `O_NOFOLLOW | O_NONBLOCK` and checked again on the open
/// descriptor; symbolic links, FIFOs, devices, sockets and subfolders are
/// named in the log and never read, copied or deleted. Every operation goes
/// through the folder's descriptor (`openat`, `renameat`, …), so a name is
/// used exactly as the file system holds it.
public final class DropFolder {
    public let path: String
    private let fd: Int32

    /// Where an original waits, in `sposta` mode, between leaving its name and
    /// being deleted: inside the drop folder (same file system, so a rename),
    /// hidden, and emptied by the next run if one is killed meanwhile.
    public static let outgoingFolder = ".piao-in-uscita"

    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let detail: String
        public var description: String { "cartella dei monitoraggi «\(path)» non leggibile: \(detail)" }
    }

    public init(path: String) throws(Failure) {
        self.path = path
        // The configured folder itself may be a link the administrator chose; its entries are never followed.
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, detail: ItalianErrno.current) }
    }

    deinit { close(fd) }

    /// What an entry is, as `lstat` says.
    public enum Kind: Sendable, Equatable {
        case regular
        case directory
        case symlink(target: String, dangling: Bool)
        case fifo, characterDevice, blockDevice, socket, unknown

        /// Why it is not read, for the log ("collegamento simbolico a «/etc/passwd»: non seguito").
        public var notReadReason: String? {
            switch self {
            case .regular: return nil
            case .directory: return "è una cartella: le sottocartelle non vengono lette"
            case .symlink(let target, let dangling):
                return "collegamento simbolico\(dangling ? " interrotto" : "") a «\(LogText.escaped(target))»: non viene seguito (depositare il file stesso)"
            case .fifo: return "è una pipe con nome (FIFO), non un file: non viene letta"
            case .characterDevice, .blockDevice: return "è un dispositivo, non un file: non viene letto"
            case .socket: return "è un socket, non un file: non viene letto"
            case .unknown: return "non è un file regolare: non viene letto"
            }
        }
    }

    public struct Entry: Sendable {
        public let name: EntryName
        public let kind: Kind
    }

    /// Every entry but `.`, `..` and our own outgoing folder, in byte order of names.
    public func entries() throws(Failure) -> [Entry] {
        let copy = dup(fd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            throw Failure(path: path, detail: ItalianErrno.current)
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var names: [EntryName] = []
        while let e = readdir(dir) {
            let bytes = withUnsafePointer(to: &e.pointee.d_name) { p in
                p.withMemoryRebound(to: UInt8.self, capacity: Int(NAME_MAX) + 1) { Array(UnsafeBufferPointer(start: $0, count: strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)))) }
            }
            let name = EntryName(bytes: bytes)
            if name.bytes == Array(".".utf8) || name.bytes == Array("..".utf8) || name.bytes == Array(Self.outgoingFolder.utf8) { continue }
            names.append(name)
        }
        return names.sorted().map { Entry(name: $0, kind: kind(of: $0)) }
    }

    func kind(of name: EntryName) -> Kind {
        var st = stat()
        guard (name.withCString { fstatat(fd, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else { return .unknown }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFIFO: return .fifo
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        case S_IFSOCK: return .socket
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
            let n = name.withCString { readlinkat(fd, $0, &buffer, buffer.count - 1) }
            let target = n > 0 ? String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
            var targetStat = stat()
            let dangling = (name.withCString { fstatat(fd, $0, &targetStat, 0) }) != 0
            return .symlink(target: target, dangling: dangling)
        default: return .unknown
        }
    }

    /// An open regular file and what `fstat` said of it when opened.
    public struct OpenFile {
        public let fd: Int32
        public let status: stat
        public var size: Int { Int(status.st_size) }
        public var modified: Date {
            Date(timeIntervalSince1970: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9)
        }
    }

    public enum OpenRefusal: Error {
        /// Gone, or no longer a regular file: the reason for the log.
        case notRegular(String)
        case unreadable(String)
    }

    /// Opens `name` for reading without following a link and without blocking
    /// (a FIFO swapped in after the listing neither hangs nor is read).
    public func openRegular(_ name: EntryName) throws(OpenRefusal) -> OpenFile {
        let file = name.withCString { openat(fd, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        guard file >= 0 else {
            switch errno {
            case ELOOP: throw .notRegular("è diventato un collegamento simbolico: non viene seguito")
            case ENOENT: throw .notRegular("non è più nella cartella")
            case ENXIO: throw .notRegular("non è un file regolare: non viene letto")
            default: throw .unreadable(ItalianErrno.current)
            }
        }
        var st = stat()
        guard fstat(file, &st) == 0 else { let e = ItalianErrno.current; close(file); throw .unreadable(e) }
        guard st.st_mode & S_IFMT == S_IFREG else {
            close(file)
            throw .notRegular(kind(of: name).notReadReason ?? "non è un file regolare: non viene letto")
        }
        return OpenFile(fd: file, status: st)
    }

    // MARK: Removing an original (sposta)

    public enum Removal: Sendable, Equatable {
        /// The original held exactly the archived bytes and is gone.
        case removed
        /// Somebody removed or renamed it first: nothing to do.
        case alreadyGone
        /// It changed after it was read: left in the folder (under `restoredAs`) for the next run.
        case changed(restoredAs: EntryName)
    }

    /// Removes `name` only if it still holds exactly the bytes of `sha256`
    /// (which the caller has archived). The file first leaves its name by an
    /// atomic rename into the outgoing folder — from then on a new save lands
    /// on a fresh file under the name — then its bytes are hashed again; if
    /// they are not the archived ones, it goes back (never over a newer file).
    public func remove(_ name: EntryName, ifContent sha256: String) throws(Failure) -> Removal {
        let out = try outgoing()
        defer { close(out) }
        let moved = name.withCString { from in name.withCString { to in renameat(fd, from, out, to) } }
        if moved != 0 {
            if errno == ENOENT { return .alreadyGone }
            throw Failure(path: path, detail: "impossibile spostare «\(name.logged)»: \(ItalianErrno.current)")
        }
        CrashPoint.hit("in uscita \(name.text)")
        if Self.hash(at: out, name) == sha256 {
            guard (name.withCString { unlinkat(out, $0, 0) }) == 0 else {
                throw Failure(path: path, detail: "impossibile rimuovere «\(name.logged)»: \(ItalianErrno.current)")
            }
            fsync(out)
            return .removed
        }
        return .changed(restoredAs: try restore(name, from: out))
    }

    /// Puts back into the drop folder whatever a killed run left in the outgoing folder.
    public func restoreLeftovers() throws(Failure) -> [EntryName] {
        var st = stat()
        guard (Self.outgoingFolder.withCString { fstatat(fd, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else { return [] }
        let out = try outgoing()
        defer { close(out) }
        let folder = try DropFolder(descriptor: out, path: (path as NSString).appendingPathComponent(Self.outgoingFolder))
        var restored: [EntryName] = []
        for entry in try folder.entries() where entry.kind == .regular {
            restored.append(try restore(entry.name, from: out))
        }
        return restored
    }

    /// Removes the outgoing folder once it is empty (it exists only while a run needs it).
    public func removeOutgoingIfEmpty() {
        _ = Self.outgoingFolder.withCString { unlinkat(fd, $0, AT_REMOVEDIR) }
    }

    private init(descriptor: Int32, path: String) throws(Failure) {
        self.path = path
        fd = dup(descriptor)
        guard fd >= 0 else { throw Failure(path: path, detail: ItalianErrno.current) }
    }

    /// The outgoing folder's descriptor, created when missing; refused if it is anything but a real folder.
    private func outgoing() throws(Failure) -> Int32 {
        _ = Self.outgoingFolder.withCString { mkdirat(fd, $0, 0o700) }
        let out = Self.outgoingFolder.withCString { openat(fd, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard out >= 0 else { throw Failure(path: path, detail: "«\(Self.outgoingFolder)» non è una cartella utilizzabile: \(ItalianErrno.current)") }
        return out
    }

    /// Back under its own name if free (a hard link never replaces a file),
    /// else under a name of its own beside it.
    private func restore(_ name: EntryName, from out: Int32) throws(Failure) -> EntryName {
        var candidates = [name]
        let (stem, ext) = OutputName.split(name.text)
        for n in 1...50 {
            let alternative = OutputName.bounded(stem, suffix: "-ripristinato-\(n)", extension: ext)
            candidates.append(EntryName(alternative))
        }
        for candidate in candidates {
            let linked = name.withCString { from in candidate.withCString { to in linkat(out, from, fd, to, 0) } }
            if linked == 0 {
                _ = name.withCString { unlinkat(out, $0, 0) }
                fsync(fd)
                return candidate
            }
            guard errno == EEXIST else { break }
        }
        throw Failure(path: path, detail: "impossibile rimettere «\(name.logged)» nella cartella: \(ItalianErrno.current); il file è in «\(Self.outgoingFolder)»")
    }

    /// SHA-256 of a regular file under `dir`, read without following a link; nil when it cannot be read.
    static func hash(at dir: Int32, _ name: EntryName) -> String? {
        let file = name.withCString { openat(dir, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        guard file >= 0 else { return nil }
        defer { close(file) }
        var st = stat()
        guard fstat(file, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        return Consolidator.sha256(fd: file)
    }
}
