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
} FigMap;

typedef struct {
    FigMap *maps;           /* (n) */
    int n;
    int per_row;            /* maps side by side before wrapping */
    bool weights;           /* sequential on 0..1, else diverging on +-limit */
    Cmap cmap;
    double limit;
} FigGroup;

typedef struct {
    FigGroup *groups;       /* (n) */
    int n;
    char *title;
} FigPlan;

int fig_plan_make(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
                  bool zh_axes, FigPlan *plan, char *err, size_t errlen);
void fig_plan_free(FigPlan *plan);

#endif
