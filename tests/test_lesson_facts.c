/* test_lesson_facts.c - for each lesson, the facts its narration relies on,
 * against hand-derived numbers (the derivation is in the comment beside
 * each) or the numpy reference of tests/lesson_facts.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lesson_helpers.h"

#define EPS 1e-5

/* A lesson with every step computed, released by facts_free(). */
typedef struct {
    Lesson l;
    Result r[16];
} Facts;

static void facts_load(Facts *f, const char *name)
{
    th_load(name, &f->l);
    assert_true(f->l.n_steps <= 16);
    for (int k = 1; k <= f->l.n_steps; k++)
        th_run(&f->l, k, &f->r[k - 1]);
}

static void facts_free(Facts *f)
{
    for (int k = 0; k < f->l.n_steps; k++)
        result_free(&f->r[k]);
    lesson_free(&f->l);
}

/* Step k's weights and output (from 1). */
#define WT(f, k, i, j) MAT_AT((f).r[(k) - 1].main.weights, i, j)
#define OUT(f, k, i, j) MAT_AT((f).r[(k) - 1].main.output, i, j)

/* Softmax of a short row, in double: the hand derivation. */
static double softmax_at(const double *e, int n, int j)
{
    double s = 0.0;
    for (int k = 0; k < n; k++)
        s += exp(e[k]);
    return exp(e[j]) / s;
}

/* ---- 1: the three stages; the weights read as an alignment */
static void test_l01_three_stages(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "01-three-stages.lesson");
    /* "chat" . keys: the 0.1*1 + 0.3*0.1 = 0.13, cat 2.0, sat 0.1*0.1 + 0.3*1 = 0.31,
     * down 2*0.1 + 0.3*0.3 = 0.29 */
    const double chat[] = {0.13, 2.0, 0.31, 0.29};
    for (int j = 0; j < 4; j++) {
        th_near(MAT_AT(f.r[1].main.scores, 1, j), chat[j], EPS, "scores", 1, j);
        th_near(WT(f, 3, 1, j), softmax_at(chat, 4, j), EPS, "weights", 1, j);
    }
    /* output = sum_j a_j v_j with V's rows (1,0) (0,1) (.5,.5) (.2,.8) */
    double o0 = WT(f, 4, 1, 0) + 0.5 * WT(f, 4, 1, 2) + 0.2 * WT(f, 4, 1, 3);
    th_near(OUT(f, 4, 1, 0), o0, EPS, "output", 1, 0);
    /* the alignment: le -> the, chat -> cat, s'assit -> sat (then down) */
    for (int i = 0; i < 3; i++)
        assert_int_equal(th_argmax_row(f.r[4].main.weights, i), i);
    assert_true(WT(f, 5, 2, 3) > WT(f, 5, 2, 0) && WT(f, 5, 2, 3) > WT(f, 5, 2, 1));
    facts_free(&f);
}

/* ---- 2: score functions; the unscaled softmax turns one-hot as d grows */
static void test_l02_scaling(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "02-score-functions.lesson");
    /* dot scores (2, 3, 0, 0); scaled by sqrt(4): (1, 1.5, 0, 0) */
    const double dot[] = {2, 3, 0, 0}, scaled[] = {1, 1.5, 0, 0};
    for (int j = 0; j < 4; j++) {
        th_near(WT(f, 1, 0, j), softmax_at(dot, 4, j), EPS, "dot", 0, j);
        th_near(WT(f, 2, 0, j), softmax_at(scaled, 4, j), EPS, "scaled", 0, j);
    }
    /* general: k3 wins; additive: k1 wins; location: the fourth position */
    assert_int_equal(th_argmax_row(f.r[2].main.weights, 0), 2);
    assert_int_equal(th_argmax_row(f.r[3].main.weights, 0), 0);
    assert_int_equal(th_argmax_row(f.r[4].main.weights, 0), 3);
    /* d = 2 unscaled: (2, 0, 0, -2); d = 8 unscaled: (4, 0, 0, -4);
     * d = 8 scaled: (4, 0, 0, -4) / sqrt(8) = (sqrt 2, 0, 0, -sqrt 2) */
    const double d2[] = {2, 0, 0, -2}, d8[] = {4, 0, 0, -4}, d8s[] = {M_SQRT2, 0, 0, -M_SQRT2};
    th_near(WT(f, 6, 0, 0), softmax_at(d2, 4, 0), EPS, "d=2", 0, 0);
    th_near(WT(f, 7, 0, 0), softmax_at(d8, 4, 0), EPS, "d=8", 0, 0);
    th_near(WT(f, 8, 0, 0), softmax_at(d8s, 4, 0), EPS, "d=8 scaled", 0, 0);
    assert_true(WT(f, 7, 0, 0) > 0.96);     /* near one-hot */
    assert_true(WT(f, 8, 0, 0) < 0.7);      /* soft again */
    facts_free(&f);
}

