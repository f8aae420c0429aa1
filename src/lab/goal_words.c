/* goal_words.c - see goal_words.h. Each reference becomes a noun phrase
 * built from the panel table's axes (which labels run along its rows and
 * columns), so a new panel kind needs no new sentence here unless it reads
 * differently (weights, scores, affinity). */
#include "lab/goal_words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The label along an axis of step s at index i, quoted ("chat"); for an
 * axis of plain indices "", so that the caller falls back to the cell. */
static void axis_label(const LessonStep *s, PanelAxis ax, int i, char *buf, size_t n)
{
    char tmp[16];
    if (ax == PAX_INDEX)
        buf[0] = '\0';
    else
        snprintf(buf, n, "\"%s\"", lesson_label(s, ax == PAX_QUERY, i, tmp, sizeof tmp));
}

/* The column j of a cell as a word: the feature's name for Q, K and X when
 * the lesson names them, else "column j" (numbered as the panel's axis). */
static void column_word(const LessonStep *s, const Ref *r, bool zh, char *buf, size_t n)
{
    bool named = r->stage == REF_MAT && (r->mat == M_Q || r->mat == M_K || r->mat == M_X);
    if (named && s->features && r->j < s->n_features)
        snprintf(buf, n, "\"%s\"", s->features[r->j]);
    else
        snprintf(buf, n, zh ? "第 %d 列" : "column %d", r->j);
}

/* The thing a stage holds, as in "column 1 of the output". */
static const char *stage_noun(const Ref *r, bool zh)
{
    switch (r->stage) {
    case REF_OUTPUT: return zh ? "输出" : "output";
    case REF_OUTPUT_BA: return zh ? "B->A 的输出" : "output B->A";
    case REF_CONCAT: return zh ? "拼接的各头输出" : "heads joined (concat)";
    default: return engine_mat_name(r->mat);
    }
}

/* Does text end in an ASCII character (then Chinese puts a space after)? */
static bool ends_ascii(const char *t)
{
    size_t n = strlen(t);
    return n > 0 && (unsigned char)t[n - 1] < 0x80 && t[n - 1] != ' ';
}

/* A cell of a matrix or an output-like stage: "column 1 of the output for
 * "chat"", "Q's "size" for "chat"", "输出中 "chat" 的第 1 列". */
static void cell_words(const LessonStep *s, const Ref *r, bool zh, const char *row, StrBuf *out)
{
    char col[80], who[40] = "";
    column_word(s, r, zh, col, sizeof col);
    const char *noun = stage_noun(r, zh);
    if (r->head >= 0)
        snprintf(who, sizeof who, zh ? "第 %d 个头的" : "head %d's ", r->head + 1);
    else if (!zh && r->stage != REF_MAT)
        snprintf(who, sizeof who, "the ");
    if (zh)
        sb_printf(out, "%s%s%s中 %s 的%s%s", who, noun, ends_ascii(noun) ? " " : "", row, col[0] == '"' ? " " : "",
                  col);
    else if (col[0] == '"')
        sb_printf(out, "%s%s's %s for %s", who, noun, col, row);
    else
        sb_printf(out, "%s of %s%s for %s", col, who, noun, row);
}

/* The one row of a coarse co-attention's attention or output is no token:
 * it is a pooled or summary query, or in Lu et al.'s form the learned vector
 * that scores the other side. Its name, or NULL for a token row. */
static const char *pooled_row(const LessonStep *s, const Ref *r, bool zh)
{
    const AttnConfig *c = &s->cfg;
    bool ab = r->stage == REF_WEIGHTS || r->stage == REF_OUTPUT;
    bool ba = r->stage == REF_WEIGHTS_BA || r->stage == REF_OUTPUT_BA;
    if (c->mode != MODE_COATTENTION || c->co_grain != CO_COARSE || (!ab && !ba))
        return NULL;
    if (c->co_mode == CO_PARALLEL_LU)
        return ab ? "whv" : "whq";
    if (ab)
        return zh ? "A 的平均 mean(A)" : "the mean of A";
    return c->co_mode == CO_PARALLEL ? (zh ? "B 的平均 mean(B)" : "the mean of B")
                                     : (zh ? "B 的汇总" : "the summary of B");
}

/* The cells of multidim, hierarchical and memory whose rows are numbered
 * (a view, a sentence, a hop): "view 1's weight of "cat"", "the weight of
 * sentence 2", "the penalty". false for the others. */
static bool numbered_words(const Ref *r, const char *col, bool zh, StrBuf *out)
{
    static const char *const en[] = {[REF_VIEWS] = "view", [REF_WORD_WEIGHTS] = "sentence", [REF_HOPS] = "hop"};
    static const char *const cn[] = {[REF_VIEWS] = "视角", [REF_WORD_WEIGHTS] = "句子"};
    if ((r->stage == REF_VIEWS || r->stage == REF_WORD_WEIGHTS || r->stage == REF_HOPS) && col[0]) {
        if (zh && r->stage == REF_HOPS)
            sb_printf(out, "第 %d 跳对 %s 的权重", r->i + 1, col);
        else if (zh)
            sb_printf(out, "%s %d 对 %s 的权重", cn[r->stage], r->i + 1, col);
        else
            sb_printf(out, "%s %d's weight of %s", en[r->stage], r->i + 1, col);
    } else if (r->stage == REF_SENTENCE_WEIGHTS) {
        sb_printf(out, zh ? "句子 %d 的权重" : "the weight of sentence %d", r->j + 1);
    } else if (r->stage == REF_PENALTY) {
        sb_append(out, zh ? "惩罚项 ||A A^T - I||_F^2" : "the penalty ||A A^T - I||_F^2");
    } else {
        return false;
    }
    return true;
}

