import PerformanceModel

/// The plan workbook's contract, once: every sheet, every column, what a
/// person writes there and what is allowed. The reader takes its sheets and
/// headers from here (`PlanSheets`); the blank plan of `piao init` takes its
/// columns, formats, drop-down lists, prompts, example row and Istruzioni.
public enum PlanContract {
    public enum Kind: Sendable, Equatable {
        /// Free text.
        case text
        /// A code that must stay text (`01.1` must never become the number 1.1).
        case code
        /// A code defined in another sheet's first column.
        case reference(sheet: String)
        /// A date; `inYear`: within the plan's year.
        case date(inYear: Bool)
        /// A whole number in a range.
        case integer(ClosedRange<Int>)
        /// A number greater than zero.
        case weight
        /// A number of days, zero or more.
        case days
        /// One of a closed vocabulary.
        case choice([String])
        /// A number, a percentage, a date or SI/NO: a target, a baseline, a forced value.
        case quantity
    }

    public struct Column: Sendable {
        public let header: String
        /// The cell must be filled on every row.
        public let required: Bool
        public let kind: Kind
        /// What to write, in plain Italian: the cell's prompt and its line in Istruzioni.
        public let help: String
        /// An example value; `{anno}` stands for the plan's year.
        public let example: String
    }

    public struct Sheet: Sendable {
        public let name: String
        public let purpose: String
        public let columns: [Column]
        public var headers: [String] { columns.map(\.header) }
    }

    static func c(_ header: String, _ required: Bool, _ kind: Kind, _ help: String, _ example: String) -> Column {
        Column(header: header, required: required, kind: kind, help: help, example: example)
    }

    public static let ente = Sheet(name: "Ente", purpose: "il nome dell'ente, il titolo del piano e l'anno (una sola riga)", columns: [
        c("Ente", true, .text, "Il nome dell'ente, come deve comparire sulle stampe (es. Comune di …). Deve essere quello di pipeline.json.", "Comune di Esempio"),
        c("Piano", false, .text, "Il titolo del piano.", "PIAO {anno} – Sezione Performance"),
        c("Anno", true, .integer(2000...2100), "L'anno del piano, quattro cifre. Deve essere quello di pipeline.json (chiave «anno»).", "{anno}"),
    ])

    public static let settori = Sheet(name: "Settori", purpose: "i settori e i loro responsabili: una riga per ogni periodo di responsabilità", columns: [
        c("Codice", true, .code, "Il codice del settore, come testo (es. 01). Un settore che cambia responsabile ha una riga per periodo, con lo stesso codice.", "01"),
        c("Nome", false, .text, "Il nome del settore (vale quello della prima riga).", "AFFARI GENERALI"),
        c("Responsabile", false, .text, "Chi guida il settore nel periodo: COGNOME Nome.", "ROSSI Maria"),
        c("Dal", false, .date(inYear: true), "Inizio del periodo (gg/mm/aaaa); vuoto = dal 1° gennaio.", "01/01/{anno}"),
        c("Al", false, .date(inYear: true), "Fine del periodo (gg/mm/aaaa); vuoto = fino al 31 dicembre. Il periodo dopo comincia il giorno seguente.", "31/12/{anno}"),
        c("Ruolo", false, .text, "A che titolo guida il settore: titolare, ad interim…", "titolare"),
    ])

    public static let linee = Sheet(name: "Linee", purpose: "le linee strategiche di mandato", columns: [
        c("Codice", true, .code, "Il codice della linea, come testo (es. 01).", "01"),
        c("Nome", false, .text, "Il nome della linea strategica.", "AMMINISTRAZIONE E BILANCIO"),
        c("Assessori", false, .text, "Gli assessori di riferimento.", "Sindaco"),
    ])

    public static let strategici = Sheet(name: "Obiettivi strategici", purpose: "gli obiettivi strategici, ciascuno sotto una linea", columns: [
        c("Codice", true, .code, "Il codice dell'obiettivo strategico, come testo (es. 01.1: formattato come numero diventerebbe 1,1).", "01.1"),
        c("Nome", false, .text, "Il nome dell'obiettivo strategico.", "Risorse finanziarie"),
        c("Linea", true, .reference(sheet: "Linee"), "Il codice della linea (foglio «Linee»).", "01"),
    ])

