/* editor.c - see editor.h. */
#include "lab/editor.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void editor_open(Editor *ed, const Lesson *l, int step)
{
    memset(ed, 0, sizeof *ed);
    ed->lesson = l;
    ed->step = step;
    ed->sc = lesson_scenario(l, step);
    const LessonStep *s = &l->steps[step];
    for (int m = 0; m < M__COUNT; m++) {
        if ((s->editable & (1u << m)) && !mat_empty(ed->sc.in[m])) {
            ed->own[m] = mat_copy(ed->sc.in[m]);
            ed->sc.in[m] = ed->own[m];
        }
    }
    ed->ok = engine_run(&ed->sc, &ed->res, &ed->err) == 0;
}

void editor_close(Editor *ed)
{
    if (ed->ok)
        result_free(&ed->res);
    editor_clear_marks(ed);
    for (int m = 0; m < M__COUNT; m++)
        mat_free(&ed->own[m]);
    memset(ed, 0, sizeof *ed);
}

void editor_clear_marks(Editor *ed)
{
    if (ed->has_prev)
        result_free(&ed->prev);
    ed->has_prev = false;
}

bool editor_can_edit(const Editor *ed, MatName m)
{
    return m >= 0 && m < M__COUNT && ed->own[m].v != NULL;
}

bool editor_can_configure(const Editor *ed)
{
    const LessonStep *s = &ed->lesson->steps[ed->step];
    return s->editable != 0 && !s->settings_fixed;
}

/* Fills *why (if given) with a refusal of kind k about m[i][j]; -1. */
static int refuse(EditRefusal *why, EditRefusalKind k, MatName m, int i, int j)
{
    if (why)
        *why = (EditRefusal){.kind = k, .m = m, .i = i, .j = j};
    return -1;
}

/* Reruns the engine on the current scenario. On failure the caller undoes
 * its change; the old Result stays in place. */
static int rerun(Editor *ed, EditRefusal *why)
{
    Result r;
    EngineError err;
    if (engine_run(&ed->sc, &r, &err) < 0) {
        refuse(why, EDIT_ENGINE, M__COUNT, 0, 0);
        if (why)
            why->engine = err;
        return -1;
    }
    editor_clear_marks(ed);
    if (ed->ok) {
        ed->prev = ed->res;
        ed->has_prev = true;
    }
    ed->res = r;
    ed->ok = true;
    ed->err = (EngineError){.kind = EE_NONE, .mat = M__COUNT, .field = CF_NONE};
    return 0;
}

static void push(Editor *ed, const EditOp *op)
{
    if (ed->n_undo == EDITOR_MAX_UNDO) {
        memmove(ed->undo, ed->undo + 1, (EDITOR_MAX_UNDO - 1) * sizeof *ed->undo);
        ed->n_undo--;
    }
    ed->undo[ed->n_undo++] = *op;
    ed->n_redo = 0;
}

/* Applies one side of an op (after, or before when back) and reruns. */
static int apply(Editor *ed, const EditOp *op, bool back, EditRefusal *why)
{
    if (op->is_cfg) {
        AttnConfig old = ed->sc.cfg;
        ed->sc.cfg = back ? op->cfg_before : op->cfg_after;
        if (rerun(ed, why) < 0) {
            ed->sc.cfg = old;
            return -1;
        }
        return 0;
    }
    float *cell = &MAT_AT(ed->own[op->m], op->i, op->j);
    float old = *cell;
    *cell = back ? op->before : op->after;
    if (rerun(ed, why) < 0) {
        *cell = old;
        return -1;
    }
    return 0;
}

/* Refuses a change of m[i][j] that this step or m's shape does not allow. */
static int cell_refused(const Editor *ed, MatName m, int i, int j, EditRefusal *why)
{
    if (!editor_can_edit(ed, m))
        return refuse(why, EDIT_NOT_EDITABLE, m >= 0 && m < M__COUNT ? m : M__COUNT, i, j);
    Mat x = ed->own[m];
    if (i < 0 || j < 0 || i >= x.rows || j >= x.cols)
        return refuse(why, EDIT_NO_CELL, m, i, j);
    return 0;
}

/* Sets a cell to v and reruns; an undoable change. 0, or -1 with *why. */
static int set_cell(Editor *ed, MatName m, int i, int j, double v, EditRefusal *why)
{
    if (cell_refused(ed, m, i, j, why) < 0)
        return -1;
    if (!isfinite(v) || fabs(v) > EDITOR_LIMIT)
        return refuse(why, EDIT_CELL_RANGE, m, i, j);
    EditOp op = {.is_cfg = false, .m = m, .i = i, .j = j, .before = MAT_AT(ed->own[m], i, j), .after = (float)v};
    if (apply(ed, &op, false, why) < 0)
        return -1;
    push(ed, &op);
    return 0;
}

