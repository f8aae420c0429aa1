/* fast_bf16.h - an opt-in bfloat16 variant of fast.h's full and tiled
 * kernels, for `attnlab bench --precision bf16` only.
 *
 * Q (times 1/sqrt(d)), K, V and the softmax weights P are rounded to
 * bfloat16 (8 significant bits, round to nearest even) and multiplied with
 * AVX512_BF16's vdpbf16ps, which adds two exact products a lane into a
 * float32 accumulator; the row max, exp, the sums and the output stay in
 * float32. The result is therefore good to about 2^-8 relative, not the
 * 1e-4 the lessons, `compute` and the tests of fast.h hold every other
 * kernel to: nothing reaches this file but a caller that asks for it by
 * name (fast_plan and fast_run never pick it, ATTNLAB_ISA cannot name it).
 *
 * It runs only where the CPU has AVX512_BF16 with AVX-512F/BW/VL and the OS
 * saves zmm state (cpuid and xgetbv, checked at run time); elsewhere
 * fast_bf16_why says why not and fast_bf16_run refuses, so an older CPU
 * never meets an unknown instruction. Ownership as fast.h: the caller owns
 * every array, the run allocates nothing. */
#ifndef ATTN_FAST_BF16_H
#define ATTN_FAST_BF16_H

#include <stddef.h>
#include <stdint.h>

#include "engine/fast.h"

/* float -> bfloat16 bits, round to nearest even (a tie goes to the even
 * significand); inf stays inf, a NaN stays a (quiet) NaN of the same sign,
 * subnormals round like any other value. bf16 -> float is exact. */
uint16_t fast_bf16_from_float(float x);
float fast_bf16_to_float(uint16_t h);

/* Whether this CPU and this build run the bf16 kernel. */
int fast_bf16_supported(void);
/* NULL if fast_bf16_run would run plan p, else a sentence saying why not
 * (no AVX512_BF16 on this CPU or in this build, or a local plan: it has no
 * bf16 variant). p may be NULL to ask about the CPU only. */
const char *fast_bf16_why(const FastPlan *p);
/* fast_plan's plan for kind (FAST_FULL or FAST_TILED) with the block sizes
 * chosen for the bf16 kernel; p.isa is left as fast_plan set it (ignored). */
FastPlan fast_bf16_plan(FastKind kind, int n, int d, int threads);
/* Floats of scratch fast_bf16_run needs for p (0 if it would refuse). */
size_t fast_bf16_scratch_floats(const FastPlan *p);
/* O = attention(Q, K, V) in bf16 as above, on p->threads threads like
 * fast_run; 0, or -1 (O untouched) when fast_bf16_why(p) is not NULL. */
int fast_bf16_run(const FastPlan *p, const float *Q, const float *K, const float *V, float *O,
                  float *scratch);

#endif
