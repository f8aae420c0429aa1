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
    /* the panel table's words ("weights B->A"), not the name lessons write */
    const PanelEntry *e = panel_entry(v->panel);
    const char *word = !e ? "?" : ui->zh ? e->word_zh : e->title_en;
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

#define GOAL_MAX_ROWS 4

/* The goal's mark: met now, met before, or not yet. */
static const wchar_t *goal_mark(const Ui *ui, int met, bool before, const char **ascii)
{
    bool zh = ui->zh;
    if (met == 1) {
        *ascii = " [x] met ";
        return zh ? L" \u2713 \u8fbe\u6210 " : L" \u2713 met ";
    }
    if (before) {
        *ascii = "[ ] not now (met before)";
        return zh ? L"\u25cb \u672a\u8fbe\u6210\uff08\u4ee5\u524d\u8fbe\u6210\u8fc7\uff09"
                  : L"\u25cb not now (met before)";
    }
    *ascii = "[ ] not yet (i: hint)";
    return zh ? L"\u25cb \u672a\u8fbe\u6210\uff08i\uff1a\u63d0\u793a\uff09" : L"\u25cb not yet (i: hint)";
}

/* Columns the widest of the goal's marks takes, with the two before it:
 * the goal keeps its rows whatever the mark says. */
static int mark_room(const Ui *ui)
{
    int most = 0;
    for (int k = 0; k < 3; k++) {
        const char *ascii;
        const wchar_t *m = goal_mark(ui, k == 0, k == 1, &ascii);
        int w = 0;
        for (; *m; m++)
            w += uitext_wcwidth(*m);
        w = uitext_utf8() ? w : (int)strlen(ascii);
        most = w > most ? w : most;
    }
    return most + 2;
}

/* The goal's words wrapped after "Goal: ", the mark after the last row's
 * words (or on a row of its own when that takes fewer rows): the rows
 * (at most GOAL_MAX_ROWS), into starts/lens; *mark_row: the mark's row. */
static int goal_wrap(const Ui *ui, const char *words, int *starts, int *lens, int *mark_row)
{
    int head = uitext_width(ui->zh ? "目标：" : "Goal: ");
    int room = COLS - 2 - head, mark = mark_room(ui);
    int n = uitext_wrap(words, room, starts, lens, GOAL_MAX_ROWS);
    n = n < GOAL_MAX_ROWS ? n : GOAL_MAX_ROWS;
    if (n == 0) {
        starts[0] = -1;
        lens[0] = 0;
        *mark_row = 0;
        return 1;
    }
    char last[512];
    snprintf(last, sizeof last, "%.*s", lens[n - 1], words + starts[n - 1]);
    *mark_row = n - 1;
    if (uitext_width(last) + mark <= room)
        return n;
    int s2[GOAL_MAX_ROWS], l2[GOAL_MAX_ROWS];
    int n2 = uitext_wrap(words, room - mark > 10 ? room - mark : 10, s2, l2, GOAL_MAX_ROWS);
    if (n2 <= n) {      /* as few rows with the mark beside the words */
        memcpy(starts, s2, sizeof s2);
        memcpy(lens, l2, sizeof l2);
        *mark_row = n2 - 1;
        return n2;
    }
    if (n == GOAL_MAX_ROWS) {
        *mark_row = n - 1;      /* (words cut there by the mark) */
        return n;
    }
    starts[n] = -1;             /* a row of its own, no words */
    lens[n] = 0;
    *mark_row = n;
    return n + 1;
}

int ui_exercise_goal_rows(const Ui *ui)
{
    const UiPlayer *p = ui->player;
    const LessonStep *s = &p->lesson.steps[p->ed.step];
    if (!s->has_goal)
        return 0;
    StrBuf words = {0};
    int starts[GOAL_MAX_ROWS + 1], lens[GOAL_MAX_ROWS + 1];
    goal_words(s, &s->goal, ui->zh, &words);
    int mark_row, n = goal_wrap(ui, words.s ? words.s : "", starts, lens, &mark_row);
    free(words.s);
    return n;
}

/* The goal in words from the labels, wrapped to its rows from y, with a
 * check mark the moment the live values meet it (and "met before" when
 * met earlier). The words are said here only, never in the narration. */
void ui_exercise_draw_goal(Ui *ui, const LessonStep *s, int y, int rows)
{
    UiPlayer *p = ui->player;
    char err[200], line[512];
    bool zh = ui->zh;
    int met = p->ed.ok ? goal_eval(&s->goal, &p->ed.res, &p->ed.sc, err, sizeof err) : 0;
    bool before = p->ex.steps && p->ex.steps[p->ed.step].met;
    StrBuf words = {0};
    int starts[GOAL_MAX_ROWS + 1], lens[GOAL_MAX_ROWS + 1], x = 0;
    goal_words(s, &s->goal, zh, &words);
    const char *w = words.s ? words.s : "";
    int mark_row, n = goal_wrap(ui, w, starts, lens, &mark_row);
    attron(A_BOLD);
    int head = uitext_put(stdscr, y, 1, zh ? "目标：" : "Goal: ", 10);
    attroff(A_BOLD);
    for (int k = 0; k < rows; k++) {
        move(y + k, k ? 0 : 1 + head);
        clrtoeol();
        if (k < n && k < GOAL_MAX_ROWS && starts[k] >= 0) {
            snprintf(line, sizeof line, "%.*s", lens[k], w + starts[k]);
            int drawn = uitext_put_cut(stdscr, y + k, 1 + head, line, COLS - 2 - head);
            if (k == mark_row)
                x = 1 + head + drawn;
        }
    }
    if (x == 0)
        x = 1 + head - 2;   /* the mark on a row of its own, under the words */
    free(words.s);
    const char *ascii;
    const wchar_t *mark = goal_mark(ui, met, before, &ascii);
    int my = y + (mark_row < rows ? mark_row : rows - 1);
    if (met == 1)
        attron(A_BOLD | A_REVERSE);
    if (x + 2 < COLS)
        uitext_glyph(stdscr, my, x + 2, mark, ascii);
    attroff(A_BOLD | A_REVERSE);
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
    /* the choices close the narration: on a short screen they may be cut
     * off, and the prompt asks for a number the learner cannot see */
    ui->player->text_scroll = UI_SCROLL_TO_END;
    return UI_DIRTY_ALL;
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
                   UI_TR(ui, "goal met! Kept in your progress (n: next step)",
                         "目标达成！已记入你的学习进度（n：下一步）"));
    }
    return rc ? UI_DIRTY_STATUS | UI_DIRTY_TEXT : 0;
}
