/* dump_read.c - a model's attention from .npz, .npy (+ a tokens file) or
 * JSON: see dump_read.h. A .npy is memory-mapped and an .npz member streamed
 * (npy.h), so the weights are copied once, into the dump, which adopts the
 * reader's array instead of copying it again. */
#include "model/dump_read.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/utf8.h"
#include "base/util.h"
#include "model/check.h"
#include "model/dump_read_impl.h"
#include "model/npy.h"

/* "(2, 3, 5)" into buf. */
static const char *shape_str(int ndim, const long *shape, char *buf, size_t len)
{
    size_t u = (size_t)snprintf(buf, len, "(");
    for (int i = 0; i < ndim && u < len; i++)
        u += (size_t)snprintf(buf + u, len - u, "%s%ld", i ? ", " : "", shape[i]);
    if (u < len) snprintf(buf + u, len - u, ")");
    return buf;
}

AttnDump *dump_adopt(float *data, int ndim, const long *shape, const char *name, const char *what,
                     Diags *diags)
{
    char s[200];
    int dims[4] = {1, 1, 1, 1};
    int ok = ndim >= 2 && ndim <= 4;
    for (int i = 0; ok && i < ndim; i++) {
        ok = shape[i] >= 1 && shape[i] <= INT_MAX;
        if (ok) dims[4 - ndim + i] = (int)shape[i];
    }
    AttnDump *d = ok ? dump_new(dims[0], dims[1], dims[2], dims[3]) : NULL;
    if (!d) {
        diags_add(diags, name, 0, "%s has shape %s: expected [layers, heads, q, k], [heads, q, k] or [q, k], "
                  "none of them empty", what, shape_str(ndim, shape, s, sizeof s));
        return NULL;
    }
    free(d->attn);
    d->attn = data;
    free(d->path);
    d->path = xstrdup(name);
    return d;
}

static int take_axis(AttnDump *d, int keys, char *const *t, size_t n, const char *what, const char *name,
                     Diags *diags)
{
    int want = keys ? d->nk : d->nq;
    if (n != (size_t)want) {
        diags_add(diags, name, 0, "attn has %d %s but %s has %zu entries", want,
                  keys ? "key columns" : "query rows", what, n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!utf8_valid(t[i], strlen(t[i]))) {
            diags_add(diags, name, 0, "%s: entry %zu is not valid UTF-8", what, i);
            return -1;
        }
        dump_set_token(d, keys, (int)i, t[i]);
    }
    return 0;
}

int dump_take_tokens(AttnDump *d, char *const *q, size_t nq, const char *q_what, char *const *k, size_t nk,
                     const char *k_what, const char *name, Diags *diags)
{
    if (!k || k == q) {
        k = q, nk = nq, k_what = q_what;
        if (d->nq != d->nk && nq == (size_t)d->nq) {
            diags_add(diags, name, 0, "attn has %d query rows and %d key columns: cross-attention needs its "
                      "key tokens (k_tokens)", d->nq, d->nk);
            return -1;
        }
    }
    if (take_axis(d, 0, q, nq, q_what, name, diags) < 0) return -1;
    if (k == q && d->k_tokens == d->q_tokens) return 0;
    if (d->k_tokens == d->q_tokens) dump_split_tokens(d);
    return take_axis(d, 1, k, nk, k_what, name, diags);
}

void dump_number_tokens(AttnDump *d)
{
    char num[24];
    for (int keys = 0; keys < 2; keys++)
        for (int i = 0; i < (keys ? d->nk : d->nq); i++) {
            snprintf(num, sizeof num, "%d", i);
            dump_set_token(d, keys, i, num);
        }
}

int dump_refuse_nonfinite(const AttnDump *d, const char *name, Diags *diags)
{
    DumpCheck c;
    dump_check(d, &c);
    if (c.finite) return 0;
    float v = dump_head(d, c.bad_layer, c.bad_head)[(size_t)c.bad_row * (size_t)d->nk + (size_t)c.bad_col];
    diags_add(diags, name, 0, "the attention holds %s at layer %d, head %d, row %d, column %d (counting from 0)",
              v != v ? "NaN" : "an infinity", c.bad_layer, c.bad_head, c.bad_row, c.bad_col);
    return -1;
}

