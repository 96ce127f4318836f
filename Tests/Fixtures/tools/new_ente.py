#!/usr/bin/env python3
"""An invented comune, written the way its controllo di gestione would:
only into the workbooks piao gave them, by header name, with openpyxl (not
piao's writer). Used by Tests/PiaoCommandTests/NewEnteTests.swift.

    new_ente.py fill-plan PLAN.xlsx            the blank plan of `piao init`, filled
    new_ente.py break-plan PLAN.xlsx           the usual mistakes of a hand-made plan, made in it
    new_ente.py add-override PLAN ID DATE TIPO VALORE MOTIVAZIONE AUTORE   one rettifica more
    new_ente.py fill-template FILE.xlsx JSON   a settore's scheda: {"values": {id: value}, "phases": {"obj/n": [state, date]},
                                               "by": name, "on": "dd/mm/yyyy"}
    new_ente.py records FILE.xlsx SHEET [HEADER_ROW]   a sheet's rows as JSON objects, by header
    new_ente.py texts FILE.xlsx SHEET          every text cell of a sheet, as a JSON list
"""
import datetime
import json
import sys

import openpyxl

YEAR = 2025


def d(text):
    day, month, year = map(int, text.split("/"))
    return datetime.date(year, month, day)


# Borgo Fiorito, 2025: 3 settori, 2 linee, 5 objectives (03-2 intersectoral,
# coordinated by 03, measured by 02), 12 indicators covering every rule,
# phases, one rettifica.
PLAN = {
    "Linee": [
        {"Codice": "01", "Nome": "AMMINISTRAZIONE E BILANCIO", "Assessori": "Sindaco"},
        {"Codice": "02", "Nome": "TERRITORIO", "Assessori": "Ass. Verdi"},
    ],
    "Obiettivi strategici": [
        {"Codice": "01.1", "Nome": "Servizi efficienti", "Linea": "01"},
        {"Codice": "02.1", "Nome": "Cura del territorio", "Linea": "02"},
    ],
    "Settori": [
        {"Codice": "01", "Nome": "AFFARI GENERALI", "Responsabile": "ROSSI Maria", "Dal": d("01/01/2025"), "Al": d("31/12/2025"), "Ruolo": "titolare"},
        {"Codice": "02", "Nome": "FINANZIARIO", "Responsabile": "BIANCHI Luca", "Dal": d("01/01/2025"), "Al": d("31/05/2025"), "Ruolo": "titolare"},
        {"Codice": "02", "Nome": "FINANZIARIO", "Responsabile": "NERI Paolo", "Dal": d("01/06/2025"), "Al": d("31/12/2025"), "Ruolo": "ad interim"},
        {"Codice": "03", "Nome": "TECNICO", "Responsabile": "VERDI Anna", "Ruolo": "titolare"},
    ],
    "Obiettivi": [
        {"ID": "01-1", "Settore": "01", "Obiettivo strategico": "01.1", "Titolo": "Sportello unico", "Scadenza": d("31/12/2025")},
        {"ID": "01-2", "Settore": "01", "Obiettivo strategico": "01.1", "Titolo": "Nuovo regolamento", "Scadenza": d("30/09/2025")},
        {"ID": "02-1", "Settore": "02", "Obiettivo strategico": "01.1", "Titolo": "Entrate e pagamenti", "Pluriennale": "fase 1 di 2"},
        {"ID": "03-1", "Settore": "03", "Obiettivo strategico": "02.1", "Titolo": "Manutenzioni"},
        {"ID": "03-2", "Settore": "03", "Obiettivo strategico": "02.1", "Titolo": "Piano del verde", "Tipologia": "intersettoriale",
         "Settore coordinamento": "03"},
    ],
    "Indicatori": [
        {"ID": "01-1.1", "ID obiettivo": "01-1", "Settore": "01", "Descrizione": "pratiche evase", "Misura": "quantità", "Target": 10},
        {"ID": "01-1.2", "ID obiettivo": "01-1", "Settore": "01", "Descrizione": "utenti soddisfatti", "Misura": "percentuale", "Target": "80%"},
        {"ID": "01-2.1", "ID obiettivo": "01-2", "Settore": "01", "Descrizione": "approvazione del regolamento", "Misura": "data", "Target": d("30/06/2025")},
        {"ID": "01-2.2", "ID obiettivo": "01-2", "Settore": "01", "Descrizione": "pubblicazione sul sito", "Misura": "si/no", "Target": "SI"},
        {"ID": "01-2.3", "ID obiettivo": "01-2", "Settore": "01", "Descrizione": "% rispetto fasi e tempi", "Misura": "percentuale", "Target": "100%"},
        {"ID": "02-1.1", "ID obiettivo": "02-1", "Settore": "02", "Descrizione": "riscossioni (migliaia)", "Misura": "quantità", "Baseline": 100, "Target": 150},
        {"ID": "02-1.2", "ID obiettivo": "02-1", "Settore": "02", "Descrizione": "giorni medi di pagamento", "Misura": "quantità",
         "Direzione": "decrescente", "Baseline": 40, "Target": 30},
        {"ID": "02-1.3", "ID obiettivo": "02-1", "Settore": "02", "Descrizione": "indice di tempestività", "Misura": "tempestività",
         "Direzione": "decrescente", "Target": 0},
        {"ID": "03-1.1", "ID obiettivo": "03-1", "Settore": "03", "Descrizione": "segnalazioni aperte a fine anno", "Misura": "quantità",
         "Direzione": "decrescente", "Target": 20},
        {"ID": "03-1.2", "ID obiettivo": "03-1", "Settore": "03", "Descrizione": "riduzione della spesa energetica", "Misura": "percentuale",
         "Baseline": 5000, "Target": "-15%"},
        {"ID": "03-1.3", "ID obiettivo": "03-1", "Settore": "03", "Descrizione": "aumento degli interventi", "Misura": "percentuale",
         "Baseline": 200, "Target": "10%"},
        {"ID": "03-2.1", "ID obiettivo": "03-2", "Settore": "02", "Descrizione": "alberi finanziati", "Misura": "quantità", "Target": 4},
    ],
    "Fasi": [
        {"ID obiettivo": "01-2", "N": 1, "Descrizione": "bozza", "Inizio": d("01/01/2025"), "Fine": d("31/03/2025")},
        {"ID obiettivo": "01-2", "N": 2, "Descrizione": "approvazione", "Inizio": d("01/04/2025"), "Fine": d("30/09/2025")},
        {"ID obiettivo": "03-2", "N": 1, "Descrizione": "censimento", "Inizio": d("01/01/2025"), "Fine": d("30/06/2025")},
        {"ID obiettivo": "01-1", "N": 1, "Descrizione": "apertura dello sportello", "Inizio": d("01/01/2025"), "Fine": d("31/12/2025")},
        {"ID obiettivo": "02-1", "N": 1, "Descrizione": "solleciti ai contribuenti", "Inizio": d("01/01/2025"), "Fine": d("31/12/2025")},
        {"ID obiettivo": "03-1", "N": 1, "Descrizione": "piano delle manutenzioni", "Inizio": d("01/01/2025"), "Fine": d("31/12/2025")},
    ],
    "Dipendenti": [
        {"ID obiettivo": o, "Nome": n, "Categoria": "C1"}
        for o, n in [("01-1", "GIALLI Sara"), ("01-2", "GIALLI Sara"), ("02-1", "ROSA Pietro"), ("03-1", "BLU Marco"), ("03-2", "BLU Marco")]
    ],
    "Rettifiche": [
        {"ID": "03-1.3", "Data di riferimento": d("31/12/2025"), "Tipo": "forzato", "Valore": "80%",
         "Motivazione": "interventi sospesi per l'alluvione", "Autore": "OIV, verbale n. 2", "Data": d("20/01/2026")},
    ],
}


