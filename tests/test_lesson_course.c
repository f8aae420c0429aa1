/* test_lesson_course.c - the lesson keys of the three modes after the
 * course: sentences and hops read as written, inherited by later steps, and
 * every misuse refused at the line that made it (the engine's refusals
 * reach the lesson checker with the line of the setting at fault). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lesson_helpers.h"

#define HIER                                                                  \
    "title = t\n"                 /* 1 */                                     \
    "mode = hierarchical\n"       /* 2 */                                     \
    "X = 1 0\n"                   /* 3 */                                     \
    "    0 1\n"                   /* 4 */                                     \
    "    1 1\n"                   /* 5 */                                     \
    "Ww = 1 0\n"                  /* 6 */                                     \
    "     0 1\n"                  /* 7 */                                     \
    "uw = 1 1\n"                  /* 8 */                                     \
    "Ws = 1 0\n"                  /* 9 */                                     \
    "     0 1\n"                  /* 10 */                                    \
    "us = 1 -1\n"                 /* 11 */

#define MEM                                                                   \
    "title = t\n"                 /* 1 */                                     \
    "mode = memory\n"             /* 2 */                                     \
    "Q = 1 0\n"                   /* 3 */                                     \
    "K = 1 0\n"                   /* 4 */                                     \
    "    0 1\n"                   /* 5 */                                     \
    "V = 0 1\n"                   /* 6 */                                     \
    "    0 0\n"                   /* 7 */

static void test_reads_keys(void **state)
{
    (void)state;
    const char *text = HIER "sentences = 2, 1\n[step]\npanels = word_weights, document\n[step]\n";
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load_mem("ok.lesson", text, strlen(text), &l, &d), 0);
    assert_int_equal(l.steps[1].cfg.n_sentences, 2);       /* inherited */
    assert_int_equal(l.steps[1].cfg.sentences[0], 2);
    assert_int_equal(l.steps[1].cfg.sentences[1], 1);
    lesson_free(&l);
    diags_free(&d);
    text = MEM "hops = 3\n[step]\npanels = hops, query_path\n[step]\nhops = 2\n";
    assert_int_equal(lesson_load_mem("ok.lesson", text, strlen(text), &l, &d), 0);
    assert_int_equal(l.steps[0].cfg.hops, 3);
    assert_int_equal(l.steps[1].cfg.hops, 2);
    lesson_free(&l);
    diags_free(&d);
}

static void test_errors(void **state)
{
    (void)state;
    th_expect_error(HIER "sentences = 2, 0\n[step]\n", 12, "sentences are word counts from 1");
    th_expect_error(HIER "sentences = 2, x\n[step]\n", 12, "sentences are word counts from 1");
    th_expect_error(HIER "sentences = 2, 2\n[step]\n", 12, "add up to 4, but X has 3 rows");
    th_expect_error(HIER "sentences = 3\n[step]\npanels = hops\n", 14, "only a memory step has it");
    th_expect_error(MEM "hops = 9\n[step]\n", 8, "hops must be a whole number from 1 to 8");
    th_expect_error(MEM "mask = causal\n[step]\n", 8, "memory attention takes no mask");
    th_expect_error(MEM "[step]\npanels = views\n", 9, "only a multidim step has it");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_keys),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
