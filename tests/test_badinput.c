/* test_badinput.c - bad input met in the terminal lab, without a terminal
 * (newterm on /dev/null): each gets a clear message and changes nothing it
 * should not. The command line's share is in tests/cli-badinput.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <float.h>
#include <signal.h>
#include <sys/resource.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/editor.h"
#include "lesson/lesson.h"
#include "lab/state.h"
#include "lab/words.h"
#include "tui/ui.h"
#include "ui_testutil.h"

static char tmp_dir[256];
static FILE *in, *out;

static Ui *open_ui(const char *lesson, int step)
{
    return ui_test_open(lesson, step, in, out);
}

static bool screen_has(Ui *ui, const char *text)
{
    char *d = ui_dump(ui);
    bool has = strstr(d, text) != NULL;
    if (!has)
        fprintf(stderr, "no '%s' on the screen:\n%s\n", text, d);
    free(d);
    return has;
}

/* Writes a lesson file into the temporary folder; returns its path. */
static const char *write_lesson(const char *name, const char *text)
{
    static char path[400];
    snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

#define QKV "title = t\nQ = 1 0\nK = 1 0\n    0 1\nV = 1\n    2\n"

/* 1e39, nan, inf, "abc" and more typed into a cell: refused, the old value
 * (Q[0][0] = 2 in the frozen lesson 1, step 5) kept. */
static void test_typed_numbers(void **state)
{
    (void)state;
    static const struct { const char *text, *msg; } bad[] = {
        {"1e39", "out of range"}, {"-1e39", "out of range"}, {"nan", "out of range"}, {"inf", "out of range"},
        {"-inf", "out of range"}, {"abc", "is not a number"}, {"1.5x", "is not a number"},
        {"1000000.5", "out of range"}, {"1e-400", "too close to 0"}, {"1e-39", "too close to 0"},
        {"", "is not a number"}, {"--1", "is not a number"},
    };
    Ui *ui = open_ui("1", 5);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ui_feed_key(ui, '=', false);
        ui_feed_keys(ui, bad[k].text);
        ui_feed_key(ui, '\r', false);
        assert_true(screen_has(ui, bad[k].msg));
        ui_feed_key(ui, KEY_LEFT, true);    /* clears the message; the cursor stays at [0][0] */
        assert_true(screen_has(ui, " Q[0][0] = 2   (Enter: how)"));
    }
    ui_feed_keys(ui, "=1e6\r");
    assert_true(screen_has(ui, " Q[0][0] = 1e+06"));
    ui_close(ui);

    double v = 7;
    char msg[200];
    EditRefusal why;
    /* a cell outside the matrix: refused before it is read */
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load("tests/lessons/ui/01-three-stages.lesson", &l, &d), 0);
    Editor ed;
    editor_open(&ed, &l, 4);
    assert_int_equal(editor_nudge(&ed, M_Q, 99, 0, 0.1, &why), -1);
    assert_string_equal(words_edit_refusal(&why, false, msg, sizeof msg), "Q has no cell [99][0]");
    assert_string_equal(words_edit_refusal(&why, true, msg, sizeof msg), "Q 没有 [99][0] 这一格");
    assert_int_equal(editor_nudge(&ed, M_Q, 0, -1, 0.1, &why), -1);
    assert_int_equal(why.kind, EDIT_NO_CELL);
    assert_int_equal(editor_set_text(&ed, M_Q, 3, 4, "1", &why), -1);
    assert_true(why.kind == EDIT_NO_CELL && why.m == M_Q && why.i == 3 && why.j == 4);
    editor_close(&ed);
    lesson_free(&l);
    diags_free(&d);
    assert_int_equal(editor_parse_number(" -0.25 ", &v, &why), 0);
    assert_true(v == -0.25);
    assert_int_equal(editor_parse_number("2e-38", &v, &why), 0);
    assert_true(v == 2e-38 && v >= FLT_MIN);
    assert_int_equal(editor_parse_number("-0", &v, &why), 0);
    assert_true(v == 0.0);
    v = 7;
    assert_int_equal(editor_parse_number("1e-400", &v, &why), -1);
    assert_true(v == 7);
    assert_int_equal(why.kind, EDIT_TOO_SMALL);
    assert_non_null(strstr(words_edit_refusal(&why, false, msg, sizeof msg), "'1e-400' is too close to 0"));
}

