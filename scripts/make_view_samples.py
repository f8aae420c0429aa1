#!/usr/bin/python3
"""Writes sample attention files for the tests and timing of `attnlab view`'s
readers (.npz, .npy + tokens, CircuitsVis-style JSON), good and bad, and
expected.json with what a reader must find in each. numpy only, fixed seeds:
run twice, the same bytes.

tests/fixtures/view/ holds this script's output without the large file:
    /usr/bin/python3 scripts/make_view_samples.py --small tests/fixtures/view
The GPT-2-sized dump (gpt2_like.npz, 12 x 12 x 128 x 128 float32, 9.4 MB) is
made only without --small, for timing; it is not committed:
    /usr/bin/python3 scripts/make_view_samples.py /tmp/view

expected.json: {"files": {NAME: {...}}}, per file:
  format      "npz", "npy" (tokens from NAME minus .npy plus .tokens.txt,
              one a line) or "json"
  expect      "ok", "warning" (rows do not sum to 1) or "error"
  why         for a warning or an error: what the message must be about
  member      the attention array's name ("attn"; JSON: "attention")
  dtype       numpy's descr of the stored array ("<f4", ">f4", "<f2", ...)
  fortran_order, compressed   how it is stored
  shape       the stored shape; tokens / q_tokens / k_tokens (UTF-8)
  cells       [{"index": [...], "value": v}]: values as float64 of the stored
              value (a float16 or big-endian value converted exactly)
  row_sum_min, row_sum_max    over all rows (NaN rows left out)
  worst_row   {"index": [... without k], "sum": s}: the row whose sum is
              farthest from 1
  causal      true when every entry with k > q is 0 (square arrays only)
A reader that reads a file must give the same shape, cells to 1e-6 (float16:
exact) and row sums to 1e-5.

usage: /usr/bin/python3 scripts/make_view_samples.py [--small] DIR"""
import argparse
import io
import json
import os
import re
import sys
import zipfile

import numpy as np

SEED = 16


