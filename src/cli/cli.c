/* cli.c - what the subcommands share besides the option parser (opts.c):
 * finding and loading the lesson an argument names, the default language,
 * and the check that what went to stdout was written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "tui/heatmap.h"

int cli_color(const char *v, int *color, char *why, size_t whylen)
{
    if ((*color = hm_parse_color(v)) >= 0)
        return 0;
    snprintf(why, whylen, "--color is auto, never, 16, 256 or truecolor, not '%s'", v);
    return -1;
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
void cli_no_lesson(const char *arg)
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
        cli_no_lesson(arg);
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

/* errno of the first failed write cli_stdout_failed saw; 0 before. */
static int stdout_errno;

bool cli_stdout_failed(void)
{
    if (!ferror(stdout))
        return false;
    if (!stdout_errno)
        stdout_errno = errno;  /* still the failed write's: asked right after writing */
    return true;
}

int cli_close_stdout(int status)
{
    errno = 0;
    bool failed = cli_stdout_failed();
    int err = stdout_errno;
    if (fflush(stdout) == EOF) {  /* the usual place: what is still buffered */
        failed = true;
        err = errno;
    }
    if (fclose(stdout) == EOF && !failed) {
        failed = true;
        err = errno;
    }
    if (!failed)
        return status;
    if (err != EPIPE)
        fprintf(stderr, "attnlab: cannot write to standard output: %s\n", err ? strerror(err) : "write error");
    return status != EXIT_OK ? status : EXIT_INPUT;
}
