/* engine_error.c - engine_error_english(): the English sentence for each
 * kind of refusal (see engine.h). The engine itself only returns codes; the
 * views word them through lab/words.h, which takes its English from here so
 * that each sentence is written once. */
#include "engine/engine.h"

#include <stdio.h>

/* What a matrix was needed for, as the English sentences name it. */
static const char *const use_words[EU__COUNT] = {
    [EU_ATTENTION] = "attention",
    [EU_SELF] = "self-attention",
    [EU_MULTIHEAD] = "multi-head attention",
    [EU_COATTENTION] = "co-attention",
    [EU_GENERAL] = "the general score",
    [EU_GENERAL_QWK] = "the general score q W k^T",
    [EU_ADDITIVE] = "the additive score",
    [EU_ADDITIVE_VECTOR] = "the additive score's vector",
    [EU_ADDITIVE_FORMULA] = "the additive score va.tanh(q Wa + k Ua)",
    [EU_LOCATION] = "the location score",
    [EU_LOCATION_FORMULA] = "the location score e = q Wl",
    [EU_LOCAL_P] = "local_p",
    [EU_LOCAL_P_VECTOR] = "local_p's vector",
    [EU_LOCAL_P_CENTRE] = "local_p's centre vp.tanh(q Wp)",
    [EU_MASK_MATRIX] = "mask = matrix",
    [EU_MASK_SHAPE] = "the mask (queries x keys)",
    [EU_PROJECTION] = "a projection of the input",
    [EU_OUTPUT_PROJECTION] = "the output projection concat Wo",
    [EU_AFFINITY] = "the affinity A W B^T",
    [EU_LU] = "parallel_lu co-attention",
    [EU_LU_AFFINITY] = "the affinity tanh(A Wb B^T)",
    [EU_LU_HIDDEN] = "the hidden layers tanh(B Wvb + C^T A Wqa) and tanh(A Wqa + C B Wvb)",
    [EU_LU_VECTOR] = "the scoring vectors whv and whq (1 x k, k = whv's length)",
    [EU_MULTIDIM] = "multi-dimensional attention",
    [EU_MULTIDIM_WS1] = "the views' hidden layer tanh(X Ws1)",
    [EU_MULTIDIM_WS2] = "the views' scores tanh(X Ws1) Ws2",
    [EU_HIERARCHICAL] = "hierarchical attention",
    [EU_HIER_WORD] = "the word level tanh(X Ww + bw)",
    [EU_HIER_SENT] = "the sentence level tanh(s Ws + bs)",
    [EU_HIER_VECTOR] = "a context vector (uw or us, one row)",
    [EU_MEMORY] = "a memory read",
    [EU_MEMORY_QUESTION] = "the question u (one row)",
    [EU_MEMORY_READ] = "the read u + o (values as wide as the question)",
};

static const char *use_word(EngineUse u) { return u >= 0 && u < EU__COUNT ? use_words[u] : "attention"; }
static const char *mat_word(MatName m) { return m >= 0 && m < M__COUNT ? engine_mat_name(m) : "?"; }

/* The shape a use wants, "r x c", with n for a count it leaves free. */
static void wanted_shape(const EngineError *e, char *buf, size_t n)
{
    if (e->n[2] < 0)
        snprintf(buf, n, "n x %d", e->n[3]);
    else if (e->n[3] < 0)
        snprintf(buf, n, "%d x n", e->n[2]);
    else
        snprintf(buf, n, "%d x %d", e->n[2], e->n[3]);
}

