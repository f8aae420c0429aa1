/* ui_exercise.c - the player's exercises and committed predictions: the
 * prediction prompt (a, then the choice's number), panels hidden until the
 * learner has predicted, the question's choices and the pick in the
 * narration, and noting a met goal. What was done is kept by lab/exercise.c
 * (for the run, and in progress). Also the goal line, in words. */
#include "tui/ui_player.h"

#include <stdlib.h>
#include <string.h>

#include "lab/goal_words.h"
#include "tui/uitext.h"

/* The open step's record, or NULL without a lesson. */
static ExerciseStep *record(const Ui *ui)
{
    const UiPlayer *p = ui->player;
    if (!p->have_lesson || !p->ex.steps || p->ed.step >= p->ex.n_steps)
        return NULL;
    return &p->ex.steps[p->ed.step];
}

/* Does the open step ask for a prediction not made yet? */
static bool awaiting(const Ui *ui)
{
    const UiPlayer *p = ui->player;
    const ExerciseStep *e = record(ui);
    return e && p->lesson.steps[p->ed.step].n_choices > 0 && e->picked == 0;
}

bool ui_exercise_picked(const Ui *ui)
{
    const ExerciseStep *e = record(ui);
    return e && e->picked > 0;
}

bool ui_exercise_hidden(const Ui *ui, int panel)
{
    const UiPlayer *p = ui->player;
    return awaiting(ui) && lesson_hides(&p->lesson.steps[p->ed.step], panel);
}

void ui_exercise_draw_hidden(Ui *ui, const UiView *v, int y, int x, int h, int w)
{
    const char *word = ui_panel_word(ui, v->panel);
    const char *why = UI_TR(ui, "hidden until you predict (a)", "预测之后才显示（按 a）");
    attron(A_BOLD);
    uitext_put(stdscr, y, x, word, w);
    attroff(A_BOLD);
    if (h < 2 || w < 6)
        return;
    /* a box as wide as the panel would be, its words wrapped inside */
    int starts[4], lens[4];
    int lines = uitext_wrap(why, w - 4, starts, lens, 4);
    lines = lines < 4 ? lines : 4;
    int bh = h - 1 < lines + 2 ? h - 1 : lines + 2;
    attron(A_DIM);
    for (int r = 0; r < bh; r++) {
        bool edge = r == 0 || r == bh - 1;
        mvaddch(y + 1 + r, x, edge ? '+' : '|');
        for (int c = 1; c < w - 1; c++)
            mvaddch(y + 1 + r, x + c, edge ? '-' : ' ');
        mvaddch(y + 1 + r, x + w - 1, edge ? '+' : '|');
    }
    attroff(A_DIM);
    for (int k = 0; k < lines && k + 1 < bh - 1; k++) {
        char line[160];
        snprintf(line, sizeof line, "%.*s", lens[k], why + starts[k]);
        uitext_put(stdscr, y + 2 + k, x + 2, line, w - 4);
    }
}

/* Columns the goal line gives the goal's words (after "Goal: ", before its mark). */
static int goal_room(void) { return COLS - 40; }

/* The goal of step s in words, in the language shown; *fits: on the goal
 * line (else the narration carries them). Caller frees words->s. */
static void goal_text(const Ui *ui, const LessonStep *s, StrBuf *words, bool *fits)
{
    memset(words, 0, sizeof *words);
    goal_words(s, &s->goal, ui->zh, words);
    *fits = uitext_width(words->s) <= goal_room();
}

void ui_exercise_goal_text(Ui *ui, StrBuf *b)
{
    const UiPlayer *p = ui->player;
    const LessonStep *s = &p->lesson.steps[p->ed.step];
    StrBuf words;
    bool fits;
    if (!s->has_goal)
        return;
    goal_text(ui, s, &words, &fits);
    if (!fits)      /* too long for the goal line: said in full here */
        sb_printf(b, "\n\n%s%s", ui->zh ? "目标：" : "Goal: ", words.s);
    free(words.s);
}

/* The goal on one line, in words from the labels, with a check mark the
 * moment the live values meet it (and "done before" when met earlier). */
