/* test_lesson_predict.c - the lesson keys of committed predictions and
 * exercises (hint2, choices, correct, hide, features): read as written, and
 * every misuse refused at the line that made it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"
#include "lesson_helpers.h"

/* Loads text; asserts it fails with a diagnostic at `line` containing `want`. */
static void expect_error(const char *text, int line, const char *want)
{
    Lesson l;
    Diags d = {0};
    int rc = lesson_load_mem("bad.lesson", text, strlen(text), &l, &d);
    th_expect_diag(rc, &d, line, want);
}

#define HEAD                                                                  \
    "title = t\n"                 /* 1 */                                     \
    "Q = 1 0\n"                   /* 2 */                                     \
    "    0 1\n"                   /* 3 */                                     \
    "K = 1 0\n"                   /* 4 */                                     \
    "    0 1\n"                   /* 5 */                                     \
    "V = 1\n"                     /* 6 */                                     \
    "    2\n"                     /* 7 */                                     \
    "[step]\n"                    /* 8 */                                     \
    "panels = scores, weights\n"  /* 9 */

#define QA "question = q?\nanswer = a.\n"   /* 10, 11 */

static void test_reads_new_keys(void **state)
{
    (void)state;
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load("tests/lessons/predict/01-predict.lesson", &l, &d), 0);
    assert_int_equal(d.n, 0);
    const LessonStep *s = &l.steps[0];
    assert_int_equal(s->n_choices, 3);
    assert_string_equal(lesson_choice(s, 0, "en"), "the");
    assert_string_equal(lesson_choice(s, 2, "zh"), "sat");
    assert_string_equal(lesson_choice(s, 3, "en"), "");
    assert_int_equal(s->correct, 2);
    assert_int_equal(s->n_hide, 1);
    assert_true(lesson_hides(s, PANEL_WEIGHTS));
    assert_false(lesson_hides(s, PANEL_SCORES));
    /* features are inherited; the prediction keys are not */
    assert_int_equal(l.steps[2].n_features, 2);
    assert_string_equal(l.steps[2].features[1], "size");
    assert_int_equal(l.steps[1].n_choices, 0);
    assert_int_equal(l.steps[1].correct, 0);
    assert_int_equal(l.steps[1].n_hide, 0);
    assert_string_equal(text_get(&l.steps[1].hint2, "en"), "Set Q[1][1] to 5.");
    assert_string_equal(text_get(&l.steps[1].hint2, "zh"), "把 Q[1][1] 设为 5。");
    assert_null(l.steps[2].hint2.en);
    lesson_free(&l);
}

static void test_choices_errors(void **state)
{
    (void)state;
    expect_error(HEAD "choices = a | b\ncorrect = 1\n", 10, "step 1 has choices but no question");
    expect_error(HEAD "question = q?\nchoices = a | b\ncorrect = 1\n", 11, "step 1 has choices but no answer");
    expect_error(HEAD QA "choices = a | b\n", 12, "step 1 has choices but no correct = N");
    expect_error(HEAD QA "choices = a | b\ncorrect = 3\n", 13, "step 1: correct = 3, but there are only 2 choices");
    expect_error(HEAD QA "choices = a | b\ncorrect = 7\n", 13, "correct must be a whole number from 1 to 6");
    expect_error(HEAD QA "choices = a\ncorrect = 1\n", 12, "step 1 has 1 choice; a prediction has 2 to 6");
    expect_error(HEAD QA "choices = a|b|c|d|e|f|g\ncorrect = 1\n", 12, "step 1 has 7 choices");
    expect_error(HEAD QA "choices = a | | c\ncorrect = 1\n", 12, "a choice is empty");
    expect_error(HEAD QA "choices = a | b\nchoices.zh = 甲\ncorrect = 1\n", 13,
                 "step 1 has 2 choices but 1 in choices.zh");
    expect_error(HEAD QA "correct = 1\n", 12, "step 1 has correct but no choices");
    expect_error(HEAD "correct = 1\n[step]\ncorrect = 2\n", 12, "step 2 has correct but no choices");
    expect_error("title = t\ncorrect = 1\n", 2, "'correct' belongs in a [step]");
}

static void test_hide_errors(void **state)
{
    (void)state;
    expect_error(HEAD QA "choices = a | b\ncorrect = 1\nhide = output\n", 14,
                 "step 1 hides output, which it does not show (add it to panels)");
    expect_error(HEAD QA "hide = weights\n", 12, "step 1 hides panels but has no choices");
    expect_error(HEAD QA "choices = a | b\ncorrect = 1\nhide = nosuch\n", 14, "hide: unknown panel 'nosuch'");
}

static void test_hint2_and_features_errors(void **state)
{
    (void)state;
    expect_error(HEAD "hint2 = nearly the answer\n", 10, "step 1 has hint2 but no hint");
    expect_error(HEAD "hint = h\nhint2.zh = 几乎\n", 11, "step 1 has hint2 but no goal");
    expect_error(HEAD "features = a, b, c\n", 10, "step 1: Q has 2 columns but features names 3");
    /* inherited: the line that set it is named, for the step that breaks it */
    expect_error("title = t\nfeatures = a, b\nQ = 1 0\nK = 1 0\nV = 1\n[step]\n[step]\nQ = 1 0 0\nK = 1 0 0\n", 2,
                 "step 2: Q has 3 columns but features names 2");
    expect_error(HEAD "features = a, , c\n", 10, "features has an empty label");
    expect_error(HEAD "correct.zh = 1\n", 10, "'correct' is not translated");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_new_keys),
        cmocka_unit_test(test_choices_errors),
        cmocka_unit_test(test_hide_errors),
        cmocka_unit_test(test_hint2_and_features_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
