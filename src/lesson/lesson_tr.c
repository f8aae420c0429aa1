/* lesson_tr.c - a translator step's numbers, from the trained model run
 * live (lesson_tr.h). */
#include "lesson/lesson_int.h"
#include "lesson/lesson_tr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/util.h"
#include "model/dates.h"

static void tr_clear(LessonTr *t)
{
    Mat *ms[] = {&t->Q, &t->K, &t->V, &t->scores, &t->weights, &t->output, &t->va};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++)
        mat_free(ms[i]);
    for (char **p = t->row_lab; p && *p; p++)
        free(*p);
    for (char **p = t->col_lab; p && *p; p++)
        free(*p);
    free(t->row_lab);
    free(t->col_lab);
    free(t->input);
    free(t->written);
    free(t->translation);
    memset(t, 0, sizeof *t);
}

/* The input's characters as labels, a space as "_". */
static char **input_labels(const char *input, int *n)
{
    int cap = (int)strlen(input) + 1, k = 0;
    char **v = xcalloc((size_t)cap, sizeof *v);
    for (const char *p = input; *p;) {
        unsigned cp = utf8_next(&p);
        char u[8];
        if (cp == ' ')
            snprintf(u, sizeof u, "_");
        else
            utf8_encode(cp, u);
        v[k++] = xstrdup(u);
    }
    *n = k;
    return v;
}

/* Copies a vector of len floats into row i of m. */
static void put_row(Mat m, int i, const float *x, int len)
{
    memcpy(&MAT_AT(m, i, 0), x, (size_t)len * sizeof *x);
}

/* Runs the model over input into t (empty on entry): every row up to
 * decode (or the end). -1 with the reason in d. */
static int tr_compute(LessonTr *t, const S2sModel *m, const char *input, int decode, Diags *d,
                      const char *file, int line)
{
    S2sRun run;
    Diags why = {0};
    if (s2s_run_start(&run, m, input, &why) < 0) {
        for (int i = 0; i < why.n; i++)
            diags_add(d, file, line, "%s", why.v[i].msg);
        diags_free(&why);
        s2s_run_free(&run);
        return -1;
    }
    diags_free(&why);
    int A = m->A, H2 = 2 * m->H, n = run.n, max = m->max_out + 1;
    t->m = m;
    t->input = xstrdup(input);
    t->decode = decode;
    t->n = n;
    t->K = mat_new(n, A);
    t->V = mat_new(n, H2);
    for (int j = 0; j < n; j++) {
        put_row(t->K, j, run.uh + (size_t)j * A, A);
        put_row(t->V, j, run.h + (size_t)j * H2, H2);
    }
    t->va = mat_new(1, A);
    put_row(t->va, 0, m->att_v, A);
    Mat q = mat_new(max, A), e = mat_new(max, n), a = mat_new(max, n), c = mat_new(max, H2);
    int y[64];
    int rows = 0;
    while (rows < max && rows < 64 && s2s_step(&run) >= 0) {
        put_row(q, rows, run.ws, A);
        put_row(e, rows, run.e, n);
        put_row(a, rows, run.a, n);
        put_row(c, rows, run.c, H2);
        y[rows++] = run.y;
        if (run.done)
            break;
    }
    t->total = rows;
    t->rows = decode == LESSON_TR_ALL || decode > rows ? rows : decode;
    t->Q = mat_new(t->rows, A);
    t->scores = mat_new(t->rows, n);
    t->weights = mat_new(t->rows, n);
    t->output = mat_new(t->rows, H2);
    t->row_lab = xcalloc((size_t)t->rows + 1, sizeof *t->row_lab);
    size_t cap = 8 * (size_t)rows + 1;
    t->written = xcalloc(cap, 1);
    t->translation = xcalloc(cap, 1);
    for (int i = 0; i < rows; i++) {
        const char *tok = s2s_token(m, y[i]);
        if (y[i] != S2S_EOS)
            strcat(t->translation, tok);
        if (i >= t->rows)
            continue;
        put_row(t->Q, i, &MAT_AT(q, i, 0), A);
        put_row(t->scores, i, &MAT_AT(e, i, 0), n);
        put_row(t->weights, i, &MAT_AT(a, i, 0), n);
        put_row(t->output, i, &MAT_AT(c, i, 0), H2);
        t->row_lab[i] = xstrdup(tok);
        if (y[i] != S2S_EOS)
            strcat(t->written, tok);
    }
    mat_free(&q);
    mat_free(&e);
    mat_free(&a);
    mat_free(&c);
    int nk;
    t->col_lab = input_labels(input, &nk);
    s2s_run_free(&run);
    return 0;
}

