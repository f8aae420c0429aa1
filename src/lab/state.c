/* state.c - the places in lessons: loading them, saving the changed ones,
 * importing the old text file. See state.h; the database in state_db.c. */
#include "lab/state.h"
#include "lab/state_int.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

/* ------------------------------------------------ the sorted entries */

/* Index of name, or -(insertion point) - 1. */
static int search(const State *s, const char *name)
{
    int lo = 0, hi = s->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(s->e[mid].name, name);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -lo - 1;
}

/* Room for one more entry at index at; the new entry is zeroed. */
static StateEntry *insert_at(State *s, int at)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->e = xrealloc(s->e, (size_t)s->cap * sizeof *s->e);
    }
    memmove(&s->e[at + 1], &s->e[at], (size_t)(s->n - at) * sizeof *s->e);
    s->n++;
    memset(&s->e[at], 0, sizeof s->e[at]);
    return &s->e[at];
}

static void set_last(State *s, const char *name)
{
    free(s->last);
    s->last = xstrdup(name);
}

/* ------------------------------------------- the old text file's import */

/* Whole-line number in [lo, hi] from a token; false when it is none. */
static bool int_token(const char *t, long lo, long hi, int *out)
{
    if (!t)
        return false;
    char *end;
    errno = 0;
    long v = strtol(t, &end, 10);
    if (end == t || *end || errno || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

/* Parses the old file "attnlab-state 1" / "last NAME" / "lesson NAME STEP N
 * DONE" into s (entries added in file order, sorted afterwards). 0, 1
 * (written by a newer version) or -1 (damaged). */
static int parse_old(State *s, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    int version = 0, rc = 0;
    if (getline(&line, &cap, f) < 0 || sscanf(line, "attnlab-state %d", &version) != 1 || version < 1)
        rc = -1;
    else if (version > STATE_VERSION)
        rc = 1;
    while (rc == 0 && getline(&line, &cap, f) >= 0) {
        char *save, *words[6] = {0};
        int n = 0;
        for (char *w = strtok_r(line, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save))
            words[n < 5 ? n++ : 5] = w;
        int step, steps, done;
        if (n == 0)
            continue;
        if (n == 2 && strcmp(words[0], "last") == 0) {
            set_last(s, words[1]);
        } else if (n == 5 && strcmp(words[0], "lesson") == 0 && !words[5] && int_token(words[3], 1, INT_MAX, &steps) &&
                   int_token(words[2], 0, steps - 1, &step) && int_token(words[4], 0, 1, &done)) {
            StateEntry *e = insert_at(s, s->n);
            e->name = xstrdup(words[1]);
            e->step = step;
            e->n_steps = steps;
            e->done = done;
        } else {
            rc = -1;
        }
    }
    if (rc == 0 && ferror(f))
        rc = -1;
    free(line);
    return rc;
}

/* The old writer's state.tmp.PID files, left by a kill during a save. */
static void remove_old_temporaries(const char *old)
{
    char pattern[1200];
    glob_t g;
    snprintf(pattern, sizeof pattern, "%s.tmp.*", old);
    if (glob(pattern, GLOB_NOSORT, NULL, &g) != 0)
        return;
    for (size_t i = 0; i < g.gl_pathc; i++)
        unlink(g.gl_pathv[i]);
    globfree(&g);
}

/* Copies the old file's places into the database where it has none yet,
 * then renames the file state.imported; a damaged one is set aside as
 * state.bad with a sentence in msg. */
static void import_old(sqlite3 *db, const char *old, char *msg, size_t msglen)
{
    FILE *f = fopen(old, "r");
    if (!f)
        return;
    State o = {0};
    int rc = parse_old(&o, f);
    fclose(f);
    char kept[1200];
    if (rc != 0) {
        bool aside = state_keep_aside(old, "bad", kept, sizeof kept) == 0;
        snprintf(msg, msglen, "%s the saved place (%s); %s%s and started afresh",
                 rc > 0 ? "a newer attnlab wrote" : "could not read", old, aside ? "kept it as " : "left it",
                 aside ? kept : "");
        state_free(&o);
        return;
    }
    sqlite3_stmt *st = NULL;
    bool ok = state_db_exec(db, "BEGIN IMMEDIATE") &&
              sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO place(lesson, step, n_steps, done, updated)"
                                 " VALUES(?1, ?2, ?3, ?4, ?5)", -1, &st, NULL) == SQLITE_OK;
    for (int i = 0; ok && i < o.n; i++) {
        sqlite3_bind_text(st, 1, o.e[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, o.e[i].step);
        sqlite3_bind_int(st, 3, o.e[i].n_steps);
        sqlite3_bind_int(st, 4, o.e[i].done);
        sqlite3_bind_int64(st, 5, (sqlite3_int64)time(NULL));
        ok = sqlite3_step(st) == SQLITE_DONE && sqlite3_reset(st) == SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (ok && o.last && o.last[0]) {
        ok = sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO meta(key, value) VALUES('last', ?1)", -1, &st, NULL) ==
             SQLITE_OK;
        if (ok) {
            sqlite3_bind_text(st, 1, o.last, -1, SQLITE_STATIC);
            ok = sqlite3_step(st) == SQLITE_DONE;
            sqlite3_finalize(st);
        }
    }
    ok = ok && state_db_exec(db, "COMMIT");
    if (!ok) {
        state_db_exec(db, "ROLLBACK");
        snprintf(msg, msglen, "could not import the saved place (%s): %s", old, sqlite3_errmsg(db));
    } else {
        state_keep_aside(old, "imported", kept, sizeof kept);
        remove_old_temporaries(old);
    }
    state_free(&o);
}

/* ------------------------------------------------------------ loading */

/* Reads every row of place, and the last lesson, into s (empty before). */
static bool read_places(sqlite3 *db, State *s)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT lesson, step, n_steps, done FROM place ORDER BY lesson", -1, &st, NULL) !=
        SQLITE_OK)
        return false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (!name || (s->n > 0 && strcmp(s->e[s->n - 1].name, name) >= 0))
            continue;   /* ORDER BY lesson is strcmp's order: the array stays sorted */
        StateEntry *e = insert_at(s, s->n);
        e->name = xstrdup(name);
        e->step = sqlite3_column_int(st, 1);
        e->n_steps = sqlite3_column_int(st, 2);
        e->done = sqlite3_column_int(st, 3) != 0;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return false;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'last'", -1, &st, NULL) != SQLITE_OK)
        return false;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        set_last(s, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return true;
}

void state_load(State *s, char *msg, size_t msglen)
{
    char dir[1024], db_path[1100], old[1100];
    memset(s, 0, sizeof *s);
    s->last = xstrdup("");
    msg[0] = '\0';
    struct stat st;
    if (!state_dir(dir, sizeof dir) || !state_path(db_path, sizeof db_path))
        return;
    snprintf(old, sizeof old, "%s/state", dir);
    bool have_old = stat(old, &st) == 0;
    if (!have_old && stat(db_path, &st) != 0)
        return;     /* nothing saved yet: the first save makes the file */
    sqlite3 *db = state_db_open(true, msg, msglen);
    if (!db)
        return;
    if (have_old && !msg[0])
        import_old(db, old, msg, msglen);
    else if (have_old)
        import_old(db, old, msg + strlen(msg), 0);  /* the damage already has the line */
    if (!read_places(db, s) && !msg[0])
        snprintf(msg, msglen, "could not read the saved place (%s): %s", db_path, sqlite3_errmsg(db));
    sqlite3_close(db);
}

/* ------------------------------------------------------------- saving */

/* Writes the changed entries and the last lesson; false on error. */
static bool write_changed(sqlite3 *db, const State *s)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT INTO place(lesson, step, n_steps, done, updated) VALUES(?1, ?2, ?3, ?4, ?5)"
                           " ON CONFLICT(lesson) DO UPDATE SET step = excluded.step, n_steps = excluded.n_steps,"
                           " done = (done OR excluded.done), updated = excluded.updated", -1, &st, NULL) != SQLITE_OK)
        return false;
    bool ok = true;
    for (int i = 0; ok && i < s->n; i++) {
        if (!s->e[i].changed)
            continue;
        sqlite3_bind_text(st, 1, s->e[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, s->e[i].step);
        sqlite3_bind_int(st, 3, s->e[i].n_steps);
        sqlite3_bind_int(st, 4, s->e[i].done);
        sqlite3_bind_int64(st, 5, (sqlite3_int64)time(NULL));
        ok = sqlite3_step(st) == SQLITE_DONE && sqlite3_reset(st) == SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (!ok || !s->last_changed)
        return ok;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES('last', ?1)", -1, &st, NULL) !=
        SQLITE_OK)
        return false;
    sqlite3_bind_text(st, 1, s->last, -1, SQLITE_STATIC);
    ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

int state_save(State *s, char *msg, size_t msglen)
{
    msg[0] = '\0';
    sqlite3 *db = state_db_open(false, msg, msglen);
    if (!db)
        return -1;
    bool ok = state_db_exec(db, "BEGIN IMMEDIATE") && write_changed(db, s) && state_db_exec(db, "COMMIT");
    if (!ok) {
        char path[1100] = "";
        state_path(path, sizeof path);
        snprintf(msg, msglen, "cannot save progress to %s: %s", path, sqlite3_errmsg(db));
        state_db_exec(db, "ROLLBACK");
    }
    sqlite3_close(db);
    if (!ok)
        return -1;
    for (int i = 0; i < s->n; i++)
        s->e[i].changed = false;
    s->last_changed = false;
    return 0;
}

/* ------------------------------------------------------------ queries */

const StateEntry *state_get(const State *s, const char *lesson_path)
{
    int i = search(s, state_base_name(lesson_path));
    return i >= 0 ? &s->e[i] : NULL;
}

void state_set(State *s, const char *lesson_path, int step, int n_steps)
{
    const char *name = state_base_name(lesson_path);
    if (!*name || step < 0 || step >= n_steps)
        return;
    int i = search(s, name);
    StateEntry *e = i >= 0 ? &s->e[i] : insert_at(s, -i - 1);
    if (!e->name)
        e->name = xstrdup(name);
    e->step = step;
    e->n_steps = n_steps;
    e->done = e->done || step == n_steps - 1;
    e->changed = true;
    set_last(s, name);
    s->last_changed = true;
}

void state_free(State *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->e[i].name);
    free(s->e);
    free(s->last);
    s->e = NULL;
    s->last = NULL;
    s->n = s->cap = 0;
}
