/* ui_menu.c - the lesson menu: the bundled lessons, their titles in the
 * chosen language and the learner's progress in each. */
#include "tui/ui_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lab/exercise.h"
#include "lesson/lesson.h"
#include "tui/uitext.h"

typedef struct {
    char *path;
    char *title;            /* in the chosen language */
    char *summary;          /* the lesson's summary in that language, or "" */
    int n_steps;            /* 0 when the lesson has errors */
    int n_goals;            /* its exercises (steps with a goal) */
} MenuItem;

struct UiMenu {
    bool loaded;
    MenuItem *items;
    int n_items, sel;
    bool warned;            /* the learner was told once that leaving drops edits */
};

UiMenu *ui_menu_new(void) { return xcalloc(1, sizeof(UiMenu)); }

/* Reading every lesson for the menu is most of start-up: done only when
 * the menu is first needed, not when a lesson is opened directly. */
static UiMenu *menu_ready(Ui *ui)
{
    UiMenu *m = ui->menu;
    if (m->loaded)
        return m;
    m->loaded = true;
    char **paths;
    int n = lesson_list(&paths);
    m->items = xcalloc((size_t)(n ? n : 1), sizeof *m->items);
    m->n_items = n;
    for (int i = 0; i < n; i++) {
        MenuItem *it = &m->items[i];
        Lesson l;
        Diags d = {0};
        it->path = paths[i];
        if (lesson_load(paths[i], &l, &d) == 0) {
            it->title = xstrdup(text_get(&l.title, ui->lang));
            it->summary = xstrdup(text_get(&l.summary, ui->lang));
            it->n_steps = l.n_steps;
            it->n_goals = exercises_total(&l);
            lesson_free(&l);
        } else {
            const char *b = strrchr(paths[i], '/');
            it->title = xstrdup(b ? b + 1 : paths[i]);
            it->summary = xstrdup("");
        }
        diags_free(&d);
        const char *last = ui->state.last;
        if (last[0] && strlen(paths[i]) >= strlen(last) &&
            strcmp(paths[i] + strlen(paths[i]) - strlen(last), last) == 0)
            m->sel = i;
    }
    free(paths);
    return m;
}

void ui_menu_free(UiMenu *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->n_items; i++) {
        free(m->items[i].path);
        free(m->items[i].title);
        free(m->items[i].summary);
    }
    free(m->items);
    free(m);
}

/* The progress text of a lesson: its place, and how many of its exercises
 * are done ("step 2 of 5, 1/3 exercises"; done ones are read from the
 * progress database, one query a lesson). */
static void progress(const Ui *ui, const MenuItem *it, char *buf, size_t n)
{
    const StateEntry *e = state_get(&ui->state, it->path);
    int len = 0;
    struct stat st;
    if (it->n_steps == 0 && stat(it->path, &st) == 0 && !S_ISREG(st.st_mode))    /* a pipe, socket, device */
        len = snprintf(buf, n, "%s", UI_TR(ui, "unreadable: not a file", "无法读取：不是普通文件"));
    else if (it->n_steps == 0)
        len = snprintf(buf, n, "%s", UI_TR(ui, "has errors: attnlab check", "有错误：attnlab check"));
    else if (!e)
        len = snprintf(buf, n, "%s", UI_TR(ui, "not started", "未开始"));
    else if (e->done && e->step == it->n_steps - 1)
        len = snprintf(buf, n, "%s", UI_TR(ui, "done", "已学完"));
    else
        len = snprintf(buf, n, UI_TR(ui, "step %d of %d%s", "第 %d/%d 步%s"), e->step + 1, it->n_steps,
                       e->done ? UI_TR(ui, " (done before)", "（以前学完过）") : "");
    if (it->n_steps == 0 || it->n_goals == 0 || len < 0 || (size_t)len >= n)
        return;
    int met = e ? state_exercises_met(it->path) : 0;
    met = met < 0 ? 0 : met > it->n_goals ? it->n_goals : met;
    snprintf(buf + len, n - (size_t)len, UI_TR(ui, ", %d/%d exercises", "，%d/%d 个练习"), met, it->n_goals);
}

/* The selected lesson's summary, wrapped, on the rows from y down
 * (MENU_SUMMARY_ROWS of them, the last ending in "..." when cut). */
#define MENU_SUMMARY_ROWS 3
static void draw_summary(const char *summary, int y)
{
    int starts[MENU_SUMMARY_ROWS], lens[MENU_SUMMARY_ROWS];
    int n = uitext_wrap(summary, COLS - 6, starts, lens, MENU_SUMMARY_ROWS);
    for (int k = 0; k < MENU_SUMMARY_ROWS; k++) {
        move(y + k, 0);
        clrtoeol();
        if (k >= n)
            continue;
        char line[1024];
        bool cut = k == MENU_SUMMARY_ROWS - 1 && n > MENU_SUMMARY_ROWS;
        snprintf(line, sizeof line, "%.*s%s", lens[k] < 1000 ? lens[k] : 1000, summary + starts[k], cut ? " ..." : "");
        uitext_put(stdscr, y + k, 5, line, COLS - 6);
    }
}

