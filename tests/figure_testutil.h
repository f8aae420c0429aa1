/* figure_testutil.h - what the figure tests share: a scratch folder, PNGs
 * decoded with libpng (size, DPI, text chunks, pixels), a lesson step
 * loaded and run. Included by test_figure.c and test_figure_pdf.c after
 * cmocka.h and libpng's png.h. */
#ifndef ATTN_FIGURE_TESTUTIL_H
#define ATTN_FIGURE_TESTUTIL_H

typedef struct {
    int w, h, channels;         /* 3 RGB or 4 RGBA */
    unsigned char *px;          /* (h, w, channels) */
    png_uint_32 ppm;            /* pHYs, pixels per metre */
    char software[64], source[256];
} Img;

static char dir[64];

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

#endif
