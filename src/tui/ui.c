/* ui.c - the terminal's lifecycle, the input loop, the dirty-flag
 * refresh and the two status lines (message and footer). The screens draw
 * themselves: ui_menu.c, ui_player.c, ui_overlay.c. See ui.h, ui_int.h. */
#include "tui/ui_int.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "engine/blas.h"

#include "lesson/lesson.h"
#include "base/utf8.h"
#include "tui/ui_dump.h"
#include "tui/uitext.h"

/* ------------------------------------------- terminal restore, always */

static volatile sig_atomic_t curses_active;

static void restore_terminal(void)
{
    if (curses_active) {
        curses_active = 0;
        endwin();
    }
}

static void on_signal(int sig)
{
    /* endwin is what ncurses' own handler calls here too; then die of the
     * same signal so the shell sees why */
    restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* The largest screen drawn: LINES=100000 COLUMNS=100000 made ncurses
 * allocate 2.1 GB and draw nothing for a minute. */
#define UI_MAX_DIM 1000

/* Caps the size ncurses will take (LINES and COLUMNS, else the terminal's)
 * at UI_MAX_DIM before it allocates the screen; a note in note when it did. */
static void cap_screen_size(FILE *out, char *note, size_t n)
{
    struct winsize ws = {0};
    long rows = getenv("LINES") ? atol(getenv("LINES")) : 0, cols = getenv("COLUMNS") ? atol(getenv("COLUMNS")) : 0;
    if ((rows <= 0 || cols <= 0) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0) {
        rows = rows > 0 ? rows : ws.ws_row;
        cols = cols > 0 ? cols : ws.ws_col;
    }
    note[0] = '\0';
    if (rows <= UI_MAX_DIM && cols <= UI_MAX_DIM)
        return;
    snprintf(note, n, "the terminal is %ldx%ld; attnlab draws at most %dx%d", cols, rows, UI_MAX_DIM, UI_MAX_DIM);
    char num[24];
    snprintf(num, sizeof num, "%ld", rows > UI_MAX_DIM ? UI_MAX_DIM : rows);
    setenv("LINES", num, 1);
    snprintf(num, sizeof num, "%ld", cols > UI_MAX_DIM ? UI_MAX_DIM : cols);
    setenv("COLUMNS", num, 1);
}

static void install_handlers(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    atexit(restore_terminal);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
}

/* UTF-8 drawing needs a UTF-8 locale; when LANG names a missing one (say
 * zh_CN.UTF-8 on a machine with only C.UTF-8) fall back to C.UTF-8. */
static bool setup_locale(void)
{
    setlocale(LC_ALL, "");
    /* numbers are always written with a '.', in lessons, typed and on screen:
     * under de_DE strtof stopped at the '.' and no lesson would open */
    setlocale(LC_NUMERIC, "C");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
        return true;
    const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            if (strstr(v, "UTF-8") || strstr(v, "utf8") || strstr(v, "UTF8") || strstr(v, "utf-8"))
                return setlocale(LC_CTYPE, "C.UTF-8") != NULL && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
            return false;
        }
    }
    return false;
}

/* --------------------------------------------------------- messages */

void ui_set_msg(Ui *ui, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
    va_end(ap);
    ui->dirty |= UI_DIRTY_STATUS;
}

void ui_next_cmap(Ui *ui)
{
    ui->cmap = cmap_next_sequential(ui->cmap);
    ui_set_msg(ui, UI_TR(ui, "weights colour map: %s", "权重配色：%s"), cmap_name(ui->cmap));
}

/* The message row (a number being typed, the message, or the player's own
 * line) and the footer from the key table. */
static void draw_status(Ui *ui)
{
    char foot[400];
    int y = LINES - 1;
    bool player = ui->screen == UI_PLAYER, overlay = ui_overlay_shown(ui);
    move(y - 1, 0);
    clrtoeol();
    move(y, 0);
    clrtoeol();
    if (player && !overlay) {
        ui_player_draw_message(ui, y - 1);
    } else if (ui_player_draw_prompt(ui, y - 1)) {
        /* drawn */
    } else if (ui->msg[0]) {
        attron(A_BOLD);
        uitext_put(stdscr, y - 1, 0, ui->msg, COLS);
        attroff(A_BOLD);
    } else if (ui->screen == UI_DUMP && !overlay) {
        ui_dump_draw_status(ui, y - 1);
    }
    unsigned ctx = overlay ? KCTX_OVERLAY : player ? KCTX_PLAYER : ui->screen == UI_DUMP ? KCTX_DUMP : KCTX_MENU;
    if (player && !overlay && ui_player_on_mask(ui))
        ctx |= KCTX_MASK_CELL;
    if (player && !overlay && !ui_player_edits(ui))
        ctx |= KCTX_NO_EDIT;
    if (player && !overlay && ui_tr_step(ui))
        ctx |= KCTX_TRANSLATOR;
    if (player && !overlay)
        ctx |= (ui_player_has_hint(ui) ? 0 : KCTX_NO_HINT) | (ui_player_has_question(ui) ? 0 : KCTX_NO_QUESTION);
    if (overlay)
        snprintf(foot, sizeof foot, "%s", UI_TR(ui, "Esc close  Up/Down scroll", "Esc 关闭  Up/Down 滚动"));
    else
        keys_footer(ctx, ui->zh, foot, sizeof foot, COLS - 1);
    attron(A_REVERSE);
    mvprintw(y, 0, "%*s", COLS, "");
    uitext_put(stdscr, y, 0, foot, COLS);   /* by columns: a Chinese character takes two */
    attroff(A_REVERSE);
}

