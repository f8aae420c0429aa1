/* hm_color.c - the terminal's colours: the depth chosen once (hm_setup),
 * an RGB colour as the terminal's colour number at that depth, and a cache
 * of colour pairs (heatmap.h, hm_color.h). The heat maps' layout and cells
 * are in heatmap.c. */
#include "tui/hm_color.h"

#include <stdlib.h>
#include <string.h>
#include <term.h>

static HmDepth depth = HM_MONO;

int hm_parse_color(const char *s)
{
    static const char *const names[] = {"auto", "never", "16", "256", "truecolor"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    if (strcmp(s, "always") == 0 || strcmp(s, "24bit") == 0)
        return HM_COLOR_TRUE;
    return -1;
}

const char *hm_depth_name(HmDepth d)
{
    static const char *const names[] = {"no colour", "8 colours", "16 colours", "256 colours", "direct colour"};
    return names[d];
}

HmDepth hm_depth(void) { return depth; }

HmDepth hm_setup(HmColorOpt opt)
{
    const char *nc = getenv("NO_COLOR");
    depth = HM_MONO;
    hm_reset_pairs();
    if (opt == HM_COLOR_NEVER || (opt == HM_COLOR_AUTO && nc && *nc) || !has_colors())
        return depth;
    if (start_color() == ERR)
        return depth;
    use_default_colors();
    bool rgb = tigetflag("RGB") > 0 && COLORS >= (1 << 24);
    HmDepth best = rgb ? HM_DIRECT : COLORS >= 256 ? HM_256 : COLORS >= 16 ? HM_16 : COLORS >= 8 ? HM_8 : HM_MONO;
    HmDepth want = opt == HM_COLOR_16 ? HM_16 : opt == HM_COLOR_256 ? HM_256 : HM_DIRECT;
    depth = want < best ? want : best;
    return depth;
}

int hm_color_number(Rgb c)
{
    if (depth == HM_DIRECT) {
        int v = (c.r << 16) | (c.g << 8) | c.b;
        return v < 8 ? 8 : v;   /* 0..7 would be the palette's (themed) ANSI colours */
    }
    if (depth == HM_256) {
        static const int lv[6] = {0, 95, 135, 175, 215, 255};
        int idx[3], best = 0;
        const int ch[3] = {c.r, c.g, c.b};
        long dc = 0;
        for (int k = 0; k < 3; k++) {
            int b = 0;
            for (int l = 1; l < 6; l++)
                if (abs(lv[l] - ch[k]) < abs(lv[b] - ch[k]))
                    b = l;
            idx[k] = b;
            dc += (long)(lv[b] - ch[k]) * (lv[b] - ch[k]);
        }
        best = 16 + 36 * idx[0] + 6 * idx[1] + idx[2];
        int grey = (c.r + c.g + c.b) / 3, gi = grey < 8 ? 0 : grey > 238 ? 23 : (grey - 8) / 10;
        int gv = 8 + 10 * gi;
        long dg = (long)(gv - c.r) * (gv - c.r) + (long)(gv - c.g) * (gv - c.g) + (long)(gv - c.b) * (gv - c.b);
        return dg < dc ? 232 + gi : best;
    }
    /* 8/16: the nearest basic colour by hue and brightness */
    int bit = (c.r > 127 ? 1 : 0) | (c.g > 127 ? 2 : 0) | (c.b > 127 ? 4 : 0);
    if (depth == HM_16 && rgb_luminance(c) > 0.45 && bit != 7)
        bit += 8;
    return bit;
}

#define PAIR_CACHE 4096
static struct {
    int fg, bg, pair;
} cache[PAIR_CACHE];
static int next_pair = 1;

void hm_reset_pairs(void)
{
    memset(cache, 0, sizeof cache);
    next_pair = 1;
}

int hm_pair_numbers(int fg, int bg)
{
    if (depth == HM_MONO)
        return 0;
    unsigned h = ((unsigned)fg * 2654435761u) ^ ((unsigned)bg * 40503u);
    for (int probe = 0; probe < 64; probe++) {
        int k = (int)((h + (unsigned)probe) % PAIR_CACHE);
        if (cache[k].pair && cache[k].fg == fg && cache[k].bg == bg)
            return cache[k].pair;
        if (!cache[k].pair) {
            if (next_pair >= COLOR_PAIRS || next_pair >= PAIR_CACHE) {
                /* full: start over and have every cell repainted */
                hm_reset_pairs();
                clearok(curscr, TRUE);
                return hm_pair_numbers(fg, bg);
            }
            int p = next_pair++;
            init_extended_pair(p, fg, bg);
            cache[k].fg = fg;
            cache[k].bg = bg;
            cache[k].pair = p;
            return p;
        }
    }
    hm_reset_pairs();
    clearok(curscr, TRUE);
    return hm_pair_numbers(fg, bg);
}

int hm_pair(Rgb fg, Rgb bg) { return hm_pair_numbers(hm_color_number(fg), hm_color_number(bg)); }
int hm_pair_fg(Rgb fg) { return hm_pair_numbers(hm_color_number(fg), -1); }
