#!/usr/bin/env python3
"""Prints, as JSON, how each sheet of the given workbooks prints, read by
openpyxl (a reader that is not piao's): orientation, paper, scale, fit to
page, print area, repeated rows, margins, the widths of the printed columns,
header and footer, and the height of the header row against its wrapped text.

    page_layout.py FILE.xlsx [...]  ->  {"FILE.xlsx": {"Sheet": {...}}}

Used by the Swift tests of the outputs (Tests/ReportsTests/PrintLayoutTests).
"""
import json
import re
import sys

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter


def printed_columns(ws):
    """1-based column numbers the page must hold: the print area's, else every used one."""
    area = ws.print_area
    if isinstance(area, (list, tuple)):  # openpyxl 3.0 gives a list of ranges
        area = area[0] if area else None
    if area:
        # "'Sheet'!$A:$K" or "'Sheet'!$A$1:$K$20"
        ref = area.split("!")[-1].replace("$", "")
        first, last = ref.split(":")
        a = column_index_from_string(re.match(r"[A-Z]+", first).group())
        b = column_index_from_string(re.match(r"[A-Z]+", last).group())
        return list(range(a, b + 1)), area
    return list(range(1, ws.max_column + 1)), None


def width(ws, col):
    dim = ws.column_dimensions.get(get_column_letter(col))
    # openpyxl groups equal adjacent columns under the first letter (min..max).
    for d in ws.column_dimensions.values():
        if d.min is not None and d.max is not None and d.min <= col <= d.max and d.width:
            return d.width
    if dim is not None and dim.width:
        return dim.width
    return 8.43


def sheet_layout(ws):
    cols, area = printed_columns(ws)
    ps = ws.page_setup
    fit = ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else False
    header = ws.oddHeader
    footer = ws.oddFooter
    first_header_row = None
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 12)):
        cells = [c for c in row if c.value is not None]
        if len(cells) >= 3 and all(c.font and c.font.b for c in cells):
            first_header_row = row[0].row
            break
    header_row = None
    if first_header_row:
        texts = [(str(c.value), width(ws, c.column)) for c in ws[first_header_row] if c.value is not None]
        height = ws.row_dimensions[first_header_row].height
        header_row = {"row": first_header_row, "height": height, "texts": texts}
    return {
        "orientation": ps.orientation,
        "paperSize": ps.paperSize,
        "scale": ps.scale,
        "fitToPage": bool(fit),
        "fitToWidth": ps.fitToWidth,
        "printArea": area,
        "printTitleRows": ws.print_title_rows,
        "margins": {"left": ws.page_margins.left, "right": ws.page_margins.right},
        "widths": [width(ws, c) for c in cols],
        "header": {"left": header.left.text, "center": header.center.text, "right": header.right.text},
        "footer": {"left": footer.left.text, "center": footer.center.text, "right": footer.right.text},
        "headerRow": header_row,
        "state": ws.sheet_state,
    }


def main(paths):
    out = {}
    for p in paths:
        wb = openpyxl.load_workbook(p)
        out[p] = {ws.title: sheet_layout(ws) for ws in wb.worksheets}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
