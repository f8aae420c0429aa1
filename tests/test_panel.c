/* test_panel.c - the panel table (lesson/panel.h): complete and consistent,
 * names that round-trip, getters that hand back the Result's own matrices,
 * and availability that says why not. Small steps from tests/lessons/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "figure/colormap.h"
#include "lesson/lesson.h"
#include "lesson_helpers.h"

/* A lesson step, run. */
typedef struct {
    Lesson l;
    Scenario sc;
    Result r;
} Step;

/* Step k (from 0) of tests/lessons/<name>, run. */
static void step_open(Step *s, const char *name, int k)
{
    char path[128];
    snprintf(path, sizeof path, "../tests/lessons/%s", name);     /* th_load reads under lessons/ */
    th_load(path, &s->l);
    s->sc = lesson_scenario(&s->l, k);
    th_run_sc(&s->l, k + 1, &s->sc, &s->r);
}

static void step_close(Step *s)
{
    result_free(&s->r);
    lesson_free(&s->l);
}

static void test_every_kind_has_a_complete_row(void **state)
{
    (void)state;
    for (int k = 0; k < PANEL__COUNT; k++) {
        const PanelEntry *e = panel_entry(k);
        assert_non_null(e);
        assert_non_null(e->name);
        assert_true(e->name[0] != '\0');
        assert_non_null(e->word_zh);
        assert_true(e->word_zh[0] != '\0');
        assert_non_null(e->title_en);
        assert_non_null(e->row_axis);
        assert_non_null(e->col_axis);
        assert_non_null(e->get);
        assert_non_null(e->available);
        assert_non_null(e->caption);
        assert_non_null(e->title);
        /* a name is a word lessons can write: letters, digits, '_' */
        for (const char *p = e->name; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                        *p == '_');
        if (k < M__COUNT)           /* a matrix keeps the engine's name */
            assert_string_equal(e->name, engine_mat_name((MatName)k));
        char buf[128] = "";
        AttnConfig c = engine_default_config();
        e->caption(k, &c, true, 0, buf, sizeof buf);
        assert_true(buf[0] != '\0');
        e->title(k, &c, false, 0, buf, sizeof buf);
        assert_true(buf[0] != '\0');
    }
    assert_null(panel_entry(-1));
    assert_null(panel_entry(PANEL__COUNT));
    assert_string_equal(panel_name(PANEL__COUNT), "?");
}

static void test_names_are_unique_and_round_trip(void **state)
{
    (void)state;
    for (int a = 0; a < PANEL__COUNT; a++) {
        for (int b = a + 1; b < PANEL__COUNT; b++)
            assert_true(strcasecmp(panel_name(a), panel_name(b)) != 0);
        assert_int_equal(panel_parse(panel_name(a)), a);
    }
    assert_int_equal(panel_parse("WEIGHTS_BA"), PANEL_WEIGHTS_BA);     /* case does not matter */
    assert_int_equal(panel_parse("nonsense"), -1);
    assert_int_equal(panel_parse("all"), -1);       /* a command's word, not a panel */
}

static void test_words_in_both_languages(void **state)
{
    (void)state;
    assert_string_equal(panel_word(PANEL_WEIGHTS_BA, false), "weights_ba");    /* as goals write it */
    assert_string_equal(panel_word(PANEL_WEIGHTS_BA, true), "权重 B->A");
    assert_string_equal(panel_word(PANEL_HEADS, true), "头");
    assert_string_equal(panel_word(M_Q, true), "Q");
    assert_string_equal(panel_entry(PANEL_PE)->title_en, "position encoding");
    const PanelEntry *w = panel_entry(PANEL_WEIGHTS);
    assert_string_equal(panel_axis_name(w, true, false, false), "Queries");
    assert_string_equal(panel_axis_name(w, true, false, true), "查询");
    assert_string_equal(panel_axis_name(w, false, true, true), "B");
    assert_string_equal(panel_axis_name(panel_entry(PANEL_OUTPUT), false, false, true), "维度");
}

static void test_scales_and_axes(void **state)
{
    (void)state;
    /* weights on 0..1; scores and outputs signed */
    assert_int_equal(panel_entry(PANEL_WEIGHTS)->scale, PSCALE_WEIGHTS);
    assert_int_equal(panel_entry(PANEL_HEADS)->scale, PSCALE_WEIGHTS);
    assert_int_equal(panel_entry(PANEL_WEIGHTS_BA)->scale, PSCALE_WEIGHTS);
    assert_int_equal(panel_entry(PANEL_SCORES)->scale, PSCALE_SIGNED);
    assert_int_equal(panel_entry(PANEL_OUTPUT)->scale, PSCALE_SIGNED);
    /* B attends to A: B's tokens (keys) down, A's (queries) across */
    assert_int_equal(panel_entry(PANEL_WEIGHTS_BA)->rows, PAX_KEY);
    assert_int_equal(panel_entry(PANEL_WEIGHTS_BA)->cols, PAX_QUERY);
    assert_int_equal(panel_entry(PANEL_OUTPUT)->cols, PAX_INDEX);
    assert_true(panel_entry(PANEL_HEADS)->per_head);
    assert_false(panel_entry(PANEL_WEIGHTS)->per_head);
}

