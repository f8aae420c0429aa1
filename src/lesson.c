/* lesson.c - reading lesson files with libinih.
 *
 * Debian's libinih is built without line numbers in the handler, so the
 * lines reach inih through our own reader (lesson_reader), which counts them,
 * refuses lines that are too long or not UTF-8, and sees [step] headers and
 * continuation lines as they pass. Matrices are written one row a line: the
 * first after "Q =", the rest on indented continuation lines. */
#define _POSIX_C_SOURCE 200809L
#include "lesson.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define LESSON_MAX_BYTES (1024 * 1024)
#define LESSON_MAX_LINE 200     /* Debian's libinih: INI_MAX_LINE */

const char *text_get(const Text *t, const char *lang)
{
    if (lang && strcmp(lang, "zh") == 0 && t->zh)
        return t->zh;
    if (t->en)
        return t->en;
    return t->zh ? t->zh : "";
}

static const char *const panel_names[PANEL__COUNT - PANEL_SCORES] = {
    "scores", "weights", "output", "heads", "concat", "affinity", "weights_ba", "output_ba", "pe"};

const char *panel_name(int panel)
{
    if (panel < M__COUNT)
        return engine_mat_name((MatName)panel);
    return panel_names[panel - PANEL_SCORES];
}

int panel_parse(const char *s)
{
    int m = engine_parse_mat(s);
    if (m >= 0)
        return m;
    for (int p = PANEL_SCORES; p < PANEL__COUNT; p++)
        if (strcasecmp(panel_names[p - PANEL_SCORES], s) == 0)
            return p;
    return -1;
}

/* ------------------------------------------------------------ keys */

typedef enum {
    K_TITLE, K_SUMMARY, K_TEXT, K_HINT, K_QUESTION, K_ANSWER, K_GOAL, K_MODE, K_SCORE, K_DIST,
    K_TEMPERATURE, K_TOPK, K_WINDOW, K_MASK, K_VALID_LENS, K_HEADS, K_POSITION, K_COATTENTION,
    K_GRANULARITY, K_SEED, K_SAMPLES, K_QUERIES, K_KEYS, K_TOKENS, K_PANELS, K_EDIT, K__COUNT
} KeyId;

enum { WHERE_TOP = 1, WHERE_STEP = 2, WHERE_BOTH = 3 };

static const struct {
    const char *name;
    int where;
    bool translated;        /* takes .zh */
    int field;              /* CfgField or KEY_* for key_line, -1 if none */
} keys[K__COUNT] = {
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
};

/* ---------------------------------------------------------- parser */

typedef struct {
    const char *path;
    FILE *f;
    char *line;
    size_t cap;
    int lineno;
    bool indented;          /* the current line starts with white space */
    bool bad_section;       /* keys under an unknown section are skipped */
    bool in_step;
    Lesson *l;
    Diags *d;
    LessonStep top;         /* what is set before the first [step] */
    LessonStep *cur;        /* &top or the last step */
    char last_key[64];      /* the key a continuation line continues */
    int building;           /* owned_mats index of the matrix being read, or -1 */
    MatName building_name;
    bool building_bad;      /* a row was refused: stop adding rows */
    char **text_target;     /* the text a continuation line continues */
} Parser;

static void err(Parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void err(Parser *p, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diags_add(p->d, p->path, p->lineno, "%s", msg);
}

static bool utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + (size_t)len > n)
            return false;
        unsigned cp = len == 1 ? c : c & (0x7F >> len);
        for (int k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += (size_t)len;
    }
    return true;
}

static void start_step(Parser *p);

