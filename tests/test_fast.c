/* test_fast.c - the large-n kernels (src/engine/fast.h) and `attnlab bench`'s
 * command line. Reference numbers come from NumPy (fixtures/fast_fixture.h,
 * made by make_fast_fixture.py), from the engine's own stage-by-stage
 * kernels under a band mask, or are derived by hand. Nothing here times
 * anything. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/attention.h"
#include "cli/bench.h"
#include "cli/cli.h"
#include "engine/fast.h"
#include "engine/fast_bf16.h"
#include "fixtures/fast_fixture.h"
#include "base/util.h"

/* ------------------------------------------------------------- helpers */

static float *random_matrix(int n, int d, uint64_t seed, float spread)
{
    float *m = xmalloc((size_t)n * d * sizeof *m);
    for (size_t t = 0; t < (size_t)n * d; t++)
        m[t] = (float)((2.0 * attn_uniform(&seed) - 1.0) * spread);
    return m;
}

/* O (n, d) from a plan with the given block sizes (0 = the default). */
static float *run(FastKind kind, const float *Q, const float *K, const float *V, int n, int d,
                  int window, int threads, int bq, int bk)
{
    FastPlan p = fast_plan(kind, n, d, window, threads);
    if (bq)
        p.bq = bq;
    if (bk)
        p.bk = bk;
    float *O = xmalloc((size_t)n * d * sizeof *O);
    float *scratch = xmalloc((fast_scratch_floats(&p) + 1) * sizeof *scratch);
    for (size_t t = 0; t < (size_t)n * d; t++)
        O[t] = NAN;  /* every entry must be written */
    fast_run(&p, Q, K, V, O, scratch);
    free(scratch);
    return O;
}

/* Every |got - want| <= rel * max(|want|, floor). */
static void assert_close(const float *got, const float *want, size_t count, double rel, double floor)
{
    for (size_t t = 0; t < count; t++) {
        double tol = rel * fmax(fabs((double)want[t]), floor);
        if (!(fabs((double)got[t] - (double)want[t]) <= tol)) {
            fail_msg("entry %zu: got %.9g, want %.9g (tolerance %.3g)", t, (double)got[t],
                     (double)want[t], tol);
        }
    }
}

/* ------------------------------------------------------------------ exp */

static void test_exp_sum(void **state)
{
    (void)state;
    enum { N = 1000 };
    float x[N], want[N];
    double sum = 0.0;
    for (int j = 0; j < N; j++) {
        x[j] = -87.0f * (float)j / (N - 1) + 0.5f;     /* 0.5 .. -86.5, then minus m */
        want[j] = (float)exp((double)x[j] - 0.5);
        sum += want[j];
    }
    for (int len = 0; len <= 37; len++) {              /* every tail length */
        float y[40], s = 0.0f;
        memcpy(y, x, sizeof y);
        double ws = 0.0;
        for (int j = 0; j < len; j++)
            ws += want[j];
        s = fast_exp_sum(y, len, 0.5f);
        assert_close(y, want, (size_t)len, 4e-7, 0.0);
        assert_true(fabs(s - ws) <= 1e-6 * ws + 1e-30);
        assert_true(y[len] == x[len]);                 /* nothing past n is touched */
    }
    float s = fast_exp_sum(x, N, 0.5f);
    assert_close(x, want, N, 4e-7, 1e-37);
    assert_true(fabs(s - sum) <= 1e-5 * sum);
}

static void test_exp_edges(void **state)
{
    (void)state;
    float x[5] = {0.0f, -INFINITY, -87.5f, -1000.0f, 88.0f};
    fast_exp_sum(x, 5, 0.0f);
    assert_true(x[0] == 1.0f);
    assert_true(x[1] == 0.0f);
    assert_true(x[2] == 0.0f);  /* flushed: exp(-87.5) would be subnormal-near */
    assert_true(x[3] == 0.0f);
    assert_true(fabs(x[4] - 1.65163625e38) <= 1e-6 * 1.65163625e38);
    float y[1] = {NAN};
    fast_exp_sum(y, 1, 0.0f);
    assert_true(isnan(y[0]));
}

/* ------------------------------------------------------- NumPy fixture */

