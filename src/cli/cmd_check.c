/* cmd_check.c - `attnlab check`: validates lessons, each problem as
 * FILE:LINE: message; with --solve also proves every goal reachable and
 * prints the edits that meet it (a teacher's answer key, lab/solve.h). */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "lab/solve.h"

typedef struct {
    bool solve;
    bool strict;
} CheckArgs;

static int run(int argc, char **argv);

static const CliOpt opts[] = {
    {.name = "--solve", .kind = CLI_FLAG, .offset = offsetof(CheckArgs, solve),
     .help = "also meet every goal by edits the step allows; print them (exit 1 if one cannot be met)"},
    {.name = "--strict", .kind = CLI_FLAG, .offset = offsetof(CheckArgs, strict),
     .help = "with --solve, a goal met before any edit is an error, not a warning"},
    {0},
};

const CliEntry cmd_check_entry = {
    .name = "check",
    .synopsis = "[--solve [--strict]] LESSON...",
    .summary = "validate lessons; errors as FILE:LINE: message",
    .opts = opts,
    .args = "LESSON...",
    .min_args = 1,
    .max_args = -1,
    .run = run,
};

/* Every goal of l: its answer on stdout as
 *   FILE:LINE: step N goal "COND": met by EDITS
 * or, on stderr, that it is met already (a warning; an error when strict)
 * or that no edit was found. Returns how many goals failed. */
static int solve_lesson(const Lesson *l, bool strict)
{
    int bad = 0;
    for (int k = 0; k < l->n_steps && !cli_stdout_failed(); k++) {
        const LessonStep *s = &l->steps[k];
        SolveAnswer a;
        solve_step(l, k, SOLVE_SEED, &a);
        char edits[1024];
        switch (a.status) {
        case SOLVE_NO_GOAL: break;
        case SOLVE_FOUND:
            solve_describe(&a, &s->cfg, edits, sizeof edits);
            printf("%s:%d: step %d goal \"%s\": met by %s\n", l->path, s->goal_line, k + 1, s->goal_text, edits);
            break;
        case SOLVE_ALREADY_MET:
            fprintf(stderr, "%s:%d: %sstep %d goal \"%s\" is met before any edit\n", l->path, s->goal_line,
                    strict ? "" : "warning: ", k + 1, s->goal_text);
            bad += strict;
            break;
        case SOLVE_NOT_FOUND:
            fprintf(stderr, "%s:%d: step %d goal \"%s\": no edit the step allows was found to meet it "
                    "(%ld tries)\n", l->path, s->goal_line, k + 1, s->goal_text, a.evals);
            bad++;
            break;
        case SOLVE_BROKEN:
            fprintf(stderr, "%s:%d: step %d goal \"%s\": %s\n", l->path, s->goal_line, k + 1, s->goal_text, a.err);
            bad++;
            break;
        }
    }
    return bad;
}

/* One lesson: prints "PATH: ok, N steps" or its problems, then with solve
 * its answer key; 0 when all is well. */
static int check_one(const char *arg, const CheckArgs *o)
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
    diags_print(&d, stderr);
    if (rc == 0) {
        printf("%s: ok, %d step%s\n", path, l.n_steps, l.n_steps == 1 ? "" : "s");
        if (o->solve && solve_lesson(&l, o->strict) > 0)
            rc = -1;
        lesson_free(&l);
    }
    diags_free(&d);
    free(path);
    return rc == 0 ? 0 : -1;
}

/* attnlab check LESSON...: each checked; 1 when any is wrong. */
static int run(int argc, char **argv)
{
    CheckArgs o = {0};
    int n, rc, bad = 0;
    if (!cli_parse(&cmd_check_entry, argc, argv, &o, &n, &rc))
        return rc;
    if (o.strict && !o.solve)
        return cli_usage_error(&cmd_check_entry, "--strict goes with --solve");
    for (int i = 0; i < n && !cli_stdout_failed(); i++)  /* main reports a failed write */
        bad += check_one(argv[i], &o) < 0;
    return bad ? EXIT_INPUT : EXIT_OK;
}
