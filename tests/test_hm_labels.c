/* test_hm_labels.c - the heat map's labels and folding (heatmap.h), drawn
 * headless (newterm on /dev/null, a 256-colour UTF-8 terminal) and read
 * back from the screen:
 *  - one-character column labels show in the colour-only shapes (a 2-column
 *    cell parts them by a space, 1-column cells spell them as a word); a
 *    label wider than its cell falls back to the indices for every column;
 *  - a half-block screen row is labelled by both its rows' labels, and by
 *    the first row's number when the labels are the row numbers or a pair
 *    is too wide;
 *  - a matrix wider than 64 columns is folded: in half-block rows one
 *    screen row a matrix row, labelled as the row, its header saying which
 *    columns are upper and lower; in the block shape the second half is a
 *    row of its own ("+64"); a hit on a cell finds its matrix column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/heatmap.h"
#include "tui/uitext.h"

static SCREEN *scr;
static FILE *in, *out;

static int setup(void **state)
{
    (void)state;
    setenv("TERM", "xterm-256color", 1);
    unsetenv("NO_COLOR");
    setenv("LINES", "30", 1);
    setenv("COLUMNS", "100", 1);
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return -1;
    uitext_set_utf8(true);
    in = fopen("/dev/null", "r");
    out = fopen("/dev/null", "w");
    scr = newterm("xterm-256color", out, in);
    if (!scr)
        return -1;
    set_term(scr);
    start_color();
    use_default_colors();
    hm_setup(HM_COLOR_256);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    endwin();
    delscreen(scr);
    fclose(in);
    fclose(out);
    return 0;
}

/* Screen row y as UTF-8, trailing blanks cut. */
static void row_text(int y, char *buf, size_t n)
{
    wchar_t w[256];
    mvinnwstr(y, 0, w, 255);
    w[255] = L'\0';
    size_t len = wcstombs(buf, w, n - 1);
    buf[len == (size_t)-1 ? 0 : len] = '\0';
    for (size_t k = strlen(buf); k > 0 && buf[k - 1] == ' '; k--)
        buf[k - 1] = '\0';
}

/* A rows x cols matrix of small values, labelled by the given labels
 * (NULL: the indices), in hm (its values in v, the caller's). */
static void make(HmMatrix *hm, float *v, int rows, int cols, const char *const *rl, const char *const *cl)
{
    memset(hm, 0, sizeof *hm);
    for (int t = 0; t < rows * cols; t++)
        v[t] = (float)((t % 7) - 3) / 3.0f;
    hm->m = (Mat){rows, cols, v};
    hm->diverging = true;
    hm->limit = 1.0;
    hm->title = "T";
    hm->corner = "q\\k";
    hm->sel_i = hm->sel_j = -1;
    for (int i = 0; i < rows && i < ENGINE_MAX_SIDE; i++)
        rl ? snprintf(hm->rows_lab[i], HM_LABEL_MAX, "%s", rl[i]) : snprintf(hm->rows_lab[i], HM_LABEL_MAX, "%d", i);
    for (int j = 0; j < cols && j < ENGINE_MAX_SIDE; j++)
        cl ? snprintf(hm->cols_lab[j], HM_LABEL_MAX, "%s", cl[j]) : snprintf(hm->cols_lab[j], HM_LABEL_MAX, "%d", j);
}

/* Draws hm in shape s at the top left of a clear screen. */
static HmGeom draw(const HmMatrix *hm, HmShape s)
{
    HmGeom g;
    erase();
    hm_draw(stdscr, 0, 0, 30, 100, hm, s, &g);
    return g;
}

static float vals[3 * 128];     /* the matrices' values */

/* A rows x cols matrix labelled rl and cl (make) drawn in shape s: screen
 * row y into line. */
static void drawn_row(int rows, int cols, const char *const *rl, const char *const *cl, HmShape s, int y,
                      char *line, size_t n)
{
    HmMatrix hm;
    make(&hm, vals, rows, cols, rl, cl);
    draw(&hm, s);
    row_text(y, line, n);
}

static const char *const ROW_LABS[] = {"2", "0", "2", "6", "</s>"};
static const char *const COL_LABS[] = {"3", "0", "_", "n", "o", "v"};

