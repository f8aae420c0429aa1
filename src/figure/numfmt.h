/* numfmt.h - how many decimals a panel's numbers get, the same rule for the
 * terminal and the figures: as few as the room asks for, and more where
 * fewer would print two different values alike (1000 and 1000.5 both as
 * "1000"), up to the usual two. One choice per panel, so its numbers line up; its legend uses
 * it too. Pure: no curses, no figure state. */
#ifndef ATTN_NUMFMT_H
#define ATTN_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

#define NUMFMT_MAX_DECIMALS 4

/* The decimals for the n values v (cells where keep is 0 and values that
 * are not finite are left out; keep may be NULL): `start`, raised one at a
 * time, up to `most`, while fewer of the values print apart than would
 * with `most` (start above most is returned as it is). */
int numfmt_decimals(const float *v, const uint8_t *keep, size_t n, int start, int most);

/* The most decimals, up to `most` (at least 0), with which every value
 * prints in at most `width` characters. */
int numfmt_fit(const float *v, const uint8_t *keep, size_t n, int most, int width);

/* v with `decimals` decimals, into buf: "nan", "inf", "-inf" when not
 * finite, and never "-0.00" (a value that rounds to zero prints unsigned).
 * Returns the length. */
int numfmt_format(double v, int decimals, char *buf, size_t n);

/* The longest of the values as numfmt_format prints them (0 if none). */
int numfmt_width(const float *v, const uint8_t *keep, size_t n, int decimals);

#endif
