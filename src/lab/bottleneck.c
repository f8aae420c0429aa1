/* bottleneck.c - see bottleneck.h. */
#include "lab/bottleneck.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static S2sModel *load(const char *file, char *err, size_t n)
{
    const char *path = s2s_find_asset(file);
    if (!path) {
        snprintf(err, n, "the model %s is not installed (assets/)", file);
        return NULL;
    }
    Diags d = {0};
    S2sModel *m = s2s_load(path, &d);
    if (!m)
        snprintf(err, n, "%s", d.n ? d.v[0].msg : file);
    diags_free(&d);
    return m;
}

int bn_init(BnRun *b, char *err, size_t n)
{
    memset(b, 0, sizeof *b);
    b->m_att = load("translator_reverse.npz", err, n);
    b->m_noatt = b->m_att ? load("translator_reverse_noattn.npz", err, n) : NULL;
    if (!b->m_noatt) {
        bn_free(b);
        return -1;
    }
    b->n_planned = BN_MAX_N;
    for (int k = 0; k < BN_MAX_N; k++)
        b->lens[k] = BN_LEN_STEP * (k + 1);
    return 0;
}

bool bn_pending(const BnRun *b) { return b->m_att && b->done < b->n_planned; }

void bn_step(BnRun *b)
{
    if (!bn_pending(b))
        return;
    double t0 = now_s();
    int k = b->done, len = b->lens[k];
    b->att[k] = s2s_reverse_accuracy(b->m_att, len, BN_COUNT, BN_SEED);
    b->noatt[k] = s2s_reverse_accuracy(b->m_noatt, len, BN_COUNT, BN_SEED);
    b->done++;
    b->spent_s += now_s() - t0;
}

void bn_measure_all(BnRun *b)
{
    while (bn_pending(b))
        bn_step(b);
}

void bn_free(BnRun *b)
{
    s2s_free(b->m_att);
    s2s_free(b->m_noatt);
    b->m_att = b->m_noatt = NULL;
}

void bn_table(const BnRun *b, bool zh, StrBuf *out)
{
    sb_printf(out, zh ? "反转一串随机字母：每个长度 %d 个输入，完全正确的比例\n\n长度   有注意力   无注意力\n"
                      : "reversing a string of random letters: exact match over %d inputs per length\n\n"
                        "length  attention  no attention\n", BN_COUNT);
    for (int k = 0; k < b->done; k++)
        sb_printf(out, "%6d  %9.2f  %12.2f\n", b->lens[k], b->att[k], b->noatt[k]);
    if (b->done < b->n_planned)
        sb_printf(out, zh ? "（还在测量）\n" : "(still measuring)\n");
}
