/* check.h - what a view must say about a dump before showing it.
 *
 * Computed from the numbers only:
 *   finite     every attention weight is a finite number (else the first
 *              non-finite one's place, and the reader refuses the file)
 *   rows       a row is "off" when |sum_j a_ij - 1| > 1e-3; the worst row
 *              (the largest |sum - 1|, off or not) is reported (they may be
 *              pre-softmax scores: the view offers to show them as scores,
 *              softmaxed per row)
 *   causal     nq == nk >= 2 (one token cannot tell) and every weight above
 *              the diagonal is <= 1e-6 in every head (a decoder's mask) */
#ifndef ATTN_MODEL_CHECK_H
#define ATTN_MODEL_CHECK_H

#include <stdbool.h>

#include "model/dump.h"

typedef struct {
    bool finite;
    int bad_layer, bad_head, bad_row, bad_col;   /* the first non-finite, when !finite */
    long rows_off;                               /* rows whose sum is off by > 1e-3 */
    double worst_sum;                            /* the sum of the worst row */
    int worst_layer, worst_head, worst_row;
    bool causal;
} DumpCheck;

void dump_check(const AttnDump *d, DumpCheck *c);
/* Replaces every row of attn by softmax of itself (the file held scores):
 * keeps the old numbers as d->scores when it had none. -inf is a masked key
 * (weight 0); a row with no finite maximum becomes uniform. */
void dump_softmax_rows(AttnDump *d);

#endif
