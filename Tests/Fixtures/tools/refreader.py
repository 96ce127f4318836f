#!/usr/bin/env python3
"""Independent reference reader implementing the `piao inspect --json` contract.

Standard library only (zipfile + ElementTree).  It exists to cross-check the
expected JSON of every fixture in ../readers/; it is NOT the reader under test.

Contract (see readers/README.md):
  {"sheets":[{"name","state","cells":[{"ref","type","value"}]}]}
  - sheets in <sheet> order of xl/workbook.xml; cells row-major; empty cells
    and empty strings omitted;
  - shared strings: rich runs joined, <rPh> phonetic runs ignored;
  - dates: style numFmt 14-22, 45-47 or a custom code with d/m/y/h/s tokens
    outside "quotes", \\escapes, [brackets] (and _x / *x fillers);
  - 1900 system: serial 1 = 1900-01-01, base 1899-12-30 for serial >= 61;
    1904 system: serial 0 = 1904-01-01; rounded to the nearest second;
  - formula with cached value -> cached type; without -> {"type":"formula"}.

Usage: refreader.py FILE.xlsx   (prints the JSON)
"""
import datetime
import json
import math
import posixpath
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def local(tag):
    return tag.rsplit("}", 1)[-1]


def children(el, name):
    return [c for c in el if local(c.tag) == name]


def child(el, name):
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def attr_local(el, name):
    """Attribute by local name, whatever its namespace (r:id etc)."""
    for k, v in el.attrib.items():
        if local(k) == name:
            return v
    return None


def resolve(base_dir, target):
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base_dir, target))


