/* lesson_image.h - a lesson's picture (`image = park.png`, `grid = 6x6`):
 * the keys are the grid's regions in reading order (lessons/FORMAT.md,
 * "A picture as keys"). The picture is read with libpng's simplified API
 * into 8-bit RGB. */
#ifndef ATTN_LESSON_IMAGE_H
#define ATTN_LESSON_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "base/mat.h"

#define LESSON_IMAGE_MAX_SIDE 1024  /* pixels a side */
#define LESSON_IMAGE_FEATURES 3     /* red, green, blue */

typedef struct {
    char *path;             /* as resolved (beside the lesson); owned, NULL without a picture */
    int line, grid_line;    /* where `image` and `grid` were written */
    int w, h;
    uint8_t *rgb;           /* (h, w, 3), owned; NULL until read */
    int rows, cols;         /* the grid; 0 without one */
} LessonImage;

/* Reads img->path into img->rgb (any PNG libpng reads, flattened to RGB
 * over white). Returns 0, or -1 with a sentence in err. */
int lesson_image_read(LessonImage *img, char *err, size_t errlen);
/* The features of every region, in reading order: (rows * cols) x 3, the
 * mean red, green and blue on 0..1 minus 0.5. Region (r, c) covers rows
 * [r h / rows, (r + 1) h / rows) and likewise columns (integer division).
 * The caller frees the matrix. */
Mat lesson_image_features(const LessonImage *img);
/* The region of pixel (x, y): its row r and column c. */
void lesson_image_region(const LessonImage *img, int x, int y, int *r, int *c);
void lesson_image_free(LessonImage *img);

#endif
