/* ui_player.c - the lesson player's screen: header, narration, goal,
 * configuration, and the step's panels where layout.c puts them. Its
 * status line is in ui_player_status.c, its keys in ui_player_keys.c, what
 * a view shows in ui_view.c. */
#include "tui/ui_player.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lab/bottleneck.h"
#include "lab/words.h"
#include "lesson/lesson_tr.h"
#include "tui/uitext.h"
#include "tui/ui_dump.h"
#include "tui/ui_image.h"

/* ------------------------------------------------------- open/close */

UiPlayer *ui_player_new(void) { return xcalloc(1, sizeof(UiPlayer)); }

/* Frees the state (the lesson must be closed: ui_player_close). */
void ui_player_free(UiPlayer *p)
{
    exercises_free(&p->ex);
    free(p);
}

void ui_player_save(Ui *ui, bool pending)
{
    UiPlayer *p = ui->player;
    if (pending) {
        if (!p->save_pending)
            return;
        p->save_pending = false;
    }
    if (!p->have_lesson)
        return;
    if (p->saved_step == p->ed.step + 1)
        return;     /* the file already says so: no second fsync */
    char err[300];
    state_set(&ui->state, p->lesson.path, p->ed.step, p->lesson.n_steps);
    if (state_save(&ui->state, err, sizeof err) < 0)
        ui_set_msg(ui, "%s", err);
    else
        p->saved_step = p->ed.step + 1;
}

int ui_player_open(Ui *ui, const char *path, int step, char *err, size_t n)
{
    UiPlayer *p = ui->player;
    Lesson l;
    Diags d = {0};
    if (lesson_load(path, &l, &d) < 0) {
        int e = 0;   /* the first error, not a warning before it (a duplicate key) */
        while (e < d.n - 1 && d.v[e].warning)
            e++;
        if (d.n)
            snprintf(err, n, "%s:%d: %s", d.v[e].file ? d.v[e].file : path, d.v[e].line, d.v[e].msg);
        else
            snprintf(err, n, "%s: cannot be opened", path);
        diags_free(&d);
        return -1;
    }
    diags_free(&d);
    ui_player_close(ui);
    p->saved_step = 0;
    p->lesson = l;
    p->have_lesson = true;
    exercises_open(&p->ex, &p->lesson);    /* the same lesson again: its edits are still there */
    int k = 0;
    if (step > 0) {
        k = step - 1;
    } else {
        const StateEntry *e = state_get(&ui->state, path);
        if (e && e->n_steps == l.n_steps)
            k = e->step;
    }
    if (k >= l.n_steps) {
        ui_set_msg(ui, UI_TR(ui, "this lesson has %d steps; showing the last", "这一课只有 %d 步；显示最后一步"), l.n_steps);
        k = l.n_steps - 1;
    }
    /* reopened where the saved place already says: nothing to write */
    const StateEntry *saved = state_get(&ui->state, path);
    const char *base = strrchr(path, '/');
    if (saved && saved->step == k && saved->n_steps == l.n_steps && (saved->done || k < l.n_steps - 1) &&
        strcmp(ui->state.last, base ? base + 1 : path) == 0)
        p->saved_step = k + 1;
    ui->screen = UI_PLAYER;
    ui_player_goto(ui, k);     /* computes the step, once */
    return 0;
}

void ui_player_close(Ui *ui)
{
    UiPlayer *p = ui->player;
    if (!p->have_lesson)
        return;
    ui_player_save(ui, false);
    p->save_pending = false;
    exercises_leave(&p->ex, &p->ed);
    editor_close(&p->ed);
    lesson_free(&p->lesson);
    p->have_lesson = false;
    p->n_views = 0;
    ui->screen = UI_MENU;
}

