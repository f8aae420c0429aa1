#!/usr/bin/python3
"""Trains a tiny decoder-only (causal) transformer on sequences with a
repeated segment and saves its attention on one readable example as
assets/heads.npz, the file `attnlab view` opens out of the box.

Development time only (Debian's python3-torch and python3-numpy); attnlab
itself never runs Python. One CPU thread, fixed seeds; 2000 steps take a
few CPU minutes (1 to 4 minutes here, on a shared machine).

Why repeated segments: the second copy of a random segment can only be
predicted by looking back at the first copy. Two-layer models learn it with
two kinds of heads that work together (Olsson et al. 2022, "In-context
learning and induction heads"; Elhage et al. 2021, "A mathematical framework
for transformer circuits"): a previous-token head in layer 0 (each position
looks at the one before it) and an induction head in layer 1 (each position
looks at the token that followed the previous occurrence of its own token,
which is the token to predict). scripts/heads_summary.py checks from the
saved numbers that these heads appeared.

The data. Vocabulary: 20 short words plus the start token "<s>". A training
sequence has N_CTX = 33 tokens: "<s>", then F filler words, then a segment of
P distinct words, then the same segment again; P is drawn from 4..14 and
F = 32 - 2P. The filler is drawn (with repeats) from all 20 words, so a word
of the segment may also occur in the filler: the model must then use the
most recent occurrence, which needs a sharp previous-token head (with the
filler drawn from the other words only, layer 0 learned broad "recent
window" heads instead and no head was clearly previous-token). Every
position is trained on next-word prediction, the last one too: its target is
the segment's first word (the repeat goes on), so every position embedding is
trained. The accuracy reported is on the predictable targets only: words
2..P of the second copy and the word after it (the first word of the second
copy cannot be known in advance). Held-out sequences come from another seed.

The model: 2 layers x 4 heads, d_model 64, d_head 16, learned positions,
attention-only pre-LayerNorm blocks (as the small models of Olsson et al.;
--mlp N adds an N-wide GELU MLP to each block), a final LayerNorm and an
untied unembedding. AdamW, lr 1e-3, weight decay 0.01, batch 64, 2000 steps
(held-out accuracy 0.999 at 2000 steps with seed 1; the previous-token head
is sharpest then and softens a little with longer training).

The file (np.savez, uncompressed; the format of issue 16 / README.md):
  attn    float32 [layers, heads, q, k]   softmax rows, causal (upper triangle 0)
  scores  float32 [layers, heads, q, k]   q.k / sqrt(d_head) before the softmax;
                                          masked (j > i) entries are -inf
  q, k, v float32 [layers, heads, n, d_head]  per-head projections (with bias),
                                          so attn = softmax(q k^T / sqrt(d_head))
  tokens  unicode [n]                     the example's words
  about   unicode scalar                  script version, seeds, steps, accuracy

Run twice, the script writes the same bytes (one thread, fixed seeds, and
np.savez's zip entries carry a fixed 1980-01-01 date): compare with sha256sum.
With seed 1 and torch 1.13 (Debian 12) the sha256 of assets/heads.npz is
c96a5638248595953034893c15ff0ed6d18bde479bcd52d814b4661bb9b52a89; another torch
version may differ in the last bits (and "about" names the version).

usage: /usr/bin/python3 scripts/train_heads.py [--out assets/heads.npz]
           [--seed 1] [--steps 2000] [--mlp 0]"""
import argparse
import math
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

VERSION = "train_heads.py v1"
WORDS = ["the", "cat", "sat", "on", "mat", "dog", "ran", "to", "a", "red",
         "big", "hat", "sun", "sky", "blue", "fox", "jump", "over", "lazy",
         "bird"]
BOS = "<s>"
VOCAB = [BOS] + WORDS
N_CTX = 33
P_MIN, P_MAX = 4, 14
LAYERS, HEADS, D_MODEL, D_MLP = 2, 4, 64, 0
D_HEAD = D_MODEL // HEADS
BATCH, LR = 64, 1e-3


def make_batch(rng, count):
    """count sequences as int64 [count, N_CTX + 1] (N_CTX inputs, the last
    token only a target) and, per sequence, the index where the second copy
    starts and its period. Token 0 is <s>."""
    seqs = np.zeros((count, N_CTX + 1), np.int64)
    starts = np.zeros(count, np.int64)
    periods = np.zeros(count, np.int64)
    for b in range(count):
        p = int(rng.randint(P_MIN, P_MAX + 1))
        f = N_CTX - 1 - 2 * p
        seg = rng.permutation(len(WORDS))[:p] + 1
        filler = rng.randint(1, len(WORDS) + 1, size=f)
        seqs[b] = np.concatenate([[0], filler, seg, seg, seg[:1]])
        starts[b] = 1 + f + p
        periods[b] = p
    return seqs, starts, periods


