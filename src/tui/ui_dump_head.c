/* ui_dump_head.c - one head large (a scrolled window of it through
 * hm_draw, token labels on both axes), the selected query's attention as
 * bars with its top keys in words, and the head's summary. See ui_dump.h. */
#include "tui/ui_dump.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "lab/words.h"
#include "tui/uitext.h"

/* The smaller of a and b. */
static int mini(int a, int b) { return a < b ? a : b; }

/* Row label of query i: its position and token ("5 cat"). */
static void row_label(const AttnDump *d, int i, char *buf, size_t n) { snprintf(buf, n, "%d %s", i, d->q_tokens[i]); }

/* A token with GPT-2's leading blanks skipped (the label shows the word). */
static const char *key_word(const char *tok)
{
    while (*tok == ' ')
        tok++;
    return tok;
}

/* The characters of s that take columns (a wide one counts once). */
static int visible_chars(const char *s)
{
    int n = 0;
    for (unsigned cp; (cp = utf8_next(&s)) != 0;)
        n += utf8_width(cp) > 0;
    return n;
}

int ui_dump_key_rows(const AttnDump *d)
{
    int most = 1;
    for (int j = 0; j < d->nk && most < UI_DUMP_KEY_ROWS; j++) {
        int n = visible_chars(key_word(d->k_tokens[j]));
        most = n > most ? n : most;
    }
    return most < UI_DUMP_KEY_ROWS ? most : UI_DUMP_KEY_ROWS;
}

/* The label column's width (as heatmap.c caps it) and the window that fits
 * h x w: rows under the title, the key rows and the legend; 2 columns a
 * key. */
static void window_size(const UiDump *v, int h, int w, int *lw, int *rows, int *cols)
{
    char lab[HM_LABEL_MAX];
    *lw = 3;
    for (int i = 0; i < v->d->nq && *lw < 11; i++) {
        row_label(v->d, i, lab, sizeof lab);
        *lw = uitext_width(lab) > *lw ? uitext_width(lab) : *lw;
    }
    *lw = *lw > 11 ? 11 : *lw;
    *rows = mini(mini(v->d->nq, h - 2 - ui_dump_key_rows(v->d)), ENGINE_MAX_SIDE);
    *cols = mini(mini(v->d->nk, (w - *lw - 1) / 2), ENGINE_MAX_SIDE);
    *rows = *rows < 1 ? 1 : *rows;
    *cols = *cols < 1 ? 1 : *cols;
}

void ui_dump_follow(UiDump *v)
{
    int rows = v->vis_rows > 0 ? v->vis_rows : 1, cols = v->vis_cols > 0 ? v->vis_cols : 1;
    if (v->qi < v->top)
        v->top = v->qi;
    if (v->qi >= v->top + rows)
        v->top = v->qi - rows + 1;
    if (v->kj < v->left)
        v->left = v->kj;
    if (v->kj >= v->left + cols)
        v->left = v->kj - cols + 1;
    v->top = mini(v->top, v->d->nq - rows > 0 ? v->d->nq - rows : 0);
    v->left = mini(v->left, v->d->nk - cols > 0 ? v->d->nk - cols : 0);
}

/* Key tok written downwards from row y in column x, a character a row (a
 * wide one fills the cell's two columns), in at most n rows: a longer token
 * ends in an ellipsis. The selected key is reversed. */
static void put_key_label(int y, int x, int n, const char *tok, bool sel)
{
    const char *s = key_word(tok);
    bool cut = visible_chars(s) > n;
    attrset(sel ? A_BOLD | A_REVERSE : A_BOLD);
    for (int r = 0; r < n; r++)
        mvaddstr(y + r, x, "  ");
    char ch[UTF8_MAX + 1];
    for (int r = 0; r < n;) {
        unsigned cp = utf8_next(&s);
        if (cp == 0)
            break;
        if (utf8_width(cp) <= 0)
            continue;       /* a control or combining mark: no row of its own */
        if (cut && r == n - 1) {
            uitext_glyph(stdscr, y + r, x, L"\u2026", "~");
            break;
        }
        utf8_encode(cp, ch);
        uitext_put(stdscr, y + r, x, ch, 2);
        r++;
    }
    attrset(A_NORMAL);
}

