/* panel.c - the table of panels (see panel.h): one row per kind, with its
 * getter, availability rule and caption. */
#include "lesson/panel.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

/* ------------------------------------------------------- getters */

static PanelMat just(Mat m)
{
    return (PanelMat){m, NULL, NULL};
}

static PanelMat none(void)
{
    return (PanelMat){{0, 0, NULL}, NULL, NULL};
}

/* An attention's matrix: masked cells are marked on scores and weights. */
static PanelMat of(const AttnHead *h, Mat m, bool masked)
{
    return (PanelMat){m, masked ? h->keep : NULL, h};
}

/* A getter reads one field of the Result; most ignore some arguments. */
#define GETTER(fn, expr)                                                                         \
    static PanelMat fn(int kind, const Result *r, const Scenario *sc, int head)                 \
    {                                                                                            \
        (void)kind, (void)r, (void)sc, (void)head;                                               \
        return expr;                                                                             \
    }
GETTER(get_input, just(sc->in[kind]))      /* a matrix as written: kind is its MatName */
GETTER(get_q, just(r->Q))
GETTER(get_k, just(r->K))
GETTER(get_v, just(r->V))
GETTER(get_scores, of(&r->main, r->main.scores, true))
GETTER(get_weights, of(&r->main, r->main.weights, true))
GETTER(get_output, of(&r->main, r->main.output, false))
GETTER(get_head, head >= 0 && head < r->n_heads ? of(&r->heads[head], r->heads[head].weights, true) : none())
GETTER(get_concat, just(r->concat))
GETTER(get_affinity, just(r->affinity))
GETTER(get_weights_ba, of(&r->b2a, r->b2a.weights, true))
GETTER(get_output_ba, of(&r->b2a, r->b2a.output, false))
GETTER(get_pe, just(r->PE))
GETTER(get_hidden, just(r->hidden_b))
GETTER(get_hidden_ba, just(r->hidden_a))
GETTER(get_live, none())
GETTER(get_embedding, just(r->embedding))
GETTER(get_gram, just(r->gram))
GETTER(get_penalty, just(r->penalty))
GETTER(get_word_weights, of(&r->words, r->words.weights, true))
GETTER(get_sentence_vectors, of(&r->words, r->words.output, false))
GETTER(get_query_path, just(r->query_path))
GETTER(get_combined, just(r->combined))
GETTER(get_combined_ba, just(r->combined_ba))

/* The output's last row (c_i of the step just taken), 2H numbers seen as 2
 * rows of H: h_j = [forward_j; backward_j], so c_i's first half sums the
 * forward states and its second the backward ones. A view, no copy. */
static PanelMat get_context_now(int kind, const Result *r, const Scenario *sc, int head)
{
    (void)kind, (void)sc, (void)head;
    const Mat *o = &r->main.output;
    if (o->rows < 1 || o->cols < 2 || o->cols % 2)
        return none();
    return just((Mat){2, o->cols / 2, o->v + (size_t)(o->rows - 1) * (size_t)o->cols});
}

/* -------------------------------------------------- availability */

static PanelWhy always(int kind, const Scenario *sc)
{
    (void)sc, (void)kind;
    return PAV_OK;
}

static PanelWhy multihead(int kind, const Scenario *sc)
{
    (void)kind;
    return sc->cfg.mode == MODE_MULTIHEAD ? PAV_OK : PAV_MULTIHEAD_ONLY;
}

static PanelWhy coattention(int kind, const Scenario *sc)
{
    (void)kind;
    return sc->cfg.mode == MODE_COATTENTION ? PAV_OK : PAV_COATTENTION_ONLY;
}

static PanelWhy position(int kind, const Scenario *sc)
{
    (void)kind;
    return sc->cfg.position ? PAV_OK : PAV_NEEDS_POSITION;
}

/* Q, K and V: what attention used; co-attention attends with A and B. */
static PanelWhy not_co(int kind, const Scenario *sc)
{
    (void)kind;
    return sc->cfg.mode == MODE_COATTENTION ? PAV_HAS_A_AND_B : PAV_OK;
}

