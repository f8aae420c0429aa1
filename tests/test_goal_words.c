/* test_goal_words.c - goals said in words from the step's labels, for each
 * kind of reference and each operator, in English and Chinese (exact). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/goal_words.h"

static char *queries[] = {"le", "chat"};
static char *keys[] = {"the", "cat", "sat"};
static char *features[] = {"animal", "size"};

/* A step labelled le, chat / the, cat, sat, with features when named. */
static LessonStep step(bool named)
{
    LessonStep s;
    memset(&s, 0, sizeof s);
    s.queries = queries;
    s.n_queries = 2;
    s.keys = keys;
    s.n_keys = 3;
    if (named) {
        s.features = features;
        s.n_features = 2;
    }
    return s;
}

/* Asserts goal text of a step says en in English and zh in Chinese. */
static void expect(bool named, const char *goal, const char *en, const char *zh)
{
    LessonStep s = step(named);
    Goal g;
    char err[200];
    assert_int_equal(goal_parse(goal, &g, err, sizeof err), 0);
    StrBuf a = {0}, b = {0};
    goal_words(&s, &g, false, &a);
    goal_words(&s, &g, true, &b);
    if (strcmp(a.s, en) || strcmp(b.s, zh))
        fprintf(stderr, "%s:\n  %s\n  %s\n", goal, a.s, b.s);
    assert_string_equal(a.s, en);
    assert_string_equal(b.s, zh);
    free(a.s);
    free(b.s);
}

static void test_attention_stages(void **state)
{
    (void)state;
    expect(false, "weights[1][1] >= 0.9", "make the weight of \"cat\" for \"chat\" at least 0.90",
           "使 \"chat\" 对 \"cat\" 的权重至少为 0.90");
    expect(false, "scores[0][2] > 1", "make the score of \"sat\" for \"le\" above 1.00",
           "使 \"le\" 对 \"sat\" 的得分大于 1.00");
    expect(false, "output[1][0] < 0.5", "make column 0 of the output for \"chat\" below 0.50",
           "使输出中 \"chat\" 的第 0 列小于 0.50");
    expect(false, "centre[0] <= 1.25", "make the window centre p_t of \"le\" at most 1.25",
           "使 \"le\" 的窗口中心 p_t 至多为 1.25");
}

static void test_heads_and_concat(void **state)
{
    (void)state;
    expect(false, "heads[1].weights[0][1] <= 0.2", "make head 2's weight of \"cat\" for \"le\" at most 0.20",
           "使第 2 个头中 \"le\" 对 \"cat\" 的权重至多为 0.20");
    expect(false, "heads[0].scores[1][2] == 3", "make head 1's score of \"sat\" for \"chat\" exactly 3.00",
           "使第 1 个头中 \"chat\" 对 \"sat\" 的得分等于 3.00");
    expect(false, "heads[0].output[1][0] > 0", "make column 0 of head 1's output for \"chat\" above 0.00",
           "使第 1 个头的输出中 \"chat\" 的第 0 列大于 0.00");
    expect(false, "concat[0][3] != 1", "make column 3 of the heads joined (concat) for \"le\" anything but 1.00",
           "使拼接的各头输出中 \"le\" 的第 3 列不等于 1.00");
}

static void test_matrices_and_features(void **state)
{
    (void)state;
    expect(true, "Q[1][1] == 4", "make Q's \"size\" for \"chat\" exactly 4.00",
           "使 Q 中 \"chat\" 的 \"size\" 等于 4.00");
    expect(true, "K[2][0] != 0", "make K's \"animal\" for \"sat\" anything but 0.00",
           "使 K 中 \"sat\" 的 \"animal\" 不等于 0.00");
    expect(false, "K[2][0] != 0", "make column 0 of K for \"sat\" anything but 0.00",
           "使 K 中 \"sat\" 的第 0 列不等于 0.00");
    expect(true, "V[1][0] < -0.5", "make column 0 of V for \"cat\" below -0.50",
           "使 V 中 \"cat\" 的第 0 列小于 -0.50");
    expect(true, "Wq[0][1] > 0", "make Wq[0][1] above 0.00", "使 Wq[0][1] 大于 0.00");
    /* a hierarchical document has X's columns: lesson 11's "food" */
    expect(true, "document[0][1] >= 0.6", "make the document's \"size\" at least 0.60",
           "使文档的 \"size\" 特征至少为 0.60");
    expect(false, "document[0][1] >= 0.6", "make document[0][1] at least 0.60", "使 document[0][1] 至少为 0.60");
}