def softmax_rows(scores, causal):
    """Softmax over the last axis; with causal, entries k > q get 0."""
    s = np.array(scores, np.float64)
    if causal:
        n_q, n_k = s.shape[-2:]
        s[..., np.triu(np.ones((n_q, n_k), bool), 1)] = -np.inf
    e = np.exp(s - s.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def random_attn(rng, shape, causal, sink=0.0):
    """Random softmax rows of the given shape; sink adds to column 0's score
    (the "attention sink" of GPT-2-like models)."""
    s = rng.standard_normal(shape) * 1.5
    s[..., 0] += sink
    return softmax_rows(s, causal)


def words(count):
    text = ("the cat sat on the mat and the dog ran to the park where "
            "a red fox saw it jump over the lazy bird").split()
    return [("\u0120" if i % 3 else "") + text[i % len(text)]
            for i in range(count)]


UNI = ["<s>", "\u0120the", "caf\u00e9", "\u732b", "sat", "."]


def expected_for(arr, fmt, **extra):
    """The expected.json entry of one attention array."""
    a = np.asarray(arr)
    shape = list(a.shape)
    full = np.asarray(a, np.float64)
    rows = full.reshape(-1, shape[-1]).sum(-1)
    ok = ~np.isnan(rows)
    worst = int(np.nanargmax(np.where(ok, np.abs(rows - 1), np.nan)))
    picks = [tuple(0 for _ in shape), tuple(s - 1 for s in shape),
             tuple(s // 2 for s in shape)]
    entry = {"format": fmt, "expect": "ok", "member": "attn",
             "dtype": a.dtype.str, "fortran_order": False,
             "compressed": False, "shape": shape}
    entry.update(extra)
    entry["cells"] = [{"index": list(p), "value": float(full[p])}
                      for p in picks]
    entry["row_sum_min"] = float(rows[ok].min())
    entry["row_sum_max"] = float(rows[ok].max())
    entry["worst_row"] = {"index": list(np.unravel_index(worst, shape[:-1]))
                          if len(shape) > 1 else [],
                          "sum": float(rows[worst])}
    entry["worst_row"]["index"] = [int(i) for i in entry["worst_row"]["index"]]
    if shape[-1] == shape[-2]:
        upper = np.triu(np.ones(shape[-2:], bool), 1)
        entry["causal"] = bool((full[..., upper] == 0).all())
    return entry


def good_samples(rng, out):
    """The small files a reader must read; returns their expected
    entries."""
    exp = {}
    a = random_attn(rng, (2, 2, 6, 6), True).astype(np.float32)
    np.savez(os.path.join(out, "layers4d.npz"), attn=a, tokens=np.array(UNI))
    exp["layers4d.npz"] = expected_for(a, "npz", tokens=UNI)

    a = random_attn(rng, (4, 6, 6), True).astype(np.float32)
    np.savez(os.path.join(out, "heads3d.npz"), attn=a, tokens=np.array(UNI))
    exp["heads3d.npz"] = expected_for(a, "npz", tokens=UNI)

    a = random_attn(rng, (5, 5), False).astype(np.float32)   # BERT-like
    t = ["[CLS]", "hello", "world", "!", "[SEP]"]
    np.savez(os.path.join(out, "qk2d.npz"), attn=a, tokens=np.array(t))
    exp["qk2d.npz"] = expected_for(a, "npz", tokens=t)

    base = random_attn(rng, (2, 2, 6, 6), True)
    for name, arr, extra in (
            ("float64.npz", base, {}),
            ("float16.npz", base.astype(np.float16), {}),
            ("bigendian.npz", base.astype(">f4"), {}),
            ("fortran.npz", np.asfortranarray(base.astype(np.float32)),
             {"fortran_order": True})):
        np.savez(os.path.join(out, name), attn=arr, tokens=np.array(UNI))
        exp[name] = expected_for(arr, "npz", tokens=UNI, **extra)

    a = base.astype(np.float32)
    np.savez_compressed(os.path.join(out, "compressed.npz"), attn=a,
                        tokens=np.array(UNI))
    exp["compressed.npz"] = expected_for(a, "npz", tokens=UNI,
                                         compressed=True)

    a = random_attn(rng, (1, 2, 3, 5), False).astype(np.float32)
    qt, kt = ["le", "chat", "dort"], ["the", "cat", "is", "asleep", "."]
    np.savez(os.path.join(out, "cross.npz"), attn=a,
             q_tokens=np.array(qt), k_tokens=np.array(kt))
    exp["cross.npz"] = expected_for(a, "npz", q_tokens=qt, k_tokens=kt)

    a = random_attn(rng, (2, 5, 5), True).astype(np.float32)
    t = ["one", "two", "three", "four", "five"]
    np.save(os.path.join(out, "bare.npy"), a)
    with open(os.path.join(out, "bare.tokens.txt"), "w") as f:
        f.write("".join(w + "\n" for w in t))
    exp["bare.npy"] = expected_for(a, "npy", tokens=t)

    a = random_attn(rng, (2, 4, 4), True).astype(np.float32)
    t = ["A", "B", "A", "B"]
    write_json(os.path.join(out, "circuitsvis.json"), t, a)
    exp["circuitsvis.json"] = expected_for(a, "json", tokens=t,
                                           member="attention")
    return exp


def write_json(path, tokens, attn):
    """CircuitsVis's attention_patterns input: tokens and [heads, dest, src],
    numbers as the shortest repr of each float32 value."""
    with open(path, "w") as f:
        json.dump({"tokens": tokens, "attention": attn.tolist()}, f)
        f.write("\n")


def bad_samples(rng, out):
    """Files a reader must refuse (or warn about); their expected entries."""
    exp = {}
    a = random_attn(rng, (1, 2, 5, 5), True).astype(np.float32)
    t = ["a", "b", "c", "d"]
    np.savez(os.path.join(out, "bad_count.npz"), attn=a, tokens=np.array(t))
    exp["bad_count.npz"] = expected_for(
        a, "npz", tokens=t, expect="error",
        why="4 tokens but the attention is 5 x 5")

    a = random_attn(rng, (1, 2, 5, 5), True).astype(np.float32)
    a[0, 1, 3, 2] = np.nan
    t = ["a", "b", "c", "d", "e"]
    np.savez(os.path.join(out, "bad_nan.npz"), attn=a, tokens=np.array(t))
    exp["bad_nan.npz"] = expected_for(a, "npz", tokens=t, expect="error",
                                      why="NaN at [0, 1, 3, 2]")

    s = (rng.standard_normal((1, 2, 5, 5)) * 2).astype(np.float32)
    np.savez(os.path.join(out, "bad_scores.npz"), attn=s, tokens=np.array(t))
    exp["bad_scores.npz"] = expected_for(
        s, "npz", tokens=t, expect="warning",
        why="rows do not sum to 1 (pre-softmax scores?): the worst row")

    a = random_attn(rng, (1, 2, 5, 5), True).astype(np.float32)
    buf = io.BytesIO()
    np.savez(buf, attn=a, tokens=np.array(t))
    data = buf.getvalue()
    with open(os.path.join(out, "bad_truncated.npz"), "wb") as f:
        f.write(data[:len(data) * 6 // 10])
    exp["bad_truncated.npz"] = {
        "format": "npz", "expect": "error",
        "why": f"truncated: the first {len(data) * 6 // 10} of "
               f"{len(data)} bytes of a valid file (no central directory)"}

    buf = io.BytesIO()
    np.save(buf, a)
    data = buf.getvalue()
    with open(os.path.join(out, "bad_truncated.npy"), "wb") as f:
        f.write(data[:200])
    with open(os.path.join(out, "bad_truncated.tokens.txt"), "w") as f:
        f.write("".join(w + "\n" for w in t))
    exp["bad_truncated.npy"] = {
        "format": "npy", "expect": "error",
        "why": f"truncated: header promises 200 bytes of data, "
               f"{200 - (len(data) - a.nbytes)} present"}

    with open(os.path.join(out, "bad_truncated.json"), "w") as f:
        f.write('{"tokens": ["A", "B"], "attention": [[[1.0, 0.0], [0.5,')
    exp["bad_truncated.json"] = {"format": "json", "expect": "error",
                                 "why": "JSON cut short"}
    return exp


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--small", action="store_true",
                    help="leave out the 9.4 MB GPT-2-sized dump")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    # one generator per group, so that --small leaves the other files the same
    exp = {}
    if not args.small:
        exp.update(big_sample(np.random.default_rng(SEED), args.dir))
    exp.update(good_samples(np.random.default_rng(SEED + 1), args.dir))
    exp.update(bad_samples(np.random.default_rng(SEED + 2), args.dir))
    for name in exp:
        is_zip = zipfile.is_zipfile(os.path.join(args.dir, name))
        assert is_zip == (name.endswith(".npz") and "trunc" not in name), name
    text = json.dumps({"made_by": "scripts/make_view_samples.py",
                       "seed": SEED, "files": exp}, indent=1,
                      ensure_ascii=False, allow_nan=False)
    # lists without lists or objects inside (shapes, indexes, tokens) on one line
    text = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]",
                  lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    with open(os.path.join(args.dir, "expected.json"), "w") as f:
        f.write(text + "\n")
    for name in sorted(exp):
        size = os.path.getsize(os.path.join(args.dir, name))
        print(f"{size:>9}  {name}  {exp[name]['expect']}")
    return 0


def big_sample(rng, out):
    """Only the GPT-2-sized dump, for timing."""
    a = random_attn(rng, (12, 12, 128, 128), True, sink=3.0)
    a = a.astype(np.float32)
    toks = np.array(words(128))
    np.savez(os.path.join(out, "gpt2_like.npz"), attn=a, tokens=toks)
    return {"gpt2_like.npz": expected_for(a, "npz", tokens_count=128,
                                          committed=False)}


if __name__ == "__main__":
    sys.exit(main())
