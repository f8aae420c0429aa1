/* lesson.c - reading lesson files with libinih.
 *
 * Debian's libinih is built without line numbers in the handler, so the
 * lines reach inih through our own reader (lesson_reader), which counts them,
 * refuses lines that are too long or not UTF-8, and sees [step] headers and
 * continuation lines as they pass. Matrices are written one row a line: the
 * first after "Q =", the rest on indented continuation lines. */
#define _POSIX_C_SOURCE 200809L
#include "lesson/lesson_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

#include "base/utf8.h"
#include "base/util.h"

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

void lesson_err(Parser *p, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diags_add(p->d, p->path, p->lineno, "%s", msg);
}

static void start_step(Parser *p);

/* The matrix a line gives a row of: "Q = ..." or an indented row under one;
 * NULL for any other line. */
static const char *long_line_matrix(const Parser *p, const char *body)
{
    if (body[0] == ' ' || body[0] == '\t')
        return p->building >= 0 && !p->building_bad ? engine_mat_name(p->building_name) : NULL;
    char key[16];
    size_t n = strcspn(body, "=:");
    if (body[n] == '\0' || n >= sizeof key)
        return NULL;
    memcpy(key, body, n);
    key[n] = '\0';
    str_trim(key);
    int m = engine_parse_mat(key);
    return m >= 0 ? engine_mat_name((MatName)m) : NULL;
}

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
    if (strlen(p->line) < len) {    /* the rest would be cut off silently */
        lesson_err(p, "this line holds a NUL byte (at byte %zu): a lesson is text", strlen(p->line) + 1);
        body = "";
    } else if (!utf8_valid(body, strlen(body))) {
        lesson_err(p, "this line is not UTF-8 text");
        body = "";
    } else if (strlen(body) > (size_t)num - 2) {
        const char *m = long_line_matrix(p, body);
        if (m)  /* a wide matrix: the limit that matters is the matrix's */
            lesson_err(p, "this row of %s is %zu bytes long: a row holds at most %d numbers (attnlab takes at "
                "most %d x %d) in at most %d bytes", m, strlen(body), ENGINE_MAX_DIM, ENGINE_MAX_TOKENS,
                ENGINE_MAX_DIM, num - 2);
        else
            lesson_err(p, "this line is %zu bytes long; the most is %d: go on on an indented line below",
                strlen(body), num - 2);
        if (m && p->building >= 0)
            p->building_bad = true;
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
            lesson_err(p, "a section header needs its closing ]");
            body = "";
        } else if (strcmp(name, "step") == 0) {
            p->bad_section = false;
            start_step(p);
        } else {
            lesson_err(p, "unknown section [%s]: a lesson has [step] sections", name);
            p->bad_section = true;
        }
    } else if (*t && *t != ';' && *t != '#' && !p->indented && !strpbrk(t, "=:")) {
        lesson_err(p, "expected 'key = value', an indented continuation line, or [step]");
        body = "";
    }
    snprintf(str, (size_t)num, "%s\n", body);
    return str;
}

/* -------------------------------------------------------- storage */

int lesson_own_mat(Lesson *l, Mat m)
{
    if (l->n_owned_mats == l->cap_owned_mats) {
        l->cap_owned_mats = l->cap_owned_mats ? 2 * l->cap_owned_mats : 16;
        l->owned_mats = xrealloc(l->owned_mats, (size_t)l->cap_owned_mats * sizeof(Mat));
    }
    l->owned_mats[l->n_owned_mats] = m;
    return l->n_owned_mats++;
}

char **lesson_own_tokens(Lesson *l, char **toks)
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
    text_free(&s->hint2);
    text_free(&s->goal_words);
    text_free(&s->choices);
    lesson_free_list(s->choice_en);
    lesson_free_list(s->choice_zh);
    s->choice_en = s->choice_zh = NULL;
    free(s->goal_text);
    s->goal_text = NULL;
}

/* A new section: no key set in it yet. */
static void forget_keys(Parser *p)
{
    for (int i = 0; i < p->n_seen; i++)
        free(p->seen[i]);
    p->n_seen = 0;
}

