/* ui_player.c - the lesson player's screen: header, narration, goal,
 * configuration and the step's panels laid out to fit the window. */
#include "tui/ui_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/uitext.h"

/* ------------------------------------------------------- open/close */

int ui_player_open(Ui *ui, const char *path, int step, char *err, size_t n)
{
    Lesson l;
    Diags d = {0};
    if (lesson_load(path, &l, &d) < 0) {
        if (d.n)
            snprintf(err, n, "%s:%d: %s", d.v[0].file ? d.v[0].file : path, d.v[0].line, d.v[0].msg);
        else
            snprintf(err, n, "%s: cannot be opened", path);
        diags_free(&d);
        return -1;
    }
    diags_free(&d);
    ui_player_close(ui);
    ui->saved_step = 0;
    ui->lesson = l;
    ui->have_lesson = true;
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
        ui->saved_step = k + 1;
    editor_open(&ui->ed, &ui->lesson, k);
    ui->ed.zh = ui->zh;
    ui->screen = UI_PLAYER;
    ui_player_goto(ui, k);
    return 0;
}

void ui_player_close(Ui *ui)
{
    if (!ui->have_lesson)
        return;
    ui_save_place(ui);
    ui->save_pending = false;
    editor_close(&ui->ed);
    lesson_free(&ui->lesson);
    ui->have_lesson = false;
    ui->n_views = 0;
    ui->screen = UI_MENU;
}

void ui_player_goto(Ui *ui, int step)
{
    if (ui->ed.lesson)
        editor_close(&ui->ed);
    editor_open(&ui->ed, &ui->lesson, step);
    ui->ed.zh = ui->zh;
    ui->text_scroll = 0;
    ui->show_hint = ui->show_answer = false;
    ui->entering = false;
    ui->focus = 0;
    ui->n_views = 0;    /* a new step: fresh cursors */
    ui_player_views(ui);
    if (!ui->ed.ok)
        ui_set_msg(ui, "%s", ui->ed.err);
    ui->save_pending = true;    /* ui.c saves it once the frame is drawn */
}

/* ------------------------------------------------------------ views */

static bool is_qkv(int p) { return p == M_Q || p == M_K || p == M_V; }

void ui_player_views(Ui *ui)
{
    const LessonStep *s = &ui->lesson.steps[ui->ed.step];
    const Editor *ed = &ui->ed;
    int old_focus = ui->focus, n_old = ui->n_views;
    UiView old[UI_MAX_VIEWS];
    memcpy(old, ui->views, sizeof old);
    ui->n_views = 0;
    for (int k = 0; k < s->n_panels && ui->n_views < UI_MAX_VIEWS; k++) {
        int p = s->panels[k];
        int copies = p == PANEL_HEADS ? (ed->ok ? ed->res.n_heads : 0) : 1;
        for (int h = 0; h < copies && ui->n_views < UI_MAX_VIEWS; h++) {
            UiView *v = &ui->views[ui->n_views++];
            memset(v, 0, sizeof *v);
            v->panel = p;
            v->head = p == PANEL_HEADS ? h : -1;
            v->edit = M__COUNT;
            if (p < M__COUNT && editor_can_edit(ed, (MatName)p) && (!is_qkv(p) || ed->sc.cfg.mode == MODE_QKV))
                v->edit = (MatName)p;
            for (int o = 0; o < n_old; o++)   /* the same panel keeps its cursor */
                if (old[o].panel == p && old[o].head == v->head) {
                    v->sel_i = old[o].sel_i;
                    v->sel_j = old[o].sel_j;
                }
        }
    }
    /* start on the first editable panel: that is where the learner acts */
    ui->focus = old_focus < ui->n_views ? old_focus : 0;
    if (n_old == 0)
        for (int k = 0; k < ui->n_views; k++)
            if (ui->views[k].edit != M__COUNT) {
                ui->focus = k;
                break;
            }
}

Mat ui_view_mat(const UiView *v, const Result *r, const Scenario *sc, const uint8_t **keep)
{
    Mat none = {0, 0, NULL};
    *keep = NULL;
    switch (v->panel) {
    case M_Q: return r->Q;
    case M_K: return r->K;
    case M_V: return r->V;
    case PANEL_SCORES: *keep = r->main.keep; return r->main.scores;
    case PANEL_WEIGHTS: *keep = r->main.keep; return r->main.weights;
    case PANEL_OUTPUT: return r->main.output;
    case PANEL_HEADS:
        if (v->head >= r->n_heads)
            return none;
        *keep = r->heads[v->head].keep;
        return r->heads[v->head].weights;
    case PANEL_CONCAT: return r->concat;
    case PANEL_AFFINITY: return r->affinity;
    case PANEL_WEIGHTS_BA: *keep = r->b2a.keep; return r->b2a.weights;
    case PANEL_OUTPUT_BA: return r->b2a.output;
    case PANEL_PE: return r->PE;
    default: return v->panel >= 0 && v->panel < M__COUNT ? sc->in[v->panel] : none;
    }
}

