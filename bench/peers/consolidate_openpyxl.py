#!/usr/bin/env python3
"""Peer consolidator for the national-round benchmark: openpyxl + XlsxWriter.

Usage: consolidate_openpyxl.py DIR [--jobs N] [--scores OUT.json]
                               [--outputs {summary,consolidated,all}]

Benchmark peer, not part of piao and not a test. It reads and scores what
`piao run --config DIR/pipeline.json` reads and scores, written the way a
competent Python user would write it:

  * for each ente of DIR/pipeline.json: read the plan workbook with openpyxl
    (`load_workbook(read_only=True, data_only=True)`);
  * read every .xlsx of the ente's drop folder the same way (sheets Scheda,
    Indicatori, Fasi); a file openpyxl cannot open, or without the expected
    sheets/labels, or for another ente/year or an unknown settore, is skipped
    and counted as rejected (no crash);
  * normalise the reported values (numbers and %-formatted numbers, Italian
    text numbers "2,5" / "1.100" / "70%", SI/NO, date cells or "dd/mm/yyyy");
  * score every indicator with the rules of DESIGN §5 as implemented by the
    independent cross-check Tests/ScoringTests/tools/crosscheck_scores.py
    (ported from its TSV input to XLSX; plain floats instead of Fractions);
  * aggregate: objective@settore = mean of the settore's counted indicators of
    the objective, settore = mean of its objective@settore scores, whole
    objective = mean of all its counted indicators, ente = mean of the whole
    objective scores; bands raggiunto >= 0.9, parzialmente >= 0.6.

What it writes depends on --outputs:

  summary (default) -- a small workbook per ente, far less than piao writes:
      <output>/consolidato-peer.xlsx, sheets Sintesi and Indicatori. The
      monitoring date scored is the configuration's "finale" when a file for it
      was received, else the latest date received (then as an intermediate date).

  consolidated -- instead, the same consolidated workbook piao writes (see
      bench/peers/peer_outputs.py): the plan is read in full (Settori with
      their responsabili, Linee, Obiettivi strategici, Obiettivi, Fasi,
      Indicatori, Dipendenti) and checked (missing measure/target, impossible
      dates, uncovered responsabili...); each monitoring file is hashed
      (SHA-256) and read with its cells, notes and compilation data; every
      configured monitoring date with data (monitoraggi.intermedi, default
      30/06, and finale, default 31/12) is scored, and one workbook per date is
      written to <output>/peer/consolidato/consolidato-<ente>-<anno>-<data>.xlsx
      with piao's sheets, columns, rows, formats, band colours, filters, frozen
      headers and charts: Sintesi (2 bar charts), Obiettivi, Indicatori, Fasi,
      Dipendenti, Anomalie, Storico (line chart), Fonti.

  all -- consolidated plus everything else piao writes per ente, under
      <output>/peer/: the history store storico.sqlite (piao's v1 schema; the
      run, every new input file, measured value, phase report and anomaly in
      one transaction), oiv/oiv-<ente>-<anno>.xlsx, opendata/obiettivi-... and
      indicatori-....csv (UTF-8 with BOM, ";", decimal comma), a receipt per
      input file in esiti/ (<file>-esito.xlsx and .txt), and content-addressed
      copies of the inputs (copy mode): archivio/<anno>/<data>/<sha256>.xlsx,
      rejected ones in quarantena/<anno>/ with their receipt beside them.
      Not written: piao's next-round templates (modelli/), which piao writes
      only for configured dates after the latest one with data.

Every workbook and text file of consolidated/all is written to a temporary
name and renamed into place (os.replace), as piao does. The scores (and so
--scores) are the same in every mode.

--jobs N (N > 1) spreads the enti over N processes (multiprocessing.Pool).
--scores OUT.json writes {ente: {"ente": score, "settori": {code: score}}} for
the driver's cross-check with piao's figures.

Prints one JSON line: {"enti": E, "files": F, "rejected": R, "seconds": S,
"rss_sum_kib": K} (F = workbooks found in the drop folders, R = those rejected,
S = in-process seconds from reading pipeline.json to the last output written,
K = the sum of the peak RSS of this process and of each worker: with --jobs N
an upper bound of the whole footprint, since pages shared after fork count in
every process); with --outputs consolidated or all, also "outputs": the mode.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import re
import resource
import sys
import time
from multiprocessing import Pool

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
import xlsxwriter

BAND_OK, BAND_PART = 0.9, 0.6


# --------------------------------------------------------------- values
class Pct(float):
    """A plan value written as a percentage (1.0 = 100%)."""


def italian_number(s):
    s = str(s).strip().replace("\u00a0", "").replace(" ", "")
    if not s:
        return None
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", s):      # 1.100 / 51.008,28
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d+(,\d+)?", s):                     # 2,5
        s = s.replace(",", ".")
    elif not re.fullmatch(r"[+-]?\d+(\.\d+)?", s):                # 12.5
        return None
    return float(s)


def parse_date(s):
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", str(s).strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def as_date(v):
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        return parse_date(v)
    return None


def is_percent(cell):
    return "%" in (cell.number_format or "")


def plan_value(cell):
    """Plan Target/Baseline cell -> Pct / float / date / 'SI'/'NO' / None."""
    v = cell.value
    if v is None:
        return None
    if isinstance(v, (dt.datetime, dt.date)):
        return as_date(v)
    if isinstance(v, bool):
        return "SI" if v else "NO"
    if isinstance(v, (int, float)):
        return Pct(v) if is_percent(cell) else float(v)
    s = str(v).strip()
    if not s:
        return None
    if s.upper() in ("SI", "NO"):
        return s.upper()
    d = parse_date(s)
    if d:
        return d
    if s.endswith("%"):
        n = italian_number(s[:-1])
        return Pct(n / 100) if n is not None else None
    return italian_number(s)


def typed(cell):
    """Reported cell -> (kind, payload): n number, % %-formatted number, d date, t text."""
    v = cell.value
    if v is None or (isinstance(v, str) and v.strip() == ""):
        return None
    if isinstance(v, (dt.datetime, dt.date)):
        return ("d", as_date(v))
    if isinstance(v, bool):
        return ("t", "SI" if v else "NO")
    if isinstance(v, (int, float)):
        return ("%" if is_percent(cell) else "n", float(v))
    return ("t", str(v))


def yesno(text):
    t = text.strip().lower()
    if t in ("si", "sì", "sí"):
        return True
    if t == "no":
        return False
    return None


def normalise(ind, cell):
    """Reported value -> float / date / bool, or None when unreadable."""
    if cell is None:
        return None
    kind, p = cell
    misura = ind["misura"]
    if ind["change"]:
        if kind in ("n", "%"):
            return p
        return italian_number(p) if kind == "t" else None
    if misura == "percentuale":
        if kind == "%":
            return p
        if kind == "n":
            return p / 100
        if kind == "t":
            s = p.strip()
            if s.endswith("%"):
                n = italian_number(s[:-1])
                return n / 100 if n is not None else None
            n = italian_number(s)
            if n is not None:
                return n / 100
            if "si/no" in ind["desc"]:
                yn = yesno(s)
                if yn is not None:
                    return 1.0 if yn else 0.0
        return None
    if misura in ("quantità", "tempestività"):
        if kind in ("n", "%"):
            return p
        return italian_number(p) if kind == "t" else None
    if misura == "data":
        if kind == "d":
            return p
        return parse_date(p) if kind == "t" else None
    if misura == "si/no":
        return yesno(p) if kind == "t" else None
    if misura == "":
        return p if kind in ("n", "%") else None
    return None


def text(v):
    return "" if v is None else str(v).strip()


def clamp(g):
    return max(0.0, min(1.0, g))


def band(x):
    if x is None:
        return "-"
    if x >= BAND_OK:
        return "raggiunto"
    if x >= BAND_PART:
        return "parzialmente raggiunto"
    return "non raggiunto"


def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None


# --------------------------------------------------------------- plan
def sheet_records(ws, cells=False):
    """Rows of a sheet as dicts keyed by the header of row 1."""
    rows = ws.iter_rows() if cells else ws.iter_rows(values_only=True)
    header = None
    out = []
    for row in rows:
        if header is None:
            header = [text(c.value if cells else c) for c in row]
            continue
        if cells:
            if all(c.value is None for c in row):
                continue
        elif all(v is None for v in row):
            continue
        out.append(dict(zip(header, row)))
    return out


def classify(ind):
    """Decide the rule from the plan only: (rule, reason if not scorable)."""
    t, b = ind["t"], ind["b"]
    misura, desc = ind["misura"], ind["desc"]
    ind["change"] = False
    if t is None:
        return "NS", "nessun target"
    if "rispetto" in desc and any(w in desc for w in ("fasi", "tempi", "cronoprogramma")) \
            and misura not in ("data", "si/no"):
        return "PHASES", None
    if misura == "":
        return "NS", "nessuna misura"
    if misura == "si/no":
        return ("YESNO", None) if t in ("SI", "NO") else ("NS", "misura si/no senza target SI/NO")
    if misura == "data":
        return ("DATE", None) if isinstance(t, dt.date) else ("NS", "misura data senza data target")
    if isinstance(t, Pct) and isinstance(b, float) and not isinstance(b, Pct):
        ind["change"] = True
        red = ind["direzione"] == "decrescente" or "riduzion" in desc or "diminuzion" in desc
        return ("REDUCTION" if red else "INCREASE"), None
    if not isinstance(t, float):
        return "NS", "target non numerico"
    tv = float(t)
    same_b = None
    if isinstance(b, float) and isinstance(b, Pct) == isinstance(t, Pct):
        same_b = float(b)
    if misura == "tempestività" or ind["direzione"] == "decrescente":
        if tv == 0:
            return "ZERO", None
        if same_b is not None:
            if same_b == tv:
                return "NS", "target uguale alla baseline"
            if tv > same_b:
                return "NS", "decrescente con target sopra la baseline"
            return "DOWN_BASE", None
        if tv > 0:
            return "INVERSE", None
        return "NS", "decrescente con target negativo"
    if same_b is not None:
        if same_b == tv:
            return "NS", "target uguale alla baseline"
        if tv < same_b:
            return "NS", "target sotto la baseline"
        return "PROGRESS", None
    if tv <= 0:
        return "NS", "target non positivo"
    return "RATIO", None


def make_indicator(iid, r):
    """One row of the plan's Indicatori sheet (cells by header) -> indicator dict."""
    ind = {
        "id": iid,
        "obj": text(r["ID obiettivo"].value),
        "settore": text(r["Settore"].value),
        "desc": text(r["Descrizione"].value).lower(),
        "misura": text(r["Misura"].value).lower(),
        "direzione": text(r["Direzione"].value).lower(),
        "t": plan_value(r["Target"]),
        "b": plan_value(r["Baseline"]),
        "tol": italian_number(text(r["Tolleranza"].value)) or 0.0,
    }
    ind["rule"], ind["ns_reason"] = classify(ind)
    return ind


