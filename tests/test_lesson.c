/* test_lesson.c - the lesson parser and `check`: every error names its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "lesson/lesson.h"
#include "lesson_helpers.h"

static char tmpdir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/attnlab-test-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_lesson(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Loads text; asserts it fails with a diagnostic at `line` containing `want`. */
static void expect_error(const char *text, int line, const char *want)
{
    const char *path = write_lesson("bad.lesson", text);
    Lesson l;
    Diags d = {0};
    int rc = lesson_load(path, &l, &d);
    th_expect_diag(rc, &d, line, want);
}

/* Loads path; asserts it loads with no message at all. */
static void load_clean(const char *path, Lesson *l)
{
    Diags d = {0};
    int rc = lesson_load(path, l, &d);
    diags_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(d.n, 0);
    diags_free(&d);
}

#define HEAD                                                                  \
    "title = t\n"                 /* 1 */                                     \
    "Q = 1 0\n"                   /* 2 */                                     \
    "    0 1\n"                   /* 3 */                                     \
    "K = 1 0\n"                   /* 4 */                                     \
    "    0 1\n"                   /* 5 */                                     \
    "    1 1\n"                   /* 6 */                                     \
    "V = 1\n"                     /* 7 */                                     \
    "    2\n"                     /* 8 */                                     \
    "    3\n"                     /* 9 */

static void test_good_lesson_inherits(void **state)
{
    (void)state;
    const char *path = write_lesson("good.lesson", HEAD
                                    "[step]\n"
                                    "text = a {weights[0][0]:3} b\n"
                                    "score = dot\n"
                                    "[step]\n"
                                    "temperature = 0.5\n"
                                    "Q = 2 0\n"
                                    "    0 2\n");
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load(path, &l, &d), 0);
    assert_int_equal(l.n_steps, 2);
    assert_int_equal(l.steps[0].cfg.score, SCORE_DOT);
    assert_int_equal(l.steps[1].cfg.score, SCORE_DOT);           /* inherited */
    assert_true(fabsf(l.steps[1].cfg.temperature - 0.5f) < 1e-7f);
    assert_true(fabsf(l.steps[0].cfg.temperature - 1.0f) < 1e-7f);
    assert_int_equal(l.steps[1].mats[M_K].rows, 3);              /* inherited */
    assert_true(fabsf(MAT_AT(l.steps[1].mats[M_Q], 0, 0) - 2.0f) < 1e-7f);
    assert_true(fabsf(MAT_AT(l.steps[0].mats[M_Q], 0, 0) - 1.0f) < 1e-7f);
    /* the placeholder: softmax of q0.K = (1, 0, 1) -> e/(2e+1) */
    Scenario sc = lesson_scenario(&l, 0);
    Result r;
    char err[200];
    assert_int_equal(engine_run(&sc, &r, NULL), 0);
    StrBuf b = {0};
    assert_int_equal(ref_render(l.steps[0].text.en, &r, &sc, &b, err, sizeof err), 0);
    double w = exp(1.0) / (2.0 * exp(1.0) + 1.0);
    char want[32];
    snprintf(want, sizeof want, "a %.3f b", w);
    assert_string_equal(b.s, want);
    free(b.s);
    result_free(&r);
    lesson_free(&l);
    diags_free(&d);
}

static void test_unknown_key(void **state)
{
    (void)state;
    expect_error(HEAD "[step]\n" "colour = red\n", 11, "unknown key 'colour'");
}

static void test_ragged_matrix(void **state)
{
    (void)state;
    expect_error("title = t\nQ = 1 0\n    0 1 2\n", 3, "row 2 of Q has 3 numbers but the rows above have 2");
}

static void test_shapes_do_not_fit(void **state)
{
    (void)state;
    /* K three wide against Q two wide: blamed on K, written at line 11 */
    expect_error(HEAD "[step]\n" "K = 1 0 0\n" "    0 1 0\n" "    1 1 0\n" "score = dot\n", 11, "one width");
}

static void test_v_rows(void **state)
{
    (void)state;
    expect_error(HEAD "[step]\n" "V = 1\n", 11, "V has 1 rows but K has 3");
}

static void test_unknown_score_and_distribution(void **state)
{
    (void)state;
    expect_error(HEAD "[step]\n" "score = magic\n", 11, "unknown score 'magic'");
    expect_error(HEAD "[step]\n" "distribution = softermax\n", 11, "unknown distribution 'softermax'");
}

static void test_valid_length_too_long(void **state)
{
    (void)state;
    expect_error(HEAD "[step]\n" "mask = padding\n" "valid_lens = 2 4\n", 12, "valid length 4 is longer than the 3 keys");
}