const char *ui_panel_word(const Ui *ui, int panel)
{
    static const char *const zh[PANEL__COUNT - PANEL_SCORES] = {
        "得分", "权重", "输出", "头", "拼接", "亲和矩阵", "权重 B->A", "输出 B->A", "位置编码", "代价"};
    if (!ui->zh || panel < PANEL_SCORES || panel >= PANEL__COUNT)
        return panel_name(panel);   /* Q, K, V, X ... are names in both */
    return zh[panel - PANEL_SCORES];
}

/* Which tokens label a view's rows and columns: 'q', 'k' or 'd' (index). */
static void axes(const UiView *v, bool co, char *rows, char *cols)
{
    *rows = 'd';
    *cols = 'd';
    switch (v->panel) {
    case M_Q: case M_X: case PANEL_OUTPUT: case PANEL_CONCAT: case PANEL_PE: case M_A:
        *rows = 'q';
        break;
    case M_K: case M_V: case M_B: case PANEL_OUTPUT_BA:
        *rows = 'k';
        break;
    case PANEL_SCORES: case PANEL_WEIGHTS: case PANEL_HEADS: case PANEL_AFFINITY: case M_M:
        *rows = 'q';
        *cols = 'k';
        break;
    case PANEL_WEIGHTS_BA:
        *rows = 'k';
        *cols = 'q';
        break;
    default:
        break;
    }
    (void)co;
}

static void label(const Ui *ui, const LessonStep *s, char axis, int i, int count, char *out)
{
    char buf[32];
    int n = axis == 'q' ? s->n_queries : s->n_keys;
    if (axis == 'd')
        snprintf(out, HM_LABEL_MAX, "%d", i);
    else if (count == 1 && n > 1)
        snprintf(out, HM_LABEL_MAX, "%s", axis == 'q' ? UI_TR(ui, "pooled", "池化") : UI_TR(ui, "summary", "汇总"));
    else
        snprintf(out, HM_LABEL_MAX, "%s", lesson_label(s, axis == 'q', i, buf, sizeof buf));
}

static void view_title(const Ui *ui, const UiView *v, char *t, size_t n)
{
    const AttnConfig *c = &ui->ed.sc.cfg;
    bool proj = c->mode == MODE_SELF || c->mode == MODE_MULTIHEAD;
    bool co = c->mode == MODE_COATTENTION;
    const char *sf = engine_score_formula(c->score), *df = engine_dist_formula(c->dist);
    /* the words are translated, the formulas kept */
    const char *out = UI_TR(ui, "output", "输出"), *w = UI_TR(ui, "weights", "权重");
    switch (v->panel) {
    case M_Q: snprintf(t, n, "%s  %s", proj ? "Q = X Wq" : "Q", UI_TR(ui, "queries", "查询")); break;
    case M_K: snprintf(t, n, "%s  %s", proj ? "K = X Wk" : "K", UI_TR(ui, "keys", "键")); break;
    case M_V: snprintf(t, n, "%s  %s", proj ? "V = X Wv" : "V", UI_TR(ui, "values", "值")); break;
    case M_X: snprintf(t, n, "X  %s", UI_TR(ui, "tokens", "词元")); break;
    case M_M: snprintf(t, n, "M  %s", UI_TR(ui, "mask (0 = hide)", "掩码（0 = 遮住）")); break;
    case PANEL_SCORES:
        snprintf(t, n, "%s%s %s", UI_TR(ui, "scores", "得分"),
                 c->mode == MODE_MULTIHEAD ? UI_TR(ui, " (mean of heads)", "（各头平均）") : "", sf);
        break;
    case PANEL_WEIGHTS:
        snprintf(t, n, "%s%s %s", w,
                 c->mode == MODE_MULTIHEAD ? UI_TR(ui, " (mean)", "（平均）") : co ? " A->B" : "",
                 co ? UI_TR(ui, "rows of L", "L 的各行") : df);
        break;
    case PANEL_OUTPUT:
        snprintf(t, n, "%s %s", out, c->mode == MODE_MULTIHEAD ? "= concat Wo" : co ? "A->B = a B" : "c = a V");
        break;
    case PANEL_HEADS: snprintf(t, n, "%s %d %s", UI_TR(ui, "head", "头"), v->head + 1, df); break;
    case PANEL_CONCAT: snprintf(t, n, "%s", UI_TR(ui, "concat: heads side by side", "拼接：各头并排")); break;
    case PANEL_AFFINITY:
        snprintf(t, n, "%s %s", UI_TR(ui, "affinity", "亲和矩阵"),
                 c->score == SCORE_GENERAL ? "L = A W B^T" : c->score == SCORE_SCALED_DOT ? "L = A B^T / sqrt(d)"
                                                                                        : "L = A B^T");
        break;
    case PANEL_WEIGHTS_BA: snprintf(t, n, "%s B->A %s", w, UI_TR(ui, "columns of L", "L 的各列")); break;
    case PANEL_OUTPUT_BA: snprintf(t, n, "%s B->A = a A", out); break;
    case PANEL_PE: snprintf(t, n, "PE  sin/cos %s", UI_TR(ui, "position code", "位置编码")); break;
    default: snprintf(t, n, "%s", engine_mat_name((MatName)v->panel)); break;
    }
}

