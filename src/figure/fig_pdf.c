/* fig_pdf.c - the PDF backend: cairo's PDF surface draws the primitives of
 * the same FigDoc the PNG and SVG backends write, so the three formats show
 * the same figure. Text is vector text in the very faces fig_font.c picked
 * (DejaVu Sans, the --font file, a CJK fallback), which cairo embeds as
 * subsets; each glyph is placed where fig_font.c's advances put it, and
 * carries its characters, so the text can be searched and copied. */
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "figure/fig_doc.h"
#include "figure/fig_font.h"

#define PDF_FACES 16
#define RUN_MAX 256

struct FigPdf {
    FILE *f;
    FigFonts *fonts;
    cairo_surface_t *surface;
    cairo_t *cr;
    int pages;
    cairo_font_face_t *faces[PDF_FACES][2];     /* [face][synthetic bold] */
};

static cairo_status_t on_write(void *closure, const unsigned char *data, unsigned int n)
{
    return fwrite(data, 1, n, closure) == n ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

FigPdf *fig_pdf_open(FILE *f, FigFonts *fonts, const char *title, const char *subject)
{
    FigPdf *p = xcalloc(1, sizeof *p);
    p->f = f;
    p->fonts = fonts;
    /* the size is set again for every page */
    p->surface = cairo_pdf_surface_create_for_stream(on_write, f, 100, 100);
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "attnlab " ATTNLAB_VERSION);
    if (title)
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
    if (subject)
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_SUBJECT, subject);
    p->cr = cairo_create(p->surface);
    return p;
}

/* The cairo face for face i of the fonts, opened from its file (no
 * fontconfig search: the file is known); NULL if there is none. */
static cairo_font_face_t *face(FigPdf *p, int i, bool synth)
{
    if (i < 0 || i >= PDF_FACES)
        return NULL;
    cairo_font_face_t **slot = &p->faces[i][synth];
    if (!*slot) {
        int index = 0;
        const char *file = fig_fonts_face_file(p->fonts, i, &index);
        if (!file)
            return NULL;
        FcPattern *pat = FcPatternCreate();
        FcPatternAddString(pat, FC_FILE, (const FcChar8 *)file);
        FcPatternAddInteger(pat, FC_INDEX, index);
        *slot = cairo_ft_font_face_create_for_pattern(pat);
        FcPatternDestroy(pat);
        if (synth)
            cairo_ft_font_face_set_synthesize(*slot, CAIRO_FT_SYNTHESIZE_BOLD);
    }
    return *slot;
}

static void set_color(cairo_t *cr, FigRgba c)
{
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

/* One run of glyphs of one face: its characters as clusters of one glyph. */
static void show_run(FigPdf *p, const FigGlyph *g, int n, double px, double shift)
{
    cairo_font_face_t *ff = face(p, g[0].face, g[0].synth_bold);
    if (!ff || n <= 0)
        return;
    cairo_glyph_t glyphs[RUN_MAX];
    cairo_text_cluster_t clusters[RUN_MAX];
    int bytes = 0;
    for (int i = 0; i < n; i++) {
        glyphs[i] = (cairo_glyph_t){g[i].glyph, g[i].x - shift, 0};
        clusters[i] = (cairo_text_cluster_t){g[i].bytes, 1};
        bytes += g[i].bytes;
    }
    cairo_set_font_face(p->cr, ff);
    cairo_set_font_size(p->cr, px);
    cairo_show_text_glyphs(p->cr, g[0].utf8, bytes, glyphs, n, clusters, n, 0);
}

static void text(FigPdf *p, const FigDoc *d, const FigPrim *pr)
{
    const char *s = fig_text(d, pr);
    FigGlyph g[RUN_MAX];
    int n = fig_text_glyphs(p->fonts, s, pr->size, pr->bold, g, RUN_MAX);
    n = n < RUN_MAX ? n : RUN_MAX;
    double shift = 0;
    if (pr->anchor != FIG_START) {
        double w = fig_text_width(p->fonts, s, pr->size, pr->bold);
        shift = pr->anchor == FIG_MIDDLE ? w / 2 : w;
    }
    cairo_save(p->cr);
    cairo_translate(p->cr, pr->x, pr->y);
    cairo_rotate(p->cr, -pr->rotate * M_PI / 180.0);
    set_color(p->cr, pr->color);
    for (int a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && g[b].face == g[a].face && g[b].synth_bold == g[a].synth_bold; b++)
            ;
        show_run(p, g + a, b - a, pr->size, shift);
    }
    cairo_restore(p->cr);
}

/* Stripes as the PNG draws them: along x + y = const, `width` thick, one
 * every 4 widths measured across them, clipped to the box. */
