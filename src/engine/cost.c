/* cost.c - see cost.h. */
#include "engine/cost.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/fast.h"

static const int lengths[] = {256, 512, 768, 1024, 1536, 2048};

void cost_init(CostRun *c)
{
    memset(c, 0, sizeof *c);
    c->n_planned = (int)(sizeof lengths / sizeof lengths[0]);
    memcpy(c->ns, lengths, sizeof lengths);
}

bool cost_pending(const CostRun *c) { return !c->finished; }

void cost_free(CostRun *c)
{
    free(c->buf);
    c->buf = NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Full attention's blocks are held to 64 query rows: the score block
 * (64, n) stays at half a megabyte at n = 2048, so that a learner's
 * instance stays small; the chart is about growth, not the last percent. */
static FastPlan plan(FastKind k, int n)
{
    FastPlan p = fast_plan(k, n, COST_D, COST_WINDOW, 1);
    if (k == FAST_FULL && p.bq > 64)
        p.bq = 64;
    return p;
}

static size_t buffer_floats(void)
{
    int n = lengths[sizeof lengths / sizeof lengths[0] - 1];
    FastPlan f = plan(FAST_FULL, n), l = plan(FAST_LOCAL, n);
    size_t a = fast_scratch_floats(&f), b = fast_scratch_floats(&l);
    return 2 * (size_t)n * COST_D + (a > b ? a : b);
}

/* Uniform on [-sqrt 3, sqrt 3] (unit variance) from a fixed seed. */
static void fill(float *x, size_t count)
{
    unsigned long long s = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < count; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        x[i] = (float)((double)(s >> 11) / 9007199254740992.0 * 2.0 - 1.0) * 1.7320508f;
    }
}

/* CPU seconds of the calling thread: fast_run with one thread runs in it,
 * and unlike the wall clock this does not count the moments the thread
 * waited for a core that other programs held (a shared machine). */
static double thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The fastest of COST_RUNS runs after an untimed one, in CPU milliseconds. */
static double time_ms(FastKind k, int n, float *buf)
{
    FastPlan p = plan(k, n);
    size_t nd = (size_t)n * COST_D;
    float *X = buf, *O = X + nd, *scratch = O + nd;   /* Q = K = V = X, as in the lesson */
    double best = INFINITY;
    for (int r = 0; r <= COST_RUNS; r++) {
        double t0 = thread_cpu_s();
        fast_run(&p, X, X, X, O, scratch);
        double t = (thread_cpu_s() - t0) * 1e3;
        if (r > 0 && t < best)
            best = t;
    }
    return best;
}

void cost_step(CostRun *c)
{
    if (c->finished)
        return;
    double t0 = now_s();
    if (!c->buf) {
        size_t count = buffer_floats();
        c->buf = xmalloc(count * sizeof *c->buf);
        fill(c->buf, count);
    }
    int k = c->done, n = c->ns[k];
    c->full_ms[k] = time_ms(FAST_FULL, n, c->buf);
    c->local_ms[k] = time_ms(FAST_LOCAL, n, c->buf);
    c->done++;
    c->spent_s += now_s() - t0;
    if (c->done < c->n_planned) {
        /* the next length's runs, predicted from this one's: n^2 and n */
        double g = (double)c->ns[c->done] / n;
        double next = (COST_RUNS + 1) * (c->full_ms[k] * g * g + c->local_ms[k] * g) / 1e3;
        if (c->spent_s + next > COST_BUDGET_S) {
            c->skipped = c->n_planned - c->done;
            c->n_planned = c->done;
        }
    }
    if (c->done == c->n_planned) {
        c->finished = true;
        cost_free(c);
    }
}

void cost_measure_all(CostRun *c)
{
    while (cost_pending(c))
        cost_step(c);
}

void cost_table(const CostRun *c, StrBuf *out)
{
    sb_printf(out, "CPU time of one attention on this machine: d = %d, one thread, the fastest of %d runs.\n",
              COST_D, COST_RUNS);
    sb_printf(out, "full: every query against all n keys, O(n^2 d); local: %d keys around each query, O(r n d).\n",
              COST_WINDOW);
    sb_printf(out, "%8s %12s %12s %12s\n", "n", "full ms", "local ms", "full/local");
    for (int k = 0; k < c->done; k++)
        sb_printf(out, "%8d %12.3f %12.3f %12.1f\n", c->ns[k], c->full_ms[k], c->local_ms[k],
                  c->local_ms[k] > 0 ? c->full_ms[k] / c->local_ms[k] : 0.0);
    if (c->done >= 2) {
        int a = 0, b = c->done - 1;   /* n doubling at the end if measured: small n carry fixed costs */
        for (int k = 0; k < b; k++)
            if (2 * c->ns[k] == c->ns[b])
                a = k;
        double g = (double)c->ns[b] / c->ns[a];
        sb_printf(out, "From n = %d to %d (x%.0f): full took x%.1f the time (n^2 predicts x%.0f), local x%.1f "
                       "(n predicts x%.0f).\n",
                  c->ns[a], c->ns[b], g, c->full_ms[b] / c->full_ms[a], g * g, c->local_ms[b] / c->local_ms[a], g);
    }
    if (c->done)
        sb_printf(out, "Measuring took %.2f s.\n", c->spent_s);
    if (c->skipped)
        sb_printf(out, "(%d longer lengths left out: they would have taken over %.1f s on this machine.)\n",
                  c->skipped, COST_BUDGET_S);
}
