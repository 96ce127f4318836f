import Foundation

/// LibreOffice headless, as a settore's office suite: converts a file and
/// returns the path of the result. Each call has its own user profile so
/// parallel tests do not fight over LibreOffice's lock.
public enum LibreOffice {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static var executable: String? {
        ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `filter` e.g. `xlsx:Calc MS Excel 2007 XML` or `pdf`.
    public static func convert(_ path: String, filter: String, extension ext: String) throws -> String {
        try convert([path], filter: filter, extension: ext)[0]
    }

    /// Several files in one LibreOffice start (it takes a second or two to start).
    public static func convert(_ paths: [String], filter: String, extension ext: String) throws -> [String] {
        guard let soffice = executable else {
            throw Failure(description: "LibreOffice non è installato: eseguire scripts/test, che lo installa (pacchetto libreoffice-calc-nogui)")
        }
        let out = scratchDirectory()
        let profile = scratchDirectory()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: soffice)
        p.arguments = ["-env:UserInstallation=file://\(profile.path)", "--headless", "--norestore", "--convert-to", filter, "--outdir", out.path] + paths
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try? FileManager.default.removeItem(at: profile)
        return try paths.map { path in
            let result = out.appendingPathComponent(((path as NSString).lastPathComponent as NSString).deletingPathExtension + "." + ext).path
            guard p.terminationStatus == 0, FileManager.default.fileExists(atPath: result) else {
                throw Failure(description: "la conversione di \(path) con LibreOffice non è riuscita (uscita \(p.terminationStatus))")
            }
            return result
        }
    }
}

/// A fresh, empty temporary folder.
public func scratchDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("piao-lo-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