static void test_getters_return_the_results_matrices(void **state)
{
    (void)state;
    Step s;
    step_open(&s, "multihead.lesson", 0);
    assert_int_equal(s.r.n_heads, 2);
    PanelMat w = panel_get(PANEL_WEIGHTS, &s.r, &s.sc, 0);
    assert_ptr_equal(w.m.v, s.r.main.weights.v);
    assert_ptr_equal(w.keep, s.r.main.keep);
    assert_ptr_equal(w.att, &s.r.main);
    PanelMat h = panel_get(PANEL_HEADS, &s.r, &s.sc, 1);
    assert_ptr_equal(h.m.v, s.r.heads[1].weights.v);
    assert_null(panel_get(PANEL_HEADS, &s.r, &s.sc, 2).m.v);       /* no third head */
    assert_ptr_equal(panel_get(PANEL_OUTPUT, &s.r, &s.sc, 0).m.v, s.r.main.output.v);
    assert_null(panel_get(PANEL_OUTPUT, &s.r, &s.sc, 0).keep);
    assert_ptr_equal(panel_get(M_Q, &s.r, &s.sc, 0).m.v, s.r.Q.v);      /* projected */
    assert_ptr_equal(panel_get(M_X, &s.r, &s.sc, 0).m.v, s.sc.in[M_X].v);  /* as written */
    assert_ptr_equal(panel_get(PANEL_CONCAT, &s.r, &s.sc, 0).m.v, s.r.concat.v);
    assert_null(panel_get(PANEL_COST, &s.r, &s.sc, 0).m.v);
    assert_null(panel_get(-1, &s.r, &s.sc, 0).m.v);
    char t[96];
    panel_entry(PANEL_HEADS)->caption(PANEL_HEADS, &s.r.cfg, false, 1, t, sizeof t);
    assert_string_equal(t, "head 2");
    panel_entry(M_Q)->title(M_Q, &s.r.cfg, false, 0, t, sizeof t);
    assert_string_equal(t, "Q = X Wq  queries");
    step_close(&s);
}

static void test_coattention_has_both_directions(void **state)
{
    (void)state;
    Step s;
    step_open(&s, "coattention.lesson", 0);
    PanelMat ab = panel_get(PANEL_WEIGHTS, &s.r, &s.sc, 0), ba = panel_get(PANEL_WEIGHTS_BA, &s.r, &s.sc, 0);
    assert_ptr_equal(ba.m.v, s.r.b2a.weights.v);
    assert_ptr_equal(ba.att, &s.r.b2a);
    assert_int_equal(ab.m.rows, ba.m.cols);     /* A x B against B x A (fine-grained) */
    assert_int_equal(ab.m.cols, ba.m.rows);
    assert_int_equal(panel_available(PANEL_AFFINITY, &s.sc), PAV_OK);
    assert_int_equal(panel_available(PANEL_OUTPUT_BA, &s.sc), PAV_OK);
    assert_int_equal(panel_available(M_A, &s.sc), PAV_OK);
    /* Q, K and V are not what co-attention attends with */
    assert_int_equal(panel_available(M_Q, &s.sc), PAV_HAS_A_AND_B);
    assert_int_equal(panel_available(PANEL_HEADS, &s.sc), PAV_MULTIHEAD_ONLY);
    char t[96];
    panel_entry(PANEL_WEIGHTS_BA)->caption(PANEL_WEIGHTS_BA, &s.r.cfg, true, 0, t, sizeof t);
    assert_string_equal(t, "权重  B 关注 A");
    step_close(&s);
}

static void test_availability_says_why_not(void **state)
{
    (void)state;
    Step s;
    step_open(&s, "figures.lesson", 0);      /* one head, no co-attention */
    assert_int_not_equal(s.sc.cfg.mode, MODE_MULTIHEAD);
    assert_int_equal(panel_available(PANEL_WEIGHTS, &s.sc), PAV_OK);
    assert_int_equal(panel_available(PANEL_HEADS, &s.sc), PAV_MULTIHEAD_ONLY);
    assert_string_equal(panel_why_text(PAV_MULTIHEAD_ONLY), "only a multihead step has it");
    assert_int_equal(panel_available(PANEL_CONCAT, &s.sc), PAV_MULTIHEAD_ONLY);
    assert_int_equal(panel_available(PANEL_AFFINITY, &s.sc), PAV_COATTENTION_ONLY);
    assert_int_equal(panel_available(PANEL_WEIGHTS_BA, &s.sc), PAV_COATTENTION_ONLY);
    assert_string_equal(panel_why_text(PAV_COATTENTION_ONLY), "only a coattention step has it");
    assert_int_equal(panel_available(PANEL_PE, &s.sc), s.sc.cfg.position ? PAV_OK : PAV_NEEDS_POSITION);
    assert_int_equal(panel_available(M_WA, &s.sc), mat_empty(s.sc.in[M_WA]) ? PAV_NO_MATRIX : PAV_OK);
    assert_int_equal(panel_available(PANEL__COUNT, &s.sc), PAV_UNKNOWN);
    /* the cost chart: the terminal shows it, a figure cannot */
    assert_int_equal(panel_available(PANEL_COST, &s.sc), PAV_OK);
    assert_int_equal(panel_drawable(PANEL_COST, &s.sc), PAV_LIVE_ONLY);
    assert_non_null(strstr(panel_why_text(PAV_LIVE_ONLY), "terminal"));
    assert_int_equal(panel_drawable(PANEL_WEIGHTS, &s.sc), PAV_OK);
    step_close(&s);
}

