/* test_json.c - `attnlab compute` JSON: a JSON parser accepts it, it has the
 * shape DESIGN.md promises, masked scores are null and softmax rows sum to 1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json.h"
#include "lesson/lesson.h"

static cJSON *compute_lang(const char *path, int step, const char *lang);

static cJSON *compute(const char *path, int step)
{
    return compute_lang(path, step, "en");
}

static cJSON *compute_lang(const char *path, int step, const char *lang)
{
    Lesson l;
    Diags d = {0};
    int rc = lesson_load(path, &l, &d);
    diags_print(&d, stderr);
    diags_free(&d);
    assert_int_equal(rc, 0);
    char err[200];
    char *text = json_lesson(&l, step, lang, err, sizeof err);
    assert_non_null(text);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    free(text);
    lesson_free(&l);
    return root;
}

static void assert_rows_sum_to_one(const cJSON *weights)
{
    const cJSON *row;
    cJSON_ArrayForEach(row, weights) {
        double s = 0.0;
        const cJSON *x;
        cJSON_ArrayForEach(x, row) s += x->valuedouble;
        assert_true(fabs(s - 1.0) < 1e-5);
    }
}

static void test_every_step_of_every_lesson(void **state)
{
    (void)state;
    setenv("ATTNLAB_LESSONS", "lessons", 1);
    char **paths;
    int n = lesson_list(&paths);
    assert_true(n >= 1);
    for (int i = 0; i < n; i++) {
        cJSON *all = compute(paths[i], -1);
        assert_true(cJSON_IsArray(all));
        const cJSON *step;
        cJSON_ArrayForEach(step, all) {
            const char *keys[] = {"title", "config", "tokens", "inputs", "scores", "weights", "output"};
            for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
                assert_non_null(cJSON_GetObjectItemCaseSensitive(step, keys[k]));
            const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(step, "config");
            const cJSON *dist = cJSON_GetObjectItemCaseSensitive(cfg, "distribution");
            const cJSON *mask = cJSON_GetObjectItemCaseSensitive(cfg, "mask");
            if (strcmp(dist->valuestring, "softmax") == 0 && cJSON_GetArraySize(mask) == 0)
                assert_rows_sum_to_one(cJSON_GetObjectItemCaseSensitive(step, "weights"));
        }
        cJSON_Delete(all);
        free(paths[i]);
    }
    free(paths);
}

static void test_masked_scores_are_null(void **state)
{
    (void)state;
    const char *path = "/tmp/attnlab-json-test.lesson";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("title = t\nQ = 1 0\n    0 1\nK = 1 0\n    0 1\nV = 1\n    2\nmask = causal\n[step]\n", f);
    fclose(f);
    cJSON *s = compute(path, 0);
    const cJSON *scores = cJSON_GetObjectItemCaseSensitive(s, "scores");
    assert_true(cJSON_IsNull(cJSON_GetArrayItem(cJSON_GetArrayItem(scores, 0), 1)));
    assert_false(cJSON_IsNull(cJSON_GetArrayItem(cJSON_GetArrayItem(scores, 1), 0)));
    /* row 0 sees only key 0: weight 1, output V[0] = 1 */
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(s, "weights");
    assert_true(cJSON_GetArrayItem(cJSON_GetArrayItem(w, 0), 0)->valuedouble == 1.0);
    assert_true(cJSON_GetArrayItem(cJSON_GetArrayItem(w, 0), 1)->valuedouble == 0.0);
    cJSON_Delete(s);
    remove(path);
}

static void test_float_text_round_trips(void **state)
{
    (void)state;
    const float values[] = {0.1f, 1.0f / 3.0f, 1e-30f, 3.4e38f, -2.5f, 0.0f, 0.66810734f};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char buf[32];
        json_float_text(values[i], buf, sizeof buf);
        assert_true(strtof(buf, NULL) == values[i]);
    }
    char buf[32];
    json_float_text(0.1f, buf, sizeof buf);
    assert_string_equal(buf, "0.1");
}

/* What a step asks of the learner, in the language asked for, with its
 * placeholders filled from the same numbers the JSON carries. */
