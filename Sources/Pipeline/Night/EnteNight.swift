import Foundation
import Ingest
import PerformanceModel
import Reports
import Scoring
import Store

/// One ente's night, start to end. The order is what keeps the guarantees:
/// the plan is judged before any file is touched; every file is read from
/// one private snapshot; the history commits before anything is archived;
/// an original leaves the drop folder only once its exact bytes are safe.
struct EnteNight {
    let config: PipelineConfiguration
    let options: NightlyRun.Options
    let progress: (@Sendable (Int, Int, String) -> Void)?
    var report: NightlyRun.Report

    init(config: PipelineConfiguration, options: NightlyRun.Options, progress: (@Sendable (Int, Int, String) -> Void)?) {
        self.config = config
        self.options = options
        self.progress = progress
        report = NightlyRun.Report(ente: config.ente)
    }

    /// What intake made of the drop folder.
    struct Intaken {
        var snapshots: [Snapshot] = []
        var pending: [(EntryName, String)] = []
        var skipped: [(EntryName, String)] = []
        /// Too large or unreadable: refused without being read, left in the folder.
        var refused: [(EntryName, String)] = []
        /// Of those, the unreadable (a next night may read them, and must try).
        var unreadable = 0
    }

    mutating func run(store: HistoryStore?) -> NightlyRun.Report {
        run(openStore: store.map { s in { s } })
    }

