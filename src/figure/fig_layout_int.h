/* fig_layout_int.h - what the layout's files share (fig_layout.c places a
 * figure's maps, fig_bar.c draws the colour bar and legend beside them):
 * the layout's state and a few helpers. Not for use outside src/figure's
 * layout. */
#ifndef ATTN_FIG_LAYOUT_INT_H
#define ATTN_FIG_LAYOUT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "figure/colormap.h"
#include "figure/fig_font.h"
#include "figure/fig_plan.h"

typedef struct {
    FigFonts *fonts;
    FigDoc *doc;
    const FigOptions *opt;
    double S;                   /* pixels per unit */
    double asc, desc;           /* font extent, per em */
    FigRgba fg, sub, masked_bg, masked_fg;
    int cell;                   /* cell side, pixels */
    double label_px, axis_px, sub_px, tick_px, title_px;
    double value_px;            /* the numbers in every cell; 0: none */
    bool zh;                    /* Chinese words, a font can draw them */
    const FigPlan *plan;
} Lay;

static inline double line_h(const Lay *L, double px) { return (L->asc + L->desc) * px; }
/* From the vertical centre of a line of text to its baseline. */
static inline double mid(const Lay *L, double px) { return (L->asc - L->desc) / 2 * px; }

/* Where v falls on the group's colour scale, 0..1. */
static inline double scale_t(const FigGroup *g, double v)
{
    if (!g->weights)
        return cmap_diverging_t(v, g->limit);
    return g->hi > g->lo ? (v - g->lo) / (g->hi - g->lo) : 0.5;
}

static inline Rgb cell_rgb(const FigGroup *g, double v)
{
    return cmap_color(g->cmap, scale_t(g, v));
}

/* A number as the cells and ticks print it, with a real minus sign. */
void lay_format_num(char *buf, size_t n, double v, int decimals);
/* A masked cell (kind FIG_CELL; FIG_RECT for a legend's swatch). */
void lay_masked_cell(Lay *L, FigKind kind, float x, float y, float w, float h);
/* An exact, structural zero: a dash centred at (cx, cy) in a cell c wide. */
void lay_zero_mark(Lay *L, double cx, double cy, double c, FigRgba col);
/* p_t, local attention's centre: notches at x on a row at y, c tall. */
void lay_centre_mark(Lay *L, double x, double y, double c, FigRgba col);
/* The colour bar at (x, y) beside maps gh pixels tall, its legend under it. */
void lay_draw_bar(Lay *L, const FigGroup *g, int x, int y, int gh);

#endif