void ui_exercise_draw_goal(Ui *ui, const LessonStep *s, int y)
{
    UiPlayer *p = ui->player;
    char err[200];
    bool zh = ui->zh;
    int met = p->ed.ok ? goal_eval(&s->goal, &p->ed.res, &p->ed.sc, err, sizeof err) : 0;
    bool before = p->ex.steps && p->ex.steps[p->ed.step].met, fits;
    StrBuf words;
    goal_text(ui, s, &words, &fits);
    move(y, 0);
    clrtoeol();
    attron(A_BOLD);
    int x = 1 + uitext_put(stdscr, y, 1, zh ? "目标：" : "Goal: ", 10);
    attroff(A_BOLD);
    x += uitext_put(stdscr, y, x, fits ? words.s : zh ? "（见上文）" : "(as said above)", goal_room());
    free(words.s);
    if (met == 1) {
        attron(A_BOLD | A_REVERSE);
        uitext_glyph(stdscr, y, x + 2, zh ? L" \u2713 \u8fbe\u6210 " : L" \u2713 met ", " [x] met ");
        attroff(A_BOLD | A_REVERSE);
    } else if (before) {
        uitext_glyph(stdscr, y, x + 2, zh ? L"\u25cb \u672a\u8fbe\u6210\uff08\u4ee5\u524d\u8fbe\u6210\u8fc7\uff09"
                                          : L"\u25cb not now (met before)", "[ ] not now (met before)");
    } else {
        uitext_glyph(stdscr, y, x + 2, zh ? L"\u25cb \u672a\u8fbe\u6210\uff08i\uff1a\u63d0\u793a\uff09"
                                          : L"\u25cb not yet (i: hint)", "[ ] not yet (i: hint)");
    }
}

/* "2) cat" into buf: a choice with its number, in the language shown. */
static void choice_text(const Ui *ui, int i, char *buf, size_t n)
{
    const UiPlayer *p = ui->player;
    snprintf(buf, n, "%d) %s", i, lesson_choice(&p->lesson.steps[p->ed.step], i - 1, ui->lang));
}

void ui_exercise_question(Ui *ui, StrBuf *b)
{
    const UiPlayer *p = ui->player;
    const LessonStep *s = &p->lesson.steps[p->ed.step];
    const ExerciseStep *e = record(ui);
    char c[160], right[160];
    if (s->n_choices == 0 || !e)
        return;
    sb_append(b, "\n");
    for (int i = 1; i <= s->n_choices; i++) {
        choice_text(ui, i, c, sizeof c);
        sb_printf(b, "  %s ", c);
    }
    if (e->picked == 0)
        return;
    choice_text(ui, e->picked, c, sizeof c);
    choice_text(ui, s->correct, right, sizeof right);
    if (e->picked_right)
        sb_printf(b, UI_TR(ui, "\nYou said %s: right.", "\n你的预测 %s：对了。"), c);
    else
        sb_printf(b, UI_TR(ui, "\nYou said %s: not quite; it is %s.", "\n你的预测 %s：不太对，应该是 %s。"), c, right);
}

unsigned ui_exercise_answer(Ui *ui)
{
    if (!awaiting(ui))
        return 0;
    ui->player->choosing = true;
    return UI_DIRTY_STATUS;
}

bool ui_exercise_draw_prompt(Ui *ui, int y)
{
    const UiPlayer *p = ui->player;
    if (!p->choosing)
        return false;
    char line[200];
    snprintf(line, sizeof line, UI_TR(ui, "your prediction: press 1 to %d", "你的预测：按 1 到 %d"),
             p->lesson.steps[p->ed.step].n_choices);
    attron(A_BOLD);
    int x = uitext_put(stdscr, y, 0, line, COLS);
    attroff(A_BOLD);
    uitext_put(stdscr, y, x, UI_TR(ui, "   (Esc cancels)", "   （Esc 取消）"), COLS - x);
    return true;
}

unsigned ui_exercise_key(Ui *ui, int key, bool fkey)
{
    UiPlayer *p = ui->player;
    const LessonStep *s = &p->lesson.steps[p->ed.step];
    Action a = keys_lookup(key, fkey, KCTX_PREDICT);
    int choice = a == ACT_PICK ? key - '0' : 0;
    if (a == ACT_CLOSE) {
        p->choosing = false;
        return UI_DIRTY_STATUS;
    }
    if (choice < 1 || choice > s->n_choices)
        return 0;       /* the prompt says which keys it takes */
    p->choosing = false;
    char msg[300];
    if (exercises_pick(&p->ex, &p->lesson, p->ed.step, choice, msg, sizeof msg) < 0)
        ui_set_msg(ui, "%s", msg);
    p->show_answer = true;
    p->text_scroll = UI_SCROLL_TO_END;
    return UI_DIRTY_ALL;
}

unsigned ui_exercise_note(Ui *ui)
{
    UiPlayer *p = ui->player;
    if (!p->have_lesson || ui->screen != UI_PLAYER)
        return 0;
    char msg[300];
    int rc = exercises_note(&p->ex, &p->ed, msg, sizeof msg);
    if (rc < 0)
        ui_set_msg(ui, "%s", msg);
    else if (rc == 1) {
        /* after what the key itself said (o: "position encoding off ..."), not instead */
        char said[sizeof ui->msg];
        snprintf(said, sizeof said, "%s", ui->msg);
        ui_set_msg(ui, "%s%s%s", said, said[0] ? "  " : "",
                   UI_TR(ui, "goal met! It is kept in your progress (n: next step)",
                         "目标达成！已记入你的学习进度（n：下一步）"));
    }
    return rc ? UI_DIRTY_STATUS | UI_DIRTY_TEXT : 0;
}
