// Benchmark helper (not shipped, not a test). Subcommands:
//   piao-bench generate --rows R --cols C OUT.xlsx   write a workbook with libxlsxwriter
//   piao-bench read FILE [--sheet NAME]              read every cell, print {"cells":N,"seconds":S}
//   piao-bench national --enti N --out DIR [--plan SRC]  a synthetic round of N enti × 9 settori
//   piao-bench stages --ente DIR [--repeat N] [--out D]      time per stage of one ente of that round
//   piao-bench tape --config CFG --out TAPE                  a night with every libxlsxwriter call recorded (bench/tools/writer_floor.c)
import CXlsxWriter
import XLSXReader
#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String) -> Never {
    fputs("piao-bench: \(message)\n", stderr)
    exit(2)
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// R rows × C columns under a header row: integers, decimals, repeated short
/// strings and dates, cycling by column — the mix a monitoring sheet has.
func generate(rows: Int, cols: Int, path: String) {
    guard let workbook = workbook_new(path) else { fail("cannot create \(path)") }
    let sheet = workbook_add_worksheet(workbook, "Dati")
    let dateFormat = workbook_add_format(workbook)
    format_set_num_format(dateFormat, "dd/mm/yyyy")
    let words = ["raggiunto", "in corso", "non avviata", "completata", "sì", "no", "Settore Finanziario", "Polizia Locale"]
    for c in 0..<cols { worksheet_write_string(sheet, 0, lxw_col_t(c), "Colonna \(c + 1)", nil) }
    var seed: UInt64 = 0x9E3779B97F4A7C15
    func random() -> UInt64 { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed }
    for r in 1...max(rows, 1) {
        for c in 0..<cols {
            let row = lxw_row_t(r), col = lxw_col_t(c)
            switch c % 4 {
            case 0: worksheet_write_number(sheet, row, col, Double(random() % 100_000), nil)
            case 1: worksheet_write_number(sheet, row, col, Double(random() % 10_000_000) / 100, nil)
            case 2: worksheet_write_string(sheet, row, col, words[Int(random() % UInt64(words.count))], nil)
            default:
                var dt = lxw_datetime(year: 2024, month: Int32(1 + random() % 12), day: Int32(1 + random() % 28), hour: 0, min: 0, sec: 0)
                worksheet_write_datetime(sheet, row, col, &dt, dateFormat)
            }
        }
    }
    let err = workbook_close(workbook)
    if err != LXW_NO_ERROR { fail("libxlsxwriter: \(String(cString: lxw_strerror(err)))") }
}

func read(path: String, sheet: String?) {
    let start = now()
    var cells = 0
    do {
        let book = try XLSXWorkbook(path: path)
        let info = sheet.flatMap { book.sheet(named: $0) } ?? book.sheets.first
        guard let info else { fail("no sheet") }
        let reader = try book.rows(of: info)
        while let row = try reader.nextRow() { cells += row.cells.count }
    } catch {
        fail(error.description)
    }
    let seconds = now() - start
    print("{\"cells\":\(cells),\"seconds\":\(seconds)}")
}

func tallSheet(rows: Int, path: String) {
    guard let book = workbook_new(path) else { fail("cannot create \(path)") }
    let scheda = workbook_add_worksheet(book, "Scheda")
    for (r, (label, value)) in [("Ente", "Comune di Cassano d'Adda"), ("Anno", "2024"), ("Settore", "00"), ("Data di riferimento", "30/06/2024")].enumerated() {
        worksheet_write_string(scheda, lxw_row_t(r), 0, label, nil)
        worksheet_write_string(scheda, lxw_row_t(r), 1, value, nil)
    }
    let sheet = workbook_add_worksheet(book, "Indicatori")
    for (c, h) in ["ID indicatore", "Descrizione", "Valore rilevato", "Note"].enumerated() { worksheet_write_string(sheet, 0, lxw_col_t(c), h, nil) }
    for r in 1...rows {
        worksheet_write_string(sheet, lxw_row_t(r), 0, "99-\(r)", nil)
        worksheet_write_string(sheet, lxw_row_t(r), 1, "riga incollata per errore", nil)
        worksheet_write_number(sheet, lxw_row_t(r), 2, Double(r), nil)
        worksheet_write_string(sheet, lxw_row_t(r), 3, "nota \(r % 97)", nil)
    }
    let fasi = workbook_add_worksheet(book, "Fasi")
    for (c, h) in ["ID obiettivo", "N", "Stato"].enumerated() { worksheet_write_string(fasi, 0, lxw_col_t(c), h, nil) }
    guard workbook_close(book) == LXW_NO_ERROR else { fail("cannot write \(path)") }
}

var args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else { fail("usage: piao-bench generate|read …") }
args.removeFirst()
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    let v = args[i + 1]
    args.removeSubrange(i...(i + 1))
    return v
}
switch command {
case "generate":
    let rows = Int(option("--rows") ?? "100000") ?? 100_000
    let cols = Int(option("--cols") ?? "10") ?? 10
    guard let out = args.first else { fail("generate: missing OUT.xlsx") }
    generate(rows: rows, cols: cols, path: out)
case "tall-sheet":
    // A monitoring workbook of Cassano's settore 00 at 30/06/2024 whose Indicatori
    // sheet has ROWS rows of unknown indicators: the nightly run must read it in
    // flat memory and list a bounded number of its problems.
    let rows = Int(option("--rows") ?? "200000") ?? 200_000
    guard let out = args.first else { fail("tall-sheet: missing OUT.xlsx") }
    tallSheet(rows: rows, path: out)
case "read":
    let sheet = option("--sheet")
    guard let path = args.first else { fail("read: missing FILE") }
    read(path: path, sheet: sheet)
case "national":
    let enti = Int(option("--enti") ?? "1000") ?? 1000
    let plan = option("--plan") ?? "Inputs/piano/piano-2024"
    guard let out = option("--out") else { fail("national: missing --out DIR") }
    do { try NationalRound(enti: enti, out: out, planSource: plan).generate() } catch { fail("national: \(error)") }
case "tape":
    guard let config = option("--config"), let out = option("--out") else { fail("tape: --config CFG --out TAPE") }
    recordTape(config: config, out: out)
case "stages":
    let repeatCount = Int(option("--repeat") ?? "20") ?? 20
    guard let ente = option("--ente") else { fail("stages: missing --ente DIR") }
    StageTimer(ente: ente, repeatCount: repeatCount, outputRoot: option("--out")).run()
default:
    fail("unknown command \(command)")
}
