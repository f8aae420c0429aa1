/* solve.c - see solve.h. */
#include "lab/solve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "lab/editor.h"
#include "lab/words.h"
#include "model/dates.h"

/* Engine runs one step's search may spend: enough for every bundled goal
 * many times over, and a few tenths of a second for one that cannot be met. */
#define SOLVE_BUDGET 40000L
#define SOLVE_TR_CANDIDATES 3000     /* dates a translator step may try */
#define MAX_CONFIGS 64

typedef struct {
    MatName m;
    int i, j;
} Cell;

typedef struct {
    const Goal *goal;
    const Mat *orig;            /* the lesson's matrices for the step */
    Scenario sc;                /* in[] points at own[] where editable */
    Mat own[M__COUNT];
    Cell *cell;
    int n_cells;
    double f;                   /* the shortfall of the current cells */
    long evals, budget;
    uint64_t rng;
} Search;

/* How far the computed numbers are from meeting the goal: 0 exactly when
 * goal_eval says met (the same float comparisons), else the sum of the
 * unmet conditions' gaps; INFINITY when a cell cannot be read. */
static double shortfall(const Goal *g, const Result *r, const Scenario *sc)
{
    double sum = 0;
    char err[160];
    for (int k = 0; k < g->n; k++) {
        const Cond *c = &g->c[k];
        float a, b = c->value;
        if (ref_eval(&c->lhs, r, sc, &a, err, sizeof err) < 0 ||
            (c->rhs_is_ref && ref_eval(&c->rhs, r, sc, &b, err, sizeof err) < 0))
            return INFINITY;
        bool ok = goal_compare(c->op, a, b);
        double gap = c->op == OP_NE ? 0.0051 - fabs((double)a - b) : fabs((double)a - b);
        if (!ok)
            sum += (isnan(gap) ? INFINITY : gap) + 1e-6;
    }
    return sum;
}

/* Runs the engine on the current cells and settings: the shortfall, or
 * INFINITY when the engine refuses (as the editor would refuse the edit). */
static double eval(Search *s)
{
    Result r;
    s->evals++;
    if (engine_run(&s->sc, &r, NULL) < 0)
        return INFINITY;
    double f = shortfall(s->goal, &r, &s->sc);
    result_free(&r);
    return f;
}

static float *cell_at(Search *s, int c)
{
    return &MAT_AT(s->own[s->cell[c].m], s->cell[c].i, s->cell[c].j);
}

/* A value as the editor would store it: on the 1e-4 grid, within its limit. */
static float editor_value(double v)
{
    v = round(v * 1e4) / 1e4;
    return (float)(v > EDITOR_LIMIT ? EDITOR_LIMIT : v < -EDITOR_LIMIT ? -EDITOR_LIMIT : v);
}

/* Cell c's value v as the search may set it: as the editor stores it, and
 * 0 or 1 for a cell of the mask M (its entries mean hide / may see). */
static float cell_value(const Search *s, int c, double v)
{
    if (s->cell[c].m == M_M)
        return v > 0.5 ? 1.0f : 0.0f;
    return editor_value(v);
}

static const double nudges[] = {0.1, 1, 10, 100, 1000, 1e4, 1e5};
#define N_NUDGES (int)(sizeof nudges / sizeof nudges[0])

/* Cell by cell, the best of the nudges up and down (the first n_steps of
 * nudges); until met, no nudge helps, or the budget is spent. true when met. */
