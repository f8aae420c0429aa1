/* test_figure.c - figure export, checked by decoding the files: PNGs with
 * libpng (size, DPI, text chunks, pixels), SVGs with a small XML checker.
 * The expected colours come from the colour map applied to the engine's
 * numbers, never from the figure code. Headless: no terminal needed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <png.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "figtest.h"
#include "figure/fig_font.h"
#include "figure/figure.h"
#include "figure/numfmt.h"
#include "base/util.h"

#define BENCH "tests/lessons/bench-8x8.lesson"
#define FIGS "tests/lessons/figures.lesson"

static void test_scale_and_metadata(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, BENCH, 0);
    Img im[3];
    for (int s = 1; s <= 3; s++) {
        FigOptions o = fig_default_options();
        o.scale = s;
        char path[128];
        snprintf(path, sizeof path, "%s/s%d.png", dir, s);
        export_ok(&ld, PANEL_WEIGHTS, &o, path);
        decode(path, &im[s - 1]);
        assert_int_equal(im[s - 1].channels, 3);
        assert_int_equal(im[s - 1].ppm, (png_uint_32)lround(96.0 * s / 0.0254));   /* 96 dpi per unit */
        assert_string_equal(im[s - 1].software, "attnlab " ATTNLAB_VERSION);
        assert_non_null(strstr(im[s - 1].source, "bench-8x8"));
    }
    /* the size follows the scale, up to the rounding of a few edges */
    for (int s = 2; s <= 3; s++) {
        assert_true(abs(im[s - 1].w - s * im[0].w) <= 3 * s);
        assert_true(abs(im[s - 1].h - s * im[0].h) <= 3 * s);
    }
    /* the default, scale 2, is about 800 px a side for an 8 x 8 map */
    assert_in_range(im[1].w, 700, 950);
    assert_in_range(im[1].h, 700, 950);
    for (int s = 0; s < 3; s++)
        free(im[s].px);
    unload(&ld);
}

/* The file is no larger than matplotlib's for the same figure (issue 5):
 * scripts/bench_figure_matplotlib.py wrote 116,786 bytes with Debian 12's
 * matplotlib 3.6.3 (make bench-figure). */
static void test_no_larger_than_matplotlib(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, BENCH, 0);
    FigOptions o = fig_default_options();
    char path[128];
    snprintf(path, sizeof path, "%s/size.png", dir);
    export_ok(&ld, PANEL_WEIGHTS, &o, path);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_in_range(st.st_size, 10000, 116786);
    Img im;
    decode(path, &im);          /* and it decodes: CRCs and Adler-32 checked by libpng */
    assert_in_range(im.w, 700, 950);
    free(im.px);
    unload(&ld);
}

static void assert_rgb_near(const unsigned char *p, Rgb c, int tol)
{
    if (abs(p[0] - c.r) > tol || abs(p[1] - c.g) > tol || abs(p[2] - c.b) > tol)
        fail_msg("pixel %d,%d,%d, expected %d,%d,%d", p[0], p[1], p[2], c.r, c.g, c.b);
}

/* Pixels darker than the light background: text on white. */
static int dark_pixels(const Img *im, int x0, int y0, int x1, int y1)
{
    int n = 0;
    for (int y = y0 < 0 ? 0 : y0; y < y1 && y < im->h; y++)
        for (int x = x0 < 0 ? 0 : x0; x < x1 && x < im->w; x++)
            n += pixel(im, x, y)[0] < 128;
    return n;
}

