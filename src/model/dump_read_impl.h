/* dump_read_impl.h - what the dump readers share (dump_read.c, dump_json.c);
 * not for other modules. */
#ifndef ATTN_DUMP_READ_IMPL_H
#define ATTN_DUMP_READ_IMPL_H

#include <stddef.h>

#include "base/diag.h"
#include "model/dump.h"
#include "model/npy.h"

/* A dump around data (count floats, shape[ndim]: [layers, heads, q, k],
 * [heads, q, k] or [q, k]), which it adopts on success. NULL with an error
 * naming what (e.g. "attn") when the shape is not one of those. */
AttnDump *dump_adopt(float *data, int ndim, const long *shape, const char *name, const char *what,
                     Diags *diags);
/* Copies the tokens in: q for the query axis, k for the keys (k == q, or
 * k NULL, for self-attention). Their counts must be nq and nk; each must be
 * valid UTF-8. 0, or -1 with an error naming both numbers. */
int dump_take_tokens(AttnDump *d, char *const *q, size_t nq, const char *q_what, char *const *k, size_t nk,
                     const char *k_what, const char *name, Diags *diags);
/* The tokens a file had (string arrays, each may be empty): q_tokens and
 * k_tokens over tokens; none at all: numbered, with a warning. */
int dump_place_tokens(AttnDump *d, const NpyArray *tok, const NpyArray *qt, const NpyArray *kt, const char *name,
                      Diags *diags);
/* Tokens "0", "1", ... on both axes. */
void dump_number_tokens(AttnDump *d);
/* An error naming the first non-finite weight, when there is one: -1. */
int dump_refuse_nonfinite(const AttnDump *d, const char *name, Diags *diags);
/* {"tokens": [...], "attention": [...]} (dump_json.c). */
AttnDump *dump_json_read(const char *text, size_t len, const char *name, Diags *diags);

#endif