/* ---- .npz ---- */

/* Optional member name as strings into *a: 1 read, 0 absent, -1 refused. */
static int read_strings(Npz *z, const char *member, NpyArray *a, const char *name, Diags *diags)
{
    if (!npz_has(z, member)) return 0;
    if (npz_read(z, member, a, diags) < 0) return -1;
    if (!a->strings) {
        diags_add(diags, name, 0, "%s holds numbers: expected strings (a numpy unicode array)", member);
        npy_array_free(a);
        return -1;
    }
    return 1;
}

/* Member what (q, k, v or scores) must be attn's shape with its last one or
 * two axes replaced: rows (nq or nk) and cols (nk, or any d_head when
 * *cols is 0, set then). The dump adopts its data into *slot. */
static int read_extra(Npz *z, int ndim, const long *ashape, const char *what, int rows, int *cols,
                      float **slot, const char *name, Diags *diags)
{
    NpyArray a;
    if (npz_read(z, what, &a, diags) < 0) return -1;
    int ok = a.data && a.ndim == ndim && a.shape[ndim - 2] == rows && a.shape[ndim - 1] >= 1 &&
             a.shape[ndim - 1] <= INT_MAX && (!*cols || a.shape[ndim - 1] == *cols);
    for (int i = 0; ok && i < ndim - 2; i++) ok = a.shape[i] == ashape[i];
    if (!ok) {
        char s1[200], s2[200];
        diags_add(diags, name, 0, "%s has shape %s, which does not fit attn's %s", what,
                  a.data ? shape_str(a.ndim, a.shape, s1, sizeof s1) : "of strings",
                  shape_str(ndim, ashape, s2, sizeof s2));
        npy_array_free(&a);
        return -1;
    }
    *cols = (int)a.shape[ndim - 1];
    *slot = a.data;
    a.data = NULL;
    npy_array_free(&a);
    return 0;
}

/* Every number of p[0..n) finite (scores may hold -inf: a masked key). */
static int all_finite(const float *p, size_t n, int neg_inf_ok, const char *what, const char *name, Diags *diags)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(p[i]) && !(neg_inf_ok && p[i] < 0)) {
            diags_add(diags, name, 0, "%s holds %s at flat index %zu", what, p[i] != p[i] ? "NaN" : "an infinity",
                      i);
            return -1;
        }
    return 0;
}

/* q, k, v (all three or none) and scores, when the archive has them. */
static int read_extras(Npz *z, AttnDump *d, int ndim, const long *ashape, const char *name, Diags *diags)
{
    int n = npz_has(z, "q") + npz_has(z, "k") + npz_has(z, "v");
    if (n != 0 && n != 3) {
        diags_add(diags, name, 0, "has %d of q, k and v: give all three or none", n);
        return -1;
    }
    size_t lh = (size_t)d->layers * (size_t)d->heads;
    if (n == 3) {
        if (read_extra(z, ndim, ashape, "q", d->nq, &d->d_head, &d->q, name, diags) < 0 ||
            read_extra(z, ndim, ashape, "k", d->nk, &d->d_head, &d->k, name, diags) < 0 ||
            read_extra(z, ndim, ashape, "v", d->nk, &d->d_head, &d->v, name, diags) < 0)
            return -1;
        size_t qn = lh * (size_t)d->nq * (size_t)d->d_head, kn = lh * (size_t)d->nk * (size_t)d->d_head;
        if (all_finite(d->q, qn, 0, "q", name, diags) < 0 || all_finite(d->k, kn, 0, "k", name, diags) < 0 ||
            all_finite(d->v, kn, 0, "v", name, diags) < 0)
            return -1;
    }
    int nk = d->nk;
    if (npz_has(z, "scores") &&
        (read_extra(z, ndim, ashape, "scores", d->nq, &nk, &d->scores, name, diags) < 0 ||
         all_finite(d->scores, lh * (size_t)d->nq * (size_t)nk, 1, "scores", name, diags) < 0))
        return -1;
    return 0;
}

