/* test_words.c - the refusals of the engine and the editor are codes, and
 * lab/words.c words every kind in English and Chinese: the exact English
 * the lesson checker and the CLI print, and Chinese for the terminal lab. */
#include "engine_testutil.h"

#include "lab/words.h"

static const char *en(const EngineError *e)
{
    static char buf[300];
    return words_engine_error(e, false, buf, sizeof buf);
}

static const char *zh(const EngineError *e)
{
    static char buf[300];
    return words_engine_error(e, true, buf, sizeof buf);
}

/* Every kind has its own sentence in both languages, never the fallback. */
static void t_every_kind_worded(void **state)
{
    (void)state;
    for (int k = EE_NONE + 1; k < EE__COUNT; k++) {
        EngineError e = {.kind = (EngineErrKind)k, .mat = M_Q, .field = CF_NONE, .use = EU_ATTENTION,
                         .n = {2, 3, 4, 5}};
        if (strcmp(en(&e), "the engine refused this step") == 0 || strcmp(zh(&e), "引擎拒绝了这一步") == 0)
            fail_msg("kind %d has no words of its own", k);
    }
    for (int k = EDIT_OK + 1; k < EDIT__COUNT; k++) {
        EditRefusal r = {.kind = (EditRefusalKind)k, .m = M_K, .text = "x"};
        r.engine.kind = EE_CO_MASK;
        char a[300], b[300];
        words_edit_refusal(&r, false, a, sizeof a);
        words_edit_refusal(&r, true, b, sizeof b);
        if (strcmp(a, "the change was refused") == 0 || strcmp(b, "这一改动被拒绝") == 0 || strcmp(a, b) == 0)
            fail_msg("edit refusal %d has no words of its own", k);
    }
}

/* Refusals from real scenarios: the code, its numbers and the exact words. */
static void t_engine_sentences(void **state)
{
    (void)state;
    EngineError e;
    Scenario sc = scen(MODE_MULTIHEAD, SCORE_SCALED_DOT, DIST_SOFTMAX);
    sc.in[M_X] = fx(sa_X);                  /* 4 x 6 */
    sc.cfg.heads = 4;
    assert_false(engine_validate(&sc, &e));
    assert_true(e.kind == EE_HEADS_DIVIDE && e.field == CF_HEADS && e.mat == M__COUNT);
    assert_string_equal(en(&e), "4 heads do not divide d_model = 6");
    assert_string_equal(zh(&e), "4 个头不能整除 d_model = 6");

    sc.cfg.heads = 2;
    sc.in[M_WO] = fx(sa_X);                 /* Wo must be 6 x n */
    assert_false(engine_validate(&sc, &e));
    assert_true(e.kind == EE_SHAPE && e.mat == M_WO && e.use == EU_OUTPUT_PROJECTION);
    assert_string_equal(en(&e), "Wo is 4 x 6 but the output projection concat Wo needs 6 x n");
    assert_string_equal(zh(&e), "Wo 是 4 x 6；输出投影 concat Wo：需要 6 x n");

    sc = scen(MODE_QKV, SCORE_GENERAL, DIST_SOFTMAX);
    sc.in[M_Q] = fx(mk_Q), sc.in[M_K] = fx(mk_K), sc.in[M_V] = fx(mk_V);
    assert_false(engine_validate(&sc, &e));
    assert_true(e.kind == EE_NEEDS && e.mat == M_W && e.use == EU_GENERAL);
    assert_string_equal(en(&e), "the general score needs the matrix W");
    assert_string_equal(zh(&e), "一般式打分：需要矩阵 W");

    sc.cfg.score = SCORE_DOT;
    sc.cfg.dist = DIST_TOPK, sc.cfg.topk = 0;
    assert_false(engine_validate(&sc, &e));
    assert_true(e.kind == EE_TOPK_RANGE && e.n[0] == ENGINE_MAX_TOKENS);
    assert_string_equal(en(&e), "topk must keep between 1 and 64 keys");

    float q[3] = {1, NAN, 0};
    sc.cfg.dist = DIST_SOFTMAX;
    sc.in[M_Q] = (Mat){1, 3, q};
    Result r;
    assert_int_equal(engine_run(&sc, &r, &e), -1);
    assert_true(e.kind == EE_NAN_INPUT && e.mat == M_Q && e.n[0] == 0 && e.n[1] == 1);
    assert_string_equal(en(&e), "Q[0][1] is not a number");
    assert_string_equal(zh(&e), "Q[0][1] 不是数");
}

static void t_edit_sentences(void **state)
{
    (void)state;
    char buf[300];
    EditRefusal r;
    double v;
    assert_int_equal(editor_parse_number("  abc ", &v, &r), -1);
    assert_int_equal(r.kind, EDIT_NOT_NUMBER);
    assert_string_equal(words_edit_refusal(&r, false, buf, sizeof buf), "'abc ' is not a number; the cell keeps its value");
    assert_string_equal(words_edit_refusal(&r, true, buf, sizeof buf), "“abc ”不是数；这一格保持原值");
    assert_int_equal(editor_parse_number("1e39", &v, &r), -1);
    assert_string_equal(words_edit_refusal(&r, false, buf, sizeof buf),
                        "'1e39' is out of range: give a number between -1e+06 and 1e+06");
    /* a long text is kept to its first EDITOR_TEXT_SHOWN bytes, as before */
    assert_int_equal(editor_parse_number("0123456789012345678901234567890123456789xyz", &v, &r), -1);
    assert_string_equal(r.text, "0123456789012345678901234567890123456789");
    r = (EditRefusal){.kind = EDIT_NOT_EDITABLE, .m = M__COUNT};
    assert_string_equal(words_edit_refusal(&r, false, buf, sizeof buf), "this step does not let you change that");
    r.m = M_V;
    assert_string_equal(words_edit_refusal(&r, true, buf, sizeof buf), "这一步不允许修改 V");
    r = (EditRefusal){.kind = EDIT_ENGINE, .engine = {.kind = EE_TEMPERATURE}};
    assert_string_equal(words_edit_refusal(&r, false, buf, sizeof buf),
                        "the temperature must be a number above 0 (it divides the scores)");
    /* a small buffer is cut, always terminated */
    char tiny[6];
    assert_string_equal(words_edit_refusal(&r, false, tiny, sizeof tiny), "the t");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_every_kind_worded),
        cmocka_unit_test(t_engine_sentences),
        cmocka_unit_test(t_edit_sentences),
    };
    return cmocka_run_group_tests_name("words: refusals as codes, worded in two languages", tests, NULL, NULL);
}
