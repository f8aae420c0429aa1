/* summary.c - what one head does, in numbers that teach: see summary.h.
 * The definitions are scripts/heads_summary.py's, to the letter (the test
 * compares both on the trained model's heads). */
#include "model/summary.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The repeat's period: the p >= 2 whose shift matches the most tokens
 * (t[i] == t[i - p]), at least max(2, n / 4) of them; the smallest such p
 * on a tie; 0 when none. */
static int find_period(char *const *t, int n)
{
    int best = 0, best_m = 0;
    for (int p = 2; p < n; p++) {
        int m = 0;
        for (int i = p; i < n; i++) m += strcmp(t[i], t[i - p]) == 0;
        if (m > best_m) best = p, best_m = m;
    }
    return best_m >= 2 && best_m >= n / 4 ? best : 0;
}

/* The induction score: a[i, i - p + 1] averaged over the rows i >= p whose
 * token repeats the one p before. */
static double induction(const AttnDump *d, const float *a, int p)
{
    double sum = 0;
    int rows = 0;
    for (int i = p; i < d->nq; i++)
        if (strcmp(d->q_tokens[i], d->q_tokens[i - p]) == 0 && i - p + 1 < d->nk) {
            sum += a[(size_t)i * (size_t)d->nk + (size_t)(i - p + 1)];
            rows++;
        }
    return rows ? sum / rows : 0;
}

static HeadPattern label(const HeadSummary *s)
{
    const double v[] = {s->prev, s->first_share, s->self, s->induction};
    const HeadPattern p[] = {PATTERN_PREV, PATTERN_FIRST, PATTERN_SELF, PATTERN_INDUCTION};
    int best = 0;
    for (int i = 1; i < 4; i++)
        if (v[i] > v[best]) best = i;
    return v[best] >= 0.5 ? p[best] : PATTERN_MIXED;
}

void head_summary(const AttnDump *d, int layer, int head, HeadSummary *s)
{
    memset(s, 0, sizeof *s);
    const float *a = dump_head(d, layer, head);
    int prev_rows = 0, self_rows = 0;
    for (int i = 0; i < d->nq; i++) {
        const float *row = a + (size_t)i * (size_t)d->nk;
        for (int j = 0; j < d->nk; j++) {
            double w = row[j];
            s->mean_dist += w * fabs((double)(i - j));
            if (w > 0) s->entropy -= w * log(w);
        }
        s->first_share += row[0];
        if (i >= 1 && i - 1 < d->nk) s->prev += row[i - 1], prev_rows++;
        if (i < d->nk) s->self += row[i], self_rows++;
    }
    s->mean_dist /= d->nq;
    s->entropy /= d->nq;
    s->first_share /= d->nq;
    s->prev = prev_rows ? s->prev / prev_rows : 0;
    s->self = self_rows ? s->self / self_rows : 0;
    s->period = find_period(d->q_tokens, d->nq);
    s->induction = s->period ? induction(d, a, s->period) : 0;
    s->pattern = label(s);
}

const char *head_pattern_name(HeadPattern p)
{
    static const char *names[PATTERN_COUNT] = {"mixed", "previous token", "first token", "self", "induction"};
    return p >= 0 && p < PATTERN_COUNT ? names[p] : "mixed";
}

void head_pattern_how(const HeadSummary *s, char *buf, size_t len)
{
    switch (s->pattern) {
    case PATTERN_PREV:
        snprintf(buf, len, "mean weight on the previous token: %.2f (>= 0.5)", s->prev);
        break;
    case PATTERN_FIRST:
        snprintf(buf, len, "mean weight on the first token: %.2f (>= 0.5)", s->first_share);
        break;
    case PATTERN_SELF:
        snprintf(buf, len, "mean weight on the token itself: %.2f (>= 0.5)", s->self);
        break;
    case PATTERN_INDUCTION:
        snprintf(buf, len, "mean weight on the token after the previous occurrence (period %d): %.2f (>= 0.5)",
                 s->period, s->induction);
        break;
    default:
        snprintf(buf, len, "no single pattern: previous %.2f, first %.2f, self %.2f, induction %.2f (all < 0.5)",
                 s->prev, s->first_share, s->self, s->induction);
        break;
    }
}