/* Where the tokens come from: arrays the reader owns (free_toks frees). */
typedef struct {
    NpyArray tok, qt, kt;
    char **lines;
    size_t n_lines;
} Toks;

static void free_toks(Toks *t)
{
    npy_array_free(&t->tok);
    npy_array_free(&t->qt);
    npy_array_free(&t->kt);
    for (size_t i = 0; i < t->n_lines; i++) free(t->lines[i]);
    free(t->lines);
}

/* The tokens file: one token a line ("\r\n" too; no token after a last
 * newline). NULL with an error when it cannot be read. */
static char **read_lines(const char *path, size_t *n, Diags *diags)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diags_add(diags, path, 0, "cannot open the tokens file: %s", strerror(errno));
        return NULL;
    }
    StrBuf b = {0};
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk - 1, f)) > 0) {
        chunk[got] = '\0';
        if (memchr(chunk, '\0', got)) {
            diags_add(diags, path, 0, "the tokens file holds a NUL byte: not text");
            fclose(f);
            free(b.s);
            return NULL;
        }
        sb_append(&b, chunk);
    }
    fclose(f);
    char **lines = NULL;
    *n = 0;
    for (char *p = b.s; p && *p;) {
        char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
        size_t len = (size_t)(end - p);
        if (len && p[len - 1] == '\r') len--;
        lines = xrealloc(lines, (*n + 1) * sizeof *lines);
        lines[(*n)++] = xstrndup(p, len);
        p = nl ? nl + 1 : end;
    }
    free(b.s);
    return lines ? lines : xcalloc(1, sizeof *lines);
}

int dump_place_tokens(AttnDump *d, const NpyArray *tok, const NpyArray *qt, const NpyArray *kt, const char *name,
                      Diags *diags)
{
    const NpyArray *q = qt->strings ? qt : tok->strings ? tok : NULL;
    const NpyArray *k = kt->strings ? kt : tok->strings ? tok : q;
    if (!q && !k) {
        diags_warn(diags, name, 0, "no tokens in the file: numbered from 0");
        dump_number_tokens(d);
        return 0;
    }
    if (!q) q = k;
    const char *qw = q == qt ? "q_tokens" : "tokens", *kw = k == kt ? "k_tokens" : "tokens";
    return dump_take_tokens(d, q->strings, q->count, qw, k == q ? NULL : k->strings, k->count, kw, name, diags);
}

/* The tokens into d: the tokens file when given, else what the file had. */
static int place_tokens(AttnDump *d, Toks *t, const char *tokens_path, const char *name, Diags *diags)
{
    if (tokens_path) {
        if (!(t->lines = read_lines(tokens_path, &t->n_lines, diags))) return -1;
        return dump_take_tokens(d, t->lines, t->n_lines, tokens_path, NULL, 0, NULL, name, diags);
    }
    return dump_place_tokens(d, &t->tok, &t->qt, &t->kt, name, diags);
}

static char *join_strings(const NpyArray *a)
{
    StrBuf b = {0};
    for (size_t i = 0; i < a->count; i++) {
        if (i) sb_append(&b, "\n");
        sb_append(&b, a->strings[i]);
    }
    return b.s ? b.s : xstrdup("");
}

