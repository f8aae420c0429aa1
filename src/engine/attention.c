/* attention.c - the kernels: see attention.h for the contract of each. */
#include "engine/attention.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------- scores */

void attn_score_dot(Mat Q, Mat K, float scale, Mat E)
{
    /* E (nq, nk) = scale * Q (nq, d) K^T (d, nk) */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Q.rows, K.rows, Q.cols,
                scale, Q.v, Q.cols, K.v, K.cols, 0.0f, E.v, E.cols);
}

void attn_matmul(Mat A, Mat B, Mat C)
{
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, A.rows, B.cols, A.cols,
                1.0f, A.v, A.cols, B.v, B.cols, 0.0f, C.v, C.cols);
}

void attn_score_general(Mat Q, Mat W, Mat K, Mat tmp, Mat E)
{
    attn_matmul(Q, W, tmp);             /* tmp (nq, d_k) = Q W */
    attn_score_dot(tmp, K, 1.0f, E);    /* E = tmp K^T */
}

void attn_score_additive(Mat Q, Mat K, Mat Wa, Mat Ua, Mat va, Mat qa, Mat ka, Mat E)
{
    attn_matmul(Q, Wa, qa);             /* qa (nq, h) */
    attn_matmul(K, Ua, ka);             /* ka (nk, h) */
    int h = va.cols;
    for (int i = 0; i < Q.rows; i++) {
        for (int j = 0; j < K.rows; j++) {
            double s = 0.0;
            for (int t = 0; t < h; t++)
                s += (double)va.v[t] * tanh((double)MAT_AT(qa, i, t) + (double)MAT_AT(ka, j, t));
            MAT_AT(E, i, j) = (float)s;
        }
    }
}

void attn_score_location(Mat Q, Mat Wl, Mat E)
{
    attn_matmul(Q, Wl, E);              /* E (nq, nk) = Q (nq, d_q) Wl (d_q, nk) */
}

void attn_score_cosine(Mat Q, Mat K, Mat E)
{
    /* In double: the result is in [-1, 1] whatever the lengths, but float
     * products of the lengths overflow (|q| = 1e20: inf / inf = NaN) or
     * underflow (|q| = 1e-25: a 0 denominator) long before the inputs do. */
    for (int i = 0; i < Q.rows; i++) {
        const float *q = &MAT_AT(Q, i, 0);
        double nq = 0.0;
        for (int t = 0; t < Q.cols; t++)
            nq += (double)q[t] * q[t];
        for (int j = 0; j < K.rows; j++) {
            const float *k = &MAT_AT(K, j, 0);
            double nk = 0.0, dot = 0.0;
            for (int t = 0; t < K.cols; t++) {
                nk += (double)k[t] * k[t];
                dot += (double)q[t] * k[t];
            }
            double den = sqrt(nq) * sqrt(nk);
            MAT_AT(E, i, j) = den > 0.0 ? (float)(dot / den) : 0.0f;
        }
    }
}

/* ----------------------------------------------------------------- masks */

void attn_mask_all(uint8_t *keep, int nq, int nk)
{
    memset(keep, 1, (size_t)nq * (size_t)nk);
}

void attn_mask_valid_lens(uint8_t *keep, int nq, int nk, const int *lens, int nlens)
{
    for (int i = 0; i < nq; i++) {
        int len = nlens == 1 ? lens[0] : lens[i];
        for (int j = len < 0 ? 0 : len; j < nk; j++)
            keep[(size_t)i * nk + j] = 0;
    }
}

void attn_mask_causal(uint8_t *keep, int nq, int nk)
{
    for (int i = 0; i < nq; i++)
        for (int j = i + 1; j < nk; j++)
            keep[(size_t)i * nk + j] = 0;
}

void attn_mask_matrix(uint8_t *keep, Mat M)
{
    for (size_t t = 0; t < mat_size(M); t++)
        if (M.v[t] == 0.0f)
            keep[t] = 0;
}

/* --------------------------------------------------------- distributions */

static bool kept(const uint8_t *keep, int j)
{
    return keep == NULL || keep[j];
}

/* The largest kept score, -INFINITY when nothing is kept. */
static float row_max(const float *e, const uint8_t *keep, int n)
{
    float m = -INFINITY;
    for (int j = 0; j < n; j++)
        if (kept(keep, j) && e[j] > m)
            m = e[j];
    return m;
}