/* Location-based scores ignore the keys: change every key, same weights. */
static void test_l02_location_ignores_keys(void **state)
{
    (void)state;
    Lesson l;
    th_load("02-score-functions.lesson", &l);
    Result a, b;
    th_run(&l, 5, &a);
    Scenario sc = lesson_scenario(&l, 4);
    Mat K = mat_copy(sc.in[M_K]);
    for (size_t t = 0; t < mat_size(K); t++)
        K.v[t] = 7.0f - (float)t;
    sc.in[M_K] = K;
    th_run_sc(&l, 5, &sc, &b);
    th_mat_near(a.main.weights, (double[]){MAT_AT(b.main.weights, 0, 0), MAT_AT(b.main.weights, 0, 1),
                                           MAT_AT(b.main.weights, 0, 2), MAT_AT(b.main.weights, 0, 3)},
                1, 4, 0.0, "location weights");
    mat_free(&K);
    result_free(&a);
    result_free(&b);
    lesson_free(&l);
}

/* ---- 3: soft, hard, local */
static void test_l03_distributions(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "03-soft-hard-local.lesson");
    const double q[] = {1.0, 3.0, 0.5, 2.5, -1.0, 0.0};
    for (int j = 0; j < 6; j++) {
        th_near(WT(f, 1, 0, j), softmax_at(q, 6, j), EPS, "softmax", 0, j);
        /* scores + 1000: the same weights, no overflow */
        th_near(WT(f, 3, 0, j), WT(f, 1, 0, j), 1e-6, "shifted", 0, j);
        th_near(WT(f, 4, 0, j), 1.0 / (1.0 + exp(-q[j])), EPS, "sigmoid", 0, j);
        th_near(WT(f, 5, 0, j), j == 1, 0.0, "argmax", 0, j);
    }
    assert_true(WT(f, 2, 0, 1) > WT(f, 1, 0, 1));   /* T = 0.25 is sharper */
    /* sampling: seed 1 draws "black", seed 6 "sees" (splitmix64 in
     * gen_lesson_facts.py); 200 draws land near the softmax */
    th_near(WT(f, 6, 0, 1), 1.0, 0.0, "seed 1", 0, 1);
    th_near(WT(f, 7, 0, 3), 1.0, 0.0, "seed 6", 0, 3);
    for (int j = 0; j < 6; j++)
        th_near(WT(f, 8, 0, j), WT(f, 1, 0, j), 0.05, "200 draws", 0, j);
    /* top-2 of (3, 2.5): softmax(3, 2.5) = 1/(1+e^-0.5); sparsemax: tau =
     * (3 + 2.5 - 1)/2 = 2.25, so (0.75, 0.25); every other weight exactly 0 */
    for (int j = 0; j < 6; j++) {
        if (j == 1 || j == 3)
            continue;
        assert_true(WT(f, 9, 0, j) == 0.0f && WT(f, 10, 0, j) == 0.0f);
    }
    th_near(WT(f, 9, 0, 1), 1.0 / (1.0 + exp(-0.5)), EPS, "top-k", 0, 1);
    th_near(WT(f, 10, 0, 1), 0.75, EPS, "sparsemax", 0, 1);
    th_near(WT(f, 10, 0, 3), 0.25, EPS, "sparsemax", 0, 3);
    facts_free(&f);
}

