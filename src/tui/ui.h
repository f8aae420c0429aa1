/* ui.h - the terminal lab: lesson menu and lesson player (ncursesw).
 *
 * ui_run() is the program's interactive front: it owns the terminal from
 * start to end and restores it on every way out (return, exit, SIGINT,
 * SIGTERM, a fatal error through exit()). It blocks on input: idle is idle.
 *
 * For tests the same UI runs without a terminal: ui_open() makes an ncurses
 * screen on the given streams (e.g. /dev/null), ui_feed_key() plays one key
 * as if typed, ui_dump() returns the screen as text. */
#ifndef ATTN_UI_H
#define ATTN_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/dump.h"
#include "tui/heatmap.h"

typedef struct {
    const char *lesson;     /* what to open (path, number or name); NULL: the menu */
    int step;               /* 1-based; 0: where the learner left off */
    const char *lang;       /* "en" or "zh" */
    HmColorOpt color;
    FILE *in, *out;         /* NULL: stdin and stdout */
    const char *term;       /* NULL: $TERM */
    AttnDump *dump;         /* attnlab view: this model's attention instead of the lessons (borrowed) */
    int dump_layer, dump_head;  /* the head the cursor starts on */
} UiOptions;

typedef struct Ui Ui;

/* Runs until the learner quits. Returns an exit status (cli.h). */
int ui_run(const UiOptions *o);

/* The pieces of ui_run, for tests. ui_open returns NULL with a message in
 * err when the screen cannot be made or the lesson cannot be opened. */
Ui *ui_open(const UiOptions *o, char *err, size_t errlen);
/* Plays one key (a character, or with fkey a KEY_* code) and redraws.
 * Returns false once the UI has quit. */
bool ui_feed_key(Ui *ui, int key, bool fkey);
/* Plays a string of plain keys, one character each. */
bool ui_feed_keys(Ui *ui, const char *keys);
/* Plays a mouse event at screen (y, x); bstate as ncurses' mmask_t bits. */
bool ui_feed_mouse(Ui *ui, int y, int x, unsigned long bstate);
/* Resizes the screen (as a terminal resize would) and reflows. */
void ui_resize(Ui *ui, int rows, int cols);
/* The screen as text: one line a row, trailing blanks cut; caller frees. */
char *ui_dump(Ui *ui);
/* CPU microseconds the last key took (handling + recompute + drawing). */
double ui_last_key_us(const Ui *ui);
/* Wall-clock microseconds from the same key to its frame written out (work
 * done after the frame, such as saving the learner's place, is not in it). */
double ui_last_key_wall_us(const Ui *ui);
void ui_close(Ui *ui);

#endif