    /// - Parameter openStore: opens (or returns the already open) shared history; nil for a dry run.
    mutating func run(openStore: (() throws -> HistoryStore)?) -> NightlyRun.Report {
        let dry = openStore == nil
        // The log says when (outputs never do: they depend on the data alone).
        report.lines.append("piao run — \(config.ente), anno \(config.anno) — \(LocalTime.text(options.now))\(dry ? " (prova: nessuna scrittura)" : "")")

        // Nothing new since the last night: say what it said, having read nothing.
        let database = config.resolve(config.database)
        let planPath = config.resolve(config.piano)
        let dropPath = config.resolve(config.cartellaMonitoraggio)
        let dropBefore = QuietNight.listing(dropPath)
        let planBefore = QuietNight.status(planPath, follow: true)
        if let openStore, !options.newHistory, FileManager.default.fileExists(atPath: database),
           let store = try? openStore(), let (record, history) = try? store.quietNight(ente: config.ente, year: config.anno), let record {
            if let last = QuietNight(json: record),
               last.seen == QuietNight.seen(config, verbose: options.verbose, drop: dropBefore, watching: last.seen.watched.keys, history: history) {
                report.lines += last.lines.map { $0 == NightlyRun.unchangedLine ? NightlyRun.quietLine : $0 }
                report.warnings = last.warnings
                report.status = NightlyRun.Status(rawValue: last.status) ?? .ok
                return report
            }
            do { try store.forgetQuietNight(ente: config.ente, year: config.anno) } catch {
                return report.fail("\(config.ente): \(error)", .configuration)
            }
        }

        // The plan first: a plan that cannot be read stops the ente before any file is touched.
        let plan: Consolidator.LoadedPlan
        do { plan = try Consolidator.readPlan(config) } catch {
            return report.fail("\(config.ente): \(error)", .configuration)
        }
        let planLines = report.lines.count
        logPlan(plan)
        let planLog = Array(report.lines[planLines...])

        let output = config.resolve(config.cartellaOutput)
        var store: HistoryStore?
        if let openStore {
            if let refusal = historyLooksMisplaced(plan: plan.plan, database: database) {
                return report.fail("\(config.ente): \(refusal)", .configuration)
            }
            do { store = try openStore() } catch {
                return report.fail("\(config.ente): \(error)", .configuration)
            }
            if !options.newHistory, let store, let refusal = historyLooksMisplaced(plan: plan.plan, database: database, store: store) {
                return report.fail("\(config.ente): \(refusal)", .configuration)
            }
        }

        let drop: DropFolder
        do { drop = try DropFolder(path: dropPath) } catch {
            return report.fail("\(config.ente): \(error)", .configuration)
        }
        // Leftovers of a killed run: our temporaries in the outputs, snapshots, originals halfway out.
        let staging: String
        var restored = 0
        if dry {
            staging = NSTemporaryDirectory() + "piao-prova-\(getpid())-\(UUID().uuidString)"
        } else {
            staging = database + ".in-corso"
            for sub in ["consolidato", "oiv", "esiti", "opendata", "modelli", ""] {
                AtomicFile.removeLeftovers(in: (output as NSString).appendingPathComponent(sub))
            }
            try? FileManager.default.removeItem(atPath: staging)
            do {
                for name in try drop.restoreLeftovers() {
                    restored += 1
                    report.lines.append("[RIPRISTINATO] \(name.logged) — lasciato a metà da un'esecuzione interrotta: rimesso nella cartella")
                }
            } catch {
                return report.fail("\(config.ente): \(error)", .configuration)
            }
        }
        do { try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
            return report.fail("\(config.ente): impossibile creare la cartella di lavoro: \(SystemError.italian(error, path: staging))", .configuration)
        }
        defer { try? FileManager.default.removeItem(atPath: staging) }

        // discover + snapshot
        let intaken: Intaken
        do { intaken = try intake(drop, staging: staging) } catch {
            return report.fail("\(config.ente): \(error)", .configuration)
        }

        // Known content is not read again; identical bytes twice in one run are read once.
        var known: [Snapshot] = []
        var fresh: [Snapshot] = []
        var seen: Set<String> = []
        do {
            for s in intaken.snapshots {
                if try store?.knows(ente: config.ente, year: config.anno, sha256: s.sha256) == true || seen.contains(s.sha256) {
                    known.append(s)
                } else {
                    seen.insert(s.sha256)
                    fresh.append(s)
                }
            }
        } catch {
            return report.fail("\(config.ente): \(error)", .configuration)
        }

        // Arrival order within the run: when the settore saved the file (then the name, for a tie) — it decides which counts.
        fresh.sort { ($0.modified, $0.name) < ($1.modified, $1.name) }
        // extract + normalize: independent per file, results in arrival order.
        let limits = config.limiti
        let dates = config.periods.map(\.date)
        var newFiles = Parallel.map(fresh, jobs: options.jobs) { s in
            Consolidator.input(path: s.copy, sha256: s.sha256,
                               reading: MonitoringReader.read(path: s.copy, fileName: s.name.text, plan: plan.plan, monitoringDates: dates, limits: limits),
                               name: s.name.text, modifiedAt: s.modified)
        }
        for file in newFiles { CrashPoint.hit("letto \(file.name)") }

        // A closed round takes no new file: refused, quarantined with its receipt, kept.
        var events: [RoundEvent] = []
        do { events = try store?.roundEvents(ente: config.ente, year: config.anno) ?? [] } catch {
            return report.fail("\(config.ente): \(error)", .configuration)
        }
        for i in newFiles.indices where newFiles[i].outcome == .accepted {
            guard let date = newFiles[i].referenceDate, case .closed(let e) = RoundState(events, date: date) else { continue }
            let why = "il monitoraggio al \(date.italian) è stato chiuso il \(e.at) da \(e.author) (\(e.reason)): il file non è stato usato; per usarlo il monitoraggio va riaperto («piao reopen»)"
            newFiles[i].outcome = .rejected
            newFiles[i].reason = why
            newFiles[i].anomalies.insert(Anomaly(.monitoraggioChiuso, message: why, file: newFiles[i].name), at: 0)
        }

        // store: one transaction for everything new; then the whole history is what counts.
        var inputs = newFiles
        if let store {
            do {
                try store.record(ente: config.ente, year: config.anno, newFiles: newFiles, startedAt: options.now)
                CrashPoint.hit("registrato nello storico")
                inputs = try store.inputs(ente: config.ente, year: config.anno)
            } catch {
                return report.fail("\(config.ente): \(error)", .configuration)
            }
        }
        var c = Consolidator.consolidate(plan, inputs: inputs, config: config)
        if let store, !dry {
            // This year's final scores are kept for the years after; the earlier years' are shown beside this year's.
            do {
                if let final = c.cards.first(where: \.isFinal) {
                    try store.saveFinalScores(ente: config.ente, year: config.anno, YearFinalScore.of(final, plan.plan))
                }
                c.earlierYears = try store.finalScores(ente: config.ente, before: config.anno)
            } catch {
                return report.fail("\(config.ente): \(error)", .configuration)
            }
        }
        c.roundEvents = events
        var closedLines: [String] = []
        if let store {
            // A closed round's outputs are those of its closure; a later plan or setting does not reach them.
            do {
                for date in Set(events.map(\.date)).sorted() {
                    guard case .closed(let e) = RoundState(events, date: date), let closure = try store.closure(ente: config.ente, year: config.anno, date: date) else { continue }
                    for output in closure.outputs { c.frozen[output.path] = output.content }
                    var line = "[CHIUSO]    monitoraggio al \(date.italian): chiuso il \(e.at) da \(e.author) (\(e.reason)); le sue uscite restano quelle della chiusura"
                    if closure.planSHA256 != c.planFile.sha256 || closure.settings != "\(c.settings)" {
                        line += ". Il piano o le impostazioni di punteggio sono cambiati dopo la chiusura: le modifiche non si applicano a questo monitoraggio"
                    }
                    closedLines.append(line)
                }
            } catch {
                return report.fail("\(config.ente): \(error)", .configuration)
            }
        }
        report.consolidation = c
        logFiles(c, intaken: intaken, known: known, newFiles: newFiles)
        report.lines += closedLines
        logScores(c)

        var changedMeanwhile = 0
        if !dry {
            do {
                if let written = try OutputWriter.write(c, to: output, periods: config.periods, outputs: config.uscite) {
                    report.lines += written.files.map { "[SCRITTO]   \($0)" }
                    report.lines += written.failed.map { "[NON SCRITTO] \(LogText.escaped($0))" }
                    if !written.failed.isEmpty { report.status = max(report.status, .configuration) }
                } else {
                    report.lines.append(NightlyRun.unchangedLine)
                }
            } catch {
                return report.fail("\(config.ente): scrittura non riuscita: \(SystemError.italian(error, path: output))", .configuration)
            }
            do { changedMeanwhile = try archive(c, snapshots: intaken.snapshots, drop: drop, output: output) } catch {
                return report.fail("\(config.ente): archiviazione non riuscita: \(error)", .configuration)
            }
        }

        report.lines.append(Self.summary(newFiles: newFiles, known: known.count, arriving: intaken.pending.count + changedMeanwhile,
                                         skipped: intaken.skipped.count, refused: intaken.refused.count))
        if newFiles.contains(where: { $0.outcome == .rejected }) || !intaken.refused.isEmpty { report.status = max(report.status, .rejected) }

        // What the next night, finding everything as this one leaves it, will say.
        if let store, !dry, report.status <= .rejected, intaken.pending.isEmpty, intaken.unreadable == 0, changedMeanwhile == 0, restored == 0 {
            let dropAfter = QuietNight.listing(dropPath)
            let takenAway = config.moveOriginals ? Set(intaken.snapshots.map { QuietNight.hex($0.name) }) : []
            if QuietNight.onlyTakenAway(before: dropBefore, after: dropAfter, takenAway: takenAway),
               QuietNight.status(planPath, follow: true) == planBefore,
               let history = try? store.quietNight(ente: config.ente, year: config.anno).history {
                let remaining = intaken.snapshots.filter { dropAfter[QuietNight.hex($0.name)] != nil }
                var quiet = EnteNight(config: config, options: options, progress: nil)
                quiet.report.lines = planLog
                quiet.logFiles(c, intaken: Intaken(skipped: intaken.skipped, refused: intaken.refused), known: remaining, newFiles: [])
                quiet.report.lines += closedLines
                quiet.logScores(c)
                quiet.report.lines.append(NightlyRun.unchangedLine)
                quiet.report.lines.append(Self.summary(newFiles: [], known: remaining.count, arriving: 0,
                                                       skipped: intaken.skipped.count, refused: intaken.refused.count))
                let watching = [planPath] + archived(c, snapshots: remaining)
                let seen = QuietNight.seen(config, verbose: options.verbose, drop: dropAfter, watching: watching, history: history)
                let record = QuietNight(seen: seen, lines: quiet.report.lines, warnings: report.warnings,
                                        status: (intaken.refused.isEmpty ? NightlyRun.Status.ok : .rejected).rawValue)
                // Not kept, the next night is a full one: nothing is lost.
                try? store.saveQuietNight(ente: config.ente, year: config.anno, record: record.json)
            }
        }
        return report
    }

