/* engine_memory.c - a memory read in several hops (mode = memory), after
 * Sukhbaatar et al. (2015), "End-To-End Memory Networks", section 2.
 *
 * The paper: the facts x_i are embedded twice, as memory m_i = A x_i (the
 * keys) and as output c_i = C x_i (the values); the question q as u = B q.
 *   p_i = softmax(u^T m_i)                  (eq. 1) the match of u with each fact
 *   o   = sum_i p_i c_i                     (eq. 2) the read
 *   u^(k+1) = u^k + o^k                     (sec. 2.2) the next hop's question
 * and after K hops the answer a^ = softmax(W (o^K + u^K)).
 * Here the embeddings are given: Q (1 x d) is u^1, K (n x d) the m_i and V
 * (n x d) the c_i, the same at every hop (the paper's layer-wise tying,
 * with its linear map H the identity, which makes u^(k+1) = u^k + o^k
 * exactly as in sec. 2.2). The final answer layer W is left out: the lesson
 * reads the answer off the last hop's weights. The match u . m_i is the
 * step's score (dot in the paper), its distribution the step's (softmax).
 *   main:  row k (from 0) = hop k+1: scores u^(k+1) . m_i, weights p^(k+1),
 *          output o^(k+1) = p^(k+1) V
 *   query_path (hops + 1, d): row 0 = Q, row k+1 = row k + output row k */
#include "engine/engine_int.h"

#include <string.h>

int engine_run_memory(Result *r, const Scenario *sc, uint64_t *rng, EngineError *err)
{
    Arena *a = &r->arena;
    const AttnConfig *c = &sc->cfg;
    int hops = c->hops, nk = sc->in[M_K].rows, d = sc->in[M_Q].cols;
    r->Q = eng_own(a, sc->in[M_Q]);
    r->K = eng_own(a, sc->in[M_K]);
    r->V = eng_own(a, sc->in[M_V]);
    r->query_path = arena_mat(a, hops + 1, d);
    memcpy(r->query_path.v, r->Q.v, (size_t)d * sizeof(float));
    AttnHead *m = &r->main;
    eng_head_alloc(a, c, hops, nk, d, m);
    for (int k = 0; k < hops; k++) {
        Mat u = {1, d, &MAT_AT(r->query_path, k, 0)};
        AttnHead h;
        if (eng_run_head(a, c, sc->in, u, r->K, r->V, rng, &h, err) < 0)
            return -1;
        memcpy(&MAT_AT(m->scores, k, 0), h.scores.v, (size_t)nk * sizeof(float));
        if (h.exact && !m->exact) {     /* a score beyond float: keep every row exact */
            m->exact = arena_alloc(a, mat_size(m->scores) * sizeof(double));
            for (size_t t = 0; t < (size_t)k * nk; t++)
                m->exact[t] = m->scores.v[t];
        }
        for (int j = 0; m->exact && j < nk; j++)
            m->exact[(size_t)k * nk + j] = h.exact ? h.exact[j] : (double)h.scores.v[j];
        memcpy(&MAT_AT(m->weights, k, 0), h.weights.v, (size_t)nk * sizeof(float));
        memcpy(&MAT_AT(m->output, k, 0), h.output.v, (size_t)d * sizeof(float));
        m->row_empty[k] = h.row_empty[0];
        for (int t = 0; t < d; t++)
            MAT_AT(r->query_path, k + 1, t) = MAT_AT(r->query_path, k, t) + MAT_AT(h.output, 0, t);
    }
    return 0;
}
