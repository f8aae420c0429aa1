/* cmd_bench.c - `attnlab bench`: see bench.h. */
#include "cli/bench.h"

#include <cblas.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/attention.h"
#include "engine/blas.h"
#include "cli/cli.h"
#include "base/util.h"

#define BENCH_MAX_N (1 << 20)
#define BENCH_MAX_RUNS 1000

/* ------------------------------------------------------------ command line */

/* "256,512,1024" into o->ns. */
static int set_sizes(void *ctx, const char *s, char *why, size_t whylen)
{
    BenchOpts *o = ctx;
    char *copy = xstrdup(s), *save = NULL, word[200];
    o->nn = 0;
    int rc = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
        if (o->nn == BENCH_MAX_SIZES) {
            snprintf(why, whylen, "--n takes at most %d sizes", BENCH_MAX_SIZES);
            rc = -1;
        } else if ((rc = cli_int(tok, 1, BENCH_MAX_N, &o->ns[o->nn++], word, sizeof word)) < 0) {
            snprintf(why, whylen, "--n %s", word);
        }
    }
    if (rc == 0 && o->nn == 0) {
        snprintf(why, whylen, "--n needs a list of sizes");
        rc = -1;
    }
    free(copy);
    return rc;
}

/* "full,local" into o->kinds. */
static int set_kinds(void *ctx, const char *s, char *why, size_t whylen)
{
    BenchOpts *o = ctx;
    char *copy = xstrdup(s), *save = NULL;
    int rc = 0, any = 0;
    memset(o->kinds, 0, sizeof o->kinds);
    for (char *tok = strtok_r(copy, ",", &save); tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
        int k = fast_kind_parse(tok);
        if (k < 0) {
            snprintf(why, whylen, "no variant '%s': full, tiled or local", tok);
            rc = -1;
        } else {
            o->kinds[k] = true, any = 1;
        }
    }
    if (rc == 0 && !any) {
        snprintf(why, whylen, "--variants needs full, tiled and/or local");
        rc = -1;
    }
    free(copy);
    return rc;
}

/* "avx2" into o->isa, if this CPU runs it. */
static int set_isa(void *ctx, const char *s, char *why, size_t whylen)
{
    BenchOpts *o = ctx;
    o->isa = fast_isa_parse(s);
    if (o->isa < 0) {
        snprintf(why, whylen, "--isa: no kernel '%s': blas, c, avx2 or avx512", s);
        return -1;
    }
    if (!fast_isa_supported((FastIsa)o->isa)) {
        snprintf(why, whylen, "--isa %s: this CPU (or this build) cannot run it", s);
        return -1;
    }
    return 0;
}

#define AT(field) .offset = offsetof(BenchOpts, field)
static const CliOpt opts[] = {
    {.name = "--n", .kind = CLI_CALL, .arg = "N,N,..", .set = set_sizes,
     .help = "sequence lengths (default 256,512,1024,2048,4096)"},
    {.name = "--d", .kind = CLI_INT, .arg = "D", AT(d), .lo = 1, .hi = 4096, .help = "head size (default 64)"},
    {.name = "--window", .kind = CLI_INT, .arg = "R", AT(window), .lo = 0, .hi = 2 * BENCH_MAX_N,
     .help = "local attention keeps |i - j| <= R / 2 (default 256)"},
    {.name = "--runs", .kind = CLI_INT, .arg = "K", AT(runs), .lo = 1, .hi = BENCH_MAX_RUNS,
     .help = "timed runs, after one untimed (default 5)"},
    {.name = "--threads", .kind = CLI_INT, .arg = "T", AT(threads), .lo = 1, .hi = 64,
     .help = "threads sharing the query blocks (default: the cores)"},
    {.name = "--variants", .kind = CLI_CALL, .arg = "full,tiled,local", .set = set_kinds,
     .help = "which to time (default all three)"},
    {.name = "--bq", .kind = CLI_INT, .arg = "B", AT(bq), .lo = 1, .hi = BENCH_MAX_N,
     .help = "queries per block (default: fast_plan's choice)"},
    {.name = "--bk", .kind = CLI_INT, .arg = "B", AT(bk), .lo = 1, .hi = BENCH_MAX_N,
     .help = "keys per block, tiled (default: fast_plan's choice)"},
    {.name = "--isa", .kind = CLI_CALL, .arg = "blas|c|avx2|avx512", .set = set_isa,
     .help = "kernel for full and tiled (default: the best this CPU runs)"},
    {.name = "--precision", .kind = CLI_CALL, .arg = "f32|bf16", .set = bench_set_precision,
     .help = "bf16: full and tiled in bfloat16, with the error (default f32)"},
    {.name = "--no-peak", .kind = CLI_FLAG, AT(no_peak), .help = "do not measure the sgemm peak first"},
    {.name = "--csv", .kind = CLI_FLAG, AT(csv), .help = "CSV instead of a table"},
    {0},
};
#undef AT

