/* test_solve.c - the goal solver (lab/solve.h): a reachable goal is met by
 * edits that really meet it (re-evaluated here with the engine, from the
 * lesson's own matrices), a goal no edit can meet is reported as not found,
 * a goal met before any edit is flagged, a goal reachable only by a
 * setting is met by that setting, and every bundled goal is proven (a
 * translator's by the input the solver typed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/editor.h"
#include "lab/solve.h"
#include "lesson/lesson.h"

static void load(const char *path, Lesson *l)
{
    Diags d = {0};
    if (lesson_load(path, l, &d) != 0) {
        diags_print(&d, stderr);
        fail_msg("%s does not load", path);
    }
    diags_free(&d);
}

/* goal_eval of step k with the answer's edits and settings (or none): the
 * solver's claim checked independently of it. */
static int goal_with(const Lesson *l, int k, const SolveAnswer *a)
{
    Scenario sc = lesson_scenario(l, k);
    Mat copy[M__COUNT] = {{0, 0, NULL}};
    if (a) {
        sc.cfg = a->cfg;
        for (int e = 0; e < a->n_edits; e++) {
            const SolveEdit *x = &a->edit[e];
            assert_true(l->steps[k].editable & (1u << x->m));     /* only what the step lets change */
            assert_true(x->value >= -1e6f && x->value <= 1e6f);   /* within the editor's limit */
            if (mat_empty(copy[x->m]))
                sc.in[x->m] = copy[x->m] = mat_copy(sc.in[x->m]);
            MAT_AT(copy[x->m], x->i, x->j) = x->value;
        }
    }
    LessonStep typed = {0};
    if (a && a->input[0]) {     /* a translator step: the input the solver typed */
        typed = l->steps[k];
        typed.tr = NULL;
        Diags d = {0};
        assert_int_equal(lesson_tr_set(&typed, lesson_tr_model(l, &l->steps[k]), a->input, typed.tr_decode, &d,
                                       l->path, 0), 0);
        lesson_tr_scenario(&typed, &sc);
        diags_free(&d);
    }
    Result r;
    char err[300];
    EngineError why;
    if (engine_run(&sc, &r, &why) != 0) {
        engine_error_english(&why, err, sizeof err);
        fail_msg("%s step %d: %s", l->path, k + 1, err);
    }
    int met = goal_eval(&l->steps[k].goal, &r, &sc, err, sizeof err);
    result_free(&r);
    lesson_tr_free(&typed);
    for (int m = 0; m < M__COUNT; m++)
        mat_free(&copy[m]);
    return met;
}

static void test_reachable_goal(void **state)
{
    (void)state;
    Lesson l;
    load("tests/lessons/solve/goals.lesson", &l);
    SolveAnswer a, again;
    solve_step(&l, 0, SOLVE_SEED, &a);
    assert_int_equal(a.status, SOLVE_FOUND);
    assert_int_equal(goal_with(&l, 0, NULL), 0);
    assert_int_equal(goal_with(&l, 0, &a), 1);
    /* one cell of Q's row "a" suffices, and no setting */
    assert_int_equal(a.n_edits, 1);
    assert_int_equal(a.edit[0].m, M_Q);
    assert_int_equal(a.edit[0].i, 0);
    assert_false(a.cfg_changed);
    char text[256];
    solve_describe(&a, &l.steps[0].cfg, text, sizeof text);
    assert_non_null(strstr(text, "Q[0]["));
    /* deterministic */
    solve_step(&l, 0, SOLVE_SEED, &again);
    assert_int_equal(again.n_edits, a.n_edits);
    assert_memory_equal(again.edit, a.edit, (size_t)a.n_edits * sizeof a.edit[0]);
    lesson_free(&l);
}

static void test_already_met_and_no_goal(void **state)
{
    (void)state;
    Lesson l;
    load("tests/lessons/solve/goals.lesson", &l);
    SolveAnswer a;
    solve_step(&l, 1, SOLVE_SEED, &a);
    assert_int_equal(a.status, SOLVE_ALREADY_MET);
    assert_int_equal(goal_with(&l, 1, NULL), 1);
    lesson_free(&l);

    load("lessons/01-three-stages.lesson", &l);
    solve_step(&l, 0, SOLVE_SEED, &a);
    assert_int_equal(a.status, SOLVE_NO_GOAL);
    lesson_free(&l);
}

/* A weight the mask hides: no cell can show it, the mask key can. */
static void test_goal_met_by_a_setting(void **state)
{
    (void)state;
    Lesson l;
    load("tests/lessons/solve/goals.lesson", &l);
    SolveAnswer a;
    solve_step(&l, 2, SOLVE_SEED, &a);
    assert_int_equal(a.status, SOLVE_FOUND);
    assert_true(a.cfg_changed);
    assert_int_equal(a.cfg.mask & MASK_MATRIX, 0);
    assert_int_equal(goal_with(&l, 2, &a), 1);
    char text[256];
    solve_describe(&a, &l.steps[2].cfg, text, sizeof text);
    assert_non_null(strstr(text, "mask = "));
    lesson_free(&l);
}

