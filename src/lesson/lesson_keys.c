/* lesson_keys.c - the keys a lesson may set, and reading their values:
 * numbers, matrix rows, lists, settings and texts. */
#include "lesson/lesson_int.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/util.h"
#include "engine/attention.h"

const LessonKeyInfo lesson_keys[K__COUNT] = {
    [K_TITLE] = {"title", WHERE_BOTH, true, -1},
    [K_SUMMARY] = {"summary", WHERE_TOP, true, -1},
    [K_TEXT] = {"text", WHERE_STEP, true, -1},
    [K_HINT] = {"hint", WHERE_STEP, true, -1},
    [K_QUESTION] = {"question", WHERE_STEP, true, -1},
    [K_ANSWER] = {"answer", WHERE_STEP, true, -1},
    [K_GOAL] = {"goal", WHERE_STEP, false, -1},
    [K_MODE] = {"mode", WHERE_BOTH, false, CF_MODE},
    [K_SCORE] = {"score", WHERE_BOTH, false, CF_SCORE},
    [K_DIST] = {"distribution", WHERE_BOTH, false, CF_DIST},
    [K_TEMPERATURE] = {"temperature", WHERE_BOTH, false, CF_TEMPERATURE},
    [K_TOPK] = {"topk", WHERE_BOTH, false, CF_TOPK},
    [K_WINDOW] = {"window", WHERE_BOTH, false, CF_WINDOW},
    [K_MASK] = {"mask", WHERE_BOTH, false, CF_MASK},
    [K_VALID_LENS] = {"valid_lens", WHERE_BOTH, false, CF_VALID_LENS},
    [K_HEADS] = {"heads", WHERE_BOTH, false, CF_HEADS},
    [K_POSITION] = {"position", WHERE_BOTH, false, CF_POSITION},
    [K_COATTENTION] = {"coattention", WHERE_BOTH, false, CF_COATTENTION},
    [K_GRANULARITY] = {"granularity", WHERE_BOTH, false, CF_GRANULARITY},
    [K_SEED] = {"seed", WHERE_BOTH, false, CF_SEED},
    [K_SAMPLES] = {"samples", WHERE_BOTH, false, CF_SAMPLES},
    [K_QUERIES] = {"queries", WHERE_BOTH, false, KEY_QUERIES},
    [K_KEYS] = {"keys", WHERE_BOTH, false, KEY_KEYS},
    [K_TOKENS] = {"tokens", WHERE_BOTH, false, KEY_QUERIES},
    [K_PANELS] = {"panels", WHERE_BOTH, false, KEY_PANELS},
    [K_EDIT] = {"edit", WHERE_BOTH, false, KEY_EDIT},
    [K_HINT2] = {"hint2", WHERE_STEP, true, KEY_HINT2},
    [K_CHOICES] = {"choices", WHERE_STEP, true, KEY_CHOICES},
    [K_CORRECT] = {"correct", WHERE_STEP, false, KEY_CORRECT},
    [K_HIDE] = {"hide", WHERE_STEP, false, KEY_HIDE},
    [K_FEATURES] = {"features", WHERE_BOTH, false, KEY_FEATURES},
    [K_SETTINGS] = {"settings", WHERE_STEP, false, KEY_SETTINGS},
    [K_HOPS] = {"hops", WHERE_BOTH, false, CF_HOPS},
    [K_SENTENCES] = {"sentences", WHERE_BOTH, false, CF_SENTENCES},
    [K_IMAGE] = {"image", WHERE_TOP, false, -1},
    [K_GRID] = {"grid", WHERE_TOP, false, -1},
    [K_DUMP] = {"dump", WHERE_TOP, false, -1},
    [K_TRANSLATOR] = {"translator", WHERE_BOTH, false, -1},
    [K_INPUT] = {"input", WHERE_BOTH, false, -1},
    [K_DECODE] = {"decode", WHERE_BOTH, false, -1},
    [K_TRY] = {"try", WHERE_STEP, false, -1},
    [K_GOAL_WORDS] = {"goal_words", WHERE_STEP, true, -1},
};

