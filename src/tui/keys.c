/* keys.c - see keys.h. */
#include "tui/keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/uitext.h"

#define CTRL(c) ((c) & 0x1f)
#define M KCTX_MENU
#define P KCTX_PLAYER
#define O KCTX_OVERLAY
#define PR KCTX_PREDICT
#define D KCTX_DUMP
#define PICK(c) {c, false, ACT_PICK, P | PR, "1-6", NULL, NULL, NULL, NULL}
#define DIGIT(c) {c, false, ACT_TYPE, P, "0-9 . =", NULL, NULL, NULL, NULL}
#define MENU_DIGIT(c) {c, false, ACT_DIGIT, M, "1-9", NULL, NULL, NULL, NULL}

/* Order matters twice: the first match wins, and the footer lists the
 * entries with a footer word in this order (most useful first). */
const KeyBinding keys_table[] = {
    {'?', false, ACT_HELP, M | P | D, "?",
     "this help", "本帮助", "? help", "? 帮助"},
    {'q', false, ACT_QUIT, M, "q",
     "quit", "退出", "q quit", "q 退出"},
    {'q', false, ACT_QUIT, P, "q",
     "back to the menu (your place is saved)", "回到菜单（记住学到哪里）", "q menu", "q 菜单"},
    {27, false, ACT_CLOSE, O | P, "Esc",
     "close the overlay; cancel typing", "关闭浮层；取消输入", NULL, NULL},
    /* the dump view (attnlab view): before the player's rows of the same keys */
    {'q', false, ACT_QUIT, D, "q",
     "back to the overview; quit from the overview", "回到总览；在总览中退出", "q back", "q 返回"},
    {27, false, ACT_CLOSE, D, "Esc",
     "back to the overview", "回到总览", NULL, NULL},
    {'\n', false, ACT_OPEN, D, "Enter",
     "open the head large; on a cell: show its arithmetic (when the file has q and k)",
     "放大这个头；在一格上：显示它的算式（文件有 q 和 k 时）", "Enter open", "Enter 打开"},
    {KEY_ENTER, true, ACT_OPEN, D, "Enter", NULL, NULL, NULL, NULL},
    /* early: in a narrow window the footer must still say it */
    {'\t', false, ACT_NEXT_PANEL, D, "Tab",
     "the bars and summary: in place of the heads under 72 columns; else hide/show",
     "条形图和摘要：不到 72 列时代替热图显示；否则隐藏/显示", "Tab side", "Tab 侧栏"},
    {'[', false, ACT_LAYER_PREV, D, "[",
     "previous layer", "上一层", "[/] layer", "[/] 层"},
    {']', false, ACT_LAYER_NEXT, D, "]",
     "next layer", "下一层", NULL, NULL},
    {'{', false, ACT_HEAD_PREV, D, "{",
     "previous head", "上一个头", "{/} head", "{/} 头"},
    {'}', false, ACT_HEAD_NEXT, D, "}",
     "next head", "下一个头", NULL, NULL},
    {'<', false, ACT_HEAD_PREV, D, "<",
     "previous head", "上一个头", NULL, NULL},
    {'>', false, ACT_HEAD_NEXT, D, ">",
     "next head", "下一个头", NULL, NULL},
    {KEY_PPAGE, true, ACT_PAGE_UP, D, "PgUp",
     "the large head: a page of queries up", "大图：向上翻一页查询", NULL, NULL},
    {KEY_NPAGE, true, ACT_PAGE_DOWN, D, "PgDn",
     "the large head: a page of queries down", "大图：向下翻一页查询", NULL, NULL},
    {'S', false, ACT_AS_SCORES, D, "S",
     "rows that do not sum to 1: show them softmaxed (they may be scores)",
     "各行之和不为 1 时：按行做 softmax 再显示（它们可能是分数）", NULL, NULL},
    {'q', false, ACT_CLOSE, O, "q",
     "close the overlay", "关闭浮层", NULL, NULL},
    {'?', false, ACT_CLOSE, O, "?",
     "close the help", "关闭帮助", NULL, NULL},
    {'\n', false, ACT_OPEN, M, "Enter",
     "open the lesson", "打开课程", "Enter open", "Enter 打开"},
    {KEY_ENTER, true, ACT_OPEN, M, "Enter",
     "open the lesson", "打开课程", NULL, NULL},
    {'1', false, ACT_DIGIT, M, "1-9",
     "open the lesson of that number", "打开该编号的课程", NULL, NULL},
    MENU_DIGIT('2'), MENU_DIGIT('3'), MENU_DIGIT('4'), MENU_DIGIT('5'),
    MENU_DIGIT('6'), MENU_DIGIT('7'), MENU_DIGIT('8'), MENU_DIGIT('9'),
    {'n', false, ACT_NEXT_STEP, P, "n",
     "next step", "下一步", "n/p step", "n/p 步骤"},
    {KEY_NPAGE, true, ACT_NEXT_STEP, P, "PgDn",
     "next step", "下一步", NULL, NULL},
    {'p', false, ACT_PREV_STEP, P, "p",
     "previous step", "上一步", NULL, NULL},
    {KEY_PPAGE, true, ACT_PREV_STEP, P, "PgUp",
     "previous step", "上一步", NULL, NULL},
    {KEY_HOME, true, ACT_FIRST_STEP, P, "Home",
     "the first step", "第一步", NULL, NULL},
    {'g', false, ACT_FIRST_STEP, P, "g",
     "the first step", "第一步", NULL, NULL},
    {KEY_END, true, ACT_LAST_STEP, P, "End",
     "the last step", "最后一步", NULL, NULL},
    {'G', false, ACT_LAST_STEP, P, "G",
     "the last step", "最后一步", NULL, NULL},
    /* the dump view's exports: before hjkl, so an 80-column footer still says
     * them (the arrows move as everywhere; ? lists hjkl) */
    {'e', false, ACT_EXPORT, D, "e",
     "export the head (the large one, or the one under the cursor) as a PNG",
     "把这个头（放大的那个，或光标下的那个）导出为 PNG", "e/E export", "e/E 导出"},
    {'E', false, ACT_EXPORT_ALL, D, "E",
     "export every head (the layers x heads grid) as a PNG", "把所有头（层 x 头的网格）导出为 PNG", NULL, NULL},
    {KEY_UP, true, ACT_UP, M | P | O | D, "Up",
     "move up (a cell, a lesson, a line)", "上移（一格、一课、一行）", NULL, NULL},
    {'k', false, ACT_UP, M | P | O | D, "k",
     "move up", "上移", NULL, NULL},
    {KEY_DOWN, true, ACT_DOWN, M | P | O | D, "Down",
     "move down", "下移", NULL, NULL},
    {'j', false, ACT_DOWN, M | P | O | D, "j",
     "move down", "下移", NULL, NULL},
    {KEY_LEFT, true, ACT_LEFT, P | D, "Left",
     "move left", "左移", NULL, NULL},
    {'h', false, ACT_LEFT, P | D, "h",
     "move left", "左移", "hjkl move", "hjkl 移动"},
    {KEY_RIGHT, true, ACT_RIGHT, P | D, "Right",
     "move right", "右移", NULL, NULL},
    {'l', false, ACT_RIGHT, P | D, "l",
     "move right", "右移", NULL, NULL},
    {'\t', false, ACT_NEXT_PANEL, P, "Tab",
     "next panel", "下一个面板", "Tab panel", "Tab 面板"},
    /* first on a mask step: the footer has room for it at 80 columns */
    {' ', false, ACT_TOGGLE, KCTX_MASK_CELL, "Space",
     NULL, NULL, "Spc 0/1", "Spc 0/1"},
    {KEY_BTAB, true, ACT_PREV_PANEL, P, "S-Tab",
     "previous panel", "上一个面板", NULL, NULL},
    {'\n', false, ACT_EXPLAIN, P, "Enter",
     "show the arithmetic of the cell (or set the typed number)", "显示这一格的算式（或设定输入的数）", "Enter how?", "Enter 算式"},
    {KEY_ENTER, true, ACT_EXPLAIN, P, "Enter",
     "show the arithmetic of the cell", "显示这一格的算式", NULL, NULL},
    {'+', false, ACT_NUDGE_UP, P, "+",
     "add 0.1 to the cell", "这一格加 0.1", "+/- nudge", "+/- 微调"},
    {'-', false, ACT_NUDGE_DOWN, P, "-",
     "subtract 0.1 from the cell; - then a digit or . types a negative number (-3.5 Enter)",
     "这一格减 0.1；- 后接数字或 . 就是输入负数（-3.5 Enter）", NULL, NULL},
    {' ', false, ACT_TOGGLE, P, "Space",
     "flip a mask cell (M) between 0 and 1", "把掩码（M）的一格在 0 和 1 之间切换", NULL, NULL},
    {'>', false, ACT_BIG_UP, P, ">",
     "add 1 to the cell", "这一格加 1", NULL, NULL},
    {'<', false, ACT_BIG_DOWN, P, "<",
     "subtract 1 from the cell", "这一格减 1", NULL, NULL},
    {'=', false, ACT_TYPE, P, "0-9 . =",
     "type a number, Enter sets it (= starts an empty one; -3.5 a negative one)",
     "输入一个数，Enter 设定（= 从空白开始；-3.5 输入负数）", "0-9 type", "0-9 输入"},
    /* a digit or '.' starts the number with itself (the help says so above) */
    DIGIT('0'), DIGIT('1'), DIGIT('2'), DIGIT('3'), DIGIT('4'),
    DIGIT('5'), DIGIT('6'), DIGIT('7'), DIGIT('8'), DIGIT('9'), DIGIT('.'),
    /* before u: the hint outranks undo in a narrow footer */
    {'i', false, ACT_HINT, P, "i",
     "show the hint for the goal", "显示目标的提示", "i hint", "i 提示"},
    {'u', false, ACT_UNDO, P, "u",
     "undo", "撤销", "u undo", "u 撤销"},
    {CTRL('r'), false, ACT_REDO, P, "^R",
     "redo", "重做", NULL, NULL},
    {'r', false, ACT_RESET, P, "r",
     "reset the step's numbers and settings", "恢复这一步原来的数和设置", NULL, NULL},
    {'a', false, ACT_ANSWER, P, "a",
     "reveal the answer to the question", "显示问题的答案", "a answer", "a 答案"},
    {'s', false, ACT_SCORE, P, "s",
     "next score function", "下一个打分函数", "s d m T t settings", "s d m T t 设置"},
    {'d', false, ACT_DIST, P, "d",
     "next distribution", "下一个分布函数", NULL, NULL},
    {'m', false, ACT_MASK, P, "m",
     "next mask", "下一种掩码", NULL, NULL},
    {'T', false, ACT_TEMP_UP, P, "T",
     "raise the temperature", "升高温度", NULL, NULL},
    {'t', false, ACT_TEMP_DOWN, P, "t",
     "lower the temperature", "降低温度", NULL, NULL},
    /* a translator step's own keys (the footer shows them after n/p, only there) */
    {'w', false, ACT_TR_INPUT, P, "w",
     "a translator step: type the input, Enter translates it", "翻译器步骤：输入要翻译的文字，Enter 翻译",
     "w input", "w 输入"},
    {']', false, ACT_TR_MORE, P, "]",
     "a translator step: write one character more", "翻译器步骤：多写一个字符", "[/] write", "[/] 写字"},
    {'[', false, ACT_TR_LESS, P, "[",
     "a translator step: write one character less", "翻译器步骤：少写一个字符", NULL, NULL},
    {'/', false, ACT_SCALE, P, "/",
     "toggle scaling: dot <-> scaled dot", "切换缩放：点积 <-> 缩放点积", NULL, NULL},
    {'o', false, ACT_POSITION, P, "o",
     "toggle position encoding (order)", "开关位置编码（词序）", NULL, NULL},
    {'H', false, ACT_HEADS, P, "H",
     "next number of heads (divisors of d_model)", "下一个头数（d_model 的因数）", NULL, NULL},
    {'c', false, ACT_CMAP, P | M | D, "c",
     "next colour map for the weights", "给权重换一种配色", NULL, NULL},
    {'K', false, ACT_SCROLL_UP, P, "K",
     "scroll the narration up", "讲解向上滚动", NULL, NULL},
    {'J', false, ACT_SCROLL_DOWN, P, "J",
     "scroll the narration down", "讲解向下滚动", NULL, NULL},
    {'e', false, ACT_EXPORT, P, "e",
     "export this panel as a figure", "把这个面板导出为图片", NULL, NULL},
    {'E', false, ACT_EXPORT_ALL, P, "E",
     "export every panel of the step", "导出这一步的所有面板", NULL, NULL},
    /* the prediction prompt (after a): listed in the player's help; in the
     * player itself the digits above win */
    {'1', false, ACT_PICK, P | PR, "1-6",
     "after a: pick your prediction by its number", "按 a 之后：按编号选出你的预测", NULL, NULL},
    PICK('2'), PICK('3'), PICK('4'), PICK('5'), PICK('6'),
    {27, false, ACT_CLOSE, PR, "Esc", NULL, NULL, NULL, NULL},
};
const size_t keys_count = sizeof keys_table / sizeof keys_table[0];