static bool coordinate_search(Search *s, int rounds, int n_steps)
{
    for (int round = 0; round < rounds && s->f > 0; round++) {
        bool improved = false;
        for (int c = 0; c < s->n_cells && s->evals < s->budget; c++) {
            float *x = cell_at(s, c), cur = *x, best_v = cur;
            double best = s->f;
            for (int k = 0; k < 2 * n_steps; k++) {
                float v = cell_value(s, c, (double)cur + (k % 2 ? -1 : 1) * nudges[k / 2]);
                if (v == cur)
                    continue;
                *x = v;
                double f = eval(s);
                if (f == 0) {
                    s->f = 0;
                    return true;
                }
                if (f < best - 1e-12) {
                    best = f;
                    best_v = v;
                }
            }
            *x = best_v;
            if (best_v != cur) {
                s->f = best;
                improved = true;
            }
        }
        if (!improved)
            break;
    }
    return s->f == 0;
}

static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Every editable cell back to the lesson's value, or (spread > 0) to a
 * random value within spread of it, on the 0.1 grid. */
static void restart(Search *s, double spread)
{
    for (int c = 0; c < s->n_cells; c++) {
        const Cell *e = &s->cell[c];
        double v = MAT_AT(s->orig[e->m], e->i, e->j);
        if (spread > 0) {
            double u = (double)(next_random(&s->rng) >> 11) / 9007199254740992.0;
            v = round((v + (2 * u - 1) * spread) * 10) / 10;
        }
        *cell_at(s, c) = cell_value(s, c, v);
    }
    s->f = eval(s);
}

/* Small nudges first, larger ones when those stall, so that the answer
 * stays close to the lesson's numbers. true when met. */
static bool widening_search(Search *s)
{
    for (int n = 2; n <= N_NUDGES; n++)
        if (s->f == 0 || coordinate_search(s, 40, n))
            return true;
    return false;
}

/* One cell changed alone, by the smallest nudge that meets the goal (the
 * answer a learner finds first). true when met; else the cells are back. */
static bool single_edit(Search *s)
{
    for (int n = 0; n < N_NUDGES; n++)
        for (int c = 0; c < s->n_cells; c++)
            for (int sign = 1; sign >= -1; sign -= 2) {
                float *x = cell_at(s, c), cur = *x, v = cell_value(s, c, (double)cur + sign * nudges[n]);
                *x = v;
                if (v != cur && eval(s) == 0) {
                    s->f = 0;
                    return true;
                }
                *x = cur;
            }
    return false;
}

/* From the lesson's cells, then from seeded random starts. true when met. */
static bool search_cells(Search *s)
{
    static const double spreads[] = {1, 3, 10, 1, 3, 10, 30, 100};
    restart(s, 0);
    if (s->f == 0 || single_edit(s) || widening_search(s))
        return true;
    for (size_t r = 0; r < sizeof spreads / sizeof spreads[0] && s->evals < s->budget; r++) {
        restart(s, spreads[r]);
        if (widening_search(s))
            return true;
    }
    return false;
}

static bool cfg_equal(const AttnConfig *a, const AttnConfig *b)
{
    if (a->mask & MASK_PADDING) {
        if (a->n_valid_lens != b->n_valid_lens ||
            memcmp(a->valid_lens, b->valid_lens, (size_t)a->n_valid_lens * sizeof a->valid_lens[0]))
            return false;
    }
    return a->mode == b->mode && a->score == b->score && a->dist == b->dist && a->temperature == b->temperature &&
           a->topk == b->topk && a->window == b->window && a->mask == b->mask && a->heads == b->heads &&
           a->position == b->position && a->co_mode == b->co_mode && a->co_grain == b->co_grain &&
           a->seed == b->seed && a->samples == b->samples;
}

static void add_config(AttnConfig *out, int *n, const AttnConfig *c, const AttnConfig *base)
{
    if (*n >= MAX_CONFIGS || cfg_equal(c, base))
        return;
    for (int k = 0; k < *n; k++)
        if (cfg_equal(&out[k], c))
            return;
    out[(*n)++] = *c;
}

/* The settings one key of the lab reaches from the step's own, pressed
 * again and again (the editor's cycle functions); none when the step keeps
 * its settings fixed. Returns the count. */