/* A new [step]: it starts as the state the step before it left. */
static void start_step(Parser *p)
{
    Lesson *l = p->l;
    if (p->cur == &p->top)
        lesson_image_apply(p);      /* the picture's keys, before steps copy the top */
    LessonStep prev = *p->cur;
    l->steps = xrealloc(l->steps, (size_t)(l->n_steps + 1) * sizeof(LessonStep));
    LessonStep *s = &l->steps[l->n_steps++];
    *s = prev;
    memset(&s->title, 0, sizeof s->title);
    memset(&s->text, 0, sizeof s->text);
    memset(&s->hint, 0, sizeof s->hint);
    memset(&s->question, 0, sizeof s->question);
    memset(&s->answer, 0, sizeof s->answer);
    memset(&s->hint2, 0, sizeof s->hint2);
    memset(&s->goal_words, 0, sizeof s->goal_words);
    memset(&s->choices, 0, sizeof s->choices);
    s->n_choices = s->correct = s->n_hide = 0;
    s->choice_en = s->choice_zh = NULL;
    s->settings_fixed = false;
    for (int k = KEY_HINT2; k <= KEY_SETTINGS; k++)
        s->key_line[k] = 0;
    s->goal_text = NULL;
    s->has_goal = false;
    s->goal_line = 0;
    s->tr_try = NULL;
    s->n_tr_try = 0;
    s->line = p->lineno;
    p->cur = s;
    p->in_step = true;
    p->building = -1;
    p->text_target = NULL;
    p->last_key[0] = '\0';
    forget_keys(p);
}

/* A key set a second time in one section: a warning (the last one counts). */
static void note_key(Parser *p, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, "%s", name);
    size_t n = strlen(key);
    if (n > 3 && strcmp(key + n - 3, ".en") == 0)
        key[n - 3] = '\0';     /* text.en is text */
    for (int i = 0; i < p->n_seen; i++) {
        if (strcmp(p->seen[i], key) == 0) {
            diags_warn(p->d, p->path, p->lineno, "'%s' is set again in this %s (first on line %d); the last one "
                       "counts", key, p->in_step ? "[step]" : "lesson's top part", p->seen_line[i]);
            p->seen_line[i] = p->lineno;
            return;
        }
    }
    if (p->n_seen == p->cap_seen) {
        p->cap_seen = p->cap_seen ? 2 * p->cap_seen : 16;
        p->seen = xrealloc(p->seen, (size_t)p->cap_seen * sizeof *p->seen);
        p->seen_line = xrealloc(p->seen_line, (size_t)p->cap_seen * sizeof *p->seen_line);
    }
    p->seen[p->n_seen] = xstrdup(key);
    p->seen_line[p->n_seen++] = p->lineno;
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
            lesson_matrix_row(p, p->building_name, value, false);
        else if (p->text_target)
            lesson_text_append(p->text_target, value, false);
        else
            lesson_err(p, "only text and matrices go on over several lines");
        return 1;
    }
    snprintf(p->last_key, sizeof p->last_key, "%s", name);
    p->building = -1;
    p->text_target = NULL;
    note_key(p, name);

    int m = engine_parse_mat(name);
    if (m >= 0) {
        lesson_matrix_row(p, (MatName)m, value, true);
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
        if (strcmp(lesson_keys[k].name, base) == 0)
            break;
    if (k == K__COUNT) {
        lesson_err(p, "unknown key '%s'%s", name, top ? " before the first [step]" : " in [step]");
        return 1;
    }
    if (!(lesson_keys[k].where & (top ? WHERE_TOP : WHERE_STEP))) {
        lesson_err(p, "'%s' belongs %s", base, top ? "in a [step]" : "before the first [step]");
        return 1;
    }
    if (lang[0]) {
        if (!lesson_keys[k].translated) {
            lesson_err(p, "'%s' is not translated; only title, summary, text, hint, hint2, question, answer, "
                       "choices and goal_words are", base);
            return 1;
        }
        if (strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0) {
            lesson_err(p, "unknown language '%s' in '%s' (attnlab has en and zh)", lang, name);
            return 1;
        }
    }
    if (lesson_keys[k].field >= 0)
        p->cur->key_line[lesson_keys[k].field] = p->lineno;
    if (lesson_keys[k].translated) {
        Text *t = lesson_text_field(p->cur, p->l, (KeyId)k, top);
        char **dst = strcmp(lang, "zh") == 0 ? &t->zh : &t->en;
        lesson_text_append(dst, value, true);
        p->text_target = dst;
        return 1;
    }
    lesson_set_key(p, (KeyId)k, base, value);
    return 1;
}

