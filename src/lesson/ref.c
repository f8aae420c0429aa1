/* ref.c - references to computed numbers, goals and narration placeholders. */
#include "lesson/ref.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson_tr.h"
#include "lesson/panel.h"

/* The panel a stage reads: its name and its matrix come from the panel
 * table. REF_CENTRE and REF_MAT are no panel. */
static const PanelId stage_panel[REF_CENTRE] = {
    PANEL_SCORES,         PANEL_WEIGHTS,          PANEL_OUTPUT,           PANEL_CONCAT,   PANEL_AFFINITY,
    PANEL_WEIGHTS_BA,     PANEL_OUTPUT_BA,        PANEL_VIEWS,            PANEL_CONTEXT,  PANEL_EMBEDDING,
    PANEL_GRAM,           PANEL_PENALTY,          PANEL_WORD_WEIGHTS,     PANEL_SENTENCE_WEIGHTS,
    PANEL_SENTENCE_VECTORS, PANEL_DOCUMENT,       PANEL_HOPS,             PANEL_QUERY_PATH,
    PANEL_COMBINED,       PANEL_COMBINED_BA};

static const char *stage_name(RefStage st)
{
    return st < REF_CENTRE ? panel_name(stage_panel[st]) : st == REF_CENTRE ? "centre" : "";
}

static void skip_ws(const char **s)
{
    while (**s == ' ' || **s == '\t')
        (*s)++;
}

/* Reads an identifier of letters, digits and '_' into buf. */
static int read_ident(const char **s, char *buf, size_t n)
{
    size_t k = 0;
    while (isalnum((unsigned char)**s) || **s == '_') {
        if (k + 1 < n)
            buf[k++] = **s;
        (*s)++;
    }
    buf[k] = '\0';
    return (int)k;
}

static int read_index(const char **s, int *out, char *err, size_t errlen)
{
    if (**s != '[') {
        snprintf(err, errlen, "expected [index]");
        return -1;
    }
    (*s)++;
    char *end;
    long v = strtol(*s, &end, 10);
    if (end == *s || *end != ']' || v < 0 || v > 1000000) {
        snprintf(err, errlen, "an index must be a whole number from 0, in brackets");
        return -1;
    }
    *out = (int)v;
    *s = end + 1;
    return 0;
}

int ref_parse(const char **s, Ref *out, char *err, size_t errlen)
{
    char name[32];
    skip_ws(s);
    memset(out, 0, sizeof *out);
    out->head = -1;
    if (!read_ident(s, name, sizeof name)) {
        snprintf(err, errlen, "expected a name such as weights[0][1]");
        return -1;
    }
    if (strcmp(name, "heads") == 0) {
        if (read_index(s, &out->head, err, errlen) < 0)
            return -1;
        if (**s != '.') {
            snprintf(err, errlen, "write heads[h].weights[i][j] (or scores, output)");
            return -1;
        }
        (*s)++;
        read_ident(s, name, sizeof name);
        if (strcmp(name, "scores") && strcmp(name, "weights") && strcmp(name, "output")) {
            snprintf(err, errlen, "a head has scores, weights and output, not '%s'", name);
            return -1;
        }
    }
    int st = -1;
    for (int k = 0; k < REF_MAT; k++)
        if (strcmp(name, stage_name((RefStage)k)) == 0)
            st = k;
    if (st < 0) {
        int m = engine_parse_mat(name);
        if (m < 0) {
            snprintf(err, errlen, "'%s' names no stage or matrix (try scores, weights, output or Q)", name);
            return -1;
        }
        st = REF_MAT;
        out->mat = (MatName)m;
    }
    out->stage = (RefStage)st;
    if (read_index(s, &out->i, err, errlen) < 0)
        return -1;
    if (out->stage != REF_CENTRE && read_index(s, &out->j, err, errlen) < 0)
        return -1;
    return 0;
}

int ref_panel(const Ref *r)
{
    if (r->head >= 0)
        return PANEL_HEADS;
    if (r->stage == REF_MAT)
        return (int)r->mat;
    return r->stage < REF_CENTRE ? (int)stage_panel[r->stage] : -1;
}

