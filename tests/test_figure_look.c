/* test_figure_look.c - what a figure says (issue 14): the settings a step
 * teaches, structural zeros against tiny weights, panels in a grid, one
 * readable number size, the colour bar of a one-row map and its range,
 * text for a dark slide, --cmap said, a fully masked row, wrapped titles
 * and seamless hatching. Checked on the layout's primitives and on the
 * decoded PNG (and the SVG as XML where it says the same). */
#include <fcntl.h>
#include <math.h>

#include "cli/cli.h"
#include "figtest.h"
#include "figure/fig_plan.h"

#define LESSON(n) "lessons/" n ".lesson"
#define SOFT LESSON("03-soft-hard-local")
#define MASKING LESSON("04-masking")

/* The layout of a step's panel (free with fig_doc_free). */
static void layout(Loaded *ld, int panel, const FigOptions *o, FigDoc *doc)
{
    char err[200];
    FigFonts *f = fig_fonts_open(o->font, o->lang, err, sizeof err);
    assert_non_null(f);
    if (fig_layout(&ld->l, ld->step, &ld->r, &ld->sc, panel, o, f, doc, err, sizeof err) != 0)
        fail_msg("layout: %s", err);
    fig_fonts_close(f);
}

/* The first text primitive containing s, or NULL. */
static const FigPrim *text_with(const FigDoc *d, const char *s)
{
    for (int i = 0; i < d->n; i++)
        if (d->v[i].kind == FIG_TEXT && strstr(fig_text(d, &d->v[i]), s))
            return &d->v[i];
    return NULL;
}

static bool inside(const FigPrim *c, double x, double y)
{
    return x > c->x && x < c->x + c->w && y > c->y - 1 && y < c->y + c->h + 1;
}

/* The text primitive drawn in cell c (a number), or NULL. */
static const FigPrim *text_in(const FigDoc *d, const FigPrim *c)
{
    for (int i = 0; i < d->n; i++)
        if (d->v[i].kind == FIG_TEXT && d->v[i].rotate == 0 && inside(c, d->v[i].x, d->v[i].y))
            return &d->v[i];
    return NULL;
}

/* Exports a step's panel as dir/name, decodes it into im and reads its
 * first max cells (their count). */
static int export_cells(Loaded *ld, int panel, const FigOptions *o, const char *name, Img *im, FigPrim *c, int max)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    export_ok(ld, panel, o, path);
    decode(path, im);
    return cells(ld, panel, o, c, max);
}

static void test_settings_on_figure(void **state)
{
    (void)state;
    static const struct {
        const char *lesson;
        int step;
        const char *says[2];
    } cases[] = {
        {SOFT, 1, {"T = 0.25", NULL}},
        {SOFT, 8, {"top-k: k = 2", NULL}},
        {SOFT, 11, {"D = 1", "p_t = 0.59, 2.24"}},
        {MASKING, 1, {"mask: padding (valid lengths", NULL}},
        {MASKING, 6, {"mask: matrix M", NULL}},
    };
    FigOptions o = fig_default_options();
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        Loaded ld;
        load(&ld, cases[k].lesson, cases[k].step);
        FigDoc d;
        layout(&ld, FIG_PANEL_ALL, &o, &d);
        for (int i = 0; i < 2 && cases[k].says[i]; i++)
            if (!text_with(&d, cases[k].says[i]))
                fail_msg("%s step %d does not say '%s'", cases[k].lesson, cases[k].step + 1, cases[k].says[i]);
        fig_doc_free(&d);
        unload(&ld);
    }
    /* a step of plain softmax at T = 1 has no settings to say */
    Loaded ld;
    load(&ld, LESSON("01-three-stages"), 5);
    FigDoc d;
    layout(&ld, FIG_PANEL_ALL, &o, &d);
    assert_null(text_with(&d, "T = "));
    fig_doc_free(&d);
    unload(&ld);
}

typedef struct {
    int near_middle, away;      /* ink pixels within 6% of the cell's height of its middle, and further */
    int run;                    /* the longest run of ink along the middle row */
} Ink;

