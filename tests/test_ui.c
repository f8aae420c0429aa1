/* test_ui.c - the terminal lab without a terminal: an ncurses screen made
 * with newterm() on /dev/null, keys played with ui_feed_key(), the screen
 * read back with ui_dump(). Expected numbers come from tests/ui_expected.py
 * (numpy) or are derived by hand in the comments. */
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
#include <sys/stat.h>
#include <unistd.h>

#include "lab/editor.h"
#include "lab/explain.h"
#include "tui/heatmap.h"
#include "lab/state.h"
#include "tui/ui.h"
#include "ui_testutil.h"

static char state_dir[256];
static FILE *in, *out;

static Ui *open_ui(const char *lesson, int step)
{
    return ui_test_open(lesson, step, in, out);
}

static int setup(void **state)
{
    (void)state;
    ui_test_env_open(state_dir, sizeof state_dir, &in, &out, "ui", "tests/lessons/ui", 35, 100);
    /* (tests/lessons/ui: a frozen copy of lesson 1, asserted cell by cell) */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return ui_test_env_close(state_dir, in, out);
}

/* The numbers of a panel's row: the panel is found by its title, the row by
 * its label in the lines below, in the title's columns. Returns how many. */
static int panel_row(const char *dump, const char *title, const char *label, double *v, int max)
{
    const char *t = strstr(dump, title);
    if (!t)
        return -1;
    const char *line = t;
    while (line > dump && line[-1] != '\n')
        line--;
    size_t col = (size_t)(t - line);
    for (const char *l = strchr(t, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
        const char *s = l + 1, *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len <= col || strncmp(s + col, label, strlen(label)) != 0)
            continue;
        const char *p = s + col + strlen(label);
        int n = 0;
        char *end;
        while (n < max) {
            while (*p == ' ' || *p == '[' || *p == ']')
                p++;
            double x = strtod(p, &end);
            if (end == p || p >= s + len)
                break;
            v[n++] = x;
            p = end;
        }
        return n;
    }
    return -1;
}

static void expect_row(Ui *ui, const char *title, const char *label, const double *want, int n)
{
    char *d = ui_dump(ui);
    double got[16];
    int k = panel_row(d, title, label, got, 16);
    if (k < n)
        fail_msg("row %s of '%s' not found (%d numbers) in:\n%s", label, title, k, d);
    for (int i = 0; i < n; i++)
        if (fabs(got[i] - want[i]) > 1e-9)
            fail_msg("%s row %s [%d]: got %g, want %g\n%s", title, label, i, got[i], want[i], d);
    free(d);
}

static void expect_text(Ui *ui, const char *text, bool present)
{
    char *d = ui_dump(ui);
    if ((strstr(d, text) != NULL) != present)
        fail_msg("'%s' should %sbe on the screen:\n%s", text, present ? "" : "not ", d);
    free(d);
}

static const char *W_TITLE = "weights a = softmax(e / T)", *C_TITLE = "output c = a V";

