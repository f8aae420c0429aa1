/* test_ui_status.c - the player's message rows, settings line and legends,
 * headless (see test_ui.c for the harness):
 *  - a message longer than the window is wrapped over the rows it needs
 *    (the panels move up), at 80x24 in English and Chinese, and the row
 *    goes back to one when the message is gone;
 *  - the settings line shows only the settings the step's mode uses;
 *  - an input panel's fixed colour scale says when an edit goes past it;
 *  - a tall matrix (lesson 9's 36 region keys) prints its values a window
 *    of rows at a time, scrolled with the cursor, at 100x35 and 80x24;
 *  - E on a step with the picture beside other panels writes both figures. */
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
static FILE *in, *out;

static int setup(void **state)
{
    (void)state;
    ui_test_env_open(state_dir, sizeof state_dir, &in, &out, "uistatus", "lessons", 24, 80);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return ui_test_env_close(state_dir, in, out);
}

#define expect_text ui_test_expect

/* Row y of the screen (negative: from the bottom) into line. */
static void row_of(Ui *ui, int y, char *line, size_t n)
{
    char *d = ui_dump(ui);
    int rows = 0;
    for (const char *p = d; *p; p++)
        rows += *p == '\n';
    y = y < 0 ? y + rows : y;
    const char *s = d;
    for (int k = 0; k < y && s; k++)
        s = strchr(s, '\n') + 1;
    snprintf(line, n, "%.*s", (int)strcspn(s, "\n"), s);
    free(d);
}

/* The export message names a folder far wider than 80 columns: every part
 * of it is on screen, over several rows above the footer. */
static void long_message(const char *lang, const char *said)
{
    char dir[400], line[512];
    snprintf(dir, sizeof dir, "%s/a-folder-for-the-figures-of-this-course-with-a-rather-long-name-below-it",
             state_dir);
    setenv("ATTNLAB_FIGURES", dir, 1);
    Ui *ui = ui_test_open_lang("lessons/01-three-stages.lesson", 2, lang, in, out);
    ui_resize(ui, 24, 80);
    assert_int_equal(ui->player->status_rows, 1);
    ui_feed_keys(ui, "e");
    expect_text(ui, said, true);
    expect_text(ui, "long-name-below-it/01-three-stages-step2-Q.png", true);  /* all of it, wrapped */
    int rows = ui->player->status_rows;
    assert_true(rows >= 2 && rows <= 4);
    row_of(ui, -1 - rows, line, sizeof line);           /* the message's first row */
    assert_non_null(strstr(line, said));
    row_of(ui, -1, line, sizeof line);                  /* the footer stays the last row */
    assert_null(strstr(line, "long-name"));
    ui_feed_keys(ui, "l");                              /* the next key clears it */
    free(ui_dump(ui));
    assert_int_equal(ui->player->status_rows, 1);
    expect_text(ui, "long-name-below-it", false);
    ui_close(ui);
    unsetenv("ATTNLAB_FIGURES");
}

static void test_long_message_wraps(void **state)
{
    (void)state;
    long_message("en", "figure written to");
    long_message("zh", "\xe5\x9b\xbe\xe5\xb7\xb2\xe5\x86\x99\xe5\x85\xa5");     /* 图已写入 */
}

/* The settings line of a lesson's first step: its words present or not. */
static void settings(const char *lesson, const char *const *yes, const char *const *no)
{
    Ui *ui = ui_test_open(lesson, 1, in, out);
    ui_resize(ui, 35, 100);
    for (; yes && *yes; yes++)
        expect_text(ui, *yes, true);
    for (; no && *no; no++)
        expect_text(ui, *no, false);
    ui_close(ui);
}

static void test_settings_the_mode_uses(void **state)
{
    (void)state;
    const char *const qkv[] = {"qkv  score dot  softmax T=1  mask none", NULL};
    settings("lessons/01-three-stages.lesson", qkv, NULL);
    const char *const multidim[] = {"multidim  softmax T=1", NULL}, *const course_no[] = {"  score ", "  mask ", NULL};
    settings("lessons/10-multi-dimensional.lesson", multidim, course_no);
    const char *const hier[] = {"hierarchical  softmax T=1", NULL};
    settings("lessons/11-hierarchical.lesson", hier, course_no);
    const char *const memory[] = {"memory  score dot", NULL}, *const memory_no[] = {"  mask ", NULL};
    settings("lessons/12-memory-hops.lesson", memory, memory_no);
}

