#!/usr/bin/env python3
"""Generate the tool-written fixtures in ../readers/:

  openpyxl-basic.xlsx              openpyxl
  xlsxwriter-basic.xlsx            XlsxWriter (Python)
  xlsxwriter-constant-memory.xlsx  XlsxWriter constant_memory=True (inline strings)
  libxlsxwriter-basic.xlsx         libxlsxwriter (C), tools/libxlsxwriter_basic.c
  libreoffice-basic.xlsx           LibreOffice Calc, from tools/libreoffice_basic.fods
  libreoffice-roundtrip.xlsx       openpyxl-basic.xlsx re-saved by LibreOffice

The expected JSON of each file is spelled out BY HAND below (the *_EXPECTED
tables).  After writing each file the script reads it back with two
independent readers -- tools/refreader.py (zipfile+ElementTree) and
tools/openpyxl_view.py (openpyxl) -- and refuses to write the
.expected.json unless hand table == refreader == openpyxl.

Needs: /tmp/fixvenv (openpyxl, XlsxWriter), gcc + libxlsxwriter-dev,
soffice (libreoffice-calc-nogui).  Tool-written files embed timestamps, so
re-running gives equivalent, not byte-identical, files.

Usage: /tmp/fixvenv/bin/python make_generated.py [--only NAME]
"""
import datetime
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import refreader  # noqa: E402
import openpyxl_view  # noqa: E402

OUT = os.path.join(HERE, "..", "readers")


def S(name, cells, state="visible"):
    return {"name": name, "state": state,
            "cells": [{"ref": r, "type": t, "value": v} for r, t, v in cells]}


def canon(doc):
    """Comparable form: numbers as floats (0 == -0), everything else as is."""
    def fix(o):
        if isinstance(o, dict):
            return {k: fix(v) for k, v in o.items()}
        if isinstance(o, list):
            return [fix(v) for v in o]
        if isinstance(o, bool):
            return o
        if isinstance(o, (int, float)):
            return float(o) + 0.0
        return o
    return json.dumps(fix(doc), sort_keys=True, ensure_ascii=False, indent=1)


def check_and_write(name, path, expected, openpyxl_ok=True):
    exp = {"sheets": expected}
    ref = refreader.read(path)
    problems = []
    if canon(ref) != canon(exp):
        problems.append(("refreader", ref))
    if openpyxl_ok:
        opx = openpyxl_view.view(path)
        if canon(opx) != canon(exp):
            problems.append(("openpyxl", opx))
    for who, got in problems:
        import difflib
        print("MISMATCH %s: hand table vs %s" % (name, who))
        sys.stdout.writelines(difflib.unified_diff(refreader.dumps(exp).splitlines(1),
                                                   refreader.dumps(got).splitlines(1), "hand", who))
    if problems:
        return False
    with open(os.path.join(OUT, name + ".expected.json"), "w", encoding="utf-8") as f:
        f.write(refreader.dumps(exp))
    print("ok", name, os.path.getsize(path))
    return True


# ---------------------------------------------------------------- openpyxl
OPENPYXL_EXPECTED = [
    S("Dati", [
        ("A1", "string", "Città"), ("B1", "string", "Prezzo €"), ("C1", "string", "Note"), ("D1", "string", "Data"),
        ("A2", "string", "Forlì"), ("B2", "number", 12), ("C2", "string", "l'unico & <ottimo> \"doc\""),
        ("D2", "date", "2024-02-29"),
        ("A3", "string", "Perché sì"), ("B3", "number", -3.75), ("C3", "string", "à è ì ò ù € ß"),
        ("D3", "date", "2023-12-31T23:59:59"),
        ("A4", "string", "Sconto"), ("B4", "number", 0.7), ("C4", "boolean", True),
        ("D4", "date", "1999-12-31T12:30:00"),
        ("A5", "string", "Grande"), ("B5", "number", 1234567890), ("C5", "boolean", False),
        ("D5", "date", "2020-01-01"),
        ("A6", "string", "Pi"), ("B6", "number", 3.14159), ("C6", "string", "  spazi  "),
        ("D6", "date", "2024-03-15T08:05:00"),
        ("A7", "string", "Totale"), ("B7", "formula", "SUM(B2:B6)"), ("C7", "formula", 'IF(B2>10,"alto","basso")'),
    ]),
    S("Nascosto", [("A1", "string", "nascosto"), ("B2", "number", 7), ("C3", "date", "1970-01-01")], "hidden"),
]


