/* explain_tr.c - "show the arithmetic" for a translator step (lesson_tr.h):
 * Bahdanau et al.'s additive score term by term from the model's own
 * numbers, e_ij = sum_k v_k tanh((W s_(i-1))_k + (U h_j)_k), its softmax
 * over the input, and the context c_i = sum_j a_ij h_j. Recomputed here in
 * double; the step's panels hold the model's float numbers. */
#include "lab/explain_int.h"

#include <math.h>
#include <stdlib.h>

#include "lesson/lesson.h"
#include "lesson/panel.h"

/* e_ij, with every unit's terms in out when given. */
static double score(const Att *a, const LessonTr *t, int i, int j, StrBuf *out)
{
    int A = t->Q.cols;
    float *buf = xcalloc(4 * (size_t)A, sizeof *buf);
    float *ws = buf, *uh = buf + A, *th = buf + 2 * A, *vt = buf + 3 * A;
    lesson_tr_score_terms(t, i, j, ws, uh, th, vt);
    double e = 0.0;
    if (out)
        sb_printf(out, TR(a->zh, "  the additive score e = v . tanh(W s + U h) over the %d attention units:\n"
                                 "     k    (W s)_k    (U h)_k    tanh(sum)    v_k    v_k tanh\n",
                              "  加性得分 e = v . tanh(W s + U h)，对 %d 个注意力单元求和：\n"
                              "     k    (W s)_k    (U h)_k    tanh(和)    v_k    v_k tanh\n"), A);
    for (int k = 0; k < A; k++) {
        double th_d = tanh((double)ws[k] + uh[k]), term = (double)t->va.v[k] * th_d;
        e += term;
        if (out)
            sb_printf(out, "    %2d  %9s  %9s  %10s  %8s  %9s\n", k, ex_num(ws[k]), ex_num(uh[k]), ex_num(th_d),
                      ex_num(t->va.v[k]), ex_num(term));
    }
    if (out)
        sb_printf(out, TR(a->zh, "      e = sum of the %d terms = %s\n", "      e = %d 项之和 = %s\n"), A, ex_num(e));
    free(buf);
    return e;
}

/* a_ij: the row's scores, then softmax at j. */
static double weight(const Att *a, const LessonTr *t, int i, int j, StrBuf *out)
{
    double *e = xcalloc((size_t)t->n, sizeof *e);
    sb_printf(out, "%s", TR(a->zh, "  1) the row's scores (press Enter on a score for its terms):\n",
                                   "  1) 这一行的得分（在得分格上按 Enter 看各项）：\n"));
    for (int k = 0; k < t->n; k++) {
        e[k] = score(a, t, i, k, NULL);
        sb_printf(out, "      %-6s %s\n", ex_col(a, k), ex_num(e[k]));
    }
    sb_printf(out, "  2) ");
    double w = ex_softmax_at(a, e, NULL, t->n, j, out);
    free(e);
    return w;
}

/* Column j of the context c_i = sum_k a_ik h_k, term by term; *engine gets
 * the number the step shows. */
static double context(const Att *a, const LessonTr *t, const Result *r, int i, int j, StrBuf *out, double *engine)
{
    sb_printf(out, TR(a->zh, "  the context c_i = sum_j a_ij h_j, its column %d:\n    c =",
                             "  上下文 c_i = sum_j a_ij h_j，第 %d 列：\n    c ="), j);
    double *w = xcalloc((size_t)t->n, sizeof *w);
    for (int k = 0; k < t->n; k++)
        w[k] = MAT_AT(t->weights, i, k);
    double c = ex_weighted_column(w, t->V, 0, t->n, j, out);
    free(w);
    *engine = MAT_AT(r->main.output, i, j);
    return c;
}

double ex_translator(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine)
{
    const LessonTr *t = a->sc->ext;
    *engine = NAN;
    bool cell = i >= 0 && i < t->rows && j >= 0 && j < (panel == PANEL_OUTPUT ? t->V.cols : t->n);
    if (!cell && (panel == PANEL_SCORES || panel == PANEL_WEIGHTS || panel == PANEL_OUTPUT))
        return NAN;
    switch (panel) {
    case PANEL_SCORES:
        *engine = MAT_AT(r->main.scores, i, j);
        return score(a, t, i, j, out);
    case PANEL_WEIGHTS:
        *engine = MAT_AT(r->main.weights, i, j);
        return weight(a, t, i, j, out);
    case PANEL_OUTPUT:
        return context(a, t, r, i, j, out, engine);
    case PANEL_CONTEXT_NOW: {   /* the last row of output as 2 rows of H: forward, backward */
        int half = t->V.cols / 2;
        if (t->rows < 1 || i < 0 || i > 1 || j < 0 || j >= half)
            return NAN;
        sb_printf(out, TR(a->zh, "  row %d is the %s half of c_i: its number %d is c's column %d\n",
                                 "  第 %d 行是 c_i 的%s一半：它的第 %d 个数是 c 的第 %d 列\n"),
                  i, i == 0 ? TR(a->zh, "forward", "正向") : TR(a->zh, "backward", "反向"), j, i * half + j);
        return context(a, t, r, t->rows - 1, i * half + j, out, engine);
    }
    default:
        sb_printf(out, "%s", TR(a->zh, "  a number of the trained model as it ran: Q is W s_(i-1) (the decoder state "
                                       "through the learned W), K is U h_j (an encoder state through U), V is h_j\n",
                                "  训练好的模型运行时的数：Q 是 W s_(i-1)（解码器状态乘以学到的 W），K 是 U h_j"
                                "（编码器状态乘以 U），V 是 h_j\n"));
        return NAN;
    }
}
