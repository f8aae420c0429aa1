/* fig_png.c - the PNG backend: a small rasteriser (boxes, hatching, colour
 * bars, FreeType glyphs) onto an RGB(A) canvas, compressed with ISA-L and
 * written with libpng. */
#include <isa-l/igzip_lib.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "figure/fig_doc.h"
#include "figure/fig_font.h"
#include "base/util.h"

/* Pixel box [x0, x1) x [y0, y1) of a primitive, clipped to the canvas. */
static bool box(const FigCanvas *cv, const FigPrim *p, int *x0, int *y0, int *x1, int *y1)
{
    float ax = p->w >= 0 ? p->x : p->x + p->w, aw = fabsf(p->w);
    float ay = p->h >= 0 ? p->y : p->y + p->h, ah = fabsf(p->h);
    *x0 = (int)lroundf(ax);
    *y0 = (int)lroundf(ay);
    *x1 = (int)lroundf(ax + aw);
    *y1 = (int)lroundf(ay + ah);
    if (*x0 < 0) *x0 = 0;
    if (*y0 < 0) *y0 = 0;
    if (*x1 > cv->w) *x1 = cv->w;
    if (*y1 > cv->h) *y1 = cv->h;
    return *x0 < *x1 && *y0 < *y1;
}

static void fill(FigCanvas *cv, int x0, int y0, int x1, int y1, FigRgba c)
{
    if (c.a < 255) {
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                fig_blend(cv, x, y, c, 255);
        return;
    }
    /* one row by pixels, the others copied from it */
    size_t ch = (size_t)cv->ch, stride = cv->stride, n = (size_t)(x1 - x0) * ch;
    uint8_t *first = cv->px + (size_t)y0 * stride + (size_t)x0 * ch;
    for (uint8_t *p = first; p < first + n; p += ch) {
        p[0] = c.r;
        p[1] = c.g;
        p[2] = c.b;
        if (ch == 4)
            p[3] = 255;
    }
    for (int y = y0 + 1; y < y1; y++)
        memcpy(first + (size_t)(y - y0) * stride, first, n);
}

/* Stripes running up to the right ("/"), `width` thick, one every 4 widths
 * measured across them: as the SVG pattern draws them. */
/* An image: each canvas pixel in the box takes the nearest source pixel
 * (figures lay images out at the canvas's own resolution). */
static void image(FigCanvas *cv, const FigDoc *d, const FigPrim *p)
{
    int x0, y0, x1, y1;
    if (!box(cv, p, &x0, &y0, &x1, &y1) || p->w <= 0 || p->h <= 0)
        return;
    const uint8_t *px = fig_image_pixels(d, p);
    for (int y = y0; y < y1; y++) {
        int sy = (int)((y + 0.5 - p->y) * p->ih / p->h);
        sy = sy < 0 ? 0 : sy >= p->ih ? p->ih - 1 : sy;
        for (int x = x0; x < x1; x++) {
            int sx = (int)((x + 0.5 - p->x) * p->iw / p->w);
            sx = sx < 0 ? 0 : sx >= p->iw ? p->iw - 1 : sx;
            const uint8_t *s = px + ((size_t)sy * (size_t)p->iw + (size_t)sx) * 3;
            fig_blend(cv, x, y, (FigRgba){s[0], s[1], s[2], 255}, 255);
        }
    }
}

static void hatch(FigCanvas *cv, const FigPrim *p)
{
    int x0, y0, x1, y1;
    if (!box(cv, p, &x0, &y0, &x1, &y1))
        return;
    double period = 4.0 * p->width * M_SQRT2;      /* along x + y */
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            double u = fmod((x + 0.5) + (y + 0.5), period);     /* from the canvas origin: no seams */
            double dist = fabs(u - period / 2) / M_SQRT2;
            double cov = p->width / 2 - dist + 0.5;
            if (cov > 0)
                fig_blend(cv, x, y, p->color, cov >= 1 ? 255u : (unsigned)(cov * 255.0));
        }
}

/* Coverage of a pixel whose centre is `dist` from an edge-free shape's
 * core: full inside, a one-pixel ramp at the edge. */
static unsigned ramp(double inside)
{
    return inside >= 0.5 ? 255u : inside <= -0.5 ? 0u : (unsigned)((inside + 0.5) * 255.0);
}

/* A line in any direction (chart series), anti-aliased, round ends. */
static void slant(FigCanvas *cv, const FigPrim *p)
{
    double r = p->width / 2, len2 = (double)p->w * p->w + (double)p->h * p->h;
    int x0 = (int)floor(fmin(p->x, p->x + p->w) - r - 1), x1 = (int)ceil(fmax(p->x, p->x + p->w) + r + 1);
    int y0 = (int)floor(fmin(p->y, p->y + p->h) - r - 1), y1 = (int)ceil(fmax(p->y, p->y + p->h) + r + 1);
    for (int y = y0 < 0 ? 0 : y0; y < y1 && y < cv->h; y++)
        for (int x = x0 < 0 ? 0 : x0; x < x1 && x < cv->w; x++) {
            double px = x + 0.5 - p->x, py = y + 0.5 - p->y;
            double t = len2 > 0 ? (px * p->w + py * p->h) / len2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            double dx = px - t * p->w, dy = py - t * p->h;
            fig_blend(cv, x, y, p->color, ramp(r - sqrt(dx * dx + dy * dy)));
        }
}

