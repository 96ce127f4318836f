#!/usr/bin/env python3
"""Independent re-computation of the scores of the bundled sample data.

Written from the rules in the cross-check brief and DESIGN §5 only (the Swift
sources under Sources/Scoring were deliberately not read).  Standard library
only; all arithmetic is exact (fractions.Fraction), rounding happens only when
printing.

Usage (from the repository root):
    python3 Tests/ScoringTests/tools/crosscheck_scores.py
writes Tests/ScoringTests/expected-sample-scores.tsv and .md
"""
import csv
import datetime as dt
import os
import re
import sys
from fractions import Fraction as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PLAN = os.path.join(ROOT, "Inputs", "piano", "piano-2024")
SAMPLE = os.path.join(ROOT, "Inputs", "campione")
OUT_DIR = os.path.join(ROOT, "Tests", "ScoringTests")

DATES = [("2024-06-30", dt.date(2024, 6, 30), "monitoraggio-2024-06-30.tsv", False),
         ("2024-12-31", dt.date(2024, 12, 31), "monitoraggio-2024-12-31.tsv", True)]
SETTORI = ["%02d" % i for i in range(9)]
BAND_OK, BAND_PART = F(9, 10), F(6, 10)


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    head = rows[0]
    return [dict(zip(head, r + [""] * (len(head) - len(r)))) for r in rows[1:] if any(r)]


# ---------------------------------------------------------------- parsing
class Pct:
    """A plan value written with %: holds the ratio."""
    def __init__(self, v):
        self.v = v


def italian_number(s):
    s = s.strip().replace("\u00a0", "").replace(" ", "")
    if not s:
        return None
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", s):      # 1.100 / 51.008,28
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d+(,\d+)?", s):                     # 2,5
        s = s.replace(",", ".")
    elif not re.fullmatch(r"[+-]?\d+(\.\d+)?", s):                # 12.5 (not groups of 3)
        return None
    return F(s)


def parse_date(s):
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def plan_value(s):
    s = s.strip()
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


def typed(v):
    """Typed sample cell -> (kind, payload)."""
    if v == "":
        return None
    k, _, p = v.partition(":")
    if k == "n" or k == "%":
        return (k, F(p))
    if k == "d":
        return ("d", dt.date.fromisoformat(p))
    if k == "t":
        return ("t", p)
    raise ValueError(v)


def yesno(text):
    t = text.strip().lower()
    if t in ("si", "sì", "sí"):
        return True
    if t == "no":
        return False
    return None


def normalise(ind, cell):
    """Reported value -> number (Fraction) / date / bool, or None."""
    if cell is None:
        return None
    kind, p = cell
    misura = ind["Misura"]
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
            if "si/no" in ind["Descrizione"].lower():
                yn = yesno(s)
                if yn is not None:
                    return F(1) if yn else F(0)
            return None
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


# ---------------------------------------------------------------- formatting
def pct(x, dec=2):
    q = F(x) * 100
    s = fmt_dec(q, dec)
    return s.replace(".", ",") + "%"


def fmt_dec(x, dec):
    x = F(x)
    sign = "-" if x < 0 else ""
    x = abs(x)
    scaled = x * 10 ** dec
    n = int(scaled)
    if scaled - n >= F(1, 2):   # half-up
        n += 1
    s = str(n).rjust(dec + 1, "0")
    return sign + (s[:-dec] + "." + s[-dec:] if dec else s)


def num(x):
    """Italian rendering of a plain number, minimal decimals."""
    x = F(x)
    if x.denominator == 1:
        return str(x.numerator)
    for d in range(1, 7):
        if (x * 10 ** d).denominator == 1:
            return fmt_dec(x, d).replace(".", ",")
    return fmt_dec(x, 6).replace(".", ",") + "…"


def dit(d):
    return d.strftime("%d/%m/%Y")


def ratio6(x):
    return "-" if x is None else fmt_dec(x, 6)


