/*
 * The writer's floor (issue 16): replays a tape recorded by
 * `piao-bench tape` (Sources/XLSXWriter/WriterTape.swift has the format) —
 * every libxlsxwriter call of one night, with its arguments — and inflates
 * every part of every input workbook the tape names, as the inflate-only
 * floor of the reader does. Nothing else: no reading of cells, no checks, no
 * scores, no history, no archive, no receipts' text. It writes the same
 * workbooks at the same paths (a temporary name, then a rename, as piao).
 *
 *   writer_floor TAPE [--no-inflate] [--no-write]
 *   prints {"workbooks":W,"inputs":I,"seconds":S}
 *
 * Built by bench/national_bench.py: cc -O2 writer_floor.c -lxlsxwriter -lzip
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

enum op {
    OP_WORKBOOK = 1, OP_SHEET, OP_HEADER, OP_FOOTER, OP_FORMAT, OP_STRING, OP_NUMBER, OP_DATE, OP_BOOLEAN, OP_BLANK,
    OP_COLUMN, OP_ROW, OP_MERGE, OP_PAGE_BREAK, OP_FREEZE, OP_AUTOFILTER, OP_LANDSCAPE, OP_PAPER, OP_REPEAT_ROWS,
    OP_MARGINS, OP_PRINT_AREA, OP_PRINT_SCALE, OP_FIT_TO_PAGES, OP_PROTECT, OP_HIDE, OP_ACTIVATE, OP_COND_FORMULA,
    OP_COND_CELL, OP_VALIDATION, OP_CHART, OP_SERIES, OP_LABELS, OP_REVERSE_Y, OP_X_AXIS_FORMAT, OP_TITLE,
    OP_PERCENT_AXIS, OP_LEGEND, OP_INSERT_CHART, OP_CLOSE, OP_INFLATE
};

static const uint8_t *tape, *at, *end;

static void die(const char *what) {
    fprintf(stderr, "writer_floor: %s (tape offset %ld)\n", what, (long)(at - tape));
    exit(2);
}

static uint8_t u8(void) { if (at + 1 > end) die("short tape"); return *at++; }
static int32_t i32(void) { int32_t v; if (at + 4 > end) die("short tape"); memcpy(&v, at, 4); at += 4; return v; }
static double f64(void) { double v; if (at + 8 > end) die("short tape"); memcpy(&v, at, 8); at += 8; return v; }

/* Texts of the current workbook: copied NUL-terminated into chunks kept until it is closed. */
struct chunk { struct chunk *next; size_t used, size; char data[]; };
static struct chunk *chunks;

static char *text(void) {
    int32_t n = i32();
    if (n < 0 || at + n > end) die("bad text");
    if (!chunks || chunks->size - chunks->used < (size_t)n + 1) {
        size_t size = (size_t)n + 1 > (1u << 20) ? (size_t)n + 1 : (1u << 20);
        struct chunk *c = malloc(sizeof *c + size);
        if (!c) die("out of memory");
        c->next = chunks; c->used = 0; c->size = size; chunks = c;
    }
    char *s = chunks->data + chunks->used;
    memcpy(s, at, (size_t)n);
    s[n] = 0;
    at += n;
    chunks->used += (size_t)n + 1;
    return s;
}

static void free_texts(void) {
    while (chunks) { struct chunk *n = chunks->next; free(chunks); chunks = n; }
}

/* Handles of the current workbook, by their number on the tape. */
#define MAX_HANDLES 4096
static lxw_workbook *workbook;
static lxw_worksheet *sheets[MAX_HANDLES];
static lxw_format *formats[MAX_HANDLES];
static lxw_chart *charts[MAX_HANDLES];
static lxw_chart_series *last_series[MAX_HANDLES];
static int sheet_count, format_count, chart_count;
static char *temporary_path, *final_path;

static int chart_number(void) { int32_t i = i32(); if (i < 0 || i >= chart_count) die("bad chart"); return i; }

static void make_parents(const char *path) {
    char buffer[4096];
    snprintf(buffer, sizeof buffer, "%s", path);
    for (char *p = buffer + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buffer, 0777) != 0 && errno != EEXIST) die("cannot create a folder");
        *p = '/';
    }
}

