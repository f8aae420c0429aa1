/* cmd.c - compute, check, and the shared helpers of the subcommands. */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/json.h"
#include "base/util.h"

int cli_parse_step(const char *arg, int *out)
{
    char *end;
    long v = arg ? strtol(arg, &end, 10) : 0;
    if (!arg || end == arg || *end != '\0' || v < 1 || v > 100000) {
        fprintf(stderr, "attnlab: --step takes a step number from 1\n");
        return -1;
    }
    *out = (int)v;
    return 0;
}

const char *cli_default_lang(void)
{
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "zh", 2) == 0 ? "zh" : "en";
    }
    return "en";
}

/* Why arg names no lesson: it exists but is no file (a folder, a device,
 * a pipe: reading those could block or never end), or it is not there. */
static void no_lesson(const char *arg)
{
    struct stat st;
    if (stat(arg, &st) == 0)
        fprintf(stderr, "attnlab: %s is %s, not a lesson file\n", arg, S_ISDIR(st.st_mode) ? "a folder"
                                                                      : "a device, pipe or socket");
    else
        fprintf(stderr, "attnlab: no lesson '%s' (give a path, a number from 1, or a name; "
                        "`attnlab check` lists problems)\n", arg);
}


int cli_load_lesson(const char *arg, int step, Lesson *l)
{
    char *path = lesson_resolve(arg);
    if (!path) {
        no_lesson(arg);
        return EXIT_INPUT;
    }
    Diags d = {0};
    int rc = lesson_load(path, l, &d);
    diags_print(&d, stderr);
    diags_free(&d);
    free(path);
    if (rc != 0)
        return EXIT_INPUT;
    if (step > l->n_steps) {
        fprintf(stderr, "attnlab: %s has %d steps, not %d\n", l->path, l->n_steps, step);
        lesson_free(l);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int bad_usage(const char *msg)
{
    fprintf(stderr, "attnlab: %s (see attnlab --help)\n", msg);
    return EXIT_USAGE;
}

const char *cli_option(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    return *i + 1 < argc ? argv[++*i] : "";
}

/* --step and --lang, shared by compute and open: 1 taken, 0 not these, -1 bad. */
static int step_or_lang(int argc, char **argv, int *i, int *step, const char **lang)
{
    const char *v;
    if ((v = cli_option(argc, argv, i, "--step")) != NULL)
        return cli_parse_step(v, step) < 0 ? -1 : 1;
    if ((v = cli_option(argc, argv, i, "--lang")) != NULL) {
        if (strcmp(v, "en") && strcmp(v, "zh")) {
            bad_usage("--lang is en or zh");
            return -1;
        }
        *lang = v;
        return 1;
    }
    return 0;
}

int cmd_compute(int argc, char **argv)
{
    const char *name = NULL, *lang = "en";
    int step = 0;
    for (int i = 0; i < argc; i++) {
        int taken = step_or_lang(argc, argv, &i, &step, &lang);
        if (taken < 0)
            return EXIT_USAGE;
        if (taken)
            continue;
        if (argv[i][0] == '-' && argv[i][1]) {
            return bad_usage("compute takes LESSON [--step N] [--lang en|zh]");
        } else if (!name) {
            name = argv[i];
        } else {
            return bad_usage("compute takes one lesson");
        }
    }
    if (!name)
        return bad_usage("compute needs a lesson");
    Lesson l;
    int rc = cli_load_lesson(name, step, &l);
    if (rc)
        return rc;
    char err[300];
    char *json = json_lesson(&l, step - 1, lang, err, sizeof err);
    if (!json) {
        fprintf(stderr, "%s: %s\n", l.path, err);
        lesson_free(&l);
        return EXIT_INPUT;
    }
    puts(json);
    free(json);
    lesson_free(&l);
    return EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
    if (argc == 0)
        return bad_usage("check needs one or more lessons");
    int bad = 0;
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1])
            return bad_usage("check takes lesson files only");
    }
    for (int i = 0; i < argc; i++) {
        char *path = lesson_resolve(argv[i]);
        Diags d = {0};
        Lesson l;
        struct stat st;
        if (!path && stat(argv[i], &st) == 0) {
            no_lesson(argv[i]);
            bad++;
            continue;
        }
        if (!path) {
            fprintf(stderr, "%s: no such lesson\n", argv[i]);
            bad++;
            continue;
        }
        if (lesson_load(path, &l, &d) == 0) {
            printf("%s: ok, %d step%s\n", path, l.n_steps, l.n_steps == 1 ? "" : "s");
            lesson_free(&l);
        } else {
            bad++;
        }
        diags_print(&d, stderr);
        diags_free(&d);
        free(path);
    }
    return bad ? EXIT_INPUT : EXIT_OK;
}

#include <curses.h>
#include <term.h>
#include <unistd.h>

#include "cli/textview.h"
#include "lab/words.h"
#include "tui/ui.h"

/* The terminal lab wants a real terminal on both ends, of a known type;
 * otherwise the plain text view serves. */
static bool interactive(void)
{
    const char *term = getenv("TERM");
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !term || !*term || strcmp(term, "dumb") == 0)
        return false;
    int err;
    if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
        fprintf(stderr, "attnlab: no terminfo entry for TERM=%s: showing plain text\n", term);
        return false;
    }
    del_curterm(cur_term);
    return true;
}

static int text_open(const char *name, int step, const char *lang)
{
    if (!name) {
        textview_menu(stdout, lang);
        return EXIT_OK;
    }
    Lesson l;
    int rc = cli_load_lesson(name, step, &l);
    if (rc)
        return rc;
    for (int k = step ? step - 1 : 0; k < (step ? step : l.n_steps); k++) {
        Scenario sc = lesson_scenario(&l, k);
        Result r;
        char err[300];
        EngineError why;
        if (engine_run(&sc, &r, &why) < 0) {
            fprintf(stderr, "%s: %s\n", l.path, words_engine_error(&why, false, err, sizeof err));
            lesson_free(&l);
            return EXIT_INPUT;
        }
        textview_step(stdout, &l, k, &r, &sc, lang);
        result_free(&r);
    }
    lesson_free(&l);
    return EXIT_OK;
}

static int ui_open_checked(const char *name, int step, const char *lang, HmColorOpt color)
{
    if (name) {
        /* problems in the file are printed as FILE:LINE before the screen starts */
        Lesson l;
        int rc = cli_load_lesson(name, step, &l);
        if (rc)
            return rc;
        lesson_free(&l);
    }
    UiOptions o = {.lesson = name, .step = step, .lang = lang, .color = color};
    return ui_run(&o);
}

int cmd_open(int argc, char **argv)
{
    const char *name = NULL, *lang = cli_default_lang();
    int step = 0, color = HM_COLOR_AUTO;
    for (int i = 0; i < argc; i++) {
        int taken = step_or_lang(argc, argv, &i, &step, &lang);
        if (taken < 0)
            return EXIT_USAGE;
        if (taken)
            continue;
        const char *a = argv[i], *v;
        if ((v = cli_option(argc, argv, &i, "--color")) != NULL) {
            if ((color = hm_parse_color(v)) < 0)
                return bad_usage("--color is auto, never, 16, 256 or truecolor");
        } else if (a[0] == '-' && a[1]) {
            return bad_usage("unknown option");
        } else if (!name) {
            name = a;
        } else {
            return bad_usage("give one lesson");
        }
    }
    if (!interactive())
        return text_open(name, step, lang);
    return ui_open_checked(name, step, lang, (HmColorOpt)color);
}