int editor_nudge(Editor *ed, MatName m, int i, int j, double delta, EditRefusal *why)
{
    if (cell_refused(ed, m, i, j, why) < 0)     /* before reading the cell */
        return -1;
    double v = (double)MAT_AT(ed->own[m], i, j) + delta;
    /* keep nudged values on the 0.1 grid the learner sees, not 0.30000001 */
    v = round(v * 1e4) / 1e4;
    return set_cell(ed, m, i, j, v, why);
}

/* Refuses text with kind k, keeping its first bytes to show; -1. */
static int refuse_text(EditRefusal *why, EditRefusalKind k, const char *text)
{
    refuse(why, k, M__COUNT, 0, 0);
    if (why)
        snprintf(why->text, sizeof why->text, "%s", text);
    return -1;
}

int editor_parse_number(const char *text, double *out, EditRefusal *why)
{
    char *end;
    while (*text == ' ')
        text++;
    errno = 0;
    double v = strtod(text, &end);
    while (*end == ' ')
        end++;
    if (end == text || *end != '\0')
        return refuse_text(why, EDIT_NOT_NUMBER, text);
    if (!isfinite(v) || fabs(v) > EDITOR_LIMIT || (errno == ERANGE && fabs(v) > 1.0))
        return refuse_text(why, EDIT_OUT_OF_RANGE, text);
    if ((errno == ERANGE && fabs(v) <= 1.0) || (v != 0.0 && fabs(v) < FLT_MIN))
        /* a float cell would hold it as a denormal, or silently as 0 */
        return refuse_text(why, EDIT_TOO_SMALL, text);
    *out = v;
    return 0;
}

int editor_set_text(Editor *ed, MatName m, int i, int j, const char *text, EditRefusal *why)
{
    double v;
    if (editor_parse_number(text, &v, why) < 0)
        return -1;
    return set_cell(ed, m, i, j, v, why);
}

int editor_configure(Editor *ed, const AttnConfig *cfg, EditRefusal *why)
{
    if (!editor_can_configure(ed))
        return refuse(why, EDIT_FIXED_SETTINGS, M__COUNT, 0, 0);
    Scenario trial = ed->sc;
    trial.cfg = *cfg;
    EngineError err;
    if (!engine_validate(&trial, &err)) {
        refuse(why, EDIT_ENGINE, M__COUNT, 0, 0);
        if (why)
            why->engine = err;
        return -1;
    }
    EditOp op = {.is_cfg = true, .cfg_before = ed->sc.cfg, .cfg_after = *cfg};
    if (apply(ed, &op, false, why) < 0)
        return -1;
    push(ed, &op);
    return 0;
}

int editor_undo(Editor *ed, EditRefusal *why)
{
    if (ed->n_undo == 0)
        return refuse(why, EDIT_NOTHING_TO_UNDO, M__COUNT, 0, 0);
    if (apply(ed, &ed->undo[ed->n_undo - 1], true, why) < 0)
        return -1;
    ed->n_undo--;
    ed->n_redo++;
    return 0;
}

int editor_redo(Editor *ed, EditRefusal *why)
{
    if (ed->n_redo == 0)
        return refuse(why, EDIT_NOTHING_TO_REDO, M__COUNT, 0, 0);
    if (apply(ed, &ed->undo[ed->n_undo], false, why) < 0)
        return -1;
    ed->n_undo++;
    ed->n_redo--;
    return 0;
}

void editor_reset(Editor *ed)
{
    const Lesson *l = ed->lesson;
    int step = ed->step;
    editor_close(ed);
    editor_open(ed, l, step);
}

/* ------------------------------------------------ snapshots (n / p) */

bool editor_changed(const Editor *ed)
{
    const LessonStep *s = &ed->lesson->steps[ed->step];
    if (memcmp(&ed->sc.cfg, &s->cfg, sizeof s->cfg) != 0)
        return true;
    for (int m = 0; m < M__COUNT; m++) {
        const Mat *o = &ed->own[m];
        if (o->v && memcmp(o->v, s->mats[m].v, (size_t)o->rows * (size_t)o->cols * sizeof(float)) != 0)
            return true;
    }
    return false;
}

void editor_snapshot(const Editor *ed, EditorSnap *snap)
{
    editor_snap_free(snap);
    snap->has = true;
    snap->step = ed->step;
    for (int m = 0; m < M__COUNT; m++)
        if (ed->own[m].v)
            snap->own[m] = mat_copy(ed->own[m]);
    snap->cfg = ed->sc.cfg;
    snap->n_undo = ed->n_undo;
    snap->n_redo = ed->n_redo;
    size_t n = (size_t)(ed->n_undo + ed->n_redo);
    if (n) {
        snap->ops = xmalloc(n * sizeof *snap->ops);
        memcpy(snap->ops, ed->undo, n * sizeof *snap->ops);
    }
}

