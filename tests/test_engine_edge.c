/* test_engine_edge.c - the engine at its edges: n = 1 and d = 1, ties, rows
 * with nothing to attend to, temperatures near 0, huge and infinite scores,
 * settings and inputs that must be refused, the size limits. Expected values
 * are derived by hand in the comments (or come from the numpy fixtures). */
#include <float.h>
#include <stdlib.h>

#include "engine_testutil.h"

/* Every distribution's kernel on one row, local ones centred at p with D. */
static bool any_dist(DistKind d, const float *e, const uint8_t *keep, int n, float T, float p,
                     float *w)
{
    uint64_t rng = 5;
    switch (d) {
    case DIST_SOFTMAX: return attn_softmax(e, keep, n, T, w);
    case DIST_SIGMOID: return attn_sigmoid(e, keep, n, T, w);
    case DIST_ARGMAX: return attn_argmax(e, keep, n, w);
    case DIST_SAMPLE: return attn_sample(e, keep, n, T, 10, &rng, w);
    case DIST_TOPK: return attn_topk(e, keep, n, 2, T, w);
    case DIST_SPARSEMAX: return attn_sparsemax(e, keep, n, T, w);
    case DIST_LOCAL_M: return attn_local_m(e, keep, n, T, p, 2, w);
    default: return attn_local_p(e, keep, n, T, p, 2, w);
    }
}

static const char *dname(DistKind d) { return engine_dist_name(d); }

/* engine_run with its refusal in English in err (as the lesson checker words it). */
static int run_err(const Scenario *sc, Result *r, char *err, size_t n)
{
    EngineError why;
    int rc = engine_run(sc, r, &why);
    if (rc < 0)
        engine_error_english(&why, err, n);
    return rc;
}

/* engine_validate, its refusal worded in English and its culprits out. */
static bool validate_err(const Scenario *sc, char *err, size_t n, MatName *m, CfgField *f)
{
    EngineError why;
    bool ok = engine_validate(sc, &why);
    if (!ok)
        engine_error_english(&why, err, n);
    if (m)
        *m = why.mat;
    if (f)
        *f = why.field;
    return ok;
}

/* ---- n = 1, d = 1 ---- */

static void t_one_by_one(void **state)
{
    (void)state;
    const float q[1] = {2}, k[1] = {3}, v[1] = {5};
    Mat Q = {1, 1, (float *)q}, K = {1, 1, (float *)k}, V = {1, 1, (float *)v};
    for (DistKind d = 0; d < DIST__COUNT; d++) {
        if (d == DIST_LOCAL_P)
            continue;
        Scenario sc = scen(MODE_QKV, SCORE_SCALED_DOT, d);
        sc.in[M_Q] = Q, sc.in[M_K] = K, sc.in[M_V] = V;
        Result r;
        RUN_OK(&sc, &r);
        assert_true(MAT_AT(r.main.scores, 0, 0) == 6.0f);     /* 2 * 3 / sqrt(1) */
        /* one key takes all the weight; sigmoid is on its own: 1/(1+e^-6) */
        double w = d == DIST_SIGMOID ? 1.0 / (1.0 + exp(-6.0)) : 1.0;
        if (!near_tol(MAT_AT(r.main.weights, 0, 0), w, REL_TOL, ABS_TOL) ||
            !near_tol(MAT_AT(r.main.output, 0, 0), 5.0 * w, REL_TOL, ABS_TOL))
            fail_msg("%s: weight %g, output %g", dname(d), (double)MAT_AT(r.main.weights, 0, 0),
                     (double)MAT_AT(r.main.output, 0, 0));
        result_free(&r);
    }
    /* cosine of two 1-d vectors is their sign product */
    const float kn[1] = {-3};
    Scenario sc = scen(MODE_QKV, SCORE_COSINE, DIST_SOFTMAX);
    sc.in[M_Q] = Q, sc.in[M_K] = (Mat){1, 1, (float *)kn}, sc.in[M_V] = V;
    Result r;
    RUN_OK(&sc, &r);
    assert_true(MAT_AT(r.main.scores, 0, 0) == -1.0f);
    result_free(&r);
}

