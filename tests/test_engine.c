/* test_engine.c - the kernels of src/engine/attention.h against numpy: every score,
 * every distribution (with and without a mask), the masks, the position
 * encoding and the random generator. Expected values come from
 * tests/gen_fixtures.py (tests/fixtures/engine_fixtures.h). engine_run is
 * tested in test_engine_run.c, the edge cases in test_engine_edge.c. */
#include "engine_testutil.h"

/* ---- scores ---- */

static void t_score_dot(void **state)
{
    (void)state;
    Mat E = mat_new(3, 5);
    attn_score_dot(fx(sc_Q), fx(sc_K), 1.0f, E);
    CHECK_MAT(E, sc_E_dot);
    attn_score_dot(fx(sc_Q), fx(sc_K), 1.0f / sqrtf(4.0f), E);
    CHECK_MAT(E, sc_E_scaled_dot);
    mat_free(&E);
}

static void t_score_general(void **state)
{
    (void)state;
    Mat E = mat_new(3, 5), tmp = mat_new(3, 4);
    attn_score_general(fx(sc_Q), fx(sc_W), fx(sc_K), tmp, E);
    CHECK_MAT(E, sc_E_general);
    mat_free(&tmp);
    /* keys narrower than the queries: W (4, 3) */
    tmp = mat_new(3, 3);
    attn_score_general(fx(sc_Q), fx(sc_W43), fx(sc_K3), tmp, E);
    CHECK_MAT(E, sc_E_general3);
    mat_free(&tmp);
    mat_free(&E);
}

static void t_score_additive(void **state)
{
    (void)state;
    Mat E = mat_new(3, 5), qa = mat_new(3, 6), ka = mat_new(5, 6);
    attn_score_additive(fx(sc_Q), fx(sc_K), fx(sc_Wa), fx(sc_Ua), fx(sc_va), qa, ka, E);
    CHECK_MAT(E, sc_E_additive);
    attn_score_additive(fx(sc_Q), fx(sc_K3), fx(sc_Wa), fx(sc_Ua3), fx(sc_va), qa, ka, E);
    CHECK_MAT(E, sc_E_additive3);
    mat_free(&E), mat_free(&qa), mat_free(&ka);
}

static void t_score_location(void **state)
{
    (void)state;
    Mat E = mat_new(3, 5);
    attn_score_location(fx(sc_Q), fx(sc_Wl), E);
    CHECK_MAT(E, sc_E_location);
    mat_free(&E);
}

static void t_score_cosine(void **state)
{
    (void)state;
    Mat E = mat_new(3, 5);
    attn_score_cosine(fx(sc_Q), fx(sc_K), E);
    CHECK_MAT(E, sc_E_cosine);
    for (int i = 0; i < 15; i++)
        assert_true(fabsf(E.v[i]) <= 1.0f + 1e-6f);
    /* a zero query row and a zero key row score exactly 0, not NaN */
    attn_score_cosine(fx(sc_Qz), fx(sc_Kz), E);
    CHECK_MAT(E, sc_E_cosine_z);
    mat_free(&E);
}

/* ---- distributions, row by row over ds_E (4, 6), with and without ds_keep ---- */

typedef bool (*RowFn)(const float *e, const uint8_t *keep, int n, const void *arg, float *w);

static bool row_softmax(const float *e, const uint8_t *k, int n, const void *a, float *w)
{
    return attn_softmax(e, k, n, *(const float *)a, w);
}
static bool row_sigmoid(const float *e, const uint8_t *k, int n, const void *a, float *w)
{
    return attn_sigmoid(e, k, n, *(const float *)a, w);
}
static bool row_argmax(const float *e, const uint8_t *k, int n, const void *a, float *w)
{
    (void)a;
    return attn_argmax(e, k, n, w);
}
static bool row_sparsemax(const float *e, const uint8_t *k, int n, const void *a, float *w)
{
    return attn_sparsemax(e, k, n, *(const float *)a, w);
}
typedef struct { int k; float T; } TopkArg;
static bool row_topk(const float *e, const uint8_t *k, int n, const void *a, float *w)
{
    const TopkArg *t = a;
    return attn_topk(e, k, n, t->k, t->T, w);
}

