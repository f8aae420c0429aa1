/* mat.h - the one matrix type: a row-major float array with its shape.
 *
 * A Mat does not own its data unless made by mat_new(); matrices inside a
 * Result point into the Result's single block (see engine.h). Row vectors
 * are 1 x n. An empty Mat has v == NULL and rows == cols == 0. */
#ifndef ATTN_MAT_H
#define ATTN_MAT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int rows, cols;
    float *v; /* (rows, cols), row-major */
} Mat;

#define MAT_AT(m, i, j) ((m).v[(size_t)(i) * (size_t)(m).cols + (size_t)(j)])

Mat mat_new(int rows, int cols);        /* zero-filled, owned: mat_free() */
Mat mat_copy(Mat m);                    /* owned deep copy */
void mat_free(Mat *m);                  /* for owned matrices only */
static inline bool mat_empty(Mat m) { return m.v == NULL || m.rows == 0 || m.cols == 0; }
static inline size_t mat_size(Mat m) { return (size_t)m.rows * (size_t)m.cols; }

/* A bump allocator: a chain of large blocks carved into named matrices and
 * released together by arena_free(). A Result owns one (engine.h). */
typedef struct ArenaBlock ArenaBlock;
typedef struct {
    ArenaBlock *head;
} Arena;

void *arena_alloc(Arena *a, size_t n);       /* zero-filled, 32-byte aligned */
Mat arena_mat(Arena *a, int rows, int cols); /* zero-filled */
void arena_free(Arena *a);                   /* every pointer from it dies */

#endif