/* ---------------------------------------------------- value parsing */

#ifndef ATTNLAB_DATADIR
#define ATTNLAB_DATADIR "/usr/local/share/attnlab"
#endif

/* `dump = ../assets/heads.npz`: relative to the lesson's folder (in the
 * source tree and installed alike, assets/ sits beside lessons/), else
 * under the installed data folder; an error when neither has the file. */
static void set_dump(Parser *p, const char *v)
{
    const char *slash = strrchr(p->path, '/');
    int dir = v[0] == '/' || !slash ? 0 : (int)(slash - p->path + 1);
    char *path = xmalloc((size_t)dir + strlen(v) + sizeof ATTNLAB_DATADIR + 2);
    memcpy(path, p->path, (size_t)dir);
    strcpy(path + dir, v);
    if (access(path, R_OK) != 0 && v[0] != '/') {
        const char *rest = v;
        while (strncmp(rest, "../", 3) == 0)
            rest += 3;
        sprintf(path, "%s/%s", ATTNLAB_DATADIR, rest);
    }
    if (!v[0] || access(path, R_OK) != 0) {
        lesson_err(p, "dump needs a model's attention file (.npz, .npy or .json), relative to the lesson: "
                      "'%s' is not there", v);
        free(path);
        return;
    }
    free(p->l->dump);
    p->l->dump = path;
    p->l->dump_line = p->lineno;
}

/* The one limit for a lesson's numbers and the editor's cells: |v| at most
 * ENGINE_MAX_VALUE, and 0 or at least FLT_MIN in size (a denormal, or a
 * number that underflows to 0, is refused). false with a message if not. */
static bool number_in_range(Parser *p, const char *tok, const char *name, float v, bool erange)
{
    if (!isfinite(v) || fabsf(v) > (float)ENGINE_MAX_VALUE || (erange && fabsf(v) > 1.0f)) {
        lesson_err(p, "%s in %s is %s: a lesson's numbers are between -%g and %g", tok, name,
                   isfinite(v) && !erange ? "out of range" : "not a finite float", ENGINE_MAX_VALUE,
                   ENGINE_MAX_VALUE);
        return false;
    }
    if (erange || (v != 0.0f && fabsf(v) < FLT_MIN)) {
        lesson_err(p, "%s in %s is too close to 0: write 0, or a number at least %g in size", tok, name,
                   (double)FLT_MIN);
        return false;
    }
    return true;
}

/* A matrix row: numbers split by white space or commas. */
static int parse_row(Parser *p, const char *name, const char *value, float **out)
{
    int n = 0, cap = 8;
    float *row = xmalloc((size_t)cap * sizeof(float));
    const char *s = value;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == ',')
            s++;
        if (!*s)
            break;
        const char *start = s;
        while (*s && *s != ' ' && *s != '\t' && *s != ',')
            s++;
        char tok[64];
        size_t tl = (size_t)(s - start);
        if (tl >= sizeof tok) {     /* cut, it would read as another number */
            lesson_err(p, "'%.20s...' in %s is %zu characters long; a number has at most %zu", start, name, tl,
                       sizeof tok - 1);
            free(row);
            return -1;
        }
        memcpy(tok, start, tl);
        tok[tl] = '\0';
        char *end;
        errno = 0;
        float v = strtof(tok, &end);
        if (end == tok || *end != '\0') {
            lesson_err(p, "'%s' in %s is not a number", tok, name);
            free(row);
            return -1;
        }
        if (!number_in_range(p, tok, name, v, errno == ERANGE)) {
            free(row);
            return -1;
        }
        if (n == ENGINE_MAX_DIM) {
            lesson_err(p, "a row of %s has more than %d numbers; attnlab takes at most %d x %d", name,
                ENGINE_MAX_DIM, ENGINE_MAX_TOKENS, ENGINE_MAX_DIM);
            free(row);
            return -1;
        }
        if (n == cap)
            row = xrealloc(row, (size_t)(cap *= 2) * sizeof(float));
        row[n++] = v;
    }
    if (n == 0) {
        lesson_err(p, "%s needs numbers", name);
        free(row);
        return -1;
    }
    *out = row;
    return n;
}