static void test_coattention_and_joined(void **state)
{
    (void)state;
    expect(false, "affinity[0][1] > weights_ba[1][0]",
           "make the affinity of \"le\" and \"cat\" above the weight of \"le\" for \"cat\"",
           "使 \"le\" 与 \"cat\" 的亲和度大于 \"cat\" 对 \"le\" 的权重");
    expect(true, "weights[0][0] < 0.5 and Q[0][0] > 0",
           "make the weight of \"the\" for \"le\" below 0.50 and Q's \"animal\" for \"le\" above 0.00",
           "使 \"le\" 对 \"the\" 的权重小于 0.50，并且使 Q 中 \"le\" 的 \"animal\" 大于 0.00");
    /* without labels: the panels' own names, q0 and k0 */
    LessonStep s;
    memset(&s, 0, sizeof s);
    Goal g;
    char err[100];
    assert_int_equal(goal_parse("weights[0][1] >= 0.9", &g, err, sizeof err), 0);
    StrBuf b = {0};
    goal_words(&s, &g, false, &b);
    assert_string_equal(b.s, "make the weight of \"k1\" for \"q0\" at least 0.90");
    free(b.s);
}

/* A coarse co-attention's single row is no token: the mean of A (or B),
 * the summary of B, or in Lu et al.'s form the learned vector; and no space
 * between 使 and a Chinese word. */
static void test_pooled_rows(void **state)
{
    (void)state;
    LessonStep s = step(false);
    s.cfg.mode = MODE_COATTENTION;
    s.cfg.co_grain = CO_COARSE;
    const struct { CoMode m; const char *goal, *en, *zh; } cases[] = {
        {CO_PARALLEL, "weights[0][1] > 0.5", "make the weight of \"cat\" for the mean of A above 0.50",
         "使 A 的平均 mean(A) 对 \"cat\" 的权重大于 0.50"},
        {CO_PARALLEL, "weights_ba[0][1] < 0.2", "make the weight of \"chat\" for the mean of B below 0.20",
         "使 B 的平均 mean(B) 对 \"chat\" 的权重小于 0.20"},
        {CO_ALTERNATING, "weights_ba[0][0] > 0.5", "make the weight of \"le\" for the summary of B above 0.50",
         "使 B 的汇总 对 \"le\" 的权重大于 0.50"},
        {CO_PARALLEL_LU, "weights[0][2] > weights[0][0]",
         "make the weight of \"sat\" for whv above the weight of \"the\" for whv",
         "使 whv 对 \"sat\" 的权重大于 whv 对 \"the\" 的权重"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        s.cfg.co_mode = cases[k].m;
        Goal g;
        char err[100];
        assert_int_equal(goal_parse(cases[k].goal, &g, err, sizeof err), 0);
        StrBuf a = {0}, b = {0};
        goal_words(&s, &g, false, &a);
        goal_words(&s, &g, true, &b);
        assert_string_equal(a.s, cases[k].en);
        assert_string_equal(b.s, cases[k].zh);
        free(a.s);
        free(b.s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attention_stages),
        cmocka_unit_test(test_heads_and_concat),
        cmocka_unit_test(test_matrices_and_features),
        cmocka_unit_test(test_coattention_and_joined),
        cmocka_unit_test(test_pooled_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
