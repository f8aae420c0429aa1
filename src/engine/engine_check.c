/* engine_check.c - the names of the engine's settings and matrices, and
 * engine_validate(): does a scenario's every matrix fit its configuration,
 * and if not, which matrix or setting is at fault. See engine.h. */
#include "engine/engine.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "engine/attention.h"

/* ------------------------------------------------------------ names */

static const char *const mode_names[MODE__COUNT] = {"qkv",         "self",        "multihead",
                                                   "coattention", "multidim",    "hierarchical",
                                                   "memory"};
static const char *const score_names[SCORE__COUNT] = {"dot", "scaled_dot", "general",
                                                      "additive", "location", "cosine"};
static const char *const dist_names[DIST__COUNT] = {"softmax", "sigmoid", "argmax", "sample",
                                                    "topk", "sparsemax", "local_m", "local_p"};
static const char *const co_mode_names[CO__COUNT] = {"parallel", "alternating", "parallel_lu"};
static const char *const grain_names[GRAIN__COUNT] = {"fine", "coarse"};
static const char *const mat_names[M__COUNT] = {"Q", "K", "V", "X", "Wq", "Wk", "Wv", "Wo", "W",
                                                "Wa", "Ua", "va", "Wl", "Wp", "vp", "A", "B", "M",
                                                "Wb", "Wvb", "Wqa", "whv", "whq", "Ws1", "Ws2",
                                                "Ww", "bw", "uw", "Ws", "bs", "us"};
static const char *const score_formulas[SCORE__COUNT] = {
    "e = q.k", "e = q.k / sqrt(d)", "e = q W k^T", "e = va.tanh(q Wa + k Ua)", "e = q Wl",
    "e = q.k / (|q| |k|)"};
static const char *const dist_formulas[DIST__COUNT] = {
    "a = softmax(e / T)", "a = sigmoid(e / T)", "a = onehot(argmax e)", "a ~ softmax(e / T)",
    "a = softmax(top-k e)", "a = sparsemax(e / T)", "a = softmax(e), |s - t| <= D",
    "a = softmax(e) * gauss(s - p_t)"};

const char *engine_mode_name(AttnMode m) { return mode_names[m]; }
const char *engine_score_name(ScoreKind k) { return score_names[k]; }
const char *engine_dist_name(DistKind k) { return dist_names[k]; }
const char *engine_co_mode_name(CoMode m) { return co_mode_names[m]; }
const char *engine_grain_name(CoGrain g) { return grain_names[g]; }
const char *engine_mat_name(MatName m) { return mat_names[m]; }
const char *engine_score_formula(ScoreKind k) { return score_formulas[k]; }
const char *engine_config_formula(const AttnConfig *c)
{
    return c->formula ? c->formula : score_formulas[c->score];
}
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
    c.hops = 1;
    return c;
}

/* -------------------------------------------------------- validation */

/* Where a refusal goes: NULL when the caller only asks yes or no. */
typedef struct {
    EngineError *out;
} Err;

/* Records a refusal of kind k with its numbers; returns false. */
static bool fail_at(Err *e, EngineErrKind k, MatName m, CfgField f, int a, int b)
{
    if (e->out)
        *e->out = (EngineError){.kind = k, .mat = m, .field = f, .n = {a, b, 0, 0}};
    return false;
}

/* A matrix at fault (cf. fail_cfg: a setting). */
static bool fail(Err *e, EngineErrKind k, MatName m, int a, int b) { return fail_at(e, k, m, CF_NONE, a, b); }
static bool fail_cfg(Err *e, EngineErrKind k, CfgField f, int a, int b) { return fail_at(e, k, M__COUNT, f, a, b); }

static bool need(Err *e, const Scenario *sc, MatName m, EngineUse use)
{
    if (!mat_empty(sc->in[m]))
        return true;
    fail(e, EE_NEEDS, m, 0, 0);
    if (e->out)
        e->out->use = use;
    return false;
}

