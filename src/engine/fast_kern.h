/* fast_kern.h - the fused attention kernel, written once and compiled once
 * per instruction set: fast_avx512.c, fast_avx2.c and fast_c.c define
 *   VW      lanes of a vector          MR   query rows of a micro-tile
 *   QV      vectors of keys per panel  PVV  vectors of V per output chunk
 *   VMAX(a, b)  lane-wise max          KERNEL_NAME, KERNEL (the descriptor)
 *   VBCAST(x)   optional: a float in every lane (the ISA's broadcast)
 * (FAST_AVX512_VEXP: the AVX-512 exp; KERNEL_ATTR: attributes for the
 * hot loops), then include this file.
 * Contract and data layout: fast_isa.h. Nothing here is public.
 *
 * Per query block, scores never leave the core's caches:
 *   Q.K^T  a micro-tile (MR rows, NR = QV*VW keys) is accumulated in
 *          registers over d (broadcast a query component, FMA a row of the
 *          packed K panel), its lane-wise row max taken in the same pass;
 *   exp    in registers, a polynomial after range reduction (vexp);
 *   P.V    MR output rows of up to PVV vectors in registers, over the keys.
 * FAST_TILED keeps one micro-tile row set of scores (MR, bk) in L1 and an
 * online softmax; FAST_FULL writes the block's scores (bq, n) once, takes
 * the exact row max, then exp and P.V, with no rescaling. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "engine/fast_exp.h"
#include "engine/fast_isa.h"

typedef float vf __attribute__((vector_size(VW * 4)));
typedef int32_t vi __attribute__((vector_size(VW * 4)));
#define NR (QV * VW)
#ifndef KERNEL_ATTR
#define KERNEL_ATTR
#endif
#define INLINE static inline __attribute__((always_inline)) KERNEL_ATTR
#define UNROLL _Pragma("GCC unroll 16")

INLINE vf ld(const float *p)
{
    vf v;
    memcpy(&v, p, sizeof v);
    return v;
}

INLINE void st(float *p, vf v)
{
    memcpy(p, &v, sizeof v);
}

/* x in every lane. (vf){0} + x is not x where x = -0, so the compiler
 * keeps the add before the broadcast (one more instruction an FMA row);
 * an ISA file may define VBCAST(x) as its broadcast intrinsic. */
INLINE vf bc(float x)
{
#ifdef VBCAST
    return (vf)VBCAST(x);
#else
    return (vf){0} + x;
#endif
}

FAST_EXP_DEFINE(INLINE, vf, vi)

#if defined(FAST_AVX512_VEXP)
FAST_EXP_AVX512(INLINE, vf)  /* fast_exp.h: 2^k by vscalefps */
#define vexp fast_exp512
#else
#define vexp fast_vexp
#endif

/* The largest of v's VW lanes (at p). */
INLINE float hmax(const float *p)
{
    float m = p[0];
    for (int t = 1; t < VW; t++)
        m = p[t] > m ? p[t] : m;
    return m;
}

/* x[j] = exp(x[j] - m) for j < len (a multiple of VW); returns the sum. */
KERNEL_ATTR static float exp_row(float *x, int len, float m)
{
    vf acc = {0};
    for (int j = 0; j < len; j += VW) {
        vf e = vexp(ld(x + j) - m);
        st(x + j, e);
        acc += e;
    }
    float s = 0.0f;
    for (int t = 0; t < VW; t++)
        s += acc[t];
    return s;
}

/* fast_exp_sum's contract, any n: the tail padded with -inf. */
static float exp_sum(float *x, int n, float m)
{
    int whole = n / VW * VW;
    float s = exp_row(x, whole, m), tail[VW];
    if (whole < n) {
        for (int t = 0; t < VW; t++)
            tail[t] = whole + t < n ? x[whole + t] : -INFINITY;
        s += exp_row(tail, VW, m);
        memcpy(x + whole, tail, (size_t)(n - whole) * sizeof *x);
    }
    return s;
}

/* S (MR, NR) = Qs (MR rows of d) . panel (d, NR), lanes >= valid set to
 * -inf; rmax (MR vectors) takes the lane-wise max of each row. */