void ui_player_goto(Ui *ui, int step)
{
    UiPlayer *p = ui->player;
    if (p->ed.lesson) {
        exercises_leave(&p->ex, &p->ed);   /* kept for the run: never dropped */
        editor_close(&p->ed);
    }
    editor_open(&p->ed, &p->lesson, step);
    if (exercises_enter(&p->ex, &p->ed))
        ui_set_msg(ui, "%s", UI_TR(ui, "your edits of this step are back (r: as the lesson wrote it)",
                                   "你在这一步的修改还在（r：恢复课程原样）"));
    p->text_scroll = 0;
    p->show_hint = p->show_answer = p->show_hint2 = p->choosing = false;
    p->entering = p->tr_entering = false;
    p->focus = 0;
    p->minus = 0;
    for (int m = 0; m < M__COUNT; m++) {
        Mat x = p->ed.sc.in[m];
        p->input_limit[m] = 0;
        for (size_t t = 0; x.v && t < mat_size(x); t++)
            if (isfinite(x.v[t]) && fabs(x.v[t]) > p->input_limit[m])
                p->input_limit[m] = fabs(x.v[t]);
    }
    p->n_views = 0;    /* a new step: fresh cursors */
    ui_player_views(ui);
    char why[300];
    if (!p->ed.ok)
        ui_set_msg(ui, "%s", words_engine_error(&p->ed.err, ui->zh, why, sizeof why));
    p->save_pending = true;    /* saved once the frame is drawn (ui_player_save) */
}

/* ------------------------------------------------------------ views */

static bool is_qkv(int p) { return p == M_Q || p == M_K || p == M_V; }

void ui_player_views(Ui *ui)
{
    UiPlayer *pl = ui->player;
    const LessonStep *s = &pl->lesson.steps[pl->ed.step];
    const Editor *ed = &pl->ed;
    int old_focus = pl->focus, n_old = pl->n_views;
    UiView old[UI_MAX_VIEWS];
    memcpy(old, pl->views, sizeof old);
    pl->n_views = 0;
    for (int k = 0; k < s->n_panels && pl->n_views < UI_MAX_VIEWS; k++) {
        int p = s->panels[k];
        int copies = panel_entry(p)->per_head ? (ed->ok ? ed->res.n_heads : 0) : 1;
        for (int h = 0; h < copies && pl->n_views < UI_MAX_VIEWS; h++) {
            UiView *v = &pl->views[pl->n_views++];
            memset(v, 0, sizeof *v);
            v->panel = p;
            v->head = panel_entry(p)->per_head ? h : -1;
            v->edit = M__COUNT;
            if (p < M__COUNT && editor_can_edit(ed, (MatName)p) &&
                (!is_qkv(p) || ed->sc.cfg.mode == MODE_QKV || ed->sc.cfg.mode == MODE_MEMORY))
                v->edit = (MatName)p;
            for (int o = 0; o < n_old; o++)   /* the same panel keeps its cursor */
                if (old[o].panel == p && old[o].head == v->head) {
                    v->sel_i = old[o].sel_i;
                    v->sel_j = old[o].sel_j;
                }
        }
    }
    /* start on the first editable panel: that is where the learner acts */
    pl->focus = old_focus < pl->n_views ? old_focus : 0;
    if (n_old == 0)
        for (int k = 0; k < pl->n_views; k++)
            if (pl->views[k].edit != M__COUNT) {
                pl->focus = k;
                break;
            }
}

/* ------------------------------------------------------------- text */

