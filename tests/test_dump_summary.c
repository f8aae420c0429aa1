/* test_dump_summary.c - a dump's checks (check.h) and each head's summary
 * (summary.h) on heads whose numbers are worked out by hand here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/check.h"
#include "model/summary.h"

/* One head (layers = heads = 1), n x n, every weight 0; tokens from a
 * space-separated list when given. */
static AttnDump *head(int n, const char *tokens)
{
    AttnDump *d = dump_new(1, 1, n, n);
    char buf[200];
    snprintf(buf, sizeof buf, "%s", tokens ? tokens : "");
    char *save = NULL, *t = strtok_r(buf, " ", &save);
    for (int i = 0; i < n && t; i++, t = strtok_r(NULL, " ", &save)) dump_set_token(d, 0, i, t);
    return d;
}

#define A(d, i, j) (d)->attn[(size_t)(i) * (size_t)(d)->nk + (size_t)(j)]

static void test_previous_token(void **state)
{
    (void)state;
    AttnDump *d = head(4, "a b c d");
    A(d, 0, 0) = 1;
    for (int i = 1; i < 4; i++) A(d, i, i - 1) = 1;
    HeadSummary s;
    head_summary(d, 0, 0, &s);
    assert_float_equal(s.prev, 1.0, 1e-12);
    assert_float_equal(s.first_share, 0.5, 1e-12);    /* rows 0 and 1 */
    assert_float_equal(s.first, 1.0 / 3, 1e-12);      /* row 1 of rows 1..3 */
    assert_float_equal(s.self, 0.0, 1e-12);           /* row 0 is left out */
    assert_int_equal(s.rows_scored, 3);
    assert_int_equal(s.induction_rows, 0);
    assert_float_equal(s.mean_dist, 0.75, 1e-12);
    assert_float_equal(s.entropy, 0.0, 1e-12);
    assert_int_equal(s.period, 0);
    assert_int_equal(s.pattern, PATTERN_PREV);
    assert_string_equal(head_pattern_name(s.pattern), "previous token");
    assert_string_equal(head_pattern_key(s.pattern), "previous");
    char how[120];
    head_pattern_how(&s, how, sizeof how);
    assert_string_equal(how, "mean weight on the previous token: 1.00 (>= 0.4)");
    dump_free(d);
}

static void test_first_and_uniform(void **state)
{
    (void)state;
    AttnDump *d = head(4, NULL);
    for (int i = 0; i < 4; i++) A(d, i, 0) = 1;
    HeadSummary s;
    head_summary(d, 0, 0, &s);
    assert_float_equal(s.first_share, 1.0, 1e-12);
    assert_float_equal(s.first, 1.0, 1e-12);
    assert_float_equal(s.prev, 1.0 / 3, 1e-12);
    assert_float_equal(s.induction, 0.0, 1e-12);      /* every token "" repeats: a(i, i) */
    assert_int_equal(s.induction_rows, 3);
    assert_float_equal(s.mean_dist, 1.5, 1e-12);
    assert_int_equal(s.pattern, PATTERN_FIRST);
    for (int k = 0; k < 16; k++) d->attn[k] = 0.25f;
    head_summary(d, 0, 0, &s);
    assert_float_equal(s.entropy, log(4.0), 1e-7);
    assert_float_equal(s.mean_dist, 1.25, 1e-7);
    assert_int_equal(s.pattern, PATTERN_MIXED);
    char how[120];
    head_pattern_how(&s, how, sizeof how);
    assert_non_null(strstr(how, "no pattern reaches 0.4: previous 0.25"));
    for (int k = 0; k < 16; k++) d->attn[k] = k % 5 == 0;    /* the diagonal */
    head_summary(d, 0, 0, &s);
    assert_float_equal(s.induction, 1.0, 1e-12);      /* ties with self: self comes first */
    assert_int_equal(s.pattern, PATTERN_SELF);
    for (int k = 0; k < 16; k++) d->attn[k] = 0;
    for (int i = 1; i < 4; i++) A(d, i, 0) = 0.5f, A(d, i, i - 1) += 0.5f;   /* prev = first = 2/3 */
    A(d, 0, 0) = 1;
    head_summary(d, 0, 0, &s);
    assert_float_equal(s.prev, s.first, 1e-12);
    assert_int_equal(s.pattern, PATTERN_PREV);
    assert_string_equal(head_pattern_name(PATTERN_SELF), "self");
    dump_free(d);
}

