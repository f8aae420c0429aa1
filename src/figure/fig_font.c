/* fig_font.c - see fig_font.h.
 *
 * Why the DejaVu file is tried at its Debian path before asking fontconfig:
 * FcInit parses every file in /etc/fonts/conf.d, about 4 ms here, which is
 * half the 10 ms a whole export may take. fontconfig is still what finds
 * the fonts when that file is missing (another distribution) and whenever a
 * character is not in DejaVu (Chinese labels). */
#include "figure/fig_font.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_OUTLINE_H
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/utf8.h"
#include "base/util.h"

#define DEJAVU_DIR "/usr/share/fonts/truetype/dejavu/"
#define MAX_FACES 8
#define CACHE_SLOTS 1024
#define MAX_MISSING 32

typedef struct {
    FT_Face face;
    char *path;
    FT_F26Dot6 size;            /* the pixel size last set, 26.6 */
} Face;

typedef struct {
    bool used;
    uint32_t face, glyph, size64, phase;
    int left, top, w, h;
    uint8_t *bits;              /* (h, w) coverage */
} Glyph;

struct FigFonts {
    FT_Library lib;
    Face faces[MAX_FACES];      /* 0 regular, 1 bold, then fallbacks */
    int n_faces;
    bool fc_ready;
    bool bold_is_regular;       /* --font gave one file: embolden it for bold */
    char lang[8];
    unsigned missing[MAX_MISSING];  /* characters no font has: asked once */
    int n_missing;
    Glyph *cache;               /* (CACHE_SLOTS) unrotated glyphs */
};

static bool add_face(FigFonts *f, const char *path, int index)
{
    if (f->n_faces == MAX_FACES)
        return false;
    Face *fc = &f->faces[f->n_faces];
    if (FT_New_Face(f->lib, path, index, &fc->face) != 0)
        return false;
    fc->path = xstrdup(path);
    fc->size = 0;
    f->n_faces++;
    return true;
}

static bool fc_init(FigFonts *f)
{
    if (!f->fc_ready)
        f->fc_ready = FcInit() == FcTrue;
    return f->fc_ready;
}

/* Asks fontconfig for the best face for a pattern; adds it. */
static bool fc_add(FigFonts *f, FcPattern *pat, unsigned need_char)
{
    bool ok = false;
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, pat, &res);
    FcChar8 *file = NULL;
    FcCharSet *cs = NULL;
    int index = 0;
    if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
        FcPatternGetInteger(m, FC_INDEX, 0, &index);
        bool has = !need_char || (FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) == FcResultMatch &&
                                  FcCharSetHasChar(cs, need_char));
        for (int i = 0; has && i < f->n_faces; i++)
            if (strcmp(f->faces[i].path, (const char *)file) == 0)
                has = false;
        ok = has && add_face(f, (const char *)file, index);
    }
    if (m)
        FcPatternDestroy(m);
    FcPatternDestroy(pat);
    return ok;
}

static bool fc_add_named(FigFonts *f, const char *name)
{
    return fc_init(f) && fc_add(f, FcNameParse((const FcChar8 *)name), 0);
}

FigFonts *fig_fonts_open(const char *path, const char *lang, char *err, size_t errlen)
{
    FigFonts *f = xcalloc(1, sizeof *f);
    snprintf(f->lang, sizeof f->lang, "%s", lang ? lang : "en");
    if (FT_Init_FreeType(&f->lib) != 0) {
        snprintf(err, errlen, "FreeType could not start");
        free(f);
        return NULL;
    }
    bool ok;
    struct stat st;
    if (path && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {   /* a pipe would hang FreeType's read */
        ok = false;
        snprintf(err, errlen, "the font %s is not a regular file (a .ttf or .otf file)", path);
    } else if (path) {
        ok = add_face(f, path, 0) && add_face(f, path, 0);
        f->bold_is_regular = true;
        if (!ok)
            snprintf(err, errlen, "cannot read the font %s (a .ttf or .otf file)", path);
    } else {
        ok = (access(DEJAVU_DIR "DejaVuSans.ttf", R_OK) == 0 && add_face(f, DEJAVU_DIR "DejaVuSans.ttf", 0)) ||
             fc_add_named(f, "DejaVu Sans");
        ok = ok && ((access(DEJAVU_DIR "DejaVuSans-Bold.ttf", R_OK) == 0 &&
                     add_face(f, DEJAVU_DIR "DejaVuSans-Bold.ttf", 0)) ||
                    fc_add_named(f, "DejaVu Sans:bold") || add_face(f, f->faces[0].path, 0));
        if (!ok)
            snprintf(err, errlen, "no DejaVu Sans font found (install fonts-dejavu-core, or give --font FILE)");
    }
    if (!ok) {
        fig_fonts_close(f);
        return NULL;
    }
    f->cache = xcalloc(CACHE_SLOTS, sizeof *f->cache);
    return f;
}

void fig_fonts_close(FigFonts *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n_faces; i++) {
        FT_Done_Face(f->faces[i].face);
        free(f->faces[i].path);
    }
    if (f->cache)
        for (int i = 0; i < CACHE_SLOTS; i++)
            free(f->cache[i].bits);
    free(f->cache);
    FT_Done_FreeType(f->lib);
    free(f);
}

