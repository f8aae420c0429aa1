/* dump_json.c - {"tokens": [...], "attention": [[[...]]]} through cJSON
 * (CircuitsVis's [heads, dest, src], or [layers, heads, q, k], or [q, k]);
 * optional "q_tokens", "k_tokens" and "about". The nested arrays are checked
 * to be rectangular before anything is allocated from their sizes. */
#include "model/dump_read_impl.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "model/npy.h"

/* The path to an element, "attention[1][0][3]", into buf. */
static const char *place(const int *idx, int depth, char *buf, size_t len)
{
    size_t u = (size_t)snprintf(buf, len, "attention");
    for (int i = 0; i < depth && u < len; i++) u += (size_t)snprintf(buf + u, len - u, "[%d]", idx[i]);
    return buf;
}

/* Checks that a is an array nested like shape[depth..ndim); with out, also
 * writes its numbers there in C order. 0, or -1 with an error naming the
 * place. */
static int walk(const cJSON *a, int depth, int ndim, const long *shape, int *idx, float **out, const char *name,
                Diags *diags)
{
    char at[160];
    if (depth == ndim) {
        if (!cJSON_IsNumber(a)) {
            diags_add(diags, name, 0, "%s is not a number", place(idx, depth, at, sizeof at));
            return -1;
        }
        if (*out) *(*out)++ = (float)a->valuedouble;   /* overflow: inf, refused by the check */
        return 0;
    }
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != shape[depth]) {
        diags_add(diags, name, 0, "%s should be a list of %ld entries, like the first one at this depth",
                  place(idx, depth, at, sizeof at), shape[depth]);
        return -1;
    }
    idx[depth] = 0;
    for (const cJSON *e = a->child; e; e = e->next, idx[depth]++)
        if (walk(e, depth + 1, ndim, shape, idx, out, name, diags) < 0) return -1;
    return 0;
}

/* The shape from the first entry at each depth. -1 when it is not 2 to 4
 * nested lists of numbers. */
static int first_shape(const cJSON *a, long *shape)
{
    int ndim = 0;
    while (cJSON_IsArray(a)) {
        if (ndim == 4) return -1;
        shape[ndim++] = cJSON_GetArraySize(a);
        a = a->child;
    }
    return ndim >= 2 && cJSON_IsNumber(a) ? ndim : -1;
}

/* An optional list of strings: 1 read (as an NpyArray of strings), 0 absent,
 * -1 refused. */
static int string_list(const cJSON *root, const char *key, NpyArray *out, const char *name, Diags *diags)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!t) return 0;
    if (!cJSON_IsArray(t)) {
        diags_add(diags, name, 0, "\"%s\" should be a list of strings", key);
        return -1;
    }
    out->count = (size_t)cJSON_GetArraySize(t);
    out->strings = xcalloc(out->count + 1, sizeof *out->strings);
    size_t i = 0;
    for (const cJSON *e = t->child; e; e = e->next, i++) {
        if (!cJSON_IsString(e)) {
            diags_add(diags, name, 0, "\"%s\"[%zu] is not a string", key, i);
            return -1;
        }
        out->strings[i] = xstrdup(e->valuestring);
    }
    return 1;
}

static int line_of(const char *text, const char *at)
{
    int line = 1;
    for (const char *p = text; p < at; p++) line += *p == '\n';
    return line;
}

/* The tokens (q_tokens/k_tokens over tokens; numbers when none). */
static int json_tokens(const cJSON *root, AttnDump *d, const char *name, Diags *diags)
{
    NpyArray t = {0}, qt = {0}, kt = {0};
    int rc = string_list(root, "tokens", &t, name, diags) < 0 || string_list(root, "q_tokens", &qt, name, diags) < 0 ||
                     string_list(root, "k_tokens", &kt, name, diags) < 0
                 ? -1
                 : dump_place_tokens(d, &t, &qt, &kt, name, diags);
    npy_array_free(&t);
    npy_array_free(&qt);
    npy_array_free(&kt);
    return rc;
}

AttnDump *dump_json_read(const char *text, size_t len, const char *name, Diags *diags)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        diags_add(diags, name, end ? line_of(text, end) : 0, "not valid JSON here");
        return NULL;
    }
    AttnDump *d = NULL;
    const cJSON *att = cJSON_GetObjectItemCaseSensitive(root, "attention");
    long shape[4];
    int idx[4], ndim = att ? first_shape(att, shape) : -1;
    float *data = NULL, *w = NULL;
    if (!cJSON_IsObject(root) || !att) {
        diags_add(diags, name, 0, "no \"attention\": expected {\"tokens\": [...], \"attention\": [[[...]]]}");
    } else if (ndim < 0) {
        diags_add(diags, name, 0, "\"attention\" should be 2 to 4 nested lists of numbers "
                  "([layers, heads, q, k], [heads, q, k] or [q, k])");
    } else if (walk(att, 0, ndim, shape, idx, &w, name, diags) == 0) {
        size_t n = 1;
        for (int i = 0; i < ndim; i++) n *= (size_t)shape[i];   /* <= the numbers in the text */
        data = w = xmalloc(n * sizeof *data + 1);
        walk(att, 0, ndim, shape, idx, &w, name, diags);
        d = dump_adopt(data, ndim, shape, name, "attention", diags);
        if (!d) free(data);
    }
    const cJSON *about = d ? cJSON_GetObjectItemCaseSensitive(root, "about") : NULL;
    if (cJSON_IsString(about)) d->about = xstrdup(about->valuestring);
    if (d && (dump_refuse_nonfinite(d, name, diags) < 0 || json_tokens(root, d, name, diags) < 0)) {
        dump_free(d);
        d = NULL;
    }
    cJSON_Delete(root);
    return d;
}
