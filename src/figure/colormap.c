/* colormap.c - see colormap.h. Tables from scripts/gen_colormaps.py. */
#include "figure/colormap.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "figure/colormap_data.h"

static const struct {
    const char *name;
    const unsigned char (*table)[3];
    bool diverging;
} maps[CMAP__COUNT] = {
    [CMAP_VIRIDIS] = {"viridis", cmap_viridis, false},
    [CMAP_MAGMA] = {"magma", cmap_magma, false},
    [CMAP_CIVIDIS] = {"cividis", cmap_cividis, false},
    [CMAP_GREYS] = {"greys", cmap_greys, false},
    [CMAP_RDBU] = {"rdbu", cmap_rdbu, true},
    [CMAP_PUOR] = {"puor", cmap_puor, true},
};

Rgb cmap_color(Cmap m, double t)
{
    if (isnan(t))
        t = 0.5;
    if (t < 0.0)
        t = 0.0;
    if (t > 1.0)
        t = 1.0;
    int i = (int)lround(t * 255.0);
    const unsigned char *c = maps[m].table[i];
    return (Rgb){c[0], c[1], c[2]};
}

bool cmap_is_diverging(Cmap m) { return maps[m].diverging; }
const char *cmap_name(Cmap m) { return maps[m].name; }

Cmap cmap_next_sequential(Cmap m)
{
    for (int k = 1; k <= CMAP__COUNT; k++) {
        Cmap next = (Cmap)(((int)m + k) % CMAP__COUNT);
        if (!maps[next].diverging)
            return next;
    }
    return CMAP_VIRIDIS;    /* unreachable: the table has sequential maps */
}

int cmap_parse(const char *name)
{
    for (int i = 0; i < CMAP__COUNT; i++)
        if (strcasecmp(maps[i].name, name) == 0)
            return i;
    return -1;
}

double cmap_diverging_t(double value, double limit)
{
    if (!(limit > 0.0))
        return 0.5;
    return 0.5 + 0.5 * value / limit;
}

double cmap_limit(const float *v, int n)
{
    double lim = 1e-6;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && fabs((double)v[i]) > lim)
            lim = fabs((double)v[i]);
    return lim;
}

static double channel(unsigned char c)
{
    double s = c / 255.0;
    return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
}

double rgb_luminance(Rgb c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

Rgb rgb_text_on(Rgb bg)
{
    /* contrast ratio (L1 + 0.05) / (L2 + 0.05) against white and black */
    double l = rgb_luminance(bg);
    double with_white = 1.05 / (l + 0.05), with_black = (l + 0.05) / 0.05;
    return with_white > with_black ? (Rgb){255, 255, 255} : (Rgb){0, 0, 0};
}
