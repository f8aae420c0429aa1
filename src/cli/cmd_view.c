/* cmd_view.c - `attnlab view FILE`: a real model's attention (an .npz,
 * .npy or .json dump, model/dump_read.h) in the terminal, as JSON
 * summaries, or as a figure. */
#include <cJSON.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/json_image.h"
#include "cli/textview_model.h"
#include "figure/fig_dump.h"
#include "lab/words.h"
#include "model/check.h"
#include "model/dump_read.h"
#include "model/summary.h"
#include "tui/ui.h"

typedef struct {
    const char *tokens, *out, *what, *lang;
    bool json, as_scores;
    int layer, head;        /* -1: not given */
    int color;              /* a HmColorOpt */
} ViewArgs;

static int set_color(void *ctx, const char *v, char *why, size_t whylen)
{
    return cli_color(v, &((ViewArgs *)ctx)->color, why, whylen);
}

static const CliOpt opts[] = {
    {.name = "--tokens", .kind = CLI_STRING, .arg = "FILE", .offset = offsetof(ViewArgs, tokens),
     .help = "the tokens of a bare .npy, one a line (default: numbered 0, 1, ...)"},
    {.name = "--json", .kind = CLI_FLAG, .offset = offsetof(ViewArgs, json),
     .help = "print the shape, the check and every head's summary as JSON"},
    {.name = "--layer", .kind = CLI_INT, .arg = "L", .offset = offsetof(ViewArgs, layer), .lo = 0, .hi = 100000,
     .help = "the layer (from 0) to open, export or print"},
    {.name = "--head", .kind = CLI_INT, .arg = "H", .offset = offsetof(ViewArgs, head), .lo = 0, .hi = 100000,
     .help = "the head (from 0) to open, export or print"},
    {.name = "-o", .alias = "--output", .kind = CLI_STRING, .arg = "FILE", .offset = offsetof(ViewArgs, out),
     .help = "write a figure (.png or .svg) instead of showing the view"},
    {.name = "--what", .kind = CLI_CHOICE, .arg = "head|layer|grid", .offset = offsetof(ViewArgs, what),
     .choices = "head|layer|grid", .help = "with -o: one head, a layer's heads, or every head (default: grid)"},
    {.name = "--as-scores", .kind = CLI_FLAG, .offset = offsetof(ViewArgs, as_scores),
     .help = "the numbers are pre-softmax scores: show each row softmaxed"},
    {.name = "--lang", .kind = CLI_CHOICE, .arg = "en|zh", .offset = offsetof(ViewArgs, lang), .choices = "en|zh",
     .help = "the view's words and the figure's (default: from LANG)"},
    {.name = "--color", .kind = CLI_CALL, .arg = "auto|never|16|256|truecolor", .set = set_color,
     .help = "the terminal's colours (default auto; NO_COLOR is respected)"},
    {0},
};

static int run(int argc, char **argv);

const CliEntry cmd_view_entry = {
    .name = "view",
    .synopsis = "FILE [--tokens FILE] [--json] [--layer L --head H] [-o FILE.png|.svg --what head|layer|grid]",
    .summary = "a real model's attention (.npz, .npy or .json): the heads in the terminal, JSON or a figure",
    .opts = opts,
    .args = "FILE",
    .min_args = 1,
    .max_args = 1,
    .run = run,
};

/* ------------------------------------------------------------ JSON */

static cJSON *json_summary(const AttnDump *d, int layer, int head)
{
    HeadSummary s;
    head_summary(d, layer, head, &s);
    char how[200];
    head_pattern_how(&s, how, sizeof how);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "layer", layer);
    cJSON_AddNumberToObject(o, "head", head);
    cJSON_AddStringToObject(o, "pattern", head_pattern_name(s.pattern));
    cJSON_AddStringToObject(o, "how", how);
    cJSON_AddItemToObject(o, "mean_distance", json_number((float)s.mean_dist));
    cJSON_AddItemToObject(o, "entropy", json_number((float)s.entropy));
    cJSON_AddItemToObject(o, "first_share", json_number((float)s.first_share));
    cJSON_AddItemToObject(o, "first", json_number((float)s.first));
    cJSON_AddItemToObject(o, "previous", json_number((float)s.prev));
    cJSON_AddItemToObject(o, "self", json_number((float)s.self));
    cJSON_AddItemToObject(o, "induction", json_number((float)s.induction));
    cJSON_AddNumberToObject(o, "period", s.period);
    return o;
}

