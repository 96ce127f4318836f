#!/usr/bin/env python3
"""Generate the hostile / wrong inputs in ../hostile/ (see hostile/README.md).

Usage: /tmp/fixvenv/bin/python make_hostile.py [OUTDIR]

Pure-stdlib except: encrypted.xlsx (msoffcrypto-tool), legacy.xls.xlsx (xlwt),
ods-renamed.xlsx (soffice; falls back to odfpy).  Everything else is
byte-for-byte reproducible (fixed timestamps, seeded PRNG).
"""
import io
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_quirks import (DECL, NS, NSR, ROOT_RELS, FIXED_TIME, content_types,  # noqa: E402
                         simple_book, sheet, styles, wb_rels, workbook, write_zip)

_ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
OUT = _ARGS[0] if _ARGS else os.path.join(HERE, "..", "hostile")
MB = 1024 * 1024


def out(name):
    return os.path.join(OUT, name)


def write_bytes(name, data):
    with open(out(name), "wb") as f:
        f.write(data)


def zip_bytes(parts, compresslevel=9, stored=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        for name, data in parts:
            if isinstance(data, str):
                data = data.encode("utf-8")
            zi = zipfile.ZipInfo(name, FIXED_TIME)
            zi.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data, compresslevel=compresslevel)
    return buf.getvalue()


def base_parts(rows=60):
    """A valid little workbook (2 sheets, sst, styles) used as raw material."""
    sst_items = ["<t>Nome</t>", "<t>Valore</t>"] + ["<t>riga %d \u00e8 ok</t>" % i for i in range(rows)]
    r1 = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>']
    for i in range(rows):
        n = i + 2
        r1.append('<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d"><v>%d.25</v></c>'
                  '<c r="C%d" s="1"><v>%d</v></c></row>' % (n, n, i + 2, n, i * 7, n, 45000 + i))
    s2 = sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    return simple_book([("Dati", None, sheet("".join(r1))), ("Altro", None, s2)],
                       sst_items=sst_items, styles_xml=styles({}, [0, 14]))


def replace_part(parts, name, data):
    return [(n, data if n == name else d) for n, d in parts]


def drop_part(parts, name):
    return [(n, d) for n, d in parts if n != name]


def one_sheet_book(rows_xml, sst_items=None):
    return simple_book([("Foglio1", None, sheet(rows_xml))], sst_items=sst_items)


# ------------------------------------------------------------------ bombs
def zip_bomb_ratio():
    # honest headers; xl/worksheets/sheet1.xml is 100 MiB of whitespace
    head = (DECL + "<worksheet %s %s><sheetData>" % (NS, NSR)
            + '<row r="1"><c r="A1"><v>1</v></c></row>').encode()
    tail = b'<row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>'
    body = head + b" " * (100 * MB) + tail
    parts = replace_part(one_sheet_book(""), "xl/worksheets/sheet1.xml", body)
    write_bytes("zip-bomb-ratio.xlsx", zip_bytes(parts))


def patch_declared_size(data, name, new_usize):
    """Overwrite the uncompressed size of entry `name` in BOTH its local header
    and its central-directory header (CRC and compressed size left alone)."""
    data = bytearray(data)
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = zf.getinfo(name)
    lh = info.header_offset
    assert data[lh:lh + 4] == b"PK\x03\x04" and not (info.flag_bits & 0x08)
    struct.pack_into("<I", data, lh + 22, new_usize)
    bname = name.encode()
    i = 0
    while True:
        i = data.find(b"PK\x01\x02", i)
        assert i >= 0
        nlen = struct.unpack_from("<H", data, i + 28)[0]
        if bytes(data[i + 46:i + 46 + nlen]) == bname:
            struct.pack_into("<I", data, i + 24, new_usize)
            break
        i += 4
    return bytes(data)


def zip_bomb_lying_size():
    head = (DECL + "<worksheet %s %s><sheetData>" % (NS, NSR)
            + '<row r="1"><c r="A1"><v>1</v></c></row>').encode()
    tail = b"</sheetData></worksheet>"
    body = head + b"\n" * (50 * MB) + tail
    parts = replace_part(one_sheet_book(""), "xl/worksheets/sheet1.xml", body)
    data = patch_declared_size(zip_bytes(parts), "xl/worksheets/sheet1.xml", 1000)
    write_bytes("zip-bomb-lying-size.xlsx", data)