def band_of(x):
    if x is None:
        return "-"
    if x >= BAND_OK:
        return "raggiunto"
    if x >= BAND_PART:
        return "parzialmente raggiunto"
    return "non raggiunto"


def clamp(g):
    return max(F(0), min(F(1), g))


# ---------------------------------------------------------------- plan
indicatori = read_tsv(os.path.join(PLAN, "Indicatori.tsv"))
fasi = read_tsv(os.path.join(PLAN, "Fasi.tsv"))
obiettivi = read_tsv(os.path.join(PLAN, "Obiettivi.tsv"))
strategici = {r["Codice"]: r["Linea"] for r in read_tsv(os.path.join(PLAN, "Obiettivi strategici.tsv"))}
linee = [r["Codice"] for r in read_tsv(os.path.join(PLAN, "Linee.tsv"))]
settori_rows = read_tsv(os.path.join(PLAN, "Settori.tsv"))
assert sorted({r["Codice"] for r in settori_rows}) == SETTORI
assert not read_tsv(os.path.join(PLAN, "Rettifiche.tsv")), "Rettifiche is not empty"
for r in indicatori + obiettivi:
    assert r["Peso"].strip() == "", "a weight is set: %s" % r["ID"]

phases_of = {}
invalid_phases = []
for r in fasi:
    fine = parse_date(r["Fine"])
    if fine is None:
        invalid_phases.append((r["ID obiettivo"], r["N"], r["Fine"]))
        continue
    phases_of.setdefault(r["ID obiettivo"], []).append((int(r["N"]), fine))

notes = []   # questionable things found while computing


def classify(ind):
    """Decide the rule from the plan only. Returns (rule, reason-if-not-scorable)."""
    t = plan_value(ind["Target"])
    b = plan_value(ind["Baseline"])
    ind["t"], ind["b"] = t, b
    ind["change"] = False
    misura, desc = ind["Misura"], ind["Descrizione"].lower()
    if t is None:
        return "NS", "nessun target"
    if "rispetto" in desc and any(w in desc for w in ("fasi", "tempi", "cronoprogramma")) \
            and misura not in ("data", "si/no"):
        return "PHASES", None
    if misura == "":
        return "NS", "nessuna misura"
    if misura == "si/no":
        if t in ("SI", "NO"):
            return "YESNO", None
        return "NS", "misura si/no senza target SI/NO"
    if misura == "data":
        if isinstance(t, dt.date):
            return "DATE", None
        return "NS", "misura data senza data target"
    if isinstance(t, Pct) and isinstance(b, F):
        ind["change"] = True
        red = ind["Direzione"] == "decrescente" or "riduzion" in desc or "diminuzion" in desc
        return ("REDUCTION" if red else "INCREASE"), None
    tv = t.v if isinstance(t, Pct) else t
    if not isinstance(tv, F):
        return "NS", "target non numerico"
    same_kind_b = None
    if b is not None and isinstance(b, Pct) == isinstance(t, Pct) and not isinstance(b, (str, dt.date)):
        same_kind_b = b.v if isinstance(b, Pct) else b
    if misura == "tempestività" or ind["Direzione"] == "decrescente":
        if tv == 0:
            return "ZERO", None
        if same_kind_b is not None:
            if same_kind_b == tv:
                return "NS", "target uguale alla baseline"
            if tv > same_kind_b:
                return "NS", "decrescente con target sopra la baseline"
            return "DOWN_BASE", None
        if tv > 0:
            return "INVERSE", None
        return "NS", "decrescente con target negativo"
    if same_kind_b is not None:
        if same_kind_b == tv:
            return "NS", "target uguale alla baseline"
        if tv < same_kind_b:
            return "NS", "target (%s) sotto la baseline (%s)" % (ind["Target"], ind["Baseline"])
        return "PROGRESS", None
    if tv <= 0:
        return "NS", "target non positivo"
    return "RATIO", None


