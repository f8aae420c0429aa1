/* heatmap.c - see heatmap.h. */
#include "tui/heatmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure/numfmt.h"
#include "tui/hm_color.h"
#include "tui/hm_label.h"
#include "tui/uitext.h"

static void set_attr(WINDOW *w, attr_t a, int pair)
{
    wattr_set(w, a, (short)(pair < 32768 ? pair : 0), &pair);
}

/* ----------------------------------------------------------- cells */

static const Rgb MASKED = {150, 150, 150};

/* The position of v on the map, 0..1. */
static double scale_t(const HmMatrix *h, double v)
{
    return h->diverging ? cmap_diverging_t(v, h->limit) : v;
}

static Rgb cell_rgb(const HmMatrix *h, double t)
{
    return cmap_color(h->diverging ? CMAP_RDBU : h->cmap, t);
}

/* A value with the panel's decimals (numfmt.h); over width, "-0.42"
 * keeps its decimals as "-.42". Returns the length. */
static int hm_format(double v, int decimals, int width, char *buf, int n)
{
    int len = numfmt_format(v, decimals, buf, (size_t)n);
    if (len > width && strncmp(buf, "-0.", 3) == 0) {
        memmove(buf + 1, buf + 2, strlen(buf + 1));
        len--;
    }
    return len;
}

/* A shade glyph for t in 0..1 (five steps). */
static void shade(WINDOW *w, int y, int x, double t)
{
    static const wchar_t *const uni[] = {L"\u00b7", L"\u2591", L"\u2592", L"\u2593", L"\u2588"};
    static const char *const ascii[] = {".", ":", "+", "#", "@"};
    int k = (int)(t * 4.999);
    k = k < 0 ? 0 : k > 4 ? 4 : k;
    uitext_glyph(w, y, x, uni[k], ascii[k]);
}

/* The shade of a cell: its value on a sequential map, its size on a
 * diverging one (the sign is the colour, and the printed number's). */
static double shade_t(const HmMatrix *h, double t)
{
    return h->diverging ? fabs(t - 0.5) * 2.0 : t;
}

/* A basic-colour pair for a glyph at 8/16 colours. */
static int glyph_pair(const HmMatrix *h, double t)
{
    int c;
    if (h->diverging) {
        c = t < 0.5 ? COLOR_BLUE : COLOR_RED;
    } else {
        static const int seq[4] = {COLOR_BLUE, COLOR_CYAN, COLOR_GREEN, COLOR_YELLOW};
        int k = (int)(t * 3.999);
        c = seq[k < 0 ? 0 : k > 3 ? 3 : k];
    }
    return hm_pair_numbers(c, -1);
}

typedef struct {
    bool masked, sel, changed, none;    /* none: no cell here (folded, odd width) */
    double v, t;
} CellInfo;

/* The cell drawn at (di, dj). */
static CellInfo cell_info(const HmMatrix *h, int di, int dj)
{
    CellInfo c = {.none = false};
    int i, j;
    if (!hm_matrix_cell(h, di, dj, &i, &j)) {
        c.none = true;
        return c;
    }
    size_t at = (size_t)i * (size_t)h->m.cols + (size_t)j;
    c.v = h->m.v[at];
    c.masked = h->keep && !h->keep[at];
    c.sel = h->focus && i == h->sel_i && j == h->sel_j;
    c.changed = h->prev && fabsf(h->prev[at] - h->m.v[at]) > 5e-7f * (1.0f + fabsf(h->m.v[at]));
    c.t = scale_t(h, c.v);
    return c;
}

/* Blank where a folded matrix of odd width has no cell. */
static bool draw_none(WINDOW *w, int y, int x, int cw, const CellInfo *c)
{
    for (int k = 0; c->none && k < cw; k++)
        mvwaddch(w, y, x + k, ' ');
    return c->none;
}

/* A value cell cw columns wide with `dec` decimals (boxes and compact
 * shapes), drawn row i, column j. */
