#!/usr/bin/python3
"""The matplotlib side of `make bench-figure`: the same figure as
`attnlab export tests/lessons/bench-8x8.lesson` (an 8 x 8 weights heat map
with its values, token labels, axis names, a title and a colour bar on a
fixed 0..1 scale, 800 x 800 px), drawn from the JSON of `attnlab compute`.

usage: bench_figure_matplotlib.py WEIGHTS.json OUT.png
Timed as a whole process by hyperfine, as attnlab is. Dev-time only."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    step = json.load(open(sys.argv[1]))
    w = step["weights"]
    keys, queries = step["tokens"]["keys"], step["tokens"]["queries"]
    # Font sizes as attnlab's at scale 2 (pixels * 72 / 200 dpi), so both
    # draw the same amount of text: values 22 px, labels 24, title 32.
    fig, ax = plt.subplots(figsize=(4, 4), dpi=200)
    im = ax.imshow(w, cmap="viridis", vmin=0, vmax=1)
    for i, row in enumerate(w):
        for j, v in enumerate(row):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7.8,
                    color="black" if v > 0.45 else "white")
    ax.set_xticks(range(len(keys)), keys, rotation=45, ha="right", fontsize=8.6)
    ax.set_yticks(range(len(queries)), queries, fontsize=8.6)
    ax.set_xlabel("Keys", fontsize=8.6, fontweight="bold")
    ax.set_ylabel("Queries", fontsize=8.6, fontweight="bold")
    fig.suptitle(step["title"], fontsize=11.5, fontweight="bold")
    ax.set_title("weights  a = softmax(e / T)", fontsize=9)
    cb = fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    cb.ax.tick_params(labelsize=7.6)
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=200)


if __name__ == "__main__":
    main()
