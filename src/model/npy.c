/* npy.c - numpy's .npy header and data, from memory or streamed out of a
 * zip member (npz.c): see npy.h. The header is a Python dict literal, read
 * by a small strict parser that knows exactly the three keys numpy writes. */
#include "model/npy_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void npy_array_free(NpyArray *a)
{
    if (!a) return;
    if (a->strings)
        for (size_t i = 0; i < a->count; i++) free(a->strings[i]);
    free(a->strings);
    free(a->data);
    memset(a, 0, sizeof *a);
}

/* ---- the header dict ---- */

typedef struct {
    const char *p, *end;
} Cur;

static void skip_ws(Cur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

static int eat(Cur *c, char ch)
{
    skip_ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

/* A quoted string without escapes into buf (at most len - 1 bytes). */
static int read_str(Cur *c, char *buf, size_t len)
{
    skip_ws(c);
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"')) return -1;
    char q = *c->p++;
    size_t n = 0;
    while (c->p < c->end && *c->p != q) {
        if (*c->p == '\\' || n + 1 >= len) return -1;
        buf[n++] = *c->p++;
    }
    if (c->p >= c->end) return -1;
    c->p++;
    buf[n] = '\0';
    return 0;
}

static int read_word(Cur *c, const char *w)
{
    skip_ws(c);
    size_t n = strlen(w);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0) return 0;
    c->p += n;
    return 1;
}

/* (d0, d1, ...) with an optional trailing comma; old files write 3L. */
static int read_shape(Cur *c, NpyHeader *h)
{
    if (!eat(c, '(')) return -1;
    h->ndim = 0;
    for (;;) {
        skip_ws(c);
        if (eat(c, ')')) return 0;
        if (c->p >= c->end || *c->p < '0' || *c->p > '9' || h->ndim == NPY_MAX_DIMS) return -1;
        long v = 0;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
            if (v > (NPY_DIM_MAX - 9) / 10) return -1;
            v = v * 10 + (*c->p++ - '0');
        }
        if (c->p < c->end && *c->p == 'L') c->p++;
        h->shape[h->ndim++] = v;
        if (!eat(c, ',')) {
            if (eat(c, ')')) return h->ndim == 1 ? -1 : 0;   /* (3) is not a tuple */
            return -1;
        }
    }
}

static int host_little(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

/* '<f4' and its kin into h's kind, item size and byte swap. */
static int read_descr(const char *s, NpyHeader *h, const char *where, Diags *diags)
{
    char order = s[0];
    if (order != '<' && order != '>' && order != '|' && order != '=') goto bad;
    char t = s[1];
    char *e;
    long n = strtol(s + 2, &e, 10);
    if (s[2] < '0' || s[2] > '9' || *e || n < 0 || n > 1L << 24) goto bad;
    int big = order == '>' || (order == '=' && !host_little());
    h->swap = big == host_little();
    if (t == 'f' && (n == 2 || n == 4 || n == 8)) h->kind = n == 2 ? NPY_F16 : n == 4 ? NPY_F32 : NPY_F64;
    else if ((t == 'V' || t == 'u') && n == 2) h->kind = NPY_BF16;
    else if (t == 'U' && order != '|') h->kind = NPY_UNICODE;
    else goto bad;
    h->itemsize = h->kind == NPY_UNICODE ? (size_t)n * 4 : (size_t)n;
    if (order == '|') h->swap = 0;
    return 0;
bad:
    diags_add(diags, where, 0, "dtype '%s' is not one attnlab reads (float16/32/64, bfloat16 as 2-byte raw, "
              "or a unicode string array)", s);
    return -1;
}

int npy_header_parse(const unsigned char *p, size_t len, const char *where, NpyHeader *h, Diags *diags)
{
    memset(h, 0, sizeof *h);
    if (len < 6 || memcmp(p, "\x93NUMPY", 6) != 0) {
        diags_add(diags, where, 0, "not a .npy array (no \\x93NUMPY at the start)");
        return -1;
    }
    if (len >= 8 && (p[6] < 1 || p[6] > 3)) {
        diags_add(diags, where, 0, ".npy format version %d.%d is not one attnlab reads (1, 2 or 3)", p[6], p[7]);
        return -1;
    }
    size_t pre = len > 6 && p[6] == 1 ? 10 : 12;
    if (len < pre) goto truncated;
    size_t hlen = p[6] == 1 ? (size_t)p[8] | (size_t)p[9] << 8
                            : (size_t)p[8] | (size_t)p[9] << 8 | (size_t)p[10] << 16 | (size_t)p[11] << 24;
    if (hlen > len - pre) goto truncated;
    h->data_off = pre + hlen;
    if (npy_dict_parse((const char *)p + pre, hlen, where, h, diags) < 0) return -1;
    return 0;
truncated:
    diags_add(diags, where, 0, "truncated: the file ends inside the .npy header");
    return -1;
}

int npy_dict_parse(const char *text, size_t len, const char *where, NpyHeader *h, Diags *diags)
{
    Cur c = {text, text + len};
    int seen[3] = {0, 0, 0};
    char key[32], descr[32] = "";
    if (!eat(&c, '{')) goto bad;
    while (!eat(&c, '}')) {
        if (read_str(&c, key, sizeof key) < 0 || !eat(&c, ':')) goto bad;
        int k = !strcmp(key, "descr") ? 0 : !strcmp(key, "fortran_order") ? 1 : !strcmp(key, "shape") ? 2 : -1;
        if (k < 0 || seen[k]) goto bad;
        seen[k] = 1;
        if (k == 0) {
            skip_ws(&c);
            if (c.p < c.end && *c.p == '[') {
                diags_add(diags, where, 0, "a structured dtype (record array) is not one attnlab reads");
                return -1;
            }
            if (read_str(&c, descr, sizeof descr) < 0) goto bad;
        } else if (k == 1) {
            if (read_word(&c, "True")) h->fortran = 1;
            else if (read_word(&c, "False")) h->fortran = 0;
            else goto bad;
        } else if (read_shape(&c, h) < 0) {
            goto bad;
        }
        if (!eat(&c, ',')) {
            if (!eat(&c, '}')) goto bad;
            break;
        }
    }
    skip_ws(&c);
    while (c.p < c.end && *c.p == '\0') c.p++;     /* padding some writers use */
    if (c.p != c.end || !seen[0] || !seen[1] || !seen[2]) goto bad;
    if (read_descr(descr, h, where, diags) < 0) return -1;
    return npy_header_count(h, where, diags);
bad:
    diags_add(diags, where, 0, "damaged .npy header: expected {'descr': ..., 'fortran_order': ..., "
              "'shape': (...)} at byte %ld", (long)(c.p - text));
    return -1;
}

/* count = product of the shape, and its bytes, both without overflow. */
int npy_header_count(NpyHeader *h, const char *where, Diags *diags)
{
    size_t n = 1;
    for (int i = 0; i < h->ndim; i++) {
        size_t d = (size_t)h->shape[i];
        if (d && n > SIZE_MAX / d) goto big;
        n *= d;
    }
    if (h->itemsize && n > SIZE_MAX / 2 / h->itemsize) goto big;
    h->count = n;
    h->bytes = n * h->itemsize;
    return 0;
big:
    diags_add(diags, where, 0, "the shape's size overflows: not a real array");
    return -1;
}
