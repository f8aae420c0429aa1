/* fig_bar.c - a figure's colour bar and the legend under it: the ticks at
 * a nice step, the range the colours span, and a line for each mark the
 * group's maps use (masked cells, structural zeros, a window's centre).
 * Part of the layout (fig_layout_int.h). */
#include <math.h>
#include <stdio.h>

#include "figure/fig_layout_int.h"
#include "base/util.h"

/* The largest of 1, 2, 2.5, 5 times a power of ten that is at most x. */
static double nice_floor(double x)
{
    double p = pow(10, floor(log10(x))), f = x / p;
    return (f >= 5 ? 5 : f >= 2.5 ? 2.5 : f >= 2 ? 2 : 1) * p;
}

/* What a group's legend explains, beside its colour bar. */
typedef struct {
    bool masked, zeros, empty, centre;
} Marks;

static Marks group_marks(const FigGroup *g)
{
    Marks k = {0};
    for (int i = 0; i < g->n; i++) {
        const FigMap *m = &g->maps[i];
        for (size_t t = 0; t < mat_size(m->m); t++) {
            k.masked |= m->keep && !m->keep[t];
            k.zeros |= m->exact_zeros && (!m->keep || m->keep[t]) && m->m.v[t] == 0.0f;
        }
        k.empty |= m->empty != NULL;
        k.centre |= m->centre != NULL;
    }
    return k;
}

/* The ticks of a colour bar over lo..hi, h pixels tall: a nice step, at
 * most seven ticks, their labels never closer than about a line. */
static double tick_step(const Lay *L, const FigGroup *g, double lo, double hi, int h)
{
    double range = hi - lo, step = g->weights ? nice_floor(range / 5) : nice_floor(g->limit / 2);
    /* the coarsest step still leaves a tick either side of 0 (signed) */
    double most = g->weights ? nice_floor(range) : nice_floor(g->limit);
    while ((floor(hi / step + 1e-9) - ceil(lo / step - 1e-9) + 1 > 7 || h * step / range < 1.15 * line_h(L, L->tick_px)) &&
           step < most)
        step = fmin(nice_floor(step * 2.5 + 1e-12), most);
    return step;
}

/* The words of a legend line whose swatch (side pixels) is at (x, y). */
static void legend_words(Lay *L, int x, int y, int side, const char *words)
{
    fig_add_text(L->doc, words, (float)(x + side + 5 * L->S), (float)(y + side / 2.0 + mid(L, L->tick_px)),
                 (float)L->tick_px, FIG_START, 0, false, L->fg);
}

/* Under the colour bar: which range it shows, then a line for each mark
 * the group's maps use. */
static void draw_legend(Lay *L, const FigGroup *g, int x, int y, int w)
{
    const char *range = !g->weights ? TR(L->zh, "\u00b1max |value|", "\u00b1最大绝对值")
                        : L->opt->range == FIG_RANGE_DATA ? TR(L->zh, "fit to the data", "按数据范围")
                                                          : TR(L->zh, "fixed 0\u20131", "固定 0\u20131");
    int line = (int)ceil(fmax(w, line_h(L, L->tick_px)) + 6 * L->S);
    fig_add_text(L->doc, range, (float)x, (float)(y + line / 2.0 + mid(L, L->tick_px)), (float)L->tick_px,
                 FIG_START, 0, false, L->sub);
    y += line;
    Marks k = group_marks(g);
    if (k.masked || k.empty) {
        lay_masked_cell(L, FIG_RECT, (float)x, (float)y, (float)w, (float)w);
        legend_words(L, x, y, w, k.masked ? L->plan->masked_word
                                          : TR(L->zh, "fully masked row (output 0)", "整行被掩码（输出为 0）"));
        y += line;
    }
    Rgb zc = cell_rgb(g, 0.0), tc = rgb_text_on(zc);
    if (k.zeros && L->plan->zero_word) {
        fig_add(L->doc, FIG_RECT, (float)x, (float)y, (float)w, (float)w, (FigRgba){zc.r, zc.g, zc.b, 255});
        lay_zero_mark(L, x + w / 2.0, y + w / 2.0, w, (FigRgba){tc.r, tc.g, tc.b, 255});
        legend_words(L, x, y, w, L->plan->zero_word);
        y += line;
    }
    if (k.centre) {
        fig_add(L->doc, FIG_RECT, (float)x, (float)y, (float)w, (float)w, (FigRgba){zc.r, zc.g, zc.b, 255});
        lay_centre_mark(L, x + w / 2.0, y, w, (FigRgba){tc.r, tc.g, tc.b, 255});
        legend_words(L, x, y, w, TR(L->zh, "p_t, the window's centre", "p_t：窗口中心"));
    }
}

/* The colour bar beside maps gh pixels tall: as tall as they are (a little
 * taller for a one-row map, to hold three ticks, never twice as tall). */
void lay_draw_bar(Lay *L, const FigGroup *g, int x, int y, int gh)
{
    int w = (int)lround(14 * L->S);
    int h = (int)fmax(gh, fmin(1.5 * gh, 48 * L->S));
    FigPrim *p = fig_add(L->doc, FIG_GRADIENT, (float)x, (float)y, (float)w, (float)h, L->fg);
    p->cmap = g->cmap;
    p->t0 = 0;
    p->t1 = 1;
    float lw = (float)fmax(1, round(L->S * 0.75));
    double lo = g->weights ? g->lo : -g->limit, hi = g->weights ? g->hi : g->limit;
    double step = tick_step(L, g, lo, hi, h);
    int dec = 0;                /* as many decimals as the step has */
    while (dec < 4 && fabs(step * pow(10, dec) - round(step * pow(10, dec))) > 1e-6)
        dec++;
    char buf[64];
    for (double k = ceil(lo / step - 1e-9); k <= floor(hi / step + 1e-9); k++) {
        double v = k * step;
        float ty = (float)(y + h - scale_t(g, v) * h);
        fig_add(L->doc, FIG_LINE, (float)(x + w), ty, (float)(4 * L->S), 0, L->sub)->width = lw;
        lay_format_num(buf, sizeof buf, fabs(v) < step * 1e-6 ? 0 : v, dec);
        fig_add_text(L->doc, buf, (float)(x + w + 7 * L->S), (float)(ty + mid(L, L->tick_px)), (float)L->tick_px,
                     FIG_START, 0, false, L->fg);
    }
    draw_legend(L, g, x, y + h + (int)round(8 * L->S), w);
}
