/* lesson_reach.c - what the learner can see and change in a step, checked
 * against what the step asks of them: an editable matrix must be on screen
 * (else `+` finds nothing to Tab to), and a hint, goal, question or answer
 * may name a cell (`Q[0][3]`) only of a matrix the step shows or lets the
 * learner change. A request the learner cannot act on stops the lesson. */
#include "lesson/lesson_int.h"

#include <ctype.h>
#include <string.h>

static bool shows(const LessonStep *s, int panel)
{
    for (int i = 0; i < s->n_panels; i++)
        if (s->panels[i] == panel || (panel == PANEL_WEIGHTS && s->panels[i] == PANEL_IMAGE))
            return true;    /* the image panel prints every region's weight */
    return false;
}

/* May the learner of step s see or change the cell r names? */
static bool reachable(const LessonStep *s, const Ref *r)
{
    int p = ref_panel(r);
    if (p < 0 || shows(s, p))
        return true;
    return r->stage == REF_MAT && (s->editable & (1u << r->mat));
}

/* FILE:LINE: the step's `where` names cell r, which the learner cannot reach. */
static void refuse(const Lesson *l, int k, int line, const char *where, const Ref *r, Diags *d)
{
    char name[64];
    ref_format(r, name, sizeof name);
    diags_add(d, l->path, line, "step %d %s names %s, but the step neither shows %s nor lets the learner change it "
              "(add it to panels or edit)", k + 1, where, name, panel_name(ref_panel(r)));
}

/* Each cell reference written in prose (outside {placeholders}) in text. */
static void check_prose(const Lesson *l, int k, const char *text, const char *where, Diags *d)
{
    const LessonStep *s = &l->steps[k];
    int depth = 0;
    for (const char *p = text; p && *p; p++) {
        if (*p == '{' || *p == '}') {
            depth += *p == '{' ? 1 : -1;
            continue;
        }
        bool start = isalpha((unsigned char)*p) &&
                     (p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.'));
        if (depth > 0 || !start)
            continue;
        const char *q = p;
        Ref r;
        char err[160];
        if (ref_parse(&q, &r, err, sizeof err) < 0)
            continue;
        if (!reachable(s, &r))
            refuse(l, k, s->line, where, &r, d);
        p = q - 1;
    }
}

void lesson_check_reach(const Lesson *l, int k, Diags *d)
{
    const LessonStep *s = &l->steps[k];
    for (int m = 0; m < M__COUNT; m++) {
        if (!(s->editable & (1u << m)) || shows(s, m))
            continue;
        int line = s->key_line[KEY_EDIT] > s->key_line[KEY_PANELS] ? s->key_line[KEY_EDIT] : s->key_line[KEY_PANELS];
        diags_add(d, l->path, line > 0 ? line : s->line,
                  "step %d lets the learner edit %s but does not show it: add %s to panels, or leave it out of edit",
                  k + 1, engine_mat_name((MatName)m), engine_mat_name((MatName)m));
    }
    for (int c = 0; s->has_goal && c < s->goal.n; c++) {
        const Cond *cd = &s->goal.c[c];
        if (!reachable(s, &cd->lhs))
            refuse(l, k, s->goal_line, "goal", &cd->lhs, d);
        if (cd->rhs_is_ref && !reachable(s, &cd->rhs))
            refuse(l, k, s->goal_line, "goal", &cd->rhs, d);
    }
    const struct {
        const Text *t;
        const char *where;
    } texts[] = {{&s->hint, "hint"}, {&s->question, "question"}, {&s->answer, "answer"}, {&s->hint2, "hint2"},
                 {&s->choices, "choices"}};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        check_prose(l, k, texts[t].t->en, texts[t].where, d);
        check_prose(l, k, texts[t].t->zh, texts[t].where, d);
    }
}
