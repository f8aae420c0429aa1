/* engine_hier.c - hierarchical attention (mode = hierarchical), after Yang
 * et al. (2016), "Hierarchical Attention Networks for Document
 * Classification", section 2.2.
 *
 * The paper, in columns, for word t of sentence i (h_it its encoder state)
 * and sentence i (h_i its encoder state):
 *   u_it = tanh(W_w h_it + b_w)
 *   a_it = exp(u_it^T u_w) / sum_t exp(u_it^T u_w)      over sentence i's words
 *   s_i  = sum_t a_it h_it                              the sentence vector
 *   u_i  = tanh(W_s h_i + b_s)
 *   a_i  = exp(u_i^T u_s) / sum_i exp(u_i^T u_s)        over the sentences
 *   v    = sum_i a_i h_i                                the document vector
 * u_w and u_s are learned context vectors: attention with keys but no query
 * from outside ("which word matters?", "which sentence matters?").
 * The paper runs a bidirectional GRU over the s_i to get the h_i; here the
 * sentence vectors are used directly, h_i = s_i (and the h_it are X's rows
 * as given), so that every number on screen is one of the formulas above.
 * Here a projection is X W: Ww = W_w^T (d x h), Ws = W_s^T (d x h), and bw,
 * bs, uw, us are rows (1 x h); a missing bias is 0. So, with X's rows the
 * words in order and cfg.sentences their counts:
 *   word_hidden[t] = tanh(X[t] Ww + bw)          e_t = word_hidden[t] . uw
 *   words: row i = the distribution of e over sentence i's words (every
 *          other word masked), output row i = s_i = sum_t a_it X[t]
 *   sent_hidden[i] = tanh(s_i Ws + bs)           e_i = sent_hidden[i] . us
 *   main:  weights (1 x S) the distribution of e_i, output v = sum a_i s_i */
#include "engine/engine_int.h"

#include <math.h>

/* hidden (n x h) = tanh(X W + b) and e (n) = hidden . u, in double. */
static void level(Mat X, Mat W, Mat b, Mat u, Mat hidden, double *e)
{
    for (int t = 0; t < X.rows; t++) {
        e[t] = 0.0;
        for (int k = 0; k < W.cols; k++) {
            double s = mat_empty(b) ? 0.0 : (double)b.v[k];
            for (int x = 0; x < X.cols; x++)
                s += (double)MAT_AT(X, t, x) * MAT_AT(W, x, k);
            double h = tanh(s);
            MAT_AT(hidden, t, k) = (float)h;
            e[t] += h * u.v[k];
        }
    }
}

int engine_run_hier(Result *r, const Scenario *sc, uint64_t *rng, EngineError *err)
{
    Arena *a = &r->arena;
    const AttnConfig *c = &sc->cfg;
    const Mat *in = sc->in;
    Mat X = eng_own(a, in[M_X]);
    int n = X.rows, d = X.cols, S = c->n_sentences;
    r->Xin = X;
    r->K = r->V = X;
    double ew[ENGINE_MAX_SIDE], es[ENGINE_MAX_SIDE];
    r->word_hidden = arena_mat(a, n, in[M_WW].cols);
    level(X, in[M_WW], in[M_BW], in[M_UW], r->word_hidden, ew);
    /* the word level: one row a sentence, the same scores, other words masked */
    eng_head_alloc(a, c, S, n, d, &r->words);
    double *E = arena_alloc(a, (size_t)S * n * sizeof(double));
    for (int i = 0, first = 0; i < S; first += c->sentences[i], i++)
        for (int t = 0; t < n; t++) {
            E[(size_t)i * n + t] = ew[t];
            r->words.keep[(size_t)i * n + t] = t >= first && t < first + c->sentences[i];
        }
    if (eng_attend_scores(a, c, in, E, X, rng, &r->words, err) < 0)
        return -1;
    Mat s = r->words.output;                    /* (S, d) the sentence vectors */
    r->sent_hidden = arena_mat(a, S, in[M_WS].cols);
    level(s, in[M_WS], in[M_BS], in[M_US], r->sent_hidden, es);
    eng_head_alloc(a, c, 1, S, d, &r->main);
    return eng_attend_scores(a, c, in, es, s, rng, &r->main, err);
}
