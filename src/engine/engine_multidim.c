/* engine_multidim.c - multi-dimensional attention (mode = multidim), after
 * Lin et al. (2017), "A Structured Self-Attentive Sentence Embedding".
 *
 * The paper, in columns: H (n x 2u) holds a sentence's n hidden states as
 * rows; W_s1 (d_a x 2u), W_s2 (r x d_a).
 *   A = softmax(W_s2 tanh(W_s1 H^T))        (r x n), softmax along each row
 *   M = A H                                 (r x 2u), the embedding matrix
 *   P = ||A A^T - I||_F^2                   the penalty (section 2.2)
 * A single view (r = 1) is the additive score with no query: w_s2 plays the
 * part of the importance vector, and the paper makes it a matrix so that r
 * views can look at r different parts of the sentence.
 * Here a projection is X W: H = X (n x d), Ws1 = W_s1^T (d x da) and Ws2 =
 * W_s2^T (da x r). The transpose of W_s1 H^T is H Ws1, and of W_s2 tanh(.)
 * is tanh(H Ws1) Ws2, so
 *   E = (tanh(H Ws1) Ws2)^T                 (r x n) the views' scores
 *   A = the step's distribution of each row of E (softmax in the paper)
 *   M = A H (r x d),  embedding = M's rows side by side (1 x r d), what a classifier reads
 *   gram = A A^T (r x r),  penalty = sum (gram - I)^2   (1 x 1)
 * The scores are in double: tanh keeps them within +-sum |Ws2|. */
#include "engine/engine_int.h"

#include <math.h>
#include <string.h>

/* E (r x n) in double: row v, column t = sum_k tanh((H Ws1)[t][k]) Ws2[k][v]. */
static double *view_scores(Arena *a, Mat H, Mat Ws1, Mat Ws2)
{
    int n = H.rows, da = Ws1.cols, r = Ws2.cols;
    double *E = arena_alloc(a, (size_t)r * n * sizeof(double));
    for (int t = 0; t < n; t++) {
        double hid[ENGINE_MAX_SIDE];
        for (int k = 0; k < da; k++) {
            double u = 0.0;
            for (int x = 0; x < H.cols; x++)
                u += (double)MAT_AT(H, t, x) * MAT_AT(Ws1, x, k);
            hid[k] = tanh(u);
        }
        for (int v = 0; v < r; v++) {
            double s = 0.0;
            for (int k = 0; k < da; k++)
                s += hid[k] * MAT_AT(Ws2, k, v);
            E[(size_t)v * n + t] = s;
        }
    }
    return E;
}

/* gram = A A^T and penalty = ||A A^T - I||_F^2, from the float weights. */
static void penalty(Arena *a, Mat A, Result *r)
{
    int v = A.rows;
    r->gram = arena_mat(a, v, v);
    r->penalty = arena_mat(a, 1, 1);
    double P = 0.0;
    for (int i = 0; i < v; i++)
        for (int j = 0; j < v; j++) {
            double g = 0.0;
            for (int t = 0; t < A.cols; t++)
                g += (double)MAT_AT(A, i, t) * MAT_AT(A, j, t);
            MAT_AT(r->gram, i, j) = (float)g;
            double off = g - (i == j ? 1.0 : 0.0);
            P += off * off;
        }
    r->penalty.v[0] = (float)P;
}

int engine_run_multidim(Result *r, const Scenario *sc, uint64_t *rng, EngineError *err)
{
    Arena *a = &r->arena;
    Mat H = eng_own(a, sc->in[M_X]);
    int n = H.rows, d = H.cols, views = sc->in[M_WS2].cols;
    r->Xin = H;
    r->K = r->V = H;
    double *E = view_scores(a, H, sc->in[M_WS1], sc->in[M_WS2]);
    eng_head_alloc(a, &sc->cfg, views, n, d, &r->main);
    if (eng_attend_scores(a, &sc->cfg, sc->in, E, H, rng, &r->main, err) < 0)
        return -1;
    r->embedding = arena_mat(a, 1, views * d);
    memcpy(r->embedding.v, r->main.output.v, (size_t)views * d * sizeof(float));
    penalty(a, r->main.weights, r);
    return 0;
}