def read_plan(path):
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ente = sheet_records(wb["Ente"])[0]
        settori = {text(r["Codice"]): text(r["Nome"]) for r in sheet_records(wb["Settori"])}
        obiettivi = [text(r["ID"]) for r in sheet_records(wb["Obiettivi"]) if text(r["ID"])]
        phases_of = {}
        for r in sheet_records(wb["Fasi"]):
            fine = as_date(r["Fine"])
            if fine is None:
                continue                      # invalid end date: phase not counted
            phases_of.setdefault(text(r["ID obiettivo"]), []).append((int(r["N"]), fine))
        indicatori = []
        for r in sheet_records(wb["Indicatori"], cells=True):
            iid = text(r["ID"].value)
            if not iid:
                continue
            indicatori.append(make_indicator(iid, r))
    finally:
        wb.close()
    return {"ente": text(ente.get("Ente")), "anno": ente.get("Anno"), "settori": settori,
            "obiettivi": obiettivi, "phases_of": phases_of, "indicatori": indicatori}


# --------------------------------------------------------------- monitoring
class Rejected(Exception):
    def __init__(self, message, code="fileIlleggibile"):
        super().__init__(message)
        self.code = code        # the anomaly code the outputs show (piao's)


def check_scheda(wb, plan, anno):
    """The sheets and the Scheda of a monitoring workbook -> (scheda labels, settore, date); Rejected if wrong."""
    names = set(wb.sheetnames)
    for need in ("Scheda", "Indicatori", "Fasi"):
        if need not in names:
            raise Rejected(f"manca il foglio {need}", "foglioMancante")
    scheda = {}
    for row in wb["Scheda"].iter_rows(max_col=2, values_only=True):
        if row and isinstance(row[0], str):
            scheda[row[0].strip()] = row[1] if len(row) > 1 else None
    settore = text(scheda.get("Settore")).split(" ")[0]
    ref = as_date(scheda.get("Data di riferimento"))
    if settore not in plan["settori"]:
        raise Rejected(f"settore sconosciuto «{settore}»", "settoreSconosciuto")
    if ref is None or ref.year != int(anno):
        raise Rejected("data di riferimento mancante o di un altro anno", "dataRiferimentoErrata")
    if text(scheda.get("Ente")) and text(scheda.get("Ente")) != plan["ente"]:
        raise Rejected("scheda di un altro ente", "enteErrato")
    return scheda, settore, ref


