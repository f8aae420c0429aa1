/* lesson_check.c - after parsing: every step is run through the engine and
 * its panels, editable matrices, labels, goal and placeholders checked
 * against what it computed. Errors point at the line that set the culprit. */
#include "lesson/lesson_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* ------------------------------------------------ checks per step */

Scenario lesson_scenario(const Lesson *l, int k)
{
    Scenario sc;
    sc.cfg = l->steps[k].cfg;
    memcpy(sc.in, l->steps[k].mats, sizeof sc.in);
    return sc;
}

static void default_panels(LessonStep *s)
{
    static const int qkv[] = {M_Q, M_K, M_V, PANEL_SCORES, PANEL_WEIGHTS, PANEL_OUTPUT};
    static const int self[] = {M_X, M_Q, M_K, M_V, PANEL_WEIGHTS, PANEL_OUTPUT};
    static const int multi[] = {M_X, PANEL_HEADS, PANEL_CONCAT, PANEL_OUTPUT};
    static const int co[] = {M_A, M_B, PANEL_AFFINITY, PANEL_WEIGHTS, PANEL_WEIGHTS_BA};
    const int *src = qkv;
    int n = 6;
    switch (s->cfg.mode) {
    case MODE_SELF: src = self; n = 6; break;
    case MODE_MULTIHEAD: src = multi; n = 4; break;
    case MODE_COATTENTION: src = co; n = 5; break;
    default: break;
    }
    memcpy(s->panels, src, (size_t)n * sizeof(int));
    s->n_panels = n;
}

static int line_or(int line, int fallback)
{
    return line > 0 ? line : fallback;
}

/* The panels, editable matrices, tokens, goal and placeholders of step k,
 * against what it computed. */
static void check_step_result(const Lesson *l, int k, const Result *r, const Scenario *sc, Diags *d)
{
    const LessonStep *s = &l->steps[k];
    char msg[200];
    AttnMode mode = s->cfg.mode;
    for (int i = 0; i < s->n_panels; i++) {
        PanelWhy why = panel_available(s->panels[i], sc);
        if (why != PAV_OK)
            diags_add(d, l->path, line_or(s->key_line[KEY_PANELS], s->line), "step %d cannot show panel %s: %s",
                      k + 1, panel_name(s->panels[i]), panel_why_text(why));
    }
    for (int m = 0; m < M__COUNT; m++) {
        if (!(s->editable & (1u << m)))
            continue;
        const char *why = NULL;
        if (mat_empty(sc->in[m]))
            why = "this step has no such matrix";
        else if ((mode == MODE_SELF || mode == MODE_MULTIHEAD) && (m == M_Q || m == M_K || m == M_V))
            why = "here it is computed from X: make X or a projection editable";
        if (why)
            diags_add(d, l->path, line_or(s->key_line[KEY_EDIT], s->line), "step %d cannot edit %s: %s", k + 1,
                      engine_mat_name((MatName)m), why);
    }
    int nq = r->main.nq, nk = r->main.nk;
    if (mode == MODE_COATTENTION) {
        nq = sc->in[M_A].rows;
        nk = sc->in[M_B].rows;
    }
    if (s->queries && s->n_queries != nq)
        diags_add(d, l->path, line_or(s->key_line[KEY_QUERIES], s->line),
                  "step %d has %d query rows but %d query labels", k + 1, nq, s->n_queries);
    if (s->keys && s->n_keys != nk)
        diags_add(d, l->path, line_or(s->key_line[KEY_KEYS], s->line), "step %d has %d keys but %d key labels",
                  k + 1, nk, s->n_keys);
    if (s->has_goal && goal_eval(&s->goal, r, sc, msg, sizeof msg) < 0)
        diags_add(d, l->path, s->goal_line, "goal: %s", msg);
    const Text *texts[] = {&s->text, &s->hint, &s->question, &s->answer, &s->title};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        const char *variants[] = {texts[t]->en, texts[t]->zh};
        for (int v = 0; v < 2; v++) {
            if (!variants[v])
                continue;
            StrBuf out = {0};
            if (ref_render(variants[v], r, sc, &out, msg, sizeof msg) < 0)
                diags_add(d, l->path, s->line, "step %d text: %s", k + 1, msg);
            free(out.s);
        }
    }
}

void lesson_check_steps(Lesson *l, Diags *d)
{
    for (int k = 0; k < l->n_steps; k++) {
        LessonStep *s = &l->steps[k];
        if (s->n_panels == 0)
            default_panels(s);
        Scenario sc = lesson_scenario(l, k);
        char msg[300];
        EngineError why;
        if (!engine_validate(&sc, &why)) {
            int line = s->line;
            if (why.mat < M__COUNT && s->mat_line[why.mat] > 0)
                line = s->mat_line[why.mat];
            else if (why.field != CF_NONE && s->key_line[why.field] > 0)
                line = s->key_line[why.field];
            engine_error_english(&why, msg, sizeof msg);
            diags_add(d, l->path, line, "step %d: %s", k + 1, msg);
            continue;
        }
        Result r;
        if (engine_run(&sc, &r, &why) < 0) {
            engine_error_english(&why, msg, sizeof msg);
            diags_add(d, l->path, s->line, "step %d: %s", k + 1, msg);
            continue;
        }
        check_step_result(l, k, &r, &sc, d);
        lesson_check_reach(l, k, d);
        result_free(&r);
    }
}
