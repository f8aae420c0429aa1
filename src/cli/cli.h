/* cli.h - the command line: subcommands as entries, one option parser.
 *
 * Each subcommand is one file (cmd_NAME.c) defining a `const CliEntry`:
 * its name, synopsis, one-line summary, option table and run function
 * (tmux's `const struct cmd_entry`). main.c looks the name up in its table;
 * `attnlab --help` and `attnlab CMD --help` are written from the entries.
 * A run function takes the arguments after the command's name, calls
 * cli_parse with its own entry, and returns the exit status: 0 ok, 1 the
 * input is wrong, 2 the command line is wrong (DESIGN.md).
 *
 * Adding a subcommand: a cmd_NAME.c with its entry, an `extern` line below,
 * a row in main.c's table, and a test in tests/cli-*.sh. */
#ifndef ATTN_CLI_H
#define ATTN_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "base/util.h"
#include "lesson/lesson.h"

typedef enum {
    CLI_FLAG,    /* no value; sets a bool at offset */
    CLI_STRING,  /* any value (maybe ""); a const char * at offset */
    CLI_INT,     /* a whole number in lo..hi; an int at offset */
    CLI_CHOICE,  /* one of `choices` ("en|zh"); the const char * at offset */
    CLI_CALL,    /* set(ctx, value) parses it; value NULL when arg is NULL */
} CliOptKind;

/* One option of a subcommand. Given as "--name V" or "--name=V" (flags:
 * "--name" alone); offset is where in the command's own struct (the ctx
 * given to cli_parse) the value goes. */
typedef struct {
    const char *name;       /* "--step", or "-o" */
    const char *alias;      /* another name for it ("--output"), or NULL */
    CliOptKind kind;
    const char *arg;        /* the value's name in help ("N"); NULL: a flag */
    size_t offset;          /* offsetof(the command's struct, field) */
    int lo, hi;             /* CLI_INT: the range */
    const char *choices;    /* CLI_CHOICE: "en|zh" */
    /* CLI_CALL: 0, or -1 with why filled, a whole sentence naming the
     * option (the parser adds the command and the usage; exit 2) */
    int (*set)(void *ctx, const char *value, char *why, size_t whylen);
    const char *help;       /* one line */
} CliOpt;

typedef struct {
    const char *name;       /* "export"; NULL: the lesson player (no name) */
    const char *synopsis;   /* after "attnlab NAME"; short, OPTIONS stands for the rest */
    const char *summary;    /* one line for `attnlab --help` */
    const CliOpt *opts;     /* ends with {0}; --help / -h are every command's */
    const char *args;       /* the positional arguments in help ("LESSON..."), or NULL */
    int min_args, max_args; /* how many; max_args -1: any number */
    int (*run)(int argc, char **argv);
} CliEntry;

/* The subcommands (cmd_*.c). */
extern const CliEntry cmd_open_entry;     /* attnlab [LESSON]: the terminal lab or plain text */
extern const CliEntry cmd_compute_entry;
extern const CliEntry cmd_export_entry;
extern const CliEntry cmd_check_entry;
extern const CliEntry cmd_bench_entry;
extern const CliEntry cmd_translate_entry;  /* a trained translator run live (model/seq2seq.h) */

/* Parses argv[0..argc) (the arguments after the command's name) by e's
 * option table into ctx, and moves the positional arguments, in order, to
 * argv[0..*nargs). "--" ends the options: what follows is positional, even
 * "--step". "-" alone is positional. --help (or -h) prints e's help on
 * stdout. Returns true to go on; false when the command is done: then
 * *status is EXIT_OK (after --help) or EXIT_USAGE (a message naming the
 * problem, and the usage, are on stderr). */
bool cli_parse(const CliEntry *e, int argc, char **argv, void *ctx, int *nargs, int *status);
/* "attnlab NAME: " the message, then the usage, on stderr; returns EXIT_USAGE.
 * For what the command finds wrong after cli_parse. */
int cli_usage_error(const CliEntry *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The help of one command: usage, summary, its options. */
void cli_help(FILE *out, const CliEntry *e);
/* `attnlab --help`: every entry's synopsis and summary. */
void cli_usage(FILE *out, const CliEntry *const *cmds, size_t n);
/* s as a whole decimal number in lo..hi: 0, or -1 and why. */
int cli_int(const char *s, int lo, int hi, int *out, char *why, size_t whylen);

/* Loads the lesson named by arg (path, number or name), printing problems to
 * stderr as FILE:LINE: message, and checks that it has step (1-based; 0 for
 * any). Returns EXIT_OK (then free l), EXIT_INPUT or EXIT_USAGE. */
int cli_load_lesson(const char *arg, int step, Lesson *l);
/* Says on stderr why arg names no lesson file (a folder, a device, absent). */
void cli_no_lesson(const char *arg);
/* "en" or "zh": --lang if given, else from LANG / LC_ALL / LC_MESSAGES. */
const char *cli_default_lang(void);

/* Whether a write to stdout has failed (a full disk, a closed pipe):
 * commands that write in a loop stop at the next step when it has, and
 * leave the saying to cli_close_stdout. */
bool cli_stdout_failed(void);
/* The last word on stdout, once, from main with the command's status:
 * flushes and closes stdout. When any write failed it says so on stderr,
 * "attnlab: cannot write to standard output: REASON", and returns
 * EXIT_INPUT (or status, when that is already a failure). A reader that
 * closed the pipe is no error to report: SIGPIPE ends the program as it
 * ends any filter, and with SIGPIPE ignored (EPIPE) the exit is 1 with no
 * message. */
int cli_close_stdout(int status);

#endif
