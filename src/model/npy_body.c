/* npy_body.c - an array's data, converted to float32 (or UTF-8 strings) as
 * it is read, in chunks, so a member is never held twice: see npy_impl.h. */
#include "model/npy_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

enum { CHUNK = 1 << 16 };

static void swap_bytes(unsigned char *p, size_t size)
{
    for (size_t i = 0; i < size / 2; i++) {
        unsigned char t = p[i];
        p[i] = p[size - 1 - i];
        p[size - 1 - i] = t;
    }
}

/* IEEE half to float, subnormals, inf and NaN included. */
static float half_to_float(uint16_t h)
{
    uint32_t sign = (uint32_t)(h >> 15) << 31, exp = (h >> 10) & 31, man = h & 1023, bits;
    if (exp == 31) {
        bits = sign | 0x7f800000u | man << 13;
    } else if (exp == 0) {
        float f = (float)man / 16777216.0f;   /* man * 2^-24 */
        return sign ? -f : f;
    } else {
        bits = sign | (exp + 112) << 23 | man << 13;
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static void convert_numbers(const NpyHeader *h, unsigned char *src, size_t n, float *dst)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char *p = src + i * h->itemsize;
        if (h->swap) swap_bytes(p, h->itemsize);
        if (h->kind == NPY_F32) {
            memcpy(&dst[i], p, 4);
        } else if (h->kind == NPY_F64) {
            double v;
            memcpy(&v, p, 8);
            dst[i] = (float)v;    /* beyond float's range: inf, caught by the checks */
        } else {
            uint16_t u;
            memcpy(&u, p, 2);
            if (h->kind == NPY_F16) {
                dst[i] = half_to_float(u);
            } else {
                uint32_t bits = (uint32_t)u << 16;
                memcpy(&dst[i], &bits, 4);
            }
        }
    }
}

/* One UTF-32 element (up to its first NUL) as a fresh UTF-8 string, or NULL
 * when a code unit is not a character. */
static char *utf32_to_utf8(const NpyHeader *h, unsigned char *p)
{
    size_t units = h->itemsize / 4;
    char *s = xmalloc(units * 4 + 1), *o = s;
    for (size_t i = 0; i < units; i++) {
        unsigned char *u = p + i * 4;
        if (h->swap) swap_bytes(u, 4);
        uint32_t c;
        memcpy(&c, u, 4);
        if (c == 0) break;
        if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
            free(s);
            return NULL;
        }
        if (c < 0x80) {
            *o++ = (char)c;
        } else if (c < 0x800) {
            *o++ = (char)(0xc0 | c >> 6);
            *o++ = (char)(0x80 | (c & 63));
        } else if (c < 0x10000) {
            *o++ = (char)(0xe0 | c >> 12);
            *o++ = (char)(0x80 | (c >> 6 & 63));
            *o++ = (char)(0x80 | (c & 63));
        } else {
            *o++ = (char)(0xf0 | c >> 18);
            *o++ = (char)(0x80 | (c >> 12 & 63));
            *o++ = (char)(0x80 | (c >> 6 & 63));
            *o++ = (char)(0x80 | (c & 63));
        }
    }
    *o = '\0';
    return s;
}

/* Element k of a Fortran-order array: where it sits for C order. Walks the
 * C index with an odometer; the Fortran offset follows it. */
static void fortran_to_c(const NpyHeader *h, NpyArray *a)
{
    size_t fstride[NPY_MAX_DIMS], idx[NPY_MAX_DIMS] = {0}, off = 0, s = 1;
    for (int d = 0; d < h->ndim; d++) {
        fstride[d] = s;
        s *= (size_t)h->shape[d];
    }
    float *nd = a->data ? xmalloc(a->count * sizeof *nd + 1) : NULL;
    char **ns = a->strings ? xmalloc(a->count * sizeof *ns + 1) : NULL;
    for (size_t k = 0; k < a->count; k++) {
        if (nd) nd[k] = a->data[off];
        if (ns) ns[k] = a->strings[off];
        for (int d = h->ndim - 1; d >= 0; d--) {
            off += fstride[d];
            if (++idx[d] < (size_t)h->shape[d]) break;
            off -= fstride[d] * idx[d];
            idx[d] = 0;
        }
    }
    if (nd) {
        free(a->data);
        a->data = nd;
    }
    if (ns) {
        free(a->strings);
        a->strings = ns;
    }
}

