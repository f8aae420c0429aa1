/* ui_translator.c - a translator step in the player (lesson_tr.h): the
 * learner types the input (w, a one-line entry: Enter translates it, a
 * character the model never saw keeps the old input and says which), and
 * writes one character more or less (] and [). Each change recomputes the
 * step's numbers from the model and redraws every panel. */
#include "tui/ui_player.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "lab/bottleneck.h"
#include "tui/uitext.h"

static LessonStep *open_step(const Ui *ui)
{
    UiPlayer *p = ui->player;
    return p && p->have_lesson && p->ed.lesson ? &p->lesson.steps[p->ed.step] : NULL;
}

/* A translator step that shows the model's numbers (not only the bottleneck chart). */
static bool shows_model(const LessonStep *s)
{
    for (int i = 0; s && s->tr && i < s->n_panels; i++)
        if (panel_entry(s->panels[i])->src != PSRC_LIVE)
            return true;
    return false;
}

bool ui_tr_step(const Ui *ui)
{
    return shows_model(open_step(ui));
}

/* Not a translator step: says so (the keys are listed in every step's help). */
static unsigned not_here(Ui *ui)
{
    ui_set_msg(ui, "%s", UI_TR(ui, "w, ] and [ work on a step that runs the translator (this one does not)",
                               "w、] 和 [ 只在运行翻译器的步骤里有用（这一步不是）"));
    return UI_DIRTY_STATUS;
}

/* Recomputes the open step for input and decode, then reopens it as it was
 * shown (hint, answer, focus kept); the cursor goes to the newest row. */
static unsigned rerun(Ui *ui, const char *input, int decode)
{
    UiPlayer *p = ui->player;
    LessonStep *s = open_step(ui);
    Diags d = {0};
    if (lesson_tr_set(s, s->tr->m, input, decode, &d, "", 0) < 0) {
        ui_set_msg(ui, UI_TR(ui, "kept \"%s\": %s", "仍用“%s”：%s"), s->tr->input, d.n ? d.v[0].msg : "?");
        diags_free(&d);
        return UI_DIRTY_STATUS;
    }
    diags_free(&d);
    bool hint = p->show_hint, hint2 = p->show_hint2, answer = p->show_answer;
    int focus = p->focus, scroll = p->text_scroll;
    ui_player_goto(ui, p->ed.step);
    p->show_hint = hint;
    p->show_hint2 = hint2;
    p->show_answer = answer;
    p->text_scroll = scroll;
    p->focus = focus < p->n_views ? focus : 0;
    for (int k = 0; k < p->n_views; k++)
        p->views[k].sel_i = s->tr->rows - 1;
    ui_set_msg(ui, UI_TR(ui, "\"%s\" -> %s   (%d of %d characters written)", "“%s” -> %s   （已写 %d 个，共 %d 个）"),
               s->tr->input, s->tr->written, s->tr->rows, s->tr->total);
    return UI_DIRTY_ALL;
}

unsigned ui_tr_act_input(Ui *ui, int key)
{
    (void)key;
    UiPlayer *p = ui->player;
    LessonStep *s = open_step(ui);
    if (!shows_model(s))
        return not_here(ui);
    p->tr_entering = true;
    p->tr_entry[0] = '\0';     /* typed from scratch: the prompt shows the input it replaces */
    return UI_DIRTY_STATUS;
}

static unsigned write_more(Ui *ui, int by)
{
    LessonStep *s = open_step(ui);
    if (!shows_model(s))
        return not_here(ui);
    int rows = s->tr->rows + by;
    if (rows < 1 || rows > s->tr->total) {
        ui_set_msg(ui, "%s", rows < 1 ? UI_TR(ui, "the first character: nothing to take back", "第一个字符：不能再少了")
                                      : UI_TR(ui, "the translation is complete (</s> written)", "译文已写完（写出了 </s>）"));
        return UI_DIRTY_STATUS;
    }
    char input[160];
    snprintf(input, sizeof input, "%s", s->tr->input);
    return rerun(ui, input, rows);
}

unsigned ui_tr_act_more(Ui *ui, int key)
{
    (void)key;
    return write_more(ui, 1);
}

unsigned ui_tr_act_less(Ui *ui, int key)
{
    (void)key;
    return write_more(ui, -1);
}

unsigned ui_tr_key(Ui *ui, int key, bool fkey)
{
    UiPlayer *p = ui->player;
    size_t len = strlen(p->tr_entry);
    if (!fkey && (key == '\n' || key == '\r')) {
        p->tr_entering = false;
        LessonStep *s = open_step(ui);
        return UI_DIRTY_STATUS | rerun(ui, p->tr_entry, s->tr->decode);
    }
    if (!fkey && key == 27) {
        p->tr_entering = false;
    } else if ((fkey && key == KEY_BACKSPACE) || (!fkey && (key == 127 || key == 8))) {
        while (len && ((unsigned char)p->tr_entry[len - 1] & 0xC0) == 0x80)
            len--;      /* a whole UTF-8 character */
        if (len)
            p->tr_entry[len - 1] = '\0';
    } else if (!fkey && key >= 32 && key != 127) {
        char u[8];
        int n = utf8_encode((unsigned)key, u);
        if (len + (size_t)n < sizeof p->tr_entry)
            memcpy(p->tr_entry + len, u, (size_t)n + 1);
    }
    return UI_DIRTY_STATUS;
}