/* inih's reader: one line into str, seen by us first. */
static char *lesson_reader(char *str, int num, void *stream)
{
    Parser *p = stream;
    ssize_t n = getline(&p->line, &p->cap, p->f);
    if (n < 0)
        return NULL;
    p->lineno++;
    size_t len = (size_t)n;
    while (len > 0 && (p->line[len - 1] == '\n' || p->line[len - 1] == '\r'))
        len--;
    p->line[len] = '\0';
    const char *body = p->line;
    if (p->lineno == 1 && strncmp(body, "\xEF\xBB\xBF", 3) == 0)
        body += 3;
    if (!utf8_valid((const unsigned char *)body, strlen(body))) {
        err(p, "this line is not UTF-8 text");
        body = "";
    } else if (strlen(body) > (size_t)num - 2) {
        err(p, "this line is %zu bytes long; the most is %d: go on on an indented line below",
            strlen(body), num - 2);
        body = "";
    }
    p->indented = body[0] == ' ' || body[0] == '\t';
    const char *t = body;
    while (*t == ' ' || *t == '\t')
        t++;
    if (*t == '[') {
        const char *close = strchr(t, ']');
        char name[64] = "";
        if (close && (size_t)(close - t - 1) < sizeof name) {
            memcpy(name, t + 1, (size_t)(close - t - 1));
            name[close - t - 1] = '\0';
            str_trim(name);
        }
        if (!close) {
            err(p, "a section header needs its closing ]");
            body = "";
        } else if (strcmp(name, "step") == 0) {
            p->bad_section = false;
            start_step(p);
        } else {
            err(p, "unknown section [%s]: a lesson has [step] sections", name);
            p->bad_section = true;
        }
    } else if (*t && *t != ';' && *t != '#' && !p->indented && !strpbrk(t, "=:")) {
        err(p, "expected 'key = value', an indented continuation line, or [step]");
        body = "";
    }
    snprintf(str, (size_t)num, "%s\n", body);
    return str;
}

/* -------------------------------------------------------- storage */

static int own_mat(Lesson *l, Mat m)
{
    if (l->n_owned_mats == l->cap_owned_mats) {
        l->cap_owned_mats = l->cap_owned_mats ? 2 * l->cap_owned_mats : 16;
        l->owned_mats = xrealloc(l->owned_mats, (size_t)l->cap_owned_mats * sizeof(Mat));
    }
    l->owned_mats[l->n_owned_mats] = m;
    return l->n_owned_mats++;
}

static char **own_tokens(Lesson *l, char **toks)
{
    if (l->n_owned_tokens == l->cap_owned_tokens) {
        l->cap_owned_tokens = l->cap_owned_tokens ? 2 * l->cap_owned_tokens : 8;
        l->owned_tokens = xrealloc(l->owned_tokens, (size_t)l->cap_owned_tokens * sizeof(char **));
    }
    l->owned_tokens[l->n_owned_tokens++] = toks;
    return toks;
}

static void text_free(Text *t)
{
    free(t->en);
    free(t->zh);
    t->en = t->zh = NULL;
}

static void step_texts_free(LessonStep *s)
{
    text_free(&s->title);
    text_free(&s->text);
    text_free(&s->hint);
    text_free(&s->question);
    text_free(&s->answer);
    free(s->goal_text);
    s->goal_text = NULL;
}

/* A new [step]: it starts as the state the step before it left. */
static void start_step(Parser *p)
{
    Lesson *l = p->l;
    LessonStep prev = *p->cur;
    l->steps = xrealloc(l->steps, (size_t)(l->n_steps + 1) * sizeof(LessonStep));
    LessonStep *s = &l->steps[l->n_steps++];
    *s = prev;
    memset(&s->title, 0, sizeof s->title);
    memset(&s->text, 0, sizeof s->text);
    memset(&s->hint, 0, sizeof s->hint);
    memset(&s->question, 0, sizeof s->question);
    memset(&s->answer, 0, sizeof s->answer);
    s->goal_text = NULL;
    s->has_goal = false;
    s->goal_line = 0;
    s->line = p->lineno;
    p->cur = s;
    p->in_step = true;
    p->building = -1;
    p->text_target = NULL;
    p->last_key[0] = '\0';
}

/* ---------------------------------------------------- value parsing */

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
        if (tl >= sizeof tok)
            tl = sizeof tok - 1;
        memcpy(tok, start, tl);
        tok[tl] = '\0';
        char *end;
        errno = 0;
        float v = strtof(tok, &end);
        if (end == tok || *end != '\0') {
            err(p, "'%s' in %s is not a number", tok, name);
            free(row);
            return -1;
        }
        if (!isfinite(v) || (errno == ERANGE && fabsf(v) > 1.0f)) {
            err(p, "%s in %s is not a finite float (the largest is about 3.4e38)", tok, name);
            free(row);
            return -1;
        }
        if (n == ENGINE_MAX_DIM) {
            err(p, "a row of %s has more than %d numbers; attnlab takes at most %d x %d", name,
                ENGINE_MAX_DIM, ENGINE_MAX_TOKENS, ENGINE_MAX_DIM);
            free(row);
            return -1;
        }
        if (n == cap)
            row = xrealloc(row, (size_t)(cap *= 2) * sizeof(float));
        row[n++] = v;
    }
    if (n == 0) {
        err(p, "%s needs numbers", name);
        free(row);
        return -1;
    }
    *out = row;
    return n;
}

