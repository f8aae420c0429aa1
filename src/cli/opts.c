/* opts.c - the one option parser of the subcommands, and the help written
 * from their entries: see cli.h. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define HELP_COLUMN 26  /* where an option's help starts in `attnlab CMD --help` */

/* "attnlab" or "attnlab NAME". */
static void prog(FILE *out, const CliEntry *e)
{
    fputs("attnlab", out);
    if (e->name)
        fprintf(out, " %s", e->name);
}

static void vfail(const CliEntry *e, const char *fmt, va_list ap)
{
    prog(stderr, e);
    fputs(": ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nusage: ", stderr);
    prog(stderr, e);
    fprintf(stderr, " %s\nsee: ", e->synopsis);
    prog(stderr, e);
    fputs(" --help\n", stderr);
}

int cli_usage_error(const CliEntry *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(e, fmt, ap);
    va_end(ap);
    return EXIT_USAGE;
}

int cli_int(const char *s, int lo, int hi, int *out, char *why, size_t whylen)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < lo || v > hi) {
        snprintf(why, whylen, "takes a whole number from %d to %d, not '%s'", lo, hi, s);
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* "en|zh" as "en or zh", "a|b|c" as "a, b or c". */
static void choice_words(const char *choices, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (const char *c = choices; *c && len + 5 < n; c++) {
        if (*c != '|') {
            buf[len++] = *c;
        } else {
            const char *sep = strchr(c + 1, '|') ? ", " : " or ";
            len += (size_t)snprintf(buf + len, n - len, "%s", sep);
        }
        buf[len] = '\0';
    }
}

static bool is_choice(const char *choices, const char *v)
{
    size_t n = strlen(v);
    for (const char *c = choices; c; c = strchr(c, '|') ? strchr(c, '|') + 1 : NULL)
        if (n && strncmp(c, v, n) == 0 && (c[n] == '|' || c[n] == '\0'))
            return true;
    return false;
}

/* Stores v for o into ctx; 0, or -1 with why (a sentence after the name). */
static int apply(const CliOpt *o, const char *v, void *ctx, char *why, size_t whylen)
{
    char *field = (char *)ctx + o->offset;
    char words[200];
    switch (o->kind) {
    case CLI_FLAG:
        *(bool *)field = true;
        return 0;
    case CLI_STRING:
        *(const char **)field = v;
        return 0;
    case CLI_INT:
        return cli_int(v, o->lo, o->hi, (int *)field, why, whylen);
    case CLI_CHOICE:
        if (is_choice(o->choices, v))
            return *(const char **)field = v, 0;
        choice_words(o->choices, words, sizeof words);
        snprintf(why, whylen, "is %s, not '%s'", words, v);
        return -1;
    case CLI_CALL:
        return o->set(ctx, v, why, whylen);
    }
    return -1;
}

/* If arg is o (by name or alias), the rest of arg after the name: "" or
 * "=VALUE"; else NULL. */
static const char *match(const CliOpt *o, const char *arg)
{
    const char *names[2] = {o->name, o->alias};
    for (int k = 0; k < 2; k++) {
        size_t n = names[k] ? strlen(names[k]) : 0;
        if (n && strncmp(arg, names[k], n) == 0 && (arg[n] == '\0' || arg[n] == '='))
            return arg + n;
    }
    return NULL;
}

/* One option at argv[*i]; advances *i past its value. 0, or -1 (said). */
static int take_option(const CliEntry *e, int argc, char **argv, int *i, void *ctx)
{
    const char *arg = argv[*i], *rest = NULL;
    const CliOpt *o = e->opts;
    for (; o && o->name && !(rest = match(o, arg)); o++)
        ;
    if (!rest) {
        cli_usage_error(e, "unknown option %s", arg);
        return -1;
    }
    int namelen = (int)(rest - arg);
    const char *v = NULL;
    if (!o->arg && *rest) {
        cli_usage_error(e, "%.*s takes no value", namelen, arg);
        return -1;
    }
    if (o->arg && *rest) {
        v = rest + 1;
    } else if (o->arg) {
        if (*i + 1 >= argc) {
            cli_usage_error(e, "%s needs a value (%s)", arg, o->arg);
            return -1;
        }
        v = argv[++*i];
    }
    char why[400] = "";
    if (apply(o, v, ctx, why, sizeof why) < 0) {
        /* CLI_CALL words its own message whole; the others follow the name */
        if (o->kind == CLI_CALL)
            cli_usage_error(e, "%s", why);
        else
            cli_usage_error(e, "%.*s %s", namelen, arg, why);
        return -1;
    }
    return 0;
}

bool cli_parse(const CliEntry *e, int argc, char **argv, void *ctx, int *nargs, int *status)
{
    int n = 0;
    bool options = true;
    *status = EXIT_USAGE;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (options && strcmp(a, "--") == 0) {
            options = false;
        } else if (options && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            cli_help(stdout, e);
            *status = EXIT_OK;
            return false;
        } else if (options && a[0] == '-' && a[1]) {
            if (take_option(e, argc, argv, &i, ctx) < 0)
                return false;
        } else if (e->max_args >= 0 && n >= e->max_args) {
            cli_usage_error(e, "unexpected argument '%s'", a);
            return false;
        } else {
            argv[n++] = argv[i];  /* n <= i: moves positionals to the front */
        }
    }
    if (n < e->min_args) {
        cli_usage_error(e, "no %.*s given", (int)strcspn(e->args, ". ["), e->args);
        return false;
    }
    *nargs = n;
    *status = EXIT_OK;
    return true;
}

