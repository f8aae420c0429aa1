/* test_engine_json.c - what the engine's faithful results look like to a
 * learner: `attnlab compute` JSON and the lesson references. A score beyond
 * float32 is written as its double, not as a mask's null; multi-head with
 * local-p has its shared centre in the JSON and in `centre[i]`; Lu's
 * parallel co-attention shows its weights, outputs and hidden layers. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <cmocka.h>

#include "cli/json.h"
#include "lesson/lesson.h"
#include "lesson/ref.h"

static void load(const char *text, Lesson *l)
{
    Diags d = {0};
    int rc = lesson_load_mem("mem.lesson", text, strlen(text), l, &d);
    diags_print(&d, stderr);
    diags_free(&d);
    assert_int_equal(rc, 0);
}

/* Step k of l as parsed JSON (the caller deletes it). */
static cJSON *step_json(const Lesson *l, int k)
{
    char err[200];
    char *text = json_lesson(l, k, "en", err, sizeof err);
    assert_non_null(text);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    free(text);
    return root;
}

static const cJSON *cell(const cJSON *o, const char *key, int i, int j)
{
    return cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, key), i), j);
}

static void t_overflow_json(void **state)
{
    (void)state;
    Lesson l;
    /* A lesson may not hold such numbers (|x| <= ENGINE_MAX_VALUE), but the
     * engine and JSON serve other callers too: load small ones, then set
     * them to 2e19 and 1.75e19 in the loaded matrices. */
    load("title = t\nscore = dot\nQ = 2\nK = 2\n    0\n    1.75\nV = 1\n    2\n    3\n[step]\n", &l);
    Mat *m = l.steps[0].mats;
    m[M_Q].v[0] = 2e19f;
    m[M_K].v[0] = 2e19f;
    m[M_K].v[2] = 1.75e19f;
    cJSON *s = step_json(&l, 0);
    const cJSON *e0 = cell(s, "scores", 0, 0), *e2 = cell(s, "scores", 0, 2);
    assert_true(cJSON_IsNumber(e0) && cJSON_IsNumber(e2));     /* not null: not masked */
    assert_true(e0->valuedouble > 3.99e38 && e0->valuedouble < 4.01e38);
    assert_true(e2->valuedouble > 3.49e38 && e2->valuedouble < 3.51e38);
    assert_true(cell(s, "weights", 0, 0)->valuedouble == 1.0);
    assert_true(cell(s, "weights", 0, 2)->valuedouble == 0.0);
    cJSON_Delete(s);
    lesson_free(&l);
}

static const char multihead_lp[] =
    "title = t\nmode = multihead\nheads = 2\nscore = dot\ndistribution = local_p\nwindow = 1\n"
    "X = 1 0 0 1\n    0 1 1 0\n    1 1 0 0\n"
    "Wp = 1\n     0\n     0\n     -1\nvp = 2\n"
    "[step]\ntext = centre {centre[0]:3}\ngoal = centre[0] < 1\n";

static void t_multihead_centre_json_and_refs(void **state)
{
    (void)state;
    Lesson l;
    load(multihead_lp, &l);
    /* p_0 = 3 sigmoid(2 tanh(1 - 1)) = 1.5; p_1 = 3 sigmoid(0) = 1.5;
     * p_2 = 3 sigmoid(2 tanh(1)) */
    cJSON *s = step_json(&l, 0);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(s, "centre");
    assert_int_equal(cJSON_GetArraySize(c), 3);
    assert_true(cJSON_GetArrayItem(c, 0)->valuedouble == 1.5);
    double p2 = 3.0 / (1.0 + exp(-2.0 * tanh(1.0)));
    assert_true(fabs(cJSON_GetArrayItem(c, 2)->valuedouble - p2) < 1e-6);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(s, "text")->valuestring, "centre 1.500");
    assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(s, "goal"), "met")));      /* 1.5 < 1 is false */
    cJSON_Delete(s);
    /* centre[i] as a reference */
    Scenario sc = lesson_scenario(&l, 0);
    Result r;
    assert_int_equal(engine_run(&sc, &r, NULL), 0);
    const char *src = "centre[2]";
    Ref ref;
    char err[160];
    float v = 0.0f;
    assert_int_equal(ref_parse(&src, &ref, err, sizeof err), 0);
    assert_int_equal(ref_eval(&ref, &r, &sc, &v, err, sizeof err), 0);
    assert_true(fabs(v - p2) < 1e-6);
    result_free(&r);
    lesson_free(&l);
}

static void t_lu_json(void **state)
{
    (void)state;
    Lesson l;
    load("title = t\nmode = coattention\ncoattention = parallel_lu\ngranularity = coarse\n"
         "A = 1 0\n    0 1\nB = 1 0\n    0 1\n    1 1\nWb = 1 0\n     0 1\n"
         "Wvb = 1\n      0\nWqa = 1\n      0\nwhv = 1\nwhq = 1\n[step]\n", &l);
    cJSON *s = step_json(&l, 0);
    const cJSON *a2b = cJSON_GetObjectItemCaseSensitive(s, "a_to_b");
    const cJSON *b2a = cJSON_GetObjectItemCaseSensitive(s, "b_to_a");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a2b, "weights")), 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(a2b, "weights"), 0)), 3);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a2b, "hidden")), 3);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(b2a, "hidden")), 2);
    /* C[0][0] = tanh(1); H_b[1][0] = tanh(0 + C[0][1] * 1 + C[1][1] * 0) = tanh(0) = 0 */
    assert_true(fabs(cell(s, "affinity", 0, 0)->valuedouble - tanh(1.0)) < 1e-6);
    assert_true(cell(a2b, "hidden", 1, 0)->valuedouble == 0.0);
    cJSON_Delete(s);
    lesson_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_overflow_json),
        cmocka_unit_test(t_multihead_centre_json_and_refs),
        cmocka_unit_test(t_lu_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
