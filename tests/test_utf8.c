/* test_utf8.c - base/utf8: one rule for decoding (maximal subparts become
 * one U+FFFD each), encoding, checking and display width. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/utf8.h"

#define BAD UTF8_REPLACEMENT

/* Decodes all of s (n bytes) and checks the code points and lengths. */
static void expect_decode_at(const char *s, size_t n, const unsigned *cps, const int *lens, int count,
                             const char *file, int line)
{
    size_t at = 0;
    int k = 0;
    while (at < n) {
        unsigned cp;
        int len = utf8_decode(s + at, n - at, &cp);
        if (k >= count || cp != cps[k] || len != lens[k]) {
            print_error("at byte %zu: U+%04X length %d; want U+%04X length %d\n", at, cp, len,
                        k < count ? cps[k] : 0, k < count ? lens[k] : 0);
            _fail(file, line);
        }
        at += (size_t)len;
        k++;
    }
    if (k != count)
        _fail(file, line);
}
#define DECODES(s, cps, lens) \
    expect_decode_at((s), sizeof(s) - 1, (cps), (lens), (int)(sizeof(cps) / sizeof(cps)[0]), __FILE__, __LINE__)

static void t_well_formed(void **state)
{
    (void)state;
    const unsigned a[] = {'a', 'Z', '~', 0x7F};
    const int al[] = {1, 1, 1, 1};
    DECODES("aZ~\x7f", a, al);
    /* 2, 3 and 4 bytes, and the edges of each length */
    const unsigned b[] = {0xE9, 0x80, 0x7FF, 0x4E2D, 0x800, 0xFFFF, 0x1F600, 0x10000, 0x10FFFF, 0xFFFD};
    const int bl[] = {2, 2, 2, 3, 3, 3, 4, 4, 4, 3};
    DECODES("\xc3\xa9\xc2\x80\xdf\xbf\xe4\xb8\xad\xe0\xa0\x80\xef\xbf\xbf\xf0\x9f\x98\x80\xf0\x90\x80\x80"
            "\xf4\x8f\xbf\xbf\xef\xbf\xbd", b, bl);
    assert_true(utf8_valid("\xe4\xb8\xad\xe6\x96\x87 ok \xef\xbf\xbd", 13));
}

static void t_overlong_and_surrogates(void **state)
{
    (void)state;
    /* C0 and C1 can only start overlong forms: each byte on its own */
    const unsigned a[] = {BAD, BAD, BAD, BAD};
    const int al[] = {1, 1, 1, 1};
    DECODES("\xc0\xaf\xc1\xbf", a, al);
    /* E0 80..9F and F0 80..8F are overlong: the lead alone, then the rest */
    const unsigned b[] = {BAD, BAD, BAD, BAD, BAD, BAD, BAD};
    const int bl[] = {1, 1, 1, 1, 1, 1, 1};
    DECODES("\xe0\x80\xaf\xf0\x80\x80\xaf", b, bl);
    /* ED A0..BF would be a surrogate (U+D800..U+DFFF) */
    const unsigned c[] = {BAD, BAD, BAD, 0xD7FF};
    const int cl[] = {1, 1, 1, 3};
    DECODES("\xed\xa0\x80\xed\x9f\xbf", c, cl);
    /* F4 90.. is above U+10FFFF; F5..FF never start a sequence */
    const unsigned d[] = {BAD, BAD, BAD, BAD, BAD, BAD};
    const int dl[] = {1, 1, 1, 1, 1, 1};
    DECODES("\xf4\x90\x80\x80\xf5\xff", d, dl);
    assert_false(utf8_valid("\xc0\xaf", 2));
    assert_false(utf8_valid("\xed\xa0\x80", 3));
    assert_false(utf8_valid("\xf4\x90\x80\x80", 4));
}

static void t_truncated_and_bad_continuations(void **state)
{
    (void)state;
    /* a sequence cut short by an ASCII byte: one U+FFFD for what came, the
     * ASCII byte kept */
    const unsigned a[] = {BAD, 'x', BAD, 'y', BAD, 'z'};
    const int al[] = {1, 1, 2, 1, 3, 1};
    DECODES("\xc3x\xe4\xb8y\xf0\x9f\x98z", a, al);
    /* a lone continuation byte, and a lead followed by another lead */
    const unsigned b[] = {BAD, BAD, 0xE9};
    const int bl[] = {1, 1, 2};
    DECODES("\x80\xe4\xc3\xa9", b, bl);
    /* at the end of the bytes given: never read past n */
    unsigned cp;
    assert_int_equal(utf8_decode("\xe4\xb8\xad", 2, &cp), 2);
    assert_int_equal(cp, BAD);
    /* a NUL stops a sequence (utf8_next on a C string) */
    const char *s = "\xe4\xb8";
    assert_int_equal(utf8_next(&s), BAD);
    assert_int_equal(*s, '\0');
    assert_false(utf8_valid("\xe4\xb8", 2));
    assert_false(utf8_valid("\x80", 1));
    assert_false(utf8_valid("\xf0\x90\x80" "A", 4));   /* cut: U+FFFD of 3 bytes, not EF BF BD */
}

static void t_encode(void **state)
{
    (void)state;
    char out[UTF8_MAX + 1];
    assert_int_equal(utf8_encode('A', out), 1);
    assert_string_equal(out, "A");
    assert_int_equal(utf8_encode(0xE9, out), 2);
    assert_string_equal(out, "\xc3\xa9");
    assert_int_equal(utf8_encode(0x4E2D, out), 3);
    assert_string_equal(out, "\xe4\xb8\xad");
    assert_int_equal(utf8_encode(0x1F600, out), 4);
    assert_string_equal(out, "\xf0\x9f\x98\x80");
    assert_int_equal(utf8_encode(0xD800, out), 3);         /* a surrogate: U+FFFD */
    assert_string_equal(out, "\xef\xbf\xbd");
    assert_int_equal(utf8_encode(0x110000, out), 3);
    assert_string_equal(out, "\xef\xbf\xbd");
    /* every scalar value round-trips */
    for (unsigned cp = 1; cp <= 0x10FFFF; cp += cp < 0x1000 ? 1 : 97) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        int n = utf8_encode(cp, out);
        unsigned back;
        if (utf8_decode(out, (size_t)n, &back) != n || back != cp)
            fail_msg("U+%04X does not round-trip", cp);
    }
}

static void t_width(void **state)
{
    (void)state;
    assert_int_equal(utf8_width('a'), 1);
    assert_int_equal(utf8_width('\t'), 0);
    assert_int_equal(utf8_width(0x7F), 0);
    assert_int_equal(utf8_width(0xE9), 1);          /* é */
    assert_int_equal(utf8_width(0x4E2D), 2);        /* 中 */
    assert_int_equal(utf8_width(0x3002), 2);        /* 。 */
    assert_int_equal(utf8_width(0xFF1A), 2);        /* ： full-width colon */
    assert_int_equal(utf8_width(0xAC00), 2);        /* 가 */
    assert_int_equal(utf8_width(0x2192), 1);        /* → */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_well_formed),
        cmocka_unit_test(t_overlong_and_surrogates),
        cmocka_unit_test(t_truncated_and_bad_continuations),
        cmocka_unit_test(t_encode),
        cmocka_unit_test(t_width),
    };
    return cmocka_run_group_tests_name("utf8: decode, encode, check, width", tests, NULL, NULL);
}
