/* blas.c - OpenBLAS's thread count, set in one place: see blas.h. */
#include "engine/blas.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

/* Linked statically (the Makefile's default), OpenBLAS initialises in this
 * program's own constructors, so one that runs before it (priority 101) can
 * still set OPENBLAS_NUM_THREADS=1, and no pool thread starts. Linked as a
 * shared library, OpenBLAS has started before any of this program's code
 * runs: attn_blas_one_thread stops its pool instead. A value the user set is
 * kept here; attn_blas_one_thread makes it one thread all the same. */
__attribute__((constructor(101))) static void no_blas_pool(void)
{
    setenv("OPENBLAS_NUM_THREADS", "1", 0);
}

/* OpenBLAS's own (not in cblas.h), taken weakly: without it, it is skipped. */
extern int blas_thread_shutdown_(void) __attribute__((weak));

void attn_blas_one_thread(void)
{
    openblas_set_num_threads(1);
    if (blas_thread_shutdown_)
        blas_thread_shutdown_();
}

int attn_blas_threads(void)
{
    return openblas_get_num_threads();
}

void attn_blas_threads_set(int n)
{
    if (n >= 1 && openblas_get_num_threads() != n)
        openblas_set_num_threads(n);
}

bool attn_blas_env_one(void)
{
    const char *v = getenv("OPENBLAS_NUM_THREADS");
    return v && strcmp(v, "1") == 0;
}

void attn_blas_env_set_one(void)
{
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
}
