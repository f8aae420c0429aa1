/* fig_layout.c - the geometry of a figure: a FigPlan becomes primitives.
 *
 * Sizes are in units (one unit = `scale` pixels) and rounded to whole
 * pixels where a cell edge lands, so cells stay crisp. Everything is first
 * placed around the origin; the final bounding box of every primitive,
 * text included, sets the canvas, so nothing is ever clipped: long labels
 * make the figure grow, while the title and the settings line wrap to the
 * maps' width. Groups sit in a grid (2 x 2 for four, 4 + 3 for seven) and
 * every number of a figure has one size, at least 9 units. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure/fig_layout_int.h"
#include "figure/fig_font.h"
#include "figure/fig_plan.h"
#include "figure/numfmt.h"
#include "base/utf8.h"
#include "base/util.h"

typedef struct {
    int left, right, top, bottom;   /* pixels around the grid */
    int rot;                        /* column labels: 0, 45 or 90 degrees */
    double row_px, col_px;          /* label sizes (smaller in tiny cells) */
    double col_ext;                 /* how far the column labels reach below the grid */
    int decimals;                   /* of the numbers in the cells */
} MapGeom;

static const char MINUS[] = "\xe2\x88\x92";     /* U+2212, the typographic minus */

static double text_w(const Lay *L, const char *s, double px, bool bold)
{
    return fig_text_width(L->fonts, s, px, bold);
}

/* A number as the cells and ticks print it, with a real minus sign. */
void lay_format_num(char *buf, size_t n, double v, int decimals)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "%s", isnan(v) ? "NaN" : v > 0 ? "\xe2\x88\x9e" : "\xe2\x88\x92\xe2\x88\x9e");
        return;
    }
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%.*f", decimals, fabs(v) < 1e30 ? v : copysign(1e30, v));  /* fits tmp */
    bool zero = strspn(tmp, "-0.") == strlen(tmp);
    const char *digits = tmp[0] == '-' ? tmp + 1 : tmp;
    snprintf(buf, n, "%s%s", tmp[0] == '-' && !zero ? MINUS : "", digits);
}


static double widest(const Lay *L, char **labels, int n, double px)
{
    double w = 0;
    for (int i = 0; i < n; i++) {
        double t = text_w(L, labels[i], px, false);
        if (t > w)
            w = t;
    }
    return w;
}

/* The decimals of a map's numbers: as many as the size allows, more where
 * values would print alike. */
static int map_decimals(const FigGroup *g, const FigMap *m)
{
    int start = g->weights || g->limit < 10 ? 2 : g->limit < 100 ? 1 : 0;
    return numfmt_decimals(m->m.v, m->keep, mat_size(m->m), start, 2);
}

/* The widest number a map prints, at 1 px per em (masked cells and exact
 * zeros print none). */
static double map_number_width(const Lay *L, const FigGroup *g, const FigMap *m)
{
    double w = 0;
    char buf[64];
    int dec = map_decimals(g, m);
    for (size_t t = 0; t < mat_size(m->m); t++) {
        if ((m->keep && !m->keep[t]) || (m->exact_zeros && m->m.v[t] == 0.0f))
            continue;
        lay_format_num(buf, sizeof buf, m->m.v[t], dec);
        w = fmax(w, text_w(L, buf, 1, false));
    }
    return w;
}

/* One size for the numbers of the whole figure, readable from the back of
 * a room (at least 9 units: 18 px at the default scale): the cells grow to
 * hold it while the largest map stays under ~480 units a side; past that
 * the numbers go (auto) or shrink (--values). */
