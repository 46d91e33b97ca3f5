#!/usr/bin/env python3
"""s6-log throughput: Debian's /usr/bin/s6-log against execpy's bin/s6-log.

Both loggers read the same file of log lines on stdin and write into a
fresh logdir, several times each, interleaved in one run; the report gives
the median wall time and the median CPU time (user + system) of each, and
the ratios execpy / C. CPU time is the steadier figure on a busy machine.

    python3 benchmarks/bench_s6log.py [--lines N] [--reps R] [--script "n20 s1000000 T"]
                                      [--execpy PATH]

``--execpy`` measures another s6-log in place of this tree's (another
checkout's bin/s6-log, to compare two versions side by side).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMPLS = {"C": "/usr/bin/s6-log", "execpy": os.path.join(ROOT, "bin", "s6-log")}
WORKLOADS = {
    "plain": "n20 s1000000 T",
    "tai64n": "n20 s1000000 t",
    "select": "n20 s1000000 -.* +error +warn t",
}
TIMEOUT = 600


def make_input(path, n):
    with open(path, "wb") as f:
        for i in range(n):
            level = (b"info", b"warn", b"error", b"debug")[i % 4]
            f.write(b"2024-01-01 service[%d]: %s: log message number %d with some text\n" % (i % 97, level, i))


def run_once(binary, script, infile, workdir):
    """(wall, CPU) seconds of one run. The wait blocks in wait4, which also
    gives the CPU time: subprocess's own wait with a timeout polls every
    50 ms and would round every figure to that. A timer kills a run that
    hangs."""
    logdir = os.path.join(workdir, "ld")
    shutil.rmtree(logdir, ignore_errors=True)
    with open(infile, "rb") as f:
        start = time.perf_counter()
        p = subprocess.Popen([binary] + script.split() + [logdir], stdin=f)
        killer = threading.Timer(TIMEOUT, p.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(p.pid, 0)
        finally:
            killer.cancel()
        elapsed = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode:
        sys.exit("bench_s6log: %s exited %d" % (binary, p.returncode))
    return elapsed, usage.ru_utime + usage.ru_stime


def bench(script, lines, reps, workdir):
    infile = os.path.join(workdir, "input")
    if not os.path.exists(infile):
        make_input(infile, lines)
    wall = {name: [] for name in IMPLS}
    cpu = {name: [] for name in IMPLS}
    for _ in range(reps):
        for name, binary in IMPLS.items():
            w, c = run_once(binary, script, infile, workdir)
            wall[name].append(w)
            cpu[name].append(c)
    return ({name: statistics.median(t) for name, t in wall.items()},
            {name: statistics.median(t) for name, t in cpu.items()})


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=200000)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--script", default=None, help="one logging script (without the logdir)")
    ap.add_argument("--execpy", default=None, help="the s6-log to measure instead of bin/s6-log")
    args = ap.parse_args()
    if not os.path.exists(IMPLS["C"]):
        sys.exit("bench_s6log: Debian's s6-log is not installed")
    if args.execpy:
        IMPLS["execpy"] = os.path.abspath(args.execpy)
    workloads = {"custom": args.script} if args.script else WORKLOADS
    workdir = tempfile.mkdtemp(prefix="bench_s6log.")
    try:
        print("%d lines, %d repetitions, median wall time (CPU time)" % (args.lines, args.reps))
        for name, script in workloads.items():
            wall, cpu = bench(script, args.lines, args.reps, workdir)
            print("%-8s %-36s C %.3fs (%.3fs)  execpy %.3fs (%.3fs)  ratio %.2f (%.2f)"
                  % (name, repr(script), wall["C"], cpu["C"], wall["execpy"], cpu["execpy"],
                     wall["execpy"] / wall["C"], cpu["execpy"] / cpu["C"]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