def read_monitoring(path, plan, anno):
    """One settore's workbook -> (settore, date, {id: typed}, {(obj, n): (state, done)})."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:                     # not a zip, truncated, not a workbook...
        raise Rejected(f"non leggibile: {type(e).__name__}: {e}")
    try:
        _, settore, ref = check_scheda(wb, plan, anno)
        values = {}
        for r in sheet_records(wb["Indicatori"], cells=True):
            iid = text(r["ID indicatore"].value)
            if iid:
                values[iid] = typed(r["Valore rilevato"])
        phases = {}
        for r in sheet_records(wb["Fasi"]):
            obj = text(r["ID obiettivo"])
            try:
                n = int(float(r["N"]))
            except (TypeError, ValueError):
                continue
            phases[(obj, n)] = (text(r["Stato"]).lower(), as_date(r["Data completamento"]))
    except Rejected:
        raise
    except Exception as e:                     # truncated zip member, missing column...
        raise Rejected(f"non leggibile: {type(e).__name__}: {e}")
    finally:
        wb.close()
    return settore, ref, values, phases


# --------------------------------------------------------------- full reading (--outputs consolidated/all)
def numbered_records(ws, cells=False):
    """Like sheet_records, with each row's number: ([(row, {header: value})], {header: column letter})."""
    rows = ws.iter_rows() if cells else ws.iter_rows(values_only=True)
    header = None
    out = []
    for n, row in enumerate(rows, start=1):
        if header is None:
            header = [text(c.value if cells else c) for c in row]
            continue
        if all((c.value if cells else c) is None for c in row):
            continue
        out.append((n, dict(zip(header, row))))
    return out, {h: get_column_letter(i + 1) for i, h in enumerate(header or [])}


def anomaly(severity, code, message, file, sheet=None, cell=None):
    return {"severity": severity, "code": code, "message": message, "file": file, "sheet": sheet, "cell": cell}


def read_plan_full(data, name):
    """The plan with everything the outputs need (rows, titles, phases,
    responsabili, employees) and its defects, from the file's bytes."""
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = set(wb.sheetnames)

        def table(sheet, cells=False):
            return numbered_records(wb[sheet], cells) if sheet in sheets else ([], {})

        ente = sheet_records(wb["Ente"])[0]
        settori, managers = {}, []
        rows, settori_cols = table("Settori")
        for n, r in rows:
            code = text(r["Codice"])
            settori[code] = text(r["Nome"])
            managers.append({"code": code, "name": text(r.get("Responsabile")), "from": as_date(r.get("Dal")),
                             "to": as_date(r.get("Al")), "row": n})
        linee = [(text(r["Codice"]), text(r["Nome"])) for _, r in table("Linee")[0]]
        strategici = {text(r["Codice"]): text(r["Linea"]) for _, r in table("Obiettivi strategici")[0]}
        objectives = []
        rows, obiettivi_cols = table("Obiettivi")
        for n, r in rows:
            if text(r["ID"]):
                objectives.append({"id": text(r["ID"]), "settore": text(r["Settore"]), "row": n,
                                   "strategico": text(r.get("Obiettivo strategico")), "title": text(r.get("Titolo"))})
        phases, phases_of = [], {}
        fasi_rows, fasi_cols = table("Fasi")
        for n, r in fasi_rows:
            start, fine = as_date(r["Inizio"]), as_date(r["Fine"])
            try:
                number = int(float(r["N"]))
            except (TypeError, ValueError):
                number = None
            phases.append({"obj": text(r["ID obiettivo"]), "n": number, "desc": text(r.get("Descrizione")),
                           "start": start, "end": fine, "raw_start": r["Inizio"], "raw_end": r["Fine"], "row": n})
            if fine is None:
                continue                      # invalid end date: phase not counted
            phases_of.setdefault(text(r["ID obiettivo"]), []).append((int(r["N"]), fine))
        indicatori = []
        rows, indicatori_cols = table("Indicatori", cells=True)
        for n, r in rows:
            iid = text(r["ID"].value)
            if not iid:
                continue
            ind = make_indicator(iid, r)
            ind.update(row=n, description=text(r["Descrizione"].value), t_raw=plan_text(ind["t"]),
                       tq=quantity_of_plan(ind["t"]), bq=quantity_of_plan(ind["b"]))
            indicatori.append(ind)
        participations = []
        rows, dipendenti_cols = table("Dipendenti")
        for n, r in rows:
            participations.append({"obj": text(r["ID obiettivo"]), "name": text(r["Nome"]),
                                   "category": text(r.get("Categoria")), "row": n})
    finally:
        wb.close()
    plan = {"ente": text(ente.get("Ente")), "anno": ente.get("Anno"), "settori": settori,
            "obiettivi": [o["id"] for o in objectives], "phases_of": phases_of, "indicatori": indicatori,
            "title": text(ente.get("Piano")), "managers": managers, "linee": linee, "strategici": strategici,
            "objectives": objectives, "phases": phases, "participations": participations,
            "by_id": {i["id"]: i for i in indicatori}, "file": name}
    plan["anomalies"] = check_plan(plan, name, settori_cols, obiettivi_cols, fasi_cols, indicatori_cols,
                                   dipendenti_cols)
    return plan


NS_CODES = {"target uguale alla baseline": "targetUgualeBaseline", "target sotto la baseline": "targetIncoerente",
            "decrescente con target sopra la baseline": "targetIncoerente"}