void ui_dump_draw_head(Ui *ui, int y, int x, int h, int w)
{
    UiDump *v = ui->dump;
    const AttnDump *d = v->d;
    int lw;
    window_size(v, h, w, &lw, &v->vis_rows, &v->vis_cols);
    ui_dump_follow(v);
    if (!v->win)
        v->win = xmalloc((size_t)ENGINE_MAX_SIDE * ENGINE_MAX_SIDE * sizeof *v->win);
    const float *a = dump_head(d, v->layer, v->head);
    HmMatrix *hm = v->hm;
    memset(hm, 0, sizeof *hm);
    for (int i = 0; i < v->vis_rows; i++) {
        memcpy(v->win + (size_t)i * (size_t)v->vis_cols, a + (size_t)(v->top + i) * (size_t)d->nk + (size_t)v->left,
               (size_t)v->vis_cols * sizeof *v->win);
        row_label(d, v->top + i, hm->rows_lab[i], HM_LABEL_MAX);
    }
    hm->m = (Mat){v->vis_rows, v->vis_cols, v->win};
    hm->cmap = ui->cmap;
    char title[160];
    snprintf(title, sizeof title, UI_TR(ui, "L%d H%d  q %d-%d of %d, k %d-%d of %d", "第%d层 第%d头  查询 %d-%d/%d，键 %d-%d/%d"),
             v->layer, v->head, v->top, v->top + v->vis_rows - 1, d->nq, v->left, v->left + v->vis_cols - 1, d->nk);
    /* the heatmap below the key rows: its own header row is their last */
    int kr = ui_dump_key_rows(d);
    hm->title = "";
    hm->corner = "q\\k";
    hm->sel_i = v->qi - v->top;
    hm->sel_j = v->kj - v->left;
    hm->focus = true;
    hm_draw(stdscr, y + kr - 1, x, h - kr + 1, w, hm, HM_BLOCKS, &v->geom);
    attrset(A_BOLD | A_REVERSE);
    uitext_put_cut(stdscr, y, x, title, w);
    attrset(A_NORMAL);
    for (int j = 0; j < v->geom.cols; j++)
        put_key_label(v->geom.y0 - kr, v->geom.x0 + j * v->geom.cw, kr, d->k_tokens[v->left + j],
                      v->left + j == v->kj);
}

/* ----------------------------------------------------------- side */

/* A bar of t (0..1) in n columns: eighth blocks in UTF-8, else '#'. */
static void put_bar(int y, int x, int n, double t)
{
    static const wchar_t *const eighth[] = {L"\u258f", L"\u258e", L"\u258d", L"\u258c", L"\u258b", L"\u258a", L"\u2589"};
    int units = (int)lround(t * n * 8);
    units = units < 0 ? 0 : units > n * 8 ? n * 8 : units;
    for (int c = 0; c < n; c++, units -= 8) {
        if (units >= 8)
            uitext_glyph(stdscr, y, x + c, L"\u2588", "#");
        else if (units > 0)
            uitext_glyph(stdscr, y, x + c, eighth[units - 1], units >= 4 ? "#" : "|");
    }
}

/* The k largest weights of row a (nk), their columns in top (k of them). */
static int top_keys(const float *a, int nk, int *top, int k)
{
    int n = 0;
    for (int j = 0; j < nk; j++) {
        if (n < k)
            n++;
        else if (a[j] <= a[top[k - 1]])
            continue;
        int at = n - 1;     /* a new slot, or the smallest's */
        while (at > 0 && a[top[at - 1]] < a[j]) {
            top[at] = top[at - 1];
            at--;
        }
        top[at] = j;
    }
    return n;
}

/* The selected query's bars over the keys (a window around the selected
 * key when they do not all fit) and its top keys; returns the rows used. */
