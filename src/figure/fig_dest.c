/* fig_dest.c - see fig_dest.h. */
#include "figure/fig_dest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *fig_dest_folder(void)
{
    const char *dir = getenv("ATTNLAB_FIGURES");
    return dir && *dir ? dir : "attnlab-figures";
}

FigDestStatus fig_export_to_folder(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel,
                                   const FigOptions *opt, char *path, size_t n, char *err, size_t errlen)
{
    const char *dir = fig_dest_folder();
    err[0] = '\0';
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(path, n, "%s", dir);
        snprintf(err, errlen, "%s", strerror(errno));
        return FIG_DEST_NO_FOLDER;
    }
    char name[256];
    fig_file_name(l, step, panel, "png", name, sizeof name);
    snprintf(path, n, "%s/%s", dir, name);
    if (fig_export(l, step, r, sc, panel, opt, path, err, errlen) < 0)
        return FIG_DEST_FAILED;
    return FIG_DEST_OK;
}
