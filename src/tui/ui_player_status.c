/* ui_player_status.c - the lesson player's message rows: the number being
 * typed, a message, or the cell under the cursor in full (compact and
 * colour-only panels print fewer digits), or why a panel shows nothing.
 * A message too long for one row is wrapped over the rows it needs (the
 * layout makes room for them, up to LAYOUT_MAX_STATUS). */
#include "tui/ui_player.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/layout.h"
#include "tui/uitext.h"

void ui_draw_entry(int y, const char *typed, const char *how)
{
    attron(A_BOLD);
    int x = uitext_put(stdscr, y, 0, typed, COLS);
    attroff(A_BOLD);
    uitext_put(stdscr, y, x, how, COLS - x);
}

bool ui_player_draw_prompt(Ui *ui, int y)
{
    const UiPlayer *p = ui->player;
    if (ui_exercise_draw_prompt(ui, y) || ui_tr_draw_prompt(ui, y))
        return true;
    if (!p->entering)
        return false;
    char line[160];
    snprintf(line, sizeof line, UI_TR(ui, "set cell to: %s", "把这一格设为：%s"), p->entry);
    ui_draw_entry(y, line, UI_TR(ui, "_   (Enter sets it, Esc cancels)", "_   （Enter 设定，Esc 取消）"));
    return true;
}

/* A cell's value in 4 significant digits, or 7 where 4 would show a
 * different number (1000.5 is not "1000"). */
static const char *cell_value(float v, char *buf, size_t n)
{
    snprintf(buf, n, "%.4g", (double)v);
    if (fabs(strtod(buf, NULL) - v) > 5e-5 * (1 + fabs((double)v)))
        snprintf(buf, n, "%.7g", (double)v);
    return buf;
}

/* The cursor's cell in full, for the compact and colour-only shapes, into
 * line (n bytes); "" when the cursor is off the matrix. */
static void cell_line(Ui *ui, char *line, size_t n)
{
    const UiPlayer *p = ui->player;
    const UiView *v = &p->views[p->focus];
    const uint8_t *keep;
    Mat m = ui_view_mat(v, &p->ed.res, &p->ed.sc, &keep);
    line[0] = '\0';
    if (v->sel_i >= m.rows || v->sel_j >= m.cols)
        return;
    size_t at = (size_t)v->sel_i * (size_t)m.cols + (size_t)v->sel_j;
    char num[32];
    const char *name = v->panel == PANEL_HEADS ? UI_TR(ui, "head", "头") : ui_panel_word(ui, v->panel);
    int len = snprintf(line, n, " %s", name);
    if (v->panel == PANEL_HEADS)
        len += snprintf(line + len, n - (size_t)len, UI_TR(ui, " %d weights", " %d 权重"), v->head + 1);
    if (keep && !keep[at])
        snprintf(line + len, n - (size_t)len,
                 UI_TR(ui, "[%d][%d] is masked   (Enter: why)", "[%d][%d] 被遮住   （Enter：为什么）"), v->sel_i,
                 v->sel_j);
    else
        snprintf(line + len, n - (size_t)len,
                 UI_TR(ui, "[%d][%d] = %s   (Enter: how)%s", "[%d][%d] = %s   （Enter：怎么算）%s"), v->sel_i,
                 v->sel_j, cell_value(m.v[at], num, sizeof num),
                 v->edit != M__COUNT ? v->edit == M_M ? UI_TR(ui, "   Space flips 0/1", "   空格切换 0/1")
                                     : UI_TR(ui, "   + - > < or type to change it", "   + - > < 或直接输入来修改")
                                     : "");
}

/* The message rows' text when no number is typed: the message (bold), or
 * the player's own line (why panels are missing, bold; the cell, dim);
 * "" for none. */
static const char *status_text(Ui *ui, char *b, size_t n, attr_t *attr)
{
    const UiPlayer *p = ui->player;
    *attr = A_BOLD;
    b[0] = '\0';
    if (ui->msg[0])
        return ui->msg;
    if (p->clipped)
        return UI_TR(ui, " some panels do not fit: enlarge the window to see them all",
                     " 有些面板放不下：把窗口放大就能看全");
    *attr = A_NORMAL;
    if (p->n_views && p->ed.ok && ui_exercise_hidden(ui, p->views[p->focus].panel))
        return UI_TR(ui, " this panel is hidden until you predict (a)", " 这个面板在你预测之后才显示（按 a）");
    *attr = A_DIM;
    if (p->n_views && p->ed.ok)
        cell_line(ui, b, n);
    return b;
}

/* The lines of text wrapped to the window: their count (at most max). */
static int wrap_status(const char *text, int *starts, int *lens, int max)
{
    int k = uitext_wrap(text, COLS, starts, lens, max);
    if (k < 1) {            /* nothing to say: one empty row */
        starts[0] = lens[0] = 0;
        return 1;
    }
    return k > max ? max : k;
}

int ui_player_status_rows(Ui *ui)
{
    const UiPlayer *p = ui->player;
    if (p->entering || p->choosing)
        return 1;       /* the prompt: one row */
    char buf[300];
    attr_t attr;
    int starts[LAYOUT_MAX_STATUS], lens[LAYOUT_MAX_STATUS];
    return wrap_status(status_text(ui, buf, sizeof buf, &attr), starts, lens, LAYOUT_MAX_STATUS);
}

void ui_player_draw_message(Ui *ui, int last)
{
    int rows = ui->player->status_rows < 1 ? 1 : ui->player->status_rows, y = last - rows + 1;
    for (int r = y; r < last; r++) {    /* the caller cleared the last */
        move(r, 0);
        clrtoeol();
    }
    if (ui_player_draw_prompt(ui, y))
        return;
    char buf[300];
    attr_t attr;
    int starts[LAYOUT_MAX_STATUS], lens[LAYOUT_MAX_STATUS];
    const char *text = status_text(ui, buf, sizeof buf, &attr);
    int k = wrap_status(text, starts, lens, rows < LAYOUT_MAX_STATUS ? rows : LAYOUT_MAX_STATUS);
    attron(attr);
    for (int r = 0; r < k; r++) {
        char line[600];
        /* the last row takes what is left (cut at the edge) */
        int len = r == k - 1 ? (int)strlen(text + starts[r]) : lens[r];
        snprintf(line, sizeof line, "%.*s", len, text + starts[r]);
        uitext_put(stdscr, y + r, 0, line, COLS);
    }
    attroff(attr);
}