/* Writes a reference back as text ("heads[1].weights[0][2]"). */
void ref_format(const Ref *ref, char *buf, size_t n)
{
    char head[32] = "";
    if (ref->head >= 0)
        snprintf(head, sizeof head, "heads[%d].", ref->head);
    const char *name = ref->stage == REF_MAT ? engine_mat_name(ref->mat) : stage_name(ref->stage);
    if (ref->stage == REF_CENTRE)
        snprintf(buf, n, "%s%s[%d]", head, name, ref->i);
    else
        snprintf(buf, n, "%s%s[%d][%d]", head, name, ref->i, ref->j);
}

/* The matrix a reference points into, or an empty one. */
static Mat ref_matrix(const Ref *ref, const Result *r, const Scenario *sc)
{
    Mat none = {0, 0, NULL};
    if (ref->head >= 0) {       /* ref_parse allows scores, weights, output */
        if (ref->head >= r->n_heads)
            return none;
        const AttnHead *h = &r->heads[ref->head];
        return ref->stage == REF_SCORES ? h->scores : ref->stage == REF_WEIGHTS ? h->weights : h->output;
    }
    if (ref->stage == REF_MAT)  /* X as attention used it: after position encoding */
        return ref->mat == M_X && !mat_empty(r->Xin) ? r->Xin : panel_get((int)ref->mat, r, sc, 0).m;
    return ref->stage < REF_CENTRE ? panel_get(stage_panel[ref->stage], r, sc, 0).m : none;
}

int ref_eval(const Ref *ref, const Result *r, const Scenario *sc, float *out, char *err, size_t errlen)
{
    char name[64];
    ref_format(ref, name, sizeof name);
    if (ref->stage == REF_CENTRE) {
        if (!r->main.centre || ref->i >= r->main.nq) {
            snprintf(err, errlen, "%s does not exist: %s", name,
                     r->main.centre ? "no such query row" : "only local attention has a centre");
            return -1;
        }
        *out = r->main.centre[ref->i];
        return 0;
    }
    if (ref->head >= 0 && ref->head >= r->n_heads) {
        snprintf(err, errlen, "%s does not exist: this step has %d head%s", name, r->n_heads > 0 ? r->n_heads : 1,
                 r->n_heads > 1 ? "s" : "");
        return -1;
    }
    Mat m = ref_matrix(ref, r, sc);
    if (mat_empty(m)) {
        snprintf(err, errlen, "%s does not exist in this step", name);
        return -1;
    }
    if (ref->i >= m.rows || ref->j >= m.cols) {
        snprintf(err, errlen, "%s does not exist: that matrix is %d x %d", name, m.rows, m.cols);
        return -1;
    }
    *out = MAT_AT(m, ref->i, ref->j);
    return 0;
}

static const struct {
    const char *text;
    CmpOp op;
} ops[] = {{">=", OP_GE}, {"<=", OP_LE}, {"==", OP_EQ}, {"!=", OP_NE}, {">", OP_GT}, {"<", OP_LT}};