/* Runs fn over every row of ds_E, unmasked against want and masked by
 * ds_keep against want_m; masked entries must come out exactly 0. */
static void check_rows_at(RowFn fn, const void *arg, FixMat want, FixMat want_m, const char *file,
                          int line)
{
    uint8_t keep[24];
    float w[6];
    fx_keep(ds_keep, keep);
    for (int i = 0; i < 4; i++) {
        memset(w, 0x7f, sizeof w);      /* garbage in: every entry must be written */
        assert_true(fn(fx_row(ds_E, i), NULL, 6, arg, w));
        check_vec_at(w, fx_row(want, i), 6, "unmasked row", file, line);
        memset(w, 0x7f, sizeof w);
        assert_true(fn(fx_row(ds_E, i), keep + 6 * i, 6, arg, w));
        check_vec_at(w, fx_row(want_m, i), 6, "masked row", file, line);
        for (int j = 0; j < 6; j++)
            if (!keep[6 * i + j] && w[j] != 0.0f) {
                print_error("masked entry [%d][%d] = %g\n", i, j, (double)w[j]);
                _fail(file, line);
            }
    }
}
#define CHECK_ROWS(fn, arg, want, want_m) check_rows_at((fn), (arg), (want), (want_m), __FILE__, __LINE__)

static void t_softmax(void **state)
{
    (void)state;
    float T1 = 1.0f, T05 = 0.5f, T25 = 2.5f;
    CHECK_ROWS(row_softmax, &T1, ds_softmax_T1p0, ds_softmax_T1p0_m);
    CHECK_ROWS(row_softmax, &T05, ds_softmax_T0p5, ds_softmax_T0p5_m);
    CHECK_ROWS(row_softmax, &T25, ds_softmax_T2p5, ds_softmax_T2p5_m);
}

static void t_sigmoid(void **state)
{
    (void)state;
    float T1 = 1.0f, T2 = 2.0f;
    CHECK_ROWS(row_sigmoid, &T1, ds_sigmoid_T1p0, ds_sigmoid_T1p0_m);
    CHECK_ROWS(row_sigmoid, &T2, ds_sigmoid_T2p0, ds_sigmoid_T2p0_m);
}

static void t_argmax(void **state)
{
    (void)state;
    CHECK_ROWS(row_argmax, NULL, ds_argmax, ds_argmax_m);
}

static void t_argmax_ties(void **state)
{
    (void)state;
    float w[6];
    /* (1, 3, 2, 3, 2, 0): the two 3s tie, the first (index 1) wins */
    assert_true(attn_argmax(tie_e.v, NULL, 6, w));
    CHECK_VEC(w, tie_argmax.v, 6);
    assert_true(w[1] == 1.0f && w[3] == 0.0f);
    /* with index 1 masked, the tie is gone: index 3 */
    uint8_t keep[6] = {1, 0, 1, 1, 1, 1};
    assert_true(attn_argmax(tie_e.v, keep, 6, w));
    assert_true(w[3] == 1.0f && w[1] == 0.0f);
    /* every score equal: the first kept entry */
    const float flat[4] = {0.5f, 0.5f, 0.5f, 0.5f};
    uint8_t k2[4] = {0, 1, 1, 1};
    assert_true(attn_argmax(flat, k2, 4, w));
    assert_true(w[0] == 0.0f && w[1] == 1.0f && w[2] == 0.0f && w[3] == 0.0f);
}

static void t_topk(void **state)
{
    (void)state;
    TopkArg a1 = {1, 1.0f}, a2 = {2, 1.0f}, a3 = {3, 1.0f}, a2h = {2, 0.5f};
    CHECK_ROWS(row_topk, &a1, ds_topk1, ds_topk1_m);
    CHECK_ROWS(row_topk, &a2, ds_topk2, ds_topk2_m);
    CHECK_ROWS(row_topk, &a3, ds_topk3, ds_topk3_m);
    CHECK_ROWS(row_topk, &a2h, ds_topk2_T0p5, ds_topk2_T0p5_m);
    /* k at least the row's length is plain softmax */
    TopkArg a6 = {6, 1.0f}, a9 = {9, 1.0f};
    CHECK_ROWS(row_topk, &a6, ds_softmax_T1p0, ds_softmax_T1p0_m);
    CHECK_ROWS(row_topk, &a9, ds_softmax_T1p0, ds_softmax_T1p0_m);
}

