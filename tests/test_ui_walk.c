/* test_ui_walk.c - every step of the bundled lessons 1-8, headless at
 * 80x24 and 100x35 in both languages (see test_ui.c for the harness): the
 * rules a learner walking the lessons relies on, checked on every screen.
 *  - every panel of at most 8 columns prints its numbers (a value shape),
 *    on screen or, when the panels are paged, on its page after Tab;
 *  - the goal line shows the goal's words, never a pointer elsewhere;
 *  - a cut narration leaves no blank rows below the panels;
 *  - J scrolls a cut narration to its last line;
 *  - a (the prediction prompt) brings the question's choices on screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/ui.h"
#include "tui/ui_player.h"
#include "ui_testutil.h"

static char state_dir[256];
static int failures;    /* every screen is checked; the test fails at the end */
static FILE *in, *out;

static int setup(void **state)
{
    (void)state;
    ui_test_env_open(state_dir, sizeof state_dir, &in, &out, "uiwalk", "lessons", 24, 80);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return ui_test_env_close(state_dir, in, out);
}

static const char *const LESSONS[] = {
    "lessons/01-three-stages.lesson",  "lessons/02-score-functions.lesson", "lessons/03-soft-hard-local.lesson",
    "lessons/04-masking.lesson",       "lessons/05-self-attention.lesson",  "lessons/06-multi-head.lesson",
    "lessons/07-co-attention.lesson",  "lessons/08-cost.lesson",          "lessons/10-multi-dimensional.lesson",
    "lessons/11-hierarchical.lesson",  "lessons/12-memory-hops.lesson",     "lessons/13-translator.lesson",
    /* not 09: its K of 36 regions scrolls (0-11 / 36), which the numbers rule counts as no numbers */
};

/* The dump's row y (0-based) into line (n bytes); false past the end. */
static bool dump_row(const char *d, int y, char *line, size_t n)
{
    for (int k = 0; k < y && d; k++) {
        d = strchr(d, '\n');
        d = d ? d + 1 : NULL;
    }
    if (!d || !*d)
        return false;
    const char *e = strchr(d, '\n');
    size_t len = e ? (size_t)(e - d) : strlen(d);
    snprintf(line, n, "%.*s", (int)(len < n - 1 ? len : n - 1), d);
    return true;
}

/* Says what is wrong on a screen and counts it. */
static void complain(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    failures++;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ')
            return false;
    return true;
}

/* Tab until view k has the focus, drawing each frame (a paged step shows
 * the page holding it). */
static void focus_view(Ui *ui, int k)
{
    for (int n = 0; n < UI_MAX_VIEWS && ui->player->focus != k; n++) {
        ui_feed_key(ui, '\t', false);
        free(ui_dump(ui));
    }
}

/* On a prediction step, a opens the prompt "press 1 to N": the last
 * choice, "N) ...", must be on screen then (not cut off below a long
 * narration). Esc closes the prompt without a pick. */
static void check_prompt(Ui *ui, const char *where)
{
    int n = ui->player->lesson.steps[ui->player->ed.step].n_choices;
    if (n == 0)
        return;
    char last[8];
    snprintf(last, sizeof last, " %d)", n);     /* the choices' line: "   3) about..." */
    ui_feed_key(ui, 'a', false);
    char *d = ui_dump(ui);
    if (!strstr(d, last))
        complain("%s: a asks for 1 to %d, but choice %d is not on screen:\n%s", where, n, n, d);
    free(d);
    ui_feed_key(ui, 27, false);
    ui->player->text_scroll = 0;
}

