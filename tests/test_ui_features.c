/* test_ui_features.c - a lesson's `features` name the columns of every
 * panel that keeps X's space: memory's question, keys, values and hops
 * (lesson 12), hierarchical's document (lesson 11), not only X, Q and K.
 * A student walking lesson 12 could not tell which column was John. And
 * the footer offers only the keys the step has something for. */
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
    ui_test_env_open(state_dir, sizeof state_dir, &in, &out, "uifeat", "lessons", 35, 100);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return ui_test_env_close(state_dir, in, out);
}

static void test_memory_and_document(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("lessons/12-memory-hops.lesson", 1, in, out);    /* Q, K, hops */
    ui_test_expect(ui, "k\\d      milk   apple  John   Mary   place", true);
    ui_test_expect(ui, "q\\d          milk   apple  John   Mary   place", true);
    ui_close(ui);
    ui = ui_test_open("lessons/12-memory-hops.lesson", 2, in, out);        /* V and the question's path */
    ui_test_expect(ui, "V  values", true);
    ui_test_expect(ui, "k\\d      milk   apple  John   Mary   place", true);
    ui_close(ui);
    ui = ui_test_open("lessons/11-hierarchical.lesson", 5, in, out);       /* the document */
    ui_test_expect(ui, "i\\j  good    bad   food", true);
    ui_close(ui);
    /* a projected space keeps its numbers: lesson 5's Q = X Wq */
    ui = ui_test_open("lessons/05-self-attention.lesson", 1, in, out);
    ui_test_expect(ui, "q\\d      0      1      k\\d      0      1", true);
    ui_close(ui);
}

/* The footer offers i only where the step has a hint, a only where it asks
 * a question: a student pressed them on lesson 10 step 1 and 13's last
 * step and was told there was nothing. */
static void test_footer_offers_what_is_there(void **state)
{
    (void)state;
    Ui *ui = ui_test_open("lessons/10-multi-dimensional.lesson", 1, in, out);
    ui_test_expect(ui, "i hint", false);
    ui_test_expect(ui, "a answer", false);
    ui_close(ui);
    ui = ui_test_open("lessons/13-translator.lesson", 4, in, out);  /* a prediction, no goal */
    ui_test_expect(ui, "a answer", true);
    ui_test_expect(ui, "i hint", false);
    ui_close(ui);
    ui = ui_test_open("lessons/13-translator.lesson", 8, in, out);  /* the exercise */
    ui_test_expect(ui, "i hint", true);
    ui_close(ui);
    /* a digit on a step that edits nothing says so at once, not after a
     * whole number and Enter */
    ui = ui_test_open("lessons/13-translator.lesson", 5, in, out);
    ui_feed_key(ui, '7', false);
    ui_test_expect(ui, "set cell to", false);
    ui_test_expect(ui, "this step only shows the numbers: nothing here can be edited", true);
    ui_close(ui);
    ui = ui_test_open("lessons/01-three-stages.lesson", 2, in, out);
    ui_feed_key(ui, '7', false);                                    /* an editable cell: typing starts */
    ui_test_expect(ui, "set cell to: 7", true);
    ui_close(ui);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_memory_and_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_footer_offers_what_is_there, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
