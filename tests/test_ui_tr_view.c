/* test_ui_tr_view.c - lesson 13's panels read as characters, headless (see
 * test_ui.c for the harness), at 100x35 and 80x24:
 *  - step 9's weights (23 input characters, a colour-only shape) show the
 *    input's characters as column labels, and half-block rows are labelled
 *    by the two characters written;
 *  - step 2 shows V beside K (on the next page at 80x24): one row per input
 *    character, labelled by it, its 128 numbers folded;
 *  - step 5's context vector names its halves fw and bw. */
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

#define LESSON "lessons/13-translator.lesson"

static char state_dir[256];
static FILE *in, *out;

static int setup(void **state)
{
    (void)state;
    ui_test_env_open(state_dir, sizeof state_dir, &in, &out, "uitrview", "lessons", 35, 100);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return ui_test_env_close(state_dir, in, out);
}

/* The screen's first line that starts with `start`, into line; false if none. */
static bool line_starting(Ui *ui, const char *start, char *line, size_t n)
{
    char *d = ui_dump(ui);
    bool found = false;
    for (char *p = d; p && *p && !found; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        size_t len = strcspn(p, "\n");
        if (strncmp(p, start, strlen(start)) == 0) {
            snprintf(line, n, "%.*s", (int)len, p);
            found = true;
        }
    }
    free(d);
    return found;
}

/* Asserts that the screen's rows after the one starting with `header` start
 * with the labels, in order, each followed by a blank. */
static void expect_rows(Ui *ui, const char *header, const char *const *labels, int n)
{
    char *d = ui_dump(ui);
    char *p = strstr(d, header);
    if (!p)
        fail_msg("no row starting with \"%s\" in:\n%s", header, d);
    for (int r = 0; r < n; r++) {
        p = strchr(p, '\n') + 1;
        size_t len = strlen(labels[r]);
        if (strncmp(p, labels[r], len) != 0 || p[len] != ' ')
            fail_msg("row %d: \"%.20s\", not the label \"%s\"", r, p, labels[r]);
    }
    free(d);
}

static const char *const WRITTEN_PAIRS[] = {"2 0", "2 6", "- 1", "1 -", "3 0", "</s>"};

static void weights_labelled(int rows, int cols, const char *header, bool half)
{
    Ui *ui = ui_test_open(LESSON, 9, in, out);
    ui_resize(ui, rows, cols);
    ui_feed_keys(ui, "a2");             /* predicted: the weights are shown */
    ui_test_expect(ui, "You said 2)", true);
    char line[512];
    assert_true(line_starting(ui, "q\\k", line, sizeof line));
    assert_string_equal(line, header);
    if (half)
        expect_rows(ui, header, WRITTEN_PAIRS, 6);
    ui_close(ui);
}

static void test_step9_weights(void **state)
{
    (void)state;
    weights_labelled(35, 100, "q\\k  M o n d a y _ 3 0 _ N o v e m b e r _ 2 0 2 6", false);
    weights_labelled(24, 80, "q\\k  Monday_30_November_2026", true);
}

static const char *const INPUT_ROWS[] = {"3", "0", "_", "n", "o", "v", "_", "2", "0", "2", "6"};
static const char *const INPUT_PAIRS[] = {"3 0", "_ n", "o v", "_ 2", "0 2", "6"};

static void test_step2_values(void **state)
{
    (void)state;
    Ui *ui = ui_test_open(LESSON, 2, in, out);
    ui_resize(ui, 35, 100);
    ui_test_expect(ui, "V = h_j  values: forward over backward", true);
    expect_rows(ui, "k\\d \u2580 0-63  \u2584 64-127", INPUT_ROWS, 11);
    expect_rows(ui, "k\\d 0123456789", INPUT_PAIRS, 6);   /* K */
    ui_resize(ui, 24, 80);                                  /* K, then V on its page */
    ui_test_expect(ui, "panels 1 of 2 shown", true);
    ui_test_expect(ui, "forward over backward", false);
    ui_feed_keys(ui, "\t");
    ui_test_expect(ui, "panels 2 of 2 shown", true);
    expect_rows(ui, "k\\d \u2580 0-63  \u2584 64-127", INPUT_ROWS, 11);
    /* the cursor past the first half is on the lower half of the same row */
    for (int k = 0; k < 64; k++)
        ui_feed_keys(ui, "l");
    ui_test_expect(ui, "V[0][64] = ", true);
    ui_close(ui);
    ui = ui_test_open_lang(LESSON, 2, "zh", in, out);
    ui_resize(ui, 35, 100);
    ui_test_expect(ui, "V = h_j  值：正向在上，反向在下", true);
    expect_rows(ui, "k\\d \u2580 0-63  \u2584 64-127", INPUT_ROWS, 11);
    ui_close(ui);
}

static void test_step5_halves(void **state)
{
    (void)state;
    static const char *const en[] = {"fw bw"}, *const zh[] = {"正向 反向"};
    const char *lang[] = {"en", "zh"};
    for (int l = 0; l < 2; l++)
        for (int size = 0; size < 2; size++) {
            Ui *ui = ui_test_open_lang(LESSON, 5, lang[l], in, out);
            ui_resize(ui, size ? 24 : 35, size ? 80 : 100);
            expect_rows(ui, "i\\j ", l ? zh : en, 1);
            ui_test_expect(ui, l ? "（正向、反向两半）" : "(fw forward, bw backward)", true);
            ui_close(ui);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_step9_weights, setup, teardown),
        cmocka_unit_test_setup_teardown(test_step2_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_step5_halves, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
