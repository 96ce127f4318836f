#!/usr/bin/env python3
"""Re-verify the committed fixtures without regenerating them.

  readers/*.xlsx  : refreader.py output must equal NAME.expected.json
                    (numbers compared as doubles; 0 == -0); with openpyxl
                    installed, openpyxl_view.py must agree too.
  hostile/*.xlsx  : refreader.py must fail on each, except the two bombs
                    and many-entries (valid workbooks; only limits stop them).

Usage: python3 check_fixtures.py   (or /tmp/fixvenv/bin/python for openpyxl)
"""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import refreader  # noqa: E402

try:
    import openpyxl_view
except ImportError:
    openpyxl_view = None


def canon(doc):
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
    return json.dumps(fix(doc), sort_keys=True)


LIMIT_ONLY = {"zip-bomb-ratio.xlsx", "many-entries.xlsx"}

bad = 0
for path in sorted(glob.glob(os.path.join(HERE, "..", "readers", "*.xlsx"))):
    name = os.path.basename(path)
    exp = json.load(open(path[:-5] + ".expected.json", encoding="utf-8"))
    views = [("refreader", refreader.read)]
    if openpyxl_view:
        views.append(("openpyxl", openpyxl_view.view))
    for who, fn in views:
        if canon(fn(path)) != canon(exp):
            bad += 1
            print("FAIL %s (%s disagrees with expected.json)" % (name, who))
    print("ok  ", name)

for path in sorted(glob.glob(os.path.join(HERE, "..", "hostile", "*.xlsx"))):
    name = os.path.basename(path)
    if name in LIMIT_ONLY:
        print("skip", name, "(valid apart from size/entry limits)")
        continue
    try:
        refreader.read(path)
    except Exception as e:  # noqa: BLE001
        print("ok  ", name, "->", type(e).__name__, str(e)[:70])
    else:
        bad += 1
        print("FAIL %s was read without error" % name)
sys.exit(1 if bad else 0)
