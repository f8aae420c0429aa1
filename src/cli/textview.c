/* textview.c - see textview.h. */
#include "cli/textview.h"

#include <stdlib.h>
#include <string.h>

#include "cli/textview_image.h"
#include "cli/textview_model.h"
#include "engine/cost.h"
#include "base/util.h"
#include "lab/bottleneck.h"

static void print_matrix(FILE *out, const char *title, Mat m, const uint8_t *keep, const LessonStep *s,
                         int rows_query, int cols_key)
{
    char buf[16];
    fprintf(out, "\n  %s  (%d x %d)\n", title, m.rows, m.cols);
    fprintf(out, "  %10s", "");
    for (int j = 0; j < m.cols; j++)
        fprintf(out, " %8.8s", cols_key ? lesson_label(s, false, j, buf, sizeof buf) : (snprintf(buf, sizeof buf, "%d", j), buf));
    fputc('\n', out);
    for (int i = 0; i < m.rows; i++) {
        fprintf(out, "  %10.10s", rows_query ? lesson_label(s, true, i, buf, sizeof buf) : (snprintf(buf, sizeof buf, "%d", i), buf));
        for (int j = 0; j < m.cols; j++) {
            if (keep && !keep[(size_t)i * m.cols + j])
                fprintf(out, " %8s", "masked");
            else
                fprintf(out, " %8.4f", (double)MAT_AT(m, i, j));
        }
        fputc('\n', out);
    }
}

/* The cost lesson's chart as a table: measured now, on this machine. */
static void cost_panel(FILE *out, int kind)
{
    CostRun c;
    StrBuf b = {0};
    if (kind == PANEL_BOTTLENECK) {     /* the trained reversers (lab/bottleneck.h) */
        BnRun bn;
        char err[200];
        if (bn_init(&bn, err, sizeof err) == 0) {
            bn_measure_all(&bn);
            bn_table(&bn, false, &b);
            bn_free(&bn);
        } else {
            sb_printf(&b, "%s\n", err);
        }
        fprintf(out, "\n  bottleneck: accuracy against length, with and without attention\n");
    } else {
        cost_init(&c);
        cost_measure_all(&c);
        cost_table(&c, &b);
        cost_free(&c);
        fprintf(out, "\n  cost: time against n, full against local attention\n");
    }
    for (const char *p = b.s; p && *p;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        fprintf(out, "  %.*s\n", len, p);
        p += len + (nl != NULL);
    }
    free(b.s);
}

/* A row with every key masked has all-zero weights: say so, or it reads as
 * a row that simply chose nothing. */
static void print_empty_rows(FILE *out, const AttnHead *h, const LessonStep *s, int rows_query)
{
    char buf[16];
    for (int i = 0; i < h->nq; i++)
        if (h->row_empty && h->row_empty[i])
            fprintf(out, "  ! row %s is fully masked: no key can take weight, so its weights are all 0 (not NaN)\n",
                    rows_query ? lesson_label(s, true, i, buf, sizeof buf) : (snprintf(buf, sizeof buf, "%d", i), buf));
}

/* One panel as tables. Labels: query tokens down the rows and key tokens
 * across, where the panel's axes are those tokens; numbers for a matrix as
 * written and for co-attention's rows (they may be one pooled query). Only
 * signed panels say "masked": a masked weight is simply 0. */
static void print_panel(FILE *out, const LessonStep *s, int kind, const Result *r, const Scenario *sc)
{
    const PanelEntry *e = panel_entry(kind);
    if (!e)
        return;
    if (e->src == PSRC_LIVE) {
        cost_panel(out, kind);
        return;
    }
    bool co = r->cfg.mode == MODE_COATTENTION, input = e->src == PSRC_INPUT;
    bool attention = e->src == PSRC_MAIN || e->src == PSRC_B2A;
    int rows_query = !input && e->rows == PAX_QUERY && !(co && attention);
    int cols_key = !input && e->cols == PAX_KEY;
    int copies = e->per_head ? r->n_heads : 1;
    for (int h = 0; h < copies; h++) {
        PanelMat pm = e->get(kind, r, sc, h);
        char t[48];
        if (e->per_head)
            snprintf(t, sizeof t, "head %d %s", h + 1, e->title_en);
        else
            snprintf(t, sizeof t, "%s", e->title_en);
        print_matrix(out, t, pm.m, e->scale == PSCALE_SIGNED ? pm.keep : NULL, s, rows_query, cols_key);
        if (e->scale == PSCALE_WEIGHTS && pm.att)
            print_empty_rows(out, pm.att, s, rows_query);
    }
}

void textview_step(FILE *out, const Lesson *l, int k, const Result *r, const Scenario *sc, const char *lang)
{
    const LessonStep *s = &l->steps[k];
    StrBuf text = {0};
    char err[8];
    ref_render(text_get(&s->text, lang), r, sc, &text, err, sizeof err);
    fprintf(out, "%s - step %d of %d: %s\n\n%s\n", text_get(&l->title, lang), k + 1, l->n_steps,
            text_get(&s->title, lang), text.s ? text.s : "");
    free(text.s);
    fprintf(out, "\n  [%s, %s, %s]\n", engine_mode_name(s->cfg.mode), engine_config_formula(&s->cfg),
            engine_dist_formula(s->cfg.dist));
    for (int i = 0; i < s->n_panels; i++)
        if (panel_entry(s->panels[i])->src == PSRC_FILE && l->dump)
            textview_dump_file(out, l->dump);
        else if (s->panels[i] != PANEL_IMAGE || !textview_image(out, l, s, r))
            print_panel(out, s, s->panels[i], r, sc);
    fputc('\n', out);
}

void textview_menu(FILE *out, const char *lang)
{
    char **paths;
    int n = lesson_list(&paths);
    fprintf(out, "attnlab lessons%s\n\n", n ? "" : ": none found (set ATTNLAB_LESSONS)");
    for (int i = 0; i < n; i++) {
        Lesson l;
        Diags d = {0};
        if (lesson_load(paths[i], &l, &d) == 0) {
            fprintf(out, "  %2d  %s  (%d steps)\n", i + 1, text_get(&l.title, lang), l.n_steps);
            lesson_free(&l);
        } else {
            fprintf(out, "  %2d  %s  (has errors: attnlab check)\n", i + 1, paths[i]);
        }
        diags_free(&d);
        free(paths[i]);
    }
    free(paths);
    fprintf(out, "\nOpen one with: attnlab N [--step K]\n");
}
