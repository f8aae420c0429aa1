/* figtest.h - what the figure tests (test_figure.c, test_figure_look.c,
 * test_figure_pdf.c) share: decoding a PNG with libpng, a scratch folder
 * and counting its files, loading a lesson step and running it, and reading the
 * primitives a layout makes. Static inline: each test program includes it
 * once. */
#ifndef ATTN_FIGTEST_H
#define ATTN_FIGTEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "figure/fig_font.h"
#include "figure/figure.h"
#include "base/util.h"

typedef struct {
    int w, h, channels;         /* 3 RGB or 4 RGBA */
    unsigned char *px;          /* (h, w, channels) */
    png_uint_32 ppm;            /* pHYs, pixels per metre */
    char software[64], source[256];
} Img;

static char dir[64];     /* a fresh folder per test program (setup) */

static inline int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/attnlab-figtest.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static inline int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* How many entries folder d holds (not . and ..), or -1. */
static inline int count_files(const char *d)
{
    DIR *dp = opendir(d);
    int n = 0;
    if (!dp)
        return -1;
    for (struct dirent *e; (e = readdir(dp));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(dp);
    return n;
}

static inline void decode(const char *path, Img *im)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    assert_int_equal(setjmp(png_jmpbuf(png)), 0);
    png_init_io(png, f);
    png_read_info(png, info);
    memset(im, 0, sizeof *im);
    im->w = (int)png_get_image_width(png, info);
    im->h = (int)png_get_image_height(png, info);
    assert_int_equal(png_get_bit_depth(png, info), 8);
    int ct = png_get_color_type(png, info);
    assert_true(ct == PNG_COLOR_TYPE_RGB || ct == PNG_COLOR_TYPE_RGB_ALPHA);
    im->channels = ct == PNG_COLOR_TYPE_RGB ? 3 : 4;
    int unit;
    png_uint_32 yppm;
    if (png_get_pHYs(png, info, &im->ppm, &yppm, &unit)) {
        assert_int_equal(unit, PNG_RESOLUTION_METER);
        assert_int_equal(im->ppm, yppm);
    }
    png_textp text;
    int nt = 0;
    png_get_text(png, info, &text, &nt);
    for (int i = 0; i < nt; i++) {
        if (strcmp(text[i].key, "Software") == 0)
            snprintf(im->software, sizeof im->software, "%s", text[i].text);
        if (strcmp(text[i].key, "Source") == 0)
            snprintf(im->source, sizeof im->source, "%s", text[i].text);
    }
    size_t row = (size_t)im->w * (size_t)im->channels;
    im->px = xmalloc(row * (size_t)im->h);
    png_bytep *rows = xmalloc((size_t)im->h * sizeof *rows);
    for (int y = 0; y < im->h; y++)
        rows[y] = im->px + (size_t)y * row;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    fclose(f);
}

static inline const unsigned char *pixel(const Img *im, int x, int y)
{
    return im->px + ((size_t)y * (size_t)im->w + (size_t)x) * (size_t)im->channels;
}

typedef struct {
    Lesson l;
    int step;
    Scenario sc;
    Result r;
} Loaded;

static inline void load(Loaded *ld, const char *path, int step)
{
    Diags d = {0};
    assert_int_equal(lesson_load(path, &ld->l, &d), 0);
    diags_free(&d);
    ld->step = step;
    ld->sc = lesson_scenario(&ld->l, step);
    assert_int_equal(engine_run(&ld->sc, &ld->r, NULL), 0);
}

static inline void unload(Loaded *ld)
{
    result_free(&ld->r);
    lesson_free(&ld->l);
}

static inline void export_ok(Loaded *ld, int panel, const FigOptions *o, const char *path)
{
    char err[300] = "";
    int rc = fig_export(&ld->l, ld->step, &ld->r, &ld->sc, panel, o, path, err, sizeof err);
    if (rc != 0)
        fail_msg("export failed: %s", err);
}

/* The primitives of one kind in the layout, in order (cells: row-major). */
static inline int prims(Loaded *ld, int panel, const FigOptions *o, FigKind kind, FigPrim *out, int max)
{
    char err[200];
    FigFonts *f = fig_fonts_open(o->font, o->lang, err, sizeof err);
    assert_non_null(f);
    FigDoc doc;
    assert_int_equal(fig_layout(&ld->l, ld->step, &ld->r, &ld->sc, panel, o, f, &doc, err, sizeof err), 0);
    int n = 0;
    for (int i = 0; i < doc.n; i++)
        if (doc.v[i].kind == kind && n < max)
            out[n++] = doc.v[i];
    fig_doc_free(&doc);
    fig_fonts_close(f);
    return n;
}

static inline int cells(Loaded *ld, int panel, const FigOptions *o, FigPrim *out, int max)
{
    return prims(ld, panel, o, FIG_CELL, out, max);
}

/* A small well-formedness check: every tag closed in order, attributes
 * quoted, only the five predefined entities or character references. */
static inline int xml_check(const char *s, int *cell_rects, int *texts)
{
    const char *stack[64];
    size_t lens[64];
    int depth = 0, seen_root = 0;
    *cell_rects = *texts = 0;
    if (strncmp(s, "<?xml", 5) == 0 && !(s = strstr(s, "?>")))
        return -1;
    else if (s[0] == '?')
        s += 2;
    while (*s) {
        if (*s == '&') {
            const char *e = strchr(s, ';');
            if (!e || e - s > 8)
                return -2;
            if (strncmp(s, "&amp;", 5) && strncmp(s, "&lt;", 4) && strncmp(s, "&gt;", 4) &&
                strncmp(s, "&quot;", 6) && strncmp(s, "&apos;", 6) && s[1] != '#')
                return -3;
            s = e + 1;
        } else if (*s == '<') {
            bool close = s[1] == '/';
            const char *name = s + 1 + close;
            size_t n = strcspn(name, " \t\n/>");
            if (n == 0)
                return -4;
            const char *p = name + n;
            while (*p && *p != '>' && !(*p == '/' && p[1] == '>')) {
                if (*p == '"') {
                    const char *q = strchr(p + 1, '"');
                    if (!q || memchr(p + 1, '<', (size_t)(q - p - 1)))
                        return -5;
                    p = q + 1;
                } else if (*p == '<' || *p == '\'') {
                    return -6;
                } else {
                    p++;
                }
            }
            if (!*p)
                return -7;
            bool empty = *p == '/';
            if (!close && strncmp(name, "rect class=\"cell\"", 17) == 0)
                ++*cell_rects;
            if (!close && strncmp(name, "text ", 5) == 0)
                ++*texts;
            if (close) {
                if (depth == 0 || lens[depth - 1] != n || strncmp(stack[depth - 1], name, n))
                    return -8;
                depth--;
            } else if (!empty) {
                if (depth == 0 && seen_root++)
                    return -9;
                if (depth == 64)
                    return -10;
                stack[depth] = name;
                lens[depth++] = n;
            }
            s = p + (empty ? 2 : 1);
        } else {
            if (depth == 0 && !strchr(" \t\r\n", *s))
                return -11;
            s++;
        }
    }
    return depth == 0 && seen_root ? 0 : -12;
}

static inline char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = xmalloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

#endif