/* Where the text colour of the cell's background shows in cell c. */
static Ink ink(const Img *im, const FigPrim *c, Rgb bg)
{
    Rgb t = rgb_text_on(bg);
    Ink k = {0};
    int my = (int)(c->y + c->h / 2), run = 0;
    for (int y = (int)c->y + 2; y < (int)(c->y + c->h) - 2; y++)
        for (int x = (int)c->x + 2; x < (int)(c->x + c->w) - 2; x++) {
            const unsigned char *p = pixel(im, x, y);
            bool on = abs(p[0] - t.r) < 60 && abs(p[1] - t.g) < 60 && abs(p[2] - t.b) < 60;
            if (fabs(y - (c->y + c->h / 2)) <= 0.06 * c->h)
                k.near_middle += on;
            else
                k.away += on;
            if (y == my)
                run = on ? run + 1 : 0, k.run = run > k.run ? run : k.run;
        }
    return k;
}

/* top-k's exact zeros carry a dash; a softmax weight that prints 0.00 at
 * T = 0.25 carries its digits: they no longer look alike. */
static void test_structural_zeros(void **state)
{
    (void)state;
    FigOptions o = fig_default_options();
    char path[160];
    Loaded top, soft;
    load(&top, SOFT, 8);
    load(&soft, SOFT, 1);
    Img a, b;
    FigPrim ca[6], cb[6];
    assert_int_equal(export_cells(&top, PANEL_WEIGHTS, &o, "topk.png", &a, ca, 6), 6);
    assert_int_equal(export_cells(&soft, PANEL_WEIGHTS, &o, "soft.png", &b, cb, 6), 6);
    int zeros = 0, tiny = 0;
    for (int j = 0; j < 6; j++) {
        float w = top.r.main.weights.v[j];
        if (w == 0.0f) {        /* dropped by top-k: a dash across the middle, nothing else */
            Ink k = ink(&a, &ca[j], cmap_color(CMAP_VIRIDIS, 0));
            assert_true(k.run >= 0.25 * ca[j].w && k.away == 0);
            zeros++;
        }
        float s = soft.r.main.weights.v[j];
        if (s > 0 && s < 0.005f) {      /* prints 0.00: digits, above and below the middle */
            Ink k = ink(&b, &cb[j], cmap_color(CMAP_VIRIDIS, s));
            assert_true(k.away > 20 && k.run < 0.25 * cb[j].w);
            tiny++;
        }
    }
    assert_int_equal(zeros, 4);
    assert_true(tiny >= 2);
    FigDoc d;
    layout(&top, PANEL_WEIGHTS, &o, &d);
    assert_non_null(text_with(&d, "0: not in the top k"));     /* the legend says what the dash is */
    fig_doc_free(&d);
    /* the SVG the same: no "0.00" where top-k dropped a key, digits where softmax underflows */
    snprintf(path, sizeof path, "%s/topk.svg", dir);
    export_ok(&top, PANEL_WEIGHTS, &o, path);
    char *svg = slurp(path);
    int rects, texts;
    assert_int_equal(xml_check(svg, &rects, &texts), 0);
    assert_null(strstr(svg, ">0.00<"));
    assert_non_null(strstr(svg, ">0.62<"));
    free(svg);
    snprintf(path, sizeof path, "%s/soft.svg", dir);
    export_ok(&soft, PANEL_WEIGHTS, &o, path);
    svg = slurp(path);
    assert_non_null(strstr(svg, ">0.00<"));
    free(svg);
    free(a.px);
    free(b.px);
    unload(&top);
    unload(&soft);
}

/* The first cell of each map, in the order the plan draws them. */
static int map_starts(Loaded *ld, const int *sizes, int n, FigPrim *first)
{
    FigPrim c[400];
    FigOptions o = fig_default_options();
    int got = cells(ld, FIG_PANEL_ALL, &o, c, 400), at = 0;
    for (int i = 0; i < n; i++) {
        first[i] = c[at];
        at += sizes[i];
    }
    return got;
}

/* FigOptions.per_row (what a deck page tries to fill a 16:9 page): 0 keeps
 * the grid by count, 2 and 1 put the step's panels two and one a row. */
