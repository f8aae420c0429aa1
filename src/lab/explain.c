/* explain.c - see explain.h: scores, outputs, masks and the dispatch on
 * panels. The distributions' arithmetic is in explain_dist.c. */
#include "lab/explain_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lesson/lesson.h"

const char *ex_num(double v)
{
    static char ring[16][40];  /* lifetime: see explain_int.h */
    static int at;
    char *b = ring[at++ % 16];
    if (isnan(v))
        return "nan";
    if (isinf(v))
        return v > 0 ? "inf" : "-inf";
    if (v != 0.0 && (fabs(v) >= 1e6 || fabs(v) < 1e-4)) {
        snprintf(b, 40, "%.4e", v);
        return b;
    }
    snprintf(b, 40, "%.4f", v);
    char *end = b + strlen(b) - 1;
    while (*end == '0')
        *end-- = '\0';
    if (*end == '.')
        *end = '\0';
    if (strcmp(b, "-0") == 0)
        strcpy(b, "0");
    return b;
}

static const char *token(const Att *a, bool query, int i)
{
    static char ring[8][48];
    static int at;
    char *b = ring[at++ % 8];
    int n = query ? (a->s ? a->s->n_queries : 0) : (a->s ? a->s->n_keys : 0);
    int rows = query ? (a->rows_are_keys ? a->K.rows : a->Q.rows) : (a->rows_are_keys ? a->Q.rows : a->K.rows);
    if (a->s && i < n && rows == n)
        snprintf(b, 48, "\"%s\"", query ? a->s->queries[i] : a->s->keys[i]);
    else if (rows == 1 && n > 1)
        snprintf(b, 48, "%s", query ? TR(a->zh, "the pooled query", "池化后的查询")
                                    : TR(a->zh, "the summary query", "汇总查询"));
    else
        snprintf(b, 48, "%c%d", query ? 'q' : 'k', i);
    return b;
}

const char *ex_row(const Att *a, int i) { return token(a, !a->rows_are_keys, i); }
const char *ex_col(const Att *a, int j) { return token(a, a->rows_are_keys, j); }

/* "name = (a0 * b0) + (a1 * b1) + ... = total", four products a line. */
static double products(StrBuf *out, const char *name, const float *x, int xs, const float *y, int ys, int n)
{
    double sum = 0.0;
    if (out)
        sb_printf(out, "      %s = ", name);
    for (int t = 0; t < n; t++) {
        double p = (double)x[(size_t)t * xs] * (double)y[(size_t)t * ys];
        sum += p;
        if (!out)
            continue;
        if (t && t % 4 == 0)
            sb_printf(out, "\n      %*s", (int)strlen(name) + 1, "");
        sb_printf(out, "%s(%s * %s)", t ? " + " : "", ex_num(x[(size_t)t * xs]), ex_num(y[(size_t)t * ys]));
    }
    if (out)
        sb_printf(out, "\n      %*s= %s\n", (int)strlen(name) + 1, "", ex_num(sum));
    return sum;
}

static double score_additive(const Att *a, int i, int j, StrBuf *out)
{
    const Mat *in = a->sc->in;
    Mat Wa = in[M_WA], Ua = in[M_UA], va = in[M_VA];
    int H = va.cols;
    double e = 0.0;
    if (out)
        sb_printf(out, TR(a->zh, "  additive: e = va . tanh(q Wa + k Ua), over %d hidden units\n",
                             "  加性：e = va . tanh(q Wa + k Ua)，共 %d 个隐藏单元\n"), H);
    for (int t = 0; t < H; t++) {
        double u = 0.0;
        for (int r = 0; r < Wa.rows; r++)
            u += (double)MAT_AT(a->Q, i, r) * MAT_AT(Wa, r, t);
        for (int r = 0; r < Ua.rows; r++)
            u += (double)MAT_AT(a->K, j, r) * MAT_AT(Ua, r, t);
        double th = tanh(u);
        e += (double)va.v[t] * th;
        if (out)
            sb_printf(out, TR(a->zh, "      unit %d: (q Wa + k Ua) = %s, tanh = %s, times va = %s -> %s\n",
                                 "      单元 %d：(q Wa + k Ua) = %s，tanh = %s，乘以 va = %s -> %s\n"), t, ex_num(u),
                      ex_num(th), ex_num(va.v[t]), ex_num((double)va.v[t] * th));
    }
    if (out)
        sb_printf(out, TR(a->zh, "      e = sum of the units = %s\n", "      e = 各单元之和 = %s\n"), ex_num(e));
    return e;
}

