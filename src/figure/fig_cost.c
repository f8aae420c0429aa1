/* fig_cost.c - the cost lesson's chart as a figure: CPU time against n for
 * full and local attention (cost.h), the same series and colours as the
 * terminal's live chart, with each series' fitted slope: the exponent b of
 * t = a n^b by least squares on log t against log n (about 2 for full
 * attention, 1 for local). Linear axes by default; log-log ones
 * (FigOptions.loglog) turn each series into a line of its slope, drawn
 * with the fit beside it. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "figure/fig_font.h"
#include "figure/figure.h"
#include "lab/bottleneck.h"

#define PLOT_W 460.0            /* units */
#define PLOT_H 280.0

static const FigRgba FULL = {230, 60, 40, 255}, LOCAL = {40, 150, 210, 255};

typedef struct {
    FigDoc *doc;
    FigFonts *fonts;
    double S, asc, desc;
    double x0, y0;              /* the plot's bottom-left corner, pixels */
    double lo_x, hi_x, lo_y, hi_y;  /* the data range shown (log10 of it on log axes) */
    double tick;                /* linear axes: milliseconds between y ticks */
    bool log;
    FigRgba fg, sub, grid;
} Chart;

/* The exponent b of t = a n^b fitted to the k points; NAN if under two. */
static double fit_slope(const int *ns, const double *ms, int k, double *a)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int n = 0;
    for (int i = 0; i < k; i++) {
        if (!(ms[i] > 0))
            continue;
        double x = log((double)ns[i]), y = log(ms[i]);
        sx += x, sy += y, sxx += x * x, sxy += x * y, n++;
    }
    if (n < 2 || n * sxx - sx * sx <= 0)
        return NAN;
    double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    *a = (sy - b * sx) / n;
    return b;
}

static double px_x(const Chart *c, double n)
{
    double v = c->log ? log10(n) : n;
    return c->x0 + (v - c->lo_x) / (c->hi_x - c->lo_x) * PLOT_W * c->S;
}

static double px_y(const Chart *c, double t)
{
    double v = c->log ? log10(t) : t;
    return c->y0 - (v - c->lo_y) / (c->hi_y - c->lo_y) * PLOT_H * c->S;
}

static void text(Chart *c, const char *s, double x, double y, double size, FigAnchor a, int rot, bool bold,
                 FigRgba col)
{
    fig_add_text(c->doc, s, (float)x, (float)y, (float)(size * c->S), a, rot, bold, col);
}

static void line(Chart *c, double x, double y, double w, double h, double width, FigRgba col)
{
    fig_add(c->doc, FIG_LINE, (float)x, (float)y, (float)w, (float)h, col)->width = (float)fmax(1.0, width * c->S);
}

/* Grid lines and tick labels on both axes. */
static void axes(Chart *c, const FigChart *run)
{
    double W = PLOT_W * c->S, H = PLOT_H * c->S, mid = (c->asc - c->desc) / 2 * 10.5 * c->S;
    char b[32];
    for (int k = 0; k < run->n_planned; k++) {      /* x: the lengths measured */
        double x = px_x(c, run->xs[k]);
        line(c, x, c->y0, 0, -H, 0.5, c->grid);
        if (!c->log && k > 0 && run->x_label_every && run->xs[k] % run->x_label_every)
            continue;                               /* 768 would crowd 512 and 1024 */
        snprintf(b, sizeof b, "%d", run->xs[k]);
        text(c, b, x, c->y0 + 8 * c->S + 2 * mid, 10.5, FIG_MIDDLE, 0, false, c->fg);
    }
    if (c->log) {                                   /* y: 1, 2, 5 times powers of ten */
        for (int e = (int)floor(c->lo_y); e <= (int)ceil(c->hi_y); e++)
            for (int m = 1; m <= 5; m += m == 1 ? 1 : 3) {
                double t = m * pow(10, e), v = log10(t);
                if (v < c->lo_y - 1e-9 || v > c->hi_y + 1e-9)
                    continue;
                double y = px_y(c, t);
                line(c, c->x0, y, W, 0, 0.5, c->grid);
                snprintf(b, sizeof b, "%g", t);
                text(c, b, c->x0 - 6 * c->S, y + mid, 10.5, FIG_END, 0, false, c->fg);
            }
    } else {
        for (int k = 0; k * c->tick <= c->hi_y * (1 + 1e-9); k++) {
            double t = k * c->tick, y = px_y(c, t);
            line(c, c->x0, y, W, 0, 0.5, c->grid);
            snprintf(b, sizeof b, "%.3g", t);
            text(c, b, c->x0 - 6 * c->S, y + mid, 10.5, FIG_END, 0, false, c->fg);
        }
    }
    line(c, c->x0, c->y0, W, 0, 1, c->sub);
    line(c, c->x0, c->y0, 0, -H, 1, c->sub);
    double lh = (c->asc + c->desc) * 12 * c->S;
    text(c, run->x_name, c->x0 + W / 2, c->y0 + 14 * c->S + 2 * lh, 12, FIG_MIDDLE, 0, true, c->sub);
    text(c, run->y_name, c->x0 - 52 * c->S, c->y0 - H / 2, 12, FIG_MIDDLE, 90, true, c->sub);
}