static void test_cell_colours(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, BENCH, 0);
    FigOptions o = fig_default_options();
    o.values = FIG_VALUES_OFF;
    char path[128];
    snprintf(path, sizeof path, "%s/cells.png", dir);
    export_ok(&ld, PANEL_WEIGHTS, &o, path);
    Img im;
    decode(path, &im);
    FigPrim c[64];
    assert_int_equal(cells(&ld, PANEL_WEIGHTS, &o, c, 64), 64);
    for (int k = 0; k < 64; k++) {
        int x = (int)(c[k].x + c[k].w / 2), y = (int)(c[k].y + c[k].h / 2);
        float w = MAT_AT(ld.r.main.weights, k / 8, k % 8);
        assert_rgb_near(pixel(&im, x, y), cmap_color(CMAP_VIRIDIS, w), 0);
    }
    /* cells are laid out row by row, as squares of one size */
    assert_true(c[1].x > c[0].x && c[8].y > c[0].y && c[0].w == c[0].h && c[63].w == c[0].w);
    /* the colour bar: 1 at the top, 0 at the bottom, right of the grid */
    FigPrim bar = {0};
    assert_int_equal(prims(&ld, PANEL_WEIGHTS, &o, FIG_GRADIENT, &bar, 1), 1);
    assert_true(bar.x > c[7].x + c[7].w && bar.h >= 8 * c[0].h - 1);
    int bx = (int)(bar.x + bar.w / 2);
    assert_rgb_near(pixel(&im, bx, (int)bar.y), cmap_color(CMAP_VIRIDIS, 1.0), 8);
    assert_rgb_near(pixel(&im, bx, (int)(bar.y + bar.h) - 1), cmap_color(CMAP_VIRIDIS, 0.0), 8);
    assert_true(dark_pixels(&im, (int)(bar.x + bar.w) + 2, (int)bar.y - 20, (int)(bar.x + bar.w) + 80,
                            (int)(bar.y + bar.h) + 20) > 100);  /* tick labels */
    free(im.px);

    /* signed scores: the diverging map centred on 0, limit max |score| */
    snprintf(path, sizeof path, "%s/scores.png", dir);
    export_ok(&ld, PANEL_SCORES, &o, path);
    decode(path, &im);
    assert_int_equal(cells(&ld, PANEL_SCORES, &o, c, 64), 64);
    double lim = cmap_limit(ld.r.main.scores.v, 64);
    for (int k = 0; k < 64; k++) {
        int x = (int)(c[k].x + c[k].w / 2), y = (int)(c[k].y + c[k].h / 2);
        double t = cmap_diverging_t(MAT_AT(ld.r.main.scores, k / 8, k % 8), lim);
        assert_rgb_near(pixel(&im, x, y), cmap_color(CMAP_RDBU, t), 0);
    }
    free(im.px);
    unload(&ld);
}

static void test_labels_and_values(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, BENCH, 0);
    FigOptions o = fig_default_options();
    char path[128];
    snprintf(path, sizeof path, "%s/labels.png", dir);
    export_ok(&ld, PANEL_WEIGHTS, &o, path);
    Img im;
    decode(path, &im);
    FigPrim c[64];
    cells(&ld, PANEL_WEIGHTS, &o, c, 64);
    int gx = (int)c[0].x, gy = (int)c[0].y, cs = (int)c[0].w, gb = gy + 8 * cs;
    for (int i = 0; i < 8; i++)      /* a query label left of every row */
        assert_true(dark_pixels(&im, gx - 120, gy + i * cs, gx - 2, gy + (i + 1) * cs) > 10);
    for (int j = 0; j < 8; j++)      /* a key label below every column */
        assert_true(dark_pixels(&im, gx + j * cs - cs, gb + 2, gx + (j + 1) * cs, gb + 120) > 10);
    /* nothing but background far from the grid's top-left corner, where no
     * label goes: the labels are not smeared everywhere */
    assert_int_equal(dark_pixels(&im, 0, 0, 8, 8), 0);
    /* the numbers: each cell holds pixels of another colour than its own */
    for (int k = 0; k < 64; k++) {
        Rgb bg = cmap_color(CMAP_VIRIDIS, MAT_AT(ld.r.main.weights, k / 8, k % 8));
        int other = 0;
        for (int y = (int)c[k].y + 2; y < (int)(c[k].y + c[k].h) - 2; y++)
            for (int x = (int)c[k].x + 2; x < (int)(c[k].x + c[k].w) - 2; x++) {
                const unsigned char *p = pixel(&im, x, y);
                other += abs(p[0] - bg.r) + abs(p[1] - bg.g) + abs(p[2] - bg.b) > 60;
            }
        assert_true(other > 20);
        /* in the text colour that reads on the cell: the glyphs' cores
         * reach it (black or white, by the cell's luminance) */
        Rgb tc = rgb_text_on(bg);
        int reach = 0;
        for (int y = (int)c[k].y; y < (int)(c[k].y + c[k].h); y++)
            for (int x = (int)c[k].x; x < (int)(c[k].x + c[k].w); x++)
                reach += abs(pixel(&im, x, y)[1] - tc.g) < 40;
        assert_true(reach > 10);
    }
    free(im.px);
    unload(&ld);
}

