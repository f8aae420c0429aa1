/* explain_hier.c - "show the arithmetic" for hierarchical attention (Yang
 * et al. 2016, the sentence vectors used directly; engine_hier.c derives
 * the row form). Recomputed here in double from the formulas:
 *   e_t   = tanh(X[t] Ww + bw) . uw                     word scores
 *   a_it  = softmax of e over sentence i's words / T    word_weights
 *   s_i   = sum_t a_it X[t]                             sentence_vectors
 *   e_i   = tanh(s_i Ws + bs) . us                      scores
 *   a_i   = softmax of e_i over the sentences / T       sentence_weights
 *   v     = sum_i a_i s_i                               document */
#include "lab/explain_int.h"

#include <math.h>

#include "lesson/panel.h"

/* tanh(x W + b) . u for one row x (d), with its terms in out when given. */
static double level_score(const float *x, int d, Mat W, Mat b, Mat u, StrBuf *out)
{
    double e = 0.0;
    for (int k = 0; k < W.cols; k++) {
        double s = mat_empty(b) ? 0.0 : (double)b.v[k];
        for (int c = 0; c < d; c++)
            s += (double)x[c] * MAT_AT(W, c, k);
        e += tanh(s) * u.v[k];
        if (out)
            sb_printf(out, "%s(tanh(%s) * %s)", k ? " + " : " ", ex_num(s), ex_num(u.v[k]));
    }
    return e;
}

/* The first word of sentence i and its count. */
static int sentence_start(const AttnConfig *c, int i, int *count)
{
    int first = 0;
    for (int k = 0; k < i; k++)
        first += c->sentences[k];
    *count = c->sentences[i];
    return first;
}

static double word_weight(const Att *a, int i, int t, StrBuf *out)
{
    const Mat *in = a->sc->in;
    int n = in[M_X].rows, d = in[M_X].cols, count, first = sentence_start(a->cfg, i, &count);
    double e[ENGINE_MAX_SIDE];
    bool keep[ENGINE_MAX_SIDE];
    for (int k = 0; k < n; k++) {
        e[k] = level_score(&MAT_AT(in[M_X], k, 0), d, in[M_WW], in[M_BW], in[M_UW], NULL);
        keep[k] = k >= first && k < first + count;
    }
    if (!out)
        return ex_softmax_value(e, keep, n, t, a->cfg->temperature);
    sb_printf(out, "%s", TR(a->zh, "  no query: the learned vector uw asks every word, e = tanh(x Ww + bw) . uw;\n"
                                   "     this word's, term by term:\n     e =",
                             "  没有查询：学到的向量 uw 问每个词，e = tanh(x Ww + bw) . uw；\n     这个词的，逐项：\n     e ="));
    level_score(&MAT_AT(in[M_X], t, 0), d, in[M_WW], in[M_BW], in[M_UW], out);
    sb_printf(out, " = %s\n", ex_num(e[t]));
    sb_printf(out, TR(a->zh, "  sentence %d's words only:", "  只在第 %d 句的词上："), i + 1);
    for (int k = first; k < first + count; k++)
        sb_printf(out, " %s %s", ex_col(a, k), ex_num(e[k]));
    sb_printf(out, "\n");
    return ex_softmax_at(a, e, keep, n, t, out);
}

/* s_i[x] = sum_t a_it X[t][x], with its terms when out is given. */
static double sentence_vector(const Att *a, int i, int x, StrBuf *out)
{
    Mat X = a->sc->in[M_X];
    int count, first = sentence_start(a->cfg, i, &count);
    if (out)
        sb_printf(out, TR(a->zh, "  s_%d = sum of sentence %d's words weighted, column %d:\n     =",
                                 "  s_%d = 第 %d 句的词加权求和，第 %d 列：\n     ="), i + 1, i + 1, x);
    double w[ENGINE_MAX_SIDE];
    for (int t = first; t < first + count; t++)
        w[t - first] = word_weight(a, i, t, NULL);
    return ex_weighted_column(w, X, first, count, x, out);
}

