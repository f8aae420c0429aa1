/* lesson_picture.c - a lesson's `image` and `grid` keys (lessons/FORMAT.md,
 * "A picture as keys"): the picture is read when the first [step] starts,
 * and where the lesson gives none, K (and V) become the regions' colour
 * features, the keys' labels "r0c0"... and the features "red, green, blue". */
#include "lesson/lesson_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void lesson_set_image_key(Parser *p, KeyId k, const char *v)
{
    LessonImage *img = &p->l->image;
    if (k == K_IMAGE) {
        if (!v[0]) {
            lesson_err(p, "image needs a PNG file, relative to the lesson (image = park.png)");
            return;
        }
        /* relative to the lesson's folder, so that a lesson works from anywhere */
        const char *slash = strrchr(p->path, '/');
        int dir = v[0] == '/' || !slash ? 0 : (int)(slash - p->path + 1);
        free(img->path);
        img->path = xmalloc((size_t)dir + strlen(v) + 1);
        memcpy(img->path, p->path, (size_t)dir);
        strcpy(img->path + dir, v);
        img->line = p->lineno;
        return;
    }
    int rows, cols, used = 0;
    if (sscanf(v, "%dx%d%n", &rows, &cols, &used) != 2 || v[used] || rows < 1 || cols < 1 ||
        rows * cols > ENGINE_MAX_TOKENS || rows > 64 || cols > 64) {
        lesson_err(p, "grid is ROWSxCOLUMNS (grid = 6x6), with at most %d regions in all, not '%s'",
                   ENGINE_MAX_TOKENS, v);
        return;
    }
    img->rows = rows;
    img->cols = cols;
    img->grid_line = p->lineno;
}

/* Owns a copy of m as the lesson's and sets it on the top part. */
static void set_top(Parser *p, MatName name, Mat m, int line)
{
    int i = lesson_own_mat(p->l, m);
    p->top.mats[name] = p->l->owned_mats[i];
    p->top.mat_line[name] = line;
}

/* The labels "r0c0", "r0c1"... in reading order. */
static void region_labels(Parser *p, const LessonImage *img)
{
    int n = img->rows * img->cols;
    char **toks = xmalloc((size_t)(n + 1) * sizeof(char *));
    for (int i = 0; i < n; i++) {
        char b[32];
        snprintf(b, sizeof b, "r%dc%d", i / img->cols, i % img->cols);
        toks[i] = xstrdup(b);
    }
    toks[n] = NULL;
    p->top.keys = lesson_own_tokens(p->l, toks);
    p->top.n_keys = n;
    p->top.key_line[KEY_KEYS] = img->grid_line;
}

void lesson_image_apply(Parser *p)
{
    LessonImage *img = &p->l->image;
    if (!img->path && !img->rows)
        return;
    int saved = p->lineno;
    if (!img->path || !img->rows) {
        p->lineno = img->path ? img->line : img->grid_line;
        lesson_err(p, "%s", img->path ? "image needs grid = ROWSxCOLUMNS (grid = 6x6): the keys are its regions"
                                      : "grid needs image = FILE.png: the keys are the regions of a picture");
        p->lineno = saved;
        return;
    }
    char err[400];
    p->lineno = img->line;
    if (lesson_image_read(img, err, sizeof err) < 0) {
        lesson_err(p, "%s", err);
    } else if (img->rows > img->h || img->cols > img->w) {
        lesson_err(p, "grid %dx%d has more regions a side than the %d x %d picture has pixels", img->rows,
                   img->cols, img->w, img->h);
    } else {
        Mat k = lesson_image_features(img);
        if (mat_empty(p->top.mats[M_K]))
            set_top(p, M_K, mat_copy(k), img->grid_line);
        if (mat_empty(p->top.mats[M_V]))
            set_top(p, M_V, mat_copy(k), img->grid_line);
        mat_free(&k);
        if (!p->top.keys)
            region_labels(p, img);
        if (!p->top.features) {
            int n;
            p->top.features = lesson_own_tokens(p->l, lesson_split_list("red, green, blue", &n));
            p->top.n_features = n;
            p->top.key_line[KEY_FEATURES] = img->grid_line;
        }
    }
    p->lineno = saved;
}

bool lesson_image_check(const Lesson *l, const Scenario *sc, char *why, size_t n)
{
    const LessonImage *img = &l->image;
    if (!img->rgb) {
        snprintf(why, n, "the lesson has no picture (image = FILE.png, grid = ROWSxCOLUMNS)");
        return false;
    }
    if (sc->cfg.mode != MODE_QKV) {
        snprintf(why, n, "attention over a picture needs mode = qkv (the queries look at the regions)");
        return false;
    }
    if (sc->in[M_K].rows != img->rows * img->cols) {
        snprintf(why, n, "K has %d rows but the %dx%d grid has %d regions", sc->in[M_K].rows, img->rows, img->cols,
                 img->rows * img->cols);
        return false;
    }
    return true;
}
