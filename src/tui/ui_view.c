/* ui_view.c - what one of the player's views shows: its matrix and mask,
 * its axes and labels, its title and the panel's word in the language
 * shown. The panel-kind switches live here together, so that a panel
 * table can take them over in one place. */
#include "tui/ui_player.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

Mat ui_view_mat(const UiView *v, const Result *r, const Scenario *sc, const uint8_t **keep)
{
    Mat none = {0, 0, NULL};
    *keep = NULL;
    switch (v->panel) {
    case M_Q: return r->Q;
    case M_K: return r->K;
    case M_V: return r->V;
    case PANEL_SCORES: *keep = r->main.keep; return r->main.scores;
    case PANEL_WEIGHTS: *keep = r->main.keep; return r->main.weights;
    case PANEL_OUTPUT: return r->main.output;
    case PANEL_HEADS:
        if (v->head >= r->n_heads)
            return none;
        *keep = r->heads[v->head].keep;
        return r->heads[v->head].weights;
    case PANEL_CONCAT: return r->concat;
    case PANEL_AFFINITY: return r->affinity;
    case PANEL_WEIGHTS_BA: *keep = r->b2a.keep; return r->b2a.weights;
    case PANEL_OUTPUT_BA: return r->b2a.output;
    case PANEL_PE: return r->PE;
    default: return v->panel >= 0 && v->panel < M__COUNT ? sc->in[v->panel] : none;
    }
}

const char *ui_panel_word(const Ui *ui, int panel)
{
    static const char *const zh[PANEL__COUNT - PANEL_SCORES] = {
        "得分", "权重", "输出", "头", "拼接", "亲和矩阵", "权重 B->A", "输出 B->A", "位置编码", "代价"};
    if (!ui->zh || panel < PANEL_SCORES || panel >= PANEL__COUNT)
        return panel_name(panel);   /* Q, K, V, X ... are names in both */
    return zh[panel - PANEL_SCORES];
}

/* Which tokens label a view's rows and columns: 'q', 'k' or 'd' (index). */
static void axes(const UiView *v, char *rows, char *cols)
{
    *rows = 'd';
    *cols = 'd';
    switch (v->panel) {
    case M_Q: case M_X: case PANEL_OUTPUT: case PANEL_CONCAT: case PANEL_PE: case M_A:
        *rows = 'q';
        break;
    case M_K: case M_V: case M_B: case PANEL_OUTPUT_BA:
        *rows = 'k';
        break;
    case PANEL_SCORES: case PANEL_WEIGHTS: case PANEL_HEADS: case PANEL_AFFINITY: case M_M:
        *rows = 'q';
        *cols = 'k';
        break;
    case PANEL_WEIGHTS_BA:
        *rows = 'k';
        *cols = 'q';
        break;
    default:
        break;
    }
}

static void label(const Ui *ui, const LessonStep *s, char axis, int i, int count, char *out)
{
    char buf[32];
    int n = axis == 'q' ? s->n_queries : s->n_keys;
    if (axis == 'd')
        snprintf(out, HM_LABEL_MAX, "%d", i);
    else if (count == 1 && n > 1)
        snprintf(out, HM_LABEL_MAX, "%s", axis == 'q' ? UI_TR(ui, "pooled", "池化") : UI_TR(ui, "summary", "汇总"));
    else
        snprintf(out, HM_LABEL_MAX, "%s", lesson_label(s, axis == 'q', i, buf, sizeof buf));
}

