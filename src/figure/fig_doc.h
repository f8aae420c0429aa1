/* fig_doc.h - a figure as a list of drawing primitives, and the two
 * backends that write one (fig_png.c, fig_svg.c).
 *
 * figure.c lays a figure out ONCE into a FigDoc; each backend only turns
 * primitives into pixels or SVG elements, so a PNG and an SVG of the same
 * figure always show the same thing. Coordinates are output pixels (the
 * scale is already applied), y grows downwards. A FigDoc owns its
 * primitives and its text pool; fig_doc_free() releases both. */
#ifndef ATTN_FIG_DOC_H
#define ATTN_FIG_DOC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "figure/colormap.h"

typedef struct {
    uint8_t r, g, b, a;
} FigRgba;

typedef enum {
    FIG_RECT,       /* a filled box */
    FIG_CELL,       /* a filled box that is one matrix cell (SVG: crisp, class "cell") */
    FIG_HATCH,      /* diagonal stripes over a box: a masked cell; the stripes'
                       phase runs from the canvas origin (x + y = 0), so
                       neighbouring boxes join without seams (every backend) */
    FIG_LINE,       /* from (x, y) to (x + w, y + h), `width` thick, any direction */
    FIG_GRADIENT,   /* a colour bar: cmap from t0 at the bottom to t1 at the top */
    FIG_TEXT,       /* UTF-8 text, (x, y) on its baseline */
    FIG_DOT,        /* a filled disc centred on (x, y), radius w (chart markers) */
    FIG_IMAGE       /* RGB pixels (iw x ih, at `pixels` in FigDoc.ipool) scaled onto the box */
} FigKind;

typedef enum { FIG_START, FIG_MIDDLE, FIG_END } FigAnchor;

typedef struct {
    FigKind kind;
    float x, y, w, h;
    float width;            /* LINE and HATCH stroke; HATCH: period = 4 * width */
    FigRgba color;          /* fill, stroke or text */
    /* FIG_GRADIENT */
    Cmap cmap;
    float t0, t1;
    /* FIG_TEXT */
    size_t text;            /* offset of the NUL-terminated text in FigDoc.pool */
    float size;             /* font size in pixels (the em) */
    FigAnchor anchor;       /* along the text's own direction */
    int rotate;             /* degrees counter-clockwise about (x, y) */
    bool bold;
    /* FIG_IMAGE */
    size_t pixels;          /* offset of iw * ih * 3 bytes (RGB, rows top down) in FigDoc.ipool */
    int iw, ih;
} FigPrim;

typedef struct {
    int width, height;      /* the canvas in pixels */
    FigRgba background;     /* alpha 0: transparent */
    int dpi;                /* 96 per scale unit */
    FigPrim *v;             /* (n) in painting order */
    int n, cap;
    char *pool;             /* the texts, back to back */
    size_t pool_len, pool_cap;
    uint8_t *ipool;         /* the images' pixels, back to back */
    size_t ipool_len, ipool_cap;
    /* metadata for the file */
    char *title;            /* owned; may be NULL */
    char *source;           /* owned; the lesson, may be NULL */
    char *family;           /* owned; the main font's family, for the SVG; may be NULL */
} FigDoc;

FigPrim *fig_add(FigDoc *d, FigKind kind, float x, float y, float w, float h, FigRgba color);
FigPrim *fig_add_text(FigDoc *d, const char *utf8, float x, float y, float size, FigAnchor anchor, int rotate,
                      bool bold, FigRgba color);
const char *fig_text(const FigDoc *d, const FigPrim *p);
/* An image: rgb (iw x ih x 3 bytes, copied) drawn onto the box (x, y, w, h). */
FigPrim *fig_add_image(FigDoc *d, float x, float y, float w, float h, const uint8_t *rgb, int iw, int ih);
/* The pixels of an image primitive. */
const uint8_t *fig_image_pixels(const FigDoc *d, const FigPrim *p);
/* An image primitive as a PNG in memory (for the SVG's data URI): a
 * malloc'd buffer the caller frees, its size in *n; NULL on failure. */