static void matrix_row(Parser *p, MatName m, const char *value, bool first)
{
    const char *name = engine_mat_name(m);
    if (first) {
        p->building = own_mat(p->l, (Mat){0, 0, NULL});
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
        err(p, "row %d of %s has %d number%s but the rows above have %d", mm->rows + 1, name, n,
            n == 1 ? "" : "s", mm->cols);
        p->building_bad = true;
        free(row);
        return;
    }
    if (mm->rows == ENGINE_MAX_TOKENS) {
        err(p, "%s has more than %d rows; attnlab takes at most %d x %d", name, ENGINE_MAX_TOKENS,
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
        err(p, "%s must be a whole number from %ld to %ld, not '%s'", key, lo, hi, v);
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
        err(p, "%s is on or off, not '%s'", key, v);
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
    err(p, "unknown %s '%s' (one of: %s)", key, v, b.s);
    free(b.s);
    return false;
}

static const char *mode_name_i(int i) { return engine_mode_name((AttnMode)i); }
static const char *score_name_i(int i) { return engine_score_name((ScoreKind)i); }
static const char *dist_name_i(int i) { return engine_dist_name((DistKind)i); }
static const char *co_name_i(int i) { return engine_co_mode_name((CoMode)i); }
static const char *grain_name_i(int i) { return engine_grain_name((CoGrain)i); }

/* Comma-separated items, trimmed; returns a NULL-terminated array. */
static char **split_list(const char *v, int *count)
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

static void free_list(char **list)
{
    for (char **t = list; t && *t; t++)
        free(*t);
    free(list);
}

static void set_tokens(Parser *p, const char *key, const char *v, char ***dst, int *n)
{
    int count;
    char **toks = split_list(v, &count);
    for (int i = 0; i < count; i++) {
        if (!toks[i][0]) {
            err(p, "%s has an empty label (labels are separated by commas)", key);
            free_list(toks);
            return;
        }
    }
    if (count > ENGINE_MAX_TOKENS) {
        err(p, "%s has %d labels; attnlab takes at most %d tokens", key, count, ENGINE_MAX_TOKENS);
        free_list(toks);
        return;
    }
    *dst = own_tokens(p->l, toks);
    *n = count;
}

static void set_panels(Parser *p, const char *v)
{
    int count;
    char **items = split_list(v, &count);
    LessonStep *s = p->cur;
    int n = 0;
    for (int i = 0; i < count; i++) {
        int id = panel_parse(items[i]);
        if (id < 0) {
            err(p, "unknown panel '%s' (scores, weights, output, heads, concat, affinity, weights_ba, "
                   "output_ba, pe, or a matrix such as Q)", items[i]);
            continue;
        }
        if (n == LESSON_MAX_PANELS) {
            err(p, "a step shows at most %d panels", LESSON_MAX_PANELS);
            break;
        }
        s->panels[n++] = id;
    }
    s->n_panels = n;
    free_list(items);
}

static void set_edit(Parser *p, const char *v)
{
    int count;
    char **items = split_list(v, &count);
    unsigned bits = 0;
    for (int i = 0; i < count; i++) {
        if (!strcasecmp(items[i], "none") && count == 1)
            break;
        int m = engine_parse_mat(items[i]);
        if (m < 0)
            err(p, "edit names '%s', which is no matrix (Q, K, V, X, Wq, ...)", items[i]);
        else
            bits |= 1u << m;
    }
    p->cur->editable = bits;
    free_list(items);
}

static void set_mask(Parser *p, const char *v)
{
    unsigned bits = 0;
    int count;
    char **items = split_list(v, &count);
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
                err(p, "unknown mask '%s' (none, padding, causal, matrix, or several joined by +)", w);
        }
    }
    free_list(items);
    p->cur->cfg.mask = bits;
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
            err(p, "valid_lens are whole numbers from 0 to %d, one per query row (or one for all)",
                ENGINE_MAX_TOKENS);
            return;
        }
        if (n == ENGINE_MAX_TOKENS) {
            err(p, "valid_lens gives more than %d lengths", ENGINE_MAX_TOKENS);
            return;
        }
        c->valid_lens[n++] = (int)x;
        s = end;
    }
    if (n == 0) {
        err(p, "valid_lens needs at least one length");
        return;
    }
    c->n_valid_lens = n;
}

