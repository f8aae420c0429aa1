/* ui_player.h - the lesson player's state, shared by its files only:
 * ui_player.c (open, views, drawing), ui_player_keys.c (keys and mouse)
 * and ui_view.c (what a view shows). Not for the other screens. */
#ifndef ATTN_UI_PLAYER_H
#define ATTN_UI_PLAYER_H

#include "lab/editor.h"
#include "lab/exercise.h"
#include "lesson/lesson.h"
#include "tui/layout.h"
#include "tui/ui_int.h"

#define UI_MAX_VIEWS LAYOUT_MAX_PANELS
/* A text_scroll past any narration: the next frame clamps it to the end. */
#define UI_SCROLL_TO_END (1 << 20)

/* One heatmap on screen: a panel, or one head of the heads panel. */
typedef struct {
    int panel;              /* PanelId or MatName */
    int head;               /* PANEL_HEADS: which head; else -1 */
    MatName edit;           /* the learner's matrix behind it, or M__COUNT */
    int sel_i, sel_j;
    HmGeom geom;
    /* its heatmap's words (HmMatrix.title and .corner point here) */
    char title[96];
    char corner[8];
} UiView;

struct UiPlayer {
    bool have_lesson;
    Lesson lesson;
    Editor ed;
    bool save_pending;      /* the place changed: save it after the frame */
    int saved_step;         /* 1 + the step last saved for this lesson, or 0 */
    UiView views[UI_MAX_VIEWS];
    int n_views, focus;
    /* the heatmaps of the views, filled for each frame (too big for the stack) */
    HmMatrix hm[UI_MAX_VIEWS];
    int text_scroll, text_lines, text_rows;
    bool clipped;           /* some panel does not fit the window */
    bool paged;             /* the panels are paged (layout.h): Tab goes to the others */
    int page_shown;         /* the first panel of the page drawn last */
    int status_rows;        /* the message rows of the layout drawn last */
    bool show_hint, show_answer;
    bool show_hint2;        /* i pressed again: the second hint */
    bool choosing;          /* the prediction prompt is open (ui_exercise.c) */
    Exercises ex;           /* what the learner did in each step (lab/exercise.h) */
    bool entering;          /* a number is being typed into entry */
    char entry[48];
    bool tr_entering;       /* a translator step's input is being typed (ui_translator.c) */
    char tr_entry[160];
    /* the last key was '-': 1 it nudged the cell down, 2 it was refused;
     * a digit or '.' next makes it a minus sign instead (ui_player_keys.c) */
    int minus;
    /* each input matrix's colour scale, fixed when the step opens: a cell
     * the learner did not touch keeps its colour (0: none) */
    double input_limit[M__COUNT];
};

/* ui_player.c */
void ui_player_goto(Ui *ui, int step);
/* Rebuilds the views of the step's panels (a cursor stays on its panel). */
void ui_player_views(Ui *ui);

/* ui_exercise.c: exercises and committed predictions */
/* Is a panel of the open step hidden until the learner predicts? */
bool ui_exercise_hidden(const Ui *ui, int panel);
/* Has the learner picked the open step's prediction? */
bool ui_exercise_picked(const Ui *ui);
/* A hidden panel's place: its word over a box of one line (ui_exercise_draw_hidden). */
#define UI_HIDDEN_BOX_H 4
#define UI_HIDDEN_BOX_W 34
/* Draws a hidden panel: its word and a box saying why, in the view's place. */
void ui_exercise_draw_hidden(Ui *ui, const UiView *v, int y, int x, int h, int w);
/* Appends the question's numbered choices and the pick made, if any. */
void ui_exercise_question(Ui *ui, StrBuf *b);
/* a: opens the prediction prompt when the step awaits one; else 0. */
unsigned ui_exercise_answer(Ui *ui);
/* The prediction prompt on row y when it is open; else false. */
bool ui_exercise_draw_prompt(Ui *ui, int y);
/* A key while the prompt is open: a choice's number picks it, Esc cancels. */
unsigned ui_exercise_key(Ui *ui, int key, bool fkey);
/* Rows the open step's goal takes (its words wrapped after "Goal: ", the
 * mark on the last); 0 without a goal. */
int ui_exercise_goal_rows(const Ui *ui);
/* Draws the goal's `rows` rows from row y: its words and a mark (met now,
 * met before, or not yet). */
void ui_exercise_draw_goal(Ui *ui, const LessonStep *s, int y, int rows);
/* After a key: notes a goal met (a message the first time). */
unsigned ui_exercise_note(Ui *ui);

/* ui_translator.c: a translator step's keys (lesson_tr.h) */
/* w, ] and [: open the input's entry; write one character more or less. */
unsigned ui_tr_act_input(Ui *ui, int key);
unsigned ui_tr_act_more(Ui *ui, int key);
unsigned ui_tr_act_less(Ui *ui, int key);
/* A key while the input is typed: Enter translates it, Esc cancels. */
unsigned ui_tr_key(Ui *ui, int key, bool fkey);
/* The entry line on row y while the input is typed; else false. */
bool ui_tr_draw_prompt(Ui *ui, int y);
/* A translator step's words on view v's heat map h: context_now's rows
 * fw and bw, V's title (its rows folded, forward over backward). */
void ui_tr_view_words(const Ui *ui, UiView *v, HmMatrix *h);

/* ui_view.c: what a view shows */
/* The values of a view as a heatmap description (h is filled; its title
 * and corner point into v, valid while v is). */
void ui_view_matrix(Ui *ui, UiView *v, const Result *r, HmMatrix *h);
Mat ui_view_mat(const UiView *v, const Result *r, const Scenario *sc, const uint8_t **keep);
/* A panel's name as a word in the language shown ("weights", "权重"). */
const char *ui_panel_word(const Ui *ui, int panel);

#endif
