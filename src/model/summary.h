/* summary.h - what one head does, in numbers that teach (`attnlab view`).
 *
 * For a head with weights a_ij (i: query row, j: key column; n = nq rows),
 * sums in double. The definitions are scripts/heads_summary.py's (which
 * made tests/fixtures/heads_summary.json); keep both the same:
 *   mean_dist    (1/n) sum_i sum_j a_ij |i - j|       all rows (in tokens)
 *   entropy      (1/n) sum_i -sum_j a_ij ln a_ij      all rows (nats; 0 ln 0 = 0)
 *   first_share  (1/n) sum_i a_i0                     all rows: the share on
 *                the first token (the "attention sink")
 *   prev         mean of a_{i,i-1}                    rows i >= 1
 *   first        mean of a_{i,0}                      rows i >= 1
 *   self         mean of a_{i,i}                      rows i >= 1
 *                (row 0 is left out of these three pattern scores: it has
 *                no previous token, and in a causal model all its weight is
 *                on token 0, both first and self); rows_scored = n - 1, and
 *                when it is 0 (n = 1) the three are "none" (0 here)
 *   induction    mean of a_{i,m(i)+1} over the rows R that have m(i): the
 *                largest m < i whose query token equals token i (exact
 *                strings): the token after the previous occurrence of the
 *                current one. induction_rows = |R|; 0: "none" (0 here).
 *   period       the most common i - m(i) over R (the smaller on a tie):
 *                the repeat's period when the text repeats; 0 when R is empty
 * For cross-attention (nq != nk) a score counts only the rows whose column
 * exists, and induction is "none" (the axes hold different tokens).
 * The pattern label is the highest of prev, first, self, induction (ties:
 * the earlier in that order) when it is >= HEAD_PATTERN_THRESHOLD, else
 * "mixed"; "mixed" when none of them has rows. */
#ifndef ATTN_MODEL_SUMMARY_H
#define ATTN_MODEL_SUMMARY_H

#include <stddef.h>

#include "model/dump.h"

typedef enum { PATTERN_MIXED, PATTERN_PREV, PATTERN_FIRST, PATTERN_SELF, PATTERN_INDUCTION,
               PATTERN_COUNT } HeadPattern;

#define HEAD_PATTERN_THRESHOLD 0.4

typedef struct {
    double mean_dist, entropy, first_share, prev, self, induction;
    double first;           /* the weight on token 0 of rows i >= 1 (a pattern score) */
    int rows_scored;        /* rows behind prev, first, self: 0 means "none" */
    int induction_rows;     /* rows behind induction: 0 means "none" */
    int period;             /* the repeat's period found in the tokens, 0 when none */
    HeadPattern pattern;
} HeadSummary;

void head_summary(const AttnDump *d, int layer, int head, HeadSummary *s);
/* "previous token", "first token", "self", "induction", "mixed" (English);
 * lab/words.c words them in Chinese. */
const char *head_pattern_name(HeadPattern p);
/* The label as heads_summary.py writes it in JSON: "previous", "first",
 * "self", "induction", "mixed". */
const char *head_pattern_key(HeadPattern p);
/* One line saying how the pattern was computed, e.g. "mean weight on the
 * previous token: 0.93 (>= 0.4)". buf gets at most len bytes. */
void head_pattern_how(const HeadSummary *s, char *buf, size_t len);

#endif
