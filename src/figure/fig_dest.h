/* fig_dest.h - a figure written into the figures folder: $ATTNLAB_FIGURES,
 * else ./attnlab-figures (made when missing), under the name fig_file_name()
 * gives. For the terminal lab's e / E keys, which only say which panel. */
#ifndef ATTN_FIG_DEST_H
#define ATTN_FIG_DEST_H

#include <stddef.h>

#include "figure/figure.h"

/* How fig_export_to_folder() ended; the caller words it (it knows the
 * language shown). */
typedef enum {
    FIG_DEST_OK,            /* written: path names the file */
    FIG_DEST_NO_FOLDER,     /* the folder could not be made: path names it,
                               err says why (strerror) */
    FIG_DEST_FAILED         /* fig_export refused or failed: err says why */
} FigDestStatus;

/* The figures folder: $ATTNLAB_FIGURES when set and not empty, else
 * "attnlab-figures" (relative to the working directory). The string is
 * the environment's or a literal: not to be freed. */
const char *fig_dest_folder(void);

/* Exports a PNG of step `step`, panel `panel` (a PanelId, FIG_PANEL_ALL or FIG_PANEL_GRID),
 * of the live values r/sc into the figures folder, making the folder if
 * needed. path (n bytes) receives the file (or, on FIG_DEST_NO_FOLDER, the
 * folder); err (errlen bytes) the reason of a failure. Everything is
 * borrowed. */
FigDestStatus fig_export_to_folder(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel,
                                   const FigOptions *opt, char *path, size_t n, char *err, size_t errlen);

#endif
