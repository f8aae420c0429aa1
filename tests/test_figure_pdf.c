/* test_figure_pdf.c - issue 14's figures: a step's own figure (its panels,
 * or the cost chart), the cost chart as a chart (primitives and decoded
 * pixels), PDF decks (pages counted in the file), the lesson named
 * without its path, text no font can draw refused, and the temporary
 * files of dead exports swept. tests/cli-export.sh reads the PDFs back
 * with poppler (page count, text, fonts). */
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"
#include "figure/fig_dest.h"
#include "figure/fig_font.h"
#include "figure/fig_write.h"
#include "figure/figure.h"
#include "figtest.h"

#define FIGS "tests/lessons/figures.lesson"
#define L1 "lessons/01-three-stages.lesson"
#define L3 "lessons/03-soft-hard-local.lesson"
#define L8 "lessons/08-cost.lesson"

static const unsigned char FULL_RGB[3] = {230, 60, 40}, LOCAL_RGB[3] = {40, 150, 210};

/* Times that grow as n^2 (full) and n (local): slopes 2 and 1 exactly. */
static void fake_run(CostRun *c)
{
    cost_init(c);
    c->done = c->n_planned;
    c->finished = true;
    for (int k = 0; k < c->done; k++) {
        c->full_ms[k] = 1e-6 * c->ns[k] * c->ns[k];
        c->local_ms[k] = 1e-3 * c->ns[k];
    }
}

static bool has_text(const FigDoc *d, const char *needle)
{
    for (int i = 0; i < d->n; i++)
        if (d->v[i].kind == FIG_TEXT && strstr(fig_text(d, &d->v[i]), needle))
            return true;
    return false;
}

static int count_kind(const FigDoc *d, FigKind k)
{
    int n = 0;
    for (int i = 0; i < d->n; i++)
        n += d->v[i].kind == k;
    return n;
}

static int count_rgb(const Img *im, const unsigned char *rgb)
{
    int n = 0;
    for (int y = 0; y < im->h; y++)
        for (int x = 0; x < im->w; x++)
            n += memcmp(pixel(im, x, y), rgb, 3) == 0;
    return n;
}

static void test_cost_chart(void **state)
{
    (void)state;
    CostRun run;
    fake_run(&run);
    char err[200];
    FigOptions o = fig_default_options();
    FigFonts *f = fig_fonts_open(NULL, "en", err, sizeof err);
    assert_non_null(f);
    FigDoc d;
    assert_int_equal(fig_cost_layout(&run, "cost", &o, f, &d, err, sizeof err), 0);
    assert_int_equal(count_kind(&d, FIG_CELL), 0);                 /* not a heat map */
    assert_int_equal(count_kind(&d, FIG_DOT), 2 * run.done + 2);   /* the points and the legend's */
    assert_true(has_text(&d, "fitted slope 2.00"));
    assert_true(has_text(&d, "fitted slope 1.00"));
    assert_true(has_text(&d, "2048"));
    char path[128];
    snprintf(path, sizeof path, "%s/cost.png", dir);
    FILE *fp = fopen(path, "wb");
    assert_int_equal(fig_png_write(&d, f, fp, err, sizeof err), 0);
    fclose(fp);
    Img im;
    decode(path, &im);
    assert_int_equal(im.w, d.width);
    assert_true(count_rgb(&im, FULL_RGB) > 1500);      /* the full series' line and dots */
    assert_true(count_rgb(&im, LOCAL_RGB) > 1500);
    free(im.px);
    fig_doc_free(&d);

    /* log-log: n^2 and n are straight lines, the first twice as steep */
    o.loglog = true;
    assert_int_equal(fig_cost_layout(&run, "cost", &o, f, &d, err, sizeof err), 0);
    assert_true(has_text(&d, "log-log"));
    FigPrim dots[16];
    int n = 0;
    for (int i = 0; i < d.n && n < 16; i++)
        if (d.v[i].kind == FIG_DOT)
            dots[n++] = d.v[i];
    for (int s = 0; s < 2; s++) {
        const FigPrim *p = dots + s * run.done;
        double first = (p[1].y - p[0].y) / (p[1].x - p[0].x);
        for (int k = 2; k < run.done; k++)
            assert_float_equal((p[k].y - p[k - 1].y) / (p[k].x - p[k - 1].x), first, 0.01);
        double other = (dots[run.done + 1].y - dots[run.done].y) / (dots[run.done + 1].x - dots[run.done].x);
        if (s == 0)
            assert_float_equal(first / other, 2.0, 0.01);
    }
    fig_doc_free(&d);
    fig_fonts_close(f);
}

