/* explain_course.c - "show the arithmetic" for the three modes after the
 * course (multidim, hierarchical, memory): the dispatch, and the softmax
 * step the three share. Each mode's cells are recomputed in double from the
 * papers' formulas in its own file (explain_multidim.c, explain_hier.c,
 * explain_memory.c), never read back from the engine. Also the course's
 * coarse-and-fine co-attention (panels combined, combined_ba), here. */
#include "lab/explain_int.h"

#include <math.h>

#include "lesson/panel.h"

/* The largest kept score m and the sum S of exp((e - m) / T). */
static void softmax_parts(const double *e, const bool *keep, int n, double T, double *m, double *S)
{
    *m = -INFINITY;
    *S = 0.0;
    for (int k = 0; k < n; k++)
        if (!keep || keep[k])
            *m = e[k] > *m ? e[k] : *m;
    for (int k = 0; k < n; k++)
        if (!keep || keep[k])
            *S += exp((e[k] - *m) / T);
}

double ex_softmax_value(const double *e, const bool *keep, int n, int j, double T)
{
    double m, S;
    softmax_parts(e, keep, n, T, &m, &S);
    return exp((e[j] - m) / T) / S;
}

/* The softmax of e (n, over the kept entries) at j, its steps in out. */
double ex_softmax_at(const Att *a, const double *e, const bool *keep, int n, int j, StrBuf *out)
{
    double T = a->cfg->temperature, m, S;
    softmax_parts(e, keep, n, T, &m, &S);
    double w = exp((e[j] - m) / T) / S;
    sb_printf(out, TR(a->zh, "  softmax: subtract the max m = %s, divide by T = %s, exp, and normalise:\n",
                             "  softmax：减去最大值 m = %s，除以 T = %s，取 exp，再归一化：\n"),
              ex_num(m), ex_num(T));
    sb_printf(out, "     a = exp((%s - %s) / %s) / %s = %s\n", ex_num(e[j]), ex_num(m), ex_num(T), ex_num(S),
              ex_num(w));
    return w;
}

double ex_weighted_column(const double *w, Mat V, int first, int n, int x, StrBuf *out)
{
    double s = 0.0;
    for (int t = first; t < first + n; t++) {
        s += w[t - first] * MAT_AT(V, t, x);
        if (out)
            sb_printf(out, "%s(%s * %s)", t > first ? " + " : " ", ex_num(w[t - first]), ex_num(MAT_AT(V, t, x)));
    }
    if (out)
        sb_printf(out, " = %s\n", ex_num(s));
    return s;
}

/* The papers use softmax; another distribution is said, not explained. */
bool ex_course_softmax(const Att *a, StrBuf *out)
{
    if (a->cfg->dist == DIST_SOFTMAX)
        return true;
    sb_printf(out, "%s", TR(a->zh, "  (the arithmetic is shown for softmax, the paper's distribution)\n",
                               "  （这里只演示论文所用的 softmax 的算术）\n"));
    return false;
}

/* The step's score of q (d) against row k of M, in double: q.m, q.m /
 * sqrt(d), or q W m^T (B attending to A: W^T, as the engine does). */
static double co_score(const AttnConfig *c, const Mat *in, const double *q, Mat M, int k, bool b2a)
{
    int d = M.cols;
    double s = 0.0;
    for (int x = 0; x < d; x++) {
        if (c->score != SCORE_GENERAL) {
            s += q[x] * MAT_AT(M, k, x);
            continue;
        }
        for (int y = 0; y < d; y++)
            s += q[x] * (b2a ? MAT_AT(in[M_W], y, x) : MAT_AT(in[M_W], x, y)) * MAT_AT(M, k, y);
    }
    return c->score == SCORE_SCALED_DOT ? s / sqrt((double)d) : s;
}

/* combined[i][j] (A attends to B) or combined_ba (B attends to A): its
 * fine half is the side's row i asking alone, its coarse half the mean of
 * the side's rows asking; either way softmax over the scores against the
 * other side, then a weighted sum of the other side's column. */
static double ex_combined(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine)
{
    bool ba = panel == PANEL_COMBINED_BA;
    const Mat *in = a->sc->in;
    Mat Q = in[ba ? M_B : M_A], K = in[ba ? M_A : M_B], C = ba ? r->combined_ba : r->combined;
    int d = Q.cols, n = K.rows, x = j % d;
    bool fine = j < d;
    *engine = NAN;
    if (i >= C.rows || j >= C.cols || !ex_course_softmax(a, out))
        return NAN;
    double q[ENGINE_MAX_SIDE] = {0}, e[ENGINE_MAX_SIDE], w[ENGINE_MAX_SIDE];
    for (int t = 0; t < (fine ? 1 : Q.rows); t++)
        for (int y = 0; y < d; y++)
            q[y] += MAT_AT(Q, fine ? i : t, y) / (fine ? 1.0 : Q.rows);
    const char *side = ba ? "B" : "A", *other = ba ? "A" : "B";
    if (fine)
        sb_printf(out, TR(a->zh, "  column %d is in the fine half: row %d of %s asks by itself (fine-grained)\n",
                                 "  第 %d 列在细粒度那一半：第 %d 行（%s）自己去问（细粒度）\n"),
                  j, i, side);
    else
        sb_printf(out, TR(a->zh, "  column %d is in the coarse half: mean(%s) asks (coarse-grained), the same on "
                                 "every row\n",
                                 "  第 %d 列在粗粒度那一半：mean(%s) 去问（粗粒度），每一行都一样\n"),
                  j, side);
    sb_printf(out, TR(a->zh, "  scores against the rows of %s:", "  对 %s 各行的得分："), other);
    for (int k = 0; k < n; k++) {
        e[k] = co_score(&r->cfg, in, q, K, k, ba);
        sb_printf(out, " %s", ex_num(e[k]));
    }
    sb_printf(out, "\n");
    for (int k = 0; k < n; k++)
        w[k] = ex_softmax_value(e, NULL, n, k, a->cfg->temperature);
    sb_printf(out, TR(a->zh, "  softmax, then column %d of %s weighted by it:\n    ",
                             "  做 softmax，再用它给第 %d 列（%s）加权：\n    "),
              x, other);
    *engine = MAT_AT(C, i, j);
    return ex_weighted_column(w, K, 0, n, x, out);
}

double ex_course(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine)
{
    if (panel == PANEL_COMBINED || panel == PANEL_COMBINED_BA)
        return ex_combined(a, r, panel, i, j, out, engine);
    switch (r->cfg.mode) {
    case MODE_MULTIDIM: return ex_multidim(a, r, panel, i, j, out, engine);
    case MODE_HIERARCHICAL: return ex_hier(a, r, panel, i, j, out, engine);
    case MODE_MEMORY: return ex_memory(a, r, panel, i, j, out, engine);
    default: *engine = NAN; return NAN;
    }
}
