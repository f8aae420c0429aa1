/* ui_dump.c - the dump view's state, keys and overview (see ui_dump.h):
 * the layers x heads grid as thumbnails fitting the window, the cursor on
 * one head, Enter opens it large (ui_dump_head.c). */
#include "tui/ui_dump.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "figure/fig_dest.h"
#include "figure/fig_dump.h"
#include "lab/words.h"
#include "model/check.h"
#include "tui/uitext.h"

UiDump *ui_dump_new(void)
{
    UiDump *v = xcalloc(1, sizeof *v);
    v->hm = xcalloc(1, sizeof *v->hm);
    v->drawn_layer = v->drawn_head = -1;
    return v;
}

void ui_dump_free(UiDump *v)
{
    if (!v)
        return;
    dump_free(v->owned);
    free(v->owned_path);
    free(v->sum);
    free(v->sum_done);
    free(v->win);
    free(v->hm);
    free(v);
}

void ui_dump_set(UiDump *v, AttnDump *d)
{
    free(v->sum);
    free(v->sum_done);
    UiDump keep = *v;
    memset(v, 0, sizeof *v);
    v->hm = keep.hm;
    v->win = keep.win;
    v->owned = keep.owned;
    v->owned_path = keep.owned_path;
    memcpy(v->err, keep.err, sizeof v->err);
    v->d = d;
    v->drawn_layer = v->drawn_head = -1;
    if (!d)
        return;
    size_t n = (size_t)d->layers * (size_t)d->heads;
    v->sum = xcalloc(n, sizeof *v->sum);
    v->sum_done = xcalloc(n, sizeof *v->sum_done);
}

const AttnDump *ui_dump_get(const UiDump *v) { return v->d; }

const HeadSummary *ui_dump_summary(UiDump *v, int layer, int head)
{
    size_t k = (size_t)layer * (size_t)v->d->heads + (size_t)head;
    if (!v->sum_done[k]) {
        head_summary(v->d, layer, head, &v->sum[k]);
        v->sum_done[k] = true;
    }
    return &v->sum[k];
}

const char *ui_dump_pattern_word(const Ui *ui, HeadPattern p) { return words_head_pattern(p, ui->zh); }

/* ------------------------------------------------------ overview */

/* The largest weight in rows [r0, r1) x columns [c0, c1) of head h: a
 * thumbnail keeps a thin diagonal visible (a mean would wash it out). */
static double block_max(const float *h, int nk, int r0, int r1, int c0, int c1)
{
    float most = 0;
    for (int i = r0; i < r1; i++)
        for (int j = c0; j < c1; j++)
            most = h[(size_t)i * (size_t)nk + (size_t)j] > most ? h[(size_t)i * (size_t)nk + (size_t)j] : most;
    return most < 0 ? 0 : most > 1 ? 1 : most;
}

/* Head (layer, head) as a thumbnail of tw columns and th rows at (y, x). */
static void draw_thumb(Ui *ui, int y, int x, int layer, int head)
{
    UiDump *v = ui->dump;
    const AttnDump *d = v->d;
    const float *h = dump_head(d, layer, head);
    int tw = v->thumb_w < d->nk ? v->thumb_w : d->nk, pr = hm_swatch_half() ? 2 : 1;
    int ph = v->thumb_h * pr < d->nq ? v->thumb_h * pr : d->nq;
    double col[2];
    for (int r = 0; r * pr < ph; r++)
        for (int c = 0; c < tw; c++) {
            int c0 = c * d->nk / tw, c1 = (c + 1) * d->nk / tw;
            c1 = c1 > c0 ? c1 : c0 + 1;
            for (int k = 0; k < 2; k++) {
                int py = r * pr + k, r0 = py * d->nq / ph, r1 = (py + 1) * d->nq / ph;
                col[k] = k < pr && py < ph ? block_max(h, d->nk, r0, r1 > r0 ? r1 : r0 + 1, c0, c1) : -1;
            }
            hm_swatch(stdscr, y + r, x + c, ui->cmap, col[0], col[1]);
        }
}

