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
    Scenario sc = {0};
    sc.cfg = l->steps[k].cfg;
    memcpy(sc.in, l->steps[k].mats, sizeof sc.in);
    lesson_tr_scenario(&l->steps[k], &sc);
    return sc;
}

static void default_panels(LessonStep *s)
{
    static const int qkv[] = {M_Q, M_K, M_V, PANEL_SCORES, PANEL_WEIGHTS, PANEL_OUTPUT};
    static const int self[] = {M_X, M_Q, M_K, M_V, PANEL_WEIGHTS, PANEL_OUTPUT};
    static const int multi[] = {M_X, PANEL_HEADS, PANEL_CONCAT, PANEL_OUTPUT};
    static const int co[] = {M_A, M_B, PANEL_AFFINITY, PANEL_WEIGHTS, PANEL_WEIGHTS_BA};
    static const int md[] = {M_X, PANEL_VIEWS, PANEL_CONTEXT, PANEL_PENALTY};
    static const int hier[] = {M_X, PANEL_WORD_WEIGHTS, PANEL_SENTENCE_WEIGHTS, PANEL_DOCUMENT};
    static const int mem[] = {M_Q, M_K, M_V, PANEL_HOPS, PANEL_QUERY_PATH};
    const int *src = qkv;
    int n = 6;
    switch (s->cfg.mode) {
    case MODE_SELF: src = self; n = 6; break;
    case MODE_MULTIHEAD: src = multi; n = 4; break;
    case MODE_COATTENTION: src = co; n = 5; break;
    case MODE_MULTIDIM: src = md; n = 4; break;
    case MODE_HIERARCHICAL: src = hier; n = 4; break;
    case MODE_MEMORY: src = mem; n = 5; break;
    default: break;
    }
    memcpy(s->panels, src, (size_t)n * sizeof(int));
    s->n_panels = n;
}

static int line_or(int line, int fallback)
{
    return line > 0 ? line : fallback;
}

const char *lesson_choice(const LessonStep *s, int i, const char *lang)
{
    if (i < 0 || i >= s->n_choices || !s->choice_en)
        return "";
    if (lang && strcmp(lang, "zh") == 0 && s->choice_zh)
        return s->choice_zh[i];
    return s->choice_en[i];
}

bool lesson_hides(const LessonStep *s, int panel)
{
    for (int i = 0; i < s->n_hide; i++)
        if (s->hide[i] == panel)
            return true;
    return false;
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
        else if (panel_entry(s->panels[i])->src == PSRC_FILE && !l->dump)
            diags_add(d, l->path, line_or(s->key_line[KEY_PANELS], s->line),
                      "step %d cannot show panel %s: the lesson needs `dump = FILE` (a model's attention)", k + 1,
                      panel_name(s->panels[i]));
        else if (s->panels[i] == PANEL_IMAGE && !lesson_image_check(l, sc, msg, sizeof msg))
            diags_add(d, l->path, line_or(s->key_line[KEY_PANELS], s->line), "step %d cannot show panel image: %s",
                      k + 1, msg);
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
    } else if (mode == MODE_MULTIDIM || mode == MODE_HIERARCHICAL) {
        nq = nk = sc->in[M_X].rows;     /* the labels name the words, X's rows */
    } else if (mode == MODE_MEMORY) {
        nq = sc->in[M_Q].rows;          /* the question, one row; main has one a hop */
    }
    if (s->queries && s->n_queries != nq)
        diags_add(d, l->path, line_or(s->key_line[KEY_QUERIES], s->line),
                  "step %d has %d query rows but %d query labels", k + 1, nq, s->n_queries);
    if (s->keys && s->n_keys != nk)
        diags_add(d, l->path, line_or(s->key_line[KEY_KEYS], s->line), "step %d has %d keys but %d key labels",
                  k + 1, nk, s->n_keys);
    if (s->has_goal && goal_eval(&s->goal, r, sc, msg, sizeof msg) < 0)
        diags_add(d, l->path, s->goal_line, "goal: %s", msg);
    const Text *texts[] = {&s->text, &s->hint, &s->question, &s->answer, &s->title, &s->hint2, &s->choices};
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

/* "a | b | c" split at '|', trimmed; NULL-terminated, owned. *n gets the
 * count, or -1 when an item is empty. */
