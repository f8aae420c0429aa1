/* explain_dist.c - the distributions step by step, and explain_cell's
 * dispatch over panels. See explain.h. */
#include "lab/explain_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"

#define MAXN ENGINE_MAX_TOKENS

/* softmax over the entries with use[k], explained; returns a[j]. */
static double softmax_steps(const Att *a, const double *e, const bool *use, int n, int j, StrBuf *out,
                            const char *why_unused)
{
    double T = a->cfg->temperature, m = -INFINITY, x[MAXN] = {0}, S = 0.0;
    for (int k = 0; k < n; k++)
        if (use[k] && e[k] > m)
            m = e[k];
    if (m == -INFINITY) {
        sb_printf(out, "%s", TR(a->zh, "  no key of this row can take weight: every weight is 0 (never NaN)\n",
                                   "  这一行没有键能分得权重：每个权重都是 0（绝不会是 NaN）\n"));
        return 0.0;
    }
    sb_printf(out, TR(a->zh, "  2) subtract the row's max m = %s (so no exp can overflow), divide by T = %s, exp:\n",
                         "  2) 减去这一行的最大值 m = %s（这样 exp 不会溢出），除以 T = %s，取 exp：\n"),
              ex_num(m), ex_num(T));
    for (int k = 0; k < n; k++) {
        if (!use[k]) {
            sb_printf(out, TR(a->zh, "     %-10s %s: takes no weight\n", "     %-10s %s：不分得权重\n"), ex_col(a, k),
                      why_unused);
            continue;
        }
        double z = (e[k] - m) / T;
        x[k] = exp(z);
        S += x[k];
        sb_printf(out, "     %-10s exp((%s - %s) / %s) = exp(%s) = %s\n", ex_col(a, k), ex_num(e[k]), ex_num(m),
                  ex_num(T), ex_num(z), ex_num(x[k]));
    }
    sb_printf(out, "%s", TR(a->zh, "  3) add them up: S =", "  3) 求和：S ="));
    bool first = true;
    for (int k = 0; k < n; k++)
        if (use[k]) {
            sb_printf(out, "%s %s", first ? "" : " +", ex_num(x[k]));
            first = false;
        }
    sb_printf(out, " = %s\n", ex_num(S));
    if (!use[j]) {
        sb_printf(out, TR(a->zh, "  4) %s %s: its weight is exactly 0\n", "  4) %s %s：它的权重恰好是 0\n"), ex_col(a, j),
                  why_unused);
        return 0.0;
    }
    sb_printf(out, TR(a->zh, "  4) divide: a = exp / S = %s / %s = %s\n", "  4) 相除：a = exp / S = %s / %s = %s\n"), ex_num(x[j]), ex_num(S), ex_num(x[j] / S));
    return x[j] / S;
}

static double sparsemax_steps(const Att *a, const double *e, const bool *keep, int n, int j, StrBuf *out)
{
    double T = a->cfg->temperature, z[MAXN], sorted[MAXN];
    int m = 0;
    for (int k = 0; k < n; k++) {
        z[k] = e[k] / T;
        if (keep[k])
            sorted[m++] = z[k];
    }
    for (int p = 1; p < m; p++)     /* insertion sort, decreasing: m is small */
        for (int q = p; q > 0 && sorted[q] > sorted[q - 1]; q--) {
            double t = sorted[q];
            sorted[q] = sorted[q - 1];
            sorted[q - 1] = t;
        }
    sb_printf(out, TR(a->zh, "  2) z = e / T (T = %s), sorted from the largest:", "  2) z = e / T（T = %s），从大到小排序："),
              ex_num(T));
    for (int p = 0; p < m; p++)
        sb_printf(out, " %s", ex_num(sorted[p]));
    sb_printf(out, "%s", TR(a->zh, "\n  3) the support: every k with 1 + k z_(k) > z_(1) + ... + z_(k):\n",
                               "\n  3) 支撑集：所有满足 1 + k z_(k) > z_(1) + ... + z_(k) 的 k：\n"));
    double cum = 0.0, tau = 0.0;
    int best = 0;
    for (int k = 1; k <= m; k++) {
        cum += sorted[k - 1];
        bool ok = 1.0 + k * sorted[k - 1] > cum;
        sb_printf(out, "     k = %d: 1 + %d * %s = %s %s %s\n", k, k, ex_num(sorted[k - 1]),
                  ex_num(1.0 + k * sorted[k - 1]), ok ? ">" : "<=", ex_num(cum));
        if (ok) {
            best = k;
            tau = (cum - 1.0) / k;
        }
    }
    sb_printf(out, TR(a->zh, "  4) the threshold tau = (sum of the top %d - 1) / %d = %s\n",
                         "  4) 阈值 tau = (前 %d 个之和 - 1) / %d = %s\n"), best, best, ex_num(tau));
    if (!keep[j]) {
        sb_printf(out, "%s", TR(a->zh, "  5) this key is masked: 0\n", "  5) 这个键被遮住：0\n"));
        return 0.0;
    }
    double w = z[j] - tau > 0.0 ? z[j] - tau : 0.0;
    sb_printf(out, "  5) a = max(z - tau, 0) = max(%s - %s, 0) = %s%s\n", ex_num(z[j]), ex_num(tau), ex_num(w),
              w == 0.0 ? TR(a->zh, " (below the threshold: exactly 0)", "（低于阈值：恰好为 0）") : "");
    return w;
}

