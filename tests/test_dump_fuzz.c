/* test_dump_fuzz.c - the npy, npz and JSON fuzz harnesses' seed corpora and
 * every input they ever failed on (tests/fuzz/corpus-NAME/ and
 * regress-NAME/) go through the harnesses again: make test replays them
 * without libFuzzer. A harness traps on a broken contract, which fails this
 * test. The three harnesses are included under their own names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LLVMFuzzerTestOneInput fuzz_npy_one
#include "fuzz/fuzz_npy.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_npz_one
#include "fuzz/fuzz_npz.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_json_one
#include "fuzz/fuzz_json.c"
#undef LLVMFuzzerTestOneInput

/* replay.h calls LLVMFuzzerTestOneInput: here, the harness being replayed. */
static int (*harness)(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return harness(data, size);
}
#include "fuzz/replay.h"

static void replay(int (*h)(const uint8_t *, size_t), const char *name)
{
    char dir[100];
    harness = h;
    snprintf(dir, sizeof dir, "tests/fuzz/regress-%s", name);
    replay_dir(dir);
    snprintf(dir, sizeof dir, "tests/fuzz/corpus-%s", name);
    assert_true(replay_dir(dir) > 0);
}

static void test_npy_corpus(void **state)
{
    (void)state;
    replay(fuzz_npy_one, "npy");
}

static void test_npz_corpus(void **state)
{
    (void)state;
    replay(fuzz_npz_one, "npz");
}

static void test_json_corpus(void **state)
{
    (void)state;
    replay(fuzz_json_one, "json");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_npy_corpus),
        cmocka_unit_test(test_npz_corpus),
        cmocka_unit_test(test_json_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