int lesson_tr_set(LessonStep *s, const S2sModel *m, const char *input, int decode, Diags *d, const char *file,
                  int line)
{
    if (!m->attention) {
        diags_add(d, file, line, "the translator step needs a model with attention");
        return -1;
    }
    const char *p = input;
    int count = 0;
    while (*p) {
        utf8_next(&p);
        count++;
    }
    if (count > LESSON_TR_MAX_INPUT) {
        diags_add(d, file, line, "the input has %d characters; a translator step takes at most %d", count,
                  LESSON_TR_MAX_INPUT);
        return -1;
    }
    LessonTr fresh = {0};
    if (tr_compute(&fresh, m, input, decode, d, file, line) < 0) {
        tr_clear(&fresh);
        return -1;
    }
    if (!s->tr)
        s->tr = xcalloc(1, sizeof *s->tr);
    tr_clear(s->tr);
    *s->tr = fresh;
    s->queries = s->tr->row_lab;
    s->n_queries = s->tr->rows;
    s->keys = s->tr->col_lab;
    s->n_keys = s->tr->n;
    s->settings_fixed = true;   /* the model's numbers: no setting of the lab applies */
    s->cfg.score = SCORE_ADDITIVE;
    s->cfg.formula = LESSON_TR_FORMULA;
    return 0;
}

/* engine_run's stand-in: the model's numbers into r's arena. */
static int tr_run(const void *ext, struct Result *r)
{
    const LessonTr *t = ext;
    Arena *a = &r->arena;
    r->cfg = engine_default_config();
    r->cfg.score = SCORE_ADDITIVE;
    r->cfg.formula = LESSON_TR_FORMULA;
    Mat *dst[] = {&r->Q, &r->K, &r->V, &r->main.scores, &r->main.weights, &r->main.output};
    const Mat *src[] = {&t->Q, &t->K, &t->V, &t->scores, &t->weights, &t->output};
    for (size_t i = 0; i < sizeof dst / sizeof *dst; i++) {
        *dst[i] = arena_mat(a, src[i]->rows, src[i]->cols);
        if (src[i]->rows * src[i]->cols > 0)
            memcpy(dst[i]->v, src[i]->v, (size_t)src[i]->rows * (size_t)src[i]->cols * sizeof(float));
    }
    r->main.nq = t->rows;
    r->main.nk = t->n;
    r->main.dv = t->V.cols;
    size_t cells = (size_t)t->rows * (size_t)t->n;
    r->main.keep = arena_alloc(a, cells ? cells : 1);
    memset(r->main.keep, 1, cells);
    r->main.row_empty = arena_alloc(a, (size_t)t->rows + 1);
    return 0;
}

void lesson_tr_scenario(const LessonStep *s, Scenario *sc)
{
    if (!s->tr)
        return;
    sc->cfg.score = SCORE_ADDITIVE;
    sc->cfg.formula = LESSON_TR_FORMULA;
    sc->ext_run = tr_run;
    sc->ext = s->tr;
}

const LessonTr *lesson_tr_of(const Scenario *sc)
{
    return sc && sc->ext_run == tr_run ? sc->ext : NULL;
}

int lesson_tr_wrong(const LessonTr *t, char *why, size_t n)
{
    char iso[DATES_ISO], reason[120];
    if (dates_read(t->input, iso, reason, sizeof reason) != 0) {
        snprintf(why, n, "attnlab cannot tell which date \"%s\" is: %s", t->input, reason);
        return -1;
    }
    return strcmp(iso, t->translation) != 0;
}

void lesson_tr_free(LessonStep *s)
{
    if (!s->tr)
        return;
    tr_clear(s->tr);
    free(s->tr);
    s->tr = NULL;
}

float lesson_tr_score_terms(const LessonTr *t, int i, int j, float *ws, float *uh, float *th, float *vt)
{
    int A = t->Q.cols;
    double e = 0.0;
    for (int k = 0; k < A; k++) {
        ws[k] = MAT_AT(t->Q, i, k);
        uh[k] = MAT_AT(t->K, j, k);
        th[k] = tanhf(ws[k] + uh[k]);
        vt[k] = t->va.v[k] * th[k];
        e += vt[k];
    }
    return (float)e;
}