static void dot(FigCanvas *cv, const FigPrim *p)
{
    double r = p->w;
    for (int y = (int)floor(p->y - r - 1); y <= (int)ceil(p->y + r + 1); y++)
        for (int x = (int)floor(p->x - r - 1); x <= (int)ceil(p->x + r + 1); x++) {
            double dx = x + 0.5 - p->x, dy = y + 0.5 - p->y;
            fig_blend(cv, x, y, p->color, ramp(r - sqrt(dx * dx + dy * dy)));
        }
}

static void gradient(FigCanvas *cv, const FigPrim *p)
{
    int x0, y0, x1, y1;
    if (!box(cv, p, &x0, &y0, &x1, &y1))
        return;
    for (int y = y0; y < y1; y++) {
        double up = 1.0 - (y + 0.5 - p->y) / p->h;  /* 0 at the bottom */
        Rgb c = cmap_color(p->cmap, p->t0 + (p->t1 - p->t0) * up);
        fill(cv, x0, y, x1, y + 1, (FigRgba){c.r, c.g, c.b, 255});
    }
}

static void text(FigCanvas *cv, struct FigFonts *fonts, const FigDoc *d, const FigPrim *p)
{
    const char *s = fig_text(d, p);
    double shift = 0;
    if (p->anchor != FIG_START) {
        double w = fig_text_width(fonts, s, p->size, p->bold);
        shift = p->anchor == FIG_MIDDLE ? w / 2 : w;
    }
    double a = p->rotate * M_PI / 180.0;
    fig_text_draw(fonts, cv, s, p->x - shift * cos(a), p->y + shift * sin(a), p->size, p->rotate, p->bold,
                  p->color);
}

static void paint(FigCanvas *cv, struct FigFonts *fonts, const FigDoc *d)
{
    int x0, y0, x1, y1;
    if (d->background.a == 255)
        fill(cv, 0, 0, cv->w, cv->h, d->background);
    else
        for (int y = 0; y < cv->h; y++)
            memset(cv->px + (size_t)y * cv->stride, 0, (size_t)cv->w * (size_t)cv->ch);
    for (int i = 0; i < d->n; i++) {
        const FigPrim *p = &d->v[i];
        switch (p->kind) {
        case FIG_RECT:
        case FIG_CELL:
            if (box(cv, p, &x0, &y0, &x1, &y1))
                fill(cv, x0, y0, x1, y1, p->color);
            break;
        case FIG_LINE: {
            if (p->w != 0 && p->h != 0) {
                slant(cv, p);
                break;
            }
            /* axis-aligned (frames and ticks): whole pixels, crisp */
            FigPrim b = *p;
            if (p->h == 0) {
                b.y -= p->width / 2;
                b.h = p->width;
            } else {
                b.x -= p->width / 2;
                b.w = p->width;
            }
            if (box(cv, &b, &x0, &y0, &x1, &y1))
                fill(cv, x0, y0, x1, y1, p->color);
            break;
        }
        case FIG_HATCH: hatch(cv, p); break;
        case FIG_GRADIENT: gradient(cv, p); break;
        case FIG_TEXT: text(cv, fonts, d, p); break;
        case FIG_DOT: dot(cv, p); break;
        case FIG_IMAGE: image(cv, d, p); break;
        }
    }
}

