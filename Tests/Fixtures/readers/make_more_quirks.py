#!/usr/bin/env python3
"""Generate the fixtures for four reader defects (found on calamine's and POI's
test files): ST_Xstring `_xHHHH_` escapes, ISO 8601 `t="d"` cells (also time
only), ZIP data descriptors, and part names repeated up to case.

Writes, next to this script (readers/) and in ../hostile/:

  readers/xstring-escapes.xlsx           _x000D_, _x000d_, _x0001_, _x005F_…, non-escapes, rich runs, inline
  readers/iso-date-cells.xlsx            t="d": date, date+time, time only, fractions, zones, small dates
  readers/iso-date-cells-1904.xlsx       the same forms in the 1904 date system
  readers/data-descriptor-python.xlsx    errors-and-bools.xlsx re-zipped by zipfile onto a non-seekable stream
  readers/data-descriptor-infozip.xlsx   the same re-zipped by Info-ZIP `zip -X - … | cat` (= `zip -fd`)
  hostile/duplicate-part.xlsx            xl/worksheets/sheet1.xml twice
  hostile/duplicate-part-case.xlsx       xl/worksheets/sheet1.xml and xl/worksheets/Sheet1.xml
  hostile/bad-iso-date.xlsx              B1 is <c t="d"><v>30/06/2024</v></c>

Each expected JSON is the hand table below (never computed from the file).
It reuses the package helpers of ../tools/make_quirks.py (imported, unchanged)
and, with --check (default), compares every reader fixture with openpyxl
(tools/openpyxl_view.py) and prints where openpyxl differs and why.

Usage:  python3 make_more_quirks.py            (stdlib + `zip`; openpyxl for the check)
        /tmp/fixvenv/bin/python make_more_quirks.py
Byte-reproducible, except that the Info-ZIP file depends on the zip version (3.0).
"""
import calendar
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, "..", "tools")
HOSTILE = os.path.join(HERE, "..", "hostile")
sys.path.insert(0, TOOLS)
_argv, sys.argv = sys.argv, sys.argv[:1]  # make_quirks reads sys.argv at import
import make_quirks as mq  # noqa: E402
import refreader  # noqa: E402
sys.argv = _argv

S, sheet, simple_book, write_zip = mq.S, mq.sheet, mq.simple_book, mq.write_zip

READERS = []   # (name, parts or None, expected sheets, builder or None)
HOSTILES = []  # (name, parts)