static void draw_value_cell(WINDOW *w, int y, int x, int cw, bool boxes, int dec, const HmMatrix *h, int i, int j)
{
    CellInfo c = cell_info(h, i, j);
    if (draw_none(w, y, x, cw, &c))
        return;
    char num[48], text[48];
    /* boxes pad both sides; compact only the left */
    hm_format(c.v, dec, boxes ? cw - 2 : cw - 1, num, sizeof num);
    bool colour = hm_depth() >= HM_256;
    int pair = 0;
    if (colour) {
        Rgb bg = c.masked ? MASKED : cell_rgb(h, c.t);
        pair = hm_pair(rgb_text_on(bg), bg);
    }
    attr_t base = c.sel && !colour ? A_REVERSE : A_NORMAL;
    int nl = (int)strlen(num);
    cw = cw < (int)sizeof text - 1 ? cw : (int)sizeof text - 1;
    memset(text, ' ', (size_t)cw);
    text[cw] = '\0';
    set_attr(w, base, pair);
    mvwaddnstr(w, y, x, text, cw);
    if (c.masked) {
        uitext_glyph(w, y, x + cw / 2, L"\u00d7", "x");
    } else {
        if (!colour) {
            if (hm_depth() >= HM_8)
                set_attr(w, base, glyph_pair(h, c.t));
            shade(w, y, x, shade_t(h, c.t));
        }
        set_attr(w, base | (c.changed ? A_UNDERLINE | A_BOLD : 0), colour ? pair : 0);
        mvwaddnstr(w, y, x + cw - (boxes ? 1 : 0) - nl, num, nl);
    }
    if (c.sel && colour) {
        set_attr(w, A_BOLD, pair);
        mvwaddch(w, y, x, boxes ? '[' : '>');
        if (boxes)
            mvwaddch(w, y, x + cw - 1, ']');
    }
    set_attr(w, A_NORMAL, 0);
}

/* A colour-only cell, cw columns (blocks shape, or half below 256 colours). */
static void draw_block_cell(WINDOW *w, int y, int x, int cw, const HmMatrix *h, int i, int j)
{
    CellInfo c = cell_info(h, i, j);
    if (draw_none(w, y, x, cw, &c))
        return;
    if (hm_depth() >= HM_256) {
        Rgb bg = c.masked ? MASKED : cell_rgb(h, c.t);
        int pair = hm_pair(rgb_text_on(bg), bg);
        set_attr(w, c.changed ? A_BOLD : A_NORMAL, pair);
        mvwaddstr(w, y, x, cw == 2 ? "  " : " ");
        if (c.masked)
            uitext_glyph(w, y, x, L"\u00d7", "x");
        else if (c.sel)
            mvwaddstr(w, y, x, cw == 2 ? "[]" : "*");
        else if (c.changed)
            uitext_glyph(w, y, x + cw - 1, L"\u2022", "*");
    } else {
        set_attr(w, c.sel ? A_REVERSE : A_NORMAL, hm_depth() >= HM_8 && !c.masked ? glyph_pair(h, c.t) : 0);
        for (int k = 0; k < cw; k++) {
            if (c.masked)
                uitext_glyph(w, y, x + k, L"\u00d7", "x");
            else
                shade(w, y, x + k, shade_t(h, c.t));
        }
    }
    set_attr(w, A_NORMAL, 0);
}

/* Two drawn rows in one screen row: the upper half block in the colour of
 * row i, its background the colour of row i + 1 (or the default). */
static void draw_half_cell(WINDOW *w, int y, int x, const HmMatrix *h, int i, int j)
{
    CellInfo a = cell_info(h, i, j);
    Rgb top = a.masked ? MASKED : cell_rgb(h, a.t);
    int bgnum = -1;
    bool sel = a.sel;
    CellInfo b = i + 1 < hm_drawn_rows(h) ? cell_info(h, i + 1, j) : (CellInfo){.none = true};
    if (!b.none) {
        bgnum = hm_color_number(b.masked ? MASKED : cell_rgb(h, b.t));
        sel = sel || b.sel;
    }
    if (sel) {
        set_attr(w, A_BOLD, hm_pair(rgb_text_on(top), top));
        uitext_glyph(w, y, x, L"\u25c6", "*");
    } else {
        set_attr(w, A_NORMAL, hm_pair_numbers(hm_color_number(top), bgnum));
        uitext_glyph(w, y, x, L"\u2580", "^");
    }
    set_attr(w, A_NORMAL, 0);
}

