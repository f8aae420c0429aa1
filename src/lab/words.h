/* words.h - the lab's refusals in words, English or Chinese.
 *
 * The engine and the editor return codes (EngineError, EditRefusal): a kind
 * and its numbers. The views (terminal lab, command line) call these to say
 * them in the learner's language. English comes from engine_error_english()
 * for the engine's refusals, so each English sentence is written once. */
#ifndef ATTN_WORDS_H
#define ATTN_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/engine.h"
#include "lab/editor.h"
#include "model/summary.h"

/* The sentence for an engine refusal into buf (n bytes, always terminated);
 * returns buf. Chinese when zh, else English. */
const char *words_engine_error(const EngineError *e, bool zh, char *buf, size_t n);
/* The sentence for an editor refusal (an EDIT_ENGINE refusal says the
 * engine's); returns buf. */
const char *words_edit_refusal(const EditRefusal *r, bool zh, char *buf, size_t n);

/* A head's pattern label (model/summary.h) in Chinese when zh, else
 * head_pattern_name's English. */
const char *words_head_pattern(HeadPattern p, bool zh);
/* The line saying how the label was found, from the summary's numbers:
 * head_pattern_how's English, or the same in Chinese; returns buf. */
const char *words_head_pattern_how(const HeadSummary *s, bool zh, char *buf, size_t n);

#endif
