/* state.h - the learner's progress, kept between runs.
 *
 * An SQLite database, $XDG_STATE_HOME/attnlab/progress.db (else
 * ~/.local/state/attnlab/progress.db), in WAL mode with a busy timeout, so
 * several instances (two terminals, a class on one account) share it: each
 * save writes only the lessons that instance changed, in one transaction.
 * One row per lesson (its place), per exercise goal and per prediction.
 *
 * The text file of earlier versions (.../attnlab/state) is imported on the
 * first start and renamed state.imported. A damaged database, or a damaged
 * old file, is set aside (NAME.bad, then NAME.bad.2, ...: never over an
 * earlier one) with a message, and a fresh one made; it never stops the
 * program. A State owns its entries; state_free() releases them. */
#ifndef ATTN_STATE_H
#define ATTN_STATE_H

#include <stdbool.h>
#include <stddef.h>

#define STATE_VERSION 1     /* of the old text file, and the database's user_version */

typedef struct {
    char *name;                 /* the lesson file's base name (owned) */
    int step;                   /* 0-based step the learner was on */
    int n_steps;
    bool done;                  /* the last step was reached */
    bool changed;               /* set here since the load: the next save writes it */
} StateEntry;

typedef struct {
    StateEntry *e;              /* sorted by name */
    int n, cap;
    char *last;                 /* the lesson opened last, or "": never NULL after state_load */
    bool last_changed;
} State;

/* The database's path into buf; false when no directory can be named. */
bool state_path(char *buf, size_t n);
/* Reads every lesson's place (an empty State when there is none). Always
 * returns a usable State; msg gets a sentence when something had to be set
 * aside or could not be read, else "". */
void state_load(State *s, char *msg, size_t msglen);
/* Writes the entries changed since the load (and the last lesson) in one
 * transaction, creating the folder; rows other instances wrote meanwhile
 * stay. 0, or -1 with a message. */
int state_save(State *s, char *msg, size_t msglen);
/* Entry for a lesson (by path or base name), or NULL. */
const StateEntry *state_get(const State *s, const char *lesson_path);
/* Records the place in a lesson and makes it the last one opened. */
void state_set(State *s, const char *lesson_path, int step, int n_steps);
void state_free(State *s);

/* --- exercises and predictions: each call opens the database, reads or
 * writes one row, and closes it. Lessons are named by path or base name;
 * steps and goals are 0-based. Writers return 0, or -1 with a message. */

/* A goal of a step's exercise: met or not, and the edits that met it. */
int state_exercise_put(const char *lesson, int step, int goal, bool met, const char *edits,
                       char *msg, size_t msglen);
/* 1 and *met, *edits (malloc'd, the caller frees) when recorded; 0 when
 * not; -1 when the database cannot be read. */
int state_exercise_get(const char *lesson, int step, int goal, bool *met, char **edits);
/* How many of a lesson's exercise goals are recorded as met; -1 on error. */
int state_exercises_met(const char *lesson);
/* The choice picked for a step's prediction (1-based, as a lesson's
 * `correct`), and whether it was right. */
int state_prediction_put(const char *lesson, int step, int choice, bool correct, char *msg, size_t msglen);
/* 1 and *choice, *correct when recorded; 0 when not; -1 on error. */
int state_prediction_get(const char *lesson, int step, int *choice, bool *correct);

#endif