/* The picture panel: queries over regions, given as Q, K, V (lesson_check
 * also asks for the lesson's `image`). */
static PanelWhy qkv(int kind, const Scenario *sc)
{
    (void)kind;
    return sc->cfg.mode == MODE_QKV ? PAV_OK : PAV_QKV_ONLY;
}

/* H_b and H_a exist only in Lu et al.'s parallel co-attention. */
static PanelWhy lu(int kind, const Scenario *sc)
{
    (void)kind;
    return sc->cfg.mode == MODE_COATTENTION && sc->cfg.co_mode == CO_PARALLEL_LU ? PAV_OK : PAV_LU_ONLY;
}

/* Both granularities are computed only in (non-learned) parallel co-attention. */
static PanelWhy parallel(int kind, const Scenario *sc)
{
    (void)kind;
    return sc->cfg.mode == MODE_COATTENTION && sc->cfg.co_mode == CO_PARALLEL ? PAV_OK : PAV_PARALLEL_ONLY;
}

/* The panels of the three modes after the course: the step's mode. */
static PanelWhy multidim(int kind, const Scenario *sc)
{
    (void)kind;
    return sc->cfg.mode == MODE_MULTIDIM ? PAV_OK : PAV_MULTIDIM_ONLY;
}

static PanelWhy hierarchical(int kind, const Scenario *sc)
{
    (void)kind;
    return sc->cfg.mode == MODE_HIERARCHICAL ? PAV_OK : PAV_HIERARCHICAL_ONLY;
}

static PanelWhy memory(int kind, const Scenario *sc)
{
    (void)kind;
    return sc->cfg.mode == MODE_MEMORY ? PAV_OK : PAV_MEMORY_ONLY;
}

/* The bottleneck belongs to a translator lesson (a step with `translator`). */
static PanelWhy translator(int kind, const Scenario *sc)
{
    (void)kind;
    return sc->ext_run ? PAV_OK : PAV_TRANSLATOR_ONLY;
}

/* Any other matrix: the step must give it. */
static PanelWhy given(int kind, const Scenario *sc)
{
    return mat_empty(sc->in[kind]) ? PAV_NO_MATRIX : PAV_OK;
}

/* ------------------------------------------------------ captions */

const char *panel_direction(bool b2a, bool zh)
{
    return b2a ? TR(zh, "B attends to A", "B 关注 A") : TR(zh, "A attends to B", "A 关注 B");
}

/* A caption is one snprintf into buf; most ignore some arguments. */
#define CAPTION(fn, ...)                                                                         \
    static void fn(int kind, const AttnConfig *c, bool zh, int head, char *buf, size_t n)       \
    {                                                                                            \
        (void)kind, (void)c, (void)zh, (void)head;                                               \
        snprintf(buf, n, __VA_ARGS__);                                                           \
    }
#define W_WORD TR(zh, "weights", "权重")
#define O_WORD TR(zh, "output", "输出")
CAPTION(cap_scores, "%s  %s", TR(zh, "scores", "得分"), engine_config_formula(c))
CAPTION(cap_weights, "%s  %s", W_WORD,
        c->mode == MODE_MULTIHEAD     ? TR(zh, "mean over heads", "各头平均")
        : c->mode == MODE_COATTENTION ? panel_direction(false, zh)
                                      : engine_dist_formula(c->dist))
CAPTION(cap_output, "%s  c = a V", O_WORD)
CAPTION(cap_head, "%s %d", TR(zh, "head", "头"), head + 1)
CAPTION(cap_concat, "%s", TR(zh, "heads concatenated", "各头拼接"))
CAPTION(cap_affinity, "%s  %s", TR(zh, "affinity", "亲和矩阵"),
        c->co_mode == CO_PARALLEL_LU ? "C = tanh(A Wb B^T)" : "L = s(A, B)")
