/* json.c - `attnlab compute` output through cJSON. */
#include "cli/json.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cli/json_image.h"
#include "lab/goal_words.h"
#include "lab/words.h"

void json_float_text(float f, char *buf, size_t n)
{
    for (int prec = 6; prec <= 9; prec++) {
        snprintf(buf, n, "%.*g", prec, (double)f);
        if (strtof(buf, NULL) == f)
            return;
    }
}

/* A float as a JSON number that reads back as the same float; null for a
 * value JSON cannot hold (an infinity). */
static cJSON *num(float f)
{
    if (!isfinite(f))
        return cJSON_CreateNull();
    char buf[32];
    json_float_text(f, buf, sizeof buf);
    return cJSON_CreateNumber(strtod(buf, NULL));
}

cJSON *json_number(float f)
{
    return num(f);
}

/* A matrix as an array of rows; entries where keep is 0 become null. */
static cJSON *matrix(Mat m, const uint8_t *keep)
{
    cJSON *rows = cJSON_CreateArray();
    for (int i = 0; i < m.rows; i++) {
        cJSON *row = cJSON_CreateArray();
        for (int j = 0; j < m.cols; j++) {
            size_t t = (size_t)i * (size_t)m.cols + (size_t)j;
            cJSON_AddItemToArray(row, keep && !keep[t] ? cJSON_CreateNull() : num(m.v[t]));
        }
        cJSON_AddItemToArray(rows, row);
    }
    return rows;
}

/* A head's scores, masked entries null; where a score overflowed float the
 * engine's double (h->exact) is written, so an overflow never reads as a mask. */
static cJSON *scores_matrix(const AttnHead *h)
{
    cJSON *rows = matrix(h->scores, h->keep);
    for (int i = 0; h->exact && i < h->scores.rows; i++)
        for (int j = 0; j < h->scores.cols; j++) {
            size_t t = (size_t)i * (size_t)h->scores.cols + (size_t)j;
            if (h->keep[t] && !isfinite(h->scores.v[t]) && isfinite(h->exact[t]))
                cJSON_ReplaceItemInArray(cJSON_GetArrayItem(rows, i), j, cJSON_CreateNumber(h->exact[t]));
        }
    return rows;
}

static cJSON *head_object(const AttnHead *h)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "scores", scores_matrix(h));
    cJSON_AddItemToObject(o, "weights", matrix(h->weights, NULL));
    cJSON_AddItemToObject(o, "output", matrix(h->output, NULL));
    return o;
}

static cJSON *config_object(const AttnConfig *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "mode", engine_mode_name(c->mode));
    cJSON_AddStringToObject(o, "score", engine_score_name(c->score));
    cJSON_AddStringToObject(o, "distribution", engine_dist_name(c->dist));
    cJSON_AddItemToObject(o, "temperature", num(c->temperature));
    cJSON *mask = cJSON_CreateArray();
    if (c->mask & MASK_PADDING)
        cJSON_AddItemToArray(mask, cJSON_CreateString("padding"));
    if (c->mask & MASK_CAUSAL)
        cJSON_AddItemToArray(mask, cJSON_CreateString("causal"));
    if (c->mask & MASK_MATRIX)
        cJSON_AddItemToArray(mask, cJSON_CreateString("matrix"));
    cJSON_AddItemToObject(o, "mask", mask);
    if (c->mask & MASK_PADDING)
        cJSON_AddItemToObject(o, "valid_lens", cJSON_CreateIntArray(c->valid_lens, c->n_valid_lens));
    if (c->dist == DIST_TOPK)
        cJSON_AddNumberToObject(o, "topk", c->topk);
    if (c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P)
        cJSON_AddNumberToObject(o, "window", c->window);
    if (c->dist == DIST_SAMPLE) {
        cJSON_AddNumberToObject(o, "seed", (double)c->seed);
        cJSON_AddNumberToObject(o, "samples", c->samples);
    }
    if (c->mode == MODE_MULTIHEAD)
        cJSON_AddNumberToObject(o, "heads", c->heads);
    if (c->mode == MODE_SELF || c->mode == MODE_MULTIHEAD)
        cJSON_AddBoolToObject(o, "position", c->position);
    if (c->mode == MODE_MEMORY)
        cJSON_AddNumberToObject(o, "hops", c->hops);
    if (c->mode == MODE_HIERARCHICAL) {
        cJSON *n = cJSON_CreateArray();
        for (int i = 0; i < c->n_sentences; i++)
            cJSON_AddItemToArray(n, cJSON_CreateNumber(c->sentences[i]));
        cJSON_AddItemToObject(o, "sentences", n);
    }
    if (c->mode == MODE_COATTENTION) {
        cJSON_AddStringToObject(o, "coattention", engine_co_mode_name(c->co_mode));
        cJSON_AddStringToObject(o, "granularity", engine_grain_name(c->co_grain));
    }
    return o;
}