uint8_t *fig_image_png(const FigDoc *d, const FigPrim *p, size_t *n);
/* Moves every primitive by (dx, dy). */
void fig_translate(FigDoc *d, float dx, float dy);
void fig_doc_free(FigDoc *d);
/* Sets the canvas to the box of every primitive (text measured with
 * fonts) and a margin around it, moving them into it. */
struct FigFonts;
void fig_doc_fit(FigDoc *d, struct FigFonts *fonts, double margin);

/* Backends: write the whole document to f; return 0, or -1 with a message.
 * They never close f. Fonts come from fig_font.h (the PNG rasterises text,
 * the SVG names the family, the PDF embeds the very faces the PNG uses). */
struct FigFonts;
int fig_png_write(const FigDoc *d, struct FigFonts *fonts, FILE *f, char *err, size_t errlen);
int fig_svg_write(const FigDoc *d, FILE *f, char *err, size_t errlen);
/* One page the size of the figure (96 dpi per scale unit, as the PNG). */
int fig_pdf_write(const FigDoc *d, struct FigFonts *fonts, FILE *f, char *err, size_t errlen);

/* A PDF of several pages (a deck, fig_pdf.c) written to f, which it
 * borrows. Each page is a set of documents, each placed at (x, y) points
 * from the page's top-left corner, k points per document pixel. */
typedef struct FigPdf FigPdf;
typedef struct {
    const FigDoc *doc;
    double x, y, k;
} FigPlace;
/* title and subject (the lesson) go into the PDF's metadata; may be NULL. */
FigPdf *fig_pdf_open(FILE *f, struct FigFonts *fonts, const char *title, const char *subject);
/* Adds a page of w x h points showing the placed documents; 0 or -1. */
int fig_pdf_page(FigPdf *p, double w, double h, FigRgba background, const FigPlace *v, int n);
/* Finishes the file and frees p; 0, or -1 with a message (f may hold a
 * partial file: the caller removes it). */
int fig_pdf_close(FigPdf *p, char *err, size_t errlen);

/* The canvas the PNG backend paints on: RGB for an opaque figure, RGBA
 * with straight (not premultiplied) alpha for a transparent one. Rows are
 * `stride` bytes apart: the PNG's own rows, each after its filter byte, so
 * the canvas is the very data that is compressed. */
typedef struct {
    int w, h;
    int ch;                 /* 3 or 4 bytes a pixel */
    size_t stride;          /* bytes from a row to the next */
    uint8_t *px;            /* (h, stride): pixel (x, y) at y * stride + x * ch */
} FigCanvas;

/* Paints colour c over one pixel with coverage cov (0..255), "over". */
static inline void fig_blend(FigCanvas *cv, int x, int y, FigRgba c, unsigned cov)
{
    if (x < 0 || y < 0 || x >= cv->w || y >= cv->h || cov == 0)
        return;
    uint8_t *p = cv->px + (size_t)y * cv->stride + (size_t)x * (size_t)cv->ch;
    unsigned sa = (c.a * cov + 127) / 255;              /* 0..255 */
    if (sa == 0)
        return;
    if (cv->ch == 3 || p[3] == 255) {
        p[0] = (uint8_t)((c.r * sa + p[0] * (255 - sa) + 127) / 255);
        p[1] = (uint8_t)((c.g * sa + p[1] * (255 - sa) + 127) / 255);
        p[2] = (uint8_t)((c.b * sa + p[2] * (255 - sa) + 127) / 255);
        return;
    }
    unsigned da = p[3] * (255 - sa) / 255;              /* what shows through */
    unsigned oa = sa + da;
    p[0] = (uint8_t)((c.r * sa + p[0] * da + oa / 2) / oa);
    p[1] = (uint8_t)((c.g * sa + p[1] * da + oa / 2) / oa);
    p[2] = (uint8_t)((c.b * sa + p[2] * da + oa / 2) / oa);
    p[3] = (uint8_t)oa;
}

#endif
