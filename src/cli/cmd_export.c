/* cmd_export.c - `attnlab export`: figures of a lesson's steps, as PNG or SVG. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "figure/fig_font.h"
#include "figure/figure.h"
#include "lab/words.h"
#include "base/util.h"


typedef struct {
    const char *lesson, *out;
    int step;               /* 1-based; 0: not given */
    bool all;
    int panel;              /* a PanelId, FIG_PANEL_ALL, or FIG_PANEL_DEFAULT */
    const char *theme;      /* "light" or "dark" */
    const char *range;      /* "fixed" or "data" */
    const char *on;         /* "dark" or "light": a transparent figure for that slide */
    bool cmap_said;         /* a --cmap that some panel cannot take was said once */
    FigOptions fig;
} ExportArgs;

/* The CLI_CALL setters: 0, or -1 with why (CliOpt.set). */
static int set_panel(void *ctx, const char *v, char *why, size_t whylen)
{
    ExportArgs *a = ctx;
    if (strcasecmp(v, "all") == 0)
        return a->panel = FIG_PANEL_ALL, 0;
    if ((a->panel = panel_parse(v)) >= 0)
        return 0;
    snprintf(why, whylen, "unknown panel '%s' (scores, weights, output, Q, K, V, heads, affinity, all, or "
                          "another panel name)", v);
    return -1;
}

static int set_cmap(void *ctx, const char *v, char *why, size_t whylen)
{
    ExportArgs *a = ctx;
    if ((a->fig.cmap = cmap_parse(v)) >= 0)
        return 0;
    snprintf(why, whylen, "unknown colour map '%s' (viridis, magma, cividis, greys, rdbu, puor)", v);
    return -1;
}

static int set_values(void *ctx, const char *v, char *why, size_t whylen)
{
    (void)v, (void)why, (void)whylen;
    ((ExportArgs *)ctx)->fig.values = FIG_VALUES_ON;
    return 0;
}

static int set_no_values(void *ctx, const char *v, char *why, size_t whylen)
{
    (void)v, (void)why, (void)whylen;
    ((ExportArgs *)ctx)->fig.values = FIG_VALUES_OFF;
    return 0;
}

#define AT(field) .offset = offsetof(ExportArgs, field)
static const CliOpt opts[] = {
    {.name = "--step", .kind = CLI_INT, .arg = "N", AT(step), .lo = 1, .hi = 100000,
     .help = "the step (from 1; default the first)"},
    {.name = "--all", .kind = CLI_FLAG, AT(all), .help = "every step, one file each, into the folder -o names"},
    {.name = "--panel", .kind = CLI_CALL, .arg = "NAME", .set = set_panel,
     .help = "a panel (weights, scores, heads, ...) or all; default: the step's own"},
    {.name = "-o", .alias = "--output", .kind = CLI_STRING, .arg = "FILE|DIR", AT(out),
     .help = "FILE.png, FILE.svg, or a folder (files named LESSON-stepN-PANEL.png)"},
    {.name = "--scale", .kind = CLI_INT, .arg = "1-4", AT(fig.scale), .lo = 1, .hi = 4,
     .help = "pixels per unit, 96 dpi each (default 2)"},
    {.name = "--theme", .kind = CLI_CHOICE, .arg = "light|dark", AT(theme), .choices = "light|dark",
     .help = "light (default) or dark background"},
    {.name = "--transparent", .kind = CLI_FLAG, AT(fig.transparent),
     .help = "no background; text as the theme's (--on picks it for the slide)"},
    {.name = "--on", .kind = CLI_CHOICE, .arg = "dark|light", AT(on), .choices = "dark|light",
     .help = "transparent, with text that reads on a dark or light slide"},
    {.name = "--cmap", .kind = CLI_CALL, .arg = "NAME", .set = set_cmap,
     .help = "weights: viridis, magma, cividis, greys; signed (scores, Q, K, V): rdbu, puor"},
    {.name = "--range", .kind = CLI_CHOICE, .arg = "fixed|data", AT(range), .choices = "fixed|data",
     .help = "weights' colours over the fixed 0..1 (default) or fitted to the data"},
    {.name = "--values", .kind = CLI_CALL, .set = set_values, .help = "numbers in the cells, always"},
    {.name = "--no-values", .kind = CLI_CALL, .set = set_no_values,
     .help = "no numbers in the cells (default: while they fit)"},
    {.name = "--title", .kind = CLI_STRING, .arg = "TEXT", AT(fig.title), .help = "instead of the step's title"},
    {.name = "--font", .kind = CLI_STRING, .arg = "FILE", AT(fig.font), .help = "a font file instead of DejaVu Sans"},
    {.name = "--lang", .kind = CLI_CHOICE, .arg = "en|zh", AT(fig.lang), .choices = "en|zh",
     .help = "the language of titles and labels (default en)"},
    {0},
};
#undef AT