static void size_numbers(Lay *L, const FigPlan *plan)
{
    L->value_px = 0;
    if (L->opt->values == FIG_VALUES_OFF)
        return;
    double w1 = 0, pad = 6 * L->S, least = 9 * L->S;
    int most = 1;
    for (int g = 0; g < plan->n; g++)
        for (int i = 0; i < plan->groups[g].n; i++) {
            const FigMap *m = &plan->groups[g].maps[i];
            w1 = fmax(w1, map_number_width(L, &plan->groups[g], m));
            most = m->m.rows > most ? m->m.rows : most;
            most = m->m.cols > most ? m->m.cols : most;
        }
    if (w1 <= 0)
        return;
    /* 10.5 units where the maps stay small enough, else at least 9 */
    int room = (int)floor(480 * L->S / most), need = 0;
    for (double want = 10.5 * L->S; want >= least - 1e-9 && !need; want -= 1.5 * L->S)
        if (ceil(fmax(want * w1 + pad, want / 0.36)) <= room)
            need = (int)ceil(fmax(want * w1 + pad, want / 0.36));
    if (need && L->cell < need)
        L->cell = need;
    else if (!need && L->opt->values == FIG_VALUES_ON)
        L->cell = room > L->cell ? room : L->cell;
    double px = fmin(fmin(0.36 * L->cell, 14 * L->S), (L->cell - pad) / w1);
    if (L->opt->values == FIG_VALUES_AUTO && px < least - 1e-6)
        return;                 /* they would not read: colours alone */
    L->value_px = L->opt->values == FIG_VALUES_ON ? fmax(px, 5 * L->S) : px;
}

static void measure_map(const Lay *L, const FigGroup *g, const FigMap *m, MapGeom *mg)
{
    double pad = 6 * L->S, c = L->cell, fit = 0.92 * c / (L->asc + L->desc);
    mg->row_px = fmin(L->label_px, fit);
    mg->col_px = fmin(L->label_px, fit);
    double row_w = widest(L, m->rows, m->m.rows, mg->row_px);
    double cw = widest(L, m->cols, m->m.cols, mg->col_px), lh = line_h(L, mg->col_px);
    if (cw <= c - 4 * L->S)
        mg->rot = 0, mg->col_ext = lh;
    else if (c * M_SQRT1_2 >= 1.1 * lh)     /* the text's own depth, turned, beyond its length */
        mg->rot = 45, mg->col_ext = (cw + L->asc * mg->col_px) * M_SQRT1_2;
    else
        mg->rot = 90, mg->col_ext = cw;
    double gw = m->m.cols * c, sw = text_w(L, m->subtitle, L->sub_px, false);
    double left = pad + row_w + pad + line_h(L, L->axis_px);
    double reach = mg->rot == 45 ? (cw + lh) * M_SQRT1_2 - c / 2 : 0;
    double side = sw / 2 - gw / 2;
    mg->left = (int)ceil(fmax(fmax(left, reach), side));
    mg->right = (int)ceil(fmax(0, side));
    mg->top = (int)ceil(line_h(L, L->sub_px) + pad);
    mg->bottom = (int)ceil(pad + mg->col_ext + pad / 2 + line_h(L, L->axis_px));
    mg->decimals = map_decimals(g, m);
}

static void add_center_text(Lay *L, const char *s, double cx, double cy, double px, int rot, bool bold,
                            FigRgba col)
{
    double a = rot * M_PI / 180.0, k = mid(L, px);
    fig_add_text(L->doc, s, (float)(cx + k * sin(a)), (float)(cy + k * cos(a)), (float)px, FIG_MIDDLE, rot, bold,
                 col);
}

/* A masked cell (kind FIG_CELL; FIG_RECT for a legend's swatch): no colour
 * of any value, so never mistaken for 0. */
void lay_masked_cell(Lay *L, FigKind kind, float x, float y, float w, float h)
{
    fig_add(L->doc, kind, x, y, w, h, L->masked_bg);
    fig_add(L->doc, FIG_HATCH, x, y, w, h, L->masked_fg)->width = (float)fmax(1.0, 1.25 * L->S);
}

/* An exact, structural zero: a dash where a number would be, so it never
 * reads as a tiny weight's "0.00". */
void lay_zero_mark(Lay *L, double cx, double cy, double c, FigRgba col)
{
    double w = fmax(3, 0.3 * c), h = fmax(2, round(0.06 * c));
    fig_add(L->doc, FIG_RECT, (float)(cx - w / 2), (float)round(cy - h / 2), (float)w, (float)h, col);
}

/* p_t, the centre of local attention's window: a notch at the top and the
 * bottom of the row, at its (possibly fractional) position. */