void lesson_matrix_row(Parser *p, MatName m, const char *value, bool first)
{
    const char *name = engine_mat_name(m);
    if (first) {
        p->building = lesson_own_mat(p->l, (Mat){0, 0, NULL});
        p->building_name = m;
        p->building_bad = false;
        p->cur->mats[m] = (Mat){0, 0, NULL};
        p->cur->mat_line[m] = p->lineno;
    }
    if (p->building < 0 || p->building_bad)
        return;
    float *row;
    int n = parse_row(p, name, value, &row);
    Mat *mm = &p->l->owned_mats[p->building];
    if (n < 0) {
        p->building_bad = true;
        return;
    }
    if (mm->rows > 0 && n != mm->cols) {
        lesson_err(p, "row %d of %s has %d number%s but the rows above have %d", mm->rows + 1, name, n,
            n == 1 ? "" : "s", mm->cols);
        p->building_bad = true;
        free(row);
        return;
    }
    if (mm->rows == ENGINE_MAX_TOKENS) {
        lesson_err(p, "%s has more than %d rows; attnlab takes at most %d x %d", name, ENGINE_MAX_TOKENS,
            ENGINE_MAX_TOKENS, ENGINE_MAX_DIM);
        p->building_bad = true;
        free(row);
        return;
    }
    mm->v = xrealloc(mm->v, (size_t)(mm->rows + 1) * (size_t)n * sizeof(float));
    memcpy(mm->v + (size_t)mm->rows * (size_t)n, row, (size_t)n * sizeof(float));
    mm->rows++;
    mm->cols = n;
    free(row);
    p->cur->mats[m] = *mm;
}

static bool parse_int(Parser *p, const char *key, const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end != '\0' || errno == ERANGE || x < lo || x > hi) {
        lesson_err(p, "%s must be a whole number from %ld to %ld, not '%s'", key, lo, hi, v);
        return false;
    }
    *out = x;
    return true;
}

