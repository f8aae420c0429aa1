/* test_state.c - the learner's progress in SQLite (src/lab/state.c,
 * state_db.c): concurrent instances, sizes the old file refused, the old
 * file's import, a damaged database, many entries, exercises and
 * predictions. Each test has its own XDG_STATE_HOME. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab/state.h"

static char root[64];
static char dir[200];   /* $XDG_STATE_HOME/attnlab of the running test */

/* A fresh XDG_STATE_HOME named after the test. */
static void fresh_home(const char *name)
{
    char home[150];
    snprintf(home, sizeof home, "%s/%s", root, name);
    mkdir(home, 0700);
    setenv("XDG_STATE_HOME", home, 1);
    snprintf(dir, sizeof dir, "%s/attnlab", home);
}

static bool exists(const char *name)
{
    char p[300];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0;
}

static void write_file(const char *name, const char *text)
{
    char p[300];
    mkdir(dir, 0700);
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Saves one place through a State loaded now; asserts it worked. */
static void save_place(const char *lesson, int step, int n_steps)
{
    State s;
    char msg[300];
    state_load(&s, msg, sizeof msg);
    state_set(&s, lesson, step, n_steps);
    assert_int_equal(state_save(&s, msg, sizeof msg), 0);
    state_free(&s);
}

static void expect_place(const State *s, const char *lesson, int step, int n_steps)
{
    const StateEntry *e = state_get(s, lesson);
    assert_non_null(e);
    assert_int_equal(e->step, step);
    assert_int_equal(e->n_steps, n_steps);
}

/* Two instances loaded at the same time, each stepping its own lesson: the
 * later save keeps the earlier one's place (it used to write the whole
 * state it loaded at start). */
static void test_two_instances_keep_both(void **unused)
{
    (void)unused;
    fresh_home("two");
    save_place("c.lesson", 1, 3);
    State a, b;
    char msg[300];
    state_load(&a, msg, sizeof msg);
    state_load(&b, msg, sizeof msg);
    state_set(&a, "lessons/a.lesson", 2, 5);
    state_set(&b, "b.lesson", 3, 4);
    assert_int_equal(state_save(&a, msg, sizeof msg), 0);
    assert_int_equal(state_save(&b, msg, sizeof msg), 0);
    state_free(&a);
    state_free(&b);
    State s;
    state_load(&s, msg, sizeof msg);
    assert_string_equal(msg, "");
    expect_place(&s, "a.lesson", 2, 5);
    expect_place(&s, "b.lesson", 3, 4);
    expect_place(&s, "c.lesson", 1, 3);
    assert_true(state_get(&s, "b.lesson")->done);
    assert_string_equal(s.last, "b.lesson");
    state_free(&s);
}

/* Two processes saving different lessons at the same moment, many times:
 * every save succeeds (the busy timeout waits) and both places are kept. */
static void test_two_processes_at_once(void **unused)
{
    (void)unused;
    fresh_home("fork");
    save_place("first.lesson", 0, 2);   /* the database exists before the race */
    int go[2];
    assert_int_equal(pipe(go), 0);
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        assert_true(kids[k] >= 0);
        if (kids[k] == 0) {
            char c, name[40], msg[300];
            close(go[1]);
            if (read(go[0], &c, 1) != 0)
                _exit(3);
            State s;
            state_load(&s, msg, sizeof msg);
            snprintf(name, sizeof name, "proc%d.lesson", k);
            int bad = 0;
            for (int i = 0; i < 50; i++) {
                state_set(&s, name, i, 100);
                bad += state_save(&s, msg, sizeof msg) != 0;
            }
            state_free(&s);
            _exit(bad ? 1 : 0);
        }
    }
    close(go[0]);
    close(go[1]);   /* both start now */
    for (int k = 0; k < 2; k++) {
        int status;
        assert_int_equal(waitpid(kids[k], &status, 0), kids[k]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    State s;
    char msg[300];
    state_load(&s, msg, sizeof msg);
    expect_place(&s, "proc0.lesson", 49, 100);
    expect_place(&s, "proc1.lesson", 49, 100);
    expect_place(&s, "first.lesson", 0, 2);
    state_free(&s);
}

/* The old loader refused more than 100,000 steps and names with spaces or
 * of 128 bytes and more: all kept now. */
static void test_sizes_kept(void **unused)
{
    (void)unused;
    fresh_home("sizes");
    char long_name[201];
    memset(long_name, 'x', 193);
    memcpy(long_name + 193, ".lesson", 8);
    assert_int_equal(strlen(long_name), 200);
    save_place("/some/where/big.lesson", 109999, 110000);
    save_place("my first lesson.lesson", 3, 7);
    save_place(long_name, 5, 6);
    State s;
    char msg[300];
    state_load(&s, msg, sizeof msg);
    assert_string_equal(msg, "");
    expect_place(&s, "big.lesson", 109999, 110000);
    assert_true(state_get(&s, "big.lesson")->done);
    expect_place(&s, "my first lesson.lesson", 3, 7);
    expect_place(&s, long_name, 5, 6);
    assert_string_equal(s.last, long_name);
    assert_int_equal(s.n, 3);
    state_free(&s);
}

/* The text file of earlier versions: imported once, then state.imported. */
static void test_import_old_file(void **unused)
{
    (void)unused;
    fresh_home("import");
    write_file("state", "attnlab-state 1\nlast 02-score-functions.lesson\n"
                        "lesson 01-three-stages.lesson 4 5 1\nlesson 02-score-functions.lesson 2 6 0\n\n");
    write_file("state.tmp.12345", "attnlab-state 1\n");    /* a kill -9 during an old save */
    State s;
    char msg[300];
    state_load(&s, msg, sizeof msg);
    assert_string_equal(msg, "");
    expect_place(&s, "01-three-stages.lesson", 4, 5);
    assert_true(state_get(&s, "01-three-stages.lesson")->done);
    expect_place(&s, "02-score-functions.lesson", 2, 6);
    assert_false(state_get(&s, "02-score-functions.lesson")->done);
    assert_string_equal(s.last, "02-score-functions.lesson");
    state_free(&s);
    assert_false(exists("state"));
    assert_false(exists("state.tmp.12345"));
    assert_true(exists("state.imported"));
    assert_true(exists("progress.db"));
    /* the next start reads the database alone */
    state_load(&s, msg, sizeof msg);
    assert_string_equal(msg, "");
    assert_int_equal(s.n, 2);
    state_free(&s);
}

/* Garbage in progress.db: set aside with a message, never over an earlier
 * one, and a fresh database works. */
static void test_damaged_db_set_aside(void **unused)
{
    (void)unused;
    fresh_home("damaged");
    for (int round = 1; round <= 2; round++) {
        write_file("progress.db", "this is not a database, not at all, but it is long enough to look like one\n");
        State s;
        char msg[300];
        state_load(&s, msg, sizeof msg);
        assert_non_null(strstr(msg, "could not read the saved place"));
        assert_non_null(strstr(msg, round == 1 ? "progress.db.bad " : "progress.db.bad.2 "));
        assert_int_equal(s.n, 0);
        assert_string_equal(s.last, "");
        state_set(&s, "a.lesson", round, 5);
        assert_int_equal(state_save(&s, msg, sizeof msg), 0);
        state_free(&s);
        state_load(&s, msg, sizeof msg);
        assert_string_equal(msg, "");
        expect_place(&s, "a.lesson", round, 5);
        state_free(&s);
    }
    assert_true(exists("progress.db.bad"));
    assert_true(exists("progress.db.bad.2"));
}

/* A database written by a newer attnlab is left as it is. */
static void test_newer_db_left_alone(void **unused)
{
    (void)unused;
    fresh_home("newer");
    save_place("a.lesson", 1, 2);
    char path[300];
    assert_true(state_path(path, sizeof path));
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    State s;
    char msg[300];
    state_load(&s, msg, sizeof msg);
    assert_non_null(strstr(msg, "a newer attnlab wrote"));
    state_set(&s, "b.lesson", 0, 2);
    assert_int_equal(state_save(&s, msg, sizeof msg), -1);
    state_free(&s);
    assert_false(exists("progress.db.bad"));
}

/* 40,000 lessons saved in one transaction and loaded back (the old loader
 * was quadratic: 6 s). */
static void test_many_entries(void **unused)
{
    (void)unused;
    fresh_home("many");
    State s;
    char msg[300], name[40];
    state_load(&s, msg, sizeof msg);
    for (int i = 40000; i-- > 0;) {
        snprintf(name, sizeof name, "lesson-%05d.lesson", i);
        state_set(&s, name, i % 7, 7);
    }
    assert_int_equal(state_save(&s, msg, sizeof msg), 0);
    state_free(&s);
    state_load(&s, msg, sizeof msg);
    assert_string_equal(msg, "");
    assert_int_equal(s.n, 40000);
    for (int i = 0; i < 40000; i += 997) {
        snprintf(name, sizeof name, "lesson-%05d.lesson", i);
        expect_place(&s, name, i % 7, 7);
    }
    assert_string_equal(s.last, "lesson-00000.lesson");
    state_free(&s);
}

/* Exercises and predictions: recorded, read back, replaced; absent rows. */
static void test_exercises_and_predictions(void **unused)
{
    (void)unused;
    fresh_home("exercises");
    bool met = false, correct = false;
    char *edits = NULL;
    int choice = -1;
    char msg[300];
    assert_int_equal(state_exercise_put("x/a.lesson", 2, 0, true, "Q[0][1] = 3\nK[1][0] = -1", msg, sizeof msg), 0);
    assert_int_equal(state_exercise_put("a.lesson", 2, 1, false, NULL, msg, sizeof msg), 0);
    assert_int_equal(state_exercise_get("a.lesson", 2, 0, &met, &edits), 1);
    assert_true(met);
    assert_string_equal(edits, "Q[0][1] = 3\nK[1][0] = -1");
    free(edits);
    assert_int_equal(state_exercise_get("a.lesson", 2, 1, &met, &edits), 1);
    assert_false(met);
    assert_string_equal(edits, "");
    free(edits);
    assert_int_equal(state_exercise_put("a.lesson", 2, 1, true, "T = 0.5", msg, sizeof msg), 0);
    assert_int_equal(state_exercise_get("a.lesson", 2, 1, &met, &edits), 1);
    assert_true(met);
    assert_string_equal(edits, "T = 0.5");
    free(edits);
    assert_int_equal(state_exercise_get("a.lesson", 3, 0, &met, &edits), 0);
    /* both goals of step 2 are met now; another lesson's count apart */
    assert_int_equal(state_exercises_met("y/a.lesson"), 2);
    assert_int_equal(state_exercise_put("a.lesson", 2, 1, false, "", msg, sizeof msg), 0);
    assert_int_equal(state_exercises_met("a.lesson"), 1);
    assert_int_equal(state_exercises_met("b.lesson"), 0);

    assert_int_equal(state_prediction_get("a.lesson", 1, &choice, &correct), 0);
    assert_int_equal(state_prediction_put("a.lesson", 1, 2, false, msg, sizeof msg), 0);
    assert_int_equal(state_prediction_put("a.lesson", 1, 3, true, msg, sizeof msg), 0);
    assert_int_equal(state_prediction_get("a.lesson", 1, &choice, &correct), 1);
    assert_int_equal(choice, 3);
    assert_true(correct);
    /* places are untouched by them */
    State s;
    state_load(&s, msg, sizeof msg);
    assert_int_equal(s.n, 0);
    state_free(&s);
}

/* A folder that cannot be made: load is empty, save says why. */
static void test_unwritable(void **unused)
{
    (void)unused;
    fresh_home("unwritable");
    char home[150];
    snprintf(home, sizeof home, "%s/unwritable/file", root);
    FILE *f = fopen(home, "w");
    assert_non_null(f);
    fclose(f);
    setenv("XDG_STATE_HOME", home, 1);
    State s;
    char msg[300];
    state_load(&s, msg, sizeof msg);
    assert_string_equal(msg, "");
    state_set(&s, "a.lesson", 0, 2);
    assert_int_equal(state_save(&s, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "cannot create"));
    state_free(&s);
}

static int setup(void **unused)
{
    (void)unused;
    snprintf(root, sizeof root, "/tmp/attnlab-test-state-XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **unused)
{
    (void)unused;
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_instances_keep_both),
        cmocka_unit_test(test_two_processes_at_once),
        cmocka_unit_test(test_sizes_kept),
        cmocka_unit_test(test_import_old_file),
        cmocka_unit_test(test_damaged_db_set_aside),
        cmocka_unit_test(test_newer_db_left_alone),
        cmocka_unit_test(test_many_entries),
        cmocka_unit_test(test_exercises_and_predictions),
        cmocka_unit_test(test_unwritable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