void lay_centre_mark(Lay *L, double x, double y, double c, FigRgba col)
{
    double w = fmax(2, round(0.08 * c)), h = round(0.2 * c);
    fig_add(L->doc, FIG_RECT, (float)(x - w / 2), (float)y, (float)w, (float)h, col);
    fig_add(L->doc, FIG_RECT, (float)(x - w / 2), (float)(y + c - h), (float)w, (float)h, col);
}

static void draw_cells(Lay *L, const FigGroup *g, const FigMap *m, const MapGeom *mg, int gx, int gy)
{
    int c = L->cell;
    char buf[64];
    for (int i = 0; i < m->m.rows; i++)
        for (int j = 0; j < m->m.cols; j++) {
            size_t t = (size_t)i * (size_t)m->m.cols + (size_t)j;
            float x = (float)(gx + j * c), y = (float)(gy + i * c);
            if ((m->keep && !m->keep[t]) || (m->empty && m->empty[i])) {
                lay_masked_cell(L, FIG_CELL, x, y, (float)c, (float)c);
                continue;
            }
            Rgb rgb = cell_rgb(g, m->m.v[t]);
            Rgb tc = rgb_text_on(rgb);
            FigRgba ink = {tc.r, tc.g, tc.b, 255};
            fig_add(L->doc, FIG_CELL, x, y, (float)c, (float)c, (FigRgba){rgb.r, rgb.g, rgb.b, 255});
            if (m->exact_zeros && m->m.v[t] == 0.0f) {
                lay_zero_mark(L, x + c / 2.0, y + c / 2.0, c, ink);
            } else if (L->value_px > 0) {
                lay_format_num(buf, sizeof buf, m->m.v[t], mg->decimals);
                add_center_text(L, buf, x + c / 2.0, y + c / 2.0, L->value_px, 0, false, ink);
            }
        }
    for (int i = 0; m->centre && i < m->m.rows; i++) {
        double p = m->centre[i];
        if (!isfinite(p) || p < -0.5 || p > m->m.cols - 0.5)
            continue;
        int j = (int)lround(p);
        Rgb under = cell_rgb(g, m->m.v[(size_t)i * (size_t)m->m.cols + (size_t)j]);
        Rgb tc = m->keep && !m->keep[(size_t)i * (size_t)m->m.cols + (size_t)j] ? (Rgb){0, 0, 0} : rgb_text_on(under);
        lay_centre_mark(L, gx + (p + 0.5) * c, gy + i * c, c, (FigRgba){tc.r, tc.g, tc.b, 255});
    }
}

static void draw_map(Lay *L, const FigGroup *g, const FigMap *m, const MapGeom *mg, int gx, int gy)
{
    int c = L->cell, gw = m->m.cols * c, gh = m->m.rows * c;
    double pad = 6 * L->S;
    draw_cells(L, g, m, mg, gx, gy);
    for (int i = 0; i < m->m.rows; i++)
        fig_add_text(L->doc, m->rows[i], (float)(gx - pad), (float)(gy + (i + 0.5) * c + mid(L, mg->row_px)),
                     (float)mg->row_px, FIG_END, 0, false, L->fg);
    double top = gy + gh + pad;
    for (int j = 0; j < m->m.cols; j++) {
        double cx = gx + (j + 0.5) * c, k = mid(L, mg->col_px);
        if (mg->rot == 0)
            add_center_text(L, m->cols[j], cx, top + line_h(L, mg->col_px) / 2, mg->col_px, 0, false, L->fg);
        else if (mg->rot == 90)
            fig_add_text(L->doc, m->cols[j], (float)(cx + k), (float)top, (float)mg->col_px, FIG_END, 90, false,
                         L->fg);
        else    /* the end of the label points at its column */
            fig_add_text(L->doc, m->cols[j], (float)(cx + k * M_SQRT1_2), (float)(top + k * M_SQRT1_2),
                         (float)mg->col_px, FIG_END, 45, false, L->fg);
    }
    double ah = line_h(L, L->axis_px);
    add_center_text(L, m->col_axis, gx + gw / 2.0, top + mg->col_ext + pad / 2 + ah / 2, L->axis_px, 0, true, L->sub);
    add_center_text(L, m->row_axis, gx - mg->left + ah / 2, gy + gh / 2.0, L->axis_px, 90, true, L->sub);
    add_center_text(L, m->subtitle, gx + gw / 2.0, gy - pad - line_h(L, L->sub_px) / 2, L->sub_px, 0, false, L->fg);
}


