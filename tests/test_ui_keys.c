/* test_ui_keys.c - issue 12's typing and reading of numbers, headless (see
 * test_ui.c for the harness): a negative number typed the obvious way, the
 * mask toggle, the keys that say what they did, the menu's digits and
 * summary, enough digits to tell values apart, and numbers that stay on
 * screen at 80x24 in 256 colours. */
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
#include "ui_testutil.h"

static char state_dir[256];
static FILE *in, *out;

static int setup(void **state)
{
    (void)state;
    ui_test_env_open(state_dir, sizeof state_dir, &in, &out, "uikeys", "tests/lessons/ui", 35, 100);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return ui_test_env_close(state_dir, in, out);
}

static void expect_text(Ui *ui, const char *text, bool present)
{
    char *d = ui_dump(ui);
    if ((strstr(d, text) != NULL) != present)
        fail_msg("'%s' should %sbe on the screen:\n%s", text, present ? "" : "not ", d);
    free(d);
}

/* "-3.5 Enter" sets -3.5 (the '-' nudge is taken back); '-' alone nudges. */
static void test_negative_number(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("1", 5, in, out);
    expect_text(ui, " Q[0][0] = 2   (Enter: how)", true);
    ui_feed_keys(ui, "-3.5\r");
    expect_text(ui, " Q[0][0] = -3.5   (Enter: how)", true);
    expect_text(ui, "-3.50", true);
    ui_feed_key(ui, 'u', false);    /* one undo: the nudge left no step of its own */
    expect_text(ui, " Q[0][0] = 2   (Enter: how)", true);
    ui_feed_key(ui, '-', false);
    ui_feed_key(ui, KEY_RIGHT, true);
    ui_feed_key(ui, KEY_LEFT, true);
    expect_text(ui, " Q[0][0] = 1.9   (Enter: how)", true);
    /* a '-' two keys before a digit is a nudge, and the digit a number */
    ui_feed_keys(ui, "-l4\r");
    expect_text(ui, " Q[0][1] = 4   (Enter: how)", true);
    ui_feed_key(ui, KEY_LEFT, true);
    expect_text(ui, " Q[0][0] = 1.8   (Enter: how)", true);
    /* '=' after '-' starts an empty number: the nudge stays */
    ui_feed_keys(ui, "-=");
    ui_feed_key(ui, 27, false);
    expect_text(ui, " Q[0][0] = 1.7   (Enter: how)", true);
    ui_close(ui);
}

/* Space flips a mask cell of M between 0 and 1, and says so in the footer. */
static void test_mask_toggle(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("lessons/04-masking.lesson", 6, in, out);
    expect_text(ui, " M[0][0] = 1   (Enter: how)   Space flips 0/1", true);
    expect_text(ui, "Spc 0/1", true);
    ui_feed_key(ui, ' ', false);
    expect_text(ui, " M[0][0] = 0   (Enter: how)", true);
    ui_feed_key(ui, ' ', false);
    expect_text(ui, " M[0][0] = 1   (Enter: how)", true);
    ui_feed_key(ui, '?', false);
    expect_text(ui, "flip a mask cell (M) between 0 and 1", true);
    ui_close(ui);
    /* elsewhere Space says what it is for */
    ui = ui_test_open("1", 5, in, out);
    expect_text(ui, "Spc 0/1", false);
    ui_feed_key(ui, ' ', false);
    expect_text(ui, "Space flips cells of a mask (M) only", true);
    ui_close(ui);
}

/* The keys that used to do nothing visible. */
static void test_keys_say_what_they_did(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("lessons/01-three-stages.lesson", 1, in, out);   /* edit = none */
    ui_feed_key(ui, '+', false);
    expect_text(ui, "this step only shows the inputs: editing starts at step 2", true);
    ui_feed_key(ui, KEY_END, true);
    expect_text(ui, "step 6 of 6", true);
    ui_feed_key(ui, 'g', false);
    expect_text(ui, "step 1 of 6", true);
    ui_feed_key(ui, 'G', false);
    expect_text(ui, "step 6 of 6", true);
    ui_feed_key(ui, KEY_HOME, true);
    expect_text(ui, "step 1 of 6", true);
    ui_feed_key(ui, 'a', false);
    expect_text(ui, "this step asks no question", true);
    ui_close(ui);

    ui = ui_test_open("lessons/06-multi-head.lesson", 1, in, out);
    ui_feed_key(ui, 'H', false);
    char *d = ui_dump(ui);
    bool heads = strstr(d, "heads of") != NULL || strstr(d, "keeps its settings fixed") != NULL ||
                 strstr(d, "no other number of heads") != NULL;
    if (!heads)
        fail_msg("H said nothing:\n%s", d);
    free(d);
    ui_close(ui);
}

