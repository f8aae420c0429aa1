/* hm_label.h - what a heat map's rows and columns are as drawn and how
 * they are labelled (the rules in heatmap.h), for heatmap.c: a matrix wider
 * than HM_FOLD_COLS is drawn folded, two drawn rows a matrix row (its first
 * half of the columns, then its second). "Drawn" rows and columns count
 * those; all functions only read the matrix. */
#ifndef ATTN_HM_LABEL_H
#define ATTN_HM_LABEL_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/heatmap.h"

/* The columns of a half when the matrix is drawn folded, else 0. */
int hm_fold(const HmMatrix *h);
/* The rows and columns as drawn. */
int hm_drawn_rows(const HmMatrix *h);
int hm_drawn_cols(const HmMatrix *h);
/* The matrix cell (*i, *j) drawn at (di, dj); false past its last column
 * (an odd width folded). */
bool hm_matrix_cell(const HmMatrix *h, int di, int dj, int *i, int *j);
/* The drawn row of the selected cell. */
int hm_sel_row(const HmMatrix *h);

/* Whether a half-block screen row shows both its rows' labels, "a b": all
 * labels given, not the row numbers, every pair fits the label column. */
bool hm_pair_labels(const HmMatrix *h);
/* The label of drawn row di into buf (n bytes); in half-block rows (half)
 * of the screen row it starts, "a b" when pairs (hm_pair_labels), else the
 * row's number. A folded row's second half is "+64" (its first column). */
void hm_row_label(const HmMatrix *h, bool half, bool pairs, int di, char *buf, size_t n);
/* The label column's width (at most 11), in half-block rows when half. */
int hm_lab_width(const HmMatrix *h, bool half);
/* Whether every column label fits a cell cw columns wide with room to part
 * it from the next (a 1-column cell: one character; the labels then read
 * as a word). Never for a folded matrix. */
bool hm_col_labels_fit(const HmMatrix *h, int cw);

#endif
