/* test_engine_modes.c - engine_run in modes self, multihead and coattention
 * against numpy (tests/gen_fixtures.py). Multi-head is also checked against
 * torch.nn.MultiheadAttention's convention, computed in numpy with PyTorch's
 * transposed weight layout (in_proj_weight = [Wq^T; Wk^T; Wv^T],
 * out_proj.weight = Wo^T, weights averaged over heads). */
#include "engine_testutil.h"

/* ---- self-attention ---- */

static Scenario self_scen(bool position)
{
    Scenario sc = scen(MODE_SELF, SCORE_SCALED_DOT, DIST_SOFTMAX);
    sc.cfg.position = position;
    sc.in[M_X] = fx(sa_X);
    sc.in[M_WQ] = fx(sa_Wq);
    sc.in[M_WK] = fx(sa_Wk);
    sc.in[M_WV] = fx(sa_Wv);
    return sc;
}

static void t_self_no_position(void **state)
{
    (void)state;
    Scenario sc = self_scen(false);
    Result r;
    RUN_OK(&sc, &r);
    assert_true(mat_empty(r.PE));
    CHECK_MAT(r.Xin, sa_off_Xin);
    CHECK_MAT(r.Q, sa_off_Q);
    CHECK_MAT(r.K, sa_off_K);
    CHECK_MAT(r.V, sa_off_V);
    CHECK_HEAD(&r.main, sa_off_E, sa_off_W, sa_off_O);
    result_free(&r);
}

static void t_self_position(void **state)
{
    (void)state;
    Scenario sc = self_scen(true);
    Result r;
    RUN_OK(&sc, &r);
    CHECK_MAT(r.PE, sa_PE);
    CHECK_MAT(r.Xin, sa_on_Xin);
    CHECK_MAT(r.Q, sa_on_Q);
    CHECK_MAT(r.K, sa_on_K);
    CHECK_MAT(r.V, sa_on_V);
    CHECK_HEAD(&r.main, sa_on_E, sa_on_W, sa_on_O);
    /* the input is borrowed, not changed */
    assert_memory_equal(sc.in[M_X].v, sa_X.v, 24 * sizeof(float));
    result_free(&r);
}

static void t_self_identity_causal(void **state)
{
    (void)state;
    /* no projections: Q = K = V = X + PE */
    Scenario sc = scen(MODE_SELF, SCORE_SCALED_DOT, DIST_SOFTMAX);
    sc.cfg.position = true;
    sc.cfg.mask = MASK_CAUSAL;
    sc.in[M_X] = fx(sa_X);
    Result r;
    RUN_OK(&sc, &r);
    CHECK_MAT(r.Q, sa_on_Xin);
    CHECK_MAT(r.K, sa_on_Xin);
    CHECK_MAT(r.V, sa_on_Xin);
    CHECK_HEAD(&r.main, sa_id_E, sa_id_W, sa_id_O);
    result_free(&r);
}

/* ---- multi-head ---- */

typedef struct {
    int h;
    bool pos;
    const FixMat *Q, *K, *V, *concat, *out, *Emean, *Wmean, *hE, *hW, *hO, *t_out, *t_avgw;
} MhCase;

