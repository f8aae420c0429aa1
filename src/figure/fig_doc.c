/* fig_doc.c - see fig_doc.h. */
#include "figure/fig_doc.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

FigPrim *fig_add(FigDoc *d, FigKind kind, float x, float y, float w, float h, FigRgba color)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        d->v = xrealloc(d->v, (size_t)d->cap * sizeof *d->v);
    }
    FigPrim *p = &d->v[d->n++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->x = x;
    p->y = y;
    p->w = w;
    p->h = h;
    p->color = color;
    return p;
}

FigPrim *fig_add_text(FigDoc *d, const char *utf8, float x, float y, float size, FigAnchor anchor, int rotate,
                      bool bold, FigRgba color)
{
    size_t n = strlen(utf8) + 1;
    if (d->pool_len + n > d->pool_cap) {
        while (d->pool_len + n > d->pool_cap)
            d->pool_cap = d->pool_cap ? d->pool_cap * 2 : 4096;
        d->pool = xrealloc(d->pool, d->pool_cap);
    }
    memcpy(d->pool + d->pool_len, utf8, n);
    FigPrim *p = fig_add(d, FIG_TEXT, x, y, 0, 0, color);
    p->text = d->pool_len;
    d->pool_len += n;
    p->size = size;
    p->anchor = anchor;
    p->rotate = rotate;
    p->bold = bold;
    return p;
}

const char *fig_text(const FigDoc *d, const FigPrim *p)
{
    return d->pool + p->text;
}

void fig_translate(FigDoc *d, float dx, float dy)
{
    for (int i = 0; i < d->n; i++) {
        d->v[i].x += dx;
        d->v[i].y += dy;
    }
}

void fig_doc_free(FigDoc *d)
{
    free(d->v);
    free(d->pool);
    free(d->title);
    free(d->source);
    free(d->family);
    memset(d, 0, sizeof *d);
}
