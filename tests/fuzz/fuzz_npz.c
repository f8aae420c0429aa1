/* fuzz_npz.c - libFuzzer harness: any bytes as an .npz (a zip), through
 * npz_open_mem and npz_read of each member a dump may have, then
 * dump_read_mem. The contract: refuse with a message, or give arrays and a
 * dump that keep dump_contract.h's rules. */
#include <stddef.h>
#include <stdint.h>

#include "dump_contract.h"
#include "model/dump_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const members[] = {"attn", "tokens", "q_tokens", "k_tokens", "q", "k", "v", "scores", "about"};
    Diags diags = {0};
    Npz *z = npz_open_mem(data, size, "fuzz.npz", &diags);
    contract(z != NULL || diags_errors(&diags) > 0);
    for (size_t i = 0; z && i < sizeof members / sizeof *members; i++) {
        NpyArray a;
        int errs = diags_errors(&diags);
        if (npz_read(z, members[i], &a, &diags) == 0)
            contract_array(&a);
        else
            contract(diags_errors(&diags) > errs && a.data == NULL && a.strings == NULL);
    }
    npz_close(z);
    diags_free(&diags);
    contract_dump(dump_read_mem(data, size, "fuzz.npz", &diags), &diags);
    diags_free(&diags);
    return 0;
}