static int run(int argc, char **argv);

const CliEntry cmd_export_entry = {
    .name = "export",
    .synopsis = "LESSON [--step N|--all] [--panel NAME] -o FILE.png|FILE.svg|DIR [OPTIONS]",
    .summary = "a figure for slides (PNG or SVG)",
    .opts = opts,
    .args = "LESSON",
    .min_args = 1,
    .max_args = 1,
    .run = run,
};

/* The options the table cannot check alone; 0 or EXIT_USAGE (said). */
static int check_args(ExportArgs *a)
{
    if (!a->out || !a->out[0])
        return cli_usage_error(&cmd_export_entry, "export needs -o FILE.png, FILE.svg or a folder");
    if (a->all && a->step)
        return cli_usage_error(&cmd_export_entry, "give --step N or --all, not both");
    if (a->theme)
        a->fig.theme = strcmp(a->theme, "dark") == 0 ? FIG_THEME_DARK : FIG_THEME_LIGHT;
    if (a->on && a->theme && strcmp(a->on, a->theme) != 0)
        return cli_usage_error(&cmd_export_entry, "--on gives the text a slide's colours: --theme must agree");
    if (a->on) {
        a->fig.transparent = true;
        a->fig.theme = strcmp(a->on, "dark") == 0 ? FIG_THEME_DARK : FIG_THEME_LIGHT;
    }
    if (a->range)
        a->fig.range = strcmp(a->range, "data") == 0 ? FIG_RANGE_DATA : FIG_RANGE_FIXED;
    return 0;
}

