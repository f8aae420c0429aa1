/* fig_layout.c - the geometry of a figure: a FigPlan becomes primitives.
 *
 * Sizes are in units (one unit = `scale` pixels) and rounded to whole
 * pixels where a cell edge lands, so cells stay crisp. Everything is first
 * placed around the origin; the final bounding box of every primitive,
 * text included, sets the canvas, so nothing is ever clipped: long labels
 * make the figure grow. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure/fig_font.h"
#include "figure/fig_plan.h"
#include "figure/numfmt.h"
#include "base/util.h"

typedef struct {
    FigFonts *fonts;
    FigDoc *doc;
    const FigOptions *opt;
    double S;                   /* pixels per unit */
    double asc, desc;           /* font extent, per em */
    FigRgba fg, sub, masked_bg, masked_fg;
    int cell;                   /* cell side, pixels */
    double label_px, axis_px, sub_px, tick_px, title_px;
    bool zh;                    /* Chinese words, a font can draw them */
} Lay;

typedef struct {
    int left, right, top, bottom;   /* pixels around the grid */
    int rot;                        /* column labels: 0, 45 or 90 degrees */
    double row_px, col_px;          /* label sizes (smaller in tiny cells) */
    double col_ext;                 /* how far the column labels reach below the grid */
    double value_px;                /* 0: no numbers in the cells */
    int decimals;
} MapGeom;

static const char MINUS[] = "\xe2\x88\x92";     /* U+2212, the typographic minus */

static double line_h(const Lay *L, double px) { return (L->asc + L->desc) * px; }
/* From the vertical centre of a line of text to its baseline. */
static double mid(const Lay *L, double px) { return (L->asc - L->desc) / 2 * px; }

static double text_w(const Lay *L, const char *s, double px, bool bold)
{
    return fig_text_width(L->fonts, s, px, bold);
}

/* A number as the cells and ticks print it, with a real minus sign. */
static void format_num(char *buf, size_t n, double v, int decimals)
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

