/* ui_dump_panel.c - panel model in the lesson player: a lesson's `dump`
 * (lessons/FORMAT.md) shown as the layers x heads grid among the step's
 * panels, and opened whole (the screen of `attnlab view`) on Enter. The
 * dump is read when the panel is first drawn and kept for the run. */
#include "tui/ui_dump.h"

#include <stdlib.h>
#include <string.h>

#include "lesson/panel.h"
#include "model/dump_read.h"
#include "tui/uitext.h"

void ui_dump_panel_box(const Ui *ui, int *min_h, int *max_h, int *w)
{
    (void)ui;
    *min_h = 6;
    *max_h = 14;
    *w = COLS - 2 < 60 ? COLS - 2 : 60;
}

/* Reads path into the screen's own dump unless it holds it already; false
 * (the reader's words in v->err) when it cannot be read. */
static bool load(UiDump *v, const char *path)
{
    if (v->owned_path && strcmp(v->owned_path, path) == 0)
        return v->owned != NULL;
    dump_free(v->owned);
    free(v->owned_path);
    v->owned_path = xstrdup(path);
    v->err[0] = '\0';
    Diags d = {0};
    v->owned = dump_read(path, NULL, &d);
    if (!v->owned && d.n > 0)
        snprintf(v->err, sizeof v->err, "%s", d.v[0].msg);
    diags_free(&d);
    if (v->d != v->owned)
        ui_dump_set(v, v->owned);
    return v->owned != NULL;
}

void ui_dump_panel_draw(Ui *ui, const char *path, bool focus, int y, int x, int h, int w)
{
    UiDump *v = ui->dump;
    char title[160];
    panel_entry(PANEL_MODEL)->title(PANEL_MODEL, NULL, ui->zh, -1, title, sizeof title);
    attrset(focus ? A_BOLD | A_REVERSE : A_BOLD);
    uitext_put_cut(stdscr, y, x, title, w);
    attrset(A_NORMAL);
    if (!load(v, path)) {
        const char *base = strrchr(path, '/');
        char why[400];
        snprintf(why, sizeof why, "%s: %s", base ? base + 1 : path, v->err);
        uitext_put_cut(stdscr, y + 1, x, why, w);
        return;
    }
    ui_dump_draw_overview(ui, y + 1, x, h - 2, w);
    const HeadSummary *s = ui_dump_summary(v, v->layer, v->head);
    snprintf(title, sizeof title, UI_TR(ui, "L%d H%d: %s", "第%d层 第%d头：%s"), v->layer, v->head,
             ui_dump_pattern_word(ui, s->pattern));
    uitext_put_cut(stdscr, y + h - 1, x, title, w);
}

unsigned ui_dump_panel_open(Ui *ui, const char *path)
{
    UiDump *v = ui->dump;
    if (!load(v, path)) {
        ui_set_msg(ui, "%s: %s", path, v->err);
        return UI_DIRTY_STATUS;
    }
    v->from_player = true;
    v->big = false;
    ui->screen = UI_DUMP;
    return UI_DIRTY_ALL;
}
