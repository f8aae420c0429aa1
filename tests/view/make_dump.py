#!/usr/bin/env python3
"""make_dump.py - attention dumps for the view's tests, without numpy.

Writes what np.savez(path, attn=A, tokens=T, q=Q, k=K, scores=S) writes: a
zip of .npy members (format 1.0 headers, '<f4' C order, tokens '<U..').

  make_dump.py small OUT.npz   2 layers x 4 heads, 12 tokens, causal, with
                               q, k and scores (attn = softmax(q.k/sqrt(d)))
                               and a known head per pattern (see below)
  make_dump.py gpt2 OUT.npz    12 x 12 x 128 x 128, causal (timing)
  make_dump.py scores OUT.npz  1 x 1 x 4 x 4 rows that do not sum to 1
"""
import math
import random
import struct
import sys
import zipfile


def npy(shape, dtype, payload):
    head = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        dtype, "".join("%d, " % s for s in shape) if len(shape) != 1 else "%d," % shape[0])
    pad = 64 - (10 + len(head) + 1) % 64
    head = head + " " * pad + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(head)) + head.encode("latin1") + payload


def floats(shape, values):
    return npy(shape, "<f4", struct.pack("<%df" % len(values), *values))


def tokens(toks):
    n = max(len(t) for t in toks)
    data = b"".join((t + "\0" * (n - len(t))).encode("utf-32-le") for t in toks)
    return npy([len(toks)], "<U%d" % n, data)


def softmax_rows(s, n, causal):
    out = []
    for i in range(n):
        row = s[i * n:(i + 1) * n]
        use = [j <= i or not causal for j in range(n)]
        m = max(v for v, u in zip(row, use) if u)
        e = [math.exp(v - m) if u else 0.0 for v, u in zip(row, use)]
        t = sum(e)
        out += [x / t for x in e]
    return out


def pattern_head(kind, n, period):
    """A causal head whose weights put 0.9 on one key per row (the rest spread)."""
    a = []
    for i in range(n):
        target = {"prev": max(i - 1, 0), "first": 0, "self": i,
                  "induction": i - period + 1 if i >= period else i}[kind]
        row = [0.0] * n
        row[target] += 0.9
        for j in range(i + 1):
            row[j] += 0.1 / (i + 1)
        a += row
    return a


def small(path):
    words = ["the", "cat", "sat", "on", "a", "mat"]
    toks = words + words            # period 6: the second half repeats the first
    n, d, L, H = len(toks), 4, 2, 4
    rnd = random.Random(16)
    attn, q, k, scores = [], [], [], []
    kinds = ["prev", "first", "self", "induction"]
    for l in range(L):
        for h in range(H):
            qh = [rnd.uniform(-1, 1) for _ in range(n * d)]
            kh = [rnd.uniform(-1, 1) for _ in range(n * d)]
            s = [sum(qh[i * d + t] * kh[j * d + t] for t in range(d)) / math.sqrt(d)
                 for i in range(n) for j in range(n)]
            q += qh
            k += kh
            scores += s
            # layer 0: weights from q and k; layer 1: one pattern a head
            attn += softmax_rows(s, n, True) if l == 0 else pattern_head(kinds[h], n, 6)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("attn.npy", floats([L, H, n, n], attn))
        z.writestr("tokens.npy", tokens(toks))
        z.writestr("q.npy", floats([L, H, n, d], q))
        z.writestr("k.npy", floats([L, H, n, d], k))
        z.writestr("v.npy", floats([L, H, n, d], k))
        z.writestr("scores.npy", floats([L, H, n, n], scores))


def gpt2(path):
    L, H, n = 12, 12, 128
    head = []
    for i in range(n):                              # half on token 0, the rest spread
        head += [0.5 + 0.5 / (i + 1) if j == 0 else (0.5 / (i + 1) if j <= i else 0.0) for j in range(n)]
    one = struct.pack("<%df" % len(head), *head)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("attn.npy", npy([L, H, n, n], "<f4", one * (L * H)))
        z.writestr("tokens.npy", tokens(["t%d" % i for i in range(n)]))


def scores(path):
    s = [1.0, 2.0, 0.5, -1.0] * 4
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("attn.npy", floats([1, 1, 4, 4], s))
        z.writestr("tokens.npy", tokens(["a", "b", "c", "d"]))


if __name__ == "__main__":
    {"small": small, "gpt2": gpt2, "scores": scores}[sys.argv[1]](sys.argv[2])