static void test_fixture_full_and_tiled(void **state)
{
    (void)state;
    size_t count = (size_t)FIX_N * FIX_D;
    const int blocks[][2] = {{0, 0}, {1, 1}, {2, 3}, {3, 2}, {7, 7}, {4, 5}};
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
        for (int threads = 1; threads <= 3; threads++) {
            float *O = run(FAST_FULL, fix_Q, fix_K, fix_V, FIX_N, FIX_D, 0, threads, blocks[b][0], 0);
            assert_close(O, fix_full, count, 1e-5, 1e-3);
            free(O);
            O = run(FAST_TILED, fix_Q, fix_K, fix_V, FIX_N, FIX_D, 0, threads, blocks[b][0],
                    blocks[b][1]);
            assert_close(O, fix_full, count, 1e-5, 1e-3);
            free(O);
        }
    }
}

static void test_fixture_local(void **state)
{
    (void)state;
    size_t count = (size_t)FIX_N * FIX_D;
    for (size_t w = 0; w < sizeof fix_windows / sizeof fix_windows[0]; w++) {
        for (int bq = 1; bq <= FIX_N; bq += 2) {
            float *O = run(FAST_LOCAL, fix_Q, fix_K, fix_V, FIX_N, FIX_D, fix_windows[w], 2, bq, 0);
            assert_close(O, fix_local[w], count, 1e-5, 1e-3);
            free(O);
        }
    }
}

/* --------------------------------------------------- tiled against full */

static void check_tiled_matches_full(int n, int d, int bq, int bk, int threads, float spread)
{
    float *Q = random_matrix(n, d, 11u + (uint64_t)n, spread);
    float *K = random_matrix(n, d, 22u + (uint64_t)d, spread);
    float *V = random_matrix(n, d, 33u, 1.0f);
    float *full = run(FAST_FULL, Q, K, V, n, d, 0, 1, n, 0);  /* the whole n x n at once */
    float *tiled = run(FAST_TILED, Q, K, V, n, d, 0, threads, bq, bk);
    /* An output entry averages many values of V in [-1, 1] and may nearly
     * cancel to 0; its rounding error scales with the terms, not the sum,
     * so entries below 0.1 are held to 1e-4 of 0.1. */
    assert_close(tiled, full, (size_t)n * d, 1e-4, 0.1);
    float *blocked = run(FAST_FULL, Q, K, V, n, d, 0, threads, bq, 0);
    assert_close(blocked, full, (size_t)n * d, 1e-4, 0.1);
    free(Q);
    free(K);
    free(V);
    free(full);
    free(tiled);
    free(blocked);
}

static void test_tiled_matches_full(void **state)
{
    (void)state;
    check_tiled_matches_full(1, 1, 1, 1, 1, 1.7f);
    check_tiled_matches_full(5, 3, 2, 2, 2, 1.7f);
    check_tiled_matches_full(100, 16, 32, 48, 2, 1.7f);   /* n not a multiple of either */
    check_tiled_matches_full(257, 64, 64, 100, 2, 1.7f);
    check_tiled_matches_full(1000, 32, 128, 1024, 2, 1.7f);
    check_tiled_matches_full(1000, 64, 0, 0, 2, 1.7f);    /* the default plan */
    check_tiled_matches_full(300, 8, 7, 13, 3, 1.7f);
    /* large scores: the running max changes from tile to tile, and most
     * exp(m_old - m_new) rescalings are far from 1 */
    check_tiled_matches_full(300, 16, 16, 16, 2, 8.0f);
}

/* A key whose score grows along the sequence: every new tile raises the
 * running max, so the accumulated output is rescaled at every step. */
static void test_tiled_rising_max(void **state)
{
    (void)state;
    int n = 64, d = 2;
    float *Q = xcalloc((size_t)n * d, sizeof *Q), *K = xcalloc((size_t)n * d, sizeof *K);
    float *V = xcalloc((size_t)n * d, sizeof *V), want[2];
    double l = 0.0, acc[2] = {0.0, 0.0};
    for (int i = 0; i < n; i++) {
        Q[i * d] = 1.0f;
        K[i * d] = 0.25f * (float)i;           /* score (i / 4) / sqrt(2) */
        V[i * d] = (float)i;
        V[i * d + 1] = 1.0f;
        double p = exp(0.25 * i / sqrt(2.0));
        l += p;
        acc[0] += p * i;
        acc[1] += p;
    }
    want[0] = (float)(acc[0] / l);
    want[1] = (float)(acc[1] / l);
    float *O = run(FAST_TILED, Q, K, V, n, d, 0, 1, 8, 4);
    for (int i = 0; i < n; i++)
        assert_close(O + (size_t)i * d, want, 2, 1e-5, 1e-3);
    free(O);
    free(Q);
    free(K);
    free(V);
}