def check_plan(plan, name, settori_cols, obiettivi_cols, fasi_cols, indicatori_cols, dipendenti_cols):
    """The plan's defects, piao's kind: dates, references, coverage, responsabili, indicators."""
    out = []

    def flag(severity, code, message, sheet, cols, header, row):
        out.append(anomaly(severity, code, message, name, sheet, f"{cols.get(header, 'A')}{row}"))

    try:
        year = int(plan["anno"])
    except (TypeError, ValueError):
        year = None
    # phases: impossible dates, outside the year, end before start, duplicates, unknown objective
    objective_ids = set(plan["obiettivi"])
    seen = {}
    for p in plan["phases"]:
        what = f"fase {p['n']} dell'obiettivo {p['obj']}"
        for raw, d, header in ((p["raw_start"], p["start"], "Inizio"), (p["raw_end"], p["end"], "Fine")):
            if raw is not None and d is None:
                if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", text(raw)):
                    flag("errore", "dataImpossibile", f"{what}: la data «{text(raw)}» non esiste nel calendario",
                         "Fasi", fasi_cols, header, p["row"])
                else:
                    flag("errore", "valoreNonValido", f"{what}: «{text(raw)}» non è una data (gg/mm/aaaa)",
                         "Fasi", fasi_cols, header, p["row"])
            elif d is not None and year and d.year != year:
                flag("avviso", "faseFuoriAnno", f"{what}: la data {d:%d/%m/%Y} è fuori dall'anno del piano ({year})",
                     "Fasi", fasi_cols, header, p["row"])
        if p["start"] and p["end"] and p["end"] < p["start"]:
            flag("errore", "fineprimaDiInizio", f"{what}: la fine ({p['end']:%d/%m/%Y}) precede l'inizio "
                 f"({p['start']:%d/%m/%Y})", "Fasi", fasi_cols, "Fine", p["row"])
        if p["n"] is None:
            flag("errore", "valoreNonValido", "manca l'identificativo (N)", "Fasi", fasi_cols, "N", p["row"])
        elif (p["obj"], p["n"]) in seen:
            flag("errore", "idDuplicato", f"la voce «{p['obj']} fase {p['n']}» compare due volte (la prima alla riga "
                 f"{seen[(p['obj'], p['n'])]})", "Fasi", fasi_cols, "N", p["row"])
        else:
            seen[(p["obj"], p["n"])] = p["row"]
        if p["obj"] not in objective_ids:
            flag("errore", "riferimentoSconosciuto", f"obiettivo «{p['obj']}» non esiste nel piano",
                 "Fasi", fasi_cols, "ID obiettivo", p["row"])
    # responsabili: days of the year without one, overlapping periods
    if year:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        one = dt.timedelta(days=1)
        for code in plan["settori"]:
            periods = sorted(((m["from"] or first, m["to"] or last, m) for m in plan["managers"] if m["code"] == code),
                             key=lambda p: p[0])
            if not periods:
                continue
            head = periods[0]
            if head[0] > first:
                flag("avviso", "responsabiliScoperti", f"settore {code}: nessun responsabile dal {first:%d/%m/%Y} al "
                     f"{head[0] - one:%d/%m/%Y}", "Settori", settori_cols, "Dal", head[2]["row"])
            covered, previous = head[1], head[2]
            for start, end, m in periods[1:]:
                if start <= covered:
                    flag("avviso", "responsabiliSovrapposti", f"settore {code}: il periodo di {m['name']} si sovrappone "
                         f"a quello di {previous['name']}", "Settori", settori_cols, "Dal", m["row"])
                elif start > covered + one:
                    flag("avviso", "responsabiliScoperti", f"settore {code}: nessun responsabile dal "
                         f"{covered + one:%d/%m/%Y} al {start - one:%d/%m/%Y}", "Settori", settori_cols, "Al",
                         previous["row"])
                if end > covered:
                    covered, previous = end, m
            if covered < last:
                flag("avviso", "responsabiliScoperti", f"settore {code}: nessun responsabile dal "
                     f"{covered + one:%d/%m/%Y} al {last:%d/%m/%Y}", "Settori", settori_cols, "Al", previous["row"])
    # objectives: references, duplicates, without indicators or employees
    with_indicators = {i["obj"] for i in plan["indicatori"]}
    with_employees = {p["obj"] for p in plan["participations"]}
    seen = {}
    for o in plan["objectives"]:
        if o["id"] in seen:
            flag("errore", "idDuplicato", f"l'obiettivo «{o['id']}» compare due volte (la prima alla riga "
                 f"{seen[o['id']]})", "Obiettivi", obiettivi_cols, "ID", o["row"])
        seen.setdefault(o["id"], o["row"])
        if o["settore"] not in plan["settori"]:
            flag("errore", "riferimentoSconosciuto", f"settore «{o['settore']}» non esiste nel piano",
                 "Obiettivi", obiettivi_cols, "Settore", o["row"])
        if plan["strategici"] and o["strategico"] not in plan["strategici"]:
            flag("errore", "riferimentoSconosciuto", f"obiettivo strategico «{o['strategico']}» non esiste nel piano",
                 "Obiettivi", obiettivi_cols, "Obiettivo strategico", o["row"])
        if o["id"] not in with_indicators:
            flag("errore", "obiettivoSenzaIndicatori", f"l'obiettivo {o['id']} non ha indicatori: non può essere "
                 "valutato", "Obiettivi", obiettivi_cols, "ID", o["row"])
        if o["id"] not in with_employees:
            flag("avviso", "senzaDipendenti", f"l'obiettivo {o['id']} non ha dipendenti partecipanti",
                 "Obiettivi", obiettivi_cols, "ID", o["row"])
    for p in plan["participations"]:
        if p["obj"] not in objective_ids:
            flag("errore", "riferimentoSconosciuto", f"obiettivo «{p['obj']}» non esiste nel piano",
                 "Dipendenti", dipendenti_cols, "ID obiettivo", p["row"])
    # indicators: references, duplicates, measure and target
    seen = {}
    for ind in plan["indicatori"]:
        iid, row = ind["id"], ind["row"]
        if iid in seen:
            flag("errore", "idDuplicato", f"l'indicatore «{iid}» compare due volte (la prima alla riga {seen[iid]})",
                 "Indicatori", indicatori_cols, "ID", row)
        seen.setdefault(iid, row)
        if ind["obj"] not in objective_ids:
            flag("errore", "riferimentoSconosciuto", f"obiettivo «{ind['obj']}» non esiste nel piano",
                 "Indicatori", indicatori_cols, "ID obiettivo", row)
        if ind["settore"] not in plan["settori"]:
            flag("errore", "riferimentoSconosciuto", f"settore «{ind['settore']}» non esiste nel piano",
                 "Indicatori", indicatori_cols, "Settore", row)
        if ind["misura"] == "":
            flag("avviso", "senzaMisura", f"indicatore {iid}: manca la misura (data, tempestività, quantità, "
                 "percentuale, si/no); l'indicatore non sarà valutabile", "Indicatori", indicatori_cols, "Misura", row)
        if ind["t"] is None:
            flag("avviso", "senzaTarget", f"indicatore {iid}: manca il target; l'indicatore non sarà valutabile",
                 "Indicatori", indicatori_cols, "Target", row)
        elif ind["rule"] == "NS" and ind["misura"]:
            code = NS_CODES.get(ind["ns_reason"], "targetNonValutabile")
            flag("avviso", code, f"indicatore {iid}: {ind['ns_reason']} (target {ind['t_raw']}): l'indicatore non "
                 "sarà valutabile", "Indicatori", indicatori_cols, "Target", row)
        if "si/no" in ind["desc"] and ind["misura"] == "percentuale":
            flag("avviso", "misuraIncoerente", f"indicatore {iid}: la descrizione chiede una risposta si/no ma la "
                 f"misura è «percentuale» con target «{ind['t_raw']}»; un «SI» del settore non sarebbe valutabile",
                 "Indicatori", indicatori_cols, "Misura", row)
    return out