static void test_per_row_option(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, SOFT, 3);     /* four panels: 2 x 2 by count */
    FigOptions o = fig_default_options();
    const int want[][2] = {{0, 2}, {1, 1}, {2, 2}, {3, 3}, {9, 2}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        o.per_row = want[k][0];
        FigPlan plan;
        char err[200];
        assert_int_equal(fig_plan_make(&ld.l, ld.step, &ld.r, &ld.sc, FIG_PANEL_ALL, &o, false, &plan, err,
                                       sizeof err), 0);
        assert_int_equal(plan.n, 4);
        assert_int_equal(plan.per_row, want[k][1]);
        fig_plan_free(&plan);
    }
    unload(&ld);
    /* a map wider than 64 columns (the translator's V, 128) stacks the
     * panels one a row: side by side they made a strip 10 times wider than
     * tall; --per-row still decides */
    load(&ld, LESSON("13-translator"), 1);
    FigPlan plan;
    char err[200];
    o.per_row = 0;
    assert_int_equal(fig_plan_make(&ld.l, ld.step, &ld.r, &ld.sc, FIG_PANEL_ALL, &o, false, &plan, err,
                                   sizeof err), 0);
    assert_int_equal(plan.n, 2);
    assert_int_equal(plan.groups[1].maps[0].m.cols, 128);
    assert_int_equal(plan.per_row, 1);
    fig_plan_free(&plan);
    FigDoc doc = {0};
    layout(&ld, FIG_PANEL_ALL, &o, &doc);
    assert_true(doc.width < 4 * doc.height);
    fig_doc_free(&doc);
    o.per_row = 2;
    assert_int_equal(fig_plan_make(&ld.l, ld.step, &ld.r, &ld.sc, FIG_PANEL_ALL, &o, false, &plan, err,
                                   sizeof err), 0);
    assert_int_equal(plan.per_row, 2);
    fig_plan_free(&plan);
    unload(&ld);
}

static void test_grid(void **state)
{
    (void)state;
    /* Q, scores, weights and output (1x6, 1x6, 1x6, 1x2): 2 x 2 */
    Loaded ld;
    load(&ld, SOFT, 3);
    FigPrim f[7];
    int four[] = {6, 6, 6, 2};
    assert_int_equal(map_starts(&ld, four, 4, f), 20);
    double c = f[0].w;
    assert_true(fabs(f[0].y - f[1].y) < 1 && fabs(f[2].y - f[3].y) < 1);    /* two rows */
    assert_true(f[2].y > f[0].y + 2 * c);
    assert_true(fabs(f[0].x - f[2].x) < 1 && fabs(f[1].x - f[3].x) < 1);    /* two columns */
    assert_true(f[1].x > f[0].x + 6 * c);
    /* and the PNG has the output's first cell where the layout put it */
    FigOptions o = fig_default_options();
    o.values = FIG_VALUES_OFF;
    char path[160];
    snprintf(path, sizeof path, "%s/grid.png", dir);
    export_ok(&ld, FIG_PANEL_ALL, &o, path);
    Img im;
    decode(path, &im);
    FigPrim g[20];
    cells(&ld, FIG_PANEL_ALL, &o, g, 20);
    double lim = cmap_limit(ld.r.main.output.v, 2);
    Rgb want = cmap_color(CMAP_RDBU, cmap_diverging_t(ld.r.main.output.v[0], lim));
    const unsigned char *p = pixel(&im, (int)(g[18].x + g[18].w / 2), (int)(g[18].y + g[18].h / 2));
    assert_true(abs(p[0] - want.r) <= 1 && abs(p[1] - want.g) <= 1 && abs(p[2] - want.b) <= 1);
    assert_true(g[18].x < im.w / 2.0 + g[18].w * 4 && g[18].y > im.h / 2.0);
    free(im.px);
    unload(&ld);

    /* X, Wq, Wk, Wv, Q, K, V: four above, three below, in the same columns */
    load(&ld, LESSON("05-self-attention"), 0);
    int seven[] = {12, 8, 8, 8, 6, 6, 6};
    assert_int_equal(map_starts(&ld, seven, 7, f), 54);
    for (int i = 1; i < 4; i++)
        assert_true(fabs(f[i].y - f[0].y) < 2 && f[i].x > f[i - 1].x);
    for (int i = 4; i < 7; i++) {
        assert_true(f[i].y > f[0].y + 4 * f[0].h);
        assert_true(fabs(f[i].x - f[i - 4].x) < 3 * f[0].w);       /* under the map above */
    }
    unload(&ld);
}

/* Every bundled step's figure: one size for the numbers in its cells, at
 * least 18 px at the default scale. */