/* ---------------------------------------------------------- layout */

static const int cell_width[HM__SHAPES] = {7, 5, 2, 1};

/* The decimals of the printed values and the columns a cell takes in shape
 * s: the shape's width, wider when the panel's numbers need it (1000.5
 * next to 1000 needs its decimal). */
static void num_style(const HmMatrix *h, HmShape s, int *dec, int *cw)
{
    *dec = 0;
    *cw = cell_width[s];
    if (s > HM_COMPACT)
        return;
    int pad = s == HM_BOXES ? 2 : 1, room = *cw - pad;
    size_t n = mat_size(h->m);
    *dec = numfmt_decimals(h->m.v, h->keep, n, numfmt_fit(h->m.v, h->keep, n, 2, room), 2);
    char buf[48];
    int most = 0;
    if (*dec < 2 && s == HM_COMPACT) {
        /* two decimals, as narrations quote them, where "-0.42" as "-.42" fits */
        bool fits = true;
        for (size_t t = 0; t < n && fits; t++)
            fits = (h->keep && !h->keep[t]) || hm_format(h->m.v[t], 2, room, buf, sizeof buf) <= room;
        *dec = fits ? 2 : *dec;
    }
    for (size_t t = 0; t < mat_size(h->m); t++) {
        if (h->keep && !h->keep[t])
            continue;
        int len = hm_format(h->m.v[t], *dec, room, buf, sizeof buf);
        most = len > most ? len : most;
    }
    *cw = most + pad > *cw ? most + pad : *cw;
}

static bool half_rows(HmShape s) { return s == HM_HALF && hm_depth() >= HM_256 && uitext_utf8(); }

/* An empty matrix: its title and the note, at most 30 columns wide. */
static bool empty_size(const HmMatrix *h, int *height, int *width)
{
    if (h->m.rows > 0 && h->m.cols > 0)
        return false;
    int tw = uitext_width(h->title) + 2, nw = h->empty_note ? uitext_width(h->empty_note) : 0;
    *width = tw > nw ? tw : nw;
    *width = *width < 30 ? *width : 30;
    *height = h->empty_note ? 3 : 1;
    return true;
}

/* Whether the matrix shows its values a window of rows at a time. */
static bool scrolls(const HmMatrix *h, HmShape s)
{
    return s <= HM_COMPACT && hm_drawn_rows(h) > HM_SCROLL_ROWS;
}

/* The first row of the window that keeps the selected row in view (in its
 * middle where it can). */
static int scroll_top(const HmMatrix *h)
{
    int top = hm_sel_row(h) - HM_SCROLL_ROWS / 2, most = hm_drawn_rows(h) - HM_SCROLL_ROWS;
    return top < 0 ? 0 : top > most ? most : top;
}

void hm_size(const HmMatrix *h, HmShape s, int *height, int *width)
{
    if (empty_size(h, height, width))
        return;
    int rows = half_rows(s) ? (hm_drawn_rows(h) + 1) / 2 : hm_drawn_rows(h), dec, cw;
    if (scrolls(h, s))
        rows = HM_SCROLL_ROWS + 1;      /* and the line saying which rows */
    num_style(h, s, &dec, &cw);
    int w = hm_lab_width(h, half_rows(s)) + 1 + hm_drawn_cols(h) * cw;
    /* the title widens a panel up to a point; compact shapes cut it sooner */
    static const int title_room[HM__SHAPES] = {24, 20, 14, 12};
    int tw = uitext_width(h->title) + 2;
    int min = tw < title_room[s] ? tw : title_room[s];
    *width = w > min ? w : min;
    *height = 1 + 1 + rows + 1;
}

