/* ui_player.h - the lesson player's state, shared by its files only:
 * ui_player.c (open, views, drawing), ui_player_keys.c (keys and mouse)
 * and ui_view.c (what a view shows). Not for the other screens. */
#ifndef ATTN_UI_PLAYER_H
#define ATTN_UI_PLAYER_H

#include "lab/editor.h"
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
    bool show_hint, show_answer;
    bool entering;          /* a number is being typed into entry */
    char entry[48];
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

/* ui_view.c: what a view shows */
/* The values of a view as a heatmap description (h is filled; its title
 * and corner point into v, valid while v is). */
void ui_view_matrix(Ui *ui, UiView *v, const Result *r, HmMatrix *h);
Mat ui_view_mat(const UiView *v, const Result *r, const Scenario *sc, const uint8_t **keep);
/* A panel's name as a word in the language shown ("weights", "权重"). */
const char *ui_panel_word(const Ui *ui, int panel);

#endif
