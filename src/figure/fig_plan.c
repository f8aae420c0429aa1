/* fig_plan.c - which matrices a figure shows, with which labels and scale. */
#include "figure/fig_plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

typedef struct {
    const LessonStep *s;
    const Result *r;
    const Scenario *sc;
    const FigOptions *opt;
    bool zh;                /* axis names in Chinese (a CJK font is there) */
    FigPlan *plan;
} Ctx;

/* The labels along the rows (else the columns) of a map of kind e: numbers,
 * token labels, or the name of a pooled or summary query that stands in for
 * a whole side. */
static char **labels(const Ctx *c, const PanelEntry *e, bool row, int n)
{
    char **v = xcalloc((size_t)n + 1, sizeof *v);
    char buf[32];
    PanelAxis axis = row ? e->rows : e->cols;
    bool pooled = row && panel_rows_pooled(e, &c->r->cfg, n);
    for (int i = 0; i < n; i++) {
        if (axis == PAX_INDEX) {
            snprintf(buf, sizeof buf, "%d", i);
            v[i] = xstrdup(buf);
        } else if (pooled) {
            bool a = axis == PAX_QUERY;     /* A's rows are the queries, B's the keys */
            if (c->r->cfg.co_mode == CO_PARALLEL_LU)    /* scored by a learned vector */
                v[i] = xstrdup(a ? "whv" : "whq");
            else
                v[i] = xstrdup(a || c->r->cfg.co_mode == CO_PARALLEL ? (a ? "mean(A)" : "mean(B)") : "summary of B");
        } else {
            v[i] = xstrdup(lesson_label(c->s, axis == PAX_QUERY, i, buf, sizeof buf));
        }
    }
    return v;
}

static FigGroup *new_group(Ctx *c, bool weights)
{
    FigPlan *p = c->plan;
    p->groups = xrealloc(p->groups, (size_t)(p->n + 1) * sizeof *p->groups);
    FigGroup *g = &p->groups[p->n++];
    memset(g, 0, sizeof *g);
    g->weights = weights;
    g->per_row = 4;
    bool want = c->opt->cmap >= 0 && cmap_is_diverging((Cmap)c->opt->cmap) != weights;
    g->cmap = want ? (Cmap)c->opt->cmap : weights ? CMAP_VIRIDIS : CMAP_RDBU;
    g->limit = 0.0;         /* grown by add_map; the layout keeps it above 0 */
    return g;
}

/* Adds head `head` of kind to g, under subtitle (NULL: the kind's caption). */
static void add_map(Ctx *c, FigGroup *g, int kind, int head, const char *subtitle)
{
    const PanelEntry *e = panel_entry(kind);
    PanelMat pm = e->get(kind, c->r, c->sc, head);
    bool co = c->r->cfg.mode == MODE_COATTENTION;
    char cap[96];
    if (!subtitle)
        e->caption(kind, &c->r->cfg, c->zh, head, cap, sizeof cap);
    g->maps = xrealloc(g->maps, (size_t)(g->n + 1) * sizeof *g->maps);
    FigMap *fm = &g->maps[g->n++];
    fm->m = pm.m;
    fm->keep = pm.keep;
    fm->rows = labels(c, e, true, pm.m.rows);
    fm->cols = labels(c, e, false, pm.m.cols);
    fm->row_axis = xstrdup(panel_axis_name(e, true, co, c->zh));
    fm->col_axis = xstrdup(panel_axis_name(e, false, co, c->zh));
    fm->subtitle = xstrdup(subtitle ? subtitle : cap);
    if (!g->weights) {
        /* the limit of what is drawn: masked entries keep their score but
         * take no colour, so they must not stretch the scale */
        for (size_t t = 0; t < mat_size(pm.m); t++)
            if ((!pm.keep || pm.keep[t]) && isfinite(pm.m.v[t]) && fabs((double)pm.m.v[t]) > g->limit)
                g->limit = fabs((double)pm.m.v[t]);
    }
}

/* One kind: a group of its own, with a map per head for a per-head kind. */
static void add_panel(Ctx *c, int kind, bool alone)
{
    const PanelEntry *e = panel_entry(kind);
    FigGroup *g = new_group(c, e->scale == PSCALE_WEIGHTS);
    if (!e->per_head) {
        add_map(c, g, kind, 0, NULL);
    } else {
        int h = c->r->n_heads;
        /* near a 4:3 slide: 2 | 3 | 2x2 | 3x2 | 4x2 | then rows of 4 */
        g->per_row = h <= 3 ? h : h == 4 ? 2 : h <= 6 ? 3 : 4;
        for (int i = 0; i < h; i++)
            add_map(c, g, kind, i, NULL);
    }
    if (kind == PANEL_AFFINITY && alone) {
        /* the affinity alone is the co-attention figure: both directions
         * beside it, sharing one 0..1 scale */
        g = new_group(c, true);
        add_map(c, g, PANEL_WEIGHTS, 0, panel_direction(false, c->zh));
        add_map(c, g, PANEL_WEIGHTS_BA, 0, panel_direction(true, c->zh));
    }
}

int fig_plan_make(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
                  bool zh_axes, FigPlan *plan, char *err, size_t errlen)
{
    memset(plan, 0, sizeof *plan);
    const LessonStep *s = &l->steps[step];
    Ctx c = {s, r, sc, opt, zh_axes, plan};
    const char *lang = opt->lang ? opt->lang : "en";
    if (panel == FIG_PANEL_ALL) {
        for (int i = 0; i < s->n_panels; i++)
            if (fig_panel_available(s, sc, s->panels[i], err, errlen))
                add_panel(&c, s->panels[i], false);
    } else {
        if (!fig_panel_available(s, sc, panel, err, errlen))
            return -1;
        add_panel(&c, panel, true);
    }
    if (plan->n == 0) {
        snprintf(err, errlen, "step %d shows no panel that can be drawn", step + 1);
        return -1;
    }
    if (opt->title) {
        plan->title = xstrdup(opt->title);
    } else {
        StrBuf b = {0};
        char e2[64];
        ref_render(text_get(&s->title, lang), r, sc, &b, e2, sizeof e2);
        plan->title = b.s ? b.s : xstrdup(text_get(&l->title, lang));
    }
    return 0;
}

static void free_labels(char **v)
{
    for (char **p = v; p && *p; p++)
        free(*p);
    free(v);
}

void fig_plan_free(FigPlan *plan)
{
    for (int g = 0; g < plan->n; g++) {
        FigGroup *gr = &plan->groups[g];
        for (int i = 0; i < gr->n; i++) {
            FigMap *m = &gr->maps[i];
            free_labels(m->rows);
            free_labels(m->cols);
            free(m->row_axis);
            free(m->col_axis);
            free(m->subtitle);
        }
        free(gr->maps);
    }
    free(plan->groups);
    free(plan->title);
    memset(plan, 0, sizeof *plan);
}
