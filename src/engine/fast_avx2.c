/* fast_avx2.c - the fused kernel (fast_kern.h) for AVX2 with FMA: 8 floats
 * a vector, micro-tiles of 6 queries x 16 keys (12 accumulators of the 16
 * ymm registers). Compiled for AVX2 whatever the build's flags; fast.c
 * calls it only when cpuid says the CPU has AVX2 and FMA. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC target("avx2,fma")
#pragma GCC optimize("fp-contract=fast")
#endif
#include <immintrin.h>

/* The hot loops unchecked by the sanitizers (SANITIZE=1): instrumented, they
 * ran several times slower and the cost lesson's time budget dropped
 * lengths. fast_c.c compiles the same loops from fast_kern.h checked, and
 * the tests run it on every shape they give these. */
#define KERNEL_ATTR __attribute__((no_sanitize("address", "undefined")))

#define VW 8
#define MR 6
#define QV 2
#define PVV 2
#define KERNEL fast_kernel_avx2
#define KERNEL_NAME "avx2"
#define VMAX(a, b) _mm256_max_ps(a, b)
#define VBCAST(x) _mm256_set1_ps(x)
#include "engine/fast_kern.h"

#if defined(__clang__)
#pragma clang attribute pop
#endif
#else
#include "engine/fast_isa.h"
const FastKernel fast_kernel_avx2 = {"avx2", 8, 6, 16, NULL, NULL, NULL, NULL};
#endif
