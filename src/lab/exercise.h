/* exercise.h - what the learner did in each step of one lesson: the edits
 * they left (kept for the run, so n / p never drops them), whether the
 * step's goal was met and with which edits, and the prediction they picked.
 * Met goals and picks also go to the progress database (state.h), so the
 * menu can count done exercises and a pick is shown again in a later run.
 *
 * Exercises owns its entries; exercises_free() releases them. It keeps the
 * lesson it was opened for, so reopening the same lesson in one run finds
 * the edits where the learner left them. */
#ifndef ATTN_EXERCISE_H
#define ATTN_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/editor.h"
#include "lesson/lesson.h"

typedef struct {
    EditorSnap snap;        /* the edits left in the step (snap.has), undo history included */
    bool changed;           /* its numbers or settings differ from the lesson's */
    bool met;               /* the goal was met, in this run or recorded before */
    char *met_edits;        /* the edits that met it ("Q[1][1] = 4"), owned; or NULL */
    int picked;             /* the prediction picked, from 1; 0 when none */
    bool picked_right;
} ExerciseStep;

typedef struct {
    char *path;             /* the lesson's, owned; NULL when none is open */
    int n_steps;
    ExerciseStep *steps;
} Exercises;

/* Opens the record of lesson l: kept as it is when it is already l's (same
 * path and steps), else read afresh from progress (met goals and picks). */
void exercises_open(Exercises *x, const Lesson *l);
void exercises_free(Exercises *x);

/* The learner leaves the editor's step: its edits are kept (or forgotten
 * when there are none). */
void exercises_leave(Exercises *x, const Editor *ed);
/* The learner enters the editor's (just opened) step: the edits they left
 * there are put back. True when there were some. */
bool exercises_enter(Exercises *x, Editor *ed);

/* After an edit: when the step's goal is met now by the learner's edits (a
 * goal met as the lesson wrote it is no exercise done) and was not met with these
 * edits before, records it (and the edits, as text) in progress. 1 when
 * newly met, 0 when nothing changed, -1 when it could not be saved (msg
 * says why; the run still remembers it). */
int exercises_note(Exercises *x, const Editor *ed, char *msg, size_t n);
/* The learner picks choice (from 1) for step's prediction: kept and saved.
 * 0, or -1 with a message when it could not be saved (still kept). */
int exercises_pick(Exercises *x, const Lesson *l, int step, int choice, char *msg, size_t n);

/* The learner's edits of the editor's step as text ("Q[1][1] = 4,
 * temperature = 2"); "" when there are none. */
void exercises_describe(const Editor *ed, char *buf, size_t n);

/* The first step (from 0) holding edits that are kept only for the run
 * (not the ones that met its goal, which progress keeps), or -1. */
int exercises_unsaved(const Exercises *x);

/* Goals in lesson l (steps with a goal). */
int exercises_total(const Lesson *l);

#endif
