/* ui_cost.c - the cost lesson's live chart (PANEL_COST): time against n
 * for full and local attention, measured on this machine (cost.h) one
 * length per frame, so the learner sees "measuring..." at once and the
 * curves grow; then nothing runs until the next key (idle is idle).
 *
 * Drawn with ASCII only ('*' full, 'o' local, '.' between points, '|' '-'
 * '+' axes): readable under LANG=C and in mono; colour (red, cyan) where the
 * terminal has it. The layout, top to bottom: title, the y axis's name,
 * the plot, the x axis, its ticks, its name, the legend (two lines). */
#include "tui/ui_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/cost.h"
#include "lesson/lesson.h"

#include "tui/uitext.h"

#define LABEL_W 8       /* the y tick labels and the axis: "   12.5 |" */
#define FIXED_ROWS 7    /* every row but the plot's */

static const Rgb FULL_RGB = {230, 60, 40}, LOCAL_RGB = {40, 170, 220};

struct UiCost {
    CostRun run;
    bool started;       /* cost_init done: measuring, or measured */
};

UiCost *ui_cost_new(void) { return xcalloc(1, sizeof(UiCost)); }

void ui_cost_free(UiCost *c)
{
    if (!c)
        return;
    cost_free(&c->run);
    free(c);
}

bool ui_cost_pending(const Ui *ui)
{
    const UiCost *c = ui->cost;
    return ui_player_shows(ui, PANEL_COST) && (!c->started || cost_pending(&c->run));
}

void ui_cost_step(Ui *ui)
{
    UiCost *c = ui->cost;
    if (!c->started) {
        cost_init(&c->run);
        c->started = true;
        return;     /* the first frame says "measuring..." before any wait */
    }
    cost_step(&c->run);
}

void ui_cost_box(int cols, int *min_h, int *max_h, int *w)
{
    *min_h = FIXED_ROWS + 4;
    *max_h = FIXED_ROWS + 14;
    *w = cols < 76 ? cols : 76;
}

void ui_cost_table(const Ui *ui, StrBuf *b) { cost_table(&ui->cost->run, b); }

/* A round upper end for the y axis, close above v; its half is round too. */
static double nice_max(double v)
{
    static const double steps[] = {1, 1.2, 1.6, 2, 2.5, 3, 4, 5, 6, 8, 10};
    if (!(v > 0))
        return 1;
    double p = pow(10, floor(log10(v)));
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++)
        if (v <= steps[k] * p * (1 + 1e-9))
            return steps[k] * p;
    return 10 * p;
}

typedef struct {
    int x0, pw;         /* the plot's first column and its width */
    int axis, ph;       /* the x axis's row; the plot's rows above it */
    double nmax, tmax;
} Frame;

static int col_of(const Frame *f, double n) { return f->x0 + (int)lround(n / f->nmax * (f->pw - 1)); }
static int row_of(const Frame *f, double t) { return f->axis - (int)lround(t / f->tmax * f->ph); }

/* Attributes and a colour pair of any number (COLOR_PAIR() keeps 8 bits). */
static void pen(attr_t a, int pair) { attr_set(a, (short)(pair < 32768 ? pair : 0), &pair); }

static void series(const Frame *f, const CostRun *c, const double *ms, Rgb rgb, char mark)
{
    int pair = hm_pair_fg(rgb);
    pen(A_NORMAL, pair);
    for (int k = 0; k + 1 < c->done; k++) {     /* dots between the points */
        int a = col_of(f, c->ns[k]), b = col_of(f, c->ns[k + 1]);
        for (int x = a + 1; x < b; x++) {
            double t = ms[k] + (ms[k + 1] - ms[k]) * (x - a) / (b - a);
            mvaddch(row_of(f, t), x, '.');
        }
    }
    pen(A_BOLD, pair);
    for (int k = 0; k < c->done; k++)
        mvaddch(row_of(f, ms[k]), col_of(f, c->ns[k]), (chtype)mark);
    pen(A_NORMAL, 0);
}

