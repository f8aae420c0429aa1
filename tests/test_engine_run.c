/* test_engine_run.c - engine_run on Scenarios against numpy: every score and
 * distribution, the masks, self-attention with and without position
 * encoding, multi-head (also against PyTorch's convention) and co-attention.
 * Expected values: tests/gen_fixtures.py. */
#include "engine_testutil.h"

/* ---- every score, softmax, through mode qkv ---- */

static void run_score(ScoreKind k, Mat K, FixMat E, FixMat W, FixMat O, const char *file, int line)
{
    Scenario sc = scen(MODE_QKV, k, DIST_SOFTMAX);
    sc.in[M_Q] = fx(sc_Q);
    sc.in[M_K] = K;
    sc.in[M_V] = fx(sc_V);
    sc.in[M_W] = K.cols == 4 ? fx(sc_W) : fx(sc_W43);
    sc.in[M_WA] = fx(sc_Wa);
    sc.in[M_UA] = K.cols == 4 ? fx(sc_Ua) : fx(sc_Ua3);
    sc.in[M_VA] = fx(sc_va);
    sc.in[M_WL] = fx(sc_Wl);
    Result r;
    run_ok_at(&sc, &r, file, line);
    check_head_at(&r.main, E, W, O, file, line);
    if (r.main.centre != NULL || r.any_row_empty || r.n_heads != 0)
        _fail(file, line);
    for (int i = 0; i < 3; i++)
        if (r.main.row_empty[i])
            _fail(file, line);
    result_free(&r);
}
#define RUN_SCORE(k, K, name) \
    run_score((k), (K), sc_E_##name, sc_W_##name, sc_O_##name, __FILE__, __LINE__)

static void t_run_scores(void **state)
{
    (void)state;
    RUN_SCORE(SCORE_DOT, fx(sc_K), dot);
    RUN_SCORE(SCORE_SCALED_DOT, fx(sc_K), scaled_dot);
    RUN_SCORE(SCORE_GENERAL, fx(sc_K), general);
    RUN_SCORE(SCORE_ADDITIVE, fx(sc_K), additive);
    RUN_SCORE(SCORE_LOCATION, fx(sc_K), location);
    RUN_SCORE(SCORE_COSINE, fx(sc_K), cosine);
    /* keys narrower than the queries (d_k = 3, d_q = 4) */
    RUN_SCORE(SCORE_GENERAL, fx(sc_K3), general3);
    RUN_SCORE(SCORE_ADDITIVE, fx(sc_K3), additive3);
}

/* ---- every distribution: scores = I ds_E through the location score ---- */

static const float eye4_v[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
static const float eye6_v[36] = {1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
                                 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1};
static const FixMat eye4 = {4, 4, eye4_v}, eye6 = {6, 6, eye6_v};

static Scenario dist_scen(DistKind dist, float T, bool masked)
{
    Scenario sc = scen(MODE_QKV, SCORE_LOCATION, dist);
    sc.cfg.temperature = T;
    sc.in[M_Q] = fx(eye4);
    sc.in[M_K] = fx(ds_E);      /* only its row count matters to the location score */
    sc.in[M_K].rows = 6;
    sc.in[M_K].cols = 4;
    sc.in[M_V] = fx(eye6);      /* output = weights */
    sc.in[M_WL] = fx(ds_E);
    if (masked) {
        sc.cfg.mask = MASK_MATRIX;
        sc.in[M_M] = fx(ds_keep);
    }
    return sc;
}

static void run_dist_at(Scenario sc, FixMat want, const char *file, int line)
{
    Result r;
    run_ok_at(&sc, &r, file, line);
    check_mat_at(r.main.scores, ds_E, "scores", file, line);
    check_mat_at(r.main.weights, want, "weights", file, line);
    check_mat_at(r.main.output, want, "output", file, line);
    if (r.any_row_empty)
        _fail(file, line);
    result_free(&r);
}
/* The unmasked and the masked fixture of one distribution. */
#define RUN_DIST(sc_u, sc_m, want)                                  \
    do {                                                            \
        run_dist_at((sc_u), want, __FILE__, __LINE__);              \
        run_dist_at((sc_m), want##_m, __FILE__, __LINE__);          \
    } while (0)

static void t_run_distributions(void **state)
{
    (void)state;
    RUN_DIST(dist_scen(DIST_SOFTMAX, 1.0f, false), dist_scen(DIST_SOFTMAX, 1.0f, true), ds_softmax_T1p0);
    RUN_DIST(dist_scen(DIST_SOFTMAX, 0.5f, false), dist_scen(DIST_SOFTMAX, 0.5f, true), ds_softmax_T0p5);
    RUN_DIST(dist_scen(DIST_SOFTMAX, 2.5f, false), dist_scen(DIST_SOFTMAX, 2.5f, true), ds_softmax_T2p5);
    RUN_DIST(dist_scen(DIST_SIGMOID, 1.0f, false), dist_scen(DIST_SIGMOID, 1.0f, true), ds_sigmoid_T1p0);
    RUN_DIST(dist_scen(DIST_SIGMOID, 2.0f, false), dist_scen(DIST_SIGMOID, 2.0f, true), ds_sigmoid_T2p0);
    RUN_DIST(dist_scen(DIST_ARGMAX, 1.0f, false), dist_scen(DIST_ARGMAX, 1.0f, true), ds_argmax);
    RUN_DIST(dist_scen(DIST_SPARSEMAX, 1.0f, false), dist_scen(DIST_SPARSEMAX, 1.0f, true), ds_sparsemax_T1p0);
    RUN_DIST(dist_scen(DIST_SPARSEMAX, 0.5f, false), dist_scen(DIST_SPARSEMAX, 0.5f, true), ds_sparsemax_T0p5);
    RUN_DIST(dist_scen(DIST_SPARSEMAX, 3.0f, false), dist_scen(DIST_SPARSEMAX, 3.0f, true), ds_sparsemax_T3p0);
}

static void t_run_topk(void **state)
{
    (void)state;
    const FixMat *want[3] = {&ds_topk1, &ds_topk2, &ds_topk3};
    const FixMat *want_m[3] = {&ds_topk1_m, &ds_topk2_m, &ds_topk3_m};
    for (int k = 1; k <= 3; k++) {
        Scenario u = dist_scen(DIST_TOPK, 1.0f, false), m = dist_scen(DIST_TOPK, 1.0f, true);
        u.cfg.topk = m.cfg.topk = k;
        run_dist_at(u, *want[k - 1], __FILE__, __LINE__);
        run_dist_at(m, *want_m[k - 1], __FILE__, __LINE__);
    }
    Scenario u = dist_scen(DIST_TOPK, 0.5f, false), m = dist_scen(DIST_TOPK, 0.5f, true);
    u.cfg.topk = m.cfg.topk = 2;
    RUN_DIST(u, m, ds_topk2_T0p5);
}

static void t_run_local_m(void **state)
{
    (void)state;
    const FixMat *want[2] = {&ds_localm_D1, &ds_localm_D2};
    const FixMat *want_m[2] = {&ds_localm_D1_m, &ds_localm_D2_m};
    for (int D = 1; D <= 2; D++)
        for (int masked = 0; masked < 2; masked++) {
            Scenario sc = dist_scen(DIST_LOCAL_M, 1.0f, masked);
            sc.cfg.window = D;
            run_dist_at(sc, masked ? *want_m[D - 1] : *want[D - 1], __FILE__, __LINE__);
            Result r;
            RUN_OK(&sc, &r);
            assert_non_null(r.main.centre);
            for (int i = 0; i < 4; i++)     /* local-m: p_t = t */
                assert_true(r.main.centre[i] == (float)i);
            result_free(&r);
        }
}

/* More queries (5) than keys (3): p_t = t still, so the window of the last
 * rows hangs past the keys; what lies outside is ignored and a window with
 * no key at all leaves the row empty (flagged), as for a masked row. */
static const float eye5_v[25] = {1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1};
static const float eye3_v[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
static const FixMat eye5 = {5, 5, eye5_v}, eye3 = {3, 3, eye3_v};

static void t_run_local_m_past_the_keys(void **state)
{
    (void)state;
    for (int D = 1; D <= 2; D++) {
        Scenario sc = scen(MODE_QKV, SCORE_LOCATION, DIST_LOCAL_M);
        sc.cfg.window = D;
        sc.in[M_Q] = fx(eye5);
        sc.in[M_K] = fx(eye3);  /* three keys: only the count matters */
        sc.in[M_V] = fx(eye3);  /* output = weights */
        sc.in[M_WL] = fx(lm5_E);
        Result r;
        RUN_OK(&sc, &r);
        for (int t = 0; t < 5; t++)
            assert_true(r.main.centre[t] == (float)t);
        CHECK_MAT(r.main.weights, D == 1 ? lm5_W_D1 : lm5_W_D2);
        CHECK_MAT(r.main.output, D == 1 ? lm5_W_D1 : lm5_W_D2);
        assert_int_equal(r.main.row_empty[4], D == 1);
        assert_int_equal(r.any_row_empty, D == 1);
        result_free(&r);
    }
}

static void t_run_local_p(void **state)
{
    (void)state;
    const FixMat *W[4] = {&lp_W_D1, &lp_W_D1_m, &lp_W_D2, &lp_W_D2_m};
    const FixMat *O[4] = {&lp_O_D1, &lp_O_D1_m, &lp_O_D2, &lp_O_D2_m};
    for (int c = 0; c < 4; c++) {
        Scenario sc = scen(MODE_QKV, SCORE_LOCATION, DIST_LOCAL_P);
        sc.cfg.window = 1 + c / 2;
        sc.in[M_Q] = fx(ds_Qp);
        sc.in[M_K] = fx(lp_V);  /* six keys: only the count matters */
        sc.in[M_V] = fx(lp_V);
        sc.in[M_WL] = fx(lp_Wl);
        sc.in[M_WP] = fx(ds_Wp);
        sc.in[M_VP] = fx(ds_vp);
        if (c % 2) {
            sc.cfg.mask = MASK_MATRIX;
            sc.in[M_M] = fx(ds_keep);
        }
        Result r;
        RUN_OK(&sc, &r);
        assert_non_null(r.main.centre);
        CHECK_VEC(r.main.centre, ds_centre.v, 4);     /* p_t = S sigmoid(vp.tanh(q Wp)) */
        CHECK_HEAD(&r.main, lp_E, *W[c], *O[c]);
        result_free(&r);
    }
}

static void t_run_sample(void **state)
{
    (void)state;
    uint8_t keep[24];
    fx_keep(ds_keep, keep);
    Scenario sc = dist_scen(DIST_SAMPLE, 1.0f, true);
    sc.cfg.seed = 7;
    Result r1, r2;
    RUN_OK(&sc, &r1);
    RUN_OK(&sc, &r2);
    /* the same seed draws the same sample */
    assert_memory_equal(r1.main.weights.v, r2.main.weights.v, 24 * sizeof(float));
    for (int i = 0; i < 4; i++) {
        int ones = 0;
        for (int j = 0; j < 6; j++) {
            float w = MAT_AT(r1.main.weights, i, j);
            assert_true(w == 0.0f || w == 1.0f);
            ones += w == 1.0f;
            if (!keep[6 * i + j])
                assert_true(w == 0.0f);     /* never a masked key */
        }
        assert_int_equal(ones, 1);
    }
    result_free(&r1);
    result_free(&r2);
    /* 1000 draws: within 0.06 of softmax (the standard error is <= 0.016) */
    sc.cfg.samples = 1000;
    RUN_OK(&sc, &r1);
    for (int t = 0; t < 24; t++) {
        if (!keep[t])
            assert_true(r1.main.weights.v[t] == 0.0f);
        assert_true(fabsf(r1.main.weights.v[t] - ds_softmax_T1p0_m.v[t]) < 0.06f);
    }
    result_free(&r1);
}

/* ---- masks through the engine: dot scores over mk_Q, mk_K ---- */

static void run_mask_at(unsigned mask, const int *lens, int nlens, const FixMat *M, FixMat keep,
                        FixMat W, FixMat O, const char *file, int line)
{
    Scenario sc = scen(MODE_QKV, SCORE_DOT, DIST_SOFTMAX);
    sc.in[M_Q] = fx(mk_Q);
    sc.in[M_K] = fx(mk_K);
    sc.in[M_V] = fx(mk_V);
    sc.cfg.mask = mask;
    for (int i = 0; i < nlens; i++)
        sc.cfg.valid_lens[i] = lens[i];
    sc.cfg.n_valid_lens = nlens;
    if (M)
        sc.in[M_M] = fx(*M);
    Result r;
    run_ok_at(&sc, &r, file, line);
    check_keep_at(r.main.keep, keep, file, line);
    /* scores are kept as they were before masking */
    check_head_at(&r.main, mk_E, W, O, file, line);
    bool any_empty = false;
    for (int i = 0; i < 4; i++) {
        bool empty = true;
        for (int j = 0; j < 5; j++)
            empty &= keep.v[5 * i + j] == 0.0f;
        if ((r.main.row_empty[i] != 0) != empty)
            _fail(file, line);
        any_empty |= empty;
    }
    if (r.any_row_empty != any_empty)
        _fail(file, line);
    result_free(&r);
}
#define RUN_MASK(mask, lens, nlens, M, name) \
    run_mask_at((mask), (lens), (nlens), (M), mk_keep_##name, mk_W_##name, mk_O_##name, __FILE__, __LINE__)

static void t_run_masks(void **state)
{
    (void)state;
    const int three[1] = {3}, per_row[4] = {1, 3, 5, 2}, mixed[4] = {4, 2, 5, 5};
    RUN_MASK(MASK_PADDING, three, 1, NULL, pad3);
    RUN_MASK(MASK_PADDING, per_row, 4, NULL, padrows);
    RUN_MASK(MASK_CAUSAL, NULL, 0, NULL, causal);
    RUN_MASK(MASK_MATRIX, NULL, 0, &mk_M, matrix);
    RUN_MASK(MASK_PADDING | MASK_CAUSAL, three, 1, NULL, pad3_causal);
    RUN_MASK(MASK_CAUSAL | MASK_MATRIX, NULL, 0, &mk_M, causal_matrix);
    RUN_MASK(MASK_PADDING | MASK_MATRIX, per_row, 4, &mk_M, padrows_matrix);   /* row 3 empty */
    RUN_MASK(MASK_PADDING | MASK_CAUSAL | MASK_MATRIX, mixed, 4, &mk_M, all3);
}

static void t_run_empty_row(void **state)
{
    (void)state;
    Scenario sc = scen(MODE_QKV, SCORE_DOT, DIST_SOFTMAX);
    sc.in[M_Q] = fx(mk_Q);
    sc.in[M_K] = fx(mk_K);
    sc.in[M_V] = fx(mk_V);
    sc.cfg.mask = MASK_MATRIX;
    sc.in[M_M] = fx(mk_Mz);                 /* row 2 all zero */
    for (DistKind d = 0; d < DIST__COUNT; d++) {
        if (d == DIST_LOCAL_P)
            continue;                       /* needs Wp, vp: see test_engine_edge.c */
        sc.cfg.dist = d;
        Result r;
        RUN_OK(&sc, &r);
        assert_true(r.any_row_empty);
        for (int i = 0; i < 4; i++)
            assert_int_equal(r.main.row_empty[i], i == 2);
        for (int j = 0; j < 5; j++)
            assert_true(MAT_AT(r.main.weights, 2, j) == 0.0f);    /* not NaN, not uniform */
        for (int j = 0; j < 2; j++)
            assert_true(MAT_AT(r.main.output, 2, j) == 0.0f);
        if (d == DIST_SOFTMAX) {
            CHECK_MAT(r.main.weights, mk_W_empty);
            CHECK_MAT(r.main.output, mk_O_empty);
        }
        result_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_run_scores),  cmocka_unit_test(t_run_distributions),
        cmocka_unit_test(t_run_topk),    cmocka_unit_test(t_run_local_m),
        cmocka_unit_test(t_run_local_p),
        cmocka_unit_test(t_run_local_m_past_the_keys), cmocka_unit_test(t_run_sample),
        cmocka_unit_test(t_run_masks),   cmocka_unit_test(t_run_empty_row),
    };
    return cmocka_run_group_tests_name("engine_run: qkv", tests, NULL, NULL);
}
