/* utf8.h - UTF-8, one rule for the whole program: decoding, encoding,
 * checking and the columns a code point takes on a terminal.
 *
 * The rule for bad bytes (Unicode's "maximal subpart" practice): a
 * well-formed sequence gives its code point; anything else gives one
 * U+FFFD per maximal subpart of an ill-formed sequence, that is a lone
 * continuation byte, an impossible lead byte (C0, C1, F5..FF), a truncated
 * sequence, an overlong form, a surrogate (D800..DFFF) or a code point
 * above U+10FFFF. Decoding never reads past the byte that breaks a
 * sequence, so it never reads past a NUL. */
#ifndef ATTN_UTF8_H
#define ATTN_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#define UTF8_REPLACEMENT 0xFFFDu
#define UTF8_MAX 4              /* bytes in the longest sequence */

/* Decodes the sequence at s, of which n bytes (n >= 1) may be read: the
 * code point in *cp (U+FFFD for bad bytes) and the bytes it takes, 1..4. */
int utf8_decode(const char *s, size_t n, unsigned *cp);
/* The code point at *s in a NUL-terminated string, advancing *s past it
 * (at a NUL: returns 0 and advances one byte). */
unsigned utf8_next(const char **s);
/* Writes cp as UTF-8 into out (UTF8_MAX + 1 bytes) with a NUL after it;
 * a surrogate or a value above U+10FFFF is written as U+FFFD. Returns the
 * bytes written, without the NUL. */
int utf8_encode(unsigned cp, char *out);
/* True if the n bytes at s are well-formed UTF-8 (a NUL byte counts as
 * ASCII). */
bool utf8_valid(const char *s, size_t n);
/* The terminal columns of a code point without asking the locale: 0 for a
 * C0 control or DEL, 2 for the wide East Asian ranges (CJK, Hangul,
 * full-width forms), 1 for the rest. */
int utf8_width(unsigned cp);

#endif
