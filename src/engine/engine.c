/* engine.c - runs one step: projections, masks, scores, distribution and
 * weighted sum, per head and for co-attention. See engine.h. */
#include "engine/engine.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/attention.h"
#include "engine/engine_int.h"

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
Mat eng_own(Arena *a, Mat m)
{
    Mat c = arena_mat(a, m.rows, m.cols);
    memcpy(c.v, m.v, mat_size(m) * sizeof(float));
    return c;
}

/* X W, or a copy of X when W is not given. */
static Mat project(Arena *a, Mat X, Mat W)
{
    if (mat_empty(W))
        return eng_own(a, X);
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

/* local attention's centre p_t for query row i: local-m p_t = t, the
 * query's own position (monotonic alignment, Luong et al., 2015), also past
 * the last key; local-p predicts it from Qc's row i. */
static float local_centre(const AttnConfig *c, const Mat *in, Mat Qc, int i, int nk)
{
    if (c->dist == DIST_LOCAL_M)
        return (float)i;
    return attn_local_p_centre(&MAT_AT(Qc, i, 0), in[M_WP], in[M_VP], nk);
}

/* Whether key j can take weight in the distribution: kept and, for local
 * attention, inside the window (the kernel's own test). */
static bool weighed(const AttnConfig *c, const uint8_t *keep, int j, float p)
{
    if (keep && !keep[j])
        return false;
    if (c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P)
        return fabs((double)j - (double)p) <= (double)c->window;
    return true;
}

/* x as a float, +-inf beyond float's range (no undefined conversion). */
float eng_to_float(double x)
{
    return x > FLT_MAX ? INFINITY : x < -FLT_MAX ? -INFINITY : (float)x;
}

/* The row the distribution sees when a score overflowed float: z = (e -
 * ref) / T from the exact scores, so the kernels run with T = 1. ref is the
 * largest weighed score: every distribution but sigmoid is unchanged by a
 * shift, and after it the scores that matter fit a float (one more than
 * FLT_MAX below ref weighs exp(-3e38) = 0 anyway, so -inf is exact). Sigmoid
 * is not shifted: sigmoid(+-3e38) is already exactly 1 or 0. */
static void exact_row(const AttnConfig *c, const double *e, const uint8_t *keep, int n, float p, float *z)
{
    double ref = 0.0;
    if (c->dist != DIST_SIGMOID) {
        ref = -INFINITY;
        for (int j = 0; j < n; j++)
            if (weighed(c, keep, j, p) && e[j] > ref)
                ref = e[j];
        if (ref == -INFINITY)
            ref = 0.0;                  /* nothing can take weight: any values do */
    }
    for (int j = 0; j < n; j++)
        z[j] = ref == INFINITY ? (isinf(e[j]) ? (float)e[j] : 0.0f)    /* a true +inf takes all */
                               : eng_to_float((e[j] - ref) / (double)c->temperature);
}

/* One row of weights from the scores e (nk), or from the exact double
 * scores when exact is not NULL. Writes w (nk) and, for local attention,
 * *centre; returns false when no key can take weight. */
static bool distribute_row(const AttnConfig *c, const Mat *in, Mat Qc, int i, const float *e,
                           const double *exact, const uint8_t *keep, int nk, uint64_t *rng, float *w,
                           float *centre)
{
    float T = c->temperature, p = 0.0f, z[ENGINE_MAX_SIDE];
    if (c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P)
        p = *centre = local_centre(c, in, Qc, i, nk);
    if (exact) {
        exact_row(c, exact, keep, nk, p, z);
        e = z;
        T = 1.0f;
    }
    switch (c->dist) {
    case DIST_SOFTMAX: return attn_softmax(e, keep, nk, T, w);
    case DIST_SIGMOID: return attn_sigmoid(e, keep, nk, T, w);
    case DIST_ARGMAX: return attn_argmax(e, keep, nk, w);
    case DIST_SAMPLE: return attn_sample(e, keep, nk, T, c->samples, rng, w);
    case DIST_TOPK: return attn_topk(e, keep, nk, c->topk, T, w);
    case DIST_SPARSEMAX: return attn_sparsemax(e, keep, nk, T, w);
    case DIST_LOCAL_M: return attn_local_m(e, keep, nk, T, p, c->window, w);
    case DIST_LOCAL_P:
    default: return attn_local_p(e, keep, nk, T, p, c->window, w);
    }
}

/* Row i of the scores in double: what score() computes, without float's
 * overflow (inputs are at most FLT_MAX and widths at most 64, so every
 * product and sum fits a double). Cosine cannot overflow: copied. */
static void exact_scores_row(const AttnConfig *c, const Mat *in, Mat Q, Mat K, Mat E, int i, double *out)
{
    const float *q = &MAT_AT(Q, i, 0);
    for (int j = 0; j < K.rows; j++) {
        const float *k = &MAT_AT(K, j, 0);
        double s = 0.0;
        if (c->score == SCORE_DOT || c->score == SCORE_SCALED_DOT) {
            for (int t = 0; t < Q.cols; t++)
                s += (double)q[t] * k[t];
            if (c->score == SCORE_SCALED_DOT)
                s /= sqrt((double)Q.cols);
        } else if (c->score == SCORE_GENERAL) {
            Mat W = in[M_W];                    /* (q W) k^T */
            for (int b = 0; b < W.cols; b++) {
                double u = 0.0;
                for (int t = 0; t < W.rows; t++)
                    u += (double)q[t] * MAT_AT(W, t, b);
                s += u * k[b];
            }
        } else if (c->score == SCORE_ADDITIVE) {
            Mat Wa = in[M_WA], Ua = in[M_UA];   /* va . tanh(q Wa + k Ua) */
            for (int h = 0; h < in[M_VA].cols; h++) {
                double u = 0.0;
                for (int t = 0; t < Q.cols; t++)
                    u += (double)q[t] * MAT_AT(Wa, t, h);
                for (int t = 0; t < K.cols; t++)
                    u += (double)k[t] * MAT_AT(Ua, t, h);
                s += (double)in[M_VA].v[h] * tanh(u);
            }
        } else if (c->score == SCORE_LOCATION) {
            for (int t = 0; t < Q.cols; t++)
                s += (double)q[t] * MAT_AT(in[M_WL], t, j);
        } else {
            s = MAT_AT(E, i, j);
        }
        out[j] = s;
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
int eng_refuse(EngineError *err, EngineErrKind k, MatName m, size_t a, size_t b)
{
    if (err)
        *err = (EngineError){.kind = k, .mat = m, .field = CF_NONE, .n = {(int)a, (int)b, 0, 0}};
    return -1;
}

/* h's matrices for nq queries over nk keys with dv-wide values, every key
 * kept; the centres for local attention. */
void eng_head_alloc(Arena *a, const AttnConfig *c, int nq, int nk, int dv, AttnHead *h)
{
    h->nq = nq;
    h->nk = nk;
    h->dv = dv;
    h->scores = arena_mat(a, nq, nk);       /* (nq, nk) */
    h->exact = NULL;
    h->weights = arena_mat(a, nq, nk);      /* (nq, nk) */
    h->output = arena_mat(a, nq, dv);       /* (nq, dv) */
    h->keep = arena_alloc(a, (size_t)nq * nk);
    h->row_empty = arena_alloc(a, (size_t)nq);
    h->centre = NULL;
    if (c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P)
        h->centre = arena_alloc(a, (size_t)nq * sizeof(float));
    attn_mask_all(h->keep, nq, nk);
}

bool eng_row_finite(const float *e, int n)
{
    for (int j = 0; j < n; j++)
        if (!isfinite(e[j]))
            return false;
    return true;
}

/* Rows holding a score that is not finite are scored again in double into
 * h->exact (then h->scores holds the double rounded to float, +-inf beyond
 * its range): an overflow is weighed exactly, never as a mask or a tie. A
 * score NaN even in double (inf - inf from infinite inputs) is refused. */
static int exact_scores(Arena *a, const AttnConfig *c, const Mat *in, Mat Q, Mat K, AttnHead *h,
                        EngineError *err)
{
    int nq = h->nq, nk = h->nk;
    for (int i = 0; i < nq; i++) {
        float *e = &MAT_AT(h->scores, i, 0);
        if (eng_row_finite(e, nk))
            continue;
        if (!h->exact) {
            h->exact = arena_alloc(a, (size_t)nq * nk * sizeof(double));
            for (size_t t = 0; t < mat_size(h->scores); t++)
                h->exact[t] = h->scores.v[t];
        }
        double *x = &h->exact[(size_t)i * nk];
        exact_scores_row(c, in, Q, K, h->scores, i, x);
        for (int j = 0; j < nk; j++) {
            if (isnan(x[j]))
                return eng_refuse(err, EE_NAN_SCORE, M__COUNT, (size_t)i, (size_t)j);
            e[j] = eng_to_float(x[j]);
        }
    }
    return 0;
}

/* The distribution row by row, then the weighted sum, for a head whose
 * scores and keep are in place. Qc (nq, d_q) is what local-p predicts its
 * centre from. */
int eng_attend(const AttnConfig *c, const Mat *in, Mat V, Mat Qc, uint64_t *rng, AttnHead *h,
                  EngineError *err)
{
    int nq = h->nq, nk = h->nk;
    for (int i = 0; i < nq; i++) {
        float dummy = 0.0f;
        const float *e = &MAT_AT(h->scores, i, 0);
        const double *x = h->exact && !eng_row_finite(e, nk) ? &h->exact[(size_t)i * nk] : NULL;
        bool ok = distribute_row(c, in, Qc, i, e, x, h->keep + (size_t)i * nk, nk, rng,
                                 &MAT_AT(h->weights, i, 0), h->centre ? &h->centre[i] : &dummy);
        h->row_empty[i] = !ok;
    }
    weighted_sum(h->weights, V, h->output);
    for (int i = 0; i < nq; i++)        /* exactly +0, never -0 from 0 * (-v) */
        if (h->row_empty[i])
            memset(&MAT_AT(h->output, i, 0), 0, (size_t)V.cols * sizeof(float));
    for (size_t t = 0; t < mat_size(h->output); t++) {
        if (isnan(h->output.v[t])) {
            return eng_refuse(err, EE_NAN_OUTPUT, M__COUNT, t / (size_t)V.cols, 0);
        }
    }
    return 0;
}

/* One attention: scores, masks, distribution, weighted sum into h. Qc
 * (nq, d_q) is what local-p predicts its centre from: Q itself, but for one
 * head of several the whole projected Q, which Wp (d_model, h) fits. */
static int run_head(Arena *a, const AttnConfig *c, const Mat *in, Mat Q, Mat K, Mat V, Mat Qc,
                    bool masks, uint64_t *rng, AttnHead *h, EngineError *err)
{
    int nq = Q.rows, nk = K.rows;
    eng_head_alloc(a, c, nq, nk, V.cols, h);
    score(a, c, in, Q, K, h->scores);
    if (masks && (c->mask & MASK_PADDING))
        attn_mask_valid_lens(h->keep, nq, nk, c->valid_lens, c->n_valid_lens);
    if (masks && (c->mask & MASK_CAUSAL))
        attn_mask_causal(h->keep, nq, nk);
    if (masks && (c->mask & MASK_MATRIX))
        attn_mask_matrix(h->keep, in[M_M]);
    if (exact_scores(a, c, in, Q, K, h, err) < 0)
        return -1;
    return eng_attend(c, in, V, Qc, rng, h, err);
}

int eng_run_head(Arena *a, const AttnConfig *c, const Mat *in, Mat Q, Mat K, Mat V, uint64_t *rng, AttnHead *h,
                 EngineError *err)
{
    return run_head(a, c, in, Q, K, V, Q, false, rng, h, err);
}

int eng_attend_scores(Arena *a, const AttnConfig *c, const Mat *in, const double *e, Mat V, uint64_t *rng,
                      AttnHead *h, EngineError *err)
{
    size_t n = mat_size(h->scores);
    h->exact = arena_alloc(a, n * sizeof(double));
    for (size_t t = 0; t < n; t++) {
        if (isnan(e[t]))
            return eng_refuse(err, EE_NAN_SCORE, M__COUNT, t / (size_t)h->nk, t % (size_t)h->nk);
        h->exact[t] = e[t];
        h->scores.v[t] = eng_to_float(e[t]);
    }
    if (eng_row_finite(h->scores.v, (int)n))
        h->exact = NULL;                /* every score fits a float */
    return eng_attend(c, in, V, V, rng, h, err);
}

static int check_finite_inputs(const Scenario *sc, EngineError *err)
{
    for (int m = 0; m < M__COUNT; m++) {
        Mat x = sc->in[m];
        for (size_t t = 0; t < mat_size(x); t++) {
            if (isnan(x.v[t])) {
                return eng_refuse(err, EE_NAN_INPUT, (MatName)m, t / (size_t)x.cols, t % (size_t)x.cols);
            }
        }
    }
    return 0;
}

/* The mean over heads of the exact scores, when a head has them: m->exact,
 * and m->scores from it (a float mean of +inf and -inf would be NaN). */
static void mean_exact(Arena *a, const AttnHead *heads, int H, AttnHead *m)
{
    m->exact = NULL;
    for (int h = 0; h < H && !m->exact; h++)
        if (heads[h].exact)
            m->exact = arena_alloc(a, mat_size(m->scores) * sizeof(double));
    if (!m->exact)
        return;
    for (size_t t = 0; t < mat_size(m->scores); t++) {
        double s = 0.0;
        for (int h = 0; h < H; h++)
            s += (heads[h].exact ? heads[h].exact[t] : (double)heads[h].scores.v[t]) / H;
        m->exact[t] = s;
        m->scores.v[t] = eng_to_float(s);
    }
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
    mean_exact(a, r->heads, H, m);
    m->output = project(a, r->concat, sc->in[M_WO]);    /* (n, d_model) */
    m->dv = m->output.cols;
    /* m->centre stays head 0's: every head shares p_t (local-m: t; local-p:
     * from the whole projected query) */
    return 0;
}

/* Co-attention at granularity g: A attends to B into ab, B to A into ba;
 * coarse sets the pooled (or summary) queries qa and qb, fine leaves them. */
static int co_grain(Arena *a, const AttnConfig *c, const Mat *in, const Mat *in_t, CoGrain g, Mat A, Mat B,
                    uint64_t *rng, AttnHead *ab, AttnHead *ba, Mat *qa, Mat *qb, EngineError *err)
{
    if (g == CO_FINE)   /* element by element: both directions from one affinity */
        return run_head(a, c, in, A, B, B, A, false, rng, ab, err) < 0 ||
                       run_head(a, c, in_t, B, A, A, B, false, rng, ba, err) < 0
                   ? -1
                   : 0;
    *qa = mean_rows(a, A);                              /* (1, d) */
    if (run_head(a, c, in, *qa, B, B, *qa, false, rng, ab, err) < 0)
        return -1;
    /* parallel: B's pooled vector asks A; alternating: the B summary just
     * found (guided by A) asks A in turn */
    *qb = c->co_mode == CO_PARALLEL ? mean_rows(a, B) : ab->output;
    return run_head(a, c, in_t, *qb, A, A, *qb, false, rng, ba, err);
}

/* (n, d + d') each row of fine (n, d) followed by coarse's one row (1, d'). */
static Mat side_by_side(Arena *a, Mat fine, Mat coarse)
{
    Mat m = arena_mat(a, fine.rows, fine.cols + coarse.cols);
    for (int i = 0; i < fine.rows; i++) {
        memcpy(&MAT_AT(m, i, 0), &MAT_AT(fine, i, 0), (size_t)fine.cols * sizeof(float));
        memcpy(&MAT_AT(m, i, fine.cols), coarse.v, (size_t)coarse.cols * sizeof(float));
    }
    return m;
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
    r->Q = eng_own(a, A);
    r->K = eng_own(a, B);
    r->V = r->K;
    if (c->co_mode == CO_PARALLEL_LU)
        return engine_run_lu(r, sc, rng, err);
    r->affinity = arena_mat(a, A.rows, B.rows);         /* (na, nb) */
    score(a, c, sc->in, A, B, r->affinity);
    if (co_grain(a, c, sc->in, in_t, c->co_grain, A, B, rng, &r->main, &r->b2a, &r->query_a, &r->query_b, err) < 0)
        return -1;
    if (c->co_mode != CO_PARALLEL)
        return 0;
    /* parallel: the other granularity too (after the step's own, which
     * keeps its random draws), and both side by side */
    AttnHead ab, ba;
    Mat qa, qb;
    bool fine = c->co_grain == CO_FINE;
    EngineError other;      /* it failing leaves combined empty, the step as it was */
    if (co_grain(a, c, sc->in, in_t, fine ? CO_COARSE : CO_FINE, A, B, rng, &ab, &ba, &qa, &qb, &other) < 0)
        return 0;
    r->combined = side_by_side(a, fine ? r->main.output : ab.output, fine ? ab.output : r->main.output);
    r->combined_ba = side_by_side(a, fine ? r->b2a.output : ba.output, fine ? ba.output : r->b2a.output);
    return 0;
}

int engine_run(const Scenario *sc, Result *r, EngineError *err)
{
    memset(r, 0, sizeof *r);
    if (sc->ext_run) {
        if (err)
            *err = (EngineError){.kind = EE_NONE, .mat = M__COUNT, .field = CF_NONE};
        return sc->ext_run(sc->ext, r);
    }
    if (!engine_validate(sc, err) || check_finite_inputs(sc, err) < 0)
        return -1;
    const AttnConfig *c = &sc->cfg;
    Arena *a = &r->arena;
    r->cfg = *c;
    uint64_t rng = c->seed;
    int rc = 0;
    if (c->mode == MODE_COATTENTION) {
        rc = run_coattention(r, sc, &rng, err);
    } else if (c->mode == MODE_MULTIDIM) {
        rc = engine_run_multidim(r, sc, &rng, err);
    } else if (c->mode == MODE_HIERARCHICAL) {
        rc = engine_run_hier(r, sc, &rng, err);
    } else if (c->mode == MODE_MEMORY) {
        rc = engine_run_memory(r, sc, &rng, err);
    } else {
        if (c->mode == MODE_QKV) {
            r->Q = eng_own(a, sc->in[M_Q]);
            r->K = eng_own(a, sc->in[M_K]);
            r->V = eng_own(a, sc->in[M_V]);
        } else {
            Mat X = sc->in[M_X];
            if (c->position) {
                r->PE = arena_mat(a, X.rows, X.cols);   /* (n, d_model) */
                attn_position_encoding(r->PE);
                r->Xin = arena_mat(a, X.rows, X.cols);
                for (size_t t = 0; t < mat_size(X); t++)
                    r->Xin.v[t] = X.v[t] + r->PE.v[t];
            } else {
                r->Xin = eng_own(a, X);
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
    for (int i = 0; i < r->words.nq; i++)       /* hierarchical's word level */
        r->any_row_empty |= r->words.row_empty[i] != 0;
    return 0;
}

void result_free(Result *r)
{
    arena_free(&r->arena);
    memset(r, 0, sizeof *r);
}
