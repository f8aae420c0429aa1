/* fast.c - attention for large n: see fast.h for the contract. */
#include "engine/fast.h"
#include "engine/blas.h"
#include "engine/fast_exp.h"
#include "engine/fast_isa.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------ row helpers */

/* The softmax's exp and max run on 16 floats at a time through GCC/Clang
 * vector extensions: without -ffast-math (never, STYLE) the compiler will
 * not vectorise a float reduction or call a vector expf by itself. On x86-64
 * each hot function is built three times (AVX-512, AVX2+FMA, SSE2) and the
 * loader picks the one the CPU runs. Measured on our Xeon (AVX-512 clone):
 * 0.85 ns per exp with 8 lanes and separate multiply and add, 0.4-0.5 ns
 * with 16 lanes and FMA; a loop over libm's expf took 4-6 ns. */
typedef float vf __attribute__((vector_size(64)));
typedef int32_t vi __attribute__((vector_size(64)));
#define VN 16
#if defined(__GNUC__) && !defined(__clang__)
/* (GCC's -Wpsabi about passing vf is turned off for this file in mk/link.mk.)
 * -std=c11 turns contraction off; a fused multiply-add only removes a
 * rounding, unlike -ffast-math, which we never use. */
#pragma GCC optimize("fp-contract=fast")
#endif

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
#define HOT __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define HOT
#endif

static inline vf vload(const float *p)
{
    vf v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void vstore(float *p, vf v)
{
    memcpy(p, &v, sizeof v);
}

/* The first k (< VN) floats of p, the rest `pad`. */
static inline vf vload_part(const float *p, int k, float pad)
{
    vf v = (vf){0} + pad;
    memcpy(&v, p, (size_t)k * sizeof *p);
    return v;
}

FAST_EXP_DEFINE(static inline, vf, vi)

HOT float fast_exp_sum(float *x, int n, float m)
{
    vf acc = {0};
    int j = 0;
    for (; j + VN <= n; j += VN) {
        vf e = fast_vexp(vload(x + j) - m);
        vstore(x + j, e);
        acc += e;
    }
    if (j < n) {  /* -inf pads the tail: exp gives 0, the sum is unchanged */
        vf e = fast_vexp(vload_part(x + j, n - j, -INFINITY) - m);
        memcpy(x + j, &e, (size_t)(n - j) * sizeof *x);
        acc += e;
    }
    float s = 0.0f;
    for (int t = 0; t < VN; t++)
        s += acc[t];
    return s;
}

/* The largest x[j]; -inf for n = 0. NaN entries are passed over. */
HOT static float row_max(const float *x, int n)
{
    vf m = (vf){0} - INFINITY;
    int j = 0;
    for (; j + VN <= n; j += VN) {
        vf v = vload(x + j);
        m = fast_vsel(v > m, v, m);
    }
    if (j < n) {
        vf v = vload_part(x + j, n - j, -INFINITY);
        m = fast_vsel(v > m, v, m);
    }
    float r = m[0];
    for (int t = 1; t < VN; t++)
        r = m[t] > r ? m[t] : r;
    return r;
}

static void scale_row(float *x, int n, float c)
{
    for (int j = 0; j < n; j++)
        x[j] *= c;
}

/* ---------------------------------------------------------------- kernels */

/* Each kernel computes output rows [i0, i0 + m) into O. */

/* scratch: S (bq, n) then inv (bq) */
static void full_block(const FastPlan *p, const float *Q, const float *K, const float *V,
                       float *O, int i0, int m, float *scratch)
{
    int n = p->n, d = p->d;
    float *S = scratch, *inv = scratch + (size_t)p->bq * n;
    float scale = 1.0f / sqrtf((float)d);
    /* S (m, n) = scale * Q_b (m, d) K^T (d, n) */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, d, scale,
                Q + (size_t)i0 * d, d, K, d, 0.0f, S, n);
    for (int r = 0; r < m; r++) {
        float *s = S + (size_t)r * n;
        inv[r] = 1.0f / fast_exp_sum(s, n, row_max(s, n));
    }
    /* O_b (m, d) = P (m, n) V (n, d), then each row / l */
    float *Ob = O + (size_t)i0 * d;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, d, n, 1.0f,
                S, n, V, d, 0.0f, Ob, d);
    for (int r = 0; r < m; r++)
        scale_row(Ob + (size_t)r * d, d, inv[r]);
}