# --------------------------------------------------------------------------
# 1. ST_Xstring escapes
def xstring_escapes():
    items = [
        "<t>riga 1_x000D_\nriga 2</t>",                       # Excel's CR LF: escaped CR + literal LF
        "<t>a_x000d_b</t>",                                   # lower-case hex
        "<t>ctrl_x0001_x_x001F_</t>",                          # control characters
        "<t>_x005F_x000D_</t>",                                # escaped underscore: the literal text _x000D_
        "<t>_x005F_ e _x005f_x005F_</t>",                       # "_", then the literal _x005F_
        "<t>_x000D _x00D_ _X000D_ _x000G_ x000D_ _x000D</t>",   # not escapes: all literal
        "<t>_x0041__x0042_ __x0043__</t>",                      # adjacent escapes; underscores around one
        "<t>_x00E8_ _x20AC_ _x597D_</t>",                       # any BMP code unit, not only _x00HH_
        "<t>_xD83D__xDE00_ e _xD83D_ da solo</t>",              # surrogate pair → 😀; a lone surrogate stays
        '<r><rPr><b/></rPr><t>uno_x000D_</t></r><r><t xml:space="preserve">&#10;due</t></r>'
        '<rPh sb="0" eb="1"><t>_x0041_</t></rPh>',              # rich runs; the phonetic run is left out
        "<r><t>_x00</t></r><r><t>41_</t></r>",                  # an "escape" split over two runs is not one
        "<t>&#95;x0041_ &amp;_x0026_</t>",                      # decoded after the XML: &#95; is an underscore
    ]
    cells = "".join('<c r="%s1" t="s"><v>%d</v></c>' % (chr(65 + i), i) for i in range(len(items)))
    row2 = ('<c r="A2" t="inlineStr"><is><t>in linea_x000D_\nsì</t></is></c>'
            '<c r="B2" t="inlineStr"><is><r><t>_x005F_x000D_</t></r><r><t>_x0009_fine</t></r></is></c>'
            '<c r="C2" t="str"><f>"a"&amp;CHAR(13)</f><v>a_x000D_</v></c>'
            '<c r="D2" t="inlineStr"><is><t>_x005f_</t></is></c>')
    s1 = sheet('<row r="1">%s</row><row r="2">%s</row>' % (cells, row2))
    parts = simple_book([("Escapes", None, s1)], sst_items=items)
    exp = [S("Escapes", [
        ("A1", "string", "riga 1\r\nriga 2"),
        ("B1", "string", "a\rb"),
        ("C1", "string", "ctrl\x01x\x1f"),
        ("D1", "string", "_x000D_"),
        ("E1", "string", "_ e _x005F_"),
        ("F1", "string", "_x000D _x00D_ _X000D_ _x000G_ x000D_ _x000D"),
        ("G1", "string", "AB _C_"),
        ("H1", "string", "\u00e8 \u20ac \u597d"),
        ("I1", "string", "\U0001F600 e _xD83D_ da solo"),
        ("J1", "string", "uno\r\ndue"),
        ("K1", "string", "_x0041_"),
        ("L1", "string", "A &&"),
        ("A2", "string", "in linea\r\ns\u00ec"),
        ("B2", "string", "_x000D_\tfine"),
        ("C2", "string", "a_x000D_"),       # t="str" (a formula's cached text) is not decoded: see README
        ("D2", "string", "_"),
    ])]
    return parts, exp


# --------------------------------------------------------------------------
# 2. t="d" cells
ISO_ROWS_TEXT = {}


def iso_dates(is1904):
    day0 = "1904-01-01" if is1904 else "1899-12-31"
    rows = [
        # (value text, expected ISO of `piao inspect`)
        ("2024-06-30", "2024-06-30"),
        ("2024-06-30T10:10:10", "2024-06-30T10:10:10"),
        ("10:10:10", day0 + "T10:10:10"),                       # a time of day alone: on day 0
        ("10:10:10.25", day0 + "T10:10:10"),                    # fractions round to the second
        ("2024-06-30T10:10:10.75", "2024-06-30T10:10:11"),
        ("2024-06-30 08:30", "2024-06-30T08:30:00"),            # space for T, no seconds
        ("T23:59", day0 + "T23:59:00"),
        ("2024-02-29", "2024-02-29"),
        ("2024-06-30T10:10:10Z", "2024-06-30T10:10:10"),        # a zone is ignored: wall-clock time
        ("2024-06-30T10:10:10+02:00", "2024-06-30T10:10:10"),
        ("  2024-06-30\n ", "2024-06-30"),                      # surrounding white space
        ("00:00:00", day0),                                      # midnight alone: day 0 with no time part
        ("9999-12-31T23:59:59", "9999-12-31T23:59:59"),
    ]
    if is1904:
        rows += [("1904-01-01", "1904-01-01"), ("1904-01-02T06:00:00", "1904-01-02T06:00:00")]
    else:
        rows += [("1900-01-01", "1900-01-01"), ("1900-02-28T12:00:00", "1900-02-28T12:00:00"),
                 ("1900-03-01", "1900-03-01")]
    ISO_ROWS_TEXT[is1904] = [v for v, _ in rows]
    xml = "".join('<row r="%d"><c r="A%d" t="d"><v>%s</v></c></row>' % (i + 1, i + 1, v) for i, (v, _) in enumerate(rows))
    n = len(rows)
    # A t="d" formula result, a styled t="d" cell (the style does not matter), an empty t="d" cell (omitted).
    xml += ('<row r="%d"><c r="A%d" t="d"><f>DATE(2024,6,30)</f><v>2024-06-30</v></c>'
            '<c r="B%d" s="1" t="d"><v>2024-06-30T12:00:00</v></c><c r="C%d" t="d"><v></v></c></row>' % (n + 1, n + 1, n + 1, n + 1))
    pr = '<workbookPr date1904="1"/>' if is1904 else ""
    name = "ISO 1904" if is1904 else "ISO"
    parts = simple_book([(name, None, sheet(xml))], styles_xml=mq.styles({}, [0, 14]), pr=pr)
    cells = [("A%d" % (i + 1), "date", e) for i, (_, e) in enumerate(rows)]
    cells += [("A%d" % (n + 1), "date", "2024-06-30"), ("B%d" % (n + 1), "date", "2024-06-30T12:00:00")]
    return parts, [S(name, cells)]


