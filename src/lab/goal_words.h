/* goal_words.h - a step's goal said for the learner, from its labels.
 *
 *   weights[1][1] >= 0.9   ->  make the weight of "cat" for "chat" at least 0.90
 *                              使 "chat" 对 "cat" 的权重至少为 0.90
 *
 * Generated, never written by hand: the lesson's query and key labels name
 * rows and columns, its `features` the columns of Q, K and X. Numbers have
 * two decimals. The terminal's goal line and the JSON's goal.words use it. */
#ifndef ATTN_GOAL_WORDS_H
#define ATTN_GOAL_WORDS_H

#include <stdbool.h>

#include "base/util.h"
#include "lesson/lesson.h"

/* Appends goal g of step s in words to out: Chinese when zh, else English. */
void goal_words(const LessonStep *s, const Goal *g, bool zh, StrBuf *out);
/* Appends one reference as a noun phrase ("the weight of "cat" for "chat""). */
void goal_words_ref(const LessonStep *s, const Ref *r, bool zh, StrBuf *out);

#endif
