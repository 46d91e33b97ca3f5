#!/usr/bin/env python3
"""execpy's s6-rc-compile and s6-rc-db against C s6-rc 0.7.0.0 (issue 9).

Trees: "30" (10 oneshots with execline up/down files, 20 longruns, two
pipelines, bundles, dependencies) and "many" (tests/rc_trees.py, 48
services). Each command is timed alternately under both implementations;
medians and the ratio are printed. C is the oracle in /tmp/oracle/bin
(skipped, with a message, where it is absent).

    python3 benchmarks/bench_rc.py [--runs N]
"""

import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import rc_trees  # noqa: E402

BINS = {"C": "/tmp/oracle/bin", "execpy": os.path.join(ROOT, "bin")}


def tree30():
    t = rc_trees
    files = {}
    for i in range(10):
        deps = ["o%d" % (i - 1)] if i else []
        files.update(t._oneshot("src/o%d" % i, "foreground { echo up %d }\nif { true }\n"
                                "importas -D x V V\necho ${V}\n" % i,
                                "foreground { echo down %d }\ntrue\n" % i, deps=deps))
    for i in range(20):
        extra = {}
        if i in (0, 1):
            extra["producer_for"] = "l%d\n" % (i + 2)
        elif i in (2, 3):
            extra["consumer_for"] = "l%d\n" % (i - 2)
            extra["pipeline_name"] = "pipe%d\n" % i
        else:
            extra["notification_fd"] = "3\n"
        files.update(t._longrun("src/l%d" % i, deps=["o%d" % (i % 10)], **extra))
    files.update(t._bundle("src/all-o", ["o%d" % i for i in range(10)]))
    files.update(t._bundle("src/all", ["all-o", "pipe2", "pipe3"]
                           + ["l%d" % i for i in range(4, 20)]))
    return files, ["db", "src"]


def _alarm(signum, frame):
    raise TimeoutError("a benchmarked command ran for more than 30 s")


def time_one(argv, cwd, runs, before=None):
    """Wall time of each run, in seconds (posix_spawn + a blocking wait4;
    SIGALRM is the watchdog). ``before`` runs before each, untimed."""
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    out = []
    old = signal.signal(signal.SIGALRM, _alarm)
    here = os.getcwd()
    os.chdir(cwd)
    try:
        for _ in range(runs):
            if before:
                before()
            signal.alarm(30)
            t = time.perf_counter()
            pid = os.posix_spawn(argv[0], argv, {"PATH": "/usr/bin:/bin"}, file_actions=actions)
            _, status, _ = os.wait4(pid, 0)
            out.append(time.perf_counter() - t)
            signal.alarm(0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError("%s failed" % argv)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        os.chdir(here)
        os.close(devnull)
    return out


def bench(label, cwd, args, impls, runs):
    db = os.path.join(cwd, args[0])

    def clean():
        shutil.rmtree(db, ignore_errors=True)

    def listdb(impl):
        return [os.path.join(BINS[impl], "s6-rc-db"), "-c", db, "list", "all"]

    for what, mk, before in (("compile", lambda i: [os.path.join(BINS[i], "s6-rc-compile")] + args,
                              clean), ("db list all", listdb, None)):
        if before is None:
            clean()
            time_one([os.path.join(BINS["execpy"], "s6-rc-compile")] + args, cwd, 1)
        times = {i: [] for i in impls}
        for _ in range(max(1, runs // 5)):
            for i in impls:
                times[i] += time_one(mk(i), cwd, 5, before)
        med = {i: statistics.median(t) * 1000 for i, t in times.items()}
        ratio = "%8.2f" % (med["execpy"] / med["C"]) if "C" in med else "       -"
        print("%-6s %-12s %10s %10.2f %s" % (label, what, "%.2f" % med["C"] if "C" in med else "-",
                                             med["execpy"], ratio))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=40)
    args = ap.parse_args()
    impls = ["execpy"]
    if os.path.exists(os.path.join(BINS["C"], "s6-rc-compile")):
        impls.insert(0, "C")
    else:
        print("C s6-rc is not built in /tmp/oracle/bin (see issue 9): timing execpy alone")
    many = rc_trees.VALID["many"]
    trees = [("30", *tree30()), ("many", many["files"], many["argv"])]
    print("%-6s %-12s %10s %10s %8s" % ("tree", "command", "C ms", "execpy ms", "ratio"))
    with tempfile.TemporaryDirectory() as tmp:
        for label, files, argv in trees:
            cwd = os.path.join(tmp, label)
            rc_trees.materialize(files, cwd)
            bench(label, cwd, argv, impls, args.runs)


if __name__ == "__main__":
    main()
