/* cmd_open.c - `attnlab [LESSON]`: the lesson menu or a lesson, in the
 * terminal lab when there is a terminal, else as plain text. */
#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/textview.h"
#include "lab/words.h"
#include "tui/ui.h"

typedef struct {
    int step;               /* 1-based; 0: not given */
    const char *lang;
    int color;              /* a HmColorOpt */
} OpenArgs;

static int set_color(void *ctx, const char *v, char *why, size_t whylen)
{
    return cli_color(v, &((OpenArgs *)ctx)->color, why, whylen);
}

static const CliOpt opts[] = {
    {.name = "--step", .kind = CLI_INT, .arg = "N", .offset = offsetof(OpenArgs, step), .lo = 1, .hi = 100000,
     .help = "open the lesson at step N (from 1)"},
    {.name = "--lang", .kind = CLI_CHOICE, .arg = "en|zh", .offset = offsetof(OpenArgs, lang),
     .choices = "en|zh", .help = "narration and the lab's own words (default: from LANG)"},
    {.name = "--color", .kind = CLI_CALL, .arg = "auto|never|16|256|truecolor", .set = set_color,
     .help = "the terminal lab's colours (default auto; NO_COLOR is respected)"},
    {0},
};

static int run(int argc, char **argv);

const CliEntry cmd_open_entry = {
    .name = NULL,
    .synopsis = "[LESSON [--step N]] [--lang en|zh] [--color=auto|never|16|256|truecolor]",
    .summary = "the lesson menu, or a lesson (a path, a number or a name) at a step",
    .opts = opts,
    .args = "LESSON",
    .min_args = 0,
    .max_args = 1,
    .run = run,
};

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
    /* a failed write (a full disk) stops at the next step; main says so */
    for (int k = step ? step - 1 : 0; k < (step ? step : l.n_steps) && !cli_stdout_failed(); k++) {
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

/* attnlab [LESSON]: the terminal lab on a terminal, else plain text. */
static int run(int argc, char **argv)
{
    OpenArgs a = {.lang = cli_default_lang(), .color = HM_COLOR_AUTO};
    int n, rc;
    if (!cli_parse(&cmd_open_entry, argc, argv, &a, &n, &rc))
        return rc;
    const char *name = n ? argv[0] : NULL;
    if (!interactive())
        return text_open(name, a.step, a.lang);
    return ui_open_checked(name, a.step, a.lang, (HmColorOpt)a.color);
}