static void t_topk_ties(void **state)
{
    (void)state;
    float w[6];
    const FixMat *want[4] = {&tie_topk1, &tie_topk2, &tie_topk3, &tie_topk4};
    for (int k = 1; k <= 4; k++) {
        assert_true(attn_topk(tie_e.v, NULL, 6, k, 1.0f, w));
        CHECK_VEC(w, want[k - 1]->v, 6);
        int nonzero = 0;
        for (int j = 0; j < 6; j++)
            nonzero += w[j] != 0.0f;
        assert_int_equal(nonzero, k);   /* the rest exactly 0 */
    }
    /* k = 3: the 3s (1, 3) and the first 2 (index 2), not index 4 */
    assert_true(attn_topk(tie_e.v, NULL, 6, 3, 1.0f, w));
    assert_true(w[2] > 0.0f && w[4] == 0.0f);
}

static void t_sparsemax(void **state)
{
    (void)state;
    float T1 = 1.0f, T05 = 0.5f, T3 = 3.0f;
    CHECK_ROWS(row_sparsemax, &T1, ds_sparsemax_T1p0, ds_sparsemax_T1p0_m);
    CHECK_ROWS(row_sparsemax, &T05, ds_sparsemax_T0p5, ds_sparsemax_T0p5_m);
    CHECK_ROWS(row_sparsemax, &T3, ds_sparsemax_T3p0, ds_sparsemax_T3p0_m);
    /* by hand: z = (1.5, 1, -1): support {0, 1}, tau = 0.75 -> (0.75, 0.25, 0) */
    float w[3];
    assert_true(attn_sparsemax(sp_e.v, NULL, 3, 1.0f, w));
    CHECK_VEC(w, sp_w.v, 3);
    assert_true(w[2] == 0.0f);
    /* each row sums to 1 with exact zeros */
    float r[6];
    for (int i = 0; i < 4; i++) {
        assert_true(attn_sparsemax(fx_row(ds_E, i), NULL, 6, 1.0f, r));
        float s = 0;
        for (int j = 0; j < 6; j++)
            s += r[j];
        assert_true(fabsf(s - 1.0f) < 1e-6f);
    }
}

static void t_local_m(void **state)
{
    (void)state;
    uint8_t keep[24];
    float w[6];
    fx_keep(ds_keep, keep);
    const FixMat *want[2] = {&ds_localm_D1, &ds_localm_D2};
    const FixMat *want_m[2] = {&ds_localm_D1_m, &ds_localm_D2_m};
    for (int D = 1; D <= 2; D++)
        for (int i = 0; i < 4; i++) {
            /* local-m: the centre is the query's own position */
            assert_true(attn_local_m(fx_row(ds_E, i), NULL, 6, 1.0f, (float)i, D, w));
            CHECK_VEC(w, fx_row(*want[D - 1], i), 6);
            assert_true(attn_local_m(fx_row(ds_E, i), keep + 6 * i, 6, 1.0f, (float)i, D, w));
            CHECK_VEC(w, fx_row(*want_m[D - 1], i), 6);
        }
    /* no Gaussian (Luong et al., 2015, sec. 3.2: it is local-p's): equal
     * scores, D = 2, p = 2, n = 5: the window holds all five, 1/5 each */
    const float flat[5] = {0, 0, 0, 0, 0};
    assert_true(attn_local_m(flat, NULL, 5, 1.0f, 2.0f, 2, w));
    for (int s = 0; s < 5; s++)
        assert_true(near_tol(w[s], 0.2, REL_TOL, ABS_TOL));
    /* a centre that is not a whole number: 2D positions in the window */
    assert_true(attn_local_m(lmf_e.v, NULL, 5, 1.0f, 1.5f, 1, w));
    CHECK_VEC(w, lmf_W.v, 5);
    assert_true(w[0] == 0.0f && w[3] == 0.0f && w[4] == 0.0f);
    assert_true(attn_local_m(lmf_e.v, NULL, 5, 1.0f, 1.5f, 2, w));
    CHECK_VEC(w, lmf_W_D2.v, 5);
    /* a window wholly past the keys: nothing to weigh */
    assert_false(attn_local_m(lmf_e.v, NULL, 5, 1.0f, 7.0f, 1, w));
}

