/* test_image.c - lesson 9's picture: the `image` and `grid` keys, the
 * region features against numpy (tests/fixtures/park_features_6x6.txt, made
 * by scripts/gen_park.py), a bad picture's FILE:LINE error, and the
 * captioning figure's pixels (PNG) and embedded picture (SVG). */
#include "figtest.h"

#include <cJSON.h>
#include <math.h>

#include "cli/json.h"
#include "cli/textview.h"

#define LESSON9 "lessons/09-image-attention.lesson"

static void test_features_match_numpy(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, LESSON9, 0);
    const LessonImage *img = &ld.l.image;
    assert_int_equal(img->w, 96);
    assert_int_equal(img->h, 96);
    assert_int_equal(img->rows * img->cols, 36);
    Mat k = ld.sc.in[M_K], v = ld.sc.in[M_V];
    assert_int_equal(k.rows, 36);
    assert_int_equal(k.cols, 3);
    FILE *f = fopen("tests/fixtures/park_features_6x6.txt", "r");
    assert_non_null(f);
    for (int i = 0; i < 36 * 3; i++) {
        double want;
        assert_int_equal(fscanf(f, "%lf", &want), 1);
        assert_true(fabs(k.v[i] - want) < 1e-5);
        assert_true(v.v[i] == k.v[i]);     /* V defaults to the same features */
    }
    fclose(f);
    char buf[16];
    assert_string_equal(lesson_label(&ld.l.steps[0], false, 0, buf, sizeof buf), "r0c0");
    assert_string_equal(lesson_label(&ld.l.steps[0], false, 35, buf, sizeof buf), "r5c5");
    int r, c;
    lesson_image_region(img, 95, 0, &r, &c);
    assert_int_equal(r * 10 + c, 5);
    lesson_image_region(img, 16, 47, &r, &c);
    assert_int_equal(r * 10 + c, 21);
    unload(&ld);
}

static void expect_error(const char *text, const char *msg)
{
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load_mem("tests/fixtures/x.lesson", text, strlen(text), &l, &d), -1);
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    diags_print(&d, f);
    fclose(f);
    if (!strstr(out, msg))
        fail_msg("wanted \"%s\" in:\n%s", msg, out);
    free(out);
    diags_free(&d);
}

static void test_bad_pictures(void **state)
{
    (void)state;
    expect_error("title = t\nqueries = a\nQ = 1 2 3\nimage = nothere.png\ngrid = 2x2\n[step]\npanels = image\n",
                 "tests/fixtures/x.lesson:4: cannot read the picture tests/fixtures/nothere.png");
    expect_error("title = t\nQ = 1 2 3\nimage = park_features_6x6.txt\ngrid = 2x2\n[step]\n",
                 "x.lesson:3: cannot read the picture");
    expect_error("title = t\nQ = 1 2 3\ngrid = 70x1\n[step]\n", "x.lesson:3: grid is ROWSxCOLUMNS");
    expect_error("title = t\nQ = 1 2 3\ngrid = 2x2\n[step]\n", "x.lesson:3: grid needs image");
    expect_error("title = t\nQ = 1 2\nK = 1 0\nV = 1 0\n[step]\npanels = image\n",
                 "x.lesson:6: step 1 cannot show panel image: the lesson has no picture");
}

static double lum(const unsigned char *p)
{
    return p[0] + p[1] + p[2];
}

static void test_caption_figure(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, LESSON9, 0);
    FigOptions o = fig_default_options();
    char err[300] = "";
    FigFonts *fonts = fig_fonts_open(NULL, "en", err, sizeof err);
    assert_non_null(fonts);
    FigDoc doc;
    assert_int_equal(fig_build(&ld.l, 0, &ld.r, &ld.sc, PANEL_IMAGE, &o, fonts, &doc, err, sizeof err), 0);
    FigPrim pics[4];
    int n = 0;
    for (int i = 0; i < doc.n; i++)
        if (doc.v[i].kind == FIG_IMAGE && n < 4)
            pics[n++] = doc.v[i];
    assert_int_equal(n, 4);     /* one picture a caption word */
    fig_doc_free(&doc);
    fig_fonts_close(fonts);
    char path[128];
    snprintf(path, sizeof path, "%s/caption.png", dir);
    export_ok(&ld, PANEL_IMAGE, &o, path);
    Img im;
    decode(path, &im);
    /* "frisbee" (the third picture): its region r0c5 far brighter and
     * more tinted than r5c0, the grass at the far corner */
    const FigPrim *p = &pics[2];
    const unsigned char *near = pixel(&im, (int)(p->x + p->w * 11 / 12), (int)(p->y + p->h / 12));
    const unsigned char *far = pixel(&im, (int)(p->x + p->w / 12), (int)(p->y + p->h * 11 / 12));
    assert_true(lum(near) > 2 * lum(far));
    /* "woman" (the first): her dress in r2c3 brighter than r5c0 */
    p = &pics[0];
    const unsigned char *dress = pixel(&im, (int)(p->x + p->w * 7 / 12), (int)(p->y + p->h * 5 / 12));
    far = pixel(&im, (int)(p->x + p->w / 12), (int)(p->y + p->h * 11 / 12));
    assert_true(lum(dress) > 2 * lum(far));
    free(im.px);
    snprintf(path, sizeof path, "%s/caption.svg", dir);
    export_ok(&ld, PANEL_IMAGE, &o, path);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *svg = xmalloc(1 << 22);
    size_t len = fread(svg, 1, (1 << 22) - 1, f);
    svg[len] = '\0';
    fclose(f);
    int images = 0;
    for (const char *s = svg; (s = strstr(s, "href=\"data:image/png;base64,iVBORw0KGgo")); s++)
        images++;
    assert_int_equal(images, 4);
    free(svg);
    unload(&ld);
}