for ind in indicatori:
    ind["rule"], ind["ns_reason"] = classify(ind)
    if ind["rule"] == "PHASES" and not phases_of.get(ind["ID obiettivo"]) \
            and not any(r["ID obiettivo"] == ind["ID obiettivo"] for r in fasi):
        notes.append("%s: PHASES rule but objective without phases (declared value would be used)" % ind["ID"])

obj_of = {o["ID"]: o for o in obiettivi}
ind_by_id = {i["ID"]: i for i in indicatori}
obj_order = [o["ID"] for o in obiettivi]


# ---------------------------------------------------------------- sample
def load_sample(fname):
    vals, phases = {}, {}
    for r in read_tsv(os.path.join(SAMPLE, fname)):
        if r["Foglio"] == "Indicatori":
            key = (r["Settore"], r["Chiave"])
            assert key not in vals
            vals[key] = typed(r["Valore"])
        elif r["Foglio"] == "Fasi":
            obj, _, n = r["Chiave"].partition("/")
            state = typed(r["Valore"])
            date = typed(r["Data"])
            phases[(r["Settore"], obj, int(n))] = (state, date)
    return vals, phases


def phase_done_date(date_cell):
    if date_cell is None:
        return None
    kind, p = date_cell
    if kind == "d":
        return p
    if kind == "t":
        return parse_date(p)
    return None


# ---------------------------------------------------------------- scoring
def score_indicator(ind, ref, final, vals, phs):
    """Returns dict: status in {'g','NOTDUE','NS'}, g (counted), raw, text."""
    iid, rule = ind["ID"], ind["rule"]
    st = ind["Settore"]
    if rule == "NS":
        return {"status": "NS", "text": "escluso: non valutabile (%s)" % ind["ns_reason"],
                "reason": ind["ns_reason"]}
    if rule == "PHASES":
        obj = ind["ID obiettivo"]
        due, ok, late = [], [], []
        for n, fine in sorted(phases_of.get(obj, [])):
            if fine > ref:
                continue
            due.append(n)
            state, date = phs.get((st, obj, n), (None, None))
            done = phase_done_date(date)
            if state == ("t", "completata") and done is not None and done <= fine:
                ok.append(n)
            else:
                late.append(n)
        if not due:
            return {"status": "NOTDUE", "text": "escluso: non dovuto (nessuna fase di %s scade entro il %s)"
                    % (obj, dit(ref))}
        g = F(len(ok), len(due))
        miss = "" if not late else " (non rispettate: %s)" % ", ".join("F%d" % n for n in late)
        return {"status": "g", "raw": g, "g": clamp(g),
                "text": "fasi rispettate %d su %d = %s%s" % (len(ok), len(due), pct(g), miss)}
    cell = vals.get((st, iid))
    a = normalise(ind, cell)
    # Decided 2026-12 (issue 12): at an intermediate date a milestone not yet due
    # is left out whether or not it is already reached, exactly as phases are.
    if rule == "DATE" and not final and ind["t"] > ref:
        early = " (già raggiunto il %s: informazione)" % dit(a) if a is not None and a <= ref else ""
        return {"status": "NOTDUE", "text": "escluso: non dovuto (data target %s dopo il %s)%s" % (dit(ind["t"]), dit(ref), early)}
    if a is None:
        shown = "" if cell is None else " (valore «%s» non leggibile)" % cell[1]
        if rule == "DATE" and not final and ind["t"] > ref:
            return {"status": "NOTDUE", "text": "escluso: non dovuto (data target %s dopo il %s)%s"
                    % (dit(ind["t"]), dit(ref), shown)}
        if not final:
            return {"status": "NOTDUE", "text": "escluso: non dovuto (nessun valore al %s)%s" % (dit(ref), shown)}
        return {"status": "NS", "text": "escluso: non valutabile (nessun valore al 31/12)%s" % shown,
                "reason": "nessun valore rilevato al 31/12" + shown, "anomaly": True}
    t, b = ind["t"], ind["b"]
    tv = t.v if isinstance(t, Pct) else t
    bv = b.v if isinstance(b, Pct) else b
    isp = isinstance(t, Pct)
    show = (lambda x: pct(x)) if isp else num
    if rule == "YESNO":
        want = t == "SI"
        g = F(1) if a == want else F(0)
        txt = "risposta %s, target %s = %s" % ("SI" if a else "NO", t, pct(g, 0))
    elif rule == "DATE":
        g = F(1) if a <= t else F(0)
        txt = "data %s %s target %s = %s" % (dit(a), "≤" if a <= t else ">", dit(t), pct(g, 0))
    elif rule == "REDUCTION":
        ach = (bv - a) / bv
        g = ach / tv
        txt = "riduzione (%s − %s) / %s = %s; / target %s = %s" % (num(bv), num(a), num(bv), pct(ach), pct(tv), pct(g))
    elif rule == "INCREASE":
        ach = (a - bv) / bv
        g = ach / tv
        txt = "aumento (%s − %s) / %s = %s; / target %s = %s" % (num(a), num(bv), num(bv), pct(ach), pct(tv), pct(g))
    elif rule == "ZERO":
        tol = italian_number(ind["Tolleranza"]) or F(0)
        if a <= 0:
            g = F(1)
            txt = "indice %s ≤ 0 = 100%%" % num(a)
        elif tol > 0:
            g = max(F(0), 1 - a / tol)
            txt = "indice %s > 0, 1 − %s / tolleranza %s = %s" % (num(a), num(a), num(tol), pct(g))
        else:
            g = F(0)
            txt = "indice %s > 0 (target 0, tolleranza 0) = 0%%" % num(a)
    elif rule == "DOWN_BASE":
        g = (bv - a) / (bv - tv)
        txt = "(%s − %s) / (%s − %s) = %s" % (show(bv), show(a), show(bv), show(tv), pct(g))
    elif rule == "INVERSE":
        g = F(1) if a <= 0 else tv / a
        txt = "%s / %s = %s" % (show(tv), show(a), pct(g))
    elif rule == "PROGRESS":
        g = (a - bv) / (tv - bv)
        txt = "(%s − %s) / (%s − %s) = %s" % (show(a), show(bv), show(tv), show(bv), pct(g))
    elif rule == "RATIO":
        g = a / tv
        txt = "%s / %s = %s" % (show(a), show(tv), pct(g))
    else:
        raise AssertionError(rule)
    gc = clamp(g)
    if gc != g:
        txt += " → conta %s" % pct(gc)
    if cell and cell[0] == "t":
        txt += " [testo «%s»]" % cell[1]
    elif cell and cell[0] == "n" and ind["Misura"] == "percentuale" and not ind["change"]:
        txt += " [numero semplice %s = %s]" % (num(cell[1]), pct(a))
    return {"status": "g", "raw": g, "g": gc, "text": txt}


