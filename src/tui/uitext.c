/* uitext.c - see uitext.h. */
#include "tui/uitext.h"

#include <stdlib.h>
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
    const char *ell = utf8_ok ? "\u2026" : "...";
    int ew = utf8_ok ? 1 : 3;
    if (maxw <= ew)
        return uitext_put(win, y, x, s, maxw);
    /* the longest prefix of whole words (else of characters) in maxw - ew */
    const char *p = s, *word_end = NULL, *char_end = s;
    int w = 0;
    while (*p) {
        const char *before = p;
        wchar_t c = (wchar_t)utf8_next(&p);
        int cw = uitext_wcwidth(c);
        if (w + cw > maxw - ew)
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
    snprintf(buf + len, sizeof buf - len, "%s", ell);
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

/* Kinsoku (CJK line breaking): what may not start a line (closing
 * punctuation, pauses, stops) and what may not end one (opening brackets
 * and quotes). ASCII ones too, for a "," or ")" right after a wide
 * character. */
static bool no_line_start(wchar_t c)
{
    static const wchar_t set[] = L"\uff0c\u3002\u3001\uff1a\uff1b\uff01\uff1f\uff09\u300d\u300f\u300b\u3011\u3015"
                                 L"\u3009\u201d\u2019\u2026\u00b7\u30fb\uff05\uff0e\u3005\u30fc,.:;!?)]}%";
    return c && wcschr(set, c) != NULL;
}

static bool no_line_end(wchar_t c)
{
    static const wchar_t set[] = L"\uff08\u300c\u300e\u300a\u3010\u3014\u3008\u201c\u2018([{";
    return c && wcschr(set, c) != NULL;
}

/* May a line break between prev and next? After a space or a wide
 * character, unless next may not start a line or prev not end one. */
static bool may_break(wchar_t prev, wchar_t next)
{
    if (prev != ' ' && uitext_wcwidth(prev) != 2)
        return false;
    return !no_line_start(next) && !no_line_end(prev);
}

static wchar_t peek(const char *p)
{
    return *p ? (wchar_t)utf8_next(&p) : 0;
}

/* A bracketed group up to this wide stays on one line. */
#define HOLD_GROUP 26

/* Is c an opening (1) or closing (-1) bracket of a group that stays whole? */
static int bracket(wchar_t c)
{
    return c == '(' || c == 0xff08 ? 1 : c == ')' || c == 0xff09 ? -1 : 0;
}

/* The bytes of text before which no line may break (1), in a new array:
 * inside a short bracketed group ("(a: make your prediction)", "（按 a
 * 做出预测）", "(0.10, 2.00)"), and on either side of " = " ("d_k = 2"
 * stays whole). Caller frees. */
static unsigned char *holds(const char *text)
{
    size_t n = strlen(text);
    unsigned char *hold = xcalloc(n + 1, 1);
    for (size_t i = 0; i + 2 < n; i++)
        if (text[i] == ' ' && text[i + 1] == '=' && text[i + 2] == ' ') {
            hold[i + 1] = 1;
            hold[i + 3] = 1;
        }
    for (const char *p = text; *p;) {
        wchar_t c = (wchar_t)utf8_next(&p);
        if (bracket(c) != 1)
            continue;
        /* the matching close on the same line, within HOLD_GROUP columns */
        int depth = 1, w = uitext_wcwidth(c);
        const char *q = p;
        while (*q && *q != '\n' && depth > 0 && w <= HOLD_GROUP) {
            wchar_t d = (wchar_t)utf8_next(&q);
            depth += bracket(d);
            w += uitext_wcwidth(d);
        }
        if (depth == 0 && w <= HOLD_GROUP)
            memset(hold + (p - text), 1, (size_t)(q - p));  /* after the open, to the close */
    }
    return hold;
}

/* Columns from p to the end of its paragraph, counted up to cap. */
static int rest_width(const char *p, int cap)
{
    int w = 0;
    while (*p && *p != '\n' && w <= cap)
        w += uitext_wcwidth((wchar_t)utf8_next(&p));
    return w;
}

/* May a line of text break before `at` (prev the character before it)?
 * The kinsoku rules, the held groups, and no short widow of wide
 * characters ("事。" alone on the last line). */
static bool break_at(const char *text, const unsigned char *hold, const char *at, wchar_t prev)
{
    if (hold[at - text] || !may_break(prev, peek(at)))
        return false;
    return prev == ' ' || *at == ' ' || rest_width(at, 4) > 4;
}

int uitext_wrap(const char *text, int width, int *starts, int *lens, int max)
{
    int n = 0;
    const char *p = text;
    unsigned char *hold = holds(text);
    if (width < 1)
        width = 1;
    while (*p) {
        const char *line = p, *brk = NULL, *q = p;
        int w = 0;
        wchar_t prev = 0;
        while (*q && *q != '\n') {
            const char *before = q;
            wchar_t c = (wchar_t)utf8_next(&q);
            int cw = uitext_wcwidth(c);
            if (w + cw > width) {
                q = before;
                break;
            }
            if (before > line && break_at(text, hold, before, prev))
                brk = before;   /* the line may end before c */
            w += cw;
            prev = c;
        }
        const char *end = q;
        /* full: end at q if a break may go there (a space next may, unless
         * held), else at the last place one may (a word stays whole), else cut */
        bool here = *q == ' ' ? !hold[q - text] && !hold[q + 1 - text] : break_at(text, hold, q, prev);
        if (*q && *q != '\n' && !here && brk && brk > line)
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
    free(hold);
    return n;
}

/* ------------------------------------------------------------ tables */

#define TABLE_MAX_COLS 8

/* Cells of the line [s, e) split at " | ": their count (0 if fewer than
 * two, or more than TABLE_MAX_COLS). */
static int table_cells(const char *s, const char *e, const char **cs, const char **ce)
{
    int n = 0;
    const char *p = s;
    while (p < e) {
        const char *bar = p;
        while (bar + 3 <= e && strncmp(bar, " | ", 3) != 0)
            bar++;
        if (bar + 3 > e)
            bar = e;
        if (n == TABLE_MAX_COLS)
            return 0;
        cs[n] = p;
        ce[n] = bar;
        n++;
        p = bar < e ? bar + 3 : e;
    }
    return n >= 2 ? n : 0;
}

static const char *line_end(const char *p)
{
    const char *nl = strchr(p, '\n');
    return nl ? nl : p + strlen(p);
}

/* The columns of cells [cs, ce) of a line, measured. */
static int span_width(const char *s, const char *e)
{
    char buf[512];
    size_t n = (size_t)(e - s) < sizeof buf - 1 ? (size_t)(e - s) : sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return uitext_width(buf);
}

/* Appends the run of `rows` table lines from p, each column padded. */
static const char *put_table(const char *p, int rows, int cols, StrBuf *out)
{
    const char *cs[TABLE_MAX_COLS], *ce[TABLE_MAX_COLS];
    int width[TABLE_MAX_COLS] = {0};
    const char *q = p;
    for (int r = 0; r < rows; r++) {
        const char *e = line_end(q);
        table_cells(q, e, cs, ce);
        for (int c = 0; c < cols; c++) {
            int w = span_width(cs[c], ce[c]);
            width[c] = w > width[c] ? w : width[c];
        }
        q = *e ? e + 1 : e;
    }
    for (int r = 0; r < rows; r++) {
        const char *e = line_end(p);
        table_cells(p, e, cs, ce);
        for (int c = 0; c < cols; c++) {
            int pad = c + 1 < cols ? width[c] - span_width(cs[c], ce[c]) : 0;
            sb_printf(out, "%s%.*s%*s", c ? " | " : "", (int)(ce[c] - cs[c]), cs[c], pad, "");
        }
        if (*e)
            sb_append(out, "\n");
        p = *e ? e + 1 : e;
    }
    return p;
}

void uitext_align_tables(const char *text, StrBuf *out)
{
    const char *cs[TABLE_MAX_COLS], *ce[TABLE_MAX_COLS];
    const char *p = text;
    sb_append(out, "");
    while (*p) {
        const char *e = line_end(p);
        int cols = table_cells(p, e, cs, ce), rows = 0;
        for (const char *q = p; cols && *q; rows++) {
            const char *qe = line_end(q);
            if (table_cells(q, qe, cs, ce) != cols)
                break;
            q = *qe ? qe + 1 : qe;
        }
        if (rows >= 2) {
            p = put_table(p, rows, cols, out);
            continue;
        }
        sb_printf(out, "%.*s%s", (int)(e - p), p, *e ? "\n" : "");
        p = *e ? e + 1 : e;
    }
}
