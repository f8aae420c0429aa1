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
/* Rows or columns of any matrix: a token count or a width. */
#define ENGINE_MAX_SIDE (ENGINE_MAX_TOKENS > ENGINE_MAX_DIM ? ENGINE_MAX_TOKENS : ENGINE_MAX_DIM)
/* |value| of a lesson's number or an edited cell (the parser and the
 * editor): far from float's overflow, so every score and figure stays finite */
#define ENGINE_MAX_VALUE 1e6

/* MODE_MULTIDIM: Lin et al. (2017); MODE_HIERARCHICAL: Yang et al. (2016);
 * MODE_MEMORY: Sukhbaatar et al. (2015) (engine_multidim.c, engine_hier.c,
 * engine_memory.c derive each from its paper). */
typedef enum {
    MODE_QKV, MODE_SELF, MODE_MULTIHEAD, MODE_COATTENTION, MODE_MULTIDIM, MODE_HIERARCHICAL, MODE_MEMORY,
    MODE__COUNT
} AttnMode;
typedef enum {
    SCORE_DOT, SCORE_SCALED_DOT, SCORE_GENERAL, SCORE_ADDITIVE, SCORE_LOCATION, SCORE_COSINE,
    SCORE__COUNT
} ScoreKind;
typedef enum {
    DIST_SOFTMAX, DIST_SIGMOID, DIST_ARGMAX, DIST_SAMPLE, DIST_TOPK, DIST_SPARSEMAX,
    DIST_LOCAL_M, DIST_LOCAL_P, DIST__COUNT
} DistKind;
enum { MASK_PADDING = 1u, MASK_CAUSAL = 2u, MASK_MATRIX = 4u };
/* CO_PARALLEL: the affinity form (Xiong et al., 2017); CO_ALTERNATING: Lu
 * et al. (2016) without learned layers; CO_PARALLEL_LU: Lu et al.'s parallel
 * co-attention with its learned layers (engine.c: the derivation). */
typedef enum { CO_PARALLEL, CO_ALTERNATING, CO_PARALLEL_LU, CO__COUNT } CoMode;
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
 *   M (nq, nk)                             a hand-made 0/1 mask
 *   Wb (d, d) Wvb (d, k) Wqa (d, k)        Lu et al.'s parallel co-attention:
 *   whv (1, k) whq (1, k)                  C = tanh(A Wb B^T), B's hidden
 *                                          tanh(B Wvb + C^T A Wqa) scored by
 *                                          whv, A's tanh(A Wqa + C B Wvb) by whq
 *                                          (the paper's W_b, W_v^T, W_q^T,
 *                                          w_hv, w_hq; Wvb acts on B, Wqa on A)
 *   Ws1 (d, da) Ws2 (da, r)                multidim (Lin et al. 2017) over the
 *                                          rows of X = H: the paper's W_s1^T
 *                                          and W_s2^T (r views)
 *   Ww (d, h) bw uw (1, h)                 hierarchical (Yang et al. 2016): the
 *   Ws (d, h) bs us (1, h)                 word level's W_w^T, b_w, u_w and the
 *                                          sentence level's W_s^T, b_s, u_s
 *                                          (bw and bs may be left out: 0)
 * memory (Sukhbaatar et al. 2015) reads Q (1, d) as the question u, K (n, d)
 * as the memory keys m_i and V (n, d) as the values c_i. */
typedef enum {
    M_Q, M_K, M_V, M_X, M_WQ, M_WK, M_WV, M_WO, M_W, M_WA, M_UA, M_VA, M_WL, M_WP, M_VP,
    M_A, M_B, M_M, M_WB, M_WVB, M_WQA, M_WHV, M_WHQ, M_WS1, M_WS2, M_WW, M_BW, M_UW, M_WS, M_BS, M_US,
    M__COUNT
} MatName;

/* The settings, so that a complaint can name the one at fault. */
typedef enum {
    CF_NONE = -1, CF_MODE, CF_SCORE, CF_DIST, CF_TEMPERATURE, CF_TOPK, CF_WINDOW, CF_MASK,
    CF_VALID_LENS, CF_HEADS, CF_POSITION, CF_COATTENTION, CF_GRANULARITY, CF_SEED, CF_SAMPLES,
    CF_HOPS, CF_SENTENCES, CF__COUNT
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
    int hops;               /* memory: how many times the question reads */
    int sentences[ENGINE_MAX_TOKENS];   /* hierarchical: words per sentence, */
    int n_sentences;                    /* over X's rows in order */
    const char *formula;    /* the score as a higher layer computes it (a trained
                               translator's "e = v.tanh(W s + U h)": a static
                               string), said instead of the score kind's; NULL */
} AttnConfig;

