/* keys.c - see keys.h. */
#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)
#define M KCTX_MENU
#define P KCTX_PLAYER
#define O KCTX_OVERLAY

/* Order matters twice: the first match wins, and the footer lists the
 * entries with a footer word in this order (most useful first). */
const KeyBinding keys_table[] = {
    {'?', false, ACT_HELP, M | P, "?", "this help", "? help"},
    {'q', false, ACT_QUIT, M, "q", "quit", "q quit"},
    {'q', false, ACT_QUIT, P, "q", "back to the menu (your place is saved)", "q menu"},
    {27, false, ACT_CLOSE, O | P, "Esc", "close the overlay; cancel typing", NULL},
    {'q', false, ACT_CLOSE, O, "q", "close the overlay", NULL},
    {'?', false, ACT_CLOSE, O, "?", "close the help", NULL},
    {'\n', false, ACT_OPEN, M, "Enter", "open the lesson", "Enter open"},
    {KEY_ENTER, true, ACT_OPEN, M, "Enter", "open the lesson", NULL},
    {'n', false, ACT_NEXT_STEP, P, "n", "next step", "n/p step"},
    {KEY_NPAGE, true, ACT_NEXT_STEP, P, "PgDn", "next step", NULL},
    {'p', false, ACT_PREV_STEP, P, "p", "previous step", NULL},
    {KEY_PPAGE, true, ACT_PREV_STEP, P, "PgUp", "previous step", NULL},
    {KEY_UP, true, ACT_UP, M | P | O, "Up", "move up (a cell, a lesson, a line)", NULL},
    {'k', false, ACT_UP, M | P | O, "k", "move up", NULL},
    {KEY_DOWN, true, ACT_DOWN, M | P | O, "Down", "move down", NULL},
    {'j', false, ACT_DOWN, M | P | O, "j", "move down", NULL},
    {KEY_LEFT, true, ACT_LEFT, P, "Left", "move left", NULL},
    {'h', false, ACT_LEFT, P, "h", "move left", "hjkl move"},
    {KEY_RIGHT, true, ACT_RIGHT, P, "Right", "move right", NULL},
    {'l', false, ACT_RIGHT, P, "l", "move right", NULL},
    {'\t', false, ACT_NEXT_PANEL, P, "Tab", "next panel", "Tab panel"},
    {KEY_BTAB, true, ACT_PREV_PANEL, P, "S-Tab", "previous panel", NULL},
    {'\n', false, ACT_EXPLAIN, P, "Enter", "show the arithmetic of the cell (or set the typed number)", "Enter how?"},
    {KEY_ENTER, true, ACT_EXPLAIN, P, "Enter", "show the arithmetic of the cell", NULL},
    {'+', false, ACT_NUDGE_UP, P, "+", "add 0.1 to the cell", "+/- nudge"},
    {'-', false, ACT_NUDGE_DOWN, P, "-", "subtract 0.1 from the cell", NULL},
    {'>', false, ACT_BIG_UP, P, ">", "add 1 to the cell", NULL},
    {'<', false, ACT_BIG_DOWN, P, "<", "subtract 1 from the cell", NULL},
    {'=', false, ACT_TYPE, P, "0-9 . =", "type a number, Enter sets it (= starts an empty one)", "0-9 type"},
    {'u', false, ACT_UNDO, P, "u", "undo", "u undo"},
    {CTRL('r'), false, ACT_REDO, P, "^R", "redo", NULL},
    {'r', false, ACT_RESET, P, "r", "reset the step's numbers and settings", NULL},
    {'i', false, ACT_HINT, P, "i", "show the hint for the goal", "i hint"},
    {'a', false, ACT_ANSWER, P, "a", "reveal the answer to the question", "a answer"},
    {'s', false, ACT_SCORE, P, "s", "next score function", "s d m T t settings"},
    {'d', false, ACT_DIST, P, "d", "next distribution", NULL},
    {'m', false, ACT_MASK, P, "m", "next mask", NULL},
    {'T', false, ACT_TEMP_UP, P, "T", "raise the temperature", NULL},
    {'t', false, ACT_TEMP_DOWN, P, "t", "lower the temperature", NULL},
    {'/', false, ACT_SCALE, P, "/", "toggle scaling: dot <-> scaled dot", NULL},
    {'o', false, ACT_POSITION, P, "o", "toggle position encoding (order)", NULL},
    {'H', false, ACT_HEADS, P, "H", "next number of heads (divisors of d_model)", NULL},
    {'c', false, ACT_CMAP, P | M, "c", "next colour map for the weights", NULL},
    {'K', false, ACT_SCROLL_UP, P, "K", "scroll the narration up", NULL},
    {'J', false, ACT_SCROLL_DOWN, P, "J", "scroll the narration down", NULL},
    {'e', false, ACT_EXPORT, P, "e", "export this panel as a figure", NULL},
    {'E', false, ACT_EXPORT_ALL, P, "E", "export every panel of the step", NULL},
};
const size_t keys_count = sizeof keys_table / sizeof keys_table[0];

Action keys_lookup(int key, bool fkey, unsigned ctx)
{
    if (!fkey && key == '\r')
        key = '\n';
    for (size_t i = 0; i < keys_count; i++) {
        const KeyBinding *b = &keys_table[i];
        if (b->key == key && b->fkey == fkey && (b->ctx & ctx))
            return b->act;
    }
    return ACT_NONE;
}

void keys_footer(unsigned ctx, char *buf, size_t n, int width)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < keys_count; i++) {
        const KeyBinding *b = &keys_table[i];
        if (!b->footer || !(b->ctx & ctx))
            continue;
        char item[64];
        int w = snprintf(item, sizeof item, "%s%s", len ? "  " : "", b->footer);
        if (w < 0 || (int)len + w > width || len + (size_t)w >= n)
            break;
        memcpy(buf + len, item, (size_t)w + 1);
        len += (size_t)w;
    }
}