static int truncated(const char *where, size_t got, size_t want, Diags *diags)
{
    diags_add(diags, where, 0, "truncated: the data has %zu of the %zu bytes its shape needs", got, want);
    return -1;
}

/* Reads whole elements chunk by chunk, converting each. */
static int read_chunks(const NpyHeader *h, NpyReadFn read, void *ctx, const char *where, NpyArray *a,
                       Diags *diags)
{
    size_t per = h->itemsize ? (CHUNK / h->itemsize ? CHUNK / h->itemsize : 1) : 1;
    unsigned char *buf = xmalloc(per * (h->itemsize ? h->itemsize : 1));
    size_t done = 0;
    int rc = 0;
    while (done < a->count && rc == 0) {
        size_t n = a->count - done < per ? a->count - done : per, want = n * h->itemsize;
        long got = read(ctx, buf, want);
        if (got < 0) {
            rc = -1;
        } else if ((size_t)got < want) {
            rc = truncated(where, done * h->itemsize + (size_t)got, h->bytes, diags);
        } else if (a->data) {
            convert_numbers(h, buf, n, a->data + done);
        } else {
            for (size_t i = 0; i < n && rc == 0; i++)
                if (!(a->strings[done + i] = utf32_to_utf8(h, buf + i * h->itemsize))) {
                    diags_add(diags, where, 0, "string %zu is not valid unicode", done + i);
                    rc = -1;
                }
        }
        done += n;
    }
    free(buf);
    return rc;
}

int npy_body_read(const NpyHeader *h, NpyReadFn read, void *ctx, const char *where, NpyArray *out,
                  Diags *diags)
{
    memset(out, 0, sizeof *out);
    out->ndim = h->ndim;
    memcpy(out->shape, h->shape, sizeof out->shape);
    out->count = h->count;
    if (h->kind == NPY_UNICODE) out->strings = xcalloc(h->count + 1, sizeof *out->strings);
    else out->data = xmalloc(h->count * sizeof(float) + 1);
    int rc;
    if (h->kind == NPY_F32 && !h->swap) {     /* the common case: straight in */
        long got = read(ctx, out->data, h->bytes);
        rc = got < 0 ? -1 : (size_t)got < h->bytes ? truncated(where, (size_t)got, h->bytes, diags) : 0;
    } else {
        rc = read_chunks(h, read, ctx, where, out, diags);
    }
    unsigned char extra;
    if (rc == 0) {
        long more = read(ctx, &extra, 1);     /* also lets a zip check its CRC */
        if (more > 0) {
            diags_add(diags, where, 0, "damaged: bytes after the array's data (the header's shape is wrong)");
            rc = -1;
        } else if (more < 0) {
            rc = -1;
        }
    }
    if (rc == 0 && h->fortran && h->ndim > 1) fortran_to_c(h, out);
    if (rc < 0) npy_array_free(out);
    return rc;
}

typedef struct {
    const unsigned char *p;
    size_t left;
} MemSrc;

static long mem_read(void *ctx, void *buf, size_t n)
{
    MemSrc *m = ctx;
    if (n > m->left) n = m->left;
    memcpy(buf, m->p, n);
    m->p += n;
    m->left -= n;
    return (long)n;
}

int npy_parse(const void *data, size_t len, const char *name, NpyArray *out, Diags *diags)
{
    NpyHeader h;
    memset(out, 0, sizeof *out);
    if (npy_header_parse(data, len, name, &h, diags) < 0) return -1;
    if (h.bytes != len - h.data_off) {    /* checked before allocating */
        if (h.bytes > len - h.data_off) return truncated(name, len - h.data_off, h.bytes, diags);
        diags_add(diags, name, 0, "damaged: bytes after the array's data (the header's shape is wrong)");
        return -1;
    }
    MemSrc m = {(const unsigned char *)data + h.data_off, len - h.data_off};
    return npy_body_read(&h, mem_read, &m, name, out, diags);
}
