/* summary.h - what one head does, in numbers that teach (`attnlab view`).
 *
 * For a head with weights a_ij (i: query row, j: key column), all rows
 * averaged unless said otherwise:
 *   mean_dist    sum_j a_ij |i - j|                    (in tokens)
 *   entropy      -sum_j a_ij ln a_ij                   (nats; 0 ln 0 = 0)
 *   first_share  a_i0: the share on the first token (the "attention sink")
 *   prev         a_{i,i-1}, rows i >= 1                (previous token)
 *   self         a_ii                                  (diagonal)
 *   induction    when the query tokens repeat with a period p (the text's
 *                second half copies an earlier part), a_{i, i-p+1} over the
 *                rows i >= p whose token repeats: the token after the
 *                previous occurrence of the current one; 0 and period 0
 *                when no repeat is found
 * The pattern label is the largest of prev, first_share, self, induction
 * when it is >= 0.5 (else "mixed"). The exact definitions, the rows they
 * average and the repeat detection are the ones of scripts/heads_summary.py,
 * which made the test fixture; keep both the same. */
#ifndef ATTN_MODEL_SUMMARY_H
#define ATTN_MODEL_SUMMARY_H

#include <stddef.h>

#include "model/dump.h"

typedef enum { PATTERN_MIXED, PATTERN_PREV, PATTERN_FIRST, PATTERN_SELF, PATTERN_INDUCTION,
               PATTERN_COUNT } HeadPattern;

typedef struct {
    double mean_dist, entropy, first_share, prev, self, induction;
    int period;             /* the repeat's period found in the tokens, 0 when none */
    HeadPattern pattern;
} HeadSummary;

void head_summary(const AttnDump *d, int layer, int head, HeadSummary *s);
/* "previous token", "first token", "self", "induction", "mixed" (English);
 * lab/words.c words them in Chinese. */
const char *head_pattern_name(HeadPattern p);
/* One line saying how the pattern was computed, e.g. "mean weight on the
 * previous token: 0.93 (>= 0.5)". buf gets at most len bytes. */
void head_pattern_how(const HeadSummary *s, char *buf, size_t len);

#endif