INLINE void qk_tile(const float *Qs, int d, const float *Kp, float *S, size_t lds, float *rmax,
                    int valid)
{
    vf acc[MR][QV];
    UNROLL for (int i = 0; i < MR; i++)
        UNROLL for (int v = 0; v < QV; v++)
            acc[i][v] = (vf){0};
    for (int k = 0; k < d; k++) {
        vf b[QV];
        UNROLL for (int v = 0; v < QV; v++)
            b[v] = ld(Kp + (size_t)k * NR + v * VW);
        UNROLL for (int i = 0; i < MR; i++) {
            vf a = bc(Qs[(size_t)i * d + k]);
            UNROLL for (int v = 0; v < QV; v++)
                acc[i][v] += a * b[v];
        }
    }
    if (valid < NR) {  /* the last panel: keys past n */
        float pad[NR];
        for (int t = 0; t < NR; t++)
            pad[t] = t < valid ? 0.0f : -INFINITY;
        UNROLL for (int i = 0; i < MR; i++)
            UNROLL for (int v = 0; v < QV; v++)
                acc[i][v] += ld(pad + v * VW);
    }
    UNROLL for (int i = 0; i < MR; i++) {
        vf mx = ld(rmax + i * VW);
        UNROLL for (int v = 0; v < QV; v++) {
            mx = VMAX(mx, acc[i][v]);
            st(S + (size_t)i * lds + v * VW, acc[i][v]);
        }
        st(rmax + i * VW, mx);
    }
}

/* Oacc[i][0 .. nv VW) += sum_j S[i][j] Vp[j][0 .. nv VW), i < MR, j < kb. */
INLINE void pv_tile(const float *S, size_t lds, int kb, const float *Vp, int dp, float *Oacc,
                    const int nv)
{
    vf acc[MR][PVV];
    UNROLL for (int i = 0; i < MR; i++)
        UNROLL for (int v = 0; v < nv; v++)
            acc[i][v] = ld(Oacc + (size_t)i * dp + v * VW);
    for (int j = 0; j < kb; j++) {
        vf b[PVV];
        UNROLL for (int v = 0; v < nv; v++)
            b[v] = ld(Vp + (size_t)j * dp + v * VW);
        UNROLL for (int i = 0; i < MR; i++) {
            vf a = bc(S[(size_t)i * lds + j]);
            UNROLL for (int v = 0; v < nv; v++)
                acc[i][v] += a * b[v];
        }
    }
    UNROLL for (int i = 0; i < MR; i++)
        UNROLL for (int v = 0; v < nv; v++)
            st(Oacc + (size_t)i * dp + v * VW, acc[i][v]);
}

/* P.V for MR rows over keys [j0, j0 + kb), every chunk of the dp columns. */
KERNEL_ATTR static void pv_rows(const FastFused *f, const float *S, size_t lds, int j0, int kb, float *Oacc)
{
    int dp = f->dp;
    const float *Vp = f->Vp + (size_t)j0 * dp;
    for (int c = 0; c < dp; c += PVV * VW) {
        int nv = (dp - c) / VW < PVV ? (dp - c) / VW : PVV;
        switch (nv) {  /* constants, so that each copy keeps acc in registers */
#if PVV >= 4
        case 4: pv_tile(S, lds, kb, Vp + c, dp, Oacc + c, 4); break;
        case 3: pv_tile(S, lds, kb, Vp + c, dp, Oacc + c, 3); break;
#endif
        case 2: pv_tile(S, lds, kb, Vp + c, dp, Oacc + c, 2); break;
        default: pv_tile(S, lds, kb, Vp + c, dp, Oacc + c, 1); break;
        }
    }
}

/* Scores of MR rows (Qs) against keys [j0, j0 + kb) into S, lds apart. */
KERNEL_ATTR static void qk_rows(const FastFused *f, const float *Qs, int j0, int kb, float *S, size_t lds,
                    float *rmax)
{
    int d = f->p->d, n = f->p->n;
    for (int jp = 0; jp < kb; jp += NR) {
        int valid = n - (j0 + jp) < NR ? n - (j0 + jp) : NR;
        qk_tile(Qs, d, f->Kp + (size_t)(j0 + jp) * d, S + jp, lds, rmax, valid);
    }
}

/* The float kernel's query and weights for fast_drive.h. */
#define QT float
#define QLEN(d) (d)
#define QPUT(x) (x)
#define EXP_ROW exp_row
#define PT float
#define PW 1
#include "engine/fast_drive.h"

const FastKernel KERNEL = {KERNEL_NAME, VW, MR, NR, block, exp_sum, NULL, NULL};
