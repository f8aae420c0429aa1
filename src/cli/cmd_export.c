/* cmd_export.c - `attnlab export`: figures of a lesson's steps, as PNG, SVG
 * or PDF, and a whole lesson as one PDF deck. */
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
    const char *format;     /* "png", "svg" or "pdf": the files of -o DIR */
    bool notes;             /* a deck's pages carry the narration */
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
    snprintf(why, whylen, "unknown panel '%s' (attnlab export --help lists them)", v);
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
    {.name = "--all", .kind = CLI_FLAG, AT(all),
     .help = "every step: one file each into the folder -o names (made if missing), or one PDF deck"},
    {.name = "--panel", .kind = CLI_CALL, .arg = "NAME", .set = set_panel,
     .help = "one panel (names below); default: what the step shows, laid out as on screen (a step with the "
             "picture beside other panels: the captioning figure, and its panels in FILE-panels.png)"},
    {.name = "-o", .alias = "--output", .kind = CLI_STRING, .arg = "FILE|DIR", AT(out),
     .help = "FILE.png, FILE.svg, FILE.pdf, or a folder (files named LESSON-stepN-PANEL.png)"},
    {.name = "--format", .kind = CLI_CHOICE, .arg = "png|svg|pdf", AT(format), .choices = "png|svg|pdf",
     .help = "the files written into a folder (default png)"},
    {.name = "--notes", .kind = CLI_FLAG, AT(notes), .help = "a PDF deck's pages carry the step's narration"},
    {.name = "--log", .kind = CLI_FLAG, AT(fig.loglog), .help = "the cost chart on log-log axes"},
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
    .synopsis = "LESSON [--step N|--all] [--panel NAME] -o FILE.png|.svg|.pdf|DIR [OPTIONS]",
    .summary = "a figure for slides (PNG, SVG or PDF), or a lesson as a PDF deck",
    .opts = opts,
    .args = "LESSON",
    .min_args = 1,
    .max_args = 1,
    .run = run,
};