def header_row(ws, headers):
    """The row (1-based) holding all `headers`, and each header's column."""
    for row in ws.iter_rows(min_row=1, max_row=20):
        found = {str(c.value).strip(): c.column for c in row if c.value is not None}
        if all(h in found for h in headers):
            return row[0].row, found
    raise SystemExit(f"{ws.title}: headers {headers} not found")


def write_rows(ws, rows):
    headers = sorted({h for r in rows for h in r})
    top, columns = header_row(ws, headers)
    for i, values in enumerate(rows):
        for header, value in values.items():
            cell = ws.cell(row=top + 1 + i, column=columns[header])
            cell.value = value
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"


def fill_plan(path):
    wb = openpyxl.load_workbook(path)
    for sheet, rows in PLAN.items():
        write_rows(wb[sheet], rows)
    wb.save(path)


def find_row(ws, header, value):
    top, columns = header_row(ws, [header])
    for r in range(top + 1, ws.max_row + 1):
        if ws.cell(row=r, column=columns[header]).value == value:
            return r, columns
    raise SystemExit(f"{ws.title}: {header} = {value} not found")


def break_plan(path):
    """The mistakes of a hand-made plan, one each."""
    wb = openpyxl.load_workbook(path)
    r, cols = find_row(wb["Obiettivi strategici"], "Codice", "02.1")
    wb["Obiettivi strategici"].cell(row=r, column=cols["Codice"]).value = 2.1          # Excel made 02.1 a number
    r, cols = find_row(wb["Indicatori"], "ID", "02-1.1")
    wb["Indicatori"].cell(row=r, column=cols["Settore"]).value = "03"                   # the wrong settore
    r, cols = find_row(wb["Indicatori"], "ID", "01-1.1")
    wb["Indicatori"].cell(row=r, column=cols["Target"]).value = "circa 10"            # a target no rule reads
    ws = wb["Fasi"]
    top, cols = header_row(ws, ["ID obiettivo", "N", "Fine"])
    for row in range(top + 1, ws.max_row + 1):
        if ws.cell(row=row, column=cols["ID obiettivo"]).value == "01-2" and ws.cell(row=row, column=cols["N"]).value == 2:
            ws.cell(row=row, column=cols["Fine"]).value = datetime.date(2026, 9, 30)   # a phase outside the year
    r, cols = find_row(wb["Obiettivi"], "ID", "01-1")
    wb["Obiettivi"].cell(row=r, column=cols["Peso"]).value = "alto"                   # a weight that is not a number
    r, cols = find_row(wb["Rettifiche"], "ID", "03-1.3")
    cell = wb["Rettifiche"].cell(row=r, column=cols["Data di riferimento"])           # a rettifica on a day that is no monitoring date
    cell.value = datetime.date(2025, 9, 30)
    cell.number_format = "DD/MM/YYYY"
    wb.save(path)