/* The narration block: narration with live values, question, answer, hint. */
static void narration(Ui *ui, StrBuf *b)
{
    UiPlayer *p = ui->player;
    const LessonStep *s = &p->lesson.steps[p->ed.step];
    const char *lang = ui->lang;
    char err[200];
    const Result *res = p->ed.ok ? &p->ed.res : NULL;
    ref_render(text_get(&s->text, lang), res, &p->ed.sc, b, err, sizeof err);
    bool zh = ui->zh;
    const char *q = text_get(&s->question, lang);
    if (*q) {
        sb_printf(b, "\n\n%s", zh ? "问题：" : "Question: ");
        ref_render(q, res, &p->ed.sc, b, err, sizeof err);
        ui_exercise_question(ui, b);
        if (p->show_answer || ui_exercise_picked(ui)) {
            sb_printf(b, "\n%s", zh ? "答案：" : "Answer: ");
            ref_render(text_get(&s->answer, lang), res, &p->ed.sc, b, err, sizeof err);
        } else if (s->n_choices > 0) {
            sb_append(b, zh ? "  （按 a 做出预测）" : "  (a: make your prediction)");
        } else if (*text_get(&s->answer, lang)) {
            sb_append(b, zh ? "  （按 a 显示答案）" : "  (a: reveal the answer)");
        }
    }
    if (p->show_hint) {
        sb_printf(b, "\n\n%s", zh ? "提示：" : "Hint: ");
        const char *h = text_get(&s->hint, lang);
        ref_render(*h ? h : zh ? "这一步没有提示" : "no hint for this step", res, &p->ed.sc, b, err, sizeof err);
        const char *h2 = text_get(&s->hint2, lang);
        if (p->show_hint2 && *h2) {
            sb_printf(b, "\n%s", zh ? "提示二：" : "Hint 2: ");
            ref_render(h2, res, &p->ed.sc, b, err, sizeof err);
        } else if (*h2) {
            sb_append(b, zh ? "  （再按 i：第二个提示）" : "  (i again: a second hint)");
        }
    }
}

#define MAX_LINES 400

static void draw_header(Ui *ui)
{
    UiPlayer *p = ui->player;
    const LessonStep *s = &p->lesson.steps[p->ed.step];
    char left[80];
    snprintf(left, sizeof left, UI_TR(ui, " step %d of %d ", " 第 %d/%d 步 "), p->ed.step + 1, p->lesson.n_steps);
    move(0, 0);
    clrtoeol();
    attron(A_REVERSE | A_BOLD);
    mvprintw(0, 0, "%*s", COLS, "");
    int x = uitext_put(stdscr, 0, 0, left, COLS);
    x += uitext_put_cut(stdscr, 0, x, text_get(&s->title, ui->lang), COLS - x - 2);
    attroff(A_BOLD);
    int room = COLS - x - 4;
    const char *lt = text_get(&p->lesson.title, ui->lang);
    int lw = uitext_width(lt);
    if (room > 12)
        uitext_put_cut(stdscr, 0, lw + 1 < room ? COLS - lw - 1 : x + 3, lt, lw + 1 < room ? lw : room);
    attroff(A_REVERSE);
}

/* A mode's or co-attention setting's name in the language shown (the
 * engine's English name where there is no Chinese one). */
static const char *co_word(const Ui *ui, const char *name)
{
    static const char *const zh[][2] = {
        {"parallel", "并行"}, {"alternating", "交替"}, {"fine", "细粒度"}, {"coarse", "粗粒度"},
        {"parallel_lu", "并行（Lu）"}, {"coattention", "协同注意力"}, {"self", "自注意力"},
        {"multihead", "多头"},
    };
    for (size_t k = 0; ui->zh && k < sizeof zh / sizeof zh[0]; k++)
        if (strcmp(name, zh[k][0]) == 0)
            return zh[k][1];
    return name;
}