#define MH_CASE(tag, h, pos)                                                              \
    {(h), (pos), &mh_##tag##_Q, &mh_##tag##_K, &mh_##tag##_V, &mh_##tag##_concat,         \
     &mh_##tag##_out, &mh_##tag##_Emean, &mh_##tag##_Wmean, &mh_##tag##_hE, &mh_##tag##_hW, \
     &mh_##tag##_hO, &mh_##tag##_torch_out, &mh_##tag##_torch_avgw}

static const MhCase mh_cases[] = {
    MH_CASE(h1, 1, false), MH_CASE(h2, 2, false), MH_CASE(h4, 4, false), MH_CASE(h2pe, 2, true),
};

static void t_multihead(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof mh_cases / sizeof mh_cases[0]; c++) {
        const MhCase *m = &mh_cases[c];
        Scenario sc = scen(MODE_MULTIHEAD, SCORE_SCALED_DOT, DIST_SOFTMAX);
        sc.cfg.heads = m->h;
        sc.cfg.position = m->pos;
        sc.in[M_X] = fx(mh_X);
        sc.in[M_WQ] = fx(mh_Wq);
        sc.in[M_WK] = fx(mh_Wk);
        sc.in[M_WV] = fx(mh_Wv);
        sc.in[M_WO] = fx(mh_Wo);
        Result r;
        RUN_OK(&sc, &r);
        CHECK_MAT(r.Q, *m->Q);
        CHECK_MAT(r.K, *m->K);
        CHECK_MAT(r.V, *m->V);
        assert_int_equal(r.n_heads, m->h);
        /* per head: its own block of d_model / h columns, scaled by 1/sqrt(d_model / h) */
        for (int h = 0; h < m->h; h++) {
            const AttnHead *hd = &r.heads[h];
            assert_int_equal(hd->dv, 8 / m->h);
            CHECK_MAT_ROWS(hd->scores, *m->hE, 5 * h);
            CHECK_MAT_ROWS(hd->weights, *m->hW, 5 * h);
            CHECK_MAT_ROWS(hd->output, *m->hO, 5 * h);
        }
        CHECK_MAT(r.concat, *m->concat);
        CHECK_MAT(r.main.output, *m->out);          /* concat Wo */
        CHECK_MAT(r.main.scores, *m->Emean);
        CHECK_MAT(r.main.weights, *m->Wmean);       /* the mean over heads */
        /* the same numbers PyTorch's nn.MultiheadAttention gives with
         * in_proj_weight = [Wq^T; Wk^T; Wv^T] and out_proj.weight = Wo^T */
        CHECK_MAT(r.main.output, *m->t_out);
        CHECK_MAT(r.main.weights, *m->t_avgw);
        result_free(&r);
    }
}

static Scenario mh_scen(ScoreKind k, int heads)
{
    Scenario sc = scen(MODE_MULTIHEAD, k, DIST_SOFTMAX);
    sc.cfg.heads = heads;
    sc.in[M_X] = fx(mh_X);
    sc.in[M_WQ] = fx(mh_Wq);
    sc.in[M_WK] = fx(mh_Wk);
    sc.in[M_WV] = fx(mh_Wv);
    sc.in[M_WO] = fx(mh_Wo);
    return sc;
}

static void t_multihead_causal_and_scores(void **state)
{
    (void)state;
    /* causal: PyTorch's attn_mask with True above the diagonal */
    Scenario sc = mh_scen(SCORE_SCALED_DOT, 2);
    sc.cfg.mask = MASK_CAUSAL;
    Result r;
    RUN_OK(&sc, &r);
    for (int h = 0; h < 2; h++)
        CHECK_MAT_ROWS(r.heads[h].weights, mh_causal_hW, 5 * h);
    CHECK_MAT(r.main.output, mh_causal_out);
    CHECK_MAT(r.main.output, mh_causal_torch_out);
    CHECK_MAT(r.main.weights, mh_causal_torch_avgw);
    result_free(&r);
    /* unscaled dot and cosine per head */
    const ScoreKind ks[2] = {SCORE_DOT, SCORE_COSINE};
    const FixMat *E[2] = {&mh_dot_hE, &mh_cosine_hE}, *W[2] = {&mh_dot_hW, &mh_cosine_hW};
    const FixMat *O[2] = {&mh_dot_out, &mh_cosine_out};
    for (int c = 0; c < 2; c++) {
        sc = mh_scen(ks[c], 2);
        RUN_OK(&sc, &r);
        for (int h = 0; h < 2; h++) {
            CHECK_MAT_ROWS(r.heads[h].scores, *E[c], 5 * h);
            CHECK_MAT_ROWS(r.heads[h].weights, *W[c], 5 * h);
        }
        CHECK_MAT(r.main.output, *O[c]);
        result_free(&r);
    }
}

/* Local attention per head. local-p's centre p_t comes from the token's
 * whole projected query (d_model wide, so Wp is (d_model, h)): each head's
 * own block of d_model / heads columns is too narrow for that Wp. */
