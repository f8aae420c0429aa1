/* test_engine_course.c - the three modes after the course against numpy
 * (tests/gen_fixtures.py, written from the papers' own formulas):
 * multidim (Lin et al. 2017), hierarchical (Yang et al. 2016, the sentence
 * vectors used directly) and memory (Sukhbaatar et al. 2015), and their
 * refusals. */
#include "engine_testutil.h"

/* ---- multidim ---- */

static Scenario md_scen(void)
{
    Scenario sc = scen(MODE_MULTIDIM, SCORE_SCALED_DOT, DIST_SOFTMAX);
    sc.in[M_X] = fx(md_X);
    sc.in[M_WS1] = fx(md_Ws1);
    sc.in[M_WS2] = fx(md_Ws2);
    return sc;
}

static void t_multidim(void **state)
{
    (void)state;
    Scenario sc = md_scen();
    Result r;
    RUN_OK(&sc, &r);
    CHECK_HEAD(&r.main, md_E, md_A, md_M);     /* r views over n words, M = A H */
    CHECK_MAT(r.embedding, md_flat);
    CHECK_MAT(r.gram, md_gram);
    CHECK_MAT(r.penalty, md_P);
    result_free(&r);
    sc.cfg.temperature = 2.0f;
    RUN_OK(&sc, &r);
    CHECK_MAT(r.main.weights, md_A_T2);
    CHECK_MAT(r.main.output, md_M_T2);
    CHECK_MAT(r.penalty, md_P_T2);
    result_free(&r);
}

/* ---- hierarchical ---- */

static Scenario hi_scen(bool biases)
{
    Scenario sc = scen(MODE_HIERARCHICAL, SCORE_SCALED_DOT, DIST_SOFTMAX);
    static const int counts[] = {2, 3, 1};
    memcpy(sc.cfg.sentences, counts, sizeof counts);
    sc.cfg.n_sentences = 3;
    sc.in[M_X] = fx(hi_X);
    sc.in[M_WW] = fx(hi_Ww);
    sc.in[M_UW] = fx(hi_uw);
    sc.in[M_WS] = fx(hi_Ws);
    sc.in[M_US] = fx(hi_us);
    if (biases) {
        sc.in[M_BW] = fx(hi_bw);
        sc.in[M_BS] = fx(hi_bs);
    }
    return sc;
}

static void t_hierarchical(void **state)
{
    (void)state;
    Scenario sc = hi_scen(true);
    Result r;
    RUN_OK(&sc, &r);
    CHECK_MAT(r.words.weights, hi_words);      /* one row a sentence */
    CHECK_MAT(r.words.output, hi_s);
    CHECK_MAT(r.main.scores, hi_es);
    CHECK_MAT(r.main.weights, hi_a);
    CHECK_MAT(r.main.output, hi_v);
    /* the words of the other sentences are masked, not merely small */
    assert_false(r.words.keep[0 * 6 + 2]);
    assert_true(r.words.keep[1 * 6 + 2] && r.words.keep[2 * 6 + 5]);
    assert_false(r.any_row_empty);
    result_free(&r);
    sc = hi_scen(false);                        /* bw and bs left out: 0 */
    RUN_OK(&sc, &r);
    CHECK_MAT(r.main.output, hi_v_nobias);
    result_free(&r);
}

/* ---- memory ---- */

static Scenario mem_scen(int hops)
{
    Scenario sc = scen(MODE_MEMORY, SCORE_DOT, DIST_SOFTMAX);
    sc.cfg.hops = hops;
    sc.in[M_Q] = fx(mem_u);
    sc.in[M_K] = fx(mem_m);
    sc.in[M_V] = fx(mem_c);
    return sc;
}

static void t_memory(void **state)
{
    (void)state;
    Scenario sc = mem_scen(3);
    Result r;
    RUN_OK(&sc, &r);
    CHECK_MAT(r.main.weights, mem_p);           /* one row a hop */
    CHECK_MAT(r.main.output, mem_o);
    CHECK_MAT(r.query_path, mem_path);          /* u, u + o, ... */
    result_free(&r);
    sc = mem_scen(1);                           /* one hop: the first rows */
    RUN_OK(&sc, &r);
    CHECK_MAT_ROWS(r.main.weights, mem_p, 0);
    assert_int_equal(r.query_path.rows, 2);
    CHECK_VEC(&MAT_AT(r.query_path, 1, 0), fx_row(mem_path, 1), 4);
    result_free(&r);
}

/* ---- refusals ---- */

static void expect_refusal(Scenario sc, EngineErrKind kind, MatName m, CfgField f, int line)
{
    EngineError why;
    if (engine_validate(&sc, &why) || why.kind != kind || why.mat != m || why.field != f)
        _fail(__FILE__, line);
    char buf[200];
    engine_error_english(&why, buf, sizeof buf);
    if (strstr(buf, "refused this step"))       /* every kind has its own sentence */
        _fail(__FILE__, line);
}

static void t_refusals(void **state)
{
    (void)state;
    Scenario sc = md_scen();
    sc.in[M_WS2] = fx(md_X);                    /* 5 rows, not da = 3 */
    expect_refusal(sc, EE_SHAPE, M_WS2, CF_NONE, __LINE__);
    sc = md_scen();
    sc.cfg.mask = MASK_CAUSAL;
    expect_refusal(sc, EE_MODE_MASK, M__COUNT, CF_MASK, __LINE__);
    sc = md_scen();
    sc.cfg.dist = DIST_LOCAL_M;
    expect_refusal(sc, EE_MODE_LOCAL, M__COUNT, CF_DIST, __LINE__);
    sc = hi_scen(true);
    sc.cfg.sentences[2] = 2;                    /* 7 words counted, X has 6 */
    expect_refusal(sc, EE_SENTENCES, M__COUNT, CF_SENTENCES, __LINE__);
    sc = hi_scen(true);
    sc.in[M_US] = (Mat){0, 0, NULL};
    expect_refusal(sc, EE_NEEDS, M_US, CF_NONE, __LINE__);
    sc = hi_scen(true);
    sc.in[M_BW] = fx(hi_bs);                    /* 2 wide, uw is 4 */
    expect_refusal(sc, EE_SHAPE, M_BW, CF_NONE, __LINE__);
    sc = mem_scen(2);
    sc.in[M_Q] = fx(mem_m);                     /* five questions: one, please */
    expect_refusal(sc, EE_SHAPE, M_Q, CF_NONE, __LINE__);
    sc = mem_scen(ENGINE_MAX_HOPS + 1);
    expect_refusal(sc, EE_HOPS_RANGE, M__COUNT, CF_HOPS, __LINE__);
    sc = mem_scen(2);
    sc.in[M_V] = fx(md_Ws1);                    /* 4 rows for 5 keys */
    expect_refusal(sc, EE_V_ROWS, M_V, CF_NONE, __LINE__);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_multidim),
        cmocka_unit_test(t_hierarchical),
        cmocka_unit_test(t_memory),
        cmocka_unit_test(t_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