static void config_line(const Ui *ui, char *b, size_t n)
{
    const UiPlayer *p = ui->player;
    const AttnConfig *c = &p->ed.sc.cfg;
    size_t len = 0;
#define ADD(...) (len += (size_t)snprintf(b + len, len < n ? n - len : 0, __VA_ARGS__), len = len < n ? len : n - 1)
    /* only the settings the mode uses: multidim, hierarchical and Lu's
     * co-attention score with their own learned layers; the modes after the
     * course and co-attention take no mask */
    if (p->ed.sc.ext_run) {     /* a trained translator: its own score and input, no settings */
        const LessonTr *t = p->ed.sc.ext;
        if (ui_player_shows(ui, PANEL_BOTTLENECK))  /* the reversers, not the step's date */
            ADD(UI_TR(ui, "trained reversers with and without attention: lengths %d to %d, %d random strings each",
                      "训练好的反转器，有注意力和无注意力：长度 %d 到 %d，每个长度 %d 个随机字符串"),
                BN_LEN_STEP, BN_LEN_STEP * BN_MAX_N, BN_COUNT);
        else
            ADD(UI_TR(ui, "trained translator  %s  softmax  \"%s\": %d of %d written",
                      "训练好的翻译器  %s  softmax  “%s”：已写 %d / %d"),
                LESSON_TR_FORMULA, t->input, t->rows, t->total);
        return;
    }
    bool own_score = c->mode == MODE_MULTIDIM || c->mode == MODE_HIERARCHICAL ||
                     (c->mode == MODE_COATTENTION && c->co_mode == CO_PARALLEL_LU);
    bool no_mask = c->mode == MODE_COATTENTION || c->mode == MODE_MEMORY || own_score;
    ADD("%s", co_word(ui, engine_mode_name(c->mode)));
    if (!own_score)
        ADD(UI_TR(ui, "  score %s", "  打分 %s"), engine_score_name(c->score));
    ADD("  %s T=%g", engine_dist_name(c->dist), (double)c->temperature);
    if (c->dist == DIST_TOPK)
        ADD(" k=%d", c->topk);
    if (c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P)
        ADD(UI_TR(ui, " window D=%d", " 窗口 D=%d"), c->window);
    if (!no_mask)
        ADD("  %s %s%s%s%s", UI_TR(ui, "mask", "掩码"), c->mask ? "" : UI_TR(ui, "none", "无"),
        c->mask & MASK_PADDING ? UI_TR(ui, "padding ", "填充 ") : "", c->mask & MASK_CAUSAL ? UI_TR(ui, "causal ", "因果 ") : "",
        c->mask & MASK_MATRIX ? UI_TR(ui, "matrix", "矩阵") : "");
    if (c->mask & MASK_PADDING)
        ADD(UI_TR(ui, "(len %d%s)", "(长度 %d%s)"), c->valid_lens[0], c->n_valid_lens > 1 ? ",..." : "");
    if (p->ed.ok && p->ed.res.any_row_empty) {  /* all-zero weights, not a quiet choice */
        int rows = 0;
        for (int i = 0; i < p->ed.res.main.nq; i++)
            rows += p->ed.res.main.row_empty[i] != 0;
        if (ui->zh)
            ADD("  ! %d 行全被遮住（权重为 0）", rows ? rows : 1);
        else
            ADD("  ! %d row%s fully masked (weights 0)", rows ? rows : 1, rows > 1 ? "s" : "");
    }
    if (c->mode == MODE_MULTIHEAD)
        ADD(UI_TR(ui, "  heads %d", "  头数 %d"), c->heads);
    if (c->mode == MODE_SELF || c->mode == MODE_MULTIHEAD)
        ADD("  %s %s", UI_TR(ui, "position", "位置编码"), c->position ? UI_TR(ui, "on", "开") : UI_TR(ui, "off", "关"));
    if (c->mode == MODE_COATTENTION)
        ADD("  %s %s", co_word(ui, engine_co_mode_name(c->co_mode)), co_word(ui, engine_grain_name(c->co_grain)));
    ADD("%s", editor_can_configure(&p->ed) ? "   [s d m t T / o H]"
                                            : UI_TR(ui, "   (fixed in this step)", "   （这一步固定不变）"));
#undef ADD
}

/* The narration wrapped to the window: its text and its lines (byte ranges). */
typedef struct {
    StrBuf text;
    int lines;
    int starts[MAX_LINES], lens[MAX_LINES];
} Narration;