static void t_local_p(void **state)
{
    (void)state;
    uint8_t keep[24];
    float w[6];
    fx_keep(ds_keep, keep);
    const FixMat *want[2] = {&ds_localp_D1, &ds_localp_D2};
    const FixMat *want_m[2] = {&ds_localp_D1_m, &ds_localp_D2_m};
    for (int i = 0; i < 4; i++) {
        float p = attn_local_p_centre(fx_row(ds_Qp, i), fx(ds_Wp), fx(ds_vp), 6);
        assert_true(near_tol(p, ds_centre.v[i], REL_TOL, ABS_TOL));
        assert_true(p >= 0.0f && p <= 6.0f);
        for (int D = 1; D <= 2; D++) {
            /* the fixture's centre, so that the window test is numpy's */
            assert_true(attn_local_p(fx_row(ds_E, i), NULL, 6, 1.0f, ds_centre.v[i], D, w));
            CHECK_VEC(w, fx_row(*want[D - 1], i), 6);
            assert_true(attn_local_p(fx_row(ds_E, i), keep + 6 * i, 6, 1.0f, ds_centre.v[i], D, w));
            CHECK_VEC(w, fx_row(*want_m[D - 1], i), 6);
        }
    }    /* the Gaussian by hand: equal scores, D = 2, p = 2, n = 5: softmax 1/5
     * each, times exp(-(s-2)^2 / 2) (sigma = 1) */
    const float flat[5] = {0, 0, 0, 0, 0};
    assert_true(attn_local_p(flat, NULL, 5, 1.0f, 2.0f, 2, w));
    for (int s = 0; s < 5; s++) {
        double want_s = 0.2 * exp(-(s - 2.0) * (s - 2.0) / 2.0);
        assert_true(near_tol(w[s], want_s, REL_TOL, ABS_TOL));
    }
}

/* ---- sampled hard attention ---- */

static void t_sample(void **state)
{
    (void)state;
    uint8_t keep[24];
    float w1[6], w2[6];
    fx_keep(ds_keep, keep);
    for (int i = 0; i < 4; i++) {
        /* the same seed draws the same sample */
        uint64_t r1 = 1234 + (uint64_t)i, r2 = r1;
        assert_true(attn_sample(fx_row(ds_E, i), keep + 6 * i, 6, 1.0f, 1, &r1, w1));
        assert_true(attn_sample(fx_row(ds_E, i), keep + 6 * i, 6, 1.0f, 1, &r2, w2));
        assert_memory_equal(w1, w2, sizeof w1);
        assert_true(r1 == r2 && r1 != 1234 + (uint64_t)i);   /* the state moved on */
        /* a draw is a one-hot at a kept key */
        int ones = 0;
        for (int j = 0; j < 6; j++) {
            assert_true(w1[j] == 0.0f || w1[j] == 1.0f);
            ones += w1[j] == 1.0f;
            if (!keep[6 * i + j])
                assert_true(w1[j] == 0.0f);
        }
        assert_int_equal(ones, 1);
    }
    /* different seeds do not all draw the same key (row 0's largest weight
     * is 0.60: 32 equal draws would have odds of 0.6^31, about 1e-7) */
    int first = -1;
    bool differ = false;
    for (uint64_t s = 0; s < 32; s++) {
        uint64_t r = s;
        assert_true(attn_sample(fx_row(ds_E, 0), NULL, 6, 1.0f, 1, &r, w1));
        int j = 0;
        while (w1[j] != 1.0f)
            j++;
        if (first < 0)
            first = j;
        differ |= j != first;
    }
    assert_true(differ);
}

