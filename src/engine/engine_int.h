/* engine_int.h - shared by engine.c and engine_lu.c only: the pieces of
 * one run that both use. Everything a Result points to lives in its arena. */
#ifndef ATTN_ENGINE_INT_H
#define ATTN_ENGINE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/engine.h"

/* A copy of m in the arena (the Scenario's inputs may change while the
 * Result lives). */
Mat eng_own(Arena *a, Mat m);
/* x as a float, +-inf beyond float's range (no undefined conversion). */
float eng_to_float(double x);
/* A refusal found while running: fills *err (may be NULL); returns -1. */
int eng_refuse(EngineError *err, EngineErrKind k, MatName m, size_t a, size_t b);
/* h's matrices for nq queries over nk keys with dv-wide values, every key kept. */
void eng_head_alloc(Arena *a, const AttnConfig *c, int nq, int nk, int dv, AttnHead *h);
bool eng_row_finite(const float *e, int n);
/* The distribution row by row, then the weighted sum, for a head whose
 * scores and keep are in place; Qc is what local-p predicts its centre from. */
int eng_attend(const AttnConfig *c, const Mat *in, Mat V, Mat Qc, uint64_t *rng, AttnHead *h, EngineError *err);
/* One attention of nq queries Q over keys K and values V with the step's
 * score and distribution (no masks): engine.c's run_head. */
int eng_run_head(Arena *a, const AttnConfig *c, const Mat *in, Mat Q, Mat K, Mat V, uint64_t *rng, AttnHead *h,
                 EngineError *err);
/* Scores already in h (nq, nk, keep set), possibly beyond float: refused
 * when NaN, kept exact in double when not finite, then attended over V. */
int eng_attend_scores(Arena *a, const AttnConfig *c, const Mat *in, const double *e, Mat V, uint64_t *rng,
                      AttnHead *h, EngineError *err);
/* The three modes after the course, each in its own file. */
int engine_run_multidim(Result *r, const Scenario *sc, uint64_t *rng, EngineError *err);
int engine_run_hier(Result *r, const Scenario *sc, uint64_t *rng, EngineError *err);
int engine_run_memory(Result *r, const Scenario *sc, uint64_t *rng, EngineError *err);
/* Lu's parallel co-attention (engine_lu.c), after r->Q = A and r->K = B. */
int engine_run_lu(Result *r, const Scenario *sc, uint64_t *rng, EngineError *err);

#endif
