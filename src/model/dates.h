/* dates.h - the truth for the dates translator (scripts/train_translator.py):
 * which date a text means, and texts written the generator's ways.
 *
 * dates_read accepts every form date_text() writes: "30 nov 2026",
 * "November 30, 2026", "Monday, 30 November 2026", "30th November 2026",
 * "30/11/26", "30.11.2026", "2026-11-30", "2026 November 30", "Nov 30, '26",
 * month and weekday names in any case (weekdays are ignored), and also the
 * orders the model was never taught ("nov 30 2026"). Numeric dates read day
 * first (d/m/y), as the generator writes them; a 4-digit number first means
 * y/m/d. A two-digit year means 1950..2049. */
#ifndef ATTN_DATES_H
#define ATTN_DATES_H

#include <stddef.h>
#include <stdint.h>

#define DATES_ISO 11        /* "2026-11-30" and its NUL */

/* The ISO date text means into iso. 0, or -1 with the reason in why (may
 * be NULL): an unreadable or ambiguous text, or an impossible date
 * (31 Feb). */
int dates_read(const char *text, char iso[DATES_ISO], char *why, size_t whylen);

/* A random date in 1900..2099 written one of the generator's ways (or,
 * when untaught is nonzero, also in an order the model never saw), drawn
 * from *rng (any seed; advanced). Writes the text (at most 40 bytes) to
 * buf and its ISO date to iso. */
void dates_sample(uint64_t *rng, int untaught, char *buf, size_t n, char iso[DATES_ISO]);

#endif
