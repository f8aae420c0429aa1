/* attention.h - the kernels of attention, one stage each. Pure: buffers in,
 * buffers out; no I/O, no globals, no allocation except where noted.
 *
 * Conventions: matrices are row-major; a token is a row. Q is (nq, d), K is
 * (nk, d), V is (nk, dv). A mask `keep` is (nq, nk) bytes, 1 = attended,
 * 0 = masked. Products go through CBLAS (float). */
#ifndef ATTN_ATTENTION_H
#define ATTN_ATTENTION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/mat.h"

/* Rows longer than this are refused by the distributions that need scratch
 * (top-k, local); softmax, sigmoid, argmax and sparsemax take any length. */
#define ATTN_MAX_ROW 4096
#define ATTN_MAX_SAMPLES 1000

/* ---- Stage 1: scores e = f(q, k) -> E (nq, nk) ---- */

/* E = scale * Q K^T. scale = 1 for dot, 1/sqrt(d) for scaled dot. */
void attn_score_dot(Mat Q, Mat K, float scale, Mat E);
/* E = Q W K^T, W (d_q, d_k): the general or bilinear form. tmp (nq, d_k). */
void attn_score_general(Mat Q, Mat W, Mat K, Mat tmp, Mat E);
/* E[i][j] = va . tanh(q_i Wa + k_j Ua): additive (concat) attention.
 * Wa (d_q, h), Ua (d_k, h), va (1, h); qa (nq, h) and ka (nk, h) are scratch. */
void attn_score_additive(Mat Q, Mat K, Mat Wa, Mat Ua, Mat va, Mat qa, Mat ka, Mat E);
/* E = Q Wl, Wl (d_q, nk): location-based, from the query alone. */
void attn_score_location(Mat Q, Mat Wl, Mat E);
/* E[i][j] = q_i . k_j / (|q_i| |k_j|); 0 where either vector is zero. */
void attn_score_cosine(Mat Q, Mat K, Mat E);

/* ---- Masks: keep (nq, nk) ----
 * Each mask only clears the entries it masks, so masks combine by calling
 * them in turn on one buffer: start from attn_mask_all. */

void attn_mask_all(uint8_t *keep, int nq, int nk);               /* every entry kept */
/* Query row i keeps keys j < lens[i]; with nlens == 1 one length for all rows. */
void attn_mask_valid_lens(uint8_t *keep, int nq, int nk, const int *lens, int nlens);
void attn_mask_causal(uint8_t *keep, int nq, int nk);            /* row i keeps j <= i */
void attn_mask_matrix(uint8_t *keep, Mat M);                     /* keeps where M != 0 */

/* ---- Stage 2: distributions, one row at a time ----
 * e (n) scores, keep (n) or NULL for all kept, w (n) weights out.
 * Every function returns false when no entry can take weight (all masked,
 * or every kept score is -inf): then w is all zero. Masked entries always
 * get exactly 0. */

/* softmax(e / T) over the kept entries, subtracting the row max first.
 * A +inf score takes all the weight (shared equally among +inf entries). */
bool attn_softmax(const float *e, const uint8_t *keep, int n, float T, float *w);
/* sigmoid(e / T) independently per entry (rows need not sum to 1). */
bool attn_sigmoid(const float *e, const uint8_t *keep, int n, float T, float *w);
/* One-hot at the largest kept score; ties go to the first. */
bool attn_argmax(const float *e, const uint8_t *keep, int n, float *w);
/* Hard attention drawn from softmax(e / T): `samples` one-hot draws averaged
 * (1 = one stochastic choice; many = a Monte-Carlo estimate of the softmax).
 * *rng is the generator state, advanced by every draw. */
bool attn_sample(const float *e, const uint8_t *keep, int n, float T, int samples,
                 uint64_t *rng, float *w);
/* softmax over the k largest kept scores; every other entry exactly 0.
 * Ties in the k-th place go to the first. k >= kept count is plain softmax. */
bool attn_topk(const float *e, const uint8_t *keep, int n, int k, float T, float *w);
/* sparsemax(e / T) (Martins & Astudillo, 2016): the Euclidean projection onto
 * the simplex; low scores get exactly 0. */
bool attn_sparsemax(const float *e, const uint8_t *keep, int n, float T, float *w);
/* Luong et al. (2015, sec. 3.2) local attention around a centre p, over the
 * window |s - p| <= D (2D + 1 positions when p is a whole number, 2D when it
 * is not, fewer at the edges). Outside the window the weight is exactly 0.
 * local-m: softmax(e / T) over the window alone (eq. 7 restricted to it). */
bool attn_local_m(const float *e, const uint8_t *keep, int n, float T, float p, int D, float *w);
/* local-p: the same softmax, each weight then times the Gaussian
 * exp(-(s - p)^2 / (2 sigma^2)), sigma = D / 2 (eq. 10). As in the paper, the
 * row is not renormalised after the Gaussian. */
bool attn_local_p(const float *e, const uint8_t *keep, int n, float T, float p, int D, float *w);
/* local-p's predicted centre: p = S * sigmoid(vp . tanh(q Wp)).
 * q (1, d_q) as a pointer to d_q floats, Wp (d_q, h), vp (1, h). */
float attn_local_p_centre(const float *q, Mat Wp, Mat vp, int S);

/* ---- Stage 3: weighted sum ---- */

/* O = W V: W (nq, nk), V (nk, dv), O (nq, dv). */
void attn_weighted_sum(Mat W, Mat V, Mat O);

/* ---- Helpers ---- */

/* Sinusoidal position encoding (Vaswani et al., 2017), PE (n, d):
 * PE[p][2i] = sin(p / 10000^(2i/d)), PE[p][2i+1] = cos(p / 10000^(2i/d)). */
void attn_position_encoding(Mat PE);
/* C = A B (plain product through CBLAS): A (m, k), B (k, n), C (m, n). */
void attn_matmul(Mat A, Mat B, Mat C);
/* The next uniform number in [0, 1) from a splitmix64 state. */
double attn_uniform(uint64_t *state);

#endif