static void test_exercise_texts(void **state)
{
    (void)state;
    /* lesson 6 step 2: the answer is the mean of two head weights */
    cJSON *o = compute_lang("lessons/06-multi-head.lesson", 1, "en");
    const cJSON *answer = cJSON_GetObjectItem(o, "answer");
    assert_true(cJSON_IsString(answer));
    assert_non_null(cJSON_GetObjectItem(o, "question"));
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(o, "hints")));
    assert_null(strchr(answer->valuestring, '{'));
    const cJSON *heads = cJSON_GetObjectItem(o, "heads");
    char want[160];
    double h0 = cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(heads, 0), "weights"), 2), 1)->valuedouble;
    double h1 = cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(heads, 1), "weights"), 2), 1)->valuedouble;
    double w = cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "weights"), 2), 1)->valuedouble;
    snprintf(want, sizeof want, "(%.2f + %.2f) / 2 = %.2f", h0, h1, w);
    if (!strstr(answer->valuestring, want))
        fail_msg("wanted '%s' in '%s'", want, answer->valuestring);
    cJSON_Delete(o);

    /* lesson 3 step 5 in Chinese: the goal, its hint and the title */
    o = compute_lang("lessons/03-soft-hard-local.lesson", 4, "zh");
    const cJSON *goal = cJSON_GetObjectItem(o, "goal");
    assert_string_equal(cJSON_GetObjectItem(goal, "condition")->valuestring, "weights[0][3] == 1");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(goal, "met")));
    assert_string_equal(cJSON_GetObjectItem(goal, "words")->valuestring, "使 \"q\" 对 \"sees\" 的权重等于 1.00");
    const cJSON *hints = cJSON_GetObjectItem(o, "hints");
    assert_int_equal(cJSON_GetArraySize(hints), 2);     /* hint, then hint2 */
    assert_non_null(strstr(cJSON_GetArrayItem(hints, 0)->valuestring, "把 Q[0][3] 调到比 Q[0][1] 大"));
    assert_non_null(strstr(cJSON_GetArrayItem(hints, 1)->valuestring, "设为 3.5"));
    assert_string_equal(cJSON_GetObjectItem(o, "title")->valuestring, "硬注意力：argmax");
    assert_null(cJSON_GetObjectItem(o, "question"));
    cJSON_Delete(o);

    /* lesson 7 step 3's answer names weights_ba values in Chinese, filled */
    o = compute_lang("lessons/07-co-attention.lesson", 2, "zh");
    answer = cJSON_GetObjectItem(o, "answer");
    assert_true(cJSON_IsString(answer));
    assert_null(strchr(answer->valuestring, '{'));
    cJSON_Delete(o);
}

/* A committed prediction and an exercise (tests/lessons/predict): choices,
 * correct and hide; goal words and both hints, in the language asked for. */
static void test_prediction_and_exercise(void **state)
{
    (void)state;
    const char *path = "tests/lessons/predict/01-predict.lesson";
    cJSON *o = compute_lang(path, 0, "zh");
    const cJSON *choices = cJSON_GetObjectItem(o, "choices");
    assert_int_equal(cJSON_GetArraySize(choices), 3);
    assert_string_equal(cJSON_GetArrayItem(choices, 1)->valuestring, "cat");
    assert_int_equal(cJSON_GetObjectItem(o, "correct")->valueint, 2);
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "hide"), 0)->valuestring, "weights");
    assert_string_equal(cJSON_GetObjectItem(o, "answer")->valuestring, "\"cat\"：它的得分 2.00 最大。");
    const cJSON *features = cJSON_GetObjectItem(cJSON_GetObjectItem(o, "tokens"), "features");
    assert_string_equal(cJSON_GetArrayItem(features, 1)->valuestring, "size");
    cJSON_Delete(o);

    o = compute_lang(path, 1, "en");
    assert_null(cJSON_GetObjectItem(o, "choices"));
    const cJSON *goal = cJSON_GetObjectItem(o, "goal");
    assert_string_equal(cJSON_GetObjectItem(goal, "words")->valuestring,
                        "make the weight of \"cat\" for \"chat\" at least 0.90");
    const cJSON *hints = cJSON_GetObjectItem(o, "hints");
    assert_int_equal(cJSON_GetArraySize(hints), 2);
    assert_string_equal(cJSON_GetArrayItem(hints, 1)->valuestring, "Set Q[1][1] to 5.");
    cJSON_Delete(o);

    o = compute_lang(path, 1, "zh");
    goal = cJSON_GetObjectItem(o, "goal");
    assert_string_equal(cJSON_GetObjectItem(goal, "words")->valuestring, "使 \"chat\" 对 \"cat\" 的权重至少为 0.90");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "hints"), 1)->valuestring, "把 Q[1][1] 设为 5。");
    cJSON_Delete(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_step_of_every_lesson),
        cmocka_unit_test(test_masked_scores_are_null),
        cmocka_unit_test(test_float_text_round_trips),
        cmocka_unit_test(test_exercise_texts),
        cmocka_unit_test(test_prediction_and_exercise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