/* The refusals that name a matrix and its numbers. */
static bool matrix_english(const EngineError *e, char *buf, size_t n)
{
    const int *v = e->n;
    const char *m = mat_word(e->mat);
    char want[48];
    switch (e->kind) {
    case EE_TOO_LARGE: snprintf(buf, n, "%s is %d x %d; attnlab takes at most %d x %d", m, v[0], v[1], v[2], v[2]); break;
    case EE_NEEDS: snprintf(buf, n, "%s needs the matrix %s", use_word(e->use), m); break;
    case EE_SHAPE:
        wanted_shape(e, want, sizeof want);
        snprintf(buf, n, "%s is %d x %d but %s needs %s", m, v[0], v[1], use_word(e->use), want);
        break;
    case EE_WIDTHS:
        snprintf(buf, n, "%s scores need queries and keys of one width, but they are %d and %d wide",
                 v[2] >= 0 && v[2] < SCORE__COUNT ? engine_score_name((ScoreKind)v[2]) : "?", v[0], v[1]);
        break;
    case EE_V_ROWS: snprintf(buf, n, "V has %d rows but K has %d: every key needs its value", v[0], v[1]); break;
    case EE_CO_WIDTHS: snprintf(buf, n, "A and B must be of one width, but they are %d and %d wide", v[0], v[1]); break;
    case EE_NAN_INPUT: snprintf(buf, n, "%s[%d][%d] is not a number", m, v[0], v[1]); break;
    case EE_NAN_SCORE:
        snprintf(buf, n, "the score at row %d, column %d is not a number: the inputs are too large", v[0], v[1]);
        break;
    case EE_NAN_OUTPUT:
        snprintf(buf, n, "the output at row %d is not a number: V holds infinities of both signs", v[0]);
        break;
    default: return false;
    }
    return true;
}

void engine_error_english(const EngineError *e, char *buf, size_t n)
{
    if (!buf || n == 0)
        return;
    if (matrix_english(e, buf, n))
        return;
    const int *v = e->n;
    switch (e->kind) {
    case EE_NONE: snprintf(buf, n, "no problem"); break;
    case EE_HEADS_RANGE: snprintf(buf, n, "heads must be between 1 and %d", v[0]); break;
    case EE_MULTIHEAD_SCORE: snprintf(buf, n, "multi-head attention takes dot, scaled_dot or cosine scores"); break;
    case EE_UNKNOWN_SCORE: snprintf(buf, n, "unknown score function"); break;
    case EE_TEMPERATURE: snprintf(buf, n, "the temperature must be a number above 0 (it divides the scores)"); break;
    case EE_TOPK_RANGE: snprintf(buf, n, "topk must keep between 1 and %d keys", v[0]); break;
    case EE_WINDOW_RANGE: snprintf(buf, n, "the local window D must be between 1 and %d", v[0]); break;
    case EE_SAMPLES_RANGE: snprintf(buf, n, "samples must be between 1 and %d", v[0]); break;
    case EE_VALID_LENS_COUNT:
        snprintf(buf, n, "valid_lens gives %d lengths for %d query rows (give 1 or %d)", v[0], v[1], v[1]);
        break;
    case EE_VALID_LEN_LONG: snprintf(buf, n, "valid length %d is longer than the %d keys", v[0], v[1]); break;
    case EE_HEADS_DIVIDE: snprintf(buf, n, "%d heads do not divide d_model = %d", v[0], v[1]); break;
    case EE_CO_SCORE: snprintf(buf, n, "co-attention's affinity takes dot, scaled_dot or general scores"); break;
    case EE_CO_MASK: snprintf(buf, n, "co-attention takes no mask"); break;
    case EE_CO_LOCAL: snprintf(buf, n, "co-attention takes no local distribution"); break;
    case EE_CO_FINE:
        snprintf(buf, n, "%s co-attention works on summaries: set granularity = coarse",
                 v[0] == CO_PARALLEL_LU ? "parallel_lu" : "alternating");
        break;
    case EE_UNKNOWN_MODE: snprintf(buf, n, "unknown attention mode"); break;
    case EE_MODE_MASK: snprintf(buf, n, "%s attention takes no mask", v[0] >= 0 && v[0] < MODE__COUNT ? engine_mode_name((AttnMode)v[0]) : "?"); break;
    case EE_MODE_LOCAL:
        snprintf(buf, n, "%s attention takes no local distribution",
                 v[0] >= 0 && v[0] < MODE__COUNT ? engine_mode_name((AttnMode)v[0]) : "?");
        break;
    case EE_SENTENCES:
        snprintf(buf, n, "the sentences' word counts add up to %d, but X has %d rows (one a word)", v[0], v[1]);
        break;
    case EE_HOPS_RANGE: snprintf(buf, n, "hops must be between 1 and %d", v[0]); break;
    default: snprintf(buf, n, "the engine refused this step"); break;
    }
}
