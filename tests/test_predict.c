/* test_predict.c - committed predictions and exercises in the terminal lab,
 * headless (ui_testutil.h) on tests/lessons/predict: a hidden panel until
 * the learner predicts, the pick kept in progress and shown again, goals in
 * words, hint2, a met goal and its edits kept across n / p and q, and the
 * menu's count of done exercises. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/state.h"
#include "tui/ui.h"
#include "ui_testutil.h"

static char state_dir[256];
static FILE *in, *out;
static const char *LESSON = "tests/lessons/predict/01-predict.lesson";

static int setup(void **state)
{
    (void)state;
    ui_test_env_open(state_dir, sizeof state_dir, &in, &out, "predict", "tests/lessons/predict", 35, 100);
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

/* The weights panel's numbers for "chat" (softmax of 0.1 2.0 1.05: .097 .651 .252). */
static const char *CHAT_WEIGHTS = "chat   0.10   0.65   0.25";
/* ... and with Q[1][1] = 5: 0.1 5.0 2.55 */
static const char *MET_WEIGHTS = "chat   0.01   0.91   0.08";

static void test_prediction_committed(void **state)
{
    (void)state;
    Ui *ui = ui_test_open(LESSON, 1, in, out);
    expect_text(ui, "1) the   2) cat   3) sat", true);
    expect_text(ui, "(a: make your prediction)", true);
    /* a box of one line, its word from the panel table, no bigger than it needs */
    expect_text(ui, "weights\n", true);
    expect_text(ui, "| hidden until you predict (a)   |", true);
    expect_text(ui, "Answer:", false);
    expect_text(ui, "0.65", false);     /* chat's weight of cat is nowhere */
    /* Tab to the hidden weights: neither its cell nor its arithmetic shows */
    ui_feed_key(ui, '\t', false);
    expect_text(ui, "this panel is hidden until you predict (a)", true);
    ui_feed_key(ui, '\r', false);
    expect_text(ui, "How weights", false);

    ui_feed_key(ui, 'a', false);
    expect_text(ui, "your prediction: press 1 to 3", true);
    ui_feed_key(ui, 27, false);         /* Esc: nothing picked */
    expect_text(ui, "your prediction: press", false);
    expect_text(ui, "| hidden until you", true);
    ui_feed_keys(ui, "a7x");
    expect_text(ui, "your prediction: press 1 to 3", true);
    int choice = 0;
    bool right = true;
    assert_int_equal(state_prediction_get(LESSON, 0, &choice, &right), 0);

    ui_feed_key(ui, '1', false);
    expect_text(ui, "You said 1) the: not quite; it is 2) cat.", true);
    expect_text(ui, "Answer: \"cat\": its score 2.00 is the largest.", true);
    expect_text(ui, "hidden until", false);
    expect_text(ui, CHAT_WEIGHTS, true);
    assert_int_equal(state_prediction_get(LESSON, 0, &choice, &right), 1);
    assert_int_equal(choice, 1);
    assert_false(right);

    /* n then p: the pick and the answer are still there */
    ui_feed_keys(ui, "np");
    expect_text(ui, "You said 1) the: not quite; it is 2) cat.", true);
    expect_text(ui, CHAT_WEIGHTS, true);
    ui_close(ui);

    /* a later run shows the pick from progress */
    ui = ui_test_open(LESSON, 1, in, out);
    expect_text(ui, "You said 1) the: not quite", true);
    expect_text(ui, "hidden until", false);
    ui_close(ui);
}

static void test_exercise_kept(void **state)
{
    (void)state;
    Ui *ui = ui_test_open(LESSON, 2, in, out);
    expect_text(ui, "Goal: make the weight of \"cat\" for \"chat\" at least 0.90", true);
    expect_text(ui, "not yet (i: hint)", true);
    expect_text(ui, "q\\d  animal  size     k\\d animal  size", true);     /* features name Q's and K's columns */
    ui_feed_key(ui, 'i', false);
    expect_text(ui, "Hint: Raise the size of \"chat\".  (i again: a second hint)", true);
    expect_text(ui, "Hint 2:", false);
    ui_feed_key(ui, 'i', false);
    expect_text(ui, "Hint 2: Set Q[1][1] to 5.", true);

    /* the cursor starts on Q[0][0]: Q[1][1] = 4 meets the goal */
    ui_feed_keys(ui, "jl5\r");
    expect_text(ui, "goal met! Kept in your progress", true);
    expect_text(ui, "met", true);
    expect_text(ui, "chat   0.10 [ 5.00]", true);
    expect_text(ui, MET_WEIGHTS, true);
    bool met = false;
    char *edits = NULL;
    assert_int_equal(state_exercise_get(LESSON, 1, 0, &met, &edits), 1);
    assert_true(met);
    assert_string_equal(edits, "Q[1][1] = 5");
    free(edits);

    /* n, p: the edit and the met goal are back; u still undoes it */
    ui_feed_key(ui, 'n', false);
    expect_text(ui, "step 3 of 3", true);
    ui_feed_key(ui, 'p', false);
    expect_text(ui, "your edits of this step are back", true);
    expect_text(ui, "chat   0.10   5.00", true);
    expect_text(ui, MET_WEIGHTS, true);
    expect_text(ui, "not yet", false);
    ui_feed_key(ui, 'u', false);
    expect_text(ui, "chat   0.10   2.00", true);
    expect_text(ui, "not now (met before)", true);
    ui_feed_key(ui, 'R' & 0x1f, false);

    /* step 3: an edit that does not meet its goal is kept too */
    ui_feed_keys(ui, "n>");
    expect_text(ui, "le   [ 3.00]", true);
    /* too long for one goal row: wrapped over two, never sent elsewhere */
    expect_text(ui, " Goal: make the weight of \"the\" for \"le\" below 0.50 and Q's \"animal\" for \"le\" above 0.00\n"
                    "       \u25cb not yet (i: hint)", true);
    expect_text(ui, "(as said above)", false);
    ui_feed_keys(ui, "pn");
    expect_text(ui, "le   [ 3.00]", true);

    /* the menu counts the done exercise; reopening finds the edits */
    ui_feed_key(ui, 'q', false);
    expect_text(ui, "1/2 exercises", true);
    ui_feed_keys(ui, "\r");
    expect_text(ui, "step 3 of 3", true);
    expect_text(ui, "le   [ 3.00]", true);
    ui_feed_key(ui, 'p', false);
    expect_text(ui, MET_WEIGHTS, true);
    ui_close(ui);
}

static void test_goal_words_chinese(void **state)
{
    (void)state;
    Ui *ui = ui_test_open_lang(LESSON, 3, "zh", in, out);
    expect_text(ui, "目标：使 \"le\" 对 \"the\" 的权重小于 0.50，并且使 Q 中 \"le\" 的 \"animal\" 大于 0.00\n"
                    "       \u25cb 未达成", true);
    expect_text(ui, "weights[", false);
    expect_text(ui, " and ", false);
    ui_close(ui);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prediction_committed),
        cmocka_unit_test(test_exercise_kept),
        cmocka_unit_test(test_goal_words_chinese),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