def make_openpyxl(path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dati"
    ws.append(["Città", "Prezzo €", "Note", "Data"])
    ws.append(["Forlì", 12, "l'unico & <ottimo> \"doc\"", datetime.date(2024, 2, 29)])
    ws.append(["Perché sì", -3.75, "à è ì ò ù € ß", datetime.datetime(2023, 12, 31, 23, 59, 59)])
    ws.append(["Sconto", 0.7, True, datetime.datetime(1999, 12, 31, 12, 30)])
    ws.append(["Grande", 1234567890, False, datetime.date(2020, 1, 1)])
    ws.append(["Pi", 3.14159, "  spazi  ", datetime.datetime(2024, 3, 15, 8, 5)])
    ws.append(["Totale", "=SUM(B2:B6)", '=IF(B2>10,"alto","basso")'])
    ws["D2"].number_format = "dd/mm/yyyy"
    ws["D3"].number_format = "dd/mm/yyyy hh:mm:ss"
    ws["D4"].number_format = "[$-410]d mmmm yyyy h:mm"
    # D5 keeps openpyxl's default date format (yyyy-mm-dd)
    ws["D6"].number_format = "dddd d \"di\" mmmm, hh:mm"
    ws["B4"].number_format = "0%"
    ws["B3"].number_format = "[Red]0.00"
    ws["B5"].number_format = "#,##0"
    h = wb.create_sheet("Nascosto")
    h["A1"] = "nascosto"
    h["B2"] = 7
    h["C3"] = datetime.date(1970, 1, 1)
    h.sheet_state = "hidden"
    wb.save(path)


# -------------------------------------------------------------- XlsxWriter
XLSXWRITER_EXPECTED = [
    S("Foglio1", [
        ("A1", "string", "Descrizione"), ("B1", "string", "Valore"),
        ("A2", "string", "intero"), ("B2", "number", 42),
        ("A3", "string", "decimale negativo"), ("B3", "number", -0.001),
        ("A4", "string", "percentuale"), ("B4", "number", 0.7),
        ("A5", "string", "data"), ("B5", "date", "2024-02-29"),
        ("A6", "string", "data e ora"), ("B6", "date", "2023-06-30T14:15:16"),
        ("A7", "string", "booleano"), ("B7", "boolean", True), ("C7", "boolean", False),
        ("A8", "string", "formula con valore"), ("B8", "number", 84),
        ("A9", "string", "formula senza valore"), ("B9", "number", 0),
        ("A10", "string", "formula stringa"), ("B10", "string", "ciao mondo"),
        ("A11", "string", "formula errore"), ("B11", "error", "#DIV/0!"), ("C11", "error", "#N/A"),
        ("A12", "string", "formula booleana"), ("B12", "boolean", True),
        ("A13", "string", "formula data"), ("B13", "date", "2024-01-01"),
        ("A14", "string", "rich text"), ("B14", "string", "grassetto e corsivo"),
        ("A15", "string", "url"), ("B15", "string", "https://example.com/?a=1&b=2"),
        ("A16", "string", "entità & <tag> \"virgolette\" l'apostrofo"), ("B16", "string", "a capo\nseconda riga"),
        ("A17", "string", "non una data"), ("B17", "number", 45000),
        ("A18", "string", "ora"), ("B18", "date", "2024-05-01T09:30:00"),
    ]),
    S("Nascosto", [("A1", "string", "hidden"), ("C2", "number", 3)], "hidden"),
    S("Segreto", [("A1", "string", "very hidden")], "veryHidden"),
]


def make_xlsxwriter(path, constant_memory=False):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path, {"constant_memory": constant_memory})
    ws = wb.add_worksheet("Foglio1")
    bold = wb.add_format({"bold": True})
    dmy = wb.add_format({"num_format": "dd/mm/yyyy"})
    dt = wb.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    pct = wb.add_format({"num_format": "0%"})
    notdate = wb.add_format({"num_format": '"giorno "0'})
    tm = wb.add_format({"num_format": "hh:mm AM/PM"})
    italic = wb.add_format({"italic": True})
    ws.write_string(0, 0, "Descrizione", bold)
    ws.write_string(0, 1, "Valore", bold)
    ws.write(1, 0, "intero"); ws.write_number(1, 1, 42)
    ws.write(2, 0, "decimale negativo"); ws.write_number(2, 1, -0.001)
    ws.write(3, 0, "percentuale"); ws.write_number(3, 1, 0.7, pct)
    ws.write(4, 0, "data"); ws.write_datetime(4, 1, datetime.date(2024, 2, 29), dmy)
    ws.write(5, 0, "data e ora"); ws.write_datetime(5, 1, datetime.datetime(2023, 6, 30, 14, 15, 16), dt)
    ws.write(6, 0, "booleano"); ws.write_boolean(6, 1, True); ws.write_boolean(6, 2, False)
    ws.write(7, 0, "formula con valore"); ws.write_formula(7, 1, "=B2*2", None, 84)
    ws.write(8, 0, "formula senza valore"); ws.write_formula(8, 1, "=B2*3")  # XlsxWriter caches 0
    ws.write(9, 0, "formula stringa"); ws.write_formula(9, 1, '="ciao "&"mondo"', None, "ciao mondo")
    ws.write(10, 0, "formula errore"); ws.write_formula(10, 1, "=1/0", None, "#DIV/0!")
    ws.write_formula(10, 2, "=NA()", None, "#N/A")
    ws.write(11, 0, "formula booleana"); ws.write_formula(11, 1, "=B2>1", None, True)
    ws.write(12, 0, "formula data"); ws.write_formula(12, 1, "=DATE(2024,1,1)", dmy, 45292)
    ws.write(13, 0, "rich text"); ws.write_rich_string(13, 1, bold, "grassetto", " e ", italic, "corsivo")
    ws.write(14, 0, "url"); ws.write_url(14, 1, "https://example.com/?a=1&b=2")
    ws.write(15, 0, "entità & <tag> \"virgolette\" l'apostrofo"); ws.write_string(15, 1, "a capo\nseconda riga")
    ws.write(16, 0, "non una data"); ws.write_number(16, 1, 45000, notdate)
    ws.write(17, 0, "ora"); ws.write_datetime(17, 1, datetime.datetime(2024, 5, 1, 9, 30), tm)
    ws.write_blank(18, 0, None, bold)      # formatted blank cell -> omitted
    ws.write_string(18, 1, "")              # XlsxWriter writes an empty string as a blank -> omitted
    h = wb.add_worksheet("Nascosto")
    h.write(0, 0, "hidden"); h.write(1, 2, 3)
    h.hide()
    v = wb.add_worksheet("Segreto")
    v.write(0, 0, "very hidden")
    v.very_hidden()
    wb.close()