static void test_the_learners_path(void **state)
{
    (void)state;
    Ui *ui = open_ui(NULL, 0);
    expect_text(ui, "attnlab: lessons", true);
    expect_text(ui, "What attention is", true);
    expect_text(ui, "not started", true);

    assert_true(ui_feed_key(ui, '\r', false));
    expect_text(ui, "step 1 of 5", true);
    expect_text(ui, "scores e = q.k", true);
    assert_true(ui_feed_key(ui, 'n', false));
    expect_text(ui, "step 2 of 5", true);
    ui_feed_key(ui, KEY_NPAGE, true);
    ui_feed_keys(ui, "nn");
    expect_text(ui, "step 5 of 5", true);

    /* ui_expected.py, as written: chat's weights .1014 .6581 .1214 .1190, output .186 .814 */
    const double w0[4] = {0.10, 0.66, 0.12, 0.12}, c0[2] = {0.19, 0.81};
    expect_row(ui, W_TITLE, "chat", w0, 4);
    expect_row(ui, C_TITLE, "chat", c0, 2);

    /* the cursor starts on Q[0][0]; set Q[1][1] = 3 */
    ui_feed_keys(ui, "jl3\r");
    const double q1[4] = {0.10, 3.00, 0.30, 0.00};
    expect_row(ui, "Q  queries", "chat", q1, 4);
    printf("    an edit took %.0f us of CPU (recompute and redraw)\n", ui_last_key_us(ui));
    /* ui_expected.py: weights .0473 .8346 .0567 .0614, output .0879 .9121 */
    const double w1[4] = {0.05, 0.83, 0.06, 0.06}, c1[2] = {0.09, 0.91};
    expect_row(ui, W_TITLE, "chat", w1, 4);
    expect_row(ui, C_TITLE, "chat", c1, 2);
    /* the other rows did not move: le keeps 0.67 0.10 0.12 0.11 */
    const double wle[4] = {0.67, 0.10, 0.12, 0.11};
    expect_row(ui, W_TITLE, "le", wle, 4);

    ui_feed_key(ui, 'u', false);
    expect_row(ui, W_TITLE, "chat", w0, 4);
    expect_row(ui, C_TITLE, "chat", c0, 2);
    ui_feed_key(ui, 'R' & 0x1f, false);     /* redo */
    expect_row(ui, W_TITLE, "chat", w1, 4);
    ui_feed_key(ui, 'u', false);

    /* show the arithmetic of weights[1][1]: Tab to the weights (Q K V scores weights) */
    ui_feed_keys(ui, "\t\t\t\tjl");
    ui_feed_key(ui, '\r', false);
    expect_text(ui, "How weights[1][1] was computed", true);
    /* ui_expected.py: max 2, exps .1541 1 .1845 .1809, sum 1.5195, a .6581 */
    expect_text(ui, "subtract the row's max m = 2 ", true);
    expect_text(ui, "exp((0.13 - 2) / 1) = exp(-1.87) = 0.1541", true);
    expect_text(ui, "S = 0.1541 + 1 + 0.1845 + 0.1809 = 1.5195", true);
    expect_text(ui, "a = exp / S = 1 / 1.5195 = 0.6581", true);
    expect_text(ui, "the same)", true);
    ui_feed_key(ui, 27, false);
    expect_text(ui, "How weights", false);

    ui_resize(ui, 20, 60);
    expect_text(ui, "step 5 of 5", true);
    expect_text(ui, "weights", true);
    ui_resize(ui, 10, 40);
    expect_text(ui, "at least", true);
    ui_resize(ui, 35, 100);
    expect_text(ui, W_TITLE, true);
    expect_row(ui, W_TITLE, "chat", w0, 4);

    assert_true(ui_feed_key(ui, 'q', false));
    expect_text(ui, "done", true);
    assert_false(ui_feed_key(ui, 'q', false));
    ui_close(ui);

    State st;
    char msg[300];
    state_load(&st, msg, sizeof msg);
    assert_string_equal(msg, "");
    const StateEntry *e = state_get(&st, "01-three-stages.lesson");
    assert_non_null(e);
    assert_int_equal(e->step, 4);
    assert_true(e->done);
    state_free(&st);
}

static void test_refused_numbers(void **state)
{
    (void)state;
    Ui *ui = open_ui("1", 5);
    const double q0[4] = {2.00, 0.10, 0.00, 0.20};
    const char *bad[] = {"abc", "nan", "inf", "1e39", "-inf"};
    for (int k = 0; k < 5; k++) {
        ui_feed_key(ui, '=', false);
        ui_feed_keys(ui, bad[k]);
        ui_feed_key(ui, '\r', false);
        expect_text(ui, "the cell keeps its value", k == 0);
        expect_text(ui, "out of range", k > 0);
        expect_row(ui, "Q  queries", "le", q0, 4);
    }
    ui_feed_keys(ui, "=-1.5\r");
    const double q1[4] = {-1.50, 0.10, 0.00, 0.20};
    expect_row(ui, "Q  queries", "le", q1, 4);
    ui_feed_keys(ui, "++>");        /* -1.5 + 0.1 + 0.1 + 1 */
    const double q2[4] = {-0.30, 0.10, 0.00, 0.20};
    expect_row(ui, "Q  queries", "le", q2, 4);
    ui_feed_key(ui, 'r', false);
    expect_row(ui, "Q  queries", "le", q0, 4);
    ui_close(ui);
}

