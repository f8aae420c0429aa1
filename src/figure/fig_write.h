/* fig_write.h - a figure file written whole or not at all.
 *
 * fig_tmp_open() makes a temporary file ".attnlab-fig.<pid>.XXXXXX" beside
 * the target; fig_tmp_commit() flushes, fsyncs and renames it over the
 * target, or removes it on any failure. Between the two:
 *   - SIGXFSZ (a file-size limit) is ignored, so a write past the limit
 *     fails with EFBIG ("File too large") and is cleaned up like any other
 *     failed write instead of killing the process;
 *   - SIGINT, SIGTERM and SIGHUP remove the temporary file, then end the
 *     process as the signal would have;
 * and the previous dispositions come back at commit. Only SIGKILL (or a
 * power cut) can leave a temporary file: fig_tmp_open() first sweeps the
 * folder of those whose process (the pid in the name) is gone.
 * One FigTmp at a time per process (the handlers know one file). */
#ifndef ATTN_FIG_WRITE_H
#define ATTN_FIG_WRITE_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    char *path;             /* owned copies */
    char *tmp;
    FILE *f;                /* open for writing after fig_tmp_open */
} FigTmp;

/* 0, or -1 with a sentence in err (nothing made). */
int fig_tmp_open(FigTmp *t, const char *path, char *err, size_t errlen);
/* Ends the write. rc: what the writer returned (0 or -1); why: its message
 * (may be ""). Returns 0 when the target now holds the file, else -1 with
 * a sentence in err and nothing left behind. Frees t's strings. */
int fig_tmp_commit(FigTmp *t, int rc, const char *why, char *err, size_t errlen);

/* Removes the stale temporary files of dead processes in folder dir;
 * returns how many. */
int fig_tmp_sweep(const char *dir);

#endif