/* ------------------------------------------------------------ frame */

/* Columns of the widest run of text that cannot be broken (no space, no
 * wide character): a window narrower than it would split a word. */
static int widest_word(const char *s)
{
    int run = 0, most = 0;
    while (*s) {
        wchar_t c = (wchar_t)utf8_next(&s);
        int cw = uitext_wcwidth(c);
        run = c == ' ' || cw != 1 ? 0 : run + 1;
        most = run > most ? run : most;
        most = cw > most ? cw : most;
    }
    return most;
}

/* Lays text out by columns (words, or Chinese characters) from row y;
 * returns the rows it takes, or -1 when a word is wider than the window.
 * Draws if draw. */
static int wrap_text(const char *text, int y, bool draw)
{
    enum { MAX = 24 };
    int starts[MAX], lens[MAX];
    if (widest_word(text) > COLS)
        return -1;
    int rows = uitext_wrap(text, COLS, starts, lens, MAX);
    if (rows > MAX)
        return -1;
    for (int r = 0; r < rows && draw; r++) {
        char line[400];
        snprintf(line, sizeof line, "%.*s", lens[r], text + starts[r]);
        uitext_put(stdscr, y + r, 0, line, COLS);
    }
    return rows;
}

/* The fullest message that fits, even in a 1 x 1 window (where only "!" can). */
static void draw_too_small(const Ui *ui)
{
    erase();
    char full[200];
    snprintf(full, sizeof full,
             UI_TR(ui, "attnlab needs a window of at least %d x %d; this one is %d x %d. Enlarge it, or q to quit.",
                   "attnlab 需要至少 %d x %d 的窗口；现在是 %d x %d。请放大窗口，或按 q 退出。"),
             UI_MIN_COLS, UI_MIN_ROWS, COLS, LINES);
    const char *tries[] = {full, UI_TR(ui, "window too small: enlarge it, or q to quit", "窗口太小：请放大，或按 q 退出"),
                           UI_TR(ui, "too small", "太小"), UI_TR(ui, "small", "小"), "!"};
    for (size_t k = 0; k < sizeof tries / sizeof tries[0]; k++) {
        int rows = wrap_text(tries[k], 0, false);
        if (rows > 0 && rows <= LINES) {
            wrap_text(tries[k], (LINES - rows) / 2, true);
            return;
        }
    }
}

/* The saved place is written after the frame: its fsync takes milliseconds
 * of waiting that the learner need not see. */
static void save_after_frame(Ui *ui)
{
    if (!ui->quit)
        ui_player_save(ui, true);
}

static void render(Ui *ui);

/* The cost chart measures one length a frame, after the key's own frame
 * (which says "measuring..."), then stops: a bounded burst, no polling. */
static void measure_cost(Ui *ui)
{
    while (!ui->quit && ui_cost_pending(ui)) {
        ui_cost_step(ui);
        ui->dirty |= UI_DIRTY_PANELS;
        render(ui);
    }
}

