/* engine.c - runs one step: projections, masks, scores, distribution and
 * weighted sum, per head and for co-attention. See engine.h. */
#include "engine.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "attention.h"

/* ------------------------------------------------------------ names */

static const char *const mode_names[MODE__COUNT] = {"qkv", "self", "multihead", "coattention"};
static const char *const score_names[SCORE__COUNT] = {"dot", "scaled_dot", "general",
                                                      "additive", "location", "cosine"};
static const char *const dist_names[DIST__COUNT] = {"softmax", "sigmoid", "argmax", "sample",
                                                    "topk", "sparsemax", "local_m", "local_p"};
static const char *const co_mode_names[CO__COUNT] = {"parallel", "alternating"};
static const char *const grain_names[GRAIN__COUNT] = {"fine", "coarse"};
static const char *const mat_names[M__COUNT] = {"Q", "K", "V", "X", "Wq", "Wk", "Wv", "Wo", "W",
                                                "Wa", "Ua", "va", "Wl", "Wp", "vp", "A", "B", "M"};
static const char *const score_formulas[SCORE__COUNT] = {
    "e = q.k", "e = q.k / sqrt(d)", "e = q W k", "e = va.tanh(q Wa + k Ua)", "e = q Wl",
    "e = q.k / (|q| |k|)"};
static const char *const dist_formulas[DIST__COUNT] = {
    "a = softmax(e / T)", "a = sigmoid(e / T)", "a = onehot(argmax e)", "a ~ softmax(e / T)",
    "a = softmax(top-k e)", "a = sparsemax(e / T)", "a = softmax(e) * gauss(s - t)",
    "a = softmax(e) * gauss(s - p_t)"};

const char *engine_mode_name(AttnMode m) { return mode_names[m]; }
const char *engine_score_name(ScoreKind k) { return score_names[k]; }
const char *engine_dist_name(DistKind k) { return dist_names[k]; }
const char *engine_co_mode_name(CoMode m) { return co_mode_names[m]; }
const char *engine_grain_name(CoGrain g) { return grain_names[g]; }
const char *engine_mat_name(MatName m) { return mat_names[m]; }
const char *engine_score_formula(ScoreKind k) { return score_formulas[k]; }
const char *engine_dist_formula(DistKind k) { return dist_formulas[k]; }

static int find_name(const char *const *names, int n, const char *s, bool case_sensitive)
{
    for (int i = 0; i < n; i++)
        if (case_sensitive ? strcmp(names[i], s) == 0 : strcasecmp(names[i], s) == 0)
            return i;
    return -1;
}

int engine_parse_mode(const char *s) { return find_name(mode_names, MODE__COUNT, s, false); }
int engine_parse_score(const char *s) { return find_name(score_names, SCORE__COUNT, s, false); }
int engine_parse_dist(const char *s) { return find_name(dist_names, DIST__COUNT, s, false); }
int engine_parse_co_mode(const char *s) { return find_name(co_mode_names, CO__COUNT, s, false); }
int engine_parse_grain(const char *s) { return find_name(grain_names, GRAIN__COUNT, s, false); }
/* Matrix names are case-sensitive: "v" would be ambiguous with "V". */
int engine_parse_mat(const char *s) { return find_name(mat_names, M__COUNT, s, true); }

AttnConfig engine_default_config(void)
{
    AttnConfig c;
    memset(&c, 0, sizeof c);
    c.mode = MODE_QKV;
    c.score = SCORE_SCALED_DOT;
    c.dist = DIST_SOFTMAX;
    c.temperature = 1.0f;
    c.topk = 2;
    c.window = 1;
    c.heads = 1;
    c.co_mode = CO_PARALLEL;
    c.co_grain = CO_FINE;
    c.seed = 1;
    c.samples = 1;
    return c;
}

/* -------------------------------------------------------- validation */

typedef struct {
    char *buf;
    size_t len;
    MatName *culprit;
    CfgField *field;
} Err;



