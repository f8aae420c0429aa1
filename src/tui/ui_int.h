/* ui_int.h - what the ui*.c files share. Not for other modules.
 *
 * The Ui holds only what every screen uses: the terminal, the colours, the
 * language, the saved State, the message line and the dirty bits. Each
 * screen (menu, player, overlay) and the cost chart owns its state behind
 * a pointer of its own, defined in its own file (the player's in
 * ui_player.h, shared by the player's files), and offers _draw and _key.
 *
 * A key becomes an Action through the key table (keys.h); each screen has
 * a table from Action to a short handler that returns what it changed
 * (UI_DIRTY_* bits). The loop (ui.c) redraws only that, into stdscr, and
 * refreshes once. */
#ifndef ATTN_UI_INT_H
#define ATTN_UI_INT_H

#include <curses.h>

#include "base/util.h"
#include "figure/colormap.h"
#include "lab/state.h"
#include "tui/heatmap.h"
#include "tui/keys.h"
#include "tui/ui.h"

#define UI_MIN_COLS 56
#define UI_MIN_ROWS 18

enum {
    UI_DIRTY_HEAD = 1u,     /* the top line */
    UI_DIRTY_TEXT = 2u,     /* narration, goal, configuration */
    UI_DIRTY_PANELS = 4u,   /* the heatmaps */
    UI_DIRTY_STATUS = 8u,   /* message line and footer */
    UI_DIRTY_ALL = 0xffu    /* everything, after clearing (layout changed) */
};

typedef enum { UI_MENU, UI_PLAYER, UI_DUMP } UiScreenKind;
typedef enum { OV_NONE, OV_HELP, OV_EXPLAIN } UiOverlayKind;

typedef struct UiMenu UiMenu;           /* ui_menu.c */
typedef struct UiPlayer UiPlayer;       /* ui_player.h */
typedef struct UiOverlay UiOverlay;     /* ui_overlay.c */
typedef struct UiCost UiCost;           /* ui_cost.c */
typedef struct UiDump UiDump;           /* ui_dump.h */
typedef struct UiBn UiBn;               /* ui_translator.c */

struct Ui {
    UiOptions opt;
    /* The language shown, narration and the UI's own words alike: "zh" only
     * when asked for and the terminal takes UTF-8 (else a screen of '?'). */
    const char *lang;       /* "en" or "zh" */
    bool zh;
    SCREEN *scr;
    FILE *in, *out;
    bool quit;
    bool too_small;         /* the window is under UI_MIN_ROWS x UI_MIN_COLS */
    unsigned dirty;
    double last_us, last_wall_us;
    char msg[320];          /* one line of feedback, cleared by the next key */
    Cmap cmap;
    State state;
    UiScreenKind screen;    /* which screen is under the overlay */
    /* each owned by its file, made by ui_open, freed by ui_close */
    UiMenu *menu;
    UiPlayer *player;
    UiOverlay *overlay;
    UiCost *cost;
    UiDump *dump;
    UiBn *bn;
};

/* A screen's handler for one action: what it changed (UI_DIRTY_* bits).
 * key is the key that was pressed (a character, or a KEY_* code). */
typedef unsigned (*UiActionFn)(Ui *ui, int key);

/* The UI's own words in the language shown (TR, util.h). */
#define UI_TR(ui, en, zh_text) TR((ui)->zh, en, zh_text)

/* ui_menu.c: the lesson menu; its lessons are read when first drawn. */
UiMenu *ui_menu_new(void);
void ui_menu_free(UiMenu *m);
void ui_menu_draw(Ui *ui);
unsigned ui_menu_key(Ui *ui, Action a, int key);

/* A line being typed on row y: the typed text in bold, then how to finish
 * it (both already in the language shown). */
void ui_draw_entry(int y, const char *typed, const char *how);
/* ui_player.c: the lesson player (keys in ui_player_keys.c) */
UiPlayer *ui_player_new(void);
void ui_player_free(UiPlayer *p);
/* Opens the lesson at path on step (1-based; 0: the saved place) and
 * shows the player; -1 with a sentence in err when it cannot be read. */
int ui_player_open(Ui *ui, const char *path, int step, char *err, size_t n);
/* The first step of the lesson last open whose edits are kept only for the
 * run and would be dropped by opening other_path (NULL: by quitting), or -1
 * (none, or other_path is that same lesson, which keeps them). */
