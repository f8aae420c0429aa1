/* explain_multidim.c - "show the arithmetic" for multi-dimensional
 * attention (Lin et al. 2017; engine_multidim.c derives the row form).
 * Recomputed here in double from the formulas:
 *   e[v][t]   = sum_k tanh((X Ws1)[t][k]) Ws2[k][v]      scores (views' rows)
 *   A[v][t]   = softmax over t of e[v][.] / T           views, weights
 *   M[v][x]   = sum_t A[v][t] X[t][x]                   context, output
 *   embedding[0][v d + x] = M[v][x]
 *   gram[a][b] = sum_t A[a][t] A[b][t],  penalty = sum (gram - I)^2 */
#include "lab/explain_int.h"

#include <math.h>

#include "lesson/panel.h"

static double hidden(const Scenario *sc, int t, int k)
{
    Mat X = sc->in[M_X], W = sc->in[M_WS1];
    double u = 0.0;
    for (int x = 0; x < X.cols; x++)
        u += (double)MAT_AT(X, t, x) * MAT_AT(W, x, k);
    return tanh(u);
}

static double score(const Scenario *sc, int v, int t)
{
    Mat W2 = sc->in[M_WS2];
    double e = 0.0;
    for (int k = 0; k < W2.rows; k++)
        e += hidden(sc, t, k) * MAT_AT(W2, k, v);
    return e;
}

/* A[v][t], quietly (out NULL) or with its steps. */
static double weight(const Att *a, int v, int t, StrBuf *out)
{
    int n = a->sc->in[M_X].rows;
    double e[ENGINE_MAX_SIDE];
    for (int k = 0; k < n; k++)
        e[k] = score(a->sc, v, k);
    if (!out)
        return ex_softmax_value(e, NULL, n, t, a->cfg->temperature);
    sb_printf(out, TR(a->zh, "  view %d scores every word with column %d of Ws2:", "  视角 %d 用 Ws2 的第 %d 列给每个词打分："),
              v + 1, v);
    for (int k = 0; k < n; k++)
        sb_printf(out, " %s %s", ex_col(a, k), ex_num(e[k]));
    sb_printf(out, "\n");
    return ex_softmax_at(a, e, NULL, n, t, out);
}

static double explain_score(const Att *a, int v, int t, StrBuf *out)
{
    Mat W2 = a->sc->in[M_WS2];
    sb_printf(out, "%s", TR(a->zh, "  e = tanh(x Ws1) Ws2: the word's row through the hidden layer (each h_k = "
                                   "tanh((x Ws1)_k)), then the view's column of Ws2, sum of h_k * Ws2[k][v]\n",
                             "  e = tanh(x Ws1) Ws2：这个词的行先过隐藏层（每个 h_k = tanh((x Ws1)_k)），"
                             "再乘以这个视角在 Ws2 中的那一列，即 h_k * Ws2[k][v] 之和\n"));
    sb_printf(out, "     e =");
    for (int k = 0; k < W2.rows; k++)
        sb_printf(out, "%s(%s * %s)", k ? " + " : " ", ex_num(hidden(a->sc, t, k)), ex_num(MAT_AT(W2, k, v)));
    double e = score(a->sc, v, t);
    sb_printf(out, " = %s\n", ex_num(e));
    return e;
}

static double explain_context(const Att *a, int v, int x, StrBuf *out)
{
    Mat X = a->sc->in[M_X];
    sb_printf(out, TR(a->zh, "  M = A X: view %d's weights times column %d of X\n     =",
                             "  M = A X：视角 %d 的权重乘以 X 的第 %d 列\n     ="), v + 1, x);
    double w[ENGINE_MAX_SIDE];
    for (int t = 0; t < X.rows; t++)
        w[t] = weight(a, v, t, NULL);
    return ex_weighted_column(w, X, 0, X.rows, x, out);
}

static double gram(const Att *a, int p, int q)
{
    double g = 0.0;
    for (int t = 0; t < a->sc->in[M_X].rows; t++)
        g += weight(a, p, t, NULL) * weight(a, q, t, NULL);
    return g;
}

static double explain_penalty(const Att *a, StrBuf *out)
{
    int views = a->sc->in[M_WS2].cols;
    sb_printf(out, "%s", TR(a->zh, "  P = ||A A^T - I||_F^2: every overlap of two views, minus 1 on the diagonal, "
                                   "squared and summed\n     P =",
                             "  P = ||A A^T - I||_F^2：每两个视角的重叠，对角线上减去 1，平方后求和\n     P ="));
    double P = 0.0;
    for (int p = 0; p < views; p++)
        for (int q = 0; q < views; q++) {
            double g = gram(a, p, q) - (p == q ? 1.0 : 0.0);
            P += g * g;
            sb_printf(out, "%s%s^2", p + q ? " + " : " ", ex_num(g));
        }
    sb_printf(out, " = %s\n", ex_num(P));
    return P;
}

double ex_multidim(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine)
{
    int d = a->sc->in[M_X].cols;
    *engine = NAN;
    if (panel == PANEL_SCORES) {
        *engine = MAT_AT(r->main.scores, i, j);
        return explain_score(a, i, j, out);
    }
    bool mine = panel == PANEL_VIEWS || panel == PANEL_WEIGHTS || panel == PANEL_CONTEXT || panel == PANEL_OUTPUT ||
                panel == PANEL_EMBEDDING || panel == PANEL_GRAM || panel == PANEL_PENALTY;
    if (!mine || !ex_course_softmax(a, out))
        return NAN;
    switch (panel) {
    case PANEL_VIEWS:
    case PANEL_WEIGHTS:
        *engine = MAT_AT(r->main.weights, i, j);
        return weight(a, i, j, out);
    case PANEL_CONTEXT:
    case PANEL_OUTPUT:
        *engine = MAT_AT(r->main.output, i, j);
        return explain_context(a, i, j, out);
    case PANEL_EMBEDDING:
        *engine = MAT_AT(r->embedding, 0, j);
        sb_printf(out, TR(a->zh, "  column %d of the embedding is M[%d][%d]\n", "  嵌入的第 %d 列是 M[%d][%d]\n"), j,
                  j / d, j % d);
        return explain_context(a, j / d, j % d, out);
    case PANEL_GRAM:
        *engine = MAT_AT(r->gram, i, j);
        sb_printf(out, TR(a->zh, "  A A^T: the overlap of views %d and %d, sum over words of their two weights\n",
                                 "  A A^T：视角 %d 与视角 %d 的重叠，对每个词把两者的权重相乘再求和\n"), i + 1, j + 1);
        return gram(a, i, j);
    default:
        *engine = MAT_AT(r->penalty, 0, 0);
        return explain_penalty(a, out);
    }
}