static void t_d1_three_keys(void **state)
{
    (void)state;
    /* q = 1, keys 1, 2, 3 (d = 1): e = (1, 2, 3); softmax = e^j / (e + e^2 + e^3) */
    const float q[1] = {1}, k[3] = {1, 2, 3}, v[3] = {10, 20, 30};
    Scenario sc = scen(MODE_QKV, SCORE_DOT, DIST_SOFTMAX);
    sc.in[M_Q] = (Mat){1, 1, (float *)q};
    sc.in[M_K] = (Mat){3, 1, (float *)k};
    sc.in[M_V] = (Mat){3, 1, (float *)v};
    Result r;
    RUN_OK(&sc, &r);
    double z = exp(1) + exp(2) + exp(3), out = 0;
    for (int j = 0; j < 3; j++) {
        assert_true(near_tol(MAT_AT(r.main.weights, 0, j), exp(j + 1) / z, REL_TOL, ABS_TOL));
        out += 10.0 * (j + 1) * exp(j + 1) / z;
    }
    assert_true(near_tol(MAT_AT(r.main.output, 0, 0), out, REL_TOL, ABS_TOL));
    result_free(&r);
}

static void t_single_token_modes(void **state)
{
    (void)state;
    /* self-attention over one token: PE[0] = (sin 0, cos 0) = (0, 1) */
    const float x[2] = {0.5f, -1.0f};
    Scenario sc = scen(MODE_SELF, SCORE_SCALED_DOT, DIST_SOFTMAX);
    sc.cfg.position = true;
    sc.in[M_X] = (Mat){1, 2, (float *)x};
    Result r;
    RUN_OK(&sc, &r);
    assert_true(MAT_AT(r.PE, 0, 0) == 0.0f && MAT_AT(r.PE, 0, 1) == 1.0f);
    assert_true(MAT_AT(r.main.weights, 0, 0) == 1.0f);
    assert_true(MAT_AT(r.main.output, 0, 0) == 0.5f && MAT_AT(r.main.output, 0, 1) == 0.0f);
    result_free(&r);
    /* multi-head with one column per head: each head's single weight is 1 */
    sc.cfg.mode = MODE_MULTIHEAD;
    sc.cfg.heads = 2;
    RUN_OK(&sc, &r);
    assert_int_equal(r.n_heads, 2);
    for (int h = 0; h < 2; h++)
        assert_true(MAT_AT(r.heads[h].weights, 0, 0) == 1.0f);
    assert_true(MAT_AT(r.concat, 0, 0) == 0.5f && MAT_AT(r.concat, 0, 1) == 0.0f);
    result_free(&r);
}

/* ---- ties ---- */

static void t_engine_argmax_tie(void **state)
{
    (void)state;
    const float q[1] = {1}, k[4] = {2, 3, 3, 1}, v[4] = {1, 2, 3, 4};
    Scenario sc = scen(MODE_QKV, SCORE_DOT, DIST_ARGMAX);
    sc.in[M_Q] = (Mat){1, 1, (float *)q};
    sc.in[M_K] = (Mat){4, 1, (float *)k};
    sc.in[M_V] = (Mat){4, 1, (float *)v};
    Result r;
    RUN_OK(&sc, &r);
    const float want[4] = {0, 1, 0, 0};     /* the first of the two 3s */
    assert_memory_equal(r.main.weights.v, want, sizeof want);
    assert_true(MAT_AT(r.main.output, 0, 0) == 2.0f);
    result_free(&r);
}

/* ---- rows with nothing to attend to ---- */

/* A row longer than top-k's scratch is refused with every weight zero, as
 * attention.h promises for a false return: no marks left behind. */
