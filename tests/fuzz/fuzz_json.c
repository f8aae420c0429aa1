/* fuzz_json.c - libFuzzer harness: any bytes as a JSON attention file
 * ({"tokens": [...], "attention": [...]}) through dump_read_mem. The
 * contract: refuse with a message, or give a dump that keeps
 * dump_contract.h's rules. */
#include <stddef.h>
#include <stdint.h>

#include "dump_contract.h"
#include "model/dump_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Diags diags = {0};
    contract_dump(dump_read_mem(data, size, "fuzz.json", &diags), &diags);
    diags_free(&diags);
    return 0;
}