int editor_restore(Editor *ed, const EditorSnap *snap)
{
    if (!snap->has || snap->step != ed->step)
        return -1;
    for (int m = 0; m < M__COUNT; m++) {
        if (!ed->own[m].v || !snap->own[m].v || ed->own[m].rows != snap->own[m].rows ||
            ed->own[m].cols != snap->own[m].cols)
            continue;
        memcpy(ed->own[m].v, snap->own[m].v, (size_t)snap->own[m].rows * (size_t)snap->own[m].cols * sizeof(float));
    }
    ed->sc.cfg = snap->cfg;
    if (rerun(ed, NULL) < 0) {      /* cannot happen for a state the editor made; be safe */
        editor_reset(ed);
        return -1;
    }
    editor_clear_marks(ed);         /* nothing just changed */
    ed->n_undo = snap->n_undo;
    ed->n_redo = snap->n_redo;
    if (snap->ops)
        memcpy(ed->undo, snap->ops, (size_t)(snap->n_undo + snap->n_redo) * sizeof *ed->undo);
    return 0;
}

void editor_snap_free(EditorSnap *snap)
{
    for (int m = 0; m < M__COUNT; m++)
        mat_free(&snap->own[m]);
    free(snap->ops);
    memset(snap, 0, sizeof *snap);
}

/* ------------------------------------------------ configuration keys */

static bool fits(const Editor *ed, const AttnConfig *c)
{
    Scenario t = ed->sc;
    t.cfg = *c;
    return engine_validate(&t, NULL);
}

AttnConfig editor_cycle_score(const Editor *ed)
{
    AttnConfig c = ed->sc.cfg;
    for (int k = 1; k < SCORE__COUNT; k++) {
        c.score = (ScoreKind)((ed->sc.cfg.score + k) % SCORE__COUNT);
        if (fits(ed, &c))
            return c;
    }
    return ed->sc.cfg;
}

AttnConfig editor_cycle_dist(const Editor *ed)
{
    AttnConfig c = ed->sc.cfg;
    for (int k = 1; k < DIST__COUNT; k++) {
        c.dist = (DistKind)((ed->sc.cfg.dist + k) % DIST__COUNT);
        if (fits(ed, &c))
            return c;
    }
    return ed->sc.cfg;
}

AttnConfig editor_cycle_mask(const Editor *ed)
{
    static const unsigned order[] = {0, MASK_PADDING, MASK_CAUSAL, MASK_PADDING | MASK_CAUSAL, MASK_MATRIX};
    const int n = (int)(sizeof order / sizeof order[0]);
    AttnConfig c = ed->sc.cfg;
    int at = 0;
    for (int k = 0; k < n; k++)
        if (order[k] == c.mask)
            at = k;
    if (c.n_valid_lens == 0) {
        /* padding needs a length: hide the last key unless the lesson set one */
        int nk = ed->ok ? ed->res.main.nk : 2;
        c.n_valid_lens = 1;
        c.valid_lens[0] = nk > 1 ? nk - 1 : 1;
    }
    for (int k = 1; k <= n; k++) {
        c.mask = order[(at + k) % n];
        if (fits(ed, &c))
            return c;
    }
    return ed->sc.cfg;
}

AttnConfig editor_temperature(const Editor *ed, bool up)
{
    static const float steps[] = {0.05f, 0.1f, 0.2f, 0.25f, 0.5f, 0.75f, 1.0f, 1.5f, 2.0f, 3.0f, 5.0f, 10.0f, 20.0f};
    const int n = (int)(sizeof steps / sizeof steps[0]);
    AttnConfig c = ed->sc.cfg;
    float T = c.temperature;
    if (up) {
        for (int k = 0; k < n; k++)
            if (steps[k] > T * 1.0001f) {
                c.temperature = steps[k];
                break;
            }
    } else {
        for (int k = n - 1; k >= 0; k--)
            if (steps[k] < T * 0.9999f) {
                c.temperature = steps[k];
                break;
            }
    }
    return c;
}

AttnConfig editor_toggle_scale(const Editor *ed)
{
    AttnConfig c = ed->sc.cfg;
    c.score = c.score == SCORE_SCALED_DOT ? SCORE_DOT : SCORE_SCALED_DOT;
    return c;
}

AttnConfig editor_toggle_position(const Editor *ed)
{
    AttnConfig c = ed->sc.cfg;
    c.position = !c.position;
    return c;
}

AttnConfig editor_cycle_heads(const Editor *ed)
{
    AttnConfig c = ed->sc.cfg;
    int d = ed->ok ? ed->res.Q.cols : ed->sc.in[M_X].cols;
    if (d <= 0)
        return c;
    for (int h = c.heads + 1; h <= d + 1; h++) {
        int hh = h > d ? 1 : h;
        if (d % hh == 0 && hh <= ENGINE_MAX_HEADS) {
            c.heads = hh;
            return c;
        }
    }
    return c;
}