/* Whether a kept value lies past a diverging scale's end: below -limit
 * (*below) or above limit (*above), as after an edit of a matrix whose
 * scale stays fixed. */
static void beyond_scale(const HmMatrix *h, bool *below, bool *above)
{
    *below = *above = false;
    double tol = h->limit * 1e-6;
    for (size_t t = 0; h->diverging && t < mat_size(h->m); t++) {
        if ((h->keep && !h->keep[t]) || !isfinite(h->m.v[t]))
            continue;
        *below |= h->m.v[t] < -h->limit - tol;
        *above |= h->m.v[t] > h->limit + tol;
    }
}

/* After the colour scale, what it does not show by colour: values beyond
 * its ends (drawn in the end's colour: "▲ off scale" past the high
 * end, ▼ past the low one, ▼▲ both) and masked cells. */
static void draw_legend_notes(WINDOW *w, int y, int cx, int end, const HmMatrix *h, bool below, bool above,
                              bool any_masked)
{
    char line[120];
    bool utf8 = uitext_utf8();
    if (below || above) {
        snprintf(line, sizeof line, "  %s%s %s", below ? (utf8 ? "\u25bc" : "v") : "",
                 above ? (utf8 ? "\u25b2" : "^") : "", h->beyond_word ? h->beyond_word : "off scale");
        if (cx + uitext_width(line) > end)  /* narrow: the marks alone */
            line[2 + (below ? strlen(utf8 ? "\u25bc" : "v") : 0) + (above ? strlen(utf8 ? "\u25b2" : "^") : 0)] = '\0';
        if (cx + uitext_width(line) <= end)
            cx += uitext_put(w, y, cx, line, end - cx);
    }
    snprintf(line, sizeof line, "  %s %s", utf8 ? "\u00d7" : "x", h->masked_word ? h->masked_word : "masked");
    if (any_masked && cx + uitext_width(line) <= end)
        uitext_put(w, y, cx, line, end - cx);
}

/* The colour scale with its ends, printed with the cells' decimals (fewer,
 * the same at both ends, when the panel is narrow), then its notes. */
static void draw_legend(WINDOW *w, int y, int x, int maxw, const HmMatrix *h, int dec)
{
    char lo[48], hi[48];
    bool any_masked = false, below, above;
    for (size_t t = 0; h->keep && t < mat_size(h->m); t++)
        any_masked |= !h->keep[t];
    beyond_scale(h, &below, &above);
    int cx = x, end = x + maxw, sw = 0;
    /* narrow panels get shorter range labels before losing the legend */
    for (int d = dec; d >= 0 && sw < 3; d--) {
        if (h->diverging) {
            hm_format(-h->limit, d, 99, lo, sizeof lo);
            hm_format(h->limit, d, 99, hi, sizeof hi);
        } else {
            snprintf(lo, sizeof lo, "0");
            snprintf(hi, sizeof hi, "1");
        }
        sw = end - x - (int)strlen(lo) - (int)strlen(hi) - 2;
    }
    sw = sw > 8 ? 8 : sw;
    if (sw < 3)
        return;
    set_attr(w, A_DIM, 0);
    mvwaddstr(w, y, cx, lo);
    cx += (int)strlen(lo) + 1;
    for (int k = 0; k < sw; k++) {
        double t = (k + 0.5) / sw;
        if (hm_depth() >= HM_256) {
            Rgb c = cell_rgb(h, t);
            set_attr(w, A_NORMAL, hm_pair(c, c));
            mvwaddch(w, y, cx + k, ' ');
        } else {
            set_attr(w, A_NORMAL, hm_depth() >= HM_8 ? glyph_pair(h, t) : 0);
            shade(w, y, cx + k, shade_t(h, t));
        }
    }
    cx += sw + 1;
    set_attr(w, A_DIM, 0);
    mvwaddstr(w, y, cx, hi);
    cx += (int)strlen(hi);
    draw_legend_notes(w, y, cx, x + maxw, h, below, above, any_masked);
    set_attr(w, A_NORMAL, 0);
}

