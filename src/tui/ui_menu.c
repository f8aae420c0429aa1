/* ui_menu.c - the lesson menu: the bundled lessons, their titles in the
 * chosen language and the learner's progress in each. */
#include "tui/ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "tui/uitext.h"

void ui_menu_load(Ui *ui)
{
    char **paths;
    int n = lesson_list(&paths);
    ui->items = xcalloc((size_t)(n ? n : 1), sizeof *ui->items);
    ui->n_items = n;
    for (int i = 0; i < n; i++) {
        MenuItem *it = &ui->items[i];
        Lesson l;
        Diags d = {0};
        it->path = paths[i];
        if (lesson_load(paths[i], &l, &d) == 0) {
            it->title = xstrdup(text_get(&l.title, ui->lang));
            it->n_steps = l.n_steps;
            lesson_free(&l);
        } else {
            const char *b = strrchr(paths[i], '/');
            it->title = xstrdup(b ? b + 1 : paths[i]);
        }
        diags_free(&d);
        const char *last = ui->state.last;
        if (last[0] && strlen(paths[i]) >= strlen(last) &&
            strcmp(paths[i] + strlen(paths[i]) - strlen(last), last) == 0)
            ui->menu_sel = i;
    }
    free(paths);
}

void ui_menu_free(Ui *ui)
{
    for (int i = 0; i < ui->n_items; i++) {
        free(ui->items[i].path);
        free(ui->items[i].title);
    }
    free(ui->items);
    ui->items = NULL;
    ui->n_items = 0;
}

static void progress(const Ui *ui, const MenuItem *it, char *buf, size_t n)
{
    const StateEntry *e = state_get(&ui->state, it->path);
    if (it->n_steps == 0)
        snprintf(buf, n, "%s", UI_TR(ui, "has errors: attnlab check", "有错误：attnlab check"));
    else if (!e)
        snprintf(buf, n, "%s", UI_TR(ui, "not started", "未开始"));
    else if (e->done && e->step == it->n_steps - 1)
        snprintf(buf, n, "%s", UI_TR(ui, "done", "已学完"));
    else
        snprintf(buf, n, UI_TR(ui, "step %d of %d%s", "第 %d/%d 步%s"), e->step + 1, it->n_steps,
                 e->done ? UI_TR(ui, " (done before)", "（以前学完过）") : "");
}

void ui_menu_draw(Ui *ui)
{
    move(0, 0);
    clrtoeol();
    attron(A_BOLD | A_REVERSE);
    mvprintw(0, 0, "%*s", COLS, "");
    uitext_put(stdscr, 0, 0, UI_TR(ui, " attnlab: lessons", " attnlab：课程"), COLS);
    attroff(A_BOLD | A_REVERSE);
    if (ui->n_items == 0) {
        uitext_put(stdscr, 2, 2, UI_TR(ui, "No lessons found. Set ATTNLAB_LESSONS to a folder of .lesson files.",
                                       "没有找到课程。请把 ATTNLAB_LESSONS 设为存放 .lesson 文件的文件夹。"), COLS - 3);
        return;
    }
    int top = 2, rows = LINES - 5;
    int first = ui->menu_sel >= rows ? ui->menu_sel - rows + 1 : 0;
    for (int k = 0; k < rows && first + k < ui->n_items; k++) {
        int i = first + k;
        const MenuItem *it = &ui->items[i];
        char prog[80], num[16];
        progress(ui, it, prog, sizeof prog);
        int pw = uitext_width(prog);
        move(top + k, 0);
        clrtoeol();
        if (i == ui->menu_sel)
            attron(A_REVERSE);
        snprintf(num, sizeof num, " %2d  ", i + 1);
        mvprintw(top + k, 0, "%*s", COLS, "");
        mvaddstr(top + k, 0, num);
        uitext_put(stdscr, top + k, 5, it->title, COLS - 5 - pw - 3);
        uitext_put(stdscr, top + k, COLS - pw - 1, prog, pw);
        attroff(A_REVERSE);
    }
    attron(A_DIM);
    uitext_put(stdscr, LINES - 3, 2, UI_TR(ui, "Enter opens the lesson; inside, n/p step, Enter on a number shows its arithmetic.",
                                           "Enter 打开课程；课程里 n/p 换步，在数字上按 Enter 显示它的算式。"), COLS - 3);
    attroff(A_DIM);
}

unsigned ui_menu_key(Ui *ui, Action a)
{
    char err[400];
    switch (a) {
    case ACT_QUIT:
        ui->quit = true;
        return 0;
    case ACT_UP:
        if (ui->menu_sel > 0)
            ui->menu_sel--;
        return UI_DIRTY_ALL;
    case ACT_DOWN:
        if (ui->menu_sel + 1 < ui->n_items)
            ui->menu_sel++;
        return UI_DIRTY_ALL;
    case ACT_OPEN:
        if (ui->n_items == 0)
            return 0;
        if (ui_player_open(ui, ui->items[ui->menu_sel].path, 0, err, sizeof err) < 0)
            ui_set_msg(ui, "%s", err);
        return UI_DIRTY_ALL;
    case ACT_CMAP:
        ui->cmap = (Cmap)((ui->cmap + 1) % CMAP_RDBU);
        ui_set_msg(ui, UI_TR(ui, "weights colour map: %s", "权重配色：%s"), cmap_name(ui->cmap));
        return UI_DIRTY_STATUS;
    default:
        return 0;
    }
}
