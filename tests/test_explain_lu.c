/* test_explain_lu.c - "show the arithmetic" for Lu et al.'s parallel
 * co-attention (lesson 7's last step): every cell of the affinity C, the
 * hidden features H_b and H_a and both attentions is recomputed from the
 * formulas in double (explain_lu.c) and must agree with the engine, whose
 * numbers tests/test_engine_sources.c checks against numpy. Before
 * explain_lu.c these cells were explained as a pooled query's dot product
 * and came out DIFFERENT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lab/explain.h"
#include "lesson/panel.h"
#include "lesson_helpers.h"

static void every_cell_agrees(const Lesson *l, int k, int panel, bool zh, const char *must_say)
{
    Scenario sc = lesson_scenario(l, k);
    Result r;
    th_run_sc(l, k + 1, &sc, &r);
    Mat m = panel_get(panel, &r, &sc, -1).m;
    assert_true(m.rows > 0 && m.cols > 0);
    for (int i = 0; i < m.rows; i++)
        for (int j = 0; j < m.cols; j++) {
            StrBuf b = {0};
            int rc = explain_cell_lang(&r, &sc, &l->steps[k], panel, -1, i, j, zh, &b);
            if (rc != 1)
                fail_msg("%s[%d][%d]: %s", panel_name(panel), i, j, b.s);
            assert_non_null(strstr(b.s, must_say));
            free(b.s);
        }
    result_free(&r);
}

/* The lesson's step with Lu's learned layers (the last but one). */
static int lu_step(const Lesson *l)
{
    int k = l->n_steps - 1;
    while (k > 0 && lesson_scenario(l, k).cfg.co_mode != CO_PARALLEL_LU)
        k--;
    return k;
}

static void test_lu_cells(void **state)
{
    (void)state;
    Lesson l;
    th_load("07-co-attention.lesson", &l);
    int k = lu_step(&l);
    assert_int_equal(lesson_scenario(&l, k).cfg.co_mode, CO_PARALLEL_LU);
    every_cell_agrees(&l, k, PANEL_AFFINITY, false, "C = tanh(A Wb B^T)");
    every_cell_agrees(&l, k, PANEL_HIDDEN, false, "H_b = tanh(B Wvb + C^T (A Wqa))");
    every_cell_agrees(&l, k, PANEL_HIDDEN_BA, false, "H_a = tanh(A Wqa + C (B Wvb))");
    every_cell_agrees(&l, k, PANEL_WEIGHTS, false, "the learned vector whv scores every row of H_b");
    every_cell_agrees(&l, k, PANEL_WEIGHTS_BA, true, "学到的向量 whq");
    every_cell_agrees(&l, k, PANEL_OUTPUT, false, "not a pooled query");
    lesson_free(&l);
}

/* A distribution other than softmax is not explained as softmax. */
static void test_lu_other_distribution(void **state)
{
    (void)state;
    Lesson l;
    th_load("07-co-attention.lesson", &l);
    int k = lu_step(&l);
    Scenario sc = lesson_scenario(&l, k);
    sc.cfg.dist = DIST_SPARSEMAX;
    Result r;
    th_run_sc(&l, k + 1, &sc, &r);
    StrBuf b = {0};
    assert_int_equal(explain_cell(&r, &sc, &l.steps[k], PANEL_WEIGHTS, -1, 0, 0, &b), -1);
    assert_non_null(strstr(b.s, "shown for softmax"));
    free(b.s);
    result_free(&r);
    lesson_free(&l);
}

/* The header names the one row of a coarse or Lu step's attention as the
 * panel does (issue 12): mean(A), mean(B), whv, whq; not q0/k0. */
static void expect_header(const Lesson *l, int k, int panel, bool zh, const char *row)
{
    Scenario sc = lesson_scenario(l, k);
    Result r;
    th_run_sc(l, k + 1, &sc, &r);
    StrBuf b = {0};
    explain_cell_lang(&r, &sc, &l->steps[k], panel, -1, 0, 0, zh, &b);
    char *nl = strchr(b.s, '\n');
    if (nl)
        *nl = '\0';
    if (!strstr(b.s, row))
        fail_msg("step %d: '%s' does not name row %s", k + 1, b.s, row);
    free(b.s);
    result_free(&r);
}

static void test_pooled_row_names(void **state)
{
    (void)state;
    Lesson l;
    th_load("07-co-attention.lesson", &l);
    expect_header(&l, 4, PANEL_WEIGHTS, false, "row mean(A),");
    expect_header(&l, 4, PANEL_WEIGHTS_BA, false, "row mean(B),");
    expect_header(&l, 4, PANEL_WEIGHTS_BA, true, "行 mean(B)，");
    expect_header(&l, 6, PANEL_WEIGHTS, false, "row whv,");
    expect_header(&l, 6, PANEL_WEIGHTS_BA, true, "行 whq，");
    lesson_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lu_cells),
        cmocka_unit_test(test_pooled_row_names),
        cmocka_unit_test(test_lu_other_distribution),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