/* scratch: S (bq, bk), mx (bq), l (bq). The output rows are the accumulator. */
static void tiled_block(const FastPlan *p, const float *Q, const float *K, const float *V,
                        float *O, int i0, int m, float *scratch)
{
    int n = p->n, d = p->d, bk = p->bk;
    float *S = scratch, *mx = S + (size_t)p->bq * bk, *l = mx + p->bq;
    float scale = 1.0f / sqrtf((float)d);
    const float *Qb = Q + (size_t)i0 * d;
    float *Ob = O + (size_t)i0 * d;
    for (int r = 0; r < m; r++) {
        mx[r] = -INFINITY;
        l[r] = 0.0f;
    }
    memset(Ob, 0, (size_t)m * d * sizeof *Ob);
    for (int j0 = 0; j0 < n; j0 += bk) {
        int kb = n - j0 < bk ? n - j0 : bk;
        /* S (m, kb) = scale * Q_b (m, d) K_t^T (d, kb) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, kb, d, scale,
                    Qb, d, K + (size_t)j0 * d, d, 0.0f, S, kb);
        for (int r = 0; r < m; r++) {
            float *s = S + (size_t)r * kb;
            float mt = row_max(s, kb);
            float mnew = mt > mx[r] ? mt : mx[r];
            float c = expf(mx[r] - mnew);   /* 0 on the first tile: mx = -inf */
            l[r] = l[r] * c + fast_exp_sum(s, kb, mnew);
            if (c != 1.0f)
                scale_row(Ob + (size_t)r * d, d, c);
            mx[r] = mnew;
        }
        /* O_b (m, d) += P (m, kb) V_t (kb, d) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, d, kb, 1.0f,
                    S, kb, V + (size_t)j0 * d, d, 1.0f, Ob, d);
    }
    for (int r = 0; r < m; r++)
        scale_row(Ob + (size_t)r * d, d, 1.0f / l[r]);
}

/* The most keys one block of local queries can see: its band, bq + 2w. */
static size_t local_cols(const FastPlan *p)
{
    size_t cols = (size_t)p->bq + 2 * (size_t)(p->window / 2);
    return cols < (size_t)p->n ? cols : (size_t)p->n;
}

/* Keys k0..k1-1 cover the band of every query in the block; row r keeps
 * columns c0..c1-1 of it and the rest is set to 0 before the product.
 * scratch: S (bq, local_cols), inv (bq) */
static void local_block(const FastPlan *p, const float *Q, const float *K, const float *V,
                        float *O, int i0, int m, float *scratch)
{
    int n = p->n, d = p->d, w = p->window / 2;
    int k0 = i0 - w > 0 ? i0 - w : 0;
    int k1 = i0 + m + w < n ? i0 + m + w : n;
    int nk = k1 - k0;
    float *S = scratch, *inv = scratch + (size_t)p->bq * local_cols(p);
    float scale = 1.0f / sqrtf((float)d);
    /* S (m, nk) = scale * Q_b (m, d) K[k0:k1]^T (d, nk) */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, nk, d, scale,
                Q + (size_t)i0 * d, d, K + (size_t)k0 * d, d, 0.0f, S, nk);
    for (int r = 0; r < m; r++) {
        int i = i0 + r;
        int c0 = (i - w > 0 ? i - w : 0) - k0;
        int c1 = (i + w + 1 < n ? i + w + 1 : n) - k0;
        float *s = S + (size_t)r * nk;
        memset(s, 0, (size_t)c0 * sizeof *s);
        memset(s + c1, 0, (size_t)(nk - c1) * sizeof *s);
        inv[r] = 1.0f / fast_exp_sum(s + c0, c1 - c0, row_max(s + c0, c1 - c0));
    }
    float *Ob = O + (size_t)i0 * d;
    /* O_b (m, d) = P (m, nk) V[k0:k1] (nk, d), then each row / l */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, d, nk, 1.0f,
                S, nk, V + (size_t)k0 * d, d, 0.0f, Ob, d);
    for (int r = 0; r < m; r++)
        scale_row(Ob + (size_t)r * d, d, inv[r]);
}

