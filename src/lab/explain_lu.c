/* explain_lu.c - "show the arithmetic" for Lu et al. (2016)'s parallel
 * co-attention (coattention = parallel_lu): the affinity C, the hidden
 * features H_b and H_a, and the two attentions scored by the learned
 * vectors whv and whq. Recomputed here in double from the formulas
 * (engine.c's comment derives them from the paper), not read back from
 * the engine, so that the verdict compares two computations:
 *   C[i][j]   = tanh(sum_x sum_y A[i][x] Wb[x][y] B[j][y])
 *   H_b[j][u] = tanh((B Wvb)[j][u] + sum_i C[i][j] (A Wqa)[i][u])
 *   H_a[i][u] = tanh((A Wqa)[i][u] + sum_j C[i][j] (B Wvb)[j][u])
 *   e_b[j]    = sum_u H_b[j][u] whv[u],   weights    = softmax(e_b / T)
 *   e_a[i]    = sum_u H_a[i][u] whq[u],   weights_ba = softmax(e_a / T) */
#include "lab/explain_int.h"

#include <math.h>

#include "lesson/panel.h"

/* (X W)[i][u] in double. */
static double xw(Mat X, Mat W, int i, int u)
{
    double s = 0.0;
    for (int x = 0; x < X.cols; x++)
        s += (double)MAT_AT(X, i, x) * MAT_AT(W, x, u);
    return s;
}

static double affinity(const Scenario *sc, int i, int j)
{
    Mat A = sc->in[M_A], B = sc->in[M_B], Wb = sc->in[M_WB];
    double u = 0.0;
    for (int y = 0; y < B.cols; y++)
        u += xw(A, Wb, i, y) * MAT_AT(B, j, y);
    return tanh(u);
}

/* H_b[j][u] (b_side) or H_a[i][u], and its sum inside tanh in *pre. */
static double hidden(const Scenario *sc, bool b_side, int row, int u, double *pre)
{
    Mat A = sc->in[M_A], B = sc->in[M_B];
    double s = b_side ? xw(B, sc->in[M_WVB], row, u) : xw(A, sc->in[M_WQA], row, u);
    int n = b_side ? A.rows : B.rows;
    for (int o = 0; o < n; o++)
        s += b_side ? affinity(sc, o, row) * xw(A, sc->in[M_WQA], o, u)
                    : affinity(sc, row, o) * xw(B, sc->in[M_WVB], o, u);
    *pre = s;
    return tanh(s);
}

/* e_b[j] (b_side) or e_a[i]: a hidden row scored by the learned vector. */
static double learned_score(const Scenario *sc, bool b_side, int row)
{
    Mat w = sc->in[b_side ? M_WHV : M_WHQ];
    double e = 0.0, pre;
    for (int u = 0; u < w.cols; u++)
        e += hidden(sc, b_side, row, u, &pre) * w.v[u];
    return e;
}

static double explain_affinity(const Att *a, int i, int j, StrBuf *out)
{
    const Scenario *sc = a->sc;
    bool zh = a->zh;
    sb_printf(out, "%s", TR(zh, "  C = tanh(A Wb B^T): A's row through Wb, dotted with B's row, squashed by tanh\n",
                             "  C = tanh(A Wb B^T)：A 的这一行乘以 Wb，再与 B 的这一行做点积，用 tanh 压缩\n"));
    double u = 0.0;
    sb_printf(out, "     (A Wb)[%s] . B[%s] =", ex_row(a, i), ex_col(a, j));
    for (int y = 0; y < sc->in[M_B].cols; y++) {
        double p = xw(sc->in[M_A], sc->in[M_WB], i, y);
        u += p * MAT_AT(sc->in[M_B], j, y);
        sb_printf(out, "%s(%s * %s)", y ? " + " : " ", ex_num(p), ex_num(MAT_AT(sc->in[M_B], j, y)));
    }
    sb_printf(out, "\n        = %s;  tanh(%s) = %s\n", ex_num(u), ex_num(u), ex_num(tanh(u)));
    return tanh(u);
}

