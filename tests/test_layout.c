/* test_layout.c - the lesson player's layout (layout.h) as a pure function:
 * window size and panel sizes in, rectangles out. No curses. Each case
 * checks the rectangles worked out by hand, then the rules every layout
 * keeps: all inside the window, panels between the configuration line and
 * the message row, nothing overlapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "tui/layout.h"
#include "tui/uitext.h"

/* A heatmap-like panel: its size in the four shapes, roomiest first. */
static LayoutPanel heatmap(int h0, int w0, int h1, int w1, int h2, int w2, int h3, int w3)
{
    LayoutPanel p = {.h = {h0, h1, h2, h3}, .w = {w0, w1, w2, w3}};
    return p;
}

static LayoutInput input(int text_lines, bool goal, int n, LayoutPanel each)
{
    LayoutInput in;
    memset(&in, 0, sizeof in);
    in.text_lines = text_lines;
    in.goal_rows = goal;
    in.n_panels = n;
    for (int k = 0; k < n; k++)
        in.panels[k] = each;
    return in;
}

static void assert_rect(LayoutRect r, int y, int x, int h, int w)
{
    assert_int_equal(r.y, y);
    assert_int_equal(r.x, x);
    assert_int_equal(r.h, h);
    assert_int_equal(r.w, w);
}

static bool overlap(LayoutRect a, LayoutRect b)
{
    return a.h > 0 && a.w > 0 && b.h > 0 && b.w > 0 && a.y < b.y + b.h && b.y < a.y + a.h && a.x < b.x + b.w &&
           b.x < a.x + a.w;
}

static void assert_inside(LayoutRect r, int rows, int cols)
{
    assert_true(r.y >= 0 && r.x >= 0 && r.h >= 0 && r.w >= 0);
    assert_true(r.y + r.h <= rows);
    assert_true(r.x + r.w <= cols);
}

/* The rules of every layout, with a message of `status` rows. */
static void assert_sound_status(const Layout *l, int rows, int cols, int n, int status)
{
    LayoutRect fixed[] = {l->header, l->narration, l->goal, l->config, l->message, l->footer};
    size_t nf = sizeof fixed / sizeof fixed[0];
    for (size_t a = 0; a < nf; a++) {
        assert_inside(fixed[a], rows, cols);
        for (size_t b = a + 1; b < nf; b++)
            assert_false(overlap(fixed[a], fixed[b]));
    }
    assert_rect(l->header, 0, 0, 1, cols);
    assert_rect(l->message, rows - 1 - status, 0, status, cols);
    assert_rect(l->footer, rows - 1, 0, 1, cols);
    assert_true(l->panels_top == l->config.y + 2 || l->panels_top == l->config.y + 1);
    for (int k = 0; k < n; k++) {
        LayoutRect p = l->panels[k];
        assert_inside(p, rows, cols);
        if (p.h == 0)
            continue;
        assert_true(p.y >= l->panels_top && p.y + p.h <= l->message.y);
        for (size_t a = 0; a < nf; a++)
            assert_false(overlap(p, fixed[a]));
        for (int j = k + 1; j < n; j++)
            assert_false(overlap(p, l->panels[j]));
    }
}

/* The same with the one-row message. */
static void assert_sound(const Layout *l, int rows, int cols, int n)
{
    assert_sound_status(l, rows, cols, n, 1);
}

/* 80 x 24, one panel that fits as it is. */
static void test_one_panel_80x24(void **state)
{
    (void)state;
    LayoutInput in = input(3, true, 1, heatmap(8, 36, 8, 28, 8, 16, 6, 10));
    Layout l;
    layout_player(24, 80, &in, &l);
    assert_rect(l.narration, 1, 0, 3, 80);
    assert_int_equal(l.text_rows_full, 3);
    assert_rect(l.goal, 4, 0, 1, 80);
    assert_rect(l.config, 5, 0, 1, 80);
    assert_int_equal(l.panels_top, 7);
    assert_rect(l.panels[0], 7, 0, 8, 36);
    assert_int_equal(l.shape[0], 0);
    assert_false(l.clipped);
    assert_sound(&l, 24, 80, 1);
}

/* 100 x 35, three panels side by side (3 columns apart); a long narration
 * takes a quarter of the window (8 rows), no goal row; the 12 rows the
 * panels leave unused go back to the cut narration (20 rows in all). */
