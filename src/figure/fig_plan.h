/* fig_plan.h - what a figure shows, before any geometry: groups of heat
 * maps, each group sharing one colour scale and one colour bar.
 *
 * fig_plan.c decides it from a step and its Result; fig_layout.c turns it
 * into primitives. A FigPlan owns its strings and arrays (fig_plan_free);
 * the matrices and masks it points to stay borrowed from the Result or the
 * Scenario. */
#ifndef ATTN_FIG_PLAN_H
#define ATTN_FIG_PLAN_H

#include "figure/figure.h"

typedef struct {
    Mat m;                  /* borrowed: (rows, cols) */
    const uint8_t *keep;    /* borrowed: (rows, cols) 1 = attended, or NULL */
    char **rows, **cols;    /* labels: (m.rows), (m.cols) */
    char *row_axis, *col_axis;
    char *subtitle;         /* what the map is, and its formula */
    bool exact_zeros;       /* weights whose exact zeros are structural (top-k,
                               sparsemax, argmax, drawn): marked, not "0.00" */
    const uint8_t *empty;   /* borrowed: (rows) 1 = a fully masked row, whose
                               output is marked; or NULL */
    const float *centre;    /* borrowed: (rows) local attention's p_t, marked
                               on the row; or NULL */
} FigMap;

typedef struct {
    FigMap *maps;           /* (n) */
    int n;
    int per_row;            /* maps side by side before wrapping */
    bool weights;           /* sequential on 0..1, else diverging on +-limit */
    Cmap cmap;
    double limit;           /* signed: the colours run over +-limit */
    double lo, hi;          /* weights: the colours run over lo..hi (0..1
                               unless the range is fitted to the data) */
} FigGroup;

typedef struct {
    FigGroup *groups;       /* (n) */
    int n;
    int per_row;            /* groups side by side before wrapping */
    char *title;
    char *settings;         /* the settings the step teaches ("T = 0.25,
                               top-k: k = 2"), or "" */
    const char *zero_word;  /* the legend of an exact zero ("not in the top
                               k"), or NULL */
    const char *masked_word;/* the legend of a masked cell */
    int cell_units;         /* the cells' side in units; 0: from the maps' sizes */
} FigPlan;

int fig_plan_make(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
                  bool zh_axes, FigPlan *plan, char *err, size_t errlen);
void fig_plan_free(FigPlan *plan);
/* Lays out a plan made elsewhere (a model's heads, fig_dump.c) as
 * fig_layout does a step's: fills *doc (fig_doc_free); source names what
 * it came from. The plan stays the caller's. 0, or -1 with err. */
int fig_layout_plan(FigPlan *plan, const FigOptions *opt, struct FigFonts *fonts, const char *source, FigDoc *doc,
                    char *err, size_t errlen);

#endif
