/* diag.h - a list of problems found in input files, each as FILE:LINE: message. */
#ifndef ATTN_DIAG_H
#define ATTN_DIAG_H

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    char *file;
    int line;               /* 0 when the problem is with the whole file */
    char *msg;
    bool warning;           /* reported, but the input is still accepted */
} Diag;

typedef struct {
    Diag *v;
    int n, cap;
} Diags;

void diags_add(Diags *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same, for a problem that does not make the input wrong. */
void diags_warn(Diags *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* How many of d's problems are errors (not warnings). */
int diags_errors(const Diags *d);
void diags_print(const Diags *d, FILE *out);   /* "FILE:LINE: [warning: ]message" lines */
void diags_free(Diags *d);

#endif
