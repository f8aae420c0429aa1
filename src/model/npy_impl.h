/* npy_impl.h - what npy.c and npz.c share (not for other modules): the
 * parsed header and the reading of an array's data from any byte source. */
#ifndef ATTN_NPY_IMPL_H
#define ATTN_NPY_IMPL_H

#include <stddef.h>

#include "model/npy.h"

#define NPY_DIM_MAX (1L << 40)   /* one axis: larger is damage, not data */

typedef enum { NPY_F16, NPY_F32, NPY_F64, NPY_BF16, NPY_UNICODE } NpyKind;

typedef struct {
    NpyKind kind;
    int swap;              /* the file's byte order is not the machine's */
    int fortran;
    int ndim;
    long shape[NPY_MAX_DIMS];
    size_t itemsize;       /* bytes of one element in the file */
    size_t count, bytes;   /* elements and data bytes (no overflow: checked) */
    size_t data_off;       /* where the data starts: after the header */
} NpyHeader;

/* The magic, version and header of a .npy whose first len bytes are p
 * (len may stop after the header). where names the file in messages. */
int npy_header_parse(const unsigned char *p, size_t len, const char *where, NpyHeader *h, Diags *diags);
/* The dict literal alone (text, len), into h. */
int npy_dict_parse(const char *text, size_t len, const char *where, NpyHeader *h, Diags *diags);
int npy_header_count(NpyHeader *h, const char *where, Diags *diags);

/* Reads up to n bytes into buf: how many (fewer only at the end), or -1 on
 * a damaged source (then it has added its own message). */
typedef long (*NpyReadFn)(void *ctx, void *buf, size_t n);
/* h->bytes bytes of data from read into *out, converted to float32 C order
 * or to UTF-8 strings. 0, or -1 with an error in diags. */
int npy_body_read(const NpyHeader *h, NpyReadFn read, void *ctx, const char *where, NpyArray *out,
                  Diags *diags);

#endif
