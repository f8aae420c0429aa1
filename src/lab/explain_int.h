/* explain_int.h - shared by explain.c and explain_dist.c only.
 *
 * One attention as explain sees it: its queries, keys and values (owned
 * copies for a head's column block), the config, and how rows are named. */
#ifndef ATTN_EXPLAIN_INT_H
#define ATTN_EXPLAIN_INT_H

#include "lab/explain.h"
#include "base/util.h"

typedef struct {
    const AttnConfig *cfg;
    const Scenario *sc;
    Mat Q, K, V;            /* (nq, d) (nk, d) (nk, dv) */
    Mat W;                  /* general score's W, or its transpose for B->A */
    bool masks;             /* padding/causal/matrix apply (not co-attention) */
    const AttnHead *h;      /* the engine's numbers for this attention */
    const LessonStep *s;
    bool rows_are_keys;     /* B->A: rows are key tokens, columns query tokens */
    bool owned;             /* Q, K, V, W are owned copies */
    bool zh;                /* the words in Chinese (the arithmetic is the same) */
} Att;

/* "2", "0.1", "-1.0025", "3.2e-07": short, exact to 4 decimals.
 * Lifetime: the string lives in a static ring of 16 buffers, so it stays
 * valid until the 16th call after this one; one sb_printf may take up to 16
 * ex_num() arguments, and anything kept longer must be copied (verdict()
 * does). Not thread-safe (the lab explains from one thread). */
const char *ex_num(double v);
/* Token name of row i / column j of this attention. Lifetime: a static ring
 * of 8 buffers shared by ex_row and ex_col, as for ex_num. */
const char *ex_row(const Att *a, int i);
const char *ex_col(const Att *a, int j);
/* The score e[i][j] recomputed in double, explained when out != NULL. */
double ex_score(const Att *a, int i, int j, StrBuf *out);
/* Why (i, j) is masked, or NULL when it is kept. */
const char *ex_mask_reason(const Att *a, int i, int j, char *buf, size_t n);
/* The weight a[i][j] recomputed, with the distribution's steps. */
double ex_weight(const Att *a, int i, int j, StrBuf *out);

/* Lu et al.'s parallel co-attention (explain_lu.c): the cell of panel
 * (affinity, hidden, hidden_ba, weights, weights_ba) recomputed and
 * explained, with the engine's value in *engine; NaN (and *engine NaN)
 * for a panel it leaves to the general explanation. */
double ex_lu(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine);

/* multidim, hierarchical and memory (explain_course.c and one file each):
 * the cell of any of their panels but the inputs, recomputed and
 * explained, the engine's value in *engine; NaN (and *engine NaN) for a
 * panel left to the general explanation (an input as written). */
double ex_course(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine);
double ex_multidim(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine);
double ex_hier(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine);
double ex_memory(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine);
/* A translator step (explain_tr.c; a->sc->ext is its LessonTr): the same
 * contract, scores, weights and output explained. */
double ex_translator(const Att *a, const Result *r, int panel, int i, int j, StrBuf *out, double *engine);
/* The softmax of e (n; keep NULL or which entries take part) at j, its
 * steps in out; false (and a note in out) when the step's distribution is
 * not softmax. */
double ex_softmax_at(const Att *a, const double *e, const bool *keep, int n, int j, StrBuf *out);
/* The same number without the words. */
double ex_softmax_value(const double *e, const bool *keep, int n, int j, double T);
bool ex_course_softmax(const Att *a, StrBuf *out);
/* sum_t w[t - first] V[t][x] over rows first..first+n-1, its terms and
 * total in out when given: a weighted sum of one column. */
double ex_weighted_column(const double *w, Mat V, int first, int n, int x, StrBuf *out);

#endif
