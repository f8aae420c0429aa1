/* dump_contract.h - what every dump a reader returns must keep, for the
 * npy/npz/JSON fuzz harnesses: sane sizes, finite weights, valid UTF-8
 * tokens on both axes; then the checks and summaries must run on it.
 * Traps (a crash libFuzzer reports) on a broken contract. */
#ifndef ATTN_FUZZ_DUMP_CONTRACT_H
#define ATTN_FUZZ_DUMP_CONTRACT_H

#include <math.h>
#include <string.h>

#include "base/utf8.h"
#include "model/check.h"
#include "model/npy.h"
#include "model/summary.h"

static void contract(int ok)
{
    if (!ok)
        __builtin_trap();
}

static void contract_tokens(char **t, int n)
{
    contract(t != NULL);
    for (int i = 0; i < n; i++)
        contract(t[i] && utf8_valid(t[i], strlen(t[i])));
}

/* A dump from a reader, then the work a view does on it; frees it. */
static void contract_dump(AttnDump *d, const Diags *diags)
{
    if (!d) {
        contract(diags_errors(diags) > 0);
        return;
    }
    contract(diags_errors(diags) == 0);
    contract(d->layers >= 1 && d->heads >= 1 && d->nq >= 1 && d->nk >= 1 && d->path);
    contract_tokens(d->q_tokens, d->nq);
    contract_tokens(d->k_tokens, d->nk);
    contract((d->q != NULL) == (d->d_head > 0) && (d->k != NULL) == (d->q != NULL) && (d->v != NULL) == (d->q != NULL));
    DumpCheck c;
    dump_check(d, &c);
    contract(c.finite);
    HeadSummary s;
    char how[200];
    head_summary(d, d->layers - 1, d->heads - 1, &s);
    head_pattern_how(&s, how, sizeof how);
    contract(isfinite(s.mean_dist) && isfinite(s.entropy) && strlen(head_pattern_name(s.pattern)) > 0);
    dump_softmax_rows(d);
    dump_check(d, &c);
    contract(c.finite && c.rows_off == 0);
    dump_free(d);
}

/* An array npy_parse or npz_read returned: its count is its shape's. */
static void contract_array(NpyArray *a)
{
    size_t n = 1;
    for (int i = 0; i < a->ndim; i++)
        n *= (size_t)a->shape[i];
    contract(a->count == n && (a->data != NULL) != (a->strings != NULL));
    for (size_t i = 0; a->strings && i < a->count; i++)
        contract(a->strings[i] && utf8_valid(a->strings[i], strlen(a->strings[i])));
    npy_array_free(a);
}

#endif
