/* test_tr_values.c - a translator step's values V = h_j, the encoder states,
 * as lesson 13 step 2 shows them, against torch's for the same input
 * (tests/fixtures/translator/translator_dates_0.npz, "enc", written by
 * scripts/train_translator.py), within 1e-4: the panel table's V (which the
 * terminal and figures draw), compute's JSON and the text view. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <cmocka.h>

#include "cli/json.h"
#include "cli/textview.h"
#include "lesson/lesson.h"
#include "lesson/panel.h"
#include "model/npy.h"

#define LESSON13 "lessons/13-translator.lesson"
#define STEP 1          /* step 2: K and V */

typedef struct {
    Lesson l;
    NpyArray input, enc;
    int n, h2;
} Fix;

static int setup(void **state)
{
    Fix *f = calloc(1, sizeof *f);
    Diags d = {0};
    Npz *z = npz_open("tests/fixtures/translator/translator_dates_0.npz", &d);
    if (!z || npz_read(z, "input", &f->input, &d) || npz_read(z, "enc", &f->enc, &d) ||
        lesson_load(LESSON13, &f->l, &d) != 0)
        return -1;
    npz_close(z);
    diags_free(&d);
    f->n = (int)f->enc.shape[0];
    f->h2 = (int)f->enc.shape[1];
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fix *f = *state;
    lesson_free(&f->l);
    npy_array_free(&f->input);
    npy_array_free(&f->enc);
    free(f);
    return 0;
}

/* The step is the fixture's input, and lists V. */
static void test_step_shows_v(void **state)
{
    Fix *f = *state;
    const LessonStep *s = &f->l.steps[STEP];
    assert_string_equal(s->tr->input, f->input.strings[0]);
    bool has_v = false;
    for (int i = 0; i < s->n_panels; i++)
        has_v |= s->panels[i] == M_V;
    assert_true(has_v);
}

static void test_panel(void **state)
{
    Fix *f = *state;
    Scenario sc = lesson_scenario(&f->l, STEP);
    Result r;
    assert_int_equal(engine_run(&sc, &r, NULL), 0);
    assert_int_equal(panel_available(M_V, &sc), PAV_OK);
    PanelMat pm = panel_get(M_V, &r, &sc, 0);
    assert_int_equal(pm.m.rows, f->n);
    assert_int_equal(pm.m.cols, f->h2);
    for (size_t t = 0; t < (size_t)f->n * (size_t)f->h2; t++)
        assert_true(fabsf(pm.m.v[t] - f->enc.data[t]) <= 1e-4f);
    result_free(&r);
}

static void test_json(void **state)
{
    Fix *f = *state;
    char err[200];
    char *text = json_lesson(&f->l, STEP, "en", err, sizeof err);
    assert_non_null(text);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    cJSON *v = cJSON_GetObjectItem(root, "V");
    assert_non_null(v);
    assert_int_equal(cJSON_GetArraySize(v), f->n);
    for (int i = 0; i < f->n; i++) {
        cJSON *row = cJSON_GetArrayItem(v, i);
        assert_int_equal(cJSON_GetArraySize(row), f->h2);
        for (int x = 0; x < f->h2; x++)
            assert_true(fabs(cJSON_GetArrayItem(row, x)->valuedouble - f->enc.data[(size_t)i * f->h2 + x]) <= 1e-4);
    }
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "K")), f->n);
    cJSON_Delete(root);
    free(text);
}

/* The text view prints V's rows with 4 decimals: each number within half
 * a unit of the last place (and 1e-4) of torch's. */
static void test_text_view(void **state)
{
    Fix *f = *state;
    Scenario sc = lesson_scenario(&f->l, STEP);
    Result r;
    assert_int_equal(engine_run(&sc, &r, NULL), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    textview_step(out, &f->l, STEP, &r, &sc, "en");
    fclose(out);
    char head[32];
    snprintf(head, sizeof head, "V  (%d x %d)", f->n, f->h2);
    char *p = strstr(buf, head);
    assert_non_null(p);
    p = strchr(p, '\n') + 1;            /* the column header */
    p = strchr(p, '\n') + 1;
    for (int i = 0; i < f->n; i++) {
        char *end;
        assert_int_equal(strtol(p, &end, 10), i);   /* the row's number, then its values */
        p = end;
        for (int x = 0; x < f->h2; x++) {
            double got = strtod(p, &end);
            assert_true(end != p);
            assert_true(fabs(got - f->enc.data[(size_t)i * f->h2 + x]) <= 1e-4);
            p = end;
        }
        p = strchr(p, '\n') + 1;
    }
    free(buf);
    result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step_shows_v),
        cmocka_unit_test(test_panel),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_text_view),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