PHASE_STATES = ("non avviata", "in corso", "completata")


def cell_text(v):
    """A cell as written: Italian decimal comma, dd/mm/yyyy dates."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "VERO" if v else "FALSO"
    if isinstance(v, (dt.datetime, dt.date)):
        return f"{v:%d/%m/%Y}"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, (int, float)):
        return repr(v).replace(".", ",")
    return str(v).strip()


def read_monitoring_full(data, name, plan, anno):
    """One settore's workbook, from its bytes, with what the outputs need:
    -> dict(settore, ref, values {id: typed}, phases {(obj, n): (state, done)}
    as read_monitoring, plus compiled_by/on, the value and phase rows with
    their cells and notes, and the anomalies). Rejected as read_monitoring."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:                     # not a zip, truncated, not a workbook...
        raise Rejected(f"non leggibile: {type(e).__name__}: {e}")
    anomalies = []

    def flag(severity, code, message, sheet, cell):
        anomalies.append(anomaly(severity, code, message, name, sheet, cell))

    try:
        scheda, settore, ref = check_scheda(wb, plan, anno)
        compiled_on = as_date(scheda.get("Data compilazione"))
        if scheda.get("Data compilazione") is not None and compiled_on is None:
            flag("avviso", "valoreNonValido", f"la data di compilazione «{cell_text(scheda.get('Data compilazione'))}» "
                 "non è una data", "Scheda", None)
        values, value_rows, seen = {}, [], {}
        rows, cols = numbered_records(wb["Indicatori"], cells=True)
        col_value = cols.get("Valore rilevato", "G")
        for n, r in rows:
            iid = text(r["ID indicatore"].value)
            at = f"{col_value}{n}"
            if not iid:
                flag("avviso", "rigaSenzaID", "riga senza ID indicatore: ignorata", "Indicatori", f"A{n}")
                continue
            cell = typed(r["Valore rilevato"])
            values[iid] = cell
            ind = plan["by_id"].get(iid)
            if ind is None:
                flag("errore", "indicatoreSconosciuto", f"l'indicatore «{iid}» non esiste nel piano: riga ignorata",
                     "Indicatori", at)
                continue
            if ind["settore"] != settore:
                flag("errore", "indicatoreAltroSettore", f"l'indicatore {iid} è del settore {ind['settore']}, non "
                     f"del {settore}: riga ignorata", "Indicatori", at)
                continue
            if iid in seen:
                flag("errore", "indicatoreDuplicato", f"l'indicatore {iid} compare due volte (vale la riga "
                     f"{seen[iid]})", "Indicatori", at)
                continue
            seen[iid] = n
            a = normalise(ind, cell)
            raw = cell_text(r["Valore rilevato"].value)
            if cell is not None and a is None:
                flag("errore", "valoreTipoErrato", f"indicatore {iid}: «{raw}» non è un valore valido per la misura "
                     f"«{ind['misura'] or 'non indicata'}»", "Indicatori", at)
            note = r.get("Note")
            reason = r.get("Motivazione scostamento")
            value_rows.append({"id": iid, "value": quantity_of(ind, a), "raw": raw, "sheet": "Indicatori", "cell": at,
                               "note": text(note.value) if note is not None else "",
                               "reason": text(reason.value) if reason is not None else ""})
        for ind in plan["indicatori"]:
            if ind["settore"] == settore and ind["id"] not in seen:
                flag("avviso", "indicatoreMancante", f"manca la riga dell'indicatore {ind['id']}: risulterà senza "
                     "valore", "Indicatori", "A1")
        phases, phase_rows = {}, []
        planned = {(p["obj"], p["n"]) for p in plan["phases"]}
        rows, cols = numbered_records(wb["Fasi"])
        col_state, col_done = cols.get("Stato", "F"), cols.get("Data completamento", "G")
        for n, r in rows:
            obj = text(r["ID obiettivo"])
            try:
                number = int(float(r["N"]))
            except (TypeError, ValueError):
                continue
            state, done = text(r["Stato"]).lower(), as_date(r["Data completamento"])
            phases[(obj, number)] = (state, done)
            key = f"{obj}/{number}"
            if (obj, number) not in planned:
                flag("errore", "faseSconosciuta", f"la fase {number} dell'obiettivo «{obj}» non esiste nel piano: "
                     "riga ignorata", "Fasi", f"A{n}")
                continue
            if state and state not in PHASE_STATES:
                flag("errore", "valoreNonValido", f"fase {key}: stato «{state}» sconosciuto (non avviata, in corso, "
                     "completata)", "Fasi", f"{col_state}{n}")
            if r["Data completamento"] is not None and done is None:
                flag("errore", "valoreNonValido", f"fase {key}: «{cell_text(r['Data completamento'])}» non è una data "
                     "(gg/mm/aaaa)", "Fasi", f"{col_done}{n}")
            if state == "completata" and done is None:
                flag("avviso", "faseSenzaData", f"fase {key}: completata ma senza data di completamento", "Fasi",
                     f"{col_done}{n}")
            elif done is not None and state != "completata":
                flag("avviso", "faseDataSenzaStato", f"fase {key}: data di completamento {done:%d/%m/%Y} ma stato "
                     f"«{state}»", "Fasi", f"{col_state}{n}")
            phase_rows.append({"obj": obj, "n": number, "state": state if state in PHASE_STATES else None,
                               "done": done, "note": text(r.get("Note")), "sheet": "Fasi",
                               "cell": f"{col_state}{n}"})
    except Rejected:
        raise
    except Exception as e:                     # truncated zip member, missing column...
        raise Rejected(f"non leggibile: {type(e).__name__}: {e}")
    finally:
        wb.close()
    return {"settore": settore, "ref": ref, "values": values, "phases": phases,
            "compiled_by": text(scheda.get("Compilato da")), "compiled_on": compiled_on,
            "value_rows": value_rows, "phase_rows": phase_rows, "anomalies": anomalies}