static cJSON *json_check(const DumpCheck *c)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "causal", c->causal);
    cJSON_AddNumberToObject(o, "rows_off", (double)c->rows_off);
    if (c->rows_off > 0) {
        cJSON *w = cJSON_AddObjectToObject(o, "worst_row");
        cJSON_AddNumberToObject(w, "layer", c->worst_layer);
        cJSON_AddNumberToObject(w, "head", c->worst_head);
        cJSON_AddNumberToObject(w, "row", c->worst_row);
        cJSON_AddItemToObject(w, "sum", json_number((float)c->worst_sum));
    }
    return o;
}

/* The JSON on stdout: shape, tokens, check and summaries (one head when
 * layer and head are given). */
static int print_json(const AttnDump *d, const DumpCheck *c, bool softmaxed, int layer, int head)
{
    cJSON *o = cJSON_CreateObject();
    const char *base = strrchr(d->path, '/');
    cJSON_AddStringToObject(o, "file", base ? base + 1 : d->path);
    cJSON *shape = cJSON_AddObjectToObject(o, "shape");
    cJSON_AddNumberToObject(shape, "layers", d->layers);
    cJSON_AddNumberToObject(shape, "heads", d->heads);
    cJSON_AddNumberToObject(shape, "queries", d->nq);
    cJSON_AddNumberToObject(shape, "keys", d->nk);
    cJSON_AddNumberToObject(shape, "d_head", d->d_head);
    cJSON_AddBoolToObject(o, "has_qkv", d->q != NULL);
    cJSON_AddBoolToObject(o, "has_scores", d->scores != NULL);
    cJSON_AddItemToObject(o, "tokens", cJSON_CreateStringArray((const char *const *)d->q_tokens, d->nq));
    if (d->k_tokens != d->q_tokens)
        cJSON_AddItemToObject(o, "k_tokens", cJSON_CreateStringArray((const char *const *)d->k_tokens, d->nk));
    cJSON_AddItemToObject(o, "check", json_check(c));
    cJSON_AddBoolToObject(o, "softmaxed", softmaxed);
    cJSON *heads = cJSON_AddArrayToObject(o, "heads");
    for (int l = 0; l < d->layers; l++)
        for (int h = 0; h < d->heads; h++)
            if ((layer < 0 || l == layer) && (head < 0 || h == head))
                cJSON_AddItemToArray(heads, json_summary(d, l, h));
    char *text = cJSON_Print(o);
    puts(text);
    cli_stdout_failed();
    free(text);
    cJSON_Delete(o);
    return EXIT_OK;
}

/* ------------------------------------------------------------- run */

/* Warns on stderr about rows that do not sum to 1 (they may be scores). */
static void warn_rows(const AttnDump *d, const DumpCheck *c, bool as_scores)
{
    if (c->rows_off == 0)
        return;
    fprintf(stderr, "%s: warning: %ld rows do not sum to 1 (the worst: layer %d head %d row %d sums to %.4g); "
                    "they may be pre-softmax scores%s\n",
            d->path, c->rows_off, c->worst_layer, c->worst_head, c->worst_row, c->worst_sum,
            as_scores ? ": shown softmaxed (--as-scores)" : ": --as-scores (or S in the view) shows them softmaxed");
}

static bool is_terminal(void)
{
    const char *term = getenv("TERM");
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && *term && strcmp(term, "dumb") != 0;
}

