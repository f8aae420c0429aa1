/* state_db.c - the progress database: opening it (WAL, busy timeout, the
 * tables), setting a damaged one aside, exercises and predictions. See
 * state.h. */
#include "lab/state.h"
#include "lab/state_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

/* How long a writer waits for another instance's transaction (ms). */
#define STATE_BUSY_MS 10000
#define STR_(x) #x
#define STR(x) STR_(x)

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS place(lesson TEXT PRIMARY KEY,"
    " step INTEGER NOT NULL CHECK(step >= 0), n_steps INTEGER NOT NULL CHECK(n_steps > step),"
    " done INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS exercise(lesson TEXT NOT NULL, step INTEGER NOT NULL,"
    " goal INTEGER NOT NULL, met INTEGER NOT NULL, edits TEXT NOT NULL DEFAULT '',"
    " updated INTEGER NOT NULL, PRIMARY KEY(lesson, step, goal));"
    "CREATE TABLE IF NOT EXISTS prediction(lesson TEXT NOT NULL, step INTEGER NOT NULL,"
    " choice INTEGER NOT NULL, correct INTEGER NOT NULL, updated INTEGER NOT NULL,"
    " PRIMARY KEY(lesson, step));";

const char *state_base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

bool state_dir(char *buf, size_t n)
{
    const char *x = getenv("XDG_STATE_HOME");
    int w;
    if (x && x[0] == '/') {
        w = snprintf(buf, n, "%s/attnlab", x);
    } else {
        const char *home = getenv("HOME");
        if (!home || !*home)
            return false;
        w = snprintf(buf, n, "%s/.local/state/attnlab", home);
    }
    return w > 0 && (size_t)w < n;
}

bool state_path(char *buf, size_t n)
{
    char dir[1024];
    if (!state_dir(dir, sizeof dir))
        return false;
    int w = snprintf(buf, n, "%s/progress.db", dir);
    return w > 0 && (size_t)w < n;
}

/* mkdir -p for the two or three levels we may need. */
static int make_dirs(const char *dir)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0700) < 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(tmp, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

int state_keep_aside(const char *path, const char *suffix, char *kept, size_t n)
{
    for (int k = 1; k < 1000; k++) {
        int w = k == 1 ? snprintf(kept, n, "%s.%s", path, suffix) : snprintf(kept, n, "%s.%s.%d", path, suffix, k);
        if (w < 0 || (size_t)w >= n)
            return -1;
        /* link() fails on an existing name where rename() would replace it */
        if (link(path, kept) == 0)
            return unlink(path);
        if (errno == EEXIST)
            continue;
        struct stat st;
        if (lstat(kept, &st) == 0)
            continue;
        return rename(path, kept);  /* a file system without hard links */
    }
    return -1;
}

bool state_db_exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static bool damaged(int rc)
{
    rc &= 0xff;
    return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT || rc == SQLITE_FORMAT;
}

/* SQLite's quick check says "ok": 0; damaged: 1; could not run it: -1. */
static int quick_check(sqlite3 *db)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return damaged(rc) ? 1 : -1;
    rc = sqlite3_step(st);
    int bad = rc == SQLITE_ROW ? strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0
                               : damaged(rc) ? 1 : -1;
    sqlite3_finalize(st);
    return bad;
}

/* The database's user_version, or -1 when it cannot be read. */
static int user_version(sqlite3 *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

/* Opens path and makes its tables. 0; 1 when the file is damaged; -1 with
 * a message for any other failure (a newer version's file included). */
static int open_once(const char *path, bool check, sqlite3 **out, char *msg, size_t msglen)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, STATE_BUSY_MS);
        rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
        /* WAL with synchronous=NORMAL syncs at checkpoints, not at every
         * commit: a power cut may lose the last save, never the database.
         * FULL cost 11 fdatasync calls a start, seconds on a busy disk, with
         * the terminal frozen meanwhile (the e2e test's resize saw it). */
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK && check) {
        int q = quick_check(db);
        rc = q == 0 ? SQLITE_OK : q > 0 ? SQLITE_CORRUPT : SQLITE_ERROR;
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    int version = rc == SQLITE_OK ? user_version(db) : 0;
    if (version > STATE_VERSION) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(db);
        snprintf(msg, msglen, "a newer attnlab wrote the saved place (%s); progress is not saved this time", path);
        return -1;
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_exec(db, SCHEMA, NULL, NULL, NULL);
        if (rc == SQLITE_OK && version == 0)
            rc = sqlite3_exec(db, "PRAGMA user_version = " STR(STATE_VERSION), NULL, NULL, NULL);
        rc = rc == SQLITE_OK ? sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) : rc;
        if (rc != SQLITE_OK)
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK) {
        *out = db;
        return 0;
    }
    if (!damaged(rc))
        snprintf(msg, msglen, check ? "cannot read the saved progress %s: %s" : "cannot save progress to %s: %s",
                 path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return damaged(rc) ? 1 : -1;
}

/* Moves a damaged database (and its write-ahead log) aside; a sentence in msg. */
static void set_aside(const char *path, char *msg, size_t msglen)
{
    char kept[1200], side[1300], side_kept[1300];
    if (state_keep_aside(path, "bad", kept, sizeof kept) < 0) {
        unlink(path);
        snprintf(msg, msglen, "could not read the saved place (%s); removed it and started afresh", path);
        return;
    }
    snprintf(side, sizeof side, "%s-wal", path);
    snprintf(side_kept, sizeof side_kept, "%s-wal", kept);
    rename(side, side_kept);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    snprintf(msg, msglen, "could not read the saved place (%s); kept it as %s and started afresh", path, kept);
}

