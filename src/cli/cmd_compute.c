/* cmd_compute.c - `attnlab compute`: every stage of a step as JSON. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/json.h"

typedef struct {
    int step;          /* 1-based; 0: every step */
    const char *lang;
} ComputeArgs;

static const CliOpt opts[] = {
    {.name = "--step", .kind = CLI_INT, .arg = "N", .offset = offsetof(ComputeArgs, step), .lo = 1,
     .hi = 100000, .help = "only step N (from 1): one JSON object; else an array of all steps"},
    {.name = "--lang", .kind = CLI_CHOICE, .arg = "en|zh", .offset = offsetof(ComputeArgs, lang),
     .choices = "en|zh", .help = "the language of the narration, hints, question and answer (default from LC_ALL, LC_MESSAGES, LANG)"},
    {0},
};

static int run(int argc, char **argv);

const CliEntry cmd_compute_entry = {
    .name = "compute",
    .synopsis = "LESSON [--step N] [--lang en|zh]",
    .summary = "every stage of a step as JSON on stdout",
    .opts = opts,
    .args = "LESSON",
    .min_args = 1,
    .max_args = 1,
    .run = run,
};

/* attnlab compute LESSON: the JSON of one step or all on stdout; the exit
 * status (cli.h). */
static int run(int argc, char **argv)
{
    ComputeArgs a = {.lang = cli_default_lang()};
    int n, rc;
    if (!cli_parse(&cmd_compute_entry, argc, argv, &a, &n, &rc))
        return rc;
    Lesson l;
    if ((rc = cli_load_lesson(argv[0], a.step, &l)) != 0)
        return rc;
    char err[300];
    char *json = json_lesson(&l, a.step - 1, a.lang, err, sizeof err);
    if (!json) {
        fprintf(stderr, "%s: %s\n", l.path, err);
        lesson_free(&l);
        return EXIT_INPUT;
    }
    puts(json);
    cli_stdout_failed();  /* notes why a write failed, while errno still says (main reports it) */
    free(json);
    lesson_free(&l);
    return EXIT_OK;
}
