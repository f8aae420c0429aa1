/* test_lessons.c - every bundled lesson loads (`attnlab check`), computes
 * every step without a NaN, keeps softmax rows summing to 1, says everything
 * in English and Chinese, has an exercise and a question, matches numbers
 * recomputed independently with numpy (tests/lesson_facts.h, made by
 * tests/gen_lesson_facts.py), and its hints really reach its goals.
 * The facts each lesson's narration relies on: test_lesson_facts.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lesson_helpers.h"
#include "lesson_facts.h"
#include "lesson/panel.h"
#include "lesson/ref.h"

/* ------------------------------------------------ structure and text */

static bool has_both(const Text *t)
{
    return t->en && t->en[0] && t->zh && t->zh[0];
}

/* Every placeholder of every text of step k renders against its result. */
static void check_texts_render(const Lesson *l, int k, const Result *r, const Scenario *sc)
{
    const LessonStep *s = &l->steps[k];
    const Text *texts[] = {&s->title, &s->text, &s->hint, &s->question, &s->answer};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        const char *v[] = {texts[t]->en, texts[t]->zh};
        for (int i = 0; i < 2; i++) {
            if (!v[i])
                continue;
            StrBuf out = {0};
            char err[200];
            if (ref_render(v[i], r, sc, &out, err, sizeof err) != 0)
                fail_msg("%s step %d: %s", l->path, k + 1, err);
            free(out.s);
        }
    }
}

/* A CJK ideograph (U+4E00..U+9FFF) starts at s: 3 bytes, lead E4..E9. */
static bool ideograph_at(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    return c >= 0xE4 && c <= 0xE9 && s[1] && s[2];
}

static bool alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Chinese text puts a space between a character and Latin letters, digits
 * or a placeholder (brackets may hug: "sqrt(抽样次数)"). Continuation lines
 * join with nothing after a Chinese character, so a line break in the wrong
 * place glues them together. */
static void check_zh_spacing(const char *path, int k, const char *zh)
{
    for (const char *p = zh; zh && *p; p++) {
        bool glued = (ideograph_at(p) && (alnum(p[3]) || p[3] == '{' || p[3] == '(')) ||
                     ((alnum(p[0]) || p[0] == '}' || p[0] == ')') && ideograph_at(p + 1));
        if (glued)
            fail_msg("%s step %d: no space between Chinese and Latin text at \"%.16s\"", path, k, p);
    }
}

static void check_structure(const Lesson *l)
{
    if (l->n_steps < 5 || l->n_steps > 12)
        fail_msg("%s has %d steps; a lesson has 5 to 12", l->path, l->n_steps);
    assert_true(has_both(&l->title));
    assert_true(has_both(&l->summary));
    int exercises = 0, questions = 0;
    for (int k = 0; k < l->n_steps; k++) {
        const LessonStep *s = &l->steps[k];
        if (!has_both(&s->title) || !has_both(&s->text))
            fail_msg("%s step %d needs a title and a text in en and zh", l->path, k + 1);
        check_zh_spacing(l->path, k + 1, s->text.zh);
        check_zh_spacing(l->path, k + 1, s->hint.zh);
        check_zh_spacing(l->path, k + 1, s->question.zh);
        check_zh_spacing(l->path, k + 1, s->answer.zh);
        if (s->has_goal) {
            if (!has_both(&s->hint))
                fail_msg("%s step %d has a goal without a hint in en and zh", l->path, k + 1);
            exercises++;
        }
        if (s->question.en || s->question.zh) {
            if (!has_both(&s->question) || !has_both(&s->answer))
                fail_msg("%s step %d: a question needs its answer, in en and zh", l->path, k + 1);
            questions++;
        }
    }
    if (exercises == 0 || questions == 0)
        fail_msg("%s needs an exercise (goal + hint) and a question (%d, %d)", l->path, exercises, questions);
}

/* ------------------------------------------------ numbers */

static void check_no_nan(Mat m, const char *path, int k, const char *what)
{
    for (size_t t = 0; t < mat_size(m); t++)
        if (isnan(m.v[t]))
            fail_msg("%s step %d: NaN in %s", path, k, what);
}