static cJSON *labels(const LessonStep *s, bool query, int n)
{
    cJSON *a = cJSON_CreateArray();
    char buf[16];
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(lesson_label(s, query, i, buf, sizeof buf)));
    return a;
}

static char *render(const char *text, const Result *r, const Scenario *sc)
{
    StrBuf b = {0};
    char err[8];
    ref_render(text, r, sc, &b, err, sizeof err);
    return b.s;
}

/* Adds text (if not empty) rendered under key. */
static void add_text(cJSON *o, const char *key, const char *text, const Result *r, const Scenario *sc)
{
    if (!*text)
        return;
    char *t = render(text, r, sc);
    cJSON_AddStringToObject(o, key, t);
    free(t);
}

/* What the step asks of the learner, in lang with placeholders filled: the
 * goal {condition, met, words}, its hints (an array of hint and hint2, maybe
 * empty), and the question and answer when the step has them; a committed
 * prediction adds choices, correct (from 1) and hide (panel names). */
static void add_exercise(cJSON *o, const LessonStep *s, const Result *r, const Scenario *sc, const char *lang)
{
    if (s->has_goal) {
        cJSON *g = cJSON_CreateObject();
        char e2[160];
        cJSON_AddStringToObject(g, "condition", s->goal_text);
        cJSON_AddBoolToObject(g, "met", goal_eval(&s->goal, r, sc, e2, sizeof e2) == 1);
        StrBuf words = {0};
        goal_words(s, &s->goal, lang && strcmp(lang, "zh") == 0, &words);
        cJSON_AddStringToObject(g, "words", words.s);
        free(words.s);
        cJSON_AddItemToObject(o, "goal", g);
    }
    cJSON *hints = cJSON_CreateArray();
    const Text *hint_texts[] = {&s->hint, &s->hint2};
    for (int i = 0; i < 2; i++) {
        if (*text_get(hint_texts[i], lang)) {
            char *h = render(text_get(hint_texts[i], lang), r, sc);
            cJSON_AddItemToArray(hints, cJSON_CreateString(h));
            free(h);
        }
    }
    cJSON_AddItemToObject(o, "hints", hints);
    add_text(o, "question", text_get(&s->question, lang), r, sc);
    if (s->n_choices > 0) {
        cJSON *choices = cJSON_CreateArray(), *hide = cJSON_CreateArray();
        for (int i = 0; i < s->n_choices; i++) {
            char *c = render(lesson_choice(s, i, lang), r, sc);
            cJSON_AddItemToArray(choices, cJSON_CreateString(c));
            free(c);
        }
        for (int i = 0; i < s->n_hide; i++)
            cJSON_AddItemToArray(hide, cJSON_CreateString(panel_name(s->hide[i])));
        cJSON_AddItemToObject(o, "choices", choices);
        cJSON_AddNumberToObject(o, "correct", s->correct);
        cJSON_AddItemToObject(o, "hide", hide);
    }
    add_text(o, "answer", text_get(&s->answer, lang), r, sc);
}