static bool parse_bool(Parser *p, const char *key, const char *v, bool *out)
{
    if (!strcasecmp(v, "on") || !strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1"))
        *out = true;
    else if (!strcasecmp(v, "off") || !strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0"))
        *out = false;
    else {
        lesson_err(p, "%s is on or off, not '%s'", key, v);
        return false;
    }
    return true;
}

static bool parse_choice(Parser *p, const char *key, const char *v, int (*parse)(const char *),
                         const char *(*name)(int), int count, int *out)
{
    int x = parse(v);
    if (x >= 0) {
        *out = x;
        return true;
    }
    StrBuf b = {0};
    for (int i = 0; i < count; i++)
        sb_printf(&b, "%s%s", i ? ", " : "", name(i));
    lesson_err(p, "unknown %s '%s' (one of: %s)", key, v, b.s);
    free(b.s);
    return false;
}

static const char *mode_name_i(int i) { return engine_mode_name((AttnMode)i); }
static const char *score_name_i(int i) { return engine_score_name((ScoreKind)i); }
static const char *dist_name_i(int i) { return engine_dist_name((DistKind)i); }
static const char *co_name_i(int i) { return engine_co_mode_name((CoMode)i); }
static const char *grain_name_i(int i) { return engine_grain_name((CoGrain)i); }

/* Comma-separated items, trimmed; returns a NULL-terminated array. */
char **lesson_split_list(const char *v, int *count)
{
    int n = 0, cap = 8;
    char **out = xmalloc((size_t)(cap + 1) * sizeof(char *));
    const char *s = v;
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        char *item = str_trim(xstrndup(s, len));
        if (n == cap)
            out = xrealloc(out, (size_t)((cap *= 2) + 1) * sizeof(char *));
        out[n++] = item;
        if (!comma)
            break;
        s = comma + 1;
    }
    out[n] = NULL;
    *count = n;
    return out;
}

void lesson_free_list(char **list)
{
    for (char **t = list; t && *t; t++)
        free(*t);
    free(list);
}

static void set_tokens(Parser *p, const char *key, const char *v, char ***dst, int *n)
{
    int count;
    char **toks = lesson_split_list(v, &count);
    for (int i = 0; i < count; i++) {
        if (!toks[i][0]) {
            lesson_err(p, "%s has an empty label (labels are separated by commas)", key);
            lesson_free_list(toks);
            return;
        }
    }
    if (count > ENGINE_MAX_TOKENS) {
        lesson_err(p, "%s has %d labels; attnlab takes at most %d tokens", key, count, ENGINE_MAX_TOKENS);
        lesson_free_list(toks);
        return;
    }
    *dst = lesson_own_tokens(p->l, toks);
    *n = count;
}

/* A list of panel names (panels, hide) into ids; returns the count. */
static int set_panels(Parser *p, const char *key, const char *v, int *ids)
{
    int count;
    char **items = lesson_split_list(v, &count);
    int n = 0;
    for (int i = 0; i < count; i++) {
        int id = panel_parse(items[i]);
        if (id < 0) {
            lesson_err(p, "%s: unknown panel '%s' (scores, weights, output, heads, concat, affinity, weights_ba, "
                   "output_ba, pe, cost, views, word_weights, hops, ... or a matrix such as Q: lessons/FORMAT.md)",
                   key, items[i]);
            continue;
        }
        if (n == LESSON_MAX_PANELS) {
            lesson_err(p, "a step shows at most %d panels", LESSON_MAX_PANELS);
            break;
        }
        ids[n++] = id;
    }
    lesson_free_list(items);
    return n;
}

static void set_edit(Parser *p, const char *v)
{
    int count;
    char **items = lesson_split_list(v, &count);
    unsigned bits = 0;
    for (int i = 0; i < count; i++) {
        if (!strcasecmp(items[i], "none") && count == 1)
            break;
        int m = engine_parse_mat(items[i]);
        if (m < 0)
            lesson_err(p, "edit names '%s', which is no matrix (Q, K, V, X, Wq, ...)", items[i]);
        else
            bits |= 1u << m;
    }
    p->cur->editable = bits;
    lesson_free_list(items);
}

static void set_mask(Parser *p, const char *v)
{
    unsigned bits = 0;
    int count;
    char **items = lesson_split_list(v, &count);
    for (int i = 0; i < count; i++) {
        /* "causal+padding" as well as "causal, padding" */
        char *save = NULL;
        for (char *w = strtok_r(items[i], "+ ", &save); w; w = strtok_r(NULL, "+ ", &save)) {
            if (!strcasecmp(w, "none"))
                continue;
            else if (!strcasecmp(w, "padding"))
                bits |= MASK_PADDING;
            else if (!strcasecmp(w, "causal"))
                bits |= MASK_CAUSAL;
            else if (!strcasecmp(w, "matrix"))
                bits |= MASK_MATRIX;
            else
                lesson_err(p, "unknown mask '%s' (none, padding, causal, matrix, or several joined by +)", w);
        }
    }
    lesson_free_list(items);
    p->cur->cfg.mask = bits;
}

/* sentences = 3, 2, 4: the word counts of the sentences, over X's rows in
 * order (hierarchical attention); each at least 1. */
static void set_sentences(Parser *p, const char *v)
{
    AttnConfig *c = &p->cur->cfg;
    int count, n = 0;
    char **items = lesson_split_list(v, &count);
    for (int i = 0; i < count; i++) {
        char *end;
        long x = strtol(items[i], &end, 10);
        if (end == items[i] || *end || x < 1 || x > ENGINE_MAX_TOKENS || n == ENGINE_MAX_TOKENS) {
            lesson_err(p, "sentences are word counts from 1 to %d, one per sentence, at most %d of them",
                       ENGINE_MAX_TOKENS, ENGINE_MAX_TOKENS);
            lesson_free_list(items);
            return;
        }
        c->sentences[n++] = (int)x;
    }
    lesson_free_list(items);
    c->n_sentences = n;
}

static void set_valid_lens(Parser *p, const char *v)
{
    AttnConfig *c = &p->cur->cfg;
    int n = 0;
    const char *s = v;
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == ',')
            s++;
        if (!*s)
            break;
        char *end;
        long x = strtol(s, &end, 10);
        if (end == s || x < 0 || x > ENGINE_MAX_TOKENS || (*end && *end != ' ' && *end != ',' && *end != '\t')) {
            lesson_err(p, "valid_lens are whole numbers from 0 to %d, one per query row (or one for all)",
                ENGINE_MAX_TOKENS);
            return;
        }
        if (n == ENGINE_MAX_TOKENS) {
            lesson_err(p, "valid_lens gives more than %d lengths", ENGINE_MAX_TOKENS);
            return;
        }
        c->valid_lens[n++] = (int)x;
        s = end;
    }
    if (n == 0) {
        lesson_err(p, "valid_lens needs at least one length");
        return;
    }
    c->n_valid_lens = n;
}