def many_entries():
    """Valid workbook + 5,000 extra empty entries.  Names are kept at 3
    characters so the file stays as small as a 5,000-entry zip can be."""
    parts = one_sheet_book('<row r="1"><c r="A1"><v>1</v></c></row>')
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    extra = []
    for i in range(5000):
        a, c3 = divmod(i, 62)
        c1, c2 = divmod(a, 62)
        extra.append((alphabet[c1] + alphabet[c2] + alphabet[c3], b""))
    assert len({n for n, _ in extra}) == 5000
    write_bytes("many-entries.xlsx", zip_bytes(parts + extra, stored={n for n, _ in extra}))


# -------------------------------------------------------------------- DTD
def billion_laughs():
    ents = ['<!ENTITY lol "lol">'] + ['<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10)
                                      for i in range(1, 10)]
    sst_xml = (DECL + "<!DOCTYPE sst [\n  " + "\n  ".join(ents) + "\n]>\n"
               + '<sst %s count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>' % NS)
    parts = one_sheet_book('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', sst_items=["<t>x</t>"])
    parts = replace_part(parts, "xl/sharedStrings.xml", sst_xml)
    write_bytes("billion-laughs.xlsx", zip_bytes(parts))


def xxe():
    s = (DECL + '<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
         + "<worksheet %s %s><sheetData>" % (NS, NSR)
         + '<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'
         + "</sheetData></worksheet>")
    parts = replace_part(one_sheet_book(""), "xl/worksheets/sheet1.xml", s)
    write_bytes("xxe.xlsx", zip_bytes(parts))


