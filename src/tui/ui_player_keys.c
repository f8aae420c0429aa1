/* ui_input.c - the lesson player's keys and mouse. Each handler returns the
 * UI_DIRTY_* bits of what it changed. */
#include "tui/ui_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lab/explain.h"
#include "figure/figure.h"

static UiView *focused(Ui *ui) { return ui->n_views ? &ui->views[ui->focus] : NULL; }

static void view_dims(Ui *ui, const UiView *v, int *rows, int *cols)
{
    const uint8_t *keep;
    Mat m = ui->ed.ok ? ui_view_mat(v, &ui->ed.res, &ui->ed.sc, &keep) : (Mat){0, 0, NULL};
    *rows = m.rows;
    *cols = m.cols;
}

static unsigned refresh_views(Ui *ui)
{
    ui_player_views(ui);
    for (int k = 0; k < ui->n_views; k++) {
        int r, c;
        view_dims(ui, &ui->views[k], &r, &c);
        UiView *v = &ui->views[k];
        v->sel_i = v->sel_i < r ? v->sel_i : (r > 0 ? r - 1 : 0);
        v->sel_j = v->sel_j < c ? v->sel_j : (c > 0 ? c - 1 : 0);
    }
    return UI_DIRTY_ALL;
}

static unsigned edited(Ui *ui, int rc, const char *msg)
{
    if (rc < 0) {
        ui_set_msg(ui, "%s", msg);
        return UI_DIRTY_STATUS;
    }
    return UI_DIRTY_TEXT | UI_DIRTY_PANELS;
}

static bool editable_cell(Ui *ui, UiView **vp)
{
    UiView *v = focused(ui);
    if (!v || v->edit == M__COUNT) {
        ui_set_msg(ui, "%s", UI_TR(ui, "this panel cannot be edited here: Tab to a panel marked as editable",
                                  "这个面板在这里不能修改：按 Tab 换到标为可编辑的面板"));
        return false;
    }
    *vp = v;
    return true;
}

static unsigned nudge(Ui *ui, double delta)
{
    UiView *v;
    char msg[300];
    if (!editable_cell(ui, &v))
        return UI_DIRTY_STATUS;
    return edited(ui, editor_nudge(&ui->ed, v->edit, v->sel_i, v->sel_j, delta, msg, sizeof msg), msg);
}

static unsigned entry_key(Ui *ui, int key, bool fkey)
{
    size_t len = strlen(ui->entry);
    if (!fkey && (key == '\n' || key == '\r')) {
        ui->entering = false;
        UiView *v;
        char msg[300];
        if (!editable_cell(ui, &v))
            return UI_DIRTY_STATUS;
        return UI_DIRTY_STATUS | edited(ui, editor_set_text(&ui->ed, v->edit, v->sel_i, v->sel_j, ui->entry, msg,
                                                              sizeof msg), msg);
    }
    if (!fkey && key == 27) {
        ui->entering = false;
    } else if ((fkey && key == KEY_BACKSPACE) || (!fkey && (key == 127 || key == 8))) {
        if (len)
            ui->entry[len - 1] = '\0';
    } else if (!fkey && key >= 32 && key < 127 && len + 1 < sizeof ui->entry) {
        ui->entry[len] = (char)key;
        ui->entry[len + 1] = '\0';
    }
    return UI_DIRTY_STATUS;
}

static unsigned move_sel(Ui *ui, int di, int dj)
{
    UiView *v = focused(ui);
    if (!v)
        return 0;
    int r, c;
    view_dims(ui, v, &r, &c);
    int i = v->sel_i + di, j = v->sel_j + dj;
    if (i >= 0 && i < r)
        v->sel_i = i;
    if (j >= 0 && j < c)
        v->sel_j = j;
    return UI_DIRTY_PANELS;
}

static unsigned explain(Ui *ui, UiView *v)
{
    if (!v || !ui->ed.ok)
        return 0;
    ui_show_overlay(ui, OV_EXPLAIN);
    if (v->panel == PANEL_COST) {
        sb_append(&ui->ov_text, UI_TR(ui, "The cost chart in numbers\n\n", "代价图的数字\n\n"));
        cost_table(&ui->cost, &ui->ov_text);
        return UI_DIRTY_ALL;
    }
    const LessonStep *s = &ui->lesson.steps[ui->ed.step];
    explain_cell_lang(&ui->ed.res, &ui->ed.sc, s, v->panel, v->head, v->sel_i, v->sel_j, ui->zh, &ui->ov_text);
    return UI_DIRTY_ALL;
}