static void test_number_size(void **state)
{
    (void)state;
    static const char *const lessons[] = {
        LESSON("01-three-stages"), LESSON("02-score-functions"), SOFT, MASKING, LESSON("05-self-attention"),
        LESSON("06-multi-head"), LESSON("07-co-attention"),
    };
    FigOptions o = fig_default_options();
    int figures = 0;
    for (size_t k = 0; k < sizeof lessons / sizeof lessons[0]; k++) {
        Loaded ld;
        load(&ld, lessons[k], 0);
        for (int s = 0; s < ld.l.n_steps; s++) {
            Loaded st;
            load(&st, lessons[k], s);
            FigDoc d;
            layout(&st, FIG_PANEL_ALL, &o, &d);
            double size = 0;
            for (int i = 0; i < d.n; i++) {
                const FigPrim *t = d.v[i].kind == FIG_CELL ? text_in(&d, &d.v[i]) : NULL;
                if (!t)
                    continue;
                if (size == 0)
                    size = t->size;
                if (fabs(t->size - size) > 1e-3 || t->size < 18)
                    fail_msg("%s step %d: a number %g px, another %g px", lessons[k], s + 1, t->size, size);
            }
            figures += size > 0;
            fig_doc_free(&d);
            unload(&st);
        }
        unload(&ld);
    }
    assert_true(figures > 40);      /* nearly every step prints its numbers */
}

static void test_one_row_bar(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, SOFT, 1);
    FigOptions o = fig_default_options();
    FigPrim c[6], bar = {0};
    assert_int_equal(cells(&ld, PANEL_WEIGHTS, &o, c, 6), 6);
    assert_int_equal(prims(&ld, PANEL_WEIGHTS, &o, FIG_GRADIENT, &bar, 1), 1);
    assert_true(bar.h >= c[0].h && bar.h < 2 * c[0].h);
    assert_true(bar.y == c[0].y);
    char path[160];
    snprintf(path, sizeof path, "%s/row.png", dir);
    export_ok(&ld, PANEL_WEIGHTS, &o, path);
    Img im;
    decode(path, &im);
    const unsigned char *p = pixel(&im, (int)(bar.x + bar.w / 2), (int)(bar.y + bar.h) - 1);
    Rgb zero = cmap_color(CMAP_VIRIDIS, 0);
    assert_true(abs(p[0] - zero.r) < 8 && abs(p[1] - zero.g) < 8 && abs(p[2] - zero.b) < 8);
    free(im.px);
    unload(&ld);
}

/* --range data: the colours span the weights' own min..max, and the bar
 * says so; the default stays the fixed 0..1. */
static void test_range(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, LESSON("01-three-stages"), 5);
    Mat w = ld.r.main.weights;
    int hi = 0, lo = 0;
    for (int t = 1; t < (int)mat_size(w); t++)
        hi = w.v[t] > w.v[hi] ? t : hi, lo = w.v[t] < w.v[lo] ? t : lo;
    assert_true(w.v[hi] < 0.9f && w.v[lo] > 0.05f);      /* a diffuse map */
    FigOptions o = fig_default_options();
    o.values = FIG_VALUES_OFF;
    for (int r = 0; r < 2; r++) {
        o.range = r ? FIG_RANGE_DATA : FIG_RANGE_FIXED;
        Img im;
        FigPrim c[12];
        assert_int_equal(export_cells(&ld, PANEL_WEIGHTS, &o, r ? "range1.png" : "range0.png", &im, c, 12), 12);
        Rgb top = cmap_color(CMAP_VIRIDIS, r ? 1.0 : w.v[hi]), bottom = cmap_color(CMAP_VIRIDIS, r ? 0.0 : w.v[lo]);
        const unsigned char *p = pixel(&im, (int)(c[hi].x + 5), (int)(c[hi].y + 5));
        assert_true(p[0] == top.r && p[1] == top.g && p[2] == top.b);
        p = pixel(&im, (int)(c[lo].x + 5), (int)(c[lo].y + 5));
        assert_true(p[0] == bottom.r && p[1] == bottom.g && p[2] == bottom.b);
        FigDoc d;
        layout(&ld, PANEL_WEIGHTS, &o, &d);
        assert_non_null(text_with(&d, r ? "fit to the data" : "fixed 0\u20131"));
        fig_doc_free(&d);
        free(im.px);
    }
    unload(&ld);
}