void ui_menu_draw(Ui *ui)
{
    const UiMenu *m = menu_ready(ui);
    move(0, 0);
    clrtoeol();
    attron(A_BOLD | A_REVERSE);
    mvprintw(0, 0, "%*s", COLS, "");
    uitext_put(stdscr, 0, 0, UI_TR(ui, " attnlab: lessons", " attnlab：课程"), COLS);
    attroff(A_BOLD | A_REVERSE);
    if (m->n_items == 0) {
        uitext_put(stdscr, 2, 2, UI_TR(ui, "No lessons found. Set ATTNLAB_LESSONS to a folder of .lesson files.",
                                       "没有找到课程。请把 ATTNLAB_LESSONS 设为存放 .lesson 文件的文件夹。"), COLS - 3);
        return;
    }
    int top = 2, rows = LINES - 5 - MENU_SUMMARY_ROWS;
    int first = m->sel >= rows ? m->sel - rows + 1 : 0;
    for (int k = 0; k < rows && first + k < m->n_items; k++) {
        int i = first + k;
        const MenuItem *it = &m->items[i];
        char prog[120], num[16];
        progress(ui, it, prog, sizeof prog);
        int pw = uitext_width(prog);
        move(top + k, 0);
        clrtoeol();
        if (i == m->sel)
            attron(A_REVERSE);
        int shown = lesson_number(it->path);
        snprintf(num, sizeof num, " %2d  ", shown ? shown : i + 1);
        mvprintw(top + k, 0, "%*s", COLS, "");
        mvaddstr(top + k, 0, num);
        uitext_put_cut(stdscr, top + k, 5, it->title, COLS - 5 - pw - 3);
        uitext_put(stdscr, top + k, COLS - pw - 1, prog, pw);
        attroff(A_REVERSE);
    }
    draw_summary(m->items[m->sel].summary, LINES - 3 - MENU_SUMMARY_ROWS);
    attron(A_DIM);
    uitext_put_cut(stdscr, LINES - 3, 2, UI_TR(ui, "Enter opens the lesson; inside, n/p step, Enter on a number shows its arithmetic.",
                                           "Enter 打开课程；课程里 n/p 换步，在数字上按 Enter 显示它的算式。"), COLS - 3);
    attroff(A_DIM);
}

/* ------------------------------------------------------------- keys */

/* Quitting, or opening another lesson, drops the edits kept for the run
 * in the lesson last open: said once, and the same key again goes on. */
static bool edits_would_drop(Ui *ui, const char *other_path)
{
    UiMenu *m = ui->menu;
    int k = ui_player_unsaved_step(ui, other_path);
    if (k < 0 || m->warned)
        return false;
    m->warned = true;
    ui_set_msg(ui, UI_TR(ui, "your edits to step %d of the last lesson are kept only while it stays open: "
                             "the same key again goes on",
                         "你对上一课第 %d 步的修改只在它打开时保留：再按一次同一个键继续"),
               k + 1);
    return true;
}

static unsigned act_quit(Ui *ui, int key)
{
    (void)key;
    if (edits_would_drop(ui, NULL))
        return UI_DIRTY_STATUS;
    ui->quit = true;
    return 0;
}

static unsigned act_up(Ui *ui, int key)
{
    UiMenu *m = ui->menu;
    (void)key;
    if (m->sel > 0)
        m->sel--;
    return UI_DIRTY_ALL;
}

static unsigned act_down(Ui *ui, int key)
{
    UiMenu *m = ui->menu;
    (void)key;
    if (m->sel + 1 < m->n_items)
        m->sel++;
    return UI_DIRTY_ALL;
}

static unsigned act_open(Ui *ui, int key)
{
    UiMenu *m = ui->menu;
    char err[400];
    (void)key;
    if (m->n_items == 0)
        return 0;
    if (edits_would_drop(ui, m->items[m->sel].path))
        return UI_DIRTY_STATUS;
    m->warned = false;
    if (ui_player_open(ui, m->items[m->sel].path, 0, err, sizeof err) < 0)
        ui_set_msg(ui, "%s", err);
    return UI_DIRTY_ALL;
}

static unsigned act_cmap(Ui *ui, int key)
{
    (void)key;
    ui_next_cmap(ui);
    return UI_DIRTY_STATUS;
}

/* 1-9: the lesson of that number in the list, opened. */
static unsigned act_digit(Ui *ui, int key)
{
    UiMenu *m = ui->menu;
    int k = -1;     /* the lesson numbered so, else the key-th */
    for (int i = 0; i < m->n_items && k < 0; i++)
        if (lesson_number(m->items[i].path) == key - '0')
            k = i;
    if (k < 0 && key - '1' < m->n_items && lesson_number(m->items[key - '1'].path) == 0)
        k = key - '1';
    if (k < 0 || k >= m->n_items) {
        ui_set_msg(ui, UI_TR(ui, "there is no lesson %d", "没有第 %d 课"), key - '0');
        return UI_DIRTY_STATUS;
    }
    m->sel = k;
    return act_open(ui, key);
}

static const UiActionFn actions[ACT__COUNT] = {
    [ACT_QUIT] = act_quit, [ACT_UP] = act_up, [ACT_DOWN] = act_down,
    [ACT_OPEN] = act_open, [ACT_CMAP] = act_cmap, [ACT_HELP] = ui_overlay_help, [ACT_DIGIT] = act_digit,
};

unsigned ui_menu_key(Ui *ui, Action a, int key)
{
    menu_ready(ui);
    return actions[a] ? actions[a](ui, key) : 0;
}
