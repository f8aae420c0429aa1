/* keys.h - the one key table: key -> action, with help text and context.
 *
 * The help overlay (?) and the footer legend are generated from this table,
 * so what the screen says is what the keys do. Each text has its Chinese
 * beside it, in the same row. Each screen binds an action to its handler
 * (a table from Action to a short function, in the screen's file); a key
 * no row names does nothing. */
#ifndef ATTN_KEYS_H
#define ATTN_KEYS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    ACT_NONE, ACT_QUIT, ACT_HELP, ACT_OPEN, ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT,
    ACT_NEXT_PANEL, ACT_PREV_PANEL, ACT_NEXT_STEP, ACT_PREV_STEP,
    ACT_NUDGE_UP, ACT_NUDGE_DOWN, ACT_BIG_UP, ACT_BIG_DOWN, ACT_TYPE,
    ACT_UNDO, ACT_REDO, ACT_RESET, ACT_EXPLAIN, ACT_HINT, ACT_ANSWER,
    ACT_SCORE, ACT_DIST, ACT_MASK, ACT_TEMP_UP, ACT_TEMP_DOWN, ACT_SCALE, ACT_POSITION,
    ACT_HEADS, ACT_CMAP, ACT_SCROLL_UP, ACT_SCROLL_DOWN, ACT_CLOSE,
    ACT_EXPORT, ACT_EXPORT_ALL,     /* e / E: the panel, or the step, as a figure */
    ACT_FIRST_STEP, ACT_LAST_STEP,  /* Home/g, End/G */
    ACT_TOGGLE,                     /* Space: a mask cell flips between 0 and 1 */
    ACT_DIGIT,                      /* the menu: a digit opens that lesson */
    ACT_PICK,                       /* a choice's number in the prediction prompt */
    ACT_LAYER_PREV, ACT_LAYER_NEXT, /* the dump view: [ and ] */
    ACT_HEAD_PREV, ACT_HEAD_NEXT,   /* { } or < > */
    ACT_PAGE_UP, ACT_PAGE_DOWN,     /* the large head by a page */
    ACT_AS_SCORES,                  /* S: the numbers softmaxed per row */
    ACT_TR_INPUT, ACT_TR_MORE, ACT_TR_LESS, /* a translator step: type its input; write a character more, less */
    ACT__COUNT
} Action;

/* Where a binding applies (bits). */
enum { KCTX_MENU = 1u, KCTX_PLAYER = 2u, KCTX_OVERLAY = 4u,
       /* with KCTX_PLAYER when the cursor is on a mask cell the learner may
        * flip: only the footer reads it (its Space item) */
       KCTX_MASK_CELL = 8u,
       KCTX_PREDICT = 16u /* the prediction prompt */,
       /* with KCTX_PLAYER when the step lets the learner change no number */
       KCTX_NO_EDIT = 32u,
       KCTX_DUMP = 64u /* attnlab view: a model's attention */,
       /* with KCTX_PLAYER on a translator step (lesson_tr.h): its keys join the footer */
       KCTX_TRANSLATOR = 128u,
       /* with KCTX_PLAYER: the step has no hint (i leaves the footer), asks
        * no question (a leaves it); the keys still answer, saying so */
       KCTX_NO_HINT = 256u, KCTX_NO_QUESTION = 512u };

/* A key: a character (wide) or, with fkey, an ncurses KEY_* code. */
typedef struct {
    int key;
    bool fkey;
    Action act;
    unsigned ctx;
    const char *label;      /* how the key is written: "n", "PgDn", "^R" */
    const char *help;       /* what it does, for the help overlay (NULL in a
                               row whose action an earlier row describes) */
    const char *help_zh;    /* the same in simplified Chinese */
    const char *footer;     /* the footer legend's item ("n/p step"), or NULL */
    const char *footer_zh;  /* the same in Chinese (the key name kept), or NULL */
} KeyBinding;

extern const KeyBinding keys_table[];
extern const size_t keys_count;

/* The action of a key in a context, or ACT_NONE. */
Action keys_lookup(int key, bool fkey, unsigned ctx);
/* The footer items of a context (in Chinese if zh), joined, at most width
 * display columns (a Chinese character takes two): whole items only. */
void keys_footer(unsigned ctx, bool zh, char *buf, size_t n, int width);

#endif
