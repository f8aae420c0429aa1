/* engine.c - runs one step: projections, masks, scores, distribution and
 * weighted sum, per head and for co-attention. See engine.h. */
#include "engine/engine.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/attention.h"

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

/* A refusal found while running (a NaN): its kind, matrix and place; -1. */
static int refuse(EngineError *err, EngineErrKind k, MatName m, size_t a, size_t b)
{
    if (err)
        *err = (EngineError){.kind = k, .mat = m, .field = CF_NONE, .n = {(int)a, (int)b, 0, 0}};
    return -1;
}

/* One attention: scores, masks, distribution, weighted sum into h. Qc
 * (nq, d_q) is what local-p predicts its centre from: Q itself, but for one
 * head of several the whole projected Q, which Wp (d_model, h) fits. */
static int run_head(Arena *a, const AttnConfig *c, const Mat *in, Mat Q, Mat K, Mat V, Mat Qc,
                    bool masks, uint64_t *rng, AttnHead *h, EngineError *err)
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
            return refuse(err, EE_NAN_SCORE, M__COUNT, t / (size_t)nk, t % (size_t)nk);
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
            return refuse(err, EE_NAN_OUTPUT, M__COUNT, t / (size_t)V.cols, 0);
        }
    }
    return 0;
}

static int check_finite_inputs(const Scenario *sc, EngineError *err)
{
    for (int m = 0; m < M__COUNT; m++) {
        Mat x = sc->in[m];
        for (size_t t = 0; t < mat_size(x); t++) {
            if (isnan(x.v[t])) {
                return refuse(err, EE_NAN_INPUT, (MatName)m, t / (size_t)x.cols, t % (size_t)x.cols);
            }
        }
    }
    return 0;
}

static int run_multihead(Result *r, const Scenario *sc, uint64_t *rng, EngineError *err)
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
        if (run_head(a, c, sc->in, Qh, Kh, Vh, r->Q, true, rng, &r->heads[h], err) < 0)
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

static int run_coattention(Result *r, const Scenario *sc, uint64_t *rng, EngineError *err)
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
        if (run_head(a, c, sc->in, A, B, B, A, false, rng, &r->main, err) < 0 ||
            run_head(a, c, in_t, B, A, A, B, false, rng, &r->b2a, err) < 0)
            return -1;
        return 0;
    }
    r->query_a = mean_rows(a, A);                       /* (1, d) */
    if (run_head(a, c, sc->in, r->query_a, B, B, r->query_a, false, rng, &r->main, err) < 0)
        return -1;
    /* parallel: B's pooled vector asks A; alternating: the B summary just
     * found (guided by A) asks A in turn */
    r->query_b = c->co_mode == CO_PARALLEL ? mean_rows(a, B) : r->main.output;
    return run_head(a, c, in_t, r->query_b, A, A, r->query_b, false, rng, &r->b2a, err);
}

int engine_run(const Scenario *sc, Result *r, EngineError *err)
{
    memset(r, 0, sizeof *r);
    if (!engine_validate(sc, err) || check_finite_inputs(sc, err) < 0)
        return -1;
    const AttnConfig *c = &sc->cfg;
    Arena *a = &r->arena;
    r->cfg = *c;
    uint64_t rng = c->seed;
    int rc = 0;
    if (c->mode == MODE_COATTENTION) {
        rc = run_coattention(r, sc, &rng, err);
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
            rc = run_multihead(r, sc, &rng, err);
        else
            rc = run_head(a, c, sc->in, r->Q, r->K, r->V, r->Q, true, &rng, &r->main, err);
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
