/* figure.h - slide-ready figures (PNG or SVG) of a step's panels.
 *
 * fig_export() reads a Result (it never computes attention): it lays the
 * figure out once into primitives (fig_doc.h) and hands them to the PNG or
 * SVG backend, chosen by the path's extension. The file is written
 * atomically: a temporary file in the target directory, fsync, rename; on
 * any failure nothing is left behind. The lesson, result and scenario are
 * only borrowed. Used by `attnlab export` and by the terminal UI's e/E. */
#ifndef ATTN_FIGURE_H
#define ATTN_FIGURE_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/engine.h"
#include "figure/fig_doc.h"
#include "lesson/lesson.h"

typedef enum { FIG_THEME_LIGHT, FIG_THEME_DARK } FigTheme;
typedef enum { FIG_VALUES_AUTO, FIG_VALUES_ON, FIG_VALUES_OFF } FigValues;
/* The colour range of weights: the fixed 0..1, or fitted to the data (for
 * diffuse maps); signed numbers always run over +-max |value|. */
typedef enum { FIG_RANGE_FIXED, FIG_RANGE_DATA } FigRange;

typedef struct {
    int scale;              /* 1..4 pixels per unit; 96 dpi per unit (default 2) */
    FigTheme theme;
    bool transparent;       /* no background: RGBA PNG, no SVG background rect */
    int cmap;               /* a Cmap, or -1. A sequential map colours weights,
                               a diverging one signed matrices; the other
                               kind keeps its default (viridis, rdbu) */
    FigValues values;       /* numbers in the cells; auto: while they fit */
    FigRange range;         /* weights' colour range (the bar says which) */
    const char *title;      /* NULL: the step's title */
    const char *font;       /* a font file instead of DejaVu Sans, or NULL */
    const char *lang;       /* "en" or "zh" (NULL: "en") */
} FigOptions;

/* The panel that stands for a whole figure when none is named. */
#define FIG_PANEL_ALL (-1)
/* For a command line: no panel named yet, so the step's own default
 * (fig_default_panel); never passed to fig_export. */
#define FIG_PANEL_DEFAULT (-2)

FigOptions fig_default_options(void);

/* Exports step `step` (0-based) of l. panel: a PanelId, or FIG_PANEL_ALL
 * for every panel of the step laid out as on screen. path ends in .png or
 * .svg. Returns 0, or -1 with a sentence in err (nothing was written). */
int fig_export(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
               const char *path, char *err, size_t errlen);

/* The panel a figure of step s shows by default: weights, heads for a
 * multi-head step, affinity for co-attention. */
int fig_default_panel(const LessonStep *s);

/* Whether step s can draw panel (whatever it lists); if not, why in err. */
bool fig_panel_available(const LessonStep *s, const Scenario *sc, int panel, char *err, size_t errlen);

/* Whether the colour map `cmap` (a Cmap, or -1) fits the panels a figure of
 * step s shows (panel as for fig_export): 0 every panel it could colour
 * takes it (or no map named); 1 some keep their default (a sequential map
 * colours weights, a diverging one signed numbers), and 2 none take it;
 * then a sentence in why. */
int fig_cmap_fit(const LessonStep *s, const Scenario *sc, int panel, int cmap, char *why, size_t whylen);

/* "<lesson basename>-step<N>-<panel>.<ext>" (N from 1; panel "all" for
 * FIG_PANEL_ALL) into buf. */
void fig_file_name(const Lesson *l, int step, int panel, const char *ext, char *buf, size_t n);

/* The layout alone, for tests and other backends: fills *doc (free it with
 * fig_doc_free). fonts come from fig_font.h. Returns 0 or -1 with err. */
struct FigFonts;
int fig_layout(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
               struct FigFonts *fonts, FigDoc *doc, char *err, size_t errlen);

#endif
