/* ui_player_keys.c - the lesson player's keys and mouse: one short
 * handler per action (the table `actions` at the end), each returning the
 * UI_DIRTY_* bits of what it changed; the number being typed is a mode of
 * its own (entry_key). */
#include "tui/ui_player.h"

#include <stdlib.h>
#include <string.h>

#include "figure/fig_dest.h"
#include "lab/explain.h"
#include "lab/words.h"
#include "tui/ui_dump.h"

static UiView *focused(Ui *ui)
{
    UiPlayer *p = ui->player;
    return p->n_views ? &p->views[p->focus] : NULL;
}

static void view_dims(Ui *ui, const UiView *v, int *rows, int *cols)
{
    UiPlayer *p = ui->player;
    const uint8_t *keep;
    Mat m = p->ed.ok ? ui_view_mat(v, &p->ed.res, &p->ed.sc, &keep) : (Mat){0, 0, NULL};
    *rows = m.rows;
    *cols = m.cols;
}

static unsigned refresh_views(Ui *ui)
{
    UiPlayer *p = ui->player;
    ui_player_views(ui);
    for (int k = 0; k < p->n_views; k++) {
        int r, c;
        view_dims(ui, &p->views[k], &r, &c);
        UiView *v = &p->views[k];
        v->sel_i = v->sel_i < r ? v->sel_i : (r > 0 ? r - 1 : 0);
        v->sel_j = v->sel_j < c ? v->sel_j : (c > 0 ? c - 1 : 0);
    }
    return UI_DIRTY_ALL;
}

static unsigned edited(Ui *ui, int rc, const EditRefusal *why)
{
    if (rc < 0) {
        char msg[300];
        ui_set_msg(ui, "%s", words_edit_refusal(why, ui->zh, msg, sizeof msg));
        return UI_DIRTY_STATUS;
    }
    return UI_DIRTY_TEXT | UI_DIRTY_PANELS;
}

/* Why nothing here can be edited: on a step that edits nothing, the first
 * later step that does (so the learner knows it is coming). */
static void say_not_editable(Ui *ui)
{
    const UiPlayer *p = ui->player;
    if (p->lesson.steps[p->ed.step].editable == 0) {
        int k = p->ed.step + 1;
        while (k < p->lesson.n_steps && p->lesson.steps[k].editable == 0)
            k++;
        if (k < p->lesson.n_steps)
            ui_set_msg(ui, UI_TR(ui, "this step only shows the inputs: editing starts at step %d (n goes on)",
                                 "这一步只展示输入：从第 %d 步开始可以修改（按 n 继续）"), k + 1);
        else
            ui_set_msg(ui, "%s", UI_TR(ui, "this step only shows the numbers: nothing here can be edited",
                                       "这一步只展示数字：这里没有可以修改的"));
        return;
    }
    ui_set_msg(ui, "%s", UI_TR(ui, "this panel cannot be edited here: Tab to a panel marked as editable",
                               "这个面板在这里不能修改：按 Tab 换到标为可编辑的面板"));
}

static bool editable_cell(Ui *ui, UiView **vp)
{
    UiView *v = focused(ui);
    if (!v || v->edit == M__COUNT) {
        say_not_editable(ui);
        return false;
    }
    *vp = v;
    return true;
}

static unsigned nudge(Ui *ui, double delta)
{
    UiPlayer *p = ui->player;
    UiView *v;
    EditRefusal why;
    if (!editable_cell(ui, &v))
        return UI_DIRTY_STATUS;
    return edited(ui, editor_nudge(&p->ed, v->edit, v->sel_i, v->sel_j, delta, &why), &why);
}

