/* ui_view.c - what one of the player's views shows: its matrix and mask,
 * its axes and labels, its title and the panel's word in the language
 * shown, all read from the panel table (lesson/panel.h). */
#include "tui/ui_player.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

Mat ui_view_mat(const UiView *v, const Result *r, const Scenario *sc, const uint8_t **keep)
{
    PanelMat pm = panel_get(v->panel, r, sc, v->head);
    *keep = pm.keep;
    return pm.m;
}

const char *ui_panel_word(const Ui *ui, int panel)
{
    return panel_word(panel, ui->zh);   /* Q, K, V, X ... are names in both */
}

/* Which tokens label a view's rows and columns: 'q', 'k' or 'd' (index). */
static char axis_letter(PanelAxis a) { return a == PAX_QUERY ? 'q' : a == PAX_KEY ? 'k' : 'd'; }

static void label(const Ui *ui, const LessonStep *s, char axis, int i, int count, char *out)
{
    char buf[32];
    int n = axis == 'q' ? s->n_queries : s->n_keys;
    if (axis == 'd')
        snprintf(out, HM_LABEL_MAX, "%d", i);
    else if (count == 1 && n > 1 && ui->player->ed.sc.cfg.co_mode == CO_PARALLEL_LU)
        snprintf(out, HM_LABEL_MAX, "%s", axis == 'q' ? "whv" : "whq");     /* a learned vector scores */
    else if (count == 1 && n > 1)
        snprintf(out, HM_LABEL_MAX, "%s", axis == 'q' ? UI_TR(ui, "pooled", "池化") : UI_TR(ui, "summary", "汇总"));
    else
        snprintf(out, HM_LABEL_MAX, "%s", lesson_label(s, axis == 'q', i, buf, sizeof buf));
}

void ui_view_matrix(Ui *ui, UiView *v, const Result *r, HmMatrix *h)
{
    const UiPlayer *p = ui->player;
    const LessonStep *s = &p->lesson.steps[p->ed.step];
    int idx = (int)(v - p->views);
    memset(h, 0, sizeof *h);
    h->m = ui_view_mat(v, r, &p->ed.sc, &h->keep);
    h->cmap = ui->cmap;
    const PanelEntry *e = panel_entry(v->panel);
    char ra = axis_letter(e->rows), ca = axis_letter(e->cols);
    bool co = p->ed.sc.cfg.mode == MODE_COATTENTION;
    char rn = ra == 'd' ? 'i' : co ? (ra == 'q' ? 'A' : 'B') : ra;
    char cn = ca == 'd' ? (ra == 'd' ? 'j' : 'd') : co ? (ca == 'q' ? 'A' : 'B') : ca;
    snprintf(v->corner, sizeof v->corner, "%c\\%c", rn, cn);
    e->title(v->panel, &p->ed.sc.cfg, ui->zh, v->head, v->title, sizeof v->title);
    h->title = v->title;
    h->corner = v->corner;
    h->masked_word = UI_TR(ui, "masked", "被遮住");
    h->beyond_word = UI_TR(ui, "off scale", "超出色标");
    if (h->m.rows == 0 || h->m.cols == 0)
        h->empty_note = v->panel == PANEL_PE && !p->ed.sc.cfg.position
                            ? UI_TR(ui, "(off: o turns it on)", "（关：按 o 打开）")
                            : UI_TR(ui, "(nothing in this setting)", "（这个设置下没有）");
    for (int i = 0; i < h->m.rows && i < ENGINE_MAX_SIDE; i++)
        label(ui, s, ra, i, h->m.rows, h->rows_lab[i]);
    /* `features` name the columns of X, A and B, of Q and K as the lesson wrote
     * them, and the d axis of the modes that keep X's space (memory's
     * embeddings and hops, multidim's context, hierarchical's sentence and
     * document vectors: sums of X's rows, no learned projection between) */
    AttnMode mode = p->ed.sc.cfg.mode;
    bool own_space = ca == 'd' && (mode == MODE_MEMORY || mode == MODE_MULTIDIM || mode == MODE_HIERARCHICAL);
    bool named = s->features && h->m.cols == s->n_features &&
                 (v->panel == M_X || v->panel == M_A || v->panel == M_B || own_space ||
                  (mode == MODE_QKV && (v->panel == M_Q || v->panel == M_K)));
    for (int j = 0; j < h->m.cols && j < ENGINE_MAX_SIDE; j++) {
        if (named)
            snprintf(h->cols_lab[j], HM_LABEL_MAX, "%s", s->features[j]);
        else
            label(ui, s, ca, j, h->m.cols, h->cols_lab[j]);
    }
    /* a mask as written (M) is drawn signed here, like every input */
    h->diverging = e->scale != PSCALE_WEIGHTS || e->src == PSRC_INPUT;
    if (h->diverging && v->edit != M__COUNT && p->input_limit[v->edit] > 0) {
        h->limit = p->input_limit[v->edit];   /* the learner's matrix: edits do not re-fit its scale */
    } else if (h->diverging) {
        h->limit = 1e-6;
        for (size_t t = 0; t < mat_size(h->m); t++)
            if ((!h->keep || h->keep[t]) && isfinite(h->m.v[t]) && fabs(h->m.v[t]) > h->limit)
                h->limit = fabs(h->m.v[t]);
    }
    ui_tr_view_words(ui, v, h);
    h->sel_i = v->sel_i;
    h->sel_j = v->sel_j;
    h->focus = idx == p->focus;
    h->editable = v->edit != M__COUNT;
}
