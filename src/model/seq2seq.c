/* seq2seq.c - the translator's forward pass (equations in seq2seq.h): GRU
 * cells as torch computes them, additive attention, greedy decoding, one
 * step at a time so a lesson can show each. Matrix-vector products go
 * through CBLAS; U h_j is computed once per input (one sgemm), since it does
 * not change from step to step. */
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/util.h"
#include "model/seq2seq.h"

static float sigmoidf(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

/* h_out = GRU(x, h) for cell g; work holds 6 hid floats. h_out may be h. */
static void gru_cell(const S2sGru *g, const float *x, const float *h, float *h_out, float *work)
{
    int H = g->hid;
    float *gi = work, *gh = work + 3 * H;
    memcpy(gi, g->bih, 3 * (size_t)H * sizeof *gi);
    memcpy(gh, g->bhh, 3 * (size_t)H * sizeof *gh);
    cblas_sgemv(CblasRowMajor, CblasNoTrans, 3 * H, g->in, 1.0f, g->wih, g->in, x, 1, 1.0f, gi, 1);
    cblas_sgemv(CblasRowMajor, CblasNoTrans, 3 * H, H, 1.0f, g->whh, H, h, 1, 1.0f, gh, 1);
    for (int k = 0; k < H; k++) {
        float r = sigmoidf(gi[k] + gh[k]);
        float z = sigmoidf(gi[H + k] + gh[H + k]);
        float n = tanhf(gi[2 * H + k] + r * gh[2 * H + k]);
        h_out[k] = (1.0f - z) * n + z * h[k];
    }
}

/* Index of code point cp in m's source vocabulary, or -1. */
static int source_index(const S2sModel *m, unsigned cp)
{
    for (int i = 1; i < m->n_src; i++)
        if (m->src_cp[i] == cp)
            return i;
    return -1;
}

/* The error for an input with characters the model never saw: each named
 * once, in the order they come, then the characters it knows. */
static void unknown_error(const S2sModel *m, const char *input, Diags *diags)
{
    StrBuf b = {0};
    unsigned seen[64];
    int nseen = 0;
    for (const char *p = input; *p;) {
        unsigned cp = utf8_next(&p);
        bool dup = false;
        for (int k = 0; k < nseen; k++)
            dup = dup || seen[k] == cp;
        if (source_index(m, cp) >= 0 || dup || nseen == 64)
            continue;
        seen[nseen++] = cp;
        char u[UTF8_MAX + 1];
        utf8_encode(cp, u);
        sb_printf(&b, "%s\"%s\" (U+%04X)", b.len ? ", " : "", u, cp);
    }
    sb_append(&b, "; it knows \"");
    for (int i = 1; i < m->n_src; i++)
        sb_append(&b, m->src_vocab[i]);
    sb_append(&b, "\"");
    diags_add(diags, "input", 0, "characters the model never saw: %s", b.s);
    free(b.s);
}

/* Runs one encoder direction over the embedded input into h (stride 2H, at
 * offset off). */
static void encode_direction(S2sRun *run, const S2sGru *g, bool backward, int off)
{
    const S2sModel *m = run->m;
    int H = m->H, n = run->n;
    float *state = run->work + 6 * (size_t)(m->D > H ? m->D : H);
    memset(state, 0, (size_t)H * sizeof *state);
    for (int t = 0; t < n; t++) {
        int j = backward ? n - 1 - t : t;
        gru_cell(g, m->emb_in + (size_t)run->x[j] * m->E, state, state, run->work);
        memcpy(run->h + (size_t)j * 2 * H + off, state, (size_t)H * sizeof *state);
    }
}

static void encode(S2sRun *run)
{
    const S2sModel *m = run->m;
    int H = m->H, n = run->n;
    encode_direction(run, &m->enc_f, false, 0);
    encode_direction(run, &m->enc_b, true, H);
    memcpy(run->last, run->h + (size_t)(n - 1) * 2 * H, (size_t)H * sizeof(float));
    memcpy(run->last + H, run->h + H, (size_t)H * sizeof(float));
    /* s_0 = tanh(W_init m + b_init) */
    memcpy(run->s, m->init_b, (size_t)m->D * sizeof(float));
    cblas_sgemv(CblasRowMajor, CblasNoTrans, m->D, 2 * H, 1.0f, m->init_w, 2 * H, run->last, 1,
                1.0f, run->s, 1);
    for (int k = 0; k < m->D; k++)
        run->s[k] = tanhf(run->s[k]);
    if (m->attention)   /* uh[n][A] = h[n][2H] U^T */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, m->A, 2 * H, 1.0f, run->h, 2 * H,
                    m->att_u, 2 * H, 0.0f, run->uh, m->A);
}