/* ------------------------------------------- local against the engine */

/* The engine's own stages: scores, a band mask, a row softmax, the weighted sum. */
static float *engine_band(const float *Q, const float *K, const float *V, int n, int d, int window)
{
    Mat q = {n, d, (float *)Q}, k = {n, d, (float *)K}, v = {n, d, (float *)V};
    Mat E = mat_new(n, n), W = mat_new(n, n), M = mat_new(n, n), O = mat_new(n, d);
    uint8_t *keep = xmalloc((size_t)n * n);
    attn_score_dot(q, k, 1.0f / sqrtf((float)d), E);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            MAT_AT(M, i, j) = abs(i - j) <= window / 2;
    attn_mask_all(keep, n, n);
    attn_mask_matrix(keep, M);
    for (int i = 0; i < n; i++)
        assert_true(attn_softmax(&MAT_AT(E, i, 0), keep + (size_t)i * n, n, 1.0f, &MAT_AT(W, i, 0)));
    attn_weighted_sum(W, v, O);
    free(keep);
    mat_free(&E);
    mat_free(&W);
    mat_free(&M);
    return O.v;
}

static void check_local(int n, int d, int window, int bq, int threads)
{
    float *Q = random_matrix(n, d, 5u + (uint64_t)n, 1.7f);
    float *K = random_matrix(n, d, 6u + (uint64_t)window, 1.7f);
    float *V = random_matrix(n, d, 7u, 1.0f);
    float *want = engine_band(Q, K, V, n, d, window);
    float *got = run(FAST_LOCAL, Q, K, V, n, d, window, threads, bq, 0);
    /* float rounding: the engine sums in double, we in float */
    assert_close(got, want, (size_t)n * d, 2e-5, 1e-2);
    free(Q);
    free(K);
    free(V);
    free(want);
    free(got);
}

static void test_local_matches_engine(void **state)
{
    (void)state;
    check_local(1, 4, 0, 1, 1);
    check_local(10, 4, 2, 3, 2);
    check_local(100, 16, 5, 32, 2);     /* odd window: |i - j| <= 2 */
    check_local(100, 16, 16, 0, 2);
    check_local(300, 64, 64, 48, 3);
    check_local(50, 8, 1000, 16, 2);    /* wider than the sequence: full attention */
}

static void test_local_window_zero_is_v(void **state)
{
    (void)state;
    int n = 33, d = 5;
    float *Q = random_matrix(n, d, 1, 1.7f), *K = random_matrix(n, d, 2, 1.7f);
    float *V = random_matrix(n, d, 3, 1.0f);
    float *O = run(FAST_LOCAL, Q, K, V, n, d, 0, 2, 8, 0);
    assert_memory_equal(O, V, (size_t)n * d * sizeof *O);  /* weight exactly 1 on itself */
    free(Q);
    free(K);
    free(V);
    free(O);
}

/* --------------------------------------------------------------- counts */

static void test_counts(void **state)
{
    (void)state;
    /* by hand: n = 4, w = 2: rows keep 3, 4, 4, 3 keys */
    assert_true(fast_local_pairs(4, 4) == 14.0);
    assert_true(fast_local_pairs(4, 5) == 14.0);
    assert_true(fast_local_pairs(3, 4) == 9.0);
    assert_true(fast_local_pairs(5, 0) == 5.0);
    for (int n = 1; n <= 40; n += 3) {
        for (int window = 0; window <= 90; window += 7) {
            double pairs = 0.0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    pairs += abs(i - j) <= window / 2;
            assert_true(fast_local_pairs(n, window) == pairs);
        }
    }
    FastPlan full = fast_plan(FAST_FULL, 1000, 64, 0, 2);
    assert_true(fast_flops(&full) == 4.0 * 1000 * 1000 * 64);
    FastPlan local = fast_plan(FAST_LOCAL, 1000, 64, 256, 2);
    assert_true(fast_flops(&local) == 4.0 * 64 * (1000.0 * 257 - 128 * 129));
    assert_true(fast_plan(FAST_TILED, 10, 4, 0, 0).threads == 1);
    assert_true(fast_plan(FAST_TILED, 10, 4, 0, 1).bk == 10);  /* clamped to n */
    assert_int_equal(fast_kind_parse("tiled"), FAST_TILED);
    assert_int_equal(fast_kind_parse("flash"), -1);
    assert_string_equal(fast_kind_name(FAST_LOCAL), "local");
}