/* The cursor's mark on head (layer, head): a bold '>' left of it, or blank. */
static void draw_mark(Ui *ui, int layer, int head, bool on)
{
    UiDump *v = ui->dump;
    int y = v->gy + layer * v->cell_h, x = v->gx + head * v->cell_w - 1;
    attrset(on ? A_BOLD | A_REVERSE : A_NORMAL);
    for (int r = 0; r < v->thumb_h; r++)
        mvaddch(y + r, x, on ? '>' : ' ');
    attrset(A_NORMAL);
}

/* The grid's geometry in h x w at (y, x): a label column, a header row,
 * then a cell per head, each a thumbnail and a column of space. */
static void overview_geometry(UiDump *v, int y, int x, int h, int w)
{
    const AttnDump *d = v->d;
    v->gy = y + 1;
    v->gx = x + 5;
    v->cell_w = (w - 5) / d->heads;
    v->cell_h = (h - 1) / d->layers;
    v->cell_w = v->cell_w < 2 ? 2 : v->cell_w;
    v->cell_h = v->cell_h < 1 ? 1 : v->cell_h;
    v->thumb_w = v->cell_w - 1;
    v->thumb_h = v->cell_h > 2 ? v->cell_h - 1 : v->cell_h;
    /* no taller than the head has rows (two a character with half
     * blocks), and about square on screen: a character is twice as tall as
     * it is wide */
    int pr = hm_swatch_half() ? 2 : 1;
    v->thumb_h = v->thumb_h > (d->nq + pr - 1) / pr ? (d->nq + pr - 1) / pr : v->thumb_h;
    v->thumb_w = v->thumb_w > v->thumb_h * 2 ? v->thumb_h * 2 : v->thumb_w;
    v->thumb_w = v->thumb_w > d->nk ? d->nk : v->thumb_w;
}

void ui_dump_draw_overview(Ui *ui, int y, int x, int h, int w)
{
    UiDump *v = ui->dump;
    const AttnDump *d = v->d;
    overview_geometry(v, y, x, h, w);
    char lab[16];
    attrset(A_DIM);
    mvaddstr(y, x, UI_TR(ui, "L\\H", "层\\头"));
    for (int hd = 0; hd < d->heads; hd++) {
        snprintf(lab, sizeof lab, "%d", hd);
        if (v->gx + hd * v->cell_w + (int)strlen(lab) <= x + w)
            mvaddstr(y, v->gx + hd * v->cell_w, lab);
    }
    for (int l = 0; l < d->layers; l++) {
        int ly = v->gy + l * v->cell_h;
        if (ly >= y + h)
            break;
        attrset(A_DIM);
        snprintf(lab, sizeof lab, "%d", l);
        mvaddstr(ly, x, lab);
        attrset(A_NORMAL);
        for (int hd = 0; hd < d->heads; hd++) {
            int tx = v->gx + hd * v->cell_w;
            if (tx + v->thumb_w <= x + w)
                draw_thumb(ui, ly, tx, l, hd);
        }
    }
    attrset(A_NORMAL);
    draw_mark(ui, v->layer, v->head, true);
    v->drawn_layer = v->layer;
    v->drawn_head = v->head;
}

/* --------------------------------------------------------- screen */

/* The top line: the file, its shape, the head under the cursor. */
static void draw_header(Ui *ui)
{
    UiDump *v = ui->dump;
    const AttnDump *d = v->d;
    const char *base = strrchr(d->path, '/');
    char line[400];
    snprintf(line, sizeof line,
             UI_TR(ui, " %s  %d layers x %d heads, %d x %d tokens  layer %d head %d%s",
                   " %s  %d 层 x %d 个头，%d x %d 个词  第 %d 层 第 %d 个头%s"),
             base ? base + 1 : d->path[0] ? d->path : "(memory)", d->layers, d->heads, d->nq, d->nk, v->layer,
             v->head, v->big ? UI_TR(ui, " (large)", "（放大）") : "");
    move(0, 0);
    clrtoeol();
    attron(A_BOLD | A_REVERSE);
    mvprintw(0, 0, "%*s", COLS, "");
    uitext_put_cut(stdscr, 0, 0, line, COLS);
    attroff(A_BOLD | A_REVERSE);
}