double ex_score(const Att *a, int i, int j, StrBuf *out)
{
    const float *q = &MAT_AT(a->Q, i, 0), *k = &MAT_AT(a->K, j, 0);
    int d = a->Q.cols;
    switch (a->cfg->score) {
    case SCORE_DOT:
        return products(out, "e = q.k", q, 1, k, 1, d);
    case SCORE_SCALED_DOT: {
        double dot = products(out, "q.k", q, 1, k, 1, d), e = dot / sqrt((double)d);
        if (out)
            sb_printf(out, "      e = q.k / sqrt(d) = %s / sqrt(%d) = %s / %s = %s\n", ex_num(dot), d, ex_num(dot),
                      ex_num(sqrt((double)d)), ex_num(e));
        return e;
    }
    case SCORE_GENERAL: {
        Mat W = a->W;
        double e = 0.0;
        if (out)
            sb_printf(out, "%s", TR(a->zh, "  general: e = (q W) . k; first q W, one number per column of W:\n",
                                       "  一般式：e = (q W) . k；先算 q W，W 的每一列得一个数：\n"));
        for (int c = 0; c < W.cols; c++) {
            char name[32];
            snprintf(name, sizeof name, "(q W)[%d]", c);
            double qw = products(out, name, q, 1, &MAT_AT(W, 0, c), W.cols, W.rows);
            e += qw * MAT_AT(a->K, j, c);
        }
        if (out) {
            sb_printf(out, "%s", TR(a->zh, "      then e = (q W) . k:\n", "      再算 e = (q W) . k：\n"));
            float qw[ENGINE_MAX_DIM];
            for (int c = 0; c < W.cols && c < ENGINE_MAX_DIM; c++) {
                double s = 0.0;
                for (int r = 0; r < W.rows; r++)
                    s += (double)q[r] * MAT_AT(W, r, c);
                qw[c] = (float)s;
            }
            products(out, "e", qw, 1, k, 1, W.cols);
        }
        return e;
    }
    case SCORE_ADDITIVE:
        return score_additive(a, i, j, out);
    case SCORE_LOCATION: {
        Mat Wl = a->sc->in[M_WL];
        if (out)
            sb_printf(out, TR(a->zh, "  location-based: e = (q Wl)[%d], from the query alone (the key is not used)\n",
                                 "  基于位置：e = (q Wl)[%d]，只用查询（不用键）\n"), j);
        return products(out, "e", q, 1, &MAT_AT(Wl, 0, j), Wl.cols, Wl.rows);
    }
    case SCORE_COSINE:
    default: {
        double dot = products(out, "q.k", q, 1, k, 1, d), nq = 0, nk = 0;
        for (int t = 0; t < d; t++) {
            nq += (double)q[t] * q[t];
            nk += (double)k[t] * k[t];
        }
        nq = sqrt(nq);
        nk = sqrt(nk);
        double e = nq == 0.0 || nk == 0.0 ? 0.0 : dot / (nq * nk);
        if (out)
            sb_printf(out, "      |q| = %s, |k| = %s\n    e = q.k / (|q| |k|) = %s / %s = %s%s\n", ex_num(nq),
                      ex_num(nk), ex_num(dot), ex_num(nq * nk), ex_num(e),
                      nq == 0.0 || nk == 0.0 ? TR(a->zh, " (a zero vector: 0 by definition)", "（零向量：按定义为 0）") : "");
        return e;
    }
    }
}

