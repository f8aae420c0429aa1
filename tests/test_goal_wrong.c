/* test_goal_wrong.c - the goal `wrong` on a translator step (lesson/ref.h):
 * met when the input reads as a date (model/dates.h) the model translates
 * to another; not met, with the reason on the goal line, when attnlab
 * cannot read the input (test_lesson_tr.c: refused with no translator). A
 * lesson's own goal words (goal_words) replace the generated ones; the
 * solver finds an input for a goal with no `try` inputs, and gives up
 * within its bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/goal_words.h"
#include "lab/solve.h"
#include "lesson/lesson.h"
#include "lesson_helpers.h"
#include "model/dates.h"

/* A one-step translator lesson with input and goal (and more keys). */
static void load_goal(Lesson *l, const char *input, const char *goal, const char *more)
{
    char text[800];
    snprintf(text, sizeof text, "title = t\ntranslator = translator_dates.npz\ninput = %s\n"
                                "[step]\ntitle = s\npanels = weights\ngoal = %s\n%s", input, goal, more);
    th_load_mem(text, l);
}

/* goal_eval of the lesson's only step as loaded; err gets its message. */
static int eval(const Lesson *l, char *err, size_t n)
{
    Scenario sc = lesson_scenario(l, 0);
    Result r;
    assert_int_equal(engine_run(&sc, &r, NULL), 0);
    int met = goal_eval(&l->steps[0].goal, &r, &sc, err, n);
    result_free(&r);
    return met;
}

static void words(const Lesson *l, bool zh, char *buf, size_t n)
{
    StrBuf b = {0};
    goal_words(&l->steps[0], &l->steps[0].goal, zh, &b);
    snprintf(buf, n, "%s", b.s ? b.s : "");
    free(b.s);
}

static void test_wrong_met_and_not(void **state)
{
    (void)state;
    char err[200], w[300];
    Lesson l;
    load_goal(&l, "nov 30 2026", "wrong", "");       /* the model writes 2026-11-03 */
    assert_string_equal(l.steps[0].tr->translation, "2026-11-03");
    assert_int_equal(eval(&l, err, sizeof err), 1);
    assert_string_equal(err, "");
    words(&l, false, w, sizeof w);
    assert_string_equal(w, "find a date the model translates wrongly");
    words(&l, true, w, sizeof w);
    assert_string_equal(w, "找一个模型译错的日期");
    lesson_free(&l);

    load_goal(&l, "30 nov 2026", "wrong", "");       /* right: 2026-11-30 */
    assert_int_equal(eval(&l, err, sizeof err), 0);
    assert_string_equal(err, "");
    lesson_free(&l);

    load_goal(&l, "11/30/26", "wrong", "");          /* no month 30: no truth to compare with */
    assert_string_equal(l.steps[0].tr->translation, "2026-00-11");
    assert_int_equal(eval(&l, err, sizeof err), 0);
    assert_non_null(strstr(err, "attnlab cannot tell which date \"11/30/26\" is: there is no month 30"));
    words(&l, false, w, sizeof w);
    assert_string_equal(w, "find a date the model translates wrongly "
                           "(attnlab cannot tell which date \"11/30/26\" is: there is no month 30)");
    words(&l, true, w, sizeof w);
    assert_string_equal(w, "找一个模型译错的日期（attnlab 看不出“11/30/26”是哪一天）");
    lesson_free(&l);
}

static void test_wrong_with_conditions(void **state)
{
    (void)state;
    char err[200], w[400];
    Lesson l;
    load_goal(&l, "nov 30 2026", "wrong and weights[8][4] > 0.5", "");
    assert_true(l.steps[0].goal.wrong);
    assert_int_equal(l.steps[0].goal.n, 1);
    assert_int_equal(eval(&l, err, sizeof err), 1);  /* row 8 wrote the 0 reading the 3 */
    words(&l, false, w, sizeof w);
    assert_string_equal(w, "find a date the model translates wrongly, and make the weight of \"3\" for \"0\" "
                           "above 0.50");
    lesson_free(&l);
    load_goal(&l, "nov 30 2026", "weights[8][4] > 0.99 and wrong", "");
    assert_int_equal(eval(&l, err, sizeof err), 0);
    lesson_free(&l);

    Goal g;
    assert_int_equal(goal_parse("wrong and wrong", &g, err, sizeof err), -1);
    assert_non_null(strstr(err, "once"));
    assert_int_equal(goal_parse("wrongly", &g, err, sizeof err), -1);
    assert_int_equal(goal_parse("wrong weights[0][0] > 1", &g, err, sizeof err), -1);
}

static void test_lesson_words(void **state)
{
    (void)state;
    char w[300];
    Lesson l;
    load_goal(&l, "30 nov 2026", "weights[8][0] < 0.1",
              "goal_words = make the day's first row look away\ngoal_words.zh = 让日期第一行看别处\n");
    words(&l, false, w, sizeof w);
    assert_string_equal(w, "make the day's first row look away");
    words(&l, true, w, sizeof w);
    assert_string_equal(w, "让日期第一行看别处");
    lesson_free(&l);
}

/* No `try`: the solver writes dates itself until the model gets one wrong;
 * a goal no input meets stops after its bound of candidates. */
static void test_solver_candidates(void **state)
{
    (void)state;
    Lesson l;
    load_goal(&l, "30 nov 2026", "wrong", "");
    SolveAnswer a;
    solve_step(&l, 0, SOLVE_SEED, &a);
    assert_int_equal(a.status, SOLVE_FOUND);
    char iso[DATES_ISO];
    assert_int_equal(dates_read(a.input, iso, NULL, 0), 0);
    LessonStep typed = l.steps[0];
    typed.tr = NULL;
    Diags d = {0};
    assert_int_equal(lesson_tr_set(&typed, lesson_tr_model(&l, &l.steps[0]), a.input, 0, &d, "", 0), 0);
    assert_string_not_equal(typed.tr->translation, iso);     /* really wrong */
    lesson_tr_free(&typed);
    diags_free(&d);
    lesson_free(&l);

    load_goal(&l, "30 nov 2026", "weights[0][0] > 1.5", "try = 1 may 2020\n");
    solve_step(&l, 0, SOLVE_SEED, &a);
    assert_int_equal(a.status, SOLVE_NOT_FOUND);
    assert_int_equal(a.evals, 1 + 3000);
    assert_string_equal(a.input, "");
    lesson_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrong_met_and_not),
        cmocka_unit_test(test_wrong_with_conditions),
        cmocka_unit_test(test_lesson_words),
        cmocka_unit_test(test_solver_candidates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
