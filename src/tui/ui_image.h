/* ui_image.h - panel image in the terminal (ui_image.c): a lesson's
 * picture with the selected word's weights over it. For the player only. */
#ifndef ATTN_UI_IMAGE_H
#define ATTN_UI_IMAGE_H

#include <stdbool.h>

#include "tui/ui_int.h"
#include "tui/ui_player.h"

/* The panel's size: between *min_h and *max_h rows, *w columns. */
void ui_image_box(const Ui *ui, int *min_h, int *max_h, int *w);
/* Draws view v (panel image) at (y, x) within h x w; bold title on focus. */
void ui_image_draw(Ui *ui, UiView *v, bool focus, int y, int x, int h, int w);

#endif
