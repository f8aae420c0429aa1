/* test_seq2seq.c - model/seq2seq: the C forward pass of the trained
 * translators (assets/translator_*.npz) against what torch computed for the
 * same inputs (tests/fixtures/translator/, written by
 * scripts/train_translator.py): encoder states, decoder states, logits and
 * attention rows to 1e-4, and the decoded strings exactly. Also the
 * unknown-character error, the additive score term by term, and the
 * bottleneck (attention holds on long reversals, no attention does not). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/blas.h"
#include "model/npy.h"
#include "model/seq2seq.h"

#define FIXDIR "tests/fixtures/translator"
#define TOL 1e-4f

static S2sModel *load_asset(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "assets/%s.npz", name);
    Diags d = {0};
    S2sModel *m = s2s_load(path, &d);
    if (!m)
        diags_print(&d, stderr);
    diags_free(&d);
    assert_non_null(m);
    return m;
}

static void read_member(Npz *z, const char *name, NpyArray *a)
{
    Diags d = {0};
    int rc = npz_read(z, name, a, &d);
    if (rc != 0)
        diags_print(&d, stderr);
    diags_free(&d);
    assert_int_equal(rc, 0);
}

/* Element-wise |got - want| <= TOL over count floats, naming the first miss. */
static void expect_close(const char *what, int row, const float *got, const float *want, size_t count)
{
    for (size_t k = 0; k < count; k++) {
        if (!(fabsf(got[k] - want[k]) <= TOL)) {
            print_error("%s row %d [%zu]: C %.7g, torch %.7g\n", what, row, k, got[k], want[k]);
            fail();
        }
    }
}

/* One fixture: step the C decoder and compare every step with torch's. */
static void check_fixture(const char *path)
{
    Diags d = {0};
    Npz *z = npz_open(path, &d);
    assert_non_null(z);
    NpyArray input = {0}, output = {0}, model = {0}, states = {0}, logits = {0}, enc = {0};
    NpyArray attn = {0};
    read_member(z, "input", &input);
    read_member(z, "output", &output);
    read_member(z, "model", &model);
    read_member(z, "states", &states);
    read_member(z, "logits", &logits);
    read_member(z, "enc", &enc);
    S2sModel *m = load_asset(model.strings[0]);
    if (m->attention)
        read_member(z, "attn", &attn);
    S2sRun run;
    assert_int_equal(s2s_run_start(&run, m, input.strings[0], &d), 0);
    assert_int_equal(enc.shape[0], run.n);
    for (int j = 0; j < run.n; j++)
        expect_close("enc", j, run.h + (size_t)j * 2 * m->H, enc.data + (size_t)j * 2 * m->H,
                     2 * (size_t)m->H);
    char text[256] = "";
    int y, T = (int)states.shape[0];
    while ((y = s2s_step(&run)) >= 0) {
        int i = run.steps - 1;
        assert_true(i < T);
        expect_close("states", i, run.s, states.data + (size_t)i * m->D, (size_t)m->D);
        expect_close("logits", i, run.logits, logits.data + (size_t)i * m->n_tgt, (size_t)m->n_tgt);
        if (m->attention)
            expect_close("attn", i, run.a, attn.data + (size_t)i * run.n, (size_t)run.n);
        if (y != S2S_EOS)
            strncat(text, s2s_token(m, y), sizeof text - strlen(text) - 1);
    }
    assert_int_equal(run.steps, T);
    assert_string_equal(text, output.strings[0]);
    s2s_run_free(&run);
    s2s_free(m);
    NpyArray *all[] = {&input, &output, &model, &states, &logits, &enc, &attn};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++)
        npy_array_free(all[k]);
    npz_close(z);
    diags_free(&d);
}