static void t_multihead_local(void **state)
{
    (void)state;
    for (int lp = 0; lp < 2; lp++) {
        Scenario sc = scen(MODE_MULTIHEAD, SCORE_SCALED_DOT, lp ? DIST_LOCAL_P : DIST_LOCAL_M);
        sc.cfg.heads = 2;
        sc.cfg.window = lp ? 1 : 2;
        sc.in[M_X] = fx(ml_X);
        sc.in[M_WQ] = fx(ml_Wq);
        sc.in[M_WK] = fx(ml_Wk);
        sc.in[M_WV] = fx(ml_Wv);
        sc.in[M_WO] = fx(ml_Wo);
        sc.in[M_WP] = fx(ml_Wp);
        sc.in[M_VP] = fx(ml_vp);
        Result r;
        RUN_OK(&sc, &r);
        for (int h = 0; h < 2; h++) {
            assert_non_null(r.heads[h].centre);
            if (lp) {
                CHECK_VEC(r.heads[h].centre, ml_centre.v, 5);
            } else {
                for (int t = 0; t < 5; t++)
                    assert_true(r.heads[h].centre[t] == (float)t);
            }
            CHECK_MAT_ROWS(r.heads[h].weights, lp ? ml_lp_hW : ml_lm_hW, 5 * h);
        }
        CHECK_MAT(r.concat, lp ? ml_lp_concat : ml_lm_concat);
        CHECK_MAT(r.main.output, lp ? ml_lp_out : ml_lm_out);
        result_free(&r);
    }
}

/* ---- co-attention ---- */

static Scenario co_scen(ScoreKind k, CoMode mode, CoGrain grain)
{
    Scenario sc = scen(MODE_COATTENTION, k, DIST_SOFTMAX);
    sc.cfg.co_mode = mode;
    sc.cfg.co_grain = grain;
    sc.in[M_A] = fx(co_A);
    sc.in[M_B] = fx(co_B);
    sc.in[M_W] = fx(co_W);
    return sc;
}

/* got (rows, cols) against the transpose of want (cols, rows). */
static void check_transposed_at(Mat got, FixMat want, const char *file, int line)
{
    if (got.rows != want.cols || got.cols != want.rows)
        _fail(file, line);
    for (int i = 0; i < got.rows; i++)
        for (int j = 0; j < got.cols; j++)
            if (!near_tol(MAT_AT(got, i, j), want.v[j * want.cols + i], REL_TOL, ABS_TOL))
                _fail(file, line);
}

typedef struct {
    ScoreKind k;
    const FixMat *L, *fWab, *fOab, *fWba, *fOba;
    const FixMat *qa, *qb, *cEab, *cWab, *cOab, *cEba, *cWba, *cOba;
    const FixMat *aWab, *ab, *aEba, *aWba, *aOba;
} CoCase;