def mean(xs):
    xs = [x for x in xs if x is not None]
    return (sum(xs, F(0)) / len(xs)) if xs else None


results = {}
for label, ref, fname, final in DATES:
    vals, phs = load_sample(fname)
    # sanity: every indicator value sits in the row of the indicator's settore
    for (st, iid) in vals:
        assert ind_by_id[iid]["Settore"] == st, (st, iid)
    scores = {i["ID"]: score_indicator(i, ref, final, vals, phs) for i in indicatori}
    pairs = {}
    for o in obj_order:
        sts = sorted({i["Settore"] for i in indicatori if i["ID obiettivo"] == o})
        for st in sts:
            inds = [i["ID"] for i in indicatori if i["ID obiettivo"] == o and i["Settore"] == st]
            pairs[(o, st)] = (inds, mean(scores[x].get("g") for x in inds))
    whole = {o: mean(scores[i["ID"]].get("g") for i in indicatori if i["ID obiettivo"] == o) for o in obj_order}
    sett = {}
    for st in SETTORI:
        objs = [(o, s) for (o, s) in pairs if s == st]
        sett[st] = (objs, mean(pairs[p][1] for p in objs))
    lin = {}
    for ln in linee:
        objs = [o for o in obj_order if strategici[obj_of[o]["Obiettivo strategico"]] == ln]
        lin[ln] = (objs, mean(whole[o] for o in objs))
    ente = mean(whole[o] for o in obj_order)
    results[label] = dict(ref=ref, final=final, scores=scores, pairs=pairs, whole=whole,
                          sett=sett, lin=lin, ente=ente)

