#!/bin/sh
# make bench-figure: the figure export against matplotlib drawing the same
# figure, as whole processes, interleaved: ROUNDS rounds, each one hyperfine
# batch of RUNS runs of both commands, so that a slow spell of this shared
# machine falls on both; the medians over every run. Then a 12-page PDF
# deck (lesson 3), the same way. Prints the machine and the kernel.
# usage: ATTNLAB=./attnlab sh scripts/bench_figure.sh
set -eu
A=${ATTNLAB:-./attnlab}
ROUNDS=${ROUNDS:-6}
RUNS=${RUNS:-5}
B=build/bench
L=tests/lessons/bench-8x8.lesson
mkdir -p $B
"$A" compute $L --step 1 > $B/weights.json
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) CPUs; kernel $(uname -sr); load $(cut -d' ' -f1-3 /proc/loadavg)"
r=1
while [ $r -le "$ROUNDS" ]; do
    hyperfine -N --warmup 1 --runs "$RUNS" --style none --export-json $B/round$r.json \
        "$A export $L --panel weights -o $B/attnlab.png" \
        "/usr/bin/python3 scripts/bench_figure_matplotlib.py $B/weights.json $B/matplotlib.png" \
        "$A export lessons/03-soft-hard-local.lesson --all -o $B/deck.pdf" >/dev/null
    r=$((r + 1))
done
/usr/bin/python3 - "$B" "$ROUNDS" <<'PY'
import json, statistics, sys
d, rounds = sys.argv[1], int(sys.argv[2])
times, cpu = {}, {}
for r in range(1, rounds + 1):
    for res in json.load(open(f"{d}/round{r}.json"))["results"]:
        times.setdefault(res["command"], []).extend(res["times"])
        cpu.setdefault(res["command"], []).append(res["user"] + res["system"])
med = [statistics.median(t) * 1e3 for t in times.values()]
c = [statistics.mean(t) * 1e3 for t in cpu.values()]
n = [len(t) for t in times.values()]
print(f"PNG export, 8x8 weights figure, wall:  attnlab {med[0]:.1f} ms   matplotlib {med[1]:.0f} ms   "
      f"({med[1] / med[0]:.0f}x; medians of {n[0]} runs each, interleaved)")
print(f"  CPU time (user + system, mean):      attnlab {c[0]:.1f} ms   matplotlib {c[1]:.0f} ms   ({c[1] / c[0]:.0f}x)")
print(f"PDF deck, lesson 3 (12 pages):  {med[2]:.1f} ms wall (median of {n[2]} runs), {c[2]:.1f} ms CPU")
PY
ls -l $B/attnlab.png $B/matplotlib.png $B/deck.pdf
