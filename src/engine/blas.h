/* blas.h - the one owner of OpenBLAS's thread count.
 *
 * Nothing in attnlab wants OpenBLAS's own thread pool: lessons are tiny, the
 * terminal lab runs on one thread, and fast_run / bench share blocks out to
 * threads of their own. An idle pool thread spins in sched_yield for about
 * 2^28 cycles before it sleeps (perf: a fifth of the lab's start-up CPU, 6%
 * of bench's samples). So:
 *  - a constructor (blas.c) sets OPENBLAS_NUM_THREADS=1 before a statically
 *    linked OpenBLAS initialises, unless the user set it;
 *  - main calls attn_blas_one_thread() first, which also stops a pool that a
 *    shared OpenBLAS started before any of our code ran;
 *  - everything else changes the count only through attn_blas_threads_set.
 * Every other file leaves openblas_* and OPENBLAS_NUM_THREADS alone. */
#ifndef ATTN_BLAS_H
#define ATTN_BLAS_H

#include <stdbool.h>

/* One BLAS thread, and the pool (if one started) shut down. Call once at
 * start-up, before any BLAS work. */
void attn_blas_one_thread(void);
/* OpenBLAS's current thread count. */
int attn_blas_threads(void);
/* Sets the count to n (>= 1) only if it differs: setting it, even to the
 * same value, restarts the pool that attn_blas_one_thread stopped. */
void attn_blas_threads_set(int n);
/* Whether OPENBLAS_NUM_THREADS is "1" in the environment, i.e. whether a
 * freshly started copy of this program gets no pool at all. */
bool attn_blas_env_one(void);
/* Sets OPENBLAS_NUM_THREADS=1 (overriding the user's) for a program this
 * one is about to execute (bench runs itself again with it). */
void attn_blas_env_set_one(void);

#endif
