/* util.h - memory that never fails quietly, and small string helpers.
 *
 * Two kinds of error (see STYLE.md): bad input is returned to the caller with
 * a message; running out of memory ends the program at once, here. */
#ifndef ATTN_UTIL_H
#define ATTN_UTIL_H

#include <stddef.h>

#define ATTNLAB_VERSION "0.1.0"

/* Exit statuses of every command (DESIGN.md): 0 ok, 1 the input is wrong,
 * 2 the command line is wrong. */
enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

void *xmalloc(size_t n);              /* never returns NULL */
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Trim ASCII white space at both ends, in place; returns s. */
char *str_trim(char *s);

/* Growable string buffer: a NUL-terminated text the caller frees with free(). */
typedef struct {
    char *s;
    size_t len, cap;
} StrBuf;
void sb_append(StrBuf *b, const char *s);
void sb_printf(StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A text of the terminal lab in the language shown, English or Chinese:
 * both texts sit at the call site (DESIGN.md: translations beside the text
 * they translate). A macro, not a function, so printf formats stay checked. */
#define TR(zh, en_text, zh_text) ((zh) ? (zh_text) : (en_text))

#endif
