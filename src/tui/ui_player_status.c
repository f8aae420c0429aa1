/* ui_player_status.c - the lesson player's status line: the number being
 * typed, or the cell under the cursor in full (compact and colour-only
 * panels print fewer digits), or why a panel shows nothing. */
#include "tui/ui_player.h"

#include <math.h>
#include <stdlib.h>

#include "tui/uitext.h"

bool ui_player_draw_prompt(Ui *ui, int y)
{
    const UiPlayer *p = ui->player;
    if (ui_exercise_draw_prompt(ui, y) || ui_tr_draw_prompt(ui, y))
        return true;
    if (!p->entering)
        return false;
    char line[160];
    snprintf(line, sizeof line, UI_TR(ui, "set cell to: %s", "把这一格设为：%s"), p->entry);
    attron(A_BOLD);
    int x = uitext_put(stdscr, y, 0, line, COLS);
    attroff(A_BOLD);
    uitext_put(stdscr, y, x, UI_TR(ui, "_   (Enter sets it, Esc cancels)", "_   （Enter 设定，Esc 取消）"), COLS - x);
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

/* The cursor's cell in full, for the compact and colour-only shapes. */
static void cell_line(Ui *ui, int y)
{
    const UiPlayer *p = ui->player;
    const UiView *v = &p->views[p->focus];
    const uint8_t *keep;
    Mat m = ui_view_mat(v, &p->ed.res, &p->ed.sc, &keep);
    if (v->sel_i >= m.rows || v->sel_j >= m.cols)
        return;
    size_t at = (size_t)v->sel_i * (size_t)m.cols + (size_t)v->sel_j;
    char line[200], num[32];
    const char *name = v->panel == PANEL_HEADS ? UI_TR(ui, "head", "头") : ui_panel_word(ui, v->panel);
    int len = snprintf(line, sizeof line, " %s", name);
    if (v->panel == PANEL_HEADS)
        len += snprintf(line + len, sizeof line - (size_t)len, UI_TR(ui, " %d weights", " %d 权重"), v->head + 1);
    if (keep && !keep[at])
        snprintf(line + len, sizeof line - (size_t)len,
                 UI_TR(ui, "[%d][%d] is masked   (Enter: why)", "[%d][%d] 被遮住   （Enter：为什么）"), v->sel_i,
                 v->sel_j);
    else
        snprintf(line + len, sizeof line - (size_t)len,
                 UI_TR(ui, "[%d][%d] = %s   (Enter: how)%s", "[%d][%d] = %s   （Enter：怎么算）%s"), v->sel_i,
                 v->sel_j, cell_value(m.v[at], num, sizeof num),
                 v->edit != M__COUNT ? v->edit == M_M ? UI_TR(ui, "   Space flips 0/1", "   空格切换 0/1")
                                     : UI_TR(ui, "   + - > < or type to change it", "   + - > < 或直接输入来修改")
                                     : "");
    attron(A_DIM);
    uitext_put(stdscr, y, 0, line, COLS);
    attroff(A_DIM);
}

void ui_player_draw_status(Ui *ui, int y)
{
    const UiPlayer *p = ui->player;
    if (p->clipped) {
        attron(A_BOLD);
        uitext_put(stdscr, y, 0, UI_TR(ui, " some panels do not fit: enlarge the window to see them all",
                                       " 有些面板放不下：把窗口放大就能看全"), COLS);
        attroff(A_BOLD);
    } else if (p->n_views && p->ed.ok && ui_exercise_hidden(ui, p->views[p->focus].panel)) {
        uitext_put(stdscr, y, 0, UI_TR(ui, " this panel is hidden until you predict (a)",
                                       " 这个面板在你预测之后才显示（按 a）"), COLS);
    } else if (p->n_views && p->ed.ok) {
        cell_line(ui, y);
    }
}