# ---------------------------------------------------------------- TSV
tsv = ["Data\tLivello\tID\tPunteggio\tFascia"]
for label, *_ in DATES:
    R = results[label]
    # Bands judge the year: an intermediate date has none (issue 12).
    band = band_of if R["final"] else (lambda x: "-")
    for st in SETTORI:
        x = R["sett"][st][1]
        tsv.append("%s\tsettore\t%s\t%s\t%s" % (label, st, ratio6(x), band(x)))
    for ln in linee:
        x = R["lin"][ln][1]
        tsv.append("%s\tlinea\t%s\t%s\t%s" % (label, ln, ratio6(x), band(x)))
    tsv.append("%s\tente\tente\t%s\t%s" % (label, ratio6(R["ente"]), band(R["ente"])))
    for (o, st), (_, x) in R["pairs"].items():
        tsv.append("%s\tobiettivo@settore\t%s@%s\t%s\t%s" % (label, o, st, ratio6(x), band(x)))
with open(os.path.join(OUT_DIR, "expected-sample-scores.tsv"), "w", encoding="utf-8", newline="\n") as f:
    f.write("\n".join(tsv) + "\n")

# ---------------------------------------------------------------- MD
RULE_WORDS = {
    "PHASES": "fasi", "YESNO": "si/no", "DATE": "data", "REDUCTION": "riduzione su baseline",
    "INCREASE": "aumento su baseline", "ZERO": "indice target 0", "DOWN_BASE": "decrescente con baseline",
    "INVERSE": "decrescente target/valore", "PROGRESS": "progresso da baseline", "RATIO": "rapporto",
    "NS": "non valutabile",
}