/* e_i = tanh(s_i Ws + bs) . us, quietly or with its terms. */
static double sentence_score(const Att *a, int i, StrBuf *out)
{
    const Mat *in = a->sc->in;
    float s[ENGINE_MAX_SIDE];
    for (int x = 0; x < in[M_X].cols; x++)
        s[x] = (float)sentence_vector(a, i, x, NULL);
    if (out)
        sb_printf(out, "%s", TR(a->zh, "  the learned vector us asks every sentence, e = tanh(s Ws + bs) . us:\n     e =",
                                 "  学到的向量 us 问每一句，e = tanh(s Ws + bs) . us：\n     e ="));
    double e = level_score(s, in[M_X].cols, in[M_WS], in[M_BS], in[M_US], out);
    if (out)
        sb_printf(out, " = %s\n", ex_num(e));
    return e;
}

static double sentence_weight(const Att *a, int i, StrBuf *out)
{
    int S = a->cfg->n_sentences;
    double e[ENGINE_MAX_SIDE];
    for (int k = 0; k < S; k++)
        e[k] = sentence_score(a, k, k == i ? out : NULL);
    if (!out)
        return ex_softmax_value(e, NULL, S, i, a->cfg->temperature);
    sb_printf(out, "%s", TR(a->zh, "  every sentence:", "  每一句："));
    for (int k = 0; k < S; k++)
        sb_printf(out, " %d: %s", k + 1, ex_num(e[k]));
    sb_printf(out, "\n");
    return ex_softmax_at(a, e, NULL, S, i, out);
}

static double document(const Att *a, int x, StrBuf *out)
{
    sb_printf(out, TR(a->zh, "  v = sum_i a_i s_i, column %d:\n     =", "  v = sum_i a_i s_i，第 %d 列：\n     ="), x);
    double v = 0.0;
    for (int i = 0; i < a->cfg->n_sentences; i++) {
        double w = sentence_weight(a, i, NULL), s = sentence_vector(a, i, x, NULL);
        v += w * s;
        sb_printf(out, "%s(%s * %s)", i ? " + " : " ", ex_num(w), ex_num(s));
    }
    sb_printf(out, " = %s\n", ex_num(v));
    return v;
}

double ex_hier(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine)
{
    *engine = NAN;
    if (panel == PANEL_SCORES) {
        *engine = MAT_AT(r->main.scores, i, j);
        return sentence_score(a, j, out);
    }
    if (panel == PANEL_WORD_WEIGHTS && !r->words.keep[(size_t)i * r->words.nk + j]) {
        *engine = MAT_AT(r->words.weights, i, j);
        sb_printf(out, TR(a->zh, "  %s is not a word of sentence %d: masked, its weight is exactly 0\n",
                                 "  %s 不是第 %d 句的词：被遮住，权重恰好是 0\n"), ex_col(a, j), i + 1);
        return 0.0;
    }
    bool mine = panel == PANEL_WORD_WEIGHTS || panel == PANEL_SENTENCE_VECTORS || panel == PANEL_SENTENCE_WEIGHTS ||
                panel == PANEL_WEIGHTS || panel == PANEL_DOCUMENT || panel == PANEL_OUTPUT;
    if (!mine || !ex_course_softmax(a, out))
        return NAN;
    switch (panel) {
    case PANEL_WORD_WEIGHTS:
        *engine = MAT_AT(r->words.weights, i, j);
        return word_weight(a, i, j, out);
    case PANEL_SENTENCE_VECTORS:
        *engine = MAT_AT(r->words.output, i, j);
        return sentence_vector(a, i, j, out);
    case PANEL_SENTENCE_WEIGHTS:
    case PANEL_WEIGHTS:
        *engine = MAT_AT(r->main.weights, 0, j);
        return sentence_weight(a, j, out);
    default:
        *engine = MAT_AT(r->main.output, 0, j);
        return document(a, j, out);
    }
}