/* Text values: continuation lines join with a space, or with nothing after a
 * character outside ASCII (CJK has no spaces); "\n" is a line break. */
static void text_append(char **dst, const char *v, bool first)
{
    StrBuf b = {0};
    if (!first && *dst) {
        sb_append(&b, *dst);
        size_t n = strlen(*dst);
        if (n > 0 && ((unsigned char)(*dst)[n - 1] < 0x80) && (*dst)[n - 1] != '\n')
            sb_append(&b, " ");
    } else {
        sb_append(&b, "");
    }
    for (const char *s = v; *s; s++) {
        if (s[0] == '\\' && s[1] == 'n') {
            sb_append(&b, "\n");
            s++;
        } else {
            char c[2] = {*s, '\0'};
            sb_append(&b, c);
        }
    }
    free(*dst);
    *dst = b.s;
}

static Text *text_field(LessonStep *s, Lesson *l, KeyId k, bool top)
{
    switch (k) {
    case K_TITLE: return top ? &l->title : &s->title;
    case K_SUMMARY: return &l->summary;
    case K_TEXT: return &s->text;
    case K_HINT: return &s->hint;
    case K_QUESTION: return &s->question;
    case K_ANSWER: return &s->answer;
    default: return NULL;
    }
}

static void set_key(Parser *p, KeyId k, const char *key, const char *v)
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
            err(p, "goal: %s", msg);
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
            err(p, "temperature must be a number above 0 (it divides the scores), not '%s'", v);
        else
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
        if (parse_int(p, key, v, 1, 1000, &x))
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
    case K_QUERIES: set_tokens(p, key, v, &s->queries, &s->n_queries); return;
    case K_KEYS: set_tokens(p, key, v, &s->keys, &s->n_keys); return;
    case K_TOKENS:
        set_tokens(p, key, v, &s->queries, &s->n_queries);
        s->keys = s->queries;
        s->n_keys = s->n_queries;
        s->key_line[KEY_KEYS] = p->lineno;
        return;
    case K_PANELS: set_panels(p, v); return;
    case K_EDIT: set_edit(p, v); return;
    default: return;
    }
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    (void)section;
    Parser *p = user;
    if (p->bad_section)
        return 1;
    bool top = !p->in_step;
    /* a continuation line: inih repeats the key it continues */
    if (p->indented && p->last_key[0] && strcmp(name, p->last_key) == 0) {
        if (p->building >= 0)
            matrix_row(p, p->building_name, value, false);
        else if (p->text_target)
            text_append(p->text_target, value, false);
        else
            err(p, "only text and matrices go on over several lines");
        return 1;
    }
    snprintf(p->last_key, sizeof p->last_key, "%s", name);
    p->building = -1;
    p->text_target = NULL;

    int m = engine_parse_mat(name);
    if (m >= 0) {
        matrix_row(p, (MatName)m, value, true);
        return 1;
    }
    char base[64], lang[16] = "";
    snprintf(base, sizeof base, "%s", name);
    char *dot = strchr(base, '.');
    if (dot) {
        snprintf(lang, sizeof lang, "%s", dot + 1);
        *dot = '\0';
    }
    int k;
    for (k = 0; k < K__COUNT; k++)
        if (strcmp(keys[k].name, base) == 0)
            break;
    if (k == K__COUNT) {
        err(p, "unknown key '%s'%s", name, top ? " before the first [step]" : " in [step]");
        return 1;
    }
    if (!(keys[k].where & (top ? WHERE_TOP : WHERE_STEP))) {
        err(p, "'%s' belongs %s", base, top ? "in a [step]" : "before the first [step]");
        return 1;
    }
    if (lang[0]) {
        if (!keys[k].translated) {
            err(p, "'%s' is not translated; only title, summary, text, hint, question and answer are", base);
            return 1;
        }
        if (strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0) {
            err(p, "unknown language '%s' in '%s' (attnlab has en and zh)", lang, name);
            return 1;
        }
    }
    if (keys[k].translated) {
        Text *t = text_field(p->cur, p->l, (KeyId)k, top);
        char **dst = strcmp(lang, "zh") == 0 ? &t->zh : &t->en;
        text_append(dst, value, true);
        p->text_target = dst;
        return 1;
    }
    if (keys[k].field >= 0)
        p->cur->key_line[keys[k].field] = p->lineno;
    set_key(p, (KeyId)k, base, value);
    return 1;
}

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
        int pn = s->panels[i];
        const char *why = NULL;
        if ((pn == PANEL_HEADS || pn == PANEL_CONCAT) && mode != MODE_MULTIHEAD)
            why = "only a multihead step has it";
        else if ((pn == PANEL_AFFINITY || pn == PANEL_WEIGHTS_BA || pn == PANEL_OUTPUT_BA) &&
                 mode != MODE_COATTENTION)
            why = "only a coattention step has it";
        else if (pn == PANEL_PE && !s->cfg.position)
            why = "it needs position = on";
        else if (pn < M__COUNT && pn != M_Q && pn != M_K && pn != M_V && mat_empty(sc->in[pn]))
            why = "this step has no such matrix";
        else if ((pn == M_Q || pn == M_K || pn == M_V) && mode == MODE_COATTENTION)
            why = "a coattention step has A and B";
        if (why)
            diags_add(d, l->path, line_or(s->key_line[KEY_PANELS], s->line), "step %d cannot show panel %s: %s",
                      k + 1, panel_name(pn), why);
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

