/* ui_dump_explain.c - "show the arithmetic" of a real model's cell:
 * softmax(q.k / sqrt(d)) term by term, in the style of the toy's
 * explanations (lab/explain*.c), and where the file's own scores or weights
 * differ from it, said plainly. See ui_dump.h. */
#include "tui/ui_dump.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "model/check.h"

#define SHOWN_TERMS 12  /* products listed before "... more" */
#define SHOWN_KEYS 16   /* keys listed in the softmax before "... more" */

/* Whether two numbers agree to float precision (relative 1e-3). */
static bool same(double a, double b) { return fabs(a - b) <= 1e-3 * (1 + fabs(a) + fabs(b)); }

/* q_i . k_j / sqrt(d) for every key j of the row into e; with out, the
 * selected key's products written term by term. */
static void row_scores(const AttnDump *d, int layer, int head, int i, int sel, double *e, StrBuf *out, bool zh)
{
    const float *q = dump_head_q(d, layer, head) + (size_t)i * (size_t)d->d_head;
    const float *k = dump_head_k(d, layer, head);
    double root = sqrt((double)d->d_head);
    for (int j = 0; j < d->nk; j++) {
        const float *kj = k + (size_t)j * (size_t)d->d_head;
        double dot = 0;
        for (int t = 0; t < d->d_head; t++) {
            double p = (double)q[t] * kj[t];
            dot += p;
            if (j == sel && t < SHOWN_TERMS)
                sb_printf(out, "     q[%d] k[%d] = %.4g x %.4g = %.4g\n", t, t, q[t], kj[t], p);
        }
        if (j == sel && d->d_head > SHOWN_TERMS)
            sb_printf(out, TR(zh, "     ... %d more products\n", "     ……还有 %d 个乘积\n"), d->d_head - SHOWN_TERMS);
        if (j == sel)
            sb_printf(out, TR(zh, "     q . k = %.4g;  / sqrt(%d) = %.4g  ->  s = %.4g\n",
                              "     q . k = %.4g；除以 sqrt(%d) = %.4g  ->  s = %.4g\n"),
                      dot, d->d_head, root, dot / root);
        e[j] = dot / root;
    }
}

/* Step 1's last word: the file's own score against q.k/sqrt(d). */
static void compare_score(const AttnDump *d, int layer, int head, int i, int j, double s, StrBuf *out, bool zh)
{
    const float *sc = dump_head_scores(d, layer, head);
    if (!sc)
        return;
    double f = sc[(size_t)i * (size_t)d->nk + (size_t)j];
    if (same(f, s))
        sb_printf(out, TR(zh, "     the file's score: %.4g, the same\n", "     文件里的分数：%.4g，相同\n"), f);
    else
        sb_printf(out, TR(zh, "     the file's score is %.4g, not q.k/sqrt(d) = %.4g: this model computes more than "
                              "that (a bias, rotary or relative positions, another scale)\n",
                          "     文件里的分数是 %.4g，不是 q.k/sqrt(d) = %.4g：这个模型算的不止这些（偏置、旋转或相对"
                          "位置、别的缩放）\n"),
                  f, s);
}

/* Steps 2-4: the softmax over the row's keys (j <= i when causal). */
static double softmax_row(const AttnDump *d, const double *e, int i, int sel, bool causal, StrBuf *out, bool zh)
{
    int n = causal ? i + 1 : d->nk;
    double m = -INFINITY, S = 0;
    for (int j = 0; j < n; j++)
        m = e[j] > m ? e[j] : m;
    sb_printf(out, TR(zh, "  2) softmax over %d keys%s: subtract the row's max m = %.4g, exp:\n",
                      "  2) 对 %d 个键做 softmax%s：减去这一行的最大值 m = %.4g，取 exp：\n"),
              n, causal ? TR(zh, " (causal: keys after the query take no weight)", "（因果：查询之后的键不分得权重）")
                        : "",
              m);
    for (int j = 0; j < n; j++) {
        double x = exp(e[j] - m);
        S += x;
        if (j < SHOWN_KEYS || j == sel)
            sb_printf(out, "     %s%3d %-10.10s exp(%.4g - %.4g) = %.4g\n", j == sel ? ">" : " ", j, d->k_tokens[j],
                      e[j], m, x);
        else if (j == SHOWN_KEYS)
            sb_printf(out, "%s", TR(zh, "     ...\n", "     ……\n"));
    }
    sb_printf(out, TR(zh, "  3) add them up: S = %.4g\n", "  3) 求和：S = %.4g\n"), S);
    if (sel >= n) {
        sb_printf(out, "%s", TR(zh, "  4) this key comes after the query: its weight is 0\n",
                                "  4) 这个键在查询之后：权重为 0\n"));
        return 0;
    }
    double a = exp(e[sel] - m) / S;
    sb_printf(out, TR(zh, "  4) divide: a = exp / S = %.4g / %.4g = %.4g\n", "  4) 相除：a = exp / S = %.4g / %.4g = %.4g\n"),
              exp(e[sel] - m), S, a);
    return a;
}

void ui_dump_explain(const Ui *ui, StrBuf *b)
{
    const UiDump *v = ui->dump;
    const AttnDump *d = v->d;
    bool zh = ui->zh;
    int i = v->qi, j = v->kj;
    double w = dump_head(d, v->layer, v->head)[(size_t)i * (size_t)d->nk + (size_t)j];
    sb_printf(b, TR(zh, "Layer %d, head %d: query %d '%s', key %d '%s': weight %.4g\n\n",
                    "第 %d 层，第 %d 个头：查询 %d “%s”，键 %d “%s”：权重 %.4g\n\n"),
              v->layer, v->head, i, d->q_tokens[i], j, d->k_tokens[j], w);
    if (!d->q || !d->k) {
        sb_printf(b, "%s", TR(zh, "This file has only the weights, no q and k: the arithmetic cannot be shown. "
                                  "Save q and k ([layers, heads, n, d_head]) with np.savez to see it.\n",
                              "这个文件只有权重，没有 q 和 k：无法显示算式。用 np.savez 存下 q 和 k（[层, 头, n, d_head]）"
                              "就能看到。\n"));
        return;
    }
    double *e = xmalloc((size_t)d->nk * sizeof *e);
    sb_printf(b, TR(zh, "  1) the score s = q . k / sqrt(d), d = %d:\n", "  1) 分数 s = q . k / sqrt(d)，d = %d：\n"),
              d->d_head);
    row_scores(d, v->layer, v->head, i, j, e, b, zh);
    compare_score(d, v->layer, v->head, i, j, e[j], b, zh);
    DumpCheck c;
    dump_check(d, &c);
    double a = softmax_row(d, e, i, j, c.causal, b, zh);
    if (same(a, w))
        sb_printf(b, TR(zh, "\nThe file's weight is %.4g: the same.\n", "\n文件里的权重是 %.4g：相同。\n"), w);
    else
        sb_printf(b, TR(zh, "\nThe file's weight is %.4g, not %.4g: the model's softmax saw other scores "
                            "(see step 1) or another mask.\n",
                        "\n文件里的权重是 %.4g，不是 %.4g：模型的 softmax 用的是别的分数（见第 1 步）或别的掩码。\n"),
                  w, a);
    free(e);
}