/* Runs `attnlab export ARGS...` in this process; its stderr into err. */
static int run_export(char *err, size_t errlen, const char *a0, ...)
{
    char *argv[24];
    int argc = 0;
    va_list ap;
    va_start(ap, a0);
    for (const char *a = a0; a && argc < 23; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    char path[160];
    snprintf(path, sizeof path, "%s/stderr.txt", dir);
    fflush(stderr);
    fflush(stdout);
    int saved = dup(2), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    int rc = cmd_export_entry.run(argc, argv);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char *s = slurp(path);
    snprintf(err, errlen, "%s", s);
    free(s);
    return rc;
}

static void test_options(void **state)
{
    (void)state;
    char err[2000], out[160];
    snprintf(out, sizeof out, "%s/opt.png", dir);
    assert_int_equal(run_export(err, sizeof err, SOFT, "--step", "2", "--range", "wide", "-o", out, NULL), 2);
    assert_non_null(strstr(err, "--range"));
    assert_int_equal(run_export(err, sizeof err, SOFT, "--on", "grey", "-o", out, NULL), 2);
    assert_non_null(strstr(err, "--on"));
    assert_int_equal(run_export(err, sizeof err, SOFT, "--on", "dark", "--theme", "light", "-o", out, NULL), 2);
    assert_non_null(strstr(err, "--theme"));
    /* a sequential map for a signed panel alone: it would colour nothing */
    assert_int_equal(run_export(err, sizeof err, SOFT, "--panel", "scores", "--cmap", "magma", "-o", out, NULL), 2);
    assert_non_null(strstr(err, "rdbu or puor"));
    /* beside weights it colours those, and says which panels keep theirs */
    assert_int_equal(run_export(err, sizeof err, SOFT, "--step", "2", "--panel", "all", "--cmap", "magma", "-o", out,
                                NULL), 0);
    assert_non_null(strstr(err, "Q, scores keep rdbu"));
    assert_int_equal(run_export(err, sizeof err, SOFT, "--panel", "scores", "--cmap", "puor", "-o", out, NULL), 0);
    assert_string_equal(err, "");

    /* --on dark: transparent, light text; --on light: dark text */
    for (int dark = 0; dark < 2; dark++) {
        assert_int_equal(run_export(err, sizeof err, SOFT, "--step", "2", "--on", dark ? "dark" : "light", "-o", out,
                                    NULL), 0);
        Img im;
        decode(out, &im);
        assert_int_equal(im.channels, 4);
        assert_int_equal(pixel(&im, 0, 0)[3], 0);
        int solid = 0, light = 0;       /* the title's glyph cores, over nothing */
        for (int y = 0; y < im.h / 6; y++)
            for (int x = 0; x < im.w; x++) {
                const unsigned char *p = pixel(&im, x, y);
                solid += p[3] == 255;
                light += p[3] == 255 && p[0] > 200;
            }
        assert_true(solid > 100);
        assert_int_equal(light, dark ? solid : 0);
        free(im.px);
    }
}

static void test_cmap_fit(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, SOFT, 1);         /* Q, scores, weights */
    const LessonStep *s = &ld.l.steps[1];
    char why[300];
    assert_int_equal(fig_cmap_fit(s, &ld.sc, FIG_PANEL_ALL, -1, why, sizeof why), 0);
    assert_int_equal(fig_cmap_fit(s, &ld.sc, PANEL_WEIGHTS, CMAP_MAGMA, why, sizeof why), 0);
    assert_int_equal(fig_cmap_fit(s, &ld.sc, PANEL_SCORES, CMAP_PUOR, why, sizeof why), 0);
    assert_int_equal(fig_cmap_fit(s, &ld.sc, FIG_PANEL_ALL, CMAP_MAGMA, why, sizeof why), 1);
    assert_int_equal(fig_cmap_fit(s, &ld.sc, FIG_PANEL_ALL, CMAP_PUOR, why, sizeof why), 1);
    assert_non_null(strstr(why, "weights keeps viridis"));
    assert_int_equal(fig_cmap_fit(s, &ld.sc, PANEL_SCORES, CMAP_GREYS, why, sizeof why), 2);
    /* a diverging map named colours the signed panels */
    FigOptions o = fig_default_options();
    o.cmap = CMAP_PUOR;
    FigPrim bar = {0};
    prims(&ld, PANEL_SCORES, &o, FIG_GRADIENT, &bar, 1);
    assert_int_equal(bar.cmap, CMAP_PUOR);
    unload(&ld);
}