static void test_l03_local_window(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "03-soft-hard-local.lesson");
    for (int k = 11; k <= 12; k++) {
        const AttnHead *h = &f.r[k - 1].main;
        assert_non_null(h->centre);
        for (int i = 0; i < h->nq; i++)
            for (int s = 0; s < h->nk; s++)
                if (fabs(s - h->centre[i]) > 1.0)   /* window D = 1 */
                    assert_true(MAT_AT(h->weights, i, s) == 0.0f);
    }
    /* local-m centres on t; "negro" (t = 2) gives "black" (s = 1)
     * softmax(2, 0, 0)[0] over its window: no Gaussian (Luong et al., 2015,
     * sec. 3.2: the Gaussian is local-p's) */
    assert_true(f.r[10].main.centre[2] == 2.0f);
    const double e[] = {2, 0, 0};
    th_near(WT(f, 11, 2, 1), softmax_at(e, 3, 0), EPS, "local-m", 2, 1);
    /* local-p: the centres follow the reordering (black before cat) */
    assert_true(f.r[11].main.centre[2] < f.r[11].main.centre[1]);
    assert_int_equal(th_argmax_row(f.r[11].main.weights, 2), 1);
    facts_free(&f);
}

/* ---- 4: masking */
static void test_l04_masks(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "04-masking.lesson");
    /* no mask: a pad scores 0 and "j'" (score 2 on "I") gives it 1/(e^2 + 4) */
    th_near(WT(f, 1, 0, 3), 1.0 / (exp(2.0) + 4.0), EPS, "pad", 0, 3);
    for (int i = 0; i < 4; i++)
        for (int j = 3; j < 5; j++)
            assert_true(WT(f, 2, i, j) == 0.0f);
    th_near(WT(f, 2, 0, 0), exp(2.0) / (exp(2.0) + 2.0), EPS, "masked pad", 0, 0);
    /* causal: the future gets exactly 0, and every row equals its prefix */
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            assert_true(WT(f, 5, i, j) == 0.0f);
    /* row "have" of the causal step = the one query "have" over "I have" */
    for (int j = 0; j < 2; j++) {
        th_near(WT(f, 5, 1, j), WT(f, 4, 0, j), 1e-6, "causal vs prefix", 1, j);
        th_near(OUT(f, 5, 1, j), OUT(f, 4, 0, j), 1e-6, "causal vs prefix output", 1, j);
    }
    assert_true(WT(f, 3, 0, 3) > 0.4);   /* without a mask "I" looks at "dream" */
    /* the fully masked row: zero weights, zero output, flagged, no NaN */
    const Result *r = &f.r[6];
    assert_true(r->main.row_empty[2] && r->any_row_empty);
    for (int j = 0; j < 4; j++)
        assert_true(WT(f, 7, 2, j) == 0.0f);
    assert_true(OUT(f, 7, 2, 0) == 0.0f && OUT(f, 7, 2, 1) == 0.0f);
    facts_free(&f);
}

/* ---- 5: self-attention; shuffling without position only shuffles */
static void test_l05_shuffle(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "05-self-attention.lesson");
    static const int perm[] = {2, 1, 0};   /* "man bites dog" row i = "dog bites man" row perm[i] */
    double worst = 0.0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 2; j++) {
            th_near(OUT(f, 5, i, j), OUT(f, 4, perm[i], j), 1e-6, "shuffled output", i, j);
            worst = fmax(worst, fabs(OUT(f, 7, i, j) - OUT(f, 6, perm[i], j)));
        }
    assert_true(worst > 0.1);              /* with position: not a reordering */
    /* "bites" is the same word at the same position in both sentences, yet
     * its output changes with position encoding (it does not without) */
    th_near(OUT(f, 5, 1, 0), OUT(f, 4, 1, 0), 1e-6, "bites", 1, 0);
    assert_true(fabs(OUT(f, 7, 1, 0) - OUT(f, 6, 1, 0)) > 0.1);
    /* row "dog" by hand: q = (2, 0); keys (0.5, 2), (2.25, 0), (0, 1.5);
     * scores (1, 4.5, 0) / sqrt(2) */
    const double e[] = {1.0 / M_SQRT2, 4.5 / M_SQRT2, 0.0};
    for (int j = 0; j < 3; j++)
        th_near(WT(f, 3, 0, j), softmax_at(e, 3, j), EPS, "dog", 0, j);
    facts_free(&f);
}