typedef void (*BlockFn)(const FastPlan *, const float *, const float *, const float *,
                        float *, int, int, float *);

static const struct {
    const char *name;
    BlockFn block;
} kinds[FAST_NKINDS] = {
    [FAST_FULL] = {"full", full_block},
    [FAST_TILED] = {"tiled", tiled_block},
    [FAST_LOCAL] = {"local", local_block},
};

/* ------------------------------------------------------------------- plans */

#define FAST_MAX_THREADS 64

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The fused kernel a plan runs, or NULL: CBLAS (the reference, and local). */
static const FastKernel *plan_kernel(const FastPlan *p)
{
    return p->kind == FAST_LOCAL ? NULL : fast_kernel(p->isa);
}

FastPlan fast_plan(FastKind kind, int n, int d, int window, int threads)
{
    FastPlan p = {kind, n, d, n, n, window, threads < 1 ? 1 : threads,
                  kind == FAST_LOCAL ? FAST_ISA_BLAS : fast_isa_default()};
    const FastKernel *k = plan_kernel(&p);
    if (k) {
        fast_fused_blocks(k, &p);
        kind = FAST_NKINDS;  /* the block sizes are set */
    }
    switch (kind) {
    /* Measured on a 2-core Xeon with OpenBLAS 0.3.21 at d = 64 (docs/BENCH.md).
     * Full: taller blocks repack K and V less often (each sgemm call packs
     * its operands), but S (bq, n) must stay small: 4 MB at most, and
     * 64..256 rows. Tiles of 128 x 1024 give sgemm enough work per call.
     * Local computes bq + 2w keys per query for 2w + 1: short blocks. */
    case FAST_FULL: p.bq = clamp((1 << 20) / (n > 0 ? n : 1), 64, 256); break;
    case FAST_TILED: p.bq = 128; p.bk = 1024; break;
    case FAST_LOCAL: p.bq = 64; break;
    default: break;
    }
    p.bq = clamp(p.bq, 1, n);
    p.bk = clamp(p.bk, 1, n);
    return p;
}

/* Floats of scratch one thread needs. */
static size_t scratch_per_thread(const FastPlan *p)
{
    size_t bq = (size_t)p->bq;
    switch (p->kind) {
    case FAST_FULL: return bq * (size_t)p->n + bq;
    case FAST_TILED: return bq * (size_t)p->bk + 2 * bq;
    case FAST_LOCAL: return bq * local_cols(p) + bq;
    default: return 0;
    }
}

/* Threads that get a block: no more than there are blocks. */
static int busy_threads(const FastPlan *p)
{
    int nblocks = (p->n + p->bq - 1) / p->bq;
    int nt = clamp(p->threads, 1, FAST_MAX_THREADS);
    return nt < nblocks ? nt : nblocks;
}

/* A fused run aligns its scratch to 64 bytes: up to 15 floats more. */
size_t fast_scratch_floats(const FastPlan *p)
{
    return fast_kernel_scratch(p, plan_kernel(p));
}

size_t fast_kernel_scratch(const FastPlan *p, const FastKernel *k)
{
    if (k)
        return 16 + fast_fused_shared(k, p) + fast_fused_own(k, p) * (size_t)busy_threads(p);
    return scratch_per_thread(p) * (size_t)busy_threads(p);
}

