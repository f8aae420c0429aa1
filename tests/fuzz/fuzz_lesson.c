/* fuzz_lesson.c - libFuzzer harness: any bytes as a lesson file. A lesson
 * that loads is computed step by step and printed as JSON, so the engine and
 * the references in goals and narration are fuzzed too. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cli/json.h"
#include "lesson/lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Lesson l;
    Diags d = {0};
    if (lesson_load_mem("fuzz.lesson", (const char *)data, size, &l, &d) == 0) {
        char err[200];
        char *json = json_lesson(&l, -1, "zh", err, sizeof err);
        free(json);
        lesson_free(&l);
    }
    diags_free(&d);
    return 0;
}
