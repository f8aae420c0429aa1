/* fast_avx512.c - the fused kernel (fast_kern.h) for AVX-512F: 16 floats a
 * vector, micro-tiles of 6 queries x 64 keys (24 accumulators of the 32 zmm
 * registers), exp scaled by 2^k with vscalefps. Compiled for AVX-512F
 * whatever the build's flags; fast.c calls it only when cpuid says so. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#else
#pragma GCC target("avx512f,avx2,fma")
#pragma GCC optimize("fp-contract=fast")
#endif
#include <immintrin.h>

/* The hot loops unchecked by the sanitizers (SANITIZE=1): instrumented, they
 * ran several times slower and the cost lesson's time budget dropped
 * lengths. fast_c.c compiles the same loops from fast_kern.h checked, and
 * the tests run it on every shape they give these. */
#define KERNEL_ATTR __attribute__((no_sanitize("address", "undefined")))

#define VW 16
#define MR 6
#define QV 4
#define PVV 4
#define KERNEL fast_kernel_avx512
#define KERNEL_NAME "avx512"
#define VMAX(a, b) _mm512_max_ps(a, b)
#define FAST_AVX512_VEXP
#include "engine/fast_kern.h"

#if defined(__clang__)
#pragma clang attribute pop
#endif
#else
#include "engine/fast_isa.h"
const FastKernel fast_kernel_avx512 = {"avx512", 16, 6, 64, NULL, NULL, NULL, NULL};
#endif
