/* figure.c - see figure.h: panels, file names, and the atomic write. */
#include "figure/figure.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "figure/fig_font.h"
#include "base/util.h"

FigOptions fig_default_options(void)
{
    return (FigOptions){.scale = 2, .theme = FIG_THEME_LIGHT, .cmap = -1, .values = FIG_VALUES_AUTO, .lang = "en"};
}

int fig_default_panel(const LessonStep *s)
{
    switch (s->cfg.mode) {
    case MODE_MULTIHEAD: return PANEL_HEADS;
    case MODE_COATTENTION: return PANEL_AFFINITY;
    default: return PANEL_WEIGHTS;
    }
}

bool fig_panel_available(const LessonStep *s, const Scenario *sc, int p, char *err, size_t errlen)
{
    (void)s;    /* sc->cfg is the step's configuration */
    PanelWhy why = panel_drawable(p, sc);
    if (why != PAV_OK)
        snprintf(err, errlen, "no panel %s here: %s", panel_name(p), panel_why_text(why));
    return why == PAV_OK;
}

void fig_file_name(const Lesson *l, int step, int panel, const char *ext, char *buf, size_t n)
{
    const char *base = strrchr(l->path, '/');
    base = base ? base + 1 : l->path;
    size_t len = strlen(base);
    if (len > 7 && strcmp(base + len - 7, ".lesson") == 0)
        len -= 7;
    snprintf(buf, n, "%.*s-step%d-%s.%s", (int)len, base, step + 1,
             panel == FIG_PANEL_ALL ? "all" : panel_name(panel), ext);
}

/* Writes through a temporary file beside path, so that the name only ever
 * holds a complete figure: write, flush, fsync, rename. */
static int write_atomic(const char *path, const FigDoc *doc, FigFonts *fonts, bool svg, char *err, size_t errlen)
{
    char *dup = xstrdup(path);
    const char *dir = dirname(dup);
    size_t n = strlen(dir) + 32;
    char *tmp = xmalloc(n);
    snprintf(tmp, n, "%s/.attnlab-fig.XXXXXX", dir);
    free(dup);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot write in the folder of %s: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);           /* mkstemp makes 0600; a figure is shared */
    FILE *f = fdopen(fd, "wb");
    char why[200] = "";
    int rc = f ? 0 : -1;
    if (f)
        rc = svg ? fig_svg_write(doc, f, why, sizeof why) : fig_png_write(doc, fonts, f, why, sizeof why);
    int saved = errno;
    if (rc == 0 && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        rc = -1, saved = errno;
    if (f ? fclose(f) != 0 : close(fd) != 0) {
        if (rc == 0)
            saved = errno;
        rc = -1;
    }
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1, saved = errno;
    if (rc < 0) {
        unlink(tmp);
        if (saved == ENOSPC || saved == EFBIG || saved == EDQUOT || !why[0])
            snprintf(err, errlen, "cannot write %s: %s", path, strerror(saved ? saved : EIO));
        else
            snprintf(err, errlen, "cannot write %s: %s", path, why);
    }
    free(tmp);
    return rc;
}

static const char *extension(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

int fig_export(const Lesson *l, int step, const Result *r, const Scenario *sc, int panel, const FigOptions *opt,
               const char *path, char *err, size_t errlen)
{
    const char *ext = extension(path);
    bool svg = strcasecmp(ext, "svg") == 0;
    if (!svg && strcasecmp(ext, "png") != 0) {
        snprintf(err, errlen, "%s: a figure file ends in .png or .svg", path);
        return -1;
    }
    if (opt->scale < 1 || opt->scale > 4) {
        snprintf(err, errlen, "the scale is 1 to 4, not %d", opt->scale);
        return -1;
    }
    if (step < 0 || step >= l->n_steps) {
        snprintf(err, errlen, "%s has no step %d", l->path, step + 1);
        return -1;
    }
    FigFonts *fonts = fig_fonts_open(opt->font, opt->lang, err, errlen);
    if (!fonts)
        return -1;
    FigDoc doc;
    int rc = fig_layout(l, step, r, sc, panel, opt, fonts, &doc, err, errlen);
    if (rc == 0) {
        rc = write_atomic(path, &doc, fonts, svg, err, errlen);
        fig_doc_free(&doc);
    }
    fig_fonts_close(fonts);
    return rc;
}
