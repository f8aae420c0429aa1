/* test_monkey.c - random keys, clicks and resizes over every lesson, without
 * a terminal (newterm on /dev/null). After every event the screen must hold
 * no "nan" or "inf"; nothing may crash (run it under SANITIZE=1 too); every
 * UI must close. When the learner's random walk quits (q in the menu), the
 * next lesson is opened.
 *
 *   ATTNLAB_MONKEY_KEYS  events in all (default 3000: make test)
 *   ATTNLAB_MONKEY_SEED  the random seed (default 1: the same run every time)
 *   ATTNLAB_MONKEY_TRACE set: every event on stderr before it is played
 *                        (to find the key behind a crash)
 * make monkey runs 100,000. A failure prints the seed, the lesson and the
 * last events, so it can be replayed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <curses.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui/keys.h"
#include "tui/ui.h"
#include "ui_testutil.h"

static char tmp_dir[256];
static FILE *in, *out;
static uint64_t rng;

static uint64_t next_rand(void)
{
    /* xorshift64*: small, and the same sequence on every machine */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

static int pick(int n) { return (int)(next_rand() % (uint64_t)n); }

/* One random event; what it was goes into what (for the failure report). */
typedef struct {
    int kind;               /* 0 key, 1 resize, 2 mouse */
    int key;
    bool fkey;
    int y, x;
    unsigned long bstate;
} Event;

static Event random_event(void)
{
    Event e = {0};
    int r = pick(1000);
    if (r < 8) {            /* a resize now and then, too small included */
        e.kind = 1;
        e.y = 10 + pick(51);
        e.x = 20 + pick(181);
        return e;
    }
    if (r < 60) {
        static const unsigned long buttons[] = {BUTTON1_CLICKED, BUTTON1_PRESSED, BUTTON4_PRESSED, BUTTON5_PRESSED};
        e.kind = 2;
        e.y = pick(LINES + 2) - 1;
        e.x = pick(COLS + 2) - 1;
        e.bstate = buttons[pick(4)];
        return e;
    }
    if (r < 62) {           /* leaving is rare, so the walk stays in a lesson */
        e.key = 'q';
        return e;
    }
    if (r < 63 && pick(8) == 0) {  /* a PNG export is slow: rarer still */
        e.key = pick(2) ? 'e' : 'E';
        return e;
    }
    if (r < 300) {          /* typing a number, the way a learner would */
        static const char typed[] = "0123456789.-e=\r\r\x1b\x7f";
        e.key = typed[pick((int)sizeof typed - 1)];
        return e;
    }
    if (r < 330) {          /* any byte at all */
        e.key = 1 + pick(255);
        return e;
    }
    do {
        const KeyBinding *b = &keys_table[pick((int)keys_count)];
        e.key = b->key;
        e.fkey = b->fkey;
    } while (!e.fkey && (e.key == 'q' || e.key == 'e' || e.key == 'E'));
    return e;
}

/* "nan" or "inf" as a word of its own, as printf spells a NaN or an infinity
 * (the narration's own "NaN" and "infinity" are words, not numbers). The
 * line that echoes what the monkey is typing ("set cell to: nan") is its own
 * text, not a number drawn by attnlab, and so is the message refusing it. */
static bool own_text(const char *line, size_t n)
{
    if (n >= 12 && strncmp(line, "set cell to:", 12) == 0)
        return true;
    for (size_t k = 0; k + 5 <= n; k++)
        if (strncmp(line + k, "' is ", 5) == 0)
            return true;
    return false;
}

static const char *bad_number(const char *s)
{
    for (const char *line = s; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        bool skip = own_text(line, n);
        for (size_t k = 0; k + 3 <= n && !skip; k++) {
            const char *p = line + k;
            if ((strncmp(p, "nan", 3) == 0 || strncmp(p, "inf", 3) == 0) &&
                (k == 0 || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[3]))
                return p;
        }
        line += n + (end != NULL);
    }
    return NULL;
}

static void describe(const Event *e, char *buf, size_t n)
{
    if (e->kind == 1)
        snprintf(buf, n, "resize %dx%d", e->x, e->y);
    else if (e->kind == 2)
        snprintf(buf, n, "mouse %lx at %d,%d", e->bstate, e->y, e->x);
    else if (e->fkey)
        snprintf(buf, n, "%s", keyname(e->key));
    else
        snprintf(buf, n, "key %d", e->key);
}

#define HISTORY 40

