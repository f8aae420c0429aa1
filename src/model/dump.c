/* dump.c - the AttnDump container: see dump.h. */
#include "model/dump.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* a * b * c * d as size_t, or 0 when a size is < 1 or the bytes overflow. */
static size_t count4(int a, int b, int c, int d)
{
    size_t n = 1;
    int dims[4] = {a, b, c, d};
    for (int i = 0; i < 4; i++) {
        if (dims[i] < 1 || n > ((size_t)-1 / sizeof(float)) / (size_t)dims[i]) return 0;
        n *= (size_t)dims[i];
    }
    return n;
}

static char **empty_tokens(int n)
{
    char **t = xcalloc((size_t)n, sizeof *t);
    for (int i = 0; i < n; i++) t[i] = xstrdup("");
    return t;
}

AttnDump *dump_new(int layers, int heads, int nq, int nk)
{
    size_t n = count4(layers, heads, nq, nk);
    if (n == 0) return NULL;
    AttnDump *d = xcalloc(1, sizeof *d);
    d->layers = layers;
    d->heads = heads;
    d->nq = nq;
    d->nk = nk;
    d->attn = xcalloc(n, sizeof(float));
    d->q_tokens = empty_tokens(nq);
    d->k_tokens = nq == nk ? d->q_tokens : empty_tokens(nk);
    d->path = xstrdup("");
    return d;
}

static void free_tokens(char **t, int n)
{
    if (!t) return;
    for (int i = 0; i < n; i++) free(t[i]);
    free(t);
}

void dump_free(AttnDump *d)
{
    if (!d) return;
    if (d->k_tokens != d->q_tokens) free_tokens(d->k_tokens, d->nk);
    free_tokens(d->q_tokens, d->nq);
    free(d->attn);
    free(d->scores);
    free(d->q);
    free(d->k);
    free(d->v);
    free(d->path);
    free(d->about);
    free(d);
}

void dump_split_tokens(AttnDump *d)
{
    if (d->k_tokens != d->q_tokens) free_tokens(d->k_tokens, d->nk);
    d->k_tokens = empty_tokens(d->nk);
}

void dump_set_token(AttnDump *d, int keys, int i, const char *s)
{
    char **t = keys ? d->k_tokens : d->q_tokens;
    free(t[i]);
    t[i] = xstrdup(s);
}

/* Offset of (layer, head)'s block of rows x cols floats. */
static size_t block(const AttnDump *d, int layer, int head, int rows, int cols)
{
    return ((size_t)layer * (size_t)d->heads + (size_t)head) * (size_t)rows * (size_t)cols;
}

const float *dump_head(const AttnDump *d, int layer, int head)
{
    return d->attn + block(d, layer, head, d->nq, d->nk);
}

const float *dump_head_scores(const AttnDump *d, int layer, int head)
{
    return d->scores ? d->scores + block(d, layer, head, d->nq, d->nk) : NULL;
}

const float *dump_head_q(const AttnDump *d, int layer, int head)
{
    return d->q ? d->q + block(d, layer, head, d->nq, d->d_head) : NULL;
}

const float *dump_head_k(const AttnDump *d, int layer, int head)
{
    return d->k ? d->k + block(d, layer, head, d->nk, d->d_head) : NULL;
}

const float *dump_head_v(const AttnDump *d, int layer, int head)
{
    return d->v ? d->v + block(d, layer, head, d->nk, d->d_head) : NULL;
}