/* Temperature 0: refused in a lesson, and the key that lowers it stops at
 * its smallest step, never 0. */
static void test_temperature_zero(void **state)
{
    (void)state;
    const char *zeros[] = {"0", "0.0", "-0", "1e-50"};
    for (int k = 0; k < 4; k++) {
        char text[200];
        snprintf(text, sizeof text, QKV "[step]\ntitle = a\ntext = b\ntemperature = %s\n", zeros[k]);
        Lesson l;
        Diags d = {0};
        assert_int_equal(lesson_load_mem("t.lesson", text, strlen(text), &l, &d), -1);
        assert_true(d.n > 0);
        assert_non_null(strstr(d.v[0].msg, "temperature must be a number above 0"));
        assert_int_equal(d.v[0].line, 10);
        diags_free(&d);
    }
    Ui *ui = open_ui("1", 5);
    for (int k = 0; k < 40; k++)
        ui_feed_key(ui, 't', false);
    assert_true(screen_has(ui, "no other lower temperature works"));
    assert_true(screen_has(ui, "T=0.05 "));
    ui_feed_key(ui, 'T', false);
    assert_true(screen_has(ui, "T=0.1 "));
    ui_close(ui);
}

/* Every entry masked: all-zero weights, flagged on screen, no NaN. */
static void test_fully_masked(void **state)
{
    (void)state;
    const char *path = write_lesson("masked.lesson", QKV "[step]\ntitle = a\ntext = b\nmask = matrix\n"
                                                         "M = 0 0\npanels = M, weights, output\nedit = M\n");
    Ui *ui = open_ui(path, 1);
    assert_true(screen_has(ui, "! 1 row fully masked (weights 0)"));
    char *d = ui_dump(ui);
    assert_null(strstr(d, "nan"));
    free(d);
    ui_close(ui);
}

/* A step with no panels: the defaults for its mode are shown (and check
 * passes it), rather than an empty screen. */
static void test_no_panels(void **state)
{
    (void)state;
    const char *path = write_lesson("nopanels.lesson", QKV "[step]\ntitle = a\ntext = b\n");
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load(path, &l, &d), 0);
    assert_true(l.steps[0].n_panels > 0);
    bool weights = false;
    for (int i = 0; i < l.steps[0].n_panels; i++)
        weights |= l.steps[0].panels[i] == PANEL_WEIGHTS;
    assert_true(weights);
    lesson_free(&l);
    diags_free(&d);
    Ui *ui = open_ui(path, 1);
    assert_true(screen_has(ui, "weights a = softmax"));
    ui_close(ui);
}

/* A 1x1 window (and other tiny ones): a "too small" message as full as fits,
 * keys and clicks do nothing harmful, and the lesson comes back intact. */
static void test_tiny_windows(void **state)
{
    (void)state;
    Ui *ui = open_ui("1", 5);
    ui_resize(ui, 1, 1);
    char *d = ui_dump(ui);
    assert_string_equal(d, "!\n");
    free(d);
    /* clicks where the panels were: a too small window takes none */
    for (int y = 0; y < 35; y++)
        for (int x = 0; x < 100; x += 3)
            assert_true(ui_feed_mouse(ui, y, x, BUTTON1_CLICKED));
    ui_resize(ui, 35, 100);
    assert_true(screen_has(ui, " Q[0][0] = 2   (Enter: how)"));
    ui_resize(ui, 1, 1);
    assert_true(ui_feed_keys(ui, "njl=5\r+>st\t?"));
    assert_true(ui_feed_mouse(ui, 0, 0, BUTTON1_CLICKED));
    assert_true(ui_feed_key(ui, 27, false));    /* Esc cancels typing; it does not quit */
    ui_resize(ui, 1, 9);
    assert_true(screen_has(ui, "too small"));
    ui_resize(ui, 10, 20);
    assert_true(screen_has(ui, "window of at least"));
    assert_true(screen_has(ui, "20 x 10. Enlarge it,"));
    ui_resize(ui, 35, 100);
    assert_true(screen_has(ui, "step 5 of 5"));
    ui_resize(ui, 1, 1);
    assert_false(ui_feed_key(ui, 'q', false));  /* q quits, as the message says */
    ui_close(ui);
}

