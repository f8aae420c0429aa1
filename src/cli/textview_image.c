/* textview_image.c - see textview_image.h. A 36-column table of weights does
 * not read as a picture; a grid per word does, with the largest marked. */
#include "cli/textview_image.h"

#include <string.h>

#include "lesson/panel.h"

bool textview_image(FILE *out, const Lesson *l, const LessonStep *s, const Result *r)
{
    const LessonImage *img = &l->image;
    const Mat wm = r->main.weights;
    if (!img->rgb || img->rows < 1 || wm.cols != img->rows * img->cols)
        return false;
    char word[32], lab[32];
    const char *base = strrchr(img->path, '/');
    fprintf(out, "\n  %s: each word's weights on the %d x %d grid of %s (rows top to bottom)\n",
            panel_entry(PANEL_IMAGE)->title_en, img->rows, img->cols, base ? base + 1 : img->path);
    for (int q = 0; q < wm.rows; q++) {
        const float *w = wm.v + (size_t)q * (size_t)wm.cols;
        int best = 0;
        for (int j = 1; j < wm.cols; j++)
            if (w[j] > w[best])
                best = j;
        fprintf(out, "\n    \"%s\"  most: %s %.4f\n", lesson_label(s, true, q, word, sizeof word),
                lesson_label(s, false, best, lab, sizeof lab), (double)w[best]);
        fprintf(out, "    %4s", "");
        for (int c = 0; c < img->cols; c++)
            fprintf(out, "  %5s%d", "c", c);
        fputc('\n', out);
        for (int rr = 0; rr < img->rows; rr++) {
            fprintf(out, "    r%-3d", rr);
            for (int c = 0; c < img->cols; c++)
                fprintf(out, "  %6.4f", (double)w[rr * img->cols + c]);
            fputc('\n', out);
        }
    }
    return true;
}