/* settings = fixed: the same goal, now that no setting key may be pressed,
 * is out of reach; the editor refuses settings there; a wrong value is an
 * error naming its line. */
static void test_settings_fixed(void **state)
{
    (void)state;
    FILE *f = fopen("tests/lessons/solve/goals.lesson", "r");
    assert_non_null(f);
    char text[4096];
    size_t n = fread(text, 1, sizeof text - 64, f);
    fclose(f);
    text[n] = '\0';
    strcat(text, "settings = fixed\n");       /* the last step: reachable only by a setting */
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load_mem("fixed", text, strlen(text), &l, &d), 0);
    diags_free(&d);
    assert_true(l.steps[2].settings_fixed);
    assert_false(l.steps[1].settings_fixed);       /* a step's own key, not inherited */
    Editor ed;
    editor_open(&ed, &l, 2);
    assert_false(editor_can_configure(&ed));
    editor_close(&ed);
    SolveAnswer a;
    solve_step(&l, 2, SOLVE_SEED, &a);
    assert_int_equal(a.status, SOLVE_NOT_FOUND);
    lesson_free(&l);
    static const char bad[] = "title = t\nQ = 1\nK = 1\nV = 1\n[step]\ntext = t\nsettings = maybe\n";
    Diags e = {0};
    assert_int_not_equal(lesson_load_mem("bad", bad, sizeof bad - 1, &l, &e), 0);
    assert_true(e.n > 0);
    assert_int_equal(e.v[0].line, 7);
    assert_non_null(strstr(e.v[0].msg, "settings is fixed or free"));
    diags_free(&e);
}

static void test_impossible_goals(void **state)
{
    (void)state;
    Lesson l;
    load("tests/lessons/solve/impossible.lesson", &l);
    SolveAnswer a;
    solve_step(&l, 0, SOLVE_SEED, &a);
    assert_int_equal(a.status, SOLVE_NOT_FOUND);
    assert_int_equal(a.n_edits, 0);
    assert_true(a.evals > 1000);    /* it searched */
    lesson_free(&l);

    /* nothing editable: a masked weight stays 0 (the settings stay fixed too) */
    static const char text[] = "title = t\nQ = 1 0\nK = 1 0\n    0 1\nV = 1\n    2\nmask = causal\n"
                               "queries = a\nkeys = x, y\n[step]\ntitle = s\ntext = t\nedit = none\n"
                               "goal = weights[0][1] > 0\n";
    Diags d = {0};
    assert_int_equal(lesson_load_mem("masked", text, sizeof text - 1, &l, &d), 0);
    solve_step(&l, 0, SOLVE_SEED, &a);
    assert_int_equal(a.status, SOLVE_NOT_FOUND);
    lesson_free(&l);
    diags_free(&d);
}

/* Every goal of the bundled lessons is met by edits the step allows. */
static void test_bundled_goals_proven(void **state)
{
    (void)state;
    char **paths;
    int n = lesson_list(&paths), goals = 0, typed = 0;
    assert_true(n >= 8);
    for (int p = 0; p < n; p++) {
        Lesson l;
        load(paths[p], &l);
        for (int k = 0; k < l.n_steps; k++) {
            SolveAnswer a;
            solve_step(&l, k, SOLVE_SEED, &a);
            if (a.status == SOLVE_NO_GOAL)
                continue;
            goals++;
            if (a.status != SOLVE_FOUND)
                fail_msg("%s step %d: goal not proven (status %d)", paths[p], k + 1, (int)a.status);
            assert_int_equal(goal_with(&l, k, NULL), 0);
            assert_int_equal(goal_with(&l, k, &a), 1);
            if (l.steps[k].tr) {    /* a translator's goal: met by an input typed */
                assert_true(a.input[0] != '\0');
                typed++;
            }
            for (int e = 0; e < a.n_edits; e++)     /* a mask's cells are 0 or 1 */
                if (a.edit[e].m == M_M && a.edit[e].value != 0.0f && a.edit[e].value != 1.0f)
                    fail_msg("%s step %d: M[%d][%d] = %g", paths[p], k + 1, a.edit[e].i, a.edit[e].j,
                             (double)a.edit[e].value);
        }
        lesson_free(&l);
        free(paths[p]);
    }
    free(paths);
    assert_true(goals >= 10);
    assert_true(typed >= 3);    /* lesson 13's three exercises */
}

int main(void)
{
    setenv("ATTNLAB_LESSONS", "lessons", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reachable_goal),
        cmocka_unit_test(test_already_met_and_no_goal),
        cmocka_unit_test(test_goal_met_by_a_setting),
        cmocka_unit_test(test_settings_fixed),
        cmocka_unit_test(test_impossible_goals),
        cmocka_unit_test(test_bundled_goals_proven),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