/* LANG=C: no UTF-8, so the screen is drawn in ASCII only. */
static void test_ascii_drawing(void **state)
{
    (void)state;
    setenv("LANG", "C", 1);
    Ui *ui = open_ui("1", 5);
    char *d = ui_dump(ui);
    for (const char *p = d; *p; p++)
        if ((unsigned char)*p >= 0x80)
            fail_msg("a byte 0x%02x at %ld of the LANG=C screen:\n%s", (unsigned char)*p, (long)(p - d), d);
    assert_non_null(strstr(d, "weights"));
    free(d);
    ui_close(ui);
    setenv("LANG", "C.UTF-8", 1);
}

static const char *dirname_of(const char *path)
{
    static char dir[420];
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    return dir;
}

/* Writes the old text state file (imported at the next start). */
static void write_state(const char *text, size_t n)
{
    char path[400];
    assert_true(state_path(path, sizeof path));
    strcpy(strrchr(path, '/'), "/state");
    char dir[420];
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    mkdir(dir, 0700);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(text, 1, n, f);
    fclose(f);
}

/* A corrupt state file, or one from a future version: a message, the file
 * kept aside as state.bad byte for byte, and the lab starts afresh. */
static void test_state_files(void **state)
{
    (void)state;
    static const struct { const char *text; size_t n; const char *msg; } cases[] = {
        {"\x00\xff\x13garbage", 10, "could not read the saved place"},
        {"", 0, "could not read the saved place"},
        {"attnlab-state 1\nlesson 01-three-stages.lesson 9 3 0\n", 52, "could not read the saved place"},
        {"attnlab-state -5\n", 17, "could not read the saved place"},
        {"attnlab-state 2\nsomething new\n", 30, "a newer attnlab wrote"},
    };
    char path[400], bad[420];
    char dir[300];
    assert_true(state_path(dir, sizeof dir));
    *strrchr(dir, '/') = '\0';
    snprintf(path, sizeof path, "%s/state", dir);   /* the old text file, imported at start */
    snprintf(bad, sizeof bad, "%s.bad", path);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        write_state(cases[k].text, cases[k].n);
        Ui *ui = open_ui(NULL, 0);
        assert_true(screen_has(ui, cases[k].msg));
        FILE *f = fopen(bad, "rb");
        assert_non_null(f);
        char got[100];
        size_t n = fread(got, 1, sizeof got, f);
        fclose(f);
        assert_int_equal(n, cases[k].n);
        assert_memory_equal(got, cases[k].text, n);
        /* open lesson 1, step 2, and leave: the new place is saved */
        ui_feed_keys(ui, "\rnq");
        ui_close(ui);
        State st;
        char msg[300];
        state_load(&st, msg, sizeof msg);
        assert_string_equal(msg, "");
        assert_non_null(state_get(&st, "01-three-stages.lesson"));
        state_free(&st);
        unlink(bad);    /* kept files are never overwritten: the next case's is state.bad again */
    }
}

/* The state's folder cannot be made (a file is in its way): the lab runs,
 * and leaving a lesson says why the place was not saved. */
static void test_state_unwritable(void **state)
{
    (void)state;
    char blocker[300];
    snprintf(blocker, sizeof blocker, "%s/blocker", tmp_dir);
    FILE *f = fopen(blocker, "w");
    assert_non_null(f);
    fclose(f);
    setenv("XDG_STATE_HOME", blocker, 1);
    Ui *ui = open_ui("1", 2);
    ui_feed_key(ui, 'q', false);
    assert_true(screen_has(ui, "cannot create"));
    ui_close(ui);
    setenv("XDG_STATE_HOME", tmp_dir, 1);
}

