/* export.c - `attnlab export`: figures of a lesson's steps, as PNG or SVG. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "figure/fig_font.h"
#include "figure/figure.h"
#include "base/util.h"

#define EXPORT_USAGE                                                                                      \
    "export LESSON [--step N | --all] [--panel NAME] -o FILE.png|FILE.svg|DIR [--scale 1-4]\n"          \
    "        [--theme light|dark] [--transparent] [--cmap NAME] [--values|--no-values] [--title TEXT]\n"  \
    "        [--font FILE] [--lang en|zh]"

typedef struct {
    const char *lesson, *out;
    int step;               /* 1-based; 0: not given */
    bool all;
    int panel;              /* a PanelId, FIG_PANEL_ALL, or FIG_PANEL_DEFAULT */
    FigOptions fig;
} ExportArgs;

static int usage_error(const char *fmt, const char *what)
{
    fprintf(stderr, "attnlab: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\nusage: attnlab " EXPORT_USAGE "\n");
    return EXIT_USAGE;
}

/* "--name VALUE" or "--name=VALUE": 1 and *val when argv[*i] is that
 * option, 0 when it is not, -1 when its value is missing. */
static int option(int argc, char **argv, int *i, const char *name, const char **val)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return 0;
    if (argv[*i][n] == '=') {
        *val = argv[*i] + n + 1;
        return 1;
    }
    if (argv[*i][n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *val = argv[++*i];
    return 1;
}

static int set_value(ExportArgs *a, const char *name, const char *v)
{
    if (strcmp(name, "--step") == 0)
        return cli_parse_step(v, &a->step) < 0 ? EXIT_USAGE : 0;
    if (strcmp(name, "--panel") == 0) {
        int p = panel_parse(v);
        a->panel = strcasecmp(v, "all") == 0 ? FIG_PANEL_ALL : p;
        return strcasecmp(v, "all") != 0 && p < 0 ? usage_error("unknown panel '%s' (scores, weights, output, Q, K, V, heads, "
                                            "affinity, all, or another panel name)", v) : 0;
    }
    if (strcmp(name, "-o") == 0 || strcmp(name, "--output") == 0)
        return a->out = v, 0;
    if (strcmp(name, "--scale") == 0) {
        char *end;
        long s = strtol(v, &end, 10);
        if (end == v || *end || s < 1 || s > 4)
            return usage_error("--scale takes 1, 2, 3 or 4, not '%s'", v);
        return a->fig.scale = (int)s, 0;
    }
    if (strcmp(name, "--theme") == 0) {
        if (strcmp(v, "light") && strcmp(v, "dark"))
            return usage_error("--theme is light or dark, not '%s'", v);
        return a->fig.theme = strcmp(v, "dark") == 0 ? FIG_THEME_DARK : FIG_THEME_LIGHT, 0;
    }
    if (strcmp(name, "--cmap") == 0) {
        a->fig.cmap = cmap_parse(v);
        return a->fig.cmap < 0 ? usage_error("unknown colour map '%s' (viridis, magma, cividis, greys, rdbu, puor)", v)
                               : 0;
    }
    if (strcmp(name, "--lang") == 0) {
        if (strcmp(v, "en") && strcmp(v, "zh"))
            return usage_error("--lang is en or zh, not '%s'", v);
        return a->fig.lang = v, 0;
    }
    if (strcmp(name, "--title") == 0)
        return a->fig.title = v, 0;
    return a->fig.font = v, 0;      /* --font */
}

static int parse_args(int argc, char **argv, ExportArgs *a)
{
    static const char *const valued[] = {"--step", "--panel", "-o", "--output", "--scale", "--theme",
                                         "--cmap", "--lang", "--title", "--font"};
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *v = NULL;
        int hit = 0;
        for (size_t k = 0; k < sizeof valued / sizeof valued[0] && !hit; k++) {
            hit = option(argc, argv, &i, valued[k], &v);
            if (hit < 0)
                return usage_error("%s needs a value", valued[k]);
            if (hit) {
                int rc = set_value(a, valued[k], v);
                if (rc)
                    return rc;
            }
        }
        if (hit)
            continue;
        if (strcmp(arg, "--all") == 0)
            a->all = true;
        else if (strcmp(arg, "--transparent") == 0)
            a->fig.transparent = true;
        else if (strcmp(arg, "--values") == 0)
            a->fig.values = FIG_VALUES_ON;
        else if (strcmp(arg, "--no-values") == 0)
            a->fig.values = FIG_VALUES_OFF;
        else if (arg[0] == '-' && arg[1])
            return usage_error("unknown option %s", arg);
        else if (!a->lesson)
            a->lesson = arg;
        else
            return usage_error("export takes one lesson, not also '%s'", arg);
    }
    if (!a->lesson)
        return usage_error("%s", "export needs a lesson");
    if (!a->out || !a->out[0])
        return usage_error("%s", "export needs -o FILE.png, FILE.svg or a folder");
    if (a->all && a->step)
        return usage_error("%s", "give --step N or --all, not both");
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

static int export_step(const Lesson *l, int k, const ExportArgs *a, bool to_dir, int *written)
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
    Result r;
    if (engine_run(&sc, &r, err, sizeof err) < 0) {
        fprintf(stderr, "%s: step %d: %s\n", l->path, k + 1, err);
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

int cmd_export(int argc, char **argv)
{
    ExportArgs a = {.panel = FIG_PANEL_DEFAULT, .fig = fig_default_options()};
    int rc = parse_args(argc, argv, &a);
    if (rc)
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
    for (int k = first; k <= last && rc == 0; k++) {
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