/* Places a group with its top-left corner at (x, y). */
static void place_group(Lay *L, FigGroup *g, int x, int y)
{
    if (!g->weights && !(g->limit > 0))
        g->limit = 1;
    if (g->weights && !(g->hi > g->lo)) {     /* one value, or none: a range around it */
        double v = isfinite(g->lo) ? g->lo : 0.5;
        g->lo = fmax(0, v - 0.05);
        g->hi = g->lo + 0.1;
    }
    MapGeom *mg = xcalloc((size_t)g->n, sizeof *mg);
    for (int i = 0; i < g->n; i++)
        measure_map(L, g, &g->maps[i], &mg[i]);
    int gap = (int)lround(24 * L->S), cy = y, right = x, bar_top = 0, bar_bot = 0;
    for (int r0 = 0; r0 < g->n; r0 += g->per_row) {
        int r1 = r0 + g->per_row < g->n ? r0 + g->per_row : g->n, top = 0, bottom = 0, gh = 0, cx = x;
        for (int i = r0; i < r1; i++) {
            top = mg[i].top > top ? mg[i].top : top;
            bottom = mg[i].bottom > bottom ? mg[i].bottom : bottom;
            gh = g->maps[i].m.rows * L->cell > gh ? g->maps[i].m.rows * L->cell : gh;
        }
        for (int i = r0; i < r1; i++) {
            cx += mg[i].left;
            draw_map(L, g, &g->maps[i], &mg[i], cx, cy + top);
            cx += g->maps[i].m.cols * L->cell + mg[i].right;
            right = cx > right ? cx : right;
            cx += gap;
        }
        if (r0 == 0)
            bar_top = cy + top;
        bar_bot = cy + top + gh;
        cy += top + gh + bottom + gap;
    }
    int bx = right + (int)lround(16 * L->S);
    lay_draw_bar(L, g, bx, bar_top, bar_bot - bar_top);
    free(mg);
}

/* The box a primitive covers, text included (rotated with it). */
static void prim_box(const Lay *L, const FigPrim *p, double b[4])
{
    if (p->kind != FIG_TEXT) {
        double x0 = p->x, y0 = p->y, x1 = p->x + p->w, y1 = p->y + p->h, hw = p->width / 2.0;
        b[0] = fmin(x0, x1) - (p->kind == FIG_LINE ? hw : 0);
        b[1] = fmin(y0, y1) - (p->kind == FIG_LINE ? hw : 0);
        b[2] = fmax(x0, x1) + (p->kind == FIG_LINE ? hw : 0);
        b[3] = fmax(y0, y1) + (p->kind == FIG_LINE ? hw : 0);
        return;
    }
    double w = text_w(L, fig_text(L->doc, p), p->size, p->bold);
    double s0 = p->anchor == FIG_START ? 0 : p->anchor == FIG_MIDDLE ? -w / 2 : -w;
    double a = p->rotate * M_PI / 180.0, dx = cos(a), dy = -sin(a), nx = sin(a), ny = cos(a);
    double ts[2] = {s0, s0 + w}, ns[2] = {-L->asc * p->size, L->desc * p->size};
    b[0] = b[1] = INFINITY;
    b[2] = b[3] = -INFINITY;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double x = p->x + ts[i] * dx + ns[j] * nx, y = p->y + ts[i] * dy + ns[j] * ny;
            b[0] = fmin(b[0], x);
            b[1] = fmin(b[1], y);
            b[2] = fmax(b[2], x);
            b[3] = fmax(b[3], y);
        }
}

static void doc_box(const Lay *L, int from, double b[4])
{
    b[0] = b[1] = INFINITY;
    b[2] = b[3] = -INFINITY;
    for (int i = from; i < L->doc->n; i++) {
        double pb[4];
        prim_box(L, &L->doc->v[i], pb);
        b[0] = fmin(b[0], pb[0]);
        b[1] = fmin(b[1], pb[1]);
        b[2] = fmax(b[2], pb[2]);
        b[3] = fmax(b[3], pb[3]);
    }
}

/* Moves the primitives from index `from` on by (dx, dy). */
static void translate_from(FigDoc *d, int from, float dx, float dy)
{
    for (int i = from; i < d->n; i++)
        d->v[i].x += dx, d->v[i].y += dy;
}