int s2s_run_start(S2sRun *run, const S2sModel *m, const char *input, Diags *diags)
{
    memset(run, 0, sizeof *run);
    int n = 0;
    bool unknown = false;
    for (const char *p = input; *p; n++)
        if (source_index(m, utf8_next(&p)) < 0)
            unknown = true;
    if (unknown) {
        unknown_error(m, input, diags);
        return -1;
    }
    if (n == 0) {
        diags_add(diags, "input", 0, "the input is empty: type something to translate");
        return -1;
    }
    int H = m->H, D = m->D, A = m->A;
    run->m = m;
    run->n = n;
    run->x = xmalloc((size_t)n * sizeof *run->x);
    n = 0;
    for (const char *p = input; *p;)
        run->x[n++] = source_index(m, utf8_next(&p));
    run->h = xcalloc((size_t)n * 2 * H, sizeof(float));
    run->last = xcalloc(2 * (size_t)H, sizeof(float));
    run->s_prev = xcalloc((size_t)D, sizeof(float));
    run->s = xcalloc((size_t)D, sizeof(float));
    run->e = xcalloc((size_t)n, sizeof(float));
    run->a = xcalloc((size_t)n, sizeof(float));
    run->c = xcalloc(2 * (size_t)H, sizeof(float));
    run->logits = xcalloc((size_t)m->n_tgt, sizeof(float));
    /* the GRU's gates (6 hid), then a state or the decoder's input */
    size_t big = (size_t)(D > H ? D : H);
    run->work = xcalloc(6 * big + (size_t)m->E + 2 * (size_t)H + big, sizeof(float));
    if (m->attention) {
        run->uh = xcalloc((size_t)n * A, sizeof(float));
        run->ws = xcalloc((size_t)A, sizeof(float));
    }
    run->y = S2S_BOS;
    encode(run);
    return 0;
}

void s2s_run_free(S2sRun *run)
{
    free(run->x);
    free(run->h);
    free(run->uh);
    free(run->last);
    free(run->s_prev);
    free(run->s);
    free(run->ws);
    free(run->e);
    free(run->a);
    free(run->c);
    free(run->logits);
    free(run->work);
    memset(run, 0, sizeof *run);
}

/* e, a and c for this step from s_prev (the additive attention). */
static void attend(S2sRun *run)
{
    const S2sModel *m = run->m;
    int A = m->A, n = run->n, H2 = 2 * m->H;
    cblas_sgemv(CblasRowMajor, CblasNoTrans, A, m->D, 1.0f, m->att_w, m->D, run->s_prev, 1, 0.0f,
                run->ws, 1);
    float max = -INFINITY;
    for (int j = 0; j < n; j++) {
        const float *uh = run->uh + (size_t)j * A;
        float e = 0.0f;
        for (int k = 0; k < A; k++)
            e += m->att_v[k] * tanhf(run->ws[k] + uh[k]);
        run->e[j] = e;
        max = e > max ? e : max;
    }
    float sum = 0.0f;
    for (int j = 0; j < n; j++)
        sum += run->a[j] = expf(run->e[j] - max);
    for (int j = 0; j < n; j++)
        run->a[j] /= sum;
    cblas_sgemv(CblasRowMajor, CblasTrans, n, H2, 1.0f, run->h, H2, run->a, 1, 0.0f, run->c, 1);
}