/* The rules above for the step on screen; where names the step. */
static void check_screen(Ui *ui, const char *where, int rows)
{
    UiPlayer *p = ui->player;
    char *d = ui_dump(ui);
    for (int k = 0; k < p->n_views; k++) {
        const UiView *v = &p->views[k];
        const HmMatrix *hm = &p->hm[k];
        if (ui_exercise_hidden(ui, v->panel) || panel_entry(v->panel)->src == PSRC_LIVE)
            continue;
        if (hm->m.cols > 8 || hm->m.rows == 0 || hm->m.cols == 0)
            continue;
        if (p->paged)
            focus_view(ui, k);  /* its page: Tab brings every panel on screen */
        if (v->geom.cw < 4 || v->geom.cols < hm->m.cols || v->geom.rows < hm->m.rows)
            complain("%s: panel '%s' shows no numbers (cell %d columns, %d of %d columns):\n%s", where,
                     hm->title, v->geom.cw, v->geom.cols, hm->m.cols, d);
    }
    if (p->paged) {
        focus_view(ui, 0);
        if (!strstr(d, "Tab / S-Tab for the others") && !strstr(d, "Tab / S-Tab \xe7\x9c\x8b\xe5\x85\xb6\xe4\xbd\x99"))
            complain("%s: paged panels without the pager line:\n%s", where, d);
    }
    if (strstr(d, "(as said above)") || strstr(d, "\xef\xbc\x88\xe8\xa7\x81\xe4\xb8\x8a\xe6\x96\x87"))
        complain("%s: the goal line points elsewhere:\n%s", where, d);
    if (p->text_lines > p->text_rows && !p->clipped) {
        /* the narration is cut: the row above the message row is in use */
        char line[1024];
        assert_true(dump_row(d, rows - 3, line, sizeof line));
        if (blank(line))
            complain("%s: the narration is cut (%d of %d lines) above a blank row %d:\n%s", where, p->text_rows,
                     p->text_lines, rows - 3, d);
    }
    free(d);
    if (p->text_lines > p->text_rows) {
        for (int k = 0; k < p->text_lines; k++)
            ui_feed_key(ui, 'J', false);
        free(ui_dump(ui));
        if (p->text_scroll + p->text_rows != p->text_lines)
            complain("%s: J scrolled to line %d + %d rows of %d", where, p->text_scroll, p->text_rows, p->text_lines);
        for (int k = 0; k < p->text_lines; k++)
            ui_feed_key(ui, 'K', false);
    }
    check_prompt(ui, where);
}

static void walk(const char *lang, int rows, int cols)
{
    for (size_t l = 0; l < sizeof LESSONS / sizeof LESSONS[0]; l++) {
        Ui *ui = ui_test_open_lang(LESSONS[l], 1, lang, in, out);
        ui_resize(ui, rows, cols);
        int n = ui->player->lesson.n_steps;
        for (int s = 0; s < n; s++) {
            char where[200];
            snprintf(where, sizeof where, "%s step %d (%s, %dx%d)", LESSONS[l], s + 1, lang, cols, rows);
            free(ui_dump(ui));
            check_screen(ui, where, rows);
            ui_feed_key(ui, 'n', false);
        }
        ui_close(ui);
    }
}

static void test_walk_80x24(void **state)
{
    (void)state;
    walk("en", 24, 80);
    walk("zh", 24, 80);
    assert_int_equal(failures, 0);
}

static void test_walk_100x35(void **state)
{
    (void)state;
    walk("en", 35, 100);
    walk("zh", 35, 100);
    assert_int_equal(failures, 0);
}

static void expect_text(Ui *ui, const char *text, bool present)
{
    char *d = ui_dump(ui);
    if ((strstr(d, text) != NULL) != present)
        fail_msg("'%s' should %sbe on the screen:\n%s", text, present ? "" : "not ", d);
    free(d);
}

/* What the hints rely on is on screen: X's and B's columns named by the
 * lesson's features; a hidden panel's box says the panel table's words. */
static void test_named_columns_and_hidden_words(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("lessons/05-self-attention.lesson", 4, in, out);
    ui_resize(ui, 35, 100);
    expect_text(ui, "animal", true);
    expect_text(ui, "human", true);
    ui_close(ui);
    ui = ui_test_open("lessons/07-co-attention.lesson", 1, in, out);
    ui_resize(ui, 35, 100);
    expect_text(ui, "person writi\u2026  work   time", true);    /* B's columns, not 0 1 2 3 */
    ui_close(ui);
    ui = ui_test_open("lessons/07-co-attention.lesson", 3, in, out);
    ui_resize(ui, 35, 100);
    expect_text(ui, "weights B->A", true);
    expect_text(ui, "weights_ba", false);
    ui_close(ui);
    ui = ui_test_open("lessons/04-masking.lesson", 1, in, out);
    ui_resize(ui, 35, 100);
    expect_text(ui, "\"<pad1>\"", true);   /* the goal says which pad */
    ui_close(ui);
}

/* A step that edits nothing offers no nudging or typing, and i says why
 * there is no hint; H says "1 head", not "1 heads". */
static void test_words_where_nothing_to_do(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("lessons/01-three-stages.lesson", 1, in, out);
    ui_resize(ui, 24, 80);
    expect_text(ui, "+/- nudge", false);
    expect_text(ui, "0-9 type", false);
    ui_feed_key(ui, 'i', false);
    expect_text(ui, "this step has no exercise: there is no hint to show", true);
    ui_feed_key(ui, 'n', false);
    expect_text(ui, "+/- nudge", true);
    ui_close(ui);
    ui = ui_test_open("lessons/04-masking.lesson", 6, in, out);
    ui_resize(ui, 24, 80);
    expect_text(ui, "Spc 0/1", true);
    expect_text(ui, "i hint", true);
    ui_close(ui);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_80x24),
        cmocka_unit_test(test_walk_100x35),
        cmocka_unit_test(test_named_columns_and_hidden_words),
        cmocka_unit_test(test_words_where_nothing_to_do),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
