/* fast_exp.h - the vector exp of fast.c and of the fused kernels
 * (fast_kern.h), written once for any GCC/Clang vector type of floats.
 *
 * FAST_EXP_DEFINE(qual, vf, vi) defines, with qualifiers qual ("static
 * inline" and attributes), for a float vector type vf and the int32 vector
 * type vi of the same width:
 *   fast_exp_poly(x, k)  exp(x - k ln2) for a whole k with |x - k ln2| <=
 *                        ln2 / 2: ln2 split in two (Cody-Waite), so k ln2
 *                        is exact, then the Cephes polynomial; about 1 ulp;
 *   fast_vsel(m, a, b)   lane-wise m ? a : b (m all ones or zeros);
 *   fast_vexp(x)         exp(x) for x <= 88, 2^k built in the exponent bits
 *                        (k = round(x / ln2) by adding 1.5 * 2^23). Below -87
 *                        (where the result nears the subnormals) and at -inf
 *                        the result is exactly 0; NaN stays NaN.
 * The including file turns floating-point contraction on (fp-contract=fast):
 * a fused multiply-add only removes a rounding. */
#ifndef ATTN_FAST_EXP_H
#define ATTN_FAST_EXP_H

#define FAST_EXP_DEFINE(qual, vf_, vi_)                                          \
    qual vf_ fast_exp_poly(vf_ x, vf_ k)                                         \
    {                                                                            \
        vf_ r = x - k * 0.693359375f;                                            \
        r = r - k * -2.12194440e-4f;                                             \
        vf_ y = (vf_){0} + 1.9875691500e-4f;                                     \
        y = y * r + 1.3981999507e-3f;                                            \
        y = y * r + 8.3334519073e-3f;                                            \
        y = y * r + 4.1665795894e-2f;                                            \
        y = y * r + 1.6666665459e-1f;                                            \
        y = y * r + 5.0000001201e-1f;                                            \
        return y * (r * r) + r + 1.0f;                                           \
    }                                                                            \
    qual vf_ fast_vsel(vi_ mask, vf_ a, vf_ b)                                   \
    {                                                                            \
        return (vf_)(((vi_)a & mask) | ((vi_)b & ~mask));                        \
    }                                                                            \
    qual vf_ fast_vexp(vf_ x)                                                    \
    {                                                                            \
        const float magic = 12582912.0f;                                         \
        vi_ tiny = x < -87.0f;                                                   \
        x = fast_vsel(tiny, (vf_){0} - 87.0f, x);                                \
        vf_ k = x * 1.44269504088896341f + magic;                                \
        vf_ y = fast_exp_poly(x, k - magic);                                     \
        vi_ ki = (vi_)k - (vi_)((vf_){0} + magic);                               \
        return fast_vsel(tiny, (vf_){0}, y * (vf_)((ki + 127) << 23));           \
    }

/* FAST_EXP_AVX512(qual, vf) defines fast_exp512(x): fast_vexp's contract
 * for a 16-float vector, 2^k applied by vscalefps and the result zeroed by
 * a mask where x < -87 or x = -inf (a NaN passes, stays NaN). Needs
 * FAST_EXP_DEFINE's fast_exp_poly, <immintrin.h> and AVX-512F. */
#define FAST_EXP_AVX512(qual, vf_)                                               \
    qual vf_ fast_exp512(vf_ x)                                                  \
    {                                                                            \
        __mmask16 keep = _mm512_cmp_ps_mask(x, (vf_){0} - 87.0f, _CMP_NLT_UQ);   \
        vf_ k = _mm512_roundscale_ps(x * 1.44269504088896341f,                   \
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); \
        return _mm512_maskz_scalef_ps(keep, fast_exp_poly(x, k), k);             \
    }

#endif
