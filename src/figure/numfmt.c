/* numfmt.c - see numfmt.h. */
#include "figure/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int numfmt_format(double v, int decimals, char *buf, size_t n)
{
    if (!isfinite(v))
        return snprintf(buf, n, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
    char tmp[64];
    /* beyond 1e30 no lesson value goes (the editor's limit is far below) */
    snprintf(tmp, sizeof tmp, "%.*f", decimals, fabs(v) < 1e30 ? v : copysign(1e30, v));
    const char *s = tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1) ? tmp + 1 : tmp;
    return snprintf(buf, n, "%s", s);
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The finite kept values, sorted, without repeats; *count of them. */
static float *distinct_values(const float *v, const uint8_t *keep, size_t n, size_t *count)
{
    float *u = malloc((n ? n : 1) * sizeof *u);
    size_t k = 0;
    if (!u) {
        *count = 0;
        return NULL;
    }
    for (size_t t = 0; t < n; t++)
        if ((!keep || keep[t]) && isfinite(v[t]))
            u[k++] = v[t];
    qsort(u, k, sizeof *u, cmp_float);
    size_t m = 0;
    for (size_t t = 0; t < k; t++)
        if (m == 0 || u[t] != u[m - 1])
            u[m++] = u[t];
    *count = m;
    return u;
}

/* How many of the sorted distinct values print differently with d decimals. */
static size_t told_apart(const float *u, size_t m, int d)
{
    char a[64], b[64];
    size_t apart = m ? 1 : 0;
    for (size_t t = 1; t < m; t++) {
        numfmt_format(u[t - 1], d, a, sizeof a);
        numfmt_format(u[t], d, b, sizeof b);
        apart += strcmp(a, b) != 0;
    }
    return apart;
}

int numfmt_width(const float *v, const uint8_t *keep, size_t n, int decimals)
{
    char buf[64];
    int w = 0;
    for (size_t t = 0; t < n; t++) {
        if (keep && !keep[t])
            continue;
        int len = numfmt_format(v[t], decimals, buf, sizeof buf);
        w = len > w ? len : w;
    }
    return w;
}

int numfmt_fit(const float *v, const uint8_t *keep, size_t n, int most, int width)
{
    int d = most < 0 ? 0 : most > NUMFMT_MAX_DECIMALS ? NUMFMT_MAX_DECIMALS : most;
    while (d > 0 && numfmt_width(v, keep, n, d) > width)
        d--;
    return d;
}

int numfmt_decimals(const float *v, const uint8_t *keep, size_t n, int start, int most)
{
    size_t m;
    float *u = distinct_values(v, keep, n, &m);
    most = most < 0 ? 0 : most > NUMFMT_MAX_DECIMALS ? NUMFMT_MAX_DECIMALS : most;
    int d = start < 0 ? 0 : start;
    if (d < most) {
        size_t best = told_apart(u, m, most);
        while (d < most && told_apart(u, m, d) < best)
            d++;
    }
    free(u);
    return d;
}
