/* cmd_translate.c - `attnlab translate`: a trained translator (model/seq2seq.h)
 * run on one input, with its alignment as text; or, with --bottleneck, the
 * reverse task's accuracy against input length with and without attention,
 * measured on inputs generated on the spot. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "cli/cli.h"
#include "model/seq2seq.h"

typedef struct {
    const char *model;      /* "dates" or "reverse" */
    bool no_attention;
    bool bottleneck, json;
    int samples, seed, from, to;
} TranslateArgs;

static const CliOpt opts[] = {
    {.name = "--model", .kind = CLI_CHOICE, .arg = "dates|reverse",
     .offset = offsetof(TranslateArgs, model), .choices = "dates|reverse",
     .help = "dates (any date to ISO 2026-11-30, the default) or reverse (letters a-z reversed)"},
    {.name = "--no-attention", .kind = CLI_FLAG, .offset = offsetof(TranslateArgs, no_attention),
     .help = "the baseline: the context is the encoder's last state at every step"},
    {.name = "--bottleneck", .kind = CLI_FLAG, .offset = offsetof(TranslateArgs, bottleneck),
     .help = "accuracy against length (reverse task), with and without attention"},
    {.name = "--samples", .kind = CLI_INT, .arg = "N", .offset = offsetof(TranslateArgs, samples),
     .lo = 1, .hi = 100000, .help = "--bottleneck: random inputs per length (default 100)"},
    {.name = "--seed", .kind = CLI_INT, .arg = "N", .offset = offsetof(TranslateArgs, seed), .lo = 0,
     .hi = 2147483647, .help = "--bottleneck: the inputs' seed (default 1)"},
    {.name = "--from", .kind = CLI_INT, .arg = "N", .offset = offsetof(TranslateArgs, from), .lo = 1,
     .hi = 200, .help = "--bottleneck: the shortest length (default 5)"},
    {.name = "--to", .kind = CLI_INT, .arg = "N", .offset = offsetof(TranslateArgs, to), .lo = 1,
     .hi = 200, .help = "--bottleneck: the longest length (default 40)"},
    {.name = "--json", .kind = CLI_FLAG, .offset = offsetof(TranslateArgs, json),
     .help = "--bottleneck: the table as JSON"},
    {0},
};

static int run(int argc, char **argv);

const CliEntry cmd_translate_entry = {
    .name = "translate",
    .synopsis = "[TEXT] [--model dates|reverse] [--no-attention] [--bottleneck [--json]]",
    .summary = "a trained translator run live: its output and alignment, or the bottleneck measured",
    .opts = opts,
    .args = "TEXT",
    .min_args = 0,
    .max_args = 1,
    .run = run,
};

/* Loads assets/translator_TASK[_noattn].npz; NULL after saying why on stderr. */
static S2sModel *load_model(const char *task, bool attention)
{
    char file[64];
    snprintf(file, sizeof file, "translator_%s%s.npz", task, attention ? "" : "_noattn");
    const char *path = s2s_find_asset(file);
    if (!path) {
        fprintf(stderr, "attnlab translate: cannot find %s (set ATTNLAB_ASSETS to its folder)\n", file);
        return NULL;
    }
    Diags d = {0};
    S2sModel *m = s2s_load(path, &d);
    diags_print(&d, stderr);
    diags_free(&d);
    return m;
}

/* One weight as a glyph: "." under 0.05, else 1..9 (tenths, rounded), "#" from 0.95. */
static char weight_glyph(float a)
{
    if (a < 0.05f)
        return '.';
    if (a >= 0.95f)
        return '#';
    int k = (int)(a * 10.0f + 0.5f);
    return (char)('0' + (k < 1 ? 1 : k > 9 ? 9 : k));
}

/* The alignment: a row per character written, a column per input character. */
static void print_alignment(const S2sModel *m, const char *input, const char *out,
                            const float *al, int rows, int cols)
{
    printf("\nalignment (a row per character written, a column per input character;\n"
           "weight: . below 0.05, 1-9 tenths, # 0.95 and over)\n\n       ");
    for (const char *p = input; *p;) {
        char u[UTF8_MAX + 1];
        utf8_encode(utf8_next(&p), u);
        printf("%s", strcmp(u, " ") == 0 ? "_" : u);
    }
    printf("\n");
    const char *o = out;
    for (int i = 0; i < rows; i++) {
        char u[UTF8_MAX + 1] = "";
        if (*o)
            utf8_encode(utf8_next(&o), u);
        printf("  %-5s", *u ? u : s2s_token(m, S2S_EOS));
        for (int j = 0; j < cols; j++)
            putchar(weight_glyph(al[(size_t)i * cols + j]));
        putchar('\n');
    }
}

static int translate_one(const TranslateArgs *a, const char *input)
{
    S2sModel *m = load_model(a->model, !a->no_attention);
    if (!m)
        return EXIT_INPUT;
    char *out = NULL;
    float *al = NULL;
    int rows = 0, cols = 0;
    Diags d = {0};
    int rc = s2s_translate(m, input, &out, &al, &rows, &cols, &d);
    if (rc != 0) {
        diags_print(&d, stderr);
        diags_free(&d);
        s2s_free(m);
        return EXIT_INPUT;
    }
    printf("model:  %s\ninput:  %s\noutput: %s\n", m->about, input, out);
    if (al)
        print_alignment(m, input, out, al, rows, cols);
    else
        printf("\n(no attention: every step read the same vector, the encoder's last state)\n");
    free(out);
    free(al);
    s2s_free(m);
    return EXIT_OK;
}

static int bottleneck(const TranslateArgs *a)
{
    S2sModel *att = load_model("reverse", true), *no = att ? load_model("reverse", false) : NULL;
    if (!no) {
        s2s_free(att);
        return EXIT_INPUT;
    }
    if (a->json)
        printf("{\"task\": \"reverse\", \"samples\": %d, \"seed\": %d, \"rows\": [", a->samples, a->seed);
    else
        printf("reverse a string of random letters: exact match over %d inputs per length "
               "(seed %d)\n\nlength  attention  no attention\n", a->samples, a->seed);
    for (int len = a->from; len <= a->to && !cli_stdout_failed(); len++) {
        double pa = s2s_reverse_accuracy(att, len, a->samples, (uint64_t)a->seed);
        double pn = s2s_reverse_accuracy(no, len, a->samples, (uint64_t)a->seed);
        if (a->json)
            printf("%s\n  {\"length\": %d, \"attention\": %.4f, \"no_attention\": %.4f}",
                   len > a->from ? "," : "", len, pa, pn);
        else
            printf("%6d  %9.3f  %12.3f\n", len, pa, pn);
        fflush(stdout);
    }
    if (a->json)
        printf("\n]}\n");
    s2s_free(att);
    s2s_free(no);
    return EXIT_OK;
}

/* attnlab translate: the exit status (cli.h). */
static int run(int argc, char **argv)
{
    TranslateArgs a = {.model = "dates", .samples = 100, .seed = 1, .from = 5, .to = 40};
    int n, rc;
    if (!cli_parse(&cmd_translate_entry, argc, argv, &a, &n, &rc))
        return rc;
    if (a.bottleneck) {
        if (n > 0)
            return cli_usage_error(&cmd_translate_entry, "--bottleneck takes no TEXT");
        if (a.from > a.to)
            return cli_usage_error(&cmd_translate_entry, "--from %d is past --to %d", a.from, a.to);
        return bottleneck(&a);
    }
    if (n != 1)
        return cli_usage_error(&cmd_translate_entry, "give the TEXT to translate, or --bottleneck");
    return translate_one(&a, argv[0]);
}
