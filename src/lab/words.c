/* words.c - see words.h. The Chinese of every refusal sits here; the
 * English of the editor's refusals beside it, the English of the engine's in
 * engine_error.c (the lesson checker, below the lab, needs it too). */
#include "lab/words.h"

#include <float.h>
#include <stdio.h>

#include "base/util.h"

/* What a matrix was needed for, in Chinese (engine_error.c: English). */
static const char *const use_zh[EU__COUNT] = {
    [EU_ATTENTION] = "注意力",
    [EU_SELF] = "自注意力",
    [EU_MULTIHEAD] = "多头注意力",
    [EU_COATTENTION] = "协同注意力",
    [EU_GENERAL] = "一般式打分",
    [EU_GENERAL_QWK] = "一般式打分 q W k^T",
    [EU_ADDITIVE] = "加性打分",
    [EU_ADDITIVE_VECTOR] = "加性打分的向量",
    [EU_ADDITIVE_FORMULA] = "加性打分 va.tanh(q Wa + k Ua)",
    [EU_LOCATION] = "基于位置的打分",
    [EU_LOCATION_FORMULA] = "基于位置的打分 e = q Wl",
    [EU_LOCAL_P] = "local_p",
    [EU_LOCAL_P_VECTOR] = "local_p 的向量",
    [EU_LOCAL_P_CENTRE] = "local_p 的中心 vp.tanh(q Wp)",
    [EU_MASK_MATRIX] = "矩阵掩码 M",
    [EU_MASK_SHAPE] = "掩码（查询 x 键）",
    [EU_PROJECTION] = "输入的投影",
    [EU_OUTPUT_PROJECTION] = "输出投影 concat Wo",
    [EU_AFFINITY] = "亲和矩阵 A W B^T",
    [EU_LU] = "parallel_lu 协同注意力",
    [EU_LU_AFFINITY] = "亲和矩阵 tanh(A Wb B^T)",
    [EU_LU_HIDDEN] = "隐藏层 tanh(B Wvb + C^T A Wqa) 与 tanh(A Wqa + C B Wvb)",
    [EU_LU_VECTOR] = "打分向量 whv 与 whq（1 x k，k 是 whv 的长度）",
    [EU_MULTIDIM] = "多维注意力",
    [EU_MULTIDIM_WS1] = "各视角的隐藏层 tanh(X Ws1)",
    [EU_MULTIDIM_WS2] = "各视角的得分 tanh(X Ws1) Ws2",
    [EU_HIERARCHICAL] = "层次注意力",
    [EU_HIER_WORD] = "词这一层 tanh(X Ww + bw)",
    [EU_HIER_SENT] = "句子这一层 tanh(s Ws + bs)",
    [EU_HIER_VECTOR] = "上下文向量（uw 或 us，一行）",
    [EU_MEMORY] = "记忆读取",
    [EU_MEMORY_QUESTION] = "问题 u（一行）",
    [EU_MEMORY_READ] = "读取 u + o（值要和问题一样宽）",
};

static const char *mat_word(MatName m) { return m >= 0 && m < M__COUNT ? engine_mat_name(m) : "?"; }
static const char *use_word(EngineUse u) { return u >= 0 && u < EU__COUNT ? use_zh[u] : "注意力"; }
static const char *mode_word(int m) { return m >= 0 && m < MODE__COUNT ? engine_mode_name((AttnMode)m) : "?"; }

