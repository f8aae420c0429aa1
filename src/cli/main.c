/* main.c - the command line: one table of subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "cli/bench.h"
#include "cli/cli.h"
#include "base/util.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *synopsis;   /* after "attnlab NAME" */
    const char *what;
} commands[] = {
    {"compute", cmd_compute, "LESSON [--step N] [--lang en|zh]", "every stage of a step as JSON on stdout"},
    {"export", cmd_export,
     "LESSON [--step N|--all] [--panel NAME] -o FILE.png|FILE.svg|DIR\n"
     "        [--scale 1-4] [--theme light|dark] [--transparent] [--cmap NAME]\n"
     "        [--values|--no-values] [--title TEXT] [--font FILE] [--lang en|zh]",
     "a figure for slides (PNG or SVG)"},
    {"check", cmd_check, "LESSON...", "validate lessons; errors as FILE:LINE: message"},
    {"bench", cmd_bench,
     "[--n N,N,..] [--d D] [--window R] [--runs K] [--threads T]\n"
     "        [--variants full,tiled,local] [--bq B] [--bk B] [--csv]",
     "time full, tiled and local attention on this machine (docs/BENCH.md)"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "attnlab %s - a terminal lab for the attention mechanism\n\n"
            "usage:\n"
            "  attnlab [LESSON [--step N]] [--lang en|zh] [--color=auto|never|16|256|truecolor]\n"
            "      the lesson menu, or a lesson (a path, a number or a name) at a step\n",
            ATTNLAB_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  attnlab %s %s\n      %s\n", commands[i].name, commands[i].synopsis, commands[i].what);
    fprintf(out, "  attnlab --help | --version\n\n"
                 "Exit status: 0 ok, 1 the input is wrong, 2 the command line is wrong.\n"
                 "Lessons are found in $ATTNLAB_LESSONS, ./lessons beside the program, or the installed\n"
                 "share/attnlab/lessons. The lesson format: lessons/FORMAT.md; keys: man attnlab.\n");
}

/* OpenBLAS (the pthreads build) starts a pool thread per core when it
 * initialises, and a fresh pool thread spins in sched_yield for about 2^28
 * cycles before it sleeps: a fifth of the terminal lab's start-up CPU
 * (perf), on every start. Nothing here wants the pool: lessons are tiny, the
 * UI runs OpenBLAS on one thread anyway, and bench shares blocks out to
 * threads of its own.
 *
 * Linked statically (the Makefile's default), OpenBLAS initialises in this
 * program's own constructors, so one that runs before it (priority 101)
 * can still set OPENBLAS_NUM_THREADS=1, and no pool thread starts. Linked
 * as a shared library, OpenBLAS has started before any of this program's
 * code runs, so main stops its pool instead. blas_thread_shutdown_ is
 * OpenBLAS's own (not in cblas.h), taken weakly: without it, it is skipped.
 * A value the user set is kept; main makes it one thread all the same. */
__attribute__((constructor(101))) static void no_blas_pool(void)
{
    setenv("OPENBLAS_NUM_THREADS", "1", 0);
}

extern int blas_thread_shutdown_(void) __attribute__((weak));

static void one_blas_thread(void)
{
    openblas_set_num_threads(1);
    if (blas_thread_shutdown_)
        blas_thread_shutdown_();
}

int main(int argc, char **argv)
{
    one_blas_thread();
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return EXIT_OK;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("attnlab %s\n", ATTNLAB_VERSION);
        return EXIT_OK;
    }
    if (argc >= 2) {
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0)
                return commands[i].run(argc - 2, argv + 2);
    }
    return cmd_open(argc - 1, argv + 1);
}
