#!/usr/bin/python3
"""Reference numbers for tests/test_lessons.c, computed independently of attnlab.

Reads every lessons/NN-*.lesson with its own small parser (lessons/FORMAT.md),
recomputes every step in float64 with numpy straight from the formulas in
FORMAT.md, and writes tests/lesson_facts.h: for every step the weights and
the output (per head for multi-head, both directions for co-attention, the
centres for local attention), plus the few named facts the narration relies
on. Run at development time, from the repository root:

    /usr/bin/python3 tests/gen_lesson_facts.py

attnlab never runs Python; `make test` only reads the generated header.
"""
import glob
import math
import os
import re
import sys

import numpy as np

MATS = ["Q", "K", "V", "X", "Wq", "Wk", "Wv", "Wo", "W", "Wa", "Ua", "va", "Wl", "Wp", "vp", "A", "B", "M",
        "Wb", "Wvb", "Wqa", "whv", "whq", "Ws1", "Ws2", "Ww", "bw", "uw", "Ws", "bs", "us"]
TEXT_KEYS = {"title", "summary", "text", "hint", "hint2", "question", "answer", "choices"}
PER_STEP = TEXT_KEYS | {"goal", "correct", "hide"}


# ---------------------------------------------------------------- parsing

def strip_comment(line):
    """An inline comment starts at ';' preceded by white space."""
    m = re.search(r"\s;", line)
    return line[:m.start()] if m else line


def read_png_rgb(path):
    """8-bit RGB PNGs whose rows all use filter 0 (as scripts/gen_park.py writes them)."""
    import struct
    import zlib
    data = open(path, "rb").read()
    pos, idat, w, h = 8, b"", 0, 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", data[pos + 8:pos + 18])
            assert depth == 8 and colour == 2, "only 8-bit RGB"
        elif kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(h, 1 + 3 * w)
    assert (raw[:, 0] == 0).all(), "only filter 0"
    return raw[:, 1:].reshape(h, w, 3).astype(np.float64)


