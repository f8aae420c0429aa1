/* fast_c.c - the fused kernel (fast_kern.h) in portable C: GCC/Clang vector
 * extensions of 4 floats, which any target lowers (SSE2 on x86-64). The
 * fallback where neither AVX2 nor AVX-512 is there. */
#define VW 4
#define MR 4
#define QV 2
#define PVV 2
#define KERNEL fast_kernel_c
#define KERNEL_NAME "c"

#if defined(__GNUC__) && !defined(__clang__)
/* -std=c11 turns contraction off; a fused multiply-add only removes a rounding. */
#pragma GCC optimize("fp-contract=fast")
#endif

#define VMAX(a, b) fast_vsel((a) > (b), a, b)  /* fast_exp.h's select */

#include "engine/fast_kern.h"