# ---------------------------------------------------------- libxlsxwriter
LIBXLSXWRITER_EXPECTED = [
    S("Magazzino", [
        ("A1", "string", "Articolo"), ("B1", "string", "Quantità"), ("C1", "string", "Prezzo €"), ("D1", "string", "Arrivo"),
        ("A2", "string", "Caffè d'orzo & <latte>"), ("B2", "number", 12), ("C2", "number", 3.5), ("D2", "date", "2024-02-29"),
        ("A3", "string", "Biscotti"), ("B3", "number", -4), ("C3", "number", 0.125), ("D3", "date", "2023-12-31T23:59:59"),
        ("A4", "string", "Totale"), ("B4", "number", 8), ("C4", "number", 41.5), ("D4", "string", "fine Biscotti"),
        ("A5", "boolean", True), ("B5", "boolean", False), ("C5", "number", 0.25), ("D5", "date", "2000-01-01"),
        ("A6", "number", 1234567890123), ("B6", "number", 1e-7), ("C6", "number", 0),
    ]),
    S("Nascosto", [("A1", "string", "segreto"), ("E10", "number", 42)], "hidden"),
]


def make_libxlsxwriter(path):
    exe = os.path.join(tempfile.mkdtemp(), "libxlsxwriter_basic")
    flags = subprocess.check_output(["pkg-config", "--cflags", "--libs", "xlsxwriter"], text=True).split()
    subprocess.check_call(["gcc", "-Wall", "-o", exe, os.path.join(HERE, "libxlsxwriter_basic.c")] + flags)
    subprocess.check_call([exe, path])


