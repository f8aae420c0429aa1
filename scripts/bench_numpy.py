#!/usr/bin/python3
"""Full attention in NumPy against `attnlab bench`, side by side, one run.

    O = softmax(Q K^T / sqrt(d)) V     float32, row max subtracted

NumPy does the products with the BLAS behind libblas.so.3 (on Debian, the
alternatives link points at OpenBLAS; this script prints which library each
side really loaded). Both sides get the same number of threads: NumPy through
OPENBLAS_NUM_THREADS (its products are threaded, its elementwise softmax is
not), attnlab through --threads (its own threads share the query blocks,
OpenBLAS held to one thread each). Each NumPy size runs in its own process,
like attnlab's, so its peak resident set (VmHWM) is its own.

The machine may be shared: rounds alternate NumPy and attnlab so both see the
same load, and the table shows the median over rounds of each side's median,
in wall-clock time and in CPU time (all threads), which other processes
disturb much less.

Dev-time only: attnlab itself never runs Python.
usage: scripts/bench_numpy.py [--attnlab ./attnlab] [--n 1024,2048,4096] [--d 64]
                              [--runs 7] [--rounds 3] [--threads 2]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--attnlab", default="./attnlab")
    ap.add_argument("--n", default="1024,2048,4096")
    ap.add_argument("--d", type=int, default=64)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    return ap.parse_args()


def status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return -1


def loaded_blas():
    """The BLAS shared objects mapped into this process."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1]
            if "blas" in os.path.basename(path):
                libs.add(os.path.realpath(path))
    return sorted(libs)


def numpy_child(n, d, runs):
    """Runs in its own process: prints the median seconds and VmHWM in kB."""
    import numpy as np

    def attention(Q, K, V):
        S = Q @ K.T
        S *= np.float32(1.0 / np.sqrt(Q.shape[1]))
        S -= S.max(axis=1, keepdims=True)
        np.exp(S, out=S)
        S /= S.sum(axis=1, keepdims=True)
        return S @ V

    rng = np.random.default_rng(1)
    Q, K, V = (rng.uniform(-3 ** 0.5, 3 ** 0.5, (n, d)).astype(np.float32) for _ in range(3))
    assert attention(Q, K, V).dtype == np.float32  # and warms up
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        attention(Q, K, V)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(statistics.median(times), statistics.median(cpu), status_kb("VmHWM:"),
          " ".join(loaded_blas()))


def run_numpy(args, n):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.threads))
    out = subprocess.run([sys.executable, __file__, "--child", str(n), "--d", str(args.d),
                          "--runs", str(args.runs)], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]), out[3:]


def run_attnlab(args, n):
    out = subprocess.run([args.attnlab, "bench", "--csv", "--variants", "full,tiled", "--n", str(n),
                          "--d", str(args.d), "--runs", str(args.runs), "--threads",
                          str(args.threads)], check=True, capture_output=True, text=True).stdout
    rows = [line.split(",") for line in out.strip().splitlines()[1:]]
    # variant,n,d,window,threads,runs,bq,bk,median_s,...,peak_rss_kb,cpu_s
    return {r[0]: (float(r[8]), float(r[16]), int(r[15])) for r in rows}


def attnlab_blas(path):
    """The OpenBLAS attnlab runs: a shared library ldd shows, or, linked
    statically (the Makefile's default), the version string inside it."""
    out = subprocess.run(["ldd", path], capture_output=True, text=True).stdout
    shared = sorted(os.path.realpath(line.split("=>")[1].split()[0])
                    for line in out.splitlines() if "blas" in line and "=>" in line)
    if shared:
        return shared
    with open(path, "rb") as f:
        found = re.search(rb"OpenBLAS (\d+\.\d+\.\d+)", f.read())
    return ["OpenBLAS %s, linked statically" % (found.group(1).decode() if found else "?")]


def main():
    args = parse_args()
    if args.child:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.threads))
        numpy_child(args.child, args.d, args.runs)
        return
    import numpy as np
    sizes = [int(s) for s in args.n.split(",")]
    print("NumPy %s vs attnlab bench: d = %d, %d threads each, median of %d runs, "
          "%d alternating rounds" % (np.__version__, args.d, args.threads, args.runs, args.rounds))
    print("load average before: %s" % open("/proc/loadavg").read().split()[0])
    rows, np_blas = [], None
    for n in sizes:
        t = {"numpy": [], "full": [], "tiled": []}
        c = {"numpy": [], "full": [], "tiled": []}
        np_hwm = at_hwm = 0
        for r in range(args.rounds):
            for side in ("numpy", "attnlab") if r % 2 == 0 else ("attnlab", "numpy"):
                if side == "numpy":
                    wall, cpu, np_hwm, np_blas = run_numpy(args, n)
                    t["numpy"].append(wall)
                    c["numpy"].append(cpu)
                else:
                    res = run_attnlab(args, n)
                    for k in ("full", "tiled"):
                        t[k].append(res[k][0])
                        c[k].append(res[k][1])
                    at_hwm = res["full"][2]
        med = {k: (statistics.median(t[k]), statistics.median(c[k])) for k in t}
        rows.append((n, med, np_hwm, at_hwm))
    print("BLAS loaded by NumPy:   %s" % ", ".join(np_blas or ["?"]))
    print("BLAS linked by attnlab: %s" % ", ".join(attnlab_blas(args.attnlab)))
    print("load average after: %s\n" % open("/proc/loadavg").read().split()[0])
    print("wall-clock ms (CPU ms of all threads in brackets); ratio = NumPy / attnlab")
    print("%6s %17s %17s %17s %13s %13s %8s %8s" % (
        "n", "NumPy", "attnlab full", "attnlab tiled", "ratio full", "ratio tiled",
        "NumPy", "full"))
    print("%6s %17s %17s %17s %13s %13s %8s %8s" % ("", "", "", "", "wall (CPU)", "wall (CPU)",
                                                    "RSS MiB", "RSS MiB"))
    for n, med, np_hwm, at_hwm in rows:
        cells = ["%7.2f (%7.2f)" % (med[k][0] * 1e3, med[k][1] * 1e3) for k in ("numpy", "full", "tiled")]
        ratios = ["%5.2fx (%4.2fx)" % (med["numpy"][0] / med[k][0], med["numpy"][1] / med[k][1])
                  for k in ("full", "tiled")]
        print("%6d %17s %17s %17s %13s %13s %8.1f %8.1f" % (
            n, cells[0], cells[1], cells[2], ratios[0], ratios[1], np_hwm / 1024, at_hwm / 1024))


if __name__ == "__main__":
    main()
