/* bench_peak.c - this machine's sgemm peak, against which `attnlab bench`
 * sets every row (bench.h), and the clocks and inputs the bench shares. */
#include "cli/bench.h"

#include <cblas.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "engine/attention.h"
#include "engine/blas.h"

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU seconds of every thread of this process so far, user and system. */
double bench_cpu_time(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           1e-6 * (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

/* Uniform on [-sqrt 3, sqrt 3): unit variance, so Q K^T / sqrt(d) has unit
 * variance too, as with trained, normalised activations. */
void bench_fill(float *x, size_t count, uint64_t seed)
{
    for (size_t t = 0; t < count; t++)
        x[t] = (float)((2.0 * attn_uniform(&seed) - 1.0) * 1.7320508075688772);
}



typedef struct {
    float *a, *b, *c;
} PeakJob;

static void *peak_thread(void *arg)
{
    PeakJob *j = arg;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, BENCH_PEAK_SIZE, BENCH_PEAK_SIZE, BENCH_PEAK_SIZE, 1.0f,
                j->a, BENCH_PEAK_SIZE, j->b, BENCH_PEAK_SIZE, 0.0f, j->c, BENCH_PEAK_SIZE);
    return NULL;
}

/* GFLOP/s of nt threads each running its own BENCH_PEAK_SIZE sgemm at once
 * (OpenBLAS on one thread each, as fast_run's threads use it): the best of
 * BENCH_PEAK_RUNS after one untimed. A thread that cannot start is not counted;
 * 0 without the memory. *per_cpu (if not NULL): the best GFLOP per CPU
 * second of all threads, which time-sharing with other programs disturbs
 * much less than the wall clock. */
static double sgemm_peak(int nt, double *per_cpu)
{
    size_t count = (size_t)BENCH_PEAK_SIZE * BENCH_PEAK_SIZE;
    PeakJob j[64];
    pthread_t tid[64];
    double best = 0.0;
    float *mem = malloc(3 * count * (size_t)nt * sizeof *mem);
    if (!mem)
        return 0.0;
    bench_fill(mem, 3 * count * (size_t)nt, 7);
    for (int t = 0; t < nt; t++)
        j[t] = (PeakJob){mem + 3 * count * t, mem + 3 * count * t + count, mem + 3 * count * t + 2 * count};
    for (int r = 0; r <= BENCH_PEAK_RUNS; r++) {
        int ran = 1;
        double t0 = bench_now(), c0 = bench_cpu_time();
        while (ran < nt && pthread_create(&tid[ran], NULL, peak_thread, &j[ran]) == 0)
            ran++;
        peak_thread(&j[0]);
        for (int t = 1; t < ran; t++)
            pthread_join(tid[t], NULL);
        double gflop = 2.0 * BENCH_PEAK_SIZE * BENCH_PEAK_SIZE * (double)BENCH_PEAK_SIZE * ran * 1e-9;
        double gf = gflop / (bench_now() - t0), cpu = gflop / (bench_cpu_time() - c0);
        if (r > 0 && gf > best)
            best = gf;
        if (per_cpu && r > 0 && cpu > *per_cpu)
            *per_cpu = cpu;
    }
    free(mem);
    return best;
}


/* GFLOP/s of one BENCH_POOL_SIZE sgemm with OpenBLAS's own nt threads (the other
 * way a machine reaches its peak: measured here as well, so "of peak" is
 * against the better of the two), best of BENCH_PEAK_RUNS after one untimed.
 * OpenBLAS is back on one thread after it; 0 without the memory. */
static double sgemm_pool_peak(int nt)
{
    size_t count = (size_t)BENCH_POOL_SIZE * BENCH_POOL_SIZE;
    float *mem = malloc(3 * count * sizeof *mem);
    double best = 0.0;
    if (!mem)
        return 0.0;
    bench_fill(mem, 3 * count, 11);
    attn_blas_threads_set(nt);
    for (int r = 0; r <= BENCH_PEAK_RUNS; r++) {
        double t0 = bench_now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, BENCH_POOL_SIZE, BENCH_POOL_SIZE, BENCH_POOL_SIZE, 1.0f, mem,
                    BENCH_POOL_SIZE, mem + count, BENCH_POOL_SIZE, 0.0f, mem + 2 * count, BENCH_POOL_SIZE);
        double gf = 2.0 * BENCH_POOL_SIZE * BENCH_POOL_SIZE * (double)BENCH_POOL_SIZE * 1e-9 / (bench_now() - t0);
        if (r > 0 && gf > best)
            best = gf;
    }
    attn_blas_threads_set(1);
    free(mem);
    return best;
}

BenchPeak bench_peak(int threads)
{
    BenchPeak pk = {0, 0, 0};
    pk.one = sgemm_peak(1, &pk.cpu);
    pk.all = threads == 1 ? pk.one : sgemm_peak(threads, NULL);
    if (threads > 1) {    /* the better of independent sgemms and one sgemm on OpenBLAS's threads */
        double pool = sgemm_pool_peak(threads);
        pk.all = pool > pk.all ? pool : pk.all;
    }
    return pk;
}
