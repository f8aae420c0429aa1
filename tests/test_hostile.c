/* test_hostile.c - the terminal lab against hostile surroundings, headless:
 * a screen size of 100000x100000 (capped, not allocated), and a pipe or a
 * device among the lessons (shown as a lesson with errors, no hang). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui_testutil.h"

static char tmp_dir[300];
static FILE *in, *out;

static bool screen_has(Ui *ui, const char *text)
{
    char *d = ui_dump(ui);
    bool has = strstr(d, text) != NULL;
    if (!has)
        fprintf(stderr, "no '%s' on the screen:\n%.2000s\n", text, d);
    free(d);
    return has;
}

/* LINES=100000 COLUMNS=100000: ncurses allocated 2.1 GB. Now the screen is
 * 1000x1000 at most, with a message; a resize beyond is capped too. */
static void test_huge_screen_capped(void **state)
{
    (void)state;
    setenv("LINES", "100000", 1);
    setenv("COLUMNS", "100000", 1);
    alarm(20);
    Ui *ui = ui_test_open(NULL, 0, in, out);
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

/* A FIFO and /dev/zero named as lessons: the menu lists them as lessons
 * with errors, shows the good one, and Enter on the FIFO says why. */
static void test_pipe_and_device_in_menu(void **state)
{
    (void)state;
    char dir[400], p[500], cwd[256];
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
    Ui *ui = ui_test_open(NULL, 0, in, out);
    assert_true(screen_has(ui, "00-pipe.lesson"));
    assert_true(screen_has(ui, "01-zero.lesson"));
    assert_true(screen_has(ui, "has errors"));
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
    ui_test_env_open(tmp_dir, sizeof tmp_dir, &in, &out, "hostile", "tests/lessons/ui", 35, 100);
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
        cmocka_unit_test(test_huge_screen_capped),
        cmocka_unit_test(test_pipe_and_device_in_menu),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
