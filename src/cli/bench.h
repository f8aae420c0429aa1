/* bench.h - `attnlab bench`: times the fast.h kernels on this machine.
 *
 * Each (variant, n) runs in its own child process (fork), so that its peak
 * resident set (VmHWM) is its own and not what an earlier, bigger variant
 * left behind. The child allocates Q, K, V, O and the scratch, fills the
 * inputs from a fixed seed, runs once untimed, then `runs` timed runs, and
 * reports each time and its VmHWM through a pipe. The parent prints the
 * median, GFLOP/s (fast_flops), time per query, the bytes the variant
 * allocated and the peak RSS; a table, or CSV with --csv; a progress bar on
 * stderr when stderr is a terminal.
 *
 * Honest figures: before the variants, the parent measures this machine's
 * sgemm peak (OpenBLAS, one thread, then --threads threads each running its
 * own sgemm at once; the best of a few runs) and prints it with the CPU's
 * vector features, the kernel each variant runs (fast.h's FastIsa; --isa
 * forces one) and the load average; each row gives its GFLOP/s as a
 * fraction of the peak on as many threads, and the load average when it ran.
 *
 * Threads: fast_run shares the query blocks among --threads threads, each
 * calling OpenBLAS single-threaded. Unless OPENBLAS_NUM_THREADS=1 is already
 * set, cmd_bench executes itself again with it (OpenBLAS reads it only when
 * it loads; otherwise its idle pool thread spins beside the measurement).
 * engine/blas.h owns the variable and the thread count. */
#ifndef ATTN_BENCH_H
#define ATTN_BENCH_H

#include <stdbool.h>

#include "engine/fast.h"

#define BENCH_MAX_SIZES 32

typedef struct {
    int ns[BENCH_MAX_SIZES];      /* sequence lengths, in the order given */
    int nn;
    int d, window, runs, threads;
    bool kinds[FAST_NKINDS];      /* which variants run */
    int bq, bk;                   /* block sizes; 0 = fast_plan's choice */
    int isa;                      /* FastIsa for full and tiled; -1 = fast_plan's */
    bool csv;
    bool no_peak;                 /* skip the sgemm peak (its columns then 0) */
} BenchOpts;

/* Fills o from the arguments after `bench` (defaults for what is not given)
 * with cli_parse and cmd_bench_entry's option table. On a bad command line
 * prints why on stderr and returns -1; after --help (printed) 1; else 0. */
int bench_parse(int argc, char **argv, BenchOpts *o);
/* attnlab bench [--n N,N,...] [--d D] [--window R] [--runs K] [--threads T]
 *               [--variants full,tiled,local] [--bq B] [--bk B]
 *               [--isa blas|c|avx2|avx512] [--no-peak] [--csv] */
int cmd_bench(int argc, char **argv);

#endif
