#!/usr/bin/env python3
"""Broken plan workbooks, as a controllo di gestione breaks one by hand:
the real 2024 plan opened with openpyxl (not our writer), one thing broken,
saved. Regenerate with: python3 Tests/Fixtures/tools/make_broken_plans.py"""
import os
import openpyxl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PLAN = os.path.join(ROOT, "Inputs/piano/piano-2024.xlsx")
OUT = os.path.join(ROOT, "Tests/Fixtures/plans")


def rename_header(ws, old, new):
    for row in ws.iter_rows(min_row=1, max_row=20):
        for cell in row:
            if cell.value == old:
                cell.value = new
                return
    raise SystemExit(f"{old} not found in {ws.title}")


def make(name, edit):
    wb = openpyxl.load_workbook(PLAN)
    edit(wb)
    wb.save(os.path.join(OUT, name))


def no_indicator_rows(wb):
    ws = wb["Indicatori"]
    ws.delete_rows(2, ws.max_row)


make("senza-foglio-indicatori.xlsx", lambda wb: wb.remove(wb["Indicatori"]))
make("target-rinominato.xlsx", lambda wb: rename_header(wb["Indicatori"], "Target", "Obiettivo numerico"))
make("anno-rinominato.xlsx", lambda wb: rename_header(wb["Ente"], "Anno", "Anno del piano"))
make("senza-indicatori.xlsx", no_indicator_rows)


def repeated_objective(wb):
    """Objective 02-2's ID typed again on 02-3's row (a copy-paste slip)."""
    ws = wb["Obiettivi"]
    ids = [c for c in ws["A"] if c.value in ("02-2", "02-3")]
    assert [c.value for c in ids] == ["02-2", "02-3"], [c.value for c in ids]
    ids[1].value = "02-2"


make("obiettivo-ripetuto.xlsx", repeated_objective)