    public static let obiettivi = Sheet(name: "Obiettivi", purpose: "gli obiettivi operativi, ciascuno di un settore e sotto un obiettivo strategico", columns: [
        c("ID", true, .code, "L'identificativo dell'obiettivo, unico (es. 01-1: settore 01, obiettivo 1).", "01-1"),
        c("Settore", true, .reference(sheet: "Settori"), "Il settore titolare (foglio «Settori»).", "01"),
        c("Obiettivo strategico", true, .reference(sheet: "Obiettivi strategici"), "L'obiettivo strategico di riferimento (foglio «Obiettivi strategici»).", "01.1"),
        c("Rif. DUP", false, .code, "Il riferimento al DUP, se c'è.", ""),
        c("Titolo", false, .text, "Il titolo, che compare accanto ai punteggi.", "Tempi di pagamento"),
        c("Descrizione", false, .text, "Che cosa si vuole ottenere.", "Ridurre i tempi medi di pagamento delle fatture"),
        c("Tipologia", false, .text, "Etichette separate da virgola (es. trasparenza, intersettoriale): solo informative.", ""),
        c("Pluriennale", false, .text, "Se l'obiettivo dura più anni, la fase di quest'anno (es. fase 1 di 3); vuoto se è annuale.", ""),
        c("Scadenza", false, .date(inYear: false), "La data di conclusione (gg/mm/aaaa).", "31/12/{anno}"),
        c("Peso", false, .weight, "Il peso dell'obiettivo nelle medie: un numero maggiore di zero; vuoto = 1.", ""),
        c("Settore coordinamento", false, .reference(sheet: "Settori"), "Per un obiettivo intersettoriale, il settore che lo coordina; vuoto altrimenti.", ""),
    ])

    public static let fasi = Sheet(name: "Fasi", purpose: "il cronoprogramma: le fasi di ogni obiettivo", columns: [
        c("ID obiettivo", true, .reference(sheet: "Obiettivi"), "L'obiettivo a cui appartiene la fase (foglio «Obiettivi»).", "01-1"),
        c("N", true, .integer(1...999), "Il numero della fase, unico nell'obiettivo: 1, 2, 3…", "1"),
        c("Descrizione", false, .text, "Che cosa si fa nella fase.", "Analisi dei ritardi di pagamento"),
        c("Inizio", false, .date(inYear: true), "Inizio previsto, nell'anno del piano (gg/mm/aaaa).", "01/01/{anno}"),
        c("Fine", true, .date(inYear: true), "Fine prevista, nell'anno del piano: su questa data si misura il rispetto dei tempi.", "31/03/{anno}"),
    ])

    public static let indicatori = Sheet(name: "Indicatori", purpose: "gli indicatori di ogni obiettivo, con misura e target", columns: [
        c("ID", true, .code, "L'identificativo dell'indicatore, unico (es. 01-1.1: obiettivo 01-1, indicatore 1).", "01-1.1"),
        c("ID obiettivo", true, .reference(sheet: "Obiettivi"), "L'obiettivo a cui appartiene (foglio «Obiettivi»).", "01-1"),
        c("Settore", true, .reference(sheet: "Settori"), "Il settore che rileva e comunica il valore: di solito quello dell'obiettivo, un altro negli obiettivi intersettoriali.", "01"),
        c("Tipo", false, .choice(IndicatorType.allCases.map(\.rawValue)), "La natura dell'indicatore (solo informativa).", "efficacia"),
        c("Descrizione", false, .text, "Che cosa si misura. «% rispetto fasi e tempi» si calcola dalle fasi dell'obiettivo.", "Indice di tempestività dei pagamenti"),
        c("Misura", true, .choice(MeasureKind.allCases.map(\.rawValue)), "Il tipo di valore: data, tempestività, quantità, percentuale, si/no.", "tempestività"),
        c("Direzione", false, .choice(Direction.allCases.map(\.rawValue)), "crescente (più è meglio; vuoto = crescente) o decrescente (meno è meglio).", "decrescente"),
        c("Baseline", false, .quantity, "Il valore di partenza, nella stessa unità del target (serve per un aumento o una riduzione).", ""),
        c("Target", true, .quantity, "Il valore atteso: 70% per una percentuale, 12 per una quantità, 30/06/{anno} per una data, SI o NO, -15% per una riduzione sulla baseline.", "0"),
        c("Peso", false, .weight, "Il peso dell'indicatore nella media dell'obiettivo: un numero maggiore di zero; vuoto = 1.", ""),
        c("Tolleranza", false, .days, "Per le date e gli indici con target 0: i giorni di ritardo oltre i quali il raggiungimento è 0%; vuoto = nessuna.", ""),
    ])