/* ------------------------------------------------------ the keys */

/* One string kept by the lesson (a list of one), returned borrowed. */
static const char *own_string(Lesson *l, const char *v)
{
    char **one = xcalloc(2, sizeof *one);
    one[0] = xstrdup(v);
    return lesson_own_tokens(l, one)[0];
}

/* try = A | B | C: candidate inputs, separated by '|' (a date may hold commas). */
static void set_try(Parser *p, const char *v)
{
    int n = 1;
    for (const char *c = v; *c; c++)
        n += *c == '|';
    char **list = xcalloc((size_t)n + 1, sizeof *list);
    int k = 0;
    for (const char *c = v;;) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        while (len && (*c == ' ' || *c == '\t'))
            c++, len--;
        while (len && (c[len - 1] == ' ' || c[len - 1] == '\t'))
            len--;
        if (len)
            list[k++] = xstrndup(c, len);
        if (!bar)
            break;
        c = bar + 1;
    }
    if (k == 0) {
        lesson_err(p, "try needs inputs separated by '|'");
        lesson_free_list(list);
        return;
    }
    p->cur->tr_try = lesson_own_tokens(p->l, list);
    p->cur->n_tr_try = k;
}

void lesson_set_tr_key(Parser *p, KeyId k, const char *v)
{
    LessonStep *s = p->cur;
    if (k == K_TRANSLATOR) {
        s->tr_file = own_string(p->l, v);
        s->tr_line = p->lineno;
    } else if (k == K_INPUT) {
        s->tr_input = own_string(p->l, v);
        s->tr_line = p->lineno;
    } else if (k == K_DECODE) {
        char *end;
        long x = strtol(v, &end, 10);
        if (strcmp(v, "all") == 0)
            s->tr_decode = LESSON_TR_ALL;
        else if (end == v || *end || x < 1 || x > 64)
            lesson_err(p, "decode is a count of characters written, 1 to 64, or all; not '%s'", v);
        else
            s->tr_decode = (int)x;
    } else {
        set_try(p, v);
    }
}

const S2sModel *lesson_tr_model(const Lesson *l, const LessonStep *s)
{
    for (int i = 0; s->tr_file && i < l->n_tr_models; i++)
        if (strcmp(l->tr_names[i], s->tr_file) == 0)
            return l->tr_models[i];
    return NULL;
}

/* The model named file: found with s2s_find_asset, else beside the lesson. */
static const S2sModel *load_model(Lesson *l, const LessonStep *s, Diags *d)
{
    const S2sModel *m = lesson_tr_model(l, s);
    if (m)
        return m;
    if (l->n_tr_models == LESSON_TR_MODELS) {
        diags_add(d, l->path, s->tr_line, "a lesson runs at most %d translators", LESSON_TR_MODELS);
        return NULL;
    }
    char near[4096];
    const char *path = s2s_find_asset(s->tr_file);
    if (!path) {
        const char *slash = strrchr(l->path, '/');
        snprintf(near, sizeof near, "%.*s%s", slash ? (int)(slash - l->path + 1) : 0, l->path, s->tr_file);
        path = near;
    }
    Diags why = {0};
    S2sModel *got = s2s_load(path, &why);
    if (!got) {
        diags_add(d, l->path, s->tr_line, "translator %s: %s", s->tr_file,
                  why.n ? why.v[0].msg : "cannot be read");
        diags_free(&why);
        return NULL;
    }
    diags_free(&why);
    l->tr_names[l->n_tr_models] = s->tr_file;
    l->tr_models[l->n_tr_models++] = got;
    return got;
}

void lesson_tr_prepare(Lesson *l, Diags *d)
{
    for (int k = 0; k < l->n_steps; k++) {
        LessonStep *s = &l->steps[k];
        if (!s->tr_file && !s->tr_input)
            continue;
        if (!s->tr_file || !s->tr_input) {
            diags_add(d, l->path, s->line, "a translator step needs both translator and input");
            continue;
        }
        const S2sModel *m = load_model(l, s, d);
        if (m)
            lesson_tr_set(s, m, s->tr_input, s->tr_decode, d, l->path, s->tr_line);
    }
}