int ui_player_unsaved_step(const Ui *ui, const char *other_path);
/* Saves the place and goes back to the menu; nothing without a lesson. */
void ui_player_close(Ui *ui);
void ui_player_draw(Ui *ui, unsigned dirty);
/* The rows the message area needs now (1..LAYOUT_MAX_STATUS): the
 * message, or the player's own line (the cell under the cursor, or why
 * panels are missing), wrapped to the window; 1 while a prompt is open. */
int ui_player_status_rows(Ui *ui);
/* Draws the prompt, the message or the player's own line, wrapped, on the
 * layout's message rows, the last of which is row `last`. */
void ui_player_draw_message(Ui *ui, int last);
/* The typed number's prompt on row y, when one is being typed; else false. */
bool ui_player_draw_prompt(Ui *ui, int y);
/* ui_translator.c: is the open step a translator step (lesson_tr.h)? */
bool ui_tr_step(const Ui *ui);
unsigned ui_player_key(Ui *ui, Action a, int key, bool fkey);
unsigned ui_player_mouse(Ui *ui, int y, int x, unsigned long bstate);
/* Saves the learner's place when it changed since the last save; with
 * `pending`, only if a step change asked for it after its frame. */
void ui_player_save(Ui *ui, bool pending);
/* Whether the cursor is on a mask cell (M) the learner may flip (Space). */
bool ui_player_on_mask(const Ui *ui);
/* Does the open step let the learner change a number (an editable panel)? */
bool ui_player_edits(const Ui *ui);
/* The step has a hint (for its goal), a question or an answer (a). */
bool ui_player_has_hint(const Ui *ui);
bool ui_player_has_question(const Ui *ui);
/* Whether a panel of that kind is on screen (no overlay over it). */
bool ui_player_shows(const Ui *ui, int panel);

/* ui_cost.c: the cost lesson's live chart (PANEL_COST), measured once,
 * the first time a step shows it. */
UiCost *ui_cost_new(void);
void ui_cost_free(UiCost *c);
/* Whether the shown chart still has lengths to measure; ui_cost_step()
 * measures one (the first call only starts, so "measuring..." shows). */
bool ui_cost_pending(const Ui *ui);
void ui_cost_step(Ui *ui);
/* The chart's size: rows between *min_h and *max_h (as many as there are),
 * *w columns in a window cols wide. */
void ui_cost_box(int cols, int *min_h, int *max_h, int *w);
/* The live chart of panel (PANEL_COST or PANEL_BOTTLENECK). */
void ui_cost_draw(const Ui *ui, int panel, bool focus, int y, int x, int h, int w);
/* The measured numbers of panel's chart as a table, appended to b. */
void ui_cost_table(const Ui *ui, int panel, StrBuf *b);
/* A live chart: two series over planned x values, series 0 drawn '*' in
 * red, series 1 'o' in cyan (ASCII, colour where there is some); the cost
 * chart and the bottleneck share it. */
typedef struct {
    int n_planned, done;
    const int *xs;              /* (n_planned) ascending */
    const double *y[2];         /* (done) each */
    double ymax;                /* the y axis's top; 0: rounded up from the data */
    const char *title, *status, *y_name, *x_name, *legend[2];
} UiChart;
void ui_chart_draw(const Ui *ui, const UiChart *c, bool focus, int y, int x, int h, int w);
/* ui_translator.c: the bottleneck chart (PANEL_BOTTLENECK), measured the
 * first time a step shows it, one length a frame (lab/bottleneck.h). */
UiBn *ui_bn_new(void);
void ui_bn_free(UiBn *b);
bool ui_bn_pending(const Ui *ui);
void ui_bn_step(Ui *ui);
void ui_bn_draw(const Ui *ui, bool focus, int y, int x, int h, int w);
void ui_bn_table(const Ui *ui, StrBuf *b);

/* ui_overlay.c: the help and the arithmetic, over the screen */
UiOverlay *ui_overlay_new(void);
void ui_overlay_free(UiOverlay *o);
bool ui_overlay_shown(const Ui *ui);
/* Opens an overlay; returns its text for the caller to fill (the help
 * fills itself). The buffer is the overlay's, valid until it closes. */
StrBuf *ui_overlay_open(Ui *ui, UiOverlayKind kind);
/* The screens' handler of ACT_HELP: opens the help of the screen shown. */
unsigned ui_overlay_help(Ui *ui, int key);
void ui_overlay_draw(Ui *ui);
/* An overlay's keys: scroll, or close it. */
unsigned ui_overlay_key(Ui *ui, Action a);

/* ui.c: shared */
void ui_set_msg(Ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The next colour map for the weights (menu and player share it), said
 * on the message line. */
void ui_next_cmap(Ui *ui);

#endif
