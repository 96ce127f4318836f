/// An OPC relationships part (`…/_rels/X.rels`): Id → (type, target part).
struct Relationships {
    struct Relationship {
        let id: String
        /// Last path segment of the type URI, e.g. `worksheet`, `sharedStrings`.
        let type: String
        /// The target resolved to a part name inside the archive.
        let target: String
        let external: Bool
    }

    private(set) var byID: [String: Relationship] = [:]
    private(set) var all: [Relationship] = []

    /// The relationships part of `partName` (e.g. `xl/workbook.xml` →
    /// `xl/_rels/workbook.xml.rels`).
    static func partName(for partName: String) -> String {
        let (dir, file) = split(partName)
        return dir.isEmpty ? "_rels/\(file).rels" : "\(dir)/_rels/\(file).rels"
    }

    static func split(_ path: String) -> (dir: String, file: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// Resolves a relationship target relative to the source part's folder.
    static func resolve(_ target: String, from sourcePart: String) -> String {
        var t = target.replacingAll("\\", with: "/")
        var segments: [Substring]
        if t.hasPrefix("/") {
            t.removeFirst()
            segments = []
        } else {
            let dir = split(sourcePart).dir
            segments = dir.isEmpty ? [] : dir.split(separator: "/")
        }
        for seg in t.split(separator: "/", omittingEmptySubsequences: true) {
            if seg == "." { continue }
            if seg == ".." { if !segments.isEmpty { segments.removeLast() }; continue }
            segments.append(seg)
        }
        return segments.joined(separator: "/")
    }

    init() {}

    init(tokenizer t: XMLTokenizer, sourcePart: String) throws(XLSXError) {
        while true {
            switch try t.next() {
            case .eof: return
            case .start where t.nameIs("Relationship"):
                let a = try t.attributes()
                guard let id = a["Id"], let target = a["Target"] else { continue }
                let type = a["Type"].map { String($0.split(separator: "/").last ?? "") } ?? ""
                let external = a["TargetMode"] == "External"
                let rel = Relationship(id: id, type: type, target: external ? target : Self.resolve(target, from: sourcePart), external: external)
                if byID[id] == nil { byID[id] = rel }
                all.append(rel)
            default: continue
            }
        }
    }

    func first(ofType type: String) -> Relationship? {
        all.first { $0.type == type && !$0.external }
    }
}
