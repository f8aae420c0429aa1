/* fuzz_npy.c - libFuzzer harness: any bytes as a .npy file, through
 * npy_parse and then dump_read_mem (a bare .npy of attention weights). The
 * contract: refuse with a message, or give an array/dump that keeps
 * dump_contract.h's rules. */
#include <stddef.h>
#include <stdint.h>

#include "dump_contract.h"
#include "model/dump_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Diags diags = {0};
    NpyArray a;
    if (npy_parse(data, size, "fuzz.npy", &a, &diags) == 0)
        contract_array(&a);
    else
        contract(diags_errors(&diags) > 0 && a.data == NULL && a.strings == NULL);
    diags_free(&diags);
    contract_dump(dump_read_mem(data, size, "fuzz.npy", &diags), &diags);
    diags_free(&diags);
    return 0;
}