static void test_three_panels_100x35(void **state)
{
    (void)state;
    LayoutInput in = input(30, false, 3, heatmap(10, 30, 10, 22, 10, 12, 7, 6));
    Layout l;
    layout_player(35, 100, &in, &l);
    assert_int_equal(l.text_rows_full, 8);
    assert_rect(l.narration, 1, 0, 20, 100);
    assert_int_equal(l.goal.h, 0);
    assert_rect(l.config, 21, 0, 1, 100);
    assert_rect(l.panels[0], 23, 0, 10, 30);
    assert_rect(l.panels[1], 23, 33, 10, 30);
    assert_rect(l.panels[2], 23, 66, 10, 30);
    assert_false(l.clipped);
    assert_sound(&l, 35, 100, 3);
    /* a narration that is not cut takes only its lines */
    in.text_lines = 12;
    layout_player(35, 100, &in, &l);
    assert_rect(l.narration, 1, 0, 12, 100);
    assert_rect(l.panels[0], 15, 0, 10, 30);
}

/* 80 x 24: a goal of two rows; when the values fit only without the blank
 * row above the panels, it goes (before the colour-only shapes). */
static void test_goal_rows_and_no_gap(void **state)
{
    (void)state;
    LayoutInput in = input(9, true, 2, heatmap(7, 46, 7, 46, 7, 20, 4, 10));
    in.goal_rows = 2;
    in.panels[1] = heatmap(8, 46, 8, 46, 8, 20, 5, 10);
    Layout l;
    layout_player(24, 80, &in, &l);
    /* 1 + 2 narration + 2 goal + 1 config: row 6; 7 + 1 + 8 rows from row
     * 6 end at 22, the message row: no blank row, the values kept */
    assert_false(l.clipped);
    assert_rect(l.narration, 1, 0, 2, 80);
    assert_rect(l.goal, 3, 0, 2, 80);
    assert_rect(l.config, 5, 0, 1, 80);
    assert_int_equal(l.panels_top, 6);
    assert_int_equal(l.shape[0], 0);
    assert_rect(l.panels[0], 6, 0, 7, 46);
    assert_rect(l.panels[1], 14, 0, 8, 46);
    assert_sound(&l, 24, 80, 2);
}

/* 100 x 35, seven panels: too wide for one row in full, so all shrink one
 * shape together (alike panels look alike) and wrap after four. */
static void test_seven_panels_100x35(void **state)
{
    (void)state;
    LayoutInput in = input(4, true, 7, heatmap(9, 40, 9, 22, 7, 14, 5, 8));
    Layout l;
    layout_player(35, 100, &in, &l);
    /* boxes: two a row, four rows of 9 + 1 from row 8 pass 33 */
    assert_rect(l.narration, 1, 0, 4, 100);
    assert_int_equal(l.panels_top, 8);
    for (int k = 0; k < 7; k++)
        assert_int_equal(l.shape[k], 1);
    for (int k = 0; k < 4; k++)
        assert_rect(l.panels[k], 8, 25 * k, 9, 22);
    for (int k = 4; k < 7; k++)
        assert_rect(l.panels[k], 18, 25 * (k - 4), 9, 22);
    assert_false(l.clipped);
    assert_sound(&l, 35, 100, 7);
}

/* 56 x 18, the smallest window, seven panels too tall to print their
 * values even one a page: even the smallest shape does not fit, so the
 * narration gives up rows (4 -> 2) and the last row of panels is cut at
 * the message row. */
static void test_seven_panels_56x18_clipped(void **state)
{
    (void)state;
    LayoutInput in = input(10, true, 7, heatmap(14, 40, 14, 30, 7, 14, 5, 8));
    Layout l;
    layout_player(18, 56, &in, &l);
    assert_true(l.clipped);
    assert_int_equal(l.text_rows_full, 4);
    assert_rect(l.narration, 1, 0, 2, 56);
    assert_rect(l.goal, 3, 0, 1, 56);
    assert_rect(l.config, 4, 0, 1, 56);
    assert_int_equal(l.panels_top, 6);
    for (int k = 0; k < 5; k++) {
        assert_int_equal(l.shape[k], 3);
        assert_rect(l.panels[k], 6, 11 * k, 5, 8);
    }
    assert_rect(l.panels[5], 12, 0, 4, 8);    /* 5 rows, cut to 4 */
    assert_rect(l.panels[6], 12, 11, 4, 8);
    assert_sound(&l, 18, 56, 7);
}