/* ---------------------------------------------------------- command line */

static int parse(BenchOpts *o, int argc, const char **argv)
{
    return bench_parse(argc, (char **)argv, o);
}

static void test_bench_parse(void **state)
{
    (void)state;
    BenchOpts o;
    assert_int_equal(parse(&o, 0, NULL), 0);
    assert_int_equal(o.nn, 5);
    assert_int_equal(o.ns[4], 4096);
    assert_int_equal(o.d, 64);
    assert_true(o.kinds[FAST_FULL] && o.kinds[FAST_TILED] && o.kinds[FAST_LOCAL]);
    const char *ok[] = {"--n", "100,200,3", "--d", "8", "--window", "7", "--runs", "2",
                        "--threads", "1", "--variants", "local,full", "--csv", "--bq", "5", "--bk", "9"};
    assert_int_equal(parse(&o, 17, ok), 0);
    assert_int_equal(o.nn, 3);
    assert_int_equal(o.ns[0], 100);
    assert_int_equal(o.ns[2], 3);
    assert_int_equal(o.d, 8);
    assert_int_equal(o.window, 7);
    assert_int_equal(o.runs, 2);
    assert_int_equal(o.threads, 1);
    assert_true(o.kinds[FAST_LOCAL] && o.kinds[FAST_FULL] && !o.kinds[FAST_TILED]);
    assert_true(o.csv);
    assert_int_equal(o.bq, 5);
    assert_int_equal(o.bk, 9);
    assert_int_equal(o.isa, -1);
    assert_false(o.no_peak);
    const char *isa[] = {"--isa", "c", "--no-peak"};
    assert_int_equal(parse(&o, 3, isa), 0);
    assert_int_equal(o.isa, FAST_ISA_C);
    assert_true(o.no_peak);
    assert_int_equal(o.precision, BENCH_F32);
    const char *prec[] = {"--precision", "bf16"};
    assert_int_equal(parse(&o, 2, prec), fast_bf16_supported() ? 0 : -1);  /* refused: exit 2 */
    if (fast_bf16_supported())
        assert_int_equal(o.precision, BENCH_BF16);
    const char *both[] = {"--isa", "c", "--precision", "bf16"};
    assert_int_equal(parse(&o, 4, both), -1);
    if (fast_isa_supported(FAST_ISA_AVX2)) {  /* a CPU held below AVX-512 refuses bf16 */
        const char *was = getenv("ATTNLAB_ISA");
        char *keep = was ? xstrdup(was) : NULL;
        setenv("ATTNLAB_ISA", "avx2", 1);
        assert_int_equal(parse(&o, 2, prec), -1);
        if (keep)
            setenv("ATTNLAB_ISA", keep, 1);
        else
            unsetenv("ATTNLAB_ISA");
        free(keep);
    }
    const char *bad[][2] = {{"--n", "0"}, {"--n", "12,x"}, {"--n", ","}, {"--n", NULL},
                            {"--d", "-1"}, {"--runs", "0"}, {"--variants", "flash"},
                            {"--threads", "65"}, {"--window", "1e3"}, {"--frobnicate", NULL},
                            {"--isa", "sse9"}, {"--isa", NULL}, {"--precision", "f16"},
                            {"--precision", NULL}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(parse(&o, bad[i][1] ? 2 : 1, bad[i]), -1);
    assert_int_equal(cmd_bench(2, (char **)bad[0]), EXIT_USAGE);  /* before any exec or fork */
}

/* cmd_bench with argv, its stdout in a file read back from the start. */
static FILE *bench_output(int argc, const char **argv, char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    dup2(fd, STDOUT_FILENO);
    setenv("OPENBLAS_NUM_THREADS", "1", 1);  /* else cmd_bench would exec itself: this test */
    int rc = cmd_bench(argc, (char **)argv);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    assert_int_equal(rc, 0);
    FILE *f = fdopen(fd, "r");
    rewind(f);
    return f;
}

/* The text after the k-th comma of line. */
static const char *column(const char *line, int k)
{
    for (int i = 0; i < k; i++)
        line = strchr(line, ',') + 1;
    return line;
}

/* `attnlab bench --csv` end to end on tiny sizes: the header and one row per
 * variant and size, in order. Only the shape of the output is checked. */
static void test_bench_csv(void **state)
{
    (void)state;
    char path[] = "/tmp/attnlab-bench-XXXXXX";
    const char *argv[] = {"--n", "8,20", "--d", "4", "--window", "4", "--runs", "3", "--csv",
                          "--threads", "1"};
    FILE *f = bench_output(11, argv, path);
    char line[512];
    const char *want[] = {"variant,n,d,window,threads,runs,", "full,8,4,,", "tiled,8,4,,",
                          "local,8,4,4,", "full,20,4,,", "tiled,20,4,,", "local,20,4,4,"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_non_null(fgets(line, sizeof line, f));
        assert_memory_equal(line, want[i], strlen(want[i]));
        int commas = 0;
        for (char *c = line; *c; c++)
            commas += *c == ',';
        assert_int_equal(commas, 24);
        if (i > 0) {  /* kernel, a measured sgemm peak, the fraction, the load */
            char kernel[16];
            double peak, frac;
            const char *tail = line;
            for (int k = 0; k < 17; k++)
                tail = strchr(tail, ',') + 1;
            assert_int_equal(sscanf(tail, "%15[^,],%lf,%lf", kernel, &peak, &frac), 3);
            /* of_peak is GFLOP/s over the peak, in significant digits: a
             * tiny run's fraction (1e-4 and less) must not print as 0 */
            double gflops = 0.0;
            const char *g = line;
            for (int k = 0; k < 11; k++)
                g = strchr(g, ',') + 1;
            assert_int_equal(sscanf(g, "%lf", &gflops), 1);
            assert_true(peak > 0.0 && frac > 0.0 && gflops > 0.0);
            assert_true(fabs(frac - gflops / peak) <= 2e-3 * frac);
            assert_string_equal(kernel, line[0] == 'l' ? "blas" : fast_isa_name(fast_isa_default()));
            assert_string_equal(column(line, 22), "f32,,\n");  /* no error measured in f32 */
        } else {
            assert_string_equal(column(line, 22), "precision,max_abs_err,max_rel_err\n");
        }
    }
    assert_null(fgets(line, sizeof line, f));
    fclose(f);
    unlink(path);
}

/* --precision bf16 --csv: full and tiled on the bf16 kernel with their
 * error against float32 (bf16 keeps 8 bits: 2^-8 relative per rounding,
 * a few of them; the inputs have unit variance), local in f32. */
static void test_bench_csv_bf16(void **state)
{
    (void)state;
    if (!fast_bf16_supported()) {
        print_message("skipped: %s\n", fast_bf16_why(NULL));
        skip();
    }
    char path[] = "/tmp/attnlab-bench-XXXXXX";
    const char *argv[] = {"--n", "70", "--d", "64", "--runs", "1", "--csv", "--threads", "2",
                          "--no-peak", "--precision", "bf16"};
    FILE *f = bench_output(12, argv, path);
    char line[512];
    assert_non_null(fgets(line, sizeof line, f));  /* the header */
    for (int k = 0; k < FAST_NKINDS; k++) {
        assert_non_null(fgets(line, sizeof line, f));
        assert_memory_equal(line, fast_kind_name((FastKind)k), strlen(fast_kind_name((FastKind)k)));
        char kernel[16], precision[8];
        double abs_err = -1, rel_err = -1;
        assert_int_equal(sscanf(column(line, 17), "%15[^,]", kernel), 1);
        int got = sscanf(column(line, 22), "%7[^,],%lf,%lf", precision, &abs_err, &rel_err);
        if (k == FAST_LOCAL) {
            assert_string_equal(kernel, "blas");
            assert_string_equal(column(line, 22), "f32,,\n");
        } else {
            assert_string_equal(kernel, "bf16");
            assert_int_equal(got, 3);
            assert_string_equal(precision, "bf16");
            assert_true(abs_err > 0.0 && abs_err < 0.05);  /* rounded, and not wrong */
            assert_true(rel_err > 1e-4 && rel_err < 0.03);
        }
    }
    assert_null(fgets(line, sizeof line, f));
    fclose(f);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exp_sum),
        cmocka_unit_test(test_exp_edges),
        cmocka_unit_test(test_fixture_full_and_tiled),
        cmocka_unit_test(test_fixture_local),
        cmocka_unit_test(test_tiled_matches_full),
        cmocka_unit_test(test_tiled_rising_max),
        cmocka_unit_test(test_local_matches_engine),
        cmocka_unit_test(test_local_window_zero_is_v),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_bench_parse),
        cmocka_unit_test(test_bench_csv),
        cmocka_unit_test(test_bench_csv_bf16),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
