/* test_dump_view.c - the view's sample files (tests/fixtures/view/, made by
 * scripts/make_view_samples.py with numpy) read as expected.json says:
 * shape, tokens, cells, the causal mask and the rows' sums for the good
 * ones, a message naming the file and the problem for the bad ones; and the
 * trained model's heads (assets/heads.npz) summarised as
 * scripts/heads_summary.py does (tests/fixtures/heads_summary.json). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/check.h"
#include "model/dump_read.h"
#include "model/summary.h"

#define VIEW "tests/fixtures/view/"

static cJSON *load_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    return j;
}

/* The tokens file beside a bare .npy: NAME.tokens.txt, when there is one. */
static const char *tokens_for(const char *name, char *buf, size_t len)
{
    const char *dot = strrchr(name, '.');
    snprintf(buf, len, VIEW "%.*s.tokens.txt", (int)(dot - name), name);
    return strcmp(dot, ".npy") == 0 && access(buf, R_OK) == 0 ? buf : NULL;
}

static void assert_tokens(const cJSON *want, char **got, int n)
{
    if (!want) return;
    assert_int_equal(cJSON_GetArraySize(want), n);
    for (int i = 0; i < n; i++) assert_string_equal(got[i], cJSON_GetArrayItem(want, i)->valuestring);
}

/* The expected shape (2 to 4 axes) against the dump's four. */
static void assert_shape(const cJSON *shape, const AttnDump *d)
{
    int n = cJSON_GetArraySize(shape), full[4] = {1, 1, 1, 1};
    for (int i = 0; i < n; i++) full[4 - n + i] = cJSON_GetArrayItem(shape, i)->valueint;
    assert_int_equal(d->layers, full[0]);
    assert_int_equal(d->heads, full[1]);
    assert_int_equal(d->nq, full[2]);
    assert_int_equal(d->nk, full[3]);
}

static void assert_cells(const cJSON *cells, const AttnDump *d)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cells) {
        const cJSON *idx = cJSON_GetObjectItem(c, "index");
        int n = cJSON_GetArraySize(idx), at[4] = {0, 0, 0, 0};
        for (int i = 0; i < n; i++) at[4 - n + i] = cJSON_GetArrayItem(idx, i)->valueint;
        double got = dump_head(d, at[0], at[1])[(size_t)at[2] * (size_t)d->nk + (size_t)at[3]];
        assert_float_equal(got, cJSON_GetObjectItem(c, "value")->valuedouble, 1e-6);
    }
}

/* A good (or warned) file: everything expected.json records. */
static void check_good(const char *name, const cJSON *e, AttnDump *d)
{
    assert_shape(cJSON_GetObjectItem(e, "shape"), d);
    assert_tokens(cJSON_GetObjectItem(e, "tokens"), d->q_tokens, d->nq);
    assert_tokens(cJSON_GetObjectItem(e, "tokens"), d->k_tokens, d->nk);
    assert_tokens(cJSON_GetObjectItem(e, "q_tokens"), d->q_tokens, d->nq);
    assert_tokens(cJSON_GetObjectItem(e, "k_tokens"), d->k_tokens, d->nk);
    assert_cells(cJSON_GetObjectItem(e, "cells"), d);
    DumpCheck c;
    dump_check(d, &c);
    assert_true(c.finite);
    const cJSON *causal = cJSON_GetObjectItem(e, "causal");
    if (causal) assert_int_equal(c.causal, cJSON_IsTrue(causal));
    int warned = strcmp(cJSON_GetObjectItem(e, "expect")->valuestring, "warning") == 0;
    if (!warned) {
        if (c.rows_off != 0) fail_msg("%s: %ld rows off", name, c.rows_off);
        return;
    }
    assert_true(c.rows_off > 0);
    const cJSON *w = cJSON_GetObjectItem(e, "worst_row"), *wi = cJSON_GetObjectItem(w, "index");
    int n = cJSON_GetArraySize(wi), at[3] = {0, 0, 0};
    for (int i = 0; i < n; i++) at[3 - n + i] = cJSON_GetArrayItem(wi, i)->valueint;
    assert_int_equal(c.worst_layer, at[0]);
    assert_int_equal(c.worst_head, at[1]);
    assert_int_equal(c.worst_row, at[2]);
    assert_float_equal(c.worst_sum, cJSON_GetObjectItem(w, "sum")->valuedouble, 1e-5);
}