/* e with a figures folder that cannot be made or written: a message, no crash. */
static void test_export_key_bad_folder(void **state)
{
    (void)state;
    setenv("ATTNLAB_FIGURES", "/proc/attnlab-figures", 1);
    Ui *ui = open_ui("1", 5);
    ui_feed_key(ui, 'e', false);
    assert_true(screen_has(ui, "cannot make the folder /proc/attnlab-figures"));
    char file[300];
    snprintf(file, sizeof file, "%s/blocker", tmp_dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    setenv("ATTNLAB_FIGURES", file, 1);   /* a file where the folder should be */
    ui_feed_key(ui, 'e', false);
    assert_true(screen_has(ui, "export failed"));
    ui_close(ui);
    unsetenv("ATTNLAB_FIGURES");
}

/* Enter on a panel that a setting has emptied (the position encoding, after
 * o turned it off) read a NULL matrix in explain (found by the monkey). */
static void test_explain_emptied_panel(void **state)
{
    (void)state;
    char path[400];
    assert_non_null(getcwd(path, 300));
    strcat(path, "/lessons/05-self-attention.lesson");
    Ui *ui = open_ui(path, 6);
    assert_true(screen_has(ui, "PE"));
    ui_feed_key(ui, '\t', false);             /* X, then the PE panel */
    ui_feed_key(ui, 'o', false);              /* position off: PE is empty */
    assert_true(screen_has(ui, "position off"));
    assert_true(ui_feed_key(ui, '\n', false));
    assert_true(screen_has(ui, "this panel is empty with the current settings"));
    ui_close(ui);
}

/* A locale that writes 0,5 (de_DE): lessons still open, a typed 0.5 is
 * taken and numbers are drawn with a '.'. Skipped when no such locale can
 * be had (none installed, and no localedef with its data to make one). */
static void test_decimal_comma_locale(void **state)
{
    (void)state;
    char cmd[1000], loc[300];
    snprintf(loc, sizeof loc, "%s/locales", tmp_dir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && localedef -i de_DE -f UTF-8 '%s/de_DE.UTF-8' >/dev/null 2>&1", loc,
             loc);
    if (!setlocale(LC_ALL, "de_DE.UTF-8")) {
        if (system(cmd) != 0)
            skip();
        setenv("LOCPATH", loc, 1);
    }
    setlocale(LC_ALL, "C");
    setenv("LANG", "de_DE.UTF-8", 1);
    Ui *ui = open_ui("1", 5);
    ui_feed_keys(ui, "=0.5\r");
    ui_feed_key(ui, KEY_LEFT, true);
    assert_true(screen_has(ui, " Q[0][0] = 0.5   (Enter: how)"));
    assert_true(screen_has(ui, "0.50"));
    ui_close(ui);
    setenv("LANG", "C.UTF-8", 1);
    unsetenv("LOCPATH");
}

/* A full disk (simulated: a file size limit of 0, SIGXFSZ ignored as a
 * real full disk raises none): saving the place and the e key fail with a
 * message, the saved place already there is intact, no partial file left. */
static void test_full_disk(void **state)
{
    (void)state;
    static const char saved[] = "attnlab-state 1\nlast 01-three-stages.lesson\nlesson 01-three-stages.lesson 1 5 0\n";
    char path[400], figs[300], cmd[1000], got[200];
    write_state(saved, strlen(saved));
    snprintf(figs, sizeof figs, "%s/full-figures", tmp_dir);
    mkdir(figs, 0777);
    setenv("ATTNLAB_FIGURES", figs, 1);
    Ui *ui = open_ui("1", 5);       /* saves its place: that is the file to keep */
    assert_true(state_path(path, sizeof path));
    char before[200];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n_before = fread(before, 1, sizeof before, f);
    fclose(f);
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 0;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    ui_feed_key(ui, 'e', false);
    bool export_failed = screen_has(ui, "export failed");
    ui_feed_key(ui, 'p', false);    /* a new step: the place is saved */
    bool save_failed = screen_has(ui, "cannot save progress");
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    assert_true(export_failed);
    assert_true(save_failed);
    /* the place saved before is still there, whole; no temporary file */
    f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(got, 1, sizeof got, f);
    fclose(f);
    assert_int_equal(n, n_before);
    assert_memory_equal(got, before, n);
    State st;
    char msg[300];
    state_load(&st, msg, sizeof msg);
    const StateEntry *e = state_get(&st, "01-three-stages.lesson");
    assert_non_null(e);
    assert_int_equal(e->step, 4);
    state_free(&st);
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' | grep tmp)\" && test -z \"$(ls -A '%s')\"",
             dirname_of(path), figs);
    assert_int_equal(system(cmd), 0);
    ui_close(ui);
    unsetenv("ATTNLAB_FIGURES");
}