/* The side column's width: none in a narrow window (the status line then
 * says the summary; Tab shows the column in place of the heads), none when
 * Tab hid it. */
static int side_width(const UiDump *v) { return COLS >= 72 && !v->side_swap ? UI_DUMP_SIDE : 0; }

/* Tab in a narrow window: the side column fills the body instead. */
static bool side_only(const UiDump *v) { return COLS < 72 && v->side_swap; }

/* Clears rows [y, y + h) from column x to the right edge. */
static void clear_rows(int y, int h, int x)
{
    for (int r = y; r < y + h; r++) {
        move(r, x);
        clrtoeol();
    }
}

void ui_dump_draw(Ui *ui, unsigned dirty)
{
    UiDump *v = ui->dump;
    if (!v->d)
        return;
    int top = 1, h = LINES - 3, sw = side_width(v), w = COLS - sw - (sw ? 1 : 0);
    if (dirty & UI_DIRTY_HEAD)
        draw_header(ui);
    if (side_only(v)) {
        if (dirty & (UI_DIRTY_PANELS | UI_DIRTY_TEXT)) {
            clear_rows(top, h, 0);
            ui_dump_draw_side(ui, top, 0, h, COLS);
        }
        return;
    }
    if (dirty & UI_DIRTY_PANELS) {
        clear_rows(top, h, 0);
        if (v->big)
            ui_dump_draw_head(ui, top, 0, h, w);
        else
            ui_dump_draw_overview(ui, top, 0, h, w);
    } else if ((dirty & UI_DIRTY_TEXT) && !v->big) {
        /* the cursor moved: its old mark and the new, nothing else */
        if (v->drawn_layer >= 0)
            draw_mark(ui, v->drawn_layer, v->drawn_head, false);
        draw_mark(ui, v->layer, v->head, true);
        v->drawn_layer = v->layer;
        v->drawn_head = v->head;
    } else if (dirty & UI_DIRTY_TEXT) {
        ui_dump_draw_head(ui, top, 0, h, w);
    }
    if (sw && (dirty & (UI_DIRTY_PANELS | UI_DIRTY_TEXT))) {
        clear_rows(top, h, w);
        ui_dump_draw_side(ui, top, w + 1, h, sw);
    }
}

void ui_dump_draw_status(Ui *ui, int y)
{
    UiDump *v = ui->dump;
    if (!v->d)
        return;
    const HeadSummary *s = ui_dump_summary(v, v->layer, v->head);
    char how[200], line[400];
    words_head_pattern_how(s, ui->zh, how, sizeof how);
    snprintf(line, sizeof line, UI_TR(ui, "L%d H%d %s: %s", "第 %d 层 第 %d 头 %s：%s"), v->layer, v->head,
             ui_dump_pattern_word(ui, s->pattern), how);
    uitext_put_cut(stdscr, y, 0, line, COLS);
}

/* ----------------------------------------------------------- keys */

/* x within lo..hi. */
static int clampi(int x, int lo, int hi) { return x < lo ? lo : x > hi ? hi : x; }

/* Moves the cursor: a head in the overview, a cell in the large head. */
static unsigned move_by(Ui *ui, int dy, int dx)
{
    UiDump *v = ui->dump;
    if (!v->big) {
        v->layer = clampi(v->layer + dy, 0, v->d->layers - 1);
        v->head = clampi(v->head + dx, 0, v->d->heads - 1);
        return UI_DIRTY_TEXT | UI_DIRTY_HEAD | UI_DIRTY_STATUS;
    }
    int top = v->top, left = v->left;
    v->qi = clampi(v->qi + dy, 0, v->d->nq - 1);
    v->kj = clampi(v->kj + dx, 0, v->d->nk - 1);
    ui_dump_follow(v);
    /* within the window only the cells change; past its edge it scrolls */
    return (top != v->top || left != v->left ? UI_DIRTY_PANELS : UI_DIRTY_TEXT) | UI_DIRTY_STATUS;
}