/* ---- 6: multi-head; two heads attend to different keys */
static void test_l06_heads(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "06-multi-head.lesson");
    const Result *two = &f.r[1], *one = &f.r[4], *four = &f.r[5];
    assert_int_equal(two->n_heads, 2);
    assert_int_equal(th_argmax_row(two->heads[0].weights, 2), 1);   /* "cat" */
    assert_int_equal(th_argmax_row(two->heads[1].weights, 2), 3);   /* "fish" */
    /* head 1, row "eats": q = (3.5, 0), only "cat" has key (1, 0): 3.5/sqrt(2) */
    const double e[] = {0, 3.5 / M_SQRT2, 0, 0};
    th_near(MAT_AT(two->heads[0].weights, 2, 1), softmax_at(e, 4, 1), EPS, "head 1", 2, 1);
    /* one head splits evenly between "cat" and "fish" */
    th_near(MAT_AT(one->heads[0].weights, 2, 1), MAT_AT(one->heads[0].weights, 2, 3), 1e-7, "split", 2, 1);
    assert_true(MAT_AT(one->heads[0].weights, 2, 1) < 0.5);
    /* four heads: heads 2 and 4 have all-zero queries, so uniform 1/4 */
    for (int j = 0; j < 4; j++) {
        th_near(MAT_AT(four->heads[1].weights, 2, j), 0.25, 1e-7, "head 2", 2, j);
        th_near(MAT_AT(four->heads[3].weights, 2, j), 0.25, 1e-7, "head 4", 2, j);
    }
    /* concat is the heads side by side; output = concat Wo */
    th_near(MAT_AT(two->concat, 2, 2), MAT_AT(two->heads[1].output, 2, 0), 0.0, "concat", 2, 2);
    /* Wo column 1 = (0.5, 1, 0, 0) */
    th_near(OUT(f, 4, 2, 1), 0.5 * MAT_AT(two->concat, 2, 0) + MAT_AT(two->concat, 2, 1), EPS, "Wo", 2, 1);
    facts_free(&f);
}

/* ---- 7: co-attention; both directions from one affinity */
static void test_l07_directions(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "07-co-attention.lesson");
    const Result *r = &f.r[2];
    Mat A = f.l.steps[2].mats[M_A], B = f.l.steps[2].mats[M_B], L = r->affinity;
    for (int i = 0; i < A.rows; i++)
        for (int j = 0; j < B.rows; j++) {
            double s = 0.0;
            for (int t = 0; t < A.cols; t++)
                s += MAT_AT(A, i, t) * MAT_AT(B, j, t);
            th_near(MAT_AT(L, i, j), s, EPS, "affinity = A B^T", i, j);
        }
    /* A -> B: softmax over each row of L; B -> A: over each column */
    for (int i = 0; i < L.rows; i++) {
        double row[8];
        for (int j = 0; j < L.cols; j++)
            row[j] = MAT_AT(L, i, j);
        for (int j = 0; j < L.cols; j++)
            th_near(MAT_AT(r->main.weights, i, j), softmax_at(row, L.cols, j), EPS, "row softmax", i, j);
    }
    for (int j = 0; j < L.cols; j++) {
        double col[8];
        for (int i = 0; i < L.rows; i++)
            col[i] = MAT_AT(L, i, j);
        for (int i = 0; i < L.rows; i++)
            th_near(MAT_AT(r->b2a.weights, j, i), softmax_at(col, L.rows, i), EPS, "column softmax", j, i);
    }
    th_near(MAT_AT(r->b2a.weights, 4, 0), 1.0 / 3.0, EPS, "1600", 4, 0);
    /* coarse: mean(A) = (2/3, 2/3, 2/3, 0) against B */
    const double e[] = {4.0 / 3, 1.0, 1.2, 0, 0};
    for (int j = 0; j < 5; j++)
        th_near(WT(f, 5, 0, j), softmax_at(e, 5, j), EPS, "coarse", 0, j);
    facts_free(&f);
}

