/* ui_replay.c - the interactive cost of a key, measured without a terminal
 * (`make bench`; never part of make test).
 *
 * Picks the largest bundled lesson by computing: the one whose steps hold
 * the most values, counting every matrix the engine takes and produces
 * (what a key recomputes and the screen can show). Opens it with the real
 * UI on an ncurses screen over /dev/null (newterm), replays a fixed script
 * of a few thousand keys (moves, edits, typed numbers, steps, settings,
 * explanations) with ui_feed_key(), and reports the CPU time of each key
 * (ui_last_key_us: handling + recompute + drawing + writing the escape
 * sequences) as median, 95th percentile and maximum, per kind of key.
 *
 *   build/rel/bench/ui_replay [--keys N] [--rows R] [--cols C] [--lesson L]
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/blas.h"
#include "engine/engine.h"
#include "lesson/lesson.h"
#include "tui/ui.h"
#include "base/util.h"

typedef enum { K_MOVE, K_EDIT, K_TYPE, K_STEP, K_SETTING, K_EXPLAIN, K__KINDS } KeyKind;
static const char *const kind_names[K__KINDS] = {
    "move (hjkl, arrows, Tab)", "edit (+ - > <, Enter sets)", "type a digit", "step (n p)",
    "cycle a setting (s d m t T / o H)", "explain (Enter, Esc)"};

static long mat_count(Mat m) { return (long)m.rows * m.cols; }

static long head_count(const AttnHead *h) { return mat_count(h->scores) + mat_count(h->weights) + mat_count(h->output); }

/* Every value a step takes and produces. */
static long step_values(const Lesson *l, int k)
{
    Scenario sc = lesson_scenario(l, k);
    long n = 0;
    for (int m = 0; m < M__COUNT; m++)
        n += mat_count(sc.in[m]);
    Result r;
    if (engine_run(&sc, &r, NULL) < 0)
        return n;
    n += mat_count(r.PE) + mat_count(r.Xin) + mat_count(r.Q) + mat_count(r.K) + mat_count(r.V) + mat_count(r.concat) +
         mat_count(r.affinity) + head_count(&r.main) + head_count(&r.b2a);
    for (int h = 0; h < r.n_heads; h++)
        n += head_count(&r.heads[h]);
    result_free(&r);
    return n;
}

/* The bundled lesson with the most values over its steps; its path (malloc'd). */
static char *largest_lesson(void)
{
    char **paths;
    int np = lesson_list(&paths);
    long best = -1;
    char *pick = NULL;
    printf("lessons by values over all steps (inputs and every stage):\n");
    for (int i = 0; i < np; i++) {
        Lesson l;
        Diags d = {0};
        long total = 0, most = 0;
        if (lesson_load(paths[i], &l, &d) == 0) {
            for (int k = 0; k < l.n_steps; k++) {
                long v = step_values(&l, k);
                total += v;
                most = v > most ? v : most;
            }
            printf("  %-36s %2d steps %6ld values (largest step %ld)\n", paths[i], l.n_steps, total, most);
            lesson_free(&l);
        }
        diags_free(&d);
        if (total > best) {
            best = total;
            free(pick);
            pick = xstrdup(paths[i]);
        }
        free(paths[i]);
    }
    free(paths);
    return pick;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct {
    double *us;
    int n, cap;
} Samples;

static void add(Samples *s, double us)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->us = xrealloc(s->us, (size_t)s->cap * sizeof *s->us);
    }
    s->us[s->n++] = us;
}

static double pct(const Samples *s, double p)
{
    if (s->n == 0)
        return 0;
    int i = (int)(p * (s->n - 1) + 0.5);
    return s->us[i];
}

static Samples samples[K__KINDS], all, wall[K__KINDS], wall_all;
static Ui *ui;

static void key(KeyKind kind, int k, bool fkey)
{
    if (!ui_feed_key(ui, k, fkey)) {
        fprintf(stderr, "ui_replay: the UI quit unexpectedly\n");
        exit(1);
    }
    double w = ui_last_key_wall_us(ui), us = ui_last_key_us(ui);
    add(&samples[kind], us);
    add(&all, us);
    add(&wall[kind], w);
    add(&wall_all, w);
}