static void test_heads_do_not_divide(void **state)
{
    (void)state;
    expect_error("title = t\n"
                 "X = 1 0 0\n"
                 "    0 1 0\n"
                 "mode = multihead\n"
                 "[step]\n"
                 "heads = 2\n",
                 6, "2 heads do not divide d_model = 3");
}

static void test_goal_names_missing_cell(void **state)
{
    (void)state;
    expect_error(HEAD "[step]\n" "goal = weights[0][5] > 0.5\n", 11, "weights[0][5] does not exist");
    expect_error(HEAD "[step]\n" "goal = attention[0][1] > 0.5\n", 11, "names no stage or matrix");
    expect_error(HEAD "[step]\n" "goal = heads[2].weights[0][0] > 0.5\n", 11, "does not exist");
}

static void test_bad_numbers(void **state)
{
    (void)state;
    expect_error("title = t\nQ = 1 abc\n", 2, "'abc' in Q is not a number");
    expect_error("title = t\nQ = 1 1e39\n", 2, "not a finite float");
    expect_error("title = t\nQ = 1 nan\n", 2, "not a finite float");
    expect_error(HEAD "[step]\n" "temperature = 0\n", 11, "temperature must be a number above 0");
}

/* One limit for a lesson's numbers and the editor's cells (ENGINE_MAX_VALUE),
 * and no denormal: each refused with its line. */
static void test_number_limits(void **state)
{
    (void)state;
    expect_error("title = t\nQ = 1 3e38\n", 2, "3e38 in Q is out of range: a lesson's numbers are between -1e+06 and 1e+06");
    expect_error("title = t\nQ = 1\n    -1000001\n", 3, "out of range");
    expect_error("title = t\nQ = 1 1e-40\n", 2, "1e-40 in Q is too close to 0");
    expect_error("title = t\nQ = 1 -1e-50\n", 2, "too close to 0");
    expect_error(HEAD "[step]\n" "temperature = 1e-39\n", 11, "too close to 0");
    expect_error(HEAD "[step]\n" "temperature = 2e6\n", 11, "out of range");
    /* the limits themselves, and 0 written long, are taken */
    const char *path = write_lesson("edge.lesson", "title = t\nQ = 1e6 -1e6 1.2e-38 0e-50\nK = 1 1 1 1\n"
                                    "V = 1\n[step]\ntemperature = 1e6\n");
    Lesson l;
    load_clean(path, &l);
    assert_true(MAT_AT(l.steps[0].mats[M_Q], 0, 0) == 1e6f);
    assert_true(MAT_AT(l.steps[0].mats[M_Q], 0, 2) == 1.2e-38f);
    lesson_free(&l);
}

/* A number of 64 characters or more was cut at 63 and read as another
 * number (here 0); a NUL byte silently ended its line. */
static void test_long_number_and_nul(void **state)
{
    (void)state;
    char text[200];
    snprintf(text, sizeof text, "title = t\nQ = 1 0.%070d1\n", 0);
    expect_error(text, 2, "is 73 characters long; a number has at most 63");
    static const char nul[] = "title = t\nQ = 1 2\0 oops\nK = 1 2\nV = 1\n[step]\n";
    char path[128];
    snprintf(path, sizeof path, "%s/nul.lesson", tmpdir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(nul, 1, sizeof nul - 1, f);
    fclose(f);
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load(path, &l, &d), -1);
    assert_true(d.n >= 1);
    assert_int_equal(d.v[0].line, 2);
    assert_non_null(strstr(d.v[0].msg, "NUL byte (at byte 8)"));
    diags_free(&d);
}

/* A key set twice in one section: a warning naming both lines; the lesson
 * loads and the last one counts. In two sections it is no duplicate. */
static void test_duplicate_key_warns(void **state)
{
    (void)state;
    const char *path = write_lesson("dup.lesson", HEAD
                                    "[step]\n"                 /* 10 */
                                    "text = one\n"             /* 11 */
                                    "temperature = 2\n"        /* 12 */
                                    "text.en = two\n"          /* 13 */
                                    "temperature = 3\n"        /* 14 */
                                    "[step]\n"                 /* 15 */
                                    "text = three\n");         /* 16 */
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load(path, &l, &d), 0);
    assert_int_equal(d.n, 2);
    assert_int_equal(diags_errors(&d), 0);
    assert_true(d.v[0].warning);
    assert_int_equal(d.v[0].line, 13);
    assert_non_null(strstr(d.v[0].msg, "'text' is set again in this [step] (first on line 11)"));
    assert_int_equal(d.v[1].line, 14);
    assert_non_null(strstr(d.v[1].msg, "'temperature' is set again"));
    assert_true(l.steps[0].cfg.temperature == 3.0f);
    assert_string_equal(text_get(&l.steps[0].text, "en"), "two");
    lesson_free(&l);
    diags_free(&d);
    path = write_lesson("dup2.lesson", HEAD "title = u\n[step]\n");
    assert_int_equal(lesson_load(path, &l, &d), 0);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.v[0].line, 10);
    assert_non_null(strstr(d.v[0].msg, "'title' is set again in this lesson's top part (first on line 1)"));
    assert_string_equal(text_get(&l.title, "en"), "u");
    lesson_free(&l);
    diags_free(&d);
}

