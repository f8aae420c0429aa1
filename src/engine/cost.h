/* cost.h - what attention costs on this machine, measured live for the cost
 * lesson's panel (PANEL_COST): full scaled-dot attention (every query
 * against every key: O(n^2 d)) against local attention (COST_WINDOW keys
 * around each query: O(r n d)), with the kernels of fast.h, at a few
 * sequence lengths n, d = COST_D, on one thread.
 *
 * The measurement is incremental so that a view can draw between steps:
 * cost_step() measures one more length and returns. It keeps within about
 * COST_BUDGET_S seconds in all: a length whose predicted time (from the
 * last one, n^2 and n) would not fit is left out, so a slow machine gets
 * fewer points, never a long wait. Each time is the CPU time of the
 * measuring thread (not counting waits for a core on a shared machine),
 * the fastest of COST_RUNS runs after one untimed run (the fastest is the
 * least disturbed by other programs). Nothing here draws or prints except
 * cost_table().
 *
 * Self-attention without projections, as in the lesson: Q = K = V = X, one
 * (n, d) matrix of fixed pseudo-random numbers, which also keeps the
 * memory small (X, the output and the scratch: 1.5 MB at n = 2048).
 *
 * Ownership: a CostRun owns its buffer (for the largest n, reused at every
 * length) from the first cost_step() until the measurement finishes or
 * cost_free() is called. */
#ifndef ATTN_COST_H
#define ATTN_COST_H

#include <stdbool.h>

#include "base/util.h"

#define COST_MAX_N 8
#define COST_D 64
#define COST_WINDOW 128
#define COST_RUNS 3
#define COST_BUDGET_S 0.5

typedef struct {
    int n_planned;
    int ns[COST_MAX_N];             /* the lengths, ascending */
    int done;                       /* lengths measured so far */
    double full_ms[COST_MAX_N];     /* (done) the fastest run, milliseconds */
    double local_ms[COST_MAX_N];
    bool finished;                  /* every length measured, or the budget spent */
    int skipped;                    /* lengths left out for the budget */
    double spent_s;                 /* wall time measuring so far */
    float *buf;                     /* Q, K, V, O and scratch for the largest n */
} CostRun;

/* The plan: n = 256, 512, 768, 1024, 1536, 2048; nothing measured yet. */
void cost_init(CostRun *c);
/* Measures the next length (both kinds); finishes when none is left. */
void cost_step(CostRun *c);
bool cost_pending(const CostRun *c);
/* Measures everything that is left. */
void cost_measure_all(CostRun *c);
void cost_free(CostRun *c);

/* The measurements as a small text table (for the text view and the
 * explanation overlay), each line ending in '\n'. */
void cost_table(const CostRun *c, StrBuf *out);

#endif