const char *ex_mask_reason(const Att *a, int i, int j, char *buf, size_t n)
{
    const AttnConfig *c = a->cfg;
    if (!a->masks)
        return NULL;
    if (c->mask & MASK_PADDING) {
        int len = c->n_valid_lens > 1 ? c->valid_lens[i < c->n_valid_lens ? i : c->n_valid_lens - 1]
                                      : c->valid_lens[0];
        if (j >= len) {
            snprintf(buf, n, TR(a->zh, "padding: this row's valid length is %d, so it keeps keys 0..%d; key %d is padding",
                                   "填充：这一行的有效长度是 %d，所以保留键 0..%d；键 %d 是填充"), len, len - 1, j);
            return buf;
        }
    }
    if ((c->mask & MASK_CAUSAL) && j > i) {
        snprintf(buf, n, TR(a->zh, "causal: query %d may look only at keys 0..%d (the past); key %d is its future",
                               "因果：查询 %d 只能看键 0..%d（过去）；键 %d 是它的未来"), i, i, j);
        return buf;
    }
    if ((c->mask & MASK_MATRIX) && !mat_empty(a->sc->in[M_M]) && MAT_AT(a->sc->in[M_M], i, j) == 0.0f) {
        snprintf(buf, n, TR(a->zh, "the mask matrix has M[%d][%d] = 0", "掩码矩阵中 M[%d][%d] = 0"), i, j);
        return buf;
    }
    return NULL;
}

/* ------------------------------------------------------- dispatch */

/* Columns [c0, c0 + n) of m, owned. */
static Mat cols_copy(Mat m, int c0, int n)
{
    Mat s = mat_new(m.rows, n);
    for (int i = 0; i < m.rows; i++)
        for (int c = 0; c < n; c++)
            MAT_AT(s, i, c) = MAT_AT(m, i, c0 + c);
    return s;
}

static void att_free(Att *a)
{
    if (!a->owned)
        return;
    mat_free(&a->Q);
    mat_free(&a->K);
    mat_free(&a->V);
    mat_free(&a->W);
}

/* The attention behind a panel (its source in the panel table): one head
 * (head), co-attention's B->A, or else the step's main attention. */
static void att_setup(Att *a, const Result *r, const Scenario *sc, const LessonStep *s, PanelSource src, int head,
                      bool zh)
{
    memset(a, 0, sizeof *a);
    a->zh = zh;
    a->cfg = &r->cfg;
    a->sc = sc;
    a->s = s;
    a->W = sc->in[M_W];
    bool co = r->cfg.mode == MODE_COATTENTION;
    a->masks = !co;
    if (src == PSRC_B2A) {              /* B attends to A */
        a->Q = r->cfg.co_grain == CO_COARSE ? r->query_b : sc->in[M_B];
        a->K = a->V = sc->in[M_A];
        a->h = &r->b2a;
        a->rows_are_keys = true;
        if (r->cfg.score == SCORE_GENERAL) {
            Mat W = sc->in[M_W], t = mat_new(W.cols, W.rows);
            for (int p = 0; p < W.rows; p++)
                for (int q = 0; q < W.cols; q++)
                    MAT_AT(t, q, p) = MAT_AT(W, p, q);
            a->W = t;
            a->Q = mat_copy(a->Q);
            a->K = mat_copy(a->K);
            a->V = mat_copy(a->V);
            a->owned = true;
        }
    } else if (src == PSRC_HEAD) {      /* one head: its block of columns */
        int H = r->n_heads, dh = r->Q.cols / H, dv = r->V.cols / H;
        a->Q = cols_copy(r->Q, head * dh, dh);
        a->K = cols_copy(r->K, head * dh, dh);
        a->V = cols_copy(r->V, head * dv, dv);
        a->W = mat_copy(sc->in[M_W]);
        a->owned = true;
        a->h = &r->heads[head];
    } else {
        a->Q = co && r->cfg.co_grain == CO_COARSE ? r->query_a : r->Q;
        a->K = r->K;
        a->V = r->V;
        a->h = &r->main;
    }
}

