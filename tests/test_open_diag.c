/* test_open_diag.c - a lesson that fails to open, in the terminal lab
 * (headless): the message is its first error, never a warning that comes
 * before it (a key set twice is only a warning). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tui/ui.h"
#include "ui_testutil.h"

static char tmp_dir[256];
static FILE *in, *out;

/* A warning on line 2 (title set again), the one error on line 8. */
static const char warned_then_wrong[] =
    "title = t\n"
    "title = t again\n"
    "Q = 1 0\n"
    "K = 1 0\n"
    "    0 1\n"
    "V = 1\n"
    "[step]\n"
    "score = magic\n";

/* Writes text as DIR/name under the temporary folder (DIR made if absent);
 * the file's path in path (n bytes). */
static void write_lesson(const char *dir, const char *name, const char *text, char *path, size_t n)
{
    char d[300];
    snprintf(d, sizeof d, "%s/%s", tmp_dir, dir);
    mkdir(d, 0700);
    snprintf(path, n, "%s/%s", d, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* `attnlab LESSON` on a terminal: ui_open refuses it, naming line 8. */
static void test_open_names_the_error(void **state)
{
    (void)state;
    char path[400], err[600] = "", want[500];
    write_lesson("direct", "warned.lesson", warned_then_wrong, path, sizeof path);
    UiOptions o = {.lesson = path, .lang = "en", .color = HM_COLOR_AUTO, .in = in, .out = out,
                   .term = "xterm-256color"};
    Ui *ui = ui_open(&o, err, sizeof err);
    assert_null(ui);
    snprintf(want, sizeof want, "%s:8: unknown score 'magic'", path);
    if (strncmp(err, want, strlen(want)) != 0)  /* then the list of scores */
        fail_msg("'%s' does not start with '%s'", err, want);
}

/* The same lesson chosen in the menu: the status line shows the error. */
static void test_menu_shows_the_error(void **state)
{
    (void)state;
    char path[400], dir[300];
    write_lesson("menu", "warned.lesson", warned_then_wrong, path, sizeof path);
    snprintf(dir, sizeof dir, "%s/menu", tmp_dir);
    setenv("ATTNLAB_LESSONS", dir, 1);
    Ui *ui = ui_test_open(NULL, 0, in, out);
    ui_feed_key(ui, '\r', false);
    char *d = ui_dump(ui);
    if (!strstr(d, "warned.lesson:8: unknown score 'magic'") || strstr(d, "set again"))
        fail_msg("not the error on line 8 alone:\n%s", d);
    free(d);
    ui_close(ui);
}

/* Only warnings and no error cannot fail to load: such a lesson opens. */
static void test_warning_alone_opens(void **state)
{
    (void)state;
    char path[400];
    write_lesson("warned", "ok.lesson", "title = t\ntitle = t again\nQ = 1 0\nK = 1 0\n    0 1\nV = 1\n    2\n"
                 "[step]\ntitle = one\n", path, sizeof path);
    Ui *ui = ui_test_open(path, 0, in, out);
    char *d = ui_dump(ui);
    assert_non_null(strstr(d, "t again"));
    free(d);
    ui_close(ui);
}

static int setup(void **state)
{
    (void)state;
    ui_test_env_open(tmp_dir, sizeof tmp_dir, &in, &out, "opendiag", "tests/lessons/ui", 35, 140);
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
        cmocka_unit_test(test_open_names_the_error),
        cmocka_unit_test(test_menu_shows_the_error),
        cmocka_unit_test(test_warning_alone_opens),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