int goal_parse(const char *s, Goal *g, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    for (;;) {
        if (g->n == GOAL_MAX_CONDS) {
            snprintf(err, errlen, "a goal joins at most %d conditions", GOAL_MAX_CONDS);
            return -1;
        }
        Cond *c = &g->c[g->n];
        skip_ws(&s);
        if (strncmp(s, "wrong", 5) == 0 && !isalnum((unsigned char)s[5]) && s[5] != '_' && s[5] != '[') {
            if (g->wrong) {
                snprintf(err, errlen, "'wrong' is said once in a goal");
                return -1;
            }
            g->wrong = true;
            s += 5;
            skip_ws(&s);
            if (*s == '\0')
                return 0;
            goto joined;
        }
        if (ref_parse(&s, &c->lhs, err, errlen) < 0)
            return -1;
        skip_ws(&s);
        size_t k;
        for (k = 0; k < sizeof ops / sizeof ops[0]; k++)
            if (strncmp(s, ops[k].text, strlen(ops[k].text)) == 0)
                break;
        if (k == sizeof ops / sizeof ops[0]) {
            snprintf(err, errlen, "expected a comparison (> >= < <= == !=) after the cell");
            return -1;
        }
        c->op = ops[k].op;
        s += strlen(ops[k].text);
        skip_ws(&s);
        char *end;
        float v = strtof(s, &end);
        if (end != s) {
            if (!isfinite(v)) {
                snprintf(err, errlen, "a goal compares with a finite number");
                return -1;
            }
            c->value = v;
            s = end;
        } else {
            c->rhs_is_ref = true;
            if (ref_parse(&s, &c->rhs, err, errlen) < 0)
                return -1;
        }
        g->n++;
        skip_ws(&s);
        if (*s == '\0')
            return 0;
    joined:
        if (strncmp(s, "and", 3) != 0 || !(s[3] == ' ' || s[3] == '\t')) {
            snprintf(err, errlen, "unexpected '%s' in the goal (join conditions with 'and')", s);
            return -1;
        }
        s += 3;
    }
}

bool goal_compare(CmpOp op, float a, float b)
{
    switch (op) {
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_EQ: return fabsf(a - b) <= 0.005f;
    case OP_NE:
    default: return fabsf(a - b) > 0.005f;
    }
}

int goal_eval(const Goal *g, const Result *r, const Scenario *sc, char *err, size_t errlen)
{
    int met = 1;
    if (errlen)
        err[0] = '\0';
    if (g->wrong) {
        const LessonTr *t = lesson_tr_of(sc);
        if (!t) {
            snprintf(err, errlen, "'wrong' needs a step that runs the dates translator");
            return -1;
        }
        met = lesson_tr_wrong(t, err, errlen) == 1;
    }
    for (int k = 0; k < g->n; k++) {
        const Cond *c = &g->c[k];
        float a, b = c->value;
        if (ref_eval(&c->lhs, r, sc, &a, err, errlen) < 0)
            return -1;
        if (c->rhs_is_ref && ref_eval(&c->rhs, r, sc, &b, err, errlen) < 0)
            return -1;
        if (!goal_compare(c->op, a, b))
            met = 0;
    }
    return met;
}

int ref_render(const char *text, const Result *r, const Scenario *sc, StrBuf *out, char *err, size_t errlen)
{
    int rc = 0;
    sb_append(out, "");
    for (const char *p = text; *p;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            char c[2] = {p[0], '\0'};
            sb_append(out, c);
            p += 2;
            continue;
        }
        if (*p != '{') {
            const char *q = p;
            while (*q && *q != '{' && !(q[0] == '}' && q[1] == '}'))
                q++;
            char *chunk = xstrndup(p, (size_t)(q - p));
            sb_append(out, chunk);
            free(chunk);
            p = q;
            continue;
        }
        const char *s = p + 1;
        Ref ref;
        char e2[160];
        if (ref_parse(&s, &ref, e2, sizeof e2) < 0) {
            if (rc == 0)
                snprintf(err, errlen, "in {...}: %s", e2);
            rc = -1;
            sb_append(out, "{?}");
            const char *close = strchr(p, '}');
            p = close ? close + 1 : p + strlen(p);
            continue;
        }
        int digits = 2;
        if (*s == ':' && isdigit((unsigned char)s[1])) {
            digits = s[1] - '0';
            s += 2;
        }
        if (*s != '}') {
            if (rc == 0)
                snprintf(err, errlen, "a placeholder ends with '}'");
            rc = -1;
            sb_append(out, "{?}");
            const char *close = strchr(s, '}');
            p = close ? close + 1 : s + strlen(s);
            continue;
        }
        p = s + 1;
        if (!r)
            continue;
        float v;
        if (ref_eval(&ref, r, sc, &v, e2, sizeof e2) < 0) {
            if (rc == 0)
                snprintf(err, errlen, "%s", e2);
            rc = -1;
            sb_append(out, "{?}");
            continue;
        }
        sb_printf(out, "%.*f", digits, (double)v);
    }
    return rc;
}