    static func summary(newFiles: [InputFile], known: Int, arriving: Int, skipped: Int, refused: Int) -> String {
        let refusedNew = newFiles.filter { $0.outcome == .rejected }.count
        return "Riepilogo: \(count(newFiles.count, "file nuovo", "file nuovi")) (\(count(newFiles.count - refusedNew, "accettato", "accettati")), "
            + "\(count(refusedNew, "rifiutato", "rifiutati"))), \(count(known, "già ricevuto", "già ricevuti")), "
            + "\(arriving) in arrivo, \(count(skipped, "ignorato", "ignorati"))"
            + (refused == 0 ? "" : ", \(refused) non letti (troppo grandi o illeggibili)") + "."
    }

    /// The archived copies (and a rejected file's receipt beside it) of these snapshots: a night puts back one that is gone.
    func archived(_ c: Consolidation, snapshots: [Snapshot]) -> [String] {
        let byHash = Dictionary(c.inputs.map { ($0.sha256, $0) }, uniquingKeysWith: { a, _ in a })
        return snapshots.flatMap { s -> [String] in
            guard let input = byHash[s.sha256] else { return [] }
            let target = Archive.target(for: s, input: input, year: config.anno, archive: config.resolve(config.cartellaArchivio),
                                        quarantine: config.resolve(config.cartellaQuarantena))
            return input.outcome == .rejected ? [target, target + "-esito.txt"] : [target]
        }
    }

