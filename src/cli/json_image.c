/* json_image.c - see json_image.h. The weights are the step's own (the
 * same numbers as "weights"), regrouped so that a reader sees the grid:
 * "weights_by_word": {"woman": [[r0c0 .. r0c5], .., [r5c0 .. r5c5]], ..}. */
#include "cli/json_image.h"

#include <string.h>

/* The grid of one row of weights (or of labels when w is NULL). */
static cJSON *grid(const LessonStep *s, const LessonImage *img, const float *w)
{
    cJSON *rows = cJSON_CreateArray();
    for (int r = 0; r < img->rows; r++) {
        cJSON *row = cJSON_CreateArray();
        for (int c = 0; c < img->cols; c++) {
            char buf[32];
            int j = r * img->cols + c;
            cJSON_AddItemToArray(row, w ? json_number(w[j]) : cJSON_CreateString(lesson_label(s, false, j, buf, sizeof buf)));
        }
        cJSON_AddItemToArray(rows, row);
    }
    return rows;
}

cJSON *json_picture(const Lesson *l, int k, const Result *r)
{
    const LessonImage *img = &l->image;
    const Mat wm = r->main.weights;
    if (!img->rgb || img->rows < 1 || wm.cols != img->rows * img->cols)
        return NULL;
    const LessonStep *s = &l->steps[k];
    cJSON *o = cJSON_CreateObject();
    const char *base = strrchr(img->path, '/');
    cJSON_AddStringToObject(o, "file", base ? base + 1 : img->path);
    cJSON_AddNumberToObject(o, "width", img->w);
    cJSON_AddNumberToObject(o, "height", img->h);
    cJSON *g = cJSON_CreateObject();
    cJSON_AddNumberToObject(g, "rows", img->rows);
    cJSON_AddNumberToObject(g, "cols", img->cols);
    cJSON_AddItemToObject(o, "grid", g);
    cJSON_AddItemToObject(o, "regions", grid(s, img, NULL));
    cJSON *by = cJSON_CreateObject();
    for (int q = 0; q < wm.rows; q++) {
        char buf[32];
        cJSON_AddItemToObject(by, lesson_label(s, true, q, buf, sizeof buf),
                              grid(s, img, wm.v + (size_t)q * (size_t)wm.cols));
    }
    cJSON_AddItemToObject(o, "weights_by_word", by);
    return o;
}