bool ui_tr_draw_prompt(Ui *ui, int y)
{
    const UiPlayer *p = ui->player;
    if (!p->tr_entering)
        return false;
    char line[220];
    snprintf(line, sizeof line, UI_TR(ui, "translate (now \"%s\"): %s", "翻译（现在是“%s”）：%s"),
             open_step(ui)->tr->input, p->tr_entry);
    ui_draw_entry(y, line, UI_TR(ui, "_   (Enter translates, Esc cancels)", "_   （Enter 翻译，Esc 取消）"));
    return true;
}

void ui_tr_view_words(const Ui *ui, UiView *v, HmMatrix *h)
{
    if (!ui_tr_step(ui))
        return;
    if (v->panel == PANEL_CONTEXT_NOW && h->m.rows == 2) {
        /* c_i's halves, named: in half-block rows they share one row */
        snprintf(h->rows_lab[0], HM_LABEL_MAX, "%s", UI_TR(ui, "fw", "正向"));
        snprintf(h->rows_lab[1], HM_LABEL_MAX, "%s", UI_TR(ui, "bw", "反向"));
    } else if (v->panel == M_V) {
        snprintf(v->title, sizeof v->title, "%s",
                 UI_TR(ui, "V = h_j  values: forward over backward", "V = h_j  值：正向在上，反向在下"));
    }
}

/* ------------------------------------------------- the bottleneck */

struct UiBn {
    BnRun run;
    int state;              /* 0 not started, 1 measuring or measured, -1 the models are missing */
    char err[200];
};

UiBn *ui_bn_new(void) { return xcalloc(1, sizeof(UiBn)); }

void ui_bn_free(UiBn *b)
{
    if (!b)
        return;
    bn_free(&b->run);
    free(b);
}

bool ui_bn_pending(const Ui *ui)
{
    const UiBn *b = ui->bn;
    return ui_player_shows(ui, PANEL_BOTTLENECK) && (b->state == 0 || (b->state == 1 && bn_pending(&b->run)));
}

void ui_bn_step(Ui *ui)
{
    UiBn *b = ui->bn;
    if (b->state == 0) {        /* the first frame says "measuring..." before any wait */
        b->state = bn_init(&b->run, b->err, sizeof b->err) == 0 ? 1 : -1;
        return;
    }
    bn_step(&b->run);
}

void ui_bn_draw(const Ui *ui, bool focus, int y, int x, int h, int w)
{
    const UiBn *b = ui->bn;
    if (b->state < 0) {
        uitext_put(stdscr, y, x, b->err, w);
        return;
    }
    static const int plan[BN_MAX_N] = {5, 10, 15, 20, 25, 30, 35, 40};
    const BnRun *r = &b->run;
    char status[120];
    if (b->state == 0 || bn_pending(r))
        snprintf(status, sizeof status, UI_TR(ui, "  measuring length %d...", "  正在测量长度 %d..."),
                 plan[r->done < BN_MAX_N ? r->done : 0]);
    else
        snprintf(status, sizeof status, UI_TR(ui, "  (%.1f s)  Enter: the numbers", "  （%.1f 秒）  Enter：看数字"),
                 r->spent_s);
    char head[160];
    snprintf(head, sizeof head, UI_TR(ui, "reversing %d random strings a length here",
                                      "本机上每个长度反转 %d 个随机字符串"), BN_COUNT);
    UiChart ch = {.n_planned = BN_MAX_N, .done = b->state == 1 ? r->done : 0, .xs = plan,
                  .y = {r->noatt, r->att}, .ymax = 1.0, .title = head, .status = status,
                  .y_name = UI_TR(ui, "exactly right (share)", "完全正确的比例"),
                  .x_name = UI_TR(ui, "input length (characters)", "输入长度（字符）"),
                  .legend = {UI_TR(ui, "no attention: one fixed-length vector (the encoder's last state)",
                                   "无注意力：一个定长向量（编码器的最后状态）"),
                             UI_TR(ui, "attention: a fresh context c_i for every character written",
                                   "有注意力：每写一个字符都有新的上下文 c_i")}};
    ui_chart_draw(ui, &ch, focus, y, x, h, w);
}

void ui_bn_table(const Ui *ui, StrBuf *b)
{
    const UiBn *bn = ui->bn;
    if (bn->state < 0)
        sb_printf(b, "%s\n", bn->err);
    else
        bn_table(&bn->run, ui->zh, b);
}
