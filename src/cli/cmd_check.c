/* cmd_check.c - `attnlab check`: validates lessons, each problem as
 * FILE:LINE: message. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli/cli.h"

static int run(int argc, char **argv);

static const CliOpt opts[] = {{0}};

const CliEntry cmd_check_entry = {
    .name = "check",
    .synopsis = "LESSON...",
    .summary = "validate lessons; errors as FILE:LINE: message",
    .opts = opts,
    .args = "LESSON...",
    .min_args = 1,
    .max_args = -1,
    .run = run,
};

/* One lesson: prints "PATH: ok, N steps" or its problems; 0 when ok. */
static int check_one(const char *arg)
{
    struct stat st;
    char *path = lesson_resolve(arg);
    if (!path && stat(arg, &st) == 0) {
        cli_no_lesson(arg);
        return -1;
    }
    if (!path) {
        fprintf(stderr, "%s: no such lesson\n", arg);
        return -1;
    }
    Diags d = {0};
    Lesson l;
    int rc = lesson_load(path, &l, &d);
    if (rc == 0) {
        printf("%s: ok, %d step%s\n", path, l.n_steps, l.n_steps == 1 ? "" : "s");
        lesson_free(&l);
    }
    diags_print(&d, stderr);
    diags_free(&d);
    free(path);
    return rc == 0 ? 0 : -1;
}

/* attnlab check LESSON...: each checked; 1 when any is wrong. */
static int run(int argc, char **argv)
{
    int n, rc, bad = 0;
    if (!cli_parse(&cmd_check_entry, argc, argv, NULL, &n, &rc))
        return rc;
    for (int i = 0; i < n; i++)
        bad += check_one(argv[i]) < 0;
    return bad ? EXIT_INPUT : EXIT_OK;
}
