/* editor.h - the learner's live edits of one lesson step.
 *
 * An Editor owns copies (mat_copy) of the step's editable matrices and a
 * Scenario that points at them (the other matrices stay borrowed from the
 * Lesson, which must outlive the Editor). Every change re-validates, reruns
 * engine_run and keeps the previous Result until the next change or
 * editor_clear_marks(), so a view can mark the cells the edit changed.
 * Refused changes leave everything as it was and say why in an EditRefusal:
 * a code and its numbers, which the view words (lab/words.h). The editor
 * knows no language. */
#ifndef ATTN_EDITOR_H
#define ATTN_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/engine.h"
#include "lesson/lesson.h"

/* One undoable change: a cell or the whole configuration. */
typedef struct {
    bool is_cfg;
    MatName m;
    int i, j;
    float before, after;
    AttnConfig cfg_before, cfg_after;
} EditOp;

/* Why a change was refused. The fields a kind uses are beside it. */
typedef enum {
    EDIT_OK,
    EDIT_NOT_EDITABLE,      /* m may not change here (m == M__COUNT: not a matrix) */
    EDIT_NO_CELL,           /* m has no cell [i][j] */
    EDIT_CELL_RANGE,        /* the value is not finite or above EDITOR_LIMIT in size */
    EDIT_NOT_NUMBER,        /* text is not a number */
    EDIT_OUT_OF_RANGE,      /* text is beyond +-EDITOR_LIMIT (or nan, inf) */
    EDIT_TOO_SMALL,         /* text is nonzero but below FLT_MIN in size */
    EDIT_FIXED_SETTINGS,    /* this step keeps its configuration */
    EDIT_NOTHING_TO_UNDO,
    EDIT_NOTHING_TO_REDO,
    EDIT_ENGINE,            /* the engine refused the result: see engine */
    EDIT__COUNT
} EditRefusalKind;

#define EDITOR_TEXT_SHOWN 40    /* bytes of a refused text kept to show */

typedef struct {
    EditRefusalKind kind;
    MatName m;
    int i, j;
    char text[EDITOR_TEXT_SHOWN + 1];   /* the text's first bytes, as typed */
    EngineError engine;
} EditRefusal;

#define EDITOR_MAX_UNDO 256
#define EDITOR_LIMIT ENGINE_MAX_VALUE    /* |value| a cell may take: a lesson's limit too */

typedef struct {
    const Lesson *lesson;
    int step;
    Mat own[M__COUNT];      /* owned copies of the editable matrices */
    Scenario sc;            /* in[] points at own[] or at the lesson */
    Result res;             /* valid when ok */
    bool ok;
    Result prev;            /* before the last change, while has_prev */
    bool has_prev;
    EngineError err;        /* why res is not valid (when !ok) */
    EditOp undo[EDITOR_MAX_UNDO];
    int n_undo, n_redo;     /* redo entries sit above n_undo */
} Editor;

void editor_open(Editor *ed, const Lesson *l, int step);
void editor_close(Editor *ed);

bool editor_can_edit(const Editor *ed, MatName m);
/* May the configuration change here? (the step lets anything be edited) */
bool editor_can_configure(const Editor *ed);

/* Adds delta to a cell (rounded to 4 decimals, the grid a learner sees).
 * 0, or -1 with *why filled (why may be NULL): not editable, no such cell,
 * out of range, or the engine refused the result; a refusal changes nothing. */
int editor_nudge(Editor *ed, MatName m, int i, int j, double delta, EditRefusal *why);
/* Parses text (NUL-terminated, any bytes) as what a learner may type into a
 * cell: a number as strtod reads it ("1.5", "-2", "3e-1"), spaces around it.
 * Returns 0 with *out finite, |*out| <= EDITOR_LIMIT and either 0 or at
 * least FLT_MIN in size (so it fits a float cell unchanged in kind); else -1
 * with *why filled (EDIT_NOT_NUMBER, EDIT_OUT_OF_RANGE or EDIT_TOO_SMALL;
 * why may be NULL) and *out untouched. */
int editor_parse_number(const char *text, double *out, EditRefusal *why);
/* editor_parse_number, then sets the cell; a refused text changes nothing. */
int editor_set_text(Editor *ed, MatName m, int i, int j, const char *text, EditRefusal *why);
/* Replaces the configuration after engine_validate; on a problem keeps the old. */
int editor_configure(Editor *ed, const AttnConfig *cfg, EditRefusal *why);

int editor_undo(Editor *ed, EditRefusal *why);
int editor_redo(Editor *ed, EditRefusal *why);
void editor_reset(Editor *ed);

/* What the learner left in a step (cells, settings, undo history), to put
 * back when they come back to it within a run (n / p never drops edits).
 * Owns its copies; zero-initialise, free with editor_snap_free(). */
typedef struct {
    bool has;
    int step;
    Mat own[M__COUNT];
    AttnConfig cfg;
    EditOp *ops;            /* n_undo + n_redo of them */
    int n_undo, n_redo;
} EditorSnap;

/* Whether the open step's cells or settings differ from the lesson's. */
bool editor_changed(const Editor *ed);
/* Copies the open step as the learner left it into *snap (replacing what it held). */
void editor_snapshot(const Editor *ed, EditorSnap *snap);
/* Puts a snapshot of the open step back, undo history included: 0, or -1
 * (not this step's, or the engine refused it: the step is then as written). */
int editor_restore(Editor *ed, const EditorSnap *snap);
void editor_snap_free(EditorSnap *snap);

/* Forgets the previous Result: no cell is marked as changed any more. */
void editor_clear_marks(Editor *ed);

/* The config-cycling helpers: the next value, for the keys s d m T t / o H. */
AttnConfig editor_cycle_score(const Editor *ed);
AttnConfig editor_cycle_dist(const Editor *ed);
AttnConfig editor_cycle_mask(const Editor *ed);
AttnConfig editor_temperature(const Editor *ed, bool up);
AttnConfig editor_toggle_scale(const Editor *ed);
AttnConfig editor_toggle_position(const Editor *ed);
AttnConfig editor_cycle_heads(const Editor *ed);

#endif
