/* main.c - the command line: a table of subcommands (cli.h). The first
 * argument names one; anything else opens a lesson or the menu. Whatever
 * runs, a failed write to stdout ends it with exit 1 (cli_close_stdout). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "engine/blas.h"

/* In the order of `attnlab --help`; cmd_open_entry has no name. */
static const CliEntry *const commands[] = {
    &cmd_open_entry, &cmd_compute_entry, &cmd_export_entry, &cmd_check_entry, &cmd_bench_entry,
    &cmd_translate_entry,
};

/* The command argv names, run; its exit status. */
static int dispatch(int argc, char **argv)
{
    size_t n = sizeof commands / sizeof commands[0];
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        cli_usage(stdout, commands, n);
        return EXIT_OK;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("attnlab %s\n", ATTNLAB_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; argc >= 2 && i < n; i++)
        if (commands[i]->name && strcmp(argv[1], commands[i]->name) == 0)
            return commands[i]->run(argc - 2, argv + 2);
    return cmd_open_entry.run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    attn_blas_one_thread();  /* before any BLAS work: engine/blas.h says why */
    /* every command's output, help and version included, checked in one place */
    return cli_close_stdout(dispatch(argc, argv));
}
