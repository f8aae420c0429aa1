/* fast_bf16_kern.c - the bf16 kernel of fast_bf16.h, compiled with
 * -mavx512bf16 -mavx512f -mavx512bw -mavx512vl (mk/link.mk); fast_bf16.c
 * calls it only when cpuid says the CPU runs it.
 *
 * The shape of fast_kern.h's float kernel (see there), with bf16 operands:
 *   Q.K^T  micro-tiles of MR queries x NR keys: per pair of head
 *          components, one 32-bit broadcast of the query's pair and one
 *          vdpbf16ps per 16 keys (two exact products added into each float
 *          lane), the lane-wise row max in the same pass;
 *   exp    in float32 registers; the weights P rounded to bf16 in place
 *          (vcvtne2ps2bf16, nearest even) while their float32 sum is kept;
 *   P.V    per pair of keys, P's pair broadcast and one vdpbf16ps per 16
 *          output columns, accumulated in float32.
 * Layouts: fast_bf16_pack (fast_bf16.c). */
#if defined(__x86_64__) && defined(__AVX512BF16__) && defined(__AVX512F__) && defined(__AVX512BW__)
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "engine/fast_bf16.h"
#include "engine/fast_exp.h"
#include "engine/fast_isa.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=fast")
#endif

#define VW 16
#define MR 6
#define NR FAST_BF16_NR
#define QV (NR / VW)
#define PVV 4
/* unchecked by the sanitizers, as fast_avx512.c's loops (see there) */
#define INLINE static inline __attribute__((always_inline, no_sanitize("address", "undefined")))
#define UNROLL _Pragma("GCC unroll 16")

typedef int32_t vi __attribute__((vector_size(64)));
FAST_EXP_DEFINE(INLINE, __m512, vi)
FAST_EXP_AVX512(INLINE, __m512)

/* 32 bf16 (64 bytes) at p, as vdpbf16ps's operand. */
INLINE __m512bh ldh(const uint16_t *p)
{
    return (__m512bh)_mm512_loadu_si512(p);
}

/* The pair of bf16 at p in every lane. */
INLINE __m512bh pair(const uint16_t *p)
{
    int32_t w;
    memcpy(&w, p, sizeof w);
    return (__m512bh)_mm512_set1_epi32(w);
}

INLINE float hmax(const float *p)
{
    return _mm512_reduce_max_ps(_mm512_loadu_ps(p));
}

/* x[j] = exp(x[j] - m), j < len (a multiple of 32), then rounded to bf16
 * and written over the start of x as len uint16 (each 64-byte store lands
 * below every float still to be read); returns the float32 sum. */
INLINE float exp_row_bf16(float *x, int len, float m)
{
    __m512 acc = _mm512_setzero_ps(), mv = _mm512_set1_ps(m);
    uint16_t *h = (uint16_t *)x;
    for (int j = 0; j < len; j += 2 * VW) {
        __m512 e0 = fast_exp512(_mm512_loadu_ps(x + j) - mv);
        __m512 e1 = fast_exp512(_mm512_loadu_ps(x + j + VW) - mv);
        acc += e0 + e1;
        _mm512_storeu_si512(h + j, (__m512i)_mm512_cvtne2ps_pbh(e1, e0));
    }
    return _mm512_reduce_add_ps(acc);
}

/* S (MR, NR) = Qs (MR rows of 2h bf16) . panel; lanes >= valid -inf; rmax
 * (MR vectors) takes the lane-wise max of each row. */
INLINE void qk_tile(const uint16_t *Qs, int h, const uint16_t *Kp, float *S, size_t lds,
                    float *rmax, int valid)
{
    __m512 acc[MR][QV];
    UNROLL for (int i = 0; i < MR; i++)
        UNROLL for (int v = 0; v < QV; v++)
            acc[i][v] = _mm512_setzero_ps();
    for (int k = 0; k < h; k++) {
        __m512bh b[QV];
        UNROLL for (int v = 0; v < QV; v++)
            b[v] = ldh(Kp + ((size_t)k * NR + v * VW) * 2);
        UNROLL for (int i = 0; i < MR; i++) {
            __m512bh a = pair(Qs + (size_t)i * 2 * h + 2 * k);
            UNROLL for (int v = 0; v < QV; v++)
                acc[i][v] = _mm512_dpbf16_ps(acc[i][v], a, b[v]);
        }
    }
    UNROLL for (int i = 0; i < MR; i++) {
        __m512 mx = _mm512_loadu_ps(rmax + i * VW);
        UNROLL for (int v = 0; v < QV; v++) {
            int left = valid - v * VW;  /* keys of this vector that exist */
            __mmask16 keep = left >= VW ? 0xffff : left <= 0 ? 0 : (__mmask16)((1u << left) - 1);
            acc[i][v] = _mm512_mask_mov_ps(_mm512_set1_ps(-INFINITY), keep, acc[i][v]);
            mx = _mm512_max_ps(mx, acc[i][v]);
            _mm512_storeu_ps(S + (size_t)i * lds + v * VW, acc[i][v]);
        }
        _mm512_storeu_ps(rmax + i * VW, mx);
    }
}

