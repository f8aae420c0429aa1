#!/bin/sh
# Every benchmark of attnlab, with the figures docs/BENCH.md records
# (`make bench` runs this after building). Dev-time: needs /usr/bin/python3
# with NumPy and hyperfine (scripts/deps.sh bench installs them).
# Timings move with the load on the machine: the load average is printed
# before each part; rerun on a quiet machine to compare with docs/BENCH.md.
set -eu
A=${ATTNLAB:-./attnlab}
T=${THREADS:-$(nproc)}
PY=/usr/bin/python3
load() { echo "(load average $(cut -d' ' -f1-3 /proc/loadavg))"; }

echo "== machine, the kernels, the sgemm peak (OpenBLAS's best here) $(load)"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
$A bench --n 64 --runs 1 --variants full --threads "$T" | grep '^#'

echo
echo "== 0. full and tiled at d = 64 against the sgemm peak of the same run, $T threads $(load)"
echo "   (the goal: 'of peak' >= 0.8 at n = 4096 and 8192)"
$A bench --variants full,tiled --n 4096,8192 --runs 5 --threads "$T"

echo
echo "== 1. full attention, d = 64: attnlab against NumPy and torch as a user runs them, $(load)"
$PY scripts/bench_numpy.py --attnlab "$A" --n 1024,2048,4096,8192 --threads "$T"
if [ "$T" -gt 1 ]; then
    echo
    echo "== 1b. the same at n = 4096 on one thread each $(load)"
    $PY scripts/bench_numpy.py --attnlab "$A" --n 4096 --threads 1
fi
core=$($A bench --n 64 --runs 1 --variants full --no-peak | head -1 | sed 's/.*core \([A-Za-z0-9]*\);.*/\1/')
echo
if grep -q avx512f /proc/cpuinfo && ! echo "$core" | grep -qE "SkylakeX|Cooperlake|SapphireRapids"; then
    echo "== 1c. OpenBLAS chose its $core kernels on this AVX-512 CPU; with its AVX-512 ones"
    echo "   for NumPy and torch (OPENBLAS_CORETYPE=SkylakeX), n = 4096, $T threads $(load)"
    OPENBLAS_CORETYPE=SkylakeX $PY scripts/bench_numpy.py --attnlab "$A" --n 4096 --threads "$T" | tail -3
else
    echo "== 1c. OpenBLAS runs its $core kernels here: no comparison with a forced core"
fi

echo
echo "== 2. tiled (online softmax) against full to n = 32768: memory $(load)"
$A bench --variants full,tiled --n 4096,8192,16384,32768 --runs 3 --threads "$T"

echo
echo "== 3. local attention, window 256: time per query stays flat as n grows $(load)"
csv=$($A bench --csv --variants local --n 4096,16384,65536,262144 --runs 9 --threads "$T")
per_query() {
    awk -F, 'NR > 1 {
        if (!n0) { n0 = $2; t0 = $9; c0 = $17 }
        printf "%-6s n = %7d  median %9.3f ms  %8.1f ns/query (CPU %8.1f)  n x%-4d time x%-5.1f (CPU x%.1f)\n",
               $1, $2, $9 * 1e3, $13, $17 / $2 * 1e9, $2 / n0, $9 / t0, $17 / c0 }'
}
echo "$csv" | per_query
echo "   and full attention at the same n (time per query grows with n):"
$A bench --csv --variants full --n 4096,16384 --runs 3 --threads "$T" | per_query

echo
echo "== 4. process start-up floor (not the TUI's first frame): attnlab --version $(load)"
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 10 --runs 200 --style basic "$A --version" 2>&1 | sed -n '1,4p'
else
    echo "hyperfine is missing: sh scripts/deps.sh bench"
fi
