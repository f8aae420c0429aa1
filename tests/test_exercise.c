/* test_exercise.c - lab/exercise.c and the editor's snapshots: the edits
 * left in a step come back with their undo history, a met goal is recorded
 * once with its edits, a pick is kept, and a new Exercises reads both from
 * progress. tests/lessons/predict; progress in a fresh folder under /tmp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/exercise.h"
#include "lab/state.h"

static char dir[64];
static Lesson lesson;

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/attnlab-test-exercise-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    setenv("XDG_STATE_HOME", dir, 1);
    Diags d = {0};
    int rc = lesson_load("tests/lessons/predict/01-predict.lesson", &lesson, &d);
    diags_free(&d);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    lesson_free(&lesson);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_edits_come_back(void **state)
{
    (void)state;
    Exercises x = {0};
    Editor ed;
    exercises_open(&x, &lesson);
    editor_open(&ed, &lesson, 1);
    assert_false(editor_changed(&ed));
    assert_int_equal(editor_set_text(&ed, M_Q, 1, 0, "-1", NULL), 0);
    assert_int_equal(editor_set_text(&ed, M_Q, 1, 1, "5", NULL), 0);
    assert_true(editor_changed(&ed));
    char text[200];
    exercises_describe(&ed, text, sizeof text);
    assert_string_equal(text, "Q[1][0] = -1, Q[1][1] = 5");
    exercises_leave(&x, &ed);
    editor_close(&ed);

    editor_open(&ed, &lesson, 1);
    assert_true(exercises_enter(&x, &ed));
    assert_true(MAT_AT(ed.sc.in[M_Q], 1, 1) == 5.0f);
    assert_true(MAT_AT(ed.res.main.weights, 1, 1) > 0.9f);
    assert_int_equal(editor_undo(&ed, NULL), 0);    /* the history came back too */
    assert_true(MAT_AT(ed.sc.in[M_Q], 1, 1) == 2.0f);
    assert_true(MAT_AT(ed.sc.in[M_Q], 1, 0) == -1.0f);
    assert_int_equal(editor_undo(&ed, NULL), 0);
    assert_false(editor_changed(&ed));
    exercises_leave(&x, &ed);       /* nothing changed, but redo is left: kept */
    editor_close(&ed);
    editor_open(&ed, &lesson, 1);
    assert_false(exercises_enter(&x, &ed));
    assert_int_equal(editor_redo(&ed, NULL), 0);
    assert_true(MAT_AT(ed.sc.in[M_Q], 1, 0) == -1.0f);
    editor_close(&ed);
    /* another step has nothing to restore */
    editor_open(&ed, &lesson, 2);
    assert_false(exercises_enter(&x, &ed));
    editor_close(&ed);
    exercises_free(&x);
}

static void test_met_and_picked_are_kept(void **state)
{
    (void)state;
    Exercises x = {0};
    Editor ed;
    char msg[300];
    exercises_open(&x, &lesson);
    editor_open(&ed, &lesson, 1);
    assert_int_equal(exercises_note(&x, &ed, msg, sizeof msg), 0);     /* not met as written */
    assert_int_equal(editor_set_text(&ed, M_Q, 1, 1, "5", NULL), 0);
    assert_int_equal(exercises_note(&x, &ed, msg, sizeof msg), 1);     /* met: newly */
    assert_int_equal(exercises_note(&x, &ed, msg, sizeof msg), 0);     /* the same edits: nothing new */
    editor_close(&ed);
    assert_int_equal(exercises_pick(&x, &lesson, 0, 2, msg, sizeof msg), 0);
    assert_true(x.steps[0].picked_right);
    exercises_free(&x);
    assert_int_equal(state_exercises_met(lesson.path), 1);
    assert_int_equal(exercises_total(&lesson), 2);

    Exercises y = {0};
    exercises_open(&y, &lesson);
    assert_true(y.steps[1].met);
    assert_string_equal(y.steps[1].met_edits, "Q[1][1] = 5");
    assert_false(y.steps[2].met);
    assert_int_equal(y.steps[0].picked, 2);
    assert_true(y.steps[0].picked_right);
    exercises_free(&y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edits_come_back),
        cmocka_unit_test(test_met_and_picked_are_kept),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