static long inflate_all(const char *path) {
    int err = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    if (!z) return 0; /* a file that is not a ZIP: piao rejects it after a few bytes */
    static char buffer[1 << 16];
    long total = 0;
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
        if (!f) continue;
        zip_int64_t got;
        while ((got = zip_fread(f, buffer, sizeof buffer)) > 0) total += got;
        zip_fclose(f);
    }
    zip_discard(z);
    return total;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: writer_floor TAPE [--no-inflate] [--no-write]\n"); return 2; }
    int inflate = 1, write = 1;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--no-inflate")) inflate = 0;
        else if (!strcmp(argv[i], "--no-write")) write = 0;
    }
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { perror(argv[1]); return 2; }
    double start = now();
    tape = st.st_size ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : (const uint8_t *)"";
    if (tape == MAP_FAILED) { perror("mmap"); return 2; }
    at = tape;
    end = tape + st.st_size;
    long workbooks = 0, inputs = 0;
    /* Same as piao (WorkbookWriter.keepFreedMemory): freed zlib states are kept for the next workbook. */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    while (at < end) {
        uint8_t op = u8();
        /* Without writing, the workbook's records are read and skipped. */
        int skip = !write && op != OP_INFLATE;
        switch (op) {
        case OP_WORKBOOK: {
            temporary_path = text(); final_path = text();
            char *tmpdir = text(), *title = text(), *author = text();
            double created = f64();
            if (skip) break;
            make_parents(final_path);
            lxw_workbook_options options = {0};
            options.tmpdir = *tmpdir ? tmpdir : NULL;
            workbook = workbook_new_opt(temporary_path, &options);
            if (!workbook) die("cannot create a workbook");
            lxw_doc_properties props = {0};
            props.title = title; props.author = author; props.company = "";
            props.created = (time_t)created;
            workbook_set_properties(workbook, &props);
            sheet_count = format_count = chart_count = 0;
            break;
        }
        case OP_SHEET: { char *name = text(); if (skip) break; sheets[sheet_count++] = workbook_add_worksheet(workbook, name); break; }
        case OP_HEADER: { int32_t s = i32(); char *t = text(); if (!skip) worksheet_set_header(sheets[s], t); break; }
        case OP_FOOTER: { int32_t s = i32(); char *t = text(); if (!skip) worksheet_set_footer(sheets[s], t); break; }
        case OP_FORMAT: {
            uint8_t bold = u8(), italic = u8(), wrap = u8(), border = u8(), unlocked = u8(), top = u8();
            char *number_format = text();
            int32_t background = i32(), font = i32();
            double size = f64();
            if (skip) break;
            lxw_format *f = workbook_add_format(workbook);
            if (bold) format_set_bold(f);
            if (italic) format_set_italic(f);
            if (wrap) format_set_text_wrap(f);
            if (*number_format) format_set_num_format(f, number_format);
            if (background >= 0) format_set_bg_color(f, (lxw_color_t)background);
            if (font >= 0) format_set_font_color(f, (lxw_color_t)font);
            if (border) { format_set_border(f, LXW_BORDER_THIN); format_set_border_color(f, 0xBFBFBF); }
            if (unlocked) format_set_unlocked(f);
            if (top) format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
            if (size > 0) format_set_font_size(f, size);
            formats[format_count++] = f;
            break;
        }
        case OP_STRING: {
            int32_t s = i32(), r = i32(), c = i32(), f = i32();
            char *t = text();
            if (!skip) worksheet_write_string(sheets[s], (lxw_row_t)r, (lxw_col_t)c, t, f < 0 ? NULL : formats[f]);
            break;
        }
        case OP_NUMBER: {
            int32_t s = i32(), r = i32(), c = i32(), f = i32();
            double v = f64();
            if (!skip) worksheet_write_number(sheets[s], (lxw_row_t)r, (lxw_col_t)c, v, f < 0 ? NULL : formats[f]);
            break;
        }
        case OP_DATE: {
            int32_t s = i32(), r = i32(), c = i32(), f = i32(), y = i32(), m = i32(), d = i32();
            lxw_datetime dt = {y, m, d, 0, 0, 0};
            if (!skip) worksheet_write_datetime(sheets[s], (lxw_row_t)r, (lxw_col_t)c, &dt, f < 0 ? NULL : formats[f]);
            break;
        }
        case OP_BOOLEAN: {
            int32_t s = i32(), r = i32(), c = i32(), f = i32();
            uint8_t v = u8();
            if (!skip) worksheet_write_boolean(sheets[s], (lxw_row_t)r, (lxw_col_t)c, v, f < 0 ? NULL : formats[f]);
            break;
        }
        case OP_BLANK: {
            int32_t s = i32(), r = i32(), c = i32(), f = i32();
            if (!skip) worksheet_write_blank(sheets[s], (lxw_row_t)r, (lxw_col_t)c, f < 0 ? NULL : formats[f]);
            break;
        }
        case OP_COLUMN: {
            int32_t s = i32(), first = i32(), last = i32();
            double width = f64();
            int32_t f = i32();
            uint8_t hidden = u8();
            if (skip) break;
            lxw_row_col_options o = {hidden, 0, 0};
            if (hidden) worksheet_set_column_opt(sheets[s], (lxw_col_t)first, (lxw_col_t)last, width, f < 0 ? NULL : formats[f], &o);
            else worksheet_set_column(sheets[s], (lxw_col_t)first, (lxw_col_t)last, width, f < 0 ? NULL : formats[f]);
            break;
        }
        case OP_ROW: {
            int32_t s = i32(), r = i32();
            double h = f64();
            int32_t f = i32();
            if (!skip) worksheet_set_row(sheets[s], (lxw_row_t)r, h, f < 0 ? NULL : formats[f]);
            break;
        }
        case OP_MERGE: {
            int32_t s = i32(), r = i32(), first = i32(), last = i32();
            char *t = text();
            int32_t f = i32();
            if (!skip) worksheet_merge_range(sheets[s], (lxw_row_t)r, (lxw_col_t)first, (lxw_row_t)r, (lxw_col_t)last, t, f < 0 ? NULL : formats[f]);
            break;
        }
        case OP_PAGE_BREAK: {
            int32_t s = i32(), r = i32();
            lxw_row_t breaks[2] = {(lxw_row_t)r, 0};
            if (!skip) worksheet_set_h_pagebreaks(sheets[s], breaks);
            break;
        }
        case OP_FREEZE: { int32_t s = i32(), r = i32(), c = i32(); if (!skip) worksheet_freeze_panes(sheets[s], (lxw_row_t)r, (lxw_col_t)c); break; }
        case OP_AUTOFILTER: {
            int32_t s = i32(), r1 = i32(), c1 = i32(), r2 = i32(), c2 = i32();
            if (!skip) worksheet_autofilter(sheets[s], (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2, (lxw_col_t)c2);
            break;
        }
        case OP_LANDSCAPE: { int32_t s = i32(); if (!skip) worksheet_set_landscape(sheets[s]); break; }
        case OP_PAPER: { int32_t s = i32(), p = i32(); if (!skip) worksheet_set_paper(sheets[s], (uint8_t)p); break; }
        case OP_REPEAT_ROWS: { int32_t s = i32(), a = i32(), b = i32(); if (!skip) worksheet_repeat_rows(sheets[s], (lxw_row_t)a, (lxw_row_t)b); break; }
        case OP_MARGINS: {
            int32_t s = i32();
            double l = f64(), r = f64(), t = f64(), b = f64();
            if (!skip) worksheet_set_margins(sheets[s], l, r, t, b);
            break;
        }
        case OP_PRINT_AREA: { int32_t s = i32(), r = i32(), c = i32(); if (!skip) worksheet_print_area(sheets[s], 0, 0, (lxw_row_t)r, (lxw_col_t)c); break; }
        case OP_PRINT_SCALE: { int32_t s = i32(), p = i32(); if (!skip) worksheet_set_print_scale(sheets[s], (uint16_t)p); break; }
        case OP_FIT_TO_PAGES: { int32_t s = i32(), w = i32(), h = i32(); if (!skip) worksheet_fit_to_pages(sheets[s], (uint16_t)w, (uint16_t)h); break; }
        case OP_PROTECT: {
            int32_t s = i32();
            if (skip) break;
            lxw_protection o = {0};
            o.format_columns = 1; o.format_rows = 1; o.autofilter = 1;
            worksheet_protect(sheets[s], NULL, &o);
            break;
        }
        case OP_HIDE: { int32_t s = i32(); if (!skip) worksheet_hide(sheets[s]); break; }
        case OP_ACTIVATE: { int32_t s = i32(); if (!skip) worksheet_activate(sheets[s]); break; }
        case OP_COND_FORMULA: {
            int32_t s = i32(), r1 = i32(), r2 = i32(), c = i32();
            char *formula = text();
            int32_t f = i32();
            uint8_t stop = u8();
            if (skip) break;
            lxw_conditional_format cf = {0};
            cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
            cf.value_string = formula;
            cf.stop_if_true = stop;
            cf.format = f < 0 ? NULL : formats[f];
            worksheet_conditional_format_range(sheets[s], (lxw_row_t)r1, (lxw_col_t)c, (lxw_row_t)r2, (lxw_col_t)c, &cf);
            break;
        }
        case OP_COND_CELL: {
            int32_t s = i32(), r1 = i32(), r2 = i32(), c = i32(), criteria = i32();
            double value = f64(), minimum = f64(), maximum = f64();
            int32_t f = i32();
            if (skip) break;
            lxw_conditional_format cf = {0};
            cf.type = LXW_CONDITIONAL_TYPE_CELL;
            cf.criteria = (uint8_t)criteria;
            if (criteria == LXW_CONDITIONAL_CRITERIA_BETWEEN) { cf.min_value = minimum; cf.max_value = maximum; }
            else cf.value = value;
            cf.format = f < 0 ? NULL : formats[f];
            worksheet_conditional_format_range(sheets[s], (lxw_row_t)r1, (lxw_col_t)c, (lxw_row_t)r2, (lxw_col_t)c, &cf);
            break;
        }
        case OP_VALIDATION: {
            int32_t s = i32(), r1 = i32(), r2 = i32(), c = i32(), kind = i32(), criteria = i32();
            char *title = text(), *message = text(), *error = text();
            double n1 = f64(), n2 = f64();
            int32_t y1 = i32(), m1 = i32(), d1 = i32(), y2 = i32(), m2 = i32(), d2 = i32();
            char *formula = text();
            int32_t count = i32();
            char *items[512];
            if (count < 0 || count > 510) die("bad list");
            for (int i = 0; i < count; i++) items[i] = text();
            items[count] = NULL;
            if (skip) break;
            lxw_data_validation v = {0};
            v.validate = (uint8_t)kind;
            v.criteria = (uint8_t)criteria;
            v.ignore_blank = LXW_VALIDATION_ON; v.show_input = LXW_VALIDATION_ON; v.show_error = LXW_VALIDATION_ON;
            v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
            v.input_title = title; v.input_message = message;
            v.error_title = "Valore non ammesso"; v.error_message = error;
            switch (kind) {
            case LXW_VALIDATION_TYPE_DECIMAL: case LXW_VALIDATION_TYPE_INTEGER: v.minimum_number = n1; v.maximum_number = n2; break;
            case LXW_VALIDATION_TYPE_LENGTH: v.value_number = n1; break;
            case LXW_VALIDATION_TYPE_DATE:
                v.minimum_datetime = (lxw_datetime){y1, m1, d1, 0, 0, 0};
                v.maximum_datetime = (lxw_datetime){y2, m2, d2, 0, 0, 0};
                break;
            case LXW_VALIDATION_TYPE_LIST: v.value_list = items; break;
            case LXW_VALIDATION_TYPE_LIST_FORMULA: v.value_formula = formula; break;
            }
            worksheet_data_validation_range(sheets[s], (lxw_row_t)r1, (lxw_col_t)c, (lxw_row_t)r2, (lxw_col_t)c, &v);
            break;
        }
        case OP_CHART: {
            int32_t type = i32();
            if (skip) break;
            last_series[chart_count] = NULL;
            charts[chart_count++] = workbook_add_chart(workbook, (uint8_t)type);
            break;
        }
        case OP_SERIES: {
            int ch = skip ? (i32(), 0) : chart_number();
            char *name = text();
            uint8_t has_name = u8();
            char *sheet_name = text();
            int32_t cr1 = i32(), cr2 = i32(), cc = i32(), vr1 = i32(), vr2 = i32(), vc = i32();
            uint8_t marker = u8();
            if (skip) break;
            lxw_chart_series *series = chart_add_series(charts[ch], NULL, NULL);
            last_series[ch] = series;
            chart_series_set_categories(series, sheet_name, (lxw_row_t)cr1, (lxw_col_t)cc, (lxw_row_t)cr2, (lxw_col_t)cc);
            chart_series_set_values(series, sheet_name, (lxw_row_t)vr1, (lxw_col_t)vc, (lxw_row_t)vr2, (lxw_col_t)vc);
            if (has_name) chart_series_set_name(series, name);
            if (marker) chart_series_set_marker_type(series, LXW_CHART_MARKER_AUTOMATIC);
            break;
        }
        case OP_LABELS: {
            int ch = skip ? (i32(), 0) : chart_number();
            char *number_format = text();
            int32_t count = i32();
            lxw_chart_fill fills[512];
            lxw_chart_point points[512];
            lxw_chart_point *pointers[513];
            if (count < 0 || count > 512) die("bad points");
            for (int i = 0; i < count; i++) {
                fills[i] = (lxw_chart_fill){(lxw_color_t)i32(), 0, 0};
                points[i] = (lxw_chart_point){NULL, &fills[i], NULL};
                pointers[i] = &points[i];
            }
            pointers[count] = NULL;
            if (skip) break;
            chart_series_set_labels(last_series[ch]);
            chart_series_set_labels_num_format(last_series[ch], number_format);
            if (count) chart_series_set_points(last_series[ch], pointers);
            break;
        }
        case OP_REVERSE_Y: { int ch = skip ? (i32(), 0) : chart_number(); if (!skip) chart_axis_set_reverse(charts[ch]->y_axis); break; }
        case OP_X_AXIS_FORMAT: { int ch = skip ? (i32(), 0) : chart_number(); char *t = text(); if (!skip) chart_axis_set_num_format(charts[ch]->x_axis, t); break; }
        case OP_TITLE: { int ch = skip ? (i32(), 0) : chart_number(); char *t = text(); if (!skip) chart_title_set_name(charts[ch], t); break; }
        case OP_PERCENT_AXIS: {
            int ch = skip ? (i32(), 0) : chart_number();
            int32_t which = i32();
            double maximum = f64();
            if (skip) break;
            lxw_chart_axis *axis = which == 0 ? charts[ch]->x_axis : charts[ch]->y_axis;
            chart_axis_set_num_format(axis, "0%");
            chart_axis_set_min(axis, 0);
            chart_axis_set_max(axis, maximum);
            break;
        }
        case OP_LEGEND: { int ch = skip ? (i32(), 0) : chart_number(); int32_t p = i32(); if (!skip) chart_legend_set_position(charts[ch], (uint8_t)p); break; }
        case OP_INSERT_CHART: {
            int32_t s = i32(), r = i32(), c = i32();
            int ch = skip ? (i32(), 0) : chart_number();
            double xs = f64(), ys = f64();
            if (skip) break;
            lxw_chart_options o = {0};
            o.x_scale = xs; o.y_scale = ys;
            worksheet_insert_chart_opt(sheets[s], (lxw_row_t)r, (lxw_col_t)c, charts[ch], &o);
            break;
        }
        case OP_CLOSE:
            if (!skip) {
                if (workbook_close(workbook) != LXW_NO_ERROR) die("workbook_close failed");
                if (rename(temporary_path, final_path) != 0) die("rename failed");
                workbooks++;
            }
            workbook = NULL;
            free_texts();
            break;
        case OP_INFLATE: {
            char *path = text();
            if (inflate) { inflate_all(path); inputs++; }
            if (!workbook) free_texts();
            break;
        }
        default:
            die("unknown record");
        }
    }
    printf("{\"workbooks\":%ld,\"inputs\":%ld,\"seconds\":%.6f}\n", workbooks, inputs, now() - start);
    return 0;
}