static double local_centre(const Att *a, int i, int n, StrBuf *out)
{
    if (a->cfg->dist == DIST_LOCAL_M) {
        double p = i;     /* also past the last key, as the engine */
        sb_printf(out, TR(a->zh, "  local-m: the centre is the query's own position, p_t = %s\n",
                             "  local-m：中心是查询自己的位置，p_t = %s\n"), ex_num(p));
        return p;
    }
    Mat Wp = a->sc->in[M_WP], vp = a->sc->in[M_VP];
    double dotv = 0.0;
    for (int t = 0; t < Wp.cols; t++) {
        double u = 0.0;
        for (int r = 0; r < Wp.rows; r++)
            u += (double)MAT_AT(a->Q, i, r) * MAT_AT(Wp, r, t);
        dotv += (double)vp.v[t] * tanh(u);
    }
    double sig = 1.0 / (1.0 + exp(-dotv)), p = n * sig;
    sb_printf(out, "  local-p: p_t = S * sigmoid(vp . tanh(q Wp)) = %d * sigmoid(%s) = %d * %s = %s\n", n,
              ex_num(dotv), n, ex_num(sig), ex_num(p));
    return (double)(float)p;    /* the engine keeps the centre as a float */
}

static double local_steps(const Att *a, int i, const double *e, const bool *keep, int n, int j, StrBuf *out)
{
    double p = local_centre(a, i, n, out);
    int D = a->cfg->window;
    bool win[MAXN];
    for (int k = 0; k < n; k++)
        win[k] = keep[k] && fabs(k - p) <= D;
    if (a->zh)
        sb_printf(out, "  窗口 |s - p_t| <= D = %d 保留与 %s 相距不超过 %d 的键\n", D, ex_num(p), D);
    else
        sb_printf(out, "  the window |s - p_t| <= D = %d keeps the keys within %d of %s\n", D, D, ex_num(p));
    double soft = softmax_steps(a, e, win, n, j, out, TR(a->zh, "is outside the window (or masked)", "在窗口之外（或被遮住）"));
    if (!win[j] || a->cfg->dist == DIST_LOCAL_M)
        return win[j] ? soft : 0.0;     /* local-m: the window's softmax alone */
    double sigma = D / 2.0, g = exp(-((j - p) * (j - p)) / (2.0 * sigma * sigma));
    sb_printf(out, TR(a->zh, "  5) times the Gaussian exp(-(s - p_t)^2 / (2 sigma^2)), sigma = D/2 = %s:\n"
                               "     exp(-(%d - %s)^2 / %s) = %s, so a = %s * %s = %s\n",
                         "  5) 乘以高斯 exp(-(s - p_t)^2 / (2 sigma^2))，sigma = D/2 = %s：\n"
                         "     exp(-(%d - %s)^2 / %s) = %s，所以 a = %s * %s = %s\n"),
              ex_num(sigma), j, ex_num(p), ex_num(2 * sigma * sigma), ex_num(g), ex_num(soft), ex_num(g),
              ex_num(soft * g));
    return soft * g;
}

static double topk_steps(const Att *a, const double *e, const bool *keep, int n, int j, StrBuf *out)
{
    bool chosen[MAXN] = {false};
    int k = a->cfg->topk;
    sb_printf(out, TR(a->zh, "  top-k: keep the k = %d largest kept scores (ties go to the first):",
                         "  top-k：保留最大的 k = %d 个得分（相同时取靠前的）："), k);
    for (int round = 0; round < k; round++) {
        int best = -1;
        for (int t = 0; t < n; t++)
            if (keep[t] && !chosen[t] && (best < 0 || e[t] > e[best]))
                best = t;
        if (best < 0)
            break;
        chosen[best] = true;
        sb_printf(out, " %s (%s)", ex_col(a, best), ex_num(e[best]));
    }
    sb_printf(out, "\n");
    return softmax_steps(a, e, chosen, n, j, out, TR(a->zh, "is not in the top k (or masked)", "不在前 k 个之中（或被遮住）"));
}

