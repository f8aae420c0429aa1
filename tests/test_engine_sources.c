/* test_engine_sources.c - the engine faithful to its sources where float32
 * or a shortcut would not be: scores that overflow float are weighed exactly
 * (never as a mask or a tie), Lu et al.'s (2016) parallel co-attention with
 * its learned layers, and local-p's centre in multi-head attention.
 * Expected values: tests/gen_fixtures.py (Lu's in the paper's column form). */
#include <float.h>

#include "engine_testutil.h"

/* ---- scores past float32 ---- */

/* q = 2e19 against k = (2e19, 0, 1.75e19): scores (4e38, 0, 3.5e38), two of
 * them past FLT_MAX. Held in float they were +inf and +inf, and the softmax
 * shared the weight (0.5, 0, 0.5); the maths gives (1, 0, 0). */
static Scenario overflow_scen(DistKind d, float T)
{
    static const float v_v[3] = {1, 2, 3};
    Scenario sc = scen(MODE_QKV, SCORE_DOT, d);
    sc.cfg.temperature = T;
    sc.in[M_Q] = fx(ov_q);
    sc.in[M_K] = fx(ov_k);
    sc.in[M_V] = (Mat){3, 1, (float *)v_v};
    return sc;
}

static void t_overflow_is_not_a_tie(void **state)
{
    (void)state;
    Scenario sc = overflow_scen(DIST_SOFTMAX, 1.0f);
    Result r;
    RUN_OK(&sc, &r);
    CHECK_MAT(r.main.weights, ov_softmax);
    assert_true(MAT_AT(r.main.output, 0, 0) == 1.0f);
    /* not masked: kept, and the exact scores are there to show */
    assert_true(r.main.keep[0] && r.main.keep[2] && !r.any_row_empty);
    assert_non_null(r.main.exact);
    assert_true(isinf(r.main.scores.v[0]) && r.main.scores.v[1] == 0.0f);
    assert_true(near_tol(r.main.exact[0], 4e38, 1e-6, 0) && near_tol(r.main.exact[2], 3.5e38, 1e-6, 0));
    result_free(&r);
}

/* With T = 1e38 the overflowed scores become (4, 0, 3.5): every
 * distribution must see those, not (inf, 0, inf). */
static void t_overflow_with_temperature(void **state)
{
    (void)state;
    const struct {
        DistKind d;
        const FixMat *want;
    } cases[] = {
        {DIST_SOFTMAX, &ov_softmax_T}, {DIST_SIGMOID, &ov_sigmoid_T}, {DIST_SPARSEMAX, &ov_sparsemax_T},
        {DIST_TOPK, &ov_topk2_T},      {DIST_LOCAL_M, &ov_localm_T},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        Scenario sc = overflow_scen(cases[c].d, 1e38f);
        sc.cfg.topk = 2;
        Result r;
        RUN_OK(&sc, &r);
        CHECK_MAT(r.main.weights, *cases[c].want);
        result_free(&r);
    }
    /* argmax: the larger of the two overflowed scores, not the first */
    Scenario sc = overflow_scen(DIST_ARGMAX, 1.0f);
    static const float k_v[3] = {1.75e19f, 0, 2e19f};
    sc.in[M_K] = (Mat){3, 1, (float *)k_v};
    Result r;
    RUN_OK(&sc, &r);
    assert_true(r.main.weights.v[0] == 0.0f && r.main.weights.v[2] == 1.0f);
    result_free(&r);
}

/* general: q W = 1e40 overflows on the way (float gave inf, inf, -inf) but
 * q W k = (1e30, 2e30, -1e30) fits: the shown scores are the true ones. */
static void t_overflow_in_between(void **state)
{
    (void)state;
    static const float v_v[3] = {1, 2, 3};
    Scenario sc = scen(MODE_QKV, SCORE_GENERAL, DIST_SOFTMAX);
    sc.cfg.temperature = 1e30f;
    sc.in[M_Q] = fx(ovg_q);
    sc.in[M_W] = fx(ovg_W);
    sc.in[M_K] = fx(ovg_k);
    sc.in[M_V] = (Mat){3, 1, (float *)v_v};
    Result r;
    RUN_OK(&sc, &r);
    CHECK_MAT(r.main.scores, ovg_E);
    CHECK_MAT(r.main.weights, ovg_softmax_T);
    result_free(&r);
}

/* ---- Lu et al. (2016) parallel co-attention ---- */

static Scenario lu_scen(void)
{
    Scenario sc = scen(MODE_COATTENTION, SCORE_DOT, DIST_SOFTMAX);
    sc.cfg.co_mode = CO_PARALLEL_LU;
    sc.cfg.co_grain = CO_COARSE;
    sc.in[M_A] = fx(lu_A);
    sc.in[M_B] = fx(lu_B);
    sc.in[M_WB] = fx(lu_Wb);
    sc.in[M_WVB] = fx(lu_Wvb);
    sc.in[M_WQA] = fx(lu_Wqa);
    sc.in[M_WHV] = fx(lu_whv);
    sc.in[M_WHQ] = fx(lu_whq);
    return sc;
}

