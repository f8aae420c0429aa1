/* layout.h - where the lesson player's parts go in a window: a pure
 * function of the window's size and what the step shows (no curses).
 *
 * From the top: the header (row 0), the narration (from row 1), the goal
 * (its rows, when the step has one), the configuration line, a blank row,
 * the panels flowed left to right and wrapped, then the message rows (one,
 * or as many as a long message needs, up to LAYOUT_MAX_STATUS) and the
 * footer (the last row). When the panels do not all fit, the biggest
 * shrink first (those near their size with them, so alike panels look
 * alike), one shape at a time, while they still print their values; if
 * they do not fit so, the narration gives up rows (down to 2, scrollable)
 * until they do, then the blank row above the panels goes. Only when no
 * narration height lets the values fit do the panels shrink to the
 * colour-only shapes (full narration, then 2 rows). Before that, when a
 * page of some of the panels fits with values, the panels are paged: the
 * page holding the focused panel is shown, with a row above the message
 * row saying which panels these are (Tab goes on to the others). Panels
 * that do not fit even in the colour-only shapes are paged the same way
 * when cutting them would hide cells (not only a legend row).
 * Rows the panels leave unused go back to a narration that is cut. */
#ifndef ATTN_LAYOUT_H
#define ATTN_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_SHAPES 4         /* a heatmap's shapes, roomiest first (HmShape) */
#define LAYOUT_VALUE_SHAPES 2   /* the first shapes print the values; the rest are colour only */
#define LAYOUT_MAX_PANELS 24
#define LAYOUT_GAP 3            /* columns between panels side by side */
#define LAYOUT_MAX_STATUS 4     /* the most rows a message may take */

/* One panel as the layout sees it: its size in each shape. A chart takes
 * the rows there are, between min_h and max_h, and never shrinks. */
typedef struct {
    int h[LAYOUT_SHAPES], w[LAYOUT_SHAPES];
    bool chart;                 /* sized by min_h, max_h and w[0] instead */
    int min_h, max_h;
} LayoutPanel;

/* What the step puts on screen. */
typedef struct {
    int text_lines;             /* the narration's lines, wrapped to cols - 2 */
    int goal_rows;              /* rows of the goal's words (0: no goal) */
    int n_panels;               /* 0 also when the step cannot be computed */
    int focus;                  /* the focused panel: its page is shown */
    int status_rows;            /* rows the message needs wrapped (0 counts as 1) */
    LayoutPanel panels[LAYOUT_MAX_PANELS];
} LayoutInput;

typedef struct {
    int y, x, h, w;
} LayoutRect;

typedef struct {
    LayoutRect header, narration, goal, config, message, footer;  /* goal.h 0: none */
    int text_rows_full;         /* the narration's rows before it gave any up */
    int panels_top;             /* the first row for panels */
    /* Each panel where it is drawn, cut to the window; h or w 0: not shown.
     * `shape` is the shape it is drawn in (chart: 0). */
    LayoutRect panels[LAYOUT_MAX_PANELS];
    int shape[LAYOUT_MAX_PANELS];
    bool clipped;               /* some panel is cut or not shown */
    /* Paged (pager.h 1): panels [page_from, page_to) are shown, the others
     * left all 0; the pager row says so. */
    LayoutRect pager;
    int page_from, page_to;
} Layout;

/* Lays out a rows x cols window (at least 18 x 56, the lab's minimum). */
void layout_player(int rows, int cols, const LayoutInput *in, Layout *out);

#endif