bool attn_softmax(const float *e, const uint8_t *keep, int n, float T, float *w)
{
    memset(w, 0, (size_t)n * sizeof *w);
    float m = row_max(e, keep, n);
    if (m == -INFINITY)
        return false;               /* nothing kept, or every kept score -inf */
    if (m == INFINITY) {
        /* exp(inf - inf) is NaN; the limit gives all weight to the +inf entries */
        int count = 0;
        for (int j = 0; j < n; j++)
            count += kept(keep, j) && e[j] == INFINITY;
        for (int j = 0; j < n; j++)
            if (kept(keep, j) && e[j] == INFINITY)
                w[j] = 1.0f / (float)count;
        return true;
    }
    double sum = 0.0;               /* >= 1: the max entry contributes exp(0) */
    for (int j = 0; j < n; j++) {
        if (!kept(keep, j))
            continue;
        double x = exp(((double)e[j] - (double)m) / (double)T);
        w[j] = (float)x;
        sum += x;
    }
    for (int j = 0; j < n; j++)
        if (kept(keep, j))
            w[j] = (float)((double)w[j] / sum);
    return true;
}

bool attn_sigmoid(const float *e, const uint8_t *keep, int n, float T, float *w)
{
    bool any = false;
    for (int j = 0; j < n; j++) {
        w[j] = 0.0f;
        if (!kept(keep, j))
            continue;
        w[j] = (float)(1.0 / (1.0 + exp(-(double)e[j] / (double)T)));
        any |= e[j] != -INFINITY;   /* sigmoid(-inf) = 0: no weight to take */
    }
    return any;
}

bool attn_argmax(const float *e, const uint8_t *keep, int n, float *w)
{
    memset(w, 0, (size_t)n * sizeof *w);
    int best = -1;
    for (int j = 0; j < n; j++)
        if (kept(keep, j) && (best < 0 || e[j] > e[best]))
            best = j;
    if (best < 0 || e[best] == -INFINITY)
        return false;
    w[best] = 1.0f;
    return true;
}