/* A step's own figure shows what the step shows: lesson 1's "Stage 1:
 * score every key" has Q, K and scores, not weights. */
static void test_step_figure(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, L1, 1);
    char err[200];
    FigOptions o = fig_default_options();
    FigFonts *f = fig_fonts_open(NULL, "en", err, sizeof err);
    FigDoc d;
    assert_int_equal(fig_build(&ld.l, 1, &ld.r, &ld.sc, FIG_PANEL_ALL, &o, f, &d, err, sizeof err), 0);
    bool q = false, k = false, scores = false, weights = false;
    for (int i = 0; i < d.n; i++) {
        const char *t = fig_text(&d, &d.v[i]);
        q |= strncmp(t, "Q ", 2) == 0;
        k |= strncmp(t, "K ", 2) == 0;
        scores |= strncmp(t, "scores", 6) == 0;
        weights |= strncmp(t, "weights", 7) == 0;
    }
    assert_true(q && k && scores);
    assert_false(weights);
    fig_doc_free(&d);
    fig_fonts_close(f);
    unload(&ld);
}

/* The terminal's E on the cost step writes the cost chart too. */
static void test_cost_step_to_folder(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, L8, 6);
    setenv("ATTNLAB_FIGURES", dir, 1);
    FigOptions o = fig_default_options();
    char path[512], err[300];
    assert_int_equal(fig_export_to_folder(&ld.l, 6, &ld.r, &ld.sc, FIG_PANEL_ALL, &o, path, sizeof path, err,
                                          sizeof err),
                     FIG_DEST_OK);
    unsetenv("ATTNLAB_FIGURES");
    Img im;
    decode(path, &im);
    assert_true(count_rgb(&im, FULL_RGB) > 500);
    assert_true(count_rgb(&im, LOCAL_RGB) > 500);
    free(im.px);
    unlink(path);
    unload(&ld);
}

static char *slurp_n(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    rewind(f);
    char *s = xmalloc(*n + 1);
    assert_int_equal(fread(s, 1, *n, f), *n);
    s[*n] = '\0';
    fclose(f);
    return s;
}