/* LINES=100000 COLUMNS=100000: ncurses allocated 2.1 GB. Now the screen is
 * 1000x1000 at most, with a message; a resize beyond is capped too. */
static void test_huge_screen_capped(void **state)
{
    (void)state;
    setenv("LINES", "100000", 1);
    setenv("COLUMNS", "100000", 1);
    alarm(20);
    Ui *ui = open_ui(NULL, 0);
    assert_int_equal(LINES, 1000);
    assert_int_equal(COLS, 1000);
    assert_true(screen_has(ui, "the terminal is 100000x100000; attnlab draws at most 1000x1000"));
    assert_true(screen_has(ui, "attnlab: lessons"));
    ui_resize(ui, 4000, 3000);
    assert_int_equal(LINES, 1000);
    assert_int_equal(COLS, 1000);
    ui_resize(ui, 35, 100);
    assert_int_equal(LINES, 35);
    assert_true(screen_has(ui, "attnlab: lessons"));
    ui_close(ui);
    alarm(0);
    setenv("LINES", "35", 1);
    setenv("COLUMNS", "100", 1);
}

/* A FIFO and /dev/zero named as lessons: the menu lists them as
 * unreadable (not files), shows the good one, and Enter on the FIFO says why. */
static void test_pipe_and_device_in_menu(void **state)
{
    (void)state;
    char dir[300], p[400], cwd[256];
    snprintf(dir, sizeof dir, "%s/lessons", tmp_dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(p, sizeof p, "%s/00-pipe.lesson", dir);
    assert_int_equal(mkfifo(p, 0600), 0);
    snprintf(p, sizeof p, "%s/01-zero.lesson", dir);
    assert_int_equal(symlink("/dev/zero", p), 0);
    assert_non_null(getcwd(cwd, sizeof cwd));
    char good[400];
    snprintf(good, sizeof good, "%s/tests/lessons/ui/01-three-stages.lesson", cwd);
    snprintf(p, sizeof p, "%s/02-good.lesson", dir);
    assert_int_equal(symlink(good, p), 0);
    setenv("ATTNLAB_LESSONS", dir, 1);
    alarm(20);
    Ui *ui = open_ui(NULL, 0);
    assert_true(screen_has(ui, "00-pipe.lesson"));
    assert_true(screen_has(ui, "01-zero.lesson"));
    assert_true(screen_has(ui, "unreadable: not a file"));
    assert_false(screen_has(ui, "has errors"));
    assert_true(screen_has(ui, "not started"));     /* the good lesson */
    ui_feed_keys(ui, "gg");
    ui_feed_key(ui, '\r', false);
    assert_true(screen_has(ui, "is a pipe (FIFO), not a lesson file"));
    assert_false(ui_feed_key(ui, 'q', false));
    ui_close(ui);
    alarm(0);
}

static int setup(void **state)
{
    (void)state;
    ui_test_env_open(tmp_dir, sizeof tmp_dir, &in, &out, "badinput", "tests/lessons/ui", 35, 100);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return ui_test_env_close(tmp_dir, in, out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typed_numbers),
        cmocka_unit_test(test_temperature_zero),
        cmocka_unit_test(test_fully_masked),
        cmocka_unit_test(test_no_panels),
        cmocka_unit_test(test_tiny_windows),
        cmocka_unit_test(test_ascii_drawing),
        cmocka_unit_test(test_state_files),
        cmocka_unit_test(test_state_unwritable),
        cmocka_unit_test(test_export_key_bad_folder),
        cmocka_unit_test(test_explain_emptied_panel),
        cmocka_unit_test(test_full_disk),
        cmocka_unit_test(test_decimal_comma_locale),
        cmocka_unit_test(test_huge_screen_capped),
        cmocka_unit_test(test_pipe_and_device_in_menu),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
