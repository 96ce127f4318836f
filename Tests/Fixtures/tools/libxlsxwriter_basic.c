/*
 * Writes ../readers/libxlsxwriter-basic.xlsx with libxlsxwriter (the C library).
 *
 *   gcc -o /tmp/libxlsxwriter_basic libxlsxwriter_basic.c $(pkg-config --cflags --libs xlsxwriter)
 *   /tmp/libxlsxwriter_basic OUT.xlsx
 *
 * make_generated.py compiles and runs this; the expected JSON is spelled out
 * there (LIBXLSXWRITER_EXPECTED) and cross-checked with two readers.
 */
#include <stdio.h>
#include "xlsxwriter.h"

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "libxlsxwriter-basic.xlsx";
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Magazzino");
    lxw_worksheet *hid = workbook_add_worksheet(wb, "Nascosto");

    lxw_format *dmy = workbook_add_format(wb);
    format_set_num_format(dmy, "dd/mm/yyyy");
    lxw_format *dt = workbook_add_format(wb);
    format_set_num_format(dt, "dd/mm/yyyy hh:mm");
    lxw_format *iso = workbook_add_format(wb);
    format_set_num_format_index(iso, 14); /* built-in m/d/yyyy */
    lxw_format *money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0.00 [$\xe2\x82\xac-410]");
    lxw_format *pct = workbook_add_format(wb);
    format_set_num_format(pct, "0.0%");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);

    /* header row, shared strings */
    worksheet_write_string(ws, 0, 0, "Articolo", bold);
    worksheet_write_string(ws, 0, 1, "Quantit\xc3\xa0", bold);   /* Quantità */
    worksheet_write_string(ws, 0, 2, "Prezzo \xe2\x82\xac", bold); /* Prezzo € */
    worksheet_write_string(ws, 0, 3, "Arrivo", bold);

    worksheet_write_string(ws, 1, 0, "Caff\xc3\xa8 d'orzo & <latte>", NULL);
    worksheet_write_number(ws, 1, 1, 12, NULL);
    worksheet_write_number(ws, 1, 2, 3.5, money);
    lxw_datetime d1 = {2024, 2, 29, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 3, &d1, dmy);

    worksheet_write_string(ws, 2, 0, "Biscotti", NULL);
    worksheet_write_number(ws, 2, 1, -4, NULL);
    worksheet_write_number(ws, 2, 2, 0.125, money);
    lxw_datetime d2 = {2023, 12, 31, 23, 59, 59};
    worksheet_write_datetime(ws, 2, 3, &d2, dt);

    worksheet_write_string(ws, 3, 0, "Totale", bold);
    worksheet_write_formula_num(ws, 3, 1, "=SUM(B2:B3)", NULL, 8);
    worksheet_write_formula_num(ws, 3, 2, "=B2*C2+B3*C3", money, 41.5);
    worksheet_write_formula_str(ws, 3, 3, "=\"fine \"&A3", NULL, "fine Biscotti");

    worksheet_write_boolean(ws, 4, 0, 1, NULL);
    worksheet_write_boolean(ws, 4, 1, 0, NULL);
    worksheet_write_number(ws, 4, 2, 0.25, pct);
    lxw_datetime d3 = {2000, 1, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 4, 3, &d3, iso);

    worksheet_write_number(ws, 5, 0, 1234567890123.0, NULL);
    worksheet_write_number(ws, 5, 1, 1e-7, NULL);
    worksheet_write_formula(ws, 5, 2, "=A6/1000", NULL); /* no result given: libxlsxwriter stores 0 */
    worksheet_write_blank(ws, 5, 3, bold);               /* formatted blank: not reported */

    worksheet_write_string(hid, 0, 0, "segreto", NULL);
    worksheet_write_number(hid, 9, 4, 42, NULL);          /* E10 */
    worksheet_hide(hid);

    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}
