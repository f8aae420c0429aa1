/* figure.c - see figure.h: panels, file names, and the atomic write. */
#include "figure/figure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "engine/cost.h"
#include "model/dump_read.h"
#include "figure/fig_dump.h"
#include "figure/fig_font.h"
#include "figure/fig_write.h"

FigOptions fig_default_options(void)
{
    return (FigOptions){.scale = 2, .theme = FIG_THEME_LIGHT, .cmap = -1, .values = FIG_VALUES_AUTO, .lang = "en"};
}

int fig_default_panel(const LessonStep *s)
{
    switch (s->cfg.mode) {
    case MODE_MULTIHEAD: return PANEL_HEADS;
    case MODE_COATTENTION: return PANEL_AFFINITY;
    default: return PANEL_WEIGHTS;
    }
}

/* Whether the step's figure is that of kind (a panel drawn its own way:
 * the cost chart, a model's heads): kind named, or the whole step when
 * kind is all it shows. */
static bool is_own(const LessonStep *s, const Scenario *sc, int panel, int kind)
{
    if (panel == kind)
        return true;
    if (panel != FIG_PANEL_ALL)
        return false;
    bool shown = false;
    for (int i = 0; i < s->n_panels; i++) {
        if (s->panels[i] == kind)
            shown = true;
        else if (panel_drawable(s->panels[i], sc) == PAV_OK)
            return false;
    }
    return shown;
}

/* The measured chart (cost or bottleneck) the step's figure is, or -1. */
static int live_chart(const LessonStep *s, const Scenario *sc, int panel)
{
    if (is_own(s, sc, panel, PANEL_COST))
        return PANEL_COST;
    return is_own(s, sc, panel, PANEL_BOTTLENECK) ? PANEL_BOTTLENECK : -1;
}

/* panel model: the grid of the lesson's `dump` (fig_dump.c) */
static bool is_model(const LessonStep *s, const Scenario *sc, int panel) { return is_own(s, sc, panel, PANEL_MODEL); }

bool fig_panel_available(const LessonStep *s, const Scenario *sc, int p, char *err, size_t errlen)
{
    (void)s;    /* sc->cfg is the step's configuration */
    PanelWhy why = panel_drawable(p, sc);
    if (why != PAV_OK)
        snprintf(err, errlen, "no panel %s here: %s", panel_name(p), panel_why_text(why));
    return why == PAV_OK;
}

bool fig_step_has_figure(const LessonStep *s, const Scenario *sc, int panel, char *err, size_t errlen)
{
    if (panel == PANEL_COST || panel == PANEL_BOTTLENECK || panel == PANEL_MODEL) {
        /* drawn their own way: where the step shows them */
        for (int i = 0; i < s->n_panels; i++)
            if (s->panels[i] == panel)
                return true;
        snprintf(err, errlen, "no panel %s here: the step does not show it", panel_name(panel));
        return false;
    }
    if (live_chart(s, sc, panel) >= 0 || is_model(s, sc, panel))
        return true;
    if (panel == FIG_PANEL_GRID && !fig_step_has_grid(s)) {
        snprintf(err, errlen, "the step shows no picture beside other panels");
        return false;
    }
    if (panel == FIG_PANEL_ALL || panel == FIG_PANEL_GRID) {
        for (int i = 0; i < s->n_panels; i++)
            if (fig_panel_available(s, sc, s->panels[i], err, errlen))
                return true;
        snprintf(err, errlen, "the step shows no panel a figure can draw");
        return false;
    }
    return fig_panel_available(s, sc, panel, err, errlen);
}

void fig_file_name(const Lesson *l, int step, int panel, const char *ext, char *buf, size_t n)
{
    const char *base = strrchr(l->path, '/');
    base = base ? base + 1 : l->path;
    size_t len = strlen(base);
    if (len > 7 && strcmp(base + len - 7, ".lesson") == 0)
        len -= 7;
    snprintf(buf, n, "%.*s-step%d-%s.%s", (int)len, base, step + 1,
             panel == FIG_PANEL_ALL ? "all" : panel == FIG_PANEL_GRID ? "panels" : panel_name(panel), ext);
}

/* Writes doc to path in the format of ext, through fig_write.h: the name
 * only ever holds a complete figure. */
static int write_atomic(const char *path, const FigDoc *doc, FigFonts *fonts, const char *ext, char *err,
                        size_t errlen)
{
    FigTmp t;
    if (fig_tmp_open(&t, path, err, errlen) < 0)
        return -1;
    char why[200] = "";
    int rc = strcasecmp(ext, "svg") == 0   ? fig_svg_write(doc, t.f, why, sizeof why)
             : strcasecmp(ext, "pdf") == 0 ? fig_pdf_write(doc, fonts, t.f, why, sizeof why)
                                           : fig_png_write(doc, fonts, t.f, why, sizeof why);
    return fig_tmp_commit(&t, rc, why, err, errlen);
}