/* ---- 8: cost; restricted attention keeps r n entries */
static void test_l08_restricted(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "08-cost.lesson");
    assert_int_equal(f.r[0].main.nq * f.r[0].main.nk, 16);
    assert_int_equal(f.r[1].main.nq * f.r[1].main.nk, 64);
    int kept = 0;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            kept += f.r[2].main.keep[i * 8 + j];
            if (abs(i - j) > 1)
                assert_true(WT(f, 3, i, j) == 0.0f);
            else
                assert_true(WT(f, 3, i, j) > 0.0f);
        }
    assert_int_equal(kept, 22);             /* 8 + 2 * 7 */
    assert_true(WT(f, 5, 7, 0) == 0.0f);    /* "dogs" cannot see "the" in one layer */
    assert_true(WT(f, 6, 7, 0) > 0.0f);     /* full attention can */
    facts_free(&f);
}

/* ---- 10: multi-dimensional; two equal views overlap, two different do not */
static void test_l10_views(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "10-multi-dimensional.lesson");
    const double e[] = {0, 3 * tanh(2.0), 0, 0, 0};    /* view 1: unit 0 (animals) times 3 */
    th_near(WT(f, 1, 0, 1), softmax_at(e, 5, 1), EPS, "one view on cat", 0, 1);
    for (int t = 0; t < 5; t++)                          /* step 2: both columns of Ws2 equal */
        assert_true(WT(f, 2, 0, t) == WT(f, 2, 1, t));
    assert_int_equal(th_argmax_row(f.r[2].main.weights, 1), 4);     /* view 2 reads "mat" */
    assert_true(MAT_AT(f.r[4].penalty, 0, 0) > 1.0f);               /* step 5: equal views */
    assert_true(MAT_AT(f.r[2].penalty, 0, 0) < MAT_AT(f.r[4].penalty, 0, 0) / 3);
    assert_true(WT(f, 6, 2, 2) < 0.3f);                             /* view 3 cannot see "sat" */
    facts_free(&f);
}

/* ---- 11: hierarchical; uw picks the opinions, sentence 2 has none */
static void test_l11_levels(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "11-hierarchical.lesson");
    const AttnHead *w = &f.r[0].words;
    assert_int_equal(th_argmax_row(w->weights, 0), 0);             /* "nice" */
    assert_int_equal(th_argmax_row(w->weights, 2), 5);             /* "awful" */
    for (int t = 2; t < 5; t++)
        th_near(MAT_AT(w->weights, 1, t), 1.0 / 3, EPS, "sentence 2 even", 1, t);
    assert_true(MAT_AT(w->weights, 0, 3) == 0.0f);                 /* another sentence's word */
    assert_int_equal(th_argmax_row(f.r[2].main.weights, 0), 2);    /* us picks the complaint */
    assert_int_equal(th_argmax_row(f.r[3].main.output, 0), 1);     /* the document is "bad" */
    facts_free(&f);
}

/* ---- 12: memory; one hop ties the places, the second finds the kitchen */
static void test_l12_hops(void **state)
{
    (void)state;
    Facts f;
    facts_load(&f, "12-memory-hops.lesson");
    assert_int_equal(th_argmax_row(f.r[0].main.weights, 0), 0);    /* the milk fact */
    assert_true(WT(f, 1, 0, 1) == WT(f, 1, 0, 2));                  /* kitchen = garden */
    assert_int_equal(th_argmax_row(f.r[2].main.weights, 1), 1);    /* hop 2: kitchen */
    assert_true(WT(f, 4, 1, 1) < 0.3f);                             /* no pointer in the value */
    assert_true(MAT_AT(f.r[1].query_path, 1, 2) > 1.0f);            /* u + o picked up John */
    facts_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_l01_three_stages),
        cmocka_unit_test(test_l02_scaling),
        cmocka_unit_test(test_l02_location_ignores_keys),
        cmocka_unit_test(test_l03_distributions),
        cmocka_unit_test(test_l03_local_window),
        cmocka_unit_test(test_l04_masks),
        cmocka_unit_test(test_l05_shuffle),
        cmocka_unit_test(test_l06_heads),
        cmocka_unit_test(test_l07_directions),
        cmocka_unit_test(test_l08_restricted),
        cmocka_unit_test(test_l10_views),
        cmocka_unit_test(test_l11_levels),
        cmocka_unit_test(test_l12_hops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
