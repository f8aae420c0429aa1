#!/usr/bin/python3
"""Trains attnlab's small character-level translators (development time only;
attnlab and `make test` never need Python or torch).

    /usr/bin/python3 scripts/train_translator.py [--task dates|reverse|all]
                     [--steps N] [--fixtures-only]

Debian's python3-torch (1.13) and python3-numpy; one CPU thread; fixed seeds.
Writes assets/translator_{dates,reverse}{,_noattn}.npz and the torch test
vectors tests/fixtures/translator/*.npz that tests/test_seq2seq.c compares the
C forward pass (src/model/seq2seq.c) against.

The tasks
  dates    a date written one of many ways ("30 nov 2026", "November 30, 2026",
           "30/11/26", "Monday 30 November 2026", "2026.11.30", ...) -> ISO
           "2026-11-30". Years 1900..2099; a two-digit year means 1950..2049.
  reverse  a string of 5..40 letters a-z -> the same letters reversed. Reverse
           rather than copy: output i reads input n-1-i, so the alignment is a
           clear anti-diagonal, and the no-attention model must hold the whole
           string in its one vector before it can write the first letter.

The network (exactly what src/model/seq2seq.c computes; x = input indices,
n = input length, GRU as torch.nn.GRU: gates r, z, n in that order)
  GRU(x, h):  r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
              z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
              g = tanh(W_in x + b_in + r * (W_hn h + b_hn))
              h' = (1 - z) * g + z * h
  encoder     fwd_j = GRU_f(E_in[x_j], fwd_{j-1}), bwd_j = GRU_b(E_in[x_j], bwd_{j+1}),
              starting from zeros; h_j = [fwd_j; bwd_j]            (2H numbers)
  last        m = [fwd_{n-1}; bwd_0]   (the encoder's last state, both directions)
  start       s_0 = tanh(W_init m + b_init); y_0 = "<s>"
  attention   e_ij = v^T tanh(W s_{i-1} + U h_j)    (Bahdanau's additive score)
              a_ij = softmax_j(e_ij);  c_i = sum_j a_ij h_j
  no attention  c_i = m for every i (the bottleneck)
  decoder     s_i = GRU_d([E_out[y_{i-1}]; c_i], s_{i-1})
              logits_i = W_out [s_i; c_i] + b_out;  y_i = argmax (greedy) until "</s>"

The .npz members (float32 unless said)
  src_vocab, tgt_vocab   unicode arrays: one character each; src_vocab[0] is
                         "<pad>", tgt_vocab[0..1] are "<s>", "</s>"
  hparams                [E, H, D, A, attention (0/1), max_out]
  about                  unicode, one line: task, script version, seed, accuracy
  emb_in [Vs,E]  enc_f_wih [3H,E] enc_f_whh [3H,H] enc_f_bih [3H] enc_f_bhh [3H]
  enc_b_* (the same, backward)  init_w [D,2H] init_b [D]  emb_out [Vt,E]
  dec_wih [3D,E+2H] dec_whh [3D,D] dec_bih [3D] dec_bhh [3D]
  att_w [A,D] att_u [A,2H] att_v [A]   (attention models only)
  out_w [Vt,D+2H] out_b [Vt]

Test vectors (tests/fixtures/translator/NAME.npz), one per input, from torch:
  input, output (unicode, 1 element), model (the asset's name),
  states [T,D] (s_1..s_T), logits [T,Vt], attn [T,n] (attention models),
  enc [n,2H] (the encoder states).
"""
import argparse
import datetime
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn

VERSION = "1"
SEED = 20261130
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"
REV_MIN, REV_MAX = 5, 40


# ---------------------------------------------------------------- data
def _case(word, rng):
    k = rng.random()
    return word if k < 0.45 else word.lower() if k < 0.85 else word.upper()


