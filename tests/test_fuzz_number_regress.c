/* test_fuzz_number_regress.c - every input the number fuzzer ever failed on
 * (kept in tests/fuzz/regress-number/) and its seed corpus go through the
 * harness again: make test replays them without libFuzzer. The harness
 * traps on a broken contract, which fails this test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#include "fuzz/fuzz_number.c"

static int run_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        static char buf[4096];
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
        n++;
    }
    closedir(dp);
    return n;
}

static void test_number_regressions(void **state)
{
    (void)state;
    run_dir("tests/fuzz/regress-number");
    assert_true(run_dir("tests/fuzz/corpus-number") > 0);
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
