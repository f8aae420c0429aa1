/* test_bf16.c - the opt-in bf16 attention kernel (src/engine/fast_bf16.h):
 * its float -> bf16 rounding against torch's bit patterns, and its output
 * against NumPy's float64 attention (fixtures/bf16_fixture.h, made by
 * make_bf16_fixture.py) within a bound derived below. The kernel's tests
 * are skipped, with a message, on a CPU without AVX512_BF16. Nothing here
 * times anything.
 *
 * The bound. bf16 keeps 8 significant bits, so rounding to nearest moves a
 * value by at most u = 2^-8 of itself. The kernel rounds q (times
 * 1/sqrt(d), in float32), k, v and the weights p; vdpbf16ps multiplies bf16
 * exactly and adds in float32. For query i let A_i = max_j sum_c |q_ic k_jc|
 * (q scaled). Every score then moves by at most
 *   delta_i = ((1 + u)^2 (1 + 2^-23)(1 + (d + 2) 2^-24) - 1) A_i + 2^-22 (1 + 2 A_i)
 * (inputs rounded, the scaling, d float32 additions; the last term the
 * float32 s - m and exp's few ulps). Softmax weights w_j = e^s_j / sum e^s
 * with every s moved by at most delta change by a factor in
 * [e^-2delta, e^2delta]; rounding p and v gives (1 + u) each, and the
 * float32 sums of n terms and the division (1 + (2n + 8) 2^-24). So
 *   |o_ic - o*_ic| <= F_i sum_j w_j |v_jc|,
 *   F_i = e^(2 delta_i) (1 + u)^2 (1 + (2n + 8) 2^-24) - 1,
 * about 4 u A_i + 2 u: 2-7% of the output's scale with these inputs. That
 * is the worst case, every rounding the same way; the same kernel against
 * attention of the already rounded inputs (q, k, v exact, only p rounded)
 * must keep F_i = e^(2 delta_i)(1 + u)(1 + (2n + 8) 2^-24) - 1 with
 * delta_i's input rounding left out, about u: tight enough that a lost or
 * doubled key shows. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/fast.h"
#include "engine/fast_bf16.h"
#include "fixtures/bf16_fixture.h"
#include "base/util.h"

#define U 0x1p-8 /* bf16's unit roundoff */

/* ------------------------------------------------------------- helpers */

/* make_bf16_fixture.py's inputs: a 64-bit LCG, x in [-2, 2). */
static float *lcg_matrix(int n, int d, uint64_t state)
{
    float *m = xmalloc((size_t)n * d * sizeof *m);
    for (size_t t = 0; t < (size_t)n * d; t++) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        m[t] = (float)(((double)(state >> 48) - 32768.0) / 16384.0);
    }
    return m;
}

static double rounded(float x)
{
    return fast_bf16_to_float(fast_bf16_from_float(x));
}

/* Attention in double of q (already scaled), k, v; into O and, for the
 * bound above, B[i][c] = F_i sum_j w_j |v_jc| (uin: the inputs' rounding,
 * u or 0). */
static void attention64(const double *q, const double *k, const double *v, int n, int d, double uin,
                        double *O, double *B)
{
    double *s = xmalloc((size_t)n * sizeof *s);
    for (int i = 0; i < n; i++) {
        double m = -INFINITY, a = 0.0, l = 0.0;
        for (int j = 0; j < n; j++) {
            double dot = 0.0, abs = 0.0;
            for (int c = 0; c < d; c++) {
                dot += q[(size_t)i * d + c] * k[(size_t)j * d + c];
                abs += fabs(q[(size_t)i * d + c] * k[(size_t)j * d + c]);
            }
            s[j] = dot;
            m = fmax(m, dot);
            a = fmax(a, abs);
        }
        double delta = ((1 + uin) * (1 + uin) * (1 + 0x1p-23) * (1 + (d + 2) * 0x1p-24) - 1) * a +
                       0x1p-22 * (1 + 2 * a);
        double F = exp(2 * delta) * (1 + uin) * (1 + U) * (1 + (2 * n + 8) * 0x1p-24) - 1;
        for (int j = 0; j < n; j++)
            l += (s[j] = exp(s[j] - m));
        for (int c = 0; c < d; c++) {
            double o = 0.0, wv = 0.0;
            for (int j = 0; j < n; j++) {
                o += s[j] / l * v[(size_t)j * d + c];
                wv += s[j] / l * fabs(v[(size_t)j * d + c]);
            }
            O[(size_t)i * d + c] = o;
            B[(size_t)i * d + c] = F * wv + 1e-7;
        }
    }
    free(s);
}