# --------------------------------------------------------- broken archives
def truncated():
    data = zip_bytes(base_parts())
    write_bytes("truncated.xlsx", data[: len(data) // 2])


def truncated_central_dir():
    data = zip_bytes(base_parts())
    eocd = data.rfind(b"PK\x05\x06")
    cd_off = struct.unpack_from("<I", data, eocd + 16)[0]
    assert cd_off < eocd - 10
    # every local entry intact, central directory present except the tail
    # of its last header; no end-of-central-directory record at all
    write_bytes("truncated-central-dir.xlsx", data[: eocd - 10])


def crc_mismatch():
    parts = one_sheet_book('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>')
    data = bytearray(zip_bytes(parts, stored={"xl/worksheets/sheet1.xml"}))
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = zf.getinfo("xl/worksheets/sheet1.xml")
    lh = info.header_offset
    nlen, elen = struct.unpack_from("<HH", data, lh + 26)
    start = lh + 30 + nlen + elen
    seg = bytes(data[start:start + info.compress_size])
    j = seg.index(b"<v>2</v>") + 3
    data[start + j] = ord("7")       # still well-formed XML, only the CRC-32 disagrees
    write_bytes("crc-mismatch.xlsx", bytes(data))


def empty():
    write_bytes("empty.xlsx", b"")


def not_a_zip():
    rnd = random.Random(20240101)
    data = bytes(rnd.getrandbits(8) for _ in range(4096))
    assert data[:2] != b"PK" and data[:4] != b"\xd0\xcf\x11\xe0"
    write_bytes("not-a-zip.xlsx", data)


def text_renamed():
    txt = ("Questo non \u00e8 un foglio di calcolo.\n"
           "This is a plain text file that somebody renamed to .xlsx.\n"
           "Nessun separatore, nessuna tabella, solo testo.\n")
    write_bytes("text-renamed.xlsx", txt.encode("utf-8"))


def csv_renamed():
    txt = ("Citt\u00e0;Prodotto;Quantit\u00e0;Prezzo \u20ac;Data\r\n"
           "Forl\u00ec;Caff\u00e8;3;2,50;29/02/2024\r\n"
           "Cant\u00f9;T\u00e8 verde;1;0,70;31/12/2023\r\n"
           "\"L'Aquila\";\"Pane; olio\";2;1,20;01/01/2024\r\n")
    write_bytes("csv-renamed.xlsx", txt.encode("utf-8"))


# ------------------------------------------------------ other containers
def encrypted():
    from msoffcrypto.format.ooxml import OOXMLFile
    # the plain package must be >= 4096 bytes: smaller EncryptedPackage
    # streams land in the CFB mini-stream, which msoffcrypto-tool 6.1 cannot
    # read back (its own round-trip fails)
    plain = io.BytesIO(zip_bytes(base_parts(rows=200)))
    assert len(plain.getvalue()) >= 4096
    enc = io.BytesIO()
    OOXMLFile(plain).encrypt("segreto", enc)
    data = enc.getvalue()
    # sanity: it is a CFB container that decrypts back with the password
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    chk = OOXMLFile(io.BytesIO(data))
    chk.load_key(password="segreto")
    dec = io.BytesIO()
    chk.decrypt(dec)
    assert zipfile.ZipFile(dec).read("xl/workbook.xml")
    write_bytes("encrypted.xlsx", data)


def legacy_xls():
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Foglio1")
    ws.write(0, 0, "Citt\u00e0")
    ws.write(0, 1, "Valore")
    ws.write(1, 0, "Forl\u00ec")
    ws.write(1, 1, 42.5)
    ws.write(2, 0, "data")
    import datetime
    ws.write(2, 1, datetime.date(2024, 2, 29), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    write_bytes("legacy.xls.xlsx", data)


def ods_renamed():
    src = os.path.join(HERE, "libreoffice_basic.fods")
    tmp = tempfile.mkdtemp()
    try:
        subprocess.check_call(["soffice", "--headless", "--norestore",
                               "-env:UserInstallation=file:///tmp/piao_fixtures_lo_profile",
                               "--convert-to", "ods", "--outdir", tmp, src],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        data = open(os.path.join(tmp, "libreoffice_basic.ods"), "rb").read()
    except (OSError, subprocess.CalledProcessError):
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableRow, TableCell
        from odf.text import P
        doc = OpenDocumentSpreadsheet()
        t = Table(name="Foglio1")
        tr = TableRow()
        tc = TableCell(valuetype="string")
        tc.addElement(P(text="Citt\u00e0"))
        tr.addElement(tc)
        t.addElement(tr)
        doc.spreadsheet.addElement(t)
        buf = io.BytesIO()
        doc.write(buf)
        data = buf.getvalue()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    write_bytes("ods-renamed.xlsx", data)


# ------------------------------------------------------- package problems
def missing_workbook():
    parts = drop_part(base_parts(rows=3), "xl/workbook.xml")
    write_bytes("missing-workbook.xlsx", zip_bytes(parts))


def missing_sheet_part():
    # workbook.xml lists two sheets; the rel of the second points to
    # xl/worksheets/sheet2.xml, which is not in the archive
    parts = drop_part(base_parts(rows=3), "xl/worksheets/sheet2.xml")
    write_bytes("missing-sheet-part.xlsx", zip_bytes(parts))


def malformed_xml():
    s = (DECL + "<worksheet %s %s><sheetData>" % (NS, NSR)
         + '<row r="1"><c r="A1"><v>1</c></v></row>'
         + '<row r="2"><c r="A2"><v>2</v></c>'
         + "</sheetData></worksheet>")
    parts = replace_part(one_sheet_book(""), "xl/worksheets/sheet1.xml", s)
    write_bytes("malformed-xml.xlsx", zip_bytes(parts))


def malformed_truncated_xml():
    s = (DECL + "<worksheet %s %s><sheetData>" % (NS, NSR)
         + '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="')
    parts = replace_part(one_sheet_book(""), "xl/worksheets/sheet1.xml", s)
    write_bytes("malformed-truncated-xml.xlsx", zip_bytes(parts))


def bad_shared_string(name, idx):
    parts = one_sheet_book('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
                           '<c r="C1" t="s"><v>%s</v></c></row>' % idx,
                           sst_items=["<t>zero</t>", "<t>uno</t>"])
    write_bytes(name, zip_bytes(parts))


def huge_ref():
    parts = one_sheet_book('<row r="1"><c r="A1"><v>1</v></c></row>'
                           '<row r="1048577"><c r="XFE1048577"><v>2</v></c></row>')
    write_bytes("huge-ref.xlsx", zip_bytes(parts))


def garbage_in_value():
    parts = one_sheet_book('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>12abc</v></c></row>')
    write_bytes("garbage-in-value.xlsx", zip_bytes(parts))


def main():
    os.makedirs(OUT, exist_ok=True)
    jobs = [zip_bomb_ratio, zip_bomb_lying_size, many_entries, billion_laughs, xxe, truncated,
            truncated_central_dir, empty, not_a_zip, text_renamed, encrypted, legacy_xls, ods_renamed,
            csv_renamed, missing_workbook, missing_sheet_part, malformed_xml, malformed_truncated_xml,
            lambda: bad_shared_string("bad-shared-string-index.xlsx", 999),
            lambda: bad_shared_string("negative-shared-string-index.xlsx", -1),
            huge_ref, garbage_in_value, crc_mismatch]
    for j in jobs:
        j()
    for f in sorted(os.listdir(OUT)):
        if f.endswith(".xlsx"):
            print("%8d  %s" % (os.path.getsize(out(f)), f))


if __name__ == "__main__":
    main()
