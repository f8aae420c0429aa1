/* fig_image.c - the captioning figure (panel image): the lesson's picture
 * once per query word, the word's weights over it, the word under each, one
 * colour bar; as Xu et al. (2015) print them. The weights are upsampled
 * smoothly (bilinear between the regions' centres) and alpha-blended over a
 * greyed picture in the sequential colour map. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "figure/fig_font.h"
#include "figure/figure.h"
#include "figure/numfmt.h"

#define ALPHA 0.55  /* the overlay's opacity where the weight is the largest */

/* The weight at pixel (x, y) of an s x s picture: bilinear between the
 * centres of the rows x cols regions (clamped at the borders). */
static double smooth(const float *w, int rows, int cols, int s, int x, int y)
{
    double fx = (x + 0.5) * cols / s - 0.5, fy = (y + 0.5) * rows / s - 0.5;
    fx = fx < 0 ? 0 : fx > cols - 1 ? cols - 1 : fx;
    fy = fy < 0 ? 0 : fy > rows - 1 ? rows - 1 : fy;
    int x0 = (int)fx, y0 = (int)fy, x1 = x0 + 1 < cols ? x0 + 1 : x0, y1 = y0 + 1 < rows ? y0 + 1 : y0;
    double ax = fx - x0, ay = fy - y0;
    double top = w[y0 * cols + x0] * (1 - ax) + w[y0 * cols + x1] * ax;
    double bot = w[y1 * cols + x0] * (1 - ax) + w[y1 * cols + x1] * ax;
    return top * (1 - ay) + bot * ay;
}

/* One picture s x s (RGB) with weights w blended over it, on 0..hi. */
static void paint(const LessonImage *img, const float *w, double hi, Cmap cmap, int s, uint8_t *out)
{
    for (int y = 0; y < s; y++)
        for (int x = 0; x < s; x++) {
            const uint8_t *p = img->rgb + ((size_t)(y * img->h / s) * (size_t)img->w + (size_t)(x * img->w / s)) * 3;
            double t = smooth(w, img->rows, img->cols, s, x, y) / hi;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            Rgb c = cmap_color(cmap, t);
            double grey = 0.3 * p[0] + 0.59 * p[1] + 0.11 * p[2], a = ALPHA * t, dim = 0.3 + 0.7 * t;
            const double src[3] = {p[0], p[1], p[2]}, tint[3] = {c.r, c.g, c.b};
            for (int k = 0; k < 3; k++) {
                /* half greyed and dimmed where the word does not look */
                double base = (0.5 * src[k] + 0.5 * grey) * dim;
                out[((size_t)y * (size_t)s + (size_t)x) * 3 + (size_t)k] = (uint8_t)lround(base * (1 - a) + tint[k] * a);
            }
        }
}

bool fig_image_shown(const LessonStep *s)
{
    for (int i = 0; i < s->n_panels; i++)
        if (s->panels[i] == PANEL_IMAGE)
            return true;
    return false;
}

int fig_image_layout(const Lesson *l, int step, const Result *r, const Scenario *sc, const FigOptions *opt,
                     FigFonts *fonts, FigDoc *doc, char *err, size_t errlen)
{
    (void)fonts;
    const LessonStep *st = &l->steps[step];
    if (!lesson_image_check(l, sc, err, errlen))
        return -1;
    memset(doc, 0, sizeof *doc);
    bool dark = opt->theme == FIG_THEME_DARK, zh = opt->lang && strcmp(opt->lang, "zh") == 0;
    doc->background = dark ? (FigRgba){24, 26, 31, 255} : (FigRgba){255, 255, 255, 255};
    if (opt->transparent)
        doc->background.a = 0;
    FigRgba fg = dark ? (FigRgba){236, 236, 236, 255} : (FigRgba){30, 30, 30, 255};
    Cmap cmap = opt->cmap >= 0 && opt->cmap <= CMAP_GREYS ? (Cmap)opt->cmap : CMAP_VIRIDIS;
    const Mat wm = r->main.weights;
    double hi = 0;
    for (int i = 0; i < wm.rows * wm.cols; i++)
        hi = fmax(hi, wm.v[i]);
    hi = hi > 0 ? hi : 1.0;     /* the largest weight is the brightest, as in Xu et al.'s figures */
    float u = (float)opt->scale * 0.5f;     /* the figure's unit: scale 2 is 1 */
    int s = (int)(160 * u), gap = (int)(18 * u);
    float font = 16 * u, y0 = 40 * u;
    StrBuf title = {0};
    char e2[64];
    ref_render(opt->title ? opt->title : text_get(&st->title, zh ? "zh" : "en"), r, sc, &title, e2, sizeof e2);
    fig_add_text(doc, title.s ? title.s : "", 0, 18 * u, 20 * u, FIG_START, 0, true, fg);
    free(title.s);
    uint8_t *px = xmalloc((size_t)s * (size_t)s * 3);
    for (int q = 0; q < wm.rows; q++) {
        float x = (float)(q * (s + gap));
        paint(&l->image, wm.v + (size_t)q * (size_t)wm.cols, hi, cmap, s, px);
        fig_add_image(doc, x, y0, (float)s, (float)s, px, s, s);
        char lab[64];
        fig_add_text(doc, lesson_label(st, true, q, lab, sizeof lab), x + s / 2.0f, y0 + s + 24 * u, font,
                     FIG_MIDDLE, 0, false, fg);
    }
    free(px);
    /* one colour bar for every picture: the overlay's weight scale */
    float bx = (float)(wm.rows * (s + gap)), bw = 12 * u;
    FigPrim *g = fig_add(doc, FIG_GRADIENT, bx, y0, bw, (float)s, fg);
    g->cmap = cmap;
    g->t0 = 0;
    g->t1 = 1;
    char num[32];
    numfmt_format(hi, 2, num, sizeof num);
    fig_add_text(doc, num, bx + bw + 6 * u, y0 + 12 * u, 12 * u, FIG_START, 0, false, fg);
    fig_add_text(doc, "0", bx + bw + 6 * u, y0 + s, 12 * u, FIG_START, 0, false, fg);
    fig_add_text(doc, TR(zh, "weight", "权重"), bx + bw / 2, y0 + s + 24 * u, 12 * u, FIG_MIDDLE, 0, false, fg);
    fig_doc_fit(doc, fonts, 16 * u);
    return 0;
}