/* The figure -o asks for (default: the grid; a head needs --layer and --head). */
static int export(const AttnDump *d, const ViewArgs *a)
{
    FigDumpWhat what = !a->what ? FIG_DUMP_GRID : strcmp(a->what, "head") == 0 ? FIG_DUMP_HEAD
                       : strcmp(a->what, "layer") == 0                       ? FIG_DUMP_LAYER
                                                                              : FIG_DUMP_GRID;
    FigOptions o = fig_default_options();
    o.lang = a->lang;
    char err[400];
    if (fig_dump_export(d, what, a->layer < 0 ? 0 : a->layer, a->head < 0 ? 0 : a->head, &o, a->out, err,
                        sizeof err) < 0) {
        fprintf(stderr, "attnlab view: %s\n", err);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* What the file and the command line ask for, once the file is read. */
static int show(AttnDump *d, const ViewArgs *a)
{
    if (a->layer >= d->layers || a->head >= d->heads)
        return cli_usage_error(&cmd_view_entry, "%s has %d layers and %d heads (from 0): no layer %d head %d",
                               d->path, d->layers, d->heads, a->layer < 0 ? 0 : a->layer, a->head < 0 ? 0 : a->head);
    DumpCheck c;
    dump_check(d, &c);
    warn_rows(d, &c, a->as_scores);
    bool softmaxed = a->as_scores && c.rows_off > 0;
    if (softmaxed) {
        dump_softmax_rows(d);
        dump_check(d, &c);
    }
    if (a->json)
        return print_json(d, &c, softmaxed, a->layer, a->head);
    if (a->out)
        return export(d, a);
    if (!is_terminal()) {
        textview_dump(stdout, d);     /* one line a head */
        return EXIT_OK;
    }
    UiOptions o = {.lang = a->lang, .color = (HmColorOpt)a->color, .dump = d,
                   .dump_layer = a->layer < 0 ? 0 : a->layer, .dump_head = a->head < 0 ? 0 : a->head};
    return ui_run(&o);
}

/* After the options in --help: the formats read and the screen's keys
 * (the key table's full list is `?` in the view). */
static void help_more(FILE *out)
{
    fputs("\nformats:\n"
          "  .npz   np.savez(path, attn=A, tokens=T): A float32/float64 (or float16/bfloat16)\n"
          "         [layers, heads, q, k], [heads, q, k] or [q, k]; T the tokens; optional\n"
          "         q_tokens/k_tokens, q, k, v [layers, heads, n, d_head] and scores\n"
          "  .npy   the attention array alone, with --tokens FILE (one token a line)\n"
          "  .json  CircuitsVis's {\"tokens\": [...], \"attention\": [heads, dest, src]}\n"
          "\nkeys in the view:\n"
          "  arrows hjkl  move over the heads (overview) or the cells (large head)\n"
          "  Enter        open the head large; on a cell: its arithmetic (with q and k)\n"
          "  [ ]  { } < > previous / next layer, previous / next head\n"
          "  PgUp PgDn    the large head by a page of queries\n"
          "  Tab          the bars and summary (in place of the head under 72 columns)\n"
          "  e / E        export the head shown / the whole grid as PNG into\n"
          "               $ATTNLAB_FIGURES (default ./attnlab-figures)\n"
          "  S            show rows that do not sum to 1 softmaxed (they may be scores)\n"
          "  c  ?  q Esc  colour map, help, back (q in the overview quits)\n",
          out);
}

/* attnlab view FILE: the exit status (cli.h): 1 when the file is wrong. */
static int run(int argc, char **argv)
{
    ViewArgs a = {.lang = cli_default_lang(), .color = HM_COLOR_AUTO, .layer = -1, .head = -1};
    int n, rc;
    if (!cli_parse(&cmd_view_entry, argc, argv, &a, &n, &rc)) {
        if (rc == EXIT_OK)
            help_more(stdout);      /* the parser printed --help: the formats and keys follow */
        return rc;
    }
    if (a.what && !a.out)
        return cli_usage_error(&cmd_view_entry, "--what goes with -o FILE (the figure to write)");
    if (a.out && a.json)
        return cli_usage_error(&cmd_view_entry, "-o and --json: give one");
    if (a.what && strcmp(a.what, "head") == 0 && (a.layer < 0 || a.head < 0))
        return cli_usage_error(&cmd_view_entry, "--what head needs --layer L and --head H");
    if (a.what && strcmp(a.what, "layer") == 0 && a.layer < 0)
        return cli_usage_error(&cmd_view_entry, "--what layer needs --layer L");
    if (a.out && !fig_dump_format_ok(a.out))
        return cli_usage_error(&cmd_view_entry, "%s: a figure of the view ends in .png or .svg", a.out);
    Diags diags = {0};
    AttnDump *d = dump_read(argv[0], a.tokens, &diags);
    diags_print(&diags, stderr);
    diags_free(&diags);
    if (!d)
        return EXIT_INPUT;
    rc = show(d, &a);
    dump_free(d);
    return rc;
}