/* The face and glyph that draw character c: the wanted weight first, then
 * any face, then a new fallback from fontconfig. */
static int find_glyph(FigFonts *f, unsigned c, bool bold, FT_UInt *glyph)
{
    int first = bold ? 1 : 0;
    for (int k = 0; k < f->n_faces + 1; k++) {
        int i = k == 0 ? first : k - 1;
        if (k > 0 && i == first)
            continue;
        if (i >= f->n_faces)
            break;
        FT_UInt g = FT_Get_Char_Index(f->faces[i].face, c);
        if (g) {
            *glyph = g;
            return i;
        }
    }
    if (c < 0x20 || c == 0xFFFD)
        goto missing;
    for (int i = 0; i < f->n_missing; i++)
        if (f->missing[i] == c)
            goto missing;
    if (fc_init(f)) {
        FcPattern *p = FcPatternCreate();
        FcCharSet *cs = FcCharSetCreate();
        FcCharSetAddChar(cs, c);
        FcPatternAddCharSet(p, FC_CHARSET, cs);
        FcCharSetDestroy(cs);
        FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)"sans-serif");
        if (strcmp(f->lang, "zh") == 0)
            FcPatternAddString(p, FC_LANG, (const FcChar8 *)"zh-cn");
        if (fc_add(f, p, c)) {
            *glyph = FT_Get_Char_Index(f->faces[f->n_faces - 1].face, c);
            if (*glyph)
                return f->n_faces - 1;
        }
    }
    if (f->n_missing < MAX_MISSING)
        f->missing[f->n_missing++] = c;
missing:
    *glyph = 0;             /* the .notdef box of the wanted face */
    return first;
}

static double advance(FigFonts *f, int face, FT_UInt glyph, double px)
{
    FT_Fixed adv = 0;
    FT_Face fc = f->faces[face].face;
    FT_Get_Advance(fc, glyph, FT_LOAD_NO_SCALE, &adv);
    return (double)adv * px / (double)fc->units_per_EM;
}

double fig_text_width(FigFonts *f, const char *utf8, double px, bool bold)
{
    double w = 0;
    while (*utf8) {
        FT_UInt g;
        int i = find_glyph(f, utf8_next(&utf8), bold, &g);
        w += advance(f, i, g, px);
    }
    return w;
}

int fig_text_glyphs(FigFonts *f, const char *utf8, double px, bool bold, FigGlyph *out, int max)
{
    int n = 0;
    double x = 0;
    while (*utf8) {
        const char *at = utf8;
        FT_UInt g;
        int i = find_glyph(f, utf8_next(&utf8), bold, &g);
        if (n < max)
            out[n] = (FigGlyph){i, g, x, at, (int)(utf8 - at), bold && (i > 1 || f->bold_is_regular)};
        n++;
        x += advance(f, i, g, px);
    }
    return n;
}

const char *fig_fonts_face_file(const FigFonts *f, int i, int *index)
{
    if (i < 0 || i >= f->n_faces)
        return NULL;
    *index = (int)f->faces[i].face->face_index;
    return f->faces[i].path;
}

void fig_font_extent(FigFonts *f, double *ascent, double *descent)
{
    FT_Face fc = f->faces[0].face;
    *ascent = fc->ascender > 0 ? (double)fc->ascender / fc->units_per_EM : 0.9;
    *descent = fc->descender < 0 ? -(double)fc->descender / fc->units_per_EM : 0.25;
}

bool fig_fonts_cover(FigFonts *f, const char *utf8)
{
    while (*utf8) {
        unsigned c = utf8_next(&utf8);
        FT_UInt g;
        find_glyph(f, c, false, &g);
        if (!g && c >= 0x20)
            return false;
    }
    return true;
}

const char *fig_fonts_family(const FigFonts *f)
{
    const char *name = f->faces[0].face->family_name;
    return name ? name : "DejaVu Sans";
}

static void blit(FigCanvas *cv, const uint8_t *bits, int pitch, int w, int h, int x0, int y0, FigRgba c)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            fig_blend(cv, x0 + x, y0 + y, c, bits[(size_t)y * (size_t)pitch + (size_t)x]);
}

/* Renders a glyph at pixel size px, turned by angle, offset by a subpixel
 * delta (26.6, y up), emboldened when the face has no bold of its own (a
 * fallback CJK face). Returns the slot's bitmap or NULL. */
