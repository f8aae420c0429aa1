/* textview.h - a step printed as plain text: the narration, then each panel
 * as a table of numbers with its token labels. Used where no terminal UI can
 * run (TERM=dumb, output not a terminal). Reads a Result; computes nothing,
 * except for the cost panel, a table timed on this machine (cost.h). */
#ifndef ATTN_TEXTVIEW_H
#define ATTN_TEXTVIEW_H

#include <stdio.h>

#include "engine/engine.h"
#include "lesson/lesson.h"

void textview_step(FILE *out, const Lesson *l, int k, const Result *r, const Scenario *sc, const char *lang);
/* The bundled lessons, numbered, with titles. */
void textview_menu(FILE *out, const char *lang);

#endif
