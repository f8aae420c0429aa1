/* bench_prec.c - `attnlab bench --precision`: which kernel a child runs at
 * the precision asked, and the bf16 output's error against float32 (see
 * bench.h). The only caller of fast_bf16.h in the program. */
#include "cli/bench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/fast_bf16.h"
#include "base/util.h"

static const char *const prec_names[BENCH_NPRECISIONS] = {"f32", "bf16"};

const char *bench_precision_name(int precision)
{
    return precision >= 0 && precision < BENCH_NPRECISIONS ? prec_names[precision] : "?";
}

int bench_precision_parse(const char *s)
{
    for (int i = 0; i < BENCH_NPRECISIONS; i++)
        if (strcmp(s, prec_names[i]) == 0)
            return i;
    return -1;
}

/* "bf16" into o->precision, if this CPU and build run it (else exit 2). */
int bench_set_precision(void *ctx, const char *s, char *why, size_t whylen)
{
    BenchOpts *o = ctx;
    o->precision = bench_precision_parse(s);
    if (o->precision < 0) {
        snprintf(why, whylen, "--precision: no precision '%s': f32 or bf16", s);
        return -1;
    }
    if (o->precision == BENCH_BF16 && !fast_bf16_supported()) {
        snprintf(why, whylen, "--precision bf16: %s", fast_bf16_why(NULL));
        return -1;
    }
    return 0;
}

/* Local has no bf16 variant: it stays float32 (CBLAS) at any precision. */
static bool runs_bf16(const BenchOpts *o, FastKind kind)
{
    return o->precision == BENCH_BF16 && kind != FAST_LOCAL;
}

BenchPlan bench_plan(const BenchOpts *o, FastKind kind, int n)
{
    BenchPlan b = {fast_plan(kind, n, o->d, o->window, o->threads), runs_bf16(o, kind)};
    if (b.bf16)
        b.p = fast_bf16_plan(kind, n, o->d, o->threads);
    if (o->bq)
        b.p.bq = o->bq < n ? o->bq : n;
    if (o->bk)
        b.p.bk = o->bk < n ? o->bk : n;
    return b;
}

size_t bench_scratch_floats(const BenchPlan *b)
{
    return b->bf16 ? fast_bf16_scratch_floats(&b->p) : fast_scratch_floats(&b->p);
}

void bench_run(const BenchPlan *b, const float *Q, const float *K, const float *V, float *O,
               float *scratch)
{
    if (!b->bf16 || fast_bf16_run(&b->p, Q, K, V, O, scratch) < 0)
        fast_run(&b->p, Q, K, V, O, scratch);  /* refusal was checked at parse time */
}

const char *bench_kernel_name(const BenchOpts *o, FastKind kind)
{
    return runs_bf16(o, kind) ? "bf16" : fast_isa_name(fast_plan(kind, 64, o->d, o->window, o->threads).isa);
}

int bench_error(const BenchPlan *b, const float *Q, const float *K, const float *V, const float *O,
                double *max_abs, double *max_rel)
{
    FastPlan ref = fast_plan(b->p.kind, b->p.n, b->p.d, b->p.window, b->p.threads);
    ref.isa = FAST_ISA_BLAS;  /* fast.h's reference path */
    size_t count = (size_t)b->p.n * (size_t)b->p.d, ns = fast_scratch_floats(&ref);
    float *R = malloc(count * sizeof *R), *scratch = malloc((ns ? ns : 1) * sizeof *scratch);
    if (!R || !scratch) {
        free(R);
        free(scratch);
        return -1;
    }
    fast_run(&ref, Q, K, V, R, scratch);
    double err = 0.0, top = 0.0;
    for (size_t t = 0; t < count; t++) {
        double e = fabs((double)O[t] - (double)R[t]);
        err = e <= err ? err : e;  /* a NaN shows as the error, not hidden by fmax */
        top = fmax(top, fabs((double)R[t]));
    }
    *max_abs = err;
    *max_rel = top > 0.0 ? err / top : err;
    free(R);
    free(scratch);
    return 0;
}

/* The end of a row: CSV's precision and error columns (empty errors in
 * f32), the table's error columns in bf16 only; then the newline. */
void bench_print_error(const BenchOpts *o, bool has_err, double abs_err, double rel_err, bool bf16)
{
    const char *precision = bench_precision_name(bf16 ? BENCH_BF16 : BENCH_F32);
    if (o->csv && has_err)
        printf(",%s,%.4g,%.4g\n", precision, abs_err, rel_err);
    else if (o->csv)
        printf(",%s,,\n", precision);
    else if (o->precision == BENCH_BF16 && has_err)
        printf(" %9.2e %9.2e\n", abs_err, rel_err);
    else
        printf("%s\n", o->precision == BENCH_BF16 ? "         -         -" : "");
}
