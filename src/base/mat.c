#include "base/mat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

Mat mat_new(int rows, int cols)
{
    Mat m = {rows, cols, NULL};
    m.v = xcalloc((size_t)rows * (size_t)cols, sizeof(float));
    return m;
}

Mat mat_copy(Mat m)
{
    Mat c = mat_new(m.rows, m.cols);
    if (!mat_empty(m))
        memcpy(c.v, m.v, mat_size(m) * sizeof(float));
    return c;
}

void mat_free(Mat *m)
{
    free(m->v);
    m->v = NULL;
    m->rows = m->cols = 0;
}

struct ArenaBlock {
    ArenaBlock *next;
    size_t used, cap;
    _Alignas(32) unsigned char data[];
};

#define ARENA_BLOCK (64u * 1024u)

void *arena_alloc(Arena *a, size_t n)
{
    n = (n + 31u) & ~(size_t)31u;
    ArenaBlock *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        b = xmalloc(sizeof *b + cap);
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

Mat arena_mat(Arena *a, int rows, int cols)
{
    Mat m = {rows, cols, NULL};
    m.v = arena_alloc(a, (size_t)rows * (size_t)cols * sizeof(float));
    return m;
}

void arena_free(Arena *a)
{
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
