/* colormap.h - the colour maps shared by the terminal and the figures, so a
 * weight looks the same on screen and on a slide.
 *
 * Weights use a sequential map on the fixed scale 0..1; signed scores use a
 * diverging map centred on 0 (cmap_diverging_t maps a value to 0..1 with 0
 * at 0.5). */
#ifndef ATTN_COLORMAP_H
#define ATTN_COLORMAP_H

#include <stdbool.h>

typedef struct {
    unsigned char r, g, b;
} Rgb;

typedef enum {
    CMAP_VIRIDIS, CMAP_MAGMA, CMAP_CIVIDIS, CMAP_GREYS,     /* sequential */
    CMAP_RDBU, CMAP_PUOR,                                  /* diverging */
    CMAP__COUNT
} Cmap;

/* The colour at t in [0, 1] (clamped; NaN gives the middle). */
Rgb cmap_color(Cmap m, double t);
bool cmap_is_diverging(Cmap m);
/* The sequential map after m, wrapping round (for a key that cycles the
 * weights' colours); read from each map's kind, not from the enum's order. */
Cmap cmap_next_sequential(Cmap m);
const char *cmap_name(Cmap m);
int cmap_parse(const char *name);          /* -1 if unknown */

/* A signed value on a diverging scale [-limit, limit] as t in [0, 1]. */
double cmap_diverging_t(double value, double limit);
/* The symmetric limit for a set of values: max |v|, at least 1e-6. */
double cmap_limit(const float *v, int n);

/* WCAG relative luminance of a colour, 0 (black) .. 1 (white). */
double rgb_luminance(Rgb c);
/* Black or white: whichever reads better on bg (higher contrast ratio). */
Rgb rgb_text_on(Rgb bg);

#endif