void ui_view_matrix(Ui *ui, const UiView *v, const Result *r, HmMatrix *h)
{
    static char title[UI_MAX_VIEWS][96];
    static char corner[UI_MAX_VIEWS][8];
    const LessonStep *s = &ui->lesson.steps[ui->ed.step];
    int idx = (int)(v - ui->views);
    memset(h, 0, sizeof *h);
    h->m = ui_view_mat(v, r, &ui->ed.sc, &h->keep);
    h->cmap = ui->cmap;
    char ra, ca;
    axes(v, ui->ed.sc.cfg.mode == MODE_COATTENTION, &ra, &ca);
    bool co = ui->ed.sc.cfg.mode == MODE_COATTENTION;
    char rn = ra == 'd' ? 'i' : co ? (ra == 'q' ? 'A' : 'B') : ra;
    char cn = ca == 'd' ? (ra == 'd' ? 'j' : 'd') : co ? (ca == 'q' ? 'A' : 'B') : ca;
    snprintf(corner[idx], sizeof corner[idx], "%c\\%c", rn, cn);
    view_title(ui, v, title[idx], sizeof title[idx]);
    h->title = title[idx];
    h->corner = corner[idx];
    h->masked_word = UI_TR(ui, "masked", "被遮住");
    for (int i = 0; i < h->m.rows && i < 64; i++)
        label(ui, s, ra, i, h->m.rows, h->rows_lab[i]);
    for (int j = 0; j < h->m.cols && j < 64; j++)
        label(ui, s, ca, j, h->m.cols, h->cols_lab[j]);
    bool weights = v->panel == PANEL_WEIGHTS || v->panel == PANEL_HEADS || v->panel == PANEL_WEIGHTS_BA;
    h->diverging = !weights;
    if (h->diverging) {
        h->limit = 1e-6;
        for (size_t t = 0; t < mat_size(h->m); t++)
            if ((!h->keep || h->keep[t]) && isfinite(h->m.v[t]) && fabs(h->m.v[t]) > h->limit)
                h->limit = fabs(h->m.v[t]);
    }
    h->sel_i = v->sel_i;
    h->sel_j = v->sel_j;
    h->focus = idx == ui->focus;
    h->editable = v->edit != M__COUNT;
}

/* ------------------------------------------------------------- text */

/* The narration block: narration with live values, question, answer, hint. */
static void narration(Ui *ui, StrBuf *b)
{
    const LessonStep *s = &ui->lesson.steps[ui->ed.step];
    const char *lang = ui->lang;
    char err[200];
    const Result *res = ui->ed.ok ? &ui->ed.res : NULL;
    ref_render(text_get(&s->text, lang), res, &ui->ed.sc, b, err, sizeof err);
    bool zh = ui->zh;
    const char *q = text_get(&s->question, lang);
    if (*q) {
        sb_printf(b, "\n\n%s", zh ? "问题：" : "Question: ");
        ref_render(q, res, &ui->ed.sc, b, err, sizeof err);
        if (ui->show_answer) {
            sb_printf(b, "\n%s", zh ? "答案：" : "Answer: ");
            ref_render(text_get(&s->answer, lang), res, &ui->ed.sc, b, err, sizeof err);
        } else if (*text_get(&s->answer, lang)) {
            sb_append(b, zh ? "  （按 a 显示答案）" : "  (a: reveal the answer)");
        }
    }
    if (ui->show_hint) {
        sb_printf(b, "\n\n%s", zh ? "提示：" : "Hint: ");
        const char *h = text_get(&s->hint, lang);
        ref_render(*h ? h : zh ? "这一步没有提示" : "no hint for this step", res, &ui->ed.sc, b, err, sizeof err);
    }
}