static void wrap_narration(Ui *ui, Narration *n)
{
    StrBuf raw = {0};
    narration(ui, &raw);
    memset(&n->text, 0, sizeof n->text);
    uitext_align_tables(raw.s ? raw.s : "", &n->text);   /* a table's columns line up */
    free(raw.s);
    n->lines = uitext_wrap(n->text.s ? n->text.s : "", COLS - 2, n->starts, n->lens, MAX_LINES);
    n->lines = n->lines < MAX_LINES ? n->lines : MAX_LINES;
}

/* Draws the narration's rows (scrolled) with arrows where it goes on. */
static void draw_narration(Ui *ui, const Narration *n, LayoutRect at)
{
    const UiPlayer *p = ui->player;
    const char *text = n->text.s ? n->text.s : "";
    int rows = at.h, y = at.y;
    for (int k = 0; k < rows; k++, y++) {
        move(y, 0);
        clrtoeol();
        int li = p->text_scroll + k;
        if (li < n->lines) {
            char line[1024];
            snprintf(line, sizeof line, "%.*s", n->lens[li] < 1023 ? n->lens[li] : 1023, text + n->starts[li]);
            static const char *const heads[] = {"Question:", "Answer:", "Hint:", "Hint 2:",
                                                "问题：", "答案：", "提示：", "提示二："};
            bool strong = false;
            for (int h = 0; h < 8; h++)
                strong = strong || strncmp(line, heads[h], strlen(heads[h])) == 0;
            if (strong)
                attron(A_BOLD);
            uitext_put(stdscr, y, 1, line, COLS - 2);
            attroff(A_BOLD);
        }
    }
    if (n->lines > rows) {
        bool more_below = p->text_scroll + rows < n->lines;
        attron(A_DIM);
        if (more_below)
            uitext_glyph(stdscr, y - 1, COLS - 1, L"\u2193", "v");
        if (p->text_scroll > 0)
            uitext_glyph(stdscr, at.y, COLS - 1, L"\u2191", "^");
        attroff(A_DIM);
    }
}

/* Draws narration, goal and configuration where the layout put them. */
static void draw_text(Ui *ui, const Narration *n, const Layout *lay)
{
    const UiPlayer *p = ui->player;
    draw_narration(ui, n, lay->narration);
    const LessonStep *s = &p->lesson.steps[p->ed.step];
    if (lay->goal.h)
        ui_exercise_draw_goal(ui, s, lay->goal.y, lay->goal.h);
    char cfg[300];
    int y = lay->config.y;
    config_line(ui, cfg, sizeof cfg);
    move(y, 0);
    clrtoeol();
    attron(A_DIM);
    uitext_put_cut(stdscr, y, 1, cfg, COLS - 2);
    attroff(A_DIM);
}

/* ----------------------------------------------------------- panels */

_Static_assert(HM__SHAPES == LAYOUT_SHAPES, "layout.h counts the heatmap's shapes");

/* Fills the views' heatmaps (with the values before the last edit, for
 * the marks) and what the layout needs to know of them. */