static void test_settings_keys(void **state)
{
    (void)state;
    Ui *ui = open_ui("1", 5);
    expect_text(ui, "score dot  softmax T=1", true);
    ui_feed_key(ui, 'd', false);
    expect_text(ui, "score dot  sigmoid T=1", true);
    ui_feed_key(ui, 'u', false);
    ui_feed_key(ui, 'T', false);
    expect_text(ui, "softmax T=1.5", true);
    ui_feed_key(ui, '/', false);
    expect_text(ui, "score scaled_dot", true);
    expect_text(ui, "scores e = q.k / sqrt(d)", true);
    ui_feed_key(ui, 'm', false);                /* padding: the last key hidden */
    expect_text(ui, "mask padding", true);
    ui_feed_key(ui, 'H', false);                /* qkv has no heads: refused, kept */
    expect_text(ui, "mask padding", true);
    /* weights of "le" with the last key masked, T = 1.5, scaled by 1/2:
     * e = (2, 0.12, 0.24)/2/1.5 = (.6667, .04, .08); exp(e - max) = (1, .5342, .5571);
     * a = (.4838, .2584, .2577) -> 0.48 0.26 0.27 and the mask glyph */
    char *d = ui_dump(ui);
    assert_non_null(strstr(d, "\u00d7 masked"));
    free(d);
    ui_close(ui);
}

static void test_multihead_and_coattention(void **state)
{
    (void)state;
    Ui *ui = open_ui("tests/lessons/multihead.lesson", 1);
    char *d = ui_dump(ui);
    const char *h1 = strstr(d, "head 1"), *h2 = strstr(d, "head 2");
    assert_non_null(h1);
    assert_non_null(h2);
    free(d);
    ui_feed_key(ui, 'n', false);
    /* causal: head 1's weights[0][1] is masked; explain why */
    ui_feed_keys(ui, "l\r");
    expect_text(ui, "How head 1's weights[0][1] was computed", true);
    expect_text(ui, "MASKED by causal", true);
    expect_text(ui, "the same)", true);
    ui_close(ui);

    ui = open_ui("tests/lessons/coattention.lesson", 1);
    expect_text(ui, "affinity L = A B^T", true);
    expect_text(ui, "weights B->A", true);
    /* affinity[0][1] = A[0].B[1] = 1*1 + 0*0 + 0.5*0.3 = 1.15 */
    ui_feed_keys(ui, "l\r");
    expect_text(ui, "(1 * 1) + (0 * 0) + (0.5 * 0.3)", true);
    expect_text(ui, "=> 1.15 ", true);
    ui_close(ui);
}

/* Screen position of the first occurrence of text (an ASCII line). */
static bool find_on_screen(Ui *ui, const char *text, int *y, int *x)
{
    char *d = ui_dump(ui);
    const char *t = strstr(d, text);
    bool found = t != NULL;
    if (found) {
        *y = 0;
        const char *line = d;
        for (const char *p = d; p < t; p++)
            if (*p == '\n') {
                (*y)++;
                line = p + 1;
            }
        *x = (int)(t - line);
    }
    free(d);
    return found;
}

static void test_mouse(void **state)
{
    (void)state;
    Ui *ui = open_ui("1", 5);
    int y, x;
    /* chat's weight on cat, 0.66, is the second number of that row in the weights panel */
    assert_true(find_on_screen(ui, "chat    0.10   0.66", &y, &x));
    ui_feed_mouse(ui, y, x + 15, BUTTON1_PRESSED);
    expect_text(ui, "How weights", false);
    ui_feed_mouse(ui, y, x + 15, BUTTON1_PRESSED);
    expect_text(ui, "How weights[1][1] was computed", true);
    ui_feed_key(ui, 27, false);
    /* the wheel over Q[0][0] nudges it by 0.1 */
    assert_true(find_on_screen(ui, "le      2.00", &y, &x));
    ui_feed_mouse(ui, y, x + 9, BUTTON4_PRESSED);
    const double q[4] = {2.10, 0.10, 0.00, 0.20};
    expect_row(ui, "Q  queries", "le", q, 4);
    ui_close(ui);
}