#define MAX_LINES 400

/* Rows the narration may take: a quarter of the window, at least 3, or
 * the layout's tighter cap. */
static int text_rows_for(int lines, int tight)
{
    int cap = tight ? tight : LINES / 4 > 3 ? LINES / 4 : 3;
    return lines < cap ? (lines > 1 ? lines : 1) : cap;
}

static void draw_header(Ui *ui)
{
    const LessonStep *s = &ui->lesson.steps[ui->ed.step];
    char left[80];
    snprintf(left, sizeof left, UI_TR(ui, " step %d of %d ", " 第 %d/%d 步 "), ui->ed.step + 1, ui->lesson.n_steps);
    move(0, 0);
    clrtoeol();
    attron(A_REVERSE | A_BOLD);
    mvprintw(0, 0, "%*s", COLS, "");
    int x = uitext_put(stdscr, 0, 0, left, COLS);
    x += uitext_put(stdscr, 0, x, text_get(&s->title, ui->lang), COLS - x - 2);
    attroff(A_BOLD);
    int room = COLS - x - 4;
    const char *lt = text_get(&ui->lesson.title, ui->lang);
    int lw = uitext_width(lt);
    if (room > 12)
        uitext_put(stdscr, 0, lw + 1 < room ? COLS - lw - 1 : x + 3, lt, lw + 1 < room ? lw : room);
    attroff(A_REVERSE);
}