static void on_error(png_structp png, png_const_charp msg)
{
    char *err = png_get_error_ptr(png);
    snprintf(err, 200, "PNG: %s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static void add_text(png_text *t, int *n, const char *key, const char *value)
{
    bool ascii = true;
    for (const char *c = value; *c; c++)
        if ((unsigned char)*c >= 0x80)
            ascii = false;
    memset(&t[*n], 0, sizeof t[*n]);
    t[*n].compression = ascii ? PNG_TEXT_COMPRESSION_NONE : PNG_ITXT_COMPRESSION_NONE;
    t[*n].key = (char *)key;
    t[*n].text = (char *)value;
    (*n)++;
}

/* The image data is one zlib stream of the rows, each after its filter
 * byte, compressed with Intel's ISA-L (igzip) instead of the zlib inside
 * libpng; libpng still writes every chunk. Deflate was two thirds of an
 * export's time. Measured on the 8 x 8 benchmark figure (make
 * bench-figure), 2.0 MB of pixels:
 *   zlib level 1, no filter (the best of zlib's fast settings)  5.8 ms  96 KB
 *   zlib level 1 in two threads, joined as pigz joins them  3.1-4.1 ms  97 KB
 *   libdeflate level 1                                          5.6 ms  92 KB
 *   ISA-L level 1, no filter                                    0.9 ms 100 KB
 * No filter (0) suits figures: they are flat colour that deflate matches
 * row against row; Up and Sub made the file 9% and 12% larger. */
#define IDAT_BYTES (64u << 10)      /* one IDAT chunk per 64 KiB of stream */

typedef struct {
    struct isal_zstream z;          /* 80 KB: on the heap */
    uint8_t level_buf[ISAL_DEF_LVL1_DEFAULT];
    uint8_t out[IDAT_BYTES];
} Deflater;

/* The IDAT chunks: the rows at data, n bytes, as one zlib stream. */
static bool write_idat(png_structp png, Deflater *d, const uint8_t *data, size_t n)
{
    if (n > UINT32_MAX)
        return false;
    isal_deflate_init(&d->z);
    d->z.level = 1;
    d->z.level_buf = d->level_buf;
    d->z.level_buf_size = sizeof d->level_buf;
    d->z.gzip_flag = IGZIP_ZLIB;
    d->z.end_of_stream = 1;
    d->z.flush = NO_FLUSH;
    d->z.next_in = (uint8_t *)(uintptr_t)data;
    d->z.avail_in = (uint32_t)n;
    while (d->z.internal_state.state != ZSTATE_END) {
        d->z.next_out = d->out;
        d->z.avail_out = IDAT_BYTES;
        if (isal_deflate(&d->z) != COMP_OK)
            return false;
        if (d->z.avail_out < IDAT_BYTES)
            png_write_chunk(png, (png_const_bytep) "IDAT", d->out, IDAT_BYTES - d->z.avail_out);
    }
    return true;
}

/* The chunks: signature, IHDR, pHYs, tEXt, IDAT, IEND. data: the canvas's
 * rows, each after its filter byte. */
static int write_png(const FigDoc *d, const FigCanvas *cv, const uint8_t *data, Deflater *dfl, FILE *f,
                     char *msg)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, msg, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        snprintf(msg, 200, "PNG: libpng could not start");
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)cv->w, (png_uint_32)cv->h, 8,
                 cv->ch == 4 ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_uint_32 ppm = (png_uint_32)lround(d->dpi / 0.0254);
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    png_text t[3];
    int nt = 0;
    add_text(t, &nt, "Software", "attnlab " ATTNLAB_VERSION);
    if (d->source)
        add_text(t, &nt, "Source", d->source);
    if (d->title)
        add_text(t, &nt, "Title", d->title);
    png_set_text(png, info, t, nt);
    png_write_info(png, info);
    if (!write_idat(png, dfl, data, (size_t)cv->h * cv->stride))
        png_error(png, "the image could not be compressed");
    png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
    png_destroy_write_struct(&png, &info);
    return 0;
}

/* The canvas, 2 MB for the benchmark figure, is asked for in transparent
 * huge pages where Linux offers them (THP set to "madvise" or "always"):
 * one page fault instead of some 500 faults of 4 KiB, which cost about 1 ms
 * on the development VM (150 paired exports: median 10.5 against 9.5 ms).
 * Elsewhere it is ordinary memory. Either way free() releases it. */
static uint8_t *canvas_alloc(size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const size_t huge = 2u << 20;
    if (bytes >= huge / 2) {
        size_t rounded = (bytes + huge - 1) / huge * huge;
        uint8_t *p = aligned_alloc(huge, rounded);
        if (p) {
            madvise(p, rounded, MADV_HUGEPAGE);
            return p;
        }
    }
#endif
    return xmalloc(bytes);
}

int fig_png_write(const FigDoc *d, struct FigFonts *fonts, FILE *f, char *err, size_t errlen)
{
    FigCanvas cv = {d->width, d->height, d->background.a == 255 ? 3 : 4, 0, NULL};
    if (cv.w <= 0 || cv.h <= 0 || cv.w > 20000 || cv.h > 20000) {
        snprintf(err, errlen, "a figure of %d x %d pixels is out of range", cv.w, cv.h);
        return -1;
    }
    cv.stride = 1 + (size_t)cv.w * (size_t)cv.ch;
    uint8_t *data = canvas_alloc(cv.stride * (size_t)cv.h);
    for (int y = 0; y < cv.h; y++)
        data[(size_t)y * cv.stride] = PNG_FILTER_VALUE_NONE;
    cv.px = data + 1;
    paint(&cv, fonts, d);
    char msg[200] = "";
    Deflater *dfl = xmalloc(sizeof *dfl);
    int rc = write_png(d, &cv, data, dfl, f, msg);
    free(dfl);
    free(data);
    if (rc < 0)
        snprintf(err, errlen, "%s", msg);
    return rc;
}