    // MARK: Stages

    /// Every entry of the drop folder, classified; regular files snapshotted.
    func intake(_ drop: DropFolder, staging: String) throws -> Intaken {
        var result = Intaken()
        let entries = try drop.entries()
        for (i, entry) in entries.enumerated() {
            progress?(i + 1, entries.count, entry.name.text)
            switch Intake.take(entry, from: drop, staging: staging, index: i, maxBytes: config.limiti.maxFileBytes,
                               settleSeconds: config.attesaSecondi, now: options.now) {
            case .snapshot(let s): result.snapshots.append(s)
            case .pending(let name, let why): result.pending.append((name, why))
            case .skipped(let name, let why): result.skipped.append((name, why))
            case .tooLarge(let name, let size, let limit):
                result.refused.append((name, "il file è di \(Self.megabytes(size)), oltre il limite di \(Self.megabytes(limit)) "
                    + "(«limiti.dimensioneFileMassima»): non letto, lasciato nella cartella"))
            case .unreadable(let name, let why):
                result.unreadable += 1
                result.refused.append((name, "non leggibile (\(why)): lasciato nella cartella"))
            }
        }
        return result
    }

    /// Places every snapshot whose content the history holds; in `sposta`
    /// mode, removes the originals that still hold those bytes. Returns how
    /// many originals changed meanwhile (left for the next run).
    mutating func archive(_ c: Consolidation, snapshots: [Snapshot], drop: DropFolder, output: String) throws -> Int {
        let byHash = Dictionary(c.inputs.map { ($0.sha256, $0) }, uniquingKeysWith: { a, _ in a })
        var placed = 0, removed = 0, changed = 0
        for s in snapshots {
            guard let input = byHash[s.sha256] else { continue }
            let p = try Archive.place(s, input: input, year: config.anno, archive: config.resolve(config.cartellaArchivio),
                                      quarantine: config.resolve(config.cartellaQuarantena),
                                      receipts: (output as NSString).appendingPathComponent("esiti"), drop: drop, move: config.moveOriginals)
            if p.copied { placed += 1 }
            switch p.removal {
            case .removed?: removed += 1
            case .changed(let restoredAs)?:
                changed += 1
                let where_ = restoredAs == s.name ? "" : " (ora «\(restoredAs.logged)»)"
                report.lines.append("[IN ARRIVO] \(s.name.logged)\(where_) — modificato durante l'esecuzione: il contenuto letto è archiviato, "
                    + "il file nuovo resta nella cartella e sarà letto nella prossima esecuzione")
            case .alreadyGone?, nil: break
            }
        }
        drop.removeOutgoingIfEmpty()
        // Only what this run archived or removed (a quiet night says nothing here).
        if placed > 0 || removed > 0 {
            report.lines.append("[ARCHIVIO]  \(Self.count(placed, "file archiviato", "file archiviati"))"
                + (config.moveOriginals ? ", \(removed) tolti dalla cartella dei monitoraggi" : " (originali lasciati nella cartella: modalità copia)"))
        }
        return changed
    }