# --------------------------------------------------------------------------
# 3. data descriptors (general purpose bit 3)
SOURCE = os.path.join(HERE, "errors-and-bools.xlsx")


class _NonSeekable(io.RawIOBase):
    """A write-only stream without seek/tell-back: zipfile then writes a data descriptor."""
    def __init__(self, f):
        self.f, self.n = f, 0

    def writable(self):
        return True

    def seekable(self):
        return False

    def write(self, b):
        self.f.write(b)
        self.n += len(b)
        return len(b)

    def tell(self):
        return self.n


def rezip_python(path):
    src = zipfile.ZipFile(SOURCE)
    with open(path, "wb") as f, zipfile.ZipFile(_NonSeekable(f), "w", zipfile.ZIP_DEFLATED) as z:
        for i in src.infolist():
            zi = zipfile.ZipInfo(i.filename, i.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            with z.open(zi, "w") as w:
                w.write(src.read(i))


def rezip_infozip(path):
    """`zip -X - files | cat`: zip writes to a pipe, so it cannot seek back and
    sets bit 3; its local headers keep the uncompressed size (CRC and
    compressed size 0), which libzip's ZIP_CHECKCONS refused."""
    if shutil.which("zip") is None:
        sys.exit("make_more_quirks: Info-ZIP `zip` is needed (apt-get install zip)")
    src = zipfile.ZipFile(SOURCE)
    with tempfile.TemporaryDirectory() as tmp:
        names = [i.filename for i in src.infolist()]
        for i in src.infolist():
            p = os.path.join(tmp, i.filename)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(src.read(i))
            t = calendar.timegm(i.date_time + (0, 0, 0))
            os.utime(p, (t, t))
        zipped = subprocess.run(["zip", "-q", "-X", "-", *names], cwd=tmp, check=True,
                                stdout=subprocess.PIPE, env=dict(os.environ, TZ="UTC")).stdout
    with open(path, "wb") as f:
        f.write(zipped)


def errors_and_bools_expected():
    return json.load(open(os.path.join(HERE, "errors-and-bools.expected.json"), encoding="utf-8"))["sheets"]


# --------------------------------------------------------------------------
# 4. hostile: repeated part names, an unparsable t="d"
def hostile_duplicates(second_name):
    parts = simple_book([("Foglio1", None, sheet('<row r="1"><c r="A1"><v>1</v></c></row>'))])
    parts.append((second_name, sheet('<row r="1"><c r="A1"><v>2</v></c></row>')))
    return parts


def hostile_bad_date():
    return simple_book([("Date", None, sheet(
        '<row r="1"><c r="A1" t="d"><v>2024-06-30</v></c><c r="B1" t="d"><v>30/06/2024</v></c></row>'))])


# --------------------------------------------------------------------------
def write_readers():
    out = []
    p, e = xstring_escapes()
    out.append(("xstring-escapes", lambda path, p=p: write_zip(path, p), e))
    for is1904 in (False, True):
        p, e = iso_dates(is1904)
        out.append(("iso-date-cells" + ("-1904" if is1904 else ""), lambda path, p=p: write_zip(path, p), e))
    out.append(("data-descriptor-python", rezip_python, errors_and_bools_expected()))
    out.append(("data-descriptor-infozip", rezip_infozip, errors_and_bools_expected()))
    for name, build, expected in out:
        path = os.path.join(HERE, name + ".xlsx")
        build(path)
        with open(os.path.join(HERE, name + ".expected.json"), "w", encoding="utf-8") as f:
            f.write(refreader.dumps({"sheets": expected}))
        print("ok", name, os.path.getsize(path))
    return [n for n, _, _ in out]


def write_hostile():
    import warnings
    warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, as it should
    for name, parts in [("duplicate-part", hostile_duplicates("xl/worksheets/sheet1.xml")),
                        ("duplicate-part-case", hostile_duplicates("xl/worksheets/Sheet1.xml")),
                        ("bad-iso-date", hostile_bad_date())]:
        path = os.path.join(HOSTILE, name + ".xlsx")
        write_zip(path, parts)
        print("ok", "hostile/" + name, os.path.getsize(path))


def probe_iso(openpyxl_view, is1904):
    """openpyxl refuses the whole workbook when one t="d" value does not
    parse: try each value in a workbook of its own."""
    _, exp = iso_dates(is1904)
    for cell in exp[0]["cells"]:
        ref = cell["ref"]
        if not ref.startswith("A") or cell is exp[0]["cells"][-2]:
            continue
        row = int(ref[1:])
        text = ISO_ROWS_TEXT[is1904][row - 1]
        one = simple_book([("ISO", None, sheet('<row r="1"><c r="A1" t="d"><v>%s</v></c></row>' % text))],
                          pr='<workbookPr date1904="1"/>' if is1904 else "")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "one.xlsx")
            write_zip(path, one)
            try:
                got = openpyxl_view.view(path)["sheets"][0]["cells"]
                got = got[0]["value"] if got else None
            except Exception as e:  # noqa: BLE001
                got = "%s (%s)" % (type(e).__name__, str(e).split(":")[0][:60])
        mark = "  same " if got == cell["value"] else "  DIFF "
        print("%s%r -> expected %r, openpyxl %r" % (mark, text, cell["value"], got))


