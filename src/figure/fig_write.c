/* fig_write.c - see fig_write.h. */
#include "figure/fig_write.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

#define PREFIX ".attnlab-fig."

static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_CLEANUP (int)(sizeof cleanup_signals / sizeof cleanup_signals[0])

/* The temporary file a signal handler removes; live while it exists. */
static char live_tmp[4096];
static volatile sig_atomic_t live;
static struct sigaction saved[N_CLEANUP], saved_xfsz;

/* Removes the file, then gives the signal to what handled it before (the
 * default: the process ends; the terminal lab's: the screen is restored).
 * Only async-signal-safe calls: unlink, sigaction, raise. */
static void on_signal(int sig)
{
    if (live)
        unlink(live_tmp);
    live = 0;
    for (int i = 0; i < N_CLEANUP; i++)
        if (cleanup_signals[i] == sig)
            sigaction(sig, &saved[i], NULL);
    raise(sig);                 /* delivered as this handler returns */
}

static void guard(const char *tmp)
{
    snprintf(live_tmp, sizeof live_tmp, "%s", tmp);
    live = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &sa, &saved_xfsz);
    sa.sa_handler = on_signal;
    for (int i = 0; i < N_CLEANUP; i++) {
        sigaction(cleanup_signals[i], NULL, &saved[i]);
        if (saved[i].sa_handler != SIG_IGN)     /* nohup and the like keep theirs */
            sigaction(cleanup_signals[i], &sa, NULL);
    }
}

static void unguard(void)
{
    for (int i = 0; i < N_CLEANUP; i++)
        sigaction(cleanup_signals[i], &saved[i], NULL);
    sigaction(SIGXFSZ, &saved_xfsz, NULL);
    live = 0;
}

/* Whether a temporary file's name says its process is gone: the pid in
 * ".attnlab-fig.<pid>.XXXXXX" no longer runs; a name of an older version
 * (no pid) counts as gone after ten minutes. */
static bool stale(const char *dir, const char *name)
{
    const char *p = name + strlen(PREFIX);
    char *end;
    long pid = strtol(p, &end, 10);
    if (end != p && *end == '.' && pid > 0)
        return pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode) && time(NULL) - st.st_mtime > 600;
}

int fig_tmp_sweep(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, PREFIX, strlen(PREFIX)) != 0 || !stale(dir, e->d_name))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        n += unlink(path) == 0;
    }
    closedir(d);
    return n;
}

int fig_tmp_open(FigTmp *t, const char *path, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    char *dup = xstrdup(path);
    const char *dir = dirname(dup);
    fig_tmp_sweep(dir);
    size_t n = strlen(dir) + 64;
    t->tmp = xmalloc(n);
    snprintf(t->tmp, n, "%s/" PREFIX "%ld.XXXXXX", dir, (long)getpid());
    free(dup);
    int fd = mkstemp(t->tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot write in the folder of %s: %s", path, strerror(errno));
        free(t->tmp);
        t->tmp = NULL;
        return -1;
    }
    guard(t->tmp);
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);           /* mkstemp makes 0600; a figure is shared */
    t->f = fdopen(fd, "wb");
    if (!t->f) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        unlink(t->tmp);
        unguard();
        free(t->tmp);
        t->tmp = NULL;
        return -1;
    }
    t->path = xstrdup(path);
    return 0;
}

int fig_tmp_commit(FigTmp *t, int rc, const char *why, char *err, size_t errlen)
{
    int saved_errno = rc < 0 ? errno : 0;
    if (rc == 0 && (fflush(t->f) != 0 || fsync(fileno(t->f)) != 0))
        rc = -1, saved_errno = errno;
    if (fclose(t->f) != 0) {
        if (rc == 0)
            saved_errno = errno;
        rc = -1;
    }
    if (rc == 0 && rename(t->tmp, t->path) != 0)
        rc = -1, saved_errno = errno;
    if (rc < 0) {
        unlink(t->tmp);
        int e = saved_errno ? saved_errno : EIO;
        if (e == ENOSPC || e == EFBIG || e == EDQUOT || !why || !why[0])
            snprintf(err, errlen, "cannot write %s: %s", t->path, strerror(e));
        else
            snprintf(err, errlen, "cannot write %s: %s", t->path, why);
    }
    unguard();
    free(t->tmp);
    free(t->path);
    memset(t, 0, sizeof *t);
    return rc;
}
