#!/usr/bin/env python3
"""STAND-IN for `.build/release/piao-bench`, used only while it does not exist.

Same command line as the real tool:
  piao_bench_standin.py generate --rows R --cols C OUT.xlsx
  piao_bench_standin.py read FILE [--sheet NAME]

`generate` writes the same shape with Python XlsxWriter (needs the bench venv):
a header row, then R rows x C columns cycling through integer, decimal,
repeated short string and date columns.
`read` is a naive Python-stdlib streaming reader (zipfile + iterparse) that
counts non-empty cells of the first (or named) sheet and prints
{"cells":N,"seconds":S}. Its figures say nothing about piao's reader; they only
exercise the harness.
"""
import argparse
import datetime
import json
import posixpath
import sys
import time
import zipfile
import xml.etree.ElementTree as ET

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]


def generate(rows: int, cols: int, out: str) -> None:
    import xlsxwriter  # only in the bench venv

    # Default mode, so repeated strings go to the shared-strings table as most
    # writers (and Excel) do.
    wb = xlsxwriter.Workbook(out)
    ws = wb.add_worksheet("Data")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for c in range(cols):
        ws.write_string(0, c, f"col{c + 1}")
    base = datetime.date(2000, 1, 1)
    for r in range(1, rows + 1):
        for c in range(cols):
            kind = c % 4
            if kind == 0:
                ws.write_number(r, c, r * cols + c)
            elif kind == 1:
                ws.write_number(r, c, (r * 31 + c) / 8.0 + 0.125)
            elif kind == 2:
                ws.write_string(r, c, WORDS[(r + c) % len(WORDS)])
            else:
                d = base + datetime.timedelta(days=(r * 7 + c) % 9000)
                ws.write_datetime(r, c, datetime.datetime(d.year, d.month, d.day), date_fmt)
    wb.close()


def sheet_part(zf: zipfile.ZipFile, name):
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    sheets = wb.findall(f"{{{NS_MAIN}}}sheets/{{{NS_MAIN}}}sheet")
    if not sheets:
        raise SystemExit("no sheets")
    sheet = sheets[0]
    if name is not None:
        matches = [s for s in sheets if s.get("name") == name]
        if not matches:
            raise SystemExit(f"no sheet named {name!r}")
        sheet = matches[0]
    rid = sheet.get(f"{{{NS_REL}}}id")
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.findall(f"{{{NS_PKG_REL}}}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target")
            if target.startswith("/"):
                return target[1:]
            return posixpath.normpath(posixpath.join("xl", target))
    raise SystemExit("sheet relationship not found")


def read(path: str, name) -> None:
    t0 = time.perf_counter()
    cells = 0
    c_tag, v_tag, is_tag, row_tag = (f"{{{NS_MAIN}}}{t}" for t in ("c", "v", "is", "row"))
    with zipfile.ZipFile(path) as zf:
        part = sheet_part(zf, name)
        with zf.open(part) as fh:
            for _event, el in ET.iterparse(fh, events=("end",)):
                if el.tag == c_tag:
                    v = el.find(v_tag)
                    if (v is not None and v.text) or el.find(is_tag) is not None:
                        cells += 1
                elif el.tag == row_tag:
                    el.clear()
    seconds = time.perf_counter() - t0
    print(json.dumps({"cells": cells, "seconds": round(seconds, 6)}, separators=(",", ":")))


def main() -> int:
    ap = argparse.ArgumentParser(prog="piao-bench (stand-in)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--rows", type=int, required=True)
    g.add_argument("--cols", type=int, required=True)
    g.add_argument("out")
    r = sub.add_parser("read")
    r.add_argument("file")
    r.add_argument("--sheet")
    args = ap.parse_args()
    if args.cmd == "generate":
        generate(args.rows, args.cols, args.out)
    else:
        read(args.file, args.sheet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
