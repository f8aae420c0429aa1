/* ref.h - naming one computed number, for goals and for narration.
 *
 *   weights[0][2]            a cell of a stage: scores weights output concat
 *                            affinity weights_ba output_ba, or an input or
 *                            projected matrix by name (Q K V X Wq ...);
 *                            views[1][3] hops[1][2] penalty[0][0]... for
 *                            multidim, hierarchical and memory steps
 *   heads[1].weights[0][2]   a cell of one head (scores weights output)
 *   centre[0]                local attention's centre p_t for query row 0
 *
 * A goal is one or more conditions joined by "and":
 *   weights[0][2] > 0.9 and output[0][1] <= weights[1][1]
 * with > >= < <= == != (== and != compare within 0.005). On a translator
 * step (lesson_tr.h) a condition may also be the word `wrong`: the input
 * reads as a date (model/dates.h) and the model's translation differs from
 * it. */
#ifndef ATTN_REF_H
#define ATTN_REF_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/engine.h"
#include "base/util.h"

typedef enum {
    REF_SCORES, REF_WEIGHTS, REF_OUTPUT, REF_CONCAT, REF_AFFINITY, REF_WEIGHTS_BA, REF_OUTPUT_BA,
    /* multidim, hierarchical, memory: each a panel of the same name */
    REF_VIEWS, REF_CONTEXT, REF_EMBEDDING, REF_GRAM, REF_PENALTY, REF_WORD_WEIGHTS, REF_SENTENCE_WEIGHTS,
    REF_SENTENCE_VECTORS, REF_DOCUMENT, REF_HOPS, REF_QUERY_PATH, REF_COMBINED, REF_COMBINED_BA,
    REF_CENTRE, REF_MAT, REF__COUNT
} RefStage;

typedef struct {
    RefStage stage;
    MatName mat;            /* for REF_MAT */
    int head;               /* -1, or the head for heads[h].stage */
    int i, j;               /* j unused for REF_CENTRE */
} Ref;

/* Parses a reference at *s, advancing it past. 0, or -1 with a message. */
int ref_parse(const char **s, Ref *out, char *err, size_t errlen);
/* The value, or -1 with a message when the cell does not exist here. */
int ref_eval(const Ref *ref, const Result *r, const Scenario *sc, float *out, char *err, size_t errlen);
/* Writes a reference back as text ("heads[1].weights[0][2]"): for
 * messages that name a cell (ref.c, lesson_reach.c). */
void ref_format(const Ref *ref, char *buf, size_t n);

/* The panel (PanelId or MatName) that shows a reference's matrix:
 * PANEL_HEADS for a head's cell; -1 when none has one of its own
 * (centre[i] is drawn with the weights). */
int ref_panel(const Ref *r);

typedef enum { OP_GT, OP_GE, OP_LT, OP_LE, OP_EQ, OP_NE } CmpOp;
typedef struct {
    Ref lhs;
    CmpOp op;
    bool rhs_is_ref;
    Ref rhs;
    float value;
} Cond;

#define GOAL_MAX_CONDS 4
typedef struct {
    int n;
    Cond c[GOAL_MAX_CONDS];
    bool wrong;             /* the condition `wrong` (at most once) */
} Goal;

int goal_parse(const char *s, Goal *g, char *err, size_t errlen);
/* Does a OP b hold? (== and != within 0.005) */
bool goal_compare(CmpOp op, float a, float b);
/* 1 met, 0 not met, -1 a cell does not exist (message in err). With
 * `wrong`, an input that reads as no date is not met, and err says why
 * ("attnlab cannot tell which date "11/30/26" is: there is no month 30");
 * err is "" otherwise when 0 or 1. */
int goal_eval(const Goal *g, const Result *r, const Scenario *sc, char *err, size_t errlen);

/* Narration with placeholders: "{weights[0][2]}" becomes the value with two
 * decimals, "{weights[0][2]:3}" with three. "{{" and "}}" are literal braces.
 * With r == NULL only checks the syntax. Returns 0, or -1 with a message
 * (out then holds what could be rendered). */
int ref_render(const char *text, const Result *r, const Scenario *sc, StrBuf *out, char *err, size_t errlen);

#endif