static double explain_output(const Att *a, int i, int j, StrBuf *out)
{
    const AttnHead *h = a->h;
    sb_printf(out, TR(a->zh, "  c = a V: the weights of row %s times column %d of V, summed down the keys:\n",
                         "  c = a V：行 %s 的权重乘以 V 的第 %d 列，沿着键求和：\n"), ex_row(a, i), j);
    /* two keys a line (each line fits 80 columns): a third would wrap */
    for (int k = 0; k < h->nk; k++)
        sb_printf(out, "%s%-10s a = %-8s v = %-8s%s", k % 2 == 0 ? "     " : "   ", ex_col(a, k),
                  ex_num(MAT_AT(h->weights, i, k)), ex_num(MAT_AT(a->V, k, j)),
                  k % 2 == 1 && k + 1 < h->nk ? "\n" : "");
    sb_printf(out, "\n");
    if (h->row_empty[i]) {
        sb_printf(out, "%s", TR(a->zh, "  every key of this row is masked: the output is 0\n",
                                   "  这一行的每个键都被遮住：输出为 0\n"));
        return 0.0;
    }
    return products(out, "c", &MAT_AT(h->weights, i, 0), 1, &MAT_AT(a->V, 0, j), a->V.cols, h->nk);
}

/* Multi-head summaries: the mean of the heads, or concat Wo. */
static double explain_multihead(const Result *r, const Scenario *sc, int panel, int i, int j, bool zh, StrBuf *out)
{
    if (panel == PANEL_OUTPUT) {
        Mat Wo = sc->in[M_WO];
        if (mat_empty(Wo)) {
            sb_printf(out, "%s", TR(zh, "  no Wo: the output is the heads' outputs side by side (concat)\n",
                                       "  没有 Wo：输出就是各头的输出并排拼接（concat）\n"));
            return MAT_AT(r->concat, i, j);
        }
        sb_printf(out, TR(zh, "  output = concat Wo: row %d of concat times column %d of Wo\n",
                             "  输出 = concat Wo：concat 的第 %d 行乘以 Wo 的第 %d 列\n"), i, j);
        return products(out, "output", &MAT_AT(r->concat, i, 0), 1, &MAT_AT(Wo, 0, j), Wo.cols, Wo.rows);
    }
    bool w = panel == PANEL_WEIGHTS;
    double sum = 0.0;
    sb_printf(out, TR(zh, "  the mean over the %d heads (each head's own %s; Tab to a head to see one):\n    (",
                         "  %d 个头的平均（各头自己的%s；按 Tab 到一个头可看它的）：\n    ("), r->n_heads,
              w ? TR(zh, "weights", "权重") : TR(zh, "scores", "得分"));
    for (int h = 0; h < r->n_heads; h++) {
        double v = w ? MAT_AT(r->heads[h].weights, i, j) : MAT_AT(r->heads[h].scores, i, j);
        sum += v;
        sb_printf(out, "%s%s", h ? " + " : "", ex_num(v));
    }
    sb_printf(out, ") / %d = %s\n", r->n_heads, ex_num(sum / r->n_heads));
    return sum / r->n_heads;
}