static double explain_hidden(const Att *a, bool b_side, int row, int u, StrBuf *out)
{
    const Scenario *sc = a->sc;
    bool zh = a->zh;
    if (b_side)
        sb_printf(out, "%s", TR(zh, "  H_b = tanh(B Wvb + C^T (A Wqa)): this word's own features, plus every question "
                                   "word's features weighted by how much C matches them\n",
                                 "  H_b = tanh(B Wvb + C^T (A Wqa))：这个词自己的特征，加上每个问题词的特征，"
                                 "按 C 的匹配程度加权\n"));
    else
        sb_printf(out, "%s", TR(zh, "  H_a = tanh(A Wqa + C (B Wvb)): this word's own features, plus every passage "
                                   "word's features weighted by how much C matches them\n",
                                 "  H_a = tanh(A Wqa + C (B Wvb))：这个词自己的特征，加上每个段落词的特征，"
                                 "按 C 的匹配程度加权\n"));
    Mat A = sc->in[M_A], B = sc->in[M_B];
    double own = b_side ? xw(B, sc->in[M_WVB], row, u) : xw(A, sc->in[M_WQA], row, u);
    sb_printf(out, b_side ? "     (B Wvb)[%d][%d] = %s\n" : "     (A Wqa)[%d][%d] = %s\n", row, u, ex_num(own));
    int n = b_side ? A.rows : B.rows;
    for (int o = 0; o < n; o++) {
        double c = b_side ? affinity(sc, o, row) : affinity(sc, row, o);
        double f = b_side ? xw(A, sc->in[M_WQA], o, u) : xw(B, sc->in[M_WVB], o, u);
        sb_printf(out, b_side ? "   + C[%d][%d] * (A Wqa)[%d][%d] = %s * %s\n" : "   + C[%d][%d] * (B Wvb)[%d][%d] = %s * %s\n",
                  b_side ? o : row, b_side ? row : o, o, u, ex_num(c), ex_num(f));
    }
    double pre, h = hidden(sc, b_side, row, u, &pre);
    sb_printf(out, "     = %s;  tanh(%s) = %s\n", ex_num(pre), ex_num(pre), ex_num(h));
    return h;
}

static double explain_weight(const Att *a, bool b_side, int j, StrBuf *out)
{
    const Scenario *sc = a->sc;
    bool zh = a->zh;
    int n = b_side ? sc->in[M_B].rows : sc->in[M_A].rows;
    const char *vec = b_side ? "whv" : "whq", *H = b_side ? "H_b" : "H_a";
    sb_printf(out, TR(zh, "  1) no outside query: the learned vector %s scores every row of %s, e = %s . %s;\n"
                         "     this cell's, term by term:\n",
                         "  1) 没有外来的查询：学到的向量 %s 给 %s 的每一行打分，e = %s . %s；\n"
                         "     这个格子的，逐项：\n"),
              vec, H, H, vec);
    Mat w = sc->in[b_side ? M_WHV : M_WHQ];
    double e_j = 0.0, pre;
    sb_printf(out, "     e =");
    for (int u = 0; u < w.cols; u++) {
        double h = hidden(sc, b_side, j, u, &pre);
        e_j += h * w.v[u];
        sb_printf(out, "%s(%s * %s)", u ? " + " : " ", ex_num(h), ex_num(w.v[u]));
    }
    sb_printf(out, " = %s\n", ex_num(e_j));
    double T = a->cfg->temperature, m = -INFINITY, S = 0.0, e[ENGINE_MAX_SIDE];
    sb_printf(out, "%s", TR(zh, "     and the whole row the same way:", "     整行同样算："));
    for (int k = 0; k < n; k++) {
        e[k] = learned_score(sc, b_side, k);
        m = e[k] > m ? e[k] : m;
        sb_printf(out, " %s %s", ex_col(a, k), ex_num(e[k]));
    }
    sb_printf(out, TR(zh, "\n  2) softmax: subtract the max m = %s, divide by T = %s, exp, and normalise:\n",
                         "\n  2) softmax：减去最大值 m = %s，除以 T = %s，取 exp，再归一化：\n"),
              ex_num(m), ex_num(T));
    for (int k = 0; k < n; k++)
        S += exp((e[k] - m) / T);
    double w_j = exp((e_j - m) / T) / S;
    sb_printf(out, "     a = exp((%s - %s) / %s) / %s = %s\n", ex_num(e_j), ex_num(m), ex_num(T), ex_num(S),
              ex_num(w_j));
    return w_j;
}

double ex_lu(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine)
{
    *engine = NAN;
    switch (panel) {
    case PANEL_AFFINITY:
        *engine = MAT_AT(r->affinity, i, j);
        return explain_affinity(a, i, j, out);
    case PANEL_HIDDEN:
        *engine = MAT_AT(r->hidden_b, i, j);
        return explain_hidden(a, true, i, j, out);
    case PANEL_HIDDEN_BA:
        *engine = MAT_AT(r->hidden_a, i, j);
        return explain_hidden(a, false, i, j, out);
    case PANEL_WEIGHTS:
    case PANEL_WEIGHTS_BA:
        if (a->cfg->dist != DIST_SOFTMAX) {
            sb_printf(out, "%s", TR(a->zh, "  (the arithmetic is shown for softmax, the paper's distribution)\n",
                                       "  （这里只演示论文所用的 softmax 的算术）\n"));
            return NAN;
        }
        if (panel == PANEL_WEIGHTS_BA)
            break;
        *engine = MAT_AT(r->main.weights, i, j);
        return explain_weight(a, true, j, out);
    default:
        return NAN;     /* outputs and inputs: explained as in any step */
    }
    *engine = MAT_AT(r->b2a.weights, i, j);
    return explain_weight(a, false, j, out);
}