static Rgb cell_rgb(const FigGroup *g, double v)
{
    return g->weights ? cmap_color(g->cmap, v) : cmap_color(g->cmap, cmap_diverging_t(v, g->limit));
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

/* The numbers in the cells: as large as reads well, shrunk to fit, or none. */
static void measure_values(const Lay *L, const FigGroup *g, const FigMap *m, MapGeom *mg)
{
    mg->value_px = 0;
    /* as many as the size allows, more where values would print alike */
    mg->decimals = numfmt_decimals(m->m.v, m->keep, mat_size(m->m), g->weights || g->limit < 10 ? 2 : g->limit < 100 ? 1 : 0,
                                   2);
    if (L->opt->values == FIG_VALUES_OFF)
        return;
    double px = fmin(0.3 * L->cell, 12 * L->S), room = L->cell - 6 * L->S, w = 0;
    char buf[64];
    for (size_t t = 0; t < mat_size(m->m); t++) {
        if (m->keep && !m->keep[t])
            continue;           /* a masked cell prints no number */
        format_num(buf, sizeof buf, m->m.v[t], mg->decimals);
        double tw = text_w(L, buf, px, false);
        if (tw > w)
            w = tw;
    }
    if (w > room && w > 0)
        px *= room / w;
    double least = (L->opt->values == FIG_VALUES_ON ? 5 : 6.5) * L->S;
    if (px >= least || L->opt->values == FIG_VALUES_ON)
        mg->value_px = fmax(px, least);
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
    measure_values(L, g, m, mg);
}

static void add_center_text(Lay *L, const char *s, double cx, double cy, double px, int rot, bool bold,
                            FigRgba col)
{
    double a = rot * M_PI / 180.0, k = mid(L, px);
    fig_add_text(L->doc, s, (float)(cx + k * sin(a)), (float)(cy + k * cos(a)), (float)px, FIG_MIDDLE, rot, bold,
                 col);
}

static void draw_cells(Lay *L, const FigGroup *g, const FigMap *m, const MapGeom *mg, int gx, int gy)
{
    int c = L->cell;
    char buf[64];
    for (int i = 0; i < m->m.rows; i++)
        for (int j = 0; j < m->m.cols; j++) {
            size_t t = (size_t)i * (size_t)m->m.cols + (size_t)j;
            float x = (float)(gx + j * c), y = (float)(gy + i * c);
            if (m->keep && !m->keep[t]) {
                /* masked: no colour of any value, so never mistaken for 0 */
                fig_add(L->doc, FIG_CELL, x, y, (float)c, (float)c, L->masked_bg);
                fig_add(L->doc, FIG_HATCH, x, y, (float)c, (float)c, L->masked_fg)->width =
                    (float)fmax(1.0, 1.25 * L->S);
                continue;
            }
            Rgb rgb = cell_rgb(g, m->m.v[t]);
            fig_add(L->doc, FIG_CELL, x, y, (float)c, (float)c, (FigRgba){rgb.r, rgb.g, rgb.b, 255});
            if (mg->value_px > 0) {
                Rgb tc = rgb_text_on(rgb);
                format_num(buf, sizeof buf, m->m.v[t], mg->decimals);
                add_center_text(L, buf, x + c / 2.0, y + c / 2.0, mg->value_px, 0, false,
                                (FigRgba){tc.r, tc.g, tc.b, 255});
            }
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

/* The largest of 1, 2, 2.5, 5 times a power of ten that is at most x. */
static double nice_floor(double x)
{
    double p = pow(10, floor(log10(x))), f = x / p;
    return (f >= 5 ? 5 : f >= 2.5 ? 2.5 : f >= 2 ? 2 : 1) * p;
}

static void draw_bar(Lay *L, const FigGroup *g, int x, int y, int h, bool masked)
{
    int w = (int)lround(14 * L->S);
    h = h > (int)lround(100 * L->S) ? h : (int)lround(100 * L->S);    /* a one-row map still gets a bar */
    FigPrim *p = fig_add(L->doc, FIG_GRADIENT, (float)x, (float)y, (float)w, (float)h, L->fg);
    p->cmap = g->cmap;
    p->t0 = 0;
    p->t1 = 1;
    float lw = (float)fmax(1, round(L->S * 0.75));
    double range = g->weights ? 1 : 2 * g->limit, step = g->weights ? 0.2 : nice_floor(g->limit / 2);
    /* at most seven ticks, and never closer than one and a half lines */
    while ((!g->weights && 2 * floor(g->limit / step + 1e-9) + 1 > 7) || h * step / range < 1.5 * L->tick_px)
        step = nice_floor(step * 2.5 + 1e-12);
    int dec = 0;                /* as many decimals as the step has */
    while (dec < 4 && fabs(step * pow(10, dec) - round(step * pow(10, dec))) > 1e-6)
        dec++;
    double lo = g->weights ? 0 : -floor(g->limit / step + 1e-9) * step, hi = g->weights ? 1 : -lo;
    char buf[64];
    for (double v = lo; v <= hi + step * 1e-6; v += step) {
        double t = g->weights ? v : cmap_diverging_t(v, g->limit);
        float ty = (float)(y + h - t * h);
        fig_add(L->doc, FIG_LINE, (float)(x + w), ty, (float)(4 * L->S), 0, L->sub)->width = lw;
        format_num(buf, sizeof buf, fabs(v) < step * 1e-6 ? 0 : v, dec);
        fig_add_text(L->doc, buf, (float)(x + w + 7 * L->S), (float)(ty + mid(L, L->tick_px)), (float)L->tick_px,
                     FIG_START, 0, false, L->fg);
    }
    if (masked) {
        float sy = (float)(y + h + round(12 * L->S)), sw = (float)w;
        fig_add(L->doc, FIG_RECT, (float)x, sy, sw, sw, L->masked_bg);
        fig_add(L->doc, FIG_HATCH, (float)x, sy, sw, sw, L->masked_fg)->width = (float)fmax(1.0, 1.25 * L->S);
        fig_add_text(L->doc, L->zh ? "掩码" : "masked", (float)(x + w + 5 * L->S), (float)(sy + sw / 2 + mid(L, L->tick_px)),
                     (float)L->tick_px, FIG_START, 0, false, L->fg);
    }
}

static bool group_masked(const FigGroup *g)
{
    for (int i = 0; i < g->n; i++)
        for (size_t t = 0; g->maps[i].keep && t < mat_size(g->maps[i].m); t++)
            if (!g->maps[i].keep[t])
                return true;
    return false;
}

/* Places a group with its top-left corner at (x, y). */
static void place_group(Lay *L, FigGroup *g, int x, int y)
{
    if (!g->weights && !(g->limit > 0))
        g->limit = 1;
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
    draw_bar(L, g, bx, bar_top, bar_bot - bar_top, group_masked(g));
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

int fig_layout(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
               struct FigFonts *fonts, FigDoc *doc, char *err, size_t errlen)
{
    memset(doc, 0, sizeof *doc);
    const char *lang = opt->lang ? opt->lang : "en";
    bool zh = strcmp(lang, "zh") == 0 && fig_fonts_cover(fonts, "查询键维度词元行列");
    FigPlan plan;
    if (fig_plan_make(l, step, r, sc, panel, opt, zh, &plan, err, errlen) < 0)
        return -1;
    Lay L = {.fonts = fonts, .doc = doc, .opt = opt, .S = opt->scale, .zh = zh};
    fig_font_extent(fonts, &L.asc, &L.desc);
    set_theme(&L, opt, doc);
    L.cell = cell_size(&plan, L.S);
    L.label_px = 12 * L.S;
    L.axis_px = 12 * L.S;
    L.sub_px = 12.5 * L.S;
    L.tick_px = 10.5 * L.S;
    L.title_px = 16 * L.S;
    doc->dpi = 96 * opt->scale;
    doc->title = xstrdup(plan.title);
    doc->source = xstrdup(l->path);
    doc->family = xstrdup(fig_fonts_family(fonts));

    /* groups side by side, three to a row */
    int gap = (int)lround(36 * L.S), x = 0, y = 0, row_h = 0;
    for (int g = 0; g < plan.n; g++) {
        if (g > 0 && g % 3 == 0) {
            x = 0;
            y += row_h + gap;
            row_h = 0;
        }
        int from = doc->n;
        double gb[4];
        place_group(&L, &plan.groups[g], x, y);
        doc_box(&L, from, gb);
        x = (int)ceil(gb[2]) + gap;
        row_h = (int)ceil(gb[3]) - y > row_h ? (int)ceil(gb[3]) - y : row_h;
    }
    double b[4];
    doc_box(&L, 0, b);
    if (plan.title[0])
        add_center_text(&L, plan.title, (b[0] + b[2]) / 2, b[1] - 14 * L.S - line_h(&L, L.title_px) / 2,
                        L.title_px, 0, true, L.fg);
    doc_box(&L, 0, b);
    double margin = 14 * L.S;
    fig_translate(doc, (float)(margin - floor(b[0])), (float)(margin - floor(b[1])));
    doc->width = (int)ceil(b[2] - floor(b[0]) + 2 * margin);
    doc->height = (int)ceil(b[3] - floor(b[1]) + 2 * margin);
    fig_plan_free(&plan);
    return 0;
}