/* Oacc[i][0 .. nv VW) += sum_j P[i][j] V[j][..], i < MR, j < kb (even):
 * P rows ldp bf16 apart, Vp at the tile's first pair of keys and column. */
INLINE void pv_tile(const uint16_t *P, size_t ldp, int kb, const uint16_t *Vp, int dp, float *Oacc,
                    const int nv)
{
    __m512 acc[MR][PVV];
    UNROLL for (int i = 0; i < MR; i++)
        UNROLL for (int v = 0; v < nv; v++)
            acc[i][v] = _mm512_loadu_ps(Oacc + (size_t)i * dp + v * VW);
    for (int j = 0; j < kb / 2; j++) {
        __m512bh b[PVV];
        UNROLL for (int v = 0; v < nv; v++)
            b[v] = ldh(Vp + ((size_t)j * dp + v * VW) * 2);
        UNROLL for (int i = 0; i < MR; i++) {
            __m512bh a = pair(P + (size_t)i * ldp + 2 * j);
            UNROLL for (int v = 0; v < nv; v++)
                acc[i][v] = _mm512_dpbf16_ps(acc[i][v], a, b[v]);
        }
    }
    UNROLL for (int i = 0; i < MR; i++)
        UNROLL for (int v = 0; v < nv; v++)
            _mm512_storeu_ps(Oacc + (size_t)i * dp + v * VW, acc[i][v]);
}

/* P.V for MR rows over keys [j0, j0 + kb), every chunk of the dp columns. */
static void pv_rows(const FastFused *f, const uint16_t *P, size_t ldp, int j0, int kb, float *Oacc)
{
    int dp = f->dp;
    const uint16_t *Vp = (const uint16_t *)f->Vp + (size_t)j0 * dp;
    for (int c = 0; c < dp; c += PVV * VW) {
        switch ((dp - c) / VW < PVV ? (dp - c) / VW : PVV) {  /* constants: acc in registers */
        case 4: pv_tile(P, ldp, kb, Vp + 2 * c, dp, Oacc + c, 4); break;
        case 3: pv_tile(P, ldp, kb, Vp + 2 * c, dp, Oacc + c, 3); break;
        case 2: pv_tile(P, ldp, kb, Vp + 2 * c, dp, Oacc + c, 2); break;
        default: pv_tile(P, ldp, kb, Vp + 2 * c, dp, Oacc + c, 1); break;
        }
    }
}

/* Scores of MR rows (Qs) against keys [j0, j0 + kb) into S, lds apart. */
static void qk_rows(const FastFused *f, const uint16_t *Qs, int j0, int kb, float *S, size_t lds,
                    float *rmax)
{
    int h = (f->p->d + 1) / 2, n = f->p->n;
    const uint16_t *Kp = (const uint16_t *)f->Kp;
    for (int jp = 0; jp < kb; jp += NR) {
        int valid = n - (j0 + jp) < NR ? n - (j0 + jp) : NR;
        qk_tile(Qs, h, Kp + (size_t)(j0 + jp) * h * 2, S + jp, lds, rmax, valid);
    }
}

/* Queries held as bf16 pairs, weights rounded to bf16 (fast_drive.h). */
#define QT uint16_t
#define QLEN(d) (((d) + 1) / 2 * 2)
#define QPUT(x) fast_bf16_from_float(x)
#define EXP_ROW exp_row_bf16
#define PT uint16_t
#define PW 2
#include "engine/fast_drive.h"

const FastKernel fast_kernel_bf16 = {"avx512bf16", VW, MR, NR, block, NULL, fast_bf16_shared,
                                     fast_bf16_pack};
#else
#include "engine/fast_isa.h"
const FastKernel fast_kernel_bf16 = {"avx512bf16", 16, 6, FAST_BF16_NR, NULL, NULL, NULL, NULL};
#endif
