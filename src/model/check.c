/* check.c - what a view must say about a dump before showing it: see
 * check.h. One pass over the weights, sums in double. */
#include "model/check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* One row: its sum, whether it is finite (else the first bad column in
 * *bad), and whether it keeps a causal mask (nothing above the diagonal). */
static double row_sum(const float *row, int nk, int i, int *bad, bool *causal)
{
    double sum = 0;
    *bad = -1;
    for (int j = 0; j < nk; j++) {
        if (!isfinite(row[j]) && *bad < 0) *bad = j;
        if (j > i && row[j] > 1e-6f) *causal = false;
        sum += row[j];
    }
    return sum;
}

void dump_check(const AttnDump *d, DumpCheck *c)
{
    memset(c, 0, sizeof *c);
    c->finite = true;
    c->causal = d->nq == d->nk && d->nq > 1;
    double worst_off = -1;
    for (int l = 0; l < d->layers; l++)
        for (int h = 0; h < d->heads; h++) {
            const float *a = dump_head(d, l, h);
            for (int i = 0; i < d->nq; i++) {
                int bad;
                double sum = row_sum(a + (size_t)i * (size_t)d->nk, d->nk, i, &bad, &c->causal);
                if (bad >= 0) {
                    if (c->finite) {
                        c->finite = false;
                        c->bad_layer = l, c->bad_head = h, c->bad_row = i, c->bad_col = bad;
                    }
                    continue;
                }
                double off = fabs(sum - 1.0);
                if (off > 1e-3) c->rows_off++;
                if (off > worst_off) {
                    worst_off = off;
                    c->worst_sum = sum;
                    c->worst_layer = l, c->worst_head = h, c->worst_row = i;
                }
            }
        }
}

/* Softmax of one row in place; a row with no finite maximum (all -inf:
 * every key masked) becomes uniform. */
static void softmax_row(float *row, int n)
{
    float m = -INFINITY;
    for (int j = 0; j < n; j++)
        if (row[j] > m) m = row[j];
    if (!isfinite(m)) {
        for (int j = 0; j < n; j++) row[j] = 1.0f / (float)n;
        return;
    }
    double sum = 0;
    for (int j = 0; j < n; j++) {
        row[j] = expf(row[j] - m);
        sum += row[j];
    }
    for (int j = 0; j < n; j++) row[j] = (float)(row[j] / sum);
}

void dump_softmax_rows(AttnDump *d)
{
    size_t rows = (size_t)d->layers * (size_t)d->heads * (size_t)d->nq, n = rows * (size_t)d->nk;
    if (!d->scores) {
        d->scores = xmalloc(n * sizeof(float));
        memcpy(d->scores, d->attn, n * sizeof(float));
    }
    for (size_t r = 0; r < rows; r++) softmax_row(d->attn + r * (size_t)d->nk, d->nk);
}