/* 56 x 18, one panel that fits once the narration gives up rows. */
static void test_one_panel_56x18(void **state)
{
    (void)state;
    LayoutInput in = input(6, false, 1, heatmap(11, 50, 11, 40, 11, 20, 11, 10));
    Layout l;
    layout_player(18, 56, &in, &l);
    /* with 4 narration rows the panel would start on row 7 and end past
     * the message row (16); it cannot shrink in height, so the narration
     * keeps 2 rows and the panel its roomiest shape */
    assert_false(l.clipped);
    assert_rect(l.narration, 1, 0, 2, 56);
    assert_rect(l.config, 3, 0, 1, 56);
    assert_rect(l.panels[0], 5, 0, 11, 50);
    assert_int_equal(l.shape[0], 0);
    assert_sound(&l, 18, 56, 1);
}

/* A chart takes the rows there are, between its bounds, and never shrinks;
 * it is no wider than the window. */
static void test_chart(void **state)
{
    (void)state;
    LayoutInput in = input(1, false, 1, (LayoutPanel){.chart = true, .min_h = 11, .max_h = 21, .w = {76}});
    Layout l;
    layout_player(24, 80, &in, &l);
    assert_rect(l.narration, 1, 0, 1, 80);
    assert_rect(l.panels[0], 4, 0, 18, 76);
    assert_false(l.clipped);
    layout_player(24, 60, &in, &l);
    assert_rect(l.panels[0], 4, 0, 18, 60);
    layout_player(50, 80, &in, &l);
    assert_rect(l.panels[0], 4, 0, 21, 76);
    assert_sound(&l, 50, 80, 1);
}

/* No panels (a step that cannot be computed): the text keeps its rows. */
static void test_no_panels(void **state)
{
    (void)state;
    LayoutInput in = input(30, true, 0, heatmap(0, 0, 0, 0, 0, 0, 0, 0));
    Layout l;
    layout_player(24, 80, &in, &l);
    assert_false(l.clipped);
    assert_rect(l.narration, 1, 0, 6, 80);
    assert_rect(l.goal, 7, 0, 1, 80);
    assert_rect(l.config, 8, 0, 1, 80);
    assert_sound(&l, 24, 80, 0);
}

/* Numbers before narration (issue 12): six panels at 80x24 whose compact
 * shape fits only when the narration gives up two of its six rows; the
 * colour-only half shape would fit with all six, but the numbers win. */
static void test_values_before_narration_80x24(void **state)
{
    (void)state;
    LayoutInput in = input(6, false, 6, heatmap(7, 38, 7, 24, 7, 18, 5, 14));
    Layout l;
    layout_player(24, 80, &in, &l);
    assert_false(l.clipped);
    assert_int_equal(l.text_rows_full, 6);
    assert_rect(l.narration, 1, 0, 4, 80);      /* 4 rows: 7 + 1 + 7 panel rows fit below */
    assert_int_equal(l.panels_top, 7);
    for (int k = 0; k < 6; k++)
        assert_int_equal(l.shape[k], 1);
    assert_rect(l.panels[0], 7, 0, 7, 24);
    assert_rect(l.panels[3], 15, 0, 7, 24);
    assert_sound(&l, 24, 80, 6);
    assert_int_equal(l.pager.h, 0);
}

/* When no narration height lets all the values fit, the panels are paged
 * (issue 12): as many as fit with their values, the page holding the
 * focused panel, and a pager row above the message row; the other panels
 * are not shown. */
static void test_paged_80x24(void **state)
{
    (void)state;
    LayoutInput in = input(6, false, 6, heatmap(7, 38, 7, 30, 7, 18, 5, 14));
    Layout l;
    layout_player(24, 80, &in, &l);
    assert_false(l.clipped);
    assert_rect(l.pager, 21, 0, 1, 80);
    assert_int_equal(l.page_from, 0);
    assert_int_equal(l.page_to, 4);
    assert_rect(l.narration, 1, 0, 3, 80);
    for (int k = 0; k < 4; k++) {
        assert_int_equal(l.shape[k], 0);
        assert_rect(l.panels[k], 6 + 8 * (k / 2), 41 * (k % 2), 7, 38);
    }
    assert_rect(l.panels[4], 0, 0, 0, 0);
    assert_sound(&l, 24, 80, 6);
    for (int k = 0; k < 6; k++)     /* the pager row is not the panels' */
        assert_true(l.panels[k].y + l.panels[k].h <= l.pager.y);
    in.focus = 5;       /* Tab to the sixth: the second page, narration in full */
    layout_player(24, 80, &in, &l);
    assert_int_equal(l.page_from, 4);
    assert_int_equal(l.page_to, 6);
    assert_rect(l.narration, 1, 0, 6, 80);
    assert_rect(l.panels[0], 0, 0, 0, 0);
    assert_rect(l.panels[4], 9, 0, 7, 38);
    assert_rect(l.panels[5], 9, 41, 7, 38);
}

