/* fig_doc.c - see fig_doc.h. */
#include "figure/fig_doc.h"

#include <math.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "figure/fig_font.h"

FigPrim *fig_add(FigDoc *d, FigKind kind, float x, float y, float w, float h, FigRgba color)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        d->v = xrealloc(d->v, (size_t)d->cap * sizeof *d->v);
    }
    FigPrim *p = &d->v[d->n++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->x = x;
    p->y = y;
    p->w = w;
    p->h = h;
    p->color = color;
    return p;
}

FigPrim *fig_add_text(FigDoc *d, const char *utf8, float x, float y, float size, FigAnchor anchor, int rotate,
                      bool bold, FigRgba color)
{
    size_t n = strlen(utf8) + 1;
    if (d->pool_len + n > d->pool_cap) {
        while (d->pool_len + n > d->pool_cap)
            d->pool_cap = d->pool_cap ? d->pool_cap * 2 : 4096;
        d->pool = xrealloc(d->pool, d->pool_cap);
    }
    memcpy(d->pool + d->pool_len, utf8, n);
    FigPrim *p = fig_add(d, FIG_TEXT, x, y, 0, 0, color);
    p->text = d->pool_len;
    d->pool_len += n;
    p->size = size;
    p->anchor = anchor;
    p->rotate = rotate;
    p->bold = bold;
    return p;
}

const char *fig_text(const FigDoc *d, const FigPrim *p)
{
    return d->pool + p->text;
}

FigPrim *fig_add_image(FigDoc *d, float x, float y, float w, float h, const uint8_t *rgb, int iw, int ih)
{
    size_t n = (size_t)iw * (size_t)ih * 3;
    if (d->ipool_len + n > d->ipool_cap) {
        while (d->ipool_len + n > d->ipool_cap)
            d->ipool_cap = d->ipool_cap ? d->ipool_cap * 2 : 65536;
        d->ipool = xrealloc(d->ipool, d->ipool_cap);
    }
    memcpy(d->ipool + d->ipool_len, rgb, n);
    FigPrim *p = fig_add(d, FIG_IMAGE, x, y, w, h, (FigRgba){0, 0, 0, 255});
    p->pixels = d->ipool_len;
    p->iw = iw;
    p->ih = ih;
    d->ipool_len += n;
    return p;
}

const uint8_t *fig_image_pixels(const FigDoc *d, const FigPrim *p)
{
    return d->ipool + p->pixels;
}

uint8_t *fig_image_png(const FigDoc *d, const FigPrim *p, size_t *n)
{
    png_image pi;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    pi.width = (png_uint_32)p->iw;
    pi.height = (png_uint_32)p->ih;
    pi.format = PNG_FORMAT_RGB;
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&pi, NULL, &size, 0, fig_image_pixels(d, p), 0, NULL))
        return NULL;
    uint8_t *buf = xmalloc(size);
    if (!png_image_write_to_memory(&pi, buf, &size, 0, fig_image_pixels(d, p), 0, NULL)) {
        free(buf);
        return NULL;
    }
    *n = size;
    return buf;
}

void fig_translate(FigDoc *d, float dx, float dy)
{
    for (int i = 0; i < d->n; i++) {
        d->v[i].x += dx;
        d->v[i].y += dy;
    }
}

void fig_doc_free(FigDoc *d)
{
    free(d->v);
    free(d->pool);
    free(d->ipool);
    free(d->title);
    free(d->source);
    free(d->family);
    memset(d, 0, sizeof *d);
}

/* The box of one primitive: b = {x0, y0, x1, y1}; text turned with it. */
static void prim_box(const FigDoc *d, FigFonts *fonts, const FigPrim *p, double asc, double desc, double b[4])
{
    if (p->kind == FIG_DOT) {
        double r = p->w;
        b[0] = p->x - r, b[1] = p->y - r, b[2] = p->x + r, b[3] = p->y + r;
        return;
    }
    if (p->kind != FIG_TEXT) {
        double hw = p->kind == FIG_LINE ? p->width / 2.0 : 0;
        b[0] = fmin(p->x, p->x + p->w) - hw, b[1] = fmin(p->y, p->y + p->h) - hw;
        b[2] = fmax(p->x, p->x + p->w) + hw, b[3] = fmax(p->y, p->y + p->h) + hw;
        return;
    }
    double w = fig_text_width(fonts, fig_text(d, p), p->size, p->bold);
    double s0 = p->anchor == FIG_START ? 0 : p->anchor == FIG_MIDDLE ? -w / 2 : -w;
    double a = p->rotate * M_PI / 180.0, dx = cos(a), dy = -sin(a), nx = sin(a), ny = cos(a);
    double ts[2] = {s0, s0 + w}, ns[2] = {-asc * p->size, desc * p->size};
    b[0] = b[1] = INFINITY;
    b[2] = b[3] = -INFINITY;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double x = p->x + ts[i] * dx + ns[j] * nx, y = p->y + ts[i] * dy + ns[j] * ny;
            b[0] = fmin(b[0], x), b[1] = fmin(b[1], y), b[2] = fmax(b[2], x), b[3] = fmax(b[3], y);
        }
}

void fig_doc_fit(FigDoc *d, FigFonts *fonts, double margin)
{
    double asc, desc, b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    fig_font_extent(fonts, &asc, &desc);
    for (int i = 0; i < d->n; i++) {
        double pb[4];
        prim_box(d, fonts, &d->v[i], asc, desc, pb);
        b[0] = fmin(b[0], pb[0]), b[1] = fmin(b[1], pb[1]), b[2] = fmax(b[2], pb[2]), b[3] = fmax(b[3], pb[3]);
    }
    if (d->n == 0)
        b[0] = b[1] = b[2] = b[3] = 0;
    fig_translate(d, (float)(margin - floor(b[0])), (float)(margin - floor(b[1])));
    d->width = (int)ceil(b[2] - floor(b[0]) + 2 * margin);
    d->height = (int)ceil(b[3] - floor(b[1]) + 2 * margin);
}