static void fill_panels(Ui *ui, LayoutInput *in)
{
    UiPlayer *p = ui->player;
    const Result *prev = p->ed.has_prev ? &p->ed.prev : NULL;
    in->n_panels = p->ed.ok ? p->n_views : 0;
    for (int k = 0; k < in->n_panels; k++) {
        LayoutPanel *lp = &in->panels[k];
        HmMatrix *hm = &p->hm[k];
        memset(lp, 0, sizeof *lp);
        if (ui_exercise_hidden(ui, p->views[k].panel)) {
            /* a box saying why, no bigger than it needs: the rows go to text */
            memset(hm, 0, sizeof *hm);
            for (int sh = 0; sh < LAYOUT_SHAPES; sh++) {
                lp->h[sh] = UI_HIDDEN_BOX_H;
                lp->w[sh] = UI_HIDDEN_BOX_W;
            }
            continue;
        }
        if (panel_entry(p->views[k].panel)->src == PSRC_FILE && p->lesson.dump) {    /* ui_dump_panel.c */
            memset(hm, 0, sizeof *hm);
            lp->chart = true;
            ui_dump_panel_box(ui, &lp->min_h, &lp->max_h, &lp->w[0]);
            continue;
        }
        if (panel_entry(p->views[k].panel)->src == PSRC_LIVE) {
            memset(hm, 0, sizeof *hm);
            lp->chart = true;
            ui_cost_box(COLS, &lp->min_h, &lp->max_h, &lp->w[0]);
            continue;
        }
        ui_view_matrix(ui, &p->views[k], &p->ed.res, hm);
        if (p->views[k].panel == PANEL_IMAGE && p->lesson.image.rgb) {    /* the picture (ui_image.c) */
            lp->chart = true;
            ui_image_box(ui, &lp->min_h, &lp->max_h, &lp->w[0]);
            continue;
        }
        if (prev) {
            const uint8_t *pk;
            Mat pm = ui_view_mat(&p->views[k], prev, &p->ed.sc, &pk);
            if (pm.rows == hm->m.rows && pm.cols == hm->m.cols && pm.v != hm->m.v)
                hm->prev = pm.v;
        }
        for (int sh = 0; sh < LAYOUT_SHAPES; sh++)
            hm_size(hm, (HmShape)sh, &lp->h[sh], &lp->w[sh]);
    }
}

/* The pager row: which panels this page shows, and that Tab goes on. */
static void draw_pager(Ui *ui, const Layout *lay)
{
    char line[160], which[32];
    int from = lay->page_from + 1, to = lay->page_to;
    if (from == to)
        snprintf(which, sizeof which, "%d", from);
    else
        snprintf(which, sizeof which, "%d-%d", from, to);
    snprintf(line, sizeof line,
             UI_TR(ui, " panels %s of %d shown: Tab / S-Tab for the others", " 显示面板 %s（共 %d 个）：按 Tab / S-Tab 看其余的"),
             which, ui->player->n_views);
    attron(A_BOLD);
    uitext_put_cut(stdscr, lay->pager.y, 0, line, COLS);
    attroff(A_BOLD);
}

static void draw_panels(Ui *ui, const Layout *lay)
{
    UiPlayer *p = ui->player;
    int top = lay->panels_top, bottom = lay->message.y;
    for (int y = top; y < bottom; y++) {
        move(y, 0);
        clrtoeol();
    }
    if (!p->ed.ok) {
        attron(A_BOLD);
        uitext_put(stdscr, top + 1, 1, UI_TR(ui, "This step cannot be computed:", "这一步无法计算："), COLS - 2);
        attroff(A_BOLD);
        char why[300];
        uitext_put(stdscr, top + 2, 1, words_engine_error(&p->ed.err, ui->zh, why, sizeof why), COLS - 2);
        return;
    }
    for (int k = 0; k < p->n_views; k++) {
        LayoutRect r = lay->panels[k];
        UiView *v = &p->views[k];
        memset(&v->geom, 0, sizeof v->geom);    /* not shown, or no cells to hit */
        if (r.h == 0 || r.w == 0)
            continue;
        if (ui_exercise_hidden(ui, v->panel))
            ui_exercise_draw_hidden(ui, v, r.y, r.x, r.h, r.w);
        else if (panel_entry(v->panel)->src == PSRC_FILE && p->lesson.dump)
            ui_dump_panel_draw(ui, p->lesson.dump, k == p->focus, r.y, r.x, r.h, r.w);
        else if (panel_entry(v->panel)->src == PSRC_LIVE)
            ui_cost_draw(ui, v->panel, k == p->focus, r.y, r.x, r.h, r.w);
        else if (v->panel == PANEL_IMAGE && p->lesson.image.rgb)
            ui_image_draw(ui, v, k == p->focus, r.y, r.x, r.h, r.w);
        else
            hm_draw(stdscr, r.y, r.x, r.h, r.w, &p->hm[k], (HmShape)lay->shape[k], &v->geom);
    }
    if (lay->pager.h)
        draw_pager(ui, lay);
}

