/* test_explain_course.c - "show the arithmetic" for lessons 10-12
 * (multidim, hierarchical, memory): every cell of every computed panel of
 * every step is recomputed from the papers' formulas in double
 * (explain_multidim.c, explain_hier.c, explain_memory.c) and must agree
 * with the engine, whose numbers tests/test_engine_course.c checks against
 * numpy; in English and in Chinese. Also lesson 7's coarse-and-fine
 * co-attention (combined, combined_ba) in every parallel step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lab/explain.h"
#include "lesson/panel.h"
#include "lesson_helpers.h"

/* Every cell of panel p at step k agrees (explain returns 1); the count. */
static int every_cell_agrees(const Lesson *l, int k, int p, bool zh)
{
    Scenario sc = lesson_scenario(l, k);
    Result r;
    th_run_sc(l, k + 1, &sc, &r);
    Mat m = panel_get(p, &r, &sc, 0).m;
    assert_true(m.rows > 0 && m.cols > 0);
    for (int i = 0; i < m.rows; i++)
        for (int j = 0; j < m.cols; j++) {
            StrBuf b = {0};
            int rc = explain_cell_lang(&r, &sc, &l->steps[k], p, -1, i, j, zh, &b);
            if (rc != 1)
                fail_msg("%s step %d %s[%d][%d]: %s", l->path, k + 1, panel_name(p), i, j, b.s);
            free(b.s);
        }
    result_free(&r);
    return m.rows * m.cols;
}

/* Every computed panel of every step of the lesson, and the usual three. */
static void lesson_cells(const char *file, int want_min)
{
    static const int also[] = {PANEL_SCORES, PANEL_WEIGHTS, PANEL_OUTPUT};
    Lesson l;
    th_load(file, &l);
    int n = 0;
    for (int k = 0; k < l.n_steps; k++) {
        Scenario sc = lesson_scenario(&l, k);
        for (int p = PANEL_VIEWS; p < PANEL__COUNT; p++)
            if (panel_available(p, &sc) == PAV_OK)
                n += every_cell_agrees(&l, k, p, k % 2 == 1);
        for (size_t t = 0; t < sizeof also / sizeof also[0]; t++)
            n += every_cell_agrees(&l, k, also[t], false);
    }
    assert_true(n >= want_min);
    lesson_free(&l);
}

/* Both halves of both combined panels, in each granularity of lesson 7's
 * parallel steps (step 2 fine, steps 5 and 8 coarse), in both languages. */
static void test_combined_cells(void **state)
{
    (void)state;
    Lesson l;
    th_load("07-co-attention.lesson", &l);
    int n = 0;
    static const int steps[] = {1, 4, 7};
    for (size_t t = 0; t < sizeof steps / sizeof steps[0]; t++) {
        n += every_cell_agrees(&l, steps[t], PANEL_COMBINED, t % 2 == 1);
        n += every_cell_agrees(&l, steps[t], PANEL_COMBINED_BA, t % 2 == 0);
    }
    assert_int_equal(n, 3 * (3 * 8 + 5 * 8));
    lesson_free(&l);
}

static void test_multidim_cells(void **state)
{
    (void)state;
    lesson_cells("10-multi-dimensional.lesson", 100);
}

static void test_hier_cells(void **state)
{
    (void)state;
    lesson_cells("11-hierarchical.lesson", 100);
}

static void test_memory_cells(void **state)
{
    (void)state;
    lesson_cells("12-memory-hops.lesson", 100);
}

/* What the explanations say: the learned vector with no query, the masked
 * words of another sentence, the penalty's sum, the moving question. */
static void expect_words(const char *file, int step, int panel, int i, int j, bool zh, int rc, const char *must)
{
    Lesson l;
    th_load(file, &l);
    Scenario sc = lesson_scenario(&l, step - 1);
    Result r;
    th_run_sc(&l, step, &sc, &r);
    StrBuf b = {0};
    assert_int_equal(explain_cell_lang(&r, &sc, &l.steps[step - 1], panel, -1, i, j, zh, &b), rc);
    if (!strstr(b.s, must))
        fail_msg("%s step %d: no \"%s\" in:\n%s", file, step, must, b.s);
    free(b.s);
    result_free(&r);
    lesson_free(&l);
}

static void test_words(void **state)
{
    (void)state;
    expect_words("11-hierarchical.lesson", 1, PANEL_WORD_WEIGHTS, 0, 1, false, 1, "no query: the learned vector uw");
    expect_words("11-hierarchical.lesson", 1, PANEL_WORD_WEIGHTS, 0, 4, false, 1, "not a word of sentence 1");
    expect_words("11-hierarchical.lesson", 3, PANEL_SENTENCE_WEIGHTS, 0, 2, true, 1, "学到的向量 us");
    expect_words("10-multi-dimensional.lesson", 5, PANEL_PENALTY, 0, 0, false, 1, "P = ||A A^T - I||_F^2");
    expect_words("12-memory-hops.lesson", 3, PANEL_QUERY_PATH, 2, 2, false, 1, "u^3 = u^2 + o^2");
    expect_words("12-memory-hops.lesson", 3, PANEL_HOPS, 1, 1, true, 1, "第 2 跳");
    /* an input is explained as written, as in any step */
    expect_words("12-memory-hops.lesson", 1, M_K, 0, 0, false, 1, "K");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_combined_cells),
        cmocka_unit_test(test_multidim_cells),
        cmocka_unit_test(test_hier_cells),
        cmocka_unit_test(test_memory_cells),
        cmocka_unit_test(test_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