    /// A history that is missing (or empty for this ente) while the outputs
    /// show earlier runs is most likely a wrong `cartelle.database`: starting
    /// afresh would silently rebuild the OIV export from the new files alone.
    func historyLooksMisplaced(plan: Plan, database: String, store: HistoryStore? = nil) -> String? {
        guard !options.newHistory else { return nil }
        if store == nil && FileManager.default.fileExists(atPath: database) { return nil }
        if let store, (try? store.hasFiles(ente: config.ente, year: config.anno)) != false { return nil }
        let output = config.resolve(config.cartellaOutput)
        let slug = MonitoringTemplate.slug(plan.ente)
        var evidence: [String] = []
        let consolidated = (output as NSString).appendingPathComponent("consolidato")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: consolidated),
           let name = names.sorted().first(where: { $0.hasPrefix("consolidato-\(slug)-\(config.anno)-") && $0.hasSuffix(".xlsx") }) {
            evidence.append("consolidato/\(name)")
        }
        let oiv = "oiv/oiv-\(slug)-\(config.anno).xlsx"
        if FileManager.default.fileExists(atPath: (output as NSString).appendingPathComponent(oiv)) { evidence.append(oiv) }
        if store == nil {
            let year = (config.resolve(config.cartellaArchivio) as NSString).appendingPathComponent(String(config.anno))
            if let names = try? FileManager.default.contentsOfDirectory(atPath: year), !names.isEmpty { evidence.append("l'archivio «\(year)»") }
        }
        guard !evidence.isEmpty else { return nil }
        let what = store == nil ? "non esiste" : "non contiene alcun file di «\(config.ente)» \(config.anno)"
        return "lo storico «\(database)» \(what), ma esecuzioni precedenti hanno lasciato \(evidence.joined(separator: " e ")). "
            + "Il percorso dello storico (chiave «cartelle.database» della configurazione) è forse sbagliato: "
            + "correggerlo, oppure, per iniziare davvero uno storico nuovo, rieseguire con --nuovo-storico. Nessun file è stato letto."
    }

    // MARK: The log

    mutating func logPlan(_ plan: Consolidator.LoadedPlan) {
        let anomalies = plan.reading.anomalies
        let errors = anomalies.filter { $0.severity == .error }.count
        report.lines.append("[PIANO]     \(plan.file.name) — \(plan.plan.objectives.count) obiettivi, \(plan.plan.indicators.count) indicatori; "
            + "\(Self.count(errors, "errore", "errori")), \(Self.count(anomalies.count - errors, "avviso", "avvisi")) (dettagli: piao plan check)")
        if options.verbose { report.lines += anomalies.map { "    \(LogText.escaped($0.description))" } }
        if plan.plan.ente != config.ente {
            report.warnings.append("il piano è di «\(plan.plan.ente)», la configurazione di «\(config.ente)».")
        }
    }

    mutating func logFiles(_ c: Consolidation, intaken: Intaken, known: [Snapshot], newFiles: [InputFile]) {
        report.lines += intaken.skipped.map { "[IGNORATO]  \($0.0.logged) — \($0.1)" }
        report.lines += intaken.refused.map { "[RIFIUTATO] \($0.0.logged) — \($0.1)" }
        report.lines += intaken.pending.map { "[IN ARRIVO] \($0.0.logged) — \($0.1): sarà letto in un'esecuzione successiva" }
        // Known files: one line a night, not one each (the list with -v).
        if !known.isEmpty {
            report.lines.append("[GIÀ RICEVUTO] \(Self.count(known.count, "file", "file")) con lo stesso contenuto già elaborato"
                + (options.verbose ? ": " + known.map(\.name.logged).joined(separator: ", ") : ""))
        }
        let newHashes = Set(newFiles.map(\.sha256))
        for input in c.inputs where newHashes.contains(input.sha256) {
            report.lines.append(Self.logLine(input))
            if options.verbose { report.lines += input.anomalies.map { "    \(LogText.escaped($0.description))" } }
        }
        // Every supersession is said, naming both files: an earlier submission replaced by one of tonight's.
        let byHash = Dictionary(c.inputs.map { ($0.sha256, $0) }, uniquingKeysWith: { a, _ in a })
        for input in c.inputs where !newHashes.contains(input.sha256) {
            guard let by = input.supersededBy, newHashes.contains(by), let winner = byHash[by] else { continue }
            report.lines.append("[SOSTITUITO] \(LogText.escaped(input.name)) — settore \(input.sectorCode ?? ""), \(input.referenceDate?.italian ?? ""): "
                + "non conta più, sostituito da «\(LogText.escaped(winner.name))»")
        }
    }

    mutating func logScores(_ c: Consolidation) {
        for period in config.periods {
            guard let card = c.cards.first(where: { $0.date == period.date }) else {
                report.lines.append("Punteggi al \(period.date.italian): nessuna scheda ricevuta.")
                continue
            }
            // A closed round's numbers are those of its closure (its workbooks), not a recomputation.
            if case .closed(let e) = c.state(of: period.date) {
                report.lines.append("Punteggi al \(period.date.italian) (\(period.isFinal ? "finale" : "intermedio"), chiuso il \(e.at)): quelli della chiusura, nelle sue uscite")
                continue
            }
            report.lines.append("Punteggi al \(period.date.italian) (\(period.isFinal ? "finale" : "intermedio")): ente \(Self.show(card.ente))"
                + (card.gaps.isEmpty ? "" : " (senza \(Self.count(card.gaps.count, "settore", "settori")) non valutabili)"))
            let gaps = Dictionary(card.gaps.map { ($0.sectorCode, $0) }, uniquingKeysWith: { a, _ in a })
            for sector in card.sectors {
                let shown = gaps[sector.id].map { "non valutabile — \(LogText.escaped($0.label))" } ?? Self.show(sector)
                report.lines.append("  settore \(sector.id) \(sector.label.padding(toLength: 46, withPad: " ", startingAt: 0)) \(shown)")
            }
            if !card.criticalities.isEmpty {
                let byKind = Dictionary(grouping: card.criticalities, by: \.kind).mapValues(\.count)
                report.lines.append("  Criticità al \(period.date.italian): \(card.criticalities.count) ("
                    + Criticality.Kind.allCases.compactMap { k in byKind[k].map { "\(k.rawValue): \($0)" } }.joined(separator: ", ")
                    + ") — elenco nel consolidato, foglio «Criticità»")
                if options.verbose { report.lines += card.criticalities.map { "    settore \($0.sectorCode): \(LogText.escaped($0.message))" } }
            }
            if options.verbose { report.lines += card.anomalies.map { "    \(LogText.escaped($0.description))" } }
        }
    }

    static func logLine(_ input: InputFile) -> String {
        let (errors, warnings) = Anomaly.tally(input.anomalies)
        let name = LogText.escaped(input.name)
        switch input.outcome {
        case .accepted, .superseded:
            let s = input.submission!
            let filled = s.values.filter { $0.value != nil }.count
            let tag = input.outcome == .accepted ? "[ACCETTATO]" : "[SOSTITUITO]"
            return "\(tag) \(name) — settore \(s.sectorCode), \(s.referenceDate.italian): \(filled)/\(s.values.count) valori, "
                + "\(count(s.phases.filter { $0.state != nil }.count, "fase", "fasi")); "
                + "\(count(errors, "cella rifiutata", "celle rifiutate")), \(count(warnings, "avviso", "avvisi"))"
                + (input.outcome == .superseded ? " — \(LogText.escaped(input.reason ?? ""))" : "")
        case .rejected, .plan:
            let reason = input.anomalies.first { $0.severity == .error } ?? input.anomalies.first
            return "[RIFIUTATO] \(name) — \(LogText.escaped(reason?.description ?? "motivo sconosciuto"))"
        }
    }

    static func show(_ score: AggregateScore) -> String {
        guard let value = score.score else { return "non valutabile" }
        // No band before the final date: progress, not a verdict.
        return "\(Fmt.percent(value)) (\(score.band?.rawValue ?? "stato di avanzamento"))"
    }

    /// "1 file", "3 file".
    static func count(_ n: Int, _ singular: String, _ plural: String) -> String { "\(n) \(n == 1 ? singular : plural)" }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(Quantity.italianNumber((Double(bytes) / Double(1 << 20) * 10).rounded() / 10)) MB" : "\(bytes) byte"
    }
}