static void render(Ui *ui)
{
    unsigned d = ui->dirty;
    ui->dirty = 0;
    if (!d)
        return;
    if (LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS) {
        ui->too_small = true;
        draw_too_small(ui);
    } else {
        if (ui->too_small)
            d = UI_DIRTY_ALL;
        ui->too_small = false;
        if (d == UI_DIRTY_ALL)
            erase();
        bool overlay = ui_overlay_shown(ui);
        if (ui->screen == UI_MENU)
            ui_menu_draw(ui);
        else if (ui->screen == UI_DUMP)
            ui_dump_draw(ui, overlay ? d & UI_DIRTY_HEAD : d);
        else
            ui_player_draw(ui, overlay ? d & UI_DIRTY_HEAD : d);
        if (overlay)
            ui_overlay_draw(ui);
        draw_status(ui);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

static double cpu_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static double wall_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* A key to the overlay, else to the screen under it, as an Action of the
 * key table in their context. */
static unsigned dispatch(Ui *ui, int key, bool fkey)
{
    bool overlay = ui_overlay_shown(ui);
    unsigned ctx = overlay ? KCTX_OVERLAY : ui->screen == UI_MENU ? KCTX_MENU : ui->screen == UI_DUMP ? KCTX_DUMP : KCTX_PLAYER;
    Action a = keys_lookup(key, fkey, ctx);
    if (ui->too_small)  /* "q to quit", as the message says; Esc (cancel typing) must not */
        return !fkey && key == 'q' ? (ui->quit = true, 0) : 0;
    if (overlay)
        return ui_overlay_key(ui, !fkey && (key == '\n' || key == '\r') ? ACT_CLOSE : a);
    if (ui->screen == UI_MENU)
        return ui_menu_key(ui, a, key);
    if (ui->screen == UI_DUMP)
        return ui_dump_key(ui, a, key);
    return ui_player_key(ui, a, key, fkey);
}

bool ui_feed_key(Ui *ui, int key, bool fkey)
{
    double t0 = cpu_us(), w0 = wall_us();
    if (ui->msg[0]) {
        ui->msg[0] = '\0';
        ui->dirty |= UI_DIRTY_STATUS;
    }
    if (fkey && key == KEY_RESIZE) {
        if (LINES > UI_MAX_DIM || COLS > UI_MAX_DIM)
            resizeterm(LINES > UI_MAX_DIM ? UI_MAX_DIM : LINES, COLS > UI_MAX_DIM ? UI_MAX_DIM : COLS);
        ui->dirty = UI_DIRTY_ALL;
    } else if (fkey && key == KEY_MOUSE) {
        MEVENT ev;
        if (getmouse(&ev) == OK && !ui->too_small && !ui_overlay_shown(ui))
            ui->dirty |= ui->screen == UI_PLAYER ? ui_player_mouse(ui, ev.y, ev.x, (unsigned long)ev.bstate)
                         : ui->screen == UI_DUMP ? ui_dump_mouse(ui, ev.y, ev.x, (unsigned long)ev.bstate) : 0;
    } else {
        ui->dirty |= dispatch(ui, key, fkey);
    }
    if (!ui->quit)
        render(ui);
    ui->last_us = cpu_us() - t0;
    ui->last_wall_us = wall_us() - w0;
    measure_cost(ui);
    save_after_frame(ui);
    if (!ui->quit)
        render(ui);     /* only if saving had something to say */
    return !ui->quit;
}

bool ui_feed_keys(Ui *ui, const char *keys)
{
    bool alive = true;
    for (const char *k = keys; *k && alive; k++)
        alive = ui_feed_key(ui, (unsigned char)*k, false);
    return alive;
}

bool ui_feed_mouse(Ui *ui, int y, int x, unsigned long bstate)
{
    /* as a real click (KEY_MOUSE in ui_feed_key): only the player's panels take it */
    if (!ui->too_small && !ui_overlay_shown(ui) && ui->screen == UI_PLAYER)
        ui->dirty |= ui_player_mouse(ui, y, x, bstate);
    else if (!ui->too_small && !ui_overlay_shown(ui) && ui->screen == UI_DUMP)
        ui->dirty |= ui_dump_mouse(ui, y, x, bstate);
    render(ui);
    return !ui->quit;
}

void ui_resize(Ui *ui, int rows, int cols)
{
    resizeterm(rows, cols);
    ui_feed_key(ui, KEY_RESIZE, true);
}

double ui_last_key_us(const Ui *ui) { return ui->last_us; }
double ui_last_key_wall_us(const Ui *ui) { return ui->last_wall_us; }

static void put_utf8(StrBuf *b, wchar_t c)
{
    char u[UTF8_MAX + 1];
    utf8_encode((unsigned)c, u);
    sb_append(b, u);
}

char *ui_dump(Ui *ui)
{
    StrBuf b = {0};
    set_term(ui->scr);
    wchar_t *line = xmalloc(((size_t)COLS + 1) * sizeof *line);
    for (int y = 0; y < LINES; y++) {
        int n = mvwinnwstr(stdscr, y, 0, line, COLS);
        if (n < 0)
            n = 0;
        line[n] = 0;
        while (n > 0 && line[n - 1] == L' ')
            line[--n] = 0;
        for (int k = 0; k < n; k++)
            put_utf8(&b, line[k]);
        sb_append(&b, "\n");
    }
    free(line);
    return b.s;
}

/* ------------------------------------------------------- life cycle */

/* The screens' states and the Ui itself (the player's lesson closed). */
static void free_screens(Ui *ui)
{
    ui_menu_free(ui->menu);
    ui_player_free(ui->player);
    ui_overlay_free(ui->overlay);
    ui_cost_free(ui->cost);
    ui_dump_free(ui->dump);
    ui_bn_free(ui->bn);
    free(ui);
}

Ui *ui_open(const UiOptions *o, char *err, size_t errlen)
{
    Ui *ui = xcalloc(1, sizeof *ui);
    ui->opt = *o;
    ui->menu = ui_menu_new();
    ui->player = ui_player_new();
    ui->overlay = ui_overlay_new();
    ui->cost = ui_cost_new();
    ui->dump = ui_dump_new();
    ui->bn = ui_bn_new();
    /* lesson-sized products: BLAS threads would only spin (and idle must be
     * idle); a no-op when main already made it one (engine/blas.h). */
    attn_blas_threads_set(1);
    uitext_set_utf8(setup_locale());
    ui->zh = o->lang && strcmp(o->lang, "zh") == 0 && uitext_utf8();
    ui->lang = ui->zh ? "zh" : "en";
    install_handlers();
    ui->in = o->in ? o->in : stdin;
    ui->out = o->out ? o->out : stdout;
    char size_note[120];
    cap_screen_size(ui->out, size_note, sizeof size_note);
    ui->scr = newterm(o->term, ui->out, ui->in);
    if (!ui->scr) {
        snprintf(err, errlen, "cannot drive the terminal '%s'", o->term ? o->term : getenv("TERM"));
        free_screens(ui);
        return NULL;
    }
    set_term(ui->scr);
    curses_active = 1;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
    hm_setup(o->color);
    ui->cmap = CMAP_VIRIDIS;
    char msg[600];
    state_load(&ui->state, msg, sizeof msg);
    ui->screen = UI_MENU;   /* the menu's lessons are read when it is first shown */
    if (msg[0] || size_note[0])
        ui_set_msg(ui, "%s%s%s", size_note, size_note[0] && msg[0] ? "; " : "", msg);
    if (o->dump) {
        ui->screen = UI_DUMP;
        ui_dump_set(ui->dump, o->dump);
        ui->dump->layer = o->dump_layer;
        ui->dump->head = o->dump_head;
    } else if (o->lesson) {
        char *path = lesson_resolve(o->lesson);
        int rc = path ? ui_player_open(ui, path, o->step, err, errlen) : -1;
        if (!path)
            snprintf(err, errlen, "no lesson '%s'", o->lesson);
        free(path);
        if (rc < 0) {
            ui_close(ui);
            return NULL;
        }
    }
    ui->dirty = UI_DIRTY_ALL;
    render(ui);
    measure_cost(ui);
    save_after_frame(ui);
    render(ui);
    return ui;
}

void ui_close(Ui *ui)
{
    if (!ui)
        return;
    ui_player_close(ui);
    state_free(&ui->state);
    restore_terminal();
    delscreen(ui->scr);
    free_screens(ui);
}

/* A resize whose SIGWINCH ncurses did not turn into KEY_RESIZE: a resize
 * in the first moments after the first frame (while the place was being
 * saved) was lost about one time in three under tmux, leaving the old
 * layout on a smaller window until the next key. So before blocking for a
 * key, the terminal's size is compared with the one drawn; one ioctl.
 * Skipped when LINES or COLUMNS set the size by hand (ncurses then ignores
 * the terminal's own). */
static bool lost_resize(const Ui *ui, int *rows, int *cols)
{
    struct winsize ws;
    if (getenv("LINES") || getenv("COLUMNS") || ioctl(fileno(ui->out), TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 ||
        ws.ws_col == 0)
        return false;
    *rows = ws.ws_row > UI_MAX_DIM ? UI_MAX_DIM : ws.ws_row;
    *cols = ws.ws_col > UI_MAX_DIM ? UI_MAX_DIM : ws.ws_col;
    return *rows != LINES || *cols != COLS;
}

int ui_run(const UiOptions *o)
{
    char err[400];
    Ui *ui = ui_open(o, err, sizeof err);
    if (!ui) {
        fprintf(stderr, "attnlab: %s\n", err);
        return EXIT_INPUT;
    }
    /* for measuring start-up (docs/BENCH.md): the first frame is on the
     * terminal once ui_open returns */
    const char *first = getenv("ATTNLAB_EXIT_AFTER_FIRST_FRAME");
    if (first && strcmp(first, "1") == 0)
        ui->quit = true;
    int errors = 0;
    while (!ui->quit) {
        int rows, cols;
        if (lost_resize(ui, &rows, &cols)) {
            ui_resize(ui, rows, cols);
            continue;
        }
        wint_t ch;
        int rc = wget_wch(stdscr, &ch);   /* blocks: no timeout, no polling */
        if (rc == ERR) {
            if (++errors > 100)           /* input is gone (a closed terminal) */
                break;
            continue;
        }
        errors = 0;
        ui_feed_key(ui, (int)ch, rc == KEY_CODE_YES);
    }
    ui_close(ui);
    return EXIT_OK;
}
