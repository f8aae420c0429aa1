/* textview_image.h - panel image in the plain text view (textview_image.c). */
#ifndef ATTN_TEXTVIEW_IMAGE_H
#define ATTN_TEXTVIEW_IMAGE_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/engine.h"
#include "lesson/lesson.h"

/* Prints step s's weights over l's picture: for every query word a grid of
 * the regions' weights, laid out as the picture is. False (nothing printed)
 * when the lesson has no grid the weights cover. */
bool textview_image(FILE *out, const Lesson *l, const LessonStep *s, const Result *r);

#endif