static void check_steps(Lesson *l, Diags *d)
{
    for (int k = 0; k < l->n_steps; k++) {
        LessonStep *s = &l->steps[k];
        if (s->n_panels == 0)
            default_panels(s);
        Scenario sc = lesson_scenario(l, k);
        char msg[300];
        MatName who;
        CfgField field;
        if (!engine_validate(&sc, msg, sizeof msg, &who, &field)) {
            int line = s->line;
            if (who < M__COUNT && s->mat_line[who] > 0)
                line = s->mat_line[who];
            else if (field != CF_NONE && s->key_line[field] > 0)
                line = s->key_line[field];
            diags_add(d, l->path, line, "step %d: %s", k + 1, msg);
            continue;
        }
        Result r;
        if (engine_run(&sc, &r, msg, sizeof msg) < 0) {
            diags_add(d, l->path, s->line, "step %d: %s", k + 1, msg);
            continue;
        }
        check_step_result(l, k, &r, &sc, d);
        result_free(&r);
    }
}

/* ---------------------------------------------------------- load */

/* Parses an open stream named `path` in messages; see lesson_load(). */
static int load_stream(FILE *f, const char *path, Lesson *out, Diags *d)
{
    int errors_before = d->n;
    Parser p;
    memset(&p, 0, sizeof p);
    p.path = path;
    p.f = f;
    p.l = out;
    p.d = d;
    p.building = -1;
    out->path = xstrdup(path);
    p.top.cfg = engine_default_config();
    p.cur = &p.top;
    int rc = ini_parse_stream(lesson_reader, &p, handler, &p);
    if (rc > 0 && d->n == errors_before)
        diags_add(d, path, rc, "expected 'key = value', an indented continuation line, or [step]");
    else if (rc < 0)
        diags_add(d, path, 0, "cannot read the lesson");
    if (ferror(f))
        diags_add(d, path, 0, "cannot read the lesson: %s", strerror(errno));
    free(p.line);
    if (!out->title.en && !out->title.zh)
        diags_add(d, path, 0, "the lesson has no title (write title = ... before the first [step])");
    if (out->n_steps == 0)
        diags_add(d, path, 0, "the lesson has no [step]");
    if (d->n == errors_before)
        check_steps(out, d);
    if (d->n > errors_before) {
        lesson_free(out);
        return -1;
    }
    return 0;
}

int lesson_load(const char *path, Lesson *out, Diags *d)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(path, &st) != 0) {
        diags_add(d, path, 0, "cannot read the lesson: %s", strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        diags_add(d, path, 0, "is a folder, not a lesson file");
        return -1;
    }
    if (st.st_size > LESSON_MAX_BYTES) {
        diags_add(d, path, 0, "is %lld bytes; a lesson is at most %d bytes (1 MiB)", (long long)st.st_size,
                  LESSON_MAX_BYTES);
        return -1;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        diags_add(d, path, 0, "cannot read the lesson: %s", strerror(errno));
        return -1;
    }
    int rc = load_stream(f, path, out, d);
    fclose(f);
    return rc;
}

