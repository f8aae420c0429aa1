/* bottleneck.h - the bottleneck measured on the learner's machine: the
 * accuracy (exact match) of the trained reversers, with and without
 * attention (assets/translator_reverse.npz, translator_reverse_noattn.npz),
 * against the input's length, on random strings generated on the spot
 * (s2s_reverse_accuracy, the same strings for a length and seed).
 *
 * Incremental, as cost.h: bn_step() measures one more length, so that a
 * view can draw a progress line between lengths. Ownership: a BnRun owns
 * its two models until bn_free(). */
#ifndef ATTN_BOTTLENECK_H
#define ATTN_BOTTLENECK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/util.h"
#include "model/seq2seq.h"

#define BN_MAX_N 8          /* lengths 5, 10, ... 40 */
#define BN_LEN_STEP 5       /* ... BN_LEN_STEP apart, from BN_LEN_STEP */
#define BN_COUNT 40         /* strings per length and model */
#define BN_SEED 1

typedef struct {
    int n_planned, done;
    int lens[BN_MAX_N];
    double att[BN_MAX_N], noatt[BN_MAX_N];  /* (done) accuracy 0..1 */
    double spent_s;         /* wall time measuring so far */
    S2sModel *m_att, *m_noatt;
} BnRun;

/* Loads the two models and plans the lengths; -1 with a sentence in err
 * (the file that is missing) when they cannot be read. */
int bn_init(BnRun *b, char *err, size_t n);
/* Measures the next length (both models); nothing once all are done. */
void bn_step(BnRun *b);
bool bn_pending(const BnRun *b);
/* Every length at once (the figure). */
void bn_measure_all(BnRun *b);
void bn_free(BnRun *b);
/* The numbers as a table (English or Chinese). */
void bn_table(const BnRun *b, bool zh, StrBuf *out);

#endif
