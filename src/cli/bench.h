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
#include <stddef.h>
#include <stdint.h>

#include "engine/fast.h"

#define BENCH_MAX_SIZES 32

/* --precision: f32 (every kernel as fast.h) or bf16 (fast_bf16.h's kernel
 * for full and tiled, its error against the float32 CBLAS reference of the
 * same run in each row; local stays float32, it has no bf16 variant). */
enum { BENCH_F32, BENCH_BF16, BENCH_NPRECISIONS };

typedef struct {
    int ns[BENCH_MAX_SIZES];      /* sequence lengths, in the order given */
    int nn;
    int d, window, runs, threads;
    bool kinds[FAST_NKINDS];      /* which variants run */
    int bq, bk;                   /* block sizes; 0 = fast_plan's choice */
    int isa;                      /* FastIsa for full and tiled; -1 = fast_plan's */
    bool csv;
    bool no_peak;                 /* skip the sgemm peak (its columns then 0) */
    int precision;                /* BENCH_F32 or BENCH_BF16 */
} BenchOpts;

/* bench_prec.c: what one child runs. */
typedef struct {
    FastPlan p;
    bool bf16;  /* p runs on fast_bf16.h's kernel */
} BenchPlan;
/* cli_parse's setter of --precision: refuses bf16 where it cannot run (exit 2). */
int bench_set_precision(void *ctx, const char *s, char *why, size_t whylen);
/* The end of a row: CSV's precision and error columns (errors empty
 * without has_err), the table's error columns at --precision bf16 only;
 * then the newline. bf16: the row ran the bf16 kernel. */
void bench_print_error(const BenchOpts *o, bool has_err, double abs_err, double rel_err, bool bf16);
const char *bench_precision_name(int precision);  /* "f32", "bf16" */
int bench_precision_parse(const char *s);         /* BENCH_F32 or BENCH_BF16, or -1 */
/* The plan of (kind, n) at o->precision, o->bq and o->bk applied. */
BenchPlan bench_plan(const BenchOpts *o, FastKind kind, int n);
size_t bench_scratch_floats(const BenchPlan *b);
/* fast_run or fast_bf16_run; scratch: bench_scratch_floats. */
void bench_run(const BenchPlan *b, const float *Q, const float *K, const float *V, float *O,
               float *scratch);
/* The kernel column: "bf16", or fast_isa_name of fast_plan's choice. */
const char *bench_kernel_name(const BenchOpts *o, FastKind kind);
/* O's largest |O - R| and that over the largest |R|, R the float32 CBLAS
 * output of b's variant on the same inputs (allocated and freed here);
 * 0, or -1 without the memory. */
int bench_error(const BenchPlan *b, const float *Q, const float *K, const float *V, const float *O,
                double *max_abs, double *max_rel);

/* Fills o from the arguments after `bench` (defaults for what is not given)
 * with cli_parse and cmd_bench_entry's option table. On a bad command line
 * prints why on stderr and returns -1; after --help (printed) 1; else 0. */
int bench_parse(int argc, char **argv, BenchOpts *o);
/* attnlab bench [--n N,N,...] [--d D] [--window R] [--runs K] [--threads T]
 *               [--variants full,tiled,local] [--bq B] [--bk B]
 *               [--isa blas|c|avx2|avx512] [--precision f32|bf16] [--no-peak] [--csv] */
int cmd_bench(int argc, char **argv);

/* bench_peak.c: this machine's sgemm peak (OpenBLAS): one thread, then
 * `threads` threads each running their own sgemm at once, or one sgemm on
 * OpenBLAS's own threads, whichever is faster; the best of a few runs. */
#define BENCH_PEAK_SIZE 1024  /* m = n = k of each thread's sgemm: 2 GFLOP */
#define BENCH_PEAK_RUNS 4     /* timed, after one untimed */
#define BENCH_POOL_SIZE 2048  /* m = n = k of the one sgemm OpenBLAS's own threads share: 17 GFLOP */
typedef struct {
    double one, all;  /* sgemm GFLOP/s on one thread and on --threads; 0: not measured */
    double cpu;       /* sgemm GFLOP per CPU second, one thread */
} BenchPeak;
BenchPeak bench_peak(int threads);
/* Wall-clock seconds (monotonic), and CPU seconds of the whole process. */
double bench_now(void);
double bench_cpu_time(void);
/* x[0 .. count) uniform on [-sqrt 3, sqrt 3) from seed: unit variance. */
void bench_fill(float *x, size_t count, uint64_t seed);

#endif
