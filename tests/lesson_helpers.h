/* lesson_helpers.h - shared by the lesson tests (test_lessons.c,
 * test_lesson_facts.c): load a bundled lesson, run one of its steps, and
 * compare numbers with a tolerance. Tests run from the repository root
 * (make test), so lessons are found in ./lessons. */
#ifndef LESSON_HELPERS_H
#define LESSON_HELPERS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "lesson/lesson.h"

#define LESSON_DIR "lessons"

/* Loads lessons/<name>; fails the test with the diagnostics if it does not load. */
static inline void th_load(const char *name, Lesson *l)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", LESSON_DIR, name);
    Diags d = {0};
    int rc = lesson_load(path, l, &d);
    if (rc != 0 || d.n != 0) {
        diags_print(&d, stderr);
        diags_free(&d);
        fail_msg("%s does not load", path);
    }
    diags_free(&d);
}

/* Loads a lesson from text (named mem.lesson); fails the test with the
 * diagnostics if it does not load. */
static inline void th_load_mem(const char *text, Lesson *l)
{
    Diags d = {0};
    int rc = lesson_load_mem("mem.lesson", text, strlen(text), l, &d);
    if (rc != 0)
        diags_print(&d, stderr);
    diags_free(&d);
    assert_int_equal(rc, 0);
}

/* Runs step k (from 1) of l, possibly with sc edited by the caller. */
static inline void th_run_sc(const Lesson *l, int k, const Scenario *sc, Result *r)
{
    char err[300];
    EngineError why;
    if (engine_run(sc, r, &why) != 0)
        fail_msg("%s step %d: %s", l->path, k, (engine_error_english(&why, err, sizeof err), err));
}

static inline void th_run(const Lesson *l, int k, Result *r)
{
    assert_true(k >= 1 && k <= l->n_steps);
    Scenario sc = lesson_scenario(l, k - 1);
    th_run_sc(l, k, &sc, r);
}

static inline void th_near(double got, double want, double eps, const char *what, int i, int j)
{
    if (!(fabs(got - want) <= eps))
        fail_msg("%s[%d][%d] = %.9g, expected %.9g (within %g)", what, i, j, got, want, eps);
}

/* m (rows, cols) against a row-major reference. */
static inline void th_mat_near(Mat m, const double *want, int rows, int cols, double eps, const char *what)
{
    if (m.rows != rows || m.cols != cols)
        fail_msg("%s is %d x %d, expected %d x %d", what, m.rows, m.cols, rows, cols);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            th_near(MAT_AT(m, i, j), want[i * cols + j], eps, what, i, j);
}

/* The index of the largest entry of row i (the first on ties). */
static inline int th_argmax_row(Mat m, int i)
{
    int best = 0;
    for (int j = 1; j < m.cols; j++)
        if (MAT_AT(m, i, j) > MAT_AT(m, i, best))
            best = j;
    return best;
}

static inline double th_row_sum(Mat m, int i)
{
    double s = 0.0;
    for (int j = 0; j < m.cols; j++)
        s += MAT_AT(m, i, j);
    return s;
}

/* A lesson that failed to load (rc) must say `want` at `line`: asserts
 * both (printing every diagnostic when not) and frees d. */
static inline void th_expect_diag(int rc, Diags *d, int line, const char *want)
{
    int found = 0;
    for (int i = 0; i < d->n; i++)
        if (d->v[i].line == line && strstr(d->v[i].msg, want))
            found = 1;
    if (!found || rc == 0) {
        fprintf(stderr, "wanted line %d: '%s'; got:\n", line, want);
        diags_print(d, stderr);
    }
    diags_free(d);
    assert_int_equal(rc, -1);
    assert_true(found);
}

/* Loads a lesson from text; asserts it fails with a diagnostic at `line`
 * containing `want`. */
static inline void th_expect_error(const char *text, int line, const char *want)
{
    Lesson l;
    Diags d = {0};
    int rc = lesson_load_mem("bad.lesson", text, strlen(text), &l, &d);
    bool found = false;
    for (int i = 0; i < d.n; i++)
        found |= d.v[i].line == line && strstr(d.v[i].msg, want) != NULL;
    if (!found || rc == 0) {
        fprintf(stderr, "wanted line %d: '%s'; got:\n", line, want);
        diags_print(&d, stderr);
    }
    assert_int_equal(rc, -1);
    assert_true(found);
    diags_free(&d);
}

#endif