static void test_matches_torch(void **state)
{
    (void)state;
    DIR *dir = opendir(FIXDIR);
    assert_non_null(dir);
    int seen = 0, models[4] = {0};
    const char *names[4] = {"translator_dates_", "translator_dates_noattn_",
                            "translator_reverse_", "translator_reverse_noattn_"};
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (!strstr(e->d_name, ".npz"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", FIXDIR, e->d_name);
        check_fixture(path);
        for (int k = 0; k < 4; k++)
            if (strncmp(e->d_name, names[k], strlen(names[k])) == 0 &&
                strspn(e->d_name + strlen(names[k]), "0123456789") > 0)
                models[k]++;
        seen++;
    }
    closedir(dir);
    assert_true(seen >= 12);
    for (int k = 0; k < 4; k++)
        assert_true(models[k] >= 2);   /* every model has fixtures */
}

static void test_dates_translate(void **state)
{
    (void)state;
    S2sModel *m = load_asset("translator_dates");
    const char *cases[][2] = {
        {"30 nov 2026", "2026-11-30"}, {"November 30, 2026", "2026-11-30"},
        {"30/11/26", "2026-11-30"}, {"Monday 30 November 2026", "2026-11-30"},
        {"2026.11.30", "2026-11-30"}, {"1 jan 1999", "1999-01-01"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char *out = NULL;
        float *align = NULL;
        int rows = 0, cols = 0;
        Diags d = {0};
        assert_int_equal(s2s_translate(m, cases[k][0], &out, &align, &rows, &cols, &d), 0);
        assert_string_equal(out, cases[k][1]);
        assert_int_equal(rows, 11);                  /* ten characters and "</s>" */
        assert_int_equal(cols, (int)strlen(cases[k][0]));
        for (int i = 0; i < rows; i++) {             /* each row a distribution */
            float sum = 0;
            for (int j = 0; j < cols; j++)
                sum += align[i * cols + j];
            assert_true(fabsf(sum - 1.0f) < 1e-5f);
        }
        free(out);
        free(align);
    }
    /* the time of one translation, reported (not asserted: the machine is
     * shared): wall and CPU time, the best of 5 rounds of 100 */
    double best_wall = 1e9, best_cpu = 1e9;
    for (int round = 0; round < 5; round++) {
        struct timespec w0, w1, c0, c1;
        clock_gettime(CLOCK_MONOTONIC, &w0);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
        for (int r = 0; r < 100; r++) {
            char *out = NULL;
            Diags d = {0};
            s2s_translate(m, "Monday 30 November 2026", &out, NULL, NULL, NULL, &d);
            free(out);
        }
        clock_gettime(CLOCK_MONOTONIC, &w1);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
        double w = (double)(w1.tv_sec - w0.tv_sec) * 1e4 + (w1.tv_nsec - w0.tv_nsec) / 1e5;
        double c = (double)(c1.tv_sec - c0.tv_sec) * 1e4 + (c1.tv_nsec - c0.tv_nsec) / 1e5;
        best_wall = w < best_wall ? w : best_wall;   /* microseconds per translation */
        best_cpu = c < best_cpu ? c : best_cpu;
    }
    printf("   one date (\"Monday 30 November 2026\") translates in %.0f us wall, %.0f us CPU\n",
           best_wall, best_cpu);
    s2s_free(m);
}

static void test_unknown_characters(void **state)
{
    (void)state;
    S2sModel *m = load_asset("translator_dates");
    S2sRun run;
    Diags d = {0};
    assert_int_equal(s2s_run_start(&run, m, "30 nov 2026 @ 9h\xe2\x82\xac@", &d), -1);
    assert_int_equal(diags_errors(&d), 1);
    const char *msg = d.v[0].msg;
    assert_non_null(strstr(msg, "never saw"));
    assert_non_null(strstr(msg, "\"@\" (U+0040)"));
    assert_non_null(strstr(msg, "\"\xe2\x82\xac\" (U+20AC)"));
    assert_null(strstr(strstr(msg, "U+0040") + 1, "U+0040;"));   /* "@" named once */
    assert_null(strstr(msg, "\"9\""));                            /* known ones are not */
    s2s_run_free(&run);
    diags_free(&d);
    assert_int_equal(s2s_run_start(&run, m, "", &d), -1);
    assert_non_null(strstr(d.v[0].msg, "empty"));
    s2s_run_free(&run);
    diags_free(&d);
    assert_null(s2s_load("assets/no-such-model.npz", &d));
    assert_true(diags_errors(&d) >= 1);
    diags_free(&d);
    /* an .npz that is not a model: the missing member is named */
    assert_null(s2s_load(FIXDIR "/translator_dates_0.npz", &d));
    assert_true(diags_errors(&d) >= 1);
    assert_non_null(strstr(d.v[0].msg, "hparams"));
    diags_free(&d);
    s2s_free(m);
}

/* The score of every cell, summed term by term, is the one the step used. */
static void test_score_terms(void **state)
{
    (void)state;
    S2sModel *m = load_asset("translator_dates");
    S2sRun run;
    Diags d = {0};
    assert_int_equal(s2s_run_start(&run, m, "30 nov 2026", &d), 0);
    float *buf = calloc(4 * (size_t)m->A, sizeof *buf);
    for (int i = 0; i < 3; i++) {
        s2s_step(&run);
        for (int j = 0; j < run.n; j++) {
            float e = s2s_score_terms(&run, j, buf, buf + m->A, buf + 2 * m->A, buf + 3 * m->A);
            assert_true(fabsf(e - run.e[j]) < 1e-4f);
            assert_true(fabsf(buf[2 * m->A] - tanhf(buf[0] + buf[m->A])) < 1e-6f);
            assert_true(fabsf(buf[3 * m->A] - m->att_v[0] * buf[2 * m->A]) < 1e-6f);
        }
    }
    free(buf);
    s2s_run_free(&run);
    s2s_free(m);
}

/* The bottleneck: at length 35 attention still reverses, the fixed vector
 * cannot; at length 6 both can. */
static void test_bottleneck(void **state)
{
    (void)state;
    S2sModel *att = load_asset("translator_reverse");
    S2sModel *no = load_asset("translator_reverse_noattn");
    double a6 = s2s_reverse_accuracy(att, 6, 30, 1), n6 = s2s_reverse_accuracy(no, 6, 30, 1);
    double a35 = s2s_reverse_accuracy(att, 35, 30, 1), n35 = s2s_reverse_accuracy(no, 35, 30, 1);
    printf("   reverse, exact match: length 6 attention %.2f, none %.2f; length 35 %.2f, %.2f\n",
           a6, n6, a35, n35);
    assert_true(a6 >= 0.9 && n6 >= 0.7);
    assert_true(a35 >= 0.7);
    assert_true(n35 <= 0.2);
    assert_true(s2s_reverse_accuracy(att, 12, 10, 5) == s2s_reverse_accuracy(att, 12, 10, 5));
    s2s_free(att);
    s2s_free(no);
}

int main(void)
{
    attn_blas_one_thread();   /* as main does: no OpenBLAS pool for these small products */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_torch),
        cmocka_unit_test(test_dates_translate),
        cmocka_unit_test(test_unknown_characters),
        cmocka_unit_test(test_score_terms),
        cmocka_unit_test(test_bottleneck),
    };
    return cmocka_run_group_tests_name("seq2seq: the trained translators against torch", tests,
                                       NULL, NULL);
}
