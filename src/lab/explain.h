/* explain.h - "show the arithmetic": how one number on the screen was made.
 *
 * Reads a Result and its Scenario and recomputes, in double and for display
 * only, the terms behind one cell: the score as a sum of products (with the
 * division by sqrt(d), the bilinear, additive, location or cosine form),
 * the distribution step by step (max subtracted, each exp, the sum, the
 * division; or sigmoid, argmax, top-k, the sparsemax threshold, the local
 * window and Gaussian), an output as the weighted sum down V's column, and
 * for a masked cell why it is masked. It ends by comparing its own final
 * number with the engine's. The engine stays the one source of the
 * numbers drawn elsewhere; this is a second, independent reading. */
#ifndef ATTN_EXPLAIN_H
#define ATTN_EXPLAIN_H

#include <stdbool.h>

#include "engine/engine.h"
#include "lesson/lesson.h"
#include "base/util.h"

/* Appends the explanation of cell (i, j) of a panel (PANEL_SCORES,
 * PANEL_WEIGHTS, PANEL_OUTPUT, PANEL_HEADS with head, PANEL_AFFINITY,
 * PANEL_WEIGHTS_BA, PANEL_OUTPUT_BA, or a matrix panel) to out, one line
 * per '\n'. s (for token labels) may be NULL. Returns 1 when the recomputed
 * value matches the engine's to display precision, 0 when it does not,
 * -1 when there is nothing to explain (the reason is in out). */
int explain_cell(const Result *r, const Scenario *sc, const LessonStep *s, int panel, int head, int i, int j,
                 StrBuf *out);
/* The same with the words in Chinese when zh (numbers and formulas as they are). */
int explain_cell_lang(const Result *r, const Scenario *sc, const LessonStep *s, int panel, int head, int i, int j,
                      bool zh, StrBuf *out);

#endif
