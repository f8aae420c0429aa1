/* fuzz_number.c - libFuzzer harness: any bytes as the text a learner types
 * into a cell. The first byte picks a step and a cell of a small lesson; the
 * rest is the text. editor_parse_number must refuse or give a number that
 * keeps its contract, and editor_set_text must either change that one cell
 * to exactly that number (with a Result free of NaN) or change nothing. */
#include <math.h>
#include <float.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lab/editor.h"
#include "lab/words.h"
#include "lesson/lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Two steps, everything editable: plain q/k/v, and self-attention with
 * projections and position encoding (the widest reach of one cell). */
static const char LESSON[] =
    "title = fuzz\n"
    "Q = 1 0\n    0 1\nK = 1 0\n    0 1\n    1 1\nV = 1 2\n    3 4\n    5 6\n"
    "score = scaled_dot\ndistribution = softmax\n"
    "[step]\ntitle = qkv\ntext = q\npanels = Q, K, V, scores, weights, output\nedit = Q, K, V\n"
    "[step]\ntitle = self\ntext = s\nmode = self\nposition = on\n"
    "X = 1 0 0 1\n    0 1 0 1\n    1 1 1 0\n"
    "Wq = 1 0\n     0 1\n     1 0\n     0 1\n"
    "Wk = 0 1\n     1 0\n     0 1\n     1 0\n"
    "Wv = 1 1\n     0 1\n     1 0\n     0 0\n"
    "panels = X, Wq, Wk, Wv, Q, K, V, scores, weights, output\nedit = X, Wq, Wk, Wv\n";

static Lesson lesson;
static int loaded;

static void check(int ok)
{
    if (!ok)
        __builtin_trap();
}

static bool finite_mat(Mat m)
{
    for (size_t k = 0; k < (size_t)m.rows * (size_t)m.cols; k++)
        if (!isfinite(m.v[k]))
            return false;
    return true;
}

/* One typed text into one cell: parse, set, and check the contract. */
static void type_into(Editor *ed, uint8_t pick, const char *text)
{
    static const MatName mats[2][4] = {{M_Q, M_K, M_V, M_V}, {M_X, M_WQ, M_WK, M_WV}};
    MatName m = mats[ed->step][(pick >> 1) & 3];
    Mat x = ed->own[m];
    int i = (pick >> 3) % x.rows, j = (pick >> 5) % x.cols;
    float before = MAT_AT(x, i, j);
    int undo = ed->n_undo;
    double v = 12345.0;
    char msg[300] = "";
    EditRefusal why;
    int parsed = editor_parse_number(text, &v, &why);
    if (parsed == 0)
        check(isfinite(v) && fabs(v) <= EDITOR_LIMIT && (v == 0.0 || fabs(v) >= FLT_MIN));
    else
        check(parsed == -1 && v == 12345.0 && strlen(words_edit_refusal(&why, false, msg, sizeof msg)) > 0);
    int rc = editor_set_text(ed, m, i, j, text, &why);
    if (rc < 0)
        check(strlen(words_edit_refusal(&why, true, msg, sizeof msg)) > 0);
    check(memchr(msg, '\0', sizeof msg) != NULL);
    if (parsed < 0 || rc < 0) {
        check(MAT_AT(ed->own[m], i, j) == before && ed->n_undo == undo);
    } else {
        check(MAT_AT(ed->own[m], i, j) == (float)v);
        check(ed->ok && finite_mat(ed->res.main.weights) && finite_mat(ed->res.main.output));
    }
}

/* data: a byte picking the step and the first cell, a byte picking the
 * score and distribution, then texts separated by newlines, each typed into
 * the next cell (so extreme numbers meet in one computation). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!loaded) {
        Diags d = {0};
        check(lesson_load_mem("fuzz.lesson", LESSON, sizeof LESSON - 1, &lesson, &d) == 0);
        diags_free(&d);
        loaded = 1;
    }
    if (size < 2 || size > 512)
        return 0;
    Editor ed;
    editor_open(&ed, &lesson, data[0] & 1);
    check(ed.ok);
    AttnConfig c = ed.sc.cfg;
    c.score = (ScoreKind)(data[1] % SCORE__COUNT);
    c.dist = (DistKind)((data[1] / SCORE__COUNT) % DIST__COUNT);
    editor_configure(&ed, &c, NULL);     /* refused when the matrices do not fit */
    char *text = malloc(size - 1);
    memcpy(text, data + 2, size - 2);
    text[size - 2] = '\0';
    uint8_t pick = data[0];
    for (char *t = text, *nl; t; t = nl ? nl + 1 : NULL, pick = (uint8_t)(pick + 37)) {
        nl = memchr(t, '\n', strlen(t));
        if (nl)
            *nl = '\0';
        type_into(&ed, pick, t);
    }
    free(text);
    editor_close(&ed);
    return 0;
}
