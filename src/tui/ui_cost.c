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
    return (ui_player_shows(ui, PANEL_COST) && (!c->started || cost_pending(&c->run))) || ui_bn_pending(ui);
}

void ui_cost_step(Ui *ui)
{
    UiCost *c = ui->cost;
    if (ui_bn_pending(ui)) {
        ui_bn_step(ui);
        return;
    }
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

void ui_cost_table(const Ui *ui, int panel, StrBuf *b)
{
    if (panel == PANEL_BOTTLENECK) {
        ui_bn_table(ui, b);
        return;
    }
    sb_append(b, UI_TR(ui, "The cost chart in numbers\n\n", "代价图的数字\n\n"));
    cost_table(&ui->cost->run, b);
}

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

static const char MARKS[2] = {'*', 'o'};

static void series(const Frame *f, const UiChart *c, int s)
{
    const double *ys = c->y[s];
    int pair = hm_pair_fg(s == 0 ? FULL_RGB : LOCAL_RGB);
    pen(A_NORMAL, pair);
    for (int k = 0; k + 1 < c->done; k++) {     /* dots between the points */
        int a = col_of(f, c->xs[k]), b = col_of(f, c->xs[k + 1]);
        for (int x = a + 1; x < b; x++) {
            double t = ys[k] + (ys[k + 1] - ys[k]) * (x - a) / (b - a);
            mvaddch(row_of(f, t), x, '.');
        }
    }
    pen(A_BOLD, pair);
    for (int k = 0; k < c->done; k++)
        mvaddch(row_of(f, ys[k]), col_of(f, c->xs[k]), (chtype)MARKS[s]);
    pen(A_NORMAL, 0);
}

static void axes(const Frame *f, const UiChart *c, int y, int x, int w)
{
    char b[32];
    uitext_put(stdscr, y + 1, x, c->y_name, w);
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
        int cx = col_of(f, c->xs[k]);
        mvaddch(f->axis, cx, '+');
        int len = snprintf(b, sizeof b, "%d", c->xs[k]);
        int at = cx - len / 2 + len > x + w ? x + w - len : cx - len / 2;
        if (at >= free_from) {
            mvaddstr(f->axis + 1, at, b);
            free_from = at + len + 1;
        }
    }
    uitext_put(stdscr, f->axis + 2, x + w - uitext_width(c->x_name), c->x_name, w);
}

static void legend(const UiChart *c, int y, int x, int w)
{
    for (int s = 0; s < 2; s++) {
        pen(A_BOLD, hm_pair_fg(s == 0 ? FULL_RGB : LOCAL_RGB));
        mvaddch(y + s, x + 1, (chtype)MARKS[s]);
        pen(A_NORMAL, 0);
        uitext_put(stdscr, y + s, x + 3, c->legend[s], w - 3);
    }
}

static void title(const UiChart *c, bool focus, int y, int x, int w)
{
    attron(focus ? A_BOLD | A_REVERSE : A_BOLD);
    int len = uitext_put(stdscr, y, x, c->title, w);
    attroff(A_BOLD | A_REVERSE);
    if (len < w)
        uitext_put(stdscr, y, x + len, c->status, w - len);
}

void ui_chart_draw(const Ui *ui, const UiChart *c, bool focus, int y, int x, int h, int w)
{
    Frame f = {.x0 = x + LABEL_W, .pw = w - LABEL_W, .axis = y + h - 5, .ph = h - FIXED_ROWS};
    f.nmax = c->xs[c->n_planned - 1];
    double most = 0;
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < c->done; k++)
            most = c->y[s][k] > most ? c->y[s][k] : most;
    f.tmax = c->ymax > 0 ? c->ymax : nice_max(most);
    if (f.ph < 2 || f.pw < 20)
        return;
    title(c, focus, y, x, w);
    axes(&f, c, y, x, w);
    if (c->done == 0)
        uitext_put(stdscr, f.axis - f.ph / 2, f.x0 + f.pw / 2 - 6, UI_TR(ui, "measuring...", "正在测量..."), 14);
    series(&f, c, 1);
    series(&f, c, 0);
    legend(c, y + h - 2, x, w);
}

/* The cost chart: time against n, full ('*') and local ('o') attention. */
static void cost_draw(const Ui *ui, bool focus, int y, int x, int h, int w)
{
    const CostRun *c = &ui->cost->run;
    CostRun plan;
    if (!ui->cost->started) {
        cost_init(&plan);       /* nothing measured yet: the axes of the plan */
        c = &plan;
    }
    bool measuring = !ui->cost->started || cost_pending(c);
    char head[160], status[120], local[120];
    snprintf(head, sizeof head, UI_TR(ui, "time against n on this machine (d = %d, one thread)",
                                      "本机上时间随 n 的变化（d = %d，单线程）"), COST_D);
    if (measuring)
        snprintf(status, sizeof status, UI_TR(ui, "  measuring n = %d...", "  正在测量 n = %d..."),
                 c->ns[c->done < c->n_planned ? c->done : 0]);
    else if (c->skipped)
        snprintf(status, sizeof status, UI_TR(ui, "  (%d longer n left out: over %.1f s)",
                                              "  （略去 %d 个更大的 n：超过 %.1f 秒）"), c->skipped, COST_BUDGET_S);
    else
        snprintf(status, sizeof status, "%s", UI_TR(ui, "  Enter: the numbers", "  Enter：看数字"));
    snprintf(local, sizeof local, UI_TR(ui, "local attention: %d keys around each query, O(r n d)",
                                        "局部注意力：每个查询只看附近 %d 个键，O(r n d)"), COST_WINDOW);
    UiChart ch = {.n_planned = c->n_planned, .done = c->done, .xs = c->ns, .y = {c->full_ms, c->local_ms},
                  .title = head, .status = status, .y_name = UI_TR(ui, "CPU time (ms)", "CPU 时间 (ms)"),
                  .x_name = UI_TR(ui, "n (tokens)", "n（词数）"),
                  .legend = {UI_TR(ui, "full attention: all n keys, O(n^2 d)", "完整注意力：看全部 n 个键，O(n^2 d)"),
                             local}};
    ui_chart_draw(ui, &ch, focus, y, x, h, w);
}

void ui_cost_draw(const Ui *ui, int panel, bool focus, int y, int x, int h, int w)
{
    if (panel == PANEL_BOTTLENECK)
        ui_bn_draw(ui, focus, y, x, h, w);
    else
        cost_draw(ui, focus, y, x, h, w);
}
