/* state_int.h - shared by state.c (places, the old file's import) and
 * state_db.c (the database: opening, schema, setting aside, exercises and
 * predictions); not for the rest of the program. */
#ifndef ATTN_STATE_INT_H
#define ATTN_STATE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* The state folder (.../attnlab) into buf; false when none can be named. */
bool state_dir(char *buf, size_t n);
/* Renames path to the first free name of path.SUFFIX, path.SUFFIX.2, ...
 * (never over an existing file), its name into kept. 0, or -1. */
int state_keep_aside(const char *path, const char *suffix, char *kept, size_t n);
/* Opens the database, creating the folder, the file and its tables; a
 * damaged file is set aside (a sentence in msg) and a fresh one made.
 * check: also run SQLite's quick check (once per start is enough).
 * Returns the open handle, or NULL with a message in msg. */
sqlite3 *state_db_open(bool check, char *msg, size_t msglen);
/* Runs SQL without results; false on error. */
bool state_db_exec(sqlite3 *db, const char *sql);
/* The lesson's base name (a pointer into path). */
const char *state_base_name(const char *path);

#endif
