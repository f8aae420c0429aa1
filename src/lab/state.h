/* state.h - the learner's place, kept between runs.
 *
 * One small text file, $XDG_STATE_HOME/attnlab/state (else
 * ~/.local/state/attnlab/state), written atomically (temporary file, fsync,
 * rename). A damaged or future-version file is renamed to state.bad and
 * reported in a message; it never stops the program. A State owns its
 * entries; state_free() releases them. */
#ifndef ATTN_STATE_H
#define ATTN_STATE_H

#include <stdbool.h>
#include <stddef.h>

#define STATE_VERSION 1
#define STATE_NAME_MAX 128

typedef struct {
    char name[STATE_NAME_MAX];  /* the lesson file's base name */
    int step;                   /* 0-based step the learner was on */
    int n_steps;
    bool done;                  /* the last step was reached */
} StateEntry;

typedef struct {
    StateEntry *e;
    int n, cap;
    char last[STATE_NAME_MAX];  /* the lesson opened last, or "" */
} State;

/* The state file's path into buf; false when no directory can be named. */
bool state_path(char *buf, size_t n);
/* Reads the state (an empty one when there is no file). Always returns a
 * usable State; msg gets a sentence when a file had to be set aside, else "". */
void state_load(State *s, char *msg, size_t msglen);
/* Writes it atomically, creating the directory. 0, or -1 with a message. */
int state_save(const State *s, char *msg, size_t msglen);
/* Entry for a lesson (by path or base name), or NULL. */
const StateEntry *state_get(const State *s, const char *lesson_path);
/* Records the place in a lesson and makes it the last one opened. */
void state_set(State *s, const char *lesson_path, int step, int n_steps);
void state_free(State *s);

#endif