int s2s_step(S2sRun *run)
{
    if (run->done)
        return -1;
    const S2sModel *m = run->m;
    int E = m->E, H2 = 2 * m->H, D = m->D;
    memcpy(run->s_prev, run->s, (size_t)D * sizeof(float));
    if (m->attention)
        attend(run);
    else
        memcpy(run->c, run->last, (size_t)H2 * sizeof(float));
    /* the decoder's input [E_out[y_{i-1}]; c_i], after the gates' room */
    size_t big = (size_t)(D > m->H ? D : m->H);
    float *in = run->work + 6 * big;
    memcpy(in, m->emb_out + (size_t)run->y * E, (size_t)E * sizeof(float));
    memcpy(in + E, run->c, (size_t)H2 * sizeof(float));
    gru_cell(&m->dec, in, run->s_prev, run->s, run->work);
    /* logits = W_out [s_i; c_i] + b_out, as two products on the halves */
    memcpy(run->logits, m->out_b, (size_t)m->n_tgt * sizeof(float));
    cblas_sgemv(CblasRowMajor, CblasNoTrans, m->n_tgt, D, 1.0f, m->out_w, D + H2, run->s, 1, 1.0f,
                run->logits, 1);
    cblas_sgemv(CblasRowMajor, CblasNoTrans, m->n_tgt, H2, 1.0f, m->out_w + D, D + H2, run->c, 1,
                1.0f, run->logits, 1);
    int best = 0;
    for (int k = 1; k < m->n_tgt; k++)
        if (run->logits[k] > run->logits[best])
            best = k;
    run->y = best;
    run->steps++;
    run->done = best == S2S_EOS || run->steps >= m->max_out;
    return best;
}

const char *s2s_token(const S2sModel *m, int y)
{
    return y >= 0 && y < m->n_tgt ? m->tgt_vocab[y] : "?";
}

float s2s_score_terms(const S2sRun *run, int j, float *ws, float *uh, float *t, float *vt)
{
    const S2sModel *m = run->m;
    float e = 0.0f;
    for (int k = 0; k < m->A; k++) {
        ws[k] = run->ws[k];
        uh[k] = run->uh[(size_t)j * m->A + k];
        t[k] = tanhf(ws[k] + uh[k]);
        vt[k] = m->att_v[k] * t[k];
        e += vt[k];
    }
    return e;
}

int s2s_translate(const S2sModel *m, const char *input, char **out, float **align,
                  int *rows, int *cols, Diags *diags)
{
    S2sRun run;
    *out = NULL;
    if (align)
        *align = NULL;
    if (s2s_run_start(&run, m, input, diags) != 0)
        return -1;
    StrBuf b = {0};
    sb_append(&b, "");
    float *al = NULL;
    int y;
    while ((y = s2s_step(&run)) >= 0) {
        if (align && m->attention) {
            al = xrealloc(al, (size_t)run.steps * run.n * sizeof *al);
            memcpy(al + (size_t)(run.steps - 1) * run.n, run.a, (size_t)run.n * sizeof *al);
        }
        if (y != S2S_EOS)
            sb_append(&b, m->tgt_vocab[y]);
    }
    *out = b.s;
    if (rows)
        *rows = run.steps;
    if (cols)
        *cols = run.n;
    if (align)
        *align = al;
    s2s_run_free(&run);
    return 0;
}

/* splitmix64: the bottleneck's inputs, the same on every machine. */
static uint64_t next_u64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double s2s_reverse_accuracy(const S2sModel *m, int len, int count, uint64_t seed)
{
    if (len < 1 || count < 1 || m->n_src < 2)
        return 0.0;
    uint64_t st = seed ^ ((uint64_t)len << 32);
    size_t cap = (size_t)len * UTF8_MAX + 1;
    char *in = xmalloc(cap), *want = xmalloc(cap);
    int right = 0;
    for (int k = 0; k < count; k++) {
        size_t a = 0, b = cap - 1;
        want[b] = '\0';
        for (int i = 0; i < len; i++) {
            const char *ch = m->src_vocab[1 + next_u64(&st) % (uint64_t)(m->n_src - 1)];
            size_t l = strlen(ch);
            memcpy(in + a, ch, l);
            a += l;
            b -= l;
            memcpy(want + b, ch, l);
        }
        in[a] = '\0';
        char *got = NULL;
        Diags d = {0};
        if (s2s_translate(m, in, &got, NULL, NULL, NULL, &d) == 0 && strcmp(got, want + b) == 0)
            right++;
        free(got);
        diags_free(&d);
    }
    free(in);
    free(want);
    return (double)right / count;
}
