/* test_fast_isa.c - the fused kernels of src/engine/fast.h, each instruction
 * set forced in turn (AVX-512F, AVX2+FMA, portable C; those this CPU runs),
 * against the CBLAS reference path, and each kernel's exp against the C
 * library's on the whole range a softmax feeds it. Nothing here times
 * anything. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/attention.h"
#include "engine/fast.h"
#include "base/util.h"

static const FastIsa fused[] = {FAST_ISA_C, FAST_ISA_AVX2, FAST_ISA_AVX512};
#define NFUSED (sizeof fused / sizeof fused[0])

static float *random_matrix(int n, int d, uint64_t seed, float spread)
{
    float *m = xmalloc((size_t)n * d * sizeof *m);
    for (size_t t = 0; t < (size_t)n * d; t++)
        m[t] = (float)((2.0 * attn_uniform(&seed) - 1.0) * spread);
    return m;
}

/* O (n, d) with the given kernel and block sizes (0 = the plan's). Every
 * entry starts as NaN, so an entry left unwritten fails the comparison. */
static float *run(FastIsa isa, FastKind kind, const float *Q, const float *K, const float *V, int n,
                  int d, int threads, int bq, int bk)
{
    FastPlan p = fast_plan(kind, n, d, 0, threads);
    p.isa = isa;
    if (bq)
        p.bq = bq;
    if (bk)
        p.bk = bk;
    float *O = xmalloc((size_t)n * d * sizeof *O);
    float *scratch = xmalloc(fast_scratch_floats(&p) * sizeof *scratch);
    for (size_t t = 0; t < (size_t)n * d; t++)
        O[t] = NAN;
    fast_run(&p, Q, K, V, O, scratch);
    free(scratch);
    return O;
}

/* ----------------------------------------------------------- selection */

static void test_isa_selection(void **state)
{
    (void)state;
    for (int i = 0; i < FAST_NISAS; i++)
        assert_int_equal(fast_isa_parse(fast_isa_name((FastIsa)i)), i);
    assert_int_equal(fast_isa_parse("sse9"), -1);
    assert_true(fast_isa_supported(FAST_ISA_BLAS) && fast_isa_supported(FAST_ISA_C));
    FastIsa best = fast_isa_best();
    assert_true(fast_isa_supported(best) && best != FAST_ISA_BLAS);
    for (int i = best + 1; i < FAST_NISAS; i++)  /* best is the highest the CPU runs */
        assert_false(fast_isa_supported((FastIsa)i));
    unsetenv("ATTNLAB_ISA");
    assert_int_equal(fast_plan(FAST_TILED, 100, 64, 0, 1).isa, best);
    setenv("ATTNLAB_ISA", "blas", 1);
    assert_int_equal(fast_plan(FAST_FULL, 100, 64, 0, 1).isa, FAST_ISA_BLAS);
    setenv("ATTNLAB_ISA", "c", 1);
    assert_int_equal(fast_plan(FAST_FULL, 100, 64, 0, 1).isa, FAST_ISA_C);
    setenv("ATTNLAB_ISA", "nonsense", 1);
    assert_int_equal(fast_isa_default(), best);
    unsetenv("ATTNLAB_ISA");
    char buf[128];
    assert_non_null(strstr(fast_cpu_features(buf, sizeof buf), best == FAST_ISA_AVX512 ? "avx512f"
                                                               : best == FAST_ISA_AVX2 ? "avx2"
                                                                                       : "none"));
}

/* The fused plans' block sizes fit their kernels and the sizes they run. */
static void test_fused_plans(void **state)
{
    (void)state;
    for (size_t i = 0; i < NFUSED; i++) {
        if (!fast_isa_supported(fused[i]))
            continue;
        setenv("ATTNLAB_ISA", fast_isa_name(fused[i]), 1);
        int ns[] = {1, 100, 4096, 100000};
        for (size_t t = 0; t < sizeof ns / sizeof ns[0]; t++) {
            FastPlan f = fast_plan(FAST_FULL, ns[t], 64, 0, 2), tl = fast_plan(FAST_TILED, ns[t], 64, 0, 2);
            assert_int_equal(f.isa, fused[i]);
            assert_true(f.bq >= 1 && f.bq <= ns[t] && tl.bq >= 1 && tl.bq <= ns[t]);
            assert_true(tl.bk >= 1 && tl.bk <= ns[t]);
            /* scratch grows with n only through packed K and V (and full's scores) */
            assert_true(fast_scratch_floats(&tl) < 2 * (size_t)(ns[t] + 64) * 64 + (1u << 20));
        }
    }
    unsetenv("ATTNLAB_ISA");
    FastPlan local = fast_plan(FAST_LOCAL, 100, 8, 10, 1);
    assert_int_equal(local.bq, 64);  /* local keeps CBLAS and its block size */
}