CAPTION(cap_weights_ba, "%s  %s", W_WORD, panel_direction(true, zh))
CAPTION(cap_output_ba, "%s  %s", O_WORD, panel_direction(true, zh))
CAPTION(cap_pe, "%s", TR(zh, "position encoding", "位置编码"))
CAPTION(cap_cost, "%s", TR(zh, "cost", "代价"))
CAPTION(cap_bottleneck, "%s", TR(zh, "the bottleneck", "瓶颈"))
CAPTION(cap_context_now, "%s  c_i = sum_j a_ij h_j  %s", TR(zh, "context of this step", "这一步的上下文"),
        TR(zh, "(row 0 fw: forward half, row 1 bw: backward half)", "（第 0 行正向：正向一半，第 1 行反向：反向一半）"))
/* the terminal names the rows fw and bw (ui_translator.c); in half-block rows they share one */
CAPTION(title_context_now, "%s c_i = sum_j a_ij h_j  %s", TR(zh, "context", "上下文"),
        TR(zh, "(fw forward, bw backward)", "（正向、反向两半）"))
/* a matrix: its name, and for the named roles what it is */
CAPTION(cap_q, "Q  %s", TR(zh, "queries", "查询"))
CAPTION(cap_k, "K  %s", TR(zh, "keys", "键"))
CAPTION(cap_v, "V  %s", TR(zh, "values", "值"))
CAPTION(cap_x, "X  %s", TR(zh, "the input", "输入"))
CAPTION(cap_m, "M  %s", TR(zh, "the mask", "掩码"))
CAPTION(cap_mat, "%s", engine_mat_name((MatName)kind))

/* The terminal's titles: one line over a heat map, the formula the
 * configuration uses (the terminal shows an edited configuration live). */
#define PROJ (c->mode == MODE_SELF || c->mode == MODE_MULTIHEAD)
#define MH (c->mode == MODE_MULTIHEAD)
#define CO (c->mode == MODE_COATTENTION)
#define LU (CO && c->co_mode == CO_PARALLEL_LU)
CAPTION(title_q, "%s  %s", PROJ ? "Q = X Wq" : "Q", TR(zh, "queries", "查询"))
CAPTION(title_k, "%s  %s", PROJ ? "K = X Wk" : "K", TR(zh, "keys", "键"))
CAPTION(title_v, "%s  %s", PROJ ? "V = X Wv" : "V", TR(zh, "values", "值"))
CAPTION(title_x, "X  %s", TR(zh, "tokens", "词元"))
CAPTION(title_m, "M  %s", TR(zh, "mask (0 = hide)", "掩码（0 = 遮住）"))
CAPTION(title_scores, "%s%s %s", TR(zh, "scores", "得分"), MH ? TR(zh, " (mean of heads)", "（各头平均）") : "",
        engine_config_formula(c))
CAPTION(title_weights, "%s%s %s", W_WORD, MH ? TR(zh, " (mean)", "（平均）") : CO ? " A->B" : "",
        LU ? "softmax(H_b whv)" : CO ? TR(zh, "rows of L", "L 的各行") : engine_dist_formula(c->dist))
CAPTION(title_output, "%s %s", O_WORD, MH ? "= concat Wo" : CO ? "A->B = a B" : "c = a V")
CAPTION(title_head, "%s %d %s", TR(zh, "head", "头"), head + 1, engine_dist_formula(c->dist))
CAPTION(title_concat, "%s", TR(zh, "concat: heads side by side", "拼接：各头并排"))
CAPTION(title_affinity, "%s %s", TR(zh, "affinity", "亲和矩阵"),
        c->co_mode == CO_PARALLEL_LU    ? "C = tanh(A Wb B^T)"
        : c->score == SCORE_GENERAL     ? "L = A W B^T"
        : c->score == SCORE_SCALED_DOT  ? "L = A B^T / sqrt(d)"
                                        : "L = A B^T")
