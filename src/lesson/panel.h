/* panel.h - the one table of panels: what a step can show, and all that a
 * view needs to know about each kind, in one const row per kind (like
 * tmux's cmd_entry or tig's view_ops).
 *
 * A row says: the name lessons and --panel write, the words for it in
 * English and Chinese, what a figure writes over it, its scale (weights on
 * 0..1 or signed numbers around 0), which token labels run along its rows
 * and columns, where its numbers come from (a getter over a Result and its
 * Scenario: the matrix, its mask, one head, either co-attention direction)
 * and when a step has it (or why not). The views (text view, figures, the
 * terminal, explanations, lesson checks) read the rows; none of them
 * switches on a panel kind, except explain.c, which explains each kind's
 * own arithmetic.
 *
 * ADDING A PANEL is one row and its getter:
 *   1. a PANEL_* value in PanelId, before PANEL__COUNT;
 *   2. its row in panel.c's table, with every field set: name (unique,
 *      letters, digits and '_'), word_zh, title_en, the axes, scale, src,
 *      a getter (get), an availability rule (available), a figure caption
 *      and a terminal title;
 *   3. a getter returning borrowed matrices from the Result or Scenario
 *      (the Result owns them; nothing is allocated);
 *   4. if the learner may ask "how was this computed", a case in
 *      explain.c's recompute() (else it says there is nothing to explain);
 *   5. the name in lessons/FORMAT.md's list of panels.
 * tests/test_panel.c checks every row is complete and the names unique. */
#ifndef ATTN_PANEL_H
#define ATTN_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"

/* What a step shows. Kinds below PANEL_SCORES are the matrices by MatName
 * (Q, K and V show what attention used, after any projection). PANEL_COST
 * is no matrix of the step: the terminal measures full against local
 * attention on this machine and draws time against n (cost.h); figures and
 * JSON have no such panel. */
typedef enum {
    PANEL_SCORES = M__COUNT, PANEL_WEIGHTS, PANEL_OUTPUT, PANEL_HEADS, PANEL_CONCAT,
    PANEL_AFFINITY, PANEL_WEIGHTS_BA, PANEL_OUTPUT_BA, PANEL_PE, PANEL_HIDDEN, PANEL_HIDDEN_BA, PANEL_COST,
    /* a trained model's heads, read from the lesson's `dump` file (attnlab view); before the modes' own
     * panels (PANEL_VIEWS on), which JSON and the tests take to be matrices of the step */
    PANEL_MODEL,
    /* multidim (Lin et al. 2017) */
    PANEL_VIEWS, PANEL_CONTEXT, PANEL_EMBEDDING, PANEL_GRAM, PANEL_PENALTY,
    /* hierarchical (Yang et al. 2016) */
    PANEL_WORD_WEIGHTS, PANEL_SENTENCE_WEIGHTS, PANEL_SENTENCE_VECTORS, PANEL_DOCUMENT,
    /* memory (Sukhbaatar et al. 2015) */
    PANEL_HOPS, PANEL_QUERY_PATH,
    PANEL_IMAGE,    /* the weights over a lesson's picture (its `image`): one query at a time */
    /* parallel co-attention: fine and coarse side by side (both granularities) */
    PANEL_COMBINED, PANEL_COMBINED_BA,
    /* live, as cost: the trained reversers' accuracy against length, with and
     * without attention, measured in the terminal (lab/bottleneck.h) */
    PANEL_BOTTLENECK,
    /* a translator step: this step's context vector c_i (the output's last
     * row), its 2H numbers as two rows, the forward half over the backward */
    PANEL_CONTEXT_NOW,
    PANEL__COUNT
} PanelId;

/* Which labels run along an axis: numbers 0..n-1, or the step's query or
 * key tokens (in co-attention, A's and B's). */
typedef enum { PAX_INDEX, PAX_QUERY, PAX_KEY } PanelAxis;

/* How the numbers are coloured: weights on 0..1 (a sequential map), or
 * signed numbers on a diverging map around 0. */
typedef enum { PSCALE_WEIGHTS, PSCALE_SIGNED } PanelScale;

/* Where a panel's numbers come from. The attention sources carry masks
 * and, in coarse co-attention, a single pooled or summary query row. */
