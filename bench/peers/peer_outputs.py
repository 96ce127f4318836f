"""Outputs of the benchmark peer (consolidate_openpyxl.py --outputs consolidated/all).

Benchmark code, not part of piao. Plain Python, written the way a competent
user would: XlsxWriter (default mode) for the workbooks, csv for the open
data, sqlite3 for the history, hashlib for the SHA-256, files written to a
temporary name and renamed into place (os.replace). Each output has the same
sheets, columns, rows, formats, band colours, filters, frozen headers and
charts as piao's (Sources/Reports/Consolidated/ConsolidatedWorkbook.swift,
OIV/OIVExport.swift, Receipts/Receipt.swift, OpenData/OpenData.swift,
Sources/Store/HistoryStore.swift, Sources/Pipeline/Archive.swift); the
content comes from the peer's own reading and scoring.

Scoring settings are piao's defaults (cap 100%, no tolerances, bands 90% and
60%, progressive increase over baseline, inverse for lower-is-better without
baseline, weights 1): the peer's scoring rules implement those.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
import os
import shutil
import sqlite3

import xlsxwriter

CAP = 1.0
ACHIEVED, PARTIAL = 0.9, 0.6


# --------------------------------------------------------------- formatting
def round_half(x):
    """Rounds half away from zero (Swift's .rounded(), not Python's banker's round)."""
    return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)


def grouped(v):
    s = f"{abs(v):,}".replace(",", ".")
    return ("-" if v < 0 else "") + s