/* The matrix m must be rows x cols (a negative count: any). */
static bool shape(Err *e, const Scenario *sc, MatName m, int rows, int cols, EngineUse use)
{
    Mat x = sc->in[m];
    if ((rows < 0 || x.rows == rows) && (cols < 0 || x.cols == cols))
        return true;
    fail(e, EE_SHAPE, m, x.rows, x.cols);
    if (e->out) {
        e->out->use = use;
        e->out->n[2] = rows < 0 ? -1 : rows;
        e->out->n[3] = cols < 0 ? -1 : cols;
    }
    return false;
}

/* Shapes of the queries and keys the score function will see. */
typedef struct {
    int nq, nk, dq, dk, dv;
} Dims;

static bool score_params_fit(Err *e, const Scenario *sc, Dims d, bool per_head)
{
    const AttnConfig *c = &sc->cfg;
    if (per_head && c->score != SCORE_DOT && c->score != SCORE_SCALED_DOT && c->score != SCORE_COSINE &&
        c->score >= 0 && c->score < SCORE__COUNT)
        return fail_cfg(e, EE_MULTIHEAD_SCORE, CF_SCORE, 0, 0);
    switch (c->score) {
    case SCORE_DOT:
    case SCORE_SCALED_DOT:
    case SCORE_COSINE:
        if (d.dq != d.dk) {
            fail(e, EE_WIDTHS, M_K, d.dq, d.dk);
            if (e->out)
                e->out->n[2] = (int)c->score;
            return false;
        }
        return true;
    case SCORE_GENERAL:
        return need(e, sc, M_W, EU_GENERAL) && shape(e, sc, M_W, d.dq, d.dk, EU_GENERAL_QWK);
    case SCORE_ADDITIVE:
        if (!need(e, sc, M_WA, EU_ADDITIVE) || !need(e, sc, M_UA, EU_ADDITIVE) || !need(e, sc, M_VA, EU_ADDITIVE))
            return false;
        {
            int h = sc->in[M_VA].cols;
            return shape(e, sc, M_VA, 1, -1, EU_ADDITIVE_VECTOR) &&
                   shape(e, sc, M_WA, d.dq, h, EU_ADDITIVE_FORMULA) &&
                   shape(e, sc, M_UA, d.dk, h, EU_ADDITIVE_FORMULA);
        }
    case SCORE_LOCATION:
        return need(e, sc, M_WL, EU_LOCATION) && shape(e, sc, M_WL, d.dq, d.nk, EU_LOCATION_FORMULA);
    default:
        return fail_cfg(e, EE_UNKNOWN_SCORE, CF_SCORE, 0, 0);
    }
}

static bool temperature_fits(Err *e, const AttnConfig *c)
{
    if (!(c->temperature > 0.0f) || !isfinite(c->temperature))
        return fail_cfg(e, EE_TEMPERATURE, CF_TEMPERATURE, 0, 0);
    return true;
}

static bool config_fits(Err *e, const Scenario *sc, Dims d)
{
    const AttnConfig *c = &sc->cfg;
    if (!temperature_fits(e, c))
        return false;
    if (c->dist == DIST_TOPK && (c->topk < 1 || c->topk > ENGINE_MAX_TOKENS))
        return fail_cfg(e, EE_TOPK_RANGE, CF_TOPK, ENGINE_MAX_TOKENS, 0);
    if ((c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P) && (c->window < 1 || c->window > ENGINE_MAX_TOKENS))
        return fail_cfg(e, EE_WINDOW_RANGE, CF_WINDOW, ENGINE_MAX_TOKENS, 0);
    if (c->dist == DIST_SAMPLE && (c->samples < 1 || c->samples > ATTN_MAX_SAMPLES))
        return fail_cfg(e, EE_SAMPLES_RANGE, CF_SAMPLES, ATTN_MAX_SAMPLES, 0);
    if (c->dist == DIST_LOCAL_P) {
        if (!need(e, sc, M_WP, EU_LOCAL_P) || !need(e, sc, M_VP, EU_LOCAL_P))
            return false;
        int h = sc->in[M_VP].cols;
        if (!shape(e, sc, M_VP, 1, -1, EU_LOCAL_P_VECTOR) || !shape(e, sc, M_WP, d.dq, h, EU_LOCAL_P_CENTRE))
            return false;
    }
    if (c->mask & MASK_PADDING) {
        if (c->n_valid_lens != 1 && c->n_valid_lens != d.nq)
            return fail_cfg(e, EE_VALID_LENS_COUNT, CF_VALID_LENS, c->n_valid_lens, d.nq);
        for (int i = 0; i < c->n_valid_lens; i++)
            if (c->valid_lens[i] < 0 || c->valid_lens[i] > d.nk)
                return fail_cfg(e, EE_VALID_LEN_LONG, CF_VALID_LENS, c->valid_lens[i], d.nk);
    }
    if ((c->mask & MASK_MATRIX) &&
        (!need(e, sc, M_M, EU_MASK_MATRIX) || !shape(e, sc, M_M, d.nq, d.nk, EU_MASK_SHAPE)))
        return false;
    return true;
}