# ------------------------------------------------------------- LibreOffice
def soffice_convert(src, outdir, fmt="xlsx:Calc MS Excel 2007 XML"):
    os.makedirs(outdir, exist_ok=True)
    subprocess.check_call(["soffice", "--headless", "--norestore",
                           "-env:UserInstallation=file:///tmp/piao_fixtures_lo_profile",
                           "--convert-to", fmt, "--outdir", outdir, src],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


LIBREOFFICE_EXPECTED = [
    S("Vendite", [
        ("A1", "string", "Prodotto"), ("B1", "string", "Quantità"), ("C1", "string", "Prezzo"),
        ("D1", "string", "Data"), ("E1", "string", "Note"),
        ("A2", "string", "Caffè"), ("B2", "number", 3), ("C2", "number", 2.5), ("D2", "date", "2024-02-29"),
        ("E2", "string", "l'ottimo & <buono>"),
        ("A3", "string", "Tè verde"), ("B3", "number", -1), ("C3", "number", 0.7), ("D3", "date", "2023-12-31T23:59:59"),
        ("E3", "boolean", True),
        ("A4", "string", "Doppio"), ("B4", "number", 6), ("C4", "error", "#DIV/0!"), ("D4", "string", "Caffè kg"),
        ("E4", "boolean", False),
        ("A5", "string", "Somma"), ("B5", "number", 2), ("C5", "number", 3.2), ("D5", "date", "2024-03-30"),
        ("E5", "error", "#N/A"),
    ]),
    S("Nascosta", [("A1", "string", "riservato"), ("B2", "number", 1e-3)], "hidden"),
]

def make_libreoffice(path):
    tmp = tempfile.mkdtemp()
    soffice_convert(os.path.join(HERE, "libreoffice_basic.fods"), tmp)
    shutil.move(os.path.join(tmp, "libreoffice_basic.xlsx"), path)


def make_libreoffice_roundtrip(path):
    tmp = tempfile.mkdtemp()
    src = os.path.join(tmp, "src", "openpyxl-basic.xlsx")
    os.makedirs(os.path.dirname(src))
    shutil.copy(os.path.join(OUT, "openpyxl-basic.xlsx"), src)
    soffice_convert(src, os.path.join(tmp, "out"))
    shutil.move(os.path.join(tmp, "out", "openpyxl-basic.xlsx"), path)


def roundtrip_expected():
    """openpyxl-basic re-saved by LibreOffice: same content, but LibreOffice
    recalculates the two formulas and stores their results."""
    sheets = json.loads(json.dumps(OPENPYXL_EXPECTED))
    for c in sheets[0]["cells"]:
        if c["ref"] == "B7":
            # 12 - 3.75 + 0.7 + 1234567890 + 3.14159 = 1234567902.0915902 in
            # doubles; LibreOffice writes it rounded to 15 significant digits
            c.update(type="number", value=1234567902.09159)
        if c["ref"] == "C7":
            c.update(type="string", value="alto")
    return sheets


JOBS = {
    "openpyxl-basic": (make_openpyxl, lambda: OPENPYXL_EXPECTED),
    "xlsxwriter-basic": (make_xlsxwriter, lambda: XLSXWRITER_EXPECTED),
    "xlsxwriter-constant-memory": (lambda p: make_xlsxwriter(p, True), lambda: XLSXWRITER_EXPECTED),
    "libxlsxwriter-basic": (make_libxlsxwriter, lambda: LIBXLSXWRITER_EXPECTED),
    "libreoffice-basic": (make_libreoffice, lambda: LIBREOFFICE_EXPECTED),
    "libreoffice-roundtrip": (make_libreoffice_roundtrip, roundtrip_expected),
}


def main():
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    ok = True
    for name, (make, expected) in JOBS.items():
        if only and name != only:
            continue
        path = os.path.join(OUT, name + ".xlsx")
        make(path)
        ok &= check_and_write(name, path, expected())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
