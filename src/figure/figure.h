/* figure.h - slide-ready figures (PNG, SVG or PDF) of a step's panels, and
 * decks: a lesson as one PDF, a page a step.
 *
 * fig_export() reads a Result (it never computes attention): it lays the
 * figure out once into primitives (fig_doc.h) and hands them to the PNG,
 * SVG or PDF backend, chosen by the path's extension. The file is written
 * atomically (fig_write.h): a temporary file in the target directory,
 * fsync, rename; on any failure or SIGINT/SIGTERM/SIGHUP nothing is left
 * behind. The lesson, result and scenario are only borrowed. Used by
 * `attnlab export` and by the terminal UI's e/E. */
#ifndef ATTN_FIGURE_H
#define ATTN_FIGURE_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/cost.h"
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
    bool loglog;            /* the cost chart on log-log axes */
    int per_row;            /* panels side by side before wrapping; 0: by their
                               count (a deck page picks what fills it best) */
} FigOptions;

/* Writes a laid-out doc (fig_layout_plan) to path (.png, .svg or .pdf)
 * atomically, as fig_export does; -1 with err when a text has no font or
 * the file cannot be written (nothing is left then). */
int fig_export_doc(const FigDoc *doc, struct FigFonts *fonts, const char *path, char *err, size_t errlen);

/* The panel that stands for a whole figure when none is named. */
#define FIG_PANEL_ALL (-1)
/* For a command line: no panel named yet, so the step's own default
 * (fig_default_panel); never passed to fig_export. */
#define FIG_PANEL_DEFAULT (-2)
/* Every panel the step shows as heat maps, as FIG_PANEL_ALL draws a step
 * without the picture: for a step with the picture, whose FIG_PANEL_ALL is
 * the captioning figure, the rest of what it shows (its file "-panels"). */
#define FIG_PANEL_GRID (-3)

FigOptions fig_default_options(void);

/* Exports step `step` (0-based) of l. panel: a PanelId, or FIG_PANEL_ALL
 * for the step's own figure: every panel it shows, laid out as on screen,
 * or the cost chart (fig_cost.c) for a step that shows only that. path
 * ends in .png, .svg or .pdf. Returns 0, or -1 with a sentence in err
 * (nothing was written). A figure with text no font can draw fails. */
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

/* Whether step s has a figure of panel (a PanelId, the cost chart
 * included, or FIG_PANEL_ALL); if not, why in err. */
bool fig_step_has_figure(const LessonStep *s, const Scenario *sc, int panel, char *err, size_t errlen);

/* The extension of path without its dot ("" if none), and whether it is
 * a format fig_export writes (png, svg, pdf; any case). */
const char *fig_extension(const char *path);
bool fig_format_known(const char *ext);

/* "<lesson basename>-step<N>-<panel>.<ext>" (N from 1; panel "all" for
 * FIG_PANEL_ALL) into buf. */
void fig_file_name(const Lesson *l, int step, int panel, const char *ext, char *buf, size_t n);

/* The layout alone, for tests and other backends: fills *doc (free it with
 * fig_doc_free). fonts come from fig_font.h. Returns 0 or -1 with err. */
struct FigFonts;
/* The whole figure as fig_export writes it (the cost chart included, the
 * lesson named by its file name, text checked against the fonts). */
int fig_build(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
              struct FigFonts *fonts, FigDoc *doc, char *err, size_t errlen);
int fig_layout(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
               struct FigFonts *fonts, FigDoc *doc, char *err, size_t errlen);

/* The cost chart (fig_cost.c): time against n for full and local attention
 * as measured in c, with each series' fitted slope (the exponent of n),
 * on linear axes or, with opt->loglog, log-log ones. */
int fig_cost_layout(const CostRun *c, const char *title, const FigOptions *opt, struct FigFonts *fonts,
                    FigDoc *doc, char *err, size_t errlen);
/* A measured chart (fig_cost.c): two series over planned x values, series
 * 0 red and 1 blue; the cost chart and the bottleneck share it. */
typedef struct {
    int n_planned, done;
    const int *xs;              /* (n_planned) ascending */
    const double *y[2];         /* (done) each */
    double ymax;                /* the y axis's top; 0: rounded up from the data */
    bool slopes;                /* each series' fitted slope in the legend; log-log axes allowed */
    int x_label_every;          /* label the x ticks divisible by it (and the first); 0: all */
    const char *subtitle, *x_name, *y_name, *legend[2];
} FigChart;
int fig_chart_layout(const FigChart *c, const char *title, const FigOptions *opt, struct FigFonts *fonts,
                     FigDoc *doc, char *err, size_t errlen);
/* The bottleneck (fig_cost.c): the accuracy of reversal against length,
 * without and with attention, measured now (lab/bottleneck.h: a few seconds). */
int fig_bn_layout(const char *title, const FigOptions *opt, struct FigFonts *fonts, FigDoc *doc, char *err,
                  size_t errlen);

/* Whether step s shows panel image (then its whole figure is the captioning one). */
bool fig_image_shown(const LessonStep *s);
/* Whether step s shows the picture and other panels too: its whole step is
 * then two figures, the captioning one (FIG_PANEL_ALL) and the panels
 * (FIG_PANEL_GRID); export, the deck and the lab's E write both. */
bool fig_step_has_grid(const LessonStep *s);
/* The captioning figure (fig_image.c, panel image): the lesson's picture
 * once per query word with its weights blended over it, one colour bar.
 * -1 with err when the step's keys are no picture's regions. */
int fig_image_layout(const Lesson *l, int step, const Result *r, const Scenario *sc, const FigOptions *opt,
                     struct FigFonts *fonts, FigDoc *doc, char *err, size_t errlen);
/* A deck (fig_deck.c): a lesson as one PDF, one 16:9 page a step, each
 * page the step's figure as fig_export draws it, fitted; with notes, the
 * step's narration under it. Written atomically, like every figure. */
typedef struct FigDeck FigDeck;
/* NULL with err when the file cannot be started. Borrows l and opt. */
FigDeck *fig_deck_open(const Lesson *l, const FigOptions *opt, bool notes, const char *path, char *err,
                       size_t errlen);
/* Adds step `step`'s page (panel as for fig_export); with FIG_PANEL_ALL a
 * step with the picture and other panels gets a second page, its panels
 * (FIG_PANEL_GRID). 0 or -1 with err. */
int fig_deck_add(FigDeck *d, int step, const Result *r, const Scenario *sc, int panel, char *err, size_t errlen);
/* Finishes the file when ok (and every page was added), else removes it;
 * frees d. 0 when the file is there, else -1 with err. */
int fig_deck_close(FigDeck *d, bool ok, char *err, size_t errlen);

#endif