static double explain_input(const Result *r, const Scenario *sc, int panel, int i, int j, bool zh, StrBuf *out)
{
    AttnMode mode = r->cfg.mode;
    bool proj = (mode == MODE_SELF || mode == MODE_MULTIHEAD) && (panel == M_Q || panel == M_K || panel == M_V);
    if (panel == PANEL_PE) {
        int d = r->PE.cols, i2 = j - j % 2;
        double ang = i / pow(10000.0, (double)i2 / d);
        sb_printf(out, TR(zh, "  PE[p][%d] = %s(p / 10000^(%d/%d)) with p = %d: %s(%s) = %s\n",
                             "  PE[p][%d] = %s(p / 10000^(%d/%d))，p = %d：%s(%s) = %s\n"), j, j % 2 ? "cos" : "sin", i2, d,
                  i, j % 2 ? "cos" : "sin", ex_num(ang), ex_num(j % 2 ? cos(ang) : sin(ang)));
        return j % 2 ? cos(ang) : sin(ang);
    }
    if (!proj) {
        sb_printf(out, TR(zh, "  an input of this step, as the lesson (or you) wrote it: %s\n",
                             "  这一步的输入，即课程（或你）写下的值：%s\n"),
                  ex_num(MAT_AT(sc->in[panel], i, j)));
        return MAT_AT(sc->in[panel], i, j);
    }
    MatName w = panel == M_Q ? M_WQ : panel == M_K ? M_WK : M_WV;
    Mat W = sc->in[w];
    if (mat_empty(W)) {
        sb_printf(out, TR(zh, "  no %s: this is X%s itself\n", "  没有 %s：这就是 X%s 本身\n"), engine_mat_name(w),
                  r->cfg.position ? " + PE" : "");
        return MAT_AT(r->Xin, i, j);
    }
    const char *pe = r->cfg.position ? " + PE" : "", *wn = engine_mat_name(w);
    if (zh)     /* the words come in another order */
        sb_printf(out, "  %s = X%s %s：X%s 的第 %d 行乘以 %s 的第 %d 列\n", engine_mat_name((MatName)panel), pe, wn, pe, i,
                  wn, j);
    else
        sb_printf(out, "  %s = X%s %s: row %d of X%s times column %d of %s\n", engine_mat_name((MatName)panel), pe, wn,
                  i, pe, j, wn);
    return products(out, engine_mat_name((MatName)panel), &MAT_AT(r->Xin, i, 0), 1, &MAT_AT(W, 0, j), W.cols, W.rows);
}

/* Appends the verdict: the recomputed number against the engine's. */
static int verdict(double mine, double engine, bool zh, StrBuf *out)
{
    bool same = fabs(mine - engine) <= 5e-5 * (fabs(engine) > 1.0 ? fabs(engine) : 1.0);
    char mv[40], ev[40];
    snprintf(mv, sizeof mv, "%s", ex_num(mine));
    snprintf(ev, sizeof ev, "%s", ex_num(engine));
    if (same && strcmp(mv, ev) == 0)
        sb_printf(out, TR(zh, "\n=> %s   (the engine's value: %s, the same)\n", "\n=> %s   （引擎的值：%s，相同）\n"),
                  mv, ev);
    else if (same)
        sb_printf(out, TR(zh, "\n=> %s   (the engine, in float: %s; they agree to display precision)\n",
                             "\n=> %s   （引擎用 float 算得 %s；在显示精度内一致）\n"), mv, ev);
    else
        sb_printf(out, TR(zh, "\n=> %s   but the engine has %s: DIFFERENT, please report this\n",
                             "\n=> %s   但引擎的值是 %s：不一致，请报告这个问题\n"), mv, ev);
    return same ? 1 : 0;
}

/* The recomputation for one panel's cell; *engine gets the engine's value
 * (NaN when the panel has nothing to explain). */