/* The first needle in s[0..n), or NULL (memmem is a GNU extension). */
static const char *find(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

/* Page objects ("/Type /Page", not "/Pages") in a PDF. */
static int pdf_pages(const char *s, size_t n)
{
    int pages = 0;
    for (const char *p = s; (p = find(p, n - (size_t)(p - s), "/Type /Page")) != NULL; p += 11)
        pages += p[11] != 's';
    return pages;
}

static void test_deck(void **state)
{
    (void)state;
    Diags dg = {0};
    Lesson l;
    assert_int_equal(lesson_load(L3, &l, &dg), 0);
    diags_free(&dg);
    assert_int_equal(l.n_steps, 12);
    char path[128], err[300];
    snprintf(path, sizeof path, "%s/deck.pdf", dir);
    FigOptions o = fig_default_options();
    FigDeck *d = fig_deck_open(&l, &o, true, path, err, sizeof err);
    assert_non_null(d);
    for (int k = 0; k < l.n_steps; k++) {
        Scenario sc = lesson_scenario(&l, k);
        Result r;
        assert_int_equal(engine_run(&sc, &r, NULL), 0);
        assert_int_equal(fig_deck_add(d, k, &r, &sc, FIG_PANEL_ALL, err, sizeof err), 0);
        result_free(&r);
    }
    assert_int_equal(fig_deck_close(d, true, err, sizeof err), 0);
    size_t n;
    char *s = slurp_n(path, &n);
    assert_memory_equal(s, "%PDF-", 5);
    assert_int_equal(pdf_pages(s, n), 12);
    assert_non_null(find(s, n, "/FontFile2"));   /* TrueType embedded */
    assert_non_null(find(s, n, "03-soft-hard-local.lesson"));
    assert_null(find(s, n, "/lessons/"));
    free(s);

    /* a deck given up leaves nothing */
    snprintf(path, sizeof path, "%s/gone.pdf", dir);
    int before = count_files(dir);
    d = fig_deck_open(&l, &o, false, path, err, sizeof err);
    assert_non_null(d);
    assert_int_equal(count_files(dir), before + 1);     /* its temporary file */
    assert_int_equal(fig_deck_close(d, false, err, sizeof err), -1);
    assert_int_equal(count_files(dir), before);
    lesson_free(&l);
}

/* The PNG's Source and the SVG's desc name the lesson file, not where it is. */
static void test_source_is_a_name(void **state)
{
    (void)state;
    char cwd[1024], abs_path[1200], path[128], err[300];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(abs_path, sizeof abs_path, "%s/" FIGS, cwd);
    Loaded ld;
    load(&ld, abs_path, 0);
    FigOptions o = fig_default_options();
    snprintf(path, sizeof path, "%s/src.png", dir);
    assert_int_equal(fig_export(&ld.l, 0, &ld.r, &ld.sc, FIG_PANEL_ALL, &o, path, err, sizeof err), 0);
    Img im;
    decode(path, &im);
    assert_string_equal(im.source, "figures.lesson");
    free(im.px);
    snprintf(path, sizeof path, "%s/src.svg", dir);
    assert_int_equal(fig_export(&ld.l, 0, &ld.r, &ld.sc, FIG_PANEL_ALL, &o, path, err, sizeof err), 0);
    size_t n;
    char *s = slurp_n(path, &n);
    assert_non_null(strstr(s, "<desc>made by attnlab from figures.lesson</desc>"));
    assert_null(strstr(s, cwd));
    free(s);
    unload(&ld);
}

/* Text no font has would be boxes: the export fails and writes nothing;
 * Chinese works where make deps installed its font. */
static void test_boxes_refused(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, FIGS, 0);
    FigOptions o = fig_default_options();
    o.title = "plane 16: \xf4\x8f\xbf\xbd";            /* U+10FFFD, private use */
    char path[128], err[300] = "";
    snprintf(path, sizeof path, "%s/boxes.png", dir);
    int before = count_files(dir);
    assert_int_equal(fig_export(&ld.l, 0, &ld.r, &ld.sc, FIG_PANEL_ALL, &o, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "boxes"));
    assert_int_equal(count_files(dir), before);
    unload(&ld);
    load(&ld, "lessons/05-self-attention.lesson", 2);
    o = fig_default_options();
    o.lang = "zh";
    assert_int_equal(fig_export(&ld.l, 2, &ld.r, &ld.sc, FIG_PANEL_ALL, &o, path, err, sizeof err), 0);
    unlink(path);
    unload(&ld);
}

static void touch(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

static bool exists(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

/* Killed with SIGKILL, an export leaves its temporary file: the next one
 * into the folder removes it, but never a live process's. */
static void test_sweep(void **state)
{
    (void)state;
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    assert_true(child > 0);
    waitpid(child, NULL, 0);            /* now a pid no process has */
    char dead[64], alive[64];
    snprintf(dead, sizeof dead, ".attnlab-fig.%ld.AbCdEf", (long)child);
    snprintf(alive, sizeof alive, ".attnlab-fig.%ld.AbCdEf", (long)getppid());
    touch(dead);
    touch(alive);
    touch(".attnlab-fig.notes");        /* an old version's name, just made: kept */
    assert_int_equal(fig_tmp_sweep(dir), 1);
    assert_false(exists(dead));
    assert_true(exists(alive));
    assert_true(exists(".attnlab-fig.notes"));
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, alive);
    unlink(path);
    snprintf(path, sizeof path, "%s/.attnlab-fig.notes", dir);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cost_chart),
        cmocka_unit_test(test_step_figure),
        cmocka_unit_test(test_cost_step_to_folder),
        cmocka_unit_test(test_deck),
        cmocka_unit_test(test_source_is_a_name),
        cmocka_unit_test(test_boxes_refused),
        cmocka_unit_test(test_sweep),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