void goal_words_ref(const LessonStep *s, const Ref *r, bool zh, StrBuf *out)
{
    char row[80], col[80], who[40];
    if (r->stage == REF_CENTRE) {
        axis_label(s, PAX_QUERY, r->i, row, sizeof row);
        sb_printf(out, zh ? "%s 的窗口中心 p_t" : "the window centre p_t of %s", row);
        return;
    }
    Ref plain = *r;
    plain.head = -1;    /* a head's cell has the axes of the stage it reads */
    const PanelEntry *e = panel_entry(ref_panel(&plain));
    axis_label(s, e ? e->rows : PAX_INDEX, r->i, row, sizeof row);
    axis_label(s, e ? e->cols : PAX_INDEX, r->j, col, sizeof col);
    const char *pooled = pooled_row(s, r, zh);
    if (pooled)
        snprintf(row, sizeof row, "%s", pooled);
    if (!row[0] && numbered_words(r, col, zh, out))
        return;
    if (r->stage == REF_DOCUMENT && s->features && r->j < s->n_features) {
        /* the document vector has X's columns: its feature by name */
        sb_printf(out, zh ? "文档的 \"%s\" 特征" : "the document's \"%s\"", s->features[r->j]);
        return;
    }
    if (!row[0]) {      /* a weight matrix (Wq...): its cell as written */
        ref_format(r, row, sizeof row);
        sb_append(out, row);
        return;
    }
    if (r->head >= 0)
        snprintf(who, sizeof who, zh ? "第 %d 个头中 " : "head %d's ", r->head + 1);
    else
        snprintf(who, sizeof who, zh ? "" : "the ");
    const char *what = r->stage == REF_SCORES ? (zh ? "得分" : "score") : (zh ? "权重" : "weight");
    if (r->stage == REF_AFFINITY)
        sb_printf(out, zh ? "%s 与 %s 的亲和度" : "the affinity of %s and %s", row, col);
    else if ((r->stage == REF_WEIGHTS || r->stage == REF_WEIGHTS_BA || r->stage == REF_SCORES) && zh)
        sb_printf(out, "%s%s 对 %s 的%s", who, row, col, what);
    else if (r->stage == REF_WEIGHTS || r->stage == REF_WEIGHTS_BA || r->stage == REF_SCORES)
        sb_printf(out, "%s%s of %s for %s", who, what, col, row);
    else
        cell_words(s, r, zh, row, out);
}

static const char *op_words(CmpOp op, bool zh)
{
    static const char *const en[] = {"above", "at least", "below", "at most", "exactly", "anything but"};
    static const char *const cn[] = {"大于", "至少为", "小于", "至多为", "等于", "不等于"};
    return (unsigned)op <= OP_NE ? (zh ? cn : en)[op] : "?";
}

/* Why a `wrong` goal cannot be met with the step's input (it reads as no
 * date), after the words; nothing when it reads. */
static void wrong_why(const LessonStep *s, bool zh, StrBuf *out)
{
    char why[200];
    if (!s->tr || lesson_tr_wrong(s->tr, why, sizeof why) >= 0)
        return;
    if (zh)
        sb_printf(out, "（attnlab 看不出“%s”是哪一天）", s->tr->input);
    else
        sb_printf(out, " (%s)", why);
}

void goal_words(const LessonStep *s, const Goal *g, bool zh, StrBuf *out)
{
    const char *said = text_get(&s->goal_words, zh ? "zh" : "en");
    if (said[0] && g == &s->goal) {     /* the lesson says its own goal */
        sb_append(out, said);
        if (g->wrong)
            wrong_why(s, zh, out);
        return;
    }
    if (g->wrong) {
        sb_append(out, zh ? "找一个模型译错的日期" : "find a date the model translates wrongly");
        if (g->n > 0)
            sb_append(out, zh ? "，并且" : ", and ");
    }
    for (int c = 0; c < g->n; c++) {
        const Cond *cd = &g->c[c];
        StrBuf lhs = {0};
        goal_words_ref(s, &cd->lhs, zh, &lhs);
        /* Chinese puts a space between 使 and Latin text ("who"), none
         * before a Chinese word (输出中...) */
        bool latin = lhs.s && (unsigned char)lhs.s[0] < 0x80;
        if (zh)
            sb_append(out, c > 0 ? (latin ? "，并且使 " : "，并且使") : (latin ? "使 " : "使"));
        else
            sb_append(out, c > 0 ? " and " : "make ");
        size_t at = out->len;
        sb_append(out, lhs.s ? lhs.s : "");
        free(lhs.s);
        bool space = !zh || ends_ascii(out->s + at);
        sb_printf(out, "%s%s ", space ? " " : "", op_words(cd->op, zh));
        if (cd->rhs_is_ref)
            goal_words_ref(s, &cd->rhs, zh, out);
        else
            sb_printf(out, "%.2f", (double)cd->value);
    }
    if (g->wrong)
        wrong_why(s, zh, out);
}
