/* heatmap.h - one matrix drawn as a heatmap in a curses window.
 *
 * Colour depth is chosen once (hm_setup) from --color, NO_COLOR and the
 * terminal: direct colour where terminfo has the RGB flag (extended colours
 * and pairs), else the 256-colour cube, else 8/16 colours with shade glyphs
 * (░▒▓█), else glyphs alone. Weights use a sequential map on the fixed scale
 * 0..1; signed values a diverging map centred on 0. Masked cells get a glyph
 * of their own. The module keeps a cache of colour pairs (ncurses' colour
 * state is global anyway). */
#ifndef ATTN_HEATMAP_H
#define ATTN_HEATMAP_H

#include <stdbool.h>
#include <stdint.h>

#include <curses.h>

#include "figure/colormap.h"
#include "base/mat.h"
#include "engine/engine.h"

typedef enum { HM_COLOR_AUTO, HM_COLOR_NEVER, HM_COLOR_16, HM_COLOR_256, HM_COLOR_TRUE } HmColorOpt;
typedef enum { HM_MONO, HM_8, HM_16, HM_256, HM_DIRECT } HmDepth;

/* Parses "auto|never|16|256|truecolor"; -1 if unknown. */
int hm_parse_color(const char *s);
const char *hm_depth_name(HmDepth d);

/* After start_color() (or without it for mono): picks the depth. */
HmDepth hm_setup(HmColorOpt opt);
HmDepth hm_depth(void);
/* A colour pair for fg on bg at the current depth (0 in mono). */
int hm_pair(Rgb fg, Rgb bg);
/* A colour pair for fg on the terminal's own background (0 in mono). */
int hm_pair_fg(Rgb fg);
/* Forgets every pair (after a reset of the screen). */
void hm_reset_pairs(void);

/* How a matrix is drawn, from the roomiest to the most compact. */
typedef enum {
    HM_BOXES,   /* 7 columns a cell, value printed */
    HM_COMPACT, /* 5 columns a cell, value printed */
    HM_BLOCKS,  /* 2 columns a cell, colour only */
    HM_HALF,    /* 1 column and half a row a cell (U+2580) */
    HM__SHAPES
} HmShape;

#define HM_LABEL_MAX 24
typedef struct {
    Mat m;                      /* (rows, cols) the values, borrowed */
    const uint8_t *keep;        /* (rows, cols) 0 = masked, or NULL */
    const float *prev;          /* (rows, cols) values before the last edit, or NULL */
    bool diverging;             /* signed: diverging map centred on 0 */
    double limit;               /* diverging: the scale is [-limit, limit] */
    Cmap cmap;                  /* sequential map (weights) */
    const char *title;          /* stage and formula */
    const char *corner;         /* axis names, e.g. "q\\k" */
    const char *masked_word;    /* the legend's word for masked cells; NULL: "masked" */
    const char *beyond_word;    /* the legend's words for values past a fixed scale (drawn
                                   in the end colour); NULL: "off scale" */
    const char *empty_note;     /* said under the title when the matrix is empty (0 rows or
                                   columns), or NULL: nothing but the title */
    char rows_lab[ENGINE_MAX_SIDE][HM_LABEL_MAX];  /* row labels */
    char cols_lab[ENGINE_MAX_SIDE][HM_LABEL_MAX];  /* column labels (the first HM_FOLD_COLS) */
    int sel_i, sel_j;           /* selected cell, or -1 */
    bool focus;                 /* the panel has the cursor */
    bool editable;
} HmMatrix;

/* Where the cells landed, for mouse hits. */
typedef struct {
    int y0, x0;                 /* screen position of cell (0, 0) */
    int cw;                     /* columns a cell */
    bool half;                  /* two matrix rows a screen row */
    int rows, cols;             /* the cells on screen */
    int row0;                   /* the drawn row on the first screen row (scrolled) */
    int fold;                   /* folded: the columns of a half (HM_FOLD_COLS), else 0 */
    int mcols;                  /* the matrix's columns */
} HmGeom;

/* Labels. A column header prints the columns' labels when every one fits
 * its cell (a one-character label fits a 1- or 2-column cell), else the
 * indices. A half-block screen row (two matrix rows) is labelled "a b",
 * its two rows' labels, when every such pair fits the label column and the
 * labels are not just the row numbers; else the first row's number. */

/* A matrix wider than HM_FOLD_COLS columns (a translator's encoder states
 * h_j, 2H = 128 numbers) is drawn folded: each row as two, its first half
 * of the columns over its second. In the half-block shape that is one
 * screen row a matrix row (the upper half block the first half, the lower
 * the second), labelled as the row; in the others the second half is a
 * row of its own labelled "+64" (its first column). The header says which
 * columns are where. */
#define HM_FOLD_COLS ENGINE_MAX_SIDE

/* A matrix taller than this (in drawn rows: a folded row counts twice)
 * shows its values HM_SCROLL_ROWS rows at a time,
 * scrolled to keep the selected row in view, with a line saying which rows
 * these are (a region list of 36 keys stays readable instead of turning
 * into a colour strip). */
#define HM_SCROLL_ROWS 12

/* The size the matrix takes in a shape (title, header, rows, legend). */
void hm_size(const HmMatrix *h, HmShape s, int *height, int *width);
/* Draws at (y, x) clipped to (maxh, maxw); fills *g. */
void hm_draw(WINDOW *w, int y, int x, int maxh, int maxw, const HmMatrix *h, HmShape s, HmGeom *g);
/* One colour-only cell of a thumbnail (the model view) at (y, x), one
 * column: top on the sequential map cmap (0..1). With bot >= 0 a second
 * value under it in the same character (upper half block) when
 * hm_swatch_half(); else the larger of the two, as colour or shade glyph. */
void hm_swatch(WINDOW *w, int y, int x, Cmap cmap, double top, double bot);
bool hm_swatch_half(void);
/* The cell under screen position (y, x); false if none. */
bool hm_hit(const HmGeom *g, int y, int x, int *i, int *j);

#endif
