/* engine_lu.c - Lu et al. (2016)'s parallel co-attention with its learned
 * layers (coattention = parallel_lu), run for engine.c's co-attention. */
#include "engine/engine_int.h"

#include <math.h>
#include <string.h>

/* Lu et al. (2016), "Hierarchical Question-Image Co-Attention for Visual
 * Question Answering", parallel co-attention with its learned layers. The
 * paper, in columns (Q d x T the question, V d x N the image regions):
 *   C   = tanh(Q^T W_b V)                      (T x N)
 *   H^v = tanh(W_v V + (W_q Q) C)              (k x N)
 *   H^q = tanh(W_q Q + (W_v V) C^T)            (k x T)
 *   a^v = softmax(w_hv^T H^v),  a^q = softmax(w_hq^T H^q)
 *   v^ = sum_n a^v_n v_n,       q^ = sum_t a^q_t q_t
 * Here a token is a row: A = Q^T (na x d), B = V^T (nb x d), and a
 * projection is X W, so Wb = W_b (d x d), Wqa = W_q^T and Wvb = W_v^T
 * (d x k), whv and whq (1 x k). Transposing each line (the transpose of
 * W_v V is B Wvb, of (W_q Q) C is C^T (A Wqa), of (W_v V) C^T is C (B Wvb)):
 *   C   = tanh(A Wb B^T)                       (na x nb)
 *   H_b = (H^v)^T = tanh(B Wvb + C^T (A Wqa))  (nb x k)
 *   H_a = (H^q)^T = tanh(A Wqa + C (B Wvb))    (na x k)
 *   e_b = H_b whv^T (nb), a_b = softmax(e_b), b^ = a_b B   (main)
 *   e_a = H_a whq^T (na), a_a = softmax(e_a), a^ = a_a A   (b2a)
 * All in double; the distribution is the step's (softmax in the paper). */
/* X W in double, (X.rows x W.cols) row-major in the arena. */
static double *product_double(Arena *a, Mat X, Mat W)
{
    double *p = arena_alloc(a, (size_t)X.rows * W.cols * sizeof(double));
    for (int i = 0; i < X.rows; i++)
        for (int t = 0; t < W.cols; t++) {
            double u = 0.0;
            for (int x = 0; x < X.cols; x++)
                u += (double)MAT_AT(X, i, x) * MAT_AT(W, x, t);
            p[(size_t)i * W.cols + t] = u;
        }
    return p;
}

static void lu_layers(Arena *a, const Mat *in, Mat A, Mat B, double *C, double *Hb, double *Ha,
                      double *eb, double *ea)
{
    Mat Wb = in[M_WB], Wvb = in[M_WVB], Wqa = in[M_WQA];
    int na = A.rows, nb = B.rows, d = A.cols, k = Wvb.cols;
    double *Aq = product_double(a, A, Wqa);             /* A Wqa (na x k) */
    double *Bv = product_double(a, B, Wvb);             /* B Wvb (nb x k) */
    for (int i = 0; i < na; i++)                        /* C = tanh(A Wb B^T) */
        for (int j = 0; j < nb; j++) {
            double u = 0.0;
            for (int x = 0; x < d; x++)
                for (int y = 0; y < d; y++)
                    u += (double)MAT_AT(A, i, x) * MAT_AT(Wb, x, y) * MAT_AT(B, j, y);
            C[i * nb + j] = tanh(u);
        }
    for (int j = 0; j < nb; j++)                        /* H_b, e_b */
        for (int t = 0; t < k; t++) {
            double u = Bv[j * k + t];
            for (int i = 0; i < na; i++)
                u += C[i * nb + j] * Aq[i * k + t];
            Hb[j * k + t] = tanh(u);
        }
    for (int i = 0; i < na; i++)                        /* H_a, e_a */
        for (int t = 0; t < k; t++) {
            double u = Aq[i * k + t];
            for (int j = 0; j < nb; j++)
                u += C[i * nb + j] * Bv[j * k + t];
            Ha[i * k + t] = tanh(u);
        }
    for (int j = 0; j < nb; j++) {
        eb[j] = 0.0;
        for (int t = 0; t < k; t++)
            eb[j] += Hb[j * k + t] * in[M_WHV].v[t];
    }
    for (int i = 0; i < na; i++) {
        ea[i] = 0.0;
        for (int t = 0; t < k; t++)
            ea[i] += Ha[i * k + t] * in[M_WHQ].v[t];
    }
}

/* A double matrix (rows x cols) as a float Mat in the arena. */
static Mat arena_from_double(Arena *a, const double *x, int rows, int cols)
{
    Mat m = arena_mat(a, rows, cols);
    for (size_t t = 0; t < mat_size(m); t++)
        m.v[t] = eng_to_float(x[t]);
    return m;
}

/* One side of Lu's co-attention: the scores e (n) of one summary query over
 * the n rows of X, weighed into h (1 x n) with output (1 x d). */
static int lu_side(Arena *a, const AttnConfig *c, const Mat *in, const double *e, Mat X, uint64_t *rng,
                   AttnHead *h, EngineError *err)
{
    int n = X.rows;
    eng_head_alloc(a, c, 1, n, X.cols, h);
    h->exact = arena_alloc(a, (size_t)n * sizeof(double));
    for (int j = 0; j < n; j++) {
        if (isnan(e[j]))
            return eng_refuse(err, EE_NAN_SCORE, M__COUNT, 0, (size_t)j);
        h->exact[j] = e[j];
        h->scores.v[j] = eng_to_float(e[j]);
    }
    if (eng_row_finite(h->scores.v, n))
        h->exact = NULL;                /* every score fits a float */
    return eng_attend(c, in, X, X, rng, h, err);
}

int engine_run_lu(Result *r, const Scenario *sc, uint64_t *rng, EngineError *err)
{
    Arena *a = &r->arena;
    Mat A = sc->in[M_A], B = sc->in[M_B];
    int na = A.rows, nb = B.rows, k = sc->in[M_WVB].cols;
    double *C = arena_alloc(a, (size_t)na * nb * sizeof(double));
    double *Hb = arena_alloc(a, (size_t)nb * k * sizeof(double));
    double *Ha = arena_alloc(a, (size_t)na * k * sizeof(double));
    double eb[ENGINE_MAX_SIDE], ea[ENGINE_MAX_SIDE];
    lu_layers(a, sc->in, A, B, C, Hb, Ha, eb, ea);
    r->affinity = arena_from_double(a, C, na, nb);
    r->hidden_b = arena_from_double(a, Hb, nb, k);
    r->hidden_a = arena_from_double(a, Ha, na, k);
    if (lu_side(a, &sc->cfg, sc->in, eb, r->K, rng, &r->main, err) < 0)
        return -1;
    return lu_side(a, &sc->cfg, sc->in, ea, r->Q, rng, &r->b2a, err);
}