static int settings_reached(const Lesson *l, int k, AttnConfig *out)
{
    static AttnConfig (*const keys[])(const Editor *) = {
        editor_cycle_score, editor_cycle_dist, editor_cycle_mask, editor_toggle_scale,
        editor_toggle_position, editor_cycle_heads};
    Editor ed;
    editor_open(&ed, l, k);
    int n = 0;
    const AttnConfig base = ed.sc.cfg;
    for (size_t key = 0; editor_can_configure(&ed) && key < sizeof keys / sizeof keys[0] + 2; key++) {
        ed.sc.cfg = base;
        for (int press = 0; press < 16; press++) {
            AttnConfig c = key < 6 ? keys[key](&ed) : editor_temperature(&ed, key == 6);
            if (cfg_equal(&c, &ed.sc.cfg))
                break;
            add_config(out, &n, &c, &base);
            ed.sc.cfg = c;
        }
    }
    ed.sc.cfg = base;
    editor_close(&ed);
    return n;
}

/* With the goal met, each changed cell moved back towards the lesson's
 * value, by bisection on the 0.1 grid, as far as the goal stays met. */
static void shrink(Search *s)
{
    for (int c = 0; c < s->n_cells; c++) {
        const Cell *e = &s->cell[c];
        float *x = cell_at(s, c);
        double lo = MAT_AT(s->orig[e->m], e->i, e->j), hi = *x;    /* lo fails (or untried), hi meets */
        for (int step = 0; step < 40 && fabs(hi - lo) > 0.1 + 1e-9; step++) {
            float mid = cell_value(s, c, round((lo + hi) / 2 * 10) / 10);
            if (mid == (float)hi || mid == (float)lo)
                break;
            *x = mid;
            if (eval(s) == 0)
                hi = mid;
            else
                lo = mid;
        }
        *x = (float)hi;
    }
}

/* With the goal met: each changed cell back to the lesson's value, else
 * rounded to a whole number or one or two decimals, where the goal stays met. */
static void prune(Search *s)
{
    shrink(s);
    for (int pass = 0; pass < 4; pass++) {
        for (int c = 0; c < s->n_cells; c++) {
            const Cell *e = &s->cell[c];
            float *x = cell_at(s, c), keep = *x, o = MAT_AT(s->orig[e->m], e->i, e->j);
            if (keep == o)
                continue;
            double scale = pass == 0 ? 0 : pow(10, pass - 1);
            float v = pass == 0 ? o : cell_value(s, c, round((double)keep * scale) / scale);
            if (v == keep)
                continue;
            *x = v;
            if (eval(s) != 0)
                *x = keep;
        }
    }
}

/* The changed cells into a; false when there are more than it holds. */
static bool collect(Search *s, SolveAnswer *a)
{
    a->n_edits = 0;
    for (int c = 0; c < s->n_cells; c++) {
        const Cell *e = &s->cell[c];
        float v = *cell_at(s, c);
        if (v == MAT_AT(s->orig[e->m], e->i, e->j))
            continue;
        if (a->n_edits == SOLVE_MAX_EDITS)
            return false;
        a->edit[a->n_edits++] = (SolveEdit){e->m, e->i, e->j, v + 0.0f};  /* no -0 */
    }
    return true;
}

/* The answer once more from the lesson's own matrices: its edits and
 * settings applied to fresh copies, one engine run, goal_eval. */
static bool verify(const Lesson *l, int k, const SolveAnswer *a)
{
    Scenario sc = lesson_scenario(l, k);
    sc.cfg = a->cfg;
    Mat copy[M__COUNT] = {{0, 0, NULL}};
    for (int e = 0; e < a->n_edits; e++) {
        MatName m = a->edit[e].m;
        if (mat_empty(copy[m]))
            sc.in[m] = copy[m] = mat_copy(sc.in[m]);
        MAT_AT(copy[m], a->edit[e].i, a->edit[e].j) = a->edit[e].value;
    }
    Result r;
    char err[256];
    int met = -1;
    if (engine_run(&sc, &r, NULL) == 0) {
        met = goal_eval(&l->steps[k].goal, &r, &sc, err, sizeof err);
        result_free(&r);
    }
    for (int m = 0; m < M__COUNT; m++)
        mat_free(&copy[m]);
    return met == 1;
}

