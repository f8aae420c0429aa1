/* test_dates.c - the dates translator's truth (model/dates.h): every text
 * train_translator.py's generator writes (3000 of them, drawn by
 * scripts/gen_dates_fixture.py) reads back to its ISO date; orders the model
 * never saw read too; impossible, ambiguous and unreadable texts are refused
 * with a reason; and the C port of the generator writes texts that read
 * back to the dates it drew. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model/dates.h"

static void test_generator_fixture(void **state)
{
    (void)state;
    FILE *f = fopen("tests/fixtures/dates/pairs.tsv", "r");
    assert_non_null(f);
    char line[128], iso[DATES_ISO], why[120];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        tab[1 + 10] = '\0';     /* the ISO date, without its newline */
        if (dates_read(line, iso, why, sizeof why) != 0)
            fail_msg("\"%s\" (%s) did not read: %s", line, tab + 1, why);
        if (strcmp(iso, tab + 1) != 0)
            fail_msg("\"%s\" read as %s, the generator meant %s", line, iso, tab + 1);
        n++;
    }
    fclose(f);
    assert_int_equal(n, 3000);
}

static void expect(const char *text, const char *want)
{
    char iso[DATES_ISO], why[120];
    if (dates_read(text, iso, why, sizeof why) != 0)
        fail_msg("\"%s\" did not read: %s", text, why);
    if (strcmp(iso, want) != 0)
        fail_msg("\"%s\" read as %s, not %s", text, iso, want);
}

static void refuse(const char *text, const char *reason)
{
    char iso[DATES_ISO] = "", why[120] = "";
    if (dates_read(text, iso, why, sizeof why) == 0)
        fail_msg("\"%s\" read as %s", text, iso);
    if (!strstr(why, reason))
        fail_msg("\"%s\": \"%s\" lacks \"%s\"", text, why, reason);
}

static void test_forms(void **state)
{
    (void)state;
    expect("30 nov 2026", "2026-11-30");
    expect("nov 30 2026", "2026-11-30");             /* an order the model never saw */
    expect("NOVEMBER 30TH, 2026", "2026-11-30");
    expect("Monday, 30 November 2026", "2026-11-30");
    expect("Sun 30 Nov 2026", "2026-11-30");          /* the weekday is ignored, even a wrong one */
    expect("3/4/25", "2025-04-03");                   /* day first, as the model was taught */
    expect("30.11.49", "2049-11-30");
    expect("30-11-50", "1950-11-30");
    expect("Nov 30, '26", "2026-11-30");
    expect("2026 November 30", "2026-11-30");
    expect("2026/11/30", "2026-11-30");
    expect("29 feb 2024", "2024-02-29");
    expect("1st may 1900", "1900-05-01");
}

static void test_refused(void **state)
{
    (void)state;
    refuse("31 feb 2026", "has no day 31");
    refuse("29 feb 2100", "has no day 29");           /* 2100 is no leap year */
    refuse("11/30/26", "no month 30");                /* month first, American style */
    refuse("30 nov", "a day and a year");
    refuse("nov dec 2026", "no month or weekday");    /* a second month is no weekday */
    refuse("30 brumaire 2026", "\"brumaire\" is no month");
    refuse("30/11/2026/1", "no day, month and year");
    refuse("30/11.2026", "no day, month and year");
    refuse("30 nov 226", "2 or 4 digits");
    refuse("", "empty");
    refuse("30 nov 2026!", "'!'");
}

static void test_sample_reads_back(void **state)
{
    (void)state;
    uint64_t rng = 7;
    char text[64], iso[DATES_ISO], back[DATES_ISO], why[120];
    int seen_untaught = 0;
    for (int k = 0; k < 3000; k++) {
        dates_sample(&rng, k % 2, text, sizeof text, iso);
        assert_true(strlen(text) <= 40);
        if (dates_read(text, back, why, sizeof why) != 0)
            fail_msg("sample \"%s\" (%s) did not read: %s", text, iso, why);
        if (strcmp(back, iso) != 0)
            fail_msg("sample \"%s\" read as %s, drawn as %s", text, back, iso);
        seen_untaught += strchr(text, ',') == NULL && text[0] >= 'A' && text[3] == ' ';
    }
    assert_true(seen_untaught > 0);
    uint64_t a = 5, b = 5;                            /* the same seed, the same texts */
    char t2[64], i2[DATES_ISO];
    dates_sample(&a, 1, text, sizeof text, iso);
    dates_sample(&b, 1, t2, sizeof t2, i2);
    assert_string_equal(text, t2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generator_fixture),
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_sample_reads_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
