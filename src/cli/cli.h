/* cli.h - the subcommands. Each takes the arguments after its name and
 * returns the exit status: 0 ok, 1 the input is wrong, 2 the command line is
 * wrong (DESIGN.md). */
#ifndef ATTN_CLI_H
#define ATTN_CLI_H

#include "base/util.h"

int cmd_compute(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_export(int argc, char **argv);  /* export.c: figures as PNG or SVG */
int cmd_open(int argc, char **argv);    /* attnlab [LESSON] [--step N] */

/* If argv[*i] is the option `name`, as "--name V" or "--name=V", returns V
 * (advancing *i past it; "" when V is missing); otherwise NULL. */
const char *cli_option(int argc, char **argv, int *i, const char *name);
/* Reads "--step N" style integers; returns -1 and complains if malformed. */
int cli_parse_step(const char *arg, int *out);
#include "lesson/lesson.h"
/* Loads the lesson named by arg (path, number or name), printing problems to
 * stderr as FILE:LINE: message, and checks that it has step (1-based; 0 for
 * any). Returns EXIT_OK (then free l), EXIT_INPUT or EXIT_USAGE. */
int cli_load_lesson(const char *arg, int step, Lesson *l);
/* "en" or "zh": --lang if given, else from LANG / LC_ALL / LC_MESSAGES. */
const char *cli_default_lang(void);

#endif