static void test_colours_and_ascii(void **state)
{
    (void)state;
    setenv("NO_COLOR", "1", 1);
    Ui *ui = open_ui("1", 3);
    assert_int_equal(hm_depth(), HM_MONO);
    ui_close(ui);
    unsetenv("NO_COLOR");
    ui = open_ui("1", 3);
    assert_int_equal(hm_depth(), HM_256);
    ui_close(ui);

    /* direct colour where terminfo says RGB: an xterm-direct-like entry made with tic */
    if (ui_test_direct_terminfo(state_dir)) {
        UiOptions o = {.lang = "en", .in = in, .out = out, .term = "xterm-direct-test"};
        char err[200];
        const HmColorOpt opts[] = {HM_COLOR_AUTO, HM_COLOR_TRUE, HM_COLOR_256, HM_COLOR_16, HM_COLOR_NEVER};
        const HmDepth want[] = {HM_DIRECT, HM_DIRECT, HM_256, HM_16, HM_MONO};
        for (int k = 0; k < 5; k++) {
            o.color = opts[k];
            ui = ui_open(&o, err, sizeof err);
            assert_non_null(ui);
            assert_int_equal(hm_depth(), want[k]);
            ui_close(ui);
        }
        unsetenv("TERMINFO");
    } else {
        printf("    (no tic: direct colour not checked)\n");
    }

    setenv("LANG", "C", 1);
    ui = open_ui("1", 3);
    expect_text(ui, "\u270e", false);
    expect_text(ui, "V  values *", true);
    ui_close(ui);
    setenv("LANG", "C.UTF-8", 1);
}

static void test_damaged_state(void **state)
{
    (void)state;
    char path[400], bad[420];
    assert_true(state_path(path, sizeof path));
    strcpy(strrchr(path, '/'), "/state");   /* the old text file, imported at start */
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("attnlab-state 1\nlesson x.lesson banana\n", f);
    fclose(f);
    Ui *ui = open_ui(NULL, 0);
    expect_text(ui, "could not read the saved place", true);
    snprintf(bad, sizeof bad, "%s.bad", path);
    struct stat sb;
    assert_int_equal(stat(bad, &sb), 0);
    ui_close(ui);

    f = fopen(path, "w");
    fputs("attnlab-state 99\n", f);
    fclose(f);
    ui = open_ui(NULL, 0);
    expect_text(ui, "a newer attnlab wrote", true);
    ui_close(ui);
}

static void test_editor_refuses(void **state)
{
    (void)state;
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load("tests/lessons/ui/01-three-stages.lesson", &l, &d), 0);
    Editor ed;
    editor_open(&ed, &l, 4);
    EditRefusal why;
    const char *bad[] = {"nan", "inf", "1e39", "abc", "", "1.5x"};
    for (int k = 0; k < 6; k++)
        assert_int_equal(editor_set_text(&ed, M_Q, 0, 0, bad[k], &why), -1);
    assert_true(MAT_AT(ed.sc.in[M_Q], 0, 0) == 2.0f);
    assert_int_equal(editor_set_text(&ed, M_Q, 0, 0, " 0.25 ", &why), 0);
    assert_true(MAT_AT(ed.sc.in[M_Q], 0, 0) == 0.25f);
    assert_true(ed.has_prev);
    /* scores are borrowed from nothing: the lesson's own matrix is untouched */
    assert_true(MAT_AT(l.steps[4].mats[M_Q], 0, 0) == 2.0f);
    editor_close(&ed);
    lesson_free(&l);
    diags_free(&d);
}

