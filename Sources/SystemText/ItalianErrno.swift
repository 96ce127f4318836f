#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's error numbers said in Italian. `strerror` speaks the C
/// locale's English ("No such file or directory"), and a cron mail to a
/// comune must not: every module that reports a failed system call uses this.
public enum ItalianErrno {
    public static func text(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "file o cartella inesistente"
        case EACCES, EPERM: return "permesso negato"
        case ENOSPC: return "spazio su disco esaurito"
        case EDQUOT: return "quota disco superata"
        case EROFS: return "disco in sola lettura"
        case EEXIST: return "esiste già un file con quel nome"
        case EISDIR: return "è una cartella, non un file"
        case ENOTDIR: return "una parte del percorso non è una cartella"
        case ELOOP: return "è un collegamento simbolico (non seguito)"
        case ENAMETOOLONG: return "nome troppo lungo"
        case EMFILE, ENFILE: return "troppi file aperti"
        case EIO: return "errore di lettura o scrittura del disco"
        case EXDEV: return "cartelle su dischi diversi"
        case EBUSY, ETXTBSY: return "file in uso"
        case EAGAIN: return "risorsa temporaneamente non disponibile"
        case EINVAL: return "operazione non valida"
        case ENXIO, ENODEV: return "dispositivo inesistente"
        case EFBIG: return "file troppo grande"
        case ENOMEM: return "memoria insufficiente"
        case EINTR: return "operazione interrotta"
        default: return "errore di sistema n. \(code)"
        }
    }

    /// `text(errno)`, read at once (before anything else can change it).
    public static var current: String { text(errno) }
}
