/* json.h - every stage of a step as JSON (cJSON), for `attnlab compute`.
 * The shape is the interface in DESIGN.md; lessons/FORMAT.md shows it. */
#ifndef ATTN_JSON_H
#define ATTN_JSON_H

#include "engine/engine.h"
#include "lesson/lesson.h"

/* A malloc'd JSON text for step k (0-based), or for every step (k < 0) as
 * an array. lang picks the narration ("en" or "zh"). NULL with a message in
 * err when a step cannot be computed. */
char *json_lesson(const Lesson *l, int k, const char *lang, char *err, size_t errlen);

/* The shortest decimal text that reads back as exactly f (up to 9 digits). */
void json_float_text(float f, char *buf, size_t n);

#endif