/* The header of a folded matrix in half-block rows: which columns are the
 * upper halves and which the lower. */
static void draw_fold_header(WINDOW *w, int y, int x, int maxw, const HmMatrix *h)
{
    char line[80];
    int f = hm_fold(h), end = h->m.cols < 2 * f ? h->m.cols : 2 * f;
    snprintf(line, sizeof line, "\u2580 0-%d  \u2584 %d-%d", f - 1, f, end - 1);
    uitext_put_cut(w, y, x, line, maxw);
}

static void draw_headers(WINDOW *w, int y, int x, int lw, int maxw, const HmMatrix *h, HmShape s, int cw)
{
    set_attr(w, A_DIM, 0);
    uitext_put(w, y, x, h->corner, lw);
    set_attr(w, A_BOLD, 0);
    if (hm_fold(h) && half_rows(s) && maxw > lw + 1) {
        draw_fold_header(w, y, x + lw + 1, maxw - lw - 1, h);
        set_attr(w, A_NORMAL, 0);
        return;
    }
    bool labels = s <= HM_COMPACT || hm_col_labels_fit(h, cw);
    for (int j = 0; j < hm_drawn_cols(h); j++) {
        int cx = x + lw + 1 + j * cw;
        if (cx + cw > x + maxw)
            break;
        if (s <= HM_COMPACT) {
            int tw = uitext_width(h->cols_lab[j]);
            int room = cw - 1;
            int pad = tw < room ? (room - tw + 1) / 2 : 0;
            uitext_put_cut(w, y, cx + pad, h->cols_lab[j], room);
        } else if (labels) {
            uitext_put_cut(w, y, cx, h->cols_lab[j], cw);
        } else {
            char d[8];
            snprintf(d, sizeof d, "%d", s == HM_HALF ? j % 10 : j % 100);
            mvwaddstr(w, y, cx, d);
        }
    }
    set_attr(w, A_NORMAL, 0);
}

/* Under a scrolled matrix: which rows are shown, and that more are above
 * or below (the cursor keys scroll). */
static void draw_scroll_note(WINDOW *w, int y, int x, int maxw, const HmMatrix *h, int top, int shown)
{
    char line[80];
    bool utf8 = uitext_utf8();
    int f = hm_fold(h) ? 2 : 1;     /* folded: two drawn rows a row */
    snprintf(line, sizeof line, "%s %d-%d / %d", top + shown < hm_drawn_rows(h) ? (top > 0 ? (utf8 ? "\u2195" : "|") : (utf8 ? "\u2193" : "v"))
                                                            : (utf8 ? "\u2191" : "^"),
             top / f, (top + shown - 1) / f, h->m.rows);
    set_attr(w, A_DIM, 0);
    uitext_put_cut(w, y, x, line, maxw);
    set_attr(w, A_NORMAL, 0);
}