    public static let dipendenti = Sheet(name: "Dipendenti", purpose: "chi partecipa a ciascun obiettivo: una riga per partecipazione", columns: [
        c("ID obiettivo", true, .reference(sheet: "Obiettivi"), "L'obiettivo (foglio «Obiettivi»).", "01-1"),
        c("Nome", true, .text, "COGNOME Nome, scritto sempre allo stesso modo (due grafie sono due persone).", "BIANCHI Luca"),
        c("Categoria", false, .text, "La categoria contrattuale.", "C1"),
        c("Ruolo", false, .text, "Il ruolo nell'obiettivo, se serve.", ""),
    ])

    public static let rettifiche = Sheet(name: "Rettifiche", purpose: "le decisioni prese durante l'anno: un raggiungimento forzato o un «non valutabile» (facoltativo)", columns: [
        c("ID", true, .code, "L'indicatore o l'obiettivo rettificato (un ID del foglio «Indicatori» o «Obiettivi»).", "01-1.1"),
        c("Data di riferimento", false, .date(inYear: true), "Il monitoraggio a cui si applica (una data di monitoraggio); vuoto = tutti.", "31/12/{anno}"),
        c("Tipo", true, .choice(["forzato", "non valutabile"]), "forzato (un raggiungimento deciso) o non valutabile (escluso dalle medie).", "non valutabile"),
        c("Valore", false, .quantity, "Solo per «forzato»: il raggiungimento da attribuire, es. 80%.", ""),
        c("Motivazione", true, .text, "Perché: senza motivazione la rettifica non si applica.", "dato non disponibile per il cambio di gestionale"),
        c("Autore", true, .text, "Chi ha deciso (es. OIV, verbale n. 1): senza autore la rettifica non si applica.", "OIV, verbale n. 1"),
        c("Data", false, .date(inYear: false), "Quando è stato deciso (gg/mm/aaaa).", "15/01/{anno+1}"),
    ])

    /// In workbook order, the order a person fills them.
    public static let sheets = [ente, settori, linee, strategici, obiettivi, fasi, indicatori, dipendenti, rettifiche]

    /// How a target is written, rule by rule: the Istruzioni sheet of the blank plan.
    public static let targetRules: [(String, String)] = [
        ("Percentuale", "misura «percentuale», target 80%: raggiungimento = valore / target (60% su 80% = 75%). Scrivere sempre il simbolo %."),
        ("Quantità", "misura «quantità», target 12: valore / target; con «decrescente» e senza baseline: target / valore."),
        ("Data", "misura «data», target 30/06/{anno}: 100% entro la data; dopo, 0% (o in proporzione alla colonna «Tolleranza», in giorni)."),
        ("SI/NO", "misura «si/no», target SI (o NO): 100% se il valore è quello atteso, 0% altrimenti."),
        ("Aumento sulla baseline", "baseline 100, target 150: raggiungimento = (valore − baseline) / (target − baseline)."),
        ("Riduzione sulla baseline", "baseline 40, target 30, direzione «decrescente»: (baseline − valore) / (baseline − target)."),
        ("Variazione percentuale", "baseline un importo (5000), target -15% (o +10%): la variazione ottenuta diviso quella attesa."),
        ("Indice con target 0", "misura «tempestività», target 0: 100% se l'indice è 0 o meno; sopra 0, 0% (o in proporzione alla «Tolleranza»)."),
        ("Rispetto fasi e tempi", "descrizione «% rispetto fasi e tempi», target 100%: le fasi dell'obiettivo concluse entro la loro «Fine», sulle fasi già dovute."),
        ("Non valutabile", "senza target, o con un target che nessuna regola legge, l'indicatore è «non valutabile»: escluso dalle medie, mai contato come 0 o 100."),
    ]
}