static unsigned configure(Ui *ui, AttnConfig c, const char *what)
{
    char msg[300];
    if (!editor_can_configure(&ui->ed)) {
        ui_set_msg(ui, "%s", UI_TR(ui, "this step keeps its settings fixed", "这一步的设置是固定的"));
        return UI_DIRTY_STATUS;
    }
    if (memcmp(&c, &ui->ed.sc.cfg, sizeof c) == 0) {
        ui_set_msg(ui, UI_TR(ui, "no other %s works with this step's matrices", "%s：这一步的矩阵没有别的选择"), what);
        return UI_DIRTY_STATUS;
    }
    if (editor_configure(&ui->ed, &c, msg, sizeof msg) < 0) {
        ui_set_msg(ui, UI_TR(ui, "%s: %s (kept the old setting)", "%s：%s（保留原来的设置）"), what, msg);
        return UI_DIRTY_STATUS;
    }
    const AttnConfig *n = &ui->ed.sc.cfg;
    ui_set_msg(ui, UI_TR(ui, "score %s (%s), %s (%s), T=%g", "打分 %s（%s），%s（%s），T=%g"), engine_score_name(n->score), engine_score_formula(n->score),
               engine_dist_name(n->dist), engine_dist_formula(n->dist), (double)n->temperature);
    return refresh_views(ui);
}

static unsigned step_to(Ui *ui, int k)
{
    if (k < 0) {
        ui_set_msg(ui, "%s", UI_TR(ui, "this is the first step", "这是第一步"));
        return UI_DIRTY_STATUS;
    }
    if (k >= ui->lesson.n_steps) {
        ui_set_msg(ui, "%s", UI_TR(ui, "that was the last step: q returns to the menu", "这是最后一步：按 q 回到菜单"));
        return UI_DIRTY_STATUS;
    }
    ui_player_goto(ui, k);
    return UI_DIRTY_ALL;
}

static unsigned undo_redo(Ui *ui, int rc, const char *msg)
{
    if (rc < 0) {
        ui_set_msg(ui, "%s", msg);
        return UI_DIRTY_STATUS;
    }
    return refresh_views(ui);
}

static unsigned settings_key(Ui *ui, Action a)
{
    const Editor *ed = &ui->ed;
    switch (a) {
    case ACT_SCORE: return configure(ui, editor_cycle_score(ed), UI_TR(ui, "score function", "打分函数"));
    case ACT_DIST: return configure(ui, editor_cycle_dist(ed), UI_TR(ui, "distribution", "分布函数"));
    case ACT_MASK: return configure(ui, editor_cycle_mask(ed), UI_TR(ui, "mask", "掩码"));
    case ACT_TEMP_UP: return configure(ui, editor_temperature(ed, true), UI_TR(ui, "higher temperature", "升高温度"));
    case ACT_TEMP_DOWN: return configure(ui, editor_temperature(ed, false), UI_TR(ui, "lower temperature", "降低温度"));
    case ACT_SCALE: return configure(ui, editor_toggle_scale(ed), UI_TR(ui, "scaling", "缩放"));
    case ACT_POSITION: return configure(ui, editor_toggle_position(ed), UI_TR(ui, "position encoding", "位置编码"));
    case ACT_HEADS: return configure(ui, editor_cycle_heads(ed), UI_TR(ui, "number of heads", "头数"));
    default: return 0;
    }
}

/* e / E: the focused panel, or the whole step, as a PNG of the live values
 * (edits included) in $ATTNLAB_FIGURES, else ./attnlab-figures. */
static void export_figure(Ui *ui, bool whole_step)
{
    if (!ui->ed.ok || ui->n_views == 0) {
        ui_set_msg(ui, UI_TR(ui, "nothing to export: %s", "没有可导出的：%s"),
                   ui->ed.ok ? UI_TR(ui, "this step shows no panel", "这一步没有面板") : ui->ed.err);
        return;
    }
    const UiView *v = &ui->views[ui->focus];
    int panel = whole_step ? FIG_PANEL_ALL : v->head >= 0 ? PANEL_HEADS : v->panel;
    const char *dir = getenv("ATTNLAB_FIGURES");
    if (!dir || !*dir)
        dir = "attnlab-figures";
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        ui_set_msg(ui, UI_TR(ui, "cannot make the folder %s: %s", "无法创建文件夹 %s：%s"), dir, strerror(errno));
        return;
    }
    char name[256], path[512], err[256];
    fig_file_name(&ui->lesson, ui->ed.step, panel, "png", name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FigOptions o = fig_default_options();
    o.lang = ui->opt.lang;
    o.cmap = (int)ui->cmap;
    if (fig_export(&ui->lesson, ui->ed.step, &ui->ed.res, &ui->ed.sc, panel, &o, path, err, sizeof err) < 0)
        ui_set_msg(ui, UI_TR(ui, "export failed: %s", "导出失败：%s"), err);
    else
        ui_set_msg(ui, UI_TR(ui, "figure written to %s", "图已写入 %s"), path);
}