static bool is_dir(const char *path)
{
    struct stat st;
    size_t n = strlen(path);
    return (n > 0 && path[n - 1] == '/') || (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

static void progress(int done, int total)
{
    int width = 30, fill = total ? done * width / total : width;
    fprintf(stderr, "\rexporting [%.*s%*s] %d/%d", fill, "##############################", width - fill, "", done,
            total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* Chinese text with no font to draw it would come out as boxes: say so. */
static void warn_missing_cjk(const FigOptions *o)
{
    char err[200];
    FigFonts *f = fig_fonts_open(o->font, o->lang, err, sizeof err);
    if (f && !fig_fonts_cover(f, "注意力"))
        fprintf(stderr, "attnlab: no font with Chinese characters was found (install fonts-noto-cjk, or give "
                        "--font FILE): Chinese text will show as boxes\n");
    fig_fonts_close(f);
}

/* Whether any panel of the step can be a figure (the cost chart cannot). */
static bool any_figure(const LessonStep *s, const Scenario *sc)
{
    char err[200];
    for (int i = 0; i < s->n_panels; i++)
        if (fig_panel_available(s, sc, s->panels[i], err, sizeof err))
            return true;
    return false;
}

static int export_step(const Lesson *l, int k, ExportArgs *a, bool to_dir, int *written)
{
    const LessonStep *s = &l->steps[k];
    Scenario sc = lesson_scenario(l, k);
    int panel = a->panel == FIG_PANEL_DEFAULT ? fig_default_panel(s) : a->panel;
    char err[400];
    if (panel != FIG_PANEL_ALL && !fig_panel_available(s, &sc, panel, err, sizeof err)) {
        if (a->all)
            return 0;   /* --all: only the steps that have the panel */
        fprintf(stderr, "attnlab: %s step %d: %s\n", l->path, k + 1, err);
        return EXIT_INPUT;
    }
    if (panel == FIG_PANEL_ALL && a->all && !any_figure(s, &sc))
        return 0;       /* a step with only the terminal's live cost chart */
    int fit = fig_cmap_fit(s, &sc, panel, a->fig.cmap, err, sizeof err);
    if (fit == 2 && !a->all)
        return cli_usage_error(&cmd_export_entry, "%s", err);  /* the map would colour nothing */
    if (fit != 0 && !a->cmap_said)
        a->cmap_said = true, fprintf(stderr, "attnlab: note: %s\n", err);
    Result r;
    EngineError why;
    if (engine_run(&sc, &r, &why) < 0) {
        fprintf(stderr, "%s: step %d: %s\n", l->path, k + 1, words_engine_error(&why, false, err, sizeof err));
        return EXIT_INPUT;
    }
    char name[512], path[4096];
    const char *out = a->out;
    if (to_dir) {
        fig_file_name(l, k, panel, "png", name, sizeof name);
        size_t n = strlen(a->out);
        snprintf(path, sizeof path, "%s%s%s", a->out, n && a->out[n - 1] == '/' ? "" : "/", name);
        out = path;
    }
    int rc = fig_export(l, k, &r, &sc, panel, &a->fig, out, err, sizeof err);
    result_free(&r);
    if (rc < 0) {
        fprintf(stderr, "attnlab: %s\n", err);
        return EXIT_INPUT;
    }
    printf("%s\n", out);
    (*written)++;
    return 0;
}

/* attnlab export: one figure, or one per step with --all; the exit status. */
static int run(int argc, char **argv)
{
    ExportArgs a = {.panel = FIG_PANEL_DEFAULT, .fig = fig_default_options()};
    int n, rc;
    if (!cli_parse(&cmd_export_entry, argc, argv, &a, &n, &rc))
        return rc;
    a.lesson = argv[0];
    if ((rc = check_args(&a)) != 0)
        return rc;
    bool to_dir = a.all || is_dir(a.out);
    if (to_dir && !is_dir(a.out)) {
        fprintf(stderr, "attnlab: --all writes one file per step into a folder: %s is not one\n", a.out);
        return a.out[strlen(a.out) - 1] == '/' || !strchr(a.out, '.') ? EXIT_INPUT : EXIT_USAGE;
    }
    if (to_dir && access(a.out, W_OK) != 0) {
        fprintf(stderr, "attnlab: cannot write in %s: %s\n", a.out, strerror(errno));
        return EXIT_INPUT;
    }
    Lesson l;
    if ((rc = cli_load_lesson(a.lesson, a.step, &l)) != 0)
        return rc;
    if (a.fig.lang && strcmp(a.fig.lang, "zh") == 0)
        warn_missing_cjk(&a.fig);
    int first = a.all ? 0 : (a.step ? a.step - 1 : 0), last = a.all ? l.n_steps - 1 : first, written = 0;
    bool bar = a.all && isatty(STDERR_FILENO);
    /* a failed write of the file names (stdout full) stops too; main says so */
    for (int k = first; k <= last && rc == 0 && !cli_stdout_failed(); k++) {
        rc = export_step(&l, k, &a, to_dir, &written);
        if (bar && rc == 0)
            progress(k - first + 1, last - first + 1);
    }
    if (rc == 0 && written == 0) {
        fprintf(stderr, "attnlab: no step of %s has the panel %s\n", l.path, panel_name(a.panel));
        rc = EXIT_INPUT;
    }
    lesson_free(&l);
    return rc;
}