def sum_over(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return "nessun punteggio → –"
    return "(%s) / %d = %s" % (" + ".join(pct(x) for x in xs), len(xs), pct(sum(xs, F(0)) / len(xs)))


md = []
md.append("# Punteggi attesi dei dati di esempio – ricalcolo indipendente\n")
md.append("Dati di esempio inventati (`Inputs/campione/`) sul piano 2024 (`Inputs/piano/piano-2024/`). "
          "Calcolo fatto a parte, senza leggere il codice Swift di `Sources/Scoring`, dallo script "
          "`Tests/ScoringTests/tools/crosscheck_scores.py` (solo libreria standard, aritmetica esatta con "
          "frazioni; arrotondamento a metà per eccesso solo nella stampa). I valori da confrontare nei test sono "
          "in `expected-sample-scores.tsv` (rapporto con 6 decimali, `-` = nessun punteggio).\n")
md.append("Regole: g = grado di raggiungimento, contato dopo averlo limitato a [0, 100%]. Pesi tutti 1. "
          "Gli indicatori esclusi (non valutabili o non dovuti) non entrano nelle medie. "
          "Fasce: raggiunto ≥ 90%, parzialmente raggiunto ≥ 60%, non raggiunto sotto.\n")
md.append("Fasi con Fine non valida escluse dal calcolo: %s.\n" %
          ", ".join("%s F%s («%s»)" % p for p in invalid_phases))
md.append("Scelte fatte dove le regole non dicono nulla:\n\n"
          "- La data di completamento di una fase scritta come testo gg/mm/aaaa si legge come data "
          "(03-1/1 al 30/06: `t:28/06/2024` → fase rispettata; se fosse ignorata 03-1.4 varrebbe 0% e il "
          "settore 03 al 30/06 42,71% invece di 48,96%).\n"
          "- Per la regola delle fasi il valore dichiarato dell'indicatore non serve: conta solo il foglio Fasi "
          "del settore che riporta l'indicatore. Una fase è rispettata solo se `completata` con una data "
          "≤ Fine.\n"
          "- La coppia 00-1@00 non compare: nessun indicatore di 00-1 appartiene al settore 00.\n"
          "- Le righe obiettivo@settore con `-` sono obiettivi senza alcun indicatore contato (non entrano "
          "nella media del settore).\n")

for label, ref, fname, final in DATES:
    R = results[label]
    band = band_of if final else (lambda x: "stato di avanzamento (nessuna fascia)")
    md.append("\n## Data di riferimento %s (`%s`)\n" % (dit(ref), fname))
    md.append("| Settore | Punteggio | Fascia |\n|---|---|---|")
    for st in SETTORI:
        x = R["sett"][st][1]
        md.append("| %s | %s | %s |" % (st, "–" if x is None else pct(x), band(x)))
    md.append("| **Ente** | **%s** | %s |\n" % (pct(R["ente"]), band(R["ente"])))
    for st in SETTORI:
        objs, sx = R["sett"][st]
        md.append("\n### %s – Settore %s\n" % (dit(ref), st))
        for (o, s) in objs:
            inds, ox = R["pairs"][(o, s)]
            md.append("**%s** (settore %s)%s" % (o, st, " – obiettivo intersettoriale, solo gli indicatori del settore"
                                                 if o == "00-1" else ""))
            for iid in inds:
                sc = R["scores"][iid]
                md.append("- %s [%s] %s" % (iid, RULE_WORDS[ind_by_id[iid]["rule"]], sc["text"]))
            gs = [R["scores"][i].get("g") for i in inds]
            md.append("- media %s = %s\n" % (o, sum_over(gs) if ox is not None else "nessun indicatore contato → –"))
        if st == "00":
            md.append("(00-1 non conta per il settore 00: nessun indicatore di 00-1 ha settore 00.)\n")
        md.append("**Settore %s** = %s → %s\n" % (
            st, sum_over([R["pairs"][p][1] for p in objs]), band(sx)))
    md.append("\n### %s – Linee strategiche ed ente (media dei punteggi degli obiettivi interi)\n" % dit(ref))
    md.append("Obiettivo intero = media di tutti i suoi indicatori contati, di qualunque settore.\n")
    wl = ["%s %s" % (o, "–" if R["whole"][o] is None else pct(R["whole"][o])) for o in obj_order]
    md.append("Obiettivi: " + "; ".join(wl) + ".\n")
    for ln in linee:
        objs, lx = R["lin"][ln]
        md.append("- Linea %s (%s): %s" % (ln, ", ".join(objs), sum_over([R["whole"][o] for o in objs])))
    n = len([o for o in obj_order if R["whole"][o] is not None])
    md.append("\n**Ente** = somma dei %d punteggi d'obiettivo non nulli / %d = %s → %s\n" % (
        n, n, pct(R["ente"], 4), band(R["ente"])))

# not scorable at 31/12
R = results["2024-12-31"]
md.append("\n## Indicatori non valutabili al 31/12/2024\n")
md.append("| Indicatore | Settore | Motivo |\n|---|---|---|")
for i in indicatori:
    sc = R["scores"][i["ID"]]
    if sc["status"] == "NS":
        md.append("| %s | %s | %s%s |" % (i["ID"], i["Settore"], sc["reason"], " (anomalia)" if sc.get("anomaly") else ""))
cnt = sum(1 for i in indicatori if R["scores"][i["ID"]]["status"] == "NS")
md.append("\nTotale: %d indicatori su %d.\n" % (cnt, len(indicatori)))

with open(os.path.join(OUT_DIR, "expected-sample-scores.md"), "w", encoding="utf-8", newline="\n") as f:
    f.write("\n".join(md) + "\n")

if notes:
    print("\n".join(notes), file=sys.stderr)
for label, *_ in DATES:
    R = results[label]
    print(label, " ".join("%s=%s" % (st, ratio6(R["sett"][st][1])) for st in SETTORI), "ente=%s" % ratio6(R["ente"]))