/* Lesson 1 step 5 edits Q on a scale fixed at [-2, 2]: a value past it is
 * flagged in the legend; values inside it are not. */
static void scale_flag(int rows, int cols, const char *flag)
{
    Ui *ui = ui_test_open("1", 5, in, out);
    ui_resize(ui, rows, cols);
    expect_text(ui, flag, false);
    ui_feed_keys(ui, "1.5\r");
    expect_text(ui, " Q[0][0] = 1.5", true);
    expect_text(ui, flag, false);
    ui_feed_keys(ui, "5\r");
    expect_text(ui, " Q[0][0] = 5", true);
    expect_text(ui, "-2.00", true);     /* the scale stays fixed... */
    expect_text(ui, flag, true);        /* ...and says what is past it */
    ui_feed_keys(ui, "=-7\r");
    expect_text(ui, "\xe2\x96\xbc", true);   /* ▼: below the low end */
    ui_feed_keys(ui, "0\r");
    expect_text(ui, flag, false);
    ui_close(ui);
}

static void test_input_scale_flags_values_beyond(void **state)
{
    (void)state;
    scale_flag(35, 100, "\xe2\x96\xb2 off scale");
    scale_flag(24, 80, "\xe2\x96\xb2");
}

/* Lesson 9 step 2: K (36 regions x red, green, blue) in a value shape, the
 * rows around the cursor, in both languages and both sizes. */
static void tall_keys(const char *lang, int rows, int cols)
{
    Ui *ui = ui_test_open_lang("lessons/09-image-attention.lesson", 2, lang, in, out);
    ui_resize(ui, rows, cols);
    free(ui_dump(ui));
    const UiPlayer *p = ui->player;
    assert_int_equal(p->views[0].panel, M_K);
    assert_true(p->views[0].geom.cw >= 4);                  /* values, not a colour strip */
    assert_int_equal(p->views[0].geom.rows, HM_SCROLL_ROWS);
    expect_text(ui, "r0c5   0.23  -0.03   0.07", true);     /* the frisbee's region, as the text says */
    expect_text(ui, "0-11 / 36", true);
    for (int k = 0; k < 30; k++)
        ui_feed_key(ui, 'j', false);
    expect_text(ui, "r5c0", true);                           /* scrolled with the cursor */
    expect_text(ui, "r0c5   0.23", false);
    expect_text(ui, "24-35 / 36", true);
    ui_close(ui);
}

static void test_tall_matrix_scrolls(void **state)
{
    (void)state;
    tall_keys("en", 35, 100);
    tall_keys("en", 24, 80);
    tall_keys("zh", 35, 100);
    tall_keys("zh", 24, 80);
}

/* Whether dir/name is a PNG file. */
static bool png_at(const char *dir, const char *name)
{
    char path[600];
    unsigned char sig[8] = {0};
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(sig, 1, 8, f);
    fclose(f);
    return n == 8 && memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static void test_whole_step_with_picture(void **state)
{
    (void)state;
    char dir[400];
    snprintf(dir, sizeof dir, "%s/figs", state_dir);
    setenv("ATTNLAB_FIGURES", dir, 1);
    Ui *ui = ui_test_open("lessons/09-image-attention.lesson", 2, in, out);
    ui_resize(ui, 35, 100);
    ui_feed_keys(ui, "E");
    expect_text(ui, "figures written to", true);
    expect_text(ui, "-step2-panels.png", true);
    ui_close(ui);
    assert_true(png_at(dir, "09-image-attention-step2-all.png"));
    assert_true(png_at(dir, "09-image-attention-step2-panels.png"));
    ui = ui_test_open("lessons/09-image-attention.lesson", 1, in, out);    /* the picture alone */
    ui_feed_keys(ui, "E");
    expect_text(ui, "figure written to", true);
    ui_close(ui);
    assert_true(png_at(dir, "09-image-attention-step1-all.png"));
    assert_false(png_at(dir, "09-image-attention-step1-panels.png"));
    unsetenv("ATTNLAB_FIGURES");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_message_wraps),
        cmocka_unit_test(test_settings_the_mode_uses),
        cmocka_unit_test(test_input_scale_flags_values_beyond),
        cmocka_unit_test(test_tall_matrix_scrolls),
        cmocka_unit_test(test_whole_step_with_picture),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