static double recompute(const Result *r, const Scenario *sc, const LessonStep *s, Att *a, int panel, int i, int j,
                        const char *masked, double *engine, StrBuf *out)
{
    bool mh = r->cfg.mode == MODE_MULTIHEAD;
    double mine = NAN;
    *engine = NAN;
    switch (panel) {
    case PANEL_SCORES:
    case PANEL_AFFINITY:
        if (mh) {
            mine = explain_multihead(r, sc, panel, i, j, a->zh, out);
        } else {
            if (masked)
                sb_printf(out, "%s", TR(a->zh, "  The score itself is still computed (it is kept, only ignored):\n",
                                           "  得分本身照样计算（保留下来，只是不用）：\n"));
            mine = ex_score(a, i, j, out);
        }
        *engine = panel == PANEL_AFFINITY ? MAT_AT(r->affinity, i, j) : MAT_AT(r->main.scores, i, j);
        break;
    case PANEL_WEIGHTS:
    case PANEL_IMAGE:       /* the weights, drawn over the picture */
    case PANEL_HEADS:
    case PANEL_WEIGHTS_BA:
        if (mh && panel == PANEL_WEIGHTS)
            mine = explain_multihead(r, sc, panel, i, j, a->zh, out);
        else
            mine = masked ? 0.0 : ex_weight(a, i, j, out);
        *engine = MAT_AT(a->h->weights, i, j);
        break;
    case PANEL_OUTPUT:
    case PANEL_OUTPUT_BA:
        mine = mh && panel == PANEL_OUTPUT ? explain_multihead(r, sc, panel, i, j, a->zh, out)
                                           : explain_output(a, i, j, out);
        *engine = MAT_AT(a->h->output, i, j);
        break;
    case PANEL_CONCAT: {
        int dv = r->V.cols / r->n_heads, h = j / dv;
        bool zh = a->zh;
        att_free(a);
        att_setup(a, r, sc, s, PSRC_HEAD, h, zh);
        if (zh)
            sb_printf(out, "  concat 的第 %d 列是头 %d 输出的第 %d 列：\n", j, h + 1, j % dv);
        else
            sb_printf(out, "  column %d of concat is column %d of head %d's output:\n", j, j % dv, h + 1);
        mine = explain_output(a, i, j % dv, out);
        *engine = MAT_AT(r->concat, i, j);
        break;
    }
    default:
        if (panel == PANEL_PE || (panel >= 0 && panel < M__COUNT)) {
            Mat m = panel_get(panel, r, sc, 0).m;
            if (i < 0 || j < 0 || i >= m.rows || j >= m.cols) {
                /* a panel emptied by a setting (position encoding off, no mask) */
                sb_printf(out, "%s", TR(a->zh, "  this panel is empty with the current settings\n",
                                           "  在当前设置下这个面板是空的\n"));
                break;
            }
            mine = explain_input(r, sc, panel, i, j, a->zh, out);
            *engine = MAT_AT(m, i, j);
        }
        break;
    }
    return mine;
}

/* The one row of a coarse co-attention's attention as its panel and goal
 * words name it (mean(A), mean(B), the summary of B; whv, whq in Lu et
 * al.'s form); NULL for a panel whose rows are tokens. */
static const char *pooled_row(const Result *r, const PanelEntry *e, bool zh)
{
    const AttnConfig *c = &r->cfg;
    bool ab = e->src == PSRC_MAIN, ba = e->src == PSRC_B2A;
    if (c->mode != MODE_COATTENTION || (!ab && !ba))
        return NULL;
    if (c->co_mode == CO_PARALLEL_LU)
        return ab ? "whv" : "whq";
    if (c->co_grain != CO_COARSE)
        return NULL;
    if (ab)
        return "mean(A)";
    return c->co_mode == CO_PARALLEL ? "mean(B)" : TR(zh, "the summary of B", "B 的汇总");
}

int explain_cell(const Result *r, const Scenario *sc, const LessonStep *s, int panel, int head, int i, int j,
                 StrBuf *out)
{
    return explain_cell_lang(r, sc, s, panel, head, i, j, false, out);
}