/* explain_cell straight from a Result: sparsemax on chat's dot scores
 * (0.13, 2, 0.31, 0.29), by hand: sorted 2, 0.31, 0.29, 0.13; k = 1 holds
 * (1 + 2 > 2), k = 2 fails (1 + 0.62 <= 2.31); tau = (2 - 1) / 1 = 1; so
 * a[cat] = 2 - 1 = 1 and a[the] = max(0.13 - 1, 0) = 0. */
static void test_explain_sparsemax(void **state)
{
    (void)state;
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load("tests/lessons/ui/01-three-stages.lesson", &l, &d), 0);
    Editor ed;
    editor_open(&ed, &l, 4);
    AttnConfig c = ed.sc.cfg;
    EditRefusal why;
    c.dist = DIST_SPARSEMAX;
    assert_int_equal(editor_configure(&ed, &c, &why), 0);
    StrBuf b = {0};
    assert_int_equal(explain_cell(&ed.res, &ed.sc, &l.steps[4], PANEL_WEIGHTS, -1, 1, 1, &b), 1);
    assert_non_null(strstr(b.s, "k = 1: 1 + 1 * 2 = 3 > 2"));
    assert_non_null(strstr(b.s, "k = 2: 1 + 2 * 0.31 = 1.62 <= 2.31"));
    assert_non_null(strstr(b.s, "tau = (sum of the top 1 - 1) / 1 = 1"));
    assert_non_null(strstr(b.s, "=> 1 "));
    free(b.s);
    memset(&b, 0, sizeof b);
    assert_int_equal(explain_cell(&ed.res, &ed.sc, &l.steps[4], PANEL_WEIGHTS, -1, 1, 0, &b), 1);
    assert_non_null(strstr(b.s, "max(0.13 - 1, 0) = 0"));
    free(b.s);
    /* an output cell: chat's c[1] = 0 * 0 + 1 * 1 + 0 * 0.5 + 0 * 0.8 = 1 */
    memset(&b, 0, sizeof b);
    assert_int_equal(explain_cell(&ed.res, &ed.sc, &l.steps[4], PANEL_OUTPUT, -1, 1, 1, &b), 1);
    assert_non_null(strstr(b.s, "(0 * 0) + (1 * 1) + (0 * 0.5) + (0 * 0.8)"));
    free(b.s);
    editor_close(&ed);
    lesson_free(&l);
    diags_free(&d);
}

/* e exports the focused panel and E the whole step, as PNGs of the live
 * values, into $ATTNLAB_FIGURES; the status line says where. */
static void test_export_keys(void **state)
{
    (void)state;
    char dir[300];
    snprintf(dir, sizeof dir, "%s/figs", state_dir);
    setenv("ATTNLAB_FIGURES", dir, 1);
    Ui *ui = open_ui("tests/lessons/ui/01-three-stages.lesson", 2);
    ui_feed_keys(ui, "e");
    char *screen = ui_dump(ui);
    assert_non_null(strstr(screen, "figure written to"));
    free(screen);
    ui_feed_keys(ui, "E");
    screen = ui_dump(ui);
    assert_non_null(strstr(screen, "-step2-all.png"));
    free(screen);
    ui_close(ui);
    const char *names[] = {"01-three-stages-step2-scores.png", "01-three-stages-step2-all.png"};
    for (int i = 0; i < 2; i++) {
        char path[400];
        unsigned char sig[8];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        if (!f)
            fail_msg("no figure at %s", path);
        assert_int_equal(fread(sig, 1, 8, f), 8);
        fclose(f);
        assert_memory_equal(sig, "\x89PNG\r\n\x1a\n", 8);
    }
    unsetenv("ATTNLAB_FIGURES");
}

static Ui *open_ui_lang(const char *lesson, int step, const char *lang)
{
    return ui_test_open_lang(lesson, step, lang, in, out);
}