static AttnDump *read_npz(Npz *z, const char *tokens_path, const char *name, Diags *diags)
{
    NpyArray a;
    if (npz_read(z, "attn", &a, diags) < 0) return NULL;
    if (!a.data) {
        diags_add(diags, name, 0, "attn holds strings: expected numbers");
        npy_array_free(&a);
        return NULL;
    }
    AttnDump *d = dump_adopt(a.data, a.ndim, a.shape, name, "attn", diags);
    if (!d) {
        npy_array_free(&a);
        return NULL;
    }
    Toks t = {0};
    NpyArray about = {0};
    int ok = dump_refuse_nonfinite(d, name, diags) == 0 && read_extras(z, d, a.ndim, a.shape, name, diags) == 0 &&
             read_strings(z, "tokens", &t.tok, name, diags) >= 0 &&
             read_strings(z, "q_tokens", &t.qt, name, diags) >= 0 &&
             read_strings(z, "k_tokens", &t.kt, name, diags) >= 0 &&
             read_strings(z, "about", &about, name, diags) >= 0 && place_tokens(d, &t, tokens_path, name, diags) == 0;
    if (ok && about.strings) d->about = join_strings(&about);
    free_toks(&t);
    npy_array_free(&about);
    if (!ok) {
        dump_free(d);
        return NULL;
    }
    return d;
}

/* A bare .npy: the weights alone; tokens from the tokens file or numbers. */
static AttnDump *read_npy(const void *p, size_t len, const char *tokens_path, const char *name, Diags *diags)
{
    NpyArray a;
    if (npy_parse(p, len, name, &a, diags) < 0) return NULL;
    AttnDump *d = a.data ? dump_adopt(a.data, a.ndim, a.shape, name, "the array", diags) : NULL;
    if (!a.data) diags_add(diags, name, 0, "the array holds strings: expected numbers");
    if (!d) {
        npy_array_free(&a);
        return NULL;
    }
    Toks t = {0};
    int ok = dump_refuse_nonfinite(d, name, diags) == 0;
    if (ok && tokens_path) {
        ok = place_tokens(d, &t, tokens_path, name, diags) == 0;
    } else if (ok) {
        dump_number_tokens(d);
    }
    free_toks(&t);
    if (!ok) {
        dump_free(d);
        return NULL;
    }
    return d;
}

/* ---- which format ---- */

/* The bytes p[0..len) by their first bytes; a zip is reopened from path by
 * libzip when there is one (so it is not held in memory), else from p. */
static AttnDump *read_any(const unsigned char *p, size_t len, const char *path, const char *tokens_path,
                          const char *name, Diags *diags)
{
    if (len == 0) {
        diags_add(diags, name, 0, "the file is empty");
        return NULL;
    }
    if (len >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] < 9 && p[3] < 9) {
        Npz *z = path ? npz_open(path, diags) : npz_open_mem(p, len, name, diags);
        AttnDump *d = z ? read_npz(z, tokens_path, name, diags) : NULL;
        npz_close(z);
        return d;
    }
    if (len >= 6 && memcmp(p, "\x93NUMPY", 6) == 0) return read_npy(p, len, tokens_path, name, diags);
    size_t i = len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;   /* a UTF-8 BOM */
    while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) i++;
    if (i < len && p[i] == '{') {
        AttnDump *d = dump_json_read((const char *)p + i, len - i, name, diags);
        Toks t = {0};
        if (d && tokens_path && place_tokens(d, &t, tokens_path, name, diags) < 0) {
            dump_free(d);
            d = NULL;
        }
        free_toks(&t);
        return d;
    }
    diags_add(diags, name, 0, "not an attention file: expected an .npz (zip), a .npy (\\x93NUMPY) or JSON ({)");
    return NULL;
}

AttnDump *dump_read(const char *path, const char *tokens_path, Diags *diags)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        diags_add(diags, path, 0, "cannot open: %s", strerror(errno));
        if (fd >= 0) close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        diags_add(diags, path, 0, "not a regular file");
        close(fd);
        return NULL;
    }
    size_t len = (size_t)st.st_size;
    void *map = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
    close(fd);
    if (map == MAP_FAILED) {
        diags_add(diags, path, 0, "cannot read: %s", strerror(errno));
        return NULL;
    }
    AttnDump *d = read_any(map, len, path, tokens_path, path, diags);
    if (map) munmap(map, len);
    return d;
}

AttnDump *dump_read_mem(const void *data, size_t len, const char *name, Diags *diags)
{
    return read_any(data, len, NULL, NULL, name, diags);
}