static unsigned entry_key(Ui *ui, int key, bool fkey)
{
    UiPlayer *p = ui->player;
    size_t len = strlen(p->entry);
    if (!fkey && (key == '\n' || key == '\r')) {
        p->entering = false;
        UiView *v;
        EditRefusal why;
        if (!editable_cell(ui, &v))
            return UI_DIRTY_STATUS;
        return UI_DIRTY_STATUS | edited(ui, editor_set_text(&p->ed, v->edit, v->sel_i, v->sel_j, p->entry, &why),
                                        &why);
    }
    if (!fkey && key == 27) {
        p->entering = false;
    } else if ((fkey && key == KEY_BACKSPACE) || (!fkey && (key == 127 || key == 8))) {
        if (len)
            p->entry[len - 1] = '\0';
    } else if (!fkey && key >= 32 && key < 127 && len + 1 < sizeof p->entry) {
        p->entry[len] = (char)key;
        p->entry[len + 1] = '\0';
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
    UiPlayer *p = ui->player;
    if (!v || !p->ed.ok)
        return 0;
    if (ui_exercise_hidden(ui, v->panel)) {     /* its arithmetic would give the answer away */
        ui_set_msg(ui, "%s", UI_TR(ui, "this panel is hidden until you predict (a)", "这个面板在你预测之后才显示（按 a）"));
        return UI_DIRTY_STATUS;
    }
    if (panel_entry(v->panel)->src == PSRC_FILE && p->lesson.dump)
        return ui_dump_panel_open(ui, p->lesson.dump);     /* the whole view; q comes back */
    StrBuf *b = ui_overlay_open(ui, OV_EXPLAIN);
    if (panel_entry(v->panel)->src == PSRC_LIVE) {
        ui_cost_table(ui, v->panel, b);
        return UI_DIRTY_ALL;
    }
    const LessonStep *s = &p->lesson.steps[p->ed.step];
    explain_cell_lang(&p->ed.res, &p->ed.sc, s, v->panel, v->head, v->sel_i, v->sel_j, ui->zh, b);
    return UI_DIRTY_ALL;
}

static unsigned configure(Ui *ui, AttnConfig c, const char *what)
{
    UiPlayer *p = ui->player;
    char msg[300];
    EditRefusal why;
    if (!editor_can_configure(&p->ed)) {
        ui_set_msg(ui, "%s", UI_TR(ui, "this step keeps its settings fixed", "这一步的设置是固定的"));
        return UI_DIRTY_STATUS;
    }
    if (memcmp(&c, &p->ed.sc.cfg, sizeof c) == 0) {
        ui_set_msg(ui, UI_TR(ui, "no other %s works with this step's matrices", "%s：这一步的矩阵没有别的选择"), what);
        return UI_DIRTY_STATUS;
    }
    if (editor_configure(&p->ed, &c, &why) < 0) {
        ui_set_msg(ui, UI_TR(ui, "%s: %s (kept the old setting)", "%s：%s（保留原来的设置）"), what,
                   words_edit_refusal(&why, ui->zh, msg, sizeof msg));
        return UI_DIRTY_STATUS;
    }
    const AttnConfig *n = &p->ed.sc.cfg;
    ui_set_msg(ui, UI_TR(ui, "score %s (%s), %s (%s), T=%g", "打分 %s（%s），%s（%s），T=%g"), engine_score_name(n->score), engine_score_formula(n->score),
               engine_dist_name(n->dist), engine_dist_formula(n->dist), (double)n->temperature);
    return refresh_views(ui);
}

static unsigned step_to(Ui *ui, int k)
{
    UiPlayer *p = ui->player;
    if (k < 0) {
        ui_set_msg(ui, "%s", UI_TR(ui, "this is the first step", "这是第一步"));
        return UI_DIRTY_STATUS;
    }
    if (k >= p->lesson.n_steps) {
        ui_set_msg(ui, "%s", UI_TR(ui, "that was the last step: q returns to the menu", "这是最后一步：按 q 回到菜单"));
        return UI_DIRTY_STATUS;
    }
    ui_player_goto(ui, k);
    return UI_DIRTY_ALL;
}

static unsigned undo_redo(Ui *ui, int rc, const EditRefusal *why)
{
    if (rc < 0) {
        char msg[300];
        ui_set_msg(ui, "%s", words_edit_refusal(why, ui->zh, msg, sizeof msg));
        return UI_DIRTY_STATUS;
    }
    return refresh_views(ui);
}

/* e / E: the focused panel, or the whole step, as a PNG of the live values
 * (edits included) in the figures folder (fig_dest.h). */
static void export_figure(Ui *ui, bool whole_step)
{
    UiPlayer *p = ui->player;
    if (!p->ed.ok || p->n_views == 0) {
        char why[300];
        ui_set_msg(ui, UI_TR(ui, "nothing to export: %s", "没有可导出的：%s"),
                   p->ed.ok ? UI_TR(ui, "this step shows no panel", "这一步没有面板")
                            : words_engine_error(&p->ed.err, ui->zh, why, sizeof why));
        return;
    }
    const UiView *v = &p->views[p->focus];
    int panel = whole_step ? FIG_PANEL_ALL : v->head >= 0 ? PANEL_HEADS : v->panel;
    char path[512], path2[512], err[256];
    FigOptions o = fig_default_options();
    o.lang = ui->opt.lang;
    o.cmap = (int)ui->cmap;
    switch (fig_export_to_folder(&p->lesson, p->ed.step, &p->ed.res, &p->ed.sc, panel, &o, path, sizeof path, err,
                                 sizeof err)) {
    case FIG_DEST_OK:
        ui_set_msg(ui, UI_TR(ui, "figure written to %s", "图已写入 %s"), path);
        /* a picture beside other panels: the step's panels are a second figure */
        if (whole_step && fig_step_has_grid(&p->lesson.steps[p->ed.step]) &&
            fig_export_to_folder(&p->lesson, p->ed.step, &p->ed.res, &p->ed.sc, FIG_PANEL_GRID, &o, path2,
                                 sizeof path2, err, sizeof err) == FIG_DEST_OK)
            ui_set_msg(ui, UI_TR(ui, "figures written to %s and %s", "图已写入 %s 和 %s"), path, path2);
        break;
    case FIG_DEST_NO_FOLDER:
        ui_set_msg(ui, UI_TR(ui, "cannot make the folder %s: %s", "无法创建文件夹 %s：%s"), path, err);
        break;
    case FIG_DEST_FAILED: ui_set_msg(ui, UI_TR(ui, "export failed: %s", "导出失败：%s"), err); break;
    }
}

/* --------------------------------------------------------- handlers */

static unsigned act_quit(Ui *ui, int key)
{
    (void)key;
    ui_player_close(ui);
    return UI_DIRTY_ALL;
}

static unsigned act_next_step(Ui *ui, int key) { (void)key; return step_to(ui, ui->player->ed.step + 1); }
static unsigned act_prev_step(Ui *ui, int key) { (void)key; return step_to(ui, ui->player->ed.step - 1); }
static unsigned act_up(Ui *ui, int key) { (void)key; return move_sel(ui, -1, 0); }
static unsigned act_down(Ui *ui, int key) { (void)key; return move_sel(ui, 1, 0); }
static unsigned act_left(Ui *ui, int key) { (void)key; return move_sel(ui, 0, -1); }
static unsigned act_right(Ui *ui, int key) { (void)key; return move_sel(ui, 0, 1); }

/* Tab, S-Tab: the focus goes round the views. */
static unsigned focus_by(Ui *ui, int step)
{
    UiPlayer *p = ui->player;
    if (p->n_views)
        p->focus = (p->focus + step + p->n_views) % p->n_views;
    return UI_DIRTY_PANELS;
}

static unsigned act_next_panel(Ui *ui, int key) { (void)key; return focus_by(ui, 1); }
static unsigned act_prev_panel(Ui *ui, int key) { (void)key; return focus_by(ui, -1); }
static unsigned act_nudge_up(Ui *ui, int key) { (void)key; return nudge(ui, 0.1); }
/* '-' nudges down and remembers it did, for a digit that follows (act_type). */
static unsigned act_nudge_down(Ui *ui, int key)
{
    UiPlayer *p = ui->player;
    int before = p->ed.n_undo;
    unsigned d = nudge(ui, -0.1);
    p->minus = key == '-' ? (p->ed.n_undo != before ? 1 : 2) : 0;
    return d;
}
static unsigned act_big_up(Ui *ui, int key) { (void)key; return nudge(ui, 1.0); }
static unsigned act_big_down(Ui *ui, int key) { (void)key; return nudge(ui, -1.0); }

/* = starts an empty number; a digit or '.' starts one with itself, and
 * right after '-' with a minus sign: the '-' nudge is taken back, so
 * "-3.5 Enter" sets -3.5. */
static unsigned act_type(Ui *ui, int key)
{
    UiPlayer *p = ui->player;
    unsigned d = UI_DIRTY_STATUS;
    UiView *v;
    if (!editable_cell(ui, &v)) {   /* said at the first key, not after a whole number and Enter */
        p->minus = 0;
        return d;
    }
    bool negative = p->minus && key != '=';
    if (negative && p->minus == 1) {
        EditRefusal why;
        if (editor_undo(&p->ed, &why) == 0)
            d |= refresh_views(ui);
    }
    p->minus = 0;
    p->entering = true;
    snprintf(p->entry, sizeof p->entry, "%s%s", negative ? "-" : "", key == '=' ? "" : (char[]){(char)key, 0});
    return d;
}

/* Space: a mask cell (M) flips between 0 (masked) and 1 (kept). */
static unsigned act_toggle(Ui *ui, int key)
{
    UiPlayer *p = ui->player;
    UiView *v;
    EditRefusal why;
    (void)key;
    if (!editable_cell(ui, &v))
        return UI_DIRTY_STATUS;
    if (v->edit != M_M) {
        ui_set_msg(ui, "%s", UI_TR(ui, "Space flips cells of a mask (M) only: + - > < or a number change this one",
                                   "空格只切换掩码（M）的格子：这一格用 + - > < 或输入数字修改"));
        return UI_DIRTY_STATUS;
    }
    const uint8_t *keep;
    Mat m = ui_view_mat(v, &p->ed.res, &p->ed.sc, &keep);
    if (v->sel_i >= m.rows || v->sel_j >= m.cols)
        return 0;
    bool on = m.v[(size_t)v->sel_i * (size_t)m.cols + (size_t)v->sel_j] >= 0.5f;
    return edited(ui, editor_set_text(&p->ed, M_M, v->sel_i, v->sel_j, on ? "0" : "1", &why), &why);
}

static unsigned act_undo(Ui *ui, int key)
{
    EditRefusal why;
    (void)key;
    return undo_redo(ui, editor_undo(&ui->player->ed, &why), &why);
}

static unsigned act_redo(Ui *ui, int key)
{
    EditRefusal why;
    (void)key;
    return undo_redo(ui, editor_redo(&ui->player->ed, &why), &why);
}

static unsigned act_reset(Ui *ui, int key)
{
    (void)key;
    editor_reset(&ui->player->ed);
    ui_set_msg(ui, "%s", UI_TR(ui, "the step is back as the lesson wrote it", "这一步已恢复为课程原来的样子"));
    return refresh_views(ui);
}

static unsigned act_explain(Ui *ui, int key) { (void)key; return explain(ui, focused(ui)); }

/* i, a: the hint or the answer, scrolled into view at the narration's end. */
static unsigned reveal(Ui *ui, bool *shown)
{
    *shown = true;
    ui->player->text_scroll = UI_SCROLL_TO_END;
    return UI_DIRTY_ALL;
}

/* i once: the hint; i again: the second hint */
static unsigned act_hint(Ui *ui, int key)
{
    const LessonStep *s = &ui->player->lesson.steps[ui->player->ed.step];
    (void)key;
    if (!*text_get(&s->hint, ui->lang)) {   /* says so, as a does */
        ui_set_msg(ui, "%s", s->has_goal ? UI_TR(ui, "this step has no hint: the goal says what to aim for",
                                                 "这一步没有提示：目标说明了要做什么")
                                         : UI_TR(ui, "this step has no exercise: there is no hint to show",
                                                 "这一步没有练习：没有提示可显示"));
        return UI_DIRTY_STATUS;
    }
    return reveal(ui, ui->player->show_hint ? &ui->player->show_hint2 : &ui->player->show_hint);
}

/* a: on a prediction step the prompt first (ui_exercise.c); a step with no
 * answer says so */
static unsigned act_answer(Ui *ui, int key)
{
    UiPlayer *p = ui->player;
    (void)key;
    unsigned d = ui_exercise_answer(ui);
    if (d)
        return d;
    const LessonStep *s = &p->lesson.steps[p->ed.step];
    if (!*text_get(&s->answer, ui->lang)) {
        ui_set_msg(ui, "%s", *text_get(&s->question, ui->lang)
                                 ? UI_TR(ui, "this question has no written answer: try it on the panels",
                                         "这个问题没有写好的答案：在面板上试试看")
                                 : UI_TR(ui, "this step asks no question: there is no answer to reveal",
                                         "这一步没有问题：没有答案可显示"));
        return UI_DIRTY_STATUS;
    }
    return reveal(ui, &p->show_answer);
}

static unsigned act_first_step(Ui *ui, int key) { (void)key; return step_to(ui, 0); }

static unsigned act_last_step(Ui *ui, int key)
{
    (void)key;
    return step_to(ui, ui->player->lesson.n_steps - 1);
}

static unsigned act_cmap(Ui *ui, int key)
{
    (void)key;
    ui_next_cmap(ui);
    return UI_DIRTY_PANELS;
}

static unsigned act_scroll_up(Ui *ui, int key)
{
    UiPlayer *p = ui->player;
    (void)key;
    p->text_scroll -= p->text_scroll > 0;
    return UI_DIRTY_TEXT;
}

static unsigned act_scroll_down(Ui *ui, int key)
{
    UiPlayer *p = ui->player;
    (void)key;
    p->text_scroll += p->text_scroll + p->text_rows < p->text_lines;
    return UI_DIRTY_TEXT;
}

static unsigned act_export(Ui *ui, int key) { (void)key; export_figure(ui, false); return UI_DIRTY_STATUS; }
static unsigned act_export_all(Ui *ui, int key) { (void)key; export_figure(ui, true); return UI_DIRTY_STATUS; }

/* The settings keys: the editor proposes the next setting, configure() tries it. */
#define SETTING(name, proposal, en, zh)                                                  \
    static unsigned name(Ui *ui, int key)                                                \
    {                                                                                    \
        (void)key;                                                                       \
        return configure(ui, proposal(&ui->player->ed), UI_TR(ui, en, zh));              \
    }
SETTING(act_score, editor_cycle_score, "score function", "打分函数")
SETTING(act_dist, editor_cycle_dist, "distribution", "分布函数")
SETTING(act_mask, editor_cycle_mask, "mask", "掩码")
SETTING(act_scale, editor_toggle_scale, "scaling", "缩放")
#undef SETTING

/* o, H: say the new setting itself (configure() says score and distribution). */
static unsigned act_position(Ui *ui, int key)
{
    UiPlayer *p = ui->player;
    (void)key;
    unsigned d = configure(ui, editor_toggle_position(&p->ed), UI_TR(ui, "position encoding", "位置编码"));
    if (d == UI_DIRTY_ALL)
        ui_set_msg(ui, "%s", p->ed.sc.cfg.position
                                 ? UI_TR(ui, "position encoding on: each token's position is added to its vector",
                                         "位置编码：开（每个词的向量加上它的位置）")
                                 : UI_TR(ui, "position encoding off: the order of the tokens is not seen",
                                         "位置编码：关（看不到词的顺序）"));
    return d;
}

static unsigned act_heads(Ui *ui, int key)
{
    UiPlayer *p = ui->player;
    (void)key;
    unsigned d = configure(ui, editor_cycle_heads(&p->ed), UI_TR(ui, "number of heads", "头数"));
    if (d == UI_DIRTY_ALL)
        ui_set_msg(ui, UI_TR(ui, "now %d head%s of %d dimensions each", "现在是 %d 个头%s，每个 %d 维"),
                   p->ed.sc.cfg.heads, ui->zh || p->ed.sc.cfg.heads == 1 ? "" : "s",
                   p->ed.sc.cfg.heads ? p->ed.sc.in[M_X].cols / p->ed.sc.cfg.heads : 0);
    return d;
}

static unsigned act_temp_up(Ui *ui, int key)
{
    (void)key;
    return configure(ui, editor_temperature(&ui->player->ed, true), UI_TR(ui, "higher temperature", "升高温度"));
}

static unsigned act_temp_down(Ui *ui, int key)
{
    (void)key;
    return configure(ui, editor_temperature(&ui->player->ed, false), UI_TR(ui, "lower temperature", "降低温度"));
}

static const UiActionFn actions[ACT__COUNT] = {
    [ACT_QUIT] = act_quit, [ACT_HELP] = ui_overlay_help,
    [ACT_NEXT_STEP] = act_next_step, [ACT_PREV_STEP] = act_prev_step,
    [ACT_UP] = act_up, [ACT_DOWN] = act_down, [ACT_LEFT] = act_left, [ACT_RIGHT] = act_right,
    [ACT_NEXT_PANEL] = act_next_panel, [ACT_PREV_PANEL] = act_prev_panel,
    [ACT_NUDGE_UP] = act_nudge_up, [ACT_NUDGE_DOWN] = act_nudge_down,
    [ACT_BIG_UP] = act_big_up, [ACT_BIG_DOWN] = act_big_down, [ACT_TYPE] = act_type,
    [ACT_UNDO] = act_undo, [ACT_REDO] = act_redo, [ACT_RESET] = act_reset,
    [ACT_EXPLAIN] = act_explain, [ACT_HINT] = act_hint, [ACT_ANSWER] = act_answer,
    [ACT_SCORE] = act_score, [ACT_DIST] = act_dist, [ACT_MASK] = act_mask,
    [ACT_TEMP_UP] = act_temp_up, [ACT_TEMP_DOWN] = act_temp_down,
    [ACT_SCALE] = act_scale, [ACT_POSITION] = act_position, [ACT_HEADS] = act_heads,
    [ACT_CMAP] = act_cmap, [ACT_SCROLL_UP] = act_scroll_up, [ACT_SCROLL_DOWN] = act_scroll_down,
    [ACT_EXPORT] = act_export, [ACT_EXPORT_ALL] = act_export_all,
    [ACT_FIRST_STEP] = act_first_step, [ACT_LAST_STEP] = act_last_step, [ACT_TOGGLE] = act_toggle,
    [ACT_TR_INPUT] = ui_tr_act_input, [ACT_TR_MORE] = ui_tr_act_more, [ACT_TR_LESS] = ui_tr_act_less,
};

unsigned ui_player_key(Ui *ui, Action a, int key, bool fkey)
{
    UiPlayer *p = ui->player;
    /* the help opens over what is shown, marks of the last edit included */
    if (a == ACT_HELP && !p->entering && !p->tr_entering)
        return ui_overlay_help(ui, key);
    unsigned d = p->ed.has_prev ? UI_DIRTY_PANELS : 0;
    editor_clear_marks(&p->ed);    /* marks last until the next key */
    if (p->entering)
    if (p->entering)
        return d | entry_key(ui, key, fkey) | ui_exercise_note(ui);
    if (p->tr_entering)
        return d | ui_tr_key(ui, key, fkey) | ui_exercise_note(ui);
    if (p->choosing)
        return d | ui_exercise_key(ui, key, fkey);
    if (a != ACT_TYPE && a != ACT_NUDGE_DOWN)
        p->minus = 0;   /* only the key right after '-' may make it a sign */
    return (actions[a] ? d | actions[a](ui, key) : d) | ui_exercise_note(ui);
}

unsigned ui_player_mouse(Ui *ui, int y, int x, unsigned long bs)
{
    UiPlayer *p = ui->player;
    unsigned d = p->ed.has_prev ? UI_DIRTY_PANELS : 0;
    editor_clear_marks(&p->ed);
    p->minus = 0;
    bool wheel_up = bs & BUTTON4_PRESSED, wheel_down = bs & BUTTON5_PRESSED;
    for (int k = 0; k < p->n_views; k++) {
        int i, j;
        UiView *v = &p->views[k];
        if (!hm_hit(&v->geom, y, x, &i, &j))
            continue;
        bool again = p->focus == k && v->sel_i == i && v->sel_j == j;
        p->focus = k;
        v->sel_i = i;
        v->sel_j = j;
        if (wheel_up || wheel_down)
            return d | UI_DIRTY_PANELS | (v->edit != M__COUNT ? nudge(ui, wheel_up ? 0.1 : -0.1) : 0) |
                   ui_exercise_note(ui);
        if (again)
            return explain(ui, v);
        return d | UI_DIRTY_PANELS;
    }
    if (wheel_up || wheel_down)
        return d | ui_player_key(ui, wheel_up ? ACT_SCROLL_UP : ACT_SCROLL_DOWN, 0, false);
    return d;
}
