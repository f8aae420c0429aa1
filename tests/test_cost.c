/* test_cost.c - the cost lesson's live chart (PANEL_COST): the lesson
 * parser takes the panel, figures refuse it, the measurement finishes with
 * a table, and the terminal UI draws the chart's axes and legend headlessly
 * (newterm on /dev/null). Nothing here asserts a time: only that the
 * measurement happened and what is drawn around it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/cost.h"
#include "figure/figure.h"
#include "lesson/lesson.h"
#include "cli/textview.h"
#include "tui/ui.h"

static char state_dir[64];

static int setup(void **state)
{
    (void)state;
    char cwd[300], dir[400];
    snprintf(state_dir, sizeof state_dir, "/tmp/attnlab-test-cost-XXXXXX");
    assert_non_null(mkdtemp(state_dir));
    setenv("XDG_STATE_HOME", state_dir, 1);
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(dir, sizeof dir, "%s/lessons", cwd);
    setenv("ATTNLAB_LESSONS", dir, 1);
    setenv("TERM", "xterm-256color", 1);
    unsetenv("LC_ALL");
    unsetenv("NO_COLOR");
    setenv("LINES", "40", 1);
    setenv("COLUMNS", "100", 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", state_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char lesson_text[] = "title = t\n"
                                  "Q = 1 0\n"
                                  "K = 1 0\n"
                                  "    0 1\n"
                                  "V = 1\n"
                                  "    2\n"
                                  "[step]\n"
                                  "text = x\n"
                                  "panels = weights, cost\n";

static void test_the_parser_takes_the_panel(void **state)
{
    (void)state;
    assert_int_equal(panel_parse("cost"), PANEL_COST);
    assert_string_equal(panel_name(PANEL_COST), "cost");
    Lesson l;
    Diags d = {0};
    int rc = lesson_load_mem("cost.lesson", lesson_text, strlen(lesson_text), &l, &d);
    if (rc < 0)
        diags_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(l.steps[0].n_panels, 2);
    assert_int_equal(l.steps[0].panels[1], PANEL_COST);
    /* a figure cannot show it, and says where it is drawn */
    Scenario sc = lesson_scenario(&l, 0);
    char err[300];
    assert_false(fig_panel_available(&l.steps[0], &sc, PANEL_COST, err, sizeof err));
    assert_non_null(strstr(err, "terminal"));
    assert_true(fig_panel_available(&l.steps[0], &sc, PANEL_WEIGHTS, err, sizeof err));
    lesson_free(&l);
    diags_free(&d);
}

static void test_the_measurement_finishes(void **state)
{
    (void)state;
    CostRun c;
    cost_init(&c);
    assert_int_equal(c.n_planned, 6);
    assert_int_equal(c.ns[0], 256);
    assert_int_equal(c.ns[5], 2048);
    assert_true(cost_pending(&c));
    cost_step(&c);
    assert_int_equal(c.done, 1);
    cost_measure_all(&c);
    assert_false(cost_pending(&c));
    assert_null(c.buf);     /* freed once finished */
    assert_int_equal(c.done + c.skipped, 6);
    assert_true(c.done >= 1);
    for (int k = 0; k < c.done; k++)
        assert_true(isfinite(c.full_ms[k]) && c.full_ms[k] >= 0 && isfinite(c.local_ms[k]) && c.local_ms[k] >= 0);
    StrBuf b = {0};
    cost_table(&c, &b);
    assert_non_null(strstr(b.s, "full ms"));
    assert_non_null(strstr(b.s, "local ms"));
    assert_non_null(strstr(b.s, "     256 "));
    free(b.s);
    cost_free(&c);
}

static void test_the_text_view_prints_a_table(void **state)
{
    (void)state;
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load_mem("cost.lesson", lesson_text, strlen(lesson_text), &l, &d), 0);
    Scenario sc = lesson_scenario(&l, 0);
    Result r;
    char *buf = NULL;
    size_t len = 0;
    assert_int_equal(engine_run(&sc, &r, NULL), 0);
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    textview_step(f, &l, 0, &r, &sc, "en");
    fclose(f);
    assert_non_null(strstr(buf, "weights"));
    assert_non_null(strstr(buf, "cost: time against n"));
    assert_non_null(strstr(buf, "full ms"));
    free(buf);
    result_free(&r);
    lesson_free(&l);
    diags_free(&d);
}

/* The cost lesson's last step on a headless screen: the chart, measured. */
static char *draw_cost_step(const char *lang_env, const char *term, HmColorOpt color)
{
    setenv("LANG", lang_env, 1);
    FILE *in = fopen("/dev/null", "r"), *out = fopen("/dev/null", "w");
    UiOptions o = {.lesson = "cost", .step = 7, .lang = "en", .color = color, .in = in, .out = out, .term = term};
    char err[300];
    Ui *ui = ui_open(&o, err, sizeof err);
    if (!ui)
        fail_msg("ui_open: %s", err);
    /* the chart is hidden until the learner predicts (a, then a choice);
     * a prediction already kept in progress shows it at once */
    char *dump = ui_dump(ui);
    if (strstr(dump, "hidden until you predict (a)")) {    /* the box, not the narration */
        ui_feed_key(ui, 'a', false);
        ui_feed_key(ui, '2', false);
    }
    free(dump);
    dump = ui_dump(ui);
    assert_null(strstr(dump, "hidden until you predict (a)"));
    /* Enter on the chart: the numbers as a table */
    ui_feed_key(ui, '\n', false);
    char *table = ui_dump(ui);
    if (!strstr(table, "The cost chart in numbers"))
        fail_msg("Enter on the chart shows no table:\n%s", table);
    assert_non_null(strstr(table, "full ms"));
    free(table);
    ui_close(ui);
    fclose(in);
    fclose(out);
    return dump;
}

static void expect_chart(const char *dump)
{
    static const char *const want[] = {"CPU time (ms)", "n (tokens)", "* full attention: all n keys, O(n^2 d)",
                                       "o local attention: 128 keys around each query, O(r n d)",
                                       "time against n on this machine", " 0 +", "256", "2048"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(dump, want[i]))
            fail_msg("the chart lacks '%s'; the screen was:\n%s", want[i], dump);
    /* measured once the step is open: no "measuring" left, points drawn */
    if (strstr(dump, "measuring"))
        fail_msg("still measuring; the screen was:\n%s", dump);
    assert_non_null(strchr(strstr(dump, "CPU time (ms)"), '*'));
}

static void test_the_ui_draws_the_chart(void **state)
{
    (void)state;
    char *dump = draw_cost_step("C.UTF-8", "xterm-256color", HM_COLOR_AUTO);
    expect_chart(dump);
    free(dump);
    /* ASCII under LANG=C, eight colours */
    dump = draw_cost_step("C", "xterm-color", HM_COLOR_16);
    expect_chart(dump);
    for (const char *p = strstr(dump, "CPU time (ms)"); *p; p++)
        assert_true((unsigned char)*p < 128);
    free(dump);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_parser_takes_the_panel),
        cmocka_unit_test(test_the_measurement_finishes),
        cmocka_unit_test(test_the_text_view_prints_a_table),
        cmocka_unit_test(test_the_ui_draws_the_chart),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