def check(names):
    """Compare with openpyxl 3.1.5 (tools/openpyxl_view.py); report, do not fail."""
    try:
        import openpyxl_view
    except ImportError:
        print("check skipped: openpyxl not installed")
        return
    for name in names:
        path = os.path.join(HERE, name + ".xlsx")
        exp = json.load(open(path[:-5] + ".expected.json", encoding="utf-8"))
        try:
            got = openpyxl_view.view(path)
        except Exception as e:  # noqa: BLE001
            print("openpyxl fails on %s: %s: %s" % (name, type(e).__name__, str(e).split(":")[0]))
            if name.startswith("iso-date-cells"):
                probe_iso(openpyxl_view, name.endswith("1904"))
            continue
        diffs = []
        for es, gs in zip(exp["sheets"], got["sheets"]):
            ec = {c["ref"]: c for c in es["cells"]}
            gc = {c["ref"]: c for c in gs["cells"]}
            for ref in sorted(set(ec) | set(gc), key=lambda r: (int("".join(filter(str.isdigit, r))), r)):
                if ec.get(ref) != gc.get(ref):
                    diffs.append("  %s: expected %s, openpyxl %s" % (ref, json.dumps(ec.get(ref), ensure_ascii=True),
                                                                      json.dumps(gc.get(ref), ensure_ascii=True)))
        print("openpyxl agrees on %s" % name if not diffs else "openpyxl differs on %s:\n%s" % (name, "\n".join(diffs)))


if __name__ == "__main__":
    names = write_readers()
    write_hostile()
    if "--no-check" not in sys.argv:
        check(names)
