#!/usr/bin/python3
"""Per-head summaries of an attention dump (numpy only), the numbers
`attnlab view` shows and `attnlab view FILE --json` prints. The C code
implements these same definitions; tests/fixtures/heads_summary.json (this
script on assets/heads.npz) is what its test compares against, to 1e-5.

Input: attn [layers, heads, n, n] (also [heads, n, n] or [n, n], read as 1
layer / 1 head), self-attention: row i is query token i, column j key token
j, rows sum to 1; tokens [n]. All sums are in float64.

Definitions, per head, with a = attn[layer, head] (n x n), rows i = 0..n-1:
  mean_distance  (1/n) sum_i sum_j a_ij |i - j|             all n rows
  entropy        (1/n) sum_i -sum_j a_ij ln a_ij  (nats; 0 ln 0 = 0)
                                                            all n rows
  first_share    (1/n) sum_i a_i0                           all n rows
                 (the "attention sink": weight on the first token)
  previous       (1/(n-1)) sum_{i>=1} a_{i,i-1}             rows i >= 1
  first          (1/(n-1)) sum_{i>=1} a_{i,0}               rows i >= 1
  self           (1/(n-1)) sum_{i>=1} a_{i,i}               rows i >= 1
                 (row 0 is left out of the three pattern scores: it has no
                 previous token, and in a causal model it must put all its
                 weight on token 0, which is both first and self)
  induction      (1/|R|) sum_{i in R} a_{i,m(i)+1}           rows i in R
                 m(i) = the largest m < i with tokens[m] == tokens[i] (the
                 previous occurrence of the current token, tokens compared
                 as exact strings); R = the rows that have one. The target
                 m(i)+1 is the token that followed that occurrence (m(i)+1
                 <= i always). For a text made of a segment of period p
                 repeated, the rows of R are the second copy and the target
                 is offset i - j = p - 1: the induction stripe. R empty
                 (no token repeats): induction is null.
  label          the pattern with the highest score of previous, first,
                 self, induction, if that score is >= 0.4; otherwise
                 "mixed". Ties go to the earlier one in that order.
                 n = 1: previous, first and self are null, label "mixed".

Output (--json, default tests/fixtures/heads_summary.json): {"file", "n",
"layers", "heads", "label_threshold", "heads_summary": [{"layer", "head",
"mean_distance", "entropy", "first_share", "previous", "first", "self",
"induction", "label"}, ...]} in layer-major order, numbers rounded to 6
decimals. It also prints a table.

usage: /usr/bin/python3 scripts/heads_summary.py [assets/heads.npz]
           [--json tests/fixtures/heads_summary.json]"""
import argparse
import json
import sys

import numpy as np

LABEL_THRESHOLD = 0.4
PATTERNS = ("previous", "first", "self", "induction")


def previous_occurrence(tokens):
    """m(i) for each i: the last earlier index with the same token, or -1."""
    last, out = {}, []
    for i, t in enumerate(tokens):
        out.append(last.get(t, -1))
        last[t] = i
    return out


def summarise_head(a, prev_occ):
    """The numbers of one head; a is an n x n float64 array."""
    n = a.shape[0]
    i = np.arange(n)
    dist = np.abs(i[:, None] - i[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(a > 0, a * np.log(a), 0.0)
    out = {
        "mean_distance": float((a * dist).sum(1).mean()),
        "entropy": float((-plogp.sum(1)).mean()),
        "first_share": float(a[:, 0].mean()),
        "previous": float(a[i[1:], i[1:] - 1].mean()) if n > 1 else None,
        "first": float(a[1:, 0].mean()) if n > 1 else None,
        "self": float(a[i[1:], i[1:]].mean()) if n > 1 else None,
    }
    rows = [r for r in range(n) if prev_occ[r] >= 0]
    out["induction"] = (float(np.mean([a[r, prev_occ[r] + 1] for r in rows]))
                        if rows else None)
    best, label = -1.0, "mixed"
    for name in PATTERNS:
        if out[name] is not None and out[name] > best:
            best, label = out[name], name
    out["label"] = label if best >= LABEL_THRESHOLD else "mixed"
    return out


def summarise(attn, tokens):
    """One dict per head, layer-major."""
    attn = np.asarray(attn, np.float64)
    while attn.ndim < 4:
        attn = attn[None]
    prev_occ = previous_occurrence([str(t) for t in tokens])
    heads = []
    for layer in range(attn.shape[0]):
        for head in range(attn.shape[1]):
            row = {"layer": layer, "head": head}
            row.update(summarise_head(attn[layer, head], prev_occ))
            heads.append(row)
    return attn.shape, heads


def rounded(x):
    return None if x is None else round(x, 6)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", default="assets/heads.npz")
    ap.add_argument("--json", default="tests/fixtures/heads_summary.json")
    args = ap.parse_args()
    with np.load(args.file) as z:
        attn, tokens = z["attn"], list(z["tokens"])
    shape, heads = summarise(attn, tokens)
    doc = {"file": args.file, "n": shape[-1], "layers": shape[0],
           "heads": shape[1], "label_threshold": LABEL_THRESHOLD,
           "heads_summary": [{k: rounded(v) if isinstance(v, float) or v is None
                              else v for k, v in h.items()} for h in heads]}
    with open(args.json, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    cols = ("mean_distance", "entropy", "first_share") + PATTERNS
    print("L H " + " ".join(f"{c[:9]:>9}" for c in cols) + "  label")
    for h in heads:
        vals = " ".join(f"{'-':>9}" if h[c] is None else f"{h[c]:9.4f}"
                        for c in cols)
        print(f"{h['layer']} {h['head']} {vals}  {h['label']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
