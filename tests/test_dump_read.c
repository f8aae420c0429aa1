/* test_dump_read.c - attention dumps numpy wrote (tests/fixtures/npy/
 * gen_dumps.py) read back bit for bit in each format; each bad file gives
 * its message; a GPT-2-sized dump reads fast. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "model/check.h"
#include "model/dump_read.h"

#define DIR "tests/fixtures/npy/dumps/"

/* The raw float32 the generator wrote beside a dump: n floats. */
static float *raw(const char *name, size_t n)
{
    char path[256];
    snprintf(path, sizeof path, DIR "%s.f32", name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    float *v = malloc(n * sizeof *v);
    assert_int_equal(fread(v, sizeof *v, n, f), n);
    fclose(f);
    return v;
}

static void assert_floats(const float *got, const char *name, size_t n)
{
    float *want = raw(name, n);
    assert_memory_equal(got, want, n * sizeof *want);
    free(want);
}

static AttnDump *read_ok(const char *name, const char *tokens)
{
    char path[256], tpath[256];
    snprintf(path, sizeof path, DIR "%s", name);
    snprintf(tpath, sizeof tpath, DIR "%s", tokens ? tokens : "");
    Diags d = {0};
    AttnDump *dump = dump_read(path, tokens ? tpath : NULL, &d);
    if (!dump) diags_print(&d, stderr);
    assert_non_null(dump);
    assert_int_equal(diags_errors(&d), 0);
    diags_free(&d);
    return dump;
}

static void assert_shape(const AttnDump *d, int layers, int heads, int nq, int nk)
{
    assert_int_equal(d->layers, layers);
    assert_int_equal(d->heads, heads);
    assert_int_equal(d->nq, nq);
    assert_int_equal(d->nk, nk);
}

static void test_npz_full(void **state)
{
    (void)state;
    AttnDump *d = read_ok("gpt_like.npz", NULL);
    assert_shape(d, 2, 3, 4, 4);
    assert_floats(d->attn, "gpt_like", 96);
    assert_int_equal(d->d_head, 5);
    assert_floats(d->q, "gpt_like_q", 120);
    assert_floats(d->v, "gpt_like_v", 120);
    assert_non_null(d->scores);
    assert_ptr_equal(d->k_tokens, d->q_tokens);
    assert_string_equal(d->q_tokens[1], "cat");
    assert_string_equal(d->q_tokens[3], "\xc3\xa9t\xc3\xa9");
    assert_string_equal(d->about, "a made-up causal model");
    assert_string_equal(d->path, DIR "gpt_like.npz");
    DumpCheck c;
    dump_check(d, &c);
    assert_true(c.finite);
    assert_true(c.causal);
    assert_int_equal(c.rows_off, 0);
    dump_free(d);
}

static void test_other_formats(void **state)
{
    (void)state;
    AttnDump *d = read_ok("heads3.npz", NULL);   /* float64, deflated */
    assert_shape(d, 1, 3, 4, 4);
    assert_floats(d->attn, "heads3", 48);
    assert_null(d->q);
    assert_null(d->scores);
    DumpCheck c;
    dump_check(d, &c);
    assert_false(c.causal);
    dump_free(d);

    d = read_ok("cross.npz", NULL);             /* big-endian, cross-attention */
    assert_shape(d, 1, 1, 5, 3);
    assert_floats(d->attn, "cross", 15);
    assert_ptr_not_equal(d->k_tokens, d->q_tokens);
    assert_string_equal(d->q_tokens[4], "e");
    assert_string_equal(d->k_tokens[2], "z");
    dump_check(d, &c);
    assert_false(c.causal);
    dump_free(d);

    d = read_ok("plain.npy", "plain_tokens.txt");
    assert_shape(d, 1, 1, 4, 4);
    assert_floats(d->attn, "plain", 16);
    assert_string_equal(d->q_tokens[0], "The");
    assert_string_equal(d->q_tokens[3], "\xc3\xa9t\xc3\xa9");
    dump_free(d);

    d = read_ok("plain.npy", NULL);             /* no tokens file: numbered */
    assert_string_equal(d->q_tokens[2], "2");
    dump_free(d);

    d = read_ok("circuits.json", NULL);
    assert_shape(d, 1, 2, 4, 4);
    assert_floats(d->attn, "circuits", 32);
    assert_string_equal(d->k_tokens[2], "sat");
    dump_check(d, &c);
    assert_true(c.causal);
    dump_free(d);
}

/* A bad file: refused, and the first error names the file and has words. */
static void refused(const char *name, const char *tokens, const char *words)
{
    char path[256], tpath[256];
    snprintf(path, sizeof path, DIR "%s", name);
    snprintf(tpath, sizeof tpath, DIR "%s", tokens ? tokens : "");
    Diags d = {0};
    assert_null(dump_read(path, tokens ? tpath : NULL, &d));
    assert_true(diags_errors(&d) >= 1);
    int e = 0;
    while (d.v[e].warning) e++;
    int names = strstr(d.v[e].file, name) || (tokens && strstr(d.v[e].file, tokens));
    if (!names || !strstr(d.v[e].msg, words))
        fail_msg("%s: '%s: %s' lacks '%s'", name, d.v[e].file, d.v[e].msg, words);
    diags_free(&d);
}

static void test_bad_files(void **state)
{
    (void)state;
    refused("bad_count.npz", NULL, "attn has 4 query rows but tokens has 3 entries");
    refused("plain.npy", "three_tokens.txt", "attn has 4 query rows but " DIR "three_tokens.txt has 3 entries");
    refused("plain.npy", "missing.txt", "cannot open the tokens file");
    refused("bad_nan.npz", NULL, "holds NaN at layer 1, head 0, row 2, column 3");
    refused("bad_noattn.npz", NULL, "has no attn.npy (its members: weights.npy, tokens.npy)");
    refused("bad_int.npz", NULL, "dtype '<i4' is not one attnlab reads");
    refused("bad_5d.npz", NULL, "attn has shape (1, 2, 2, 4, 4): expected [layers, heads, q, k]");
    refused("bad_empty.npz", NULL, "attn has shape (0, 4)");
    refused("bad_qonly.npz", NULL, "has 1 of q, k and v: give all three or none");
    refused("bad_qshape.npz", NULL, "v has shape (2, 2, 4, 2), which does not fit attn's (2, 2, 4, 4)");
    refused("bad_cross.npz", NULL, "attn has 4 query rows and 3 key columns: cross-attention needs");
    refused("bad_tokens_num.npz", NULL, "tokens holds numbers: expected strings");
    refused("bad_cut.npz", NULL, "not a readable .npz (zip)");
    refused("bad_crc.npz", NULL, "damaged data: CRC error");
    refused("bad_member.npz", NULL, "not a .npy array");
    refused("bad_inf.json", NULL, "holds an infinity at layer 0, head 0, row 1, column 0");
    refused("bad_ragged.json", NULL, "attention[0][1] should be a list of 2 entries");
    refused("bad_syntax.json", NULL, "not valid JSON");
    refused("bad_tokens.json", NULL, "\"tokens\"[1] is not a string");
    refused("bad_text.txt", NULL, "not an attention file");
    refused("missing.npz", NULL, "cannot open");
    refused("", NULL, "not a regular file");
}

/* Bytes in memory (the fuzz harnesses' way in) read like the file. */
static void test_from_memory(void **state)
{
    (void)state;
    static const char json[] = "{\"tokens\": [\"a\", \"b\"], \"attention\": [[1, 0], [0.25, 0.75]], \"about\": \"x\"}";
    Diags d = {0};
    AttnDump *dump = dump_read_mem(json, sizeof json - 1, "mem.json", &d);
    assert_non_null(dump);
    assert_shape(dump, 1, 1, 2, 2);
    assert_true(dump->attn[2] == 0.25f);
    assert_string_equal(dump->about, "x");
    assert_string_equal(dump->path, "mem.json");
    dump_free(dump);
    assert_null(dump_read_mem("", 0, "empty", &d));
    assert_non_null(strstr(d.v[0].msg, "the file is empty"));
    diags_free(&d);
    dump = dump_read_mem("{\"attention\": [[1]]}", 20, "notok.json", &d);
    assert_non_null(dump);
    assert_int_equal(d.n, 1);
    assert_true(d.v[0].warning);
    assert_string_equal(dump->q_tokens[0], "0");
    dump_free(dump);
    diags_free(&d);
}

/* A .npy member's bytes: a v1 header for shape (dims) of descr, padded to
 * 64 bytes as numpy does, then data. */
static void *npy_bytes(const char *descr, const char *shape, const void *data, size_t n, size_t *len)
{
    char dict[200];
    int hl = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shape);
    size_t total = (10 + (size_t)hl + 1 + 63) / 64 * 64;
    unsigned char *b = malloc(total + n);
    memcpy(b, "\x93NUMPY\x01\x00", 8);
    b[8] = (unsigned char)((total - 10) & 255);
    b[9] = (unsigned char)((total - 10) >> 8);
    memset(b + 10, ' ', total - 10);
    memcpy(b + 10, dict, (size_t)hl);
    b[total - 1] = '\n';
    memcpy(b + total, data, n);
    *len = total + n;
    return b;
}

