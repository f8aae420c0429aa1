/* exercise.c - see exercise.h. */
#include "lab/exercise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/solve.h"
#include "lab/state.h"

static void step_free(ExerciseStep *e)
{
    editor_snap_free(&e->snap);
    free(e->met_edits);
    memset(e, 0, sizeof *e);
}

void exercises_free(Exercises *x)
{
    for (int k = 0; k < x->n_steps; k++)
        step_free(&x->steps[k]);
    free(x->steps);
    free(x->path);
    memset(x, 0, sizeof *x);
}

int exercises_unsaved(const Exercises *x)
{
    for (int k = 0; k < x->n_steps; k++)
        if (x->steps[k].snap.has && x->steps[k].changed && !x->steps[k].met_edits)
            return k;
    return -1;
}

void exercises_open(Exercises *x, const Lesson *l)
{
    /* the same file however it was named (menu: a full path; command line: as typed) */
    char *real = realpath(l->path, NULL);
    const char *name = real ? real : l->path;
    if (x->path && strcmp(x->path, name) == 0 && x->n_steps == l->n_steps) {
        free(real);
        return;
    }
    exercises_free(x);
    x->path = real ? real : xstrdup(l->path);
    x->n_steps = l->n_steps;
    x->steps = xcalloc((size_t)l->n_steps, sizeof *x->steps);
    for (int k = 0; k < l->n_steps; k++) {
        const LessonStep *s = &l->steps[k];
        ExerciseStep *e = &x->steps[k];
        char *edits = NULL;
        if (s->has_goal && state_exercise_get(l->path, k, 0, &e->met, &edits) == 1)
            e->met_edits = edits;
        int choice;
        bool right;
        if (s->n_choices > 0 && state_prediction_get(l->path, k, &choice, &right) == 1 && choice >= 1 &&
            choice <= s->n_choices) {
            e->picked = choice;
            e->picked_right = choice == s->correct;
        }
    }
}

void exercises_leave(Exercises *x, const Editor *ed)
{
    if (!x->steps || ed->step >= x->n_steps)
        return;
    ExerciseStep *e = &x->steps[ed->step];
    e->changed = editor_changed(ed);
    if (e->changed || ed->n_undo + ed->n_redo > 0)
        editor_snapshot(ed, &e->snap);
    else
        editor_snap_free(&e->snap);
}

bool exercises_enter(Exercises *x, Editor *ed)
{
    if (!x->steps || ed->step >= x->n_steps || !x->steps[ed->step].snap.has)
        return false;
    return editor_restore(ed, &x->steps[ed->step].snap) == 0 && editor_changed(ed);
}

/* A translator step whose input the learner replaced (the typed input is
 * its exercise's edit: the step has no cells to change). */
static bool input_typed(const LessonStep *s)
{
    return s->tr && s->tr_input && strcmp(s->tr->input, s->tr_input) != 0;
}

void exercises_describe(const Editor *ed, char *buf, size_t n)
{
    const LessonStep *s = &ed->lesson->steps[ed->step];
    SolveAnswer a;
    memset(&a, 0, sizeof a);
    if (input_typed(s))
        snprintf(a.input, sizeof a.input, "%s", s->tr->input);
    for (int m = 0; m < M__COUNT; m++) {
        const Mat *o = &ed->own[m];
        for (int i = 0; o->v && i < o->rows; i++)
            for (int j = 0; j < o->cols && a.n_edits < SOLVE_MAX_EDITS; j++)
                if (MAT_AT(*o, i, j) != MAT_AT(s->mats[m], i, j))
                    a.edit[a.n_edits++] = (SolveEdit){(MatName)m, i, j, MAT_AT(*o, i, j)};
    }
    a.cfg = ed->sc.cfg;
    a.cfg_changed = memcmp(&a.cfg, &s->cfg, sizeof a.cfg) != 0;
    solve_describe(&a, &s->cfg, buf, n);
}

int exercises_note(Exercises *x, const Editor *ed, char *msg, size_t n)
{
    const LessonStep *s = &ed->lesson->steps[ed->step];
    char err[200], edits[400];
    if (!x->steps || ed->step >= x->n_steps || !s->has_goal || !ed->ok || !(editor_changed(ed) || input_typed(s)) ||
        goal_eval(&s->goal, &ed->res, &ed->sc, err, sizeof err) != 1)
        return 0;
    ExerciseStep *e = &x->steps[ed->step];
    exercises_describe(ed, edits, sizeof edits);
    if (e->met && e->met_edits && strcmp(e->met_edits, edits) == 0)
        return 0;
    bool first = !e->met;
    e->met = true;
    free(e->met_edits);
    e->met_edits = xstrdup(edits);
    if (state_exercise_put(x->path, ed->step, 0, true, edits, msg, n) < 0)
        return -1;
    return first ? 1 : 0;
}

int exercises_pick(Exercises *x, const Lesson *l, int step, int choice, char *msg, size_t n)
{
    if (!x->steps || step >= x->n_steps)
        return 0;
    ExerciseStep *e = &x->steps[step];
    e->picked = choice;
    e->picked_right = choice == l->steps[step].correct;
    return state_prediction_put(l->path, step, choice, e->picked_right, msg, n);
}

int exercises_total(const Lesson *l)
{
    int n = 0;
    for (int k = 0; k < l->n_steps; k++)
        n += l->steps[k].has_goal;
    return n;
}
