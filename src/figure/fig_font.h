/* fig_font.h - text for figures: FreeType faces found through fontconfig,
 * measured for the layout and drawn anti-aliased onto a FigCanvas.
 *
 * A FigFonts owns its faces and a cache of rendered glyphs; it is not
 * thread-safe. The first face is DejaVu Sans (or the --font file); a
 * character that face lacks is looked up through fontconfig (a CJK font
 * for Chinese labels, when one is installed) and that face is kept. */
#ifndef ATTN_FIG_FONT_H
#define ATTN_FIG_FONT_H

#include <stdbool.h>
#include <stddef.h>

#include "figure/fig_doc.h"

typedef struct FigFonts FigFonts;

/* path: a font file to use instead of DejaVu Sans (regular and bold), or
 * NULL. lang ("en"/"zh", may be NULL) steers the fallback search. Returns
 * NULL with a message when no usable font is found. */
FigFonts *fig_fonts_open(const char *path, const char *lang, char *err, size_t errlen);
void fig_fonts_close(FigFonts *f);

/* The advance width of utf8 at px pixels per em. */
double fig_text_width(FigFonts *f, const char *utf8, double px, bool bold);
/* Ascent and descent of the main face as fractions of the em (both > 0). */
void fig_font_extent(FigFonts *f, double *ascent, double *descent);
/* True if some face has a glyph for every character of utf8. */
bool fig_fonts_cover(FigFonts *f, const char *utf8);
/* The main face's family name, for the SVG. */
const char *fig_fonts_family(const FigFonts *f);

/* One character of a text as a vector backend (the PDF) draws it: which
 * face, which glyph, where its pen starts (pixels from the text's start)
 * and where its UTF-8 bytes are. The same faces and advances as
 * fig_text_width and fig_text_draw, so every backend places text alike. */
typedef struct {
    int face;               /* an index for fig_fonts_face_file */
    unsigned glyph;         /* 0: no face has it (a box) */
    double x;
    const char *utf8;       /* into the text given */
    int bytes;
    bool synth_bold;        /* bold wanted, the face has none: embolden */
} FigGlyph;

/* Fills out[0..max) with the glyphs of utf8 at px; returns how many there
 * are (may exceed max: then only max were written). */
int fig_text_glyphs(FigFonts *f, const char *utf8, double px, bool bold, FigGlyph *out, int max);
/* The file (and the index in it) of face i; NULL when there is no face i. */
const char *fig_fonts_face_file(const FigFonts *f, int i, int *index);

/* Draws utf8 with the start of its baseline at (x, y), turned `rotate`
 * degrees counter-clockwise about that point. */
void fig_text_draw(FigFonts *f, FigCanvas *cv, const char *utf8, double x, double y, double px, int rotate,
                   bool bold, FigRgba color);

#endif
