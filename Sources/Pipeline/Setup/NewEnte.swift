import SystemText
import Foundation
import Reports
import Scoring

/// `piao init`: the folders, the configuration and the blank plan a new ente
/// starts from. Nothing existing is ever overwritten: when any file it would
/// write is already there, nothing is written at all.
public enum NewEnte {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// What `create` writes, relative to the folder.
    public struct Layout {
        public let year: Int
        public var configuration: String { "pipeline.json" }
        public var plan: String { "piano/piano-\(year).xlsx" }
        public var dropFolder: String { "monitoraggio" }
        public var outputs: String { "output" }
    }

    /// Creates `folder` (if needed) with its layout; returns the paths written.
    @discardableResult
    public static func create(folder: String, ente: String, year: Int) throws -> [String] {
        guard !ente.trimmingCharacters(in: .whitespaces).isEmpty else { throw Failure(description: "manca il nome dell'ente (--ente \"Comune di …\")") }
        guard (2000...2100).contains(year) else { throw Failure(description: "l'anno \(year) non è valido (quattro cifre, es. 2025)") }
        let layout = Layout(year: year)
        let fm = FileManager.default
        let root = URL(fileURLWithPath: folder)
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: folder, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw Failure(description: "«\(folder)» esiste e non è una cartella: indicare la cartella del nuovo ente")
        }
        let existing = [layout.configuration, layout.plan].filter { fm.fileExists(atPath: root.appendingPathComponent($0).path) }
        guard existing.isEmpty else {
            throw Failure(description: "in «\(folder)» esiste già \(existing.map { "«\($0)»" }.joined(separator: " e ")): non viene sovrascritto nulla (scegliere una cartella nuova)")
        }
        do {
            for dir in ["piano", layout.dropFolder, layout.outputs] {
                try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
            }
        } catch {
            throw Failure(description: SystemError.italian(error, path: folder))
        }
        let planPath = root.appendingPathComponent(layout.plan).path
        try BlankPlan.write(ente: ente, year: year, to: planPath)
        let configPath = root.appendingPathComponent(layout.configuration).path
        // O_EXCL: a configuration that appeared meanwhile is not replaced either.
        let fd = open(configPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw Failure(description: "impossibile scrivere «\(configPath)»: \(ItalianErrno.current)") }
        let data = Array(configuration(ente: ente, layout: layout).utf8)
        let written = data.withUnsafeBytes { AtomicWrite.all(fd, $0) }
        let why = ItalianErrno.current
        close(fd)
        guard written else { throw Failure(description: "impossibile scrivere «\(configPath)»: \(why)") }
        return [configPath, planPath]
    }

    /// The first pipeline.json: every scoring setting written out with its default, copy mode until the ente chooses.
    public static func configuration(ente: String, layout: Layout) -> String {
        let s = ScoringSettings()
        func quoted(_ text: String) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]), as: UTF8.self).dropFirst().dropLast().description
        }
        func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
        let y = layout.year
        return """
        {
          "ente": \(quoted(ente)),
          "anno": \(y),
          "piano": "\(layout.plan)",
          "cartelle": {
            "monitoraggio": "\(layout.dropFolder)",
            "output": "\(layout.outputs)",
            "database": "\(layout.outputs)/storico.sqlite"
          },
          "archiviazione": {
            "modalita": "copia",
            "archivio": "\(layout.outputs)/archivio",
            "quarantena": "\(layout.outputs)/quarantena",
            "attesaSecondi": 0
          },
          "monitoraggi": {
            "intermedi": [
              "\(y)-06-30"
            ],
            "finale": "\(y)-12-31"
          },
          "punteggi": {
            "tetto": \(number(s.cap)),
            "incrementoConBaseline": "\(s.increase.rawValue)",
            "minoreSenzaBaseline": "\(s.lowerWithoutBaseline.rawValue)",
            "tolleranzaDateGiorni": \(number(s.dateToleranceDays)),
            "tolleranzaIndiceGiorni": \(number(s.indexToleranceDays)),
            "sogliaRaggiunto": \(number(s.achievedThreshold)),
            "sogliaParzialmente": \(number(s.partialThreshold))
          }
        }

        """
    }
}