/* compute's "picture": the grid, the region labels as the grid and every
 * word's weights on it (the same numbers as "weights"). */
static void test_picture_json(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, LESSON9, 2);
    char err[300] = "";
    char *text = json_lesson(&ld.l, 2, "en", err, sizeof err);
    assert_non_null(text);
    cJSON *o = cJSON_Parse(text);
    assert_non_null(o);
    cJSON *p = cJSON_GetObjectItem(o, "picture");
    assert_non_null(p);
    assert_string_equal(cJSON_GetObjectItem(p, "file")->valuestring, "park.png");
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(p, "grid"), "rows")->valueint, 6);
    cJSON *regions = cJSON_GetObjectItem(p, "regions");
    assert_int_equal(cJSON_GetArraySize(regions), 6);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetArrayItem(regions, 2), 3)->valuestring, "r2c3");
    cJSON *by = cJSON_GetObjectItem(p, "weights_by_word");
    assert_int_equal(cJSON_GetArraySize(by), 4);
    double fr = cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(by, "frisbee"), 0), 5)->valuedouble;
    assert_true(fabs(fr - 0.6285) < 1e-3);     /* "frisbee" on r0c5 (the lesson's text says 0.63) */
    cJSON *w = cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "weights"), 2), 5);
    assert_true(fr == w->valuedouble);
    double woman = cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(by, "woman"), 2), 3)->valuedouble;
    assert_true(fabs(woman - 0.4454) < 1e-3);
    cJSON_Delete(o);
    free(text);
    unload(&ld);
}

/* The text view prints the image panel as a grid of weights per word. */
static void test_picture_text(void **state)
{
    (void)state;
    Loaded ld;
    load(&ld, LESSON9, 2);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    textview_step(f, &ld.l, 2, &ld.r, &ld.sc, "en");
    fclose(f);
    const char *want[] = {"each word's weights on the 6 x 6 grid of park.png", "\"frisbee\"  most: r0c5 0.6285",
                          "    r0    0.0023  0.0023  0.0348  0.0021  0.0021  0.6285\n",
                          "    r2    0.0315  0.0314  0.0316  0.4454  0.0316  0.0316\n"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(buf, want[i]))
            fail_msg("wanted \"%s\" in:\n%s", want[i], buf);
    assert_null(strstr(buf, "r0c0     r0c1"));     /* not the 36-column table */
    free(buf);
    unload(&ld);
}

/* The figure of a step that shows the picture (default, --panel all) is the
 * captioning figure; a step without it keeps its heat maps. */
static int images_in_step_figure(const char *lesson, int step)
{
    Loaded ld;
    load(&ld, lesson, step);
    FigOptions o = fig_default_options();
    char err[300] = "";
    FigFonts *fonts = fig_fonts_open(NULL, "en", err, sizeof err);
    assert_non_null(fonts);
    FigDoc doc;
    assert_int_equal(fig_build(&ld.l, step, &ld.r, &ld.sc, FIG_PANEL_ALL, &o, fonts, &doc, err, sizeof err), 0);
    int n = 0;
    for (int i = 0; i < doc.n; i++)
        n += doc.v[i].kind == FIG_IMAGE;
    fig_doc_free(&doc);
    fig_fonts_close(fonts);
    unload(&ld);
    return n;
}

static void test_step_figure_is_captioning(void **state)
{
    (void)state;
    assert_int_equal(images_in_step_figure(LESSON9, 2), 4);    /* Q and image: one picture a word */
    assert_int_equal(images_in_step_figure(LESSON9, 0), 4);
    assert_int_equal(images_in_step_figure("lessons/01-three-stages.lesson", 2), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_features_match_numpy),
        cmocka_unit_test(test_bad_pictures),
        cmocka_unit_test(test_caption_figure),
        cmocka_unit_test(test_picture_json),
        cmocka_unit_test(test_picture_text),
        cmocka_unit_test(test_step_figure_is_captioning),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