static bool limits_fit(Err *e, const Scenario *sc)
{
    for (int m = 0; m < M__COUNT; m++) {
        Mat x = sc->in[m];
        if (mat_empty(x))
            continue;
        if (x.rows > ENGINE_MAX_SIDE || x.cols > ENGINE_MAX_SIDE) {
            fail(e, EE_TOO_LARGE, (MatName)m, x.rows, x.cols);
            if (e->out)
                e->out->n[2] = ENGINE_MAX_SIDE;
            return false;
        }
    }
    if (sc->cfg.heads < 1 || sc->cfg.heads > ENGINE_MAX_HEADS)
        return fail_cfg(e, EE_HEADS_RANGE, CF_HEADS, ENGINE_MAX_HEADS, 0);
    return true;
}

/* The widths after projection (self, multi-head): the input width, or the
 * projection's output width; each projection must take the input's width. */
static bool projection_fits(Err *e, const Scenario *sc, int d_in, MatName w, int *d_out)
{
    *d_out = d_in;
    if (mat_empty(sc->in[w]))
        return true;
    if (!shape(e, sc, w, d_in, -1, EU_PROJECTION))
        return false;
    *d_out = sc->in[w].cols;
    return true;
}

/* Self and multi-head attention: X, its projections, the heads. */
static bool sequence_fits(Err *e, const Scenario *sc, Dims *d)
{
    const AttnConfig *c = &sc->cfg;
    if (!need(e, sc, M_X, c->mode == MODE_SELF ? EU_SELF : EU_MULTIHEAD))
        return false;
    int n = sc->in[M_X].rows, dm = sc->in[M_X].cols;
    if (!projection_fits(e, sc, dm, M_WQ, &d->dq) || !projection_fits(e, sc, dm, M_WK, &d->dk) ||
        !projection_fits(e, sc, dm, M_WV, &d->dv))
        return false;
    d->nq = d->nk = n;
    if (c->mode == MODE_SELF)
        return score_params_fit(e, sc, *d, false);
    if (!score_params_fit(e, sc, *d, true))
        return false;
    if (d->dq % c->heads != 0 || d->dv % c->heads != 0)
        return fail_cfg(e, EE_HEADS_DIVIDE, CF_HEADS, c->heads, d->dq);
    return mat_empty(sc->in[M_WO]) || shape(e, sc, M_WO, d->dv, -1, EU_OUTPUT_PROJECTION);
}

/* Lu et al.'s parallel co-attention: its learned matrices, d wide A and B,
 * k the length of whv. */
static bool lu_fits(Err *e, const Scenario *sc, int d)
{
    static const MatName lu[] = {M_WB, M_WVB, M_WQA, M_WHV, M_WHQ};
    for (size_t t = 0; t < sizeof lu / sizeof lu[0]; t++)
        if (!need(e, sc, lu[t], EU_LU))
            return false;
    int k = sc->in[M_WHV].cols;
    return shape(e, sc, M_WB, d, d, EU_LU_AFFINITY) && shape(e, sc, M_WHV, 1, k, EU_LU_VECTOR) &&
           shape(e, sc, M_WHQ, 1, k, EU_LU_VECTOR) && shape(e, sc, M_WVB, d, k, EU_LU_HIDDEN) &&
           shape(e, sc, M_WQA, d, k, EU_LU_HIDDEN);
}

