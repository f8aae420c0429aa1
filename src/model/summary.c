/* summary.c - what one head does, in numbers that teach: see summary.h.
 * The definitions are scripts/heads_summary.py's, to the letter (the test
 * compares both on the trained model's heads). */
#include "model/summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

typedef struct {
    const char *s;
    int i;
} TokAt;

static int tok_cmp(const void *a, const void *b)
{
    const TokAt *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* prev[i] = the largest m < i with t[m] == t[i], or -1: equal tokens sit
 * side by side, in order, once sorted (n log n, not n^2 comparisons). */
static int *previous_occurrence(char *const *t, int n)
{
    TokAt *v = xmalloc((size_t)n * sizeof *v);
    int *prev = xmalloc((size_t)n * sizeof *prev);
    for (int i = 0; i < n; i++) v[i] = (TokAt){t[i], i};
    qsort(v, (size_t)n, sizeof *v, tok_cmp);
    for (int k = 0; k < n; k++)
        prev[v[k].i] = k > 0 && strcmp(v[k - 1].s, v[k].s) == 0 ? v[k - 1].i : -1;
    free(v);
    return prev;
}

/* induction and period from the previous occurrences (self-attention). */
static void induction(const AttnDump *d, const float *a, HeadSummary *s)
{
    int n = d->nq, *prev = previous_occurrence(d->q_tokens, n);
    int *offsets = xcalloc((size_t)n + 1, sizeof *offsets);
    double sum = 0;
    for (int i = 0; i < n; i++)
        if (prev[i] >= 0) {
            sum += a[(size_t)i * (size_t)d->nk + (size_t)(prev[i] + 1)];
            s->induction_rows++;
            offsets[i - prev[i]]++;
        }
    s->induction = s->induction_rows ? sum / s->induction_rows : 0;
    for (int p = 1; p <= n; p++)
        if (offsets[p] > (s->period ? offsets[s->period] : 0)) s->period = p;
    free(offsets);
    free(prev);
}

static HeadPattern label(const HeadSummary *s)
{
    const double v[] = {s->prev, s->first, s->self, s->induction};
    const int has[] = {s->rows_scored, s->rows_scored, s->rows_scored, s->induction_rows};
    const HeadPattern p[] = {PATTERN_PREV, PATTERN_FIRST, PATTERN_SELF, PATTERN_INDUCTION};
    int best = -1;
    for (int i = 0; i < 4; i++)
        if (has[i] && (best < 0 || v[i] > v[best])) best = i;
    return best >= 0 && v[best] >= HEAD_PATTERN_THRESHOLD ? p[best] : PATTERN_MIXED;
}

void head_summary(const AttnDump *d, int layer, int head, HeadSummary *s)
{
    memset(s, 0, sizeof *s);
    const float *a = dump_head(d, layer, head);
    int prev_rows = 0, self_rows = 0;
    for (int i = 0; i < d->nq; i++) {
        const float *row = a + (size_t)i * (size_t)d->nk;
        double dist = 0, ent = 0;
        for (int j = 0; j < d->nk; j++) {
            double w = row[j];
            dist += w * fabs((double)(i - j));
            if (w > 0) ent -= w * log(w);
        }
        s->mean_dist += dist;
        s->entropy += ent;
        s->first_share += row[0];
        if (i == 0) continue;
        s->first += row[0];
        if (i - 1 < d->nk) s->prev += row[i - 1], prev_rows++;
        if (i < d->nk) s->self += row[i], self_rows++;
    }
    s->mean_dist /= d->nq;
    s->entropy /= d->nq;
    s->first_share /= d->nq;
    s->rows_scored = d->nq - 1;
    s->first = s->rows_scored ? s->first / s->rows_scored : 0;
    s->prev = prev_rows ? s->prev / prev_rows : 0;
    s->self = self_rows ? s->self / self_rows : 0;
    if (d->k_tokens == d->q_tokens) induction(d, a, s);
    s->pattern = label(s);
}

const char *head_pattern_name(HeadPattern p)
{
    static const char *names[PATTERN_COUNT] = {"mixed", "previous token", "first token", "self", "induction"};
    return p >= 0 && p < PATTERN_COUNT ? names[p] : "mixed";
}

const char *head_pattern_key(HeadPattern p)
{
    static const char *keys[PATTERN_COUNT] = {"mixed", "previous", "first", "self", "induction"};
    return p >= 0 && p < PATTERN_COUNT ? keys[p] : "mixed";
}

void head_pattern_how(const HeadSummary *s, char *buf, size_t len)
{
    const double t = HEAD_PATTERN_THRESHOLD;
    switch (s->pattern) {
    case PATTERN_PREV:
        snprintf(buf, len, "mean weight on the previous token: %.2f (>= %.1f)", s->prev, t);
        break;
    case PATTERN_FIRST:
        snprintf(buf, len, "mean weight on the first token: %.2f (>= %.1f)", s->first, t);
        break;
    case PATTERN_SELF:
        snprintf(buf, len, "mean weight on the token itself: %.2f (>= %.1f)", s->self, t);
        break;
    case PATTERN_INDUCTION:
        snprintf(buf, len, "mean weight on the token after the previous occurrence of the current one "
                 "(period %d): %.2f (>= %.1f)", s->period, s->induction, t);
        break;
    default:
        snprintf(buf, len, "no pattern reaches %.1f: previous %.2f, first %.2f, self %.2f, induction %.2f",
                 t, s->prev, s->first, s->self, s->induction);
        break;
    }
}