static cJSON *step_object(const Lesson *l, int k, const char *lang, char *err, size_t errlen)
{
    const LessonStep *s = &l->steps[k];
    Scenario sc = lesson_scenario(l, k);
    Result r;
    EngineError why;
    if (engine_run(&sc, &r, &why) < 0) {
        words_engine_error(&why, false, err, errlen);
        return NULL;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "step", k + 1);
    char *title = render(text_get(&s->title, lang), &r, &sc);
    char *text = render(text_get(&s->text, lang), &r, &sc);
    cJSON_AddStringToObject(o, "title", title);
    cJSON_AddStringToObject(o, "text", text);
    free(title);
    free(text);
    cJSON_AddItemToObject(o, "config", config_object(&s->cfg));

    bool co = s->cfg.mode == MODE_COATTENTION;
    int nq = co ? sc.in[M_A].rows : r.main.nq, nk = co ? sc.in[M_B].rows : r.main.nk;
    if (s->cfg.mode == MODE_MULTIDIM || s->cfg.mode == MODE_HIERARCHICAL)
        nq = nk = sc.in[M_X].rows;      /* the labels name the words */
    else if (s->cfg.mode == MODE_MEMORY)
        nq = sc.in[M_Q].rows;           /* the question; main has one row a hop */
    cJSON *tokens = cJSON_CreateObject();
    cJSON_AddItemToObject(tokens, "queries", labels(s, true, nq));
    cJSON_AddItemToObject(tokens, "keys", labels(s, false, nk));
    if (s->features) {
        cJSON *f = cJSON_CreateArray();
        for (int i = 0; i < s->n_features; i++)
            cJSON_AddItemToArray(f, cJSON_CreateString(s->features[i]));
        cJSON_AddItemToObject(tokens, "features", f);
    }
    cJSON_AddItemToObject(o, "tokens", tokens);

    cJSON *inputs = cJSON_CreateObject();
    for (int m = 0; m < M__COUNT; m++)
        if (!mat_empty(sc.in[m]))
            cJSON_AddItemToObject(inputs, engine_mat_name((MatName)m), matrix(sc.in[m], NULL));
    cJSON_AddItemToObject(o, "inputs", inputs);
    if (!mat_empty(r.PE))
        cJSON_AddItemToObject(o, "position_encoding", matrix(r.PE, NULL));
    /* a translator's too: W s_(i-1), U h_j and the encoder states h_j (lesson_tr.h) */
    if (s->cfg.mode == MODE_SELF || s->cfg.mode == MODE_MULTIHEAD || sc.ext_run) {
        cJSON_AddItemToObject(o, "Q", matrix(r.Q, NULL));
        cJSON_AddItemToObject(o, "K", matrix(r.K, NULL));
        cJSON_AddItemToObject(o, "V", matrix(r.V, NULL));
    }
    cJSON_AddItemToObject(o, "scores", scores_matrix(&r.main));
    cJSON_AddItemToObject(o, "weights", matrix(r.main.weights, NULL));
    cJSON_AddItemToObject(o, "output", matrix(r.main.output, NULL));
    cJSON *empty = cJSON_CreateArray();
    for (int i = 0; i < r.main.nq; i++)
        cJSON_AddItemToArray(empty, cJSON_CreateBool(r.main.row_empty[i]));
    cJSON_AddItemToObject(o, "fully_masked", empty);
    cJSON *pic = json_picture(l, k, &r);
    if (pic)
        cJSON_AddItemToObject(o, "picture", pic);
    if (r.main.centre) {
        cJSON *c = cJSON_CreateArray();
        for (int i = 0; i < r.main.nq; i++)
            cJSON_AddItemToArray(c, num(r.main.centre[i]));
        cJSON_AddItemToObject(o, "centre", c);
    }
    if (s->cfg.mode == MODE_MULTIHEAD) {
        cJSON *heads = cJSON_CreateArray();
        for (int h = 0; h < r.n_heads; h++)
            cJSON_AddItemToArray(heads, head_object(&r.heads[h]));
        cJSON_AddItemToObject(o, "heads", heads);
        cJSON_AddItemToObject(o, "concat", matrix(r.concat, NULL));
    }
    if (co) {
        cJSON_AddItemToObject(o, "affinity", matrix(r.affinity, NULL));
        cJSON *a2b = head_object(&r.main), *b2a = head_object(&r.b2a);
        if (!mat_empty(r.query_a))
            cJSON_AddItemToObject(a2b, "query", matrix(r.query_a, NULL));
        if (!mat_empty(r.query_b))
            cJSON_AddItemToObject(b2a, "query", matrix(r.query_b, NULL));
        if (!mat_empty(r.hidden_b))     /* parallel_lu: H_b and H_a */
            cJSON_AddItemToObject(a2b, "hidden", matrix(r.hidden_b, NULL));
        if (!mat_empty(r.hidden_a))
            cJSON_AddItemToObject(b2a, "hidden", matrix(r.hidden_a, NULL));
        cJSON_AddItemToObject(o, "a_to_b", a2b);
        cJSON_AddItemToObject(o, "b_to_a", b2a);
    }
    /* multidim, hierarchical, memory: their panels by the table's names */
    for (int p = PANEL_VIEWS; p < PANEL__COUNT; p++)
        if (panel_available(p, &sc) == PAV_OK)
            cJSON_AddItemToObject(o, panel_name(p), matrix(panel_get(p, &r, &sc, 0).m, NULL));
    add_exercise(o, s, &r, &sc, lang);
    result_free(&r);
    return o;
}

char *json_lesson(const Lesson *l, int k, const char *lang, char *err, size_t errlen)
{
    cJSON *root;
    if (k >= 0) {
        root = step_object(l, k, lang, err, errlen);
        if (!root)
            return NULL;
    } else {
        root = cJSON_CreateArray();
        for (int i = 0; i < l->n_steps; i++) {
            cJSON *o = step_object(l, i, lang, err, errlen);
            if (!o) {
                cJSON_Delete(root);
                return NULL;
            }
            cJSON_AddItemToArray(root, o);
        }
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) {
        fprintf(stderr, "attnlab: out of memory\n");
        exit(1);
    }
    return text;
}