/* The step as it starts: BROKEN, ALREADY_MET, or FOUND meaning "search". */
static SolveStatus starting_point(const Lesson *l, int k, SolveAnswer *out)
{
    const LessonStep *st = &l->steps[k];
    if (!st->has_goal)
        return SOLVE_NO_GOAL;
    Scenario sc = lesson_scenario(l, k);
    Result r;
    EngineError why;
    if (engine_run(&sc, &r, &why) < 0) {
        words_engine_error(&why, false, out->err, sizeof out->err);
        return SOLVE_BROKEN;
    }
    int met = goal_eval(&st->goal, &r, &sc, out->err, sizeof out->err);
    result_free(&r);
    return met < 0 ? SOLVE_BROKEN : met ? SOLVE_ALREADY_MET : SOLVE_FOUND;
}

/* Cells first, then each setting the keys reach alone, then with cells. */
static bool search(const Lesson *l, int k, Search *s)
{
    s->budget = SOLVE_BUDGET / 2;
    if (search_cells(s))
        return true;
    AttnConfig cfgs[MAX_CONFIGS];
    int n = settings_reached(l, k, cfgs);
    for (int c = 0; c < n; c++) {
        s->sc.cfg = cfgs[c];
        restart(s, 0);
        if (s->f == 0)
            return true;
    }
    s->budget = SOLVE_BUDGET;
    for (int c = 0; c < n && s->evals < s->budget; c++) {
        s->sc.cfg = cfgs[c];
        if (search_cells(s))
            return true;
    }
    s->sc.cfg = l->steps[k].cfg;
    return false;
}

/* Whether input, typed into translator step st, meets its goal: the
 * step's numbers computed afresh on a copy (the lesson is not changed). */
static bool input_meets(const Lesson *l, const LessonStep *st, const char *input)
{
    LessonStep tmp = *st;
    tmp.tr = NULL;
    Diags d = {0};
    int met = -1;
    if (lesson_tr_set(&tmp, lesson_tr_model(l, st), input, st->tr_decode, &d, l->path, st->tr_line) == 0) {
        Scenario sc = {.cfg = tmp.cfg};
        lesson_tr_scenario(&tmp, &sc);
        Result r;
        char err[256];
        if (engine_run(&sc, &r, NULL) == 0) {
            met = goal_eval(&tmp.goal, &r, &sc, err, sizeof err);
            result_free(&r);
        }
    }
    lesson_tr_free(&tmp);
    diags_free(&d);
    return met == 1;
}

/* A translator step: the first of its `try` inputs that meets the goal,
 * else the first of SOLVE_TR_CANDIDATES dates drawn from seed and written
 * the generator's ways, taught or not (model/dates.h), so that a goal is
 * proven without a hand-written answer. One translation takes about
 * 0.5 ms: the bound keeps a goal no input meets to a second or two. */
static void solve_translator(const Lesson *l, const LessonStep *st, uint64_t seed, SolveAnswer *out)
{
    out->status = SOLVE_NOT_FOUND;
    for (int i = 0; i < st->n_tr_try; i++) {
        out->evals++;
        if (input_meets(l, st, st->tr_try[i])) {
            snprintf(out->input, sizeof out->input, "%s", st->tr_try[i]);
            out->status = SOLVE_FOUND;
            return;
        }
    }
    uint64_t rng = seed;
    char text[64], iso[DATES_ISO];
    for (int i = 0; i < SOLVE_TR_CANDIDATES; i++) {
        dates_sample(&rng, i % 2, text, sizeof text, iso);
        out->evals++;
        if (input_meets(l, st, text)) {
            snprintf(out->input, sizeof out->input, "%s", text);
            out->status = SOLVE_FOUND;
            return;
        }
    }
}