/* Digits open a lesson from the menu; the selected lesson's summary shows. */
static void test_menu_digits_and_summary(void **state)
{
    (void)state;
    Ui *ui = ui_test_open(NULL, 0, in, out);
    expect_text(ui, "attnlab: lessons", true);
    ui_feed_key(ui, '9', false);
    expect_text(ui, "there is no lesson 9", true);
    ui_feed_key(ui, '1', false);
    expect_text(ui, "step 1 of 5", true);
    ui_close(ui);
}

/* 1000.5 next to 1000 keeps its decimal, and the legend prints both ends alike. */
static void test_enough_digits(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("lessons/03-soft-hard-local.lesson", 3, in, out);
    expect_text(ui, "1000.5", true);
    expect_text(ui, "1000.0", true);
    expect_text(ui, "-1003.0", true);
    expect_text(ui, " Q[0][0] = 1001 ", true);
    ui_feed_keys(ui, "llllll");   /* (edit = none: the cursor moves all the same) */
    ui_close(ui);
}

/* At 80x24 in 256 colours the panels still print their numbers. */
static void test_numbers_at_80x24(void **state)
{
    (void)state;
    static const struct { const char *lesson; int step; const char *text; } cases[] = {
        {"lessons/01-three-stages.lesson", 6, "s'assit  0.00 0.20 1.60 0.90"},
        {"lessons/05-self-attention.lesson", 1, "dog   >2.00 0.00 0.00 1.00"},
        {"1", 5, "chat   0.10 0.66 0.12 0.12"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        Ui *ui = ui_test_open(cases[k].lesson, cases[k].step, in, out);
        ui_resize(ui, 24, 80);
        assert_int_equal(hm_depth(), HM_256);
        expect_text(ui, cases[k].text, true);
        expect_text(ui, "\u2580", false);     /* no half-block strips */
        ui_close(ui);
    }
}

/* An input's colour scale is the step's, fixed when it opens: an edit to
 * 5 leaves the legend at the step's 2 (and the other cells their colours). */
static void test_input_scale_fixed(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("1", 5, in, out);
    expect_text(ui, "\n-2.00          2.00 ", true);
    ui_feed_keys(ui, "5\r");
    expect_text(ui, " Q[0][0] = 5   (Enter: how)", true);
    expect_text(ui, "\n-2.00          2.00 ", true);
    expect_text(ui, "-5.00", true);    /* the scores are computed: their scale follows */
    ui_close(ui);
}

/* Titles and labels are cut at a word with an ellipsis, not mid-word; an
 * empty panel (PE with position off) says why instead of stray numbers. */
static void test_cut_titles_and_empty_panel(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("lessons/07-co-attention.lesson", 2, in, out);
    ui_resize(ui, 24, 80);
    expect_text(ui, "Shake\u2026", true);
    expect_text(ui, "Shakes ", false);
    expect_text(ui, "mask none", false);    /* co-attention takes no mask: not said */
    ui_close(ui);
    ui = ui_test_open("lessons/06-multi-head.lesson", 1, in, out);
    ui_resize(ui, 24, 80);
    expect_text(ui, "position off\u2026", true);   /* a long settings line is cut at a word */
    ui_close(ui);
    ui = ui_test_open("lessons/05-self-attention.lesson", 6, in, out);
    ui_feed_key(ui, 'o', false);
    expect_text(ui, "position encoding off: the order of the tokens is not seen", true);
    expect_text(ui, "(off: o turns it on)", true);
    expect_text(ui, "PE  sin/cos position code", true);
    ui_feed_key(ui, 'o', false);
    expect_text(ui, "position encoding on", true);
    expect_text(ui, "(off: o turns it on)", false);
    ui_close(ui);
}

/* The arithmetic of an output cell at 80 columns: two keys a line, no key
 * wrapped to column 1 (lesson 1 step 4, "down"). */
static void test_overlay_lines(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("lessons/01-three-stages.lesson", 4, in, out);
    ui_resize(ui, 24, 80);
    ui_feed_key(ui, '\t', false);
    ui_feed_key(ui, '\r', false);
    expect_text(ui, "How output[0][0] was computed", true);
    expect_text(ui, "\n      \"sat\"      a = ", true);
    expect_text(ui, "\n \"", false);
    ui_feed_key(ui, 27, false);
    ui_feed_key(ui, '\t', false);
    ui_feed_key(ui, '\r', false);
    expect_text(ui, "\n      \"down\"     0.21", true);
    expect_text(ui, "\n 0.21", false);
    ui_close(ui);
}

/* No narration line starts with closing punctuation or ends with an
 * opening one, at any width (lesson 4 step 3 started a line with "：",
 * lesson 7 step 2 had a line holding only "。"). Returns the widths that
 * broke a rule, counted. */
static int kinsoku_breaks(const char *lesson, int step)
{
    static const char *const no_start[] = {"：", "，", "。", "、", "）", "」", "』", "》", "；", "！", "？"};
    static const char *const no_end[] = {"（", "「", "《", "『"};
    int bad = 0;
    for (int cols = 56; cols <= 140; cols++) {
        Ui *ui = ui_test_open_lang(lesson, step, "zh", in, out);
        ui_resize(ui, 60, cols);
        char *d = ui_dump(ui);
        for (char *line = d; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
            size_t len = strcspn(line, "\n");
            for (size_t k = 0; k < sizeof no_start / sizeof *no_start; k++)
                if (strncmp(line, " ", 1) == 0 && strncmp(line + 1, no_start[k], strlen(no_start[k])) == 0) {
                    fprintf(stderr, "width %d: a line starts with %s: %.*s\n", cols, no_start[k], (int)len, line);
                    bad++;
                }
            for (size_t k = 0; k < sizeof no_end / sizeof *no_end; k++) {
                size_t el = strlen(no_end[k]);
                if (len >= el && strncmp(line + len - el, no_end[k], el) == 0) {
                    fprintf(stderr, "width %d: a line ends with %s: %.*s\n", cols, no_end[k], (int)len, line);
                    bad++;
                }
            }
        }
        free(d);
        ui_close(ui);
    }
    return bad;
}

static void test_cjk_line_breaks(void **state)
{
    (void)state;
    assert_int_equal(kinsoku_breaks("lessons/04-masking.lesson", 3), 0);
    assert_int_equal(kinsoku_breaks("lessons/07-co-attention.lesson", 2), 0);
    assert_int_equal(kinsoku_breaks("lessons/01-three-stages.lesson", 1), 0);
    /* the settings line in Chinese: no English words of the co-attention mode */
    Ui *ui = ui_test_open_lang("lessons/07-co-attention.lesson", 2, "zh", in, out);
    expect_text(ui, "  并行 细粒度", true);
    expect_text(ui, "parallel", false);
    ui_close(ui);
}

/* Edits kept for the run are not dropped silently: quitting from the menu,
 * or opening another lesson, says so once; the same key again goes on. */
static void test_edits_not_dropped_silently(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("1", 5, in, out);
    ui_feed_keys(ui, "1\r");                   /* Q[0][0] = 1: an edit, no goal met */
    expect_text(ui, " Q[0][0] = 1   (Enter: how)", true);
    ui_feed_key(ui, 'q', false);                /* back to the menu: the lesson keeps them */
    expect_text(ui, "attnlab: lessons", true);
    assert_true(ui_feed_key(ui, 'q', false));   /* not quit: told first */
    expect_text(ui, "kept only while it stays open", true);
    assert_false(ui_feed_key(ui, 'q', false));  /* the same key again quits */
    ui_close(ui);

    /* reopening the same lesson keeps them: no warning, the edit is there */
    ui = ui_test_open("1", 5, in, out);
    ui_feed_keys(ui, "1\r");
    ui_feed_key(ui, 'q', false);
    ui_feed_key(ui, '\r', false);
    expect_text(ui, "kept only while it stays open", false);
    expect_text(ui, "le    [ 1.00]", true);
    ui_close(ui);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_negative_number),
        cmocka_unit_test(test_mask_toggle),
        cmocka_unit_test(test_keys_say_what_they_did),
        cmocka_unit_test(test_menu_digits_and_summary),
        cmocka_unit_test(test_enough_digits),
        cmocka_unit_test(test_numbers_at_80x24),
        cmocka_unit_test(test_input_scale_fixed),
        cmocka_unit_test(test_cut_titles_and_empty_panel),
        cmocka_unit_test(test_overlay_lines),
        cmocka_unit_test(test_cjk_line_breaks),
        cmocka_unit_test(test_edits_not_dropped_silently),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
