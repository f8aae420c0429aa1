/* ui_translator.c - a translator step in the player (lesson_tr.h): the
 * learner types the input (w, a one-line entry: Enter translates it, a
 * character the model never saw keeps the old input and says which), and
 * writes one character more or less (] and [). Each change recomputes the
 * step's numbers from the model and redraws every panel. */
#include "tui/ui_player.h"

#include <string.h>

#include "base/utf8.h"
#include "tui/uitext.h"

static LessonStep *open_step(const Ui *ui)
{
    UiPlayer *p = ui->player;
    return p && p->have_lesson && p->ed.lesson ? &p->lesson.steps[p->ed.step] : NULL;
}

bool ui_tr_step(const Ui *ui)
{
    const LessonStep *s = open_step(ui);
    return s && s->tr;
}

/* Not a translator step: says so (the keys are listed in every step's help). */
static unsigned not_here(Ui *ui)
{
    ui_set_msg(ui, "%s", UI_TR(ui, "w, ] and [ work on a translator step (this one has no translator)",
                               "w、] 和 [ 只在翻译器步骤里有用（这一步没有翻译器）"));
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
    if (!s || !s->tr)
        return not_here(ui);
    p->tr_entering = true;
    snprintf(p->tr_entry, sizeof p->tr_entry, "%s", s->tr->input);
    return UI_DIRTY_STATUS;
}

static unsigned write_more(Ui *ui, int by)
{
    LessonStep *s = open_step(ui);
    if (!s || !s->tr)
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
    snprintf(line, sizeof line, UI_TR(ui, "translate: %s", "翻译：%s"), p->tr_entry);
    attron(A_BOLD);
    int x = uitext_put(stdscr, y, 0, line, COLS);
    attroff(A_BOLD);
    uitext_put(stdscr, y, x, UI_TR(ui, "_   (Enter translates, Esc cancels)", "_   （Enter 翻译，Esc 取消）"), COLS - x);
    return true;
}