static void set_theme(Lay *L, const FigOptions *opt, FigDoc *doc)
{
    if (opt->theme == FIG_THEME_DARK) {
        doc->background = (FigRgba){24, 26, 31, 255};
        L->fg = (FigRgba){236, 236, 236, 255};
        L->sub = (FigRgba){180, 184, 190, 255};
        L->masked_bg = (FigRgba){52, 55, 62, 255};
        L->masked_fg = (FigRgba){128, 132, 140, 255};
    } else {
        doc->background = (FigRgba){255, 255, 255, 255};
        L->fg = (FigRgba){30, 30, 30, 255};
        L->sub = (FigRgba){90, 90, 90, 255};
        L->masked_bg = (FigRgba){234, 234, 234, 255};
        L->masked_fg = (FigRgba){150, 150, 150, 255};
    }
    if (opt->transparent)
        doc->background.a = 0;
}

/* One cell size for the whole figure, so maps can be compared by eye:
 * about 270 units for the largest side of a lone map, smaller when there
 * are several. */
static int cell_size(const FigPlan *plan, double S)
{
    if (plan->cell_units > 0)
        return (int)lround(plan->cell_units * S);
    int most = 1, maps = 0;
    for (int g = 0; g < plan->n; g++)
        for (int i = 0; i < plan->groups[g].n; i++, maps++) {
            Mat m = plan->groups[g].maps[i].m;
            most = m.rows > most ? m.rows : most;
            most = m.cols > most ? m.cols : most;
        }
    double side = maps > 1 ? 200 : 270, c = side / most;
    c = c < 12 ? 12 : c > 56 ? 56 : c;
    return (int)lround(floor(c) * S);
}

static bool next_wide(const char *p)
{
    return *p && utf8_width(utf8_next(&p)) == 2;
}

/* Where the line starting at s may end: the farthest break (a space, or
 * beside a wide CJK character) whose text fits in maxw px, else the first
 * break; *next is where the next line starts (past the space). */
static size_t line_end(const Lay *L, const char *s, double maxw, double px, bool bold, size_t *next)
{
    size_t best = 0, best_next = 0, len = strlen(s);
    char *buf = xmalloc(len + 1);
    for (const char *p = s; *p;) {
        const char *at = p;
        unsigned cp = utf8_next(&p);
        size_t end = 0, after = 0;
        if (cp == ' ')
            end = (size_t)(at - s), after = (size_t)(p - s);
        else if (utf8_width(cp) == 2 || next_wide(p))
            end = after = (size_t)(p - s);     /* after a wide character, or before one */
        if (!*p)
            end = after = len;
        if (end == 0)
            continue;
        memcpy(buf, s, end);
        buf[end] = '\0';
        if (best && text_w(L, buf, px, bold) > maxw)
            break;
        best = end, best_next = after;
    }
    free(buf);
    *next = best_next;
    return best;
}

/* Text centred on cx in lines of at most maxw px, the last one ending just
 * above y; returns the top of the first line. */
static double put_lines(Lay *L, const char *text, double cx, double y, double maxw, double px, bool bold,
                        FigRgba col)
{
    size_t len = strlen(text), n = 0;
    char *line = xmalloc(len + 1);
    for (const char *p = text; *p; n++) {
        size_t next;
        line_end(L, p, maxw, px, bold, &next);
        p += next ? next : strlen(p);
    }
    double lh = line_h(L, px), top = y - (double)n * lh;
    n = 0;
    for (const char *p = text; *p; n++) {
        size_t next, end = line_end(L, p, maxw, px, bold, &next);
        memcpy(line, p, end);
        line[end] = '\0';
        add_center_text(L, line, cx, top + ((double)n + 0.5) * lh, px, 0, bold, col);
        p += next ? next : strlen(p);
    }
    free(line);
    return top;
}

/* Groups in a grid of plan->per_row columns (2 x 2 for four, 4 + 3 for
 * seven), each column as wide as its widest group, each row as tall as its
 * tallest, so that panels line up. */
