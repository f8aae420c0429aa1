/* lesson_image.c - see lesson_image.h. */
#include "lesson/lesson_image.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

int lesson_image_read(LessonImage *img, char *err, size_t errlen)
{
    png_image pi;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&pi, img->path)) {
        snprintf(err, errlen, "cannot read the picture %s: %s", img->path, pi.message);
        png_image_free(&pi);
        return -1;
    }
    if (pi.width < 1 || pi.height < 1 || pi.width > LESSON_IMAGE_MAX_SIDE || pi.height > LESSON_IMAGE_MAX_SIDE) {
        snprintf(err, errlen, "the picture %s is %u x %u pixels; a lesson's picture is at most %d a side",
                 img->path, pi.width, pi.height, LESSON_IMAGE_MAX_SIDE);
        png_image_free(&pi);
        return -1;
    }
    pi.format = PNG_FORMAT_RGB;
    uint8_t *px = xmalloc(PNG_IMAGE_SIZE(pi));
    png_color white = {255, 255, 255};
    if (!png_image_finish_read(&pi, &white, px, 0, NULL)) {
        snprintf(err, errlen, "cannot read the picture %s: %s", img->path, pi.message);
        free(px);
        png_image_free(&pi);
        return -1;
    }
    free(img->rgb);
    img->rgb = px;
    img->w = (int)pi.width;
    img->h = (int)pi.height;
    return 0;
}

void lesson_image_region(const LessonImage *img, int x, int y, int *r, int *c)
{
    /* the grid has at most 64 regions: a plain search is exact and short */
    int rr = 0, cc = 0;
    while (rr + 1 < img->rows && (long)(rr + 1) * img->h / img->rows <= y)
        rr++;
    while (cc + 1 < img->cols && (long)(cc + 1) * img->w / img->cols <= x)
        cc++;
    *r = rr;
    *c = cc;
}

Mat lesson_image_features(const LessonImage *img)
{
    Mat m = mat_new(img->rows * img->cols, LESSON_IMAGE_FEATURES);
    for (int r = 0; r < img->rows; r++)
        for (int c = 0; c < img->cols; c++) {
            int y0 = r * img->h / img->rows, y1 = (r + 1) * img->h / img->rows;
            int x0 = c * img->w / img->cols, x1 = (c + 1) * img->w / img->cols;
            double sum[3] = {0, 0, 0};
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                    for (int k = 0; k < 3; k++)
                        sum[k] += img->rgb[((size_t)y * (size_t)img->w + (size_t)x) * 3 + (size_t)k];
            double n = (double)(y1 - y0) * (double)(x1 - x0);
            for (int k = 0; k < 3; k++)
                m.v[(r * img->cols + c) * 3 + k] = n > 0 ? (float)(sum[k] / n / 255.0 - 0.5) : 0.0f;
        }
    return m;
}

void lesson_image_free(LessonImage *img)
{
    free(img->path);
    free(img->rgb);
    memset(img, 0, sizeof *img);
}