/* ----------------------------------------------------------------- running */

/* Blocks are handed out one at a time from a shared counter rather than
 * dealt in advance: on a shared machine one thread can be descheduled for
 * milliseconds, and the other then takes the remaining blocks. */
typedef struct {
    const FastPlan *p;
    const float *Q, *K, *V;
    float *O;
    const FastKernel *kern;  /* NULL: the CBLAS blocks */
    const FastFused *fused;  /* with kern: packed K and V */
    atomic_int next;         /* the next block nobody has taken */
} Job;

typedef struct {
    Job *job;
    float *scratch;   /* this thread's own */
} Worker;

static void *work(void *arg)
{
    const Worker *w = arg;
    Job *job = w->job;
    const FastPlan *p = job->p;
    int nblocks = (p->n + p->bq - 1) / p->bq;
    for (int b; (b = atomic_fetch_add(&job->next, 1)) < nblocks;) {
        int i0 = b * p->bq;
        int m = p->n - i0 < p->bq ? p->n - i0 : p->bq;
        if (job->kern)
            job->kern->block(job->fused, job->Q, job->O, i0, m, w->scratch);
        else
            kinds[p->kind].block(p, job->Q, job->K, job->V, job->O, i0, m, w->scratch);
    }
    return NULL;
}

void fast_run(const FastPlan *p, const float *Q, const float *K, const float *V,
              float *O, float *scratch)
{
    fast_run_kernel(p, plan_kernel(p), Q, K, V, O, scratch);
}

void fast_run_kernel(const FastPlan *p, const FastKernel *kern, const float *Q, const float *K,
                     const float *V, float *O, float *scratch)
{
    int nt = busy_threads(p);
    FastFused fused;
    size_t own = scratch_per_thread(p);
    if (kern) {  /* packed K and V first, then each thread's own part */
        scratch += (16 - ((uintptr_t)scratch / sizeof *scratch) % 16) % 16;
        fused = fast_fused_pack(kern, p, K, V, scratch);
        scratch += fast_fused_shared(kern, p);
        own = fast_fused_own(kern, p);
    }
    Job job = {p, Q, K, V, O, kern, kern ? &fused : NULL, 0};
    Worker w[FAST_MAX_THREADS];
    pthread_t tid[FAST_MAX_THREADS];
    int started = 0;  /* threads 1..started are running */
    int blas_threads = attn_blas_threads();
    if (nt > 1)
        attn_blas_threads_set(1);
    for (int t = 0; t < nt; t++)
        w[t] = (Worker){&job, scratch + own * (size_t)t};
    /* A thread that cannot start leaves its share to the others. */
    while (started + 1 < nt && pthread_create(&tid[started + 1], NULL, work, &w[started + 1]) == 0)
        started++;
    work(&w[0]);
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    if (nt > 1)
        attn_blas_threads_set(blas_threads);
}

/* ------------------------------------------------------------------ counts */

double fast_local_pairs(int n, int window)
{
    /* Row i keeps min(n-1, i+w) - max(0, i-w) + 1 keys: 2w+1 minus what the
     * two ends cut off, w(w+1)/2 at each end when w < n. */
    double w = window / 2;
    if (w >= n - 1)
        return (double)n * n;
    return (double)n * (2 * w + 1) - w * (w + 1);
}

double fast_flops(const FastPlan *p)
{
    double pairs = p->kind == FAST_LOCAL ? fast_local_pairs(p->n, p->window)
                                         : (double)p->n * p->n;
    return 4.0 * p->d * pairs;
}

const char *fast_kind_name(FastKind k)
{
    return k >= 0 && k < FAST_NKINDS ? kinds[k].name : "?";
}

int fast_kind_parse(const char *s)
{
    for (int k = 0; k < FAST_NKINDS; k++)
        if (strcmp(s, kinds[k].name) == 0)
            return k;
    return -1;
}
