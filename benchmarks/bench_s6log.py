#!/usr/bin/env python3
"""s6-log throughput: Debian's /usr/bin/s6-log against execpy's bin/s6-log.

Both loggers read the same file of log lines on stdin and write into a
fresh logdir, several times each, interleaved in one run; the report gives
the median wall time of each and the ratio execpy / C.

    python3 benchmarks/bench_s6log.py [--lines N] [--reps R] [--script "n20 s1000000 T"]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMPLS = {"C": "/usr/bin/s6-log", "execpy": os.path.join(ROOT, "bin", "s6-log")}
WORKLOADS = {
    "plain": "n20 s1000000 T",
    "tai64n": "n20 s1000000 t",
    "select": "n20 s1000000 -.* +error +warn t",
}


def make_input(path, n):
    with open(path, "wb") as f:
        for i in range(n):
            level = (b"info", b"warn", b"error", b"debug")[i % 4]
            f.write(b"2024-01-01 service[%d]: %s: log message number %d with some text\n" % (i % 97, level, i))


def run_once(binary, script, infile, workdir):
    logdir = os.path.join(workdir, "ld")
    shutil.rmtree(logdir, ignore_errors=True)
    with open(infile, "rb") as f:
        start = time.perf_counter()
        subprocess.run([binary] + script.split() + [logdir], stdin=f, check=True, timeout=600)
        elapsed = time.perf_counter() - start
    return elapsed


def bench(script, lines, reps, workdir):
    infile = os.path.join(workdir, "input")
    if not os.path.exists(infile):
        make_input(infile, lines)
    times = {name: [] for name in IMPLS}
    for _ in range(reps):
        for name, binary in IMPLS.items():
            times[name].append(run_once(binary, script, infile, workdir))
    med = {name: statistics.median(t) for name, t in times.items()}
    return med, med["execpy"] / med["C"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=200000)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--script", default=None, help="one logging script (without the logdir)")
    args = ap.parse_args()
    if not os.path.exists(IMPLS["C"]):
        sys.exit("bench_s6log: Debian's s6-log is not installed")
    workloads = {"custom": args.script} if args.script else WORKLOADS
    workdir = tempfile.mkdtemp(prefix="bench_s6log.")
    try:
        print("%d lines, %d repetitions, median wall time" % (args.lines, args.reps))
        for name, script in workloads.items():
            med, ratio = bench(script, args.lines, args.reps, workdir)
            print("%-8s %-36s C %.3fs  execpy %.3fs  ratio %.2f" % (name, repr(script), med["C"],
                                                                    med["execpy"], ratio))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