/* A row no key could take: its output hatched, no "0.00" in it. */
static void test_masked_row_output(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, MASKING, 6);
    assert_true(ld.r.main.row_empty[2] && !ld.r.main.row_empty[0]);
    FigOptions o = fig_default_options();
    Img im;
    FigPrim c[8];
    assert_int_equal(export_cells(&ld, PANEL_OUTPUT, &o, "empty.png", &im, c, 8), 8);
    FigDoc d;
    layout(&ld, PANEL_OUTPUT, &o, &d);
    for (int k = 0; k < 8; k++) {
        int grey = 0;
        for (int y = (int)c[k].y + 1; y < (int)(c[k].y + c[k].h) - 1; y++)
            for (int x = (int)c[k].x + 1; x < (int)(c[k].x + c[k].w) - 1; x++) {
                const unsigned char *p = pixel(&im, x, y);
                grey += p[0] == p[1] && p[1] == p[2] && p[0] > 100 && p[0] < 240;
            }
        if (k / 2 == 2)
            assert_true(grey > 50 && !text_in(&d, &c[k]));
        else
            assert_non_null(text_in(&d, &c[k]));
    }
    assert_non_null(text_with(&d, "fully masked row"));
    fig_doc_free(&d);
    free(im.px);
    unload(&ld);
}

static void test_title_wraps(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, SOFT, 1);
    FigOptions o = fig_default_options();
    FigDoc a, b;
    o.title = "Short";
    layout(&ld, PANEL_WEIGHTS, &o, &a);
    o.title = "A long title that a teacher wrote for this slide, far wider than the heat map under it, which "
              "must wrap onto more lines instead of widening the figure";
    layout(&ld, PANEL_WEIGHTS, &o, &b);
    assert_int_equal(b.width, a.width);
    assert_true(b.height > a.height);
    int lines = 0;
    for (int i = 0; i < b.n; i++)
        lines += b.v[i].kind == FIG_TEXT && b.v[i].bold && b.v[i].size > 30;
    assert_true(lines >= 2);
    fig_doc_free(&a);
    fig_doc_free(&b);
    unload(&ld);
}

/* Neighbouring masked cells: the stripes run on across the border (the
 * pixel left of it and the one right of it a row up lie on one stripe). */
static void test_hatch_seamless(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, MASKING, 6);
    assert_true(!ld.r.main.keep[1] && !ld.r.main.keep[2]);     /* row 0: keys 1 and 2 masked */
    FigOptions o = fig_default_options();
    Img im;
    FigPrim c[16];
    assert_int_equal(export_cells(&ld, PANEL_WEIGHTS, &o, "hatch.png", &im, c, 16), 16);
    int bx = (int)c[2].x, stripes = 0;
    for (int y = (int)c[2].y + 1; y < (int)(c[2].y + c[2].h); y++) {
        const unsigned char *l = pixel(&im, bx - 1, y), *r = pixel(&im, bx, y - 1);
        assert_memory_equal(l, r, 3);
        stripes += l[0] < 200;
    }
    assert_true(stripes > 5);
    free(im.px);
    char path[160];
    snprintf(path, sizeof path, "%s/hatch.svg", dir);
    export_ok(&ld, PANEL_WEIGHTS, &o, path);
    char *svg = slurp(path);
    assert_non_null(strstr(svg, "<pattern id=\"hatch"));
    assert_non_null(strstr(svg, "patternUnits=\"userSpaceOnUse\" x=\"0\" y=\"0\""));
    free(svg);
    unload(&ld);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settings_on_figure),
        cmocka_unit_test(test_structural_zeros),
        cmocka_unit_test(test_grid),
        cmocka_unit_test(test_per_row_option),
        cmocka_unit_test(test_number_size),
        cmocka_unit_test(test_one_row_bar),
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_cmap_fit),
        cmocka_unit_test(test_masked_row_output),
        cmocka_unit_test(test_title_wraps),
        cmocka_unit_test(test_hatch_seamless),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
