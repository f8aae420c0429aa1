/* json_image.h - the `picture` object of `attnlab compute` for a lesson
 * with `image` and `grid` (json_image.c). */
#ifndef ATTN_JSON_IMAGE_H
#define ATTN_JSON_IMAGE_H

#include <cJSON.h>

#include "engine/engine.h"
#include "lesson/lesson.h"

/* A float as the shortest JSON number that reads back the same; null for
 * an infinity (json.c). */
cJSON *json_number(float f);
/* The picture, its grid, the region labels as rows x cols and every query
 * word's weights laid out on the grid; NULL (nothing to add) when the
 * lesson has no grid or the weights do not cover it. The caller owns it. */
cJSON *json_picture(const Lesson *l, int k, const Result *r);

#endif
