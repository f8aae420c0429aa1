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

typedef enum { L_QUERIES, L_KEYS, L_INDEX, L_A_ROWS, L_B_ROWS } LabelKind;

static char **labels(const Ctx *c, LabelKind kind, int n)
{
    char **v = xcalloc((size_t)n + 1, sizeof *v);
    char buf[32];
    for (int i = 0; i < n; i++) {
        if (kind == L_INDEX) {
            snprintf(buf, sizeof buf, "%d", i);
            v[i] = xstrdup(buf);
        } else if ((kind == L_A_ROWS || kind == L_B_ROWS) && n == 1 && c->r->cfg.co_grain == CO_COARSE) {
            /* a pooled or summary query stands in for a whole side */
            bool a = kind == L_A_ROWS;
            v[i] = xstrdup(a || c->r->cfg.co_mode == CO_PARALLEL ? (a ? "mean(A)" : "mean(B)") : "summary of B");
        } else {
            bool q = kind == L_QUERIES || kind == L_A_ROWS;
            v[i] = xstrdup(lesson_label(c->s, q, i, buf, sizeof buf));
        }
    }
    return v;
}

/* The words of axis names and subtitles in Chinese, when a font can draw
 * them; formulas stay as they are. */
static const char *tr(const Ctx *c, const char *en)
{
    static const char *const zh[][2] = {
        {"Queries", "查询"}, {"Keys", "键"}, {"Dimensions", "维度"}, {"Tokens", "词元"}, {"Rows", "行"},
        {"Columns", "列"}, {"scores", "得分"}, {"weights", "权重"}, {"output", "输出"}, {"head", "头"},
        {"A attends to B", "A 关注 B"}, {"B attends to A", "B 关注 A"}, {"affinity", "亲和矩阵"},
        {"heads concatenated", "各头拼接"}, {"position encoding", "位置编码"}, {"queries", "查询"},
        {"keys", "键"}, {"values", "值"}, {"the input", "输入"}, {"the mask", "掩码"},
        {"mean over heads", "各头平均"}};
    if (c->zh)
        for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++)
            if (strcmp(zh[i][0], en) == 0)
                return zh[i][1];
    return en;
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

static FigMap *add_map(Ctx *c, FigGroup *g, Mat m, const uint8_t *keep, LabelKind rk, LabelKind ck,
                       const char *row_axis, const char *col_axis, const char *subtitle)
{
    g->maps = xrealloc(g->maps, (size_t)(g->n + 1) * sizeof *g->maps);
    FigMap *fm = &g->maps[g->n++];
    fm->m = m;
    fm->keep = keep;
    fm->rows = labels(c, rk, m.rows);
    fm->cols = labels(c, ck, m.cols);
    fm->row_axis = xstrdup(tr(c, row_axis));
    fm->col_axis = xstrdup(tr(c, col_axis));
    fm->subtitle = xstrdup(subtitle);
    if (!g->weights) {
        /* the limit of what is drawn: masked entries keep their score but
         * take no colour, so they must not stretch the scale */
        for (size_t t = 0; t < mat_size(m); t++)
            if ((!keep || keep[t]) && isfinite(m.v[t]) && fabs((double)m.v[t]) > g->limit)
                g->limit = fabs((double)m.v[t]);
    }
    return fm;
}

static void one(Ctx *c, bool weights, Mat m, const uint8_t *keep, LabelKind rk, LabelKind ck, const char *ra,
                const char *ca, const char *sub)
{
    add_map(c, new_group(c, weights), m, keep, rk, ck, ra, ca, sub);
}

static void add_heads(Ctx *c)
{
    FigGroup *g = new_group(c, true);
    int h = c->r->n_heads;
    /* near a 4:3 slide: 2 | 3 | 2x2 | 3x2 | 4x2 | then rows of 4 */
    g->per_row = h <= 3 ? h : h == 4 ? 2 : h <= 6 ? 3 : 4;
    for (int i = 0; i < h; i++) {
        char sub[48];
        snprintf(sub, sizeof sub, "%s %d", tr(c, "head"), i + 1);
        add_map(c, g, c->r->heads[i].weights, c->r->heads[i].keep, L_QUERIES, L_KEYS, "Queries", "Keys", sub);
    }
}

