/* test_npy.c - the .npy/.npz reader against files numpy wrote
 * (tests/fixtures/npy/gen_npy.py): every dtype, byte order, header version
 * and Fortran order gives numpy's numbers; each bad file its message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/npy.h"

#define DIR "tests/fixtures/npy/"

/* The whole file, for npy_parse; *len its size. */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *buf = malloc(1 << 16);
    *len = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

/* npy_parse on a fixture: its return code, the array in *a. */
static int parse_file(const char *name, NpyArray *a, Diags *d)
{
    char path[256];
    snprintf(path, sizeof path, DIR "%s", name);
    size_t len;
    unsigned char *buf = slurp(path, &len);
    int rc = npy_parse(buf, len, name, a, d);
    free(buf);
    return rc;
}

/* The samples' numbers: v[i] = i * 0.25 - 1, C order. */
static void assert_ramp(const NpyArray *a, size_t n)
{
    assert_int_equal(a->count, n);
    assert_non_null(a->data);
    assert_null(a->strings);
    for (size_t i = 0; i < n; i++)
        assert_true(a->data[i] == (float)i * 0.25f - 1.0f);
}

static void test_every_dtype(void **state)
{
    (void)state;
    const char *files[] = {"f4_le.npy", "f4_be.npy", "f8_le.npy", "f8_be.npy", "f2_le.npy", "f2_be.npy",
                           "bf16_u2.npy", "bf16_v2.npy", "f4_v2.npy", "f4_v3.npy"};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        Diags d = {0};
        NpyArray a;
        assert_int_equal(parse_file(files[f], &a, &d), 0);
        assert_int_equal(d.n, 0);
        assert_int_equal(a.ndim, 2);
        assert_int_equal(a.shape[0], 2);
        assert_int_equal(a.shape[1], 3);
        assert_ramp(&a, 6);
        npy_array_free(&a);
    }
}

/* np.asfortranarray(v.reshape(2, 3, 4)): read back in C order, the same
 * numbers at the same indices as numpy shows them. */
static void test_fortran_transposed(void **state)
{
    (void)state;
    Diags d = {0};
    NpyArray a;
    assert_int_equal(parse_file("fortran_2x3x4.npy", &a, &d), 0);
    assert_int_equal(a.ndim, 3);
    assert_int_equal(a.shape[2], 4);
    assert_ramp(&a, 24);
    npy_array_free(&a);
}

static void test_scalar(void **state)
{
    (void)state;
    Diags d = {0};
    NpyArray a;
    assert_int_equal(parse_file("scalar.npy", &a, &d), 0);
    assert_int_equal(a.ndim, 0);
    assert_int_equal(a.count, 1);
    assert_true(a.data[0] == 1.5f);
    npy_array_free(&a);
}

static void test_unicode(void **state)
{
    (void)state;
    Diags d = {0};
    NpyArray a;
    assert_int_equal(parse_file("tokens_le.npy", &a, &d), 0);
    assert_int_equal(a.count, 5);
    assert_null(a.data);
    assert_string_equal(a.strings[0], "The");
    assert_string_equal(a.strings[1], "caf\xc3\xa9");
    assert_string_equal(a.strings[2], "\xe6\x97\xa5\xe6\x9c\xac");
    assert_string_equal(a.strings[3], "\xf0\x9f\x98\x80");
    assert_string_equal(a.strings[4], "");
    npy_array_free(&a);
    assert_int_equal(parse_file("tokens_be.npy", &a, &d), 0);
    assert_int_equal(a.count, 2);
    assert_string_equal(a.strings[0], "ab");
    assert_string_equal(a.strings[1], "\xc3\xa9t\xc3\xa9");
    npy_array_free(&a);
}

/* Each bad file: refused, one error naming the file and the words given. */
static void expect_refused(const char *name, const char *words)
{
    Diags d = {0};
    NpyArray a;
    assert_int_equal(parse_file(name, &a, &d), -1);
    assert_null(a.data);
    assert_int_equal(diags_errors(&d), 1);
    assert_string_equal(d.v[0].file, name);
    if (!strstr(d.v[0].msg, words))
        fail_msg("%s: '%s' lacks '%s'", name, d.v[0].msg, words);
    diags_free(&d);
}

static void test_bad_npy(void **state)
{
    (void)state;
    expect_refused("bad_int.npy", "dtype '<i4' is not one attnlab reads");
    expect_refused("bad_object.npy", "dtype '|O' is not one");
    expect_refused("bad_record.npy", "structured dtype");
    expect_refused("bad_truncated.npy", "truncated: the data has 19 of the 24 bytes");
    expect_refused("bad_extra.npy", "bytes after the array's data");
    expect_refused("bad_header_cut.npy", "truncated: the file ends inside the .npy header");
    expect_refused("bad_dict.npy", "damaged .npy header");
    expect_refused("bad_version.npy", "version 7.0 is not one");
    expect_refused("bad_magic.npy", "not a .npy array");
}

/* Hand-made headers the parser must refuse or take: odd but legal Python
 * (double quotes, 3L, no trailing comma) and near misses. */
static int parse_header(const char *dict, size_t data_bytes)
{
    unsigned char buf[512] = "\x93NUMPY\x01\x00";
    size_t hl = strlen(dict);
    buf[8] = (unsigned char)hl;
    buf[9] = 0;
    memcpy(buf + 10, dict, hl);
    memset(buf + 10 + hl, 0, data_bytes);
    Diags d = {0};
    NpyArray a;
    int rc = npy_parse(buf, 10 + hl + data_bytes, "h.npy", &a, &d);
    npy_array_free(&a);
    diags_free(&d);
    return rc;
}

