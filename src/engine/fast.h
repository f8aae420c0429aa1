/* fast.h - scaled-dot attention for large n, three ways, as fast as we can
 * make them on a CPU: the kernels behind `attnlab bench` and the cost lesson.
 *
 *   O = softmax(Q K^T / sqrt(d)) V        Q, K, V, O: (n, d) row-major floats
 *
 * FAST_FULL   forms each query's scores against every key: a block of bq
 *             query rows at a time, S (bq, n) = Q_b K^T / sqrt(d) (the row
 *             max taken in the same pass), a row softmax with the exact
 *             max, then O_b = P V. Time O(n^2 d); S stays in L2.
 * FAST_TILED  never forms a whole row of scores: query blocks (bq) x key
 *             blocks (bk) with an online softmax (Milakov & Gimelshein 2018;
 *             the FlashAttention recurrence, Dao et al. 2022): a running max
 *             m and sum l per query, and the output rows rescaled by
 *             exp(m_old - m_new) whenever the max grows. Scratch for scores
 *             is O(bq bk), independent of n; time O(n^2 d).
 * FAST_LOCAL  query i attends only to keys j with |i - j| <= window / 2
 *             (2 * (window / 2) + 1 keys, fewer at the ends): the band of the
 *             n x n matrix. Time O(n window d).
 *
 * Every variant normalises after the product (O_i = (sum_j p_ij v_j) / l_i,
 * p_ij = exp(s_ij - m_i)), which is softmax-then-product up to float
 * rounding and saves a pass over the scores. exp is a vectorised polynomial
 * (about 1 ulp); arguments below -87 flush to exactly 0.
 *
 * Q, K and V must be finite (no masks here: every score is a real number).
 * Full and tiled run the fused kernel of plan.isa (below), or with
 * FAST_ISA_BLAS two cblas_sgemm a block; the fused kernels also hold K and
 * V packed once per run in the scratch.
 *
 * Ownership: the caller owns Q, K, V, O and the scratch; fast_run allocates
 * nothing (threads other than the caller are created and joined inside it).
 * With threads > 1, that many threads take query blocks one at a time until
 * none is left, and OpenBLAS is held to one thread meanwhile (then
 * restored), so the machine is never oversubscribed. A plan is read-only to
 * fast_run: one plan may serve calls from several threads, each with its
 * own scratch. */
#ifndef ATTN_FAST_H
#define ATTN_FAST_H

#include <stddef.h>

typedef enum { FAST_FULL, FAST_TILED, FAST_LOCAL, FAST_NKINDS } FastKind;

/* How full and tiled run (local always runs on CBLAS):
 * FAST_ISA_BLAS     two sgemm calls a block through CBLAS with a row softmax
 *                   between: the reference the tests hold the others to;
 * FAST_ISA_C, _AVX2, _AVX512  the fused kernel (fast_kern.h): Q.K^T, the
 *                   row max, exp and P.V in one pass over a block, K and V
 *                   packed once per run, compiled for portable C, AVX2+FMA
 *                   and AVX-512F. fast_plan takes the best the CPU has
 *                   (cpuid), or ATTNLAB_ISA=blas|c|avx2|avx512 if the CPU
 *                   runs it. */
typedef enum { FAST_ISA_BLAS, FAST_ISA_C, FAST_ISA_AVX2, FAST_ISA_AVX512, FAST_NISAS } FastIsa;

typedef struct {
    FastKind kind;
    int n, d;     /* sequence length, head dimension */
    int bq;       /* query rows per block (1..n) */
    int bk;       /* keys per tile (FAST_TILED; 1..n) */
    int window;   /* FAST_LOCAL: keys with |i - j| <= window / 2 */
    int threads;  /* >= 1 */
    FastIsa isa;  /* must be fast_isa_supported; FAST_LOCAL ignores it (BLAS) */
} FastPlan;

/* A plan with fast_isa_default()'s kernel and its block sizes (from the
 * cache sizes for the fused kernels; measured fastest with CBLAS, see
 * docs/BENCH.md), clamped to n. n, d, threads >= 1; window >= 0. */
FastPlan fast_plan(FastKind kind, int n, int d, int window, int threads);
/* Floats of scratch fast_run needs, for every thread together. */
size_t fast_scratch_floats(const FastPlan *p);
/* O = attention(Q, K, V) as described above. scratch: fast_scratch_floats(p). */
void fast_run(const FastPlan *p, const float *Q, const float *K, const float *V,
              float *O, float *scratch);

/* Floating-point operations counted for GFLOP/s: 4 d for every (query, key)
 * pair whose score and weighted value are computed (2 d for q.k, 2 d for
 * p v): 4 n^2 d for full and tiled, 4 d * fast_local_pairs() for local.
 * The softmax's exp and divisions are not counted. */
double fast_flops(const FastPlan *p);
/* The number of (i, j) with |i - j| <= window / 2, 0 <= i, j < n. */
double fast_local_pairs(int n, int window);

const char *fast_kind_name(FastKind k);  /* "full", "tiled", "local" */
int fast_kind_parse(const char *s);      /* the FastKind, or -1 */

/* In place x[j] = exp(x[j] - m) for j < n; returns the sum of the results.
 * x - m must be <= 88 (it is <= 0 in a softmax). Public for the tests.
 * fast_isa_exp_sum: the same with the exp of one ISA's kernel (BLAS: this
 * file's own, the one fast_exp_sum uses); isa must be supported. */
float fast_exp_sum(float *x, int n, float m);
float fast_isa_exp_sum(FastIsa isa, float *x, int n, float m);

/* Whether this CPU (cpuid) and this build can run isa; BLAS and C always. */
int fast_isa_supported(FastIsa isa);
/* The best supported: AVX-512F, else AVX2+FMA, else C. */
FastIsa fast_isa_best(void);
/* ATTNLAB_ISA if it names a supported ISA, else fast_isa_best(). */
FastIsa fast_isa_default(void);
const char *fast_isa_name(FastIsa isa);   /* "blas", "c", "avx2", "avx512" */
int fast_isa_parse(const char *s);        /* the FastIsa, or -1 */
/* The CPU's vector features as a line of words ("avx512f avx2 fma ..."),
 * written into buf (len bytes); returns buf. */
const char *fast_cpu_features(char *buf, size_t len);

#endif
