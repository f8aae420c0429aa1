/* hm_color.h - the colour numbers and pairs behind the heat maps, for the
 * files that draw cells themselves (heatmap.c). The public part (depth,
 * hm_pair) is in heatmap.h. */
#ifndef ATTN_HM_COLOR_H
#define ATTN_HM_COLOR_H

#include "tui/heatmap.h"

/* The terminal's colour number for an RGB colour at the current depth. */
int hm_color_number(Rgb c);
/* A colour pair for two colour numbers (-1 = the terminal's default); 0 in
 * monochrome. When the terminal's pairs run out, the cache starts over and
 * the screen is repainted. */
int hm_pair_numbers(int fg, int bg);

#endif