static void test_header_grammar(void **state)
{
    (void)state;
    assert_int_equal(parse_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n", 24), 0);
    assert_int_equal(parse_header("{\"shape\": (2L,), \"descr\": \"<f4\", \"fortran_order\": False}", 8), 0);
    assert_int_equal(parse_header("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }", 0), 0);
    assert_int_equal(parse_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2), }", 8), -1);
    assert_int_equal(parse_header("{'descr': '<f4', 'fortran_order': false, 'shape': (2,), }", 8), -1);
    assert_int_equal(parse_header("{'descr': '<f4', 'shape': (2,), }", 8), -1);
    assert_int_equal(parse_header("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", 8),
                     -1);
    assert_int_equal(parse_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8), -1);
    assert_int_equal(parse_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } x", 8), -1);
    assert_int_equal(parse_header("{'descr': '<f\\4', 'fortran_order': False, 'shape': (2,)}", 8), -1);
    assert_int_equal(parse_header("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", 8), -1);
    assert_int_equal(parse_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,2,3,4,5,6,7,8,9)}", 4),
                     -1);
    /* a shape whose bytes overflow: refused before any allocation */
    assert_int_equal(parse_header("{'descr': '<f8', 'fortran_order': False, "
                                  "'shape': (1099511627776, 1099511627776)}", 8), -1);
    assert_int_equal(parse_header("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999,)}", 8), -1);
}

static Npz *open_npz(const char *name, Diags *d)
{
    char path[256];
    snprintf(path, sizeof path, DIR "%s", name);
    return npz_open(path, d);
}

static void test_npz(void **state)
{
    (void)state;
    const char *files[] = {"stored.npz", "deflated.npz"};
    for (int f = 0; f < 2; f++) {
        Diags d = {0};
        Npz *z = open_npz(files[f], &d);
        assert_non_null(z);
        assert_true(npz_has(z, "attn"));
        assert_true(npz_has(z, "tokens"));
        assert_false(npz_has(z, "q"));
        NpyArray a, t;
        assert_int_equal(npz_read(z, "attn", &a, &d), 0);
        assert_int_equal(a.ndim, 3);
        assert_ramp(&a, 18);
        assert_int_equal(npz_read(z, "tokens", &t, &d), 0);
        assert_int_equal(t.count, 3);
        assert_string_equal(t.strings[2], "c");
        npy_array_free(&a);
        assert_int_equal(npz_read(z, "q", &a, &d), -1);
        assert_non_null(strstr(d.v[0].msg, "has no q.npy (its members: attn.npy, tokens.npy)"));
        npz_close(z);
        npy_array_free(&a);
        npy_array_free(&t);
        diags_free(&d);
    }
}

/* The same bytes from memory, as the fuzz harness reads them. */
static void test_npz_mem(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = slurp(DIR "deflated.npz", &len);
    Diags d = {0};
    Npz *z = npz_open_mem(buf, len, "mem.npz", &d);
    free(buf);     /* copied */
    assert_non_null(z);
    NpyArray a;
    assert_int_equal(npz_read(z, "attn", &a, &d), 0);
    assert_ramp(&a, 18);
    npy_array_free(&a);
    npz_close(z);
    assert_null(npz_open_mem("PK\3\4", 4, "tiny.npz", &d));
    assert_string_equal(d.v[0].file, "tiny.npz");
    assert_non_null(strstr(d.v[0].msg, "not a readable .npz"));
    diags_free(&d);
}

static void test_bad_npz(void **state)
{
    (void)state;
    Diags d = {0};
    assert_null(open_npz("bad_zip_cut.npz", &d));
    assert_non_null(strstr(d.v[0].file, "bad_zip_cut.npz"));
    assert_non_null(strstr(d.v[0].msg, "not a readable .npz (zip)"));
    diags_free(&d);
    assert_null(open_npz("missing.npz", &d));
    assert_non_null(strstr(d.v[0].msg, "cannot open"));
    diags_free(&d);

    NpyArray a;
    Npz *z = open_npz("bad_crc.npz", &d);
    assert_non_null(z);
    assert_int_equal(npz_read(z, "attn", &a, &d), -1);
    assert_null(a.data);
    assert_non_null(strstr(d.v[0].file, "bad_crc.npz: attn.npy"));
    assert_non_null(strstr(d.v[0].msg, "damaged data: CRC error"));
    npz_close(z);
    diags_free(&d);

    z = open_npz("bad_member_cut.npz", &d);
    assert_non_null(z);
    assert_int_equal(npz_read(z, "attn", &a, &d), -1);
    assert_non_null(strstr(d.v[0].msg, "truncated: the header's shape needs 24 bytes of data, the member has 19"));
    npz_close(z);
    diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_dtype),   cmocka_unit_test(test_fortran_transposed),
        cmocka_unit_test(test_scalar),        cmocka_unit_test(test_unicode),
        cmocka_unit_test(test_bad_npy),       cmocka_unit_test(test_header_grammar),
        cmocka_unit_test(test_npz),           cmocka_unit_test(test_npz_mem),
        cmocka_unit_test(test_bad_npz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