def quantity_of(ind, a):
    """A normalised reported value, tagged with its kind for the outputs:
    ("pct" | "num" | "date" | "yn", value) or None."""
    if a is None:
        return None
    if isinstance(a, bool):
        return ("yn", a)
    if isinstance(a, dt.date):
        return ("date", a)
    if ind["misura"] == "percentuale" and not ind["change"]:
        return ("pct", a)
    return ("num", a)


def plan_text(v):
    """A plan Target/Baseline value as text (percent as percent)."""
    if isinstance(v, Pct):
        return cell_text(round(v * 100, 6)) + "%"
    return cell_text(v)


def quantity_of_plan(v):
    """A plan Target/Baseline value, tagged like quantity_of."""
    if v is None:
        return None
    if isinstance(v, Pct):
        return ("pct", float(v))
    if isinstance(v, dt.date):
        return ("date", v)
    if v in ("SI", "NO"):
        return ("yn", v == "SI")
    return ("num", float(v))


# --------------------------------------------------------------- scoring
def score_indicator(ind, ref, final, plan, received, detail=None):
    """-> (status 'g' / 'NOTDUE' / 'NS', g or None, value shown).

    With a dict as `detail` (--outputs consolidated/all), also fills in what
    the outputs show: "actual" (the reported value, normalised), "raw" (g
    before clamping), for phases "ok", "due", "due_n" and "notes"."""
    rule = ind["rule"]
    st = ind["settore"]
    if rule == "NS":
        if detail is not None:                 # not scorable, but the value reported is shown
            detail["actual"] = quantity_of(ind, normalise(ind, received.get(st, ({}, {}))[0].get(ind["id"])))
        return "NS", None, None
    values, phases = received.get(st, ({}, {}))
    if rule == "PHASES":
        due = ok = 0
        for n, fine in sorted(plan["phases_of"].get(ind["obj"], [])):
            if fine > ref:
                continue
            due += 1
            state, done = phases.get((ind["obj"], n), (None, None))
            if state == "completata" and done is not None and done <= fine:
                ok += 1
            elif detail is not None:
                detail.setdefault("notes", []).append(phase_note(n, fine, state, done))
            if detail is not None:
                detail.setdefault("due_n", []).append(n)
        if detail is not None:
            detail.update(actual=quantity_of(ind, normalise(ind, values.get(ind["id"]))), ok=ok, due=due,
                          raw=ok / due if due else None)
        if not due:
            return "NOTDUE", None, None
        return "g", clamp(ok / due), ok / due
    cell = values.get(ind["id"])
    a = normalise(ind, cell)
    if detail is not None:
        detail["actual"] = quantity_of(ind, a)
    if a is None:
        if not final:
            return "NOTDUE", None, None
        return "NS", None, None
    t, b = ind["t"], ind["b"]
    tv = float(t) if isinstance(t, float) else t
    bv = float(b) if isinstance(b, float) else b
    if rule == "YESNO":
        g = 1.0 if a == (t == "SI") else 0.0
    elif rule == "DATE":
        g = 1.0 if a <= t else 0.0
    elif rule == "REDUCTION":
        g = ((bv - a) / bv) / tv
    elif rule == "INCREASE":
        g = ((a - bv) / bv) / tv
    elif rule == "ZERO":
        tol = ind["tol"]
        if a <= 0:
            g = 1.0
        elif tol > 0:
            g = max(0.0, 1 - a / tol)
        else:
            g = 0.0
    elif rule == "DOWN_BASE":
        g = (bv - a) / (bv - tv)
    elif rule == "INVERSE":
        g = 1.0 if a <= 0 else tv / a
    elif rule == "PROGRESS":
        g = (a - bv) / (tv - bv)
    elif rule == "RATIO":
        g = a / tv
    else:
        raise AssertionError(rule)
    if detail is not None:
        detail["raw"] = g
    return "g", clamp(g), a


def phase_note(n, fine, state, done):
    """Why a due phase was not respected, in piao's words."""
    if state == "completata" and done is not None:
        return f"fase {n} completata il {done:%d/%m/%Y}, dopo la fine prevista ({fine:%d/%m/%Y})"
    if state == "completata":
        return f"fase {n} completata senza data: non verificabile"
    return f"fase {n} non completata entro il {fine:%d/%m/%Y}"