/* Text values: continuation lines join with a space, or with nothing after a
 * character outside ASCII (CJK has no spaces); "\n" is a line break. */
void lesson_text_append(char **dst, const char *v, bool first)
{
    /* one allocation, no character at a time: this was a fifth of the
     * menu's start-up (callgrind), which reads every lesson */
    const char *old = !first && *dst ? *dst : "";
    size_t n = strlen(old), vn = strlen(v);
    char *out = xmalloc(n + 1 + vn + 1), *o = out;
    memcpy(o, old, n);
    o += n;
    if (n > 0 && (unsigned char)old[n - 1] < 0x80 && old[n - 1] != '\n')
        *o++ = ' ';
    for (const char *s = v; *s; s++) {
        if (s[0] == '\\' && s[1] == 'n') {
            *o++ = '\n';
            s++;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    free(*dst);
    *dst = out;
}

Text *lesson_text_field(LessonStep *s, Lesson *l, KeyId k, bool top)
{
    switch (k) {
    case K_TITLE: return top ? &l->title : &s->title;
    case K_SUMMARY: return &l->summary;
    case K_TEXT: return &s->text;
    case K_HINT: return &s->hint;
    case K_HINT2: return &s->hint2;
    case K_CHOICES: return &s->choices;
    case K_QUESTION: return &s->question;
    case K_ANSWER: return &s->answer;
    case K_GOAL_WORDS: return &s->goal_words;
    default: return NULL;
    }
}

void lesson_set_key(Parser *p, KeyId k, const char *key, const char *v)
{
    LessonStep *s = p->cur;
    AttnConfig *c = &s->cfg;
    long x;
    int choice;
    float f;
    char *end;
    switch (k) {
    case K_GOAL: {
        char msg[200];
        if (goal_parse(v, &s->goal, msg, sizeof msg) < 0) {
            lesson_err(p, "goal: %s", msg);
            return;
        }
        free(s->goal_text);
        s->goal_text = xstrdup(v);
        s->has_goal = true;
        s->goal_line = p->lineno;
        return;
    }
    case K_MODE:
        if (parse_choice(p, key, v, engine_parse_mode, mode_name_i, MODE__COUNT, &choice))
            c->mode = (AttnMode)choice;
        return;
    case K_SCORE:
        if (parse_choice(p, key, v, engine_parse_score, score_name_i, SCORE__COUNT, &choice))
            c->score = (ScoreKind)choice;
        return;
    case K_DIST:
        if (parse_choice(p, key, v, engine_parse_dist, dist_name_i, DIST__COUNT, &choice))
            c->dist = (DistKind)choice;
        return;
    case K_COATTENTION:
        if (parse_choice(p, key, v, engine_parse_co_mode, co_name_i, CO__COUNT, &choice))
            c->co_mode = (CoMode)choice;
        return;
    case K_GRANULARITY:
        if (parse_choice(p, key, v, engine_parse_grain, grain_name_i, GRAIN__COUNT, &choice))
            c->co_grain = (CoGrain)choice;
        return;
    case K_TEMPERATURE:
        errno = 0;
        f = strtof(v, &end);
        if (end == v || *end || !isfinite(f) || !(f > 0.0f))
            lesson_err(p, "temperature must be a number above 0 (it divides the scores), not '%s'", v);
        else if (number_in_range(p, v, "temperature", f, errno == ERANGE))
            c->temperature = f;
        return;
    case K_TOPK:
        if (parse_int(p, key, v, 1, ENGINE_MAX_TOKENS, &x))
            c->topk = (int)x;
        return;
    case K_WINDOW:
        if (parse_int(p, key, v, 1, ENGINE_MAX_TOKENS, &x))
            c->window = (int)x;
        return;
    case K_HEADS:
        if (parse_int(p, key, v, 1, ENGINE_MAX_HEADS, &x))
            c->heads = (int)x;
        return;
    case K_SAMPLES:
        if (parse_int(p, key, v, 1, ATTN_MAX_SAMPLES, &x))
            c->samples = (int)x;
        return;
    case K_SEED:
        if (parse_int(p, key, v, 0, LONG_MAX, &x))
            c->seed = (uint64_t)x;
        return;
    case K_POSITION:
        parse_bool(p, key, v, &c->position);
        return;
    case K_MASK: set_mask(p, v); return;
    case K_VALID_LENS: set_valid_lens(p, v); return;
    case K_SENTENCES: set_sentences(p, v); return;
    case K_HOPS:
        if (parse_int(p, key, v, 1, ENGINE_MAX_HOPS, &x))
            c->hops = (int)x;
        return;
    case K_QUERIES: set_tokens(p, key, v, &s->queries, &s->n_queries); return;
    case K_KEYS: set_tokens(p, key, v, &s->keys, &s->n_keys); return;
    case K_TOKENS:
        set_tokens(p, key, v, &s->queries, &s->n_queries);
        s->keys = s->queries;
        s->n_keys = s->n_queries;
        s->key_line[KEY_KEYS] = p->lineno;
        return;
    case K_PANELS: s->n_panels = set_panels(p, key, v, s->panels); return;
    case K_HIDE: s->n_hide = set_panels(p, key, v, s->hide); return;
    case K_FEATURES: set_tokens(p, key, v, &s->features, &s->n_features); return;
    case K_CORRECT:
        if (parse_int(p, key, v, 1, LESSON_MAX_CHOICES, &x))
            s->correct = (int)x;
        return;
    case K_EDIT: set_edit(p, v); return;
    case K_SETTINGS:
        if (strcmp(v, "fixed") == 0 || strcmp(v, "free") == 0)
            s->settings_fixed = strcmp(v, "fixed") == 0;
        else
            lesson_err(p, "settings is fixed or free, not '%s'", v);
        return;
    case K_IMAGE:
    case K_GRID: lesson_set_image_key(p, k, v); return;
    case K_DUMP: set_dump(p, v); return;
    case K_TRANSLATOR:
    case K_INPUT:
    case K_DECODE:
    case K_TRY: lesson_set_tr_key(p, k, v); return;
    default: return;
    }
}
