/* engine_check.c - the names of the engine's settings and matrices, and
 * engine_validate(): does a scenario's every matrix fit its configuration,
 * and if not, which matrix or setting is at fault. See engine.h. */
#include "engine/engine.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "engine/attention.h"

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

