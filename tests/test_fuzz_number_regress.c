/* test_fuzz_number_regress.c - every input the number fuzzer ever failed on
 * (kept in tests/fuzz/regress-number/) and its seed corpus go through the
 * harness again: make test replays them without libFuzzer. The harness
 * traps on a broken contract, which fails this test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#include "fuzz/fuzz_number.c"
#include "fuzz/replay.h"


static void test_number_regressions(void **state)
{
    (void)state;
    replay_dir("tests/fuzz/regress-number");
    assert_true(replay_dir("tests/fuzz/corpus-number") > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_regressions),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    if (loaded)
        lesson_free(&lesson);
    return rc;
}