def fmt_number(v):
    """Italian number with at most 2 decimals: 1.234,5"""
    r = round_half(v * 100) / 100
    if r == math.trunc(r) and abs(r) < 1e15:
        return grouped(int(r))
    cents = int(round_half(abs(r) * 100)) % 100
    frac = str(cents // 10) if cents % 10 == 0 else (f"0{cents}" if cents < 10 else str(cents))
    return ("-" if r < 0 else "") + grouped(int(abs(r))) + "," + frac


def fmt_percent(ratio):
    return fmt_number(ratio * 100) + "%"


def it(d):
    return f"{d:%d/%m/%Y}"


def fmt_quantity(q):
    """A tagged value as text (percent as percent)."""
    kind, v = q
    if kind == "pct":
        return fmt_percent(v)
    if kind == "num":
        return fmt_number(v)
    if kind == "date":
        return it(v)
    return "SI" if v else "NO"


def slug(ente):
    """'Comune di Cassano d'Adda' -> 'cassano-d-adda'"""
    import unicodedata
    for prefix in ("Comune di ", "Città di ", "Citta di ", "Unione dei comuni ", "Unione "):
        if ente.startswith(prefix):
            ente = ente[len(prefix):]
            break
    folded = unicodedata.normalize("NFKD", ente).encode("ascii", "ignore").decode().lower()
    words, word = [], ""
    for ch in folded:
        if ch.isascii() and ch.isalnum():
            word += ch
        elif word:
            words.append(word)
            word = ""
    if word:
        words.append(word)
    return "-".join(words)


def band(x):
    if x is None:
        return ""
    if x >= ACHIEVED:
        return "raggiunto"
    if x >= PARTIAL:
        return "parzialmente raggiunto"
    return "non raggiunto"


def sector_label(plan, code):
    name = plan["settori"].get(code)
    return f"{code} – {name}" if name else code


# --------------------------------------------------------------- score card
def aggregate(id_, label, items):
    """items [(id, score or None)], weights 1 -> dict(id, label, score, band, parts, excluded, explanation).
    `score` is computed here; callers that hold the peer's own figure pass it over."""
    parts = [(i, s) for i, s in items if s is not None]
    excluded = [i for i, s in items if s is None]
    if not parts:
        return {"id": id_, "label": label, "score": None, "parts": parts, "excluded": excluded,
                "explanation": "nessun elemento valutabile"}
    score = sum(s for _, s in parts) / len(parts)
    terms = " + ".join(f"{fmt_percent(s)} × 1" for _, s in parts)
    return {"id": id_, "label": label, "score": score, "parts": parts, "excluded": excluded,
            "explanation": f"({terms}) / {len(parts)} = {fmt_percent(score)}"}


RULE_NAMES = {
    "PHASES": "rispetto di fasi e tempi", "YESNO": "si/no", "DATE": "data",
    "REDUCTION": "riduzione % rispetto alla baseline", "INCREASE": "aumento % rispetto alla baseline",
    "ZERO": "indice con target 0", "DOWN_BASE": "riduzione verso il target (con baseline)",
    "INVERSE": "minore è meglio (senza baseline)", "PROGRESS": "incremento rispetto alla baseline",
    "RATIO": "rapporto consuntivo/target",
}
STATUS_WORDS = {"g": "valutato", "NS": "non valutabile", "NOTDUE": "non ancora dovuto"}


def rule_name(ind):
    return RULE_NAMES.get(ind["rule"]) or f"non valutabile: {ind['ns_reason']}"


def explain(ind, status, detail, date, has_row):
    """The arithmetic in words, piao's style."""
    rule = ind["rule"]
    if rule == "NS":
        return f"non valutabile: {ind['ns_reason']}"
    if rule == "PHASES" and detail.get("due") is not None:
        tail = " [" + "; ".join(detail["notes"]) + "]" if detail.get("notes") else ""
        if status == "NOTDUE":
            return f"nessuna fase dovuta entro il {it(date)}{tail}"
        return f"fasi rispettate {detail['ok']} su {detail['due']} dovute entro il {it(date)} = " \
               f"{fmt_percent(detail['raw'])}{tail}"
    if status == "NOTDUE":
        return "valore non ancora rilevato alla data intermedia"
    if status == "NS":
        why = "valore mancante alla data finale" if has_row else "nessun valore trasmesso alla data finale"
        return f"non valutabile: {why}"
    g = detail["raw"]
    kind, a = detail["actual"]
    tq, bq = ind["tq"], ind["bq"]
    capped = " (conteggiato 100%)" if g > CAP else (" (conteggiato 0%)" if g < 0 else "")
    if rule == "YESNO":
        return f"{'SI' if a else 'NO'}, atteso {'SI' if tq[1] else 'NO'}: {'100%' if g == 1 else '0%'}"
    if rule == "DATE":
        t = tq[1]
        if a <= t:
            return f"raggiunto il {it(a)}, entro il {it(t)}: 100%"
        return f"raggiunto il {it(a)}, {fmt_number((a - t).days)} giorni dopo il {it(t)}; tolleranza 0 giorni: 0%"
    if rule == "ZERO":
        if a <= 0:
            return f"indice {fmt_number(a)} ≤ 0: 100%"
        tol = ind["tol"]
        tail = f"1 − {fmt_number(a)}/{fmt_number(tol)} = {fmt_percent(g)}" if tol > 0 else "0%"
        return f"indice {fmt_number(a)} > 0, tolleranza {fmt_number(tol)}: {tail}"
    if rule in ("REDUCTION", "INCREASE"):
        b, t = bq[1], tq[1]
        achieved = (b - a) / b if rule == "REDUCTION" else (a - b) / b
        formula = f"({fmt_number(b)} − {fmt_number(a)}) / {fmt_number(b)}" if rule == "REDUCTION" \
            else f"({fmt_number(a)} − {fmt_number(b)}) / {fmt_number(b)}"
        word = "riduzione" if rule == "REDUCTION" else "aumento"
        return f"{word} {formula} = {fmt_percent(achieved)}; {fmt_percent(achieved)} / {fmt_percent(t)} = " \
               f"{fmt_percent(g)}{capped}"
    like = fmt_percent if tq[0] == "pct" else fmt_number
    fa, ft = like(a), like(tq[1])
    if rule == "RATIO":
        text = f"{fa} / {ft}"
    elif rule == "PROGRESS":
        fb = like(bq[1])
        text = f"({fa} − {fb}) / ({ft} − {fb})"
    elif rule == "DOWN_BASE":
        fb = like(bq[1])
        text = f"({fb} − {fa}) / ({fb} − {ft})"
    elif a <= 0:                                   # INVERSE
        return f"consuntivo {fa} ≤ 0, migliore di ogni target: 100%"
    else:
        text = f"{ft} / {fa}"
    return f"{text} = {fmt_percent(g)}{capped}"


def make_card(plan, date, final, rows, settori, ente, extra, sources):
    """Everything the outputs show for one monitoring date, from the peer's scores.

    rows/settori/ente/extra: consolidate_scores's; sources: {settore: the input
    file scored for it at this date}."""
    details, pair, whole = extra["details"], extra["pair"], extra["whole"]
    indicators, anomalies = [], []
    for (ind, status, g, _), d in zip(rows, details):
        src = sources.get(ind["settore"])
        row = src["rows_by_id"].get(ind["id"]) if src else None
        source = None
        if ind["rule"] == "PHASES":
            for n in d.get("due_n", []):
                report = src["phases_by_key"].get((ind["obj"], n)) if src else None
                if report:
                    source = (src["name"], report["sheet"], report["cell"])
                    break
        elif row:
            source = (src["name"], row["sheet"], row["cell"])
        text = explain(ind, status, d, date, row is not None)
        indicators.append({"ind": ind, "status": status, "g": g, "raw": d.get("raw"), "actual": d.get("actual"),
                           "rule": rule_name(ind), "explanation": text, "source": source,
                           "raw_text": row["raw"] if row else "", "note": row["note"] if row else "",
                           "reason": row["reason"] if row else ""})
        if final and ind["rule"] != "NS" and status == "NS":
            file, sheet, cell = source or (plan["file"], "Indicatori", f"A{ind['row']}")
            anomalies.append({"severity": "avviso", "code": "nonValutabile", "message": f"indicatore {ind['id']}: "
                              + text.removeprefix("non valutabile: "), "file": file, "sheet": sheet, "cell": cell})
    g_of = {x["ind"]["id"]: x["g"] for x in indicators}
    by_obj = {}
    for ind in plan["indicatori"]:
        by_obj.setdefault(ind["obj"], []).append(ind)
    objectives, sector_objectives = [], []
    for o in plan["objectives"]:
        inds = by_obj.get(o["id"], [])
        w = aggregate(o["id"], o["title"], [(i["id"], g_of[i["id"]]) for i in inds])
        w["score"] = whole.get(o["id"])
        objectives.append(w)
        for st in sorted({i["settore"] for i in inds}):
            a = aggregate(f"{o['id']}@{st}", o["title"], [(i["id"], g_of[i["id"]]) for i in inds if i["settore"] == st])
            a["score"] = pair.get((o["id"], st))
            sector_objectives.append(a)
    whole_by_id = {o["id"]: o for o in objectives}
    sectors = {}
    for code, name in plan["settori"].items():
        a = aggregate(code, name, [(s["id"].split("@")[0], s["score"]) for s in sector_objectives
                                   if s["id"].endswith(f"@{code}")])
        a["score"] = settori[code]
        sectors[code] = a
    line_of = plan["strategici"]
    lines = [aggregate(code, name, [(o["id"], whole[o["id"]]) for o in plan["objectives"]
                                    if line_of.get(o["strategico"]) == code])
             for code, name in plan["linee"]]
    ente_score = aggregate("ente", plan["ente"], [(o["id"], whole[o["id"]]) for o in plan["objectives"]])
    ente_score["score"] = ente
    people = {}
    for p in plan["participations"]:
        people.setdefault(p["name"], set()).add(p["obj"])
    employees = [aggregate(name, name, [(o, whole_by_id[o]["score"] if o in whole_by_id else None)
                                        for o in sorted(people[name])])
                 for name in sorted(people)]
    return {"date": date, "final": final, "indicators": indicators, "objectives": objectives,
            "sector_objectives": sector_objectives, "sectors": sectors, "lines": lines, "ente": ente_score,
            "employees": employees, "anomalies": anomalies}


# --------------------------------------------------------------- workbook helpers
class Looks:
    """The formats of one workbook (piao's FormatSpec looks)."""

    def __init__(self, wb):
        top = {"valign": "top"}
        cell = {"border": 1, "border_color": "#BFBFBF", **top}
        self.wb = wb
        self.header = wb.add_format({"bold": True, "text_wrap": True, "bg_color": "#D9E1F2", **cell})
        self.text = wb.add_format({"text_wrap": True, **cell})
        self.date = wb.add_format({"num_format": "dd/mm/yyyy", **cell})
        self.number = wb.add_format(cell)
        self.integer = wb.add_format({"num_format": "0", **cell})
        self.percent = wb.add_format({"num_format": "0.0%", **cell})
        self.euro = wb.add_format({"num_format": '#,##0.00 "€"', **cell})
        self.days = wb.add_format({"num_format": '+0" gg";-0" gg";0', **cell})
        self.pct_dev = wb.add_format({"num_format": "+0.0%;-0.0%;0%", **cell})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.italic = wb.add_format({"italic": True, **top})
        self.bold = wb.add_format({"bold": True, **top})
        self.label = wb.add_format({"bold": True, "bg_color": "#D9E1F2", **cell})
        self.plain = wb.add_format(top)
        self.green = wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100", **top})
        self.yellow = wb.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700", **top})
        self.red = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", **top})

    def bands(self, ws, first, last, col):
        """Green from 90%, yellow from 60%, red below; blank cells uncoloured."""
        if last < first:
            return
        ws.conditional_format(first, col, last, col, {"type": "cell", "criteria": ">=", "value": ACHIEVED,
                                                      "format": self.green})
        ws.conditional_format(first, col, last, col, {"type": "cell", "criteria": "between", "minimum": PARTIAL,
                                                      "maximum": ACHIEVED - 1e-9, "format": self.yellow})
        ws.conditional_format(first, col, last, col, {"type": "cell", "criteria": "<", "value": PARTIAL,
                                                      "format": self.red})
        ws.conditional_format(first, col, last, col, {"type": "blanks", "stop_if_true": True, "format": self.plain})


def new_workbook(path, title, author, created):
    """A workbook written to a temporary name beside `path`; finish() renames it into place."""
    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    wb = xlsxwriter.Workbook(tmp)
    wb.set_properties({"title": title, "author": author, "company": "",
                       "created": dt.datetime(created.year, created.month, created.day)})
    return wb, tmp


def finish(wb, tmp, path):
    wb.close()
    os.replace(tmp, path)


def write_text_file(path, text, encoding="utf-8"):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding=encoding, newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def put(ws, r, c, s, fmt):
    """Text as text (never a formula); an empty text is a formatted blank."""
    if s:
        ws.write_string(r, c, s, fmt)
    else:
        ws.write_blank(r, c, None, fmt)


def put_date(ws, r, c, d, fmt):
    if d is None:
        ws.write_blank(r, c, None, fmt)
    else:
        ws.write_datetime(r, c, dt.datetime(d.year, d.month, d.day), fmt)


def fit_row(ws, r, texts):
    """Row height for wrapped texts: [(text, column width)]."""
    lines = 1
    for text, width in texts:
        usable = max(1, int(width * 1.1) - 1)
        needed = sum(max(1, (len(part) + usable - 1) // usable) for part in text.split("\n"))
        lines = max(lines, needed)
    if lines > 1:
        ws.set_row(r, min(409, 15 * lines))


def print_setup(ws, landscape=True, repeat=None):
    if landscape:
        ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if repeat is not None:
        ws.repeat_rows(repeat)


def table(ws, looks, headers, rows, row=0):
    """Headers with widths, frozen and filtered, repeated when printed."""
    for c, (h, w) in enumerate(headers):
        ws.write_string(row, c, h, looks.header)
        ws.set_column(c, c, w)
    ws.freeze_panes(row + 1, 0)
    ws.autofilter(row, 0, max(row + rows, row), len(headers) - 1)
    print_setup(ws, repeat=row)


def score_cell(ws, r, c, value, looks):
    if value is None:
        ws.write_string(r, c, "non valutabile", looks.text)
    else:
        ws.write_number(r, c, value, looks.percent)


def is_euro(ind):
    d = ind["description"].lower()
    return "€" in d or "euro" in d


def quantity(ws, r, c, q, looks, euro=False):
    if q is None:
        ws.write_blank(r, c, None, looks.text)
        return
    kind, v = q
    if kind == "num":
        ws.write_number(r, c, v, looks.euro if euro else looks.number)
    elif kind == "pct":
        ws.write_number(r, c, v, looks.percent)
    elif kind == "date":
        put_date(ws, r, c, v, looks.date)
    else:
        ws.write_string(r, c, "SI" if v else "NO", looks.text)


def deviation(ws, r, c, actual, target, looks):
    """Actual minus target, in the target's unit (days for dates)."""
    if actual and target and actual[0] == "date" and target[0] == "date":
        ws.write_number(r, c, (actual[1] - target[1]).days, looks.days)
    elif actual and target and actual[0] == "pct" and target[0] == "pct":
        ws.write_number(r, c, actual[1] - target[1], looks.pct_dev)
    elif actual and target and actual[0] in ("pct", "num") and target[0] in ("pct", "num"):
        ws.write_number(r, c, actual[1] - target[1], looks.number)
    else:
        ws.write_blank(r, c, None, looks.text)


def all_anomalies(ctx, card):
    return ctx["plan"]["anomalies"] + [a for inp in ctx["inputs"] for a in inp["anomalies"]] \
        + (card["anomalies"] if card else [])


def manager_on(plan, code, date):
    first, last = dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    for m in plan["managers"]:
        if m["code"] == code and (m["from"] or first) <= date <= (m["to"] or last):
            return m["name"]
    return None


# --------------------------------------------------------------- consolidated workbook
def consolidated_name(ctx, date):
    return f"consolidato-{slug(ctx['plan']['ente'])}-{ctx['plan']['anno']}-{date.isoformat()}.xlsx"


def write_consolidated(path, ctx, card):
    plan = ctx["plan"]
    wb, tmp = new_workbook(path, f"Consolidamento monitoraggio {plan['anno']} – {plan['ente']} – {it(card['date'])}",
                           plan["ente"], card["date"])
    looks = Looks(wb)
    write_summary(wb, looks, ctx, card)
    write_objectives(wb.add_worksheet("Obiettivi"), looks, ctx, card)
    write_indicators(wb.add_worksheet("Indicatori"), looks, card)
    write_phases(wb.add_worksheet("Fasi"), looks, ctx, card)
    write_employees(wb.add_worksheet("Dipendenti"), looks, ctx, card)
    names = {inp["name"] for inp in ctx["inputs"] if inp["ref"] is None or inp["ref"] == card["date"]}
    names.add(ctx["plan_file"]["name"])
    write_anomalies(wb.add_worksheet("Anomalie"), looks, [a for a in all_anomalies(ctx, card) if a["file"] in names])
    write_history(wb, looks, ctx)
    write_sources(wb.add_worksheet("Fonti"), looks, ctx)
    finish(wb, tmp, path)


def write_summary(wb, looks, ctx, card):
    plan = ctx["plan"]
    ws = wb.add_worksheet("Sintesi")
    ws.set_row(0, 22)
    ws.write_string(0, 0, f"Monitoraggio della performance {plan['anno']} – {plan['ente']}", looks.title)
    kind = "monitoraggio finale" if card["final"] else "monitoraggio intermedio"
    ws.write_string(1, 0, f"Data di riferimento: {it(card['date'])} ({kind})", looks.italic)
    headers = [("Codice", 9), ("Nome", 46), ("Punteggio", 12), ("Fascia", 22), ("Obiettivi valutati", 12),
               ("Indicatori valutati", 12), ("Anomalie", 10), ("Responsabile alla data", 30)]
    r = 3
    for c, (h, w) in enumerate(headers):
        ws.write_string(r, c, h, looks.header)
        ws.set_column(c, c, w)
    r += 1
    ente = card["ente"]
    ws.write_string(r, 0, "ENTE", looks.text)
    put(ws, r, 1, plan["ente"], looks.text)
    score_cell(ws, r, 2, ente["score"], looks)
    put(ws, r, 3, band(ente["score"]), looks.text)
    ws.write_number(r, 4, len(ente["parts"]), looks.number)
    ws.write_number(r, 5, sum(1 for x in card["indicators"] if x["g"] is not None), looks.number)
    ws.write_number(r, 6, len(all_anomalies(ctx, card)), looks.number)
    looks.bands(ws, r, r, 2)
    r += 2
    ws.write_string(r, 0, "Settori", looks.bold)
    r += 1
    for c, (h, _) in enumerate(headers):
        ws.write_string(r, c, h, looks.header)
    sector_start = r + 1
    for code, name in plan["settori"].items():
        r += 1
        s = card["sectors"][code]
        put(ws, r, 0, code, looks.text)
        put(ws, r, 1, name, looks.text)
        score_cell(ws, r, 2, s["score"], looks)
        put(ws, r, 3, band(s["score"]), looks.text)
        ws.write_number(r, 4, len(s["parts"]), looks.number)
        ws.write_number(r, 5, sum(1 for x in card["indicators"] if x["ind"]["settore"] == code and x["g"] is not None),
                        looks.number)
        ws.write_number(r, 6, sum(len(inp["anomalies"]) for inp in ctx["inputs"]
                                  if inp["settore"] == code and inp["ref"] == card["date"]), looks.number)
        put(ws, r, 7, manager_on(plan, code, card["date"]) or "non indicato nel piano", looks.text)
    sector_end = r
    looks.bands(ws, sector_start, sector_end, 2)
    r += 2
    ws.write_string(r, 0, "Linee strategiche", looks.bold)
    r += 1
    for c, (h, _) in enumerate(headers[:5]):
        ws.write_string(r, c, h, looks.header)
    line_start = r + 1
    for line in card["lines"]:
        r += 1
        put(ws, r, 0, line["id"], looks.text)
        put(ws, r, 1, line["label"], looks.text)
        score_cell(ws, r, 2, line["score"], looks)
        put(ws, r, 3, band(line["score"]), looks.text)
        ws.write_number(r, 4, len(line["parts"]), looks.number)
    line_end = r
    looks.bands(ws, line_start, line_end, 2)
    for title, first, last, at in ((f"Punteggio per settore al {it(card['date'])}", sector_start, sector_end, 3),
                                   (f"Punteggio per linea strategica al {it(card['date'])}", line_start, line_end, 23)):
        chart = wb.add_chart({"type": "bar"})
        chart.add_series({"name": "Punteggio", "categories": ["Sintesi", first, 1, last, 1],
                          "values": ["Sintesi", first, 2, last, 2]})
        chart.set_title({"name": title})
        chart.set_x_axis({"num_format": "0%", "min": 0, "max": CAP})
        chart.set_legend({"none": True})
        ws.insert_chart(at, 9, chart, {"x_scale": 1.5, "y_scale": 1.3})
    ws.write_string(r + 2, 0, f"Fasce: raggiunto ≥ {fmt_percent(ACHIEVED)}, parzialmente raggiunto ≥ "
                    f"{fmt_percent(PARTIAL)}, non raggiunto sotto. «non valutabile»: nessun indicatore valutabile.",
                    looks.italic)
    ws.activate()
    print_setup(ws)


def write_objectives(ws, looks, ctx, card):
    plan = ctx["plan"]
    headers = [("ID", 9), ("Settore", 8), ("Titolo", 50), ("Obiettivo strategico", 11), ("Linea", 7),
               ("Punteggio del settore", 12), ("Fascia", 20), ("Punteggio dell'obiettivo", 12),
               ("Indicatori valutati", 11), ("Indicatori esclusi", 24), ("Calcolo", 60), ("Rettifica", 40)]
    objectives = {o["id"]: o for o in plan["objectives"]}
    whole = {o["id"]: o for o in card["objectives"]}
    rows = card["sector_objectives"]
    table(ws, looks, headers, len(rows))
    for r, o in enumerate(rows, start=1):
        oid, st = o["id"].split("@")
        objective = objectives[oid]
        excluded = ", ".join(o["excluded"])
        put(ws, r, 0, oid, looks.text)
        put(ws, r, 1, st, looks.text)
        put(ws, r, 2, objective["title"], looks.text)
        put(ws, r, 3, objective["strategico"], looks.text)
        put(ws, r, 4, plan["strategici"].get(objective["strategico"], ""), looks.text)
        score_cell(ws, r, 5, o["score"], looks)
        put(ws, r, 6, band(o["score"]), looks.text)
        score_cell(ws, r, 7, whole[oid]["score"], looks)
        ws.write_number(r, 8, len(o["parts"]), looks.number)
        put(ws, r, 9, excluded, looks.text)
        put(ws, r, 10, o["explanation"], looks.text)
        put(ws, r, 11, "", looks.text)
        fit_row(ws, r, [(objective["title"], 50), (o["explanation"], 60), (excluded, 24)])
    if rows:
        looks.bands(ws, 1, len(rows), 5)
        looks.bands(ws, 1, len(rows), 7)


def write_indicators(ws, looks, card):
    headers = [("ID", 9), ("Obiettivo", 9), ("Settore", 8), ("Descrizione", 50), ("Misura", 12), ("Regola", 24),
               ("Baseline", 11), ("Target", 11), ("Valore rilevato", 12), ("Valore come scritto", 14),
               ("Raggiungimento", 12), ("Raggiungimento senza limite", 12), ("Scostamento", 12), ("Stato", 16),
               ("Calcolo", 55), ("Note", 30), ("Motivazione scostamento", 36), ("Rettifica", 30), ("File", 40),
               ("Foglio", 11), ("Cella", 7)]
    rows = card["indicators"]
    table(ws, looks, headers, len(rows))
    for r, x in enumerate(rows, start=1):
        ind = x["ind"]
        euro = is_euro(ind)
        put(ws, r, 0, ind["id"], looks.text)
        put(ws, r, 1, ind["obj"], looks.text)
        put(ws, r, 2, ind["settore"], looks.text)
        put(ws, r, 3, ind["description"], looks.text)
        put(ws, r, 4, ind["misura"] or "non indicata", looks.text)
        put(ws, r, 5, x["rule"], looks.text)
        quantity(ws, r, 6, ind["bq"], looks, euro)
        quantity(ws, r, 7, ind["tq"], looks, euro)
        quantity(ws, r, 8, x["actual"], looks, euro)
        put(ws, r, 9, x["raw_text"], looks.text)
        if x["g"] is None:
            ws.write_blank(r, 10, None, looks.percent)
        else:
            ws.write_number(r, 10, x["g"], looks.percent)
        if x["raw"] is None:
            ws.write_blank(r, 11, None, looks.percent)
        else:
            ws.write_number(r, 11, x["raw"], looks.percent)
        deviation(ws, r, 12, x["actual"], ind["tq"], looks)
        put(ws, r, 13, STATUS_WORDS[x["status"]], looks.text)
        put(ws, r, 14, x["explanation"], looks.text)
        put(ws, r, 15, x["note"], looks.text)
        put(ws, r, 16, x["reason"], looks.text)
        put(ws, r, 17, "", looks.text)
        file, sheet, cell = x["source"] or ("", "", "")
        put(ws, r, 18, file, looks.text)
        put(ws, r, 19, sheet, looks.text)
        put(ws, r, 20, cell, looks.text)
        fit_row(ws, r, [(ind["description"], 50), (x["explanation"], 55), (x["reason"], 36), (x["note"], 30)])
    if rows:
        looks.bands(ws, 1, len(rows), 10)


def phase_outcome(phase, report, date):
    end = phase["end"]
    if end is None:
        return "esclusa: fine non valida nel piano"
    if end > date:
        return "non ancora dovuta"
    if not report or report["state"] != "completata":
        return "non completata: non rispettata"
    if report["done"] is None:
        return "completata senza data: non verificabile"
    return "rispettata" if report["done"] <= end else f"in ritardo di {(report['done'] - end).days} giorni"


def write_phases(ws, looks, ctx, card):
    plan = ctx["plan"]
    date = card["date"]
    headers = [("ID obiettivo", 10), ("N", 5), ("Descrizione", 50), ("Inizio", 11), ("Fine", 11), ("Settore", 8),
               ("Stato dichiarato", 14), ("Data completamento", 12), (f"Esito al {it(date)}", 22), ("Note", 30),
               ("File", 40), ("Cella", 7)]
    subs = {inp["settore"]: inp for inp in ctx["inputs"] if inp["outcome"] == "accettato" and inp["ref"] == date}
    owner = {o["id"]: o["settore"] for o in plan["objectives"]}
    reporters_of = {}
    for ind in plan["indicatori"]:
        reporters_of.setdefault(ind["obj"], set()).add(ind["settore"])
    # One row per phase and reporting settore (an intersectoral objective's phases are declared by each settore).
    rows = []
    for phase in plan["phases"]:
        own = owner.get(phase["obj"], "")
        for sector in sorted(reporters_of.get(phase["obj"], set()) | {own}):
            if not sector:
                continue
            sub = subs.get(sector)
            if sub is None and sector != own:
                continue
            report = sub["phases_by_key"].get((phase["obj"], phase["n"])) if sub else None
            rows.append((phase, sector, report, sub["name"] if sub else ""))
    table(ws, looks, headers, len(rows))
    for r, (phase, sector, report, file) in enumerate(rows, start=1):
        put(ws, r, 0, phase["obj"], looks.text)
        if phase["n"] is None:
            ws.write_blank(r, 1, None, looks.integer)
        else:
            ws.write_number(r, 1, phase["n"], looks.integer)
        put(ws, r, 2, phase["desc"], looks.text)
        for c, d in ((3, phase["start"]), (4, phase["end"])):
            if d is None:
                ws.write_string(r, c, "non valida", looks.date)
            else:
                put_date(ws, r, c, d, looks.date)
        put(ws, r, 5, sector, looks.text)
        put(ws, r, 6, (report or {}).get("state") or "non dichiarato", looks.text)
        put_date(ws, r, 7, report["done"] if report else None, looks.date)
        put(ws, r, 8, phase_outcome(phase, report, date), looks.text)
        note = report["note"] if report else ""
        put(ws, r, 9, note, looks.text)
        put(ws, r, 10, file, looks.text)
        put(ws, r, 11, report["cell"] if report else "", looks.text)
        fit_row(ws, r, [(phase["desc"], 50), (note, 30)])


def write_employees(ws, looks, ctx, card):
    headers = [("Nome", 30), ("Categoria", 10), ("Obiettivi", 30), ("Punteggio", 12), ("Fascia", 20), ("Calcolo", 60)]
    rows = card["employees"]
    table(ws, looks, headers, len(rows))
    category = {}
    for p in ctx["plan"]["participations"]:
        category.setdefault(p["name"], p["category"])
    for r, e in enumerate(rows, start=1):
        put(ws, r, 0, e["id"], looks.text)
        put(ws, r, 1, category.get(e["id"], ""), looks.text)
        put(ws, r, 2, ", ".join(sorted([i for i, _ in e["parts"]] + e["excluded"])), looks.text)
        score_cell(ws, r, 3, e["score"], looks)
        put(ws, r, 4, band(e["score"]), looks.text)
        put(ws, r, 5, e["explanation"], looks.text)
    if rows:
        looks.bands(ws, 1, len(rows), 3)


def write_anomalies(ws, looks, anomalies):
    headers = [("File", 44), ("Foglio", 14), ("Cella", 8), ("Gravità", 9), ("Codice", 22), ("Messaggio", 90)]
    table(ws, looks, headers, len(anomalies))
    for r, a in enumerate(anomalies, start=1):
        put(ws, r, 0, a["file"], looks.text)
        put(ws, r, 1, a["sheet"] or "", looks.text)
        put(ws, r, 2, a["cell"] or "", looks.text)
        put(ws, r, 3, a["severity"], looks.text)
        put(ws, r, 4, a["code"], looks.text)
        put(ws, r, 5, a["message"], looks.text)
        fit_row(ws, r, [(a["message"], 90)])


def write_history(wb, looks, ctx):
    plan, cards = ctx["plan"], ctx["cards"]
    ws = wb.add_worksheet("Storico")
    columns = [("Data", 12), ("Ente", 10)] + [(f"{code} {name}", 14) for code, name in plan["settori"].items()]
    table(ws, looks, columns, len(cards))
    for r, card in enumerate(cards, start=1):
        put_date(ws, r, 0, card["date"], looks.date)
        for c, score in enumerate([card["ente"]["score"]] + [card["sectors"][code]["score"] for code in plan["settori"]],
                                  start=1):
            if score is None:
                ws.write_blank(r, c, None, looks.percent)
            else:
                ws.write_number(r, c, score, looks.percent)
    if not cards:
        return
    chart = wb.add_chart({"type": "line"})
    n = len(cards)
    for j, (code, name) in enumerate(plan["settori"].items()):
        chart.add_series({"name": f"{code} {name}", "categories": ["Storico", 1, 0, n, 0],
                          "values": ["Storico", 1, j + 2, n, j + 2], "marker": {"type": "automatic"}})
    chart.add_series({"name": "Ente", "categories": ["Storico", 1, 0, n, 0], "values": ["Storico", 1, 1, n, 1],
                      "marker": {"type": "automatic"}})
    chart.set_title({"name": "Andamento dei punteggi per settore"})
    chart.set_y_axis({"num_format": "0%", "min": 0, "max": CAP})
    chart.set_legend({"position": "bottom"})
    ws.insert_chart(n + 3, 0, chart, {"x_scale": 2.2, "y_scale": 1.6})


def outcome_word(f):
    return "letto" if f["outcome"] == "piano" else f["outcome"]


def write_sources(ws, looks, ctx):
    headers = [("File", 50), ("Ruolo", 13), ("Settore", 8), ("Data di riferimento", 12), ("Compilato da", 24),
               ("Compilato il", 12), ("SHA-256", 66), ("Esito", 12), ("Motivo", 60)]
    files = [ctx["plan_file"]] + ctx["inputs"]
    table(ws, looks, headers, len(files))
    for r, f in enumerate(files, start=1):
        put(ws, r, 0, f["name"], looks.text)
        put(ws, r, 1, "piano" if f["outcome"] == "piano" else "monitoraggio", looks.text)
        put(ws, r, 2, f["settore"] or "", looks.text)
        put_date(ws, r, 3, f["ref"], looks.date)
        put(ws, r, 4, f["compiled_by"], looks.text)
        put_date(ws, r, 5, f["compiled_on"], looks.date)
        put(ws, r, 6, f["sha256"], looks.text)
        put(ws, r, 7, outcome_word(f), looks.text)
        put(ws, r, 8, f["reason"] or "", looks.text)


# --------------------------------------------------------------- OIV export
def write_oiv(path, ctx, card):
    plan = ctx["plan"]
    wb, tmp = new_workbook(path, f"Relazione sulla performance {plan['anno']} – dati per l'OIV – {plan['ente']}",
                           plan["ente"], card["date"])
    looks = Looks(wb)
    write_cover(wb.add_worksheet("Copertina"), looks, ctx, card)
    write_oiv_objectives(wb.add_worksheet("Obiettivi"), looks, ctx, card)
    write_oiv_indicators(wb.add_worksheet("Indicatori"), looks, card)
    write_defects(wb.add_worksheet("Difetti del piano"), looks, plan["anomalies"])
    finish(wb, tmp, path)


def write_cover(ws, looks, ctx, card):
    plan = ctx["plan"]
    ws.set_column(0, 0, 42)
    ws.set_column(1, 1, 70)
    ws.set_column(2, 3, 14)
    ws.set_row(0, 22)
    ws.write_string(0, 0, f"Dati per la validazione della Relazione sulla Performance {plan['anno']}", looks.title)
    r = 2

    def field(name, write):
        nonlocal r
        ws.write_string(r, 0, name, looks.label)
        write(r)
        r += 1

    def text_field(name, value):
        field(name, lambda row: put(ws, row, 1, value, looks.text))

    scored = [inp["compiled_on"] for inp in ctx["inputs"]
              if inp["outcome"] == "accettato" and inp["ref"] == card["date"] and inp["compiled_on"]]
    text_field("Ente", plan["ente"])
    text_field("Anno", str(plan["anno"]))
    text_field("Piano", plan["title"])
    field("Data di riferimento", lambda row: put_date(ws, row, 1, card["date"], looks.date))
    text_field("Monitoraggio", "finale" if card["final"] else
               "intermedio (il monitoraggio finale non è ancora arrivato)")
    field("Dati aggiornati al", lambda row: put_date(ws, row, 1, max(scored) if scored else card["date"], looks.date))
    field("Punteggio dell'ente", lambda row: score_cell(ws, row, 1, card["ente"]["score"], looks))
    text_field("Fascia", band(card["ente"]["score"]))
    r += 1
    ws.write_string(r, 0, "Regole di calcolo in vigore", looks.bold)
    r += 1
    field("Tetto del raggiungimento", lambda row: ws.write_number(row, 1, CAP, looks.percent))
    text_field("Incremento rispetto alla baseline", "progressivo: (consuntivo − baseline) / (target − baseline)")
    text_field("Minore è meglio, senza baseline", "inverso: target / consuntivo")
    field("Tolleranza per le date (giorni)", lambda row: ws.write_number(row, 1, 0, looks.number))
    field("Tolleranza per gli indici con target 0 (giorni)", lambda row: ws.write_number(row, 1, 0, looks.number))
    field("Soglia «raggiunto»", lambda row: ws.write_number(row, 1, ACHIEVED, looks.percent))
    field("Soglia «parzialmente raggiunto»", lambda row: ws.write_number(row, 1, PARTIAL, looks.percent))
    text_field("Indicatori senza target o senza valore finale",
               "non valutabili: esclusi dalle medie, mai contati come 0 o 100")
    text_field("Pesi", "quelli del piano; dove mancano, 1")
    r += 1
    ws.write_string(r, 0, "File elaborati", looks.bold)
    r += 1
    for c, h in enumerate(["File", "SHA-256", "Settore", "Esito"]):
        ws.write_string(r, c, h, looks.header)
    r += 1
    for f in [ctx["plan_file"]] + [inp for inp in ctx["inputs"] if inp["ref"] is None or inp["ref"] == card["date"]]:
        put(ws, r, 0, f["name"], looks.text)
        put(ws, r, 1, f["sha256"], looks.text)
        put(ws, r, 2, f["settore"] or "", looks.text)
        put(ws, r, 3, "piano" if f["outcome"] == "piano" else f["outcome"], looks.text)
        fit_row(ws, r, [(f["name"], 42), (f["sha256"], 70)])
        r += 1
    ws.activate()
    print_setup(ws, landscape=False)


def write_oiv_objectives(ws, looks, ctx, card):
    plan = ctx["plan"]
    headers = [("ID", 9), ("Settore", 8), ("Titolo", 55), ("Obiettivo strategico", 11), ("Linea", 7),
               ("% raggiungimento", 13), ("Fascia", 20), ("Indicatori valutati", 11),
               ("Indicatori non valutabili", 24), ("Calcolo", 55), ("Rettifica: motivazione", 36),
               ("Rettifica: autore", 20)]
    table(ws, looks, headers, len(plan["objectives"]))
    for r, (o, s) in enumerate(zip(plan["objectives"], card["objectives"]), start=1):
        excluded = ", ".join(s["excluded"])
        put(ws, r, 0, o["id"], looks.text)
        put(ws, r, 1, o["settore"], looks.text)
        put(ws, r, 2, o["title"], looks.text)
        put(ws, r, 3, o["strategico"], looks.text)
        put(ws, r, 4, plan["strategici"].get(o["strategico"], ""), looks.text)
        score_cell(ws, r, 5, s["score"], looks)
        put(ws, r, 6, band(s["score"]), looks.text)
        ws.write_number(r, 7, len(s["parts"]), looks.number)
        put(ws, r, 8, excluded, looks.text)
        put(ws, r, 9, s["explanation"], looks.text)
        put(ws, r, 10, "", looks.text)
        put(ws, r, 11, "", looks.text)
        fit_row(ws, r, [(o["title"], 55), (s["explanation"], 55), (excluded, 24)])
    if plan["objectives"]:
        looks.bands(ws, 1, len(plan["objectives"]), 5)


def write_oiv_indicators(ws, looks, card):
    headers = [("ID", 9), ("Obiettivo", 9), ("Settore", 8), ("Descrizione", 55), ("Misura", 12), ("Target", 11),
               ("Consuntivo", 12), ("% raggiungimento", 13), ("Scostamento", 12), ("Motivazione scostamento", 40),
               ("Fascia", 20), ("Stato", 16), ("Regola e calcolo", 60), ("Rettifica: motivazione", 30),
               ("Rettifica: autore", 18), ("Fonte", 50)]
    rows = card["indicators"]
    table(ws, looks, headers, len(rows))
    for r, x in enumerate(rows, start=1):
        ind = x["ind"]
        euro = is_euro(ind)
        rule_text = f"{x['rule']}: {x['explanation']}"
        put(ws, r, 0, ind["id"], looks.text)
        put(ws, r, 1, ind["obj"], looks.text)
        put(ws, r, 2, ind["settore"], looks.text)
        put(ws, r, 3, ind["description"], looks.text)
        put(ws, r, 4, ind["misura"] or "non indicata", looks.text)
        quantity(ws, r, 5, ind["tq"], looks, euro)
        quantity(ws, r, 6, x["actual"], looks, euro)
        if x["g"] is None:
            ws.write_blank(r, 7, None, looks.percent)
        else:
            ws.write_number(r, 7, x["g"], looks.percent)
        deviation(ws, r, 8, x["actual"], ind["tq"], looks)
        put(ws, r, 9, x["reason"], looks.text)
        put(ws, r, 10, band(x["g"]), looks.text)
        put(ws, r, 11, STATUS_WORDS[x["status"]], looks.text)
        put(ws, r, 12, rule_text, looks.text)
        put(ws, r, 13, "", looks.text)
        put(ws, r, 14, "", looks.text)
        put(ws, r, 15, "{}, foglio {}, cella {}".format(*x["source"]) if x["source"] else "", looks.text)
        fit_row(ws, r, [(ind["description"], 55), (rule_text, 60), (x["reason"], 40)])
    if rows:
        looks.bands(ws, 1, len(rows), 7)


def write_defects(ws, looks, anomalies):
    headers = [("Foglio", 14), ("Cella", 8), ("Gravità", 9), ("Codice", 22), ("Difetto", 100)]
    table(ws, looks, headers, len(anomalies))
    for r, a in enumerate(anomalies, start=1):
        put(ws, r, 0, a["sheet"] or "", looks.text)
        put(ws, r, 1, a["cell"] or "", looks.text)
        put(ws, r, 2, a["severity"], looks.text)
        put(ws, r, 3, a["code"], looks.text)
        put(ws, r, 4, a["message"], looks.text)


# --------------------------------------------------------------- receipts
VERDICTS = {"accettato": "ACCETTATO", "sostituito": "ACCETTATO, poi SOSTITUITO da un invio più recente",
            "rifiutato": "RIFIUTATO"}


def receipt_base(inp):
    return os.path.splitext(inp["name"])[0] + "-esito"


def receipt_summary(inp, plan):
    lines = [f"Esito del file «{inp['name']}»", f"Impronta SHA-256: {inp['sha256']}"]
    if inp["settore"] and inp["ref"]:
        lines.append(f"Settore {sector_label(plan, inp['settore'])}, monitoraggio al {it(inp['ref'])}")
    lines.append(f"Esito: {VERDICTS[inp['outcome']]}")
    if inp["outcome"] != "rifiutato":
        filled = sum(1 for v in inp["value_rows"] if v["value"] is not None)
        declared = sum(1 for p in inp["phase_rows"] if p["state"])
        lines.append(f"Valori letti: {filled} su {len(inp['value_rows'])}; fasi dichiarate: {declared} su "
                     f"{len(inp['phase_rows'])}.")
    if inp["outcome"] == "rifiutato":
        lines.append("Il file non è stato elaborato. Correggerlo e depositarlo di nuovo.")
    elif inp["outcome"] == "sostituito":
        lines.append(f"Non conta più: {inp['reason']}.")
    errors = sum(1 for a in inp["anomalies"] if a["severity"] == "errore")
    warnings = len(inp["anomalies"]) - errors
    problems = []
    if errors:
        problems.append("1 cella rifiutata (il valore non è stato usato)" if errors == 1 else
                        f"{errors} celle rifiutate (i valori non sono stati usati)")
    if warnings:
        problems.append("1 avviso" if warnings == 1 else f"{warnings} avvisi")
    lines.append("Problemi: " + ", ".join(problems) + "." if problems else "Nessun problema rilevato.")
    return lines


def receipt_text(inp, plan):
    lines = receipt_summary(inp, plan)
    if inp["anomalies"]:
        lines.append("")
        for a in inp["anomalies"]:
            place = ", ".join(x for x in (a["sheet"] and f"foglio «{a['sheet']}»", a["cell"] and f"cella {a['cell']}")
                              if x)
            lines.append(f"- [{a['severity']}] {place + ': ' if place else ''}{a['message']}")
    lines.append("")
    lines.append(f"Messaggio generato automaticamente dal consolidamento del monitoraggio della performance "
                 f"{plan['anno']} – {plan['ente']}.")
    return "\n".join(lines) + "\n"


def write_receipt(folder, inp, plan):
    base = os.path.join(folder, receipt_base(inp))
    created = inp["compiled_on"] or inp["ref"] or dt.date(int(plan["anno"]), 1, 1)
    wb, tmp = new_workbook(base + ".xlsx", f"Esito di {inp['name']}", plan["ente"], created)
    looks = Looks(wb)
    verdict = wb.add_format({"bold": True, "valign": "top",
                             "font_color": "#C00000" if inp["outcome"] == "rifiutato" else "#006100"})
    ws = wb.add_worksheet("Esito")
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 2, 11)
    ws.set_column(3, 3, 100)
    r = 0
    for i, line in enumerate(receipt_summary(inp, plan)):
        put(ws, r, 0, line, looks.title if i == 0 else (verdict if line.startswith("Esito:") else looks.plain))
        r += 1
    r += 1
    if inp["anomalies"]:
        for c, h in enumerate(["Foglio", "Cella", "Gravità", "Problema e valore atteso"]):
            ws.write_string(r, c, h, looks.header)
        header = r
        for a in inp["anomalies"]:
            r += 1
            put(ws, r, 0, a["sheet"] or "", looks.text)
            put(ws, r, 1, a["cell"] or "", looks.text)
            put(ws, r, 2, "rifiutata" if a["severity"] == "errore" else "avviso", looks.text)
            put(ws, r, 3, a["message"], looks.text)
            fit_row(ws, r, [(a["message"], 100)])
        ws.freeze_panes(header + 1, 0)
        ws.autofilter(header, 0, r, 3)
    print_setup(ws)
    finish(wb, tmp, base + ".xlsx")
    write_text_file(base + ".txt", receipt_text(inp, plan))


# --------------------------------------------------------------- open data
def csv_percent(v):
    return "" if v is None else csv_number(round_half(v * 10000) / 100)


def csv_number(v):
    s = str(int(v)) if v == round_half(v) and abs(v) < 1e15 else repr(float(v))
    return s.replace(".", ",")


def csv_quantity(q):
    if q is None:
        return ""
    kind, v = q
    if kind == "num":
        return csv_number(v)
    if kind == "pct":
        return csv_number(round_half(v * 1e8) / 1e6) + "%"
    if kind == "date":
        return it(v)
    return "SI" if v else "NO"


def csv_field(s):
    """Text a spreadsheet would run as a formula gets a leading ' (numbers stay numbers)."""
    if s and s[0] in "=+-@\t\r":
        try:
            float(s.replace(",", "."))
        except ValueError:
            s = "'" + s
    return s


def write_csv(path, rows):
    """UTF-8 with BOM, ';', CRLF, quoted when needed."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        for row in rows:
            w.writerow([csv_field(x) for x in row])
    os.replace(tmp, path)


def write_opendata(folder, ctx, card):
    plan = ctx["plan"]
    ente, anno, date = plan["ente"], str(plan["anno"]), it(card["date"])
    rows = [["Ente", "Anno", "Data di riferimento", "ID obiettivo", "Settore", "Titolo", "Obiettivo strategico",
             "Linea strategica", "Raggiungimento (%)", "Fascia"]]
    for o, s in zip(plan["objectives"], card["objectives"]):
        rows.append([ente, anno, date, o["id"], sector_label(plan, o["settore"]), o["title"], o["strategico"],
                     plan["strategici"].get(o["strategico"], ""), csv_percent(s["score"]),
                     band(s["score"]) or "non valutabile"])
    name = slug(ente)
    write_csv(os.path.join(folder, f"obiettivi-{name}-{anno}.csv"), rows)
    rows = [["Ente", "Anno", "Data di riferimento", "ID indicatore", "ID obiettivo", "Settore", "Descrizione",
             "Misura", "Target", "Consuntivo", "Raggiungimento (%)", "Stato"]]
    for x in card["indicators"]:
        ind = x["ind"]
        rows.append([ente, anno, date, ind["id"], ind["obj"], ind["settore"], ind["description"], ind["misura"],
                     csv_quantity(ind["tq"]), csv_quantity(x["actual"]), csv_percent(x["g"]),
                     STATUS_WORDS[x["status"]]])
    write_csv(os.path.join(folder, f"indicatori-{name}-{anno}.csv"), rows)


# --------------------------------------------------------------- history store
SCHEMA_V1 = """
CREATE TABLE run (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    rejected INTEGER NOT NULL
);
CREATE TABLE input_file (
    sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    ente TEXT NOT NULL,
    year INTEGER NOT NULL,
    run_id INTEGER NOT NULL REFERENCES run(id),
    seq INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accettato', 'rifiutato')),
    sector TEXT,
    reference_date TEXT,
    compiled_by TEXT NOT NULL,
    compiled_on TEXT,
    reason TEXT
);
CREATE INDEX input_file_by_ente ON input_file(ente, year, seq);
CREATE TABLE measured_value (
    sha256 TEXT NOT NULL REFERENCES input_file(sha256),
    ord INTEGER NOT NULL,
    indicator_id TEXT NOT NULL,
    kind TEXT CHECK (kind IN ('numero', 'percentuale', 'data', 'sino')),
    number REAL,
    date TEXT,
    raw_text TEXT NOT NULL,
    note TEXT NOT NULL,
    deviation_reason TEXT NOT NULL,
    sheet TEXT NOT NULL,
    cell TEXT NOT NULL,
    PRIMARY KEY (sha256, ord)
);
CREATE TABLE phase_report (
    sha256 TEXT NOT NULL REFERENCES input_file(sha256),
    ord INTEGER NOT NULL,
    objective_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    state TEXT,
    completed_on TEXT,
    note TEXT NOT NULL,
    sheet TEXT NOT NULL,
    cell TEXT NOT NULL,
    PRIMARY KEY (sha256, ord)
);
CREATE TABLE anomaly (
    sha256 TEXT NOT NULL REFERENCES input_file(sha256),
    ord INTEGER NOT NULL,
    severity TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    file TEXT NOT NULL,
    sheet TEXT,
    cell TEXT,
    PRIMARY KEY (sha256, ord)
);
"""
MIGRATION_V1 = "v1: storico dei file, dei valori, delle fasi e delle anomalie"
KINDS = {"num": "numero", "pct": "percentuale", "date": "data", "yn": "sino"}


def open_history(path):
    """The history store, created with piao's v1 migration when new."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
    if db.execute("SELECT 1 FROM grdb_migrations WHERE identifier = ?", (MIGRATION_V1,)).fetchone() is None:
        db.executescript("BEGIN;" + SCHEMA_V1 +
                         f"INSERT INTO grdb_migrations VALUES ('{MIGRATION_V1}');COMMIT;")
    return db


def record_history(path, ctx, started_at):
    """The run and every input file not already known, with its values, phases
    and anomalies, in one transaction (nothing when nothing is new)."""
    plan = ctx["plan"]
    ente, year = plan["ente"], int(plan["anno"])
    db = open_history(path)
    try:
        new, seen = [], set()
        for inp in ctx["inputs"]:
            known = db.execute("SELECT EXISTS(SELECT 1 FROM input_file WHERE sha256 = ?)", (inp["sha256"],)).fetchone()[0]
            if not known and inp["sha256"] not in seen:
                seen.add(inp["sha256"])
                new.append(inp)
        if not new:
            return 0
        with db:
            accepted = sum(1 for f in new if f["outcome"] != "rifiutato")
            run_id = db.execute("INSERT INTO run (started_at, accepted, rejected) VALUES (?, ?, ?)",
                                (started_at, accepted, len(new) - accepted)).lastrowid
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) FROM input_file WHERE ente = ? AND year = ?",
                             (ente, year)).fetchone()[0]
            files, values, phases, anomalies = [], [], [], []
            for f in new:
                seq += 1
                sha = f["sha256"]
                files.append((sha, f["name"], ente, year, run_id, seq,
                              "rifiutato" if f["outcome"] == "rifiutato" else "accettato", f["settore"],
                              f["ref"] and f["ref"].isoformat(), f["compiled_by"],
                              f["compiled_on"] and f["compiled_on"].isoformat(),
                              f["reason"] if f["outcome"] == "rifiutato" else None))   # supersession is derived
                for i, v in enumerate(f["value_rows"]):
                    kind = number = date = None
                    if v["value"] is not None:
                        k, x = v["value"]
                        kind = KINDS[k]
                        if k == "date":
                            date = x.isoformat()
                        else:
                            number = float(x)
                    values.append((sha, i, v["id"], kind, number, date, v["raw"], v["note"], v["reason"],
                                   v["sheet"], v["cell"]))
                for i, p in enumerate(f["phase_rows"]):
                    phases.append((sha, i, p["obj"], p["n"], p["state"], p["done"] and p["done"].isoformat(),
                                   p["note"], p["sheet"], p["cell"]))
                for i, a in enumerate(f["anomalies"]):
                    anomalies.append((sha, i, a["severity"], a["code"], a["message"], a["file"], a["sheet"], a["cell"]))
            db.executemany("INSERT INTO input_file (sha256, name, ente, year, run_id, seq, outcome, sector, "
                           "reference_date, compiled_by, compiled_on, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           files)
            db.executemany("INSERT INTO measured_value (sha256, ord, indicator_id, kind, number, date, raw_text, note, "
                           "deviation_reason, sheet, cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
            db.executemany("INSERT INTO phase_report (sha256, ord, objective_id, n, state, completed_on, note, sheet, "
                           "cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", phases)
            db.executemany("INSERT INTO anomaly (sha256, ord, severity, code, message, file, sheet, cell) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", anomalies)
        return len(new)
    finally:
        db.close()


# --------------------------------------------------------------- archive
def archive(folder, ctx):
    """Content-addressed copies (copy mode: the originals stay): accepted files
    in archivio/<anno>/<data>/<sha256>.<ext>, rejected ones in
    quarantena/<anno>/<sha256[:16]>-<name> with their receipt beside them."""
    year = str(ctx["plan"]["anno"])
    placed = 0
    for inp in ctx["inputs"]:
        if inp["outcome"] == "rifiutato":
            target_dir = os.path.join(folder, "quarantena", year)
            target = os.path.join(target_dir, f"{inp['sha256'][:16]}-{inp['name']}")
        else:
            target_dir = os.path.join(folder, "archivio", year, inp["ref"].isoformat() if inp["ref"] else "senza-data")
            target = os.path.join(target_dir, inp["sha256"] + os.path.splitext(inp["name"])[1])
        os.makedirs(target_dir, exist_ok=True)
        if not os.path.exists(target):
            with open(target + ".tmp", "wb") as f:
                f.write(inp["data"])          # the bytes already read (and hashed)
            os.replace(target + ".tmp", target)
        if inp["outcome"] == "rifiutato":
            receipt = os.path.join(folder, "esiti", receipt_base(inp) + ".txt")
            beside = target + "-esito.txt"
            if os.path.exists(receipt) and not os.path.exists(beside):
                shutil.copyfile(receipt, beside + ".tmp")
                os.replace(beside + ".tmp", beside)
        placed += 1
    return placed


# --------------------------------------------------------------- everything
def write_outputs(out, ctx, mode, started_at):
    """--outputs consolidated: the consolidated workbooks; all: piao's whole set, in piao's order
    (history, consolidated, OIV, open data, receipts, archive)."""
    folder = os.path.join(out, "peer")
    os.makedirs(folder, exist_ok=True)
    if mode == "all":
        record_history(os.path.join(folder, "storico.sqlite"), ctx, started_at)
    consolidated = os.path.join(folder, "consolidato")
    os.makedirs(consolidated, exist_ok=True)
    for card in ctx["cards"]:
        write_consolidated(os.path.join(consolidated, consolidated_name(ctx, card["date"])), ctx, card)
    if mode != "all":
        return
    if ctx["cards"]:
        latest = ctx["cards"][-1]              # the OIV export and the open data speak of the latest date with data
        oiv = os.path.join(folder, "oiv")
        os.makedirs(oiv, exist_ok=True)
        write_oiv(os.path.join(oiv, f"oiv-{slug(ctx['plan']['ente'])}-{ctx['plan']['anno']}.xlsx"), ctx, latest)
        opendata = os.path.join(folder, "opendata")
        os.makedirs(opendata, exist_ok=True)
        write_opendata(opendata, ctx, latest)
    receipts = os.path.join(folder, "esiti")
    os.makedirs(receipts, exist_ok=True)
    for inp in ctx["inputs"]:
        write_receipt(receipts, inp, ctx["plan"])
    archive(folder, ctx)
