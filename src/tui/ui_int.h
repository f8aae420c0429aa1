/* ui_int.h - what the ui*.c files share: the Ui itself. Not for other modules.
 *
 * The Ui owns the lesson being played, its Editor, the menu's items and the
 * saved State. Handlers return what they changed (UI_DIRTY_* bits); the
 * loop redraws only that, into stdscr, and refreshes once. */
#ifndef ATTN_UI_INT_H
#define ATTN_UI_INT_H

#include <curses.h>

#include "figure/colormap.h"
#include "engine/cost.h"
#include "lab/editor.h"
#include "tui/heatmap.h"
#include "tui/keys.h"
#include "lesson/lesson.h"
#include "lab/state.h"
#include "tui/ui.h"
#include "base/util.h"

#define UI_MIN_COLS 56
#define UI_MIN_ROWS 18
#define UI_MAX_VIEWS 24

enum {
    UI_DIRTY_HEAD = 1u,     /* the top line */
    UI_DIRTY_TEXT = 2u,     /* narration, goal, configuration */
    UI_DIRTY_PANELS = 4u,   /* the heatmaps */
    UI_DIRTY_STATUS = 8u,   /* message line and footer */
    UI_DIRTY_ALL = 0xffu    /* everything, after clearing (layout changed) */
};

typedef enum { UI_MENU, UI_PLAYER } UiScreenKind;
typedef enum { OV_NONE, OV_HELP, OV_EXPLAIN } UiOverlay;

typedef struct {
    char *path;
    char *title;            /* in the chosen language */
    int n_steps;            /* 0 when the lesson has errors */
} MenuItem;

/* One heatmap on screen: a panel, or one head of the heads panel. */
typedef struct {
    int panel;              /* PanelId or MatName */
    int head;               /* PANEL_HEADS: which head; else -1 */
    MatName edit;           /* the learner's matrix behind it, or M__COUNT */
    int sel_i, sel_j;
    HmGeom geom;
} UiView;

struct Ui {
    UiOptions opt;
    /* The language shown, narration and the UI's own words alike: "zh" only
     * when asked for and the terminal takes UTF-8 (else a screen of '?'). */
    const char *lang;       /* "en" or "zh" */
    bool zh;
    SCREEN *scr;
    FILE *in, *out;
    bool quit;
    bool save_pending;      /* the place changed: save it after the frame */
    int saved_step;         /* 1 + the step last saved for this lesson, or 0 */
    unsigned dirty;
    double last_us, last_wall_us;
    UiScreenKind screen;
    UiOverlay overlay;
    StrBuf ov_text;         /* the overlay's lines, '\n' separated */
    int ov_scroll;
    char msg[320];          /* one line of feedback, cleared by the next key */
    Cmap cmap;
    State state;
    /* menu */
    MenuItem *items;
    int n_items, menu_sel;
    /* player */
    bool have_lesson;
    Lesson lesson;
    Editor ed;
    UiView views[UI_MAX_VIEWS];
    int n_views, focus;
    int text_scroll, text_lines, text_rows;
    int text_cap;           /* 0, or the narration's rows when space is short */
    bool clipped;           /* some panel does not fit the window */
    bool show_hint, show_answer;
    bool entering;
    char entry[48];
    bool too_small;
    /* the cost chart: measured once, the first time a step shows it */
    CostRun cost;
    bool cost_started;
};

/* The UI's own words in the language shown (TR, util.h). */
#define UI_TR(ui, en, zh_text) TR((ui)->zh, en, zh_text)

/* ui_menu.c */
void ui_menu_load(Ui *ui);
void ui_menu_free(Ui *ui);
void ui_menu_draw(Ui *ui);
unsigned ui_menu_key(Ui *ui, Action a);

/* ui_player.c: drawing */
int ui_player_open(Ui *ui, const char *path, int step, char *err, size_t n);
void ui_player_close(Ui *ui);
void ui_player_goto(Ui *ui, int step);
void ui_player_views(Ui *ui);
void ui_player_draw(Ui *ui, unsigned dirty);
/* The values of a view as a heatmap description (h is filled). */
void ui_view_matrix(Ui *ui, const UiView *v, const Result *r, HmMatrix *h);
Mat ui_view_mat(const UiView *v, const Result *r, const Scenario *sc, const uint8_t **keep);
/* A panel's name as a word in the language shown ("weights", "权重"). */
const char *ui_panel_word(const Ui *ui, int panel);

/* ui_input.c: the player's keys and mouse */
unsigned ui_player_key(Ui *ui, Action a, int key, bool fkey);
unsigned ui_player_mouse(Ui *ui, int y, int x, unsigned long bstate);

/* ui_cost.c: the cost lesson's live chart (PANEL_COST) */
bool ui_cost_shown(const Ui *ui);
/* Whether a shown chart still has lengths to measure; ui_cost_step()
 * measures one (the first call only starts, so "measuring..." shows). */
bool ui_cost_pending(const Ui *ui);
void ui_cost_step(Ui *ui);
void ui_cost_size(int avail_rows, int *h, int *w);
void ui_cost_draw(Ui *ui, bool focus, int y, int x, int h, int w);

/* ui_overlay.c: the help and the arithmetic, over the screen */
void ui_show_overlay(Ui *ui, UiOverlay kind);
void ui_draw_overlay(Ui *ui);
/* An overlay's keys: scroll, or close it. */
unsigned ui_overlay_key(Ui *ui, Action a);

/* ui.c: shared drawing */
void ui_draw_status(Ui *ui);
void ui_set_msg(Ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_save_place(Ui *ui);

#endif
