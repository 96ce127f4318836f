#!/usr/bin/env python3
"""Peer reader: openpyxl in read-only (streaming) mode.

Usage: read_openpyxl.py FILE

Opens the workbook with ``load_workbook(f, read_only=True)`` and walks
``ws.iter_rows(values_only=True)`` over the first sheet, touching every value.
Prints one JSON line ``{"cells":N,"seconds":S}``: N counts non-empty cells (not
None and not ""), S is the time inside this process from opening the workbook
to the end of the walk (module import is outside S but inside the driver's
wall time).
"""
import json
import sys
import time

from openpyxl import load_workbook


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: read_openpyxl.py FILE", file=sys.stderr)
        return 2
    path = sys.argv[1]
    t0 = time.perf_counter()
    wb = load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    cells = 0
    for row in ws.iter_rows(values_only=True):
        for value in row:
            if value is not None and value != "":
                cells += 1
    wb.close()
    seconds = time.perf_counter() - t0
    print(json.dumps({"cells": cells, "seconds": round(seconds, 6)}, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
