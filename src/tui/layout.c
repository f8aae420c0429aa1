/* layout.c - see layout.h. Pure: no curses, no globals. */
#include "tui/layout.h"

#include <string.h>

/* Rows the narration may take: a quarter of the window, at least 3, or the
 * tighter cap when one is given; at least 1. */
static int text_rows(int rows, int lines, int cap)
{
    int most = cap ? cap : rows / 4 > 3 ? rows / 4 : 3;
    return lines < most ? (lines > 1 ? lines : 1) : most;
}

/* The size of panel k in its shape, in an area `avail` rows high. */
static void panel_size(const LayoutPanel *p, int shape, int avail, int cols, int *h, int *w)
{
    if (p->chart) {
        *h = avail < p->min_h ? p->min_h : avail > p->max_h ? p->max_h : avail;
        *w = p->w[0] < cols ? p->w[0] : cols;
        return;
    }
    *h = p->h[shape];
    *w = p->w[shape];
}

/* Flows the panels left to right from row top, wrapping, uncut, into at;
 * true when all fit above bottom. */
static bool flow(int cols, const LayoutInput *in, const int *shape, int top, int bottom, LayoutRect *at)
{
    int x = 0, y = top, rowh = 0;
    bool fits = true;
    for (int k = 0; k < in->n_panels; k++) {
        int h, w;
        panel_size(&in->panels[k], shape[k], bottom - top, cols, &h, &w);
        if (x > 0 && x + w > cols) {
            y += rowh + 1;
            x = 0;
            rowh = 0;
        }
        at[k] = (LayoutRect){y, x, h, w};
        fits = fits && w <= cols && y + h <= bottom;
        rowh = h > rowh ? h : rowh;
        x += w + LAYOUT_GAP;
    }
    return fits;
}

/* Shrinks the panels (to shapes below `shapes`) until they fit between top
 * and bottom; false when none can shrink further. at receives the uncut
 * places. */
static bool fit(int cols, const LayoutInput *in, int shapes, int top, int bottom, int *shape, LayoutRect *at)
{
    for (int k = 0; k < in->n_panels; k++)
        shape[k] = 0;
    while (!flow(cols, in, shape, top, bottom, at)) {
        long area[LAYOUT_MAX_PANELS], most = 0;
        for (int k = 0; k < in->n_panels; k++) {
            const LayoutPanel *p = &in->panels[k];
            bool shrinks = shape[k] + 1 < shapes && !p->chart;
            area[k] = shrinks ? (long)p->h[shape[k]] * p->w[shape[k]] : 0;
            most = area[k] > most ? area[k] : most;
        }
        if (most == 0)
            return false;
        for (int k = 0; k < in->n_panels; k++)
            if (area[k] * 2 >= most)
                shape[k]++;
    }
    return true;
}

/* The text rows for a narration of `rows_text` rows, with `gap` blank rows
 * above the panels; returns the panels' top. */
static int place_text(int cols, const LayoutInput *in, int rows_text, int gap, Layout *o)
{
    o->narration = (LayoutRect){1, 0, rows_text, cols};
    int y = 1 + rows_text;
    o->goal = (LayoutRect){y, 0, in->goal_rows, cols};
    y += in->goal_rows;
    o->config = (LayoutRect){y, 0, 1, cols};
    return y + 1 + gap;
}

/* Values first: the narration gives up rows (down to 2) before the panels
 * drop to the colour-only shapes, then the blank row above the panels
 * goes; only then do they drop. True when the values fit (or, with shapes
 * LAYOUT_SHAPES, the colour-only shapes). */
static bool fit_values(int cols, int bottom, const LayoutInput *in, int shapes, Layout *o, LayoutRect *at)
{
    for (int gap = 1; gap >= 0; gap--)
        for (int tr = o->text_rows_full;; tr--) {
            o->panels_top = place_text(cols, in, text_rows(bottom + 2, in->text_lines, tr), gap, o);
            if (fit(cols, in, shapes, o->panels_top, bottom, o->shape, at))
                return true;
            if (tr <= 2)
                break;
        }
    return false;
}

/* Rows the panels leave unused above bottom go to a cut narration (the
 * panels move down with it). */
static void give_spare_rows(int cols, int bottom, const LayoutInput *in, Layout *o, LayoutRect *at)
{
    int low = o->panels_top;
    for (int k = 0; k < in->n_panels; k++)
        low = at[k].y + at[k].h > low ? at[k].y + at[k].h : low;
    int spare = bottom - low, more = in->text_lines - o->narration.h;
    int add = in->n_panels == 0 ? 0 : spare < more ? spare : more;
    if (add <= 0)
        return;
    int gap = o->panels_top - o->config.y - 1;
    o->panels_top = place_text(cols, in, o->narration.h + add, gap, o);
    for (int k = 0; k < in->n_panels; k++)
        at[k].y += add;
}