/* Only regular files are read: a FIFO, a socket or a device among the
 * lessons is refused at once (it hung the menu), a symbolic link loop is
 * named as such. alarm() turns a hang into a failure. */
static void test_not_regular_files(void **state)
{
    (void)state;
    char dir[128], p[200];
    snprintf(dir, sizeof dir, "%s/odd", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(p, sizeof p, "%s/1-fifo.lesson", dir);
    assert_int_equal(mkfifo(p, 0600), 0);
    snprintf(p, sizeof p, "%s/2-zero.lesson", dir);
    assert_int_equal(symlink("/dev/zero", p), 0);
    snprintf(p, sizeof p, "%s/3-socket.lesson", dir);
    int sock = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    assert_true(strlen(p) < sizeof sa.sun_path);
    memcpy(sa.sun_path, p, strlen(p) + 1);
    assert_int_equal(bind(sock, (struct sockaddr *)&sa, sizeof sa), 0);
    snprintf(p, sizeof p, "%s/4-loop.lesson", dir);
    assert_int_equal(symlink(p, p), 0);
    setenv("ATTNLAB_LESSONS", dir, 1);
    char **paths;
    assert_int_equal(lesson_list(&paths), 4);
    static const char *const want[] = {"is a pipe (FIFO), not a lesson file", "is a device, not a lesson file",
                                       "is a socket, not a lesson file", "a loop of symbolic links"};
    alarm(10);
    for (int i = 0; i < 4; i++) {
        Lesson l;
        Diags d = {0};
        assert_int_equal(lesson_load(paths[i], &l, &d), -1);
        assert_int_equal(d.n, 1);
        assert_non_null(strstr(d.v[0].msg, want[i]));
        diags_free(&d);
        free(paths[i]);
    }
    alarm(0);
    free(paths);
    close(sock);
    /* named on the command line: a loop is not "no lesson" */
    char *r = lesson_resolve(p);
    assert_non_null(r);
    free(r);
}

static void test_structure_errors(void **state)
{
    (void)state;
    expect_error(HEAD "[stepp]\n" "text = x\n", 10, "unknown section [stepp]");
    expect_error(HEAD "[step]\n" "just some words\n", 11, "expected 'key = value'");
    expect_error(HEAD "[step]\n" "panels = weights, attention\n", 11, "unknown panel 'attention'");
    expect_error(HEAD "[step]\n" "panels = heads\n", 11, "only a multihead step has it");
    expect_error(HEAD "[step]\n" "edit = W\n", 11, "cannot edit W");
    expect_error(HEAD "[step]\n" "text.fr = bonjour\n", 11, "unknown language 'fr'");
    expect_error(HEAD "[step]\n" "queries = a, b, c\n", 11, "2 query rows but 3 query labels");
    expect_error(HEAD, 0, "has no [step]");
    expect_error("Q = 1\n[step]\n", 0, "has no title");
}

/* What the learner is asked to do must be on screen: an editable matrix is
 * shown, and a hint, goal, question or answer names only cells of matrices
 * the step shows or lets the learner change (lesson_reach.c). */
static void test_reach(void **state)
{
    (void)state;
    expect_error(HEAD "[step]\n" "panels = scores, weights\n" "edit = Q\n", 12,
                 "step 1 lets the learner edit Q but does not show it");
    /* inherited edit, panels changed later: the panels line is at fault */
    expect_error(HEAD "[step]\n" "edit = K\n" "[step]\n" "panels = weights\n", 13,
                 "step 2 lets the learner edit K but does not show it");
    expect_error(HEAD "[step]\n" "panels = weights\n" "edit = none\n" "hint = raise Q[0][1]\n", 10,
                 "step 1 hint names Q[0][1], but the step neither shows Q");
    expect_error(HEAD "[step]\n" "panels = Q, weights\n" "answer.zh = 看 V[2][0]。\n", 10, "answer names V[2][0]");
    expect_error(HEAD "[step]\n" "panels = Q, weights\n" "goal = scores[0][1] > 2\n", 12,
                 "goal names scores[0][1], but the step neither shows scores");
    /* a placeholder shows its value; a shown matrix may be named */
    const char *path = write_lesson("reach.lesson", HEAD "[step]\n" "panels = Q, weights\n" "edit = Q\n"
                                                    "hint = {K[1][0]} is K's; raise Q[0][1]\ngoal = weights[0][1] > 0.9\n");
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load(path, &l, &d), 0);
    assert_int_equal(d.n, 0);
    lesson_free(&l);
    diags_free(&d);
}