/* "A B C D A B C D": period 4; rows 4..7 look at the token after the
 * previous occurrence of theirs (column i - 3), rows 0..3 at the first. */
static void test_induction(void **state)
{
    (void)state;
    AttnDump *d = head(8, "A B C D A B C D");
    for (int i = 0; i < 8; i++) A(d, i, i < 4 ? 0 : i - 3) = 1;
    HeadSummary s;
    head_summary(d, 0, 0, &s);
    assert_int_equal(s.period, 4);
    assert_float_equal(s.induction, 1.0, 1e-12);
    assert_int_equal(s.induction_rows, 4);
    assert_float_equal(s.first_share, 0.5, 1e-12);
    assert_float_equal(s.first, 3.0 / 7, 1e-12);
    assert_int_equal(s.pattern, PATTERN_INDUCTION);
    char how[120];
    head_pattern_how(&s, how, sizeof how);
    assert_non_null(strstr(how, "(period 4): 1.00"));
    dump_free(d);
    d = head(1, "x");                 /* one token: no pattern score has rows */
    d->attn[0] = 1;
    head_summary(d, 0, 0, &s);
    assert_int_equal(s.rows_scored, 0);
    assert_int_equal(s.pattern, PATTERN_MIXED);
    assert_float_equal(s.first_share, 1.0, 0);
    dump_free(d);
}

static void test_check(void **state)
{
    (void)state;
    AttnDump *d = dump_new(2, 2, 3, 3);
    for (size_t k = 0; k < 36; k++) d->attn[k] = (k % 3 == 0) ? 1.0f : 0.0f;   /* all on token 0 */
    DumpCheck c;
    dump_check(d, &c);
    assert_true(c.finite);
    assert_true(c.causal);
    assert_int_equal(c.rows_off, 0);
    float *h10 = d->attn + 2 * 9;    /* layer 1, head 0 */
    h10[1 * 3 + 2] = 0.5f;           /* row 1 sums to 1.5, and looks ahead */
    h10[2 * 3 + 1] = 0.0005f;        /* row 2: 1.0005, within 1e-3 */
    dump_check(d, &c);
    assert_false(c.causal);
    assert_int_equal(c.rows_off, 1);
    assert_float_equal(c.worst_sum, 1.5, 1e-6);
    assert_int_equal(c.worst_layer, 1);
    assert_int_equal(c.worst_head, 0);
    assert_int_equal(c.worst_row, 1);
    d->attn[3 * 9 + 2 * 3 + 1] = NAN;    /* layer 1, head 1, row 2, column 1 */
    d->attn[3 * 9 + 2 * 3 + 2] = INFINITY;
    dump_check(d, &c);
    assert_false(c.finite);
    assert_int_equal(c.bad_layer, 1);
    assert_int_equal(c.bad_head, 1);
    assert_int_equal(c.bad_row, 2);
    assert_int_equal(c.bad_col, 1);
    dump_free(d);
}

static void test_softmax_rows(void **state)
{
    (void)state;
    AttnDump *d = dump_new(1, 1, 2, 2);
    d->attn[0] = 0;
    d->attn[1] = logf(3);
    d->attn[2] = -INFINITY;    /* a masked key */
    d->attn[3] = 7;
    dump_softmax_rows(d);
    assert_non_null(d->scores);
    assert_true(d->scores[1] == logf(3) && d->scores[3] == 7);
    assert_float_equal(d->attn[0], 0.25, 1e-6);
    assert_float_equal(d->attn[1], 0.75, 1e-6);
    assert_float_equal(d->attn[2], 0.0, 0);
    assert_float_equal(d->attn[3], 1.0, 0);
    DumpCheck c;
    dump_check(d, &c);
    assert_int_equal(c.rows_off, 0);
    dump_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_previous_token), cmocka_unit_test(test_first_and_uniform),
        cmocka_unit_test(test_induction),      cmocka_unit_test(test_check),
        cmocka_unit_test(test_softmax_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
