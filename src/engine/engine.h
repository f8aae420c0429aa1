/* engine.h - one step of attention, every stage kept: Scenario in, Result out.
 *
 * Pure: no I/O, no globals. A Scenario borrows its matrices (the lesson or
 * the learner's edits own them). A Result owns one arena holding every
 * matrix it points to; result_free() releases all of it. */
#ifndef ATTN_ENGINE_H
#define ATTN_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/mat.h"

/* Lesson-sized limits: larger inputs are refused with the limit named. */
#define ENGINE_MAX_TOKENS 64
#define ENGINE_MAX_DIM 64
#define ENGINE_MAX_HEADS 16
/* |value| of a lesson's number or an edited cell (the parser and the
 * editor): far from float's overflow, so every score and figure stays finite */
#define ENGINE_MAX_VALUE 1e6

typedef enum { MODE_QKV, MODE_SELF, MODE_MULTIHEAD, MODE_COATTENTION, MODE__COUNT } AttnMode;
typedef enum {
    SCORE_DOT, SCORE_SCALED_DOT, SCORE_GENERAL, SCORE_ADDITIVE, SCORE_LOCATION, SCORE_COSINE,
    SCORE__COUNT
} ScoreKind;
typedef enum {
    DIST_SOFTMAX, DIST_SIGMOID, DIST_ARGMAX, DIST_SAMPLE, DIST_TOPK, DIST_SPARSEMAX,
    DIST_LOCAL_M, DIST_LOCAL_P, DIST__COUNT
} DistKind;
enum { MASK_PADDING = 1u, MASK_CAUSAL = 2u, MASK_MATRIX = 4u };
typedef enum { CO_PARALLEL, CO_ALTERNATING, CO__COUNT } CoMode;
typedef enum { CO_FINE, CO_COARSE, GRAIN__COUNT } CoGrain;

/* The named input matrices a lesson may give (row-vector convention: a
 * projection is X W). Shapes, with n tokens and d features:
 *   Q (nq, d)  K (nk, d)  V (nk, dv)       the three roles, given directly
 *   X (n, d_model)                         one sequence, for self/multi-head
 *   Wq Wk Wv (d_model, d_k|d_v)  Wo (d_model, d_model)  projections
 *   W (d_q, d_k)                           general score q W k^T; affinity A W B^T
 *   Wa (d_q, h) Ua (d_k, h) va (1, h)      additive: va . tanh(q Wa + k Ua)
 *   Wl (d_q, nk)                           location-based: e = q Wl
 *   Wp (d_q, h) vp (1, h)                  local-p: p = S sigmoid(vp . tanh(q Wp))
 *   A (na, d) B (nb, d)                    co-attention's two sequences
 *   M (nq, nk)                             a hand-made 0/1 mask */
typedef enum {
    M_Q, M_K, M_V, M_X, M_WQ, M_WK, M_WV, M_WO, M_W, M_WA, M_UA, M_VA, M_WL, M_WP, M_VP,
    M_A, M_B, M_M, M__COUNT
} MatName;

/* The settings, so that a complaint can name the one at fault. */
typedef enum {
    CF_NONE = -1, CF_MODE, CF_SCORE, CF_DIST, CF_TEMPERATURE, CF_TOPK, CF_WINDOW, CF_MASK,
    CF_VALID_LENS, CF_HEADS, CF_POSITION, CF_COATTENTION, CF_GRANULARITY, CF_SEED, CF_SAMPLES,
    CF__COUNT
} CfgField;

typedef struct {
    AttnMode mode;
    ScoreKind score;
    DistKind dist;
    float temperature;      /* > 0; divides the scores before the distribution */
    int topk;               /* k for DIST_TOPK */
    int window;             /* D for local-m and local-p */
    unsigned mask;          /* MASK_* bits, combined */
    int valid_lens[ENGINE_MAX_TOKENS];
    int n_valid_lens;       /* 1 (all rows) or nq */
    int heads;              /* multi-head: d_model / heads per head */
    bool position;          /* add sinusoidal position encoding to X */
    CoMode co_mode;
    CoGrain co_grain;
    uint64_t seed;          /* for DIST_SAMPLE: the same seed draws the same sample */
    int samples;            /* draws averaged by DIST_SAMPLE */
} AttnConfig;

typedef struct {
    AttnConfig cfg;
    Mat in[M__COUNT];       /* borrowed; empty where not given */
} Scenario;

/* One attention computation: nq queries over nk keys. */
typedef struct {
    int nq, nk, dv;
    Mat scores;             /* (nq, nk) before masking (a masked entry keeps its value) */
    uint8_t *keep;          /* (nq, nk) 1 = attended, 0 = masked */
    Mat weights;            /* (nq, nk) after the distribution; masked entries 0 */
    Mat output;             /* (nq, dv) = weights V */
    uint8_t *row_empty;     /* (nq) 1 where no key could take weight: row all zero */
    float *centre;          /* (nq) local attention's p_t, NULL otherwise */
} AttnHead;

typedef struct {
    Arena arena;            /* owns everything below */
    AttnConfig cfg;
    Mat PE;                 /* (n, d_model) position encoding added to X, or empty */
    Mat Xin;                /* (n, d_model) X after position encoding, or empty */
    Mat Q, K, V;            /* the queries, keys and values attended with (projected) */
    AttnHead main;          /* qkv/self: the attention; multi-head: mean over heads
                               of scores and weights, output = concat Wo;
                               co-attention: A attends to B */
    int n_heads;
    AttnHead *heads;        /* (n_heads) per head, each over d_model / heads columns */
    Mat concat;             /* (n, d_model) the heads' outputs side by side */
    /* co-attention */
    Mat affinity;           /* (na, nb) s(A, B): parallel and fine-grained */
    Mat query_a, query_b;   /* (1, d) pooled or summary queries for coarse/alternating */
    AttnHead b2a;           /* B attends to A (rows: B or its summary) */
    bool any_row_empty;
} Result;

/* Checks that the scenario's matrices fit the configuration. On a problem
 * returns false, writes a sentence to err and names what is at fault: a
 * matrix in *mat (else M__COUNT) or a setting in *field (else CF_NONE).
 * Either pointer may be NULL. */
bool engine_validate(const Scenario *sc, char *err, size_t errlen, MatName *mat, CfgField *field);

/* Runs every stage. Returns 0, or -1 with a message in err (a NaN in the
 * inputs, a score that overflowed to NaN, an output that is NaN because V
 * holds infinities of both signs, or engine_validate's complaint). A key
 * with weight 0 never reaches the output, even with an infinite value.
 * On success *r must later be released with result_free(). */
int engine_run(const Scenario *sc, Result *r, char *err, size_t errlen);
void result_free(Result *r);

/* Names as lessons and JSON spell them; parse functions return -1 if unknown. */
const char *engine_mode_name(AttnMode m);
const char *engine_score_name(ScoreKind k);
const char *engine_dist_name(DistKind k);
const char *engine_co_mode_name(CoMode m);
const char *engine_grain_name(CoGrain g);
const char *engine_mat_name(MatName m);
int engine_parse_mode(const char *s);
int engine_parse_score(const char *s);
int engine_parse_dist(const char *s);
int engine_parse_co_mode(const char *s);
int engine_parse_grain(const char *s);
int engine_parse_mat(const char *s);
/* A short formula for a panel title, e.g. "e = q.k / sqrt(d)". */
const char *engine_score_formula(ScoreKind k);
const char *engine_dist_formula(DistKind k);

AttnConfig engine_default_config(void);

#endif