/* A fixed, varied script: xorshift so every run plays the same keys. */
static unsigned long rng = 88172645463325252UL;
static unsigned next(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static void replay(int n_keys, int n_steps)
{
    static const int moves[] = {'h', 'j', 'k', 'l', KEY_LEFT, KEY_RIGHT, KEY_UP, KEY_DOWN, '\t'};
    static const char edits[] = "+-+-><";
    static const char settings[] = "sdmtT/oH";
    static const char *const numbers[] = {"0.5", "-1", "2.25", "0", "1e-1", "3"};
    int step = 0, dir = 1;
    while (all.n < n_keys) {
        unsigned r = next(100);
        if (r < 40) {
            int m = moves[next(sizeof moves / sizeof moves[0])];
            key(K_MOVE, m, m >= KEY_MIN);
        } else if (r < 60) {
            key(K_EDIT, edits[next(6)], false);
        } else if (r < 68) {
            for (const char *c = numbers[next(6)]; *c; c++)
                key(K_TYPE, *c, false);
            key(K_EDIT, '\n', false);
        } else if (r < 78) {
            if (step + dir < 0 || step + dir >= n_steps)
                dir = -dir;
            step += dir;
            key(K_STEP, dir > 0 ? 'n' : 'p', false);
        } else if (r < 92) {
            key(K_SETTING, settings[next(8)], false);
        } else {
            key(K_EXPLAIN, '\n', false);
            key(K_EXPLAIN, 27, false);
        }
        if (next(50) == 0)
            key(K_EDIT, 'r', false);    /* reset now and then: numbers stay in range */
    }
}

static void report(const char *name, Samples *s, Samples *w)
{
    qsort(s->us, (size_t)s->n, sizeof *s->us, cmp_double);
    qsort(w->us, (size_t)w->n, sizeof *w->us, cmp_double);
    printf("  %-34s %5d %8.1f %8.1f %8.1f  | %8.1f %8.1f %8.1f\n", name, s->n, pct(s, 0.5), pct(s, 0.95),
           s->n ? s->us[s->n - 1] : 0, pct(w, 0.5), pct(w, 0.95), w->n ? w->us[w->n - 1] : 0);
}

int main(int argc, char **argv)
{
    /* As attnlab's main: no OpenBLAS pool thread spinning beside the
     * measurement (the clock counts every thread of the process). */
    attn_blas_one_thread();
    int n_keys = 5000, rows = 40, cols = 120;
    const char *lesson = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--keys") == 0)
            n_keys = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--rows") == 0)
            rows = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--cols") == 0)
            cols = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--lesson") == 0)
            lesson = argv[i + 1];
    }
    char state[] = "/tmp/attnlab-replay-XXXXXX", env[64];
    if (!mkdtemp(state))
        return 1;
    setenv("XDG_STATE_HOME", state, 1);   /* the saved place goes here, not in $HOME */
    snprintf(env, sizeof env, "%d", rows);
    setenv("LINES", env, 1);
    snprintf(env, sizeof env, "%d", cols);
    setenv("COLUMNS", env, 1);
    setenv("LANG", "C.UTF-8", 1);
    unsetenv("LC_ALL");
    char dir[600], cwd[512];
    if (!getenv("ATTNLAB_LESSONS") && getcwd(cwd, sizeof cwd)) {
        snprintf(dir, sizeof dir, "%s/lessons", cwd);    /* run from the source tree */
        setenv("ATTNLAB_LESSONS", dir, 1);
    }
    char *path = lesson ? lesson_resolve(lesson) : largest_lesson();
    if (!path) {
        fprintf(stderr, "ui_replay: no lesson\n");
        return 1;
    }
    Lesson l;
    Diags d = {0};
    if (lesson_load(path, &l, &d) < 0)
        return 1;
    int n_steps = l.n_steps;
    lesson_free(&l);
    diags_free(&d);
    FILE *in = fopen("/dev/null", "r"), *out = fopen("/dev/null", "w");
    UiOptions o = {.lesson = path, .step = 1, .lang = "en", .color = HM_COLOR_AUTO, .in = in, .out = out,
                   .term = "xterm-256color"};
    char err[300];
    ui = ui_open(&o, err, sizeof err);
    if (!ui) {
        fprintf(stderr, "ui_replay: %s\n", err);
        return 1;
    }
    replay(n_keys, n_steps);
    ui_close(ui);
    printf("\n%s, %d steps, a %d x %d xterm-256color screen over /dev/null, %d keys:\n", path, n_steps, cols, rows,
           all.n);
    printf("  microseconds a key, from the key to its frame written out: handling, recompute, drawing, output\n");
    printf("  (the saved place is written after the frame, outside these times)\n");
    printf("  %-34s %5s %-26s | %s\n", "", "", "CPU (target < 1000)", "wall clock");
    printf("  %-34s %5s %8s %8s %8s  | %8s %8s %8s\n", "key", "keys", "median", "95th", "max", "median", "95th",
           "max");
    for (int k = 0; k < K__KINDS; k++)
        report(kind_names[k], &samples[k], &wall[k]);
    report("all keys", &all, &wall_all);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", state);
    if (system(cmd) != 0)
        return 1;
    free(path);
    return 0;
}
