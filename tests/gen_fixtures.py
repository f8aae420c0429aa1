#!/usr/bin/python3
"""Expected numbers for the engine's unit tests, computed independently.

Run at development time (Debian's numpy; `make test` never runs Python):
    /usr/bin/python3 tests/gen_fixtures.py > tests/fixtures/engine_fixtures.h

Every formula here is written from lessons/FORMAT.md and the papers it cites
(Lu et al.'s co-attention in the paper's own column-vector form),
not from src/*.c: the point is an independent second implementation. Inputs
are rounded to float32 first (what the engine sees) and then everything is
computed in float64. Each fixture becomes a FixMat {rows, cols, values}.
"""
import sys

import numpy as np

OUT = []


def f32(a):
    """The float32 value the engine will see, as float64."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def lit(x):
    if np.isnan(x):
        return "NAN"
    if np.isinf(x):
        return "INFINITY" if x > 0 else "-INFINITY"
    return "%.10e" % x


def emit(name, a):
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 0:
        a = a.reshape(1, 1)
    elif a.ndim == 1:
        a = a.reshape(1, -1)
    assert a.ndim == 2, name
    vals = ", ".join(lit(x) for x in a.ravel())
    OUT.append("static const float %s_v[] = {%s};" % (name, vals))
    OUT.append("static const FixMat %s = {%d, %d, %s_v};" % (name, a.shape[0], a.shape[1], name))


def rand(rng, *shape, scale=1.0):
    return f32(np.round(rng.standard_normal(shape) * scale, 3))


# ---------------------------------------------------------------- scores

def score_dot(Q, K):
    return Q @ K.T


def score_scaled(Q, K):
    return Q @ K.T / np.sqrt(Q.shape[1])


def score_general(Q, W, K):
    return Q @ W @ K.T


def score_additive(Q, K, Wa, Ua, va):
    # Bahdanau et al. (2015): e_ij = v_a^T tanh(W_a s_i + U_a h_j), row form.
    qa = Q @ Wa                     # (nq, h)
    ka = K @ Ua                     # (nk, h)
    return np.tanh(qa[:, None, :] + ka[None, :, :]) @ va.ravel()


def score_location(Q, Wl):
    return Q @ Wl


def score_cosine(Q, K):
    E = np.zeros((Q.shape[0], K.shape[0]))
    for i, q in enumerate(Q):
        for j, k in enumerate(K):
            nq, nk = np.linalg.norm(q), np.linalg.norm(k)
            E[i, j] = 0.0 if nq == 0 or nk == 0 else q @ k / (nq * nk)
    return E


# ---------------------------------------------------------- distributions
# Each takes one row e (n), keep (n) bools, returns weights (n).

def kept(e, keep):
    return np.ones(len(e), bool) if keep is None else np.asarray(keep, bool)


def softmax(e, keep=None, T=1.0):
    e = np.asarray(e, float)
    k = kept(e, keep) & (e != -np.inf)
    w = np.zeros(len(e))
    if not k.any():
        return w
    if np.isposinf(e[k]).any():
        top = k & np.isposinf(e)
        w[top] = 1.0 / top.sum()
        return w
    m = e[k].max()
    x = np.exp((e[k] - m) / T)
    w[k] = x / x.sum()
    return w


def sigmoid(e, keep=None, T=1.0):
    e = np.asarray(e, float)
    k = kept(e, keep)
    w = np.zeros(len(e))
    w[k] = 1.0 / (1.0 + np.exp(-e[k] / T))
    return w


def argmax(e, keep=None):
    e = np.asarray(e, float)
    k = kept(e, keep) & (e != -np.inf)
    w = np.zeros(len(e))
    if k.any():
        idx = np.flatnonzero(k)
        best = idx[0]
        for j in idx:
            if e[j] > e[best]:      # strict: a tie stays with the first
                best = j
        w[best] = 1.0
    return w


def topk(e, keep=None, k=2, T=1.0):
    e = np.asarray(e, float)
    kk = kept(e, keep)
    idx = [j for j in range(len(e)) if kk[j]]
    idx.sort(key=lambda j: -e[j])   # stable: ties in order of position
    sel = np.zeros(len(e), bool)
    sel[idx[:k]] = True
    return softmax(e, sel, T)


def sparsemax(e, keep=None, T=1.0):
    # Martins & Astudillo (2016), Algorithm 1.
    e = np.asarray(e, float)
    k = kept(e, keep) & (e != -np.inf)
    w = np.zeros(len(e))
    if not k.any():
        return w
    z = e[k] / T
    zs = np.sort(z)[::-1]
    cs = np.cumsum(zs)
    r = np.arange(1, len(zs) + 1)
    support = 1 + r * zs > cs
    kz = r[support].max()
    tau = (cs[kz - 1] - 1) / kz
    w[k] = np.maximum(z - tau, 0.0)
    return w


def local_m(e, keep, T, p, D):
    # Luong et al. (2015) sec. 3.2, local-m: a_t = align(h_t, h_s) (eq. 7), the
    # softmax taken over the window [p_t - D, p_t + D] only; no Gaussian.
    e = np.asarray(e, float)
    s = np.arange(len(e))
    win = kept(e, keep) & (np.abs(s - p) <= D)
    return softmax(e, win, T)


def local(e, keep, T, p, D):
    # local-p (eq. 10): a_t(s) = align(h_t, h_s) exp(-(s-p_t)^2/(2 sigma^2)),
    # sigma = D/2, align = softmax over the window [p_t - D, p_t + D].
    e = np.asarray(e, float)
    s = np.arange(len(e))
    win = kept(e, keep) & (np.abs(s - p) <= D)
    a = softmax(e, win, T)
    sigma = D / 2.0
    return a * np.exp(-(s - p) ** 2 / (2 * sigma ** 2)) * win


def local_p_centre(q, Wp, vp, S):
    return S / (1.0 + np.exp(-(vp.ravel() @ np.tanh(q @ Wp))))


def rows(fn, E, keep=None, **kw):
    return np.array([fn(E[i], None if keep is None else keep[i], **kw) for i in range(E.shape[0])])


# ------------------------------------------------------------------ masks

def mask_lens(nq, nk, lens):
    lens = list(lens) * nq if len(lens) == 1 else list(lens)
    return np.array([[j < lens[i] for j in range(nk)] for i in range(nq)])


def mask_causal(nq, nk):
    return np.array([[j <= i for j in range(nk)] for i in range(nq)])


def attend(E, keep, V):
    Wt = rows(softmax, E, keep)
    return Wt, Wt @ V


def pos_enc(n, d):
    PE = np.zeros((n, d))
    for p in range(n):
        for c in range(d):
            i2 = c - (c % 2)        # 2i for both the sin and the cos column
            ang = p / 10000.0 ** (i2 / d)
            PE[p, c] = np.sin(ang) if c % 2 == 0 else np.cos(ang)
    return PE


# ================================================================ fixtures

def fx_scores(rng):
    Q, K, V = rand(rng, 3, 4), rand(rng, 5, 4), rand(rng, 5, 3)
    W, Wa, Ua, va = rand(rng, 4, 4), rand(rng, 4, 6), rand(rng, 4, 6), rand(rng, 1, 6)
    Wl = rand(rng, 4, 5)
    for n, m in dict(Q=Q, K=K, V=V, W=W, Wa=Wa, Ua=Ua, va=va, Wl=Wl).items():
        emit("sc_" + n, m)
    E = dict(dot=score_dot(Q, K), scaled_dot=score_scaled(Q, K),
             general=score_general(Q, W, K), additive=score_additive(Q, K, Wa, Ua, va),
             location=score_location(Q, Wl), cosine=score_cosine(Q, K))
    for n, e in E.items():
        Wt, O = attend(e, None, V)
        emit("sc_E_" + n, e)
        emit("sc_W_" + n, Wt)
        emit("sc_O_" + n, O)
    # keys of another width (d_k = 3 != d_q = 4) for general and additive
    K3, W43, Ua3 = rand(rng, 5, 3), rand(rng, 4, 3), rand(rng, 3, 6)
    emit("sc_K3", K3), emit("sc_W43", W43), emit("sc_Ua3", Ua3)
    for n, e in dict(general3=score_general(Q, W43, K3),
                     additive3=score_additive(Q, K3, Wa, Ua3, va)).items():
        Wt, O = attend(e, None, V)
        emit("sc_E_" + n, e), emit("sc_W_" + n, Wt), emit("sc_O_" + n, O)
    # cosine with a zero query and a zero key: those scores are 0
    Qz, Kz = Q.copy(), K.copy()
    Qz[1] = 0.0
    Kz[3] = 0.0
    emit("sc_Qz", Qz), emit("sc_Kz", Kz), emit("sc_E_cosine_z", score_cosine(Qz, Kz))


def fx_distributions(rng):
    E = rand(rng, 4, 6, scale=2.0)
    keep = np.array([[1, 1, 1, 1, 1, 1], [1, 0, 1, 1, 0, 1],
                     [0, 1, 1, 0, 1, 1], [1, 1, 0, 1, 1, 0]], bool)
    emit("ds_E", E), emit("ds_keep", keep)
    for tag, kp in (("", None), ("_m", keep)):
        for T in (1.0, 0.5, 2.5):
            emit("ds_softmax_T%s%s" % (str(T).replace(".", "p"), tag), rows(softmax, E, kp, T=T))
        for T in (1.0, 2.0):
            emit("ds_sigmoid_T%s%s" % (str(T).replace(".", "p"), tag), rows(sigmoid, E, kp, T=T))
        emit("ds_argmax" + tag, rows(argmax, E, kp))
        for k in (1, 2, 3):
            emit("ds_topk%d%s" % (k, tag), rows(topk, E, kp, k=k, T=1.0))
        emit("ds_topk2_T0p5" + tag, rows(topk, E, kp, k=2, T=0.5))
        for T in (1.0, 0.5, 3.0):
            sm = rows(sparsemax, E, kp, T=T)
            emit("ds_sparsemax_T%s%s" % (str(T).replace(".", "p"), tag), sm)
        for D in (1, 2):
            lm = np.array([local_m(E[i], None if kp is None else kp[i], 1.0, float(i), D)
                           for i in range(4)])
            emit("ds_localm_D%d%s" % (D, tag), lm)
    # sparsemax must give exact zeros somewhere at T = 1 and T = 0.5
    assert (rows(sparsemax, E, None, T=1.0) == 0).sum() > 4
    # local-p: centres from the queries, then the same windows
    Qp, Wp, vp = rand(rng, 4, 3), rand(rng, 3, 5), rand(rng, 1, 5)
    emit("ds_Qp", Qp), emit("ds_Wp", Wp), emit("ds_vp", vp)
    S = E.shape[1]
    p = np.array([local_p_centre(Qp[i], Wp, vp, S) for i in range(4)])
    emit("ds_centre", p)
    for D in (1, 2):
        for tag, kp in (("", None), ("_m", keep)):
            lp = np.array([local(E[i], None if kp is None else kp[i], 1.0, p[i], D)
                           for i in range(4)])
            emit("ds_localp_D%d%s" % (D, tag), lp)
    # local-p through the engine: scores from the location score q Wl
    Wl, V = rand(rng, 3, 6), rand(rng, 6, 2)
    El = Qp @ Wl
    emit("lp_Wl", Wl), emit("lp_V", V), emit("lp_E", El)
    for D in (1, 2):
        for tag, kp in (("", None), ("_m", keep)):
            lw = np.array([local(El[i], None if kp is None else kp[i], 1.0, p[i], D)
                           for i in range(4)])
            emit("lp_W_D%d%s" % (D, tag), lw), emit("lp_O_D%d%s" % (D, tag), lw @ V)
    # ties: argmax and top-k give them to the first
    tie = f32([1.0, 3.0, 2.0, 3.0, 2.0, 0.0])
    emit("tie_e", tie)
    emit("tie_argmax", argmax(tie))
    for k in (1, 2, 3, 4):
        emit("tie_topk%d" % k, topk(tie, None, k=k))
    # sparsemax by hand-checkable numbers: z = (1.5, 1, -1): tau = 0.75
    emit("sp_e", f32([1.5, 1.0, -1.0]))
    emit("sp_w", sparsemax(f32([1.5, 1.0, -1.0])))
    assert np.allclose(sparsemax([1.5, 1.0, -1.0]), [0.75, 0.25, 0.0])


def fx_masks(rng):
    nq, nk = 4, 5
    Q, K, V = rand(rng, nq, 3), rand(rng, nk, 3), rand(rng, nk, 2)
    M = np.array([[1, 0, 1, 1, 0], [0, 1, 1, 0, 1], [1, 1, 0, 0, 0], [0, 0, 0, 1, 1]], float)
    emit("mk_Q", Q), emit("mk_K", K), emit("mk_V", V), emit("mk_M", M)
    E = score_dot(Q, K)
    emit("mk_E", E)
    cases = {
        "pad3": mask_lens(nq, nk, [3]),
        "padrows": mask_lens(nq, nk, [1, 3, 5, 2]),
        "causal": mask_causal(nq, nk),
        "matrix": M != 0,
        "pad3_causal": mask_lens(nq, nk, [3]) & mask_causal(nq, nk),
        "causal_matrix": mask_causal(nq, nk) & (M != 0),
        "padrows_matrix": mask_lens(nq, nk, [1, 3, 5, 2]) & (M != 0),
        "all3": mask_lens(nq, nk, [4, 2, 5, 5]) & mask_causal(nq, nk) & (M != 0),
    }
    for n, kp in cases.items():
        Wt, O = attend(E, kp, V)
        emit("mk_keep_" + n, kp), emit("mk_W_" + n, Wt), emit("mk_O_" + n, O)
    # a row with nothing left: row 2 of Mz is all zero
    Mz = M.copy()
    Mz[2] = 0
    Wt, O = attend(E, Mz != 0, V)
    assert not Wt[2].any() and not O[2].any()
    emit("mk_Mz", Mz), emit("mk_W_empty", Wt), emit("mk_O_empty", O)


def fx_self(rng):
    n, d = 4, 6
    X = rand(rng, n, d)
    Wq, Wk, Wv = rand(rng, d, 4), rand(rng, d, 4), rand(rng, d, 5)
    emit("sa_X", X), emit("sa_Wq", Wq), emit("sa_Wk", Wk), emit("sa_Wv", Wv)
    PE = pos_enc(n, d)
    emit("sa_PE", PE)
    for tag, Xin in (("off", X), ("on", X + PE)):
        Q, K, V = Xin @ Wq, Xin @ Wk, Xin @ Wv
        E = score_scaled(Q, K)
        Wt, O = attend(E, None, V)
        emit("sa_%s_Xin" % tag, Xin)
        for nm, m in dict(Q=Q, K=K, V=V, E=E, W=Wt, O=O).items():
            emit("sa_%s_%s" % (tag, nm), m)
    # no projections: Q = K = V = X (+ PE), causal
    Xin = X + PE
    E = score_scaled(Xin, Xin)
    Wt, O = attend(E, mask_causal(n, n), Xin)
    emit("sa_id_E", E), emit("sa_id_W", Wt), emit("sa_id_O", O)
    # the encoding alone: an odd width, and a lesson-sized one
    emit("pe_5x5", pos_enc(5, 5))
    emit("pe_64x64", pos_enc(64, 64))
    # hand check of the definition: PE[1][0] = sin(1), PE[1][1] = cos(1),
    # PE[1][2] = sin(1 / 10000^(2/6))
    assert np.isclose(PE[1, 0], np.sin(1)) and np.isclose(PE[1, 1], np.cos(1))
    assert np.isclose(PE[1, 2], np.sin(1 / 10000 ** (2 / 6)))


def mha_ours(X, Wq, Wk, Wv, Wo, h, score="scaled_dot", keep=None):
    """FORMAT.md: project, split the columns in h blocks, attend, concat, Wo."""
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    dh = X.shape[1] // h
    heads = []
    for b in range(h):
        c = slice(b * dh, (b + 1) * dh)
        E = dict(scaled_dot=score_scaled, dot=score_dot, cosine=score_cosine)[score](Q[:, c], K[:, c])
        Wt, O = attend(E, keep, V[:, c])
        heads.append((E, Wt, O))
    concat = np.hstack([o for _, _, o in heads])
    return Q, K, V, heads, concat, concat @ Wo


def mha_torch(x, in_proj_weight, out_proj_weight, h, attn_mask=None):
    """What torch.nn.MultiheadAttention computes (no bias, batch of one),
    following torch.nn.functional.multi_head_attention_forward: linear layers
    are x W^T; q is scaled by 1/sqrt(head_dim) before q k^T; the returned
    weights are averaged over heads."""
    n, E = x.shape
    hd = E // h
    qkv = x @ in_proj_weight.T                          # (n, 3E)
    q, k, v = qkv[:, :E], qkv[:, E:2 * E], qkv[:, 2 * E:]
    q = q.reshape(n, h, hd).transpose(1, 0, 2) / np.sqrt(hd)   # (h, n, hd)
    k = k.reshape(n, h, hd).transpose(1, 0, 2)
    v = v.reshape(n, h, hd).transpose(1, 0, 2)
    s = q @ k.transpose(0, 2, 1)                        # (h, n, n)
    if attn_mask is not None:                           # bool, True = not allowed
        s = np.where(attn_mask[None], -np.inf, s)
    s = np.exp(s - s.max(-1, keepdims=True))
    a = s / s.sum(-1, keepdims=True)
    o = (a @ v).transpose(1, 0, 2).reshape(n, E)
    return o @ out_proj_weight.T, a.mean(0)


def fx_multihead(rng):
    n, d = 5, 8
    X = rand(rng, n, d)
    Wq, Wk, Wv, Wo = (rand(rng, d, d, scale=0.5) for _ in range(4))
    for nm, m in dict(X=X, Wq=Wq, Wk=Wk, Wv=Wv, Wo=Wo).items():
        emit("mh_" + nm, m)

    for tag, h, pos in (("h2", 2, False), ("h4", 4, False), ("h2pe", 2, True), ("h1", 1, False)):
        Xin = X + pos_enc(n, d) if pos else X
        Q, K, V, heads, concat, out = mha_ours(Xin, Wq, Wk, Wv, Wo, h)
        emit("mh_%s_Q" % tag, Q), emit("mh_%s_K" % tag, K), emit("mh_%s_V" % tag, V)
        emit("mh_%s_concat" % tag, concat), emit("mh_%s_out" % tag, out)
        emit("mh_%s_Emean" % tag, np.mean([e for e, _, _ in heads], axis=0))
        emit("mh_%s_Wmean" % tag, np.mean([w for _, w, _ in heads], axis=0))
        # heads stacked: (h*n, n) scores and weights, (h*n, d/h) outputs
        emit("mh_%s_hE" % tag, np.vstack([e for e, _, _ in heads]))
        emit("mh_%s_hW" % tag, np.vstack([w for _, w, _ in heads]))
        emit("mh_%s_hO" % tag, np.vstack([o for _, _, o in heads]))
        # PyTorch's layout: in_proj_weight rows are Wq^T, Wk^T, Wv^T; out_proj.weight = Wo^T
        in_proj = np.vstack([Wq.T, Wk.T, Wv.T])
        t_out, t_avg = mha_torch(Xin, in_proj, Wo.T, h)
        assert np.allclose(t_out, out, rtol=1e-12, atol=1e-12)
        emit("mh_%s_torch_out" % tag, t_out), emit("mh_%s_torch_avgw" % tag, t_avg)
    return dict(X=X, Wq=Wq, Wk=Wk, Wv=Wv, Wo=Wo)


def fx_multihead_more(mh):
    """Causal multi-head (PyTorch: attn_mask = the upper triangle, True =
    not allowed), and the dot and cosine scores per head, on fx_multihead's
    inputs."""
    X, Wq, Wk, Wv, Wo = (mh[k] for k in ("X", "Wq", "Wk", "Wv", "Wo"))
    n, d, h = X.shape[0], X.shape[1], 2
    causal = mask_causal(n, n)
    _, _, _, heads, concat, out = mha_ours(X, Wq, Wk, Wv, Wo, h, keep=causal)
    t_out, t_avg = mha_torch(X, np.vstack([Wq.T, Wk.T, Wv.T]), Wo.T, h, attn_mask=~causal)
    assert np.allclose(t_out, out, rtol=1e-12, atol=1e-12)
    emit("mh_causal_hW", np.vstack([w for _, w, _ in heads])), emit("mh_causal_out", out)
    emit("mh_causal_torch_out", t_out), emit("mh_causal_torch_avgw", t_avg)
    for score in ("dot", "cosine"):
        _, _, _, heads, concat, out = mha_ours(X, Wq, Wk, Wv, Wo, h, score=score)
        emit("mh_%s_hE" % score, np.vstack([e for e, _, _ in heads]))
        emit("mh_%s_hW" % score, np.vstack([w for _, w, _ in heads]))
        emit("mh_%s_out" % score, out)


def fx_multihead_local(rng):
    """Local attention per head. local-p's centre comes from the token's whole
    projected query q_t (d_model wide; Luong's h_t), so Wp is (d_model, h)
    and every head shares p_t; each head then attends in its own window."""
    n, d, h = 5, 8, 2
    X = rand(rng, n, d)
    Wq, Wk, Wv, Wo = (rand(rng, d, d, scale=0.5) for _ in range(4))
    Wp, vp = rand(rng, d, 3), rand(rng, 1, 3)
    for nm, m in dict(X=X, Wq=Wq, Wk=Wk, Wv=Wv, Wo=Wo, Wp=Wp, vp=vp).items():
        emit("ml_" + nm, m)
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    dh = d // h
    centre = np.array([local_p_centre(Q[t], Wp, vp, n) for t in range(n)])
    emit("ml_centre", centre)
    for tag, cen, D in (("lp", centre, 1), ("lm", np.arange(n, dtype=float), 2)):
        hW, hO = [], []
        fn = local if tag == "lp" else local_m
        for b in range(h):
            c = slice(b * dh, (b + 1) * dh)
            E = Q[:, c] @ K[:, c].T / np.sqrt(dh)
            Wt = np.array([fn(E[t], None, 1.0, cen[t], D) for t in range(n)])
            hW.append(Wt)
            hO.append(Wt @ V[:, c])
        concat = np.hstack(hO)
        emit("ml_%s_hW" % tag, np.vstack(hW)), emit("ml_%s_concat" % tag, concat)
        emit("ml_%s_out" % tag, concat @ Wo)


def fx_local_m_long(rng):
    """local-m with more queries than keys: p_t = t (Luong et al., 2015) runs
    past the last key; the part of the window outside the keys is ignored, and
    a window wholly outside leaves the row empty."""
    E = rand(rng, 5, 3)
    emit("lm5_E", E)
    for D in (1, 2):
        W = np.array([local_m(E[t], None, 1.0, float(t), D) for t in range(5)])
        emit("lm5_W_D%d" % D, W)
    assert not np.array([local_m(E[4], None, 1.0, 4.0, 1)]).any()


def fx_local_m_fraction():
    """local-m's window around a centre that is not a whole number: |s - p| <=
    D holds 2D positions (p = 1.5, D = 1: s = 1, 2), and the softmax over them
    sums to 1 (no Gaussian)."""
    e = f32([0.5, 1.0, -0.5, 2.0, 0.0])
    w = local_m(e, None, 1.0, 1.5, 1)
    assert (w > 0).sum() == 2 and np.isclose(w.sum(), 1.0)
    emit("lmf_e", e), emit("lmf_W", w)
    emit("lmf_W_D2", local_m(e, None, 1.0, 1.5, 2))     # s = 0..3: 2D = 4 positions


def fx_overflow():
    """Scores beyond float32 (3.4e38) from float32 inputs, exact in float64:
    dot: q = 2e19 against k = (2e19, 0, 1.75e19) scores (4e38, 0, 3.5e38), two
    of them past float32; the maths gives softmax (1, 0, 0), and with T = 1e38
    softmax(4, 0, 3.5). general: q W = 1e40 overflows on the way, but q W k
    = (1e30, 2e30, -1e30) fits."""
    q, k = f32([[2e19]]), f32([[2e19], [0.0], [1.75e19]])
    E = q @ k.T
    assert (np.abs(E) > np.finfo(np.float32).max).sum() == 2
    emit("ov_q", q), emit("ov_k", k)       # E itself is past float32: not emitted
    emit("ov_softmax", softmax(E[0])), emit("ov_softmax_T", softmax(E[0], None, 1e38))
    emit("ov_sigmoid_T", sigmoid(E[0], None, 1e38)), emit("ov_sparsemax_T", sparsemax(E[0], None, 1e38))
    emit("ov_topk2_T", topk(E[0], None, 2, 1e38)), emit("ov_localm_T", local_m(E[0], None, 1e38, 0.0, 1))
    assert np.allclose(softmax(E[0]), [1, 0, 0]) and np.allclose(sparsemax(E[0], None, 1e38), [0.75, 0, 0.25])
    qg, Wg, kg = f32([[1e30]]), f32([[1e10]]), f32([[1e-10], [2e-10], [-1e-10]])
    Eg = qg @ Wg @ kg.T
    emit("ovg_q", qg), emit("ovg_W", Wg), emit("ovg_k", kg), emit("ovg_E", Eg)
    emit("ovg_softmax_T", softmax(Eg[0], None, 1e30))


def fx_coattention_lu(rng):
    """Lu et al. (2016) parallel co-attention, computed in the paper's own
    column-vector form (Q d x T question, V d x N image; W_v, W_q k x d) from
    the project's row inputs A = Q^T, B = V^T, Wvb = W_v^T, Wqa = W_q^T:
      C = tanh(Q^T W_b V), H^v = tanh(W_v V + (W_q Q) C),
      H^q = tanh(W_q Q + (W_v V) C^T), a^v = softmax(w_hv^T H^v),
      a^q = softmax(w_hq^T H^q), v^ = V a^v, q^ = Q a^q."""
    A, B = rand(rng, 3, 4), rand(rng, 5, 4)
    Wb, Wvb, Wqa = rand(rng, 4, 4), rand(rng, 4, 3), rand(rng, 4, 3)
    whv, whq = rand(rng, 1, 3, scale=2.0), rand(rng, 1, 3, scale=2.0)
    for nm, m in dict(A=A, B=B, Wb=Wb, Wvb=Wvb, Wqa=Wqa, whv=whv, whq=whq).items():
        emit("lu_" + nm, m)
    Q, V, W_v, W_q = A.T, B.T, Wvb.T, Wqa.T
    C = np.tanh(Q.T @ Wb @ V)                       # (T, N)
    Hv = np.tanh(W_v @ V + (W_q @ Q) @ C)           # (k, N)
    Hq = np.tanh(W_q @ Q + (W_v @ V) @ C.T)         # (k, T)
    ev, eq = whv.ravel() @ Hv, whq.ravel() @ Hq
    for tag, T in (("", 1.0), ("_T2", 2.0)):
        av, aq = softmax(ev, None, T), softmax(eq, None, T)
        emit("lu_ab" + tag, av), emit("lu_bhat" + tag, V @ av)
        emit("lu_aa" + tag, aq), emit("lu_ahat" + tag, Q @ aq)
    emit("lu_C", C), emit("lu_Hb", Hv.T), emit("lu_Ha", Hq.T), emit("lu_eb", ev), emit("lu_ea", eq)


def fx_multidim(rng):
    """Lin et al. (2017), in the paper's orientation: H (n x 2u) rows the
    words, W_s1 (d_a x 2u), W_s2 (r x d_a); A = softmax(W_s2 tanh(W_s1 H^T))
    along each row, M = A H, P = ||A A^T - I||_F^2. The project's inputs
    are Ws1 = W_s1^T and Ws2 = W_s2^T."""
    H, Ws1, Ws2 = rand(rng, 5, 4), rand(rng, 4, 3), rand(rng, 3, 2, scale=2.0)
    emit("md_X", H), emit("md_Ws1", Ws1), emit("md_Ws2", Ws2)
    W_s1, W_s2 = Ws1.T, Ws2.T
    E = W_s2 @ np.tanh(W_s1 @ H.T)                  # (r, n)
    for tag, T in (("", 1.0), ("_T2", 2.0)):
        A = rows(softmax, E, None, T=T)
        M = A @ H
        G = A @ A.T
        emit("md_A" + tag, A), emit("md_M" + tag, M), emit("md_flat" + tag, M.reshape(1, -1))
        emit("md_gram" + tag, G), emit("md_P" + tag, np.sum((G - np.eye(len(A))) ** 2))
    emit("md_E", E)


def fx_hierarchical(rng):
    """Yang et al. (2016), section 2.2, the sentence vectors used directly:
    u_it = tanh(W_w h_it + b_w), a_it = softmax over sentence i of u_it .
    u_w, s_i = sum_t a_it h_it; u_i = tanh(W_s s_i + b_s), a_i = softmax of
    u_i . u_s, v = sum_i a_i s_i. The project's Ww = W_w^T, Ws = W_s^T."""
    counts = [2, 3, 1]
    X = rand(rng, 6, 3)
    Ww, bw, uw = rand(rng, 3, 4), rand(rng, 1, 4), rand(rng, 1, 4, scale=2.0)
    Ws, bs, us = rand(rng, 3, 2), rand(rng, 1, 2), rand(rng, 1, 2, scale=2.0)
    for nm, m in dict(X=X, Ww=Ww, bw=bw, uw=uw, Ws=Ws, bs=bs, us=us).items():
        emit("hi_" + nm, m)
    W_w, W_s = Ww.T, Ws.T
    words, s, start = np.zeros((len(counts), len(X))), [], 0
    for i, c in enumerate(counts):
        h = X[start:start + c]                      # sentence i's words
        e = np.array([np.tanh(W_w @ x + bw[0]) @ uw[0] for x in h])
        a = np.exp(e - e.max()) / np.exp(e - e.max()).sum()
        words[i, start:start + c] = a
        s.append(a @ h)
        start += c
    s = np.array(s)
    e = np.array([np.tanh(W_s @ si + bs[0]) @ us[0] for si in s])
    a = np.exp(e - e.max()) / np.exp(e - e.max()).sum()
    emit("hi_words", words), emit("hi_s", s), emit("hi_es", e), emit("hi_a", a), emit("hi_v", a @ s)
    # without the biases (bw, bs left out: 0)
    s0, start = [], 0
    for c in counts:
        h = X[start:start + c]
        e0 = np.array([np.tanh(W_w @ x) @ uw[0] for x in h])
        a0 = np.exp(e0 - e0.max()) / np.exp(e0 - e0.max()).sum()
        s0.append(a0 @ h)
        start += c
    s0 = np.array(s0)
    e0 = np.array([np.tanh(W_s @ si) @ us[0] for si in s0])
    a0 = np.exp(e0 - e0.max()) / np.exp(e0 - e0.max()).sum()
    emit("hi_v_nobias", a0 @ s0)


def fx_memory(rng):
    """Sukhbaatar et al. (2015), eq. 1-2 and sec. 2.2 with layer-wise tying
    (H = I): p^k = softmax(u^k . m_i), o^k = sum_i p^k_i c_i, u^(k+1) =
    u^k + o^k, three hops, in the paper's column vectors."""
    u = rand(rng, 4)                                # the question, a column
    m, c = rand(rng, 5, 4), rand(rng, 5, 4)         # m_i = A x_i, c_i = C x_i
    emit("mem_u", u), emit("mem_m", m), emit("mem_c", c)
    P, O, path = [], [], [u]
    for _ in range(3):
        e = np.array([u @ mi for mi in m])
        p = np.exp(e - e.max()) / np.exp(e - e.max()).sum()
        o = sum(pi * ci for pi, ci in zip(p, c))
        u = u + o
        P.append(p), O.append(o), path.append(u)
    emit("mem_p", np.array(P)), emit("mem_o", np.array(O)), emit("mem_path", np.array(path))


def fx_coattention(rng):
    A, B, W = rand(rng, 3, 4), rand(rng, 5, 4), rand(rng, 4, 4)
    emit("co_A", A), emit("co_B", B), emit("co_W", W)
    d = A.shape[1]
    aff = dict(dot=lambda a, b: a @ b.T,
               scaled_dot=lambda a, b: a @ b.T / np.sqrt(d),
               general=lambda a, b: a @ W @ b.T)
    for s, f in aff.items():
        L = f(A, B)
        Wab = rows(softmax, L)                   # (na, nb): softmax over rows
        Wba = rows(softmax, L.T)                 # (nb, na): over columns, as rows
        emit("co_%s_L" % s, L)
        emit("co_%s_fine_Wab" % s, Wab), emit("co_%s_fine_Oab" % s, Wab @ B)
        emit("co_%s_fine_Wba" % s, Wba), emit("co_%s_fine_Oba" % s, Wba @ A)
        # parallel coarse: each side pooled to its mean first
        # The affinity keeps A on the left whichever side asks (Lu et al., 2016
        # use C for one direction and C^T for the other): B-side scores are
        # s(A, b)^T, which for `general` is b W^T A^T, not b W A^T.
        qa, qb = A.mean(0, keepdims=True), B.mean(0, keepdims=True)
        Ea, Eb = f(qa, B), f(A, qb).T
        wa, wb = rows(softmax, Ea), rows(softmax, Eb)
        emit("co_%s_coarse_qa" % s, qa), emit("co_%s_coarse_qb" % s, qb)
        emit("co_%s_coarse_Eab" % s, Ea), emit("co_%s_coarse_Wab" % s, wa)
        emit("co_%s_coarse_Oab" % s, wa @ B)
        emit("co_%s_coarse_Eba" % s, Eb), emit("co_%s_coarse_Wba" % s, wb)
        emit("co_%s_coarse_Oba" % s, wb @ A)
        # alternating (Lu et al., 2016, without the learned layers):
        # mean(A) attends to B -> b; b attends to A -> a summary of A
        w1 = rows(softmax, f(qa, B))
        b = w1 @ B
        E2 = f(A, b).T
        w2 = rows(softmax, E2)
        emit("co_%s_alt_Wab" % s, w1), emit("co_%s_alt_b" % s, b)
        emit("co_%s_alt_Eba" % s, E2), emit("co_%s_alt_Wba" % s, w2)
        emit("co_%s_alt_Oba" % s, w2 @ A)


def fx_splitmix():
    # splitmix64 (Steele, Lea & Flood 2014; Vigna's reference code), state
    # seeded with 42; uniform in [0, 1) from the top 53 bits.
    M = (1 << 64) - 1
    s = 42
    us = []
    for _ in range(8):
        s = (s + 0x9E3779B97F4A7C15) & M
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        z ^= z >> 31
        us.append((z >> 11) * 2.0 ** -53)
    OUT.append("static const double fx_splitmix42[] = {%s};" % ", ".join("%.17g" % u for u in us))


def main():
    rng = np.random.default_rng(20261121)
    fx_scores(rng)
    fx_distributions(rng)
    fx_masks(rng)
    fx_self(rng)
    mh = fx_multihead(rng)
    fx_coattention(rng)
    fx_splitmix()
    fx_multihead_local(rng)     # last: the fixtures above keep their numbers
    fx_local_m_long(rng)
    fx_multihead_more(mh)
    fx_local_m_fraction()
    fx_overflow()
    fx_coattention_lu(rng)
    fx_multidim(rng)            # after every older fixture: those keep their numbers
    fx_hierarchical(rng)
    fx_memory(rng)
    sys.stdout.write(
        "/* engine_fixtures.h - GENERATED by tests/gen_fixtures.py (numpy %s); do not edit.\n"
        " * Expected values for tests/test_engine*.c, computed in float64 from the\n"
        " * formulas in lessons/FORMAT.md. Regenerate:\n"
        " *   /usr/bin/python3 tests/gen_fixtures.py > tests/fixtures/engine_fixtures.h */\n"
        "#ifndef ENGINE_FIXTURES_H\n#define ENGINE_FIXTURES_H\n\n#include <math.h>\n\n"
        "typedef struct { int rows, cols; const float *v; } FixMat; /* (rows, cols) row-major */\n\n"
        % np.__version__)
    sys.stdout.write("\n".join(OUT))
    sys.stdout.write("\n\n#endif\n")


if __name__ == "__main__":
    main()