static void test_masked_cells(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, FIGS, 1);        /* causal mask: j > i is masked */
    FigOptions o = fig_default_options();
    o.values = FIG_VALUES_OFF;
    char path[128];
    snprintf(path, sizeof path, "%s/masked.png", dir);
    export_ok(&ld, PANEL_WEIGHTS, &o, path);
    Img im;
    decode(path, &im);
    FigPrim c[64];
    assert_int_equal(cells(&ld, PANEL_WEIGHTS, &o, c, 64), 64);
    Rgb zero = cmap_color(CMAP_VIRIDIS, 0.0);
    for (int k = 0; k < 64; k++) {
        int i = k / 8, j = k % 8, lighter = 0, darker = 0, as_zero = 0, x0 = (int)c[k].x, y0 = (int)c[k].y;
        for (int y = y0 + 1; y < y0 + (int)c[k].h - 1; y++)
            for (int x = x0 + 1; x < x0 + (int)c[k].w - 1; x++) {
                const unsigned char *p = pixel(&im, x, y);
                lighter += p[0] > 200 && p[0] == p[1] && p[1] == p[2];
                darker += p[0] < 180 && p[0] == p[1] && p[1] == p[2];
                as_zero += p[0] == zero.r && p[1] == zero.g && p[2] == zero.b;
            }
        if (j > i) {            /* masked: grey stripes on grey, never the colour of 0 */
            assert_int_equal(ld.r.main.keep[k], 0);
            assert_true(lighter > 50 && darker > 50);
            assert_int_equal(as_zero, 0);
        } else {
            assert_int_equal(lighter + darker, 0);
        }
    }
    free(im.px);
    unload(&ld);
}

static void test_transparent(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, BENCH, 0);
    FigOptions o = fig_default_options();
    o.transparent = true;
    o.values = FIG_VALUES_OFF;
    char path[128];
    snprintf(path, sizeof path, "%s/clear.png", dir);
    export_ok(&ld, PANEL_WEIGHTS, &o, path);
    Img im;
    decode(path, &im);
    assert_int_equal(im.channels, 4);
    assert_int_equal(pixel(&im, 0, 0)[3], 0);
    assert_int_equal(pixel(&im, im.w - 1, im.h - 1)[3], 0);
    FigPrim c[64];
    cells(&ld, PANEL_WEIGHTS, &o, c, 64);
    const unsigned char *p = pixel(&im, (int)(c[9].x + c[9].w / 2), (int)(c[9].y + c[9].h / 2));
    assert_int_equal(p[3], 255);
    assert_rgb_near(p, cmap_color(CMAP_VIRIDIS, MAT_AT(ld.r.main.weights, 1, 1)), 0);
    int partial = 0;            /* anti-aliased text edges over nothing */
    for (int y = 0; y < im.h; y++)
        for (int x = 0; x < im.w; x++)
            partial += pixel(&im, x, y)[3] > 0 && pixel(&im, x, y)[3] < 255;
    assert_true(partial > 100);
    free(im.px);
    unload(&ld);
}

static void test_svg(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, FIGS, 1);
    FigOptions o = fig_default_options();
    o.title = "Q & A: <\"masks\"> aren't zeros";    /* must come out escaped */
    char path[128];
    snprintf(path, sizeof path, "%s/fig.svg", dir);
    export_ok(&ld, PANEL_SCORES, &o, path);
    char *s = slurp(path);
    int rects, texts;
    assert_int_equal(xml_check(s, &rects, &texts), 0);
    assert_int_equal(rects, 64);
    assert_true(texts > 16);    /* labels, axis names, ticks: real text */
    assert_non_null(strstr(s, "Q &amp; A: &lt;&quot;masks&quot;&gt; aren&apos;t zeros"));
    assert_non_null(strstr(s, "shape-rendering=\"crispEdges\""));
    free(s);

    /* four heads: one rect per cell of every head */
    unload(&ld);
    load(&ld, FIGS, 2);
    export_ok(&ld, PANEL_HEADS, &o, path);
    s = slurp(path);
    assert_int_equal(xml_check(s, &rects, &texts), 0);
    assert_int_equal(rects, 4 * 6 * 6);
    assert_int_equal((int)(strstr(s, "<linearGradient") != NULL), 1);
    assert_null(strstr(strstr(s, "<linearGradient") + 1, "<linearGradient"));    /* one shared bar */
    free(s);
    unload(&ld);
}

static void test_coattention_both_directions(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, FIGS, 3);
    FigOptions o = fig_default_options();
    FigPrim c[128];
    /* affinity 3x5, A attends to B 3x5, B attends to A 5x3 */
    assert_int_equal(cells(&ld, fig_default_panel(&ld.l.steps[3]), &o, c, 128), 45);
    unload(&ld);
}

static void assert_fails_cleanly(Loaded *ld, const char *path, const char *in_dir)
{
    FigOptions o = fig_default_options();
    char err[300] = "";
    int before = in_dir ? count_files(in_dir) : 0;
    assert_int_equal(fig_export(&ld->l, 0, &ld->r, &ld->sc, PANEL_WEIGHTS, &o, path, err, sizeof err), -1);
    assert_true(strlen(err) > 10);
    assert_int_equal(access(path, F_OK), -1);
    if (in_dir)
        assert_int_equal(count_files(in_dir), before);
}