/* ------------------------------------------------------------------ exp */

/* |got - want| in units of the last place of want (a normal float). */
static double ulps(float got, float want)
{
    return fabs((double)got - (double)want) / (double)(nextafterf(want, INFINITY) - want);
}

/* Every 127th float from -87 up to 88 (about 17 million), in batches: the
 * softmax's whole range (x - max <= 0) and the contract's (<= 88).
 * ATTNLAB_EXP_STRIDE takes fewer (make valgrind). */
static void check_exp_range(FastIsa isa)
{
    const char *env = getenv("ATTNLAB_EXP_STRIDE");
    uint32_t stride = env && atoi(env) > 0 ? (uint32_t)atoi(env) : 127u;
    enum { B = 4096 };
    static float x[B], y[B];
    double worst = 0.0;
    float at = 0.0f;
    uint32_t lo, hi, neg_end;
    float a = -87.0f, b = 88.0f, z = 0.0f;
    memcpy(&lo, &a, 4);       /* negatives: bits from -87 down to -0 */
    memcpy(&hi, &b, 4);
    memcpy(&neg_end, &z, 4);
    neg_end |= 0x80000000u;
    for (int side = 0; side < 2; side++) {
        uint32_t from = side ? 0u : neg_end, to = side ? hi : lo;
        for (uint32_t u = from; u <= to && u >= from;) {  /* (u wraps past 2^32) */
            int k = 0;
            for (; k < B && u <= to; k++, u += stride)
                memcpy(&x[k], &u, 4);
            memcpy(y, x, sizeof x);
            fast_isa_exp_sum(isa, y, k, 0.0f);
            for (int j = 0; j < k; j++) {
                double e = ulps(y[j], (float)exp((double)x[j]));
                if (e > worst)
                    worst = e, at = x[j];
            }
        }
    }
    printf("# %s exp: at most %.2f ulp from exp (at x = %.9g)\n", fast_isa_name(isa), worst, (double)at);
    assert_true(worst <= 2.0);
}

static void test_exp_every_isa(void **state)
{
    (void)state;
    for (int isa = 0; isa < FAST_NISAS; isa++) {
        if (!fast_isa_supported((FastIsa)isa))
            continue;
        check_exp_range((FastIsa)isa);
        float e[6] = {0.0f, -INFINITY, -87.5f, -1000.0f, NAN, 1.0f};
        float s = fast_isa_exp_sum((FastIsa)isa, e, 4, 0.0f);  /* the last two untouched */
        assert_true(e[0] == 1.0f && e[1] == 0.0f && e[2] == 0.0f && e[3] == 0.0f);
        assert_true(s == 1.0f);
        assert_true(isnan(e[4]) && e[5] == 1.0f);
        fast_isa_exp_sum((FastIsa)isa, e + 4, 1, 0.0f);
        assert_true(isnan(e[4]));
        for (int len = 0; len <= 37; len++) {  /* every tail length; the sum */
            float v[40], want = 0.0f;
            for (int j = 0; j < 40; j++)
                v[j] = -0.25f * (float)j;
            for (int j = 0; j < len; j++)
                want += (float)exp(-0.25 * j - 1.0);
            float got = fast_isa_exp_sum((FastIsa)isa, v, len, 1.0f);
            assert_true(fabsf(got - want) <= 1e-6f * (want + 1e-30f));
            assert_true(v[len] == -0.25f * (float)len);  /* nothing past n touched */
        }
    }
}

/* ------------------------------------------------ every ISA vs CBLAS */

