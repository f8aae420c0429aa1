/* test_fuzz_regress.c - every input the fuzzer ever crashed on (kept in
 * tests/fuzz/regress-lesson/), the seed corpus and the small inputs it found new
 * paths with (tests/fuzz/found/) go through the harness again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#include "fuzz/fuzz_lesson.c"
#include "fuzz/replay.h"


static void test_regressions(void **state)
{
    (void)state;
    replay_dir("tests/fuzz/regress-lesson");
    assert_true(replay_dir("tests/fuzz/corpus") > 0);
    /* small inputs the 30-minute fuzzing run found new paths with (merged,
     * those under 1.5 KB kept): replayed so those paths stay exercised */
    assert_true(replay_dir("tests/fuzz/found") > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_regressions)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