static void view_title(const Ui *ui, const UiView *v, char *t, size_t n)
{
    const AttnConfig *c = &ui->player->ed.sc.cfg;
    bool proj = c->mode == MODE_SELF || c->mode == MODE_MULTIHEAD;
    bool co = c->mode == MODE_COATTENTION;
    const char *sf = engine_score_formula(c->score), *df = engine_dist_formula(c->dist);
    /* the words are translated, the formulas kept */
    const char *out = UI_TR(ui, "output", "输出"), *w = UI_TR(ui, "weights", "权重");
    switch (v->panel) {
    case M_Q: snprintf(t, n, "%s  %s", proj ? "Q = X Wq" : "Q", UI_TR(ui, "queries", "查询")); break;
    case M_K: snprintf(t, n, "%s  %s", proj ? "K = X Wk" : "K", UI_TR(ui, "keys", "键")); break;
    case M_V: snprintf(t, n, "%s  %s", proj ? "V = X Wv" : "V", UI_TR(ui, "values", "值")); break;
    case M_X: snprintf(t, n, "X  %s", UI_TR(ui, "tokens", "词元")); break;
    case M_M: snprintf(t, n, "M  %s", UI_TR(ui, "mask (0 = hide)", "掩码（0 = 遮住）")); break;
    case PANEL_SCORES:
        snprintf(t, n, "%s%s %s", UI_TR(ui, "scores", "得分"),
                 c->mode == MODE_MULTIHEAD ? UI_TR(ui, " (mean of heads)", "（各头平均）") : "", sf);
        break;
    case PANEL_WEIGHTS:
        snprintf(t, n, "%s%s %s", w,
                 c->mode == MODE_MULTIHEAD ? UI_TR(ui, " (mean)", "（平均）") : co ? " A->B" : "",
                 co ? UI_TR(ui, "rows of L", "L 的各行") : df);
        break;
    case PANEL_OUTPUT:
        snprintf(t, n, "%s %s", out, c->mode == MODE_MULTIHEAD ? "= concat Wo" : co ? "A->B = a B" : "c = a V");
        break;
    case PANEL_HEADS: snprintf(t, n, "%s %d %s", UI_TR(ui, "head", "头"), v->head + 1, df); break;
    case PANEL_CONCAT: snprintf(t, n, "%s", UI_TR(ui, "concat: heads side by side", "拼接：各头并排")); break;
    case PANEL_AFFINITY:
        snprintf(t, n, "%s %s", UI_TR(ui, "affinity", "亲和矩阵"),
                 c->score == SCORE_GENERAL ? "L = A W B^T" : c->score == SCORE_SCALED_DOT ? "L = A B^T / sqrt(d)"
                                                                                        : "L = A B^T");
        break;
    case PANEL_WEIGHTS_BA: snprintf(t, n, "%s B->A %s", w, UI_TR(ui, "columns of L", "L 的各列")); break;
    case PANEL_OUTPUT_BA: snprintf(t, n, "%s B->A = a A", out); break;
    case PANEL_PE: snprintf(t, n, "PE  sin/cos %s", UI_TR(ui, "position code", "位置编码")); break;
    default: snprintf(t, n, "%s", engine_mat_name((MatName)v->panel)); break;
    }
}

void ui_view_matrix(Ui *ui, UiView *v, const Result *r, HmMatrix *h)
{
    const UiPlayer *p = ui->player;
    const LessonStep *s = &p->lesson.steps[p->ed.step];
    int idx = (int)(v - p->views);
    memset(h, 0, sizeof *h);
    h->m = ui_view_mat(v, r, &p->ed.sc, &h->keep);
    h->cmap = ui->cmap;
    char ra, ca;
    axes(v, &ra, &ca);
    bool co = p->ed.sc.cfg.mode == MODE_COATTENTION;
    char rn = ra == 'd' ? 'i' : co ? (ra == 'q' ? 'A' : 'B') : ra;
    char cn = ca == 'd' ? (ra == 'd' ? 'j' : 'd') : co ? (ca == 'q' ? 'A' : 'B') : ca;
    snprintf(v->corner, sizeof v->corner, "%c\\%c", rn, cn);
    view_title(ui, v, v->title, sizeof v->title);
    h->title = v->title;
    h->corner = v->corner;
    h->masked_word = UI_TR(ui, "masked", "被遮住");
    for (int i = 0; i < h->m.rows && i < 64; i++)
        label(ui, s, ra, i, h->m.rows, h->rows_lab[i]);
    for (int j = 0; j < h->m.cols && j < 64; j++)
        label(ui, s, ca, j, h->m.cols, h->cols_lab[j]);
    bool weights = v->panel == PANEL_WEIGHTS || v->panel == PANEL_HEADS || v->panel == PANEL_WEIGHTS_BA;
    h->diverging = !weights;
    if (h->diverging) {
        h->limit = 1e-6;
        for (size_t t = 0; t < mat_size(h->m); t++)
            if ((!h->keep || h->keep[t]) && isfinite(h->m.v[t]) && fabs(h->m.v[t]) > h->limit)
                h->limit = fabs(h->m.v[t]);
    }
    h->sel_i = v->sel_i;
    h->sel_j = v->sel_j;
    h->focus = idx == p->focus;
    h->editable = v->edit != M__COUNT;
}
