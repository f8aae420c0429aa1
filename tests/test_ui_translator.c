/* test_ui_translator.c - a translator step in the player, headless (see
 * test_ui.c for the harness): the footer's keys, writing one character
 * more or less (] and [), typing the input (w, Enter), a character the
 * model never saw (the old input stays, the character is named), Esc, the
 * goal met by a typed input, Chinese, and the keys on another step. */
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

#define LESSON "lessons/13-translator.lesson"

static char state_dir[256];
static FILE *in, *out;

static int setup(void **state)
{
    (void)state;
    ui_test_env_open(state_dir, sizeof state_dir, &in, &out, "uitr", "lessons", 35, 100);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return ui_test_env_close(state_dir, in, out);
}

static void test_write_more_and_less(void **state)
{
    (void)state;
    Ui *ui = ui_test_open(LESSON, 6, in, out);      /* decode = 4: 2026 written */
    ui_test_expect(ui, "w input", true);
    ui_test_expect(ui, "[/] write", true);
    /* the settings line names the model's score and the input, not the toy's settings */
    ui_test_expect(ui, "trained translator  e = v.tanh(W s + U h)  softmax  \"30 nov 2026\": 4 of 11 written", true);
    ui_test_expect(ui, "(fixed in this step)", false);
    ui_feed_key(ui, ']', false);
    ui_test_expect(ui, "(5 of 11 characters written)", true);
    ui_test_expect(ui, "\"30 nov 2026\" -> 2026-", true);
    for (int k = 0; k < 10; k++)
        ui_feed_key(ui, ']', false);
    ui_test_expect(ui, "the translation is complete", true);
    ui_test_expect(ui, "</s>", true);
    for (int k = 0; k < 11; k++)
        ui_feed_key(ui, '[', false);
    ui_test_expect(ui, "nothing to take back", true);
    ui_test_expect(ui, "(1 of 11 characters written)", false);     /* the message replaced it */
    ui_close(ui);
}

static void test_type_input(void **state)
{
    (void)state;
    Ui *ui = ui_test_open(LESSON, 8, in, out);      /* the exercise: month first */
    ui_test_expect(ui, "not yet", true);
    ui_feed_key(ui, 'w', false);
    ui_test_expect(ui, "translate (now \"30 nov 2026\"): _", true);   /* empty, naming what it replaces */
    ui_feed_key(ui, 27, false);                     /* Esc: nothing changes */
    ui_test_expect(ui, "translate (now", false);
    ui_feed_key(ui, 'w', false);
    ui_feed_keys(ui, "30 nov 2026 @\r");
    ui_test_expect(ui, "kept \"30 nov 2026\": characters the model never saw: \"@\"", true);
    ui_test_expect(ui, "not yet", true);
    ui_feed_key(ui, 'w', false);                    /* typed as the hint says, nothing to clear */
    ui_feed_keys(ui, "November 30, 2026\r");
    ui_test_expect(ui, "\"November 30, 2026\" -> 2026-11-30", true);
    ui_test_expect(ui, "met", true);
    ui_test_expect(ui, "goal met! Kept in your progress", true);    /* a typed input is the exercise's edit */
    ui_test_expect(ui, "not yet", false);
    /* the typed input stays with the step when the learner comes back */
    ui_feed_key(ui, 'n', false);
    ui_feed_key(ui, 'p', false);
    ui_test_expect(ui, "  N    o    v", true);
    ui_close(ui);
}

static void test_chinese_and_other_steps(void **state)
{
    (void)state;
    Ui *ui = ui_test_open_lang(LESSON, 6, "zh", in, out);
    ui_test_expect(ui, "w 输入", true);
    ui_feed_key(ui, 'w', false);
    ui_test_expect(ui, "翻译（现在是“30 nov 2026”）：_", true);
    ui_close(ui);
    ui = ui_test_open("lessons/01-three-stages.lesson", 1, in, out);
    ui_test_expect(ui, "w input", false);
    ui_feed_key(ui, 'w', false);
    ui_test_expect(ui, "work on a step that runs the translator", true);
    ui_close(ui);
}

/* The score's title is the trained model's formula, not the toy's additive
 * score; the bottleneck step's settings line names the reversers it
 * measures, not the date the step before typed. */
static void test_titles(void **state)
{
    (void)state;
    Ui *ui = ui_test_open(LESSON, 4, in, out);      /* scores and weights, behind a prediction */
    ui_feed_key(ui, 'a', false);
    ui_feed_key(ui, '3', false);
    ui_test_expect(ui, "scores e = v.tanh(W s + U h)", true);
    ui_test_expect(ui, "va.tanh", false);
    ui_close(ui);
    ui = ui_test_open(LESSON, 12, in, out);
    ui_test_expect(ui, "trained reversers with and without attention: lengths 5 to 40, 40 random strings each",
                   true);
    ui_test_expect(ui, "of 11 written", false);
    ui_close(ui);
    ui = ui_test_open_lang(LESSON, 12, "zh", in, out);
    ui_test_expect(ui, "训练好的反转器，有注意力和无注意力：长度 5 到 40", true);
    ui_close(ui);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_write_more_and_less, setup, teardown),
        cmocka_unit_test_setup_teardown(test_type_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chinese_and_other_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_titles, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