def add_override(path, ident, date, kind, value, reason, author):
    """A rettifica decided after the closure: one row in «Rettifiche», by header name."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Rettifiche"]
    top, cols = header_row(ws, ["ID", "Data di riferimento", "Tipo", "Valore", "Motivazione", "Autore"])
    row = max(top + 1, ws.max_row + 1)
    for header, v in [("ID", ident), ("Data di riferimento", d(date)), ("Tipo", kind), ("Valore", value or None), ("Motivazione", reason), ("Autore", author)]:
        cell = ws.cell(row=row, column=cols[header])
        cell.value = v
        if isinstance(v, datetime.date):
            cell.number_format = "DD/MM/YYYY"
    wb.save(path)


def fill_template(path, spec):
    wb = openpyxl.load_workbook(path)
    top, columns = header_row(wb["Indicatori"], ["ID indicatore", "Valore rilevato"])
    ws = wb["Indicatori"]
    for r in range(top + 1, ws.max_row + 1):
        ident = ws.cell(row=r, column=columns["ID indicatore"]).value
        if ident in spec["values"]:
            value = spec["values"][ident]
            ws.cell(row=r, column=columns["Valore rilevato"]).value = d(value) if isinstance(value, str) and value.count("/") == 2 else value
    top, columns = header_row(wb["Fasi"], ["ID obiettivo", "N", "Stato", "Data completamento"])
    ws = wb["Fasi"]
    for r in range(top + 1, ws.max_row + 1):
        key = f'{ws.cell(row=r, column=columns["ID obiettivo"]).value}/{ws.cell(row=r, column=columns["N"]).value}'
        if key in spec.get("phases", {}):
            state, on = spec["phases"][key]
            ws.cell(row=r, column=columns["Stato"]).value = state
            if on:
                cell = ws.cell(row=r, column=columns["Data completamento"])
                cell.value = d(on)
                cell.number_format = "DD/MM/YYYY"
    ws = wb["Scheda"]
    for row in ws.iter_rows(min_row=1, max_row=12):
        if row[0].value == "Compilato da":
            row[1].value = spec["by"]
        if row[0].value == "Data compilazione":
            row[1].value = d(spec["on"])
            row[1].number_format = "DD/MM/YYYY"
    wb.save(path)


def records(path, sheet, header=1):
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    rows = list(ws.iter_rows(min_row=header, values_only=True))
    names = [str(h) if h is not None else "" for h in rows[0]]
    out = []
    for values in rows[1:]:
        if all(v is None for v in values):
            continue
        out.append({n: (v.isoformat() if isinstance(v, (datetime.date, datetime.datetime)) else v) for n, v in zip(names, values) if n})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "fill-plan":
        fill_plan(sys.argv[2])
    elif command == "break-plan":
        break_plan(sys.argv[2])
    elif command == "texts":
        ws = openpyxl.load_workbook(sys.argv[2])[sys.argv[3]]
        json.dump([c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)], sys.stdout, ensure_ascii=False)
    elif command == "add-override":
        add_override(*sys.argv[2:9])
    elif command == "fill-template":
        fill_template(sys.argv[2], json.loads(sys.argv[3]))
    elif command == "records":
        records(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    else:
        raise SystemExit(f"unknown command {command}")