const CliEntry cmd_bench_entry = {
    .name = "bench",
    .synopsis = "[--n N,N,..] [--d D] [--window R] [--runs K] [--threads T]\n"
                "        [--variants full,tiled,local] [--bq B] [--bk B]\n"
                "        [--isa blas|c|avx2|avx512] [--precision f32|bf16] [--no-peak] [--csv]",
    .summary = "time full, tiled and local attention on this machine (docs/BENCH.md)",
    .opts = opts,
    .run = cmd_bench,
};

static int default_threads(void)
{
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? 1 : c > 64 ? 64 : (int)c;
}

int bench_parse(int argc, char **argv, BenchOpts *o)
{
    static const int sizes[] = {256, 512, 1024, 2048, 4096};
    *o = (BenchOpts){.nn = 5, .d = 64, .window = 256, .runs = 5, .threads = default_threads(),
                     .isa = -1};
    memcpy(o->ns, sizes, sizeof sizes);
    for (int k = 0; k < FAST_NKINDS; k++)
        o->kinds[k] = true;
    int n, status;
    if (cli_parse(&cmd_bench_entry, argc, argv, o, &n, &status)) {
        if (o->precision == BENCH_BF16 && o->isa >= 0) {
            cli_usage_error(&cmd_bench_entry, "--isa and --precision bf16 both choose the kernel for full and tiled");
            return -1;
        }
        return 0;
    }
    return status == EXIT_OK ? 1 : -1;
}

/* ------------------------------------------------------------------- child */