/* lesson_check words an unavailable panel from the table's reason. */
static void test_a_lesson_naming_an_absent_panel_is_refused(void **state)
{
    (void)state;
    static const char text[] = "title = t\ntokens = a, b\nQ = 1 0\n    0 1\nK = 1 0\n    0 1\nV = 1 0\n    0 1\n"
                               "\n[step]\ntitle = s\ntext = x\npanels = weights, affinity\n";
    Lesson l;
    Diags d = {0};
    assert_int_equal(lesson_load_mem("absent.lesson", text, strlen(text), &l, &d), -1);
    assert_true(d.n >= 1);
    assert_non_null(strstr(d.v[0].msg, "cannot show panel affinity: only a coattention step has it"));
    assert_int_equal(d.v[0].line, 13);
    diags_free(&d);
}

/* The terminal's colour key cycles the sequential maps only. */
static void test_next_sequential_colour_map(void **state)
{
    (void)state;
    Cmap m = CMAP_VIRIDIS;
    int seen = 0;
    do {
        assert_false(cmap_is_diverging(m));
        m = cmap_next_sequential(m);
        seen++;
    } while (m != CMAP_VIRIDIS && seen < CMAP__COUNT);
    assert_int_equal(seen, 4);      /* viridis, magma, cividis, greys */
    assert_int_equal(cmap_next_sequential(CMAP_VIRIDIS), CMAP_MAGMA);
    assert_int_equal(cmap_next_sequential(CMAP_GREYS), CMAP_VIRIDIS);
}

/* Lu et al.'s hidden features: only in parallel_lu (lesson 7's last step),
 * the Result's own H_b (nb, k) and H_a (na, k); absent elsewhere, saying why. */
static void test_lu_hidden_panels(void **state)
{
    (void)state;
    Step s;
    step_open(&s, "../../lessons/07-co-attention.lesson", 6);
    assert_int_equal(s.sc.cfg.co_mode, CO_PARALLEL_LU);
    assert_int_equal(panel_available(PANEL_HIDDEN, &s.sc), PAV_OK);
    PanelMat h = panel_get(PANEL_HIDDEN, &s.r, &s.sc, -1);
    assert_ptr_equal(h.m.v, s.r.hidden_b.v);
    assert_int_equal(h.m.rows, s.sc.in[M_B].rows);
    assert_int_equal(h.m.cols, s.sc.in[M_WVB].cols);
    PanelMat ha = panel_get(PANEL_HIDDEN_BA, &s.r, &s.sc, -1);
    assert_ptr_equal(ha.m.v, s.r.hidden_a.v);
    assert_int_equal(ha.m.rows, s.sc.in[M_A].rows);
    assert_int_equal(panel_entry(PANEL_HIDDEN)->rows, PAX_KEY);     /* rows are B's tokens */
    assert_int_equal(panel_entry(PANEL_HIDDEN_BA)->rows, PAX_QUERY);
    step_close(&s);
    step_open(&s, "../../lessons/07-co-attention.lesson", 1);          /* plain parallel */
    assert_int_equal(panel_available(PANEL_HIDDEN, &s.sc), PAV_LU_ONLY);
    assert_int_equal(panel_available(PANEL_HIDDEN_BA, &s.sc), PAV_LU_ONLY);
    assert_string_equal(panel_why_text(PAV_LU_ONLY), "only a step with coattention = parallel_lu has it");
    step_close(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_has_a_complete_row),
        cmocka_unit_test(test_names_are_unique_and_round_trip),
        cmocka_unit_test(test_words_in_both_languages),
        cmocka_unit_test(test_scales_and_axes),
        cmocka_unit_test(test_getters_return_the_results_matrices),
        cmocka_unit_test(test_coattention_has_both_directions),
        cmocka_unit_test(test_availability_says_why_not),
        cmocka_unit_test(test_a_lesson_naming_an_absent_panel_is_refused),
        cmocka_unit_test(test_next_sequential_colour_map),
        cmocka_unit_test(test_lu_hidden_panels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