CAPTION(title_weights_ba, "%s B->A %s", W_WORD, LU ? "softmax(H_a whq)" : TR(zh, "columns of L", "L 的各列"))
CAPTION(title_output_ba, "%s B->A = a A", O_WORD)
CAPTION(cap_hidden, "%s  H_b = tanh(B Wvb + C^T (A Wqa))", TR(zh, "hidden features of B", "B 的隐藏特征"))
CAPTION(cap_hidden_ba, "%s  H_a = tanh(A Wqa + C (B Wvb))", TR(zh, "hidden features of A", "A 的隐藏特征"))
CAPTION(title_hidden, "H_b %s", TR(zh, "hidden of B", "B 的隐藏特征"))
CAPTION(title_hidden_ba, "H_a %s", TR(zh, "hidden of A", "A 的隐藏特征"))
CAPTION(cap_image, "%s  %s", TR(zh, "where each word looks", "每个词看向哪里"), engine_dist_formula(c->dist))
CAPTION(title_image, "%s %s", TR(zh, "attention over the picture", "图像上的注意力"), engine_dist_formula(c->dist))
CAPTION(cap_combined, "%s  [c_fine ; c_coarse]  %s", TR(zh, "fine and coarse combined", "细粒度与粗粒度的组合"),
        panel_direction(false, zh))
CAPTION(cap_combined_ba, "%s  [c_fine ; c_coarse]  %s", TR(zh, "fine and coarse combined", "细粒度与粗粒度的组合"),
        panel_direction(true, zh))
CAPTION(title_combined, "%s A->B %s", TR(zh, "combined", "组合"), TR(zh, "[fine | coarse]", "[细 | 粗]"))
CAPTION(title_combined_ba, "%s B->A %s", TR(zh, "combined", "组合"), TR(zh, "[fine | coarse]", "[细 | 粗]"))
CAPTION(title_model, "%s", TR(zh, "a trained model's heads (Enter: open)", "训练好的模型的各个头（Enter 打开）"))
CAPTION(title_pe, "PE  sin/cos %s", TR(zh, "position code", "位置编码"))
/* multidim, hierarchical, memory: the same words in figures and terminal */
CAPTION(cap_views, "%s  A = softmax((tanh(X Ws1) Ws2)^T)", TR(zh, "views", "视角"))
CAPTION(cap_context, "%s  M = A X", TR(zh, "context per view", "每个视角的上下文"))
CAPTION(cap_embedding, "%s", TR(zh, "embedding: M's rows side by side", "嵌入：M 的各行并排"))
CAPTION(cap_gram, "%s  A A^T", TR(zh, "overlap of views", "视角的重叠"))
CAPTION(cap_penalty, "%s  ||A A^T - I||_F^2", TR(zh, "penalty", "惩罚项"))
CAPTION(cap_word_weights, "%s  softmax(tanh(X Ww + bw) . uw)", TR(zh, "word weights", "词权重"))
CAPTION(cap_sentence_weights, "%s  softmax(tanh(s Ws + bs) . us)", TR(zh, "sentence weights", "句子权重"))
CAPTION(cap_sentence_vectors, "%s  s_i = sum a_it x_it", TR(zh, "sentence vectors", "句向量"))
CAPTION(cap_document, "%s  v = sum a_i s_i", TR(zh, "document vector", "文档向量"))
CAPTION(cap_hops, "%s  p = softmax(u^k . m_i)", TR(zh, "weights per hop", "每一跳的权重"))
CAPTION(cap_query_path, "%s  u^(k+1) = u^k + o^k", TR(zh, "the question per hop", "每一跳的问题"))
/* the terminal's shorter titles, where a caption would be cut */
CAPTION(title_penalty, "P %s", TR(zh, "penalty", "惩罚项"))
CAPTION(title_hops, "%s  softmax(u.m)", TR(zh, "hops", "各跳"))
CAPTION(title_query_path, "%s  u + o", TR(zh, "question per hop", "每跳的问题"))

/* ---------------------------------------------------------- table */

/* A matrix as the lesson gave it, labelled by index: the weights of a
 * projection or a score function. */
#define MAT_ROW(id, name)                                                                          \
    [id] = {name, name, name, PAX_INDEX, PAX_INDEX, "Rows", "Columns", PSCALE_SIGNED, PSRC_INPUT, false, \
            get_input, given, cap_mat, cap_mat}

