/* editor.h - the learner's live edits of one lesson step.
 *
 * An Editor owns copies (mat_copy) of the step's editable matrices and a
 * Scenario that points at them (the other matrices stay borrowed from the
 * Lesson, which must outlive the Editor). Every change re-validates, reruns
 * engine_run and keeps the previous Result until the next change or
 * editor_clear_marks(), so a view can mark the cells the edit changed.
 * Refused changes leave everything as it was and say why in msg. */
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
    char err[256];          /* why res is not valid (when !ok) */
    EditOp undo[EDITOR_MAX_UNDO];
    int n_undo, n_redo;     /* redo entries sit above n_undo */
    bool zh;                /* the editor's own messages in Chinese (the UI sets it
                             * after editor_open; engine messages stay English) */
} Editor;

void editor_open(Editor *ed, const Lesson *l, int step);
void editor_close(Editor *ed);

bool editor_can_edit(const Editor *ed, MatName m);
/* May the configuration change here? (the step lets anything be edited) */
bool editor_can_configure(const Editor *ed);

/* Sets a cell. 0, or -1 with a message (not editable, out of range, not finite). */
int editor_set(Editor *ed, MatName m, int i, int j, double v, char *msg, size_t n);
int editor_nudge(Editor *ed, MatName m, int i, int j, double delta, char *msg, size_t n);
/* Parses text (NUL-terminated, any bytes) as what a learner may type into a
 * cell: a number as strtod reads it ("1.5", "-2", "3e-1"), spaces around it.
 * Returns 0 with *out finite, |*out| <= EDITOR_LIMIT and either 0 or at
 * least FLT_MIN in size (so it fits a float cell unchanged in kind); else -1
 * with a message in msg (n bytes) and *out untouched. Refuses nan, inf,
 * words, magnitudes above EDITOR_LIMIT and nonzero ones below FLT_MIN. */
int editor_parse_number(const char *text, double *out, char *msg, size_t n);
/* editor_parse_number, then editor_set; a refused text changes nothing. */
int editor_set_text(Editor *ed, MatName m, int i, int j, const char *text, char *msg, size_t n);
/* Replaces the configuration after engine_validate; on a problem keeps the old. */
int editor_configure(Editor *ed, const AttnConfig *cfg, char *msg, size_t n);

int editor_undo(Editor *ed, char *msg, size_t n);
int editor_redo(Editor *ed, char *msg, size_t n);
void editor_reset(Editor *ed);

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