static bool fail(Err *e, MatName who, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool fail(Err *e, MatName who, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (e->buf && e->len)
        vsnprintf(e->buf, e->len, fmt, ap);
    va_end(ap);
    if (e->culprit)
        *e->culprit = who;
    return false;
}

static bool fail_cfg(Err *e, CfgField f, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool fail_cfg(Err *e, CfgField f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (e->buf && e->len)
        vsnprintf(e->buf, e->len, fmt, ap);
    va_end(ap);
    if (e->field)
        *e->field = f;
    return false;
}

static bool need(Err *e, const Scenario *sc, MatName m, const char *why)
{
    if (mat_empty(sc->in[m]))
        return fail(e, m, "%s needs the matrix %s", why, mat_names[m]);
    return true;
}

/* The matrix m must be rows x cols (a negative count: any). */
static bool shape(Err *e, const Scenario *sc, MatName m, int rows, int cols, const char *what)
{
    Mat x = sc->in[m];
    if ((rows >= 0 && x.rows != rows) || (cols >= 0 && x.cols != cols)) {
        char want[64];
        snprintf(want, sizeof want, "%s%d x %s%d", rows < 0 ? "any" : "", rows < 0 ? 0 : rows,
                 cols < 0 ? "any" : "", cols < 0 ? 0 : cols);
        if (rows < 0)
            snprintf(want, sizeof want, "n x %d", cols);
        else if (cols < 0)
            snprintf(want, sizeof want, "%d x n", rows);
        return fail(e, m, "%s is %d x %d but %s needs %s", mat_names[m], x.rows, x.cols, what, want);
    }
    return true;
}

/* Shapes of the queries and keys the score function will see. */
typedef struct {
    int nq, nk, dq, dk, dv;
} Dims;

static bool score_params_fit(Err *e, const Scenario *sc, Dims d, bool per_head)
{
    const AttnConfig *c = &sc->cfg;
    switch (c->score) {
    case SCORE_DOT:
    case SCORE_SCALED_DOT:
    case SCORE_COSINE:
        if (d.dq != d.dk)
            return fail(e, M_K, "%s scores need queries and keys of one width, but they are %d and %d wide",
                        score_names[c->score], d.dq, d.dk);
        return true;
    case SCORE_GENERAL:
        if (per_head)
            return fail_cfg(e, CF_SCORE, "multi-head attention takes dot, scaled_dot or cosine scores");
        return need(e, sc, M_W, "the general score") && shape(e, sc, M_W, d.dq, d.dk, "the general score q W k");
    case SCORE_ADDITIVE:
        if (per_head)
            return fail_cfg(e, CF_SCORE, "multi-head attention takes dot, scaled_dot or cosine scores");
        if (!need(e, sc, M_WA, "the additive score") || !need(e, sc, M_UA, "the additive score") ||
            !need(e, sc, M_VA, "the additive score"))
            return false;
        {
            int h = sc->in[M_VA].cols;
            return shape(e, sc, M_VA, 1, -1, "the additive score's vector") &&
                   shape(e, sc, M_WA, d.dq, h, "the additive score va.tanh(q Wa + k Ua)") &&
                   shape(e, sc, M_UA, d.dk, h, "the additive score va.tanh(q Wa + k Ua)");
        }
    case SCORE_LOCATION:
        if (per_head)
            return fail_cfg(e, CF_SCORE, "multi-head attention takes dot, scaled_dot or cosine scores");
        return need(e, sc, M_WL, "the location score") &&
               shape(e, sc, M_WL, d.dq, d.nk, "the location score e = q Wl");
    default:
        return fail_cfg(e, CF_SCORE, "unknown score function");
    }
}

static bool config_fits(Err *e, const Scenario *sc, Dims d)
{
    const AttnConfig *c = &sc->cfg;
    if (!(c->temperature > 0.0f) || !isfinite(c->temperature))
        return fail_cfg(e, CF_TEMPERATURE, "the temperature must be a number above 0 (it divides the scores)");
    if (c->dist == DIST_TOPK && (c->topk < 1 || c->topk > ENGINE_MAX_TOKENS))
        return fail_cfg(e, CF_TOPK, "topk must keep between 1 and %d keys", ENGINE_MAX_TOKENS);
    if ((c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P) && (c->window < 1 || c->window > ENGINE_MAX_TOKENS))
        return fail_cfg(e, CF_WINDOW, "the local window D must be between 1 and %d", ENGINE_MAX_TOKENS);
    if (c->dist == DIST_SAMPLE && (c->samples < 1 || c->samples > ATTN_MAX_SAMPLES))
        return fail_cfg(e, CF_SAMPLES, "samples must be between 1 and %d", ATTN_MAX_SAMPLES);
    if (c->dist == DIST_LOCAL_P) {
        if (!need(e, sc, M_WP, "local_p") || !need(e, sc, M_VP, "local_p"))
            return false;
        int h = sc->in[M_VP].cols;
        if (!shape(e, sc, M_VP, 1, -1, "local_p's vector") ||
            !shape(e, sc, M_WP, d.dq, h, "local_p's centre vp.tanh(q Wp)"))
            return false;
    }
    if (c->mask & MASK_PADDING) {
        if (c->n_valid_lens != 1 && c->n_valid_lens != d.nq)
            return fail_cfg(e, CF_VALID_LENS, "valid_lens gives %d lengths for %d query rows (give 1 or %d)",
                        c->n_valid_lens, d.nq, d.nq);
        for (int i = 0; i < c->n_valid_lens; i++)
            if (c->valid_lens[i] < 0 || c->valid_lens[i] > d.nk)
                return fail_cfg(e, CF_VALID_LENS, "valid length %d is longer than the %d keys", c->valid_lens[i], d.nk);
    }
    if ((c->mask & MASK_MATRIX) &&
        (!need(e, sc, M_M, "mask = matrix") || !shape(e, sc, M_M, d.nq, d.nk, "the mask (queries x keys)")))
        return false;
    return true;
}

static bool limits_fit(Err *e, const Scenario *sc)
{
    for (int m = 0; m < M__COUNT; m++) {
        Mat x = sc->in[m];
        if (mat_empty(x))
            continue;
        int lim = ENGINE_MAX_TOKENS > ENGINE_MAX_DIM ? ENGINE_MAX_TOKENS : ENGINE_MAX_DIM;
        if (x.rows > lim || x.cols > lim)
            return fail(e, (MatName)m, "%s is %d x %d; attnlab takes at most %d x %d", mat_names[m],
                        x.rows, x.cols, lim, lim);
    }
    if (sc->cfg.heads < 1 || sc->cfg.heads > ENGINE_MAX_HEADS)
        return fail_cfg(e, CF_HEADS, "heads must be between 1 and %d", ENGINE_MAX_HEADS);
    return true;
}

/* The widths after projection (self, multi-head): the input width, or the
 * projection's output width; each projection must take the input's width. */
static bool projection_fits(Err *e, const Scenario *sc, int d_in, MatName w, int *d_out)
{
    *d_out = d_in;
    if (mat_empty(sc->in[w]))
        return true;
    if (!shape(e, sc, w, d_in, -1, "a projection of the input"))
        return false;
    *d_out = sc->in[w].cols;
    return true;
}

static bool validate(const Scenario *sc, Err *e, Dims *out)
{
    const AttnConfig *c = &sc->cfg;
    Dims d = {0, 0, 0, 0, 0};
    if (!limits_fit(e, sc))
        return false;
    switch (c->mode) {
    case MODE_QKV:
        if (!need(e, sc, M_Q, "attention") || !need(e, sc, M_K, "attention") || !need(e, sc, M_V, "attention"))
            return false;
        if (sc->in[M_V].rows != sc->in[M_K].rows)
            return fail(e, M_V, "V has %d rows but K has %d: every key needs its value",
                        sc->in[M_V].rows, sc->in[M_K].rows);
        d = (Dims){sc->in[M_Q].rows, sc->in[M_K].rows, sc->in[M_Q].cols, sc->in[M_K].cols, sc->in[M_V].cols};
        if (!score_params_fit(e, sc, d, false))
            return false;
        break;
    case MODE_SELF:
    case MODE_MULTIHEAD: {
        if (!need(e, sc, M_X, c->mode == MODE_SELF ? "self-attention" : "multi-head attention"))
            return false;
        int n = sc->in[M_X].rows, dm = sc->in[M_X].cols;
        if (!projection_fits(e, sc, dm, M_WQ, &d.dq) || !projection_fits(e, sc, dm, M_WK, &d.dk) ||
            !projection_fits(e, sc, dm, M_WV, &d.dv))
            return false;
        d.nq = d.nk = n;
        if (c->mode == MODE_SELF) {
            if (!score_params_fit(e, sc, d, false))
                return false;
            break;
        }
        if (!score_params_fit(e, sc, d, true))
            return false;
        if (d.dq % c->heads != 0 || d.dv % c->heads != 0)
            return fail_cfg(e, CF_HEADS, "%d heads do not divide d_model = %d", c->heads, d.dq);
        if (!mat_empty(sc->in[M_WO]) && !shape(e, sc, M_WO, d.dv, -1, "the output projection concat Wo"))
            return false;
        break;
    }
    case MODE_COATTENTION:
        if (!need(e, sc, M_A, "co-attention") || !need(e, sc, M_B, "co-attention"))
            return false;
        d = (Dims){sc->in[M_A].rows, sc->in[M_B].rows, sc->in[M_A].cols, sc->in[M_B].cols, sc->in[M_B].cols};
        if (c->score != SCORE_DOT && c->score != SCORE_SCALED_DOT && c->score != SCORE_GENERAL)
            return fail_cfg(e, CF_SCORE, "co-attention's affinity takes dot, scaled_dot or general scores");
        if (d.dq != d.dk)
            return fail(e, M_B, "A and B must be of one width, but they are %d and %d wide", d.dq, d.dk);
        if (c->score == SCORE_GENERAL &&
            (!need(e, sc, M_W, "the affinity A W B^T") || !shape(e, sc, M_W, d.dq, d.dk, "the affinity A W B^T")))
            return false;
        if (c->mask)
            return fail_cfg(e, CF_MASK, "co-attention takes no mask");
        if (c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P)
            return fail_cfg(e, CF_DIST, "co-attention takes no local distribution");
        if (c->co_mode == CO_ALTERNATING && c->co_grain == CO_FINE)
            return fail_cfg(e, CF_GRANULARITY, "alternating co-attention works on summaries: set granularity = coarse");
        break;
    default:
        return fail_cfg(e, CF_MODE, "unknown attention mode");
    }
    if (c->mode != MODE_COATTENTION && !config_fits(e, sc, d))
        return false;
    if (c->mode == MODE_COATTENTION && !(c->temperature > 0.0f && isfinite(c->temperature)))
        return fail_cfg(e, CF_TEMPERATURE, "the temperature must be a number above 0 (it divides the scores)");
    if (out)
        *out = d;
    return true;
}

bool engine_validate(const Scenario *sc, char *err, size_t errlen, MatName *culprit, CfgField *field)
{
    if (culprit)
        *culprit = M__COUNT;
    if (field)
        *field = CF_NONE;
    Err e = {err, errlen, culprit, field};
    return validate(sc, &e, NULL);
}

/* ---------------------------------------------------------------- run */

static Mat transpose(Arena *a, Mat m)
{
    Mat t = arena_mat(a, m.cols, m.rows);
    for (int i = 0; i < m.rows; i++)
        for (int j = 0; j < m.cols; j++)
            MAT_AT(t, j, i) = MAT_AT(m, i, j);
    return t;
}

/* Columns [c0, c0 + n) of m, copied: (m.rows, n). */
static Mat columns(Arena *a, Mat m, int c0, int n)
{
    Mat s = arena_mat(a, m.rows, n);
    for (int i = 0; i < m.rows; i++)
        memcpy(&MAT_AT(s, i, 0), &MAT_AT(m, i, c0), (size_t)n * sizeof(float));
    return s;
}

/* The mean of m's rows: (1, m.cols). */
static Mat mean_rows(Arena *a, Mat m)
{
    Mat r = arena_mat(a, 1, m.cols);
    for (int j = 0; j < m.cols; j++) {
        double s = 0.0;
        for (int i = 0; i < m.rows; i++)
            s += MAT_AT(m, i, j);
        r.v[j] = (float)(s / m.rows);
    }
    return r;
}

/* A copy of m in the arena: a Result owns every matrix it points to, and
 * the Scenario's inputs may be edited or freed while the Result lives. */
static Mat own(Arena *a, Mat m)
{
    Mat c = arena_mat(a, m.rows, m.cols);
    memcpy(c.v, m.v, mat_size(m) * sizeof(float));
    return c;
}

/* X W, or a copy of X when W is not given. */
static Mat project(Arena *a, Mat X, Mat W)
{
    if (mat_empty(W))
        return own(a, X);
    Mat y = arena_mat(a, X.rows, W.cols);
    attn_matmul(X, W, y);
    return y;
}

/* E (nq, nk) = s(Q, K) by the configured score function. */
static void score(Arena *a, const AttnConfig *c, const Mat *in, Mat Q, Mat K, Mat E)
{
    switch (c->score) {
    case SCORE_DOT:
        attn_score_dot(Q, K, 1.0f, E);
        break;
    case SCORE_SCALED_DOT:
        attn_score_dot(Q, K, 1.0f / sqrtf((float)Q.cols), E);
        break;
    case SCORE_GENERAL:
        attn_score_general(Q, in[M_W], K, arena_mat(a, Q.rows, in[M_W].cols), E);
        break;
    case SCORE_ADDITIVE: {
        int h = in[M_VA].cols;
        attn_score_additive(Q, K, in[M_WA], in[M_UA], in[M_VA], arena_mat(a, Q.rows, h),
                            arena_mat(a, K.rows, h), E);
        break;
    }
    case SCORE_LOCATION:
        attn_score_location(Q, in[M_WL], E);
        break;
    case SCORE_COSINE:
    default:
        attn_score_cosine(Q, K, E);
        break;
    }
}

static bool distribute_row(const AttnConfig *c, const Mat *in, Mat Q, int i, const float *e,
                           const uint8_t *keep, int nk, uint64_t *rng, float *w, float *centre)
{
    float T = c->temperature;
    switch (c->dist) {
    case DIST_SOFTMAX: return attn_softmax(e, keep, nk, T, w);
    case DIST_SIGMOID: return attn_sigmoid(e, keep, nk, T, w);
    case DIST_ARGMAX: return attn_argmax(e, keep, nk, w);
    case DIST_SAMPLE: return attn_sample(e, keep, nk, T, c->samples, rng, w);
    case DIST_TOPK: return attn_topk(e, keep, nk, c->topk, T, w);
    case DIST_SPARSEMAX: return attn_sparsemax(e, keep, nk, T, w);
    case DIST_LOCAL_M:
        /* local-m: monotonic alignment, the centre is the query's own
         * position (Luong et al., 2015: p_t = t), also past the last key */
        *centre = (float)i;
        return attn_local(e, keep, nk, T, *centre, c->window, w);
    case DIST_LOCAL_P:
    default:
        *centre = attn_local_p_centre(&MAT_AT(Q, i, 0), in[M_WP], in[M_VP], nk);
        return attn_local(e, keep, nk, T, *centre, c->window, w);
    }
}

/* O = W V, where a key with weight exactly 0 (masked, or cut by a sparse
 * distribution) contributes nothing even if its value is infinite: the
 * BLAS product gives 0 * inf = NaN. W (nq, nk), V (nk, dv), O (nq, dv). */
static void weighted_sum(Mat W, Mat V, Mat O)
{
    attn_weighted_sum(W, V, O);
    bool finite = true;
    for (size_t t = 0; t < mat_size(V) && finite; t++)
        finite = isfinite(V.v[t]);
    if (finite)
        return;
    for (int i = 0; i < W.rows; i++)
        for (int c = 0; c < V.cols; c++) {
            double sum = 0.0;
            for (int j = 0; j < W.cols; j++)
                if (MAT_AT(W, i, j) != 0.0f)
                    sum += (double)MAT_AT(W, i, j) * MAT_AT(V, j, c);
            MAT_AT(O, i, c) = (float)sum;
        }
}

/* One attention: scores, masks, distribution, weighted sum into h. Qc
 * (nq, d_q) is what local-p predicts its centre from: Q itself, but for one
 * head of several the whole projected Q, which Wp (d_model, h) fits. */
static int run_head(Arena *a, const AttnConfig *c, const Mat *in, Mat Q, Mat K, Mat V, Mat Qc,
                    bool masks, uint64_t *rng, AttnHead *h, char *err, size_t errlen)
{
    int nq = Q.rows, nk = K.rows;
    h->nq = nq;
    h->nk = nk;
    h->dv = V.cols;
    h->scores = arena_mat(a, nq, nk);       /* (nq, nk) */
    h->weights = arena_mat(a, nq, nk);      /* (nq, nk) */
    h->output = arena_mat(a, nq, V.cols);   /* (nq, dv) */
    h->keep = arena_alloc(a, (size_t)nq * nk);
    h->row_empty = arena_alloc(a, (size_t)nq);
    h->centre = NULL;
    if (c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P)
        h->centre = arena_alloc(a, (size_t)nq * sizeof(float));

    score(a, c, in, Q, K, h->scores);
    attn_mask_all(h->keep, nq, nk);
    if (masks && (c->mask & MASK_PADDING))
        attn_mask_valid_lens(h->keep, nq, nk, c->valid_lens, c->n_valid_lens);
    if (masks && (c->mask & MASK_CAUSAL))
        attn_mask_causal(h->keep, nq, nk);
    if (masks && (c->mask & MASK_MATRIX))
        attn_mask_matrix(h->keep, in[M_M]);

    for (size_t t = 0; t < mat_size(h->scores); t++) {
        if (isnan(h->scores.v[t])) {
            snprintf(err, errlen, "the score at row %zu, column %zu is not a number: the inputs are too large",
                     t / (size_t)nk, t % (size_t)nk);
            return -1;
        }
    }
    for (int i = 0; i < nq; i++) {
        float dummy = 0.0f;
        bool ok = distribute_row(c, in, Qc, i, &MAT_AT(h->scores, i, 0), h->keep + (size_t)i * nk, nk,
                                 rng, &MAT_AT(h->weights, i, 0), h->centre ? &h->centre[i] : &dummy);
        h->row_empty[i] = !ok;
    }
    weighted_sum(h->weights, V, h->output);
    for (int i = 0; i < nq; i++)        /* exactly +0, never -0 from 0 * (-v) */
        if (h->row_empty[i])
            memset(&MAT_AT(h->output, i, 0), 0, (size_t)V.cols * sizeof(float));
    for (size_t t = 0; t < mat_size(h->output); t++) {
        if (isnan(h->output.v[t])) {
            snprintf(err, errlen, "the output at row %zu is not a number: V holds infinities of both signs",
                     t / (size_t)V.cols);
            return -1;
        }
    }
    return 0;
}

static int check_finite_inputs(const Scenario *sc, char *err, size_t errlen)
{
    for (int m = 0; m < M__COUNT; m++) {
        Mat x = sc->in[m];
        for (size_t t = 0; t < mat_size(x); t++) {
            if (isnan(x.v[t])) {
                snprintf(err, errlen, "%s[%zu][%zu] is not a number", mat_names[m],
                         t / (size_t)x.cols, t % (size_t)x.cols);
                return -1;
            }
        }
    }
    return 0;
}

static int run_multihead(Result *r, const Scenario *sc, uint64_t *rng, char *err, size_t errlen)
{
    Arena *a = &r->arena;
    const AttnConfig *c = &sc->cfg;
    int n = r->Q.rows, H = c->heads, dh = r->Q.cols / H, dvh = r->V.cols / H;
    r->n_heads = H;
    r->heads = arena_alloc(a, (size_t)H * sizeof(AttnHead));
    r->concat = arena_mat(a, n, r->V.cols);             /* (n, d_model) */
    for (int h = 0; h < H; h++) {
        Mat Qh = columns(a, r->Q, h * dh, dh), Kh = columns(a, r->K, h * dh, dh);
        Mat Vh = columns(a, r->V, h * dvh, dvh);
        if (run_head(a, c, sc->in, Qh, Kh, Vh, r->Q, true, rng, &r->heads[h], err, errlen) < 0)
            return -1;
        for (int i = 0; i < n; i++)
            memcpy(&MAT_AT(r->concat, i, h * dvh), &MAT_AT(r->heads[h].output, i, 0),
                   (size_t)dvh * sizeof(float));
    }
    /* The summary: the mean over heads (as the common frameworks report). */
    AttnHead *m = &r->main;
    *m = r->heads[0];
    m->scores = arena_mat(a, n, n);
    m->weights = arena_mat(a, n, n);
    for (int h = 0; h < H; h++) {
        for (size_t t = 0; t < (size_t)n * n; t++) {
            m->scores.v[t] += r->heads[h].scores.v[t] / (float)H;
            m->weights.v[t] += r->heads[h].weights.v[t] / (float)H;
        }
    }
    m->output = project(a, r->concat, sc->in[M_WO]);    /* (n, d_model) */
    m->dv = m->output.cols;
    m->centre = NULL;
    return 0;
}

static int run_coattention(Result *r, const Scenario *sc, uint64_t *rng, char *err, size_t errlen)
{
    Arena *a = &r->arena;
    const AttnConfig *c = &sc->cfg;
    Mat A = sc->in[M_A], B = sc->in[M_B];
    /* B's side asks with W^T, so that B W^T A^T is the transpose of A W B^T. */
    Mat in_t[M__COUNT];
    memcpy(in_t, sc->in, sizeof in_t);
    if (c->score == SCORE_GENERAL)
        in_t[M_W] = transpose(a, sc->in[M_W]);
    r->affinity = arena_mat(a, A.rows, B.rows);         /* (na, nb) */
    score(a, c, sc->in, A, B, r->affinity);
    r->Q = own(a, A);
    r->K = own(a, B);
    r->V = r->K;
    if (c->co_grain == CO_FINE) {
        /* parallel, element by element: both directions from one affinity */
        if (run_head(a, c, sc->in, A, B, B, A, false, rng, &r->main, err, errlen) < 0 ||
            run_head(a, c, in_t, B, A, A, B, false, rng, &r->b2a, err, errlen) < 0)
            return -1;
        return 0;
    }
    r->query_a = mean_rows(a, A);                       /* (1, d) */
    if (run_head(a, c, sc->in, r->query_a, B, B, r->query_a, false, rng, &r->main, err, errlen) < 0)
        return -1;
    /* parallel: B's pooled vector asks A; alternating: the B summary just
     * found (guided by A) asks A in turn */
    r->query_b = c->co_mode == CO_PARALLEL ? mean_rows(a, B) : r->main.output;
    return run_head(a, c, in_t, r->query_b, A, A, r->query_b, false, rng, &r->b2a, err, errlen);
}

int engine_run(const Scenario *sc, Result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    Dims d;
    Err e = {err, errlen, NULL, NULL};
    if (!validate(sc, &e, &d) || check_finite_inputs(sc, err, errlen) < 0)
        return -1;
    const AttnConfig *c = &sc->cfg;
    Arena *a = &r->arena;
    r->cfg = *c;
    uint64_t rng = c->seed;
    int rc = 0;
    if (c->mode == MODE_COATTENTION) {
        rc = run_coattention(r, sc, &rng, err, errlen);
    } else {
        if (c->mode == MODE_QKV) {
            r->Q = own(a, sc->in[M_Q]);
            r->K = own(a, sc->in[M_K]);
            r->V = own(a, sc->in[M_V]);
        } else {
            Mat X = sc->in[M_X];
            if (c->position) {
                r->PE = arena_mat(a, X.rows, X.cols);   /* (n, d_model) */
                attn_position_encoding(r->PE);
                r->Xin = arena_mat(a, X.rows, X.cols);
                for (size_t t = 0; t < mat_size(X); t++)
                    r->Xin.v[t] = X.v[t] + r->PE.v[t];
            } else {
                r->Xin = own(a, X);
            }
            r->Q = project(a, r->Xin, sc->in[M_WQ]);    /* (n, d_k) */
            r->K = project(a, r->Xin, sc->in[M_WK]);    /* (n, d_k) */
            r->V = project(a, r->Xin, sc->in[M_WV]);    /* (n, d_v) */
        }
        if (c->mode == MODE_MULTIHEAD)
            rc = run_multihead(r, sc, &rng, err, errlen);
        else
            rc = run_head(a, c, sc->in, r->Q, r->K, r->V, r->Q, true, &rng, &r->main, err, errlen);
    }
    if (rc < 0) {
        result_free(r);
        return -1;
    }
    for (int i = 0; i < r->main.nq; i++)
        r->any_row_empty |= r->main.row_empty[i] != 0;
    for (int i = 0; i < r->b2a.nq; i++)         /* co-attention's other direction */
        r->any_row_empty |= r->b2a.row_empty[i] != 0;
    return 0;
}

void result_free(Result *r)
{
    arena_free(&r->arena);
    memset(r, 0, sizeof *r);
}