double attn_uniform(uint64_t *state)
{
    /* splitmix64 (Steele, Lea and Flood, 2014) */
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

bool attn_sample(const float *e, const uint8_t *keep, int n, float T, int samples,
                 uint64_t *rng, float *w)
{
    if (!attn_softmax(e, keep, n, T, w))
        return false;
    /* Draw from the softmax held in w, remember the picks, then replace w. */
    int picks[ATTN_MAX_SAMPLES];
    if (samples < 1)
        samples = 1;
    if (samples > ATTN_MAX_SAMPLES)
        samples = ATTN_MAX_SAMPLES;
    for (int s = 0; s < samples; s++) {
        double u = attn_uniform(rng), acc = 0.0;
        int pick = -1;
        for (int j = 0; j < n; j++) {
            if (w[j] <= 0.0f)
                continue;
            pick = j;               /* the last positive entry absorbs rounding */
            acc += w[j];
            if (u < acc)
                break;
        }
        picks[s] = pick;
    }
    /* Count first, divide once: adding 1/samples in float drifts (682 picks
     * of 1000 gave 0.681995), and the mean of one-hots is exactly count/samples. */
    memset(w, 0, (size_t)n * sizeof *w);
    for (int s = 0; s < samples; s++)
        w[picks[s]] += 1.0f;        /* counts up to ATTN_MAX_SAMPLES: exact in float */
    for (int j = 0; j < n; j++)
        w[j] = (float)((double)w[j] / samples);
    return true;
}

bool attn_topk(const float *e, const uint8_t *keep, int n, int k, float T, float *w)
{
    /* Mark the k largest kept scores in w (1 = chosen): k passes, each taking
     * the first of the largest not yet chosen, so ties go to the first. */
    memset(w, 0, (size_t)n * sizeof *w);
    if (n > ATTN_MAX_ROW)       /* before any mark: a refusal leaves w all zero */
        return false;
    for (int round = 0; round < k; round++) {
        int best = -1;
        for (int j = 0; j < n; j++)
            if (kept(keep, j) && w[j] == 0.0f && (best < 0 || e[j] > e[best]))
                best = j;
        if (best < 0)
            break;
        w[best] = 1.0f;
    }
    uint8_t chosen[ATTN_MAX_ROW] = {0};
    for (int j = 0; j < n; j++)
        chosen[j] = w[j] != 0.0f;
    return attn_softmax(e, chosen, n, T, w);
}

/* Shares the weight equally among the kept +inf entries (the limit of a
 * score growing without bound); false if there are none. */
static bool share_infinite(const float *e, const uint8_t *keep, int n, float *w)
{
    int count = 0;
    for (int j = 0; j < n; j++)
        count += kept(keep, j) && e[j] == INFINITY;
    for (int j = 0; j < n; j++)
        w[j] = kept(keep, j) && e[j] == INFINITY ? 1.0f / (float)count : 0.0f;
    return count > 0;
}

bool attn_sparsemax(const float *e, const uint8_t *keep, int n, float T, float *w)
{
    /* With z = e / T sorted in decreasing order, the support size is the
     * largest k with 1 + k z_(k) > sum_{i<=k} z_(i), and the threshold is
     * tau = (sum_{i<=k} z_(i) - 1) / k. Members of a tie group all pass or all
     * fail, so k_j = #{i : z_i >= z_j} stands in for the sorted position.
     * Everything is measured from z_j: the test is sum (z_i - z_j) < 1 and
     * tau = z_j + (gap - 1) / k. Summing the z themselves cancels
     * catastrophically once they pass 2^53 (scores of 1e30, or T near 0). */
    memset(w, 0, (size_t)n * sizeof *w);
    float m = row_max(e, keep, n);
    if (m == -INFINITY)
        return false;
    if (m == INFINITY)
        return share_infinite(e, keep, n, w);
    int best_k = 0;
    double ref = 0.0, excess = 0.0;     /* tau = ref + excess */
    for (int j = 0; j < n; j++) {
        if (!kept(keep, j) || e[j] == -INFINITY)
            continue;
        double zj = (double)e[j] / T, gap = 0.0;
        int kj = 0;
        for (int i = 0; i < n; i++) {
            if (!kept(keep, i) || e[i] == -INFINITY)
                continue;
            double zi = (double)e[i] / T;
            if (zi >= zj) {
                kj++;
                gap += zi - zj;
            }
        }
        if (gap < 1.0 && kj > best_k) {
            best_k = kj;
            ref = zj;
            excess = (gap - 1.0) / kj;
        }
    }
    for (int j = 0; j < n; j++) {
        if (!kept(keep, j) || e[j] == -INFINITY)
            continue;
        double p = ((double)e[j] / T - ref) - excess;
        w[j] = p > 0.0 ? (float)p : 0.0f;
    }
    return true;
}

/* softmax(e / T) over the kept entries within D of p; in_window (n) out. */
static bool local_window(const float *e, const uint8_t *keep, int n, float T, float p, int D,
                         uint8_t *in_window, float *w)
{
    for (int s = 0; s < n; s++)
        in_window[s] = kept(keep, s) && fabs((double)s - (double)p) <= (double)D;
    return attn_softmax(e, in_window, n, T, w);
}

bool attn_local_m(const float *e, const uint8_t *keep, int n, float T, float p, int D, float *w)
{
    if (n > ATTN_MAX_ROW) {
        memset(w, 0, (size_t)n * sizeof *w);
        return false;
    }
    uint8_t in_window[ATTN_MAX_ROW] = {0};
    return local_window(e, keep, n, T, p, D, in_window, w);
}

bool attn_local_p(const float *e, const uint8_t *keep, int n, float T, float p, int D, float *w)
{
    if (n > ATTN_MAX_ROW) {
        memset(w, 0, (size_t)n * sizeof *w);
        return false;
    }
    uint8_t in_window[ATTN_MAX_ROW] = {0};
    if (!local_window(e, keep, n, T, p, D, in_window, w))
        return false;
    double sigma = D / 2.0;
    for (int s = 0; s < n; s++)
        if (in_window[s])
            w[s] = (float)((double)w[s] * exp(-((s - (double)p) * (s - (double)p)) / (2.0 * sigma * sigma)));
    return true;
}

float attn_local_p_centre(const float *q, Mat Wp, Mat vp, int S)
{
    /* p = S * sigmoid(vp . tanh(q Wp)); q (d_q), Wp (d_q, h), vp (1, h) */
    double dotv = 0.0;
    for (int t = 0; t < Wp.cols; t++) {
        double a = 0.0;
        for (int i = 0; i < Wp.rows; i++)
            a += (double)q[i] * (double)MAT_AT(Wp, i, t);
        dotv += (double)vp.v[t] * tanh(a);
    }
    return (float)((double)S / (1.0 + exp(-dotv)));
}

/* ---------------------------------------------------------- weighted sum */

void attn_weighted_sum(Mat W, Mat V, Mat O)
{
    attn_matmul(W, V, O);               /* O (nq, dv) = W (nq, nk) V (nk, dv) */
}

void attn_position_encoding(Mat PE)
{
    for (int p = 0; p < PE.rows; p++) {
        for (int c = 0; c < PE.cols; c++) {
            int i2 = c - (c % 2);       /* 2i for both sin (even) and cos (odd) */
            double angle = p / pow(10000.0, (double)i2 / PE.cols);
            MAT_AT(PE, p, c) = (float)(c % 2 == 0 ? sin(angle) : cos(angle));
        }
    }
}