static const PanelEntry table[PANEL__COUNT] = {
    /* the lesson's `dump` (lesson_check asks for it wherever a step lists
     * the panel); the terminal draws the layers x heads grid and opens the
     * view on Enter, the text view prints the heads' summaries */
    [PANEL_MODEL] = {"model", "模型", "a trained model's heads", PAX_INDEX, PAX_INDEX, "Layers", "Heads",
                     PSCALE_WEIGHTS, PSRC_FILE, false, get_live, always, title_model, title_model},
    [M_Q] = {"Q", "Q", "Q", PAX_QUERY, PAX_INDEX, "Queries", "Dimensions", PSCALE_SIGNED, PSRC_RESULT, false,
             get_q, not_co, cap_q, title_q},
    [M_K] = {"K", "K", "K", PAX_KEY, PAX_INDEX, "Keys", "Dimensions", PSCALE_SIGNED, PSRC_RESULT, false, get_k,
             not_co, cap_k, title_k},
    [M_V] = {"V", "V", "V", PAX_KEY, PAX_INDEX, "Keys", "Dimensions", PSCALE_SIGNED, PSRC_RESULT, false, get_v,
             not_co, cap_v, title_v},
    [M_X] = {"X", "X", "X", PAX_QUERY, PAX_INDEX, "Tokens", "Dimensions", PSCALE_SIGNED, PSRC_INPUT, false,
             get_input, given, cap_x, title_x},
    MAT_ROW(M_WQ, "Wq"), MAT_ROW(M_WK, "Wk"), MAT_ROW(M_WV, "Wv"), MAT_ROW(M_WO, "Wo"), MAT_ROW(M_W, "W"),
    MAT_ROW(M_WA, "Wa"), MAT_ROW(M_UA, "Ua"), MAT_ROW(M_VA, "va"), MAT_ROW(M_WL, "Wl"), MAT_ROW(M_WP, "Wp"),
    MAT_ROW(M_VP, "vp"),
    [M_A] = {"A", "A", "A", PAX_QUERY, PAX_INDEX, "A", "Dimensions", PSCALE_SIGNED, PSRC_INPUT, false, get_input,
             given, cap_mat, cap_mat},
    [M_B] = {"B", "B", "B", PAX_KEY, PAX_INDEX, "B", "Dimensions", PSCALE_SIGNED, PSRC_INPUT, false, get_input,
             given, cap_mat, cap_mat},
    /* Lu et al.'s parallel co-attention: its learned layers */
    MAT_ROW(M_WB, "Wb"), MAT_ROW(M_WVB, "Wvb"), MAT_ROW(M_WQA, "Wqa"), MAT_ROW(M_WHV, "whv"), MAT_ROW(M_WHQ, "whq"),
    /* multidim's and hierarchical's learned matrices */
    MAT_ROW(M_WS1, "Ws1"), MAT_ROW(M_WS2, "Ws2"), MAT_ROW(M_WW, "Ww"), MAT_ROW(M_BW, "bw"), MAT_ROW(M_UW, "uw"),
    MAT_ROW(M_WS, "Ws"), MAT_ROW(M_BS, "bs"), MAT_ROW(M_US, "us"),
    /* a hand-made 0/1 mask: on the weights' 0..1 scale */
    [M_M] = {"M", "M", "M", PAX_QUERY, PAX_KEY, "Queries", "Keys", PSCALE_WEIGHTS, PSRC_INPUT, false, get_input,
             given, cap_m, title_m},
    [PANEL_SCORES] = {"scores", "得分", "scores", PAX_QUERY, PAX_KEY, "Queries", "Keys", PSCALE_SIGNED, PSRC_MAIN,
                      false, get_scores, always, cap_scores, title_scores},
    [PANEL_WEIGHTS] = {"weights", "权重", "weights", PAX_QUERY, PAX_KEY, "Queries", "Keys", PSCALE_WEIGHTS,
                       PSRC_MAIN, false, get_weights, always, cap_weights, title_weights},
    [PANEL_OUTPUT] = {"output", "输出", "output", PAX_QUERY, PAX_INDEX, "Queries", "Dimensions", PSCALE_SIGNED,
                      PSRC_MAIN, false, get_output, always, cap_output, title_output},
    [PANEL_HEADS] = {"heads", "头", "weights", PAX_QUERY, PAX_KEY, "Queries", "Keys", PSCALE_WEIGHTS, PSRC_HEAD,
                     true, get_head, multihead, cap_head, title_head},
    [PANEL_CONCAT] = {"concat", "拼接", "concat", PAX_QUERY, PAX_INDEX, "Tokens", "Dimensions", PSCALE_SIGNED,
                      PSRC_RESULT, false, get_concat, multihead, cap_concat, title_concat},
    [PANEL_AFFINITY] = {"affinity", "亲和矩阵", "affinity", PAX_QUERY, PAX_KEY, "A", "B", PSCALE_SIGNED,
                        PSRC_RESULT, false, get_affinity, coattention, cap_affinity, title_affinity},
    [PANEL_WEIGHTS_BA] = {"weights_ba", "权重 B->A", "weights B->A", PAX_KEY, PAX_QUERY, "B", "A", PSCALE_WEIGHTS,
                          PSRC_B2A, false, get_weights_ba, coattention, cap_weights_ba, title_weights_ba},
    [PANEL_OUTPUT_BA] = {"output_ba", "输出 B->A", "output B->A", PAX_KEY, PAX_INDEX, "B", "Dimensions",
                         PSCALE_SIGNED, PSRC_B2A, false, get_output_ba, coattention, cap_output_ba, title_output_ba},
    [PANEL_PE] = {"pe", "位置编码", "position encoding", PAX_QUERY, PAX_INDEX, "Tokens", "Dimensions",
                  PSCALE_SIGNED, PSRC_RESULT, false, get_pe, position, cap_pe, title_pe},
    /* Lu et al. 2016: each side's hidden features, from which a learned
     * vector scores it (H_b feeds weights over B, H_a weights_ba over A) */
    [PANEL_HIDDEN] = {"hidden", "隐藏特征", "hidden H_b", PAX_KEY, PAX_INDEX, "B", "Hidden units", PSCALE_SIGNED,
                      PSRC_RESULT, false, get_hidden, lu, cap_hidden, title_hidden},
    [PANEL_HIDDEN_BA] = {"hidden_ba", "隐藏特征 B->A", "hidden H_a", PAX_QUERY, PAX_INDEX, "A", "Hidden units",
                         PSCALE_SIGNED, PSRC_RESULT, false, get_hidden_ba, lu, cap_hidden_ba, title_hidden_ba},
    [PANEL_COST] = {"cost", "代价", "cost", PAX_INDEX, PAX_INDEX, "Rows", "Columns", PSCALE_SIGNED, PSRC_LIVE,
                    false, get_live, always, cap_cost, cap_cost},
    /* Lin et al. 2017: r views, each a distribution over the words */
    [PANEL_VIEWS] = {"views", "视角", "views A", PAX_INDEX, PAX_KEY, "Views", "Words", PSCALE_WEIGHTS, PSRC_RESULT,
                     false, get_weights, multidim, cap_views, cap_views},
    [PANEL_CONTEXT] = {"context", "上下文", "context M", PAX_INDEX, PAX_INDEX, "Views", "Dimensions", PSCALE_SIGNED,
                       PSRC_RESULT, false, get_output, multidim, cap_context, cap_context},
    [PANEL_EMBEDDING] = {"embedding", "嵌入", "embedding", PAX_INDEX, PAX_INDEX, "Rows", "Dimensions",
                         PSCALE_SIGNED, PSRC_RESULT, false, get_embedding, multidim, cap_embedding, cap_embedding},
    [PANEL_GRAM] = {"gram", "重叠", "overlap A A^T", PAX_INDEX, PAX_INDEX, "Views", "Views", PSCALE_WEIGHTS,
                    PSRC_RESULT, false, get_gram, multidim, cap_gram, cap_gram},
    [PANEL_PENALTY] = {"penalty", "惩罚项", "penalty", PAX_INDEX, PAX_INDEX, "Rows", "Columns", PSCALE_SIGNED,
                       PSRC_RESULT, false, get_penalty, multidim, cap_penalty, title_penalty},
    /* Yang et al. 2016: one row a sentence over every word (the other
     * sentences' words masked), then the sentences */
    [PANEL_WORD_WEIGHTS] = {"word_weights", "词权重", "word weights", PAX_INDEX, PAX_KEY, "Sentences", "Words",
                            PSCALE_WEIGHTS, PSRC_RESULT, false, get_word_weights, hierarchical, cap_word_weights,
                            cap_word_weights},
    [PANEL_SENTENCE_WEIGHTS] = {"sentence_weights", "句子权重", "sentence weights", PAX_INDEX, PAX_INDEX,
                                "Document", "Sentences", PSCALE_WEIGHTS, PSRC_RESULT, false, get_weights,
                                hierarchical, cap_sentence_weights, cap_sentence_weights},
    [PANEL_SENTENCE_VECTORS] = {"sentence_vectors", "句向量", "sentence vectors", PAX_INDEX, PAX_INDEX,
                                "Sentences", "Dimensions", PSCALE_SIGNED, PSRC_RESULT, false, get_sentence_vectors,
                                hierarchical, cap_sentence_vectors, cap_sentence_vectors},
    [PANEL_DOCUMENT] = {"document", "文档向量", "document vector", PAX_INDEX, PAX_INDEX, "Document", "Dimensions",
                        PSCALE_SIGNED, PSRC_RESULT, false, get_output, hierarchical, cap_document, cap_document},
    /* Sukhbaatar et al. 2015: one row a hop, and the question as it moves */
    [PANEL_HOPS] = {"hops", "各跳", "weights per hop", PAX_INDEX, PAX_KEY, "Hops", "Keys", PSCALE_WEIGHTS,
                    PSRC_RESULT, false, get_weights, memory, cap_hops, title_hops},
    [PANEL_QUERY_PATH] = {"query_path", "问题路径", "question per hop", PAX_INDEX, PAX_INDEX, "Hops",
                          "Dimensions", PSCALE_SIGNED, PSRC_RESULT, false, get_query_path, memory, cap_query_path,
                          title_query_path},
    /* the weights again, drawn over the picture whose regions are the keys
     * (the lesson check asks for `image` wherever a step lists it) */
    [PANEL_IMAGE] = {"image", "图像", "attention over the picture", PAX_QUERY, PAX_KEY, "Words", "Regions",
                     PSCALE_WEIGHTS, PSRC_MAIN, false, get_weights, qkv, cap_image, title_image},
    /* each word's fine output row, then the pooled side's coarse output:
     * the two granularities combined into one embedding per word */
    [PANEL_COMBINED] = {"combined", "组合", "combined A->B", PAX_QUERY, PAX_INDEX, "A", "Fine | coarse",
                        PSCALE_SIGNED, PSRC_RESULT, false, get_combined, parallel, cap_combined, title_combined},
    [PANEL_COMBINED_BA] = {"combined_ba", "组合 B->A", "combined B->A", PAX_KEY, PAX_INDEX, "B", "Fine | coarse",
                           PSCALE_SIGNED, PSRC_RESULT, false, get_combined_ba, parallel, cap_combined_ba,
                           title_combined_ba},
    [PANEL_BOTTLENECK] = {"bottleneck", "瓶颈", "bottleneck", PAX_INDEX, PAX_INDEX, "Rows", "Columns",
                          PSCALE_WEIGHTS, PSRC_LIVE, false, get_live, translator, cap_bottleneck, cap_bottleneck},
    [PANEL_CONTEXT_NOW] = {"context_now", "当前上下文", "context of this step", PAX_INDEX, PAX_INDEX, "Halves",
                           "Dimensions", PSCALE_SIGNED, PSRC_RESULT, false, get_context_now, translator,
                           cap_context_now, title_context_now},
};