static bool coattention_fits(Err *e, const Scenario *sc)
{
    const AttnConfig *c = &sc->cfg;
    if (!need(e, sc, M_A, EU_COATTENTION) || !need(e, sc, M_B, EU_COATTENTION))
        return false;
    int da = sc->in[M_A].cols, db = sc->in[M_B].cols;
    bool lu = c->co_mode == CO_PARALLEL_LU;     /* its affinity is its own: no score */
    if (!lu && c->score != SCORE_DOT && c->score != SCORE_SCALED_DOT && c->score != SCORE_GENERAL)
        return fail_cfg(e, EE_CO_SCORE, CF_SCORE, 0, 0);
    if (da != db)
        return fail(e, EE_CO_WIDTHS, M_B, da, db);
    if (!lu && c->score == SCORE_GENERAL &&
        (!need(e, sc, M_W, EU_AFFINITY) || !shape(e, sc, M_W, da, db, EU_AFFINITY)))
        return false;
    if (lu && !lu_fits(e, sc, da))
        return false;
    if (c->mask)
        return fail_cfg(e, EE_CO_MASK, CF_MASK, 0, 0);
    if (c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P)
        return fail_cfg(e, EE_CO_LOCAL, CF_DIST, 0, 0);
    if (c->co_mode != CO_PARALLEL && c->co_grain == CO_FINE)
        return fail_cfg(e, EE_CO_FINE, CF_GRANULARITY, (int)c->co_mode, 0);
    return temperature_fits(e, c);
}

/* The settings the three modes after the course (multidim, hierarchical,
 * memory) do not take: masks and local windows (they attend over whole
 * sequences); then the temperature and the distribution's own numbers. */
static bool course_config_fits(Err *e, const Scenario *sc, Dims d)
{
    const AttnConfig *c = &sc->cfg;
    if (c->mask)
        return fail_cfg(e, EE_MODE_MASK, CF_MASK, (int)c->mode, 0);
    if (c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P)
        return fail_cfg(e, EE_MODE_LOCAL, CF_DIST, (int)c->mode, 0);
    return config_fits(e, sc, d);
}

/* Lin et al. (2017): H = X (n, d), Ws1 (d, da), Ws2 (da, r). */
static bool multidim_fits(Err *e, const Scenario *sc)
{
    if (!need(e, sc, M_X, EU_MULTIDIM) || !need(e, sc, M_WS1, EU_MULTIDIM) || !need(e, sc, M_WS2, EU_MULTIDIM))
        return false;
    int n = sc->in[M_X].rows, d = sc->in[M_X].cols, da = sc->in[M_WS1].cols, r = sc->in[M_WS2].cols;
    if (!shape(e, sc, M_WS1, d, -1, EU_MULTIDIM_WS1) || !shape(e, sc, M_WS2, da, -1, EU_MULTIDIM_WS2))
        return false;
    return course_config_fits(e, sc, (Dims){r, n, d, d, d});
}

/* Yang et al. (2016): X's rows are the words, sentences their counts; each
 * level's W (d, h), optional bias (1, h) and context vector (1, h). */