/* "  -o, --output FILE" and the help beside it (or below, when too wide). */
static void help_line(FILE *out, const char *name, const char *alias, const char *arg, const char *help)
{
    int w = fprintf(out, "  %s%s%s%s%s", name, alias ? ", " : "", alias ? alias : "", arg ? " " : "",
                    arg ? arg : "");
    if (w >= HELP_COLUMN - 1)
        fprintf(out, "\n%*s%s\n", HELP_COLUMN, "", help);
    else
        fprintf(out, "%*s%s\n", HELP_COLUMN - w, "", help);
}

void cli_help(FILE *out, const CliEntry *e)
{
    fputs("usage: ", out);
    prog(out, e);
    fprintf(out, " %s\n%s\n\noptions:\n", e->synopsis, e->summary);
    for (const CliOpt *o = e->opts; o && o->name; o++)
        help_line(out, o->name, o->alias, o->arg, o->help);
    help_line(out, "-h", "--help", NULL, "this help");
    if (e->max_args != 0) {
        fputs("\n-- ends the options: an argument that starts with a dash, such as -x, is `", out);
        prog(out, e);
        fputs(" -- -x`.", out);
    }
    fputs("\nExit status: 0 ok, 1 the input is wrong, 2 the command line is wrong.\n", out);
}

void cli_usage(FILE *out, const CliEntry *const *cmds, size_t n)
{
    fprintf(out, "attnlab %s - a terminal lab for the attention mechanism\n\nusage:\n", ATTNLAB_VERSION);
    for (size_t i = 0; i < n; i++) {
        fputs("  ", out);
        prog(out, cmds[i]);
        fprintf(out, " %s\n      %s\n", cmds[i]->synopsis, cmds[i]->summary);
    }
    fprintf(out, "  attnlab --help | --version\n\n"
                 "`attnlab CMD --help` lists a command's options; -- ends the options.\n"
                 "Exit status: 0 ok, 1 the input is wrong, 2 the command line is wrong.\n"
                 "Lessons are found in $ATTNLAB_LESSONS, ./lessons beside the program, or the installed\n"
                 "share/attnlab/lessons. The lesson format: lessons/FORMAT.md; keys: man attnlab.\n");
}
