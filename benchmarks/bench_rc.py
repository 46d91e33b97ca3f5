#!/usr/bin/env python3
"""execpy's s6-rc-compile, s6-rc-db and s6-rc change against C s6-rc
0.7.0.0 (issue 9).

Trees: "30" (10 oneshots with execline up/down files, 20 longruns, two
pipelines, bundles, dependencies) and "many" (tests/rc_trees.py, 48
services). Each command is timed alternately under both implementations;
medians and the ratio are printed. C is the oracle in /tmp/oracle/bin
(skipped, with a message, where it is absent).

``s6-rc -u change all`` runs on a live tree of the "30" tree without its
pipelines (the fd holder is left out: see --help), under each
implementation's whole stack: its s6-svscan, s6-rc-init and s6-rc, and the
programs the database and s6-rc call (C: the oracle's; execpy: execpy's
where it has them, the oracle's otherwise, as tests/test_rc_change.py
links them). Between two timed runs, ``s6-rc -da change`` (untimed)
brings everything down again.

    python3 benchmarks/bench_rc.py [--runs N] [--only change|compile]
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
sys.path.insert(0, ROOT)
import rc_trees  # noqa: E402

BINS = {"C": "/tmp/oracle/bin", "execpy": os.path.join(ROOT, "bin")}


def oneshots10():
    """The 10 oneshots of the "30" tree: a chain, execline up/down files."""
    files = {}
    for i in range(10):
        deps = ["o%d" % (i - 1)] if i else []
        files.update(rc_trees._oneshot("src/o%d" % i, "foreground { echo up %d }\nif { true }\n"
                                       "importas -D x V V\necho ${V}\n" % i,
                                       "foreground { echo down %d }\ntrue\n" % i, deps=deps))
    return files


def tree30():
    t = rc_trees
    files = oneshots10()
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


READY = "#!/bin/sh\necho >&3\nexec sleep 1000\n"


def tree30_live():
    """The 30 services without pipelines: 10 chained oneshots (execline),
    20 longruns each needing a oneshot, half of them telling readiness."""
    t = rc_trees
    files = oneshots10()
    for i in range(20):
        if i % 2:
            files.update(t._longrun("src/l%d" % i, READY, deps=["o%d" % (i % 10)],
                                    notification_fd="3\n"))
        else:
            files.update(t._longrun("src/l%d" % i, deps=["o%d" % (i % 10)]))
    files.update(t._bundle("src/all", ["o%d" % i for i in range(10)]
                           + ["l%d" % i for i in range(20)]))
    return files


class LiveTree:
    """A supervision tree and an s6-rc live directory for one implementation."""

    def __init__(self, impl, top):
        from tests.test_rc_change import C_PREFIXES, make_prefix
        import subprocess
        self.impl, self.top = impl, top
        rc_trees.materialize(tree30_live(), top)
        prefixes = C_PREFIXES if impl == "C" else make_prefix(top, own=True)
        path = BINS[impl] + ":/usr/bin:/bin"
        self.env = {"PATH": path, "EXECPY_S6RC_PREFIXES": prefixes}
        subprocess.run([os.path.join(BINS["execpy"], "s6-rc-compile"), top + "/db", top + "/src"],
                       check=True, env=self.env, timeout=60)
        os.makedirs(top + "/scan")
        self.scan = subprocess.Popen([os.path.join(BINS[impl], "s6-svscan"), top + "/scan"],
                                     env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        time.sleep(0.3)
        subprocess.run([os.path.join(BINS[impl], "s6-rc-init"), "-c", top + "/db", "-l",
                        top + "/live", top + "/scan"], check=True, env=self.env, timeout=60)

    def rc(self, *args):
        return [os.path.join(BINS[self.impl], "s6-rc"), "-l", self.top + "/live"] + list(args)

    def down(self):
        import subprocess
        subprocess.run(self.rc("-da", "change"), check=True, env=self.env, timeout=60,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def close(self):
        from tests.svharness import kill_strays
        self.scan.terminate()
        try:
            self.scan.wait(10)
        except Exception:  # noqa: BLE001
            self.scan.kill()
            self.scan.wait(10)
        kill_strays(self.top)


def bench_change(impls, runs):
    """s6-rc -u change all on each implementation's stack, C's s6-rc and
    execpy's alternately on the same tree."""
    for stack in impls:
        with tempfile.TemporaryDirectory() as tmp:
            tree = LiveTree(stack, os.path.join(tmp, stack))
            try:
                times = {i: [] for i in impls}
                for _ in range(max(1, runs // 5)):
                    for i in impls:
                        argv = [os.path.join(BINS[i], "s6-rc")] + tree.rc("-u", "change",
                                                                         "all")[1:]
                        times[i] += time_one(argv, tmp, 5, tree.down, tree.env)
                tree.down()
            finally:
                tree.close()
        med = {i: statistics.median(t) * 1000 for i, t in times.items()}
        ratio = "%8.2f" % (med["execpy"] / med["C"]) if "C" in med else "       -"
        print("%-6s %-20s %10s %10.2f %s" % ("30-np", "rc change, %s stack" % stack,
                                             "%.2f" % med["C"] if "C" in med else "-",
                                             med["execpy"], ratio))


def _alarm(signum, frame):
    raise TimeoutError("a benchmarked command ran for more than 30 s")


def time_one(argv, cwd, runs, before=None, env=None):
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
            pid = os.posix_spawn(argv[0], argv, env or {"PATH": "/usr/bin:/bin"},
                                 file_actions=actions)
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
        print("%-6s %-20s %10s %10.2f %s" % (label, what, "%.2f" % med["C"] if "C" in med else "-",
                                             med["execpy"], ratio))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--only", choices=("change", "compile"))
    args = ap.parse_args()
    impls = ["execpy"]
    if os.path.exists(os.path.join(BINS["C"], "s6-rc-compile")):
        impls.insert(0, "C")
    else:
        print("C s6-rc is not built in /tmp/oracle/bin (see issue 9): timing execpy alone")
    many = rc_trees.VALID["many"]
    trees = [("30", *tree30()), ("many", many["files"], many["argv"])]
    print("%-6s %-20s %10s %10s %8s" % ("tree", "command", "C ms", "execpy ms", "ratio"))
    if args.only != "compile":
        bench_change(impls, args.runs)
    if args.only == "change":
        return
    with tempfile.TemporaryDirectory() as tmp:
        for label, files, argv in trees:
            cwd = os.path.join(tmp, label)
            rc_trees.materialize(files, cwd)
            bench(label, cwd, argv, impls, args.runs)


if __name__ == "__main__":
    main()