/* Row y of the screen (0-based; negative counts from the bottom), caller frees. */
static char *screen_row(Ui *ui, int y)
{
    char *d = ui_dump(ui);
    int rows = 0;
    for (const char *p = d; *p; p++)
        rows += *p == '\n';
    if (y < 0)
        y += rows;
    const char *line = d;
    for (int k = 0; k < y && line; k++)
        line = strchr(line, '\n') + 1;
    char *row = strndup(line, strcspn(line, "\n"));
    free(d);
    return row;
}

/* The arithmetic overlay in Chinese: the words translated, the numbers the
 * same as in English (ui_expected.py: max 2, exps .1541 1 .1845 .1809,
 * sum 1.5195, a .6581). */
static void test_explain_chinese(void **state)
{
    (void)state;
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load("tests/lessons/ui/01-three-stages.lesson", &l, &d), 0);
    Editor ed;
    editor_open(&ed, &l, 4);
    StrBuf b = {0};
    assert_int_equal(explain_cell_lang(&ed.res, &ed.sc, &l.steps[4], PANEL_WEIGHTS, -1, 1, 1, true, &b), 1);
    assert_non_null(strstr(b.s, "权重[1][1] 是怎么算出来的：行 \"chat\"，列 \"cat\""));
    assert_non_null(strstr(b.s, "2) 减去这一行的最大值 m = 2（"));
    assert_non_null(strstr(b.s, "exp((0.13 - 2) / 1) = exp(-1.87) = 0.1541"));
    assert_non_null(strstr(b.s, "3) 求和：S = 0.1541 + 1 + 0.1845 + 0.1809 = 1.5195"));
    assert_non_null(strstr(b.s, "4) 相除：a = exp / S = 1 / 1.5195 = 0.6581"));
    assert_null(strstr(b.s, "subtract"));
    free(b.s);
    editor_close(&ed);
    lesson_free(&l);
    diags_free(&d);
}

/* --lang zh: the UI's own words in Chinese (the key table's Chinese column,
 * the status messages), the keys' names and the formulas kept. */
static void test_chinese_chrome(void **state)
{
    (void)state;
    const char *lesson = "tests/lessons/ui/01-three-stages.lesson";
    Ui *ui = open_ui_lang(lesson, 1, "zh");
    expect_text(ui, " 第 1/5 步 ", true);
    expect_text(ui, "Q  查询", true);
    expect_text(ui, "得分 e = q.k", true);
    expect_text(ui, " Q[0][0] = 2   （Enter：怎么算）   + - > < 或直接输入来修改", true);
    char *foot = screen_row(ui, -1);
    assert_string_equal(foot, "? 帮助  q 菜单  n/p 步骤  hjkl 移动  Tab 面板  Enter 算式  +/- 微调  0-9 输入  u 撤销");   /* no hint on this step: i is not offered */
    free(foot);
    ui_feed_key(ui, 'p', false);
    expect_text(ui, "这是第一步", true);
    ui_feed_keys(ui, "=abc\r");
    expect_text(ui, "“abc”不是数；这一格保持原值", true);
    ui_feed_key(ui, 'c', false);
    expect_text(ui, "权重配色：magma", true);

    /* the help: Chinese descriptions in a column that lines up after the
     * (ASCII) key names */
    ui_feed_key(ui, '?', false);
    expect_text(ui, "按键（课程页面）", true);
    expect_text(ui, "\n   n PgDn         下一步\n", true);
    expect_text(ui, "\n   u              撤销\n", true);
    expect_text(ui, "\n   T              升高温度\n", true);
    foot = screen_row(ui, -1);
    assert_string_equal(foot, "Esc 关闭  Up/Down 滚动");
    free(foot);
    ui_feed_key(ui, 27, false);

    /* 56 columns, the smallest window: whole items only, by display width.
     * By hand: 6 + 2+6 + 2+8 + 2+9 + 2+8 = 45 columns; "Enter 算式" (10 + 2)
     * would make 57 > 55. */
    ui_resize(ui, 18, 56);
    foot = screen_row(ui, -1);
    assert_string_equal(foot, "? 帮助  q 菜单  n/p 步骤  hjkl 移动  Tab 面板");
    free(foot);
    ui_resize(ui, 10, 40);
    expect_text(ui, "窗口", true);
    ui_resize(ui, 35, 100);
    ui_feed_keys(ui, "nn");
    expect_text(ui, "权重 a = softmax(e / T)", true);
    expect_text(ui, "输出 c = a V", true);
    ui_close(ui);

    /* English is as it was */
    ui = open_ui_lang(lesson, 1, "en");
    foot = screen_row(ui, -1);
    assert_string_equal(foot, "? help  q menu  n/p step  hjkl move  Tab panel  Enter how?  +/- nudge  0-9 type  u undo");   /* no hint, no question: no i, no a */
    free(foot);
    ui_feed_key(ui, 'p', false);
    expect_text(ui, "this is the first step", true);
    ui_close(ui);

    /* no UTF-8 (LANG=C): Chinese cannot be shown, so English, narration too */
    setenv("LANG", "C", 1);
    ui = open_ui_lang(lesson, 1, "zh");
    expect_text(ui, " step 1 of 5 ", true);
    expect_text(ui, "? help  q menu", true);
    ui_feed_key(ui, 'p', false);
    expect_text(ui, "this is the first step", true);
    char *d = ui_dump(ui);
    for (const char *p = d; *p; p++)
        if ((unsigned char)*p >= 0x80 || (p[0] == '?' && p[1] == '?'))
            fail_msg("no Chinese (or '?' for it) on a LANG=C screen:\n%s", d);
    free(d);
    ui_close(ui);
    setenv("LANG", "C.UTF-8", 1);
}