/* ---------------------------------------------------------- load */

/* Parses an open stream named `path` in messages; see lesson_load(). */
static int load_stream(FILE *f, const char *path, Lesson *out, Diags *d)
{
    int errors_before = diags_errors(d);
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
    if (rc > 0 && diags_errors(d) == errors_before)
        diags_add(d, path, rc, "expected 'key = value', an indented continuation line, or [step]");
    else if (rc < 0)
        diags_add(d, path, 0, "cannot read the lesson");
    if (ferror(f))
        diags_add(d, path, 0, "cannot read the lesson: %s", strerror(errno));
    free(p.line);
    forget_keys(&p);
    free(p.seen);
    free(p.seen_line);
    if (!out->title.en && !out->title.zh)
        diags_add(d, path, 0, "the lesson has no title (write title = ... before the first [step])");
    if (out->n_steps == 0)
        diags_add(d, path, 0, "the lesson has no [step]");
    if (diags_errors(d) == errors_before)
        lesson_tr_prepare(out, d);
    if (diags_errors(d) == errors_before)
        lesson_check_steps(out, d);
    if (diags_errors(d) > errors_before) {
        lesson_free(out);
        return -1;
    }
    return 0;
}

/* What a file that is not a regular one is, for messages. */
static const char *file_kind(mode_t m)
{
    return S_ISDIR(m) ? "a folder" : S_ISFIFO(m) ? "a pipe (FIFO)" : S_ISSOCK(m) ? "a socket"
         : S_ISCHR(m) || S_ISBLK(m) ? "a device" : "not a regular file";
}

/* Opens path for reading if it is a regular file of at most
 * LESSON_MAX_BYTES; NULL with a message in d if not. O_NONBLOCK: opening
 * a FIFO waits for a writer, and its read would wait for data, forever. */
static FILE *open_regular(const char *path, Diags *d)
{
    struct stat st;
    int fd = -1;
    if (stat(path, &st) != 0 || (S_ISREG(st.st_mode) && (fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) ||
        (fd >= 0 && fstat(fd, &st) != 0)) {
        diags_add(d, path, 0, "cannot read the lesson: %s%s", strerror(errno),
                  errno == ELOOP ? " (a loop of symbolic links)" : "");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {     /* also when it changed between stat and open */
        diags_add(d, path, 0, "is %s, not a lesson file", file_kind(st.st_mode));
    } else if (st.st_size > LESSON_MAX_BYTES) {
        diags_add(d, path, 0, "is %lld bytes; a lesson is at most %d bytes (1 MiB)", (long long)st.st_size,
                  LESSON_MAX_BYTES);
    } else {
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        FILE *f = fdopen(fd, "r");
        if (f)
            return f;
        diags_add(d, path, 0, "cannot read the lesson: %s", strerror(errno));
    }
    if (fd >= 0)
        close(fd);
    return NULL;
}

int lesson_load(const char *path, Lesson *out, Diags *d)
{
    memset(out, 0, sizeof *out);
    FILE *f = open_regular(path, d);
    if (!f)
        return -1;
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
    for (int k = 0; k < l->n_steps; k++) {
        step_texts_free(&l->steps[k]);
        lesson_tr_free(&l->steps[k]);
    }
    for (int i = 0; i < l->n_tr_models; i++)
        s2s_free(l->tr_models[i]);
    free(l->steps);
    for (int i = 0; i < l->n_owned_mats; i++)
        mat_free(&l->owned_mats[i]);
    free(l->owned_mats);
    for (int i = 0; i < l->n_owned_tokens; i++)
        lesson_free_list(l->owned_tokens[i]);
    free(l->owned_tokens);
    text_free(&l->title);
    text_free(&l->summary);
    lesson_image_free(&l->image);
    free(l->dump);
    free(l->path);
    memset(l, 0, sizeof *l);
}