static FT_Bitmap *render(FigFonts *f, int face, FT_UInt glyph, double px, int angle, FT_Vector delta, bool synth)
{
    Face *fc = &f->faces[face];
    FT_F26Dot6 size = (FT_F26Dot6)lround(px * 64.0);
    if (fc->size != size) {
        FT_Set_Char_Size(fc->face, 0, size, 72, 72);
        fc->size = size;
    }
    FT_Matrix m;
    double a = angle * M_PI / 180.0;
    m.xx = (FT_Fixed)lround(cos(a) * 65536.0);
    m.xy = (FT_Fixed)lround(-sin(a) * 65536.0);
    m.yx = (FT_Fixed)lround(sin(a) * 65536.0);
    m.yy = m.xx;
    FT_Set_Transform(fc->face, &m, &delta);
    /* The font's own hints (DejaVu's bytecode, run by FreeType's v40
     * interpreter: heights only) keep text crisp at every size, and in less
     * time than the auto-hinter: 0.95 against 1.17 ms for the benchmark
     * figure's 125 glyphs. Crisp glyphs also compress better: 94 KB against
     * 100 KB auto-hinted and 109 KB unhinted. Turned text is never hinted:
     * the grid it would snap to is not its own. */
    FT_Int32 load = angle ? FT_LOAD_NO_HINTING : FT_LOAD_TARGET_NORMAL | FT_LOAD_NO_AUTOHINT;
    if (FT_Load_Glyph(fc->face, glyph, load) != 0)
        return NULL;
    FT_GlyphSlot s = fc->face->glyph;
    if (synth && s->format == FT_GLYPH_FORMAT_OUTLINE)
        FT_Outline_Embolden(&s->outline, (FT_Pos)lround(px * 64.0 / 24.0));
    if (FT_Render_Glyph(s, FT_RENDER_MODE_NORMAL) != 0)
        return NULL;
    if (s->bitmap.pixel_mode != FT_PIXEL_MODE_GRAY)
        return NULL;
    return &s->bitmap;
}

static void draw_cached(FigFonts *f, FigCanvas *cv, int face, FT_UInt glyph, double px, double x, double y,
                        FigRgba c, bool synth)
{
    double fx = floor(x);
    uint32_t phase = ((uint32_t)((x - fx) * 4.0) & 3) | (synth ? 4u : 0u);
    uint32_t size64 = (uint32_t)lround(px * 64.0);
    uint32_t h = ((uint32_t)face * 2654435761u) ^ (glyph * 40503u) ^ (size64 * 97u) ^ phase;
    int ix = (int)fx, iy = (int)lround(y);
    for (int probe = 0; probe < 8; probe++) {
        Glyph *g = &f->cache[(h + (uint32_t)probe) % CACHE_SLOTS];
        if (g->used && g->face == (uint32_t)face && g->glyph == glyph && g->size64 == size64 && g->phase == phase) {
            blit(cv, g->bits, g->w, g->w, g->h, ix + g->left, iy - g->top, c);
            return;
        }
        if (!g->used) {
            FT_Bitmap *b = render(f, face, glyph, px, 0, (FT_Vector){(FT_Pos)((phase & 3) * 16), 0}, synth);
            if (!b)
                return;
            g->used = true;
            g->face = (uint32_t)face;
            g->glyph = glyph;
            g->size64 = size64;
            g->phase = phase;
            g->w = (int)b->width;
            g->h = (int)b->rows;
            g->left = f->faces[face].face->glyph->bitmap_left;
            g->top = f->faces[face].face->glyph->bitmap_top;
            g->bits = xmalloc((size_t)g->w * (size_t)g->h + 1);
            for (int r = 0; r < g->h; r++)
                memcpy(g->bits + (size_t)r * (size_t)g->w, b->buffer + (ptrdiff_t)r * b->pitch, (size_t)g->w);
            blit(cv, g->bits, g->w, g->w, g->h, ix + g->left, iy - g->top, c);
            return;
        }
    }
    FT_Bitmap *b = render(f, face, glyph, px, 0, (FT_Vector){(FT_Pos)((phase & 3) * 16), 0}, synth);
    if (b)
        blit(cv, b->buffer, b->pitch, (int)b->width, (int)b->rows, ix + f->faces[face].face->glyph->bitmap_left,
             iy - f->faces[face].face->glyph->bitmap_top, c);
}

void fig_text_draw(FigFonts *f, FigCanvas *cv, const char *utf8, double x, double y, double px, int rotate,
                   bool bold, FigRgba color)
{
    double a = rotate * M_PI / 180.0, dx = cos(a), dy = -sin(a);
    while (*utf8) {
        FT_UInt g;
        int i = find_glyph(f, utf8_next(&utf8), bold, &g);
        bool synth = bold && (i > 1 || f->bold_is_regular);
        if (rotate == 0) {
            draw_cached(f, cv, i, g, px, x, y, color, synth);
        } else {
            double fx = floor(x), fy = floor(y);
            FT_Vector delta = {(FT_Pos)lround((x - fx) * 64.0), (FT_Pos)lround(-(y - fy) * 64.0)};
            FT_Bitmap *b = render(f, i, g, px, rotate, delta, synth);
            FT_GlyphSlot s = f->faces[i].face->glyph;
            if (b)
                blit(cv, b->buffer, b->pitch, (int)b->width, (int)b->rows, (int)fx + s->bitmap_left,
                     (int)fy - s->bitmap_top, color);
        }
        double adv = advance(f, i, g, px);
        x += adv * dx;
        y += adv * dy;
    }
}