static Ui *open_lesson(const char *path)
{
    UiOptions o = {.lesson = path, .step = 1, .lang = pick(3) ? "en" : "zh", .color = HM_COLOR_AUTO,
                   .in = in, .out = out, .term = "xterm-256color"};
    char err[300];
    Ui *ui = ui_open(&o, err, sizeof err);
    if (!ui)
        fail_msg("ui_open %s: %s", path, err);
    return ui;
}

static void fail_with(const char *why, const char *lesson, long k, const Event *hist, long n_hist,
                      const char *dump)
{
    fprintf(stderr, "monkey: %s\n  lesson %s, event %ld, seed from ATTNLAB_MONKEY_SEED\n  last events:", why,
            lesson, k);
    for (long h = n_hist > HISTORY ? n_hist - HISTORY : 0; h < n_hist; h++) {
        char d[80];
        describe(&hist[h % HISTORY], d, sizeof d);
        fprintf(stderr, " [%s]", d);
    }
    fprintf(stderr, "\n--- screen ---\n%s\n---\n", dump ? dump : "");
    fail_msg("monkey: %s", why);
}

static void test_monkey(void **state)
{
    (void)state;
    const char *ks = getenv("ATTNLAB_MONKEY_KEYS"), *ss = getenv("ATTNLAB_MONKEY_SEED");
    long total = ks && *ks ? atol(ks) : 3000;
    bool trace = getenv("ATTNLAB_MONKEY_TRACE") != NULL;
    rng = ss && *ss ? strtoull(ss, NULL, 10) : 1;
    if (rng == 0)
        rng = 1;
    glob_t g;
    assert_int_equal(glob("lessons/*.lesson", 0, NULL, &g), 0);
    assert_int_equal(glob("tests/lessons/*.lesson", GLOB_APPEND, NULL, &g), 0);
    /* at the edges of what check takes: huge and tiny numbers, 10,000 steps,
     * a long narration, a BOM, CRLF (tests/gen_hostile_lessons.py) */
    assert_int_equal(glob("tests/lessons/hostile/*.lesson", GLOB_APPEND, NULL, &g), 0);
    long per = total / (long)g.gl_pathc + 1, events = 0, opens = 0, resizes = 0, clicks = 0;
    Event hist[HISTORY];
    clock_t t0 = clock();
    for (size_t l = 0; l < g.gl_pathc && events < total; l++) {
        const char *lesson = g.gl_pathv[l];
        Ui *ui = open_lesson(lesson);
        opens++;
        for (long k = 0; k < per && events < total; k++, events++) {
            Event e = random_event();
            hist[events % HISTORY] = e;
            if (trace) {
                char d[80];
                describe(&e, d, sizeof d);
                fprintf(stderr, "%s %ld %s\n", lesson, events, d);
            }
            bool alive = true;
            if (e.kind == 1) {
                ui_resize(ui, e.y, e.x);
                resizes++;
            } else if (e.kind == 2) {
                alive = ui_feed_mouse(ui, e.y, e.x, e.bstate);
                clicks++;
            } else {
                alive = ui_feed_key(ui, e.key, e.fkey);
            }
            if (!alive) {   /* quit from the menu: a fresh start on the same lesson */
                ui_close(ui);
                ui = open_lesson(lesson);
                opens++;
                continue;
            }
            char *dump = ui_dump(ui);
            if (bad_number(dump))
                fail_with("nan or inf on screen", lesson, events, hist, events + 1, dump);
            free(dump);
        }
        ui_close(ui);
    }
    globfree(&g);
    printf("monkey: %ld events (%ld resizes, %ld clicks), %ld UIs opened and closed, %.1f s CPU\n", events,
           resizes, clicks, opens, (double)(clock() - t0) / CLOCKS_PER_SEC);
    assert_true(events >= total);
}

static void test_bad_number_finds_words(void **state)
{
    (void)state;
    assert_non_null(bad_number("x = nan"));
    assert_non_null(bad_number("[-inf]"));
    assert_non_null(bad_number("-nan"));
    assert_null(bad_number("information, infinity, banana, NaN"));
    assert_null(bad_number("x\nset cell to: nan_\n'inf' is out of range\n"));
    assert_non_null(bad_number("set cell to: 1\nq  nan\n"));
}

static int setup(void **state)
{
    (void)state;
    ui_test_env_open(tmp_dir, sizeof tmp_dir, &in, &out, "monkey", "lessons", 40, 120);
    char figures[300];
    snprintf(figures, sizeof figures, "%s/figures", tmp_dir);
    setenv("ATTNLAB_FIGURES", figures, 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return ui_test_env_close(tmp_dir, in, out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_number_finds_words),
        cmocka_unit_test(test_monkey),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