/* The words our message has for each bad sample. */
static const char *bad_words(const char *name)
{
    static const char *const words[][2] = {
        {"bad_count.npz", "attn has 5 query rows but tokens has 4 entries"},
        {"bad_nan.npz", "holds NaN at layer 0, head 1, row 3, column 2"},
        {"bad_truncated.npz", "not a readable .npz (zip)"},
        {"bad_truncated.npy", "truncated: the data has 72 of the 200 bytes"},
        {"bad_truncated.json", "not valid JSON"},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(words[i][0], name) == 0) return words[i][1];
    fail_msg("no words for %s: add them here", name);
    return NULL;
}

static void test_view_samples(void **state)
{
    (void)state;
    cJSON *root = load_json(VIEW "expected.json");
    const cJSON *e;
    int good = 0, bad = 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(root, "files")) {
        char path[300], tok[300];
        snprintf(path, sizeof path, VIEW "%s", e->string);
        Diags d = {0};
        AttnDump *dump = dump_read(path, tokens_for(e->string, tok, sizeof tok), &d);
        if (strcmp(cJSON_GetObjectItem(e, "expect")->valuestring, "error") == 0) {
            assert_null(dump);
            assert_true(diags_errors(&d) > 0);
            assert_non_null(strstr(d.v[0].file, e->string));
            if (!strstr(d.v[0].msg, bad_words(e->string))) fail_msg("%s: '%s'", e->string, d.v[0].msg);
            bad++;
        } else {
            if (!dump) diags_print(&d, stderr);
            assert_non_null(dump);
            check_good(e->string, e, dump);
            dump_free(dump);
            good++;
        }
        diags_free(&d);
    }
    assert_true(good >= 10 && bad >= 5);
    cJSON_Delete(root);
}

/* A number of heads_summary.json (null: the score has no rows). */
static void assert_near(const cJSON *h, const char *key, double got, int has)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(h, key);
    assert_non_null(v);
    if (cJSON_IsNull(v)) {
        assert_false(has);
        return;
    }
    assert_true(has);
    if (fabs(v->valuedouble - got) > 1e-5) fail_msg("%s: numpy %.6f, C %.6f", key, v->valuedouble, got);
}

/* Every head of dump_path against scripts/heads_summary.py's JSON of it. */
static void compare_with_numpy(const char *dump_path, const char *json_path)
{
    Diags diags = {0};
    AttnDump *d = dump_read(dump_path, NULL, &diags);
    assert_non_null(d);
    assert_int_equal(diags.n, 0);
    cJSON *root = load_json(json_path);
    const cJSON *heads = cJSON_GetObjectItem(root, "heads_summary"), *h;
    assert_int_equal(cJSON_GetArraySize(heads), d->layers * d->heads);
    cJSON_ArrayForEach(h, heads) {
        HeadSummary s;
        head_summary(d, cJSON_GetObjectItem(h, "layer")->valueint, cJSON_GetObjectItem(h, "head")->valueint, &s);
        assert_near(h, "mean_distance", s.mean_dist, 1);
        assert_near(h, "entropy", s.entropy, 1);
        assert_near(h, "first_share", s.first_share, 1);
        assert_near(h, "previous", s.prev, s.rows_scored > 0);
        assert_near(h, "first", s.first, s.rows_scored > 0);
        assert_near(h, "self", s.self, s.rows_scored > 0);
        assert_near(h, "induction", s.induction, s.induction_rows > 0);
        assert_string_equal(head_pattern_key(s.pattern), cJSON_GetObjectItem(h, "label")->valuestring);
    }
    cJSON_Delete(root);
    dump_free(d);
}

/* The period found in a head's tokens, and its label. */
static void assert_head(const char *path, int layer, int head, HeadPattern p, int period)
{
    Diags diags = {0};
    AttnDump *d = dump_read(path, NULL, &diags);
    assert_non_null(d);
    HeadSummary s;
    head_summary(d, layer, head, &s);
    assert_int_equal(s.pattern, p);
    assert_int_equal(s.period, period);
    dump_free(d);
}

/* The trained model (-inf in its scores, q, k, v of 16) and a repeated
 * text of tests/fixtures/npy/gen_dumps.py, as numpy sums them. */
static void test_summaries_as_numpy(void **state)
{
    (void)state;
    compare_with_numpy("assets/heads.npz", "tests/fixtures/heads_summary.json");
    compare_with_numpy("tests/fixtures/npy/dumps/repeat.npz", "tests/fixtures/npy/dumps/repeat_summary.json");
    assert_head("assets/heads.npz", 1, 0, PATTERN_INDUCTION, 12);    /* the segment repeats after 12 */
    assert_head("assets/heads.npz", 0, 3, PATTERN_PREV, 12);
    assert_head("tests/fixtures/npy/dumps/repeat.npz", 1, 1, PATTERN_INDUCTION, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view_samples),
        cmocka_unit_test(test_summaries_as_numpy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
