/* solve.h - proving a step's goal reachable: a teacher's answer key.
 *
 * The solver does only what a learner can do in the lab: change cells of
 * the step's editable matrices (within the editor's limit, EDITOR_LIMIT)
 * and, where the step lets settings change at all, press one of the
 * settings keys (score, distribution, mask, temperature, scale, position,
 * heads) as often as it likes. It searches cell by cell with nudges of 0.1
 * up to 100000, then from a few seeded random starts, then under each
 * setting the keys reach, until goal_eval says met; the edits that met it
 * are then pruned to the fewest and roundest that still meet it, and the
 * answer is checked once more from the lesson's own matrices.
 * Deterministic: the same lesson and seed give the same answer.
 * A translator step (lesson_tr.h) has no cells: the learner types an
 * input, so the solver tries the step's `try` inputs in order, then up to
 * 3000 dates drawn from the seed and written the ways the model was trained
 * on and some it was not (model/dates.h). */
#ifndef ATTN_SOLVE_H
#define ATTN_SOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"
#include "lesson/lesson.h"

typedef enum {
    SOLVE_NO_GOAL,      /* the step has no goal */
    SOLVE_ALREADY_MET,  /* met before any edit: nothing to do */
    SOLVE_FOUND,        /* the edits below meet it */
    SOLVE_NOT_FOUND,    /* the search found nothing within its budget */
    SOLVE_BROKEN,       /* the step does not compute (err says why) */
} SolveStatus;

#define SOLVE_MAX_EDITS 32
#define SOLVE_SEED 20240531u

/* One cell set to a value. */
typedef struct {
    MatName m;
    int i, j;
    float value;
} SolveEdit;

typedef struct {
    SolveStatus status;
    SolveEdit edit[SOLVE_MAX_EDITS];    /* SOLVE_FOUND: cells that differ from the lesson */
    int n_edits;
    AttnConfig cfg;                     /* the settings the answer uses */
    bool cfg_changed;                   /* cfg differs from the step's own */
    long evals;                         /* engine runs spent */
    char input[128];                    /* a translator step: the input that met it ("" if none) */
    char err[200];                      /* SOLVE_BROKEN */
} SolveAnswer;

/* Searches for edits that meet step k's goal (k 0-based), seeded by seed
 * (use SOLVE_SEED). Fills *out; never fails otherwise. */
void solve_step(const Lesson *l, int k, uint64_t seed, SolveAnswer *out);

/* The answer's edits as text, e.g. "Q[0][3] = 3.5, temperature = 10"
 * (settings as the lesson format writes them); "" when there are none. */
void solve_describe(const SolveAnswer *a, const AttnConfig *step_cfg, char *buf, size_t n);

#endif
