/* uitext.c - see uitext.h. */
#include "tui/uitext.h"

#include <string.h>

#include "base/utf8.h"

static bool utf8_ok = true;

void uitext_set_utf8(bool on) { utf8_ok = on; }
bool uitext_utf8(void) { return utf8_ok; }

int uitext_wcwidth(wchar_t c)
{
    if (c < 0x80)
        return c >= 0x20 && c != 0x7f ? 1 : 0;
    if (!utf8_ok)
        return 1;   /* drawn as '?' */
    int w = wcwidth(c);
    if (w >= 0)
        return w;
    /* wcwidth knows nothing in a C locale: assume CJK ranges are wide */
    return utf8_width((unsigned)c);
}

int uitext_width(const char *s)
{
    int w = 0;
    while (*s)
        w += uitext_wcwidth((wchar_t)utf8_next(&s));
    return w;
}

int uitext_put(WINDOW *win, int y, int x, const char *s, int maxw)
{
    int used = 0;
    bool moved = false;
    while (*s) {
        wchar_t c = (wchar_t)utf8_next(&s);
        int cw = uitext_wcwidth(c);
        if (c < 0x20 || c == 0x7f)
            continue;
        if (used + cw > maxw)
            break;
        if (cw == 0)
            continue;
        if (win) {
            wchar_t ws[2] = {utf8_ok || c < 0x80 ? c : L'?', 0};
            if (!moved) {
                wmove(win, y, x);
                moved = true;
            }
            waddnwstr(win, ws, 1);
        }
        used += cw;
    }
    return used;
}

int uitext_put_cut(WINDOW *win, int y, int x, const char *s, int maxw)
{
    if (uitext_width(s) <= maxw)
        return uitext_put(win, y, x, s, maxw);
    if (maxw < 2)
        return 0;
    /* the longest prefix of whole words (else of characters) in maxw - 1 */
    const char *p = s, *word_end = NULL, *char_end = s;
    int w = 0;
    while (*p) {
        const char *before = p;
        wchar_t c = (wchar_t)utf8_next(&p);
        int cw = uitext_wcwidth(c);
        if (w + cw > maxw - 1)
            break;
        if (c == ' ' || cw == 2)
            word_end = c == ' ' ? before : p;
        w += cw;
        char_end = p;
    }
    const char *end = word_end && word_end > s ? word_end : char_end;
    while (end > s && end[-1] == ' ')
        end--;
    char buf[512];
    size_t len = (size_t)(end - s) < sizeof buf - 4 ? (size_t)(end - s) : sizeof buf - 4;
    memcpy(buf, s, len);
    snprintf(buf + len, sizeof buf - len, "%s", utf8_ok ? "\u2026" : ".");
    return uitext_put(win, y, x, buf, maxw);
}

void uitext_glyph(WINDOW *win, int y, int x, const wchar_t *uni, const char *ascii)
{
    if (utf8_ok) {
        mvwaddwstr(win, y, x, uni);
    } else {
        mvwaddstr(win, y, x, ascii);
    }
}

int uitext_wrap(const char *text, int width, int *starts, int *lens, int max)
{
    int n = 0;
    const char *p = text;
    if (width < 1)
        width = 1;
    while (*p) {
        const char *line = p, *brk = NULL, *q = p;
        int w = 0;
        while (*q && *q != '\n') {
            const char *before = q;
            wchar_t c = (wchar_t)utf8_next(&q);
            int cw = uitext_wcwidth(c);
            if (w + cw > width) {
                q = before;
                break;
            }
            w += cw;
            /* a break may follow a space or any wide (CJK) character */
            if (c == ' ' || cw == 2)
                brk = q;
        }
        const char *end = q;
        /* a word that ends right at the width stays whole: break at the
         * space after it, not before it */
        if (*q && *q != '\n' && *q != ' ' && brk && brk > line)
            end = brk;
        if (end == line)   /* one character wider than the line */
            (wchar_t)utf8_next(&end);
        if (n < max) {
            starts[n] = (int)(line - text);
            int len = (int)(end - line);
            while (len > 0 && line[len - 1] == ' ')
                len--;
            lens[n] = len;
        }
        n++;
        p = end;
        if (*p == '\n')
            p++;
        else
            while (*p == ' ')
                p++;
    }
    return n;
}