static void test_long_line_and_utf8(void **state)
{
    (void)state;
    char text[600];
    snprintf(text, sizeof text, HEAD "[step]\ntext = %0250d\n", 7);
    expect_error(text, 11, "the most is 198");
    expect_error(HEAD "[step]\n" "text = caf\xe9\n", 11, "not UTF-8");
}

static void test_missing_file(void **state)
{
    (void)state;
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load("/nonexistent/x.lesson", &l, &d), -1);
    assert_int_equal(d.n, 1);
    assert_non_null(strstr(d.v[0].msg, "cannot read"));
    diags_free(&d);
}

static void test_too_big_matrix(void **state)
{
    (void)state;
    StrBuf b = {0};
    sb_append(&b, "title = t\nQ = 1\n");
    for (int i = 0; i < 64; i++)
        sb_append(&b, "    1\n");
    expect_error(b.s, 66, "more than 64 rows");
    free(b.s);
}

static void test_bundled_lessons_pass(void **state)
{
    (void)state;
    char **paths;
    setenv("ATTNLAB_LESSONS", "lessons", 1);
    int n = lesson_list(&paths);
    assert_true(n >= 1);
    for (int i = 0; i < n; i++) {
        Lesson l;
        Diags d = {0};
        int rc = lesson_load(paths[i], &l, &d);
        diags_print(&d, stderr);
        assert_int_equal(rc, 0);
        lesson_free(&l);
        diags_free(&d);
        free(paths[i]);
    }
    free(paths);
}

/* The monkey's hostile lessons (tests/gen_hostile_lessons.py) pass check
 * with no message at all, each with its steps. */
static void test_hostile_lessons_pass(void **state)
{
    (void)state;
    static const struct { const char *name; int steps; } want[] = {
        {"bom", 2}, {"crlf", 2}, {"huge-tiny", 22}, {"long-narration", 2}, {"ten-thousand-steps", 10000}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char path[200];
        snprintf(path, sizeof path, "tests/lessons/hostile/%s.lesson", want[i].name);
        Lesson l;
        load_clean(path, &l);
        assert_int_equal(l.n_steps, want[i].steps);
        if (strcmp(want[i].name, "crlf") == 0 || strcmp(want[i].name, "bom") == 0)
            assert_non_null(strstr(text_get(&l.title, "en"), "with "));
        lesson_free(&l);
    }
}

static void test_resolve(void **state)
{
    (void)state;
    setenv("ATTNLAB_LESSONS", "lessons", 1);
    char *a = lesson_resolve("1"), *b = lesson_resolve("three-stages");
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    assert_null(lesson_resolve("999"));
    assert_null(lesson_resolve("no-such-lesson"));
    free(a);
    free(b);
}

/* `attnlab 11` opens the file numbered 11, whatever lessons are missing
 * before it; a file without a number is found by its place. */
static void test_lesson_numbers(void **state)
{
    (void)state;
    assert_int_equal(lesson_number("lessons/11-hierarchical.lesson"), 11);
    assert_int_equal(lesson_number("/x/01-a.lesson"), 1);
    assert_int_equal(lesson_number("plain.lesson"), 0);
    setenv("ATTNLAB_LESSONS", "lessons", 1);
    char *p = lesson_resolve("11");
    assert_non_null(p);
    assert_non_null(strstr(p, "/11-"));
    free(p);
    p = lesson_resolve("10");
    assert_non_null(p);
    assert_non_null(strstr(p, "/10-"));
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lesson_numbers),
        cmocka_unit_test(test_good_lesson_inherits),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_ragged_matrix),
        cmocka_unit_test(test_shapes_do_not_fit),
        cmocka_unit_test(test_v_rows),
        cmocka_unit_test(test_unknown_score_and_distribution),
        cmocka_unit_test(test_valid_length_too_long),
        cmocka_unit_test(test_heads_do_not_divide),
        cmocka_unit_test(test_goal_names_missing_cell),
        cmocka_unit_test(test_bad_numbers),
        cmocka_unit_test(test_number_limits),
        cmocka_unit_test(test_long_number_and_nul),
        cmocka_unit_test(test_duplicate_key_warns),
        cmocka_unit_test(test_not_regular_files),
        cmocka_unit_test(test_structure_errors),
        cmocka_unit_test(test_reach),
        cmocka_unit_test(test_long_line_and_utf8),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_too_big_matrix),
        cmocka_unit_test(test_bundled_lessons_pass),
        cmocka_unit_test(test_hostile_lessons_pass),
        cmocka_unit_test(test_resolve),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