/* in's panels [from, from + n) as an input of their own. */
static void sub_input(const LayoutInput *in, int from, int n, LayoutInput *sub)
{
    *sub = *in;
    sub->n_panels = n;
    memmove(sub->panels, in->panels + from, (size_t)n * sizeof in->panels[0]);
}

/* The most panels from `from` on that fit with their values above bottom;
 * 0 when not even one does. */
static int page_size(int cols, int bottom, const LayoutInput *in, int shapes, int from, Layout *o, LayoutRect *at)
{
    LayoutInput sub;
    for (int n = in->n_panels - from; n >= 1; n--) {
        sub_input(in, from, n, &sub);
        if (fit_values(cols, bottom, &sub, shapes, o, at))
            return n;
    }
    return 0;
}

/* Pages the panels (see layout.h) into o and at when every page fits in
 * the first `shapes` shapes; false (o's pager left 0) when not even one
 * panel does. */
static bool page(int rows, int cols, const LayoutInput *in, int shapes, Layout *o, LayoutRect *at)
{
    int bottom = o->message.y - 1, from = 0, n = 0;
    while (from < in->n_panels) {
        n = page_size(cols, bottom, in, shapes, from, o, at);
        if (n == 0)
            return false;
        if (in->focus < from + n)
            break;
        from += n;
    }
    if (from >= in->n_panels)
        return false;
    LayoutInput sub;
    sub_input(in, from, n, &sub);
    LayoutRect sub_at[LAYOUT_MAX_PANELS];
    fit_values(cols, bottom, &sub, shapes, o, sub_at);
    give_spare_rows(cols, bottom, &sub, o, sub_at);
    for (int k = in->n_panels - 1; k >= 0; k--) {
        bool on = k >= from && k < from + n;
        at[k] = on ? sub_at[k - from] : (LayoutRect){rows, cols, 0, 0};
        o->shape[k] = on ? o->shape[k - from] : 0;
    }
    o->pager = (LayoutRect){bottom, 0, 1, cols};
    o->page_from = from;
    o->page_to = from + n;
    return true;
}

/* Whether the uncut places `at` lose more than a panel's last row (its
 * legend) to the window: a row of cells, a column, or a whole panel. */
static bool cuts_cells(int cols, int bottom, const LayoutInput *in, const LayoutRect *at)
{
    for (int k = 0; k < in->n_panels; k++)
        if (at[k].y + at[k].h > bottom + 1 || at[k].x + at[k].w > cols)
            return true;
    return false;
}

void layout_player(int rows, int cols, const LayoutInput *in, Layout *o)
{
    LayoutRect at[LAYOUT_MAX_PANELS];
    memset(o, 0, sizeof *o);
    int status = in->status_rows < 1 ? 1 : in->status_rows > LAYOUT_MAX_STATUS ? LAYOUT_MAX_STATUS : in->status_rows;
    int bottom = rows - 1 - status;
    o->header = (LayoutRect){0, 0, 1, cols};
    o->message = (LayoutRect){bottom, 0, status, cols};
    o->footer = (LayoutRect){rows - 1, 0, 1, cols};
    o->text_rows_full = text_rows(rows, in->text_lines, 0);
    o->clipped = !fit_values(cols, bottom, in, LAYOUT_VALUE_SHAPES, o, at);
    if (o->clipped && in->n_panels > 1 && page(rows, cols, in, LAYOUT_VALUE_SHAPES, o, at))
        o->clipped = false;
    else if (o->clipped) {
        o->panels_top = place_text(cols, in, o->text_rows_full, 1, o);
        o->clipped = !fit(cols, in, LAYOUT_SHAPES, o->panels_top, bottom, o->shape, at);
    }
    if (o->clipped) {
        o->panels_top = place_text(cols, in, text_rows(rows, in->text_lines, 2), 1, o);
        o->clipped = !fit(cols, in, LAYOUT_SHAPES, o->panels_top, bottom, o->shape, at);
    }
    /* colour-only panels that would lose cells, not only a legend (a translator's K and V at
     * 80x24): paged too */
    if (o->clipped && in->n_panels > 1 && cuts_cells(cols, bottom, in, at) &&
        page(rows, cols, in, LAYOUT_SHAPES, o, at))
        o->clipped = false;
    if (!o->clipped && !o->pager.h)
        give_spare_rows(cols, bottom, in, o, at);
    for (int k = 0; k < in->n_panels; k++) {
        LayoutRect r = at[k];
        if (r.y >= bottom || r.x >= cols)
            continue;   /* not shown: left all 0 */
        r.h = bottom - r.y < r.h ? bottom - r.y : r.h;
        r.w = cols - r.x < r.w ? cols - r.x : r.w;
        o->panels[k] = r;
    }
}