static char **split_choices(const char *v, int *n)
{
    char **out = xmalloc((LESSON_MAX_CHOICES + 2) * sizeof *out);
    int count = 0;
    bool empty = false;
    for (const char *s = v; count <= LESSON_MAX_CHOICES; s++) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        out[count] = str_trim(xstrndup(s, len));
        empty |= !out[count++][0];
        if (!bar)
            break;
        s = bar;
    }
    out[count] = NULL;
    *n = empty ? -1 : count;
    return out;
}

/* FILE:LINE of the key that set field, else of the step. */
#define STEP_ERR(field, ...) diags_add(d, l->path, line_or(s->key_line[field], s->line), __VA_ARGS__)

/* The choices of step k, split (en, zh), and their count checked. */
static void check_choices(Lesson *l, int k, Diags *d)
{
    LessonStep *s = &l->steps[k];
    int n = 0, nzh = 0;
    s->choice_en = split_choices(s->choices.en ? s->choices.en : s->choices.zh, &n);
    if (s->choices.en && s->choices.zh)
        s->choice_zh = split_choices(s->choices.zh, &nzh);
    if (n < 0 || nzh < 0)
        STEP_ERR(KEY_CHOICES, "step %d: a choice is empty (choices are separated by |)", k + 1);
    else if (n < 2 || n > LESSON_MAX_CHOICES)
        STEP_ERR(KEY_CHOICES, "step %d has %d choice%s; a prediction has 2 to %d, separated by |", k + 1, n,
                 n == 1 ? "" : "s", LESSON_MAX_CHOICES);
    else if (s->choice_zh && nzh != n)
        STEP_ERR(KEY_CHOICES, "step %d has %d choices but %d in choices.zh (the same count, the same order)",
                 k + 1, n, nzh);
    s->n_choices = n > 0 ? n : 0;
    if (!s->question.en && !s->question.zh)
        STEP_ERR(KEY_CHOICES, "step %d has choices but no question: choices answer a question", k + 1);
    if (!s->answer.en && !s->answer.zh)
        STEP_ERR(KEY_CHOICES, "step %d has choices but no answer: the answer shows once the learner picks", k + 1);
    if (s->correct == 0)
        STEP_ERR(KEY_CHOICES, "step %d has choices but no correct = N (the right choice, from 1)", k + 1);
    else if (s->correct > s->n_choices && s->n_choices > 0)
        STEP_ERR(KEY_CORRECT, "step %d: correct = %d, but there are only %d choices", k + 1, s->correct,
                 s->n_choices);
}

void lesson_check_predict(Lesson *l, int k, Diags *d)
{
    LessonStep *s = &l->steps[k];
    if ((s->hint2.en || s->hint2.zh) && !s->hint.en && !s->hint.zh)
        STEP_ERR(KEY_HINT2, "step %d has hint2 but no hint: hint2 is the second hint, after hint", k + 1);
    if ((s->goal_words.en || s->goal_words.zh) && !s->has_goal)
        diags_add(d, l->path, s->line, "step %d has goal_words but no goal: they say the goal", k + 1);
    if ((s->hint2.en || s->hint2.zh) && !s->has_goal)
        STEP_ERR(KEY_HINT2, "step %d has hint2 but no goal: the hints are for an exercise", k + 1);
    if (s->choices.en || s->choices.zh)
        check_choices(l, k, d);
    else if (s->correct > 0)
        STEP_ERR(KEY_CORRECT, "step %d has correct but no choices", k + 1);
    if (s->n_hide > 0 && !s->choice_en)
        STEP_ERR(KEY_HIDE, "step %d hides panels but has no choices: a panel is hidden until a prediction", k + 1);
    for (int i = 0; i < s->n_hide; i++) {
        bool shown = false;
        for (int j = 0; j < s->n_panels; j++)
            shown |= s->panels[j] == s->hide[i];
        if (!shown)
            STEP_ERR(KEY_HIDE, "step %d hides %s, which it does not show (add it to panels)", k + 1,
                     panel_name(s->hide[i]));
    }
    static const MatName named[] = {M_Q, M_K, M_X};
    for (size_t i = 0; s->features && i < sizeof named / sizeof named[0]; i++) {
        const Mat *m = &s->mats[named[i]];
        if (!mat_empty(*m) && m->cols != s->n_features)
            STEP_ERR(KEY_FEATURES, "step %d: %s has %d columns but features names %d", k + 1,
                     engine_mat_name(named[i]), m->cols, s->n_features);
    }
}

void lesson_check_steps(Lesson *l, Diags *d)
{
    for (int k = 0; k < l->n_steps; k++) {
        LessonStep *s = &l->steps[k];
        if (s->n_panels == 0)
            default_panels(s);
        lesson_check_predict(l, k, d);
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