static int draw_bars(Ui *ui, int y, int x, int h, int w)
{
    UiDump *v = ui->dump;
    const AttnDump *d = v->d;
    const float *a = dump_head(d, v->layer, v->head) + (size_t)v->qi * (size_t)d->nk;
    char line[200];
    snprintf(line, sizeof line, UI_TR(ui, "query %d '%s' looks at:", "查询 %d “%s” 看向："), v->qi, d->q_tokens[v->qi]);
    attrset(A_BOLD);
    uitext_put_cut(stdscr, y, x, line, w);
    attrset(A_NORMAL);
    int n = mini(d->nk, h - 3), b0 = v->kj - n / 2;
    b0 = b0 < 0 ? 0 : b0 > d->nk - n ? d->nk - n : b0;
    int bw = w - 4 - 7 - 5;
    for (int r = 0; r < n && bw > 0; r++) {
        int j = b0 + r;
        snprintf(line, sizeof line, "%3d %-6.6s", j, d->k_tokens[j]);
        attrset(j == v->kj ? A_BOLD | A_REVERSE : A_NORMAL);
        uitext_put(stdscr, y + 1 + r, x, line, 11);
        attrset(A_NORMAL);
        put_bar(y + 1 + r, x + 11, bw, a[j]);
        snprintf(line, sizeof line, "%4.2f", a[j]);
        mvaddstr(y + 1 + r, x + 11 + bw + 1, line);
    }
    int top[3], k = top_keys(a, d->nk, top, 3), len;
    len = snprintf(line, sizeof line, "%s", UI_TR(ui, "top:", "最高："));
    for (int t = 0; t < k && len < (int)sizeof line; t++)
        len += snprintf(line + len, sizeof line - (size_t)len, " '%s' %.2f%s", d->k_tokens[top[t]], a[top[t]],
                        t + 1 < k ? "," : "");
    uitext_put_cut(stdscr, y + 1 + n, x, line, w);
    return n + 2;
}

/* The head's summary from row y: its label, how it was found, the numbers. */
static void draw_summary(Ui *ui, int y, int x, int h, int w)
{
    UiDump *v = ui->dump;
    const HeadSummary *s = ui_dump_summary(v, v->layer, v->head);
    char line[300], how[200];
    int starts[4], lens[4], r = 0;
    snprintf(line, sizeof line, UI_TR(ui, "L%d H%d: %s", "第%d层 第%d头：%s"), v->layer, v->head,
             ui_dump_pattern_word(ui, s->pattern));
    attrset(A_BOLD);
    uitext_put_cut(stdscr, y + r++, x, line, w);
    attrset(A_DIM);
    words_head_pattern_how(s, ui->zh, how, sizeof how);
    int nl = uitext_wrap(how, w, starts, lens, 4);
    for (int k = 0; k < nl && k < 4 && r < h; k++) {
        snprintf(line, sizeof line, "%.*s", lens[k], how + starts[k]);
        uitext_put(stdscr, y + r++, x, line, w);
    }
    attrset(A_NORMAL);
    const char *rows[5] = {UI_TR(ui, "mean distance %.2f tokens", "平均距离 %.2f 个词"),
                           UI_TR(ui, "entropy %.2f nats", "熵 %.2f nats"),
                           UI_TR(ui, "first token %.2f", "第一个词 %.2f"),
                           UI_TR(ui, "previous %.2f  self %.2f", "前一个词 %.2f  自身 %.2f"),
                           UI_TR(ui, "induction %.2f (period %d)", "归纳 %.2f（周期 %d）")};
    for (int k = 0; k < 5 && r < h; k++) {
        if (k == 0)
            snprintf(line, sizeof line, rows[k], s->mean_dist);
        else if (k == 1)
            snprintf(line, sizeof line, rows[k], s->entropy);
        else if (k == 2)
            snprintf(line, sizeof line, rows[k], s->first_share);
        else if (k == 3)
            snprintf(line, sizeof line, rows[k], s->prev, s->self);
        else if (s->period > 0)
            snprintf(line, sizeof line, rows[k], s->induction, s->period);
        else
            break;
        uitext_put_cut(stdscr, y + r++, x, line, w);
    }
}

void ui_dump_draw_side(Ui *ui, int y, int x, int h, int w)
{
    UiDump *v = ui->dump;
    int used = 0;
    if (v->big && h > 12)
        used = draw_bars(ui, y, x, h - 10, w) + 1;
    draw_summary(ui, y + used, x, h - used, w);
}