/* memory's hops: at most this many reads */
#define ENGINE_MAX_HOPS 8

struct Result;

typedef struct {
    AttnConfig cfg;
    Mat in[M__COUNT];       /* borrowed; empty where not given */
    /* A step whose numbers a higher layer computes (a trained translator,
     * lesson/lesson_tr.h): engine_run calls ext_run(ext, r) instead, and
     * engine_validate accepts it. NULL for every other step. */
    int (*ext_run)(const void *ext, struct Result *r);
    const void *ext;
} Scenario;

/* One attention computation: nq queries over nk keys. */
typedef struct {
    int nq, nk, dv;
    Mat scores;             /* (nq, nk) before masking (a masked entry keeps its value) */
    double *exact;          /* (nq, nk) the scores in double when one overflowed float
                               (then scores holds +-inf there), else NULL */
    uint8_t *keep;          /* (nq, nk) 1 = attended, 0 = masked */
    Mat weights;            /* (nq, nk) after the distribution; masked entries 0 */
    Mat output;             /* (nq, dv) = weights V */
    uint8_t *row_empty;     /* (nq) 1 where no key could take weight: row all zero */
    float *centre;          /* (nq) local attention's p_t, NULL otherwise */
} AttnHead;

typedef struct Result {
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
    Mat affinity;           /* (na, nb) s(A, B): parallel and fine-grained;
                               parallel_lu: C = tanh(A Wb B^T) */
    Mat query_a, query_b;   /* (1, d) pooled or summary queries for coarse/alternating */
    Mat hidden_b, hidden_a; /* parallel_lu: H_b (nb, k) and H_a (na, k); main's
                               weights (1, nb) are a_b, output b^; b2a's (1, na)
                               a_a, output a^ */
    AttnHead b2a;           /* B attends to A (rows: B or its summary) */
    /* parallel (either granularity): both computed, side by side; each row
     * its fine output row, then the coarse output (the pooled side's) */
    Mat combined;           /* (na, 2 d) [A->B fine row i | A->B coarse] */
    Mat combined_ba;        /* (nb, 2 d) [B->A fine row j | B->A coarse] */
    /* multidim: main is the r views, weights A (r, n), output M = A H (r, d) */
    Mat embedding;          /* (1, r d) M's rows side by side */
    Mat gram;               /* (r, r) A A^T */
    Mat penalty;            /* (1, 1) ||A A^T - I||_F^2 */
    /* hierarchical: words is the word level, weights (S, n) with every word
     * outside sentence i masked in row i, output the sentence vectors s_i
     * (S, d); main is the sentence level, weights (1, S), output the
     * document vector v (1, d) */
    AttnHead words;
    Mat word_hidden;        /* (n, h) u_it = tanh(h_it Ww + bw) */
    Mat sent_hidden;        /* (S, h) u_i = tanh(s_i Ws + bs) */
    /* memory: main has one row per hop k: scores u^k . m_i, weights p^k,
     * output o^k = p^k V (hops, d) */
    Mat query_path;         /* (hops + 1, d) u^1 = Q, u^(k+1) = u^k + o^k */
    bool any_row_empty;
} Result;

/* Why the engine refused a scenario: a code and its numbers, never words
 * (STYLE.md: words live in the view). lab/words.h words it in English or
 * Chinese; engine_error_english() gives the English for diagnostics below
 * the lab layer (the lesson checker's FILE:LINE messages). The numbers in
 * n[] per kind are listed beside each kind; "what" is the use a matrix was
 * needed for (EngineUse) in EE_NEEDS and EE_SHAPE. */
