/* ui_image.c - panel image: the lesson's picture with the selected word's
 * weights over it. In direct or 256 colour the picture is drawn with half
 * blocks (U+2580: the top pixel in the foreground, the bottom one in the
 * background), each region dimmed by its weight; without colour (8
 * colours, NO_COLOR) each region is a shade glyph. Either way each region
 * carries its weight in hundredths, so the panel shows the weights. The word is the query row under the cursor: on a panel with
 * query rows (Q, scores, weights), or up and down on this one. */
#include <stdio.h>
#include <string.h>

#include "tui/ui_image.h"
#include "tui/ui_player.h"
#include "tui/uitext.h"

#define CELL_W 6    /* columns a region, at most */
#define CELL_H 3    /* rows a region, at most (6 pixels of half blocks) */

/* The query row the picture shows: the focused panel's, if it has query
 * rows, else the image view's own. */
static int shown_query(const Ui *ui, const UiView *v)
{
    const UiPlayer *p = ui->player;
    const UiView *f = p->focus < p->n_views ? &p->views[p->focus] : v;
    int q = panel_entry(f->panel)->rows == PAX_QUERY ? f->sel_i : v->sel_i;
    int n = p->ed.res.main.weights.rows;
    return q < 0 ? 0 : q >= n ? n - 1 : q;
}

void ui_image_box(const Ui *ui, int *min_h, int *max_h, int *w)
{
    const LessonImage *img = &ui->player->lesson.image;
    *min_h = 2 + 2 * img->rows;
    *max_h = 2 + CELL_H * img->rows;
    *w = CELL_W * img->cols + 1;
}

/* The pixel of the picture under terminal pixel (px, py) of a pw x ph area. */
static Rgb pixel(const LessonImage *img, int px, int py, int pw, int ph)
{
    int x = px * img->w / pw, y = py * img->h / ph;
    const uint8_t *s = img->rgb + ((size_t)y * (size_t)img->w + (size_t)x) * 3;
    return (Rgb){s[0], s[1], s[2]};
}

/* A colour dimmed to a quarter where the weight is 0, full at the row's
 * largest weight (t, in eighths so that few colour pairs are needed). */
static Rgb dim(Rgb c, double t)
{
    double k = 0.25 + 0.75 * ((int)(t * 8.0 + 0.5) / 8.0);
    return (Rgb){(uint8_t)(c.r * k), (uint8_t)(c.g * k), (uint8_t)(c.b * k)};
}

static void draw_colour(const LessonImage *img, const float *wrow, double top, int y, int x, int rows, int cw)
{
    int pw = cw * img->cols, ph = 2 * rows;
    for (int ty = 0; ty < rows; ty++)
        for (int tx = 0; tx < pw; tx++) {
            Rgb c[2];
            for (int half = 0; half < 2; half++) {
                int py = 2 * ty + half, r, cc;
                lesson_image_region(img, tx * img->w / pw, py * img->h / ph, &r, &cc);
                c[half] = dim(pixel(img, tx, py, pw, ph), wrow[r * img->cols + cc] / top);
            }
            int pair = hm_pair(c[0], c[1]);
            attr_set(A_NORMAL, (short)(pair < 32768 ? pair : 0), &pair);
            uitext_glyph(stdscr, y + ty, x + tx, L"\u2580", "#");
        }
    attr_set(A_NORMAL, 0, NULL);
}

/* Every region's weight in hundredths ("1." for 1) at its top left corner,
 * reversed so that it reads over the picture or the shade glyphs. */
static void draw_numbers(const LessonImage *img, const float *wrow, int y, int x, int rh, int cw)
{
    for (int r = 0; r < img->rows; r++)
        for (int c = 0; c < img->cols; c++) {
            char num[8];
            int pct = (int)(wrow[r * img->cols + c] * 100.0 + 0.5);
            snprintf(num, sizeof num, pct >= 100 ? "1." : "%02d", pct);
            attron(A_REVERSE);
            mvaddstr(y + r * rh, x + c * cw, num);
            attroff(A_REVERSE);
        }
}

/* Without colour: a shade glyph a region. */
static void draw_glyphs(const LessonImage *img, const float *wrow, double top, int y, int x, int rh, int cw)
{
    static const wchar_t *const uni[] = {L"\u00b7", L"\u2591", L"\u2592", L"\u2593", L"\u2588"};
    static const char *const ascii[] = {".", ":", "+", "#", "@"};
    for (int r = 0; r < img->rows; r++)
        for (int c = 0; c < img->cols; c++) {
            double wv = wrow[r * img->cols + c];
            int k = (int)(wv / top * 4.999);
            k = k < 0 ? 0 : k > 4 ? 4 : k;
            for (int dy = 0; dy < rh; dy++)
                for (int dx = 0; dx < cw - 1; dx++)
                    uitext_glyph(stdscr, y + r * rh + dy, x + c * cw + dx, uni[k], ascii[k]);
        }
}

void ui_image_draw(Ui *ui, UiView *v, bool focus, int y, int x, int h, int w)
{
    const UiPlayer *p = ui->player;
    const LessonImage *img = &p->lesson.image;
    const Mat wm = p->ed.res.main.weights;
    if (!img->rgb || wm.cols != img->rows * img->cols || wm.rows == 0)
        return;
    int q = shown_query(ui, v);
    const float *wrow = wm.v + (size_t)q * (size_t)wm.cols;
    int best = 0;
    for (int j = 1; j < wm.cols; j++)
        if (wrow[j] > wrow[best])
            best = j;
    double top = wrow[best] > 0 ? wrow[best] : 1.0;
    char title[160], lab[32];
    const PanelEntry *e = panel_entry(PANEL_IMAGE);
    e->title(PANEL_IMAGE, &p->ed.sc.cfg, ui->zh, -1, title, sizeof title);
    size_t n = strlen(title);
    snprintf(title + n, sizeof title - n, UI_TR(ui, ": \"%s\"", "：\"%s\""),
             lesson_label(&p->lesson.steps[p->ed.step], true, q, lab, sizeof lab));
    if (focus)
        attron(A_BOLD);
    uitext_put_cut(stdscr, y, x, title, w);
    attroff(A_BOLD);
    int rh = (h - 2) / img->rows, cw = (w - 1) / img->cols;
    rh = rh > CELL_H ? CELL_H : rh;
    cw = cw > CELL_W ? CELL_W : cw;
    if (rh < 1 || cw < 3)
        return;
    if (hm_depth() >= HM_256)
        draw_colour(img, wrow, top, y + 1, x, rh * img->rows, cw);
    else
        draw_glyphs(img, wrow, top, y + 1, x, rh, cw);
    draw_numbers(img, wrow, y + 1, x, rh, cw);
    char foot[160];
    char wbuf[32];  /* the word again: the title is cut first on a narrow panel */
    const char *word = lesson_label(&p->lesson.steps[p->ed.step], true, q, wbuf, sizeof wbuf);
    snprintf(foot, sizeof foot, UI_TR(ui, "\"%s\" most: %s %.2f  (up/down: another word)",
                                      "\"%s\" 最多：%s %.2f（上下键：换一个词）"),
             word, lesson_label(&p->lesson.steps[p->ed.step], false, best, lab, sizeof lab), (double)wrow[best]);
    uitext_put_cut(stdscr, y + 1 + rh * img->rows, x, foot, w);
}