Action keys_lookup(int key, bool fkey, unsigned ctx)
{
    if (!fkey && key == '\r')
        key = '\n';
    for (size_t i = 0; i < keys_count; i++) {
        const KeyBinding *b = &keys_table[i];
        if (b->key == key && b->fkey == fkey && (b->ctx & ctx))
            return b->act;
    }
    return ACT_NONE;
}

static bool is_translator_key(Action a) { return a == ACT_TR_INPUT || a == ACT_TR_MORE || a == ACT_TR_LESS; }

/* Appends b's footer item to buf; false when it does not fit. */
static bool footer_item(const KeyBinding *b, bool zh, char *buf, size_t n, size_t *len, int *cols, int width)
{
    char item[64];
    int bytes = snprintf(item, sizeof item, "%s%s", *len ? "  " : "", zh ? b->footer_zh : b->footer);
    if (bytes < 0 || *cols + uitext_width(item) > width || *len + (size_t)bytes >= n)
        return false;
    memcpy(buf + *len, item, (size_t)bytes + 1);
    *len += (size_t)bytes;
    *cols += uitext_width(item);
    return true;
}

void keys_footer(unsigned ctx, bool zh, char *buf, size_t n, int width)
{
    size_t len = 0;
    int cols = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < keys_count; i++) {
        const KeyBinding *b = &keys_table[i];
        if (!b->footer || !(b->ctx & ctx) || is_translator_key(b->act))
            continue;
        /* nudging and typing only where a number may be changed: not on a
         * step that edits nothing, nor on a mask cell (Space flips it) */
        if ((ctx & (KCTX_NO_EDIT | KCTX_MASK_CELL)) && (b->act == ACT_NUDGE_UP || b->act == ACT_TYPE))
            continue;
        if (((ctx & KCTX_NO_HINT) && b->act == ACT_HINT) || ((ctx & KCTX_NO_QUESTION) && b->act == ACT_ANSWER))
            continue;
        if (!footer_item(b, zh, buf, n, &len, &cols, width))
            break;
        /* a translator step's keys right after n/p: what the step is for */
        for (size_t t = 0; b->act == ACT_NEXT_STEP && (ctx & KCTX_TRANSLATOR) && t < keys_count; t++)
            if (keys_table[t].footer && is_translator_key(keys_table[t].act) &&
                !footer_item(&keys_table[t], zh, buf, n, &len, &cols, width))
                return;
    }
}
