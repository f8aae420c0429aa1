/* test_ui_image.c - lesson 9's image panel in the terminal, headless (see
 * ui_testutil.h): in direct and 256 colour the picture in half blocks with
 * colour, in 8 colours and without colour (NO_COLOR) shade glyphs; in every
 * mode each region's weight in hundredths and the "most:" line, which move
 * with the query row (on Q, or up and down on the panel itself) and with an
 * edit of the query. */
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

#define LESSON9 "lessons/09-image-attention.lesson"
#define TITLE "attention over the picture"

static char state_dir[256];
static FILE *in, *out;

static int setup(void **state)
{
    (void)state;
    ui_test_env_open(state_dir, sizeof state_dir, &in, &out, "uiimage", "tests/lessons/ui", 35, 100);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unsetenv("NO_COLOR");
    return ui_test_env_close(state_dir, in, out);
}

static Ui *open9(const char *term, HmColorOpt color, HmDepth want)
{
    UiOptions o = {.lesson = LESSON9, .step = 3, .lang = "en", .color = color, .in = in, .out = out,
                   .term = term};
    char err[300];
    Ui *ui = ui_open(&o, err, sizeof err);
    if (!ui)
        fail_msg("ui_open: %s", err);
    assert_int_equal(hm_depth(), want);
    return ui;
}

static void expect_text(Ui *ui, const char *text, bool present)
{
    char *d = ui_dump(ui);
    if ((strstr(d, text) != NULL) != present)
        fail_msg("'%s' should %sbe on the screen:\n%s", text, present ? "" : "not ", d);
    free(d);
}

/* The screen position of the panel's title; fails when it is not shown. */
static void find_title(Ui *ui, int *y, int *x)
{
    char *d = ui_dump(ui);
    const char *t = strstr(d, TITLE);
    if (!t)
        fail_msg("no image panel:\n%s", d);
    *y = 0;
    const char *line = d;
    for (const char *p = d; p < t; p++)
        if (*p == '\n') {
            (*y)++;
            line = p + 1;
        }
    *x = 0;    /* columns: the line's glyphs are one column each (no CJK here) */
    for (const char *p = line; p < t; p++)
        *x += ((unsigned char)*p & 0xC0) != 0x80;
    free(d);
}

/* The two digits at screen (y, x). */
static void digits_at(int y, int x, char out2[3])
{
    out2[0] = (char)(mvinch(y, x) & A_CHARTEXT);
    out2[1] = (char)(mvinch(y, x + 1) & A_CHARTEXT);
    out2[2] = '\0';
}

/* The picture's first row of regions (r0c0..r0c5: 6 columns a region at
 * 100x35) carries the selected word's weights; r0c5's is want. */
static void expect_r0c5(Ui *ui, const char *want)
{
    int y, x;
    char d[3];
    find_title(ui, &y, &x);
    digits_at(y + 1, x + 5 * 6, d);
    if (strcmp(d, want) != 0) {
        char *s = ui_dump(ui);
        fail_msg("r0c5 shows '%s', not '%s':\n%s", d, want, s);
    }
}

/* Does the picture hold glyph g in a cell with a colour pair (colour != 0)? */
static bool picture_has(Ui *ui, const wchar_t *g, bool coloured)
{
    int y, x;
    find_title(ui, &y, &x);
    for (int dy = 1; dy <= 18; dy++)
        for (int dx = 0; dx < 36; dx++) {
            cchar_t cc;
            wchar_t wc[CCHARW_MAX + 1];
            attr_t a;
            short pair;
            int ext = 0;
            if (mvin_wch(y + dy, x + dx, &cc) == ERR || getcchar(&cc, wc, &a, &pair, &ext) == ERR)
                continue;
            int p = ext ? ext : pair;
            if (wc[0] == g[0] && (p != 0) == coloured)
                return true;
        }
    return false;
}

/* The query moves the attention: j/k on Q, up and down on the panel, and
 * an edit of Q; the same words in every colour mode. */
static void walk_queries(Ui *ui)
{
    expect_text(ui, "\"woman\" most: r2c3 0.45", true);
    expect_r0c5(ui, "04");
    ui_feed_key(ui, 'j', false);
    ui_feed_key(ui, 'j', false);     /* the cursor on Q's row "frisbee" */
    expect_text(ui, "\"frisbee\" most: r0c5 0.63", true);
    expect_r0c5(ui, "63");
    ui_feed_keys(ui, "24\r");        /* Q[2][0] = 24: a longer, redder query */
    expect_text(ui, "most: r0c5 0.63", false);
    expect_text(ui, "most: r0c5 0.84", true);
}

/* Focus on the panel (its own word, from the first): up and down. */
static void walk_panel(Ui *ui)
{
    ui_feed_key(ui, '\t', false);
    ui_feed_key(ui, 'j', false);     /* throwing */
    expect_text(ui, "\"throwing\" most: r1c4 0.13", true);
    expect_r0c5(ui, "02");
    ui_feed_key(ui, 'j', false);
    ui_feed_key(ui, 'j', false);     /* park: the grass */
    expect_text(ui, "most: r1c4", false);
    expect_text(ui, "most: r0c5", false);
    expect_r0c5(ui, "00");
    ui_feed_key(ui, 'k', false);
    ui_feed_key(ui, 'k', false);
    ui_feed_key(ui, 'k', false);     /* woman */
    expect_text(ui, "most: r2c3 0.45", true);
}

static void run_mode(const char *term, HmColorOpt color, HmDepth want, bool colour)
{
    Ui *ui = open9(term, color, want);
    const wchar_t *half = L"\u2580", *light = L"\u2588";
    assert_true(picture_has(ui, colour ? half : light, colour));
    assert_false(picture_has(ui, colour ? light : half, colour));
    walk_queries(ui);
    expect_r0c5(ui, "84");
    walk_panel(ui);
    ui_close(ui);
}

/* Direct colour where terminfo says RGB: an xterm-direct-like entry made
 * with tic (as test_ui.c does); skipped without tic. */
static void test_direct_colour(void **state)
{
    (void)state;
    if (!ui_test_direct_terminfo(state_dir)) {
        printf("    (no tic: direct colour not checked)\n");
        return;
    }
    run_mode("xterm-direct-test", HM_COLOR_AUTO, HM_DIRECT, true);
    unsetenv("TERMINFO");
}

static void test_256_colour(void **state)
{
    (void)state;
    run_mode("xterm-256color", HM_COLOR_AUTO, HM_256, true);
}

static void test_8_colours(void **state)
{
    (void)state;
    run_mode("xterm-color", HM_COLOR_AUTO, HM_8, false);
}

static void test_no_color(void **state)
{
    (void)state;
    setenv("NO_COLOR", "1", 1);
    run_mode("xterm-256color", HM_COLOR_AUTO, HM_MONO, false);
    unsetenv("NO_COLOR");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direct_colour),
        cmocka_unit_test(test_256_colour),
        cmocka_unit_test(test_8_colours),
        cmocka_unit_test(test_no_color),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
