#include "base/diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "base/util.h"

static void add(Diags *d, const char *file, int line, bool warning, const char *fmt, va_list ap)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->v = xrealloc(d->v, (size_t)d->cap * sizeof *d->v);
    }
    StrBuf b = {0};
    char tmp[512];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    sb_append(&b, tmp);
    d->v[d->n++] = (Diag){xstrdup(file), line, b.s, warning};
}

void diags_add(Diags *d, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, file, line, false, fmt, ap);
    va_end(ap);
}

void diags_warn(Diags *d, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, file, line, true, fmt, ap);
    va_end(ap);
}

int diags_errors(const Diags *d)
{
    int n = 0;
    for (int i = 0; i < d->n; i++)
        n += !d->v[i].warning;
    return n;
}

void diags_print(const Diags *d, FILE *out)
{
    for (int i = 0; i < d->n; i++) {
        const char *kind = d->v[i].warning ? "warning: " : "";
        if (d->v[i].line > 0)
            fprintf(out, "%s:%d: %s%s\n", d->v[i].file, d->v[i].line, kind, d->v[i].msg);
        else
            fprintf(out, "%s: %s%s\n", d->v[i].file, kind, d->v[i].msg);
    }
}

void diags_free(Diags *d)
{
    for (int i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}
