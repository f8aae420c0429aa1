/* fast_drive.h - a fused kernel's work on one query block (tiled, full,
 * block), written once for the float kernels (fast_kern.h) and the bf16
 * one (fast_bf16_kern.c), which include it after defining VW, MR, hmax,
 * qk_rows, pv_rows (their micro-tiles) and:
 *   QT, QLEN(d), QPUT(x)  how a scaled query is held in the scratch: the
 *                         type, a row's length for head size d (zeros past
 *                         d), and the value of one scaled component x;
 *   EXP_ROW(x, len, m)    exp(x - m) in place, returning the float sum and
 *                         leaving the weights as PT;
 *   PT, PW                the weights' type and how many fit in a float.
 * Nothing here is public; the contract is fast_isa.h's. */

static void fill(float *x, size_t count, float v)
{
    for (size_t t = 0; t < count; t++)
        x[t] = v;
}

/* Online softmax over tiles of bk keys, MR rows at a time (see fast.h). */
static void tiled(const FastFused *f, const FastScratchMap *map, float *scratch, int mq)
{
    int dp = f->dp, bk = f->bk;
    const QT *Qs = (const QT *)(scratch + map->qs);
    float *Oacc = scratch + map->oacc, *S = scratch + map->s;
    float *mx = scratch + map->ml, *l = mx + map->bqr, *rmax = scratch + map->rmax;
    fill(mx, (size_t)mq, -INFINITY);
    for (int j0 = 0; j0 < f->npad; j0 += bk) {
        int kb = f->npad - j0 < bk ? f->npad - j0 : bk;
        for (int r0 = 0; r0 < mq; r0 += MR) {
            fill(rmax, (size_t)MR * VW, -INFINITY);
            qk_rows(f, Qs + (size_t)r0 * QLEN(f->p->d), j0, kb, S, (size_t)bk, rmax);
            for (int i = 0; i < MR; i++) {
                float mt = hmax(rmax + i * VW), *mi = mx + r0 + i, *li = l + r0 + i;
                float mnew = mt > *mi ? mt : *mi;
                float c = expf(*mi - mnew);  /* 0 on the first tile: *mi = -inf */
                if (c != 1.0f) {
                    float *o = Oacc + (size_t)(r0 + i) * dp;
                    for (int t = 0; t < dp; t++)
                        o[t] *= c;
                }
                *li = *li * c + EXP_ROW(S + (size_t)i * bk, kb, mnew);
                *mi = mnew;
            }
            pv_rows(f, (const PT *)S, PW * (size_t)bk, j0, kb, Oacc + (size_t)r0 * dp);
        }
    }
}

/* Every score of the block first (max folded in), then exp, then P.V. */
static void full(const FastFused *f, const FastScratchMap *map, float *scratch, int mq)
{
    int dp = f->dp, bk = f->bk;
    size_t lds = fast_full_lds(f);
    const QT *Qs = (const QT *)(scratch + map->qs);
    float *Oacc = scratch + map->oacc, *S = scratch + map->s;
    float *l = scratch + map->ml + map->bqr, *rmax = scratch + map->rmax;
    fill(rmax, (size_t)mq * VW, -INFINITY);
    for (int j0 = 0; j0 < f->npad; j0 += bk) {  /* a K tile serves every row */
        int kb = f->npad - j0 < bk ? f->npad - j0 : bk;
        for (int r0 = 0; r0 < mq; r0 += MR)
            qk_rows(f, Qs + (size_t)r0 * QLEN(f->p->d), j0, kb, S + (size_t)r0 * lds + j0, lds,
                    rmax + (size_t)r0 * VW);
    }
    for (int r = 0; r < mq; r++)
        l[r] = EXP_ROW(S + (size_t)r * lds, f->npad, hmax(rmax + (size_t)r * VW));
    const PT *P = (const PT *)S;  /* rows PW lds weights apart now */
    for (int j0 = 0; j0 < f->npad; j0 += bk) {
        int kb = f->npad - j0 < bk ? f->npad - j0 : bk;
        for (int r0 = 0; r0 < mq; r0 += MR)
            pv_rows(f, P + (size_t)r0 * PW * lds + j0, PW * lds, j0, kb, Oacc + (size_t)r0 * dp);
    }
}

/* O rows [i0, i0 + m): the block's queries scaled (QPUT) and padded with
 * zeros to MR rows and QLEN(d) components, then full or tiled, then each
 * row divided by its sum. */
static void block(const FastFused *f, const float *Q, float *O, int i0, int m, float *scratch)
{
    int d = f->p->d, dp = f->dp, ql = QLEN(d), mq = (m + MR - 1) / MR * MR;
    FastScratchMap map = fast_scratch_map(f, VW, MR);  /* qs: bqr d floats, >= bqr ql QT */
    QT *Qs = (QT *)(scratch + map.qs);
    float *Oacc = scratch + map.oacc, *l = scratch + map.ml + map.bqr;
    for (int r = 0; r < mq; r++)
        for (int k = 0; k < ql; k++)
            Qs[(size_t)r * ql + k] = r < m && k < d ? QPUT(Q[(size_t)(i0 + r) * d + k] * f->scale) : 0;
    fill(Oacc, (size_t)mq * dp, 0.0f);
    fill(l, (size_t)mq, 0.0f);
    if (f->p->kind == FAST_FULL)
        full(f, &map, scratch, mq);
    else
        tiled(f, &map, scratch, mq);
    for (int r = 0; r < m; r++) {
        float inv = 1.0f / l[r];
        for (int k = 0; k < d; k++)
            O[(size_t)(i0 + r) * d + k] = Oacc[(size_t)r * dp + k] * inv;
    }
}