const char *fig_extension(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

bool fig_format_known(const char *ext)
{
    return strcasecmp(ext, "png") == 0 || strcasecmp(ext, "svg") == 0 || strcasecmp(ext, "pdf") == 0;
}

/* The first text of doc that no font can draw (it would show as boxes), or
 * NULL. */
static const char *undrawable(const FigDoc *doc, FigFonts *fonts)
{
    for (int i = 0; i < doc->n; i++)
        if (doc->v[i].kind == FIG_TEXT && !fig_fonts_cover(fonts, fig_text(doc, &doc->v[i])))
            return fig_text(doc, &doc->v[i]);
    return NULL;
}

/* The grid of the lesson's `dump` (panel model). */
static int model_layout(const Lesson *l, const FigOptions *opt, FigFonts *fonts, FigDoc *doc, char *err,
                        size_t errlen)
{
    Diags diags = {0};
    AttnDump *d = l->dump ? dump_read(l->dump, NULL, &diags) : NULL;
    if (!d)
        snprintf(err, errlen, "%s", diags.n ? diags.v[0].msg : "the lesson has no `dump` for panel model");
    diags_free(&diags);
    int rc = d ? fig_dump_layout(d, FIG_DUMP_GRID, 0, 0, opt, fonts, doc, err, errlen) : -1;
    dump_free(d);
    return rc;
}

int fig_build(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
              FigFonts *fonts, FigDoc *doc, char *err, size_t errlen)
{
    const LessonStep *s = &l->steps[step];
    int rc;
    int live = live_chart(s, sc, panel);
    if (live >= 0) {
        StrBuf b = {0};
        char e2[64];
        const char *lang = opt->lang ? opt->lang : "en";
        ref_render(text_get(&s->title, lang), r, sc, &b, e2, sizeof e2);
        const char *title = opt->title ? opt->title : b.s ? b.s : "";
        if (live == PANEL_BOTTLENECK) {
            rc = fig_bn_layout(title, opt, fonts, doc, err, errlen);    /* a few seconds */
        } else {
            CostRun run;
            cost_init(&run);
            cost_measure_all(&run);     /* half a second at most (COST_BUDGET_S) */
            rc = fig_cost_layout(&run, title, opt, fonts, doc, err, errlen);
            cost_free(&run);
        }
        free(b.s);
    } else if (is_model(s, sc, panel)) {
        rc = model_layout(l, opt, fonts, doc, err, errlen);
    } else if (panel == PANEL_IMAGE || (panel == FIG_PANEL_ALL && fig_image_shown(s))) {
        /* a step with the picture is its captioning figure (fig_image.c) */
        rc = fig_image_layout(l, step, r, sc, opt, fonts, doc, err, errlen);
    } else {
        rc = fig_layout(l, step, r, sc, panel == FIG_PANEL_GRID ? FIG_PANEL_ALL : panel, opt, fonts, doc, err, errlen);
    }
    if (rc < 0)
        return -1;
    /* the lesson by its file name: a full path would tell the user's home */
    const char *base = strrchr(l->path, '/');
    free(doc->source);
    doc->source = xstrdup(base ? base + 1 : l->path);
    const char *bad = undrawable(doc, fonts);
    if (bad) {
        snprintf(err, errlen, "no installed font can draw \"%.60s\" (it would show as boxes): install a font "
                              "with these characters (make deps installs fonts-wqy-microhei), or give --font FILE",
                 bad);
        fig_doc_free(doc);
        return -1;
    }
    return 0;
}

int fig_export_doc(const FigDoc *doc, FigFonts *fonts, const char *path, char *err, size_t errlen)
{
    const char *bad = undrawable(doc, fonts), *ext = fig_extension(path);
    if (bad) {
        snprintf(err, errlen, "no installed font can draw \"%.60s\" (it would show as boxes): install a font "
                              "with these characters (make deps installs fonts-wqy-microhei)", bad);
        return -1;
    }
    if (!fig_format_known(ext)) {
        snprintf(err, errlen, "%s: a figure file ends in .png, .svg or .pdf", path);
        return -1;
    }
    return write_atomic(path, doc, fonts, ext, err, errlen);
}

int fig_export(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
               const char *path, char *err, size_t errlen)
{
    const char *ext = fig_extension(path);
    if (!fig_format_known(ext)) {
        snprintf(err, errlen, "%s: a figure file ends in .png, .svg or .pdf", path);
        return -1;
    }
    if (opt->scale < 1 || opt->scale > 4) {
        snprintf(err, errlen, "the scale is 1 to 4, not %d", opt->scale);
        return -1;
    }
    if (step < 0 || step >= l->n_steps) {
        snprintf(err, errlen, "%s has no step %d", l->path, step + 1);
        return -1;
    }
    FigFonts *fonts = fig_fonts_open(opt->font, opt->lang, err, errlen);
    if (!fonts)
        return -1;
    FigDoc doc;
    int rc = fig_build(l, step, r, sc, panel, opt, fonts, &doc, err, errlen);
    if (rc == 0) {
        rc = write_atomic(path, &doc, fonts, ext, err, errlen);
        fig_doc_free(&doc);
    }
    fig_fonts_close(fonts);
    return rc;
}
