#!/usr/bin/env python3
"""Generate the hand-crafted OOXML quirk fixtures in ../readers/.

Every workbook is assembled with `zipfile` from raw XML strings, so each quirk
is exactly what is written below.  The expected JSON of each fixture is written
BY HAND next to its XML (not computed from it); `--check` (run by default)
re-reads every generated file with the independent reference reader
(refreader.py) and fails if the two disagree.

Usage:  python3 make_quirks.py [OUTDIR]      (default: ../readers)
Standard library only; output is byte-for-byte reproducible.
"""
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import refreader  # noqa: E402

_ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
OUT = _ARGS[0] if _ARGS else os.path.join(HERE, "..", "readers")

DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NSR = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_WB = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
CT_STY = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"

FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def write_zip(path, parts):
    """parts: list of (name, str|bytes) in the order they go in the archive."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if isinstance(data, str):
                data = data.encode("utf-8")
            zi = zipfile.ZipInfo(name, FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)


def content_types(sheet_parts, sst=True, styles=True):
    o = ['<Override PartName="/xl/workbook.xml" ContentType="%s"/>' % CT_WB]
    for p in sheet_parts:
        o.append('<Override PartName="/%s" ContentType="%s"/>' % (p, CT_SHEET))
    if sst:
        o.append('<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/>' % CT_SST)
    if styles:
        o.append('<Override PartName="/xl/styles.xml" ContentType="%s"/>' % CT_STY)
    return (DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(o) + "</Types>")


ROOT_RELS = (DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/>'
             "</Relationships>" % REL_OD)


def wb_rels(entries):
    """entries: list of (id, kind, target)."""
    rs = "".join('<Relationship Id="%s" Type="%s/%s" Target="%s"/>' % (i, REL_OD, k, t)
                 for i, k, t in entries)
    return (DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + rs + "</Relationships>")


def workbook(sheets, pr=""):
    """sheets: list of (name_xml_escaped, rid, state or None, sheetId)."""
    s = "".join('<sheet name="%s" sheetId="%d"%s r:id="%s"/>'
                % (n, sid, (' state="%s"' % st) if st else "", rid) for n, rid, st, sid in sheets)
    return DECL + "<workbook %s %s>%s<sheets>%s</sheets></workbook>" % (NS, NSR, pr, s)


def sheet(rows_xml, extra_before=""):
    return DECL + "<worksheet %s %s>%s<sheetData>%s</sheetData></worksheet>" % (NS, NSR, extra_before, rows_xml)


def sst(items):
    """items: raw XML of each <si> body."""
    return (DECL + '<sst %s count="%d" uniqueCount="%d">' % (NS, len(items), len(items))
            + "".join("<si>%s</si>" % i for i in items) + "</sst>")


def styles(numfmts, xf_ids):
    """numfmts: {id: code_xml_escaped}; xf_ids: numFmtId per cellXfs entry."""
    nf = ""
    if numfmts:
        nf = '<numFmts count="%d">%s</numFmts>' % (len(numfmts), "".join(
            '<numFmt numFmtId="%d" formatCode="%s"/>' % (i, c) for i, c in numfmts.items()))
    xfs = "".join('<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"%s/>'
                  % (i, ' applyNumberFormat="1"' if i else "") for i in xf_ids)
    return (DECL + "<styleSheet %s>%s" % (NS, nf)
            + '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="%d">%s</cellXfs>' % (len(xf_ids), xfs)
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>")


def simple_book(sheet_list, sst_items=None, styles_xml=None, pr=""):
    """sheet_list: list of (name_xml, state, sheet_xml).  Standard layout."""
    parts_sheets = ["xl/worksheets/sheet%d.xml" % (i + 1) for i in range(len(sheet_list))]
    rels = [("rId%d" % (i + 1), "worksheet", "worksheets/sheet%d.xml" % (i + 1)) for i in range(len(sheet_list))]
    n = len(sheet_list)
    if styles_xml is not None:
        rels.append(("rId%d" % (n + 1), "styles", "styles.xml"))
    if sst_items is not None:
        rels.append(("rId%d" % (n + 2), "sharedStrings", "sharedStrings.xml"))
    parts = [
        ("[Content_Types].xml", content_types(parts_sheets, sst_items is not None, styles_xml is not None)),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook([(nm, "rId%d" % (i + 1), st, i + 1) for i, (nm, st, _) in enumerate(sheet_list)], pr)),
        ("xl/_rels/workbook.xml.rels", wb_rels(rels)),
    ]
    if styles_xml is not None:
        parts.append(("xl/styles.xml", styles_xml))
    if sst_items is not None:
        parts.append(("xl/sharedStrings.xml", sst(sst_items)))
    for p, (_, _, x) in zip(parts_sheets, sheet_list):
        parts.append((p, x))
    return parts


def S(name, cells, state="visible"):
    return {"name": name, "state": state,
            "cells": [{"ref": r, "type": t, "value": v} for r, t, v in cells]}


FIXTURES = []  # (filename, parts, expected, description)


def fixture(name, desc):
    def deco(fn):
        parts, expected = fn()
        FIXTURES.append((name, parts, {"sheets": expected}, desc))
        return fn
    return deco


# --------------------------------------------------------------------------
@fixture("no-r-attributes", "rows and cells without r=; mixed explicit/implicit positions; <c/> placeholders")
def _():
    s1 = sheet('<row><c t="s"><v>0</v></c><c><v>1</v></c><c t="s"><v>1</v></c></row>'
               '<row><c><v>2</v></c><c/><c><v>3.5</v></c></row>'
               '<row/>'
               '<row><c t="b"><v>1</v></c></row>')
    # mixed: explicit r on some rows/cells, implicit continues from the last one
    s2 = sheet('<row r="3"><c><v>30</v></c><c r="D3"><v>33</v></c><c><v>34</v></c></row>'
               '<row><c t="s"><v>2</v></c></row>'
               '<row r="10" spans="1:3"><c r="C10"><v>100</v></c><c><v>101</v></c></row>'
               '<row><c/><c/><c t="s"><v>0</v></c></row>')
    parts = simple_book([("Implicit", None, s1), ("Mixed", None, s2)],
                        sst_items=["<t>alpha</t>", "<t>beta</t>", "<t>gamma</t>"])
    exp = [S("Implicit", [("A1", "string", "alpha"), ("B1", "number", 1), ("C1", "string", "beta"),
                          ("A2", "number", 2), ("C2", "number", 3.5),
                          ("A4", "boolean", True)]),
           S("Mixed", [("A3", "number", 30), ("D3", "number", 33), ("E3", "number", 34),
                       ("A4", "string", "gamma"),
                       ("C10", "number", 100), ("D10", "number", 101),
                       ("C11", "string", "alpha")])]
    return parts, exp


@fixture("sparse", "far-apart cells A1, C1, Z100, AA1000, XFD1048576 (the last valid cell); long row gaps")
def _():
    s1 = sheet('<row r="1"><c r="A1"><v>1</v></c><c r="C1" t="s"><v>0</v></c></row>'
               '<row r="100"><c r="Z100"><v>26</v></c></row>'
               '<row r="1000"><c r="AA1000" t="s"><v>1</v></c><c r="AZ1000"><v>52</v></c><c r="BA1000"><v>53</v></c></row>'
               '<row r="16385"><c r="ZZ16385"><v>702</v></c><c r="AAA16385"><v>703</v></c></row>'
               '<row r="1048576"><c r="XFD1048576" t="s"><v>2</v></c></row>',
               extra_before='<dimension ref="A1:XFD1048576"/>')
    parts = simple_book([("Sparse", None, s1)], sst_items=["<t>C one</t>", "<t>AA thousand</t>", "<t>last cell</t>"])
    exp = [S("Sparse", [("A1", "number", 1), ("C1", "string", "C one"), ("Z100", "number", 26),
                        ("AA1000", "string", "AA thousand"), ("AZ1000", "number", 52), ("BA1000", "number", 53),
                        ("ZZ16385", "number", 702), ("AAA16385", "number", 703),
                        ("XFD1048576", "string", "last cell")])]
    return parts, exp


@fixture("inline-strings", 't="inlineStr" with <is><t>, rich <is><r><t>, <rPh> (ignored), empty inline string')
def _():
    s1 = sheet('<row r="1">'
               '<c r="A1" t="inlineStr"><is><t>plain inline</t></is></c>'
               '<c r="B1" t="inlineStr"><is><r><rPr><b/><sz val="11"/></rPr><t>bold</t></r><r><t xml:space="preserve"> and plain</t></r></is></c>'
               '<c r="C1" t="inlineStr"><is><t>caff&#232; &amp; t&#xE8;</t></is></c>'
               '</row><row r="2">'
               '<c r="A2" t="inlineStr"><is><t></t></is></c>'
               '<c r="B2" t="inlineStr"><is><t/></is></c>'
               '<c r="C2" t="inlineStr"><is><t>\u6771\u4eac</t><rPh sb="0" eb="2"><t>\u30c8\u30a6\u30ad\u30e7\u30a6</t></rPh><phoneticPr fontId="1"/></is></c>'
               '</row><row r="3">'
               '<c r="A3" t="inlineStr"><is><t>third</t></is></c>'
               '<c r="B3" t="inlineStr"><is><t xml:space="preserve">  padded  </t></is></c>'
               '</row>')
    parts = simple_book([("Inline", None, s1)])
    exp = [S("Inline", [("A1", "string", "plain inline"), ("B1", "string", "bold and plain"),
                        ("C1", "string", "caff\u00e8 & t\u00e8"),
                        ("C2", "string", "\u6771\u4eac"),
                        ("A3", "string", "third"), ("B3", "string", "  padded  ")])]
    return parts, exp


@fixture("rich-text-shared", "shared strings with rich <r> runs (joined) and <rPh> phonetic runs (NOT joined)")
def _():
    items = [
        "<t>plain</t>",
        '<r><t>Hello</t></r><r><rPr><b/><sz val="11"/><color rgb="FFFF0000"/><rFont val="Calibri"/><family val="2"/></rPr><t xml:space="preserve"> World</t></r>',
        '<r><rPr><i/></rPr><t>a</t></r><r><t>b</t></r><r><rPr><u/></rPr><t>c</t></r>',
        # phonetic: Japanese base text + reading; only the base text counts
        '<t>\u6f22\u5b57</t><rPh sb="0" eb="2"><t>\u30ab\u30f3\u30b8</t></rPh><phoneticPr fontId="1" type="noConversion"/>',
        '<r><t>\u6771</t></r><r><rPr><b/></rPr><t>\u4eac</t></r><rPh sb="0" eb="1"><t>\u30c8\u30a6</t></rPh><rPh sb="1" eb="2"><t>\u30ad\u30e7\u30a6</t></rPh>',
        '<r><rPr><b/></rPr><t>bold only</t></r>',
    ]
    s1 = sheet('<row r="1">' + "".join('<c r="%s1" t="s"><v>%d</v></c>' % (c, i) for i, c in enumerate("ABCDEF")) + "</row>"
               '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>4</v></c></row>')
    parts = simple_book([("Rich", None, s1)], sst_items=items)
    exp = [S("Rich", [("A1", "string", "plain"), ("B1", "string", "Hello World"), ("C1", "string", "abc"),
                      ("D1", "string", "\u6f22\u5b57"), ("E1", "string", "\u6771\u4eac"), ("F1", "string", "bold only"),
                      ("A2", "string", "Hello World"), ("B2", "string", "\u6771\u4eac")])]
    return parts, exp


@fixture("date-1904", '<workbookPr date1904="1"/>: serial 0 = 1904-01-01')
def _():
    sty = styles({164: "yyyy-mm-dd hh:mm:ss"}, [0, 14, 164, 22])
    s1 = sheet('<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>1</v></c><c r="C1" s="1"><v>59</v></c><c r="D1" s="1"><v>60</v></c></row>'
               '<row r="2"><c r="A2" s="1"><v>43830</v></c><c r="B2" s="2"><v>43830.5</v></c><c r="C2" s="3"><v>0.25</v></c></row>'
               '<row r="3"><c r="A3"><v>43830</v></c><c r="B3" s="2"><v>35064.75</v></c></row>')
    parts = simple_book([("Mac", None, s1)], styles_xml=sty,
                        pr='<workbookPr date1904="1" defaultThemeVersion="124226"/>')
    exp = [S("Mac", [("A1", "date", "1904-01-01"), ("B1", "date", "1904-01-02"), ("C1", "date", "1904-02-29"),
                     ("D1", "date", "1904-03-01"),
                     ("A2", "date", "2024-01-01"), ("B2", "date", "2024-01-01T12:00:00"),
                     ("C2", "date", "1904-01-01T06:00:00"),
                     ("A3", "number", 43830), ("B3", "date", "2000-01-01T18:00:00")])]
    return parts, exp


@fixture("custom-date-formats", "built-in and custom number formats: which ones are dates (brackets, quotes, escapes, [h], [$-410], AM/PM, %)")
def _():
    fmts = {
        164: "dd/mm/yyyy",
        165: "[$-410]dd/mm/yyyy",
        166: "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy",
        167: "yyyy-mm-dd hh:mm:ss",
        168: "h:mm AM/PM",
        169: "[h]:mm:ss",
        170: "mm:ss.0",
        171: "&quot;day&quot;0",
        172: "[Red]0.00",
        173: "0.00%",
        174: "#,##0.00\\ &quot;dollars&quot;",
        175: "0.00;[Red]\\-0.00",
        176: "\\d\\a\\y\\s\\ 0",
        177: "[$\u20ac-410]\\ #,##0.00",
        178: "[Blue][&lt;=100]0;[Red]0",
        179: "d-mmm-yy",
        180: "DD/MM/YYYY",
        181: "General",
        182: "0.00E+00",
        183: "_(* #,##0.00_);_(* \\(#,##0.00\\);_(* &quot;-&quot;??_);_(@_)",
        184: "mmm\\-yy",
        185: "[$-409]h:mm:ss\\ AM/PM;@",
        186: "yyyy&quot;\u5e74&quot;m&quot;\u6708&quot;d&quot;\u65e5&quot;",
        187: "&quot;hours &quot;0",
        188: "[Red][$-410]dd/mm/yyyy",
        189: "0_);[Red]\\(0\\)",
    }
    # cellXfs index -> numFmtId
    xf = [0, 14, 22, 45, 46, 47, 9, 10, 2, 49, 20] + sorted(fmts)
    sidx = {fid: i for i, fid in enumerate(xf)}
    sty = styles(fmts, xf)
    V = 45000.75        # 2023-03-15 18:00:00
    D = 45000           # 2023-03-15
    rows = [
        # (numFmtId, value, expected type, expected value)
        (14, D, "date", "2023-03-15"),
        (22, V, "date", "2023-03-15T18:00:00"),
        (45, 45000.0006944444, "date", "2023-03-15T00:01:00"),
        (46, 45001.5, "date", "2023-03-16T12:00:00"),
        (47, 45000.5000115741, "date", "2023-03-15T12:00:01"),
        (9, 0.7, "number", 0.7),
        (10, 0.1234, "number", 0.1234),
        (2, 45000, "number", 45000),
        (49, 45000, "number", 45000),
        (20, 45292.25, "date", "2024-01-01T06:00:00"),
        (164, D, "date", "2023-03-15"),
        (165, D, "date", "2023-03-15"),
        (166, 43831, "date", "2020-01-01"),
        (167, 45123.4567939815, "date", "2023-07-16T10:57:47"),
        (168, V, "date", "2023-03-15T18:00:00"),
        (169, 45000.0416666667, "date", "2023-03-15T01:00:00"),
        (170, 45000.123456789, "date", "2023-03-15T02:57:47"),
        (171, 45000, "number", 45000),
        (172, 45000.25, "number", 45000.25),
        (173, 0.5, "number", 0.5),
        (174, 1234.5, "number", 1234.5),
        (175, -45000, "number", -45000),
        (176, 7, "number", 7),
        (177, 1234.56, "number", 1234.56),
        (178, 150, "number", 150),
        (179, 36526, "date", "2000-01-01"),
        (180, 25569, "date", "1970-01-01"),
        (181, 45000, "number", 45000),
        (182, 12345.678, "number", 12345.678),
        (183, -1234.5, "number", -1234.5),
        (184, 45292, "date", "2024-01-01"),
        (185, 45000.9999999, "date", "2023-03-16"),
        (186, 45292, "date", "2024-01-01"),
        (187, 8, "number", 8),
        (188, 61, "date", "1900-03-01"),
        (189, -3, "number", -3),
    ]
    sst_items = ["<t>numFmtId</t>", "<t>value</t>", "<t>15/03/2023 as text</t>"]
    xml = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>']
    exp = [("A1", "string", "numFmtId"), ("B1", "string", "value")]
    for n, (fid, val, et, ev) in enumerate(rows, start=2):
        xml.append('<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" s="%d"><v>%r</v></c></row>'
                   % (n, n, fid, n, sidx[fid], val))
        exp += [("A%d" % n, "number", fid), ("B%d" % n, et, ev)]
    n = len(rows) + 2
    # date-styled cells that are not numbers keep their own type
    xml.append('<row r="%d"><c r="A%d" s="%d" t="s"><v>2</v></c><c r="B%d" s="%d" t="b"><v>1</v></c>'
               '<c r="C%d" s="%d" t="e"><v>#VALUE!</v></c><c r="D%d" s="%d"/></row>'
               % (n, n, sidx[164], n, sidx[14], n, sidx[22], n, sidx[14]))
    exp += [("A%d" % n, "string", "15/03/2023 as text"), ("B%d" % n, "boolean", True), ("C%d" % n, "error", "#VALUE!")]
    # time-only and small serials: separate sheet, see README ("uncertain")
    xml2 = ('<row r="1"><c r="A1" s="%d"><v>0.75</v></c><c r="B1" s="%d"><v>1.25</v></c>'
            '<c r="C1" s="%d"><v>1</v></c><c r="D1" s="%d"><v>59.5</v></c><c r="E1" s="%d"><v>0.5</v></c></row>'
            % (sidx[20], sidx[169], sidx[14], sidx[22], sidx[168]))
    exp2 = [("A1", "date", "1899-12-31T18:00:00"), ("B1", "date", "1900-01-01T06:00:00"),
            ("C1", "date", "1900-01-01"), ("D1", "date", "1900-02-28T12:00:00"),
            ("E1", "date", "1899-12-31T12:00:00")]
    parts = simple_book([("Formats", None, sheet("".join(xml))), ("SmallSerials", None, sheet(xml2))],
                        sst_items=sst_items, styles_xml=sty)
    return parts, [S("Formats", exp), S("SmallSerials", exp2)]


@fixture("sheet-order", 'workbook lists "Zeta","Alfa" whose rels point crosswise to sheet2.xml / sheet1.xml (one absolute /xl/ target)')
def _():
    s_alfa = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row>')
    s_zeta = sheet('<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1"><v>2</v></c></row>')
    wb = workbook([("Zeta", "rId5", None, 7), ("Alfa", "rId2", None, 3)])
    rels = (DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId9" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId2" Type="%s/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
            '<Relationship Id="rId3" Type="%s/styles" Target="styles.xml"/>'
            '<Relationship Id="rId5" Type="%s/worksheet" Target="worksheets/sheet2.xml"/>'
            "</Relationships>" % (REL_OD, REL_OD, REL_OD, REL_OD))
    parts = [
        ("[Content_Types].xml", content_types(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", wb),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", s_alfa),
        ("xl/worksheets/sheet2.xml", s_zeta),
        ("xl/sharedStrings.xml", sst(["<t>I am Alfa (sheet1.xml)</t>", "<t>I am Zeta (sheet2.xml)</t>"])),
        ("xl/styles.xml", styles({}, [0])),
    ]
    exp = [S("Zeta", [("A1", "string", "I am Zeta (sheet2.xml)"), ("B1", "number", 2)]),
           S("Alfa", [("A1", "string", "I am Alfa (sheet1.xml)"), ("B1", "number", 1)])]
    return parts, exp


@fixture("namespace-prefixed", "every SpreadsheetML element prefixed x: (xmlns:x=...), as .NET OpenXML SDK writers do; 2nd sheet's relationship id uses another prefix (rel:id)")
def _():
    X = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    wb = (DECL + '<x:workbook %s %s><x:workbookPr/><x:bookViews><x:workbookView/></x:bookViews><x:sheets>'
          '<x:sheet name="Dati" sheetId="1" r:id="R1a2b"/><x:sheet xmlns:rel="%s" name="Nascosto" sheetId="2" state="hidden" rel:id="R9f"/>'
          "</x:sheets></x:workbook>" % (X, NSR, REL_OD))
    rels = wb_rels([("R1a2b", "worksheet", "worksheets/sheet1.xml"), ("R9f", "worksheet", "worksheets/sheet2.xml"),
                    ("Rs1", "styles", "styles.xml"), ("Rs2", "sharedStrings", "sharedStrings.xml")])
    sty = (DECL + '<x:styleSheet %s><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></x:numFmts>'
           '<x:fonts count="1"><x:font><x:sz val="11"/><x:name val="Calibri"/></x:font></x:fonts>'
           '<x:fills count="1"><x:fill><x:patternFill patternType="none"/></x:fill></x:fills>'
           '<x:borders count="1"><x:border><x:left/><x:right/><x:top/><x:bottom/><x:diagonal/></x:border></x:borders>'
           '<x:cellStyleXfs count="1"><x:xf/></x:cellStyleXfs>'
           '<x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="164" applyNumberFormat="1"/></x:cellXfs></x:styleSheet>' % X)
    ss = (DECL + '<x:sst %s count="3" uniqueCount="2"><x:si><x:t>Nome</x:t></x:si>'
          '<x:si><x:r><x:t>Ric</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>co</x:t></x:r></x:si></x:sst>' % X)
    s1 = (DECL + '<x:worksheet %s %s><x:sheetData>'
          '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>'
          '<x:row r="2"><x:c r="A2"><x:v>42</x:v></x:c><x:c r="B2" s="1"><x:v>45000</x:v></x:c>'
          '<x:c r="C2" t="b"><x:v>0</x:v></x:c><x:c r="D2" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c>'
          '<x:c r="E2"><x:f>A2*2</x:f><x:v>84</x:v></x:c><x:c r="F2" t="str"><x:f>"a"&amp;"b"</x:f><x:v>ab</x:v></x:c></x:row>'
          "</x:sheetData></x:worksheet>" % (X, NSR))
    s2 = (DECL + '<x:worksheet %s><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>' % X)
    parts = [
        ("[Content_Types].xml", content_types(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", wb),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/styles.xml", sty),
        ("xl/sharedStrings.xml", ss),
        ("xl/worksheets/sheet1.xml", s1),
        ("xl/worksheets/sheet2.xml", s2),
    ]
    exp = [S("Dati", [("A1", "string", "Nome"), ("B1", "string", "Ricco"), ("A2", "number", 42),
                      ("B2", "date", "2023-03-15"), ("C2", "boolean", False), ("D2", "string", "inline"),
                      ("E2", "number", 84), ("F2", "string", "ab")]),
           S("Nascosto", [("A1", "string", "Nome")], "hidden")]
    return parts, exp


@fixture("no-shared-strings", "no xl/sharedStrings.xml and no xl/styles.xml at all (numbers and booleans only)")
def _():
    s1 = sheet('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2.5</v></c><c r="C1" t="n"><v>-3</v></c></row>'
               '<row r="2"><c r="A2"><f>SUM(A1:C1)</f><v>0.5</v></c><c r="B2" t="b"><v>1</v></c></row>')
    parts = simple_book([("Numbers", None, s1)])
    exp = [S("Numbers", [("A1", "number", 1), ("B1", "number", 2.5), ("C1", "number", -3),
                         ("A2", "number", 0.5), ("B2", "boolean", True)])]
    return parts, exp


@fixture("empty-shared-string", "sst entries that are empty (<t/>, <t></t>, empty rich run) are omitted; a single space is kept")
def _():
    items = ["<t/>", "<t></t>", '<t xml:space="preserve"></t>', "<r><t></t></r>",
             '<t xml:space="preserve"> </t>', "<t>after</t>"]
    s1 = sheet('<row r="1">' + "".join('<c r="%s1" t="s"><v>%d</v></c>' % (c, i) for i, c in enumerate("ABCDEF")) + "</row>"
               '<row r="2"><c r="A2" t="s"/><c r="B2" t="str"><v></v></c><c r="C2" t="inlineStr"><is><t/></is></c><c r="D2"/></row>')
    parts = simple_book([("Empty", None, s1)], sst_items=items)
    exp = [S("Empty", [("E1", "string", " "), ("F1", "string", "after")])]
    return parts, exp


@fixture("errors-and-bools", 't="e" errors, t="b" booleans, formulas with cached error/bool/number, t="str" formula strings')
def _():
    errs = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"]
    row1 = "".join('<c r="%s1" t="e"><v>%s</v></c>' % (chr(65 + i), e) for i, e in enumerate(errs))
    s1 = sheet('<row r="1">' + row1 + "</row>"
               '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c>'
               '<c r="C2" t="b"><f>1=1</f><v>1</v></c><c r="D2" t="b"><f>AND(FALSE,TRUE)</f><v>0</v></c></row>'
               '<row r="3"><c r="A3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B3" t="e"><f>NA()</f><v>#N/A</v></c>'
               '<c r="C3" t="e"><f>#REF!+1</f><v>#REF!</v></c><c r="D3"><f>2+3</f><v>5</v></c></row>'
               '<row r="4"><c r="A4" t="str"><f>"x"&amp;"y"</f><v>xy</v></c>'
               '<c r="B4" t="str"><f>TEXT(1,"0.00")</f><v>1.00</v></c>'
               '<c r="C4" t="str"><f>A4&amp;"&lt;&gt;"</f><v>xy&lt;&gt;</v></c>'
               '<c r="D4" s="1"><f>DATE(2024,1,1)</f><v>45292</v></c></row>',
               )
    parts = simple_book([("Errors", None, s1)], styles_xml=styles({}, [0, 14]))
    exp = [S("Errors", [("%s1" % chr(65 + i), "error", e) for i, e in enumerate(errs)] + [
        ("A2", "boolean", True), ("B2", "boolean", False), ("C2", "boolean", True), ("D2", "boolean", False),
        ("A3", "error", "#DIV/0!"), ("B3", "error", "#N/A"), ("C3", "error", "#REF!"), ("D3", "number", 5),
        ("A4", "string", "xy"), ("B4", "string", "1.00"), ("C4", "string", "xy<>"), ("D4", "date", "2024-01-01")])]
    return parts, exp


@fixture("formula-no-cache", "<f> without <v> (and with empty <v/> as openpyxl writes), shared and array formulas, entities in formula text")
def _():
    s1 = sheet('<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>A1*2</f></c><c r="C1"><f>SUM(A1:B1)</f><v/></c>'
               '<c r="D1" t="str"><f>IF(A1&gt;1,"x&amp;y","&lt;none&gt;")</f></c></row>'
               '<row r="2"><c r="A2"><f t="shared" ref="A2:A4" si="0">A1+1</f><v>3</v></c>'
               '<c r="B2"><f t="shared" ref="B2:B3" si="1">A2*10</f></c>'
               '<c r="C2"><f t="array" ref="C2">SUM(A1:A4*1)</f></c></row>'
               '<row r="3"><c r="A3"><f t="shared" si="0"/><v>4</v></c><c r="B3"><f t="shared" si="1"/><v>40</v></c></row>'
               '<row r="4"><c r="A4"><f t="shared" si="0"/><v>5</v></c>'
               "<c r=\"B4\"><f>'Other sheet'!A1&amp;\"'\"</f></c></row>")
    parts = simple_book([("Formulas", None, s1)])
    exp = [S("Formulas", [("A1", "number", 2), ("B1", "formula", "A1*2"), ("C1", "formula", "SUM(A1:B1)"),
                          ("D1", "formula", 'IF(A1>1,"x&y","<none>")'),
                          ("A2", "number", 3), ("B2", "formula", "A2*10"), ("C2", "formula", "SUM(A1:A4*1)"),
                          ("A3", "number", 4), ("B3", "number", 40),
                          ("A4", "number", 5), ("B4", "formula", "'Other sheet'!A1&\"'\"")])]
    return parts, exp


@fixture("xml-escapes", "predefined entities, decimal/hex character references (incl. astral), CDATA, _x000D_ escapes kept verbatim, entities in sheet names")
def _():
    items = [
        "<t>&amp; &lt; &gt; &quot; &apos;</t>",
        "<t>caf&#233; &#x20AC;5 &#x20ac;</t>",
        "<t><![CDATA[a <b> & c]]></t>",
        "<t>x<![CDATA[<y>]]>z &amp;amp;</t>",
        "<t>line_x000D_end _x0041_</t>",
        "<t>&#x1F600; &#128512;</t>",
        "<t>AT&amp;T &#60;tag&#62;</t>",
    ]
    s1 = sheet('<row r="1">' + "".join('<c r="%s1" t="s"><v>%d</v></c>' % (chr(65 + i), i) for i in range(len(items))) + "</row>"
               '<row r="2"><c r="A2" t="inlineStr"><is><t>&lt;inline&gt; &amp;#233; &#233;</t></is></c>'
               '<c r="B2" t="str"><f>"&amp;"</f><v>&amp;</v></c></row>')
    parts = simple_book([("Q&amp;A &lt;1&gt; &apos;x&apos; ok", None, s1)], sst_items=items)
    exp = [S("Q&A <1> 'x' ok", [
        ("A1", "string", "& < > \" '"), ("B1", "string", "caf\u00e9 \u20ac5 \u20ac"), ("C1", "string", "a <b> & c"),
        ("D1", "string", "x<y>z &amp;"), ("E1", "string", "line_x000D_end _x0041_"),
        ("F1", "string", "\U0001F600 \U0001F600"), ("G1", "string", "AT&T <tag>"),
        ("A2", "string", "<inline> &#233; \u00e9"), ("B2", "string", "&")])]
    return parts, exp


@fixture("whitespace", "xml:space=preserve leading/trailing spaces, newlines/tabs/CR in strings, pretty-printed XML, single-quoted attributes and spaces around =")
def _():
    items = [
        '<t xml:space="preserve">  leading</t>',
        '<t xml:space="preserve">trailing  </t>',
        '<t xml:space="preserve">   </t>',
        "<t>line1\nline2</t>",
        "<t>tab\there</t>",
        "<t>cr&#13;lf&#10;end</t>",
        "<t>raw\r\ncrlf</t>",
        "<t>  no preserve attr  </t>",
        '<r><t xml:space="preserve">run </t></r><r><t xml:space="preserve"> run</t></r>',
    ]
    s1 = (DECL + "<worksheet %s %s>\n  <sheetData>\n" % (NS, NSR)
          + "".join('    <row r="%d">\n      <c r="A%d" t="s">\n        <v>%d</v>\n      </c>\n    </row>\n' % (i + 1, i + 1, i)
                    for i in range(len(items)))
          + "    <row r='10' >\n      <c r = 'A10' >\n        <v>10</v>\n      </c>\n"
          "      <c\n        r=\"B10\"\n        t=\"b\"\n      ><v>1</v></c>\n"
          "      <c r='C10'\tt='inlineStr'><is><t xml:space='preserve'> x </t></is></c>\n"
          "    </row>\n  </sheetData>\n</worksheet>\n")
    parts = simple_book([("Spaces", None, s1)], sst_items=items)
    exp = [S("Spaces", [("A1", "string", "  leading"), ("A2", "string", "trailing  "), ("A3", "string", "   "),
                        ("A4", "string", "line1\nline2"), ("A5", "string", "tab\there"),
                        ("A6", "string", "cr\rlf\nend"), ("A7", "string", "raw\ncrlf"),
                        ("A8", "string", "  no preserve attr  "), ("A9", "string", "run  run"),
                        ("A10", "number", 10), ("B10", "boolean", True), ("C10", "string", " x ")])]
    return parts, exp


@fixture("very-hidden", "sheet states: none (visible), explicit visible, hidden, veryHidden")
def _():
    def one(txt):
        return sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>%s</t></is></c></row>' % txt)
    parts = simple_book([("Shown", None, one("shown")), ("Explicit", "visible", one("explicit")),
                         ("Hidden", "hidden", one("hidden")), ("Secret", "veryHidden", one("very hidden")),
                         ("Empty hidden", "hidden", sheet(""))])
    exp = [S("Shown", [("A1", "string", "shown")]), S("Explicit", [("A1", "string", "explicit")]),
           S("Hidden", [("A1", "string", "hidden")], "hidden"),
           S("Secret", [("A1", "string", "very hidden")], "veryHidden"),
           S("Empty hidden", [], "hidden")]
    return parts, exp


@fixture("utf8-bom", "every XML part (incl. [Content_Types].xml and .rels) starts with a UTF-8 BOM and a standalone declaration")
def _():
    s1 = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1.5</v></c><c r="C1" s="1"><v>45000</v></c></row>')
    parts = simple_book([("Pàgina €", None, s1)], sst_items=["<t>perché è così</t>"], styles_xml=styles({}, [0, 14]))
    parts = [(n, b"\xef\xbb\xbf" + x.encode("utf-8")) for n, x in parts]
    exp = [S("Pàgina €", [("A1", "string", "perché è così"), ("B1", "number", 1.5), ("C1", "date", "2023-03-15")])]
    return parts, exp


@fixture("large-numbers", "1E+308, max/min doubles, 1.5E-10, -0, 18-digit integers, 0.30000000000000004, exponent forms 1.2E+3 / 1.2e3")
def _():
    vals = [
        ("A1", "1E+308", 1e308), ("B1", "1.7976931348623157E+308", 1.7976931348623157e308),
        ("C1", "1.5E-10", 1.5e-10), ("D1", "-1.5E-10", -1.5e-10), ("E1", "4.9406564584124654E-324", 5e-324),
        ("A2", "-0", -0.0), ("B2", "0", 0), ("C2", "123456789012345678", 123456789012345678.0),
        ("D2", "9007199254740993", 9007199254740992.0), ("E2", "-2147483649", -2147483649),
        ("A3", "0.30000000000000004", 0.30000000000000004), ("B3", "0.1", 0.1), ("C3", "1.2E+3", 1200),
        ("D3", "1.2e3", 1200), ("E3", "1E3", 1000),
        ("A4", "99999999999999.9", 99999999999999.9), ("B4", "-1.0000000000000002", -1.0000000000000002),
        ("C4", "1.0E-5", 1e-5), ("D4", "3.0000", 3), ("E4", "-1E+2", -100),
    ]
    rows = {}
    for ref, txt, _ in vals:
        rows.setdefault(ref[1:], []).append('<c r="%s"><v>%s</v></c>' % (ref, txt))
    s1 = sheet("".join('<row r="%s">%s</row>' % (r, "".join(c)) for r, c in rows.items()))
    parts = simple_book([("Numbers", None, s1)])
    exp = [S("Numbers", [(ref, "number", v) for ref, _, v in vals])]
    return parts, exp


# --------------------------------------------------------------------------
def main():
    os.makedirs(OUT, exist_ok=True)
    bad = 0
    for name, parts, expected, _ in FIXTURES:
        path = os.path.join(OUT, name + ".xlsx")
        write_zip(path, parts)
        text = refreader.dumps(expected)
        with open(os.path.join(OUT, name + ".expected.json"), "w", encoding="utf-8") as f:
            f.write(text)
        got = refreader.dumps(refreader.read(path))
        if got != text:
            bad += 1
            print("MISMATCH", name)
            import difflib
            sys.stdout.writelines(difflib.unified_diff(text.splitlines(1), got.splitlines(1), "hand", "refreader"))
        else:
            print("ok", name, os.path.getsize(path))
    if "--readme" in sys.argv:
        for name, _, _, desc in FIXTURES:
            print("| `%s.xlsx` | make_quirks.py (hand-written XML) | %s |" % (name, desc))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