/* The Chinese of the refusals that name a matrix; false for the others. */
static bool matrix_zh(const EngineError *e, char *buf, size_t n)
{
    const int *v = e->n;
    const char *m = mat_word(e->mat);
    char want[48];
    switch (e->kind) {
    case EE_TOO_LARGE: snprintf(buf, n, "%s 是 %d x %d；attnlab 最多接受 %d x %d", m, v[0], v[1], v[2], v[2]); break;
    case EE_NEEDS: snprintf(buf, n, "%s：需要矩阵 %s", use_word(e->use), m); break;   /* the use may end in Latin */
    case EE_SHAPE:
        if (v[2] < 0)
            snprintf(want, sizeof want, "n x %d", v[3]);
        else if (v[3] < 0)
            snprintf(want, sizeof want, "%d x n", v[2]);
        else
            snprintf(want, sizeof want, "%d x %d", v[2], v[3]);
        snprintf(buf, n, "%s 是 %d x %d；%s：需要 %s", m, v[0], v[1], use_word(e->use), want);
        break;
    case EE_WIDTHS:
        snprintf(buf, n, "%s 打分要求查询和键一样宽，但它们分别是 %d 和 %d 宽",
                 v[2] >= 0 && v[2] < SCORE__COUNT ? engine_score_name((ScoreKind)v[2]) : "?", v[0], v[1]);
        break;
    case EE_V_ROWS: snprintf(buf, n, "V 有 %d 行，但 K 有 %d 行：每个键都需要它的值", v[0], v[1]); break;
    case EE_CO_WIDTHS: snprintf(buf, n, "A 和 B 必须一样宽，但它们分别是 %d 和 %d 宽", v[0], v[1]); break;
    case EE_NAN_INPUT: snprintf(buf, n, "%s[%d][%d] 不是数", m, v[0], v[1]); break;
    case EE_NAN_SCORE: snprintf(buf, n, "第 %d 行第 %d 列的得分不是数：输入太大了", v[0], v[1]); break;
    case EE_NAN_OUTPUT: snprintf(buf, n, "第 %d 行的输出不是数：V 里同时有正无穷和负无穷", v[0]); break;
    default: return false;
    }
    return true;
}

/* The Chinese of an engine refusal. */
static void engine_zh(const EngineError *e, char *buf, size_t n)
{
    if (matrix_zh(e, buf, n))
        return;
    const int *v = e->n;
    switch (e->kind) {
    case EE_NONE: snprintf(buf, n, "没有问题"); break;
    case EE_HEADS_RANGE: snprintf(buf, n, "头数必须在 1 到 %d 之间", v[0]); break;
    case EE_MULTIHEAD_SCORE: snprintf(buf, n, "多头注意力只接受 dot、scaled_dot 或 cosine 打分"); break;
    case EE_UNKNOWN_SCORE: snprintf(buf, n, "未知的打分函数"); break;
    case EE_TEMPERATURE: snprintf(buf, n, "温度必须是大于 0 的数（得分要除以它）"); break;
    case EE_TOPK_RANGE: snprintf(buf, n, "topk 保留的键数必须在 1 到 %d 之间", v[0]); break;
    case EE_WINDOW_RANGE: snprintf(buf, n, "局部窗口 D 必须在 1 到 %d 之间", v[0]); break;
    case EE_SAMPLES_RANGE: snprintf(buf, n, "采样次数必须在 1 到 %d 之间", v[0]); break;
    case EE_VALID_LENS_COUNT:
        snprintf(buf, n, "有效长度给了 %d 个，而查询有 %d 行（请给 1 个或 %d 个）", v[0], v[1], v[1]);
        break;
    case EE_VALID_LEN_LONG: snprintf(buf, n, "有效长度 %d 超过了键的个数 %d", v[0], v[1]); break;
    case EE_HEADS_DIVIDE: snprintf(buf, n, "%d 个头不能整除 d_model = %d", v[0], v[1]); break;
    case EE_CO_SCORE: snprintf(buf, n, "协同注意力的亲和矩阵只接受 dot、scaled_dot 或 general 打分"); break;
    case EE_CO_MASK: snprintf(buf, n, "协同注意力不用掩码"); break;
    case EE_CO_LOCAL: snprintf(buf, n, "协同注意力不用局部分布"); break;
    case EE_CO_FINE:
        snprintf(buf, n, "%s作用于汇总：请设 granularity = coarse",
                 v[0] == CO_PARALLEL_LU ? "Lu 等的并行协同注意力（parallel_lu）" : "交替协同注意力");
        break;
    case EE_UNKNOWN_MODE: snprintf(buf, n, "未知的注意力模式"); break;
    case EE_MODE_MASK: snprintf(buf, n, "%s 注意力不用掩码", mode_word(v[0])); break;
    case EE_MODE_LOCAL: snprintf(buf, n, "%s 注意力不用局部分布", mode_word(v[0])); break;
    case EE_SENTENCES: snprintf(buf, n, "各句的词数加起来是 %d，但 X 有 %d 行（一行一个词）", v[0], v[1]); break;
    case EE_HOPS_RANGE: snprintf(buf, n, "跳数必须在 1 到 %d 之间", v[0]); break;
    default: snprintf(buf, n, "引擎拒绝了这一步"); break;
    }
}

const char *words_engine_error(const EngineError *e, bool zh, char *buf, size_t n)
{
    if (!buf || n == 0)
        return buf;
    if (zh)
        engine_zh(e, buf, n);
    else
        engine_error_english(e, buf, n);
    return buf;
}