static void axes(const Ui *ui, const Frame *f, const CostRun *c, int y, int x, int w)
{
    char b[32];
    uitext_put(stdscr, y + 1, x, UI_TR(ui, "CPU time (ms)", "CPU 时间 (ms)"), w);
    for (int r = 0; r <= f->ph; r++)
        mvaddch(f->axis - r, f->x0 - 1, '|');
    for (int k = 0; k < 3; k++) {       /* ticks at tmax, tmax / 2 and 0 */
        double t = f->tmax * (2 - k) / 2;
        snprintf(b, sizeof b, "%*.3g", LABEL_W - 2, t);
        mvaddstr(row_of(f, t), x, b);
    }
    mvaddch(f->axis, f->x0 - 1, '+');
    for (int cx = f->x0; cx < x + w; cx++)
        mvaddch(f->axis, cx, '-');
    int free_from = f->x0;      /* tick labels must not overlap */
    for (int k = 0; k < c->n_planned; k++) {
        int cx = col_of(f, c->ns[k]);
        mvaddch(f->axis, cx, '+');
        int len = snprintf(b, sizeof b, "%d", c->ns[k]);
        int at = cx - len / 2 + len > x + w ? x + w - len : cx - len / 2;
        if (at >= free_from) {
            mvaddstr(f->axis + 1, at, b);
            free_from = at + len + 1;
        }
    }
    const char *name = UI_TR(ui, "n (tokens)", "n（词数）");
    uitext_put(stdscr, f->axis + 2, x + w - uitext_width(name), name, w);
}

static void legend(const Ui *ui, int y, int x, int w)
{
    char b[120];
    pen(A_BOLD, hm_pair_fg(FULL_RGB));
    mvaddstr(y, x + 1, "*");
    pen(A_NORMAL, 0);
    uitext_put(stdscr, y, x + 3, UI_TR(ui, "full attention: all n keys, O(n^2 d)", "完整注意力：看全部 n 个键，O(n^2 d)"),
               w - 3);
    pen(A_BOLD, hm_pair_fg(LOCAL_RGB));
    mvaddstr(y + 1, x + 1, "o");
    pen(A_NORMAL, 0);
    snprintf(b, sizeof b, UI_TR(ui, "local attention: %d keys around each query, O(r n d)",
                                "局部注意力：每个查询只看附近 %d 个键，O(r n d)"), COST_WINDOW);
    uitext_put(stdscr, y + 1, x + 3, b, w - 3);
}

static void title(const Ui *ui, const CostRun *c, bool measuring, bool focus, int y, int x, int w)
{
    char b[160];
    snprintf(b, sizeof b, UI_TR(ui, "time against n on this machine (d = %d, one thread)",
                                "本机上时间随 n 的变化（d = %d，单线程）"), COST_D);
    attron(focus ? A_BOLD | A_REVERSE : A_BOLD);
    int len = uitext_put(stdscr, y, x, b, w);
    attroff(A_BOLD | A_REVERSE);
    if (measuring)
        snprintf(b, sizeof b, UI_TR(ui, "  measuring n = %d...", "  正在测量 n = %d..."),
                 c->ns[c->done < c->n_planned ? c->done : 0]);
    else if (c->skipped)
        snprintf(b, sizeof b, UI_TR(ui, "  (%d longer n left out: over %.1f s)", "  （略去 %d 个更大的 n：超过 %.1f 秒）"),
                 c->skipped, COST_BUDGET_S);
    else
        snprintf(b, sizeof b, "%s", UI_TR(ui, "  Enter: the numbers", "  Enter：看数字"));
    if (len < w)
        uitext_put(stdscr, y, x + len, b, w - len);
}

void ui_cost_draw(const Ui *ui, bool focus, int y, int x, int h, int w)
{
    const CostRun *c = &ui->cost->run;
    CostRun plan;
    if (!ui->cost->started) {
        cost_init(&plan);       /* nothing measured yet: the axes of the plan */
        c = &plan;
    }
    Frame f = {.x0 = x + LABEL_W, .pw = w - LABEL_W, .axis = y + h - 5, .ph = h - FIXED_ROWS};
    f.nmax = c->ns[c->n_planned - 1];
    double most = 0;
    for (int k = 0; k < c->done; k++)
        most = c->full_ms[k] > most ? c->full_ms[k] : most;
    for (int k = 0; k < c->done; k++)
        most = c->local_ms[k] > most ? c->local_ms[k] : most;
    f.tmax = nice_max(most);
    if (f.ph < 2 || f.pw < 20)
        return;
    title(ui, c, !ui->cost->started || cost_pending(c), focus, y, x, w);
    axes(ui, &f, c, y, x, w);
    if (c->done == 0)
        uitext_put(stdscr, f.axis - f.ph / 2, f.x0 + f.pw / 2 - 6, UI_TR(ui, "measuring...", "正在测量..."), 14);
    series(&f, c, c->local_ms, LOCAL_RGB, 'o');
    series(&f, c, c->full_ms, FULL_RGB, '*');
    legend(ui, y + h - 2, x, w);
}