typedef enum {
    EE_NONE,
    EE_TOO_LARGE,       /* mat is n0 x n1; the limit is n2 x n2 */
    EE_HEADS_RANGE,     /* heads must be 1..n0 */
    EE_NEEDS,           /* use needs mat, which is not given */
    EE_SHAPE,           /* mat is n0 x n1 but use needs n2 x n3 (-1: any count) */
    EE_WIDTHS,          /* score n2 needs queries and keys of one width: n0, n1 */
    EE_MULTIHEAD_SCORE, /* multi-head takes dot, scaled_dot or cosine */
    EE_UNKNOWN_SCORE,
    EE_TEMPERATURE,     /* not a number above 0 */
    EE_TOPK_RANGE,      /* topk must be 1..n0 */
    EE_WINDOW_RANGE,    /* window must be 1..n0 */
    EE_SAMPLES_RANGE,   /* samples must be 1..n0 */
    EE_VALID_LENS_COUNT,/* n0 lengths for n1 query rows */
    EE_VALID_LEN_LONG,  /* length n0 is longer than the n1 keys */
    EE_V_ROWS,          /* V has n0 rows, K has n1 */
    EE_HEADS_DIVIDE,    /* n0 heads do not divide d_model = n1 */
    EE_CO_SCORE,        /* co-attention takes dot, scaled_dot or general */
    EE_CO_WIDTHS,       /* A and B are n0 and n1 wide */
    EE_CO_MASK,         /* co-attention takes no mask */
    EE_CO_LOCAL,        /* co-attention takes no local distribution */
    EE_CO_FINE,         /* co-attention mode n0 (CoMode) needs granularity = coarse */
    EE_UNKNOWN_MODE,
    EE_NAN_INPUT,       /* mat[n0][n1] is not a number */
    EE_NAN_SCORE,       /* the score at row n0, column n1 overflowed to NaN */
    EE_NAN_OUTPUT,      /* the output at row n0 is NaN (V has +inf and -inf) */
    EE_MODE_MASK,       /* mode n0 (AttnMode) takes no mask */
    EE_MODE_LOCAL,      /* mode n0 takes no local distribution */
    EE_SENTENCES,       /* the sentences' word counts add up to n0, X has n1 rows */
    EE_HOPS_RANGE,      /* hops must be 1..n0 */
    EE__COUNT
} EngineErrKind;

/* What a matrix is needed for, in EE_NEEDS and EE_SHAPE. */
typedef enum {
    EU_ATTENTION, EU_SELF, EU_MULTIHEAD, EU_COATTENTION,
    EU_GENERAL, EU_GENERAL_QWK, EU_ADDITIVE, EU_ADDITIVE_VECTOR, EU_ADDITIVE_FORMULA,
    EU_LOCATION, EU_LOCATION_FORMULA, EU_LOCAL_P, EU_LOCAL_P_VECTOR, EU_LOCAL_P_CENTRE,
    EU_MASK_MATRIX, EU_MASK_SHAPE, EU_PROJECTION, EU_OUTPUT_PROJECTION, EU_AFFINITY,
    EU_LU, EU_LU_AFFINITY, EU_LU_HIDDEN, EU_LU_VECTOR,
    EU_MULTIDIM, EU_MULTIDIM_WS1, EU_MULTIDIM_WS2, EU_HIERARCHICAL, EU_HIER_WORD, EU_HIER_SENT,
    EU_HIER_VECTOR, EU_MEMORY, EU_MEMORY_QUESTION, EU_MEMORY_READ,
    EU__COUNT
} EngineUse;

typedef struct {
    EngineErrKind kind;     /* EE_NONE: no refusal */
    MatName mat;            /* the matrix at fault, else M__COUNT */
    CfgField field;         /* the setting at fault, else CF_NONE */
    EngineUse use;          /* EE_NEEDS, EE_SHAPE */
    int n[4];               /* the numbers, by kind (above) */
} EngineError;

/* Checks that the scenario's matrices fit the configuration. On a problem
 * returns false and fills *err (which may be NULL): its kind, its numbers
 * and what is at fault, a matrix (err->mat) or a setting (err->field). */
bool engine_validate(const Scenario *sc, EngineError *err);

/* Runs every stage. Returns 0, or -1 with *err filled (may be NULL): a NaN
 * in the inputs, a score that is NaN even in double, an output that is NaN
 * because V holds infinities of both signs, or engine_validate's refusal.
 * A key with weight 0 never reaches the output, even with an infinite
 * value. A score that overflows float (from finite inputs, or through a
 * float intermediate) is scored again in double and weighed exactly; its
 * head's `exact` holds the double scores. On success *r must later be released with result_free(). */
int engine_run(const Scenario *sc, Result *r, EngineError *err);
/* The English sentence for a refusal, in buf (n bytes, always terminated):
 * for the lesson checker and tests, which sit below the views. The views
 * call lab/words.h, which gives this in English and its own Chinese. */
void engine_error_english(const EngineError *e, char *buf, size_t n);
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
/* The formula c's scores follow: c->formula if set, else its score kind's. */
const char *engine_config_formula(const AttnConfig *c);
const char *engine_dist_formula(DistKind k);

AttnConfig engine_default_config(void);

#endif
