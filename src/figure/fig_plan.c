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
    bool attention;         /* a map of the step's attention is shown */
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
    g->lo = c->opt->range == FIG_RANGE_DATA ? INFINITY : 0.0;      /* fitted by add_map */
    g->hi = c->opt->range == FIG_RANGE_DATA ? -INFINITY : 1.0;
    return g;
}

/* Whether the distribution's exact zeros are its own doing, not a weight
 * too small to print (a softmax underflows to 0 only by accident). */
static bool zeros_structural(DistKind d)
{
    return d == DIST_TOPK || d == DIST_SPARSEMAX || d == DIST_ARGMAX || d == DIST_SAMPLE || d == DIST_LOCAL_M ||
           d == DIST_LOCAL_P;
}

/* What a map of an attention marks beyond its numbers: structural zeros
 * and p_t on weights, fully masked rows on an output. */
static void mark_structure(Ctx *c, const FigGroup *g, FigMap *fm, PanelMat pm)
{
    if (!pm.att)
        return;
    c->attention = true;
    bool weights = g->weights && pm.keep != NULL;
    fm->exact_zeros = weights && zeros_structural(c->r->cfg.dist);
    if (weights && pm.att->centre && pm.m.rows == pm.att->nq)
        fm->centre = pm.att->centre;
    if (!pm.keep && pm.att->row_empty && pm.m.rows == pm.att->nq)
        for (int i = 0; i < pm.att->nq; i++)
            if (pm.att->row_empty[i])
                fm->empty = pm.att->row_empty;
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
    memset(fm, 0, sizeof *fm);
    fm->m = pm.m;
    fm->keep = pm.keep;
    fm->rows = labels(c, e, true, pm.m.rows);
    fm->cols = labels(c, e, false, pm.m.cols);
    fm->row_axis = xstrdup(panel_axis_name(e, true, co, c->zh));
    fm->col_axis = xstrdup(panel_axis_name(e, false, co, c->zh));
    fm->subtitle = xstrdup(subtitle ? subtitle : cap);
    mark_structure(c, g, fm, pm);
    /* the range of what is drawn: masked entries keep their score but take
     * no colour, so they must not stretch the scale */
    for (size_t t = 0; t < mat_size(pm.m); t++) {
        double v = pm.m.v[t];
        if ((pm.keep && !pm.keep[t]) || !isfinite(v))
            continue;
        if (!g->weights && fabs(v) > g->limit)
            g->limit = fabs(v);
        if (g->weights && c->opt->range == FIG_RANGE_DATA)
            g->lo = fmin(g->lo, v), g->hi = fmax(g->hi, v);
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

/* A number as short as it reads: "0.25", "2", "1.83". */
static void short_num(StrBuf *b, double v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.2f", v);
    char *e = buf + strlen(buf);
    while (e[-1] == '0')
        *--e = '\0';
    if (e[-1] == '.')
        e[-1] = '\0';
    sb_append(b, strcmp(buf, "-0") == 0 ? "0" : buf);
}

static void sep(StrBuf *b)
{
    if (b->s && b->s[0])
        sb_append(b, "   ");
}

/* The mask a step sets, in words: "mask: causal + padding (valid lengths 3, 2)". */
static void mask_words(const Ctx *c, StrBuf *b)
{
    const AttnConfig *k = &c->r->cfg;
    if (!k->mask)
        return;
    sep(b);
    sb_append(b, TR(c->zh, "mask: ", "掩码："));
    const char *plus = "";
    if (k->mask & MASK_CAUSAL)
        sb_append(b, TR(c->zh, "causal", "因果")), plus = " + ";
    if (k->mask & MASK_PADDING) {
        sb_printf(b, "%s%s", plus, TR(c->zh, "padding (valid lengths ", "填充（有效长度 "));
        for (int i = 0; i < k->n_valid_lens; i++)
            sb_printf(b, "%s%d", i ? ", " : "", k->valid_lens[i]);
        sb_append(b, TR(c->zh, ")", "）"));
        plus = " + ";
    }
    if (k->mask & MASK_MATRIX)
        sb_printf(b, "%s%s", plus, TR(c->zh, "matrix M", "矩阵 M"));
}

/* The settings line: what the step sets that the maps alone do not say
 * (T, k, the window and its centres, the mask), and the legend words. */
static void settings(Ctx *c)
{
    FigPlan *p = c->plan;
    const AttnConfig *k = &c->r->cfg;
    StrBuf b = {0};
    bool local = k->dist == DIST_LOCAL_M || k->dist == DIST_LOCAL_P;
    p->masked_word = TR(c->zh, "masked", "掩码");
    static const char *const zero[][2] = {
        [DIST_TOPK] = {"0: not in the top k", "0：不在前 k 个"},
        [DIST_SPARSEMAX] = {"exactly 0 (sparsemax)", "恰为 0（sparsemax）"},
        [DIST_ARGMAX] = {"0: not the argmax", "0：不是 argmax"},
        [DIST_SAMPLE] = {"0: never drawn", "0：从未抽中"},
        [DIST_LOCAL_M] = {"0: outside the window", "0：在窗口之外"},
        [DIST_LOCAL_P] = {"0: outside the window", "0：在窗口之外"},
    };
    p->zero_word = zeros_structural(k->dist) ? zero[k->dist][c->zh] : NULL;
    if (c->attention) {
        if (k->temperature != 1.0f && k->dist != DIST_ARGMAX) {
            sb_append(&b, "T = ");
            short_num(&b, k->temperature);
        }
        if (k->dist == DIST_TOPK)
            sep(&b), sb_printf(&b, "top-k: k = %d", k->topk);
        const AttnHead *h = &c->r->main;
        if (local) {
            sep(&b);
            sb_printf(&b, TR(c->zh, "window |s \u2212 p_t| \u2264 D, D = %d", "窗口 |s \u2212 p_t| \u2264 D，D = %d"),
                      k->window);
            for (int i = 0; h->centre && i < h->nq && h->nq <= 12; i++) {
                sb_append(&b, i ? ", " : TR(c->zh, ", p_t = ", "，p_t = "));
                short_num(&b, h->centre[i]);
            }
        }
        mask_words(c, &b);
    }
    p->settings = b.s ? b.s : xstrdup("");
}

/* How many groups go side by side: one row up to three, then 2 x 2, 3 + 2,
 * 3 + 3, 4 + 3, 4 + 4 and rows of four; one a row when a map is wider than
 * FIG_WIDE_COLS columns (a translator's 128-wide V beside K made a strip ten
 * times wider than tall). */
#define FIG_WIDE_COLS 64
static int groups_per_row(const FigPlan *plan)
{
    int n = plan->n;
    for (int g = 0; g < n; g++)
        for (int i = 0; i < plan->groups[g].n; i++)
            if (plan->groups[g].maps[i].m.cols > FIG_WIDE_COLS)
                return 1;
    return n <= 3 ? n : n == 4 ? 2 : n <= 6 ? 3 : 4;
}

int fig_plan_make(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
                  bool zh_axes, FigPlan *plan, char *err, size_t errlen)
{
    memset(plan, 0, sizeof *plan);
    const LessonStep *s = &l->steps[step];
    Ctx c = {.s = s, .r = r, .sc = sc, .opt = opt, .zh = zh_axes, .plan = plan};
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
    plan->per_row = opt->per_row > 0 && opt->per_row <= plan->n ? opt->per_row : groups_per_row(plan);
    settings(&c);
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
    free(plan->settings);
    memset(plan, 0, sizeof *plan);
}

/* Counts the kinds a figure shows that a map of cmap's kind colours (fit)
 * or not (other), naming the latter in `names`. */
static void count_kind(int kind, bool diverging, int *fit, int *other, StrBuf *names)
{
    bool weights = panel_entry(kind)->scale == PSCALE_WEIGHTS;
    if (weights != diverging) {
        (*fit)++;
        return;
    }
    sb_printf(names, "%s%s", (*other)++ ? ", " : "", panel_name(kind));
}

int fig_cmap_fit(const LessonStep *s, const Scenario *sc, int panel, int cmap, char *why, size_t whylen)
{
    if (cmap < 0 || cmap >= CMAP__COUNT)
        return 0;
    bool div = cmap_is_diverging((Cmap)cmap);
    int fit = 0, other = 0;
    StrBuf names = {0};
    char e[200];
    if (panel == FIG_PANEL_ALL || panel == FIG_PANEL_GRID) {
        for (int i = 0; i < s->n_panels; i++)
            if (fig_panel_available(s, sc, s->panels[i], e, sizeof e))
                count_kind(s->panels[i], div, &fit, &other, &names);
    } else {
        count_kind(panel, div, &fit, &other, &names);
        if (panel == PANEL_AFFINITY)    /* drawn with both directions' weights */
            count_kind(PANEL_WEIGHTS, div, &fit, &other, &names);
    }
    int rc = other == 0 ? 0 : fit == 0 ? 2 : 1;
    if (rc)
        snprintf(why, whylen, "--cmap %s is a %s map, for %s; %s %s keep%s %s (name %s for %s)", cmap_name((Cmap)cmap),
                 div ? "diverging" : "sequential", div ? "signed numbers" : "weights on 0..1", other > 1 ? "the panels" : "the panel",
                 names.s, other > 1 ? "" : "s", div ? "viridis, a sequential map for weights" : "rdbu, a diverging map centred on 0",
                 div ? "viridis, magma, cividis or greys" : "rdbu or puor", other > 1 ? "them" : "it");
    free(names.s);
    return rc;
}