static void add_coattention(Ctx *c, bool with_directions)
{
    const Result *r = c->r;
    char sub[96];
    snprintf(sub, sizeof sub, "%s  L = s(A, B)", tr(c, "affinity"));
    one(c, false, r->affinity, NULL, L_QUERIES, L_KEYS, "A", "B", sub);
    if (!with_directions)
        return;
    FigGroup *g = new_group(c, true);
    add_map(c, g, r->main.weights, r->main.keep, L_A_ROWS, L_KEYS, "A", "B", tr(c, "A attends to B"));
    add_map(c, g, r->b2a.weights, r->b2a.keep, L_B_ROWS, L_QUERIES, "B", "A", tr(c, "B attends to A"));
}

static void add_panel(Ctx *c, int p, bool alone)
{
    const Result *r = c->r;
    bool co = r->cfg.mode == MODE_COATTENTION;
    LabelKind qr = co ? L_A_ROWS : L_QUERIES;
    const char *qa = co ? "A" : "Queries", *ka = co ? "B" : "Keys";
    char sub[96];
    switch (p) {
    case PANEL_SCORES:
        snprintf(sub, sizeof sub, "%s  %s", tr(c, "scores"), engine_score_formula(r->cfg.score));
        one(c, false, r->main.scores, r->main.keep, qr, L_KEYS, qa, ka, sub);
        break;
    case PANEL_WEIGHTS:
        snprintf(sub, sizeof sub, "%s  %s", tr(c, "weights"),
                 r->cfg.mode == MODE_MULTIHEAD ? tr(c, "mean over heads")
                 : co                          ? tr(c, "A attends to B")
                                               : engine_dist_formula(r->cfg.dist));
        one(c, true, r->main.weights, r->main.keep, qr, L_KEYS, qa, ka, sub);
        break;
    case PANEL_OUTPUT:
        snprintf(sub, sizeof sub, "%s  c = a V", tr(c, "output"));
        one(c, false, r->main.output, NULL, qr, L_INDEX, qa, "Dimensions", sub);
        break;
    case PANEL_HEADS: add_heads(c); break;
    case PANEL_CONCAT:
        one(c, false, r->concat, NULL, L_QUERIES, L_INDEX, "Tokens", "Dimensions", tr(c, "heads concatenated"));
        break;
    case PANEL_AFFINITY: add_coattention(c, alone); break;
    case PANEL_WEIGHTS_BA:
        snprintf(sub, sizeof sub, "%s  %s", tr(c, "weights"), tr(c, "B attends to A"));
        one(c, true, r->b2a.weights, r->b2a.keep, L_B_ROWS, L_QUERIES, "B", "A", sub);
        break;
    case PANEL_OUTPUT_BA:
        snprintf(sub, sizeof sub, "%s  %s", tr(c, "output"), tr(c, "B attends to A"));
        one(c, false, r->b2a.output, NULL, L_B_ROWS, L_INDEX, "B", "Dimensions", sub);
        break;
    case PANEL_PE:
        one(c, false, r->PE, NULL, L_QUERIES, L_INDEX, "Tokens", "Dimensions", tr(c, "position encoding"));
        break;
    case M_Q: case M_K: case M_V: {
        static const char *const what[] = {"queries", "keys", "values"};
        const Mat m[] = {r->Q, r->K, r->V};
        snprintf(sub, sizeof sub, "%s  %s", engine_mat_name((MatName)p), tr(c, what[p - M_Q]));
        one(c, false, m[p - M_Q], NULL, p == M_Q ? L_QUERIES : L_KEYS, L_INDEX, p == M_Q ? "Queries" : "Keys",
            "Dimensions", sub);
        break;
    }
    case M_X:
        snprintf(sub, sizeof sub, "X  %s", tr(c, "the input"));
        one(c, false, c->sc->in[M_X], NULL, L_QUERIES, L_INDEX, "Tokens", "Dimensions", sub);
        break;
    case M_A: one(c, false, c->sc->in[M_A], NULL, L_QUERIES, L_INDEX, "A", "Dimensions", "A"); break;
    case M_B: one(c, false, c->sc->in[M_B], NULL, L_KEYS, L_INDEX, "B", "Dimensions", "B"); break;
    case M_M:
        snprintf(sub, sizeof sub, "M  %s", tr(c, "the mask"));
        one(c, true, c->sc->in[M_M], NULL, L_QUERIES, L_KEYS, "Queries", "Keys", sub);    /* 0/1 */
        break;
    default:
        one(c, false, c->sc->in[p], NULL, L_INDEX, L_INDEX, "Rows", "Columns", engine_mat_name((MatName)p));
        break;
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
