/* uitext.h - UTF-8 text on the terminal, by display width.
 *
 * Decodes UTF-8 with base/utf8.h, not the locale (so a C locale still gets
 * code points: shown as '?'), measures with wcwidth (a CJK character is two
 * columns; utf8_width where the locale knows nothing) and wraps lines by
 * columns, not bytes. uitext_set_utf8() says whether the terminal takes
 * UTF-8; without it every non-ASCII character is drawn as '?'. */
#ifndef ATTN_UITEXT_H
#define ATTN_UITEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include <curses.h>

#include "base/util.h"

void uitext_set_utf8(bool on);
bool uitext_utf8(void);

/* Columns a code point takes (0 for control/combining, 2 for wide). */
int uitext_wcwidth(wchar_t c);
/* Columns of a UTF-8 string. */
int uitext_width(const char *s);
/* Draws at most maxw columns of s at (y, x) with the window's current
 * attributes; returns the columns drawn. A NULL win only measures. */
int uitext_put(WINDOW *win, int y, int x, const char *s, int maxw);
/* Draws s at (y, x) in at most maxw columns, never cut mid-word without
 * saying so: when it does not fit, it ends at the last word boundary (a
 * space, or between wide characters) that leaves room for an ellipsis
 * ("…", or "..." without UTF-8), else mid-word with the ellipsis. Returns
 * the columns drawn; a NULL win only measures. */
int uitext_put_cut(WINDOW *win, int y, int x, const char *s, int maxw);
/* Draws a glyph: the Unicode one when the terminal takes UTF-8, else ascii. */
void uitext_glyph(WINDOW *win, int y, int x, const wchar_t *uni, const char *ascii);

/* Word-wraps text to width columns. Returns the number of lines; each line
 * is [starts[k], starts[k] + lens[k]) bytes of text. "\n" breaks a line.
 * At most max lines are recorded (the count goes on). */
int uitext_wrap(const char *text, int width, int *starts, int *lens, int max);

/* Copies text into out (appended) with its tables aligned: a run of two or
 * more lines with the same number (at least two) of cells separated by
 * " | " gets each column padded to its widest cell, in display columns. */
void uitext_align_tables(const char *text, StrBuf *out);

#endif