int lesson_load_mem(const char *name, const char *data, size_t n, Lesson *out, Diags *d)
{
    memset(out, 0, sizeof *out);
    if (n > LESSON_MAX_BYTES) {
        diags_add(d, name, 0, "is %zu bytes; a lesson is at most %d bytes (1 MiB)", n, LESSON_MAX_BYTES);
        return -1;
    }
    if (n == 0) {
        diags_add(d, name, 0, "is empty");
        return -1;
    }
    FILE *f = fmemopen((void *)data, n, "r");
    if (!f) {
        diags_add(d, name, 0, "cannot read the lesson: %s", strerror(errno));
        return -1;
    }
    int rc = load_stream(f, name, out, d);
    fclose(f);
    return rc;
}

void lesson_free(Lesson *l)
{
    for (int k = 0; k < l->n_steps; k++)
        step_texts_free(&l->steps[k]);
    free(l->steps);
    for (int i = 0; i < l->n_owned_mats; i++)
        mat_free(&l->owned_mats[i]);
    free(l->owned_mats);
    for (int i = 0; i < l->n_owned_tokens; i++)
        free_list(l->owned_tokens[i]);
    free(l->owned_tokens);
    text_free(&l->title);
    text_free(&l->summary);
    free(l->path);
    memset(l, 0, sizeof *l);
}

/* ------------------------------------------------------ finding */

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

#ifndef ATTNLAB_DATADIR
#define ATTNLAB_DATADIR "/usr/local/share/attnlab"
#endif

const char *lesson_dir(void)
{
    static char found[PATH_MAX + 64];
    const char *env = getenv("ATTNLAB_LESSONS");
    if (env && *env && is_dir(env))
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(found, sizeof found, "%s/lessons", exe);
            if (is_dir(found))
                return found;
            snprintf(found, sizeof found, "%s/../share/attnlab/lessons", exe);
            if (is_dir(found))
                return found;
        }
    }
    snprintf(found, sizeof found, "%s/lessons", ATTNLAB_DATADIR);
    return is_dir(found) ? found : NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int lesson_list(char ***paths)
{
    *paths = NULL;
    const char *dir = lesson_dir();
    if (!dir)
        return 0;
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    int n = 0, cap = 16;
    char **v = xmalloc((size_t)cap * sizeof(char *));
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".lesson"))
            continue;
        if (n == cap)
            v = xrealloc(v, (size_t)(cap *= 2) * sizeof(char *));
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        v[n] = xmalloc(len);
        snprintf(v[n], len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(dp);
    qsort(v, (size_t)n, sizeof(char *), cmp_str);
    *paths = v;
    return n;
}

char *lesson_resolve(const char *arg)
{
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISREG(st.st_mode))
        return xstrdup(arg);
    if (strchr(arg, '/'))
        return NULL;
    char **list;
    int n = lesson_list(&list);
    char *hit = NULL;
    char *end;
    long num = strtol(arg, &end, 10);
    if (*arg && *end == '\0') {
        if (num >= 1 && num <= n)
            hit = xstrdup(list[num - 1]);
    } else {
        for (int i = 0; i < n && !hit; i++) {
            const char *base = strrchr(list[i], '/') + 1;
            const char *name = base;
            while (isdigit((unsigned char)*name))
                name++;
            if (*name == '-')
                name++;
            size_t len = strlen(arg);
            if ((strncmp(name, arg, len) == 0 && strcmp(name + len, ".lesson") == 0) || strcmp(base, arg) == 0)
                hit = xstrdup(list[i]);
        }
    }
    for (int i = 0; i < n; i++)
        free(list[i]);
    free(list);
    return hit;
}

const char *lesson_label(const LessonStep *s, bool query, int i, char *buf, size_t n)
{
    char **labels = query ? s->queries : s->keys;
    int count = query ? s->n_queries : s->n_keys;
    if (labels && i < count)
        return labels[i];
    snprintf(buf, n, "%c%d", query ? 'q' : 'k', i);
    return buf;
}
