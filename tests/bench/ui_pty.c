/* ui_pty.c - start-up to the first frame of the real program in a real
 * pseudo-terminal (`make bench`; never part of make test).
 *
 * Runs attnlab in a pseudo-terminal (openpty, 120 x 40, xterm-256color) with
 * ATTNLAB_EXIT_AFTER_FIRST_FRAME=1, so the program leaves as soon as its first
 * complete frame has been written to the terminal; reads everything it
 * writes. Times (wall clock) from fork to the arrival of the last byte of
 * the first frame, which is the last byte before endwin's first ones (the
 * mouse turned off, or rmcup: leaving the alternate screen), and from
 * fork to the reaped exit; the child's CPU time (all its threads, to its
 * exit) from wait4().
 *
 *   build/rel/bench/ui_pty [--runs N] [--expect TEXT] -- ./attnlab ARGS...
 * Prints the median, minimum and maximum of the runs; exits 1 if a run
 * failed or TEXT never appeared in what the program wrote. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* endwin's first bytes with xterm-256color: the mouse off (the UI asks for
 * it), else leaving the alternate screen (rmcup) */
static const char *const ENDWIN[] = {"\033[?1006;1000l", "\033[?1049l"};

static const char *endwin_in(const char *s, size_t n)
{
    const char *first = NULL;
    for (int k = 0; k < 2; k++) {
        const char *p = memmem(s, n, ENDWIN[k], strlen(ENDWIN[k]));
        if (p && (!first || p < first))
            first = p;
    }
    return first;
}

/* The child: the slave side as its controlling terminal, then the program. */
static void child(int master, int slave, char **argv)
{
    close(master);
    setsid();
    ioctl(slave, TIOCSCTTY, 0);
    dup2(slave, 0);
    dup2(slave, 1);
    dup2(slave, 2);
    if (slave > 2)
        close(slave);
    setenv("ATTNLAB_EXIT_AFTER_FIRST_FRAME", "1", 1);
    setenv("TERM", "xterm-256color", 1);
    execvp(argv[0], argv);
    _exit(127);
}

/* Bytes written to the terminal, with when the frame ended (ms from t0). */
typedef struct {
    char buf[1 << 20];
    size_t n;
    double frame, prev;     /* prev: when the previous chunk arrived */
} Out;

static void take(Out *o, int master, double t0)
{
    ssize_t r = read(master, o->buf + o->n, sizeof o->buf - 1 - o->n);
    if (r <= 0)
        return;
    double t = now_ms() - t0;
    size_t back = o->n < 16 ? o->n : 16;    /* a marker may straddle two chunks */
    const char *rm = o->frame < 0 ? endwin_in(o->buf + o->n - back, (size_t)r + back) : NULL;
    if (rm)     /* the frame ended in this chunk, or with the one before */
        o->frame = rm <= o->buf + o->n ? o->prev : t;
    o->prev = t;
    o->n += (size_t)r;
    if (o->n == sizeof o->buf - 1)
        o->n = 0;   /* keep reading; a frame is far smaller than this */
}

/* One run: wall ms to the frame and to the exit, CPU ms and bytes written;
 * 0, or -1 on a failure. The parent keeps the slave open, so that what
 * the child wrote just before exiting is never lost to the hangup; it
 * waits on the terminal and on a pidfd of the child at once. */
static int run_once(char **argv, const char *expect, double *frame, double *wall, double *cpu, size_t *bytes)
{
    static Out o;
    struct winsize ws = {.ws_row = 40, .ws_col = 120};
    int master, slave;
    if (openpty(&master, &slave, NULL, NULL, &ws) < 0) {
        perror("openpty");
        return -1;
    }
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return -1;
    }
    if (pid == 0)
        child(master, slave, argv);
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) {
        perror("pidfd_open");
        return -1;
    }
    o.n = 0;
    o.frame = -1;
    o.prev = 0;
    int status;
    struct rusage ru;
    for (;;) {
        struct pollfd p[2] = {{master, POLLIN, 0}, {pidfd, POLLIN, 0}};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            return -1;
        if (p[0].revents & POLLIN) {
            take(&o, master, t0);
            continue;
        }
        if (p[1].revents & POLLIN)
            break;
    }
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("wait4");
        return -1;
    }
    *wall = now_ms() - t0;
    for (struct pollfd p = {master, POLLIN, 0}; poll(&p, 1, 0) > 0 && (p.revents & POLLIN);)
        take(&o, master, t0);   /* what is still on its way */
    close(pidfd);
    close(master);
    close(slave);
    *frame = o.frame;
    *cpu = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
    *bytes = o.n;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "ui_pty: %s exited with status %d\n", argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    if (*frame < 0) {
        fprintf(stderr, "ui_pty: the program never ended its screen (no endwin seen)\n");
        return -1;
    }
    if (expect && !memmem(o.buf, o.n, expect, strlen(expect))) {
        fprintf(stderr, "ui_pty: '%s' never appeared in the %zu bytes written\n", expect, o.n);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int runs = 50, a = 1;
    const char *expect = NULL;
    for (; a < argc && strcmp(argv[a], "--") != 0; a += 2) {
        if (a + 1 >= argc)
            break;
        if (strcmp(argv[a], "--runs") == 0)
            runs = atoi(argv[a + 1]);
        else if (strcmp(argv[a], "--expect") == 0)
            expect = argv[a + 1];
    }
    if (a + 1 >= argc || runs < 1 || runs > 10000) {
        fprintf(stderr, "usage: ui_pty [--runs N] [--expect TEXT] -- PROGRAM ARGS...\n");
        return 2;
    }
    double *frame = calloc((size_t)runs, sizeof *frame), *wall = calloc((size_t)runs, sizeof *wall),
           *cpu = calloc((size_t)runs, sizeof *cpu);
    size_t bytes = 0;
    if (!frame || !wall || !cpu)
        return 1;
    char state[300], cmd[400];
    const char *tmp = getenv("TMPDIR");
    snprintf(state, sizeof state, "%s/attnlab-pty-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(state))
        return 1;
    setenv("XDG_STATE_HOME", state, 1);     /* the saved place goes here, not in $HOME */
    int rc = 0;
    for (int i = 0; i < runs && rc == 0; i++)
        rc = run_once(argv + a + 1, expect, &frame[i], &wall[i], &cpu[i], &bytes);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", state);
    if (system(cmd) != 0 || rc < 0)
        return 1;
    qsort(frame, (size_t)runs, sizeof *frame, cmp);
    qsort(wall, (size_t)runs, sizeof *wall, cmp);
    qsort(cpu, (size_t)runs, sizeof *cpu, cmp);
    printf("  %d runs, a first frame of %zu bytes; milliseconds, median (min-max):\n"
           "    fork to the first frame on the terminal %6.2f (%.2f-%.2f)   <- target < 20\n"
           "    fork to the exit                        %6.2f (%.2f-%.2f)\n"
           "    CPU time of the process, to its exit    %6.2f (%.2f-%.2f)\n",
           runs, bytes, frame[runs / 2], frame[0], frame[runs - 1], wall[runs / 2], wall[0], wall[runs - 1],
           cpu[runs / 2], cpu[0], cpu[runs - 1]);
    free(frame);
    free(wall);
    free(cpu);
    return 0;
}
