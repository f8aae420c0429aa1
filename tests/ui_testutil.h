/* ui_testutil.h - a headless terminal for the UI tests (included by each).
 *
 * The environment is fixed so that a test does not depend on the caller's:
 * TERM, a UTF-8 locale, the screen size, a fresh state folder under /tmp,
 * the lessons from a folder of the source tree, and /dev/null for the
 * screen's input and output (keys are fed with ui_feed_key). */
#ifndef ATTN_UI_TESTUTIL_H
#define ATTN_UI_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/heatmap.h"
#include "tui/ui.h"

/* Sets everything up; dir receives the state folder (n bytes). */
static inline void ui_test_env_open(char *dir, size_t n, FILE **in, FILE **out, const char *name,
                             const char *lessons, int rows, int cols)
{
    char cwd[256], path[400], num[16];
    setenv("TERM", "xterm-256color", 1);
    setenv("LANG", "C.UTF-8", 1);
    unsetenv("LC_ALL");
    unsetenv("NO_COLOR");
    unsetenv("ATTNLAB_FIGURES");
    snprintf(num, sizeof num, "%d", rows);
    setenv("LINES", num, 1);
    snprintf(num, sizeof num, "%d", cols);
    setenv("COLUMNS", num, 1);
    snprintf(dir, n, "/tmp/attnlab-test-%s-XXXXXX", name);
    assert_non_null(mkdtemp(dir));
    setenv("XDG_STATE_HOME", dir, 1);
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path, "%s/%s", cwd, lessons);
    setenv("ATTNLAB_LESSONS", path, 1);
    *in = fopen("/dev/null", "r");
    *out = fopen("/dev/null", "w");
    assert_non_null(*in);
    assert_non_null(*out);
}

/* Opens the UI headless on the streams from ui_test_env_open (a 256-colour
 * terminal) in a language, "en" or "zh"; fails the test when it cannot. */
static inline Ui *ui_test_open_lang(const char *lesson, int step, const char *lang, FILE *in, FILE *out)
{
    UiOptions o = {.lesson = lesson, .step = step, .lang = lang, .color = HM_COLOR_AUTO,
                   .in = in, .out = out, .term = "xterm-256color"};
    char err[300];
    Ui *ui = ui_open(&o, err, sizeof err);
    if (!ui)
        fail_msg("ui_open: %s", err);
    return ui;
}

/* The same in English. */
static inline Ui *ui_test_open(const char *lesson, int step, FILE *in, FILE *out)
{
    return ui_test_open_lang(lesson, step, "en", in, out);
}

/* Makes an xterm-direct-like terminfo entry "xterm-direct-test" (RGB) with
 * tic under dir/terminfo and points TERMINFO at it; false without tic. */
static inline bool ui_test_direct_terminfo(const char *dir)
{
    char tdir[300], src[340], cmd[800];
    snprintf(tdir, sizeof tdir, "%s/terminfo", dir);
    snprintf(src, sizeof src, "%s/direct.src", dir);
    FILE *f = fopen(src, "w");
    assert_non_null(f);
    fputs("xterm-direct-test|test,\n\tRGB, colors#0x1000000, pairs#0x10000,\n"
          "\tsetab=\\E[48\\:2\\:\\:%p1%{65536}%/%d\\:%p1%{256}%/%{255}%&%d\\:%p1%{255}%&%dm,\n"
          "\tsetaf=\\E[38\\:2\\:\\:%p1%{65536}%/%d\\:%p1%{256}%/%{255}%&%d\\:%p1%{255}%&%dm,\n"
          "\tuse=xterm-256color,\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "tic -x -o '%s' '%s' 2>/dev/null", tdir, src);
    if (system(cmd) != 0)
        return false;
    setenv("TERMINFO", tdir, 1);
    return true;
}

/* Fails the test unless text is on the screen (present) or not; the whole
 * screen goes to stderr first (fail_msg cuts a long message). */
static inline void ui_test_expect(Ui *ui, const char *text, bool present)
{
    char *d = ui_dump(ui);
    if ((strstr(d, text) != NULL) != present) {
        fputs(d, stderr);
        fail_msg("'%s' should %sbe on the screen", text, present ? "" : "not ");
    }
    free(d);
}

/* Closes the streams and removes the state folder; 0 or -1 (for teardown). */
static inline int ui_test_env_close(const char *dir, FILE *in, FILE *out)
{
    char cmd[400];
    fclose(in);
    fclose(out);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

#endif
