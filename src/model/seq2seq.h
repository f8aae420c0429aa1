/* seq2seq.h - a small trained character-level translator, run live: a
 * bidirectional GRU encoder, a GRU decoder and Bahdanau's additive attention
 * (or none: the bottleneck), read from the .npz that
 * scripts/train_translator.py writes (assets/translator_*.npz).
 *
 * The equations (x = the input's indices, n = its length; GRU exactly as
 * torch.nn.GRU, gates r, z, n in that order, b_hn inside r * (...)):
 *   GRU(x, h):  r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 *               z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 *               g = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 *               h' = (1 - z) * g + z * h
 *   encoder     fwd_j = GRU_f(E_in[x_j], fwd_{j-1}), bwd_j = GRU_b(E_in[x_j], bwd_{j+1}),
 *               from zeros; h_j = [fwd_j; bwd_j]            (2H numbers)
 *   last        m = [fwd_{n-1}; bwd_0]      (the encoder's last state)
 *   start       s_0 = tanh(W_init m + b_init); y_0 = "<s>"
 *   attention   e_ij = v^T tanh(W s_{i-1} + U h_j);  a_ij = softmax_j(e_ij)
 *               c_i = sum_j a_ij h_j
 *   no attention  c_i = m at every step (one fixed-length vector)
 *   decoder     s_i = GRU_d([E_out[y_{i-1}]; c_i], s_{i-1})
 *               logits_i = W_out [s_i; c_i] + b_out;  y_i = argmax logits_i,
 *               until "</s>" or max_out characters.
 *
 * Ownership: an S2sModel owns all its arrays and strings (s2s_free); an
 * S2sRun owns its buffers (s2s_run_free) and borrows its model, which must
 * outlive it. */
#ifndef ATTN_SEQ2SEQ_H
#define ATTN_SEQ2SEQ_H

#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"

#define S2S_BOS 0   /* "<s>" in the target vocabulary */
#define S2S_EOS 1   /* "</s>" */

typedef struct {
    int in, hid;
    float *wih, *whh;      /* [3 hid][in], [3 hid][hid]: rows r, z, n */
    float *bih, *bhh;      /* [3 hid] */
} S2sGru;

typedef struct {
    int E, H, D, A;        /* embedding, encoder (per direction), decoder, attention sizes */
    bool attention;
    int max_out;           /* the longest output greedy decoding writes */
    int n_src, n_tgt;
    char **src_vocab;      /* n_src UTF-8 strings; [0] is "<pad>" */
    char **tgt_vocab;      /* n_tgt; [0] "<s>", [1] "</s>" */
    unsigned *src_cp;      /* the code point of each src_vocab entry (0 for "<pad>") */
    char *about;           /* the training script's line: task, version, seed, accuracy */
    float *emb_in;         /* [n_src][E] */
    S2sGru enc_f, enc_b;   /* in E, hid H */
    float *init_w, *init_b; /* [D][2H], [D] */
    float *emb_out;        /* [n_tgt][E] */
    S2sGru dec;            /* in E + 2H, hid D */
    float *att_w, *att_u, *att_v;  /* [A][D], [A][2H], [A]; NULL without attention */
    float *out_w, *out_b;  /* [n_tgt][D + 2H], [n_tgt] */
} S2sModel;

/* Reads a model from an .npz file. NULL with an error in diags naming the
 * file and the member that is missing or has the wrong shape. */
S2sModel *s2s_load(const char *path, Diags *diags);
void s2s_free(S2sModel *m);
/* The path of a shipped model file ("translator_dates.npz"): in
 * $ATTNLAB_ASSETS when set, else assets/ beside the program (the build
 * tree), else the installed share/attnlab/assets. NULL when absent. The
 * string lives until the next call. */
const char *s2s_find_asset(const char *file);

/* One translation in progress, stepped one output character at a time.
 * After s2s_run_start: h, uh and last hold the encoding, s the start state.
 * After each s2s_step: s_prev is the state the step's query was (s_{i-1}),
 * ws = W s_{i-1}, e and a this step's scores and weights (zeros without
 * attention), c its context, logits its scores over tgt_vocab, s the new
 * state s_i, y the character written. */
typedef struct {
    const S2sModel *m;
    int n;                 /* input length in characters */
    int *x;                /* [n] indices into src_vocab */
    float *h;              /* [n][2H] encoder states h_j */
    float *uh;             /* [n][A] U h_j (attention only, else NULL) */
    float *last;           /* [2H] */
    float *s_prev, *s;     /* [D] */
    float *ws;             /* [A] (attention only) */
    float *e, *a;          /* [n] */
    float *c;              /* [2H] */
    float *logits;         /* [n_tgt] */
    float *work;           /* scratch for the GRU cells */
    int steps;             /* characters written so far, "</s>" counted */
    int y;                 /* the last one (S2S_BOS before the first step) */
    bool done;             /* "</s>" written or max_out reached */
} S2sRun;

/* Encodes input (UTF-8) into run. -1 with an error in diags naming every
 * character the model never saw (and what it knows) when there are some, or
 * when the input is empty; run is then left empty (s2s_run_free is safe). */
int s2s_run_start(S2sRun *run, const S2sModel *m, const char *input, Diags *diags);
void s2s_run_free(S2sRun *run);
/* One decoder step (see the struct). Returns the index written (S2S_EOS at
 * the end), or -1 when the run was already done. */
int s2s_step(S2sRun *run);
/* The text of target index y ("</s>" for the end). */
const char *s2s_token(const S2sModel *m, int y);

/* The additive score of the last step for input position j, term by term:
 * ws[k] = (W s_{i-1})_k, uh[k] = (U h_j)_k, t[k] = tanh(ws[k] + uh[k]),
 * vt[k] = v_k t[k] (each A floats, the caller's); returns e_ij = sum_k vt[k].
 * Needs an attention model and a step taken. */
float s2s_score_terms(const S2sRun *run, int j, float *ws, float *uh, float *t, float *vt);

/* Greedy translation of input: *out (the caller frees it) gets the text
 * without "</s>"; when align is not NULL it gets the attention rows, one per
 * character written plus the "</s>" row, [*rows][*cols] (the caller frees;
 * NULL without attention). 0, or -1 with an error in diags. */
int s2s_translate(const S2sModel *m, const char *input, char **out, float **align,
                  int *rows, int *cols, Diags *diags);

/* The bottleneck, measured: accuracy (exact match) of model m reversing
 * `count` random strings of `len` letters from its source vocabulary,
 * generated from seed (the same strings for the same seed and len). */
double s2s_reverse_accuracy(const S2sModel *m, int len, int count, uint64_t seed);

#endif