double ex_weight(const Att *a, int i, int j, StrBuf *out)
{
    int n = a->K.rows;
    double e[MAXN];
    bool keep[MAXN];
    char why[200];
    sb_printf(out, TR(a->zh, "  1) the scores of row %s, e = %s; this cell's, term by term:\n",
                         "  1) 行 %s 的得分，e = %s；这一格的逐项算式：\n"), ex_row(a, i),
              engine_config_formula(a->cfg) + 4);
    ex_score(a, i, j, out);
    sb_printf(out, "%s", TR(a->zh, "     and the whole row the same way:\n", "     整行同样算出：\n"));
    for (int k = 0; k < n; k++) {
        e[k] = ex_score(a, i, k, NULL);
        keep[k] = ex_mask_reason(a, i, k, why, sizeof why) == NULL;
        /* "遮住" is two wide characters: padded by columns, not bytes */
        const char *v = keep[k] ? ex_num(e[k]) : TR(a->zh, "masked", "遮住");
        int pad = 9 - (!keep[k] && a->zh ? 4 : (int)strlen(v));
        /* three keys a line: four (5 + 4 x 22 columns) would wrap at 80 */
        sb_printf(out, "%s%-10s %s%*s", k % 3 == 0 ? "     " : "  ", ex_col(a, k), v, pad > 0 ? pad : 0, "");
        if (k % 3 == 2 || k == n - 1)
            sb_printf(out, "\n");
    }
    double T = a->cfg->temperature;
    switch (a->cfg->dist) {
    case DIST_SIGMOID: {
        if (!keep[j])
            return 0.0;
        double x = exp(-e[j] / T), w = 1.0 / (1.0 + x);
        sb_printf(out, TR(a->zh, "  2) sigmoid, each weight on its own (the row need not sum to 1):\n"
                                   "     a = 1 / (1 + exp(-e / T)) = 1 / (1 + exp(-(%s) / %s)) = 1 / (1 + %s) = %s\n",
                             "  2) sigmoid，每个权重各算各的（这一行的和不必为 1）：\n"
                             "     a = 1 / (1 + exp(-e / T)) = 1 / (1 + exp(-(%s) / %s)) = 1 / (1 + %s) = %s\n"),
                  ex_num(e[j]), ex_num(T), ex_num(x), ex_num(w));
        return w;
    }
    case DIST_ARGMAX: {
        int best = -1;
        for (int k = 0; k < n; k++)
            if (keep[k] && (best < 0 || e[k] > e[best]))
                best = k;
        if (best < 0)
            return 0.0;
        sb_printf(out, TR(a->zh, "  2) argmax: the largest kept score is %s at %s (ties go to the first);\n"
                                   "     it gets weight 1, every other key 0: here a = %d\n",
                             "  2) argmax：最大的得分是 %s，在 %s（相同时取靠前的）；\n"
                             "     它得到权重 1，其余的键都是 0：这里 a = %d\n"),
                  ex_num(e[best]), ex_col(a, best), best == j);
        return best == j;
    }
    case DIST_TOPK: return topk_steps(a, e, keep, n, j, out);
    case DIST_SPARSEMAX: return sparsemax_steps(a, e, keep, n, j, out);
    case DIST_LOCAL_M:
    case DIST_LOCAL_P: return local_steps(a, i, e, keep, n, j, out);
    case DIST_SAMPLE: {
        double p = softmax_steps(a, e, keep, n, j, out, TR(a->zh, "is masked", "被遮住"));
        int N = a->cfg->samples < 1 ? 1 : a->cfg->samples;
        double w = MAT_AT(a->h->weights, i, j);
        long cnt = lround(w * N);
        if (a->zh)
            sb_printf(out, "  5) 采样：这个键的 softmax 概率是 %s；引擎用种子 %llu 抽了 %d 个独热样本，\n"
                           "     这个键被抽中 %ld 次：a = %ld / %d = %s\n",
                      ex_num(p), (unsigned long long)a->cfg->seed, N, cnt, cnt, N, ex_num((double)cnt / N));
        else
            sb_printf(out, "  5) sampled: the softmax probability of this key is %s; the engine drew %d one-hot\n"
                           "     sample(s) with seed %llu and this key was drawn %ld time(s): a = %ld / %d = %s\n",
                      ex_num(p), N, (unsigned long long)a->cfg->seed, cnt, cnt, N, ex_num((double)cnt / N));
        return (double)cnt / N;
    }
    case DIST_SOFTMAX:
    default:
        return softmax_steps(a, e, keep, n, j, out, TR(a->zh, "is masked", "被遮住"));
    }
}