def picture_keys(top, folder):
    """FORMAT.md, "A picture as keys": K (and V, where not given) are the regions' mean R, G, B / 255 - 0.5."""
    img = read_png_rgb(os.path.join(folder, top["image"]))
    rows, cols = (int(v) for v in top["grid"].split("x"))
    h, w, _ = img.shape
    feats = [list(img[r * h // rows:(r + 1) * h // rows, c * w // cols:(c + 1) * w // cols].reshape(-1, 3)
                  .mean(axis=0) / 255.0 - 0.5) for r in range(rows) for c in range(cols)]
    for m in ("K", "V"):
        top["mats"].setdefault(m, feats)


def parse_lesson(path):
    """Returns a list of steps, each a dict of settings and numpy matrices."""
    top = {"mode": "qkv", "score": "scaled_dot", "distribution": "softmax", "temperature": 1.0,
           "topk": 2, "window": 1, "mask": set(), "valid_lens": None, "heads": 1,
           "position": False, "coattention": "parallel", "granularity": "fine", "seed": 1,
           "samples": 1, "hops": 1, "sentences": None, "mats": {}}
    cur = top
    steps = []
    last_key = None
    building = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            stripped = line.strip()
            if not stripped or stripped[0] in ";#":
                continue
            if stripped == "[step]":
                if not steps and "image" in top:
                    picture_keys(top, os.path.dirname(path))
                new = dict(cur)
                new["mats"] = dict(cur["mats"])
                new["mask"] = set(cur["mask"])
                steps.append(new)
                cur = new
                last_key, building = None, None
                continue
            if line[0] in " \t":
                if building is not None:
                    row = [float(x) for x in strip_comment(stripped).replace(",", " ").split()]
                    cur["mats"][building].append(row)
                continue                    # text continuation
            key, _, value = line.partition("=")
            key, value = key.strip(), strip_comment(value).strip()
            last_key, building = key, None
            base = key.split(".")[0]
            if key in MATS:
                building = key
                cur["mats"][key] = [[float(x) for x in value.replace(",", " ").split()]]
            elif base in PER_STEP or base in ("queries", "keys", "tokens", "features", "panels", "edit"):
                pass
            elif key == "mask":
                cur["mask"] = set(w for w in re.split(r"[+, ]+", value) if w and w != "none")
            elif key == "valid_lens":
                cur["valid_lens"] = [int(x) for x in value.replace(",", " ").split()]
            elif key in ("temperature",):
                cur[key] = float(value)
            elif key == "sentences":
                cur["sentences"] = [int(x) for x in value.replace(",", " ").split()]
            elif key in ("topk", "window", "heads", "seed", "samples", "hops"):
                cur[key] = int(value)
            elif key == "position":
                cur[key] = value.lower() in ("on", "yes", "true", "1")
            else:
                cur[key] = value
    for s in steps:
        s["mats"] = {k: np.array(v, dtype=np.float64) for k, v in s["mats"].items()}
    return steps


# ---------------------------------------------------------------- maths

class Rng:
    """splitmix64 (Steele, Lea and Flood, 2014), as FORMAT.md names it."""
    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.s = seed & self.MASK

    def uniform(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & self.MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        z ^= z >> 31
        return (z >> 11) * 2.0 ** -53


def softmax_kept(e, keep, T):
    w = np.zeros_like(e)
    if not keep.any():
        return w, False
    z = e[keep] / T
    x = np.exp(z - z.max())
    w[keep] = x / x.sum()
    return w, True


def sparsemax(e, keep, T):
    w = np.zeros_like(e)
    if not keep.any():
        return w, False
    z = np.sort(e[keep] / T)[::-1]
    cs = np.cumsum(z)
    k = np.arange(1, len(z) + 1)
    support = k[1 + k * z > cs]
    kk = support.max()
    tau = (cs[kk - 1] - 1) / kk
    w[keep] = np.maximum(e[keep] / T - tau, 0.0)
    return w, True


def distribute(cfg, e, keep, i, q, mats, rng):
    """One row: weights and (for local attention) the centre."""
    T, n = cfg["temperature"], len(e)
    d = cfg["distribution"]
    if d == "softmax":
        return softmax_kept(e, keep, T) + (None,)
    if d == "sigmoid":
        w = np.where(keep, 1.0 / (1.0 + np.exp(-e / T)), 0.0)
        return w, bool(keep.any()), None
    if d == "argmax":
        w = np.zeros(n)
        if not keep.any():
            return w, False, None
        idx = [j for j in range(n) if keep[j]]
        w[max(idx, key=lambda j: (e[j], -j))] = 1.0
        return w, True, None
    if d == "sample":
        p, ok = softmax_kept(e, keep, T)
        p = p.astype(np.float32)        # the kernel draws from the stored float weights
        w = np.zeros(n)
        for _ in range(cfg["samples"]):
            u, acc, pick = rng.uniform(), 0.0, -1
            for j in range(n):
                if p[j] <= 0:
                    continue
                pick = j
                acc += float(p[j])
                if u < acc:
                    break
            w[pick] += 1.0 / cfg["samples"]
        return w, ok, None
    if d == "topk":
        idx = sorted([j for j in range(n) if keep[j]], key=lambda j: (-e[j], j))[:cfg["topk"]]
        chosen = np.zeros(n, dtype=bool)
        chosen[idx] = True
        return softmax_kept(e, chosen, T) + (None,)
    if d == "sparsemax":
        return sparsemax(e, keep, T) + (None,)
    # local-m and local-p (Luong et al., 2015, sec. 3.2): local-m is the
    # softmax over the window alone (eq. 7); the Gaussian (eq. 10) is local-p's
    if d == "local_m":
        p = float(i)                    # p_t = t, also past the last key
    else:
        h = np.tanh(q @ mats["Wp"])
        p = n / (1.0 + math.exp(-float(mats["vp"][0] @ h)))
    D = cfg["window"]
    s = np.arange(n)
    win = keep & (np.abs(s - p) <= D)
    w, ok = softmax_kept(e, win, T)
    if d == "local_m":
        return w, ok, p
    sigma = D / 2.0
    w = np.where(win, w * np.exp(-((s - p) ** 2) / (2 * sigma * sigma)), 0.0)
    return w, ok, p


def scores(cfg, mats, Q, K):
    sc = cfg["score"]
    if sc == "dot":
        return Q @ K.T
    if sc == "scaled_dot":
        return Q @ K.T / math.sqrt(Q.shape[1])
    if sc == "general":
        return Q @ mats["W"] @ K.T
    if sc == "additive":
        qa, ka = Q @ mats["Wa"], K @ mats["Ua"]
        return np.array([[mats["va"][0] @ np.tanh(qa[i] + ka[j]) for j in range(len(K))]
                         for i in range(len(Q))])
    if sc == "location":
        return Q @ mats["Wl"]
    if sc == "cosine":
        nq = np.linalg.norm(Q, axis=1)[:, None]
        nk = np.linalg.norm(K, axis=1)[None, :]
        den = nq * nk
        return np.where(den > 0, (Q @ K.T) / np.where(den > 0, den, 1), 0.0)
    raise ValueError(sc)


def keep_mask(cfg, mats, nq, nk, masks):
    keep = np.ones((nq, nk), dtype=bool)
    if not masks:
        return keep
    if "padding" in cfg["mask"]:
        lens = cfg["valid_lens"]
        for i in range(nq):
            keep[i, (lens[0] if len(lens) == 1 else lens[i]):] = False
    if "causal" in cfg["mask"]:
        keep &= np.tril(np.ones((nq, nk), dtype=bool))
    if "matrix" in cfg["mask"]:
        keep &= mats["M"] != 0
    return keep


def head(cfg, mats, Q, K, V, rng, masks=True):
    E = scores(cfg, mats, Q, K)
    keep = keep_mask(cfg, mats, len(Q), len(K), masks)
    W = np.zeros_like(E)
    empty, centre = [], []
    for i in range(len(Q)):
        W[i], ok, p = distribute(cfg, E[i], keep[i], i, Q[i], mats, rng)
        empty.append(not ok)
        centre.append(p)
    return {"scores": E, "keep": keep, "weights": W, "output": W @ V, "empty": empty,
            "centre": centre if centre and centre[0] is not None else None}


def position_encoding(n, d):
    pe = np.zeros((n, d))
    for p in range(n):
        for c in range(d):
            angle = p / 10000 ** ((c - c % 2) / d)
            pe[p, c] = math.sin(angle) if c % 2 == 0 else math.cos(angle)
    return pe


def lu_parallel(cfg, mats, rng):
    """Lu et al. (2016) parallel co-attention in the paper's columns: Q = A^T
    (question), V = B^T (image), W_v = Wvb^T, W_q = Wqa^T."""
    Q, V = mats["A"].T, mats["B"].T
    Wv, Wq = mats["Wvb"].T, mats["Wqa"].T
    C = np.tanh(Q.T @ mats["Wb"] @ V)
    Hv = np.tanh(Wv @ V + (Wq @ Q) @ C)
    Hq = np.tanh(Wq @ Q + (Wv @ V) @ C.T)
    res = {"affinity": C}
    for side, e, X in (("main", mats["whv"][0] @ Hv, V.T), ("b2a", mats["whq"][0] @ Hq, Q.T)):
        w, ok, _ = distribute(cfg, e, np.ones(len(e), dtype=bool), 0, None, mats, rng)
        res[side] = {"weights": w[None, :], "output": (w @ X)[None, :], "empty": [not ok], "centre": None}
    return res


def rows_of(cfg, E, V, keep, mats, rng):
    """The step's distribution of every row of E (masked by keep), then V."""
    W = np.zeros_like(E)
    empty = []
    for i in range(len(E)):
        W[i], ok, _ = distribute(cfg, E[i], keep[i], i, None, mats, rng)
        empty.append(not ok)
    return {"weights": W, "output": W @ V, "empty": empty, "centre": None}


def multidim(cfg, mats, rng):
    """Lin et al. (2017), in the paper's own orientation: H (n x 2u) the
    words' rows, W_s1 (d_a x 2u) = Ws1^T, W_s2 (r x d_a) = Ws2^T;
    A = softmax(W_s2 tanh(W_s1 H^T)) row by row, M = A H,
    P = ||A A^T - I||_F^2."""
    H, W_s1, W_s2 = mats["X"], mats["Ws1"].T, mats["Ws2"].T
    E = W_s2 @ np.tanh(W_s1 @ H.T)                      # (r, n)
    main = rows_of(cfg, E, H, np.ones(E.shape, dtype=bool), mats, rng)
    A = main["weights"]
    G = A @ A.T
    P = np.sum((G - np.eye(len(A))) ** 2)
    return {"main": main, "extra": [("gram", G), ("penalty", np.array([[P]])),
                                    ("embedding", main["output"].reshape(1, -1))]}


def hierarchical(cfg, mats, rng):
    """Yang et al. (2016), section 2.2, with the sentence vectors used
    directly (no GRU between the levels): u_it = tanh(W_w h_it + b_w),
    a_it = softmax_t(u_it . u_w), s_i = sum_t a_it h_it; u_i = tanh(W_s s_i
    + b_s), a_i = softmax_i(u_i . u_s), v = sum_i a_i s_i. Columns: W_w =
    Ww^T, W_s = Ws^T."""
    X = mats["X"]
    W_w, W_s = mats["Ww"].T, mats["Ws"].T
    b_w = mats["bw"][0] if "bw" in mats else np.zeros(W_w.shape[0])
    b_s = mats["bs"][0] if "bs" in mats else np.zeros(W_s.shape[0])
    u_w, u_s = mats["uw"][0], mats["us"][0]
    e_w = np.array([np.tanh(W_w @ h + b_w) @ u_w for h in X])
    counts = cfg["sentences"]
    S, n = len(counts), len(X)
    keep = np.zeros((S, n), dtype=bool)
    start = 0
    for i, c in enumerate(counts):
        keep[i, start:start + c] = True
        start += c
    words = rows_of(cfg, np.tile(e_w, (S, 1)), X, keep, mats, rng)
    s = words["output"]
    e_s = np.array([np.tanh(W_s @ si + b_s) @ u_s for si in s])
    main = rows_of(cfg, e_s[None, :], s, np.ones((1, S), dtype=bool), mats, rng)
    return {"main": main, "extra": [("word_weights", words["weights"]), ("sentence_vectors", s)]}


def memory(cfg, mats, rng):
    """Sukhbaatar et al. (2015): p = softmax(u . m_i), o = sum p_i c_i,
    u^(k+1) = u^k + o^k, the same A (keys) and C (values) every hop."""
    u = mats["Q"][0]
    K, V = mats["K"], mats["V"]
    path, Ws, Os, empty = [u], [], [], []
    for _ in range(cfg["hops"]):
        e = scores(cfg, mats, u[None, :], K)[0]
        p, ok, _ = distribute(cfg, e, np.ones(len(K), dtype=bool), 0, u, mats, rng)
        o = p @ V
        u = u + o
        Ws.append(p), Os.append(o), path.append(u), empty.append(not ok)
    main = {"weights": np.array(Ws), "output": np.array(Os), "empty": empty, "centre": None}
    return {"main": main, "extra": [("query_path", np.array(path))]}


def co_grain(cfg, mats, mats_t, A, B, grain, rng):
    """Co-attention at one granularity (FORMAT.md): (A attends to B, B attends to A)."""
    if grain == "fine":
        return head(cfg, mats, A, B, B, rng, masks=False), head(cfg, mats_t, B, A, A, rng, masks=False)
    ab = head(cfg, mats, A.mean(0, keepdims=True), B, B, rng, masks=False)
    qb = B.mean(0, keepdims=True) if cfg["coattention"] == "parallel" else ab["output"]
    return ab, head(cfg, mats_t, qb, A, A, rng, masks=False)


def run_step(cfg):
    mats = cfg["mats"]
    rng = Rng(cfg["seed"])
    mode = cfg["mode"]
    if mode in ("multidim", "hierarchical", "memory"):
        return globals()[mode](cfg, mats, rng)
    if mode == "coattention" and cfg["coattention"] == "parallel_lu":
        return lu_parallel(cfg, mats, rng)
    if mode == "coattention":
        A, B = mats["A"], mats["B"]
        mats_t = dict(mats)
        if cfg["score"] == "general":
            mats_t["W"] = mats["W"].T
        res = {"affinity": scores(cfg, mats, A, B)}
        grain = cfg["granularity"]
        res["main"], res["b2a"] = co_grain(cfg, mats, mats_t, A, B, grain, rng)
        if cfg["coattention"] == "parallel":
            # both granularities (the step's own first), each word's fine
            # output row followed by the pooled side's coarse output
            ab, ba = co_grain(cfg, mats, mats_t, A, B, "coarse" if grain == "fine" else "fine", rng)
            fine, coarse = ((res["main"], res["b2a"]), (ab, ba)) if grain == "fine" else ((ab, ba), (res["main"], res["b2a"]))
            res["extra"] = [(name, np.hstack([f["output"], np.repeat(c["output"], f["output"].shape[0], 0)]))
                            for name, f, c in (("combined", fine[0], coarse[0]), ("combined_ba", fine[1], coarse[1]))]
        return res
    if mode == "qkv":
        Q, K, V = mats["Q"], mats["K"], mats["V"]
    else:
        X = mats["X"]
        if cfg["position"]:
            X = X + position_encoding(*X.shape)
        Q = X @ mats["Wq"] if "Wq" in mats else X
        K = X @ mats["Wk"] if "Wk" in mats else X
        V = X @ mats["Wv"] if "Wv" in mats else X
    if mode != "multihead":
        return {"main": head(cfg, mats, Q, K, V, rng)}
    H = cfg["heads"]
    dh, dvh = Q.shape[1] // H, V.shape[1] // H
    heads = [head(cfg, mats, Q[:, h * dh:(h + 1) * dh], K[:, h * dh:(h + 1) * dh],
                  V[:, h * dvh:(h + 1) * dvh], rng) for h in range(H)]
    concat = np.hstack([h["output"] for h in heads])
    out = concat @ mats["Wo"] if "Wo" in mats else concat
    main = {"weights": sum(h["weights"] for h in heads) / H, "output": out, "empty": heads[0]["empty"],
            "centre": None}
    return {"main": main, "heads": heads, "concat": concat}


# ---------------------------------------------------------------- output

def c_array(name, m):
    flat = ", ".join("%.9g" % x for x in np.asarray(m, dtype=np.float64).ravel())
    return "static const double %s[] = {%s};\n" % (name, flat)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = sorted(glob.glob(os.path.join(root, "lessons", "[0-9][0-9]-*.lesson")))
    out = ["/* Generated by tests/gen_lesson_facts.py from the lessons in lessons/: reference numbers\n"
           " * computed with numpy (float64) from the formulas in lessons/FORMAT.md.\n"
           " * Do not edit; rerun the script after changing a lesson. */\n",
           "#ifndef LESSON_FACTS_H\n#define LESSON_FACTS_H\n\n",
           "typedef struct {\n    const char *file;   /* lessons/ file name */\n"
           "    int step;           /* from 1 */\n    int nq, nk, dv;\n"
           "    const double *weights, *output;     /* (nq, nk), (nq, dv) main */\n"
           "    int n_heads;        /* multi-head, else 0 */\n"
           "    const double *head_weights;         /* (n_heads, nq, nk) */\n"
           "    const double *weights_ba;           /* co-attention: (nb, na), else NULL */\n"
           "    int nb, na;\n"
           "    const double *centre;               /* local attention: (nq), else NULL */\n"
           "    struct {                            /* multidim, hierarchical, memory: more panels */\n"
           "        const char *panel;              /* a panel name, or NULL */\n"
           "        int rows, cols;\n"
           "        const double *v;\n"
           "    } extra[3];\n"
           "} StepFact;\n\n"]
    table = []
    for path in files:
        name = os.path.basename(path)
        tag = "l" + name[:2]
        with open(path, encoding="utf-8") as f:
            if re.search(r"^translator\s*=", f.read(), re.M):
                continue    # a trained model's numbers: tests/test_lesson_tr.c checks them against torch
        for k, cfg in enumerate(parse_lesson(path), start=1):
            r = run_step(cfg)
            m = r["main"]
            base = "%s_s%d" % (tag, k)
            out.append(c_array(base + "_w", m["weights"]))
            out.append(c_array(base + "_o", m["output"]))
            hw, nh = "NULL", 0
            if "heads" in r:
                nh = len(r["heads"])
                out.append(c_array(base + "_hw", np.stack([h["weights"] for h in r["heads"]])))
                hw = base + "_hw"
            ba, nb, na = "NULL", 0, 0
            if "b2a" in r:
                out.append(c_array(base + "_ba", r["b2a"]["weights"]))
                ba = base + "_ba"
                nb, na = r["b2a"]["weights"].shape
            ce = "NULL"
            if m.get("centre") is not None:
                out.append(c_array(base + "_c", m["centre"]))
                ce = base + "_c"
            nq, nk = m["weights"].shape
            extra = []
            for x, (pname, val) in enumerate(r.get("extra", [])):
                out.append(c_array("%s_x%d" % (base, x), val))
                extra.append('{"%s", %d, %d, %s_x%d}' % (pname, val.shape[0], val.shape[1], base, x))
            table.append('    {"%s", %d, %d, %d, %d, %s_w, %s_o, %d, %s, %s, %d, %d, %s, {%s}},\n'
                         % (name, k, nq, nk, m["output"].shape[1], base, base, nh, hw, ba, nb, na, ce,
                            ", ".join(extra)))
    out.append("\nstatic const StepFact step_facts[] = {\n")
    out.extend(table)
    out.append("};\n#define N_STEP_FACTS (sizeof step_facts / sizeof step_facts[0])\n")
    out.append("#define N_LESSON_FILES %d\n\n#endif\n" % len(files))
    dst = os.path.join(root, "tests", "lesson_facts.h")
    with open(dst, "w") as f:
        f.write("".join(out))
    print("wrote %s: %d steps from %d lessons" % (dst, len(table), len(files)), file=sys.stderr)


if __name__ == "__main__":
    main()