/* [ ] { } < >: the next or previous layer or head, wrapping around. */
static unsigned step_head(Ui *ui, int dl, int dh)
{
    UiDump *v = ui->dump;
    v->layer = (v->layer + dl + v->d->layers) % v->d->layers;
    v->head = (v->head + dh + v->d->heads) % v->d->heads;
    return (v->big ? UI_DIRTY_PANELS : UI_DIRTY_TEXT) | UI_DIRTY_HEAD | UI_DIRTY_STATUS;
}

/* q and Esc: the large head back to the overview; the overview back to
 * the lesson it came from, or (q only) quit. */
static unsigned act_quit(Ui *ui, int key)
{
    (void)key;
    UiDump *v = ui->dump;
    if (v->big) {
        v->big = false;
        return UI_DIRTY_ALL;
    }
    if (v->from_player) {
        v->from_player = false;
        ui->screen = UI_PLAYER;
        return UI_DIRTY_ALL;
    }
    ui->quit = key == 'q';
    return 0;
}

/* Enter: the head large; on the large head, the arithmetic of the cell. */
static unsigned act_open(Ui *ui, int key)
{
    (void)key;
    UiDump *v = ui->dump;
    if (!v->big) {
        v->big = true;
        ui_dump_follow(v);
        return UI_DIRTY_ALL;
    }
    ui_dump_explain(ui, ui_overlay_open(ui, OV_EXPLAIN));
    return UI_DIRTY_ALL;
}

/* PgUp / PgDn: a window of queries up or down. */
static unsigned act_page(Ui *ui, int dir)
{
    UiDump *v = ui->dump;
    if (!v->big)
        return 0;
    int page = v->vis_rows > 1 ? v->vis_rows : 1;
    v->qi = clampi(v->qi + dir * page, 0, v->d->nq - 1);
    v->top = clampi(v->top + dir * page, 0, v->d->nq - page > 0 ? v->d->nq - page : 0);
    ui_dump_follow(v);
    return UI_DIRTY_PANELS | UI_DIRTY_STATUS;
}

/* S: rows that do not sum to 1 are taken for scores and softmaxed (once;
 * the file's numbers become the dump's scores). */
static unsigned act_as_scores(Ui *ui, int key)
{
    (void)key;
    UiDump *v = ui->dump;
    DumpCheck c;
    dump_check(v->d, &c);
    if (c.rows_off == 0) {
        ui_set_msg(ui, "%s", UI_TR(ui, "every row sums to 1: these are weights already",
                                   "每一行之和都是 1：这些已经是权重"));
        return UI_DIRTY_STATUS;
    }
    dump_softmax_rows(v->d);
    memset(v->sum_done, 0, (size_t)v->d->layers * (size_t)v->d->heads * sizeof *v->sum_done);
    ui_set_msg(ui, UI_TR(ui, "%ld rows did not sum to 1: shown as softmax of each row (scores -> weights)",
                         "%ld 行之和不为 1：已按行做 softmax 显示（分数 -> 权重）"), c.rows_off);
    return UI_DIRTY_ALL;
}

/* c: the next colour map, everything redrawn in it. */
static unsigned act_cmap(Ui *ui, int key)
{
    (void)key;
    ui_next_cmap(ui);
    return UI_DIRTY_ALL;
}

void ui_dump_export_name(const AttnDump *d, bool grid, int layer, int head, char *buf, size_t n)
{
    const char *base = strrchr(d->path, '/');
    base = base ? base + 1 : d->path[0] ? d->path : "attention";
    const char *dot = strrchr(base, '.');
    int len = dot && dot > base ? (int)(dot - base) : (int)strlen(base);
    if (grid)
        snprintf(buf, n, "%.*s-grid.png", len, base);
    else
        snprintf(buf, n, "%.*s-L%d-H%d.png", len, base, layer, head);
}

