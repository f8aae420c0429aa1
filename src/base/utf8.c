/* utf8.c - see utf8.h. */
#include "base/utf8.h"

#include <stdint.h>

static bool is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* For a lead byte: how many continuation bytes follow, and the range the
 * first of them must fall in (which rules out overlong forms, surrogates
 * and values above U+10FFFF). -1 for a byte that cannot start a sequence. */
static int lead_info(unsigned char c, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80, *hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        return 1;
    if (c >= 0xE0 && c <= 0xEF) {
        if (c == 0xE0)
            *lo = 0xA0;         /* below: overlong */
        else if (c == 0xED)
            *hi = 0x9F;         /* above: surrogates */
        return 2;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (c == 0xF0)
            *lo = 0x90;         /* below: overlong */
        else if (c == 0xF4)
            *hi = 0x8F;         /* above: beyond U+10FFFF */
        return 3;
    }
    return -1;
}

int utf8_decode(const char *s, size_t n, unsigned *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char lo, hi;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    int need = lead_info(p[0], &lo, &hi);
    *cp = UTF8_REPLACEMENT;
    if (need < 0)
        return 1;
    unsigned v = p[0] & (0x3Fu >> need);
    for (int k = 1; k <= need; k++) {
        if ((size_t)k >= n || !is_cont(p[k]) || (k == 1 && (p[k] < lo || p[k] > hi)))
            return k;           /* the maximal subpart so far: one U+FFFD */
        v = (v << 6) | (p[k] & 0x3Fu);
    }
    *cp = v;
    return need + 1;
}

unsigned utf8_next(const char **s)
{
    unsigned cp;
    *s += utf8_decode(*s, SIZE_MAX, &cp);
    return cp;
}

int utf8_encode(unsigned cp, char *out)
{
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = UTF8_REPLACEMENT;
    int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    static const unsigned char lead[5] = {0, 0x00, 0xC0, 0xE0, 0xF0};
    for (int k = n - 1; k > 0; k--) {
        out[k] = (char)(0x80 | (cp & 0x3F));
        cp >>= 6;
    }
    out[0] = (char)(lead[n] | cp);
    out[n] = '\0';
    return n;
}

bool utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned cp;
        int len = utf8_decode(s + i, n - i, &cp);
        /* U+FFFD written out (EF BF BD) is fine; one for bad bytes is not */
        if (cp == UTF8_REPLACEMENT && (len != 3 || (unsigned char)s[i] != 0xEF || (unsigned char)s[i + 1] != 0xBF))
            return false;
        i += (size_t)len;
    }
    return true;
}

int utf8_width(unsigned c)
{
    if (c < 0x20 || c == 0x7F)
        return 0;
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
                   (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                   (c >= 0xFFE0 && c <= 0xFFE6)
               ? 2
               : 1;
}