const char *words_edit_refusal(const EditRefusal *r, bool zh, char *buf, size_t n)
{
    if (!buf || n == 0)
        return buf;
    const char *name = r->m >= 0 && r->m < M__COUNT ? engine_mat_name(r->m) : TR(zh, "that", "它");
    const char *t = r->text;
    switch (r->kind) {
    case EDIT_OK: snprintf(buf, n, "%s", TR(zh, "no problem", "没有问题")); break;
    case EDIT_NOT_EDITABLE:
        snprintf(buf, n, TR(zh, "this step does not let you change %s", "这一步不允许修改 %s"), name);
        break;
    case EDIT_NO_CELL: snprintf(buf, n, TR(zh, "%s has no cell [%d][%d]", "%s 没有 [%d][%d] 这一格"), name, r->i, r->j); break;
    case EDIT_CELL_RANGE:
        snprintf(buf, n, TR(zh, "a cell takes a number between -%g and %g", "一格只能填 -%g 到 %g 之间的数"),
                 EDITOR_LIMIT, EDITOR_LIMIT);
        break;
    case EDIT_NOT_NUMBER:
        snprintf(buf, n, TR(zh, "'%s' is not a number; the cell keeps its value", "“%s”不是数；这一格保持原值"), t);
        break;
    case EDIT_OUT_OF_RANGE:
        snprintf(buf, n, TR(zh, "'%s' is out of range: give a number between -%g and %g",
                            "“%s”超出范围：请填 -%g 到 %g 之间的数"), t, EDITOR_LIMIT, EDITOR_LIMIT);
        break;
    case EDIT_TOO_SMALL:
        snprintf(buf, n, TR(zh, "'%s' is too close to 0 for a cell: type 0, or at least %g in size",
                            "“%s”太接近 0，放不进一格：请填 0，或绝对值至少 %g 的数"), t, (double)FLT_MIN);
        break;
    case EDIT_FIXED_SETTINGS: snprintf(buf, n, "%s", TR(zh, "this step keeps its settings fixed", "这一步的设置是固定的")); break;
    case EDIT_NOTHING_TO_UNDO: snprintf(buf, n, "%s", TR(zh, "nothing to undo", "没有可撤销的")); break;
    case EDIT_NOTHING_TO_REDO: snprintf(buf, n, "%s", TR(zh, "nothing to redo", "没有可重做的")); break;
    case EDIT_ENGINE: words_engine_error(&r->engine, zh, buf, n); break;
    default: snprintf(buf, n, "%s", TR(zh, "the change was refused", "这一改动被拒绝")); break;
    }
    return buf;
}

const char *words_head_pattern(HeadPattern p, bool zh)
{
    static const char *const zh_names[PATTERN_COUNT] = {
        [PATTERN_MIXED] = "混合", [PATTERN_PREV] = "前一个词", [PATTERN_FIRST] = "第一个词",
        [PATTERN_SELF] = "自身", [PATTERN_INDUCTION] = "归纳（induction）"};
    return zh && p >= 0 && p < PATTERN_COUNT ? zh_names[p] : head_pattern_name(p);
}

const char *words_head_pattern_how(const HeadSummary *s, bool zh, char *buf, size_t n)
{
    if (!zh) {
        head_pattern_how(s, buf, n);
        return buf;
    }
    const double t = HEAD_PATTERN_THRESHOLD;
    switch (s->pattern) {
    case PATTERN_PREV: snprintf(buf, n, "落在前一个词上的平均权重：%.2f（>= %.1f）", s->prev, t); break;
    case PATTERN_FIRST: snprintf(buf, n, "落在第一个词上的平均权重：%.2f（>= %.1f）", s->first, t); break;
    case PATTERN_SELF: snprintf(buf, n, "落在这个词自身上的平均权重：%.2f（>= %.1f）", s->self, t); break;
    case PATTERN_INDUCTION:
        snprintf(buf, n, "落在当前词上次出现之后那个词上的平均权重（周期 %d）：%.2f（>= %.1f）", s->period,
                 s->induction, t);
        break;
    default:
        snprintf(buf, n, "没有模式达到 %.1f：前一个词 %.2f，第一个词 %.2f，自身 %.2f，归纳 %.2f", t, s->prev,
                 s->first, s->self, s->induction);
        break;
    }
    return buf;
}
