/// A problem found in a plan or a submission (*anomalia*), with its place.
public struct Anomaly: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        /// Blocks the affected item (file, objective, indicator) from scoring.
        case error = "errore"
        /// Worth knowing; scoring goes on.
        case warning = "avviso"

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    /// Every kind of problem, once: its stable code (the raw value, kept in the
    /// history and used by filters), its severity and the Italian label users see.
    public enum Kind: String, Sendable, CaseIterable {
        // The file itself
        case fileIlleggibile, foglioMancante, colonnaMancante, altriProblemi
        // The plan
        case pianoIncompleto, pianoAltroAnno, annoPianoNonValido, idDuplicato, riferimentoSconosciuto
        case finePrimaDiInizio, faseFuoriAnno, obiettivoSenzaIndicatori, obiettivoSenzaFasi, senzaDipendenti, senzaMisura, senzaTarget
        case pesoNonValido, rettificaIncompleta, rettificaFuoriData, responsabiliScoperti, responsabiliSovrapposti, codiceNumerico, settoreIndicatoreIncoerente
        case misuraIncoerente, targetIncoerente, targetTipoErrato, targetUgualeBaseline, nonValutabilePerIlPiano
        // A scheda: who it is for
        case enteErrato, annoErrato, settoreSconosciuto, dataRiferimentoErrata, dataNonDiMonitoraggio
        case identitaContraddetta, identitaIlleggibile, pianoCambiato, schedaAltroSettore, schedaVuota, monitoraggioChiuso
        // A scheda: its rows and values
        case indicatoreSconosciuto, indicatoreAltroSettore, indicatoreDuplicato, indicatoreMancante, rigaSenzaID
        case valoreNonValido, valoreSconosciuto, valoreTipoErrato, valoreSoloTesto, dataImpossibile
        case percentualeAmbigua, siNoComePercentuale
        case faseSconosciuta, faseAltroSettore, faseDuplicata, faseSenzaData, faseDataSenzaStato, faseDovutaSenzaStato
        // Scoring
        case nonValutabile

        /// Codes an earlier version wrote into the history under another spelling.
        public init?(stored code: String) {
            if let kind = Kind(rawValue: code) { self = kind; return }
            switch code {
            case "fineprimaDiInizio": self = .finePrimaDiInizio
            default: return nil
            }
        }

        public var severity: Severity {
            switch self {
            case .fileIlleggibile, .foglioMancante, .colonnaMancante, .altriProblemi,
                 .pianoIncompleto, .pianoAltroAnno, .annoPianoNonValido, .idDuplicato, .riferimentoSconosciuto,
                 .finePrimaDiInizio, .obiettivoSenzaIndicatori, .pesoNonValido, .rettificaIncompleta,
                 .enteErrato, .annoErrato, .settoreSconosciuto, .dataRiferimentoErrata, .dataNonDiMonitoraggio,
                 .identitaContraddetta, .schedaAltroSettore, .schedaVuota, .monitoraggioChiuso,
                 .indicatoreSconosciuto, .indicatoreAltroSettore, .indicatoreDuplicato,
                 .valoreNonValido, .valoreTipoErrato, .dataImpossibile,
                 .faseSconosciuta, .faseAltroSettore, .faseDuplicata:
                return .error
            case .codiceNumerico, .settoreIndicatoreIncoerente, .rettificaFuoriData,
                 .faseFuoriAnno, .obiettivoSenzaFasi, .senzaDipendenti, .senzaMisura, .senzaTarget, .responsabiliScoperti, .responsabiliSovrapposti,
                 .misuraIncoerente, .targetIncoerente, .targetTipoErrato, .targetUgualeBaseline, .nonValutabilePerIlPiano,
                 .identitaIlleggibile, .pianoCambiato, .indicatoreMancante, .rigaSenzaID, .valoreSconosciuto, .valoreSoloTesto,
                 .percentualeAmbigua, .siNoComePercentuale, .faseSenzaData, .faseDataSenzaStato, .faseDovutaSenzaStato,
                 .nonValutabile:
                return .warning
            }
        }

        /// What a person reads in the Anomalie sheet, the receipts and the log.
        public var label: String {
            switch self {
            case .fileIlleggibile: return "file illeggibile"
            case .foglioMancante: return "foglio mancante"
            case .colonnaMancante: return "colonna mancante"
            case .altriProblemi: return "altri problemi non elencati"
            case .pianoIncompleto: return "piano incompleto"
            case .pianoAltroAnno: return "piano di un altro anno"
            case .annoPianoNonValido: return "anno del piano non valido"
            case .idDuplicato: return "codice ripetuto"
            case .riferimentoSconosciuto: return "riferimento inesistente"
            case .finePrimaDiInizio: return "fine prima dell'inizio"
            case .faseFuoriAnno: return "fase fuori dall'anno"
            case .obiettivoSenzaIndicatori: return "obiettivo senza indicatori"
            case .senzaDipendenti: return "obiettivo senza dipendenti"
            case .obiettivoSenzaFasi: return "obiettivo senza fasi"
            case .senzaMisura: return "misura mancante"
            case .senzaTarget: return "target mancante"
            case .pesoNonValido: return "peso non valido"
            case .codiceNumerico: return "codice trasformato in numero"
            case .settoreIndicatoreIncoerente: return "settore dell'indicatore diverso da quello dell'obiettivo"
            case .rettificaIncompleta: return "rettifica incompleta"
            case .rettificaFuoriData: return "rettifica su una data non di monitoraggio"
            case .responsabiliScoperti: return "periodo senza responsabile"
            case .responsabiliSovrapposti: return "responsabili sovrapposti"
            case .misuraIncoerente: return "misura incoerente"
            case .targetIncoerente: return "target incoerente con la baseline"
            case .targetTipoErrato: return "target di tipo diverso dalla misura"
            case .targetUgualeBaseline: return "target uguale alla baseline"
            case .nonValutabilePerIlPiano: return "indicatore non valutabile per il piano"
            case .enteErrato: return "ente diverso"
            case .annoErrato: return "anno diverso"
            case .settoreSconosciuto: return "settore inesistente"
            case .dataRiferimentoErrata: return "data di riferimento non valida"
            case .dataNonDiMonitoraggio: return "data non di monitoraggio"
            case .identitaContraddetta: return "scheda modificata nell'intestazione"
            case .identitaIlleggibile: return "identità della scheda alterata"
            case .pianoCambiato: return "scheda di una versione precedente del piano"
            case .schedaAltroSettore: return "scheda di un altro settore"
            case .schedaVuota: return "scheda vuota"
            case .monitoraggioChiuso: return "monitoraggio già chiuso"
            case .indicatoreSconosciuto: return "indicatore inesistente"
            case .indicatoreAltroSettore: return "indicatore di un altro settore"
            case .indicatoreDuplicato: return "indicatore ripetuto"
            case .indicatoreMancante: return "riga di indicatore mancante"
            case .rigaSenzaID: return "riga senza codice"
            case .valoreNonValido: return "valore non valido"
            case .valoreSconosciuto: return "valore non riconosciuto, ignorato"
            case .valoreTipoErrato: return "valore di tipo diverso dalla misura"
            case .valoreSoloTesto: return "valore conservato come testo"
            case .dataImpossibile: return "data inesistente"
            case .percentualeAmbigua: return "percentuale ambigua"
            case .siNoComePercentuale: return "si/no scritto come percentuale"
            case .faseSconosciuta: return "fase inesistente"
            case .faseAltroSettore: return "fase di un altro settore"
            case .faseDuplicata: return "fase ripetuta"
            case .faseSenzaData: return "fase completata senza data"
            case .faseDataSenzaStato: return "data di completamento senza stato"
            case .faseDovutaSenzaStato: return "fase scaduta senza stato"
            case .nonValutabile: return "indicatore non valutabile"
            }
        }
    }

    public var severity: Severity
    public var kind: Kind
    /// The Italian message, without the place.
    public var message: String
    public var file: String
    public var sheet: String?
    public var cell: String?

    /// The stable code (e.g. `senzaTarget`) for tests, filters and the history.
    public var code: String { kind.rawValue }

    public init(_ kind: Kind, message: String, file: String, sheet: String? = nil, cell: String? = nil) {
        self.init(kind, severity: kind.severity, message: message, file: file, sheet: sheet, cell: cell)
    }

    public init(_ kind: Kind, message: String, at source: SourceCell) {
        self.init(kind, message: message, file: source.file, sheet: source.sheet, cell: source.cell)
    }

    /// With a severity other than the kind's: only a closing line (whose gravity is its worst item's) or one read back from the history.
    public init(_ kind: Kind, severity: Severity, message: String, file: String, sheet: String? = nil, cell: String? = nil) {
        self.severity = severity
        self.kind = kind
        self.message = message
        self.file = file
        self.sheet = sheet
        self.cell = cell
    }

    /// `«piano.xlsx», foglio «Fasi», cella E97`
    public var location: String {
        var s = "«\(file)»"
        if let sheet { s += ", foglio «\(sheet)»" }
        if let cell { s += ", cella \(cell)" }
        return s
    }

    public var description: String { "[\(severity.rawValue.uppercased())] \(location): \(message)" }
}