int explain_cell_lang(const Result *r, const Scenario *sc, const LessonStep *s, int panel, int head, int i, int j,
                      bool zh, StrBuf *out)
{
    const PanelEntry *e = panel_entry(panel);
    if (!e) {
        sb_printf(out, "%s", TR(zh, "  nothing to explain in this panel\n", "  这个面板没有可解释的\n"));
        return -1;
    }
    Att a;
    att_setup(&a, r, sc, s, e->src, head, zh);
    char why[200];
    if (e->per_head)
        sb_printf(out, TR(zh, "How head %d's weights[%d][%d] was computed", "头 %d 的权重[%d][%d] 是怎么算出来的"),
                  head + 1, i, j);
    else
        sb_printf(out, TR(zh, "How %s[%d][%d] was computed", "%s[%d][%d] 是怎么算出来的"), panel_word(panel, zh), i,
                  j);
    /* a cell of (query, key) pairs: name its two tokens */
    bool scorelike = e->cols != PAX_INDEX && e->rows != PAX_INDEX && e->src != PSRC_INPUT;
    bool attention = e->src == PSRC_MAIN || e->src == PSRC_HEAD || e->src == PSRC_B2A;
    const char *row = pooled_row(r, e, zh);
    if (scorelike)
        sb_printf(out, TR(zh, ": row %s, column %s", "：行 %s，列 %s"), row ? row : ex_row(&a, i), ex_col(&a, j));
    sb_printf(out, "\n\n");
    AttnMode mode = r->cfg.mode;
    if (sc->ext_run) {
        double engine, mine = ex_translator(&a, r, panel, i, j, out, &engine);
        att_free(&a);
        return isnan(engine) ? -1 : verdict(mine, engine, zh, out);
    }
    if (((mode == MODE_MULTIDIM || mode == MODE_HIERARCHICAL || mode == MODE_MEMORY) && panel >= M__COUNT) ||
        panel == PANEL_COMBINED || panel == PANEL_COMBINED_BA) {
        size_t said = out->len;         /* explain_course.c: every computed cell */
        double engine, mine = ex_course(&a, r, panel, i, j, out, &engine);
        att_free(&a);
        if (!isnan(engine))
            return verdict(mine, engine, zh, out);
        if (out->len == said)
            sb_printf(out, "%s", TR(zh, "  nothing to explain in this panel\n", "  这个面板没有可解释的\n"));
        return -1;
    }
    bool lu = r->cfg.mode == MODE_COATTENTION && r->cfg.co_mode == CO_PARALLEL_LU;
    bool pooled = r->cfg.mode == MODE_COATTENTION && r->cfg.co_grain == CO_COARSE &&
                  (e->src == PSRC_MAIN || e->src == PSRC_B2A);
    if (lu) {
        double engine, mine = ex_lu(&a, r, panel, i, j, out, &engine);
        bool attention_cell = panel == PANEL_WEIGHTS || panel == PANEL_WEIGHTS_BA;
        if (!isnan(engine) || !isnan(mine) || attention_cell) {     /* its own, or said why not */
            att_free(&a);
            return isnan(engine) ? -1 : verdict(mine, engine, zh, out);
        }
        if (e->src == PSRC_MAIN || e->src == PSRC_B2A)
            sb_printf(out, TR(zh, "  Lu et al.: the weights come from the learned vector %s, not a pooled query\n\n",
                                 "  Lu 等：权重来自学到的向量 %s，不是池化的查询\n\n"),
                      e->src == PSRC_MAIN ? "whv" : "whq");
    } else if (pooled) {
        bool ba = e->src == PSRC_B2A;
        sb_printf(out, TR(zh, "  coarse: the query is %s =", "  粗粒度：查询是 %s ="),
                  !ba ? TR(zh, "mean(A), A's rows averaged", "mean(A)，A 各行的平均")
                  : r->cfg.co_mode == CO_PARALLEL ? TR(zh, "mean(B), B's rows averaged", "mean(B)，B 各行的平均")
                                                  : TR(zh, "the summary of B found by A->B", "A->B 得到的 B 的汇总"));
        for (int t = 0; t < a.Q.cols; t++)
            sb_printf(out, "%s%s", t ? ", " : " (", ex_num(MAT_AT(a.Q, 0, t)));
        sb_printf(out, ")\n\n");
    }
    const char *masked = scorelike && attention ? ex_mask_reason(&a, i, j, why, sizeof why) : NULL;
    if (masked)
        sb_printf(out, TR(zh, "  MASKED by %s.\n  A masked cell takes no weight at all (its weight is exactly 0, "
                                 "not a small number).\n\n",
                             "  被遮住：%s。\n  被遮住的格子完全不分得权重（权重恰好是 0，不是一个很小的数）。\n\n"),
                  masked);
    double engine, mine = recompute(r, sc, s, &a, panel, i, j, masked, &engine, out);
    att_free(&a);
    if (isnan(engine)) {
        sb_printf(out, "%s", TR(zh, "  nothing to explain in this panel\n", "  这个面板没有可解释的\n"));
        return -1;
    }
    return verdict(mine, engine, zh, out);
}
