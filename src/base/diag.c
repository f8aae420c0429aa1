#include "base/diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "base/util.h"

void diags_add(Diags *d, const char *file, int line, const char *fmt, ...)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->v = xrealloc(d->v, (size_t)d->cap * sizeof *d->v);
    }
    StrBuf b = {0};
    va_list ap;
    va_start(ap, fmt);
    char tmp[512];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    sb_append(&b, tmp);
    d->v[d->n++] = (Diag){xstrdup(file), line, b.s};
}

void diags_print(const Diags *d, FILE *out)
{
    for (int i = 0; i < d->n; i++) {
        if (d->v[i].line > 0)
            fprintf(out, "%s:%d: %s\n", d->v[i].file, d->v[i].line, d->v[i].msg);
        else
            fprintf(out, "%s: %s\n", d->v[i].file, d->v[i].msg);
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