/* ---------------------------------------------------------- lookup */

const PanelEntry *panel_entry(int kind)
{
    return kind >= 0 && kind < PANEL__COUNT ? &table[kind] : NULL;
}

const char *panel_name(int kind)
{
    const PanelEntry *e = panel_entry(kind);
    return e ? e->name : "?";
}

int panel_parse(const char *s)
{
    int m = engine_parse_mat(s);    /* matrices as the engine spells them */
    if (m >= 0)
        return m;
    for (int k = PANEL_SCORES; k < PANEL__COUNT; k++)
        if (strcasecmp(table[k].name, s) == 0)
            return k;
    return -1;
}

const char *panel_word(int kind, bool zh)
{
    const PanelEntry *e = panel_entry(kind);
    return !e ? "?" : zh ? e->word_zh : e->name;
}

PanelMat panel_get(int kind, const Result *r, const Scenario *sc, int head)
{
    const PanelEntry *e = panel_entry(kind);
    return e ? e->get(kind, r, sc, head) : none();
}

PanelWhy panel_available(int kind, const Scenario *sc)
{
    const PanelEntry *e = panel_entry(kind);
    return e ? e->available(kind, sc) : PAV_UNKNOWN;
}

PanelWhy panel_drawable(int kind, const Scenario *sc)
{
    const PanelEntry *e = panel_entry(kind);
    if (e && e->src == PSRC_LIVE)
        return PAV_LIVE_ONLY;
    if (e && e->src == PSRC_FILE)
        return PAV_FILE_ONLY;
    return panel_available(kind, sc);
}

