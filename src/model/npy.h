/* npy.h - numpy's .npy arrays, alone or as members of an .npz (a zip).
 *
 * The .npy header is parsed here (format v1: u16 header length; v2 and v3:
 * u32), the zip is read with libzip (stored and deflated members). An array
 * reads as float32, C order, native byte order, whatever the file held:
 * <f4 >f4 <f8 >f8 <f2 >f2, and bfloat16 stored as 2-byte raw ('|V2' or
 * '<u2' named in the reader's docs); Fortran order is transposed. Unicode
 * arrays ('<U12', UTF-32) read as UTF-8 strings. Anything else is refused
 * with a message naming the file, the member and what is wrong.
 *
 * Ownership: an Npz owns its libzip handle; arrays and strings returned are
 * the caller's (free the NpyArray with npy_array_free). */
#ifndef ATTN_NPY_H
#define ATTN_NPY_H

#include <stddef.h>

#include "base/diag.h"

#define NPY_MAX_DIMS 8

typedef struct {
    int ndim;
    long shape[NPY_MAX_DIMS];
    size_t count;        /* product of the shape */
    float *data;         /* count floats, C order (numbers) */
    char **strings;      /* count UTF-8 strings (a unicode array), else NULL */
} NpyArray;

void npy_array_free(NpyArray *a);

/* A .npy file's bytes (data, len) into *out; name is for the messages.
 * Returns 0, or -1 with an error in diags. */
int npy_parse(const void *data, size_t len, const char *name, NpyArray *out, Diags *diags);

typedef struct Npz Npz;
/* Opens an .npz from a file, or from bytes in memory (copied). NULL with an
 * error in diags when it is not a zip or is damaged. */
Npz *npz_open(const char *path, Diags *diags);
Npz *npz_open_mem(const void *data, size_t len, const char *name, Diags *diags);
void npz_close(Npz *z);
/* Whether the archive has member "name.npy". */
int npz_has(const Npz *z, const char *name);
/* Reads member "name.npy" into *out. 0, or -1 with an error in diags
 * (missing member, damaged data, an unsupported dtype). */
int npz_read(Npz *z, const char *name, NpyArray *out, Diags *diags);

#endif