def parse(data):
    """ElementTree parse that refuses any DTD (DOCTYPE/ENTITY), like piao."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError("DTD refused")
    return ET.fromstring(data)


def read_rels(z, part):
    d, f = posixpath.split(part)
    relpath = posixpath.join(d, "_rels", f + ".rels")
    out = {}
    if relpath not in z.namelist():
        return out
    root = parse(z.read(relpath))
    for r in root:
        if r.get("TargetMode") == "External":
            continue
        out[r.get("Id")] = (r.get("Type"), resolve(d, r.get("Target")))
    return out


def text_of_si(si):
    """Concatenate <t> and <r><t>; skip <rPh> phonetic runs."""
    parts = []
    for c in si:
        n = local(c.tag)
        if n == "t":
            parts.append(c.text or "")
        elif n == "r":
            t = child(c, "t")
            if t is not None:
                parts.append(t.text or "")
    return "".join(parts)


BUILTIN_DATE_IDS = set(range(14, 23)) | {45, 46, 47}


def is_date_code(code):
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        if ch == '"':
            j = code.find('"', i + 1)
            i = n if j < 0 else j + 1
            continue
        if ch == "\\" or ch in "_*":
            i += 2
            continue
        if ch == "[":
            j = code.find("]", i + 1)
            i = n if j < 0 else j + 1
            continue
        if ch.lower() in "dmyhs":
            return True
        i += 1
    return False


def col_to_num(letters):
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


def num_to_col(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def serial_to_iso(serial, date1904):
    total = round(serial * 86400)
    days, secs = divmod(total, 86400)
    if date1904:
        base = datetime.datetime(1904, 1, 1)
    elif days >= 61:
        base = datetime.datetime(1899, 12, 30)
    else:
        base = datetime.datetime(1899, 12, 31)
    dt = base + datetime.timedelta(days=days, seconds=secs)
    if secs == 0:
        return dt.strftime("%Y-%m-%d")
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def parse_number(s):
    v = float(s.strip())
    if math.isinf(v) or math.isnan(v):
        raise ValueError("non-finite number %r" % s)
    return v


def read(path):
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    wb_part = "xl/workbook.xml"
    root_rels = read_rels(z, "")
    for typ, tgt in root_rels.values():
        if typ.endswith("/officeDocument"):
            wb_part = tgt
    wb = parse(z.read(wb_part))
    rels = read_rels(z, wb_part)
    pr = child(wb, "workbookPr")
    date1904 = pr is not None and pr.get("date1904") in ("1", "true")

    sst = []
    styles_xf = []
    custom = {}
    for typ, tgt in rels.values():
        if typ.endswith("/sharedStrings") and tgt in names:
            sst = [text_of_si(si) for si in children(parse(z.read(tgt)), "si")]
        elif typ.endswith("/styles") and tgt in names:
            st = parse(z.read(tgt))
            nf = child(st, "numFmts")
            if nf is not None:
                for f in children(nf, "numFmt"):
                    custom[int(f.get("numFmtId"))] = f.get("formatCode")
            xfs = child(st, "cellXfs")
            if xfs is not None:
                styles_xf = [int(x.get("numFmtId", "0")) for x in children(xfs, "xf")]

    def is_date_style(s):
        if s is None or int(s) >= len(styles_xf):
            return False
        fid = styles_xf[int(s)]
        if fid in custom:
            return is_date_code(custom[fid])
        return fid in BUILTIN_DATE_IDS

    out = []
    for sh in children(child(wb, "sheets"), "sheet"):
        rid = attr_local(sh, "id")
        part = rels[rid][1]
        ws = parse(z.read(part))
        cells = []
        prev_row = 0
        for row in children(child(ws, "sheetData"), "row"):
            rnum = int(row.get("r")) if row.get("r") else prev_row + 1
            prev_row = rnum
            prev_col = 0
            for c in children(row, "c"):
                ref = c.get("r")
                if ref:
                    m = re.fullmatch(r"([A-Za-z]+)(\d+)", ref)
                    col = col_to_num(m.group(1))
                    assert int(m.group(2)) == rnum, ref
                else:
                    col = prev_col + 1
                prev_col = col
                if rnum > 1048576 or col > 16384:
                    raise ValueError("cell reference beyond XFD1048576")
                ref = num_to_col(col) + str(rnum)
                t = c.get("t", "n")
                v = child(c, "v")
                f = child(c, "f")
                vt = None if v is None else (v.text or "")
                cell = None
                if t == "inlineStr":
                    isel = child(c, "is")
                    if isel is not None:
                        s = text_of_si(isel)
                        if s != "":
                            cell = ("string", s)
                    elif f is not None:
                        cell = ("formula", f.text or "")
                elif vt is None or (vt == "" and f is not None):
                    # absent or empty <v/> (openpyxl writes <f>..</f><v/>) =
                    # no cached value
                    if f is not None:
                        cell = ("formula", f.text or "")
                elif t == "s":
                    idx = int(vt)
                    if not 0 <= idx < len(sst):
                        raise IndexError("shared string index %d out of range" % idx)
                    s = sst[idx]
                    if s != "":
                        cell = ("string", s)
                elif t == "str":
                    if vt != "":
                        cell = ("string", vt)
                elif t == "b":
                    cell = ("boolean", vt.strip() in ("1", "true"))
                elif t == "e":
                    cell = ("error", vt)
                elif t == "n":
                    if vt.strip() == "":
                        cell = None
                    else:
                        num = parse_number(vt)
                        if is_date_style(c.get("s")):
                            cell = ("date", serial_to_iso(num, date1904))
                        else:
                            cell = ("number", num)
                else:
                    raise ValueError("unsupported cell type %r" % t)
                if cell is not None:
                    cells.append({"ref": ref, "type": cell[0], "value": cell[1]})
        out.append({"name": sh.get("name"), "state": sh.get("state", "visible"), "cells": cells})
    return {"sheets": out}


def normalize_number(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 53 and not (v == 0 and math.copysign(1, v) < 0):
        return int(v)
    return v


def dumps(doc):
    """Canonical pretty JSON used for every *.expected.json file."""
    def fix(o):
        if isinstance(o, dict):
            return {k: fix(v) for k, v in o.items()}
        if isinstance(o, list):
            return [fix(v) for v in o]
        if isinstance(o, bool):
            return o
        if isinstance(o, (int, float)):
            return normalize_number(float(o))
        return o
    doc = fix(doc)
    lines = ['{"sheets": [']
    for i, sh in enumerate(doc["sheets"]):
        head = json.dumps({"name": sh["name"], "state": sh["state"]}, ensure_ascii=False)[:-1]
        lines.append("  " + head + ', "cells": [')
        for j, c in enumerate(sh["cells"]):
            lines.append("    " + json.dumps(c, ensure_ascii=False) + ("," if j < len(sh["cells"]) - 1 else ""))
        lines.append("  ]}" + ("," if i < len(doc["sheets"]) - 1 else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(dumps(read(sys.argv[1])))