static void config_line(const Ui *ui, char *b, size_t n)
{
    const AttnConfig *c = &ui->ed.sc.cfg;
    size_t len = 0;
#define ADD(...) (len += (size_t)snprintf(b + len, len < n ? n - len : 0, __VA_ARGS__), len = len < n ? len : n - 1)
    ADD(UI_TR(ui, "%s  score %s  %s T=%g", "%s  打分 %s  %s T=%g"), engine_mode_name(c->mode),
        engine_score_name(c->score), engine_dist_name(c->dist), (double)c->temperature);
    if (c->dist == DIST_TOPK)
        ADD(" k=%d", c->topk);
    if (c->dist == DIST_LOCAL_M || c->dist == DIST_LOCAL_P)
        ADD(UI_TR(ui, " window D=%d", " 窗口 D=%d"), c->window);
    ADD("  %s %s%s%s%s", UI_TR(ui, "mask", "掩码"), c->mask ? "" : UI_TR(ui, "none", "无"),
        c->mask & MASK_PADDING ? UI_TR(ui, "padding ", "填充 ") : "", c->mask & MASK_CAUSAL ? UI_TR(ui, "causal ", "因果 ") : "",
        c->mask & MASK_MATRIX ? UI_TR(ui, "matrix", "矩阵") : "");
    if (c->mask & MASK_PADDING)
        ADD(UI_TR(ui, "(len %d%s)", "(长度 %d%s)"), c->valid_lens[0], c->n_valid_lens > 1 ? ",..." : "");
    if (ui->ed.ok && ui->ed.res.any_row_empty) {  /* all-zero weights, not a quiet choice */
        int rows = 0;
        for (int i = 0; i < ui->ed.res.main.nq; i++)
            rows += ui->ed.res.main.row_empty[i] != 0;
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
        ADD("  %s %s", engine_co_mode_name(c->co_mode), engine_grain_name(c->co_grain));
    ADD("%s", editor_can_configure(&ui->ed) ? UI_TR(ui, "   [keys s d m t T / o H]", "   [按键 s d m t T / o H]")
                                            : UI_TR(ui, "   (fixed in this step)", "   （这一步固定不变）"));
#undef ADD
}

/* The goal on one line, with a check mark the moment the live values meet it. */
static void draw_goal(Ui *ui, const LessonStep *s, int y)
{
    char err[200];
    bool zh = ui->zh;
    int met = ui->ed.ok ? goal_eval(&s->goal, &ui->ed.res, &ui->ed.sc, err, sizeof err) : 0;
    move(y, 0);
    clrtoeol();
    attron(A_BOLD);
    int x = 1 + uitext_put(stdscr, y, 1, zh ? "目标：" : "Goal: ", 10);
    attroff(A_BOLD);
    x += uitext_put(stdscr, y, x, s->goal_text, COLS - 30);
    if (met == 1) {
        attron(A_BOLD | A_REVERSE);
        uitext_glyph(stdscr, y, x + 2, zh ? L" \u2713 \u8fbe\u6210 " : L" \u2713 met ", " [x] met ");
        attroff(A_BOLD | A_REVERSE);
    } else {
        uitext_glyph(stdscr, y, x + 2, zh ? L"\u25cb \u672a\u8fbe\u6210\uff08i\uff1a\u63d0\u793a\uff09"
                                          : L"\u25cb not yet (i: hint)", "[ ] not yet (i: hint)");
    }
}

/* Draws narration, goal and configuration from row 1; returns the next row. */
static int draw_text(Ui *ui, bool draw)
{
    StrBuf b = {0};
    narration(ui, &b);
    static int starts[MAX_LINES], lens[MAX_LINES];
    const char *text = b.s ? b.s : "";
    int lines = uitext_wrap(text, COLS - 2, starts, lens, MAX_LINES);
    lines = lines < MAX_LINES ? lines : MAX_LINES;
    int rows = text_rows_for(lines, ui->text_cap);
    if (ui->text_scroll > lines - rows)
        ui->text_scroll = lines - rows > 0 ? lines - rows : 0;
    ui->text_lines = lines;
    ui->text_rows = rows;
    int y = 1;
    for (int k = 0; k < rows; k++, y++) {
        if (!draw)
            continue;
        move(y, 0);
        clrtoeol();
        int li = ui->text_scroll + k;
        if (li < lines) {
            char line[1024];
            snprintf(line, sizeof line, "%.*s", lens[li] < 1023 ? lens[li] : 1023, text + starts[li]);
            static const char *const heads[] = {"Question:", "Answer:", "Hint:", "问题：", "答案：", "提示："};
            bool strong = false;
            for (int h = 0; h < 6; h++)
                strong = strong || strncmp(line, heads[h], strlen(heads[h])) == 0;
            if (strong)
                attron(A_BOLD);
            uitext_put(stdscr, y, 1, line, COLS - 2);
            attroff(A_BOLD);
        }
    }
    if (draw && lines > rows) {
        bool more_below = ui->text_scroll + rows < lines;
        attron(A_DIM);
        if (more_below)
            uitext_glyph(stdscr, y - 1, COLS - 1, L"\u2193", "v");
        if (ui->text_scroll > 0)
            uitext_glyph(stdscr, 1, COLS - 1, L"\u2191", "^");
        attroff(A_DIM);
    }
    free(b.s);
    const LessonStep *s = &ui->lesson.steps[ui->ed.step];
    if (s->has_goal) {
        if (draw)
            draw_goal(ui, s, y);
        y++;
    }
    if (draw) {
        char cfg[300];
        config_line(ui, cfg, sizeof cfg);
        move(y, 0);
        clrtoeol();
        attron(A_DIM);
        uitext_put(stdscr, y, 1, cfg, COLS - 2);
        attroff(A_DIM);
    }
    return y + 1;
}

/* ----------------------------------------------------------- panels */

typedef struct {
    int y, x, h, w;
} Rect;

/* The size of view k: its heatmap's in a shape, or the cost chart's. */
static void view_size(const Ui *ui, int k, const HmMatrix *hm, HmShape shape, int avail, int *h, int *w)
{
    if (ui->views[k].panel == PANEL_COST)
        ui_cost_size(avail, h, w);
    else
        hm_size(hm, shape, h, w);
}

/* Flows the views left to right, wrapping; true when all fit in the area. */
static bool flow(Ui *ui, HmMatrix *hm, const HmShape *shape, int top, int bottom, Rect *at)
{
    int x = 0, y = top, rowh = 0;
    bool fits = true;
    for (int k = 0; k < ui->n_views; k++) {
        int h, w;
        view_size(ui, k, &hm[k], shape[k], bottom - top, &h, &w);
        if (x > 0 && x + w > COLS) {
            y += rowh + 1;
            x = 0;
            rowh = 0;
        }
        at[k] = (Rect){y, x, h, w};
        fits = fits && w <= COLS && y + h <= bottom;
        rowh = h > rowh ? h : rowh;
        x += w + 3;
    }
    return fits;
}

/* Fills the views' heatmaps and picks a shape for each so that all fit
 * below top: the biggest panels shrink first (with those near their size,
 * so alike panels look alike). Returns whether everything fits. */
static bool layout(Ui *ui, int top, HmMatrix *hm, HmShape *shape, Rect *at)
{
    int bottom = LINES - 2;
    const Result *prev = ui->ed.has_prev ? &ui->ed.prev : NULL;
    for (int k = 0; k < ui->n_views; k++) {
        shape[k] = HM_BOXES;
        if (ui->views[k].panel == PANEL_COST) {
            memset(&hm[k], 0, sizeof hm[k]);
            continue;
        }
        ui_view_matrix(ui, &ui->views[k], &ui->ed.res, &hm[k]);
        if (prev) {
            const uint8_t *pk;
            Mat pm = ui_view_mat(&ui->views[k], prev, &ui->ed.sc, &pk);
            if (pm.rows == hm[k].m.rows && pm.cols == hm[k].m.cols && pm.v != hm[k].m.v)
                hm[k].prev = pm.v;
        }
    }
    while (!flow(ui, hm, shape, top, bottom, at)) {
        long area[UI_MAX_VIEWS], most = 0;
        for (int k = 0; k < ui->n_views; k++) {
            int h = 0, w = 0;
            bool shrinks = shape[k] + 1 < HM__SHAPES && ui->views[k].panel != PANEL_COST;
            if (shrinks)
                hm_size(&hm[k], shape[k], &h, &w);
            area[k] = (long)h * w;
            most = area[k] > most ? area[k] : most;
        }
        if (most == 0)
            return false;
        for (int k = 0; k < ui->n_views; k++)
            if (area[k] * 2 >= most)
                shape[k] = (HmShape)(shape[k] + 1);
    }
    return true;
}

static void draw_panels(Ui *ui, int top, const HmMatrix *hm, const HmShape *shape, const Rect *at)
{
    int bottom = LINES - 2;
    for (int y = top; y < bottom; y++) {
        move(y, 0);
        clrtoeol();
    }
    if (!ui->ed.ok) {
        attron(A_BOLD);
        uitext_put(stdscr, top + 1, 1, UI_TR(ui, "This step cannot be computed:", "这一步无法计算："), COLS - 2);
        attroff(A_BOLD);
        uitext_put(stdscr, top + 2, 1, ui->ed.err, COLS - 2);
        return;
    }
    for (int k = 0; k < ui->n_views; k++) {
        Rect r = at[k];
        if (r.y >= bottom || r.x >= COLS) {
            memset(&ui->views[k].geom, 0, sizeof ui->views[k].geom);
            continue;
        }
        int maxh = bottom - r.y < r.h ? bottom - r.y : r.h;
        int maxw = COLS - r.x < r.w ? COLS - r.x : r.w;
        if (ui->views[k].panel == PANEL_COST) {
            memset(&ui->views[k].geom, 0, sizeof ui->views[k].geom);
            ui_cost_draw(ui, k == ui->focus, r.y, r.x, maxh, maxw);
            continue;
        }
        hm_draw(stdscr, r.y, r.x, maxh, maxw, &hm[k], shape[k], &ui->views[k].geom);
    }
}

void ui_player_draw(Ui *ui, unsigned d)
{
    static HmMatrix hm[UI_MAX_VIEWS];
    HmShape shape[UI_MAX_VIEWS];
    Rect at[UI_MAX_VIEWS];
    if (ui->overlay) {
        if (d & UI_DIRTY_HEAD)
            draw_header(ui);
        return;
    }
    /* the narration gives up rows (down to 2, scrollable) before panels do */
    int before = ui->text_rows;
    ui->text_cap = 0;
    int top = draw_text(ui, false);
    ui->clipped = ui->ed.ok && !layout(ui, top + 1, hm, shape, at);
    if (ui->clipped) {
        ui->text_cap = 2;
        top = draw_text(ui, false);
        ui->clipped = !layout(ui, top + 1, hm, shape, at);
    }
    if (before != ui->text_rows && d != UI_DIRTY_ALL) {
        erase();    /* everything below the narration moved */
        d = UI_DIRTY_ALL;
    }
    if (d & UI_DIRTY_HEAD)
        draw_header(ui);
    if (d & UI_DIRTY_TEXT)
        draw_text(ui, true);
    if (d & UI_DIRTY_PANELS)
        draw_panels(ui, top + 1, hm, shape, at);
}