def _ordinal(d):
    if 10 <= d % 100 <= 20:
        return "%dth" % d
    return "%d%s" % (d, {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th"))


def _dd(d, rng):
    return "%02d" % d if rng.random() < 0.5 else str(d)


def date_text(dt, rng):
    """One way of writing the date dt, chosen by rng."""
    d, m, y = dt.day, dt.month, dt.year
    mon = _case(MONTHS[m - 1], rng)
    mo3 = _case(MONTHS[m - 1][:3], rng)
    wd = _case(DAYS[dt.weekday()], rng)
    wd3 = _case(DAYS[dt.weekday()][:3], rng)
    yy = "%02d" % (y % 100)
    two = 1950 <= y <= 2049   # a two-digit year is only written where it means one year
    forms = [
        lambda: "%d %s %d" % (d, mo3, y),
        lambda: "%d %s %d" % (d, mon, y),
        lambda: "%s %d, %d" % (mon, d, y),
        lambda: "%s %d, %d" % (mo3, d, y),
        lambda: "%s %d %s %d" % (wd, d, mon, y),
        lambda: "%s, %d %s %d" % (wd, d, mon, y),
        lambda: "%s %d %s %d" % (wd3, d, mo3, y),
        lambda: "%s, %s %d, %d" % (wd, mon, d, y),
        lambda: "%s %s %d" % (_ordinal(d), mon, y),
        lambda: "%s %s, %d" % (mon, _ordinal(d), y),
        lambda: "%s/%s/%d" % (_dd(d, rng), _dd(m, rng), y),
        lambda: "%s.%s.%d" % (_dd(d, rng), _dd(m, rng), y),
        lambda: "%s-%s-%d" % (_dd(d, rng), _dd(m, rng), y),
        lambda: "%d.%02d.%02d" % (y, m, d),
        lambda: "%d/%02d/%02d" % (y, m, d),
        lambda: "%d-%02d-%02d" % (y, m, d),
        lambda: "%d %s %d" % (y, mon, d),
    ]
    if two:
        forms += [
            lambda: "%s/%s/%s" % (_dd(d, rng), _dd(m, rng), yy),
            lambda: "%s.%s.%s" % (_dd(d, rng), _dd(m, rng), yy),
            lambda: "%d %s %s" % (d, mo3, yy),
            lambda: "%s %d, '%s" % (mo3, d, yy),
        ]
    return rng.choice(forms)()


def date_pair(rng):
    start = datetime.date(1900, 1, 1).toordinal()
    end = datetime.date(2099, 12, 31).toordinal()
    dt = datetime.date.fromordinal(rng.randint(start, end))
    return date_text(dt, rng), dt.isoformat()


def reverse_pair(rng, lo=REV_MIN, hi=REV_MAX):
    s = "".join(rng.choice(LETTERS) for _ in range(rng.randint(lo, hi)))
    return s, s[::-1]


def vocabularies(task):
    if task == "dates":
        rng = random.Random(1)
        chars = set()
        for _ in range(20000):
            chars.update(date_pair(rng)[0])
        src = sorted(chars | set("0123456789"))
        tgt = sorted("0123456789-")
    else:
        src = tgt = list(LETTERS)
    return ["<pad>"] + src, ["<s>", "</s>"] + tgt


# ---------------------------------------------------------------- model
class Seq2Seq(nn.Module):
    def __init__(self, n_src, n_tgt, E, H, D, A, attention):
        super().__init__()
        self.attention = attention
        self.emb_in = nn.Embedding(n_src, E, padding_idx=0)
        self.enc = nn.GRU(E, H, batch_first=True, bidirectional=True)
        self.init = nn.Linear(2 * H, D)
        self.emb_out = nn.Embedding(n_tgt, E)
        self.dec = nn.GRUCell(E + 2 * H, D)
        if attention:
            self.W = nn.Linear(D, A, bias=False)
            self.U = nn.Linear(2 * H, A, bias=False)
            self.v = nn.Linear(A, 1, bias=False)
        self.out = nn.Linear(D + 2 * H, n_tgt)

    def encode(self, x, lengths):
        packed = nn.utils.rnn.pack_padded_sequence(
            self.emb_in(x), lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, hn = self.enc(packed)
        hs, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
        last = torch.cat([hn[0], hn[1]], dim=1)
        mask = x != 0
        uh = self.U(hs) if self.attention else None
        return hs, last, uh, mask, torch.tanh(self.init(last))

    def step(self, y_prev, s, hs, last, uh, mask):
        """One decoder step: returns (logits, s_i, a_i or None)."""
        if self.attention:
            e = self.v(torch.tanh(self.W(s)[:, None, :] + uh)).squeeze(-1)
            e = e.masked_fill(~mask, float("-inf"))
            a = torch.softmax(e, dim=1)
            c = torch.bmm(a[:, None, :], hs).squeeze(1)
        else:
            a, c = None, last
        s = self.dec(torch.cat([self.emb_out(y_prev), c], dim=1), s)
        return self.out(torch.cat([s, c], dim=1)), s, a


def batch(pairs, sv, tv):
    si = {c: i for i, c in enumerate(sv)}
    ti = {c: i for i, c in enumerate(tv)}
    n = max(len(a) for a, _ in pairs)
    m = max(len(b) for _, b in pairs) + 1
    x = torch.zeros(len(pairs), n, dtype=torch.long)
    y = torch.full((len(pairs), m), -100, dtype=torch.long)
    for k, (a, b) in enumerate(pairs):
        x[k, :len(a)] = torch.tensor([si[c] for c in a])
        y[k, :len(b) + 1] = torch.tensor([ti[c] for c in b] + [1])
    return x, torch.tensor([len(a) for a, _ in pairs]), y


def loss_of(model, x, lengths, y):
    hs, last, uh, mask, s = model.encode(x, lengths)
    prev = torch.zeros(x.shape[0], dtype=torch.long)          # "<s>"
    total = 0.0
    for i in range(y.shape[1]):
        logits, s, _ = model.step(prev, s, hs, last, uh, mask)
        total = total + nn.functional.cross_entropy(logits, y[:, i], ignore_index=-100,
                                                    reduction="sum")
        prev = y[:, i].clamp(min=0)
    return total / (y >= 0).sum()


@torch.no_grad()
def decode(model, pairs, sv, tv, max_out):
    x, lengths, _ = batch(pairs, sv, tv)
    hs, last, uh, mask, s = model.encode(x, lengths)
    prev = torch.zeros(x.shape[0], dtype=torch.long)
    outs = [[] for _ in pairs]
    done = torch.zeros(x.shape[0], dtype=torch.bool)
    for _ in range(max_out):
        logits, s, _ = model.step(prev, s, hs, last, uh, mask)
        prev = logits.argmax(dim=1)
        for k in range(len(pairs)):
            if not done[k] and prev[k] != 1:
                outs[k].append(tv[prev[k]])
        done |= prev == 1
        if done.all():
            break
    return ["".join(o) for o in outs]


def accuracy(model, pairs, sv, tv, max_out):
    got = []
    for k in range(0, len(pairs), 256):
        got += decode(model, pairs[k:k + 256], sv, tv, max_out)
    return sum(g == b for g, (_, b) in zip(got, pairs)) / len(pairs)


# ---------------------------------------------------------------- training
CONFIG = {   # E, H, D, A, max_out, batch size, steps, learning rate
    "dates": dict(E=16, H=64, D=128, A=64, max_out=12, bs=64, steps=1500, lr=3e-3),
    "reverse": dict(E=16, H=64, D=128, A=64, max_out=44, bs=64, steps=2000, lr=3e-3),
}


def make_pair(task, rng):
    return date_pair(rng) if task == "dates" else reverse_pair(rng)


def train(task, attention, steps=None):
    cfg = CONFIG[task]
    steps = steps or cfg["steps"]
    torch.manual_seed(SEED + attention)
    sv, tv = vocabularies(task)
    test_rng = random.Random(SEED + 7)
    held = [make_pair(task, test_rng) for _ in range(2000)]
    held_inputs = {a for a, _ in held}
    model = Seq2Seq(len(sv), len(tv), cfg["E"], cfg["H"], cfg["D"], cfg["A"], attention)
    opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    rng = random.Random(SEED + 11)
    t0 = time.time()
    for it in range(1, steps + 1):
        pairs = []
        while len(pairs) < cfg["bs"]:
            p = make_pair(task, rng)
            if p[0] not in held_inputs:       # held-out inputs are never trained on
                pairs.append(p)
        loss = loss_of(model, *batch(pairs, sv, tv))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if it % 250 == 0 or it == steps:
            print("  %s attention=%d step %d loss %.4f  %.0fs" %
                  (task, attention, it, loss.item(), time.time() - t0), flush=True)
    model.eval()
    acc = accuracy(model, held, sv, tv, cfg["max_out"])
    detail = ""
    if task == "reverse":
        parts = []
        for lo, hi in ((5, 10), (11, 20), (21, 30), (31, 40)):
            sub = [p for p in held if lo <= len(p[0]) <= hi]
            parts.append("%d-%d: %.3f" % (lo, hi, accuracy(model, sub, sv, tv, cfg["max_out"])))
        detail = " (by length %s)" % ", ".join(parts)
    secs = time.time() - t0
    print("%s attention=%d: exact match %.4f on %d held-out inputs%s, %.0f s" %
          (task, attention, acc, len(held), detail, secs), flush=True)
    return model, sv, tv, acc, detail, secs


def asset_name(task, attention):
    return "translator_%s%s" % (task, "" if attention else "_noattn")


def save(model, task, attention, sv, tv, acc, detail, steps):
    cfg = CONFIG[task]
    st = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    g = {"emb_in": st["emb_in.weight"], "init_w": st["init.weight"], "init_b": st["init.bias"],
         "emb_out": st["emb_out.weight"], "out_w": st["out.weight"], "out_b": st["out.bias"]}
    for d, suf in (("f", ""), ("b", "_reverse")):
        for part in ("wih", "whh", "bih", "bhh"):
            kind = "weight" if part[0] == "w" else "bias"
            g["enc_%s_%s" % (d, part)] = st["enc.%s_%s_l0%s" % (kind, part[1:], suf)]
    for part in ("wih", "whh", "bih", "bhh"):
        kind = "weight" if part[0] == "w" else "bias"
        g["dec_" + part] = st["dec.%s_%s" % (kind, part[1:])]
    if attention:
        g["att_w"] = st["W.weight"]
        g["att_u"] = st["U.weight"]
        g["att_v"] = st["v.weight"].reshape(-1)
    about = ("%s, %s; train_translator.py version %s, seed %d, %d steps; exact match %.4f "
             "on 2000 held-out inputs%s" %
             (task, "additive attention" if attention else "no attention (fixed context)",
              VERSION, SEED, steps, acc, detail))
    g["src_vocab"] = np.array(sv)
    g["tgt_vocab"] = np.array(tv)
    g["hparams"] = np.array([cfg["E"], cfg["H"], cfg["D"], cfg["A"], int(attention),
                             cfg["max_out"]], dtype=np.float32)
    g["about"] = np.array([about])
    path = os.path.join(ROOT, "assets", asset_name(task, attention) + ".npz")
    np.savez_compressed(path, **g)
    print("wrote %s (%d bytes): %s" % (path, os.path.getsize(path), about))


FIXTURE_INPUTS = {
    "dates": ["30 nov 2026", "November 30, 2026", "30/11/26", "Monday 30 November 2026",
              "2026.11.30"],
    "reverse": ["attention", "abcdefghijklmnopqrstuvwxyz"],
}


@torch.no_grad()
def fixtures(model, task, attention, sv, tv):
    """Step-by-step greedy decoding of a few inputs, saved for the C tests."""
    outdir = os.path.join(ROOT, "tests", "fixtures", "translator")
    os.makedirs(outdir, exist_ok=True)
    name = asset_name(task, attention)
    for k, text in enumerate(FIXTURE_INPUTS[task]):
        x, lengths, _ = batch([(text, "")], sv, tv)
        hs, last, uh, mask, s = model.encode(x, lengths)
        prev = torch.zeros(1, dtype=torch.long)
        states, logits, attn, out = [], [], [], []
        for _ in range(CONFIG[task]["max_out"]):
            lg, s, a = model.step(prev, s, hs, last, uh, mask)
            states.append(s[0].numpy()); logits.append(lg[0].numpy())
            if a is not None:
                attn.append(a[0].numpy())
            prev = lg.argmax(dim=1)
            if prev[0] == 1:
                break
            out.append(tv[prev[0]])
        g = dict(input=np.array([text]), output=np.array(["".join(out)]),
                 model=np.array([name]), states=np.array(states, dtype=np.float32),
                 logits=np.array(logits, dtype=np.float32), enc=hs[0].numpy())
        if attn:
            g["attn"] = np.array(attn, dtype=np.float32)
        np.savez_compressed(os.path.join(outdir, "%s_%d.npz" % (name, k)), **g)
        print("  fixture %s_%d: %r -> %r" % (name, k, text, "".join(out)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--task", choices=["dates", "reverse", "all"], default="all")
    ap.add_argument("--attention", choices=["yes", "no", "both"], default="both")
    ap.add_argument("--steps", type=int, default=None)
    args = ap.parse_args()
    torch.set_num_threads(1)
    tasks = ["dates", "reverse"] if args.task == "all" else [args.task]
    which = {"yes": [1], "no": [0], "both": [1, 0]}[args.attention]
    for task in tasks:
        for att in which:
            model, sv, tv, acc, detail, secs = train(task, att, args.steps)
            save(model, task, att, sv, tv, acc, detail, args.steps or CONFIG[task]["steps"])
            fixtures(model, task, att, sv, tv)


if __name__ == "__main__":
    sys.exit(main())