typedef enum {
    PSRC_MAIN,      /* the step's attention (co-attention: A attends to B) */
    PSRC_HEAD,      /* one head of a multi-head step */
    PSRC_B2A,       /* co-attention's other direction: B attends to A */
    PSRC_RESULT,    /* another matrix the engine computed (Q, concat, PE...) */
    PSRC_INPUT,     /* a matrix as the lesson (or the learner) wrote it */
    PSRC_LIVE,      /* no matrix: measured live in the terminal (cost) */
    PSRC_FILE       /* no matrix of the step: a model's attention from the lesson's `dump` file */
} PanelSource;

/* Why a step cannot show a panel; panel_why_text() words it. */
typedef enum {
    PAV_OK, PAV_UNKNOWN, PAV_LIVE_ONLY, PAV_MULTIHEAD_ONLY, PAV_COATTENTION_ONLY, PAV_NEEDS_POSITION,
    PAV_HAS_A_AND_B, PAV_NO_MATRIX, PAV_LU_ONLY, PAV_MULTIDIM_ONLY, PAV_HIERARCHICAL_ONLY, PAV_MEMORY_ONLY,
    PAV_QKV_ONLY, PAV_FILE_ONLY, PAV_PARALLEL_ONLY, PAV_TRANSLATOR_ONLY
} PanelWhy;

/* A panel's numbers, all borrowed from the Result or the Scenario. */
typedef struct {
    Mat m;                  /* (rows, cols); empty when the step has none */
    const uint8_t *keep;    /* (rows, cols) 1 = attended, 0 = masked; or NULL */
    const AttnHead *att;    /* the attention it belongs to (row_empty), or NULL */
} PanelMat;

typedef struct {
    const char *name;       /* lessons and --panel; also the English word of a
                               cell, as goals write it ("weights_ba[0][1]") */
    const char *word_zh;    /* the Chinese word ("权重 B->A"); = name for a matrix */
    const char *title_en;   /* a heading in plain text ("weights B->A") */
    PanelAxis rows, cols;
    const char *row_axis, *col_axis;    /* axis names in figures, English */
    PanelScale scale;
    PanelSource src;
    bool per_head;          /* shown once per head (get's head argument) */
    /* Each function is given the row's own kind, so that one function can
     * serve many rows (the matrices as written). */
    /* The numbers; head is used only when per_head. */
    PanelMat (*get)(int kind, const Result *r, const Scenario *sc, int head);
    /* Whether a step with this scenario has the panel. */
    PanelWhy (*available)(int kind, const Scenario *sc);
    /* What a figure writes over the map: its word and formula, in Chinese
     * when zh (formulas stay as they are). head as for get. */
    void (*caption)(int kind, const AttnConfig *c, bool zh, int head, char *buf, size_t n);
    /* The terminal's one-line title over the map: shorter, and the formula
     * the (possibly edited) configuration uses. Arguments as for caption. */
    void (*title)(int kind, const AttnConfig *c, bool zh, int head, char *buf, size_t n);
} PanelEntry;

/* The row of a kind, or NULL when kind is no PanelId. */
const PanelEntry *panel_entry(int kind);
/* "weights", "Q", ...; "?" when kind is no PanelId. */
const char *panel_name(int kind);
/* The kind named s (case-insensitive), or -1 if unknown. */
int panel_parse(const char *s);
/* The word for a kind in running text: its Chinese word when zh, else its name. */
const char *panel_word(int kind, bool zh);
/* The numbers of a kind (empty PanelMat when kind is unknown). */
PanelMat panel_get(int kind, const Result *r, const Scenario *sc, int head);

/* Whether a step (its scenario) has the panel: PAV_OK, or why not. A live
 * panel (cost) is available: the terminal and text view show it. */
PanelWhy panel_available(int kind, const Scenario *sc);
/* The same for a figure, which cannot draw a live panel. */
PanelWhy panel_drawable(int kind, const Scenario *sc);
/* The reason as an English clause ("only a multihead step has it"). */
const char *panel_why_text(PanelWhy why);

/* An axis name of a row ("Queries", "Dimensions"...), as A and B in a
 * co-attention step, and in Chinese when zh. row: the row axis, else the
 * column axis. */
const char *panel_axis_name(const PanelEntry *e, bool row, bool co, bool zh);
/* "A attends to B" (or B to A when b2a), in Chinese when zh. */
const char *panel_direction(bool b2a, bool zh);
/* Whether rows of this panel are one pooled or summary query rather than
 * tokens: an attention in coarse co-attention, with one row. */
bool panel_rows_pooled(const PanelEntry *e, const AttnConfig *c, int rows);

#endif