/* A "VmHWM:" style field of /proc/self/status in kB, or -1. */
static long status_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    size_t len = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, len) == 0)
            kb = strtol(line + len, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

static void say(int fd, const char *s)
{
    size_t len = strlen(s);
    while (len > 0) {
        ssize_t k = write(fd, s, len);
        if (k <= 0)
            return;
        s += k;
        len -= (size_t)k;
    }
}

/* Runs in the child: one variant at one n; reports on fd, then exits. */
static void child(const BenchOpts *o, FastKind kind, int n, int fd)
{
    long base_kb = status_kb("VmRSS:");
    attn_blas_threads_set(1);  /* fast_run shares the blocks out itself */
    BenchPlan b = bench_plan(o, kind, n);
    size_t nd = (size_t)n * (size_t)o->d, ns = bench_scratch_floats(&b);
    float *Q = xmalloc(nd * sizeof *Q), *K = xmalloc(nd * sizeof *K);
    float *V = xmalloc(nd * sizeof *V), *O = xmalloc(nd * sizeof *O);
    float *scratch = xmalloc((ns ? ns : 1) * sizeof *scratch);
    bench_fill(Q, nd, 1);
    bench_fill(K, nd, 2);
    bench_fill(V, nd, 3);
    char line[200];
    for (int r = 0; r <= o->runs; r++) {  /* run 0 warms up, untimed */
        double t0 = bench_now(), c0 = bench_cpu_time();
        bench_run(&b, Q, K, V, O, scratch);
        snprintf(line, sizeof line, "run %d %.9f %.9f\n", r, bench_now() - t0, bench_cpu_time() - c0);
        say(fd, line);
    }
    long hwm_kb = status_kb("VmHWM:");  /* before the reference's memory */
    double abs_err, rel_err;
    if (b.bf16 && bench_error(&b, Q, K, V, O, &abs_err, &rel_err) == 0) {
        snprintf(line, sizeof line, "err %.9g %.9g\n", abs_err, rel_err);
        say(fd, line);
    }
    snprintf(line, sizeof line, "end %ld %ld %zu %d %d\n", hwm_kb, base_kb,
             (4 * nd + ns) * sizeof(float), b.p.bq, b.p.bk);
    say(fd, line);
    _exit(0);
}

/* The 1-minute load average, or -1. */
static double load1(void)
{
    double l[1];
    return getloadavg(l, 1) == 1 ? l[0] : -1.0;
}

/* ------------------------------------------------------------------ parent */

typedef struct {
    double med, min, max;  /* wall-clock seconds of one run */
    double cpu;            /* median CPU seconds of one run, all threads */
    long hwm_kb, base_kb;
    size_t alloc;
    int bq, bk;
    bool has_err;           /* bf16: the output's error against float32 */
    double abs_err, rel_err;
} Figures;

typedef struct {
    bool on;       /* stderr is a terminal */
    int done, total;
} Progress;

static void progress_draw(const Progress *pg, const char *what)
{
    if (!pg->on)
        return;
    int width = 30, fill_to = pg->total ? pg->done * width / pg->total : width;
    fprintf(stderr, "\r\033[K[");
    for (int c = 0; c < width; c++)
        fputc(c < fill_to ? '#' : '.', stderr);
    fprintf(stderr, "] %3d%%  %s", pg->total ? 100 * pg->done / pg->total : 100, what);
    fflush(stderr);
}

static void progress_clear(const Progress *pg)
{
    if (pg->on) {
        fprintf(stderr, "\r\033[K");
        fflush(stderr);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int count)  /* sorts v */
{
    qsort(v, (size_t)count, sizeof *v, cmp_double);
    return count % 2 ? v[count / 2] : 0.5 * (v[count / 2 - 1] + v[count / 2]);
}

/* Reads the child's report; 0 when it ran to the end. */
static int collect(FILE *in, const BenchOpts *o, Progress *pg, const char *what, Figures *f)
{
    double *t = xcalloc((size_t)o->runs, sizeof *t), *c = xcalloc((size_t)o->runs, sizeof *c);
    char line[200];
    int got = 0, ended = 0;
    while (fgets(line, sizeof line, in)) {
        int r;
        double s, cs;
        if (sscanf(line, "run %d %lf %lf", &r, &s, &cs) == 3) {
            if (r >= 1 && r <= o->runs && got < o->runs) {
                t[got] = s;
                c[got++] = cs;
            }
            pg->done++;
            progress_draw(pg, what);
        } else if (sscanf(line, "err %lf %lf", &f->abs_err, &f->rel_err) == 2) {
            f->has_err = true;
        } else if (sscanf(line, "end %ld %ld %zu %d %d", &f->hwm_kb, &f->base_kb, &f->alloc,
                          &f->bq, &f->bk) == 5) {
            ended = 1;
        }
    }
    if (ended && got == o->runs) {
        f->med = median(t, got);
        f->min = t[0];
        f->max = t[got - 1];
        f->cpu = median(c, got);
    }
    free(t);
    free(c);
    return ended && got == o->runs ? 0 : -1;
}

/* Forks a child for one (variant, n) and waits for its figures. */
static int measure(const BenchOpts *o, FastKind kind, int n, Progress *pg, Figures *f)
{
    int fds[2];
    char what[80];
    snprintf(what, sizeof what, "%s n=%d", fast_kind_name(kind), n);
    if (pipe(fds) < 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        child(o, kind, n, fds[1]);
    }
    close(fds[1]);
    FILE *in = fdopen(fds[0], "r");
    int rc = in ? collect(in, o, pg, what, f) : -1;
    if (in)
        fclose(in);
    else
        close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* "model name" of /proc/cpuinfo into buf, or "?". */
static const char *cpu_model(char *buf, size_t len)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[256];
    snprintf(buf, len, "?");
    while (f && fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            snprintf(buf, len, "%s", colon + 2);
            buf[strcspn(buf, "\n")] = '\0';
            break;
        }
    }
    if (f)
        fclose(f);
    return buf;
}

static void print_header(const BenchOpts *o, const BenchPeak *pk)
{
    char model[160], features[160];
    if (!o->csv) {
        double l[3] = {-1, -1, -1};
        getloadavg(l, 3);
        printf("# %s, core %s; d = %d, %d thread%s, precision %s, median of %d runs (after 1 untimed);\n"
               "# GFLOP/s counts 4 d per (query, key) pair; local keeps |i - j| <= window / 2\n",
               openblas_get_config(), openblas_get_corename(), o->d, o->threads,
               o->threads == 1 ? "" : "s", bench_precision_name(o->precision), o->runs);
        if (o->precision == BENCH_BF16)
            printf("# bf16: full and tiled round Q / sqrt(d), K, V and the weights to bfloat16 (vdpbf16ps, "
                   "float32 max, exp and sums), local stays f32;\n# each row's error is against float32 "
                   "CBLAS on the same inputs: the largest |difference|, and that over the largest |output|\n");
        printf("# CPU %s, %s; kernels: full and tiled %s, local blas (--isa or ATTNLAB_ISA to force)\n",
               cpu_model(model, sizeof model), fast_cpu_features(features, sizeof features),
               bench_kernel_name(o, FAST_FULL));
        if (pk->one > 0)
            printf("# sgemm peak (OpenBLAS core %s, %d^3 a thread, best of %d): 1 thread %.1f GFLOP/s, "
                   "%d threads %.1f (the better of one sgemm a thread and one %d^3 on OpenBLAS's threads); "
                   "\"of peak\" is against the latter;\n"
                   "# per CPU second %.1f GFLOP, against which \"CPU/peak\" sets each row's GFLOP per CPU "
                   "second (steadier on a busy machine)\n",
                   openblas_get_corename(), BENCH_PEAK_SIZE, BENCH_PEAK_RUNS, pk->one, o->threads, pk->all, BENCH_POOL_SIZE,
                   pk->cpu);
        printf("# load average at start %.2f %.2f %.2f (the machine's other work slows every figure)\n",
               l[0], l[1], l[2]);
    }
    if (o->csv)
        printf("variant,n,d,window,threads,runs,bq,bk,median_s,min_s,max_s,gflops,"
               "ns_per_query,alloc_bytes,base_rss_kb,peak_rss_kb,cpu_s,kernel,sgemm_peak_gflops,"
               "of_peak,load1,cpu_of_peak,precision,max_abs_err,max_rel_err\n");
    else
        printf("%-7s %7s %5s %6s %7s %10s %10s %9s %7s %8s %7s %9s %10s %12s %5s%s\n", "variant", "n",
               "d", "window", "threads", "median ms", "CPU ms", "GFLOP/s", "of peak", "CPU/peak", "kernel",
               "ns/query", "alloc MiB", "peak RSS MiB", "load",
               o->precision == BENCH_BF16 ? "   abs err   rel err" : "");
}


static void print_row(const BenchOpts *o, FastKind kind, int n, const Figures *f, const BenchPeak *pk)
{
    BenchPlan b = bench_plan(o, kind, n);
    const FastPlan p = b.p;
    const char *kernel = bench_kernel_name(o, kind);
    double gflops = fast_flops(&p) / f->med * 1e-9, per_query = f->med / n * 1e9;
    double frac = pk->all > 0 ? gflops / pk->all : 0.0;
    double cpu_frac = pk->cpu > 0 ? fast_flops(&p) / f->cpu * 1e-9 / pk->cpu : 0.0;
    char window[16] = "-";
    if (kind == FAST_LOCAL)
        snprintf(window, sizeof window, "%d", o->window);
    if (o->csv)
        printf("%s,%d,%d,%s,%d,%d,%d,%d,%.6g,%.6g,%.6g,%.4g,%.5g,%zu,%ld,%ld,%.6g,%s,%.4g,%.4g,%.2f,%.4g",
               fast_kind_name(kind), n, o->d, kind == FAST_LOCAL ? window : "", o->threads, o->runs,
               f->bq, kind == FAST_TILED ? f->bk : 0, f->med, f->min, f->max, gflops, per_query,
               f->alloc, f->base_kb, f->hwm_kb, f->cpu, kernel, pk->all, frac, load1(), cpu_frac);
    else
        printf("%-7s %7d %5d %6s %7d %10.3f %10.3f %9.2f %7.2f %8.2f %7s %9.1f %10.2f %12.2f %5.2f",
               fast_kind_name(kind), n, o->d, window, o->threads, f->med * 1e3, f->cpu * 1e3, gflops, frac,
               cpu_frac, kernel, per_query, (double)f->alloc / 1048576.0, (double)f->hwm_kb / 1024.0,
               load1());
    bench_print_error(o, f->has_err, f->abs_err, f->rel_err, b.bf16);
    fflush(stdout);
}

/* bench does its own threading and wants OpenBLAS on one thread. But
 * OpenBLAS reads OPENBLAS_NUM_THREADS only when it loads, and otherwise keeps
 * a pool thread per core that a forked child re-creates and that spins in
 * sched_yield beside the measurement (perf: 6% of the samples). So bench
 * runs itself once more with the variable set; if exec fails it goes on. */
static void reexec_with_one_blas_thread(int argc, char **argv)
{
    if (attn_blas_env_one())
        return;
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        return;
    self[len] = '\0';
    char **args = xcalloc((size_t)argc + 3, sizeof *args);
    args[0] = self;
    args[1] = "bench";
    memcpy(args + 2, argv, (size_t)argc * sizeof *argv);
    attn_blas_env_set_one();
    fflush(stdout);
    execv(self, args);
    free(args);
}

int cmd_bench(int argc, char **argv)
{
    BenchOpts o;
    int parsed = bench_parse(argc, argv, &o);
    if (parsed != 0)
        return parsed < 0 ? EXIT_USAGE : EXIT_OK;
    if (o.isa >= 0)  /* fast_plan reads it, here and in every child */
        setenv("ATTNLAB_ISA", fast_isa_name((FastIsa)o.isa), 1);
    reexec_with_one_blas_thread(argc, argv);
    BenchPeak pk = {0, 0, 0};
    if (!o.no_peak)
        pk = bench_peak(o.threads);
    Progress pg = {isatty(STDERR_FILENO) == 1, 0, 0};
    for (int k = 0; k < FAST_NKINDS; k++)
        pg.total += o.kinds[k] ? o.nn * (o.runs + 1) : 0;
    print_header(&o, &pk);
    int failed = 0;
    for (int i = 0; i < o.nn && !cli_stdout_failed(); i++) {  /* main reports a failed write */
        for (int k = 0; k < FAST_NKINDS && !cli_stdout_failed(); k++) {
            if (!o.kinds[k])
                continue;
            Figures f = {0};
            int rc = measure(&o, (FastKind)k, o.ns[i], &pg, &f);
            progress_clear(&pg);
            if (rc < 0) {
                fprintf(stderr, "attnlab bench: %s at n = %d did not finish (out of memory?)\n",
                        fast_kind_name((FastKind)k), o.ns[i]);
                failed = 1;
                continue;
            }
            print_row(&o, (FastKind)k, o.ns[i], &f, &pk);
        }
    }
    if (!o.csv) {
        double l[3] = {-1, -1, -1};
        getloadavg(l, 3);
        printf("# load average at end %.2f %.2f %.2f\n", l[0], l[1], l[2]);
    }
    return failed ? EXIT_INPUT : EXIT_OK;
}