/* One series: its points joined, and on log axes its fitted line. */
static void series(Chart *c, const FigChart *run, const double *ms, FigRgba col)
{
    for (int k = 0; k + 1 < run->done; k++) {
        double x = px_x(c, run->xs[k]), y = px_y(c, ms[k]);
        line(c, x, y, px_x(c, run->xs[k + 1]) - x, px_y(c, ms[k + 1]) - y, 2.5, col);
    }
    for (int k = 0; k < run->done; k++)
        fig_add(c->doc, FIG_DOT, (float)px_x(c, run->xs[k]), (float)px_y(c, ms[k]), (float)(4.5 * c->S), 0, col);
    double a, b = fit_slope(run->xs, ms, run->done, &a);
    if (c->log && isfinite(b)) {
        FigRgba faint = col;
        faint.a = 110;
        double n0 = run->xs[0], n1 = run->xs[run->done - 1];
        double x = px_x(c, n0), y = px_y(c, exp(a) * pow(n0, b));
        line(c, x, y, px_x(c, n1) - x, px_y(c, exp(a) * pow(n1, b)) - y, 1, faint);
    }
}

/* The legend under the chart: what each series is and, for the cost
 * chart, its fitted slope. */
static void legend(Chart *c, const FigChart *run, bool zh, double y)
{
    FigRgba col[2] = {FULL, LOCAL};
    char b[240];
    for (int s = 0; s < 2; s++, y += 20 * c->S) {
        double a, slope = run->slopes ? fit_slope(run->xs, run->y[s], run->done, &a) : NAN, x = c->x0;
        line(c, x, y, 22 * c->S, 0, 2.5, col[s]);
        fig_add(c->doc, FIG_DOT, (float)(x + 11 * c->S), (float)y, (float)(4.5 * c->S), 0, col[s]);
        char fit[64] = "";
        if (isfinite(slope))
            snprintf(fit, sizeof fit, zh ? "，拟合斜率 %.2f" : ", fitted slope %.2f", slope);
        snprintf(b, sizeof b, "%s%s", run->legend[s], fit);
        text(c, b, x + 30 * c->S, y + (c->asc - c->desc) / 2 * 12 * c->S, 12, FIG_START, 0, false, c->fg);
    }
}

