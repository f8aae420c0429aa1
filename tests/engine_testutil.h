/* engine_testutil.h - shared helpers for tests/test_engine*.c: fixtures as
 * Mats, comparisons with a tolerance, scenarios. Header-only (static inline)
 * because the Makefile builds each tests/test_*.c on its own.
 *
 * A Mat made from a fixture (fx()) points straight at the fixture's const
 * data: the engine borrows its inputs and must never write to them, and a
 * write would fault on the read-only page rather than pass unseen. */
#ifndef ENGINE_TESTUTIL_H
#define ENGINE_TESTUTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine/attention.h"
#include "engine/engine.h"
#include "fixtures/engine_fixtures.h"

/* The agreed tolerance: |got - want| <= ABS_TOL + REL_TOL |want|. */
#define REL_TOL 1e-5
#define ABS_TOL 1e-6

static inline Mat fx(FixMat f)
{
    Mat m = {f.rows, f.cols, (float *)f.v};
    return m;
}

/* A one-row view of row i of a fixture: (1, cols). */
static inline const float *fx_row(FixMat f, int i) { return f.v + (size_t)i * (size_t)f.cols; }

static inline bool near_tol(double got, double want, double rel, double abs_tol)
{
    if (isnan(got) || isnan(want))
        return false;
    if (isinf(want) || want == 0.0)
        return got == want;     /* exact zeros (masked, sparse) and infinities stay exact */
    return fabs(got - want) <= abs_tol + rel * fabs(want);
}

/* got (n) against want (n); what names the check in the message. */
static inline void check_vec_at(const float *got, const float *want, int n, const char *what,
                                const char *file, int line)
{
    for (int j = 0; j < n; j++) {
        if (!near_tol(got[j], want[j], REL_TOL, ABS_TOL)) {
            print_error("%s[%d]: got %.9g, want %.9g\n", what, j, (double)got[j], (double)want[j]);
            _fail(file, line);
        }
    }
}

static inline void check_mat_at(Mat got, FixMat want, const char *what, const char *file, int line)
{
    if (got.rows != want.rows || got.cols != want.cols || got.v == NULL) {
        print_error("%s: shape (%d, %d)%s, want (%d, %d)\n", what, got.rows, got.cols,
                    got.v ? "" : " empty", want.rows, want.cols);
        _fail(file, line);
    }
    for (int i = 0; i < want.rows; i++)
        for (int j = 0; j < want.cols; j++) {
            double g = MAT_AT(got, i, j), w = want.v[i * want.cols + j];
            if (!near_tol(g, w, REL_TOL, ABS_TOL)) {
                print_error("%s[%d][%d]: got %.9g, want %.9g\n", what, i, j, g, w);
                _fail(file, line);
            }
        }
}

#define CHECK_VEC(got, want, n) check_vec_at((got), (want), (n), #got, __FILE__, __LINE__)
#define CHECK_MAT(got, want) check_mat_at((got), (want), #got, __FILE__, __LINE__)
/* Rows r0.. of a stacked fixture (heads one below the other). */
#define CHECK_MAT_ROWS(got, want, r0)                                                   \
    do {                                                                                \
        FixMat part_ = {(got).rows, (want).cols, fx_row((want), (r0))};                 \
        check_mat_at((got), part_, #got, __FILE__, __LINE__);                           \
    } while (0)

/* keep (rows * cols bytes) against a 0/1 fixture. */
static inline void check_keep_at(const uint8_t *keep, FixMat want, const char *file, int line)
{
    for (int i = 0; i < want.rows * want.cols; i++)
        if ((keep[i] != 0) != (want.v[i] != 0)) {
            print_error("keep[%d][%d]: got %d, want %g\n", i / want.cols, i % want.cols,
                        keep[i], (double)want.v[i]);
            _fail(file, line);
        }
}
#define CHECK_KEEP(keep, want) check_keep_at((keep), (want), __FILE__, __LINE__)

static inline void fx_keep(FixMat f, uint8_t *keep)
{
    for (int i = 0; i < f.rows * f.cols; i++)
        keep[i] = f.v[i] != 0;
}

static inline bool all_finite(Mat m)
{
    for (size_t i = 0; i < mat_size(m); i++)
        if (!isfinite(m.v[i]))
            return false;
    return true;
}

static inline Scenario scen(AttnMode mode, ScoreKind score, DistKind dist)
{
    Scenario sc;
    memset(&sc, 0, sizeof sc);
    sc.cfg = engine_default_config();
    sc.cfg.mode = mode;
    sc.cfg.score = score;
    sc.cfg.dist = dist;
    return sc;
}

static inline void run_ok_at(const Scenario *sc, Result *r, const char *file, int line)
{
    char err[256] = "";
    EngineError why;
    memset(r, 0, sizeof *r);
    if (engine_run(sc, r, &why) != 0) {
        engine_error_english(&why, err, sizeof err);
        print_error("engine_run failed: %s\n", err);
        _fail(file, line);
    }
}
#define RUN_OK(sc, r) run_ok_at((sc), (r), __FILE__, __LINE__)

static inline void check_head_at(const AttnHead *h, FixMat E, FixMat W, FixMat O, const char *file,
                                 int line)
{
    check_mat_at(h->scores, E, "scores", file, line);
    check_mat_at(h->weights, W, "weights", file, line);
    check_mat_at(h->output, O, "output", file, line);
}
#define CHECK_HEAD(h, E, W, O) check_head_at((h), (E), (W), (O), __FILE__, __LINE__)

#endif
