/* fig_dump.h - figures of a real model's attention (`attnlab view -o`):
 * one head, a layer's heads, or the whole layers x heads grid, as PNG or
 * SVG, through the figure layer (a FigPlan laid out by fig_layout_plan,
 * written atomically). Every map shares one 0..1 colour bar; token labels
 * are rotated when they do not fit and never clipped (fig_layout.c). */
#ifndef ATTN_FIG_DUMP_H
#define ATTN_FIG_DUMP_H

#include <stdbool.h>
#include <stddef.h>

#include "figure/figure.h"
#include "model/dump.h"

typedef enum { FIG_DUMP_HEAD, FIG_DUMP_LAYER, FIG_DUMP_GRID } FigDumpWhat;

/* Whether path ends in .png or .svg (any case). */
bool fig_dump_format_ok(const char *path);
/* The figure's primitives into *doc (fig_doc_free): layer is used by HEAD
 * and LAYER, head by HEAD. 0, or -1 with err (a layer or head the dump
 * does not have). d is only read. */
int fig_dump_layout(const AttnDump *d, FigDumpWhat what, int layer, int head, const FigOptions *opt,
                    struct FigFonts *fonts, FigDoc *doc, char *err, size_t errlen);
/* The same written to path; nothing is left behind on failure. */
int fig_dump_export(const AttnDump *d, FigDumpWhat what, int layer, int head, const FigOptions *opt, const char *path,
                    char *err, size_t errlen);

#endif