class Attention(nn.Module):
    """Causal multi-head self-attention that can hand back its insides."""

    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(D_MODEL, 3 * D_MODEL)
        self.out = nn.Linear(D_MODEL, D_MODEL)
        mask = torch.triu(torch.ones(N_CTX, N_CTX, dtype=torch.bool), 1)
        self.register_buffer("mask", mask)

    def forward(self, x, keep=None):
        b, n, _ = x.shape
        q, k, v = self.qkv(x).split(D_MODEL, dim=-1)
        q, k, v = (t.view(b, n, HEADS, D_HEAD).transpose(1, 2)
                   for t in (q, k, v))
        scores = q @ k.transpose(-1, -2) / math.sqrt(D_HEAD)
        scores = scores.masked_fill(self.mask[:n, :n], float("-inf"))
        attn = scores.softmax(dim=-1)
        if keep is not None:
            keep.append(dict(q=q, k=k, v=v, scores=scores, attn=attn))
        y = (attn @ v).transpose(1, 2).reshape(b, n, D_MODEL)
        return self.out(y)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D_MODEL)
        self.attn = Attention()
        self.mlp = None
        if D_MLP:
            self.ln2 = nn.LayerNorm(D_MODEL)
            self.mlp = nn.Sequential(nn.Linear(D_MODEL, D_MLP), nn.GELU(),
                                     nn.Linear(D_MLP, D_MODEL))

    def forward(self, x, keep=None):
        x = x + self.attn(self.ln1(x), keep)
        return x + self.mlp(self.ln2(x)) if self.mlp else x


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(len(VOCAB), D_MODEL)
        self.pos = nn.Embedding(N_CTX, D_MODEL)
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln = nn.LayerNorm(D_MODEL)
        self.unembed = nn.Linear(D_MODEL, len(VOCAB))

    def forward(self, idx, keep=None):
        x = self.tok(idx) + self.pos(torch.arange(idx.shape[1]))
        for block in self.blocks:
            x = block(x, keep)
        return self.unembed(self.ln(x))


def repeat_accuracy(model, seqs, starts, periods):
    """Share of the predictable targets (words 2..P of the second copy and
    the word after it) predicted right, greedy."""
    with torch.no_grad():
        pred = model(torch.from_numpy(seqs[:, :-1])).argmax(-1).numpy()
    right = total = 0
    for b in range(len(seqs)):
        s, p = starts[b], periods[b]
        # position i predicts token i+1; targets s+1 .. s+p
        right += int((pred[b, s:s + p] == seqs[b, s + 1:s + p + 1]).sum())
        total += p
    return right / total


def train(seed, steps):
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    model = Model()
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    probe = make_batch(np.random.RandomState(20_000 + seed), 200)
    for step in range(1, steps + 1):
        seqs, _, _ = make_batch(rng, BATCH)
        x = torch.from_numpy(seqs)
        logits = model(x[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, len(VOCAB)),
                               x[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 500 == 0:
            acc = repeat_accuracy(model, *probe)
            keep = []
            with torch.no_grad():
                model(torch.from_numpy(probe[0][:50, :-1]), keep)
            a = keep[0]["attn"].diagonal(-1, -2, -1).mean((0, 2))
            print(f"step {step}: loss {loss.item():.4f}, accuracy on the "
                  f"repeat {acc:.3f}, layer 0 on the previous token "
                  f"{a.numpy().round(2)}", file=sys.stderr)
    return model


def example():
    """The readable example: 8 distinct filler words, then a 12-word segment
    twice (period 12, length 33; a sequence of the training kind). Fixed,
    not drawn."""
    filler = ["fox", "jump", "over", "lazy", "bird", "to", "a", "on"]
    seg = ["the", "big", "red", "dog", "sat", "mat", "cat", "ran", "sun",
           "sky", "blue", "hat"]
    assert not set(filler) & set(seg) and len(set(seg)) == len(seg)
    words = [BOS] + filler + seg + seg
    assert len(words) == N_CTX
    return words


def dump(model, words):
    """Runs the model on words and returns the arrays of the file."""
    idx = torch.tensor([[VOCAB.index(w) for w in words]])
    keep = []
    with torch.no_grad():
        model(idx, keep)
    arr = {name: torch.stack([layer[name][0] for layer in keep]).numpy()
           .astype(np.float32) for name in ("attn", "scores", "q", "k", "v")}
    # the file must be self-consistent: attn = softmax(q k^T / sqrt(d))
    s = arr["q"] @ np.swapaxes(arr["k"], -1, -2) / np.sqrt(D_HEAD)
    s = np.where(np.triu(np.ones((N_CTX, N_CTX), bool), 1), -np.inf, s)
    e = np.exp(s - s.max(-1, keepdims=True))
    assert np.abs(e / e.sum(-1, keepdims=True) - arr["attn"]).max() < 1e-5
    assert np.abs(arr["attn"].sum(-1) - 1).max() < 1e-5
    return arr


def main():
    global D_MLP
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="assets/heads.npz")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--mlp", type=int, default=D_MLP,
                    help="width of an MLP after each attention (0: none)")
    args = ap.parse_args()
    D_MLP = args.mlp
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    model = train(args.seed, args.steps)
    model.eval()
    held = make_batch(np.random.RandomState(10_000 + args.seed), 2000)
    acc = repeat_accuracy(model, *held)
    words = example()
    arr = dump(model, words)
    ex = repeat_accuracy(model, *make_batch_from(words))
    about = (f"{VERSION}; torch {torch.__version__}; seed {args.seed}; "
             f"steps {args.steps}; held-out accuracy on the repeated half "
             f"{acc:.4f} (2000 sequences, seed {10_000 + args.seed}); "
             f"this example {ex:.4f}; {LAYERS} layers x {HEADS} heads, "
             f"d_model {D_MODEL}, d_head {D_HEAD}; scores masked with -inf")
    np.savez(args.out, attn=arr["attn"], scores=arr["scores"], q=arr["q"],
             k=arr["k"], v=arr["v"], tokens=np.array(words),
             about=np.array(about))
    print(about)


def make_batch_from(words):
    """The example as a batch of one, with its second copy's start and
    period (for repeat_accuracy)."""
    seq = [VOCAB.index(w) for w in words] + [VOCAB.index(words[21])]
    return np.array([seq], np.int64), np.array([21]), np.array([12])


if __name__ == "__main__":
    main()
