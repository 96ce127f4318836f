import Foundation

/// Edits the XML parts of a workbook in place, as a person changing cells
/// would (Python's zipfile, standard library: not our writer, not our reader).
public enum XLSXEdit {
    public static func replace(in path: String, _ edits: [(entry: String, old: String, new: String)]) throws {
        let script = """
        import json, shutil, sys, zipfile
        path, edits = sys.argv[1], json.loads(sys.argv[2])
        tmp = path + ".edit"
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                for entry, old, new in edits:
                    if item.filename == entry:
                        text = data.decode("utf-8")
                        if old not in text: sys.exit("not found in %s: %s" % (entry, old))
                        data = text.replace(old, new).encode("utf-8")
                dst.writestr(item, data)
        shutil.move(tmp, path)
        """
        let json = String(decoding: try JSONSerialization.data(withJSONObject: edits.map { [$0.entry, $0.old, $0.new] }), as: UTF8.self)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, path, json]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
