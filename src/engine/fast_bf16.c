/* fast_bf16.c - the bf16 variant's portable part (fast_bf16.h): the
 * conversions, whether it may run, its plan and K and V packed as bf16.
 * The kernel itself is fast_bf16_kern.c, compiled for AVX512_BF16; nothing
 * here uses an instruction the build's baseline lacks. */
#include "engine/fast_bf16.h"
#include "engine/fast_isa.h"

#include <stdlib.h>
#include <string.h>

uint16_t fast_bf16_from_float(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    if ((u & 0x7fffffffu) > 0x7f800000u)
        return 0x7fc0;  /* NaN: the canonical quiet NaN, as torch gives */
    /* round to nearest even on the 16 bits dropped; a carry into the
     * exponent is right (it reaches inf only past bf16's largest value) */
    u += 0x7fffu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

float fast_bf16_to_float(uint16_t h)
{
    uint32_t u = (uint32_t)h << 16;
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* AVX512_BF16 and the AVX-512 parts the kernel file is compiled for. */
static int cpu_runs_kernel(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    return fast_cpu_has_bf16() && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
#else
    return 0;
#endif
}

int fast_bf16_supported(void)
{
    return fast_bf16_why(NULL) == NULL;
}

/* ATTNLAB_ISA naming a kernel below AVX-512 stands for a CPU without it
 * (fast.h), so that the refusal can be seen on any machine. */
const char *fast_bf16_why(const FastPlan *p)
{
    const char *env = getenv("ATTNLAB_ISA");
    int forced = env ? fast_isa_parse(env) : -1;
    if (!fast_kernel_bf16.block)
        return "this build has no bf16 kernel (it needs GCC or Clang on x86-64)";
    if (!cpu_runs_kernel())
        return "this CPU has no AVX512_BF16 (cpuid 7.1 EAX bit 5) with AVX-512F/BW/VL, "
               "or the OS does not save the zmm registers";
    if (forced >= 0 && forced != FAST_ISA_AVX512 && fast_isa_supported((FastIsa)forced))
        return "ATTNLAB_ISA holds the kernels below AVX-512";
    if (p && p->kind == FAST_LOCAL)
        return "local attention has no bf16 variant";
    return NULL;
}

FastPlan fast_bf16_plan(FastKind kind, int n, int d, int threads)
{
    FastPlan p = fast_plan(kind, n, d, 0, threads);
    if (kind == FAST_LOCAL)
        return p;
    fast_fused_blocks(&fast_kernel_bf16, &p);
    p.bq = p.bq > n ? n : p.bq;
    p.bk = p.bk > n ? n : p.bk;
    return p;
}

size_t fast_bf16_scratch_floats(const FastPlan *p)
{
    return fast_bf16_why(p) ? 0 : fast_kernel_scratch(p, &fast_kernel_bf16);
}

int fast_bf16_run(const FastPlan *p, const float *Q, const float *K, const float *V, float *O,
                  float *scratch)
{
    if (fast_bf16_why(p))
        return -1;
    fast_run_kernel(p, &fast_kernel_bf16, Q, K, V, O, scratch);
    return 0;
}

/* ---------------------------------------------------------------- packing */

/* Pairs of head components: d rounded up to even, halved. */
static size_t pairs(const FastFused *f)
{
    return ((size_t)f->p->d + 1) / 2;
}

size_t fast_bf16_shared(const FastFused *f)
{
    size_t npad = (size_t)f->npad;
    return fast_round16(npad * pairs(f)) + fast_round16(npad * (size_t)f->dp / 2);
}

/* K: panels of FAST_BF16_NR keys, then pairs of components, then keys, the
 * two components of a pair side by side (what vdpbf16ps multiplies in one
 * lane). V: pairs of keys, then columns, the two keys side by side. Keys
 * past n, components past d and columns past d are 0. */
void fast_bf16_pack(FastFused *f, const float *K, const float *V, float *shared)
{
    int n = f->p->n, d = f->p->d, dp = f->dp;
    size_t h = pairs(f);
    uint16_t *Kp = (uint16_t *)shared;
    uint16_t *Vp = (uint16_t *)(shared + fast_round16((size_t)f->npad * h));
    for (int j = 0; j < f->npad; j++) {
        uint16_t *panel = Kp + (size_t)(j / FAST_BF16_NR) * h * FAST_BF16_NR * 2 +
                          (size_t)(j % FAST_BF16_NR) * 2;
        for (size_t c = 0; c < 2 * h; c++)
            panel[(c / 2) * FAST_BF16_NR * 2 + c % 2] =
                j < n && c < (size_t)d ? fast_bf16_from_float(K[(size_t)j * d + c]) : 0;
        uint16_t *row = Vp + (size_t)(j / 2) * dp * 2 + j % 2;
        for (int c = 0; c < dp; c++)
            row[(size_t)c * 2] = j < n && c < d ? fast_bf16_from_float(V[(size_t)j * d + c]) : 0;
    }
    f->Kp = shared;
    f->Vp = (const float *)Vp;
}