static void test_column_labels(void **state)
{
    (void)state;
    char line[512];
    drawn_row(5, 6, ROW_LABS, COL_LABS, HM_BLOCKS, 1, line, sizeof line);
    assert_string_equal(line, "q\\k  3 0 _ n o v");
    drawn_row(5, 6, ROW_LABS, COL_LABS, HM_HALF, 1, line, sizeof line);
    assert_string_equal(line, "q\\k  30_nov");
    /* one label too wide for a 2-column cell: the indices, for every column */
    static const char *const wide[] = {"3", "0", "_", "nov", "o", "v"};
    drawn_row(5, 6, ROW_LABS, wide, HM_BLOCKS, 1, line, sizeof line);
    assert_string_equal(line, "q\\k  0 1 2 3 4 5");
    /* index labels past 9 do not fit: the indices as before */
    drawn_row(3, 12, NULL, NULL, HM_BLOCKS, 1, line, sizeof line);
    assert_string_equal(line, "q\\k 0 1 2 3 4 5 6 7 8 9 1011");
}

static void test_half_row_labels(void **state)
{
    (void)state;
    char line[512];
    const char *want[] = {"2 0", "2 6", "</s>"};
    for (int r = 0; r < 3; r++) {
        drawn_row(5, 6, ROW_LABS, COL_LABS, HM_HALF, 2 + r, line, sizeof line);
        assert_int_equal(strncmp(line, want[r], strlen(want[r])), 0);
        assert_int_equal(line[strlen(want[r])], ' ');
    }
    /* labels that are the row numbers: the first row's number, as before */
    drawn_row(5, 6, NULL, COL_LABS, HM_HALF, 3, line, sizeof line);
    assert_int_equal(strncmp(line, "2   ", 4), 0);
    /* a pair wider than the label column (11): numbers */
    static const char *const longrows[] = {"attention", "mechanism", "a", "b", "c"};
    drawn_row(5, 6, longrows, COL_LABS, HM_HALF, 2, line, sizeof line);
    assert_int_equal(strncmp(line, "0 ", 2), 0);
    drawn_row(5, 6, longrows, COL_LABS, HM_HALF, 3, line, sizeof line);
    assert_int_equal(strncmp(line, "2 ", 2), 0);
}

static void test_folded(void **state)
{
    (void)state;
    HmMatrix hm;
    char line[512];
    static const char *const r3[] = {"3", "0", "_"};
    make(&hm, vals, 3, 128, r3, NULL);
    HmGeom g = draw(&hm, HM_HALF);
    row_text(1, line, sizeof line);
    assert_string_equal(line, "q\\k \u2580 0-63  \u2584 64-127");
    for (int r = 0; r < 3; r++) {      /* one screen row a matrix row, labelled as the row */
        row_text(2 + r, line, sizeof line);
        assert_int_equal(line[0], r3[r][0]);
        assert_int_equal(line[1], ' ');
    }
    row_text(5, line, sizeof line);    /* then the legend */
    assert_non_null(strstr(line, "-1.00"));
    int hh, ww;
    hm_size(&hm, HM_HALF, &hh, &ww);
    assert_int_equal(hh, 1 + 1 + 3 + 1);
    assert_int_equal(ww, 3 + 1 + 64);
    int i, j;
    assert_true(hm_hit(&g, g.y0 + 2, g.x0 + 5, &i, &j));
    assert_int_equal(i, 2);
    assert_int_equal(j, 5);
    /* blocks: the second half is a row of its own, "+64"; a hit there is column 64 + c */
    g = draw(&hm, HM_BLOCKS);
    row_text(3, line, sizeof line);     /* its cells are coloured blanks */
    assert_string_equal(line, "+64");
    row_text(4, line, sizeof line);
    assert_string_equal(line, "0");
    assert_true(hm_hit(&g, g.y0 + 1, g.x0 + 2 * 3, &i, &j));
    assert_int_equal(i, 0);
    assert_int_equal(j, 67);
    hm_size(&hm, HM_BLOCKS, &hh, &ww);
    assert_int_equal(hh, 1 + 1 + 6 + 1);
    assert_int_equal(ww, 3 + 1 + 64 * 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_column_labels),
        cmocka_unit_test(test_half_row_labels),
        cmocka_unit_test(test_folded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