static void t_sample_average(void **state)
{
    (void)state;
    uint8_t keep[24];
    fx_keep(ds_keep, keep);
    /* 20 x 1000 draws: the mean approaches softmax. The standard error of a
     * frequency is at most 0.5/sqrt(20000) = 0.0035, so 0.02 is > 5 sigma. */
    for (int i = 0; i < 4; i++) {
        double mean[6] = {0};
        float w[6];
        uint64_t rng = 99;
        for (int rep = 0; rep < 20; rep++) {
            assert_true(attn_sample(fx_row(ds_E, i), keep + 6 * i, 6, 2.5f, 1000, &rng, w));
            double s = 0;
            for (int j = 0; j < 6; j++) {
                /* an average of 1000 one-hots: multiples of 1/1000 */
                double c = w[j] * 1000.0;
                assert_true(fabs(c - round(c)) < 1e-3);
                s += w[j];
                mean[j] += w[j] / 20.0;
            }
            assert_true(fabs(s - 1.0) < 1e-5);
        }
        for (int j = 0; j < 6; j++) {
            double want = fx_row(ds_softmax_T2p5_m, i)[j];
            if (!keep[6 * i + j])
                assert_true(mean[j] == 0.0);
            if (fabs(mean[j] - want) > 0.02) {
                print_error("row %d key %d: mean %.4f, softmax %.4f\n", i, j, mean[j], want);
                fail();
            }
        }
    }
}

static void t_uniform_splitmix(void **state)
{
    (void)state;
    /* FORMAT.md says splitmix64: the reference sequence from seed 42 */
    uint64_t s = 42;
    for (int i = 0; i < 8; i++) {
        double u = attn_uniform(&s);
        assert_true(u >= 0.0 && u < 1.0);
        if (fabs(u - fx_splitmix42[i]) > 1e-9) {
            print_error("draw %d: got %.17g, want %.17g\n", i, u, fx_splitmix42[i]);
            fail();
        }
    }
}

/* ---- masks ---- */

/* The mask kernels narrow the mask they are given (they only clear
 * entries), so a combination is attn_mask_all followed by each mask. */
static void t_masks(void **state)
{
    (void)state;
    uint8_t keep[20];
    const int one[1] = {3}, per_row[4] = {1, 3, 5, 2}, mixed[4] = {4, 2, 5, 5};
    attn_mask_all(keep, 4, 5);
    for (int i = 0; i < 20; i++)
        assert_int_equal(keep[i], 1);
    attn_mask_valid_lens(keep, 4, 5, one, 1);
    CHECK_KEEP(keep, mk_keep_pad3);
    attn_mask_all(keep, 4, 5);
    attn_mask_valid_lens(keep, 4, 5, per_row, 4);
    CHECK_KEEP(keep, mk_keep_padrows);
    attn_mask_all(keep, 4, 5);
    attn_mask_causal(keep, 4, 5);
    CHECK_KEEP(keep, mk_keep_causal);
    attn_mask_all(keep, 4, 5);
    attn_mask_matrix(keep, fx(mk_M));
    CHECK_KEEP(keep, mk_keep_matrix);
    /* combinations: the intersection, in any order */
    attn_mask_all(keep, 4, 5);
    attn_mask_causal(keep, 4, 5);
    attn_mask_valid_lens(keep, 4, 5, one, 1);
    CHECK_KEEP(keep, mk_keep_pad3_causal);
    attn_mask_all(keep, 4, 5);
    attn_mask_matrix(keep, fx(mk_M));
    attn_mask_causal(keep, 4, 5);
    CHECK_KEEP(keep, mk_keep_causal_matrix);
    attn_mask_all(keep, 4, 5);
    attn_mask_valid_lens(keep, 4, 5, per_row, 4);
    attn_mask_matrix(keep, fx(mk_M));
    CHECK_KEEP(keep, mk_keep_padrows_matrix);
    attn_mask_all(keep, 4, 5);
    attn_mask_valid_lens(keep, 4, 5, mixed, 4);
    attn_mask_causal(keep, 4, 5);
    attn_mask_matrix(keep, fx(mk_M));
    CHECK_KEEP(keep, mk_keep_all3);
}

