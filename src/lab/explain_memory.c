/* explain_memory.c - "show the arithmetic" for a memory read in hops
 * (Sukhbaatar et al. 2015; engine_memory.c derives it). Recomputed here in
 * double from the formulas, hop by hop from the question Q:
 *   u^1 = Q,  e^k_i = u^k . m_i (/ sqrt(d) for scaled_dot)   scores row k-1
 *   p^k = softmax(e^k / T)                                   hops, weights
 *   o^k = sum_i p^k_i c_i                                    output
 *   u^(k+1) = u^k + o^k                                      query_path */
#include "lab/explain_int.h"

#include <math.h>

#include "lesson/panel.h"

/* The question u^(k+1) (d) in double: hop k from 0. */
static void question(const Att *a, int k, double *u)
{
    const Mat *in = a->sc->in;
    int n = in[M_K].rows, d = in[M_Q].cols;
    for (int x = 0; x < d; x++)
        u[x] = MAT_AT(in[M_Q], 0, x);
    for (int h = 0; h < k; h++) {
        double e[ENGINE_MAX_SIDE], o[ENGINE_MAX_SIDE] = {0};
        for (int i = 0; i < n; i++) {
            e[i] = 0.0;
            for (int x = 0; x < d; x++)
                e[i] += u[x] * MAT_AT(in[M_K], i, x);
            if (a->cfg->score == SCORE_SCALED_DOT)
                e[i] /= sqrt((double)d);
        }
        for (int i = 0; i < n; i++) {
            double p = ex_softmax_value(e, NULL, n, i, a->cfg->temperature);
            for (int x = 0; x < d; x++)
                o[x] += p * MAT_AT(in[M_V], i, x);
        }
        for (int x = 0; x < d; x++)
            u[x] += o[x];
    }
}

/* e^(k+1)_i = u^(k+1) . m_i, with its products in out when given. */
static double score(const Att *a, int k, int i, StrBuf *out)
{
    const Mat *in = a->sc->in;
    int d = in[M_Q].cols;
    double u[ENGINE_MAX_SIDE], e = 0.0;
    question(a, k, u);
    if (out)
        sb_printf(out, TR(a->zh, "  hop %d: the question u^%d . the key of %s\n     e =",
                                 "  第 %d 跳：问题 u^%d . %s 的键\n     e ="), k + 1, k + 1, ex_col(a, i));
    for (int x = 0; x < d; x++) {
        e += u[x] * MAT_AT(in[M_K], i, x);
        if (out)
            sb_printf(out, "%s(%s * %s)", x ? " + " : " ", ex_num(u[x]), ex_num(MAT_AT(in[M_K], i, x)));
    }
    if (a->cfg->score == SCORE_SCALED_DOT) {
        e /= sqrt((double)d);
        if (out)
            sb_printf(out, " / sqrt(%d)", d);
    }
    if (out)
        sb_printf(out, " = %s\n", ex_num(e));
    return e;
}

static double weight(const Att *a, int k, int i, StrBuf *out)
{
    int n = a->sc->in[M_K].rows;
    double e[ENGINE_MAX_SIDE];
    for (int t = 0; t < n; t++)
        e[t] = score(a, k, t, t == i ? out : NULL);
    if (!out)
        return ex_softmax_value(e, NULL, n, i, a->cfg->temperature);
    sb_printf(out, "%s", TR(a->zh, "  every fact:", "  每条事实："));
    for (int t = 0; t < n; t++)
        sb_printf(out, " %s %s", ex_col(a, t), ex_num(e[t]));
    sb_printf(out, "\n");
    return ex_softmax_at(a, e, NULL, n, i, out);
}

/* o^(k+1)[x] = sum_i p_i c_i[x]. */
static double read(const Att *a, int k, int x, StrBuf *out)
{
    Mat V = a->sc->in[M_V];
    sb_printf(out, TR(a->zh, "  hop %d reads o = sum_i p_i c_i, column %d:\n     =",
                             "  第 %d 跳读取 o = sum_i p_i c_i，第 %d 列：\n     ="), k + 1, x);
    double p[ENGINE_MAX_SIDE];
    for (int i = 0; i < V.rows; i++)
        p[i] = weight(a, k, i, NULL);
    return ex_weighted_column(p, V, 0, V.rows, x, out);
}

static double path(const Att *a, int k, int x, StrBuf *out)
{
    double u[ENGINE_MAX_SIDE];
    if (k == 0) {
        sb_printf(out, "%s", TR(a->zh, "  u^1 is the question Q as written\n", "  u^1 就是写下的问题 Q\n"));
        return MAT_AT(a->sc->in[M_Q], 0, x);
    }
    question(a, k - 1, u);
    sb_printf(out, TR(a->zh, "  u^%d = u^%d + o^%d: the question plus what hop %d read\n",
                             "  u^%d = u^%d + o^%d：问题加上第 %d 跳读到的\n"), k + 1, k, k, k);
    double o = read(a, k - 1, x, out);
    sb_printf(out, "     %s + %s = %s\n", ex_num(u[x]), ex_num(o), ex_num(u[x] + o));
    return u[x] + o;
}

double ex_memory(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine)
{
    *engine = NAN;
    bool mine = panel == PANEL_SCORES || panel == PANEL_HOPS || panel == PANEL_WEIGHTS || panel == PANEL_OUTPUT ||
                panel == PANEL_QUERY_PATH;
    if (!mine)
        return NAN;
    if (a->cfg->score != SCORE_DOT && a->cfg->score != SCORE_SCALED_DOT) {
        sb_printf(out, "%s", TR(a->zh, "  (the arithmetic is shown for the dot score, the paper's u . m_i)\n",
                                   "  （这里只演示论文所用的点积 u . m_i 的算术）\n"));
        return NAN;
    }
    if (panel == PANEL_SCORES) {
        *engine = MAT_AT(r->main.scores, i, j);
        return score(a, i, j, out);
    }
    if (!ex_course_softmax(a, out))
        return NAN;
    switch (panel) {
    case PANEL_HOPS:
    case PANEL_WEIGHTS:
        *engine = MAT_AT(r->main.weights, i, j);
        return weight(a, i, j, out);
    case PANEL_OUTPUT:
        *engine = MAT_AT(r->main.output, i, j);
        return read(a, i, j, out);
    default:
        *engine = MAT_AT(r->query_path, i, j);
        return path(a, i, j, out);
    }
}