const char *panel_why_text(PanelWhy why)
{
    static const char *const text[] = {
        [PAV_OK] = "it is there",
        [PAV_UNKNOWN] = "there is no such panel",
        [PAV_LIVE_ONLY] = "the cost chart is measured live in the terminal (attnlab LESSON --step N), not drawn as a "
                          "figure",
        [PAV_MULTIHEAD_ONLY] = "only a multihead step has it",
        [PAV_COATTENTION_ONLY] = "only a coattention step has it",
        [PAV_NEEDS_POSITION] = "it needs position = on",
        [PAV_HAS_A_AND_B] = "a coattention step has A and B",
        [PAV_NO_MATRIX] = "this step has no such matrix",
        [PAV_LU_ONLY] = "only a step with coattention = parallel_lu has it",
        [PAV_MULTIDIM_ONLY] = "only a multidim step has it",
        [PAV_HIERARCHICAL_ONLY] = "only a hierarchical step has it",
        [PAV_MEMORY_ONLY] = "only a memory step has it",
        [PAV_FILE_ONLY] = "a model's heads are a figure of their own (--panel model)",
        [PAV_QKV_ONLY] = "only a qkv step (a picture's regions as the keys) has it",
        [PAV_PARALLEL_ONLY] = "only a step with coattention = parallel has it",
        [PAV_TRANSLATOR_ONLY] = "only a translator step (translator = ...) has it",
    };
    return why >= PAV_OK && why <= PAV_TRANSLATOR_ONLY ? text[why] : "?";
}

const char *panel_axis_name(const PanelEntry *e, bool row, bool co, bool zh)
{
    static const char *const words[][2] = {{"Queries", "查询"}, {"Keys", "键"}, {"Dimensions", "维度"},
                                           {"Tokens", "词元"},  {"Rows", "行"}, {"Columns", "列"},
                                           {"Hidden units", "隐藏单元"}, {"Views", "视角"},
                                           {"Words", "词"}, {"Sentences", "句子"}, {"Document", "文档"},
                                           {"Hops", "跳"}, {"Regions", "区域"},
                                           {"Fine | coarse", "细 | 粗"}};
    const char *en = row ? e->row_axis : e->col_axis;
    if (co && strcmp(en, "Queries") == 0)
        return "A";         /* co-attention's queries are A's rows, its keys B's */
    if (co && strcmp(en, "Keys") == 0)
        return "B";
    for (size_t i = 0; zh && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i][0], en) == 0)
            return words[i][1];
    return en;
}

bool panel_rows_pooled(const PanelEntry *e, const AttnConfig *c, int rows)
{
    return (e->src == PSRC_MAIN || e->src == PSRC_B2A) && c->mode == MODE_COATTENTION && c->co_grain == CO_COARSE &&
           rows == 1;
}