static void t_lu_parallel(void **state)
{
    (void)state;
    Scenario sc = lu_scen();
    Result r;
    RUN_OK(&sc, &r);
    CHECK_MAT(r.affinity, lu_C);            /* C = tanh(A Wb B^T) */
    CHECK_MAT(r.hidden_b, lu_Hb);           /* (H^v)^T */
    CHECK_MAT(r.hidden_a, lu_Ha);           /* (H^q)^T */
    CHECK_HEAD(&r.main, lu_eb, lu_ab, lu_bhat);     /* a^v over B, b^ */
    CHECK_HEAD(&r.b2a, lu_ea, lu_aa, lu_ahat);      /* a^q over A, a^ */
    assert_true(mat_empty(r.query_a) && mat_empty(r.query_b));
    result_free(&r);
    /* the step's temperature divides the scores, as for every softmax */
    sc.cfg.temperature = 2.0f;
    RUN_OK(&sc, &r);
    CHECK_HEAD(&r.main, lu_eb, lu_ab_T2, lu_bhat_T2);
    CHECK_HEAD(&r.b2a, lu_ea, lu_aa_T2, lu_ahat_T2);
    result_free(&r);
}

static void expect_lu_refusal(Scenario sc, EngineErrKind kind, MatName m, EngineUse use, int line)
{
    EngineError why;
    if (engine_validate(&sc, &why) || why.kind != kind || why.mat != m || (use != EU__COUNT && why.use != use))
        _fail(__FILE__, line);
}

static void t_lu_refusals(void **state)
{
    (void)state;
    Scenario sc = lu_scen();
    sc.in[M_WHQ] = (Mat){0, 0, NULL};
    expect_lu_refusal(sc, EE_NEEDS, M_WHQ, EU_LU, __LINE__);
    sc = lu_scen();
    sc.in[M_WB] = fx(lu_Wvb);               /* 4 x 3, not d x d */
    expect_lu_refusal(sc, EE_SHAPE, M_WB, EU_LU_AFFINITY, __LINE__);
    sc = lu_scen();
    sc.in[M_WQA] = fx(lu_Wb);               /* 4 x 4, not d x k = 4 x 3 */
    expect_lu_refusal(sc, EE_SHAPE, M_WQA, EU_LU_HIDDEN, __LINE__);
    sc = lu_scen();
    sc.in[M_WHQ] = fx(lu_eb);               /* 1 x 5, not 1 x k */
    expect_lu_refusal(sc, EE_SHAPE, M_WHQ, EU_LU_VECTOR, __LINE__);
    sc = lu_scen();
    sc.in[M_B] = fx(lu_Wvb);                /* 3 wide against A's 4 */
    expect_lu_refusal(sc, EE_CO_WIDTHS, M_B, EU__COUNT, __LINE__);
    sc = lu_scen();
    sc.cfg.co_grain = CO_FINE;              /* one summary per side */
    EngineError why;
    assert_false(engine_validate(&sc, &why));
    assert_true(why.kind == EE_CO_FINE && why.field == CF_GRANULARITY && why.n[0] == CO_PARALLEL_LU);
    char buf[160];
    engine_error_english(&why, buf, sizeof buf);
    assert_string_equal(buf, "parallel_lu co-attention works on summaries: set granularity = coarse");
    /* its affinity is its own: the score setting is not asked for */
    sc = lu_scen();
    sc.cfg.score = SCORE_ADDITIVE;
    assert_true(engine_validate(&sc, NULL));
    assert_int_equal(engine_parse_co_mode("parallel_lu"), CO_PARALLEL_LU);
    assert_int_equal(engine_parse_mat("Wvb"), M_WVB);
    assert_int_equal(engine_parse_mat("whq"), M_WHQ);
}

/* ---- multi-head with local attention: the top level has the centre ---- */

static void t_multihead_centre(void **state)
{
    (void)state;
    for (int lp = 0; lp < 2; lp++) {
        Scenario sc = scen(MODE_MULTIHEAD, SCORE_SCALED_DOT, lp ? DIST_LOCAL_P : DIST_LOCAL_M);
        sc.cfg.heads = 2;
        sc.cfg.window = 1;
        sc.in[M_X] = fx(ml_X);
        sc.in[M_WQ] = fx(ml_Wq);
        sc.in[M_WK] = fx(ml_Wk);
        sc.in[M_WV] = fx(ml_Wv);
        sc.in[M_WP] = fx(ml_Wp);
        sc.in[M_VP] = fx(ml_vp);
        Result r;
        RUN_OK(&sc, &r);
        assert_non_null(r.main.centre);
        for (int t = 0; t < 5; t++) {
            float want = lp ? ml_centre.v[t] : (float)t;
            assert_true(near_tol(r.main.centre[t], want, REL_TOL, ABS_TOL));
        }
        result_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_overflow_is_not_a_tie), cmocka_unit_test(t_overflow_with_temperature),
        cmocka_unit_test(t_overflow_in_between),   cmocka_unit_test(t_lu_parallel),
        cmocka_unit_test(t_lu_refusals),           cmocka_unit_test(t_multihead_centre),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