void hm_draw(WINDOW *w, int y, int x, int maxh, int maxw, const HmMatrix *h, HmShape s, HmGeom *g)
{
    int H, W, cw, dec, lw = hm_lab_width(h, half_rows(s));
    bool half = half_rows(s), pairs = half && hm_pair_labels(h);
    num_style(h, s, &dec, &cw);
    hm_size(h, s, &H, &W);
    memset(g, 0, sizeof *g);
    if (maxh < 3 || maxw < 4)
        return;
    set_attr(w, h->focus ? A_BOLD | A_REVERSE : A_BOLD, 0);
    int tw = uitext_put_cut(w, y, x, h->title, maxw);
    set_attr(w, A_NORMAL, 0);
    if (h->editable && tw + 2 <= maxw)
        uitext_glyph(w, y, x + tw + 1, L"\u270e", "*");
    if (h->m.rows == 0 || h->m.cols == 0) {
        /* no cells, no legend: only what the panel would show, and why not */
        set_attr(w, A_DIM, 0);
        if (h->empty_note)
            uitext_put_cut(w, y + 1, x, h->empty_note, maxw);
        set_attr(w, A_NORMAL, 0);
        return;
    }
    draw_headers(w, y + 1, x, lw, maxw, h, s, cw);
    g->y0 = y + 2;
    g->x0 = x + lw + 1;
    g->cw = cw;
    g->half = half;
    g->fold = hm_fold(h);
    g->mcols = h->m.cols;
    bool scrolled = scrolls(h, s);
    int top = scrolled ? scroll_top(h) : 0, drows = hm_drawn_rows(h), dcols = hm_drawn_cols(h);
    int data_rows = half ? (drows + 1) / 2 : scrolled ? HM_SCROLL_ROWS : drows;
    int fit_rows = maxh - 3 - scrolled < data_rows ? maxh - 3 - scrolled : data_rows;
    fit_rows = fit_rows < 0 ? 0 : fit_rows;
    g->row0 = top;
    int fit_cols = (maxw - lw - 1) / cw < dcols ? (maxw - lw - 1) / cw : dcols;
    g->rows = half ? (fit_rows * 2 < drows ? fit_rows * 2 : drows) : fit_rows;
    g->cols = fit_cols < 0 ? 0 : fit_cols;
    for (int r = 0; r < fit_rows; r++) {
        int yy = g->y0 + r;
        int i = half ? 2 * r : top + r;
        char lab[2 * HM_LABEL_MAX + 2];
        hm_row_label(h, half, pairs, i, lab, sizeof lab);
        bool selrow = h->focus && (hm_sel_row(h) == i || (half && hm_sel_row(h) == i + 1));
        set_attr(w, selrow ? A_BOLD : A_NORMAL, 0);
        uitext_put_cut(w, yy, x, lab, lw);
        for (int j = 0; j < g->cols; j++) {
            int xx = g->x0 + j * cw;
            if (s <= HM_COMPACT)
                draw_value_cell(w, yy, xx, cw, s == HM_BOXES, dec, h, i, j);
            else if (half)
                draw_half_cell(w, yy, xx, h, i, j);
            else
                draw_block_cell(w, yy, xx, cw, h, i, j);
        }
    }
    if (scrolled && maxh >= 4 + fit_rows)
        draw_scroll_note(w, g->y0 + fit_rows, x, maxw, h, top, fit_rows);
    if (maxh >= 3 + scrolled + fit_rows)
        draw_legend(w, g->y0 + fit_rows + scrolled, x, maxw, h, s <= HM_COMPACT ? dec : 2);
}

bool hm_swatch_half(void) { return hm_depth() >= HM_256 && uitext_utf8(); }

void hm_swatch(WINDOW *w, int y, int x, Cmap cmap, double top, double bot)
{
    if (hm_swatch_half() && bot >= 0) {
        set_attr(w, A_NORMAL, hm_pair_numbers(hm_color_number(cmap_color(cmap, top)), hm_color_number(cmap_color(cmap, bot))));
        uitext_glyph(w, y, x, L"\u2580", "^");
    } else {
        double t = bot > top ? bot : top;
        if (hm_depth() >= HM_256) {
            Rgb c = cmap_color(cmap, t);
            set_attr(w, A_NORMAL, hm_pair(c, c));
            mvwaddch(w, y, x, ' ');
        } else {
            static const HmMatrix seq;     /* sequential: glyph_pair reads only that */
            set_attr(w, A_NORMAL, hm_depth() >= HM_8 ? glyph_pair(&seq, t) : 0);
            shade(w, y, x, t);
        }
    }
    set_attr(w, A_NORMAL, 0);
}

bool hm_hit(const HmGeom *g, int y, int x, int *i, int *j)
{
    if (g->cw <= 0 || x < g->x0 || y < g->y0)
        return false;
    int c = (x - g->x0) / g->cw, r = y - g->y0;
    if (g->half)
        r *= 2;
    if (c >= g->cols || r >= g->rows)
        return false;
    int d = r + g->row0;    /* a folded matrix's drawn row: a half of a row */
    *i = g->fold ? d / 2 : d;
    *j = g->fold ? (d % 2) * g->fold + c : c;
    return *j < g->mcols;
}