/* A figures folder that cannot be made: the status line names it and says
 * why, in the language shown; no figure is written. */
static void test_export_no_folder(void **state)
{
    (void)state;
    setenv("ATTNLAB_FIGURES", "/dev/null/figs", 1);
    Ui *ui = open_ui("tests/lessons/ui/01-three-stages.lesson", 2);
    ui_feed_keys(ui, "e");
    char *screen = ui_dump(ui);
    assert_non_null(strstr(screen, "cannot make the folder /dev/null/figs: Not a directory"));
    assert_null(strstr(screen, "figure written"));
    free(screen);
    ui_close(ui);
    ui = open_ui_lang("tests/lessons/ui/01-three-stages.lesson", 2, "zh");
    ui_feed_keys(ui, "E");
    screen = ui_dump(ui);
    assert_non_null(strstr(screen, "无法创建文件夹 /dev/null/figs："));
    free(screen);
    ui_close(ui);
    unsetenv("ATTNLAB_FIGURES");
}

/* An answer's placeholders are filled like the narration's (lesson 6 step 2
 * answers with the heads' weights and their mean). */
static void test_answer_placeholders(void **state)
{
    (void)state;
    Ui *ui = open_ui("lessons/06-multi-head.lesson", 2);
    ui_feed_key(ui, 'a', false);
    ui_feed_key(ui, '1', false);    /* the step's question is a prediction: pick a choice first */
    expect_text(ui, "Answer: The mean of the two heads' weights: (0.", true);
    char *d = ui_dump(ui);
    assert_null(strstr(d, "{heads"));
    assert_null(strstr(d, "{weights"));
    free(d);
    ui_close(ui);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_learners_path),
        cmocka_unit_test(test_refused_numbers),
        cmocka_unit_test(test_settings_keys),
        cmocka_unit_test(test_multihead_and_coattention),
        cmocka_unit_test(test_mouse),
        cmocka_unit_test(test_colours_and_ascii),
        cmocka_unit_test(test_damaged_state),
        cmocka_unit_test(test_editor_refuses),
        cmocka_unit_test(test_explain_sparsemax),
        cmocka_unit_test(test_export_keys),
        cmocka_unit_test(test_export_no_folder),
        cmocka_unit_test(test_chinese_chrome),
        cmocka_unit_test(test_explain_chinese),
        cmocka_unit_test(test_answer_placeholders),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