#define CO_CASE(k, s)                                                                           \
    {(k), &co_##s##_L, &co_##s##_fine_Wab, &co_##s##_fine_Oab, &co_##s##_fine_Wba,              \
     &co_##s##_fine_Oba, &co_##s##_coarse_qa, &co_##s##_coarse_qb, &co_##s##_coarse_Eab,         \
     &co_##s##_coarse_Wab, &co_##s##_coarse_Oab, &co_##s##_coarse_Eba, &co_##s##_coarse_Wba,     \
     &co_##s##_coarse_Oba, &co_##s##_alt_Wab, &co_##s##_alt_b, &co_##s##_alt_Eba,                \
     &co_##s##_alt_Wba, &co_##s##_alt_Oba}

static const CoCase co_cases[] = {
    CO_CASE(SCORE_DOT, dot), CO_CASE(SCORE_SCALED_DOT, scaled_dot), CO_CASE(SCORE_GENERAL, general),
};

static void t_co_parallel_fine(void **state)
{
    (void)state;
    for (size_t c = 0; c < 3; c++) {
        const CoCase *k = &co_cases[c];
        Scenario sc = co_scen(k->k, CO_PARALLEL, CO_FINE);
        Result r;
        RUN_OK(&sc, &r);
        CHECK_MAT(r.affinity, *k->L);
        /* A attends to B: softmax over the rows of L, output weights B */
        CHECK_HEAD(&r.main, *k->L, *k->fWab, *k->fOab);
        /* B attends to A: softmax over the columns of L, as rows */
        check_transposed_at(r.b2a.scores, *k->L, __FILE__, __LINE__);
        CHECK_MAT(r.b2a.weights, *k->fWba);
        CHECK_MAT(r.b2a.output, *k->fOba);
        result_free(&r);
    }
}

static void t_co_parallel_coarse(void **state)
{
    (void)state;
    for (size_t c = 0; c < 3; c++) {
        const CoCase *k = &co_cases[c];
        Scenario sc = co_scen(k->k, CO_PARALLEL, CO_COARSE);
        Result r;
        RUN_OK(&sc, &r);
        CHECK_MAT(r.affinity, *k->L);
        CHECK_MAT(r.query_a, *k->qa);               /* mean(A) */
        CHECK_MAT(r.query_b, *k->qb);               /* mean(B) */
        CHECK_HEAD(&r.main, *k->cEab, *k->cWab, *k->cOab);
        CHECK_HEAD(&r.b2a, *k->cEba, *k->cWba, *k->cOba);
        result_free(&r);
    }
}

static void t_co_alternating(void **state)
{
    (void)state;
    for (size_t c = 0; c < 3; c++) {
        const CoCase *k = &co_cases[c];
        Scenario sc = co_scen(k->k, CO_ALTERNATING, CO_COARSE);
        Result r;
        RUN_OK(&sc, &r);
        CHECK_MAT(r.query_a, *k->qa);
        /* mean(A) attends to B, giving the summary b ... */
        CHECK_MAT(r.main.weights, *k->aWab);
        CHECK_MAT(r.main.output, *k->ab);
        CHECK_MAT(r.query_b, *k->ab);
        /* ... which attends to A in turn */
        CHECK_HEAD(&r.b2a, *k->aEba, *k->aWba, *k->aOba);
        result_free(&r);
    }
    /* alternating works on summaries: fine-grained is refused, naming it */
    Scenario sc = co_scen(SCORE_DOT, CO_ALTERNATING, CO_FINE);
    EngineError why;
    assert_false(engine_validate(&sc, &why));
    assert_int_equal(why.field, CF_GRANULARITY);
    assert_int_equal(why.kind, EE_CO_FINE);
}

/* ---- a Result owns what it points to (engine.h) ---- */

/* An owned copy of a fixture, to be wiped and freed while a Result lives. */
static Mat owned(FixMat f) { return mat_copy(fx(f)); }
static void wipe(Mat *m)
{
    memset(m->v, 0, mat_size(*m) * sizeof(float));
    mat_free(m);
}

static void t_result_owns_its_matrices(void **state)
{
    (void)state;
    /* qkv: Q, K, V as attention used them */
    Scenario sc = scen(MODE_QKV, SCORE_DOT, DIST_SOFTMAX);
    Mat Q = owned(sc_Q), K = owned(sc_K), V = owned(sc_V);
    sc.in[M_Q] = Q, sc.in[M_K] = K, sc.in[M_V] = V;
    Result r;
    RUN_OK(&sc, &r);
    wipe(&Q), wipe(&K), wipe(&V);   /* the learner's edit replaced them */
    CHECK_MAT(r.Q, sc_Q);
    CHECK_MAT(r.K, sc_K);
    CHECK_MAT(r.V, sc_V);
    result_free(&r);
    /* self-attention without projections or position: Q = K = V = X */
    sc = scen(MODE_SELF, SCORE_SCALED_DOT, DIST_SOFTMAX);
    Mat X = owned(sa_X);
    sc.in[M_X] = X;
    RUN_OK(&sc, &r);
    wipe(&X);
    CHECK_MAT(r.Xin, sa_off_Xin);
    CHECK_MAT(r.Q, sa_off_Xin);
    CHECK_MAT(r.V, sa_off_Xin);
    result_free(&r);
    /* co-attention: Q = A, K = V = B */
    sc = scen(MODE_COATTENTION, SCORE_DOT, DIST_SOFTMAX);
    Mat A = owned(co_A), B = owned(co_B);
    sc.in[M_A] = A, sc.in[M_B] = B;
    RUN_OK(&sc, &r);
    wipe(&A), wipe(&B);
    CHECK_MAT(r.Q, co_A);
    CHECK_MAT(r.K, co_B);
    CHECK_MAT(r.V, co_B);
    result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_self_no_position),   cmocka_unit_test(t_self_position),
        cmocka_unit_test(t_self_identity_causal), cmocka_unit_test(t_multihead),
        cmocka_unit_test(t_multihead_local),
        cmocka_unit_test(t_multihead_causal_and_scores),
        cmocka_unit_test(t_co_parallel_fine),   cmocka_unit_test(t_co_parallel_coarse),
        cmocka_unit_test(t_co_alternating),     cmocka_unit_test(t_result_owns_its_matrices),
    };
    return cmocka_run_group_tests_name("engine_run: self, multihead, coattention", tests, NULL, NULL);
}