static void test_failures_leave_nothing(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, BENCH, 0);
    char path[256], sub[128];
    snprintf(path, sizeof path, "%s/missing/fig.png", dir);
    assert_fails_cleanly(&ld, path, NULL);
    snprintf(path, sizeof path, "%s/fig.gif", dir);
    assert_fails_cleanly(&ld, path, dir);
    /* a path through a regular file */
    snprintf(sub, sizeof sub, "%s/plain", dir);
    FILE *f = fopen(sub, "w");
    fclose(f);
    snprintf(path, sizeof path, "%s/plain/fig.png", dir);
    assert_fails_cleanly(&ld, path, dir);
    unlink(sub);
    /* an unwritable folder (root may write anywhere: then skip it) */
    snprintf(sub, sizeof sub, "%s/ro", dir);
    mkdir(sub, 0555);
    snprintf(path, sizeof path, "%s/fig.png", sub);
    if (geteuid() != 0)
        assert_fails_cleanly(&ld, path, sub);
    rmdir(sub);
    /* a full disk: a file size limit makes writes fail part way */
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 4096;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    snprintf(path, sizeof path, "%s/full.png", dir);
    int before = count_files(dir);
    FigOptions o = fig_default_options();
    char err[300] = "";
    int rc = fig_export(&ld.l, 0, &ld.r, &ld.sc, PANEL_WEIGHTS, &o, path, err, sizeof err);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "full.png"));
    assert_int_equal(count_files(dir), before);
    unload(&ld);
}

static void test_file_name(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, BENCH, 0);
    char buf[128];
    fig_file_name(&ld.l, 0, PANEL_WEIGHTS, "png", buf, sizeof buf);
    assert_string_equal(buf, "bench-8x8-step1-weights.png");
    fig_file_name(&ld.l, 2, FIG_PANEL_ALL, "svg", buf, sizeof buf);
    assert_string_equal(buf, "bench-8x8-step3-all.svg");
    char err[200];
    assert_false(fig_panel_available(&ld.l.steps[0], &ld.sc, PANEL_HEADS, err, sizeof err));
    assert_true(fig_panel_available(&ld.l.steps[0], &ld.sc, PANEL_SCORES, err, sizeof err));
    unload(&ld);
}

/* Enough digits to tell values apart (issue 12): 1000.5 is not "1000". */
static void test_number_format(void **state)
{
    (void)state;
    char b[64];
    const float scores[6] = {1001.0f, 1003.0f, 1000.5f, 1002.5f, 999.0f, 1000.0f};
    /* the terminal's 5 columns fit no decimal; a second value then needs one */
    assert_int_equal(numfmt_fit(scores, NULL, 6, 2, 5), 0);
    assert_int_equal(numfmt_decimals(scores, NULL, 6, 0, 2), 1);
    numfmt_format(1000.5, 1, b, sizeof b);
    assert_string_equal(b, "1000.5");
    numfmt_format(1000.0, 1, b, sizeof b);
    assert_string_equal(b, "1000.0");
    assert_int_equal(numfmt_width(scores, NULL, 6, 1), 6);
    /* a masked cell does not ask for digits */
    const uint8_t keep[6] = {1, 1, 0, 1, 1, 1};
    assert_int_equal(numfmt_decimals(scores, keep, 6, 0, 2), 0);
    /* values two decimals already tell apart keep the start */
    const float weights[4] = {0.1014f, 0.6581f, 0.1214f, 0.1190f};
    assert_int_equal(numfmt_decimals(weights, NULL, 4, 2, 2), 2);
    assert_int_equal(numfmt_decimals(weights, NULL, 4, 0, 2), 2);
    /* the legend's ends print alike: -1003.0 and 1003.0, -1000000 and 1000000 */
    numfmt_format(-1003.0, 1, b, sizeof b);
    assert_string_equal(b, "-1003.0");
    numfmt_format(-1e6, 0, b, sizeof b);
    assert_string_equal(b, "-1000000");
    numfmt_format(999999.0, 0, b, sizeof b);
    assert_string_equal(b, "999999");
    /* no negative zero, and the non-finite in words */
    numfmt_format(-0.001, 2, b, sizeof b);
    assert_string_equal(b, "0.00");
    numfmt_format(-INFINITY, 2, b, sizeof b);
    assert_string_equal(b, "-inf");
    const float odd[3] = {NAN, 1.0f, 1.04f};
    assert_int_equal(numfmt_decimals(odd, NULL, 3, 0, 2), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale_and_metadata),
        cmocka_unit_test(test_no_larger_than_matplotlib),
        cmocka_unit_test(test_cell_colours),
        cmocka_unit_test(test_labels_and_values),
        cmocka_unit_test(test_masked_cells),
        cmocka_unit_test(test_transparent),
        cmocka_unit_test(test_svg),
        cmocka_unit_test(test_coattention_both_directions),
        cmocka_unit_test(test_failures_leave_nothing),
        cmocka_unit_test(test_file_name),
        cmocka_unit_test(test_number_format),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