static void hatch(cairo_t *cr, const FigPrim *pr)
{
    double period = 4.0 * pr->width * M_SQRT2, reach = pr->w + pr->h;
    cairo_save(cr);
    cairo_rectangle(cr, pr->x, pr->y, pr->w, pr->h);
    cairo_clip(cr);
    for (double c = period / 2; c < reach + period; c += period) {
        cairo_move_to(cr, pr->x + c, pr->y);
        cairo_line_to(cr, pr->x + c - reach, pr->y + reach);
    }
    cairo_set_line_width(cr, pr->width);
    set_color(cr, pr->color);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void image(cairo_t *cr, const FigDoc *d, const FigPrim *pr)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pr->iw, pr->ih);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || pr->w <= 0 || pr->h <= 0) {
        cairo_surface_destroy(s);
        return;
    }
    cairo_surface_flush(s);
    uint8_t *dst = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    const uint8_t *px = fig_image_pixels(d, pr);
    for (int y = 0; y < pr->ih; y++)
        for (int x = 0; x < pr->iw; x++) {
            const uint8_t *c = px + ((size_t)y * (size_t)pr->iw + (size_t)x) * 3;
            uint32_t v = 0xff000000u | (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
            memcpy(dst + (size_t)y * (size_t)stride + (size_t)x * 4, &v, 4);
        }
    cairo_surface_mark_dirty(s);
    cairo_save(cr);
    cairo_translate(cr, pr->x, pr->y);
    cairo_scale(cr, pr->w / pr->iw, pr->h / pr->ih);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_rectangle(cr, 0, 0, pr->iw, pr->ih);
    cairo_fill(cr);
    cairo_restore(cr);
    cairo_surface_destroy(s);
}

static void gradient(cairo_t *cr, const FigPrim *pr)
{
    cairo_pattern_t *pat = cairo_pattern_create_linear(0, pr->y + pr->h, 0, pr->y);
    for (int s = 0; s <= 32; s++) {
        Rgb c = cmap_color(pr->cmap, pr->t0 + (pr->t1 - pr->t0) * s / 32.0);
        cairo_pattern_add_color_stop_rgb(pat, s / 32.0, c.r / 255.0, c.g / 255.0, c.b / 255.0);
    }
    cairo_rectangle(cr, pr->x, pr->y, pr->w, pr->h);
    cairo_set_source(cr, pat);
    cairo_fill(cr);
    cairo_pattern_destroy(pat);
}

static void draw(FigPdf *p, const FigDoc *d)
{
    cairo_t *cr = p->cr;
    for (int i = 0; i < d->n; i++) {
        const FigPrim *pr = &d->v[i];
        switch (pr->kind) {
        case FIG_RECT:
        case FIG_CELL:
            cairo_rectangle(cr, pr->x, pr->y, pr->w, pr->h);
            set_color(cr, pr->color);
            cairo_fill(cr);
            break;
        case FIG_LINE:
            cairo_move_to(cr, pr->x, pr->y);
            cairo_line_to(cr, pr->x + pr->w, pr->y + pr->h);
            cairo_set_line_width(cr, pr->width);
            cairo_set_line_cap(cr, pr->w != 0 && pr->h != 0 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
            set_color(cr, pr->color);
            cairo_stroke(cr);
            break;
        case FIG_DOT:
            cairo_new_sub_path(cr);
            cairo_arc(cr, pr->x, pr->y, pr->w, 0, 2 * M_PI);
            set_color(cr, pr->color);
            cairo_fill(cr);
            break;
        case FIG_HATCH: hatch(cr, pr); break;
        case FIG_GRADIENT: gradient(cr, pr); break;
        case FIG_IMAGE: image(cr, d, pr); break;
        case FIG_TEXT: text(p, d, pr); break;
        }
    }
}

int fig_pdf_page(FigPdf *p, double w, double h, FigRgba background, const FigPlace *v, int n)
{
    cairo_pdf_surface_set_size(p->surface, w, h);
    if (background.a > 0) {
        set_color(p->cr, background);
        cairo_paint(p->cr);
    }
    for (int i = 0; i < n; i++) {
        cairo_save(p->cr);
        cairo_translate(p->cr, v[i].x, v[i].y);
        cairo_scale(p->cr, v[i].k, v[i].k);
        draw(p, v[i].doc);
        cairo_restore(p->cr);
    }
    cairo_show_page(p->cr);
    p->pages++;
    return cairo_status(p->cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

int fig_pdf_close(FigPdf *p, char *err, size_t errlen)
{
    cairo_destroy(p->cr);
    cairo_surface_finish(p->surface);
    cairo_status_t st = cairo_surface_status(p->surface);
    cairo_surface_destroy(p->surface);
    for (int i = 0; i < PDF_FACES; i++)
        for (int b = 0; b < 2; b++)
            if (p->faces[i][b])
                cairo_font_face_destroy(p->faces[i][b]);
    free(p);
    if (st != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errlen, "PDF: %s", cairo_status_to_string(st));
        return -1;
    }
    return 0;
}

int fig_pdf_write(const FigDoc *d, FigFonts *fonts, FILE *f, char *err, size_t errlen)
{
    FigPdf *p = fig_pdf_open(f, fonts, d->title, d->source);
    double k = 72.0 / (d->dpi > 0 ? d->dpi : 96);      /* points per pixel */
    FigPlace place = {d, 0, 0, k};
    fig_pdf_page(p, d->width * k, d->height * k, d->background, &place, 1);
    return fig_pdf_close(p, err, errlen);
}
