/* fast_isa.c - which fused kernel runs (cpuid, ATTNLAB_ISA), its block sizes
 * from the cache sizes, and K and V packed once per run: see fast_isa.h. */
#include "engine/fast_isa.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#endif

static const char *const isa_names[FAST_NISAS] = {"blas", "c", "avx2", "avx512"};

const FastKernel *fast_kernel(FastIsa isa)
{
    switch (isa) {
    case FAST_ISA_C: return &fast_kernel_c;
    case FAST_ISA_AVX2: return &fast_kernel_avx2;
    case FAST_ISA_AVX512: return &fast_kernel_avx512;
    default: return NULL;
    }
}

/* AVX512_BF16 by hand (GCC 12's __builtin_cpu_supports may not know it):
 * CPUID.(EAX=7,ECX=1):EAX bit 5, and XCR0 saying the OS saves the SSE, AVX,
 * opmask and both zmm halves (bits 1, 2, 5, 6, 7), which XGETBV may only be
 * asked when CPUID.1:ECX says OSXSAVE (bit 27). */
int fast_cpu_has_bf16(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    unsigned a, b, c, dx, lo, hi;
    if (!__get_cpuid(1, &a, &b, &c, &dx) || !(c & (1u << 27)))
        return 0;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6u) != 0xE6u)
        return 0;
    if (!__get_cpuid_count(7, 1, &a, &b, &c, &dx))
        return 0;
    return (a >> 5) & 1u;
#else
    return 0;
#endif
}

/* __builtin_cpu_supports checks cpuid and that the OS saves the registers. */
static int cpu_has(const char *feature)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (strcmp(feature, "avx512bf16") == 0) return fast_cpu_has_bf16();
    if (strcmp(feature, "avx512f") == 0) return __builtin_cpu_supports("avx512f");
    if (strcmp(feature, "avx512bw") == 0) return __builtin_cpu_supports("avx512bw");
    if (strcmp(feature, "avx512vl") == 0) return __builtin_cpu_supports("avx512vl");
    if (strcmp(feature, "avx2") == 0) return __builtin_cpu_supports("avx2");
    if (strcmp(feature, "fma") == 0) return __builtin_cpu_supports("fma");
#else
    (void)feature;
#endif
    return 0;
}

int fast_isa_supported(FastIsa isa)
{
    switch (isa) {
    case FAST_ISA_BLAS:
    case FAST_ISA_C: return 1;
    case FAST_ISA_AVX2: return fast_kernel_avx2.block && cpu_has("avx2") && cpu_has("fma");
    case FAST_ISA_AVX512: return fast_kernel_avx512.block && cpu_has("avx512f");
    default: return 0;
    }
}

FastIsa fast_isa_best(void)
{
    if (fast_isa_supported(FAST_ISA_AVX512))
        return FAST_ISA_AVX512;
    return fast_isa_supported(FAST_ISA_AVX2) ? FAST_ISA_AVX2 : FAST_ISA_C;
}

FastIsa fast_isa_default(void)
{
    const char *env = getenv("ATTNLAB_ISA");
    int isa = env ? fast_isa_parse(env) : -1;
    return isa >= 0 && fast_isa_supported((FastIsa)isa) ? (FastIsa)isa : fast_isa_best();
}

const char *fast_isa_name(FastIsa isa)
{
    return isa >= 0 && isa < FAST_NISAS ? isa_names[isa] : "?";
}

int fast_isa_parse(const char *s)
{
    for (int i = 0; i < FAST_NISAS; i++)
        if (strcmp(s, isa_names[i]) == 0)
            return i;
    return -1;
}

const char *fast_cpu_features(char *buf, size_t len)
{
    static const char *const names[] = {"avx512f", "avx512bw", "avx512vl", "avx512bf16", "avx2", "fma"};
    size_t used = 0;
    if (len)
        buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (cpu_has(names[i]) && used < len)
            used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "", names[i]);
    if (len && used == 0)
        snprintf(buf, len, "none of avx512f avx2 fma");
    return buf;
}

