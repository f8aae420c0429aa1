/* explain_course.c - "show the arithmetic" for the three modes after the
 * course (multidim, hierarchical, memory): the dispatch, and the softmax
 * step the three share. Each mode's cells are recomputed in double from the
 * papers' formulas in its own file (explain_multidim.c, explain_hier.c,
 * explain_memory.c), never read back from the engine. */
#include "lab/explain_int.h"

#include <math.h>

/* The largest kept score m and the sum S of exp((e - m) / T). */
static void softmax_parts(const double *e, const bool *keep, int n, double T, double *m, double *S)
{
    *m = -INFINITY;
    *S = 0.0;
    for (int k = 0; k < n; k++)
        if (!keep || keep[k])
            *m = e[k] > *m ? e[k] : *m;
    for (int k = 0; k < n; k++)
        if (!keep || keep[k])
            *S += exp((e[k] - *m) / T);
}

double ex_softmax_value(const double *e, const bool *keep, int n, int j, double T)
{
    double m, S;
    softmax_parts(e, keep, n, T, &m, &S);
    return exp((e[j] - m) / T) / S;
}

/* The softmax of e (n, over the kept entries) at j, its steps in out. */
double ex_softmax_at(const Att *a, const double *e, const bool *keep, int n, int j, StrBuf *out)
{
    double T = a->cfg->temperature, m, S;
    softmax_parts(e, keep, n, T, &m, &S);
    double w = exp((e[j] - m) / T) / S;
    sb_printf(out, TR(a->zh, "  softmax: subtract the max m = %s, divide by T = %s, exp, and normalise:\n",
                             "  softmax：减去最大值 m = %s，除以 T = %s，取 exp，再归一化：\n"),
              ex_num(m), ex_num(T));
    sb_printf(out, "     a = exp((%s - %s) / %s) / %s = %s\n", ex_num(e[j]), ex_num(m), ex_num(T), ex_num(S),
              ex_num(w));
    return w;
}

double ex_weighted_column(const double *w, Mat V, int first, int n, int x, StrBuf *out)
{
    double s = 0.0;
    for (int t = first; t < first + n; t++) {
        s += w[t - first] * MAT_AT(V, t, x);
        if (out)
            sb_printf(out, "%s(%s * %s)", t > first ? " + " : " ", ex_num(w[t - first]), ex_num(MAT_AT(V, t, x)));
    }
    if (out)
        sb_printf(out, " = %s\n", ex_num(s));
    return s;
}

/* The papers use softmax; another distribution is said, not explained. */
bool ex_course_softmax(const Att *a, StrBuf *out)
{
    if (a->cfg->dist == DIST_SOFTMAX)
        return true;
    sb_printf(out, "%s", TR(a->zh, "  (the arithmetic is shown for softmax, the paper's distribution)\n",
                               "  （这里只演示论文所用的 softmax 的算术）\n"));
    return false;
}

double ex_course(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine)
{
    switch (r->cfg.mode) {
    case MODE_MULTIDIM: return ex_multidim(a, r, panel, i, j, out, engine);
    case MODE_HIERARCHICAL: return ex_hier(a, r, panel, i, j, out, engine);
    case MODE_MEMORY: return ex_memory(a, r, panel, i, j, out, engine);
    default: *engine = NAN; return NAN;
    }
}