static void check_head(const AttnHead *h, bool softmax, const char *path, int k, const char *what)
{
    check_no_nan(h->scores, path, k, what);
    check_no_nan(h->weights, path, k, what);
    check_no_nan(h->output, path, k, what);
    for (int i = 0; softmax && i < h->nq; i++) {
        if (h->row_empty[i])
            continue;
        double s = th_row_sum(h->weights, i);
        if (fabs(s - 1.0) > 1e-5)
            fail_msg("%s step %d: %s row %d sums to %.9g, not 1", path, k, what, i, s);
    }
}

static void check_result(const Result *r, const char *path, int k)
{
    bool softmax = r->cfg.dist == DIST_SOFTMAX;
    if (r->cfg.mode == MODE_MULTIHEAD) {
        for (int h = 0; h < r->n_heads; h++)
            check_head(&r->heads[h], softmax, path, k, "a head");
        check_no_nan(r->concat, path, k, "concat");
        check_no_nan(r->main.output, path, k, "output");
        return;
    }
    check_head(&r->main, softmax, path, k, "weights");
    if (r->cfg.mode == MODE_HIERARCHICAL)
        check_head(&r->words, softmax, path, k, "word_weights");
    if (r->cfg.mode == MODE_COATTENTION) {
        check_no_nan(r->affinity, path, k, "affinity");
        check_head(&r->b2a, softmax, path, k, "weights_ba");
    }
}

static void test_every_lesson_checks_and_computes(void **state)
{
    (void)state;
    char **paths;
    int n = lesson_list(&paths);
    assert_int_equal(n, N_LESSON_FILES);
    assert_true(n >= 8);
    for (int i = 0; i < n; i++) {
        Lesson l;
        Diags d = {0};
        if (lesson_load(paths[i], &l, &d) != 0) {
            diags_print(&d, stderr);
            fail_msg("attnlab check %s fails", paths[i]);
        }
        diags_free(&d);
        check_structure(&l);
        for (int k = 0; k < l.n_steps; k++) {
            Scenario sc = lesson_scenario(&l, k);
            Result r;
            th_run_sc(&l, k + 1, &sc, &r);
            check_result(&r, l.path, k + 1);
            check_texts_render(&l, k, &r, &sc);
            result_free(&r);
        }
        lesson_free(&l);
        free(paths[i]);
    }
    free(paths);
}

/* ------------------------------------------------ against numpy */

static void check_fact(const StepFact *f)
{
    Lesson l;
    th_load(f->file, &l);
    Result r;
    th_run(&l, f->step, &r);
    const double eps = 2e-5;
    char what[160];
#define WHAT(name) (snprintf(what, sizeof what, "%s step %d %s", f->file, f->step, name), what)
    th_mat_near(r.main.weights, f->weights, f->nq, f->nk, eps, WHAT("weights"));
    th_mat_near(r.main.output, f->output, f->nq, f->dv, eps, WHAT("output"));
    assert_int_equal(r.cfg.mode == MODE_MULTIHEAD ? r.n_heads : 0, f->n_heads);
    for (int h = 0; h < f->n_heads; h++)
        th_mat_near(r.heads[h].weights, f->head_weights + (size_t)h * f->nq * f->nk, f->nq, f->nk, eps,
                    WHAT("head weights"));
    if (f->weights_ba)
        th_mat_near(r.b2a.weights, f->weights_ba, f->nb, f->na, eps, WHAT("weights_ba"));
    assert_true((f->centre != NULL) == (r.main.centre != NULL));
    for (int i = 0; f->centre && i < f->nq; i++)
        th_near(r.main.centre[i], f->centre[i], 1e-4, WHAT("centre"), i, 0);
    for (int x = 0; x < 3 && f->extra[x].panel; x++) {     /* multidim, hierarchical, memory */
        int p = panel_parse(f->extra[x].panel);
        assert_true(p >= 0);
        Scenario sc = lesson_scenario(&l, f->step - 1);
        th_mat_near(panel_get(p, &r, &sc, 0).m, f->extra[x].v, f->extra[x].rows, f->extra[x].cols, eps,
                    WHAT(f->extra[x].panel));
    }
#undef WHAT
    result_free(&r);
    lesson_free(&l);
}

