/* fast_isa.h - internal to fast*.c: the fused kernels, one per instruction
 * set, behind one descriptor that fast.c picks at run time (cpuid).
 *
 * A kernel sees K and V packed once per run by fast.c (fast_pack):
 *   Kp  panels of nr keys: key j's component k of panel p at
 *       Kp[p * d * nr + k * nr + j % nr]; keys past n are 0;
 *   Vp  (npad, dp) row-major: V padded with zero rows and columns, dp the
 *       head size rounded up to the kernel's vector width.
 * and computes the output rows [i0, i0 + m) of one query block into O.
 * Padded keys are masked (score -inf) before the max and the exp. */
#ifndef ATTN_FAST_ISA_H
#define ATTN_FAST_ISA_H

#include <stddef.h>

#include "engine/fast.h"

typedef struct {
    const FastPlan *p;
    int dp, npad;          /* V's padded row length; keys rounded up to nr */
    int bk;                /* keys per tile: a multiple of nr */
    float scale;           /* 1 / sqrt(d) */
    const float *Kp, *Vp;  /* packed as above, shared by the threads */
} FastFused;

typedef struct {
    const char *name;  /* "avx512", "avx2", "c" */
    int vw, mr, nr;    /* vector lanes, query rows and keys of a micro-tile */
    /* O rows [i0, i0 + m) of p->kind (FAST_FULL or FAST_TILED); scratch
     * holds fast_fused_own floats, 64-byte aligned. */
    void (*block)(const FastFused *f, const float *Q, float *O, int i0, int m, float *scratch);
    /* x[j] = exp(x[j] - m) in place, j < n; the sum (fast_exp_sum's contract). */
    float (*exp_sum)(float *x, int n, float m);
    /* A kernel that packs K and V its own way (bf16): the floats the packed
     * data takes, and the packing into shared, which sets f->Kp and f->Vp
     * (f has the geometry). NULL for the float layout above. */
    size_t (*shared)(const FastFused *f);
    void (*pack)(FastFused *f, const float *K, const float *V, float *shared);
} FastKernel;

/* block is NULL where the compiler could not build the kernel (not x86-64,
 * or not GCC/Clang); fast_kernel_c always has one. */
extern const FastKernel fast_kernel_avx512, fast_kernel_avx2, fast_kernel_c;

/* The bf16 kernel (fast_bf16_kern.c; fast_bf16.h): 16 lanes, micro-tiles
 * of 6 queries x FAST_BF16_NR keys, its own packing (fast_bf16.c); block
 * NULL where the compiler could not build it. Never a FastIsa. */
#define FAST_BF16_NR 64
extern const FastKernel fast_kernel_bf16;
size_t fast_bf16_shared(const FastFused *f);
void fast_bf16_pack(FastFused *f, const float *K, const float *V, float *shared);

/* fast_run and fast_scratch_floats with kernel k in place of the plan's
 * (NULL: CBLAS); how fast_bf16.h runs its kernel on fast.c's threads. */
size_t fast_kernel_scratch(const FastPlan *p, const FastKernel *k);
void fast_run_kernel(const FastPlan *p, const FastKernel *k, const float *Q, const float *K,
                     const float *V, float *O, float *scratch);

/* Whether the CPU has AVX512_BF16 and the OS saves zmm state (cpuid, xgetbv). */
int fast_cpu_has_bf16(void);

/* The kernel for isa; NULL for FAST_ISA_BLAS. */
const FastKernel *fast_kernel(FastIsa isa);
/* Sets p->bq and p->bk for kernel k from the cache sizes (sysconf). */
void fast_fused_blocks(const FastKernel *k, FastPlan *p);
/* Floats of the scratch all threads share (packed K and V), and of one
 * thread's own (fast_scratch_map's total), for plan p. */
size_t fast_fused_shared(const FastKernel *k, const FastPlan *p);
size_t fast_fused_own(const FastKernel *k, const FastPlan *p);
/* The run's shared data, with K and V packed into shared (64-byte aligned,
 * fast_fused_shared floats). */
FastFused fast_fused_pack(const FastKernel *k, const FastPlan *p, const float *K, const float *V,
                          float *shared);

/* Where each part of one thread's scratch starts, in floats from its
 * (64-byte aligned) start; every part is rounded to 16 floats (64 bytes).
 * bqr = p->bq rounded up to mr. */
typedef struct {
    size_t qs;    /* (bqr, d): the block's queries times scale */
    size_t oacc;  /* (bqr, dp): the unnormalised output rows */
    size_t s;     /* scores: full (bqr, fast_full_lds), tiled (mr, bk) */
    size_t ml;    /* running max (bqr) then sum (bqr) */
    size_t rmax;  /* (bqr, vw): lane-wise row maxima */
    size_t total;
    int bqr;
} FastScratchMap;

static inline size_t fast_round16(size_t x)
{
    return (x + 15) & ~(size_t)15;
}

/* Full attention's score rows are npad long plus 16 floats, so that the
 * rows of a micro-tile do not all fall into the same cache sets when npad
 * is a power of two. */
static inline size_t fast_full_lds(const FastFused *f)
{
    return (size_t)f->npad + 16;
}

static inline FastScratchMap fast_scratch_map(const FastFused *f, int vw, int mr)
{
    size_t bqr = ((size_t)f->p->bq + (size_t)mr - 1) / (size_t)mr * (size_t)mr;
    size_t s = f->p->kind == FAST_FULL ? bqr * fast_full_lds(f) : (size_t)mr * (size_t)f->bk;
    FastScratchMap m;
    m.qs = 0;
    m.oacc = m.qs + fast_round16(bqr * (size_t)f->p->d);
    m.s = m.oacc + fast_round16(bqr * (size_t)f->dp);
    m.ml = m.s + fast_round16(s);
    m.rmax = m.ml + fast_round16(2 * bqr);
    m.total = m.rmax + fast_round16(bqr * (size_t)vw);
    m.bqr = (int)bqr;
    return m;
}

#endif