/* The inputs (scaled q) as doubles, rounded to bf16 or not; 3 n d of them. */
static double *inputs64(const float *Q, const float *K, const float *V, int n, int d, int round)
{
    size_t nd = (size_t)n * d;
    double *x = xmalloc(3 * nd * sizeof *x);
    float scale = 1.0f / sqrtf((float)d);
    for (size_t t = 0; t < nd; t++) {
        x[t] = round ? rounded(Q[t] * scale) : (double)Q[t] / sqrt((double)d);
        x[nd + t] = round ? rounded(K[t]) : K[t];
        x[2 * nd + t] = round ? rounded(V[t]) : V[t];
    }
    return x;
}

/* O (n, d) from the bf16 kernel; every entry starts as NaN. */
static float *run_bf16(FastKind kind, const float *Q, const float *K, const float *V, int n, int d,
                       int threads, int bq, int bk)
{
    FastPlan p = fast_bf16_plan(kind, n, d, threads);
    if (bq)
        p.bq = bq;
    if (bk)
        p.bk = bk;
    float *O = xmalloc((size_t)n * d * sizeof *O);
    float *scratch = xmalloc(fast_bf16_scratch_floats(&p) * sizeof *scratch);
    for (size_t t = 0; t < (size_t)n * d; t++)
        O[t] = NAN;
    assert_int_equal(fast_bf16_run(&p, Q, K, V, O, scratch), 0);
    free(scratch);
    return O;
}

/* Every |got - want| <= bound, entry by entry; the largest ratio back. */
static double assert_within(const float *got, const double *want, const double *bound, size_t count,
                            const char *what)
{
    double worst = 0.0;
    for (size_t t = 0; t < count; t++) {
        double err = fabs((double)got[t] - want[t]);
        if (!(err <= bound[t]))
            fail_msg("%s: entry %zu: got %.9g, want %.9g (bound %.3g)", what, t, (double)got[t], want[t],
                     bound[t]);
        worst = fmax(worst, err / bound[t]);
    }
    return worst;
}

#define SKIP_WITHOUT_BF16()                                                               \
    do {                                                                                  \
        if (!fast_bf16_supported()) {                                                     \
            print_message("skipped: %s\n", fast_bf16_why(NULL));                          \
            skip();                                                                       \
        }                                                                                 \
    } while (0)

/* ---------------------------------------------------------- conversion */

static void test_conversion_matches_torch(void **state)
{
    (void)state;
    for (int i = 0; i < BF16_NCASES; i++) {
        float x;
        memcpy(&x, &bf16_in[i], sizeof x);
        uint16_t got = fast_bf16_from_float(x);
        if (got != bf16_want[i])
            fail_msg("0x%08x: got 0x%04x, torch 0x%04x", bf16_in[i], got, bf16_want[i]);
        uint32_t back;
        float y = fast_bf16_to_float(got);
        memcpy(&back, &y, sizeof back);
        assert_int_equal(back, (uint32_t)got << 16);  /* widening is exact */
    }
    assert_true(fast_bf16_to_float(0x3f80) == 1.0f && fast_bf16_to_float(0xc040) == -3.0f);
}

/* ------------------------------------------------------------- kernel */

/* Fixture case c: full and tiled, block shapes that leave partial blocks
 * and tiles, 1 and 2 threads, against O (float64 of the float32 inputs)
 * and O_r (float64 of the rounded inputs). */
static void check_case(int n, int d, int seed, const double *O, const double *Or)
{
    float *Q = lcg_matrix(n, d, (uint64_t)seed * 3), *K = lcg_matrix(n, d, (uint64_t)seed * 3 + 1);
    float *V = lcg_matrix(n, d, (uint64_t)seed * 3 + 2);
    size_t nd = (size_t)n * d;
    double *raw = inputs64(Q, K, V, n, d, 0), *rnd = inputs64(Q, K, V, n, d, 1);
    double *mine = xmalloc(nd * sizeof *mine), *B = xmalloc(nd * sizeof *B);
    double *Br = xmalloc(nd * sizeof *Br);
    attention64(raw, raw + nd, raw + 2 * nd, n, d, U, mine, B);
    attention64(rnd, rnd + nd, rnd + 2 * nd, n, d, 0.0, mine, Br);
    static const int shapes[][3] = {{0, 0, 1}, {0, 0, 2}, {7, 64, 1}, {13, 64, 2}, {1, 64, 1}};
    for (int kind = FAST_FULL; kind <= FAST_TILED; kind++)
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
            float *got = run_bf16((FastKind)kind, Q, K, V, n, d, shapes[s][2], shapes[s][0], shapes[s][1]);
            char what[96];
            snprintf(what, sizeof what, "n %d d %d %s bq %d bk %d threads %d", n, d,
                     fast_kind_name((FastKind)kind), shapes[s][0], shapes[s][1], shapes[s][2]);
            double r1 = assert_within(got, O, B, nd, what);
            double r2 = assert_within(got, Or, Br, nd, what);
            if (s == 0)
                print_message("%s: worst error %.2f of the float64 bound, %.2f of the rounded-input one\n",
                              what, r1, r2);
            free(got);
        }
    free(Q), free(K), free(V), free(raw), free(rnd), free(mine), free(B), free(Br);
}