float fast_isa_exp_sum(FastIsa isa, float *x, int n, float m)
{
    const FastKernel *k = fast_kernel(isa);
    return k ? k->exp_sum(x, n, m) : fast_exp_sum(x, n, m);
}

/* ------------------------------------------------------------ block sizes */

static long cache_bytes(int name, long fallback)
{
    long v = sysconf(name);
    return v > 0 ? v : fallback;
}

static int round_down(int v, int step)
{
    return v / step * step;
}

static int round_up(int v, int step)
{
    return (v + step - 1) / step * step;
}

/* Keys per tile: the tile's scores for mr rows in half of L1, and the K and
 * V tiles together in half of L2, so that every micro-tile of the block
 * reuses them from cache. Query rows per block: tiled, enough rows that K
 * and V stream in from L3 once per 96 queries; full, the block's scores
 * (bq, n) in half of L2. */
void fast_fused_blocks(const FastKernel *k, FastPlan *p)
{
    long l1 = cache_bytes(_SC_LEVEL1_DCACHE_SIZE, 32768);
    long l2 = cache_bytes(_SC_LEVEL2_CACHE_SIZE, 262144);
    int dp = round_up(p->d, k->vw);
    long by_l1 = l1 / 2 / (4L * k->mr), by_l2 = l2 / 2 / (4L * (p->d + dp));
    long bk = by_l1 < by_l2 ? by_l1 : by_l2;
    bk = bk > 1024 ? 1024 : bk;
    p->bk = round_down((int)bk, k->nr);
    if (p->bk < k->nr)
        p->bk = k->nr;
    if (p->kind == FAST_FULL) {
        long rows = l2 / 2 / (4L * (round_up(p->n, k->nr) + 16));
        rows = rows > 256 ? 256 : rows;
        p->bq = round_down((int)rows, k->mr);
        if (p->bq < k->mr)
            p->bq = k->mr;
    } else {
        p->bq = 16 * k->mr;
    }
}

/* ---------------------------------------------------------------- packing */

static int npad_of(const FastKernel *k, const FastPlan *p)
{
    return round_up(p->n, k->nr);
}

static FastFused geometry(const FastKernel *k, const FastPlan *p);

size_t fast_fused_shared(const FastKernel *k, const FastPlan *p)
{
    if (k->shared) {
        FastFused f = geometry(k, p);
        return k->shared(&f);
    }
    size_t npad = (size_t)npad_of(k, p);
    return fast_round16(npad * (size_t)p->d) + fast_round16(npad * (size_t)round_up(p->d, k->vw));
}

/* The run's geometry, without the packed data. */
static FastFused geometry(const FastKernel *k, const FastPlan *p)
{
    FastFused f = {p, round_up(p->d, k->vw), npad_of(k, p), 0, 1.0f / sqrtf((float)p->d), NULL, NULL};
    f.bk = round_up(p->bk, k->nr);
    if (f.bk > f.npad)
        f.bk = f.npad;
    return f;
}

size_t fast_fused_own(const FastKernel *k, const FastPlan *p)
{
    FastFused f = geometry(k, p);
    return fast_scratch_map(&f, k->vw, k->mr).total;
}

FastFused fast_fused_pack(const FastKernel *k, const FastPlan *p, const float *K, const float *V,
                          float *shared)
{
    FastFused f = geometry(k, p);
    if (k->pack) {
        k->pack(&f, K, V, shared);
        return f;
    }
    int n = p->n, d = p->d, nr = k->nr;
    float *Kp = shared, *Vp = shared + fast_round16((size_t)f.npad * d);
    for (int j = 0; j < f.npad; j++) {
        float *panel = Kp + (size_t)(j / nr) * d * nr + j % nr;
        for (int c = 0; c < d; c++)
            panel[(size_t)c * nr] = j < n ? K[(size_t)j * d + c] : 0.0f;
        float *row = Vp + (size_t)j * f.dp;
        for (int c = 0; c < f.dp; c++)
            row[c] = j < n && c < d ? V[(size_t)j * d + c] : 0.0f;
    }
    f.Kp = Kp;
    f.Vp = Vp;
    return f;
}