static bool hierarchical_fits(Err *e, const Scenario *sc)
{
    static const MatName need_all[] = {M_X, M_WW, M_UW, M_WS, M_US};
    for (size_t t = 0; t < sizeof need_all / sizeof need_all[0]; t++)
        if (!need(e, sc, need_all[t], EU_HIERARCHICAL))
            return false;
    const AttnConfig *c = &sc->cfg;
    int n = sc->in[M_X].rows, d = sc->in[M_X].cols, sum = 0;
    for (int i = 0; i < c->n_sentences; i++)
        sum += c->sentences[i];
    if (c->n_sentences < 1 || sum != n)
        return fail_cfg(e, EE_SENTENCES, CF_SENTENCES, sum, n);
    int hw = sc->in[M_UW].cols, hs = sc->in[M_US].cols;
    if (!shape(e, sc, M_UW, 1, hw, EU_HIER_VECTOR) || !shape(e, sc, M_US, 1, hs, EU_HIER_VECTOR) ||
        !shape(e, sc, M_WW, d, hw, EU_HIER_WORD) || !shape(e, sc, M_WS, d, hs, EU_HIER_SENT) ||
        (!mat_empty(sc->in[M_BW]) && !shape(e, sc, M_BW, 1, hw, EU_HIER_WORD)) ||
        (!mat_empty(sc->in[M_BS]) && !shape(e, sc, M_BS, 1, hs, EU_HIER_SENT)))
        return false;
    return course_config_fits(e, sc, (Dims){c->n_sentences, n, d, d, d});
}

/* Sukhbaatar et al. (2015): one question Q (1, d), keys K (n, d), values V
 * (n, d) as wide as the question (u + o). */
static bool memory_fits(Err *e, const Scenario *sc)
{
    if (!need(e, sc, M_Q, EU_MEMORY) || !need(e, sc, M_K, EU_MEMORY) || !need(e, sc, M_V, EU_MEMORY))
        return false;
    int d = sc->in[M_Q].cols, nk = sc->in[M_K].rows;
    if (!shape(e, sc, M_Q, 1, d, EU_MEMORY_QUESTION))
        return false;
    if (sc->in[M_V].rows != nk)
        return fail(e, EE_V_ROWS, M_V, sc->in[M_V].rows, nk);
    if (!shape(e, sc, M_V, nk, d, EU_MEMORY_READ))
        return false;
    if (sc->cfg.hops < 1 || sc->cfg.hops > ENGINE_MAX_HOPS)
        return fail_cfg(e, EE_HOPS_RANGE, CF_HOPS, ENGINE_MAX_HOPS, 0);
    Dims dm = {1, nk, d, sc->in[M_K].cols, d};
    return score_params_fit(e, sc, dm, false) && course_config_fits(e, sc, dm);
}

static bool validate(const Scenario *sc, Err *e)
{
    const AttnConfig *c = &sc->cfg;
    Dims d = {0, 0, 0, 0, 0};
    if (!limits_fit(e, sc))
        return false;
    switch (c->mode) {
    case MODE_QKV:
        if (!need(e, sc, M_Q, EU_ATTENTION) || !need(e, sc, M_K, EU_ATTENTION) || !need(e, sc, M_V, EU_ATTENTION))
            return false;
        if (sc->in[M_V].rows != sc->in[M_K].rows)
            return fail(e, EE_V_ROWS, M_V, sc->in[M_V].rows, sc->in[M_K].rows);
        d = (Dims){sc->in[M_Q].rows, sc->in[M_K].rows, sc->in[M_Q].cols, sc->in[M_K].cols, sc->in[M_V].cols};
        if (!score_params_fit(e, sc, d, false))
            return false;
        break;
    case MODE_SELF:
    case MODE_MULTIHEAD:
        if (!sequence_fits(e, sc, &d))
            return false;
        break;
    case MODE_COATTENTION:
        return coattention_fits(e, sc);
    case MODE_MULTIDIM:
        return multidim_fits(e, sc);
    case MODE_HIERARCHICAL:
        return hierarchical_fits(e, sc);
    case MODE_MEMORY:
        return memory_fits(e, sc);
    default:
        return fail_cfg(e, EE_UNKNOWN_MODE, CF_MODE, 0, 0);
    }
    return config_fits(e, sc, d);
}

bool engine_validate(const Scenario *sc, EngineError *err)
{
    if (err)
        *err = (EngineError){.kind = EE_NONE, .mat = M__COUNT, .field = CF_NONE};
    Err e = {err};
    return sc->ext_run ? true : validate(sc, &e);
}