sqlite3 *state_db_open(bool check, char *msg, size_t msglen)
{
    char dir[1024], path[1100];
    msg[0] = '\0';
    if (!state_dir(dir, sizeof dir) || !state_path(path, sizeof path)) {
        snprintf(msg, msglen, "no place to save progress (HOME is not set)");
        return NULL;
    }
    if (make_dirs(dir) < 0) {
        snprintf(msg, msglen, "cannot create %s: %s", dir, strerror(errno));
        return NULL;
    }
    sqlite3 *db = NULL;
    int rc = open_once(path, check, &db, msg, msglen);
    if (rc > 0) {
        set_aside(path, msg, msglen);
        char again[300];
        if (open_once(path, false, &db, again, sizeof again) != 0)
            return NULL;
    }
    return db;
}

/* ------------------------------------------- exercises and predictions */

/* Prepares sql on a freshly opened database with ?1 the lesson's base name
 * and ?2 the step bound; NULL (and db closed) on error. */
static sqlite3_stmt *prepare(sqlite3 **db, const char *sql, const char *lesson, int step, char *msg, size_t msglen)
{
    char quiet[300];
    if (!msg) {
        msg = quiet;
        msglen = sizeof quiet;
    }
    *db = state_db_open(false, msg, msglen);
    sqlite3_stmt *st = NULL;
    if (*db && sqlite3_prepare_v2(*db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(msg, msglen, "cannot save progress: %s", sqlite3_errmsg(*db));
        sqlite3_close(*db);
        *db = NULL;
    }
    if (st) {
        sqlite3_bind_text(st, 1, state_base_name(lesson), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, step);
    }
    return st;
}

/* Steps a read statement: 1 with a row (the caller reads it), 0 with
 * none, -1 on error; without a row everything is closed here. */
static int read_row(sqlite3 *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Closes what read_row left open after a row. */
static void end_read(sqlite3 *db, sqlite3_stmt *st)
{
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Steps a write statement, then closes everything. 0, or -1 with a message. */
static int finish_write(sqlite3 *db, sqlite3_stmt *st, char *msg, size_t msglen)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
    if (rc < 0)
        snprintf(msg, msglen, "cannot save progress: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

int state_exercise_put(const char *lesson, int step, int goal, bool met, const char *edits,
                       char *msg, size_t msglen)
{
    sqlite3 *db;
    sqlite3_stmt *st = prepare(&db,
        "INSERT INTO exercise(lesson, step, goal, met, edits, updated) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
        " ON CONFLICT(lesson, step, goal) DO UPDATE SET met = excluded.met, edits = excluded.edits,"
        " updated = excluded.updated", lesson, step, msg, msglen);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 3, goal);
    sqlite3_bind_int(st, 4, met);
    sqlite3_bind_text(st, 5, edits ? edits : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
    return finish_write(db, st, msg, msglen);
}

int state_exercise_get(const char *lesson, int step, int goal, bool *met, char **edits)
{
    sqlite3 *db;
    sqlite3_stmt *st = prepare(&db, "SELECT met, edits FROM exercise WHERE lesson = ?1 AND step = ?2 AND goal = ?3",
                               lesson, step, NULL, 0);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 3, goal);
    int found = read_row(db, st);
    if (found == 1) {
        *met = sqlite3_column_int(st, 0) != 0;
        const char *t = (const char *)sqlite3_column_text(st, 1);
        *edits = xstrdup(t ? t : "");
        end_read(db, st);
    }
    return found;
}

int state_exercises_met(const char *lesson)
{
    sqlite3 *db;
    sqlite3_stmt *st = prepare(&db, "SELECT count(*) FROM exercise WHERE lesson = ?1 AND step >= ?2 AND met != 0",
                               lesson, 0, NULL, 0);
    if (!st)
        return -1;
    int found = read_row(db, st);
    if (found < 1)
        return -1;
    int n = sqlite3_column_int(st, 0);
    end_read(db, st);
    return n;
}

int state_prediction_put(const char *lesson, int step, int choice, bool correct, char *msg, size_t msglen)
{
    sqlite3 *db;
    sqlite3_stmt *st = prepare(&db,
        "INSERT INTO prediction(lesson, step, choice, correct, updated) VALUES(?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT(lesson, step) DO UPDATE SET choice = excluded.choice, correct = excluded.correct,"
        " updated = excluded.updated", lesson, step, msg, msglen);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 3, choice);
    sqlite3_bind_int(st, 4, correct);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)time(NULL));
    return finish_write(db, st, msg, msglen);
}

int state_prediction_get(const char *lesson, int step, int *choice, bool *correct)
{
    sqlite3 *db;
    sqlite3_stmt *st = prepare(&db, "SELECT choice, correct FROM prediction WHERE lesson = ?1 AND step = ?2",
                               lesson, step, NULL, 0);
    if (!st)
        return -1;
    int found = read_row(db, st);
    if (found == 1) {
        *choice = sqlite3_column_int(st, 0);
        *correct = sqlite3_column_int(st, 1) != 0;
        end_read(db, st);
    }
    return found;
}