static void add_member(zip_t *z, const char *name, void *bytes, size_t len)
{
    zip_source_t *s = zip_source_buffer(z, bytes, len, 1);
    assert_non_null(s);
    zip_int64_t i = zip_file_add(z, name, s, ZIP_FL_OVERWRITE);
    assert_true(i >= 0);
    zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* GPT-2's shape (12 x 12 x 128 x 128 float32, 9.4 MB) as np.savez stores
 * it: read, and timed (printed only: a test never fails on a timing). */
static void test_gpt2_sized(void **state)
{
    (void)state;
    enum { L = 12, H = 12, N = 128 };
    size_t n = (size_t)L * H * N * N, len;
    float *a = malloc(n * sizeof *a);
    for (size_t i = 0; i < n; i++) a[i] = 1.0f / N;
    a[n - 1] = 0.5f;
    uint32_t tok[N][4] = {{0}};
    for (int i = 0; i < N; i++) tok[i][0] = 't', tok[i][1] = (uint32_t)('0' + i / 100), tok[i][2] = (uint32_t)('0' + i / 10 % 10),
                                tok[i][3] = (uint32_t)('0' + i % 10);
    char path[] = "/tmp/attnlab-gpt2-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int err;
    zip_t *z = zip_open(path, ZIP_TRUNCATE | ZIP_CREATE, &err);
    assert_non_null(z);
    void *b = npy_bytes("<f4", "(12, 12, 128, 128)", a, n * sizeof *a, &len);
    add_member(z, "attn.npy", b, len);
    b = npy_bytes("<U4", "(128,)", tok, sizeof tok, &len);
    add_member(z, "tokens.npy", b, len);
    assert_int_equal(zip_close(z), 0);

    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    Diags d = {0};
    AttnDump *dump = dump_read(path, NULL, &d);
    double ms = ms_since(&t0);
    assert_non_null(dump);
    assert_shape(dump, L, H, N, N);
    assert_memory_equal(dump->attn, a, n * sizeof *a);
    assert_string_equal(dump->q_tokens[127], "t127");
    DumpCheck c;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    dump_check(dump, &c);
    double ms_check = ms_since(&t0);
    assert_int_equal(c.rows_off, 1);
    assert_int_equal(c.worst_layer, 11);
    assert_int_equal(c.worst_row, 127);
    printf("# 12x12x128x128 float32 .npz: read in %.1f ms, checked in %.1f ms\n", ms, ms_check);
    dump_free(dump);
    free(a);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_npz_full),   cmocka_unit_test(test_other_formats), cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_from_memory), cmocka_unit_test(test_gpt2_sized),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