void ui_player_draw(Ui *ui, unsigned d)
{
    UiPlayer *p = ui->player;
    if (ui_overlay_shown(ui)) {
        if (d & UI_DIRTY_HEAD)
            draw_header(ui);
        return;
    }
    Narration n;
    LayoutInput in;
    Layout lay;
    wrap_narration(ui, &n);
    in.text_lines = n.lines;
    in.goal_rows = ui_exercise_goal_rows(ui);
    fill_panels(ui, &in);
    in.focus = p->focus;
    in.status_rows = ui_player_status_rows(ui);
    layout_player(LINES, COLS, &in, &lay);
    bool status_moved = p->status_rows != lay.message.h;
    p->status_rows = lay.message.h;
    p->paged = lay.pager.h > 0;
    /* scrolled no further than shows the last line in the rows the
     * narration has now (fewer when it gave rows up to the panels) */
    if (p->text_scroll > n.lines - lay.narration.h)
        p->text_scroll = n.lines - lay.narration.h > 0 ? n.lines - lay.narration.h : 0;
    int before = p->text_rows;
    bool page_changed = p->page_shown != lay.page_from;
    p->page_shown = lay.page_from;
    p->text_lines = n.lines;
    p->text_rows = lay.narration.h;
    p->clipped = lay.clipped;
    if ((before != p->text_rows || page_changed || status_moved) && d != UI_DIRTY_ALL) {
        erase();    /* everything below the narration moved */
        d = UI_DIRTY_ALL;
    }
    if (d & UI_DIRTY_HEAD)
        draw_header(ui);
    if (d & UI_DIRTY_TEXT)
        draw_text(ui, &n, &lay);
    if (d & UI_DIRTY_PANELS)
        draw_panels(ui, &lay);
    free(n.text.s);
}

bool ui_player_shows(const Ui *ui, int panel)
{
    const UiPlayer *p = ui->player;
    if (ui->screen != UI_PLAYER || !p->have_lesson || ui_overlay_shown(ui))
        return false;
    for (int k = 0; k < p->n_views; k++)
        if (p->views[k].panel == panel)
            return true;
    return false;
}

bool ui_player_on_mask(const Ui *ui)
{
    const UiPlayer *p = ui->player;
    return ui->screen == UI_PLAYER && p->have_lesson && p->n_views && p->views[p->focus].edit == M_M;
}

bool ui_player_edits(const Ui *ui)
{
    const UiPlayer *p = ui->player;
    for (int k = 0; ui->screen == UI_PLAYER && p->have_lesson && k < p->n_views; k++)
        if (p->views[k].edit != M__COUNT)
            return true;
    return false;
}

bool ui_player_has_hint(const Ui *ui)
{
    const UiPlayer *p = ui->player;
    return p->have_lesson && *text_get(&p->lesson.steps[p->ed.step].hint, ui->lang);
}

bool ui_player_has_question(const Ui *ui)
{
    const UiPlayer *p = ui->player;
    const LessonStep *s = p->have_lesson ? &p->lesson.steps[p->ed.step] : NULL;
    return s && (*text_get(&s->question, ui->lang) || *text_get(&s->answer, ui->lang));
}

int ui_player_unsaved_step(const Ui *ui, const char *other_path)
{
    const UiPlayer *p = ui->player;
    if (!p->ex.path)
        return -1;
    int k = exercises_unsaved(&p->ex);
    if (k < 0 || !other_path)
        return k;
    char *real = realpath(other_path, NULL);
    bool same = real && strcmp(real, p->ex.path) == 0;
    free(real);
    return same ? -1 : k;
}
