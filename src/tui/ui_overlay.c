/* ui_overlay.c - the overlays over the player or the menu: the help made
 * from the key table, and the arithmetic of a cell (its text is filled by
 * the player's keys, ui_player_keys.c); wrapped to the window and
 * scrolled. See ui_int.h. */
#include "tui/ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "tui/uitext.h"

struct UiOverlay {
    UiOverlayKind kind;     /* OV_NONE: closed */
    StrBuf text;            /* its lines, '\n' separated */
    int scroll;             /* the first row shown */
};

UiOverlay *ui_overlay_new(void) { return xcalloc(1, sizeof(UiOverlay)); }

void ui_overlay_free(UiOverlay *o)
{
    if (!o)
        return;
    free(o->text.s);
    free(o);
}

bool ui_overlay_shown(const Ui *ui) { return ui->overlay->kind != OV_NONE; }

static void help_text(Ui *ui)
{
    StrBuf *b = &ui->overlay->text;
    unsigned ctx = ui->screen == UI_MENU ? KCTX_MENU : ui->screen == UI_DUMP ? KCTX_DUMP : KCTX_PLAYER;
    if (ui->zh)
        sb_printf(b, "按键（%s）\n\n", ui->screen == UI_MENU ? "课程菜单" : ui->screen == UI_DUMP ? "模型的注意力" : "课程页面");
    else
        sb_printf(b, "Keys (%s)\n\n", ui->screen == UI_MENU ? "lesson menu" : ui->screen == UI_DUMP ? "a model's attention" : "lesson player");
    bool seen[ACT__COUNT] = {false};
    for (size_t i = 0; i < keys_count; i++) {
        const KeyBinding *k = &keys_table[i];
        if (!(k->ctx & ctx) || seen[k->act])
            continue;
        seen[k->act] = true;
        char labels[64] = "";
        for (size_t j = i; j < keys_count; j++) {
            const KeyBinding *o = &keys_table[j];
            if (o->act == k->act && (o->ctx & ctx) && !strstr(labels, o->label) &&
                strlen(labels) + strlen(o->label) + 2 < sizeof labels) {
                if (labels[0])
                    strcat(labels, " ");
                strcat(labels, o->label);
            }
        }
        sb_printf(b, "  %-14s %s\n", labels, ui->zh ? k->help_zh : k->help);   /* labels are ASCII */
    }
    sb_printf(b, UI_TR(ui, "\nCtrl-C quits at once (the terminal is restored; the place is saved at every step).\n"
                           "Mouse: a click selects a cell (a second click shows its arithmetic);\n"
                           "the wheel nudges an editable cell by 0.1.\n"
                           "Colours: %s. Marked cells (underlined, or a dot) changed with the last edit.\n",
                           "\nCtrl-C 立即退出（终端会复原；每一步都会记住学到哪里）。\n"
                           "鼠标：单击选中一格（再点一次显示它的算式）；\n"
                           "滚轮把可编辑的格子加减 0.1。\n"
                           "颜色：%s。带标记的格子（下划线或一个点）在上一次修改中变了。\n"),
              hm_depth_name(hm_depth()));
}

StrBuf *ui_overlay_open(Ui *ui, UiOverlayKind kind)
{
    UiOverlay *o = ui->overlay;
    free(o->text.s);
    memset(&o->text, 0, sizeof o->text);
    o->scroll = 0;
    o->kind = kind;
    if (kind == OV_HELP)
        help_text(ui);
    ui->dirty = UI_DIRTY_ALL;
    return &o->text;
}

#define OV_MAX_ROWS 2000

/* The overlay's rows: its lines wrapped to the window (byte ranges); a
 * wrapped line goes on indented under its start (indent, when not NULL:
 * the columns before each row). */
static int overlay_rows(const Ui *ui, int *starts, int *lens, int *indent)
{
    const char *text = ui->overlay->text.s ? ui->overlay->text.s : "";
    int n = 0;
    for (const char *p = text; *p && n < OV_MAX_ROWS;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
        int ls[64], ll[64];
        int hang = (int)strspn(line, " ") + 2;
        hang = hang < (COLS - 3) / 3 ? hang : 0;
        int k = line[0] ? uitext_wrap(line, COLS - 3, ls, ll, 64) : 1;
        if (k > 1)  /* rows after the first start further in: wrap narrower */
            k = uitext_wrap(line, COLS - 3 - hang, ls, ll, 64);
        if (!line[0])
            ls[0] = ll[0] = 0;
        for (int r = 0; r < k && r < 64 && n < OV_MAX_ROWS; r++, n++) {
            starts[n] = (int)(p - text) + ls[r];
            lens[n] = ll[r];
            if (indent)
                indent[n] = r ? hang : 0;
        }
        p = nl ? nl + 1 : p + len;
    }
    return n;
}

unsigned ui_overlay_help(Ui *ui, int key)
{
    (void)key;
    ui_overlay_open(ui, OV_HELP);
    return UI_DIRTY_ALL;
}

void ui_overlay_draw(Ui *ui)
{
    const UiOverlay *o = ui->overlay;
    if (!o->kind || !o->text.s)
        return;
    static int starts[OV_MAX_ROWS], lens[OV_MAX_ROWS], indent[OV_MAX_ROWS];
    int top = 1, h = LINES - 3;
    int n = overlay_rows(ui, starts, lens, indent);
    for (int r = 0; r < h; r++) {
        move(top + r, 0);
        clrtoeol();
        int k = o->scroll + r;
        if (k >= n)
            continue;
        char buf[1024];
        snprintf(buf, sizeof buf, "%.*s", lens[k] < 1023 ? lens[k] : 1023, o->text.s + starts[k]);
        if (k == 0 || strncmp(buf, "=>", 2) == 0)
            attron(A_BOLD);
        uitext_put(stdscr, top + r, 1 + indent[k], buf, COLS - 2 - indent[k]);
        attroff(A_BOLD);
    }
}

/* ------------------------------------------------------------- keys */

static unsigned act_up(Ui *ui, int key)
{
    (void)key;
    ui->overlay->scroll -= ui->overlay->scroll > 0;
    return UI_DIRTY_ALL;
}

static unsigned act_down(Ui *ui, int key)
{
    static int starts[OV_MAX_ROWS], lens[OV_MAX_ROWS];
    (void)key;
    if (ui->overlay->scroll + (LINES - 3) < overlay_rows(ui, starts, lens, NULL))
        ui->overlay->scroll++;
    return UI_DIRTY_ALL;
}

static unsigned act_close(Ui *ui, int key)
{
    (void)key;
    ui->overlay->kind = OV_NONE;
    return UI_DIRTY_ALL;
}

static const UiActionFn actions[ACT__COUNT] = {
    [ACT_UP] = act_up, [ACT_DOWN] = act_down,
    [ACT_QUIT] = act_close, [ACT_CLOSE] = act_close, [ACT_HELP] = act_close,
    [ACT_EXPLAIN] = act_close, [ACT_OPEN] = act_close,
};

unsigned ui_overlay_key(Ui *ui, Action a)
{
    return actions[a] ? actions[a](ui, 0) : 0;
}