extension Anomaly {
    /// Most problems listed for one file; the rest are counted in one closing line.
    public static let listedPerFile = 500

    /// "… e altri N problemi non elencati": an error when any of them is one.
    public static func omitted(errors: Int, warnings: Int, file: String) -> Anomaly {
        let total = errors + warnings
        return Anomaly(.altriProblemi, severity: errors > 0 ? .error : .warning,
                       message: "e altri \(total) problemi non elencati (\(errors) celle rifiutate, \(warnings) avvisi): "
                           + "correggere quelli elencati, che di solito si ripetono, e ricaricare il file", file: file)
    }

    /// How many problems this closing line stands for (0 for any other anomaly).
    /// Read back from its own message, which `omitted` writes in one fixed form.
    public var omittedCount: (errors: Int, warnings: Int) {
        guard kind == .altriProblemi, let open = message.firstIndex(of: "(") else { return (0, 0) }
        let numbers = message[open...].split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : (0, 0)
    }

    /// Errors and warnings of a file, those counted in a closing line included.
    public static func tally(_ list: [Anomaly]) -> (errors: Int, warnings: Int) {
        var errors = 0, warnings = 0
        for a in list {
            if a.kind == .altriProblemi {
                errors += a.omittedCount.errors
                warnings += a.omittedCount.warnings
            } else if a.severity == .error { errors += 1 } else { warnings += 1 }
        }
        return (errors, warnings)
    }
}
