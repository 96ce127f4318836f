import SystemText
import Foundation

/// System errors said in Italian, naming the path: Foundation's own texts
/// ("The operation could not be completed", "You don't have permission.")
/// are English and name nothing — a cron mail must say what and where.
public enum SystemError {
    public static func italian(_ error: Error, path: String? = nil) -> String {
        if let described = error as? CustomStringConvertible, !(error is CocoaError), !(error is POSIXError),
           String(describing: type(of: error)) != "NSError" {
            return described.description
        }
        let ns = error as NSError
        let where_ = (ns.userInfo[NSFilePathErrorKey] as? String) ?? path
        let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
            ?? (ns.domain == NSPOSIXErrorDomain ? Int32(ns.code) : nil)
        let what: String
        switch (ns.domain, ns.code) {
        case (NSCocoaErrorDomain, CocoaError.fileNoSuchFile.rawValue), (NSCocoaErrorDomain, CocoaError.fileReadNoSuchFile.rawValue):
            what = "file o cartella inesistente"
        case (NSCocoaErrorDomain, CocoaError.fileWriteNoPermission.rawValue), (NSCocoaErrorDomain, CocoaError.fileReadNoPermission.rawValue):
            what = "permesso negato"
        case (NSCocoaErrorDomain, CocoaError.fileWriteOutOfSpace.rawValue):
            what = "spazio su disco esaurito"
        case (NSCocoaErrorDomain, CocoaError.fileWriteFileExists.rawValue):
            what = "esiste già un file con quel nome"
        case (NSCocoaErrorDomain, CocoaError.fileWriteVolumeReadOnly.rawValue):
            what = "disco in sola lettura"
        default:
            what = posix.map(ItalianErrno.text) ?? "errore di sistema (\(ns.domain) \(ns.code))"
        }
        return where_.map { "«\($0)»: \(what)" } ?? what
    }
}
