/* fig_deck.c - a lesson as one PDF deck (see figure.h): a 16:9 page a
 * step, the step's figure fitted into it, and with notes the step's
 * narration wrapped under it. The figure is the very FigDoc fig_export
 * writes, drawn by the PDF backend, so a deck page and the PNG of a step
 * show the same thing. A step that shows the picture beside other panels
 * gets two pages: the captioning figure, then its panels. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/util.h"
#include "figure/fig_font.h"
#include "figure/fig_write.h"
#include "figure/figure.h"

#define PAGE_W 960.0            /* points: 13.33 x 7.5 inches, a 16:9 slide */
#define PAGE_H 540.0
#define MARGIN 24.0
#define NOTE_PT 13.0
#define NOTE_LINE (NOTE_PT * 1.4)

struct FigDeck {
    const Lesson *l;
    const FigOptions *opt;
    bool notes;
    FigFonts *fonts;
    FigTmp tmp;
    FigPdf *pdf;
    int failed;             /* a page could not be drawn */
};

FigDeck *fig_deck_open(const Lesson *l, const FigOptions *opt, bool notes, const char *path, char *err,
                       size_t errlen)
{
    FigDeck *d = xcalloc(1, sizeof *d);
    d->l = l;
    d->opt = opt;
    d->notes = notes;
    d->fonts = fig_fonts_open(opt->font, opt->lang, err, errlen);
    if (!d->fonts || fig_tmp_open(&d->tmp, path, err, errlen) < 0) {
        fig_fonts_close(d->fonts);
        free(d);
        return NULL;
    }
    const char *base = strrchr(l->path, '/');
    d->pdf = fig_pdf_open(d->tmp.f, d->fonts, text_get(&l->title, opt->lang ? opt->lang : "en"),
                          base ? base + 1 : l->path);
    return d;
}

/* Whether a line may break before character c (after a space, or around
 * Chinese, which has no spaces). */
static bool cjk(unsigned c) { return c >= 0x2E80 && c < 0xFF00; }

/* Adds the next line of s (at most width points) to notes at y; returns
 * where the rest starts. */
static const char *note_line(FigDoc *notes, FigFonts *f, const char *s, double width, double y, FigRgba col)
{
    const char *p = s, *cut = NULL;
    char buf[1024];
    bool prev_cjk = false, over = false;
    while (*p && *p != '\n') {
        const char *at = p;
        unsigned c = utf8_next(&p);
        if (at > s && (c == ' ' || cjk(c) || prev_cjk))
            cut = at;
        prev_cjk = cjk(c);
        size_t n = (size_t)(p - s) < sizeof buf ? (size_t)(p - s) : sizeof buf - 1;
        memcpy(buf, s, n);
        buf[n] = '\0';
        if (cut && fig_text_width(f, buf, NOTE_PT, false) > width) {
            over = true;
            break;
        }
    }
    const char *end = over ? cut : p;
    size_t n = (size_t)(end - s) < sizeof buf ? (size_t)(end - s) : sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    fig_add_text(notes, buf, (float)MARGIN, (float)y, (float)NOTE_PT, FIG_START, 0, false, col);
    while (*end == ' ')
        end++;
    return *end == '\n' ? end + 1 : end;
}

/* The step's narration as lines under the figure, at most 40% of the
 * page; returns the height it takes (0 without notes). */
static double make_notes(FigDeck *d, int step, const Result *r, const Scenario *sc, FigRgba col, FigDoc *notes)
{
    memset(notes, 0, sizeof *notes);
    if (!d->notes)
        return 0;
    StrBuf b = {0};
    char e2[64];
    const char *lang = d->opt->lang ? d->opt->lang : "en";
    ref_render(text_get(&d->l->steps[step].text, lang), r, sc, &b, e2, sizeof e2);
    int most = (int)(0.4 * PAGE_H / NOTE_LINE), lines = 0;
    double y = 0;
    for (const char *s = b.s ? b.s : ""; *s && lines < most; lines++, y += NOTE_LINE)
        s = note_line(notes, d->fonts, s, PAGE_W - 2 * MARGIN, y, col);
    free(b.s);
    return lines ? lines * NOTE_LINE + 12 : 0;
}

bool fig_step_has_grid(const LessonStep *s)
{
    return fig_image_shown(s) && s->n_panels > 1;
}

/* One page: the figure of panel, fitted, and the notes under it. */
static int add_page(FigDeck *d, int step, const Result *r, const Scenario *sc, int panel, char *err, size_t errlen)
{
    FigDoc fig, notes;
    FigRgba fg = d->opt->theme == FIG_THEME_DARK ? (FigRgba){236, 236, 236, 255} : (FigRgba){30, 30, 30, 255};
    double nh = make_notes(d, step, r, sc, fg, &notes);
    double aw = PAGE_W - 2 * MARGIN, ah = PAGE_H - 2 * MARGIN - nh, k = 0;
    /* panels in one row make a wide strip that a 16:9 page shrinks: try
     * the step's own grid, then two and one a row, and keep the one whose
     * numbers come out largest; never over 1.6 times the figure's own size
     * (a 2 x 2 map must not fill a slide with 60-point numbers) */
    FigOptions o = *d->opt;
    static const int tries[] = {0, 2, 1};     /* 0: the step's own grid */
    for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
        o.per_row = t == 0 ? d->opt->per_row : tries[t];
        FigDoc try;
        if (fig_build(d->l, step, r, sc, panel, &o, d->fonts, &try, err, errlen) < 0) {
            if (k > 0)
                break;
            fig_doc_free(&notes);
            d->failed = 1;
            return -1;
        }
        double own = 72.0 / try.dpi, kt = fmin(fmin(aw / try.width, ah / try.height), 1.6 * own);
        if (kt > k * 1.05) {    /* a clearly larger page figure */
            if (k > 0)
                fig_doc_free(&fig);
            fig = try, k = kt;
        } else {
            fig_doc_free(&try);
        }
    }
    double fx = MARGIN + (aw - fig.width * k) / 2, fy = MARGIN + (ah - fig.height * k) / 2;
    FigPlace v[2] = {{&fig, fx, fy, k}, {&notes, 0, PAGE_H - MARGIN - nh + NOTE_PT + 12, 1}};
    int rc = fig_pdf_page(d->pdf, PAGE_W, PAGE_H, fig.background, v, nh > 0 ? 2 : 1);
    if (rc < 0) {
        snprintf(err, errlen, "PDF: the page of step %d could not be drawn", step + 1);
        d->failed = 1;
    }
    fig_doc_free(&fig);
    fig_doc_free(&notes);
    return rc;
}

int fig_deck_add(FigDeck *d, int step, const Result *r, const Scenario *sc, int panel, char *err, size_t errlen)
{
    if (add_page(d, step, r, sc, panel, err, errlen) < 0)
        return -1;
    if (panel != FIG_PANEL_ALL || !fig_step_has_grid(&d->l->steps[step]))
        return 0;
    return add_page(d, step, r, sc, FIG_PANEL_GRID, err, errlen);   /* the picture's step: its panels too */
}

int fig_deck_close(FigDeck *d, bool ok, char *err, size_t errlen)
{
    char why[200] = "";
    int rc = fig_pdf_close(d->pdf, why, sizeof why);
    if (!ok || d->failed)
        rc = -1;
    rc = fig_tmp_commit(&d->tmp, rc, why, err, errlen);
    fig_fonts_close(d->fonts);
    free(d);
    return rc;
}
