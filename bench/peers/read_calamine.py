#!/usr/bin/env python3
"""Peer reader: python-calamine, the way a competent user would read a sheet.

Usage: read_calamine.py FILE

Reads every cell of the first sheet with
``CalamineWorkbook.from_path(f).get_sheet_by_index(0).to_python()`` and prints
one JSON line ``{"cells":N,"seconds":S}``: N counts non-empty cells (not None
and not ""), S is the time inside this process from opening the workbook to the
end of the count (module import is outside S but inside the driver's wall time).
"""
import json
import sys
import time

from python_calamine import CalamineWorkbook


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: read_calamine.py FILE", file=sys.stderr)
        return 2
    path = sys.argv[1]
    t0 = time.perf_counter()
    rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    cells = 0
    for row in rows:
        for value in row:
            # calamine pads ragged/empty positions with "".
            if value is not None and value != "":
                cells += 1
    seconds = time.perf_counter() - t0
    print(json.dumps({"cells": cells, "seconds": round(seconds, 6)}, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
