/* hm_label.c - see hm_label.h. */
#include "tui/hm_label.h"

#include <stdio.h>
#include <string.h>

#include "tui/uitext.h"

int hm_fold(const HmMatrix *h)
{
    if (h->m.cols <= HM_FOLD_COLS)
        return 0;
    int half = (h->m.cols + 1) / 2;
    return half < HM_FOLD_COLS ? half : HM_FOLD_COLS;
}

int hm_drawn_rows(const HmMatrix *h) { return hm_fold(h) ? 2 * h->m.rows : h->m.rows; }
int hm_drawn_cols(const HmMatrix *h) { return hm_fold(h) ? hm_fold(h) : h->m.cols; }

bool hm_matrix_cell(const HmMatrix *h, int di, int dj, int *i, int *j)
{
    int f = hm_fold(h);
    *i = f ? di / 2 : di;
    *j = f ? (di % 2) * f + dj : dj;
    return *j < h->m.cols;
}

int hm_sel_row(const HmMatrix *h)
{
    int f = hm_fold(h);
    return f ? 2 * h->sel_i + (h->sel_j >= f) : h->sel_i;
}

#define LAB_MAX 11      /* the widest label column */

/* Whether every row label is just its row number (an index axis). */
static bool numbered(const HmMatrix *h)
{
    char d[16];
    for (int i = 0; i < h->m.rows && i < ENGINE_MAX_SIDE; i++) {
        snprintf(d, sizeof d, "%d", i);
        if (strcmp(h->rows_lab[i], d) != 0)
            return false;
    }
    return true;
}

bool hm_pair_labels(const HmMatrix *h)
{
    if (hm_fold(h) || h->m.rows > ENGINE_MAX_SIDE || numbered(h))
        return false;
    for (int i = 0; i < h->m.rows; i += 2) {
        int wa = uitext_width(h->rows_lab[i]), wb = i + 1 < h->m.rows ? uitext_width(h->rows_lab[i + 1]) : 1;
        if (wa == 0 || wb == 0 || wa + 1 + wb > LAB_MAX)
            return false;
    }
    return true;
}

void hm_row_label(const HmMatrix *h, bool half, bool pairs, int di, char *buf, size_t n)
{
    int f = hm_fold(h), i = f ? di / 2 : di;
    if (f && di % 2)
        snprintf(buf, n, "+%d", f);         /* a folded row's second half */
    else if (i >= ENGINE_MAX_SIDE || (half && !f && !pairs))
        snprintf(buf, n, "%d", i);
    else if (half && !f && i + 1 < h->m.rows)
        snprintf(buf, n, "%s %s", h->rows_lab[i], h->rows_lab[i + 1]);
    else
        snprintf(buf, n, "%s", h->rows_lab[i]);
}

int hm_lab_width(const HmMatrix *h, bool half)
{
    bool pairs = half && hm_pair_labels(h);
    int lw = uitext_width(h->corner);
    char buf[2 * HM_LABEL_MAX + 2];
    if (pairs || hm_fold(h)) {
        for (int di = 0; di < hm_drawn_rows(h); di += half ? 2 : 1) {
            hm_row_label(h, half, pairs, di, buf, sizeof buf);
            int w = uitext_width(buf);
            lw = w > lw ? w : lw;
        }
    } else {
        for (int i = 0; i < h->m.rows && i < ENGINE_MAX_SIDE; i++) {
            int w = uitext_width(h->rows_lab[i]);
            lw = w > lw ? w : lw;
        }
    }
    return lw > LAB_MAX ? LAB_MAX : lw;
}

bool hm_col_labels_fit(const HmMatrix *h, int cw)
{
    int room = cw > 1 ? cw - 1 : 1;
    for (int j = 0; j < h->m.cols; j++) {
        int w = uitext_width(h->cols_lab[j]);
        if (hm_fold(h) || w == 0 || w > room)
            return false;
    }
    return true;
}
