import Foundation

/// Text outputs (receipts' e-mail twins, CSV) are written like workbooks:
/// to a temporary name, then renamed into place.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        let tmp = path + ".tmp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: tmp))
        guard rename(tmp, path) == 0 else {
            let detail = String(cString: strerror(errno))
            unlink(tmp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "impossibile scrivere «\(path)»: \(detail)"])
        }
    }
}
