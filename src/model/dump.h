/* dump.h - a real model's attention, as read from a file (`attnlab view`).
 *
 * A dump holds attention weights for layers x heads, each a matrix of nq
 * query rows by nk key columns (rows = queries, as in the lessons), with the
 * tokens on both axes. It may also hold each head's q, k, v vectors and the
 * pre-softmax scores, when the file had them. Self-attention has nq == nk
 * and the same tokens on both axes; cross-attention has its own k_tokens.
 *
 * Shapes (all float, row-major, C order after reading):
 *   attn    [layers][heads][nq][nk]
 *   scores  [layers][heads][nq][nk]        or NULL
 *   q       [layers][heads][nq][d_head]    or NULL (all three or none)
 *   k, v    [layers][heads][nk][d_head]    or NULL
 * A file with fewer axes ([heads, q, k] or [q, k]) reads as layers = 1 (and
 * heads = 1).
 *
 * Ownership: a dump owns every array and string in it; dump_free frees all.
 * Readers (model/dump_read.c and the format files) build one with dump_new
 * and fill it; views only read it. */
#ifndef ATTN_DUMP_H
#define ATTN_DUMP_H

#include <stddef.h>

typedef struct {
    int layers, heads, nq, nk;
    int d_head;            /* 0 when the file had no q, k, v */
    float *attn;
    float *scores;         /* NULL unless the file had them */
    float *q, *k, *v;      /* NULL unless the file had them */
    char **q_tokens;       /* nq UTF-8 strings */
    char **k_tokens;       /* nk UTF-8 strings; == q_tokens for self-attention */
    char *path;            /* the file it came from ("" when built in memory) */
    char *about;           /* free text the file carried (e.g. `about`), or NULL */
} AttnDump;

/* A dump of the given shape with attn zeroed and every token "" (self-
 * attention when nq == nk: k_tokens is q_tokens), or NULL when a size is < 1
 * or the bytes would overflow size_t (readers check sizes first and word the
 * error). Running out of memory ends the program, like xmalloc. */
AttnDump *dump_new(int layers, int heads, int nq, int nk);
void dump_free(AttnDump *d);
/* Gives the dump its own key tokens (cross-attention): k_tokens becomes a
 * fresh array of nk "" strings, no longer shared with q_tokens. */
void dump_split_tokens(AttnDump *d);
/* Sets token i of the query (keys = 0) or key (keys = 1) axis to a copy of s. */
void dump_set_token(AttnDump *d, int keys, int i, const char *s);

/* One head's attention, nq x nk (a pointer into d->attn). */
const float *dump_head(const AttnDump *d, int layer, int head);
/* The same for scores, q, k, v: NULL when the dump has none. q is nq x
 * d_head, k and v nk x d_head. */
const float *dump_head_scores(const AttnDump *d, int layer, int head);
const float *dump_head_q(const AttnDump *d, int layer, int head);
const float *dump_head_k(const AttnDump *d, int layer, int head);
const float *dump_head_v(const AttnDump *d, int layer, int head);

#endif
