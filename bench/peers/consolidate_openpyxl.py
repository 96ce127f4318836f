#!/usr/bin/env python3
"""Peer consolidator for the national-round benchmark: openpyxl + XlsxWriter.

Usage: consolidate_openpyxl.py DIR [--jobs N] [--scores OUT.json]

Benchmark peer, not part of piao and not a test. It does the same work as
`piao run --config DIR/pipeline.json` does for the score, written the way a
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
    objective scores; bands raggiunto >= 0.9, parzialmente >= 0.6;
  * write one consolidated workbook per ente with XlsxWriter:
    <output>/consolidato-peer.xlsx, sheets Sintesi and Indicatori.

The monitoring date scored is the configuration's "finale" when a file for it
was received, else the latest date received (then as an intermediate date).

--jobs N (N > 1) spreads the enti over N processes (multiprocessing.Pool).
--scores OUT.json writes {ente: {"ente": score, "settori": {code: score}}} for
the driver's cross-check with piao's figures.

Prints one JSON line: {"enti": E, "files": F, "rejected": R, "seconds": S,
"rss_sum_kib": K} (F = workbooks found in the drop folders, R = those rejected,
S = in-process seconds from reading pipeline.json to the last workbook written,
K = the sum of the peak RSS of this process and of each worker: with --jobs N
an upper bound of the whole footprint, since pages shared after fork count in
every process).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import sys
import time
from multiprocessing import Pool

from openpyxl import load_workbook
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
            indicatori.append(ind)
    finally:
        wb.close()
    return {"ente": text(ente.get("Ente")), "anno": ente.get("Anno"), "settori": settori,
            "obiettivi": obiettivi, "phases_of": phases_of, "indicatori": indicatori}


# --------------------------------------------------------------- monitoring
class Rejected(Exception):
    pass


def read_monitoring(path, plan, anno):
    """One settore's workbook -> (settore, date, {id: typed}, {(obj, n): (state, done)})."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:                     # not a zip, truncated, not a workbook...
        raise Rejected(f"non leggibile: {type(e).__name__}: {e}")
    try:
        names = set(wb.sheetnames)
        for need in ("Scheda", "Indicatori", "Fasi"):
            if need not in names:
                raise Rejected(f"manca il foglio {need}")
        scheda = {}
        for row in wb["Scheda"].iter_rows(max_col=2, values_only=True):
            if row and isinstance(row[0], str):
                scheda[row[0].strip()] = row[1] if len(row) > 1 else None
        settore = text(scheda.get("Settore")).split(" ")[0]
        ref = as_date(scheda.get("Data di riferimento"))
        if settore not in plan["settori"]:
            raise Rejected(f"settore sconosciuto «{settore}»")
        if ref is None or ref.year != int(anno):
            raise Rejected("data di riferimento mancante o di un altro anno")
        if text(scheda.get("Ente")) and text(scheda.get("Ente")) != plan["ente"]:
            raise Rejected("scheda di un altro ente")
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


# --------------------------------------------------------------- scoring
def score_indicator(ind, ref, final, plan, received):
    """-> (status 'g' / 'NOTDUE' / 'NS', g or None, value shown)."""
    rule = ind["rule"]
    st = ind["settore"]
    if rule == "NS":
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
        if not due:
            return "NOTDUE", None, None
        return "g", clamp(ok / due), ok / due
    cell = values.get(ind["id"])
    a = normalise(ind, cell)
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
    return "g", clamp(g), a


def consolidate_scores(plan, ref, final, received):
    inds = plan["indicatori"]
    rows = []
    for ind in inds:
        status, g, shown = score_indicator(ind, ref, final, plan, received)
        rows.append((ind, status, g, shown))
    g_of = {ind["id"]: g for ind, _, g, _ in rows}
    pair = {}      # (obj, settore) -> score
    for ind in inds:
        pair.setdefault((ind["obj"], ind["settore"]), []).append(g_of[ind["id"]])
    pair = {k: mean(v) for k, v in pair.items()}
    settori = {st: mean(x for (o, s), x in pair.items() if s == st) for st in plan["settori"]}
    whole = {o: mean(g_of[i["id"]] for i in inds if i["obj"] == o) for o in plan["obiettivi"]}
    ente = mean(whole.values())
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
    if final_date in by_date:
        ref, final = final_date, True
    elif by_date:
        ref = max(by_date)
        final = ref == final_date
    else:
        ref, final = final_date or dt.date(int(anno), 12, 31), True
    rows, settori, ente = consolidate_scores(plan, ref, final, by_date.get(ref, {}))
    os.makedirs(out, exist_ok=True)
    write_workbook(os.path.join(out, "consolidato-peer.xlsx"), plan, ref, final,
                   rows, settori, ente, len(names), rejected)
    return {"ente": ente_cfg["ente"], "files": len(names), "rejected": rejected,
            "score": ente, "settori": settori,
            "pid": os.getpid(), "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def main() -> int:
    ap = argparse.ArgumentParser(description="openpyxl + XlsxWriter peer of `piao run` (benchmark only)")
    ap.add_argument("dir", help="the round's folder (holds pipeline.json)")
    ap.add_argument("--jobs", type=int, default=1, help="processes over enti (default 1)")
    ap.add_argument("--scores", metavar="OUT", help="also write the scores as JSON to OUT")
    args = ap.parse_args()

    t0 = time.perf_counter()
    base = os.path.abspath(args.dir)
    with open(os.path.join(base, "pipeline.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    enti = cfg["enti"] if "enti" in cfg else [cfg]
    finale = (cfg.get("monitoraggi") or {}).get("finale")
    tasks = [(base, e, finale) for e in enti]
    if args.jobs > 1:
        with Pool(args.jobs) as pool:
            results = list(pool.imap(consolidate_ente, tasks, chunksize=1))
    else:
        results = [consolidate_ente(t) for t in tasks]
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
    print(json.dumps({"enti": len(results), "files": sum(r["files"] for r in results),
                      "rejected": sum(r["rejected"] for r in results),
                      "seconds": round(seconds, 3), "rss_sum_kib": sum(peaks.values())},
                     separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
