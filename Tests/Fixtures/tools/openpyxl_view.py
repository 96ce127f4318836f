#!/usr/bin/env python3
"""Second, independent opinion: the contract JSON as seen through openpyxl.

Loads the workbook twice (data_only=True for cached values, data_only=False
for formula text) and maps openpyxl's view onto the `piao inspect --json`
contract.  Known, accepted differences from the contract (the contract wins):
  - openpyxl returns no value for formulas without a cache -> we emit
    {"type":"formula"} from the data_only=False load;
  - openpyxl turns time-only serials (< 1) into datetime.time and
    [h]:mm:ss-style cells into timedelta; those are converted back here;
  - openpyxl strips "_x005F_" escapes in shared strings (avoid them).

Usage: openpyxl_view.py FILE.xlsx   (prints the JSON; needs openpyxl)
"""
import datetime
import os
import sys

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import refreader  # noqa: E402  (only for dumps())


def iso(dt):
    # round to the nearest second
    if dt.microsecond >= 500000:
        dt = dt + datetime.timedelta(microseconds=1000000 - dt.microsecond)
    dt = dt.replace(microsecond=0)
    if (dt.hour, dt.minute, dt.second) == (0, 0, 0):
        return dt.strftime("%Y-%m-%d")
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def view(path):
    wb_v = openpyxl.load_workbook(path, data_only=True)
    wb_f = openpyxl.load_workbook(path, data_only=False)
    e1904 = wb_v.epoch == openpyxl.utils.datetime.MAC_EPOCH
    sheets = []
    for ws_v, ws_f in zip(wb_v.worksheets, wb_f.worksheets):
        cells = []
        # ws._cells is sparse (iter_rows would materialise A1:XFD1048576)
        for (_r, _c), c in sorted(ws_v._cells.items()):
            if True:
                v = c.value
                ref = c.coordinate
                if v is None:
                    fv = ws_f[ref].value
                    if isinstance(fv, str) and fv.startswith("="):
                        cells.append({"ref": ref, "type": "formula", "value": fv[1:]})
                    elif fv is not None and hasattr(fv, "text"):  # ArrayFormula
                        cells.append({"ref": ref, "type": "formula", "value": fv.text.lstrip("=")})
                    continue
                if c.data_type == "e":
                    cells.append({"ref": ref, "type": "error", "value": v})
                elif isinstance(v, bool):
                    cells.append({"ref": ref, "type": "boolean", "value": v})
                elif isinstance(v, datetime.datetime):
                    cells.append({"ref": ref, "type": "date", "value": iso(v)})
                elif isinstance(v, datetime.date):
                    cells.append({"ref": ref, "type": "date", "value": v.isoformat()})
                elif isinstance(v, datetime.time):
                    secs = v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6
                    cells.append({"ref": ref, "type": "date", "value": refreader.serial_to_iso(secs / 86400, e1904)})
                elif isinstance(v, datetime.timedelta):
                    cells.append({"ref": ref, "type": "date",
                                  "value": refreader.serial_to_iso(v.total_seconds() / 86400, e1904)})
                elif isinstance(v, (int, float)):
                    cells.append({"ref": ref, "type": "number", "value": v})
                else:
                    s = str(v)
                    if s != "":
                        cells.append({"ref": ref, "type": "string", "value": s})
        sheets.append({"name": ws_v.title, "state": ws_v.sheet_state, "cells": cells})
    return {"sheets": sheets}


if __name__ == "__main__":
    sys.stdout.write(refreader.dumps(view(sys.argv[1])))
