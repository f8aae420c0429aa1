/* fig_svg.c - the SVG backend: one element per primitive, in the same
 * pixel coordinates as the PNG. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figure/fig_doc.h"

static void put_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default:
            if (c >= 0x20 || c == '\t')     /* XML 1.0 forbids the other controls */
                fputc(c, f);
        }
    }
}

static void put_fill(FILE *f, const char *attr, FigRgba c)
{
    fprintf(f, " %s=\"#%02x%02x%02x\"", attr, c.r, c.g, c.b);
    if (c.a < 255)
        fprintf(f, " %s-opacity=\"%.3g\"", attr, c.a / 255.0);
}

static void put_box(FILE *f, const FigPrim *p)
{
    fprintf(f, "x=\"%g\" y=\"%g\" width=\"%g\" height=\"%g\"", p->x, p->y, p->w, p->h);
}

/* Colour bars as linear gradients and the hatch patterns, by index. */
static void put_defs(FILE *f, const FigDoc *d)
{
    fputs("<defs>\n", f);
    for (int i = 0; i < d->n; i++) {
        const FigPrim *p = &d->v[i];
        if (p->kind == FIG_GRADIENT) {
            fprintf(f, "<linearGradient id=\"bar%d\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n", i);
            for (int s = 0; s <= 32; s++) {
                Rgb c = cmap_color(p->cmap, p->t0 + (p->t1 - p->t0) * s / 32.0);
                fprintf(f, "<stop offset=\"%g\" stop-color=\"#%02x%02x%02x\"/>\n", s / 32.0, c.r, c.g, c.b);
            }
            fputs("</linearGradient>\n", f);
        } else if (p->kind == FIG_HATCH) {
            /* The PNG's stripes run along x + y = const with a period of
             * 4 widths across them: a rotated pattern of one line, from
             * the canvas origin so that neighbouring cells join. */
            double period = 4.0 * p->width;
            fprintf(f,
                    "<pattern id=\"hatch%d\" patternUnits=\"userSpaceOnUse\" x=\"%g\" y=\"%g\" width=\"%g\" "
                    "height=\"%g\" patternTransform=\"rotate(45 %g %g)\"><rect x=\"%g\" y=\"0\" width=\"%g\" "
                    "height=\"%g\"",
                    i, 0.0, 0.0, period, period, 0.0, 0.0, period / 2 - p->width / 2, (double)p->width,
                    period);
            put_fill(f, "fill", p->color);
            fputs("/></pattern>\n", f);
        }
    }
    fputs("</defs>\n", f);
}

static void put_text(FILE *f, const FigDoc *d, const FigPrim *p)
{
    static const char *const anchors[] = {"start", "middle", "end"};
    fprintf(f, "<text x=\"%g\" y=\"%g\" font-size=\"%g\" text-anchor=\"%s\"", p->x, p->y, p->size,
            anchors[p->anchor]);
    if (p->bold)
        fputs(" font-weight=\"bold\"", f);
    if (p->rotate)
        fprintf(f, " transform=\"rotate(%d %g %g)\"", -p->rotate, p->x, p->y);
    put_fill(f, "fill", p->color);
    fputc('>', f);
    put_escaped(f, fig_text(d, p));
    fputs("</text>\n", f);
}

/* An image as <image> with its pixels as a base64 PNG data URI. */
static void put_image(FILE *f, const FigDoc *d, const FigPrim *p)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = 0;
    uint8_t *png = fig_image_png(d, p, &n);
    if (!png)
        return;
    fputs("<image ", f);
    put_box(f, p);
    fputs(" preserveAspectRatio=\"none\" href=\"data:image/png;base64,", f);
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)png[i] << 16 | (i + 1 < n ? (unsigned)png[i + 1] << 8 : 0) | (i + 2 < n ? png[i + 2] : 0);
        char q[4] = {b64[v >> 18 & 63], b64[v >> 12 & 63], i + 1 < n ? b64[v >> 6 & 63] : '=', i + 2 < n ? b64[v & 63] : '='};
        fwrite(q, 1, 4, f);
    }
    fputs("\"/>\n", f);
    free(png);
}

static void put_prim(FILE *f, const FigDoc *d, int i)
{
    const FigPrim *p = &d->v[i];
    switch (p->kind) {
    case FIG_RECT:
    case FIG_CELL:
        fputs(p->kind == FIG_CELL ? "<rect class=\"cell\" " : "<rect ", f);
        put_box(f, p);
        put_fill(f, "fill", p->color);
        fputs(p->kind == FIG_CELL ? " shape-rendering=\"crispEdges\"/>\n" : "/>\n", f);
        break;
    case FIG_HATCH:
        fputs("<rect ", f);
        put_box(f, p);
        fprintf(f, " fill=\"url(#hatch%d)\"/>\n", i);
        break;
    case FIG_GRADIENT:
        fputs("<rect ", f);
        put_box(f, p);
        fprintf(f, " fill=\"url(#bar%d)\" shape-rendering=\"crispEdges\"/>\n", i);
        break;
    case FIG_LINE:
        fprintf(f, "<line x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke-width=\"%g\"", p->x, p->y, p->x + p->w,
                p->y + p->h, p->width);
        put_fill(f, "stroke", p->color);
        /* a slanted line is a chart's series: smooth, round ends */
        fputs(p->w != 0 && p->h != 0 ? " stroke-linecap=\"round\"/>\n" : " shape-rendering=\"crispEdges\"/>\n", f);
        break;
    case FIG_DOT:
        fprintf(f, "<circle cx=\"%g\" cy=\"%g\" r=\"%g\"", p->x, p->y, p->w);
        put_fill(f, "fill", p->color);
        fputs("/>\n", f);
        break;
    case FIG_TEXT: put_text(f, d, p); break;
    case FIG_IMAGE: put_image(f, d, p); break;
    }
}

int fig_svg_write(const FigDoc *d, FILE *f, char *err, size_t errlen)
{
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" xml:space=\"preserve\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"",
            d->width, d->height, d->width, d->height);
    if (d->family && strcmp(d->family, "DejaVu Sans") != 0) {
        put_escaped(f, d->family);
        fputs(", ", f);
    }
    fputs("DejaVu Sans, Bitstream Vera Sans, Verdana, sans-serif\">\n", f);
    if (d->title) {
        fputs("<title>", f);
        put_escaped(f, d->title);
        fputs("</title>\n", f);
    }
    fputs("<desc>made by attnlab", f);
    if (d->source) {
        fputs(" from ", f);
        put_escaped(f, d->source);
    }
    fputs("</desc>\n", f);
    put_defs(f, d);
    if (d->background.a > 0) {
        fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\"", d->width, d->height);
        put_fill(f, "fill", d->background);
        fputs("/>\n", f);
    }
    for (int i = 0; i < d->n; i++)
        put_prim(f, d, i);
    fputs("</svg>\n", f);
    if (ferror(f)) {
        snprintf(err, errlen, "could not write the SVG");
        return -1;
    }
    return 0;
}