/* Softmax through each mask: weights and outputs against numpy. */
static void t_masked_attention(void **state)
{
    (void)state;
    struct { const FixMat *keep, *W, *O; } cases[] = {
        {&mk_keep_pad3, &mk_W_pad3, &mk_O_pad3},
        {&mk_keep_padrows, &mk_W_padrows, &mk_O_padrows},
        {&mk_keep_causal, &mk_W_causal, &mk_O_causal},
        {&mk_keep_matrix, &mk_W_matrix, &mk_O_matrix},
        {&mk_keep_pad3_causal, &mk_W_pad3_causal, &mk_O_pad3_causal},
        {&mk_keep_causal_matrix, &mk_W_causal_matrix, &mk_O_causal_matrix},
        {&mk_keep_padrows_matrix, &mk_W_padrows_matrix, &mk_O_padrows_matrix},
        {&mk_keep_all3, &mk_W_all3, &mk_O_all3},
    };
    Mat E = mat_new(4, 5), W = mat_new(4, 5), O = mat_new(4, 2);
    uint8_t keep[20];
    attn_score_dot(fx(mk_Q), fx(mk_K), 1.0f, E);
    CHECK_MAT(E, mk_E);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        fx_keep(*cases[c].keep, keep);
        for (int i = 0; i < 4; i++) {
            bool any = false;   /* padrows_matrix leaves row 3 empty */
            for (int j = 0; j < 5; j++)
                any |= keep[5 * i + j] != 0;
            assert_int_equal(attn_softmax(&MAT_AT(E, i, 0), keep + 5 * i, 5, 1.0f, &MAT_AT(W, i, 0)), any);
        }
        CHECK_MAT(W, *cases[c].W);
        attn_weighted_sum(W, fx(mk_V), O);
        CHECK_MAT(O, *cases[c].O);
    }
    mat_free(&E), mat_free(&W), mat_free(&O);
}

/* ---- weighted sum, products, position encoding ---- */

static void t_weighted_sum(void **state)
{
    (void)state;
    Mat O = mat_new(4, 2);
    attn_weighted_sum(fx(mk_W_causal_matrix), fx(mk_V), O);
    CHECK_MAT(O, mk_O_causal_matrix);
    attn_weighted_sum(fx(mk_W_empty), fx(mk_V), O);
    CHECK_MAT(O, mk_O_empty);
    mat_free(&O);
    Mat Q = mat_new(4, 4);
    attn_matmul(fx(sa_X), fx(sa_Wq), Q);
    CHECK_MAT(Q, sa_off_Q);
    mat_free(&Q);
}

static void t_position_encoding(void **state)
{
    (void)state;
    Mat PE = mat_new(4, 6);
    attn_position_encoding(PE);
    CHECK_MAT(PE, sa_PE);
    mat_free(&PE);
    PE = mat_new(5, 5);     /* an odd width: the last column is a sine */
    attn_position_encoding(PE);
    CHECK_MAT(PE, pe_5x5);
    mat_free(&PE);
    /* lesson-sized: angles up to 63 rad lose ~4e-6 in float, hence 2e-5 */
    PE = mat_new(64, 64);
    attn_position_encoding(PE);
    for (int i = 0; i < 64 * 64; i++)
        assert_true(fabsf(PE.v[i] - pe_64x64.v[i]) <= 2e-5f);
    mat_free(&PE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_score_dot),       cmocka_unit_test(t_score_general),
        cmocka_unit_test(t_score_additive),  cmocka_unit_test(t_score_location),
        cmocka_unit_test(t_score_cosine),    cmocka_unit_test(t_softmax),
        cmocka_unit_test(t_sigmoid),         cmocka_unit_test(t_argmax),
        cmocka_unit_test(t_argmax_ties),     cmocka_unit_test(t_topk),
        cmocka_unit_test(t_topk_ties),       cmocka_unit_test(t_sparsemax),
        cmocka_unit_test(t_local_m),         cmocka_unit_test(t_local_p),
        cmocka_unit_test(t_sample),          cmocka_unit_test(t_sample_average),
        cmocka_unit_test(t_uniform_splitmix), cmocka_unit_test(t_masks),
        cmocka_unit_test(t_masked_attention),
        cmocka_unit_test(t_weighted_sum),    cmocka_unit_test(t_position_encoding),
    };
    return cmocka_run_group_tests_name("engine kernels", tests, NULL, NULL);
}
