/* textview_model.c - a model's heads as lines of text: see
 * textview_model.h. */
#include "cli/textview_model.h"

#include "model/check.h"
#include "model/dump_read.h"
#include "model/summary.h"

void textview_dump(FILE *out, const AttnDump *d)
{
    DumpCheck c;
    dump_check(d, &c);
    fprintf(out, "%s: %d layers x %d heads, %d x %d tokens, causal: %s\n", d->path, d->layers, d->heads, d->nq,
            d->nk, c.causal ? "yes" : "no");
    for (int l = 0; l < d->layers && !ferror(out); l++)
        for (int h = 0; h < d->heads; h++) {
            HeadSummary s;
            char how[200];
            head_summary(d, l, h, &s);
            head_pattern_how(&s, how, sizeof how);
            fprintf(out, "L%d H%d  %-15s %s; mean distance %.2f, entropy %.2f, first token %.2f\n", l, h,
                    head_pattern_name(s.pattern), how, s.mean_dist, s.entropy, s.first_share);
        }
}

void textview_dump_file(FILE *out, const char *path)
{
    Diags diags = {0};
    AttnDump *d = dump_read(path, NULL, &diags);
    fprintf(out, "\n  a trained model's heads (attnlab view %s)\n", path);
    if (d)
        textview_dump(out, d);
    else
        diags_print(&diags, out);
    diags_free(&diags);
    dump_free(d);
}