unsigned ui_player_key(Ui *ui, Action a, int key, bool fkey)
{
    char msg[300];
    unsigned d = ui->ed.has_prev ? UI_DIRTY_PANELS : 0;
    editor_clear_marks(&ui->ed);    /* marks last until the next key */
    if (ui->entering)
        return d | entry_key(ui, key, fkey);
    if (!fkey && (isdigit(key) || key == '.')) {
        ui->entering = true;
        ui->entry[0] = (char)key;
        ui->entry[1] = '\0';
        return d | UI_DIRTY_STATUS;
    }
    switch (a) {
    case ACT_QUIT:
        ui_player_close(ui);
        return UI_DIRTY_ALL;
    case ACT_NEXT_STEP: return d | step_to(ui, ui->ed.step + 1);
    case ACT_PREV_STEP: return d | step_to(ui, ui->ed.step - 1);
    case ACT_UP: return d | move_sel(ui, -1, 0);
    case ACT_DOWN: return d | move_sel(ui, 1, 0);
    case ACT_LEFT: return d | move_sel(ui, 0, -1);
    case ACT_RIGHT: return d | move_sel(ui, 0, 1);
    case ACT_NEXT_PANEL:
    case ACT_PREV_PANEL:
        if (ui->n_views)
            ui->focus = (ui->focus + (a == ACT_NEXT_PANEL ? 1 : ui->n_views - 1)) % ui->n_views;
        return d | UI_DIRTY_PANELS;
    case ACT_NUDGE_UP: return d | nudge(ui, 0.1);
    case ACT_NUDGE_DOWN: return d | nudge(ui, -0.1);
    case ACT_BIG_UP: return d | nudge(ui, 1.0);
    case ACT_BIG_DOWN: return d | nudge(ui, -1.0);
    case ACT_TYPE:
        ui->entering = true;
        ui->entry[0] = '\0';
        return d | UI_DIRTY_STATUS;
    case ACT_UNDO: return d | undo_redo(ui, editor_undo(&ui->ed, msg, sizeof msg), msg);
    case ACT_REDO: return d | undo_redo(ui, editor_redo(&ui->ed, msg, sizeof msg), msg);
    case ACT_RESET:
        editor_reset(&ui->ed);
        ui_set_msg(ui, "%s", UI_TR(ui, "the step is back as the lesson wrote it", "这一步已恢复为课程原来的样子"));
        return refresh_views(ui);
    case ACT_EXPLAIN: return explain(ui, focused(ui));
    case ACT_HINT:
    case ACT_ANSWER:
        if (a == ACT_HINT)
            ui->show_hint = true;
        else
            ui->show_answer = true;
        ui->text_scroll = 1 << 20;  /* show the end, where it appeared */
        return UI_DIRTY_ALL;
    case ACT_CMAP:
        ui->cmap = (Cmap)((ui->cmap + 1) % CMAP_RDBU);
        ui_set_msg(ui, UI_TR(ui, "weights colour map: %s", "权重配色：%s"), cmap_name(ui->cmap));
        return d | UI_DIRTY_PANELS;
    case ACT_SCROLL_UP:
        ui->text_scroll -= ui->text_scroll > 0;
        return d | UI_DIRTY_TEXT;
    case ACT_SCROLL_DOWN:
        ui->text_scroll += ui->text_scroll + ui->text_rows < ui->text_lines;
        return d | UI_DIRTY_TEXT;
    case ACT_EXPORT:
    case ACT_EXPORT_ALL:
        export_figure(ui, a == ACT_EXPORT_ALL);
        return d | UI_DIRTY_STATUS;
    default:
        return d | settings_key(ui, a);
    }
}

unsigned ui_player_mouse(Ui *ui, int y, int x, unsigned long bs)
{
    unsigned d = ui->ed.has_prev ? UI_DIRTY_PANELS : 0;
    editor_clear_marks(&ui->ed);
    bool wheel_up = bs & BUTTON4_PRESSED, wheel_down = bs & BUTTON5_PRESSED;
    for (int k = 0; k < ui->n_views; k++) {
        int i, j;
        UiView *v = &ui->views[k];
        if (!hm_hit(&v->geom, y, x, &i, &j))
            continue;
        bool again = ui->focus == k && v->sel_i == i && v->sel_j == j;
        ui->focus = k;
        v->sel_i = i;
        v->sel_j = j;
        if (wheel_up || wheel_down)
            return d | UI_DIRTY_PANELS | (v->edit != M__COUNT ? nudge(ui, wheel_up ? 0.1 : -0.1) : 0);
        if (again)
            return explain(ui, v);
        return d | UI_DIRTY_PANELS;
    }
    if (wheel_up || wheel_down)
        return d | ui_player_key(ui, wheel_up ? ACT_SCROLL_UP : ACT_SCROLL_DOWN, 0, false);
    return d;
}