static void test_every_step_matches_numpy(void **state)
{
    (void)state;
    for (size_t t = 0; t < N_STEP_FACTS; t++)
        check_fact(&step_facts[t]);
}

/* ------------------------------------------------ hints reach goals */

typedef struct {
    const char *file;
    int step;
    int n;
    struct {
        MatName m;
        int i, j;
        float v;
    } set[3];
} HintEdit;

/* What each hint tells the learner to do, done. */
static const HintEdit hint_edits[] = {
    {"01-three-stages.lesson", 5, 1, {{M_Q, 2, 2, 4.0f}}},
    {"02-score-functions.lesson", 3, 1, {{M_W, 1, 3, -2.0f}}},
    {"03-soft-hard-local.lesson", 5, 1, {{M_Q, 0, 3, 3.5f}}},
    {"03-soft-hard-local.lesson", 10, 1, {{M_Q, 0, 0, 2.6f}}},
    {"03-soft-hard-local.lesson", 12, 1, {{M_VP, 0, 0, -3.5f}}},
    {"04-masking.lesson", 6, 2, {{M_M, 3, 1, 0.0f}, {M_M, 3, 2, 0.0f}}},
    {"05-self-attention.lesson", 4, 1, {{M_X, 2, 2, 3.0f}}},
    {"06-multi-head.lesson", 7, 1, {{M_WK, 1, 2, 2.0f}}},
    {"07-co-attention.lesson", 4, 2, {{M_A, 0, 0, 0.0f}, {M_A, 0, 3, 2.0f}}},
    {"08-cost.lesson", 3, 2, {{M_M, 3, 1, 1.0f}, {M_M, 3, 5, 1.0f}}},
};

static int goal_after(const Lesson *l, int k, const Scenario *sc)
{
    Result r;
    char err[200];
    th_run_sc(l, k, sc, &r);
    int met = goal_eval(&l->steps[k - 1].goal, &r, sc, err, sizeof err);
    result_free(&r);
    return met;
}

static void test_hints_reach_goals(void **state)
{
    (void)state;
    for (size_t t = 0; t < sizeof hint_edits / sizeof hint_edits[0]; t++) {
        const HintEdit *h = &hint_edits[t];
        Lesson l;
        th_load(h->file, &l);
        assert_true(l.steps[h->step - 1].has_goal);
        Scenario sc = lesson_scenario(&l, h->step - 1);
        if (goal_after(&l, h->step, &sc) != 0)
            fail_msg("%s step %d: the goal is met before any edit", h->file, h->step);
        Mat owned[M__COUNT] = {{0, 0, NULL}};
        for (int e = 0; e < h->n; e++) {
            MatName m = h->set[e].m;
            /* the hint edits a matrix the learner may edit */
            if (!(l.steps[h->step - 1].editable & (1u << m)))
                fail_msg("%s step %d: the hint edits %s, which is not editable", h->file, h->step,
                         engine_mat_name(m));
            if (mat_empty(owned[m]))
                sc.in[m] = owned[m] = mat_copy(sc.in[m]);
            MAT_AT(owned[m], h->set[e].i, h->set[e].j) = h->set[e].v;
        }
        if (goal_after(&l, h->step, &sc) != 1)
            fail_msg("%s step %d: following the hint does not reach the goal", h->file, h->step);
        for (int m = 0; m < M__COUNT; m++)
            if (!mat_empty(owned[m]))
                mat_free(&owned[m]);
        lesson_free(&l);
    }
}

int main(void)
{
    setenv("ATTNLAB_LESSONS", LESSON_DIR, 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_lesson_checks_and_computes),
        cmocka_unit_test(test_every_step_matches_numpy),
        cmocka_unit_test(test_hints_reach_goals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