static void test_kernel_against_numpy(void **state)
{
    (void)state;
    SKIP_WITHOUT_BF16();
    check_case(BF16_N0, BF16_D0, BF16_SEED0, bf16_O0, bf16_Or0);
    check_case(BF16_N1, BF16_D1, BF16_SEED1, bf16_O1, bf16_Or1);
}

/* Larger n with the plan's own blocks (several tiles when bk is forced),
 * against this file's float64 attention of the rounded inputs; and the
 * output is the same, bit for bit, on 1 and 2 threads. */
static void test_kernel_large(void **state)
{
    (void)state;
    SKIP_WITHOUT_BF16();
    enum { N = 1000, D = 64 };
    float *Q = lcg_matrix(N, D, 7), *K = lcg_matrix(N, D, 8), *V = lcg_matrix(N, D, 9);
    double *rnd = inputs64(Q, K, V, N, D, 1);
    double *want = xmalloc((size_t)N * D * sizeof *want), *B = xmalloc((size_t)N * D * sizeof *B);
    attention64(rnd, rnd + (size_t)N * D, rnd + 2 * (size_t)N * D, N, D, 0.0, want, B);
    for (int kind = FAST_FULL; kind <= FAST_TILED; kind++) {
        float *one = run_bf16((FastKind)kind, Q, K, V, N, D, 1, 0, kind == FAST_TILED ? 256 : 0);
        float *two = run_bf16((FastKind)kind, Q, K, V, N, D, 2, 0, kind == FAST_TILED ? 256 : 0);
        assert_within(one, want, B, (size_t)N * D, fast_kind_name((FastKind)kind));
        assert_memory_equal(one, two, (size_t)N * D * sizeof *one);
        free(one), free(two);
    }
    free(Q), free(K), free(V), free(rnd), free(want), free(B);
}

/* ------------------------------------------------------------ refusal */

static void test_opt_in_only(void **state)
{
    (void)state;
    assert_int_equal(fast_isa_parse("avx512bf16"), -1);  /* no ATTNLAB_ISA or --isa reaches it */
    assert_int_equal(fast_isa_parse("bf16"), -1);
    FastPlan local = fast_bf16_plan(FAST_LOCAL, 10, 4, 1);
    assert_non_null(fast_bf16_why(&local));
    assert_int_equal(fast_bf16_scratch_floats(&local), 0);
    float x[40] = {0}, o[40], scratch[1];
    for (int t = 0; t < 40; t++)
        o[t] = 7.0f;
    assert_int_equal(fast_bf16_run(&local, x, x, x, o, scratch), -1);
    assert_true(o[0] == 7.0f && o[39] == 7.0f);  /* untouched */
    if (fast_isa_supported(FAST_ISA_AVX2)) {      /* a forced lower ISA stands for an older CPU */
        FastPlan full = fast_bf16_plan(FAST_FULL, 10, 4, 1);
        int cpu_runs_it = fast_bf16_supported();
        const char *was = getenv("ATTNLAB_ISA");
        char *keep = was ? xstrdup(was) : NULL;
        setenv("ATTNLAB_ISA", "avx2", 1);
        assert_non_null(strstr(fast_bf16_why(&full), cpu_runs_it ? "ATTNLAB_ISA" : "AVX512_BF16"));
        assert_int_equal(fast_bf16_run(&full, x, x, x, o, scratch), -1);
        if (keep)
            setenv("ATTNLAB_ISA", keep, 1);
        else
            unsetenv("ATTNLAB_ISA");
        free(keep);
        assert_true(o[0] == 7.0f);
    }
    assert_true(fast_bf16_supported() == (fast_bf16_why(NULL) == NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conversion_matches_torch),
        cmocka_unit_test(test_kernel_against_numpy),
        cmocka_unit_test(test_kernel_large),
        cmocka_unit_test(test_opt_in_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