/* The nearest 1, 2 or 5 times a power of ten above (else below) v > 0. */
static double round125(double v, bool up)
{
    double p = pow(10, floor(log10(v))), f = v / p;
    if (up)
        return (f <= 1 + 1e-9 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * p;
}

/* The range of the data on each axis, widened to round values. */
static void ranges(Chart *c, const FigChart *run)
{
    double tmax = run->ymax, tmin = INFINITY;
    for (int k = 0; k < run->done && !(run->ymax > 0); k++) {
        tmax = fmax(tmax, fmax(run->y[0][k], run->y[1][k]));
        if (run->y[1][k] > 0)
            tmin = fmin(tmin, fmin(run->y[0][k], run->y[1][k]));
    }
    double nmax = run->xs[run->n_planned - 1];
    if (c->log) {
        c->lo_x = log10(run->xs[0]) - 0.08;
        c->hi_x = log10(nmax) + 0.08;
        c->lo_y = log10(round125(isfinite(tmin) && tmin > 0 ? tmin : 0.01, false));
        c->hi_y = log10(round125(tmax > 0 ? tmax : 1, true));
        if (c->hi_y <= c->lo_y)
            c->hi_y = c->lo_y + 1;
    } else {
        c->lo_x = 0;
        c->hi_x = nmax;
        /* three to five ticks a round step apart, the top one above the data */
        c->tick = round125((tmax > 0 ? tmax : 1) / 4, true);
        c->lo_y = 0;
        c->hi_y = ceil(tmax / c->tick - 1e-9) * c->tick;
        if (c->hi_y <= 0)
            c->hi_y = c->tick;
    }
}

int fig_chart_layout(const FigChart *run, const char *title, const FigOptions *opt, FigFonts *fonts, FigDoc *doc,
                     char *err, size_t errlen)
{
    memset(doc, 0, sizeof *doc);
    if (run->done < 1) {
        snprintf(err, errlen, "the chart has no measurement");
        return -1;
    }
    bool dark = opt->theme == FIG_THEME_DARK, zh = opt->lang && strcmp(opt->lang, "zh") == 0;
    Chart c = {.doc = doc, .fonts = fonts, .S = opt->scale, .log = opt->loglog && run->slopes};
    fig_font_extent(fonts, &c.asc, &c.desc);
    c.fg = dark ? (FigRgba){236, 236, 236, 255} : (FigRgba){30, 30, 30, 255};
    c.sub = dark ? (FigRgba){180, 184, 190, 255} : (FigRgba){90, 90, 90, 255};
    c.grid = dark ? (FigRgba){60, 63, 70, 255} : (FigRgba){225, 225, 225, 255};
    doc->background = dark ? (FigRgba){24, 26, 31, 255} : (FigRgba){255, 255, 255, 255};
    if (opt->transparent)
        doc->background.a = 0;
    double S = c.S, m = 14 * S, lh = (c.asc + c.desc) * S;
    double top = m + (title && title[0] ? 16 * lh + 8 * S : 0);
    c.x0 = m + 70 * S;
    c.y0 = top + 12.5 * lh + 10 * S + PLOT_H * S;
    ranges(&c, run);
    if (title && title[0])
        text(&c, title, c.x0 + PLOT_W * S / 2, m + c.asc * 16 * S, 16, FIG_MIDDLE, 0, true, c.fg);
    char b[200];
    snprintf(b, sizeof b, "%s%s", run->subtitle, c.log ? (zh ? "（双对数坐标）" : " (log-log)") : "");
    text(&c, b, c.x0 + PLOT_W * S / 2, top + c.asc * 12.5 * S, 12.5, FIG_MIDDLE, 0, false, c.fg);
    axes(&c, run);
    series(&c, run, run->y[0], FULL);
    series(&c, run, run->y[1], LOCAL);
    legend(&c, run, zh, c.y0 + 14 * S + 3 * 12 * lh);
    doc->dpi = 96 * opt->scale;
    doc->title = xstrdup(title ? title : "");
    doc->family = xstrdup(fig_fonts_family(fonts));
    fig_doc_fit(doc, fonts, m);
    return 0;
}

int fig_cost_layout(const CostRun *run, const char *title, const FigOptions *opt, FigFonts *fonts, FigDoc *doc,
                    char *err, size_t errlen)
{
    bool zh = opt->lang && strcmp(opt->lang, "zh") == 0;
    char sub[160], local[160];
    snprintf(sub, sizeof sub, zh ? "本机上时间随 n 的变化（d = %d，单线程）" : "time against n on this machine (d = %d, one thread)",
             COST_D);
    snprintf(local, sizeof local, zh ? "局部注意力：每个查询只看附近 %d 个键，O(r n d)"
                                     : "local attention: %d keys around each query, O(r n d)", COST_WINDOW);
    FigChart ch = {.n_planned = run->n_planned, .done = run->done, .xs = run->ns,
                   .y = {run->full_ms, run->local_ms}, .slopes = true, .x_label_every = 512, .subtitle = sub,
                   .x_name = zh ? "n（词数）" : "n (tokens)", .y_name = zh ? "CPU 时间 (ms)" : "CPU time (ms)",
                   .legend = {zh ? "完整注意力：看全部 n 个键，O(n² d)" : "full attention: all n keys, O(n² d)", local}};
    return fig_chart_layout(&ch, title, opt, fonts, doc, err, errlen);
}

int fig_bn_layout(const char *title, const FigOptions *opt, FigFonts *fonts, FigDoc *doc, char *err, size_t errlen)
{
    BnRun run;
    if (bn_init(&run, err, errlen) < 0)
        return -1;
    bn_measure_all(&run);
    bool zh = opt->lang && strcmp(opt->lang, "zh") == 0;
    char sub[160];
    snprintf(sub, sizeof sub, zh ? "反转随机字符串：每个长度 %d 个，在本机上测得" : "reversing %d random strings a length, measured on this machine",
             BN_COUNT);
    FigChart ch = {.n_planned = run.n_planned, .done = run.done, .xs = run.lens, .y = {run.noatt, run.att},
                   .ymax = 1.0, .subtitle = sub, .x_name = zh ? "输入长度（字符）" : "input length (characters)",
                   .y_name = zh ? "完全正确的比例" : "exactly right (share)",
                   .legend = {zh ? "无注意力：一个定长向量（编码器的最后状态）"
                                 : "no attention: one fixed-length vector (the encoder's last state)",
                              zh ? "有注意力：每写一个字符都有新的上下文 c_i"
                                 : "attention: a fresh context c_i for every character written"}};
    int rc = fig_chart_layout(&ch, title, opt, fonts, doc, err, errlen);
    bn_free(&run);
    return rc;
}