/* e / E: the head shown (large, or under the overview's cursor), or every
 * head, as a PNG in the figures folder the player writes to (fig_dest.h);
 * the message names the file or says why not. */
static unsigned act_export(Ui *ui, bool grid)
{
    UiDump *v = ui->dump;
    const char *dir = fig_dest_folder();
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        ui_set_msg(ui, UI_TR(ui, "cannot make the folder %s: %s", "无法创建文件夹 %s：%s"), dir, strerror(errno));
        return UI_DIRTY_STATUS;
    }
    char name[256], path[600], err[300];
    ui_dump_export_name(v->d, grid, v->layer, v->head, name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FigOptions o = fig_default_options();
    o.lang = ui->opt.lang;
    o.cmap = (int)ui->cmap;
    if (fig_dump_export(v->d, grid ? FIG_DUMP_GRID : FIG_DUMP_HEAD, v->layer, v->head, &o, path, err, sizeof err) < 0)
        ui_set_msg(ui, UI_TR(ui, "export failed: %s", "导出失败：%s"), err);
    else
        ui_set_msg(ui, UI_TR(ui, "figure written to %s", "图已写入 %s"), path);
    return UI_DIRTY_STATUS;
}

/* Tab: the side column (bars, summary) on or off in a wide window; in a
 * narrow one, where it has no room, in place of the heads. */
static unsigned act_side(Ui *ui)
{
    ui->dump->side_swap = !ui->dump->side_swap;
    return UI_DIRTY_ALL;
}

unsigned ui_dump_key(Ui *ui, Action a, int key)
{
    if (!ui->dump->d)
        return 0;
    switch (a) {
    case ACT_UP: return move_by(ui, -1, 0);
    case ACT_DOWN: return move_by(ui, 1, 0);
    case ACT_LEFT: return move_by(ui, 0, -1);
    case ACT_RIGHT: return move_by(ui, 0, 1);
    case ACT_LAYER_PREV: return step_head(ui, -1, 0);
    case ACT_LAYER_NEXT: return step_head(ui, 1, 0);
    case ACT_HEAD_PREV: return step_head(ui, 0, -1);
    case ACT_HEAD_NEXT: return step_head(ui, 0, 1);
    case ACT_PAGE_UP: return act_page(ui, -1);
    case ACT_PAGE_DOWN: return act_page(ui, 1);
    case ACT_OPEN: return act_open(ui, key);
    case ACT_QUIT: return act_quit(ui, 'q');
    case ACT_CLOSE: return act_quit(ui, 27);
    case ACT_HELP: return ui_overlay_help(ui, key);
    case ACT_CMAP: return act_cmap(ui, key);
    case ACT_AS_SCORES: return act_as_scores(ui, key);
    case ACT_EXPORT: return act_export(ui, false);
    case ACT_EXPORT_ALL: return act_export(ui, true);
    case ACT_NEXT_PANEL: return act_side(ui);
    default: return 0;
    }
}

unsigned ui_dump_mouse(Ui *ui, int y, int x, unsigned long bstate)
{
    UiDump *v = ui->dump;
    if (!v->d || side_only(v) || !(bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
        return 0;
    int i, j;
    if (v->big) {
        if (!hm_hit(&v->geom, y, x, &i, &j))
            return 0;
        v->qi = v->top + i;
        v->kj = v->left + j;
        return UI_DIRTY_TEXT | UI_DIRTY_STATUS;
    }
    if (v->cell_w <= 0 || y < v->gy || x < v->gx - 1)
        return 0;
    int l = (y - v->gy) / v->cell_h, hd = (x - v->gx + 1) / v->cell_w;
    if (l >= v->d->layers || hd >= v->d->heads)
        return 0;
    bool again = l == v->layer && hd == v->head;
    v->layer = l;
    v->head = hd;
    /* a second click on the head opens it, as Enter does */
    return again ? act_open(ui, '\n') : UI_DIRTY_TEXT | UI_DIRTY_HEAD | UI_DIRTY_STATUS;
}