static bool is_dir(const char *path)
{
    struct stat st;
    size_t n = strlen(path);
    return (n > 0 && path[n - 1] == '/') || (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

/* The options the table cannot check alone; 0 or EXIT_USAGE (said). */
static int check_args(ExportArgs *a)
{
    if (!a->out || !a->out[0])
        return cli_usage_error(&cmd_export_entry, "export needs -o FILE.png, FILE.svg, FILE.pdf or a folder");
    if (a->all && a->step)
        return cli_usage_error(&cmd_export_entry, "give --step N or --all, not both");
    const char *ext = fig_extension(a->out);
    size_t n = strlen(a->out);
    if (ext[0] && a->out[n - 1] != '/' && !fig_format_known(ext) && !is_dir(a->out))
        return cli_usage_error(&cmd_export_entry, "%s: a figure file ends in .png, .svg or .pdf", a->out);
    if (a->all && ext[0] && a->out[n - 1] != '/' && strcasecmp(ext, "pdf") != 0 && !is_dir(a->out))
        return cli_usage_error(&cmd_export_entry, "--all writes one file per step into a folder, or one deck: "
                                                  "-o DIR or -o FILE.pdf, not %s", a->out);
    if (a->notes && !(a->all && strcasecmp(ext, "pdf") == 0))
        return cli_usage_error(&cmd_export_entry, "--notes goes with a deck: --all -o FILE.pdf");
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

static void progress(int done, int total)
{
    int width = 30, fill = total ? done * width / total : width;
    fprintf(stderr, "\rexporting [%.*s%*s] %d/%d", fill, "##############################", width - fill, "", done,
            total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* The panel a figure of step s shows: the one named, else the step's own
 * figure (every panel it shows, or its cost chart). */
static int step_panel(const ExportArgs *a)
{
    return a->panel == FIG_PANEL_DEFAULT ? FIG_PANEL_ALL : a->panel;
}

/* Runs step k of l into *r; 0 or EXIT_INPUT (said). */
static int run_step(const Lesson *l, int k, Scenario *sc, Result *r)
{
    EngineError why;
    char err[400];
    *sc = lesson_scenario(l, k);
    if (engine_run(sc, r, &why) < 0) {
        fprintf(stderr, "%s: step %d: %s\n", l->path, k + 1, words_engine_error(&why, false, err, sizeof err));
        return EXIT_INPUT;
    }
    return 0;
}

/* Whether step k has the figure asked for. If not, *rc says what follows:
 * 0, skip the step (--all: only the steps that have the panel), or
 * EXIT_INPUT (said). */
static bool has_figure(const Lesson *l, int k, const ExportArgs *a, int *rc)
{
    Scenario sc = lesson_scenario(l, k);
    char err[400];
    *rc = 0;
    if (fig_step_has_figure(&l->steps[k], &sc, step_panel(a), err, sizeof err))
        return true;
    if (!a->all) {
        fprintf(stderr, "attnlab: %s step %d: %s\n", l->path, k + 1, err);
        *rc = EXIT_INPUT;
    }
    return false;
}

/* A --cmap that some panel of step k cannot take: a note once, or (one
 * figure that it would not colour at all) a command-line error. 0 or
 * EXIT_USAGE (said). */
static int cmap_fit(const Lesson *l, int k, ExportArgs *a)
{
    Scenario sc = lesson_scenario(l, k);
    char err[400];
    int fit = fig_cmap_fit(&l->steps[k], &sc, step_panel(a), a->fig.cmap, err, sizeof err);
    if (fit == 2 && !a->all)
        return cli_usage_error(&cmd_export_entry, "%s", err);  /* the map would colour nothing */
    if (fit != 0 && !a->cmap_said)
        a->cmap_said = true, fprintf(stderr, "attnlab: note: %s\n", err);
    return 0;
}

/* The file for a step's panels beside its captioning figure at out: in a
 * folder by fig_file_name, else out with "-panels" before its extension. */
static void grid_path(const Lesson *l, int k, const ExportArgs *a, bool to_dir, const char *out, char *buf,
                      size_t n)
{
    if (to_dir) {
        char name[512];
        fig_file_name(l, k, FIG_PANEL_GRID, a->format ? a->format : "png", name, sizeof name);
        size_t len = strlen(a->out);
        snprintf(buf, n, "%s%s%s", a->out, len && a->out[len - 1] == '/' ? "" : "/", name);
        return;
    }
    const char *dot = strrchr(out, '.');
    int stem = (int)(dot ? dot - out : (ptrdiff_t)strlen(out));
    snprintf(buf, n, "%.*s-panels%s", stem, out, dot ? dot : "");
}

/* Writes the figure of panel for step k to out and names it on stdout;
 * 0 or EXIT_INPUT (said). */
static int write_figure(const Lesson *l, int k, const Result *r, const Scenario *sc, int panel, ExportArgs *a,
                        const char *out, int *written)
{
    char err[400];
    if (fig_export(l, k, r, sc, panel, &a->fig, out, err, sizeof err) < 0) {
        fprintf(stderr, "attnlab: %s\n", err);
        return EXIT_INPUT;
    }
    printf("%s\n", out);
    (*written)++;
    return 0;
}

static int export_step(const Lesson *l, int k, ExportArgs *a, bool to_dir, int *written)
{
    int rc;
    if (!has_figure(l, k, a, &rc))
        return rc;
    if ((rc = cmap_fit(l, k, a)) != 0)
        return rc;
    Scenario sc;
    Result r;
    if (run_step(l, k, &sc, &r) != 0)
        return EXIT_INPUT;
    char name[512], path[4096], grid[4200];
    const char *out = a->out;
    int panel = step_panel(a);
    if (to_dir) {
        fig_file_name(l, k, panel, a->format ? a->format : "png", name, sizeof name);
        size_t n = strlen(a->out);
        snprintf(path, sizeof path, "%s%s%s", a->out, n && a->out[n - 1] == '/' ? "" : "/", name);
        out = path;
    }
    rc = write_figure(l, k, &r, &sc, panel, a, out, written);
    /* the step as shown: a picture beside other panels is two figures */
    if (rc == 0 && panel == FIG_PANEL_ALL && fig_step_has_grid(&l->steps[k])) {
        grid_path(l, k, a, to_dir, out, grid, sizeof grid);
        rc = write_figure(l, k, &r, &sc, FIG_PANEL_GRID, a, grid, written);
    }
    result_free(&r);
    return rc;
}

/* --all -o FILE.pdf: every step that has the figure, a page each. */
static int export_deck(const Lesson *l, ExportArgs *a, bool bar)
{
    char err[400];
    FigDeck *d = fig_deck_open(l, &a->fig, a->notes, a->out, err, sizeof err);
    if (!d) {
        fprintf(stderr, "attnlab: %s\n", err);
        return EXIT_INPUT;
    }
    int rc = 0, pages = 0;
    for (int k = 0; k < l->n_steps && rc == 0; k++) {
        if (!has_figure(l, k, a, &rc))
            continue;
        cmap_fit(l, k, a);      /* --all: a note at most */
        Scenario sc;
        Result r;
        if ((rc = run_step(l, k, &sc, &r)) != 0)
            break;
        if (fig_deck_add(d, k, &r, &sc, step_panel(a), err, sizeof err) < 0) {
            fprintf(stderr, "attnlab: %s step %d: %s\n", l->path, k + 1, err);
            rc = EXIT_INPUT;
        }
        result_free(&r);
        pages += rc == 0;
        if (bar && rc == 0)
            progress(k + 1, l->n_steps);
    }
    if (rc == 0 && pages == 0) {
        fprintf(stderr, "attnlab: no step of %s has the panel %s\n", l->path, panel_name(a->panel));
        rc = EXIT_INPUT;
    }
    if (fig_deck_close(d, rc == 0, err, sizeof err) < 0 && rc == 0) {
        fprintf(stderr, "attnlab: %s\n", err);
        rc = EXIT_INPUT;
    }
    if (rc == 0)
        printf("%s\n", a->out);
    return rc;
}

/* After the options, the names --panel takes, from the panel table. */
static void help_panels(void)
{
    printf("\npanels (--panel NAME):");
    for (int k = 0; k < PANEL__COUNT; k++)
        printf(" %s", panel_name(k));
    printf(" all\n(cost is the cost lesson's chart; all: every panel of the step; a step that shows the picture\n"
           "beside other panels is two figures, FILE.png the captioning one and FILE-panels.png the rest, or in a\n"
           "folder LESSON-stepN-all.png and LESSON-stepN-panels.png; a deck gives it two pages)\n");
}

/* -o DIR for --all: made when missing (its parent must exist); 0 or
 * EXIT_INPUT (said). */
static int make_folder(const char *dir)
{
    if (is_dir(dir) && access(dir, F_OK) == 0) {
        if (access(dir, W_OK) != 0) {
            fprintf(stderr, "attnlab: cannot write in %s: %s\n", dir, strerror(errno));
            return EXIT_INPUT;
        }
        return 0;
    }
    if (mkdir(dir, 0777) != 0) {
        fprintf(stderr, "attnlab: cannot make the folder %s: %s\n", dir, strerror(errno));
        return EXIT_INPUT;
    }
    return 0;
}

/* attnlab export: one figure, one per step with --all, or a deck; the exit
 * status. */
static int run(int argc, char **argv)
{
    ExportArgs a = {.panel = FIG_PANEL_DEFAULT, .fig = fig_default_options()};
    int n, rc;
    if (!cli_parse(&cmd_export_entry, argc, argv, &a, &n, &rc)) {
        if (rc == EXIT_OK)
            help_panels();
        return rc;
    }
    a.lesson = argv[0];
    if ((rc = check_args(&a)) != 0)
        return rc;
    bool deck = a.all && strcasecmp(fig_extension(a.out), "pdf") == 0 && !is_dir(a.out);
    bool to_dir = !deck && (a.all || is_dir(a.out));
    if (to_dir && a.all && (rc = make_folder(a.out)) != 0)
        return rc;
    if (to_dir && !is_dir(a.out)) {
        fprintf(stderr, "attnlab: %s is not a folder\n", a.out);
        return EXIT_INPUT;
    }
    if (to_dir && access(a.out, W_OK) != 0) {
        fprintf(stderr, "attnlab: cannot write in %s: %s\n", a.out, strerror(errno));
        return EXIT_INPUT;
    }
    Lesson l;
    if ((rc = cli_load_lesson(a.lesson, a.step, &l)) != 0)
        return rc;
    bool bar = a.all && isatty(STDERR_FILENO);
    if (deck) {
        rc = export_deck(&l, &a, bar);
        lesson_free(&l);
        return rc;
    }
    int first = a.all ? 0 : (a.step ? a.step - 1 : 0), last = a.all ? l.n_steps - 1 : first, written = 0;
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