static void place_groups(Lay *L, FigPlan *plan)
{
    int n = plan->n, cols = plan->per_row, gap = (int)lround(36 * L->S);
    int *start = xcalloc((size_t)n + 1, sizeof *start);
    double *h = xcalloc((size_t)n, sizeof *h), *colw = xcalloc((size_t)cols, sizeof *colw);
    for (int g = 0; g < n; g++) {      /* each drawn at the origin, then moved */
        double gb[4];
        start[g] = L->doc->n;
        place_group(L, &plan->groups[g], 0, 0);
        doc_box(L, start[g], gb);
        translate_from(L->doc, start[g], (float)-floor(gb[0]), (float)-floor(gb[1]));
        h[g] = ceil(gb[3]) - floor(gb[1]);
        colw[g % cols] = fmax(colw[g % cols], ceil(gb[2]) - floor(gb[0]));
    }
    start[n] = L->doc->n;
    double y = 0;
    for (int r = 0; r < n; r += cols) {
        double x = 0, row_h = 0;
        for (int g = r; g < n && g < r + cols; g++) {
            for (int i = start[g]; i < start[g + 1]; i++)
                L->doc->v[i].x += (float)x, L->doc->v[i].y += (float)y;
            x += colw[g - r] + gap;
            row_h = fmax(row_h, h[g]);
        }
        y += row_h + gap;
    }
    free(start);
    free(h);
    free(colw);
}

int fig_layout(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
               struct FigFonts *fonts, FigDoc *doc, char *err, size_t errlen)
{
    memset(doc, 0, sizeof *doc);
    const char *lang = opt->lang ? opt->lang : "en";
    bool zh = strcmp(lang, "zh") == 0 && fig_fonts_cover(fonts, "查询键维度词元行列");
    FigPlan plan;
    if (fig_plan_make(l, step, r, sc, panel, opt, zh, &plan, err, errlen) < 0)
        return -1;
    int rc = fig_layout_plan(&plan, opt, fonts, l->path, doc, err, errlen);
    fig_plan_free(&plan);
    return rc;
}

int fig_layout_plan(FigPlan *plan_p, const FigOptions *opt, struct FigFonts *fonts, const char *source, FigDoc *doc,
                    char *err, size_t errlen)
{
    (void)err, (void)errlen;
    memset(doc, 0, sizeof *doc);
    const char *lang = opt->lang ? opt->lang : "en";
    bool zh = strcmp(lang, "zh") == 0 && fig_fonts_cover(fonts, "查询键维度词元行列");
    FigPlan plan = *plan_p;
    Lay L = {.fonts = fonts, .doc = doc, .opt = opt, .S = opt->scale, .zh = zh};
    fig_font_extent(fonts, &L.asc, &L.desc);
    set_theme(&L, opt, doc);
    L.plan = &plan;
    L.cell = cell_size(&plan, L.S);
    size_numbers(&L, &plan);
    L.label_px = 12 * L.S;
    L.axis_px = 12 * L.S;
    L.sub_px = 12.5 * L.S;
    L.tick_px = 10.5 * L.S;
    L.title_px = 16 * L.S;
    doc->dpi = 96 * opt->scale;
    doc->title = xstrdup(plan.title);
    doc->source = xstrdup(source);
    doc->family = xstrdup(fig_fonts_family(fonts));

    place_groups(&L, &plan);
    double b[4];
    doc_box(&L, 0, b);
    double y = b[1] - 14 * L.S;
    double wrap = fmax(b[2] - b[0], 320 * L.S);    /* a narrow figure still takes a line of words */
    if (plan.settings[0])
        y = put_lines(&L, plan.settings, (b[0] + b[2]) / 2, y, wrap, L.sub_px, false, L.sub) - 6 * L.S;
    if (plan.title[0])
        put_lines(&L, plan.title, (b[0] + b[2]) / 2, y, wrap, L.title_px, true, L.fg);
    doc_box(&L, 0, b);
    double margin = 14 * L.S;
    fig_translate(doc, (float)(margin - floor(b[0])), (float)(margin - floor(b[1])));
    doc->width = (int)ceil(b[2] - floor(b[0]) + 2 * margin);
    doc->height = (int)ceil(b[3] - floor(b[1]) + 2 * margin);
    *plan_p = plan;     /* place_group settles a group's range in it */
    return 0;
}