/* A long message takes the rows it needs above the footer (at most
 * LAYOUT_MAX_STATUS); the panels, and a pager row, move up above it. */
static void test_long_message(void **state)
{
    (void)state;
    LayoutInput in = input(3, true, 1, heatmap(8, 36, 8, 28, 8, 16, 6, 10));
    in.status_rows = 3;
    Layout l;
    layout_player(24, 80, &in, &l);
    assert_rect(l.message, 20, 0, 3, 80);
    assert_rect(l.footer, 23, 0, 1, 80);
    assert_rect(l.panels[0], 7, 0, 8, 36);
    assert_false(l.clipped);
    assert_sound_status(&l, 24, 80, 1, 3);
    in.status_rows = 40;        /* no more than LAYOUT_MAX_STATUS */
    layout_player(24, 80, &in, &l);
    assert_rect(l.message, 23 - LAYOUT_MAX_STATUS, 0, LAYOUT_MAX_STATUS, 80);
    assert_sound_status(&l, 24, 80, 1, LAYOUT_MAX_STATUS);
    in = input(6, false, 6, heatmap(7, 38, 7, 30, 7, 18, 5, 14));
    in.status_rows = 2;         /* paged: the pager row sits on the message */
    layout_player(24, 80, &in, &l);
    assert_false(l.clipped);
    assert_rect(l.message, 21, 0, 2, 80);
    assert_rect(l.pager, 20, 0, 1, 80);
    for (int k = 0; k < 6; k++)
        assert_true(l.panels[k].y + l.panels[k].h <= l.pager.y);
    assert_sound_status(&l, 24, 80, 6, 2);
}

/* The lines uitext_wrap makes of text at width, joined by '|'. */
static void wrapped(const char *text, int width, char *out, size_t n)
{
    int starts[16], lens[16];
    int k = uitext_wrap(text, width, starts, lens, 16);
    out[0] = '\0';
    for (int i = 0; i < k && i < 16; i++)
        snprintf(out + strlen(out), n - strlen(out), "%s%.*s", i ? "|" : "", lens[i], text + starts[i]);
}

/* Wrapping keeps "(a: make your prediction)", "d_k = 2" and a short
 * bracketed group in Chinese whole, and leaves no lone "事。" line. */
static void test_wrap_holds(void **state)
{
    (void)state;
    char got[512];
    setlocale(LC_CTYPE, "C.UTF-8");
    wrapped("What does it give?  (a: make your prediction)", 30, got, sizeof got);
    assert_string_equal(got, "What does it give?|(a: make your prediction)");
    wrapped("these are the weights at d_k = 2 exactly", 30, got, sizeof got);
    assert_string_equal(got, "these are the weights at|d_k = 2 exactly");
    wrapped("so exp(0) = 1 here", 10, got, sizeof got);
    assert_string_equal(got, "so|exp(0) = 1|here");
    wrapped("\u8fd9\u91cc\u662f\u95ee\u9898\uff08\u6309 a \u505a\u51fa\u9884\u6d4b\uff09", 20, got, sizeof got);
    assert_string_equal(got, "\u8fd9\u91cc\u662f\u95ee\u9898|\uff08\u6309 a \u505a\u51fa\u9884\u6d4b\uff09");
    wrapped("\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u4e8b\u3002", 20, got, sizeof got);
    assert_string_equal(got, "\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d|\u5341\u4e8b\u3002");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_panel_80x24),
        cmocka_unit_test(test_three_panels_100x35),
        cmocka_unit_test(test_goal_rows_and_no_gap),
        cmocka_unit_test(test_wrap_holds),
        cmocka_unit_test(test_seven_panels_100x35),
        cmocka_unit_test(test_seven_panels_56x18_clipped),
        cmocka_unit_test(test_one_panel_56x18),
        cmocka_unit_test(test_chart),
        cmocka_unit_test(test_no_panels),
        cmocka_unit_test(test_values_before_narration_80x24),
        cmocka_unit_test(test_paged_80x24),
        cmocka_unit_test(test_long_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