void solve_step(const Lesson *l, int k, uint64_t seed, SolveAnswer *out)
{
    memset(out, 0, sizeof *out);
    const LessonStep *st = &l->steps[k];
    out->cfg = st->cfg;
    out->status = starting_point(l, k, out);
    if (out->status != SOLVE_FOUND)
        return;
    if (st->tr) {
        solve_translator(l, st, seed, out);
        return;
    }
    Search s = {.goal = &st->goal, .orig = st->mats, .sc = lesson_scenario(l, k), .rng = seed};
    for (int m = 0; m < M__COUNT; m++) {
        if (!(st->editable & (1u << m)) || mat_empty(s.sc.in[m]))
            continue;
        s.sc.in[m] = s.own[m] = mat_copy(s.sc.in[m]);
        s.cell = xrealloc(s.cell, (size_t)(s.n_cells + s.own[m].rows * s.own[m].cols) * sizeof *s.cell);
        for (int i = 0; i < s.own[m].rows; i++)
            for (int j = 0; j < s.own[m].cols; j++)
                s.cell[s.n_cells++] = (Cell){(MatName)m, i, j};
    }
    bool met = search(l, k, &s);
    if (met) {
        prune(&s);
        out->cfg = s.sc.cfg;
        out->cfg_changed = !cfg_equal(&s.sc.cfg, &st->cfg);
        met = collect(&s, out) && verify(l, k, out);
    }
    out->status = met ? SOLVE_FOUND : SOLVE_NOT_FOUND;
    out->evals = s.evals;
    if (!met) {
        out->n_edits = 0;
        out->cfg = st->cfg;
        out->cfg_changed = false;
    }
    for (int m = 0; m < M__COUNT; m++)
        mat_free(&s.own[m]);
    free(s.cell);
}

/* The settings of c that differ from base, as the lesson format writes them. */
static void describe_cfg(const AttnConfig *c, const AttnConfig *base, StrBuf *b)
{
    if (c->score != base->score)
        sb_printf(b, ", score = %s", engine_score_name(c->score));
    if (c->dist != base->dist)
        sb_printf(b, ", distribution = %s", engine_dist_name(c->dist));
    if (c->temperature != base->temperature)
        sb_printf(b, ", temperature = %g", (double)c->temperature);
    if (c->mask != base->mask) {
        static const char *const names[] = {"padding", "causal", "matrix"};
        sb_append(b, ", mask = ");
        const char *sep = "";
        for (int bit = 0; bit < 3; bit++)
            if (c->mask & (1u << bit)) {
                sb_printf(b, "%s%s", sep, names[bit]);
                sep = "+";
            }
        if (!c->mask)
            sb_append(b, "none");
    }
    if (c->position != base->position)
        sb_printf(b, ", position = %s", c->position ? "on" : "off");
    if (c->heads != base->heads)
        sb_printf(b, ", heads = %d", c->heads);
}

void solve_describe(const SolveAnswer *a, const AttnConfig *step_cfg, char *buf, size_t n)
{
    StrBuf b = {0};
    sb_append(&b, "");
    if (a->input[0])
        sb_printf(&b, "input = %s", a->input);
    for (int e = 0; e < a->n_edits; e++)
        sb_printf(&b, "%s%s[%d][%d] = %g", e ? ", " : "", engine_mat_name(a->edit[e].m), a->edit[e].i, a->edit[e].j,
                  (double)a->edit[e].value);
    if (a->cfg_changed)
        describe_cfg(&a->cfg, step_cfg, &b);
    const char *s = b.s;
    if (a->n_edits == 0 && s[0] == ',')
        s += 2;
    snprintf(buf, n, "%s", s);
    free(b.s);
}
