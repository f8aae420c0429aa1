/* fig_dump.c - a model's heads as a figure: see fig_dump.h. The plan is
 * one group (one shared 0..1 colour bar) of maps laid out in rows: one map
 * for a head, a layer's heads side by side, or a row a layer for the grid. */
#include "figure/fig_dump.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "figure/fig_font.h"
#include "figure/fig_plan.h"
#include "lab/words.h"
#include "model/check.h"
#include "model/summary.h"

/* Cells narrower than this (units) get no token labels: they would not read. */
#define LABEL_CELL 8
/* The width a layer or the grid aims at, in units, before the cell is set. */
#define WIDE_UNITS 1400

bool fig_dump_format_ok(const char *path)
{
    const char *ext = fig_extension(path);
    return strcasecmp(ext, "png") == 0 || strcasecmp(ext, "svg") == 0;
}

/* n labels from tokens (or n "" when bare), NULL-terminated, owned. */
static char **labels(char **tokens, int n, bool bare)
{
    char **v = xcalloc((size_t)n + 1, sizeof *v);
    for (int i = 0; i < n; i++)
        v[i] = xstrdup(bare ? "" : tokens[i]);
    return v;
}

/* One map: head (layer, head), its pattern in the subtitle; keep marks
 * the keys after the query of a causal model (or is NULL). */
static void add_map(FigGroup *g, const AttnDump *d, int layer, int head, const uint8_t *keep, bool bare, bool zh)
{
    FigMap *m = &g->maps[g->n++];
    m->m = (Mat){d->nq, d->nk, (float *)dump_head(d, layer, head)};     /* borrowed, only read */
    m->keep = keep;
    m->rows = labels(d->q_tokens, d->nq, bare);
    m->cols = labels(d->k_tokens, d->nk, bare);
    m->row_axis = xstrdup(bare ? "" : TR(zh, "Queries", "查询"));
    m->col_axis = xstrdup(bare ? "" : TR(zh, "Keys", "键"));
    HeadSummary s;
    head_summary(d, layer, head, &s);
    char sub[160];
    snprintf(sub, sizeof sub, TR(zh, "L%d H%d: %s", "第%d层 第%d头：%s"), layer, head, words_head_pattern(s.pattern, zh));
    m->subtitle = xstrdup(sub);
}

/* The plan of the figure (one group, one colour bar); -1 with err for a
 * layer or head the dump lacks. keep is borrowed by every map. */
static int fig_dump_plan(const AttnDump *d, FigDumpWhat what, int layer, int head, const FigOptions *opt, bool zh,
                         const uint8_t *keep, FigPlan *plan, char *err, size_t errlen)
{
    memset(plan, 0, sizeof *plan);
    if (what != FIG_DUMP_GRID && (layer < 0 || layer >= d->layers || head < 0 || head >= d->heads)) {
        snprintf(err, errlen, "the file has %d layers and %d heads (from 0): no layer %d head %d", d->layers,
                 d->heads, layer, head);
        return -1;
    }
    int n = what == FIG_DUMP_HEAD ? 1 : what == FIG_DUMP_LAYER ? d->heads : d->layers * d->heads;
    int per_row = what == FIG_DUMP_HEAD ? 1 : what == FIG_DUMP_GRID ? d->heads : d->heads <= 4 ? d->heads
                                                                                            : (d->heads + 1) / 2;
    if (what != FIG_DUMP_HEAD) {
        int cell = WIDE_UNITS / (per_row * d->nk);
        plan->cell_units = cell > 56 ? 56 : cell < 2 ? 2 : cell;
    }
    bool bare = plan->cell_units > 0 && plan->cell_units < LABEL_CELL;
    plan->n = 1;
    plan->per_row = 1;
    plan->groups = xcalloc(1, sizeof *plan->groups);
    FigGroup *g = &plan->groups[0];
    g->maps = xcalloc((size_t)n, sizeof *g->maps);
    g->per_row = per_row;
    g->weights = true;
    g->cmap = opt->cmap >= 0 && !cmap_is_diverging((Cmap)opt->cmap) ? (Cmap)opt->cmap : CMAP_VIRIDIS;
    g->lo = 0;
    g->hi = 1;
    for (int l = 0; l < d->layers; l++)
        for (int h = 0; h < d->heads; h++)
            if (what == FIG_DUMP_GRID || (l == layer && (what == FIG_DUMP_LAYER || h == head)))
                add_map(g, d, l, h, keep, bare, zh);
    const char *base = strrchr(d->path, '/');
    base = base ? base + 1 : d->path;
    char title[300];
    if (what == FIG_DUMP_HEAD)
        snprintf(title, sizeof title, TR(zh, "%s: layer %d, head %d", "%s：第 %d 层，第 %d 个头"), base, layer, head);
    else if (what == FIG_DUMP_LAYER)
        snprintf(title, sizeof title, TR(zh, "%s: layer %d, %d heads", "%s：第 %d 层，%d 个头"), base, layer, d->heads);
    else
        snprintf(title, sizeof title, TR(zh, "%s: %d layers x %d heads (a row a layer)", "%s：%d 层 x %d 个头（每行一层）"),
                 base, d->layers, d->heads);
    plan->title = xstrdup(opt->title ? opt->title : title);
    plan->masked_word = TR(zh, "after the query (a causal model)", "在查询之后（因果模型）");
    plan->settings = xstrdup(bare ? TR(zh, "rows = queries, columns = keys; too many tokens to label here: "
                                           "export one head to read them",
                                       "行 = 查询，列 = 键；词太多无法标注：导出单个头可以看到")
                                  : "");
    return 0;
}

int fig_dump_layout(const AttnDump *d, FigDumpWhat what, int layer, int head, const FigOptions *opt, FigFonts *fonts,
                    FigDoc *doc, char *err, size_t errlen)
{
    bool zh = opt->lang && strcmp(opt->lang, "zh") == 0 && fig_fonts_cover(fonts, "查询键层头");
    FigPlan plan;
    DumpCheck c;
    dump_check(d, &c);
    uint8_t *keep = NULL;       /* a causal model's keys after the query, marked as masked */
    if (c.causal) {
        keep = xmalloc((size_t)d->nq * (size_t)d->nk);
        for (size_t t = 0; t < (size_t)d->nq * (size_t)d->nk; t++)
            keep[t] = (int)(t % (size_t)d->nk) <= (int)(t / (size_t)d->nk);
    }
    int rc = fig_dump_plan(d, what, layer, head, opt, zh, keep, &plan, err, errlen);
    if (rc == 0) {
        const char *base = strrchr(d->path, '/');
        rc = fig_layout_plan(&plan, opt, fonts, base ? base + 1 : d->path, doc, err, errlen);
        fig_plan_free(&plan);
    }
    free(keep);
    return rc;
}

int fig_dump_export(const AttnDump *d, FigDumpWhat what, int layer, int head, const FigOptions *opt, const char *path,
                    char *err, size_t errlen)
{
    if (!fig_dump_format_ok(path)) {
        snprintf(err, errlen, "%s: a figure of the view ends in .png or .svg", path);
        return -1;
    }
    FigFonts *fonts = fig_fonts_open(opt->font, opt->lang, err, errlen);
    if (!fonts)
        return -1;
    FigDoc doc;
    int rc = fig_dump_layout(d, what, layer, head, opt, fonts, &doc, err, errlen);
    if (rc == 0) {
        rc = fig_export_doc(&doc, fonts, path, err, errlen);
        fig_doc_free(&doc);
    }
    fig_fonts_close(fonts);
    return rc;
}
