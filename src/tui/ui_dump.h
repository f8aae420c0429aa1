/* ui_dump.h - a real model's attention in the terminal (`attnlab view`):
 * the layers x heads grid as small heatmaps (the overview), one head large
 * with token labels on both axes, the selected query's attention as bars,
 * per-head summaries and, when the dump has q and k, the arithmetic of a
 * cell. ui_dump.c holds the state, the keys and the overview;
 * ui_dump_head.c the large head, the bars and the summaries;
 * ui_dump_explain.c the arithmetic.
 *
 * The screen borrows its dump (the caller keeps it alive while it shows).
 * Drawing goes through the shared heatmap code (tui/heatmap.h): hm_draw for
 * the large head (a window of at most ENGINE_MAX_SIDE rows and columns of
 * it, scrolled), hm_swatch for the thumbnails' cells. */
#ifndef ATTN_UI_DUMP_H
#define ATTN_UI_DUMP_H

#include "model/dump.h"
#include "model/summary.h"
#include "tui/ui_int.h"

typedef struct UiDump UiDump;

UiDump *ui_dump_new(void);
void ui_dump_free(UiDump *v);
/* Shows d (borrowed; S may softmax its rows in place) from its overview,
 * cursor on layer 0 head 0. */
void ui_dump_set(UiDump *v, AttnDump *d);
const AttnDump *ui_dump_get(const UiDump *v);

/* The whole screen (ui.c's UI_DUMP): header, overview or head, and the
 * side column; dirty as UI_DIRTY_* bits. */
void ui_dump_draw(Ui *ui, unsigned dirty);
/* A key on the dump screen (context KCTX_DUMP): what it changed. */
unsigned ui_dump_key(Ui *ui, Action a, int key);
/* A click at screen (y, x): picks a head in the overview, a cell in the
 * large head. */
unsigned ui_dump_mouse(Ui *ui, int y, int x, unsigned long bstate);
/* The message row's line: the selected head's summary in words. */
void ui_dump_draw_status(Ui *ui, int y);

/* The file name e (grid false: head (layer, head)) or E (grid true) gives
 * the figure of d in the figures folder: "<file>-L<l>-H<h>.png" or
 * "<file>-grid.png", <file> the dump's name without its extension. */
void ui_dump_export_name(const AttnDump *d, bool grid, int layer, int head, char *buf, size_t n);

/* ui_dump_panel.c: panel model in the lesson player (a lesson's `dump`).
 * The box it takes: between *min_h and *max_h rows, *w columns. */
void ui_dump_panel_box(const Ui *ui, int *min_h, int *max_h, int *w);
/* The layers x heads grid of the dump at path (read once, kept while the
 * path stays the same; a reader's error is said in the box). */
void ui_dump_panel_draw(Ui *ui, const char *path, bool focus, int y, int x, int h, int w);
/* Enter on the panel: the whole view of that dump; q or Esc in its
 * overview brings the player back. */
unsigned ui_dump_panel_open(Ui *ui, const char *path);

/* ---- ui_dump*.c share these (not for other files) */

#define UI_DUMP_SIDE 30         /* columns of the side column (bars, summary) */
#define UI_DUMP_KEY_ROWS 6      /* the most rows a key's label takes (downwards) */

struct UiDump {
    AttnDump *d;
    int layer, head;            /* the head under the cursor */
    bool big;                   /* the head is open large */
    bool side_swap;             /* Tab: a wide window hides the side column, a
                                   narrow one shows it in place of the heads */
    int qi, kj;                 /* the selected cell in the large head */
    int top, left;              /* the large head's first row and column shown */
    int vis_rows, vis_cols;     /* how many the last frame showed */
    HeadSummary *sum;           /* layers x heads, each made when first asked */
    bool *sum_done;
    /* the overview's geometry, for the mouse and partial redraws */
    int gy, gx, cell_h, cell_w, thumb_h, thumb_w;
    HmGeom geom;                /* the large head's cells */
    float *win;                 /* the large head's window, vis_rows x vis_cols */
    HmMatrix *hm;
    int drawn_layer, drawn_head;/* the overview's cursor as last drawn, or -1 */
    /* panel model: the lesson's dump, owned (ui_dump_panel.c) */
    AttnDump *owned;
    char *owned_path;
    char err[300];              /* why owned_path could not be read, or "" */
    bool from_player;           /* q in the overview goes back to the player */
};

/* The overview's grid at (y, x) within h x w (ui_dump.c). */
void ui_dump_draw_overview(Ui *ui, int y, int x, int h, int w);

/* The summary of (layer, head), computed once. */
const HeadSummary *ui_dump_summary(UiDump *v, int layer, int head);
/* The pattern's word in the language shown. */
const char *ui_dump_pattern_word(const Ui *ui, HeadPattern p);
/* ui_dump_head.c: the large head at (y, x) within h x w. */
void ui_dump_draw_head(Ui *ui, int y, int x, int h, int w);
/* The side column at (y, x) within h x w: the query's bars and top keys
 * (large head) and the head's summary. */
void ui_dump_draw_side(Ui *ui, int y, int x, int h, int w);
/* The rows the large head's key labels take: a character a row, as many
 * as the longest key (leading blanks skipped) has, 1 to UI_DUMP_KEY_ROWS. */
int ui_dump_key_rows(const AttnDump *d);
/* Keeps the selected cell inside the window shown (scrolls the window). */
void ui_dump_follow(UiDump *v);
/* ui_dump_explain.c: the arithmetic of the selected cell into b (the
 * overlay's text). */
void ui_dump_explain(const Ui *ui, StrBuf *b);

#endif
