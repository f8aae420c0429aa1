/* state.c - see state.h. */
#include "lab/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static bool state_dir(char *buf, size_t n)
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
    int w = snprintf(buf, n, "%s/state", dir);
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

static StateEntry *find(State *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->e[i].name, name) == 0)
            return &s->e[i];
    return NULL;
}

static StateEntry *add(State *s, const char *name)
{
    StateEntry *e = find(s, name);
    if (e)
        return e;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 8;
        s->e = xrealloc(s->e, (size_t)s->cap * sizeof *s->e);
    }
    e = &s->e[s->n++];
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    return e;
}

/* A name is one token: no spaces, no slashes, printable. */
static bool good_name(const char *s)
{
    if (!*s || strlen(s) >= STATE_NAME_MAX)
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == '/')
            return false;
    return true;
}

/* Parses the file's lines; returns 0, 1 (future version) or -1 (damaged). */
static int parse(State *s, FILE *f)
{
    char line[512], name[STATE_NAME_MAX + 1];
    int version;
    if (!fgets(line, sizeof line, f) || sscanf(line, "attnlab-state %d", &version) != 1)
        return -1;
    if (version > STATE_VERSION)
        return 1;
    if (version < 1)
        return -1;
    while (fgets(line, sizeof line, f)) {
        int step, n, done;
        char extra;
        if (line[0] == '\n')
            continue;
        if (sscanf(line, "last %128s %c", name, &extra) == 1 && good_name(name)) {
            memcpy(s->last, name, strlen(name) + 1);
        } else if (sscanf(line, "lesson %128s %d %d %d %c", name, &step, &n, &done, &extra) == 4 &&
                   good_name(name) && n >= 1 && n <= 100000 && step >= 0 && step < n &&
                   (done == 0 || done == 1)) {
            StateEntry *e = add(s, name);
            e->step = step;
            e->n_steps = n;
            e->done = done;
        } else {
            return -1;
        }
    }
    return ferror(f) ? -1 : 0;
}

void state_load(State *s, char *msg, size_t msglen)
{
    char path[1100];
    memset(s, 0, sizeof *s);
    msg[0] = '\0';
    if (!state_path(path, sizeof path))
        return;
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    int rc = parse(s, f);
    fclose(f);
    if (rc == 0)
        return;
    state_free(s);
    memset(s, 0, sizeof *s);
    char bad[1200];
    snprintf(bad, sizeof bad, "%s.bad", path);
    rename(path, bad);
    snprintf(msg, msglen, "%s the saved place (%s); kept it as %s and started afresh",
             rc > 0 ? "a newer attnlab wrote" : "could not read", path, bad);
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int state_save(const State *s, char *msg, size_t msglen)
{
    char dir[1024], path[1100], tmp[1200];
    if (!state_dir(dir, sizeof dir) || !state_path(path, sizeof path)) {
        snprintf(msg, msglen, "no place to save progress (HOME is not set)");
        return -1;
    }
    if (make_dirs(dir) < 0) {
        snprintf(msg, msglen, "cannot create %s: %s", dir, strerror(errno));
        return -1;
    }
    StrBuf b = {0};
    sb_printf(&b, "attnlab-state %d\n", STATE_VERSION);
    if (s->last[0])
        sb_printf(&b, "last %s\n", s->last);
    for (int i = 0; i < s->n; i++)
        sb_printf(&b, "lesson %s %d %d %d\n", s->e[i].name, s->e[i].step, s->e[i].n_steps, s->e[i].done);
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int rc = -1;
    if (fd >= 0) {
        rc = write_all(fd, b.s, b.len);
        if (rc == 0)
            rc = fsync(fd);
        if (close(fd) < 0)
            rc = -1;
        if (rc == 0)
            rc = rename(tmp, path);
        if (rc < 0)
            unlink(tmp);
    }
    if (rc < 0)
        snprintf(msg, msglen, "cannot save progress to %s: %s", path, strerror(errno));
    free(b.s);
    return rc;
}

const StateEntry *state_get(const State *s, const char *lesson_path)
{
    return find((State *)s, base_name(lesson_path));
}

void state_set(State *s, const char *lesson_path, int step, int n_steps)
{
    const char *name = base_name(lesson_path);
    if (!good_name(name))
        return;
    StateEntry *e = add(s, name);
    e->step = step;
    e->n_steps = n_steps;
    e->done = e->done || step == n_steps - 1;
    snprintf(s->last, sizeof s->last, "%s", name);
}

void state_free(State *s)
{
    free(s->e);
    s->e = NULL;
    s->n = s->cap = 0;
}