def consolidate_scores(plan, ref, final, received, extra=None):
    """-> (rows, settore scores, ente score). With a dict as `extra`, also
    extra["details"] (one score_indicator detail per row), extra["pair"]
    ({(obj, settore): score}) and extra["whole"] ({obj: score})."""
    inds = plan["indicatori"]
    rows = []
    details = extra.setdefault("details", []) if extra is not None else None
    for ind in inds:
        detail = {} if details is not None else None
        status, g, shown = score_indicator(ind, ref, final, plan, received, detail)
        rows.append((ind, status, g, shown))
        if details is not None:
            details.append(detail)
    g_of = {ind["id"]: g for ind, _, g, _ in rows}
    pair = {}      # (obj, settore) -> score
    for ind in inds:
        pair.setdefault((ind["obj"], ind["settore"]), []).append(g_of[ind["id"]])
    pair = {k: mean(v) for k, v in pair.items()}
    settori = {st: mean(x for (o, s), x in pair.items() if s == st) for st in plan["settori"]}
    whole = {o: mean(g_of[i["id"]] for i in inds if i["obj"] == o) for o in plan["obiettivi"]}
    ente = mean(whole.values())
    if extra is not None:
        extra["pair"], extra["whole"] = pair, whole
    return rows, settori, ente


# --------------------------------------------------------------- output
RULE_WORDS = {
    "PHASES": "fasi", "YESNO": "si/no", "DATE": "data", "REDUCTION": "riduzione su baseline",
    "INCREASE": "aumento su baseline", "ZERO": "indice target 0", "DOWN_BASE": "decrescente con baseline",
    "INVERSE": "decrescente target/valore", "PROGRESS": "progresso da baseline", "RATIO": "rapporto",
    "NS": "non valutabile",
}


def write_workbook(path, plan, ref, final, rows, settori, ente, files, rejected):
    wb = xlsxwriter.Workbook(path)
    bold = wb.add_format({"bold": True})
    pct = wb.add_format({"num_format": "0.00%"})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})

    ws = wb.add_worksheet("Sintesi")
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 48)
    ws.set_column(2, 3, 22)
    ws.write(0, 0, plan["ente"], bold)
    ws.write(1, 0, "Data di riferimento")
    ws.write_datetime(1, 1, dt.datetime(ref.year, ref.month, ref.day), date)
    ws.write(2, 0, "Monitoraggio")
    ws.write(2, 1, "finale" if final else "intermedio")
    ws.write(3, 0, "File")
    ws.write(3, 1, f"{files} ricevuti, {rejected} rifiutati")
    ws.write_row(5, 0, ["Livello", "Nome", "Punteggio", "Fascia"], bold)
    ws.write_row(6, 0, ["Ente", plan["ente"]])
    if ente is not None:
        ws.write_number(6, 2, ente, pct)
    ws.write(6, 3, band(ente))
    r = 7
    for code, name in plan["settori"].items():
        ws.write_string(r, 0, code)
        ws.write(r, 1, name)
        if settori[code] is not None:
            ws.write_number(r, 2, settori[code], pct)
        ws.write(r, 3, band(settori[code]))
        r += 1

    ws = wb.add_worksheet("Indicatori")
    ws.set_column(0, 2, 10)
    ws.set_column(3, 6, 14)
    ws.set_column(7, 7, 26)
    ws.write_row(0, 0, ["ID", "Obiettivo", "Settore", "Target", "Valore", "Raggiungimento",
                        "Stato", "Regola"], bold)
    for i, (ind, status, g, shown) in enumerate(rows, start=1):
        ws.write_string(i, 0, ind["id"])
        ws.write_string(i, 1, ind["obj"])
        ws.write_string(i, 2, ind["settore"])
        for col, v, is_pct in ((3, ind["t"], isinstance(ind["t"], Pct)),
                               (4, shown, isinstance(ind["t"], Pct) or ind["rule"] == "PHASES")):
            if v is None:
                continue
            if isinstance(v, dt.date):
                ws.write_datetime(i, col, dt.datetime(v.year, v.month, v.day), date)
            elif isinstance(v, bool):
                ws.write_string(i, col, "SI" if v else "NO")
            elif isinstance(v, float):
                ws.write_number(i, col, v, pct if is_pct else None)
            else:
                ws.write_string(i, col, str(v))
        if g is not None:
            ws.write_number(i, 5, g, pct)
        ws.write_string(i, 6, {"g": "valutato", "NOTDUE": "non dovuto", "NS": "non valutabile"}[status])
        ws.write_string(i, 7, RULE_WORDS[ind["rule"]])
    ws.autofilter(0, 0, len(rows), 7)
    ws.freeze_panes(1, 0)
    wb.close()


# --------------------------------------------------------------- one ente
def scored_date(by_date, final_date, anno):
    """The date whose scores are reported: the final one when a file for it was
    received, else the latest date received (then as an intermediate date)."""
    if final_date in by_date:
        return final_date, True
    if by_date:
        ref = max(by_date)
        return ref, ref == final_date
    return final_date or dt.date(int(anno), 12, 31), True