static void t_topk_row_too_long(void **state)
{
    (void)state;
    const int n = ATTN_MAX_ROW + 1;
    float *e = calloc((size_t)n, sizeof *e), *w = malloc((size_t)n * sizeof *w);
    assert_non_null(e);
    assert_non_null(w);
    e[3] = 1.0f, e[7] = 2.0f;
    for (int j = 0; j < n; j++)
        w[j] = 0.5f;
    assert_false(attn_topk(e, NULL, n, 2, 1.0f, w));
    for (int j = 0; j < n; j++)
        if (w[j] != 0.0f)
            fail_msg("w[%d] = %g after a refusal, want 0", j, (double)w[j]);
    free(e);
    free(w);
}

static void t_kernels_all_masked(void **state)
{
    (void)state;
    const float e[4] = {1, 2, 3, 4};
    const float ninf[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
    const uint8_t none[4] = {0, 0, 0, 0};
    const uint8_t some[4] = {1, 0, 1, 0};
    const float mixed[4] = {-INFINITY, 7, -INFINITY, 9};    /* kept ones -inf */
    float w[4];
    for (DistKind d = 0; d < DIST__COUNT; d++) {
        struct { const float *e; const uint8_t *keep; } rows[3] = {{e, none}, {ninf, NULL}, {mixed, some}};
        for (int c = 0; c < 3; c++) {
            memset(w, 0x7f, sizeof w);
            if (any_dist(d, rows[c].e, rows[c].keep, 4, 1.0f, 1.0f, w))
                fail_msg("%s, case %d: claims weight for a row with none", dname(d), c);
            for (int j = 0; j < 4; j++)
                if (w[j] != 0.0f)   /* never NaN, never uniform */
                    fail_msg("%s, case %d: w[%d] = %g", dname(d), c, j, (double)w[j]);
        }
    }
}

static void t_engine_all_masked(void **state)
{
    (void)state;
    /* valid length 0 for every row: nothing to attend to anywhere */
    for (AttnMode mode = MODE_QKV; mode <= MODE_MULTIHEAD; mode++)
        for (DistKind d = 0; d < DIST__COUNT; d++) {
            Scenario sc = scen(mode, SCORE_SCALED_DOT, d);
            sc.in[M_Q] = fx(mk_Q), sc.in[M_K] = fx(mk_K), sc.in[M_V] = fx(mk_V);
            sc.in[M_X] = fx(sa_X);
            sc.in[M_WP] = fx(ds_Wp);
            sc.in[M_VP] = fx(ds_vp);
            if (mode != MODE_QKV)
                sc.in[M_WP] = (Mat){6, 5, (float *)mh_Wq.v};   /* Wp (d_model, h) */
            sc.cfg.heads = mode == MODE_MULTIHEAD ? 2 : 1;
            sc.cfg.mask = MASK_PADDING;
            sc.cfg.valid_lens[0] = 0;
            sc.cfg.n_valid_lens = 1;
            Result r;
            char err[200];
            if (run_err(&sc, &r, err, sizeof err) != 0)
                fail_msg("%s/%s: %s", engine_mode_name(mode), dname(d), err);
            assert_true(r.any_row_empty);
            for (int i = 0; i < r.main.nq; i++)
                assert_true(r.main.row_empty[i]);
            for (size_t t = 0; t < mat_size(r.main.weights); t++)
                assert_true(r.main.weights.v[t] == 0.0f);
            for (size_t t = 0; t < mat_size(r.main.output); t++)
                assert_true(r.main.output.v[t] == 0.0f);
            result_free(&r);
        }
}

/* ---- temperature near 0: tends to the hard one-hot ---- */

/* w (6) within 1e-6 of the one-hot hard (near, not exact: e^-25 is not 0). */
static void check_hard_at(const float *w, const float *hard, const char *what, const char *file,
                          int line)
{
    for (int j = 0; j < 6; j++)
        if (!(fabsf(w[j] - hard[j]) < 1e-6f)) {
            print_error("%s: w[%d] = %g, hard %g\n", what, j, (double)w[j], (double)hard[j]);
            _fail(file, line);
        }
}
#define CHECK_HARD(w, hard, what) check_hard_at((w), (hard), (what), __FILE__, __LINE__)

static void t_cold_temperature(void **state)
{
    (void)state;
    float w[6];
    for (int i = 0; i < 4; i++) {
        const float *e = fx_row(ds_E, i), *hard = fx_row(ds_argmax, i);
        /* the smallest gap to the max in ds_E is 0.25: at T = 0.01 the
         * runner-up gets e^-25 ~ 1e-11 */
        const float Ts[3] = {0.01f, 1e-6f, FLT_TRUE_MIN};
        for (int t = 0; t < 3; t++) {
            assert_true(attn_softmax(e, NULL, 6, Ts[t], w));
            CHECK_HARD(w, hard, "softmax");
            assert_true(attn_topk(e, NULL, 6, 3, Ts[t], w));
            CHECK_HARD(w, hard, "topk");
            assert_true(attn_sparsemax(e, NULL, 6, Ts[t], w));
            CHECK_HARD(w, hard, "sparsemax");
            uint64_t rng = 3;
            assert_true(attn_sample(e, NULL, 6, Ts[t], 50, &rng, w));
            CHECK_HARD(w, hard, "sample");
            /* sigmoid becomes a step: 1 above 0, 0 below (from 1e-6 on:
             * ds_E[2][3] = 0.002 is still on the slope at T = 0.01) */
            if (t == 0)
                continue;
            assert_true(attn_sigmoid(e, NULL, 6, Ts[t], w));
            for (int j = 0; j < 6; j++)
                assert_true(fabsf(w[j] - (e[j] > 0 ? 1.0f : 0.0f)) < 1e-6f);
        }
    }
    /* through the engine: temperature 1e-6 gives argmax's answer */
    Scenario sc = scen(MODE_QKV, SCORE_DOT, DIST_SOFTMAX);
    sc.in[M_Q] = fx(mk_Q), sc.in[M_K] = fx(mk_K), sc.in[M_V] = fx(mk_V);
    sc.cfg.temperature = 1e-6f;
    Result soft, hard;
    RUN_OK(&sc, &soft);
    sc.cfg.dist = DIST_ARGMAX;
    RUN_OK(&sc, &hard);
    for (int t = 0; t < 20; t++)
        assert_true(fabsf(soft.main.weights.v[t] - hard.main.weights.v[t]) < 1e-6f);
    result_free(&soft);
    result_free(&hard);
}

/* ---- huge and infinite scores ---- */

static void check_row_at(DistKind d, const float *e, int n, const float *want, const char *file,
                         int line)
{
    float w[8];
    memset(w, 0x7f, sizeof w);
    bool ok = any_dist(d, e, NULL, n, 1.0f, 0.0f, w);
    for (int j = 0; j < n; j++)
        if (!ok || isnan(w[j]) || !near_tol(w[j], want[j], REL_TOL, ABS_TOL)) {
            print_error("%s: w[%d] = %g, want %g (returned %d)\n", dname(d), j, (double)w[j],
                        (double)want[j], ok);
            _fail(file, line);
        }
}
#define CHECK_ROW(d, e, n, ...)                                              \
    do {                                                                     \
        const float want_[] = {__VA_ARGS__};                                 \
        check_row_at((d), (e), (n), want_, __FILE__, __LINE__);              \
    } while (0)

static void t_huge_scores(void **state)
{
    (void)state;
    const float big[4] = {1e30f, -1e30f, 0.0f, 1e30f};
    const float top[3] = {1e30f, 1e29f, -3e38f};
    const float with_ninf[3] = {-INFINITY, 1.0f, 1.0f};
    const float with_pinf[4] = {1e30f, INFINITY, -INFINITY, 0.0f};
    const float two_pinf[3] = {INFINITY, 5.0f, INFINITY};
    /* softmax subtracts the max: no overflow; +inf takes all the weight */
    CHECK_ROW(DIST_SOFTMAX, big, 4, 0.5f, 0, 0, 0.5f);
    CHECK_ROW(DIST_SOFTMAX, top, 3, 1, 0, 0);
    CHECK_ROW(DIST_SOFTMAX, with_ninf, 3, 0, 0.5f, 0.5f);
    CHECK_ROW(DIST_SOFTMAX, with_pinf, 4, 0, 1, 0, 0);
    CHECK_ROW(DIST_SOFTMAX, two_pinf, 3, 0.5f, 0, 0.5f);
    CHECK_ROW(DIST_SIGMOID, big, 4, 1, 0, 0.5f, 1);
    CHECK_ROW(DIST_SIGMOID, with_pinf, 4, 1, 1, 0, 0.5f);
    CHECK_ROW(DIST_ARGMAX, big, 4, 1, 0, 0, 0);
    CHECK_ROW(DIST_ARGMAX, with_pinf, 4, 0, 1, 0, 0);
    CHECK_ROW(DIST_TOPK, big, 4, 0.5f, 0, 0, 0.5f);
    CHECK_ROW(DIST_TOPK, with_pinf, 4, 0, 1, 0, 0);
    CHECK_ROW(DIST_SAMPLE, top, 3, 1, 0, 0);
    CHECK_ROW(DIST_SAMPLE, with_pinf, 4, 0, 1, 0, 0);
    /* sparsemax: z = (1e30, 1e29, -3e38) puts everything on the first; a
     * -inf entry simply drops out: (1, 1) -> (0.5, 0.5) */
    CHECK_ROW(DIST_SPARSEMAX, top, 3, 1, 0, 0);
    CHECK_ROW(DIST_SPARSEMAX, big, 4, 0.5f, 0, 0, 0.5f);
    CHECK_ROW(DIST_SPARSEMAX, with_ninf, 3, 0, 0.5f, 0.5f);
    CHECK_ROW(DIST_SPARSEMAX, with_pinf, 4, 0, 1, 0, 0);
    CHECK_ROW(DIST_SPARSEMAX, two_pinf, 3, 0.5f, 0, 0.5f);
    /* local at p = 0, D = 2 (sigma = 1): window {0, 1, 2}; local-m has no
     * Gaussian, local-p's is 1 at s = 0 and exp(-1/2) at s = 1 */
    CHECK_ROW(DIST_LOCAL_M, top, 3, 1, 0, 0);
    CHECK_ROW(DIST_LOCAL_M, with_pinf, 4, 0, 1, 0, 0);
    CHECK_ROW(DIST_LOCAL_P, top, 3, 1, 0, 0);
    CHECK_ROW(DIST_LOCAL_P, with_pinf, 4, 0, exp(-0.5), 0, 0);
}

static void t_engine_huge(void **state)
{
    (void)state;
    /* q.k = 1e30, -1e30, 0: float holds them; the softmax gives (1, 0, 0) */
    const float q[2] = {1e15f, 0}, k[6] = {1e15f, 0, -1e15f, 0, 0, 1}, v[3] = {7, 8, 9};
    Scenario sc = scen(MODE_QKV, SCORE_DOT, DIST_SOFTMAX);
    sc.in[M_Q] = (Mat){1, 2, (float *)q};
    sc.in[M_K] = (Mat){3, 2, (float *)k};
    sc.in[M_V] = (Mat){3, 1, (float *)v};
    for (DistKind d = 0; d < DIST__COUNT; d++) {
        if (d == DIST_LOCAL_P)
            continue;
        sc.cfg.dist = d;
        sc.cfg.window = 2;
        Result r;
        RUN_OK(&sc, &r);
        assert_true(all_finite(r.main.weights) && all_finite(r.main.output));
        /* all on key 0 (sigmoid: 1 there too; local-m: the Gaussian is 1 at its centre 0) */
        if (!near_tol(MAT_AT(r.main.weights, 0, 0), 1.0, REL_TOL, ABS_TOL) ||
            MAT_AT(r.main.weights, 0, 1) != 0.0f)
            fail_msg("%s: weights %g %g %g", dname(d), (double)r.main.weights.v[0],
                     (double)r.main.weights.v[1], (double)r.main.weights.v[2]);
        result_free(&r);
    }
    /* a score that overflows to +inf takes all the weight; -inf none */
    const float q1[1] = {1e20f}, k1[3] = {1e20f, -1e20f, 1};
    sc = scen(MODE_QKV, SCORE_DOT, DIST_SOFTMAX);
    sc.in[M_Q] = (Mat){1, 1, (float *)q1};
    sc.in[M_K] = (Mat){3, 1, (float *)k1};
    sc.in[M_V] = (Mat){3, 1, (float *)v};
    Result r;
    RUN_OK(&sc, &r);
    const float want[3] = {1, 0, 0};
    assert_memory_equal(r.main.weights.v, want, sizeof want);
    assert_true(MAT_AT(r.main.output, 0, 0) == 7.0f);
    result_free(&r);
    /* inf - inf inside a product is NaN: reported, not carried along. (An
     * infinite input, since from finite ones the BLAS's fused multiply-add
     * can keep inf + (-1e40) = inf.) */
    const float q2[2] = {INFINITY, INFINITY}, k2[2] = {1, -1};
    sc.in[M_Q] = (Mat){1, 2, (float *)q2};
    sc.in[M_K] = (Mat){1, 2, (float *)k2};
    sc.in[M_V] = (Mat){1, 1, (float *)v};
    char err[200] = "";
    assert_int_equal(run_err(&sc, &r, err, sizeof err), -1);
    assert_true(strlen(err) > 0);
}

static void t_infinite_value_masked(void **state)
{
    /* A masked key takes no weight at all, so its value must not reach the
     * output even when it is infinite (0 * inf would be NaN). Keys 1 and 2
     * are masked for row 0: its output is v_0 = 1. Row 1 attends to key 2
     * (causal keeps all three), so its output is +inf, not NaN. */
    (void)state;
    const float q[2] = {1, 2}, k[3] = {1, 1, 1}, v[3] = {1, INFINITY, INFINITY};
    Scenario sc = scen(MODE_QKV, SCORE_DOT, DIST_SOFTMAX);
    sc.in[M_Q] = (Mat){2, 1, (float *)q};
    sc.in[M_K] = (Mat){3, 1, (float *)k};
    sc.in[M_V] = (Mat){3, 1, (float *)v};
    sc.cfg.mask = MASK_PADDING;
    sc.cfg.valid_lens[0] = 1, sc.cfg.valid_lens[1] = 3;
    sc.cfg.n_valid_lens = 2;
    for (DistKind d = DIST_SOFTMAX; d <= DIST_SPARSEMAX; d++) {
        sc.cfg.dist = d;
        Result r;
        RUN_OK(&sc, &r);
        double want = d == DIST_SIGMOID ? 1.0 / (1.0 + exp(-1.0)) : 1.0;    /* score 1 */
        if (!near_tol(MAT_AT(r.main.output, 0, 0), want, REL_TOL, ABS_TOL))
            fail_msg("%s: row 0 output %g, want %g", dname(d), (double)MAT_AT(r.main.output, 0, 0), want);
        /* row 1: equal scores; argmax and sample pick one key, sparsemax
         * and softmax spread: whichever, an infinite value with weight > 0 */
        float o1 = MAT_AT(r.main.output, 1, 0);
        if (isnan(o1))
            fail_msg("%s: row 1 output NaN", dname(d));
        result_free(&r);
    }
    /* infinities of both signs with weight: inf - inf is reported */
    const float v2[3] = {1, INFINITY, -INFINITY};
    sc.in[M_V] = (Mat){3, 1, (float *)v2};
    sc.cfg.dist = DIST_SOFTMAX;
    Result r;
    char err[200] = "";
    assert_int_equal(run_err(&sc, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "output"));
}

static void t_cosine_extreme_norms(void **state)
{
    (void)state;
    /* cosine ignores length: huge (1e20, whose products overflow float) and
     * tiny (1e-25, whose products underflow) vectors score as unit ones */
    const float qb[2] = {1e20f, 0}, kb[4] = {1e20f, 0, 1e20f, 1e20f};
    const float qs[2] = {1e-25f, 0}, ks[4] = {1e-25f, 0, 1e-25f, 1e-25f};
    Mat E = mat_new(1, 2);
    attn_score_cosine((Mat){1, 2, (float *)qb}, (Mat){2, 2, (float *)kb}, E);
    assert_true(near_tol(E.v[0], 1.0, REL_TOL, ABS_TOL) && near_tol(E.v[1], sqrt(0.5), REL_TOL, ABS_TOL));
    attn_score_cosine((Mat){1, 2, (float *)qs}, (Mat){2, 2, (float *)ks}, E);
    assert_true(near_tol(E.v[0], 1.0, REL_TOL, ABS_TOL) && near_tol(E.v[1], sqrt(0.5), REL_TOL, ABS_TOL));
    mat_free(&E);
}

/* ---- refusals ---- */

static void expect_refused_at(const Scenario *sc, MatName want_mat, CfgField want_field,
                              const char *file, int line)
{
    char err[256] = "";
    MatName m;
    CfgField f;
    if (validate_err(sc, err, sizeof err, &m, &f) || m != want_mat || f != want_field ||
        strlen(err) == 0) {
        print_error("validate: mat %d field %d '%s'; want mat %d field %d\n", m, f, err, want_mat,
                    want_field);
        _fail(file, line);
    }
    Result r;
    char err2[256] = "";
    if (run_err(sc, &r, err2, sizeof err2) != -1 || strcmp(err, err2) != 0)
        _fail(file, line);
}
#define REFUSED(sc, mat, field) expect_refused_at((sc), (mat), (field), __FILE__, __LINE__)

static void t_heads_not_dividing(void **state)
{
    (void)state;
    Scenario sc = scen(MODE_MULTIHEAD, SCORE_SCALED_DOT, DIST_SOFTMAX);
    sc.in[M_X] = fx(sa_X);                  /* d_model = 6 */
    sc.cfg.heads = 4;
    REFUSED(&sc, M__COUNT, CF_HEADS);
    char err[256];
    validate_err(&sc, err, sizeof err, NULL, NULL);
    assert_non_null(strstr(err, "heads"));
    sc.cfg.heads = 0;
    REFUSED(&sc, M__COUNT, CF_HEADS);
    sc.cfg.heads = ENGINE_MAX_HEADS + 1;
    REFUSED(&sc, M__COUNT, CF_HEADS);
    sc.cfg.heads = 3;                       /* 6 / 3: fine */
    assert_true(validate_err(&sc, err, sizeof err, NULL, NULL));
}

static void t_nan_input(void **state)
{
    (void)state;
    float q[4];
    memcpy(q, sc_Q.v, sizeof q);
    q[2] = NAN;
    Scenario sc = scen(MODE_QKV, SCORE_DOT, DIST_SOFTMAX);
    sc.in[M_Q] = (Mat){1, 4, q};
    sc.in[M_K] = fx(sc_K);
    sc.in[M_V] = fx(sc_V);
    Result r;
    char err[256] = "";
    assert_int_equal(run_err(&sc, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "Q"));      /* names the matrix */
    /* a NaN temperature is a bad setting */
    sc.in[M_Q] = fx(sc_Q);
    sc.cfg.temperature = NAN;
    REFUSED(&sc, M__COUNT, CF_TEMPERATURE);
}

static void t_bad_settings(void **state)
{
    (void)state;
    Scenario sc = scen(MODE_QKV, SCORE_DOT, DIST_SOFTMAX);
    sc.in[M_Q] = fx(mk_Q), sc.in[M_K] = fx(mk_K), sc.in[M_V] = fx(mk_V);
    sc.cfg.temperature = 0.0f;
    REFUSED(&sc, M__COUNT, CF_TEMPERATURE);
    sc.cfg.temperature = -1.0f;
    REFUSED(&sc, M__COUNT, CF_TEMPERATURE);
    sc.cfg.temperature = 1.0f;
    sc.cfg.dist = DIST_TOPK, sc.cfg.topk = 0;
    REFUSED(&sc, M__COUNT, CF_TOPK);
    sc.cfg.dist = DIST_LOCAL_M, sc.cfg.window = 0;    /* D >= 1 (local-p: sigma = D/2 > 0) */
    REFUSED(&sc, M__COUNT, CF_WINDOW);
    sc.cfg.dist = DIST_SAMPLE, sc.cfg.samples = ATTN_MAX_SAMPLES + 1;
    REFUSED(&sc, M__COUNT, CF_SAMPLES);
    sc.cfg.dist = DIST_SOFTMAX;
    sc.cfg.mask = MASK_PADDING, sc.cfg.valid_lens[0] = 6, sc.cfg.n_valid_lens = 1;   /* 5 keys */
    REFUSED(&sc, M__COUNT, CF_VALID_LENS);
    sc.cfg.valid_lens[0] = 2, sc.cfg.n_valid_lens = 3;                              /* 4 rows */
    REFUSED(&sc, M__COUNT, CF_VALID_LENS);
    sc.cfg.mask = MASK_MATRIX;              /* no M given */
    REFUSED(&sc, M_M, CF_NONE);
    sc.cfg.mask = 0;
    sc.in[M_K] = fx(sc_K);                  /* 4 wide against Q's 3 */
    sc.in[M_V] = fx(sc_V);
    REFUSED(&sc, M_K, CF_NONE);
    sc.in[M_K] = fx(mk_K);                  /* V with 5 rows for 5 keys ... */
    sc.in[M_V] = fx(sa_X);                  /* ... but this one has 4 */
    REFUSED(&sc, M_V, CF_NONE);
    sc.in[M_V] = fx(mk_V);
    sc.cfg.dist = DIST_LOCAL_P;             /* without Wp and vp */
    sc.cfg.window = 1;
    REFUSED(&sc, M_WP, CF_NONE);
}

static void t_limits(void **state)
{
    (void)state;
    /* 64 x 64 is the largest a lesson may give; 65 rows or columns is refused */
    Mat big = mat_new(65, 64), V = mat_new(65, 1);
    for (size_t t = 0; t < mat_size(big); t++)
        big.v[t] = (float)(t % 7) * 0.1f;
    Scenario sc = scen(MODE_QKV, SCORE_SCALED_DOT, DIST_SOFTMAX);
    sc.in[M_Q] = big, sc.in[M_K] = big, sc.in[M_V] = V;
    REFUSED(&sc, M_Q, CF_NONE);
    char err[256];
    validate_err(&sc, err, sizeof err, NULL, NULL);
    assert_non_null(strstr(err, "64"));     /* the limit is named */
    sc.in[M_Q] = (Mat){64, 64, big.v};
    sc.in[M_K] = (Mat){64, 64, big.v};
    sc.in[M_V] = (Mat){64, 1, V.v};
    Result r;
    RUN_OK(&sc, &r);
    assert_true(all_finite(r.main.weights));
    result_free(&r);
    sc.in[M_Q] = (Mat){1, 65, big.v};       /* 65 columns */
    sc.in[M_K] = (Mat){1, 65, big.v};
    sc.in[M_V] = (Mat){1, 1, V.v};
    REFUSED(&sc, M_Q, CF_NONE);
    mat_free(&big);
    mat_free(&V);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_one_by_one),          cmocka_unit_test(t_d1_three_keys),
        cmocka_unit_test(t_single_token_modes),  cmocka_unit_test(t_engine_argmax_tie),
        cmocka_unit_test(t_kernels_all_masked),
        cmocka_unit_test(t_topk_row_too_long),  cmocka_unit_test(t_engine_all_masked),
        cmocka_unit_test(t_cold_temperature),    cmocka_unit_test(t_huge_scores),
        cmocka_unit_test(t_engine_huge),         cmocka_unit_test(t_cosine_extreme_norms),
        cmocka_unit_test(t_infinite_value_masked),
        cmocka_unit_test(t_heads_not_dividing),  cmocka_unit_test(t_nan_input),
        cmocka_unit_test(t_bad_settings),        cmocka_unit_test(t_limits),
    };
    return cmocka_run_group_tests_name("engine edges", tests, NULL, NULL);
}
