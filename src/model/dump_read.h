/* dump_read.h - reading a model's attention from the files people have.
 *
 *   .npz   np.savez(path, attn=A, tokens=T[, q_tokens=, k_tokens=, q=, k=, v=,
 *          scores=, about=]): A float32/float64/float16 (or bfloat16, stored
 *          as 2-byte raw) [layers, heads, q, k], [heads, q, k] or [q, k];
 *          T a numpy unicode array. Stored or deflated members (libzip).
 *   .npy   a bare array as above; the tokens come from tokens_path (one
 *          token a line, UTF-8); without it they are numbered "0", "1", ...
 *          (tokens_path, when given, also replaces an .npz's or a JSON
 *          file's tokens; a file without any gets numbers and a warning)
 *   .json  {"tokens": [...], "attention": [[[...]]]} (CircuitsVis's
 *          [heads, dest, src], or [layers, heads, q, k], or [q, k]) (cJSON).
 * The format is found from the file's first bytes (zip, \x93NUMPY, '{'),
 * not its name. Big-endian arrays are converted; Fortran-order arrays are
 * transposed to C order.
 *
 * Errors name the file and what is wrong ("heads.npz: attn has 12 query rows
 * but tokens has 11 entries"); a truncated or damaged file is an error, never
 * a crash. Problems go into diags (base/diag.h; line 0: the whole file).
 * Checks that do not stop the reading (rows that do not sum to 1, see
 * model/check.h) are left to the caller. */
#ifndef ATTN_DUMP_READ_H
#define ATTN_DUMP_READ_H

#include "base/diag.h"
#include "model/dump.h"

/* Reads path (tokens_path may be NULL). Returns a dump the caller frees with
 * dump_free, or NULL with at least one error in diags. */
AttnDump *dump_read(const char *path, const char *tokens_path, Diags *diags);
/* The same from bytes in memory (the fuzz harnesses); name is used in the
 * messages. */
AttnDump *dump_read_mem(const void *data, size_t len, const char *name, Diags *diags);

#endif