def consolidate_ente(task):
    base, ente_cfg, finale = task
    plan = read_plan(os.path.join(base, ente_cfg["piano"]))
    anno = ente_cfg.get("anno", plan["anno"])
    drop = os.path.join(base, ente_cfg["cartelle"]["monitoraggio"])
    out = os.path.join(base, ente_cfg["cartelle"]["output"])
    names = sorted(n for n in os.listdir(drop)
                   if n.lower().endswith(".xlsx") and not n.startswith(("~$", ".")))
    # the latest file (by modification time) wins for the same settore and date
    names.sort(key=lambda n: os.stat(os.path.join(drop, n)).st_mtime)
    by_date = {}
    rejected = 0
    for name in names:
        try:
            settore, ref, values, phases = read_monitoring(os.path.join(drop, name), plan, anno)
        except Rejected as e:
            rejected += 1
            print(f"[RIFIUTATO] {ente_cfg['ente']}: {name} — {e}", file=sys.stderr)
            continue
        by_date.setdefault(ref, {})[settore] = (values, phases)
    final_date = dt.date.fromisoformat(finale) if finale else None
    ref, final = scored_date(by_date, final_date, anno)
    rows, settori, ente = consolidate_scores(plan, ref, final, by_date.get(ref, {}))
    os.makedirs(out, exist_ok=True)
    write_workbook(os.path.join(out, "consolidato-peer.xlsx"), plan, ref, final,
                   rows, settori, ente, len(names), rejected)
    return {"ente": ente_cfg["ente"], "files": len(names), "rejected": rejected,
            "score": ente, "settori": settori,
            "pid": os.getpid(), "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def consolidate_ente_full(task):
    """--outputs consolidated / all: read everything piao reads, score every
    configured monitoring date with data, write what piao writes."""
    import peer_outputs
    base, ente_cfg, finale, intermedi, mode = task
    started_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    plan_path = os.path.join(base, ente_cfg["piano"])
    with open(plan_path, "rb") as f:
        plan_data = f.read()
    plan_name = os.path.basename(plan_path)
    plan = read_plan_full(plan_data, plan_name)
    plan_file = {"name": plan_name, "sha256": hashlib.sha256(plan_data).hexdigest(), "outcome": "piano",
                 "settore": None, "ref": None, "compiled_by": "", "compiled_on": None, "reason": None}
    del plan_data
    anno = ente_cfg.get("anno", plan["anno"])
    drop = os.path.join(base, ente_cfg["cartelle"]["monitoraggio"])
    out = os.path.join(base, ente_cfg["cartelle"]["output"])
    names = sorted(n for n in os.listdir(drop)
                   if n.lower().endswith(".xlsx") and not n.startswith(("~$", ".")))
    inputs = []
    rejected = 0
    for name in names:
        path = os.path.join(drop, name)
        with open(path, "rb") as f:
            data = f.read()
        inp = {"name": name, "data": data, "sha256": hashlib.sha256(data).hexdigest(),
               "mtime": os.stat(path).st_mtime, "outcome": "accettato", "settore": None, "ref": None,
               "compiled_by": "", "compiled_on": None, "reason": None, "anomalies": [],
               "value_rows": [], "phase_rows": []}
        try:
            inp.update(read_monitoring_full(data, name, plan, anno))
        except Rejected as e:
            rejected += 1
            print(f"[RIFIUTATO] {ente_cfg['ente']}: {name} — {e}", file=sys.stderr)
            inp.update(outcome="rifiutato", reason=str(e), anomalies=[anomaly("errore", e.code, str(e), name)])
        inp["rows_by_id"] = {v["id"]: v for v in inp["value_rows"]}
        inp["phases_by_key"] = {(p["obj"], p["n"]): p for p in inp["phase_rows"]}
        inputs.append(inp)
    # the latest file (by modification time) wins for the same settore and date
    accepted = [inp for inp in inputs if inp["outcome"] == "accettato"]
    by_date, winner = {}, {}
    for inp in sorted(accepted, key=lambda i: i["mtime"]):
        by_date.setdefault(inp["ref"], {})[inp["settore"]] = (inp["values"], inp["phases"])
        winner[(inp["settore"], inp["ref"])] = inp
    for inp in accepted:
        w = winner[(inp["settore"], inp["ref"])]
        if w is not inp:
            inp.update(outcome="sostituito", reason=f"sostituito da «{w['name']}»")
    final_date = dt.date.fromisoformat(finale) if finale else None
    ref, final = scored_date(by_date, final_date, anno)
    # piao's monitoring periods: the intermediate dates, then the final one; a score card for each with data
    periods = [(dt.date.fromisoformat(d), False) for d in (intermedi if intermedi is not None else [f"{anno}-06-30"])]
    periods.append((final_date or dt.date(int(anno), 12, 31), True))
    cards = []
    for date, is_final in periods:
        if date not in by_date:
            continue
        extra = {}
        rows, settori, ente = consolidate_scores(plan, date, is_final, by_date[date], extra)
        sources = {st: inp for (st, d), inp in winner.items() if d == date}
        cards.append(peer_outputs.make_card(plan, date, is_final, rows, settori, ente, extra, sources))
    card = next((c for c in cards if c["date"] == ref and c["final"] == final), None)
    if card is not None:
        settori, ente = {code: s["score"] for code, s in card["sectors"].items()}, card["ente"]["score"]
    else:
        _, settori, ente = consolidate_scores(plan, ref, final, by_date.get(ref, {}))
    ctx = {"plan": plan, "plan_file": plan_file, "inputs": inputs, "cards": cards}
    peer_outputs.write_outputs(out, ctx, mode, started_at)
    return {"ente": ente_cfg["ente"], "files": len(names), "rejected": rejected,
            "score": ente, "settori": settori,
            "pid": os.getpid(), "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def main() -> int:
    ap = argparse.ArgumentParser(description="openpyxl + XlsxWriter peer of `piao run` (benchmark only)")
    ap.add_argument("dir", help="the round's folder (holds pipeline.json)")
    ap.add_argument("--jobs", type=int, default=1, help="processes over enti (default 1)")
    ap.add_argument("--scores", metavar="OUT", help="also write the scores as JSON to OUT")
    ap.add_argument("--outputs", choices=("summary", "consolidated", "all"), default="summary",
                    help="summary: a 2-sheet workbook per ente (default); consolidated: piao's consolidated "
                         "workbooks; all: everything piao writes per ente (see the module docstring)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    base = os.path.abspath(args.dir)
    with open(os.path.join(base, "pipeline.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    enti = cfg["enti"] if "enti" in cfg else [cfg]
    finale = (cfg.get("monitoraggi") or {}).get("finale")
    if args.outputs == "summary":
        work, tasks = consolidate_ente, [(base, e, finale) for e in enti]
    else:
        intermedi = (cfg.get("monitoraggi") or {}).get("intermedi")
        work, tasks = consolidate_ente_full, [(base, e, finale, intermedi, args.outputs) for e in enti]
    if args.jobs > 1:
        with Pool(args.jobs) as pool:
            results = list(pool.imap(work, tasks, chunksize=1))
    else:
        results = [work(t) for t in tasks]
    seconds = time.perf_counter() - t0

    if args.scores:
        with open(args.scores, "w", encoding="utf-8") as f:
            json.dump({r["ente"]: {"ente": r["score"], "settori": r["settori"]} for r in results},
                      f, indent=1)
    # sum of the peak RSS of every process (this one + each worker): an upper
    # bound of the footprint with --jobs N (pages shared after fork count N times)
    peaks = {os.getpid(): resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    for r in results:
        peaks[r["pid"]] = max(peaks.get(r["pid"], 0), r["maxrss_kib"])
    line = {"enti": len(results), "files": sum(r["files"] for r in results),
            "rejected": sum(r["rejected"] for r in results),
            "seconds": round(seconds, 3), "rss_sum_kib": sum(peaks.values())}
    if args.outputs != "summary":
        line["outputs"] = args.outputs
    print(json.dumps(line, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