/* Each forced fused kernel, full and tiled, against the CBLAS path forming
 * the whole n x n at once: 1e-4 relative (entries below 0.1, where outputs
 * average many values of V and may cancel, to 1e-4 of 0.1). */
static void check_all(int n, int d, int bq, int bk, int threads, float spread)
{
    float *Q = random_matrix(n, d, 101u + (uint64_t)n, spread);
    float *K = random_matrix(n, d, 202u + (uint64_t)d, spread);
    float *V = random_matrix(n, d, 303u, 1.0f);
    float *want = run(FAST_ISA_BLAS, FAST_FULL, Q, K, V, n, d, 1, n, 0);
    for (size_t i = 0; i < NFUSED; i++) {
        if (!fast_isa_supported(fused[i]))
            continue;
        for (int kind = FAST_FULL; kind <= FAST_TILED; kind++) {
            float *got = run(fused[i], (FastKind)kind, Q, K, V, n, d, threads, bq, bk);
            for (size_t t = 0; t < (size_t)n * d; t++) {
                double tol = 1e-4 * fmax(fabs((double)want[t]), 0.1);
                if (!(fabs((double)got[t] - (double)want[t]) <= tol))
                    fail_msg("%s %s n=%d d=%d bq=%d bk=%d: entry %zu got %.9g want %.9g",
                             fast_isa_name(fused[i]), fast_kind_name((FastKind)kind), n, d, bq, bk, t,
                             (double)got[t], (double)want[t]);
            }
            free(got);
        }
    }
    free(Q);
    free(K);
    free(V);
    free(want);
}

static void test_every_isa_matches_blas(void **state)
{
    (void)state;
    check_all(1, 64, 0, 0, 1, 1.7f);        /* n = 1: the one key has weight 1 */
    check_all(1, 32, 0, 0, 2, 1.7f);
    check_all(2, 80, 0, 0, 2, 1.7f);
    check_all(7, 1, 0, 0, 1, 1.7f);
    check_all(100, 64, 7, 13, 2, 1.7f);     /* blocks that divide nothing */
    check_all(257, 64, 0, 0, 2, 1.7f);      /* n not a multiple of any vector */
    check_all(300, 80, 11, 100, 3, 1.7f);   /* d = 80: five AVX-512 vectors */
    check_all(333, 32, 0, 0, 2, 1.7f);
    check_all(129, 17, 5, 33, 2, 1.7f);     /* d not a multiple of any width */
    check_all(1000, 64, 0, 0, 2, 1.7f);     /* the default plan, several tiles */
    check_all(700, 64, 96, 64, 2, 1.7f);
    /* large scores: the running max moves from tile to tile, rescalings far from 1 */
    check_all(300, 16, 16, 16, 2, 8.0f);
}

/* One key's score grows along the sequence: each tile raises the max. */
static void test_every_isa_rising_max(void **state)
{
    (void)state;
    int n = 200, d = 2;
    float *Q = xcalloc((size_t)n * d, sizeof *Q), *K = xcalloc((size_t)n * d, sizeof *K);
    float *V = xcalloc((size_t)n * d, sizeof *V);
    double l = 0.0, acc = 0.0;
    for (int i = 0; i < n; i++) {
        Q[i * d] = 1.0f;
        K[i * d] = 0.1f * (float)i;
        V[i * d] = (float)i;
        V[i * d + 1] = 1.0f;
        double p = exp(0.1 * i / sqrt(2.0));
        l += p;
        acc += p * i;
    }
    for (size_t i = 0; i < NFUSED; i++) {
        if (!fast_isa_supported(fused[i]))
            continue;
        float *O = run(fused[i], FAST_TILED, Q, K, V, n, d, 1, 8, 1);
        for (int r = 0; r < n; r++) {
            assert_true(fabs(O[r * d] - acc / l) <= 1e-5 * (acc / l));
            assert_true(fabs(O[r * d + 1] - 1.0) <= 1e-5);
        }
        free(O);
    }
    free(Q);
    free(K);
    free(V);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_isa_selection),
        cmocka_unit_test(test_fused_plans),
        cmocka_unit_test(test_exp_every_isa),
        cmocka_unit_test(test_every_isa_matches_blas),
        cmocka_unit_test(test_every_isa_rising_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
