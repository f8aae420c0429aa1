/* lesson_tr.h - a step that runs a trained translator (model/seq2seq.h):
 * `translator = FILE`, `input = TEXT`, `decode = N` (lessons/FORMAT.md).
 *
 * The step's numbers come from the model, not from matrices the lesson
 * writes: row i of every panel is the decoder step that wrote character
 * i + 1 (the rows grow with `decode`), the columns are the input's
 * characters. In the additive score e_ij = v . tanh(W s_{i-1} + U h_j):
 *   Q        (N, A)   W s_{i-1}: the decoder state as the query
 *   K        (n, A)   U h_j: the encoder states as keys
 *   V        (n, 2H)  h_j: the encoder states as values
 *   scores   (N, n)   e_ij;  weights (N, n) a_ij (the alignment so far)
 *   output   (N, 2H)  c_i, the context vectors
 * The step's query labels are the characters written, its key labels the
 * input's characters ("_" for a space). A LessonTr is owned by its step
 * (lesson_free frees it). */
#ifndef ATTN_LESSON_TR_H
#define ATTN_LESSON_TR_H

#include "base/diag.h"
#include "base/mat.h"
#include "engine/engine.h"
#include "model/seq2seq.h"

struct LessonStep;

#define LESSON_TR_MAX_INPUT 40      /* characters of an input */
#define LESSON_TR_MODELS 4          /* models one lesson may load */
/* Bahdanau et al.'s additive score as the trained model computes it */
#define LESSON_TR_FORMULA "e = v.tanh(W s + U h)"
#define LESSON_TR_ALL 0             /* decode = all: the whole translation */

typedef struct {
    const S2sModel *m;      /* borrowed from the lesson */
    char *input;            /* owned */
    int decode;             /* as asked (LESSON_TR_ALL or a count) */
    int rows, n;            /* characters written (rows shown), input length */
    int total;              /* characters the whole translation writes, "</s>" counted */
    Mat Q, K, V, scores, weights, output, va;   /* owned; va (1, A) is v */
    char **row_lab, **col_lab;                  /* owned, NULL-terminated */
    char *written;          /* the rows' characters as text, without "</s>" */
    char *translation;      /* the whole output, without "</s>" */
} LessonTr;

/* (Re)computes step s's translator numbers for input with decode
 * characters written, and points the step's labels at them. On a problem
 * (a character the model never saw, an empty or too long input) returns -1
 * with the reason in d (file and line as given) and keeps what was there. */
int lesson_tr_set(struct LessonStep *s, const S2sModel *m, const char *input, int decode, Diags *d,
                  const char *file, int line);
/* Sets sc's ext_run for a translator step (nothing for another). */
void lesson_tr_scenario(const struct LessonStep *s, Scenario *sc);
/* The translator numbers sc runs (set by lesson_tr_scenario), or NULL. */
const LessonTr *lesson_tr_of(const Scenario *sc);
/* Whether the translation is wrong: 1 when the input reads as a date
 * (model/dates.h) other than the one written, 0 when it is right, -1 when
 * the input reads as no date (why says so, for the learner). */
int lesson_tr_wrong(const LessonTr *t, char *why, size_t n);
/* Frees s's translator numbers (if any). */
void lesson_tr_free(struct LessonStep *s);
/* The additive score of row i, column j, term by term (each A floats, the
 * caller's): ws = W s_{i-1}, uh = U h_j, t = tanh(ws + uh), vt = v t;
 * returns e_ij. */
float lesson_tr_score_terms(const LessonTr *t, int i, int j, float *ws, float *uh, float *th, float *vt);

#endif
