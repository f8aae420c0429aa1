#!/usr/bin/python3
"""Full attention in NumPy and torch against `attnlab bench`, side by side.

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

torch (if /usr/bin/python3 has it) runs as a user runs it: its default
thread count (printed; on a 2-vCPU VM torch may pick 1), its own softmax;
--torch-threads sets it instead. Each torch size runs in its own process too.

Dev-time only: attnlab itself never runs Python.
usage: scripts/bench_numpy.py [--attnlab ./attnlab] [--n 1024,2048,4096] [--d 64]
                              [--runs 7] [--rounds 3] [--threads 2] [--torch-threads T]
                              [--no-torch]
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
    ap.add_argument("--torch-threads", type=int, default=0)
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--side", default="numpy", help=argparse.SUPPRESS)
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


def numpy_child(n, d, runs, side="numpy", torch_threads=0):
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
    if side == "torch":
        import torch
        if torch_threads:
            torch.set_num_threads(torch_threads)
        scale = 1.0 / d ** 0.5
        Q, K, V = (torch.from_numpy(m) for m in (Q, K, V))

        def attention(Q, K, V):  # noqa: F811 - torch's own matmul and softmax
            return torch.softmax((Q @ K.T) * scale, dim=1) @ V
    with_grad = __import__("contextlib").nullcontext() if side != "torch" else __import__("torch").no_grad()
    with with_grad:
        run_timed(attention, Q, K, V, runs)


def run_timed(attention, Q, K, V, runs):
    """Times attention(Q, K, V) runs times after one untimed; prints the result line."""
    assert str(attention(Q, K, V).dtype).endswith("float32")  # and warms up
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        attention(Q, K, V)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    extra = []
    if "torch" in sys.modules:
        extra = ["torch-%s-threads-%d" % (sys.modules["torch"].__version__,
                                          sys.modules["torch"].get_num_threads())]
    print(statistics.median(times), statistics.median(cpu), status_kb("VmHWM:"),
          " ".join(extra + loaded_blas()))


def run_numpy(args, n, side="numpy"):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.threads))
    if side == "torch":  # as a user runs it: torch decides its threads
        env.pop("OPENBLAS_NUM_THREADS")
    out = subprocess.run([sys.executable, __file__, "--child", str(n), "--d", str(args.d),
                          "--runs", str(args.runs), "--side", side,
                          "--torch-threads", str(args.torch_threads)], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]), out[3:]


def have_torch():
    return subprocess.run([sys.executable, "-c", "import torch"], capture_output=True).returncode == 0


def run_attnlab(args, n):
    out = subprocess.run([args.attnlab, "bench", "--csv", "--no-peak", "--variants", "full,tiled", "--n", str(n),
                          "--d", str(args.d), "--runs", str(args.runs), "--threads",
                          str(args.threads)], check=True, capture_output=True, text=True).stdout
    rows = [line.split(",") for line in out.strip().splitlines()[1:]]
    # variant,n,d,window,threads,runs,bq,bk,median_s,...,peak_rss_kb,cpu_s
    return {r[0]: (float(r[8]), float(r[16]), int(r[15]), r[17] if len(r) > 17 else "?")
            for r in rows}


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
        if args.side != "torch":
            os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.threads))
        numpy_child(args.child, args.d, args.runs, args.side, args.torch_threads)
        return
    import numpy as np
    sizes = [int(s) for s in args.n.split(",")]
    sides = ["numpy"] + ([] if args.no_torch or not have_torch() else ["torch"])
    print("%s vs attnlab bench: d = %d, %d threads for NumPy and attnlab, median of %d runs, "
          "%d alternating rounds" % (" and ".join(sides), args.d, args.threads, args.runs, args.rounds))
    print("load average before: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
    rows, libs, kernel = [], {}, "?"
    for n in sizes:
        t = {k: [] for k in sides + ["full", "tiled"]}
        c = {k: [] for k in t}
        hwm = {}
        for r in range(args.rounds):
            order = sides + ["attnlab"]
            for side in order if r % 2 == 0 else order[::-1]:
                if side != "attnlab":
                    wall, cpu, hwm[side], libs[side] = run_numpy(args, n, side)
                    t[side].append(wall)
                    c[side].append(cpu)
                else:
                    res = run_attnlab(args, n)
                    for k in ("full", "tiled"):
                        t[k].append(res[k][0])
                        c[k].append(res[k][1])
                    hwm["attnlab"], kernel = res["full"][2], res["full"][3]
        med = {k: (statistics.median(t[k]), statistics.median(c[k])) for k in t}
        rows.append((n, med, hwm))
    for side in sides:
        print("loaded by %-6s %s" % (side + ":", ", ".join(libs.get(side) or ["?"])))
    print("attnlab: kernel %s; BLAS linked: %s" % (kernel, ", ".join(attnlab_blas(args.attnlab))))
    print("load average after: %s\n" % " ".join(open("/proc/loadavg").read().split()[:3]))
    print("wall-clock ms (CPU ms of all threads in brackets); ratio = theirs / attnlab's, wall (CPU)")
    head = ["%6s" % "n"] + ["%17s" % k for k in sides + ["attnlab full", "attnlab tiled"]]
    for side in sides:
        head += ["%13s" % ("%s/full" % side), "%13s" % ("%s/tiled" % side)]
    print(" ".join(head) + " %11s %11s" % ("NumPy MiB", "attnlab MiB"))
    for n, med, hwm in rows:
        cells = ["%6d" % n] + ["%7.2f (%7.2f)" % (med[k][0] * 1e3, med[k][1] * 1e3)
                               for k in sides + ["full", "tiled"]]
        for side in sides:
            cells += ["%5.2fx (%4.2fx)" % (med[side][0] / med[k][0], med[side][1] / med[k][1])
                      for k in ("full", "tiled")]
        print(" ".join(cells) + " %11.1f %11.1f" % (hwm.get("numpy", 0) / 1024, hwm.get("attnlab", 0) / 1024))


if __name__ == "__main__":
    main()
