#!/usr/bin/env python3
"""execpy's execlineb against Debian's execline 2.9.3.0, in the same run.

Scenarios (issue 2): `execlineb -P -c true`; a 10-builtin chain (define,
importas, foreground, if, fdmove, redirfd, multisubstitute, backtick, export,
then an external program); a 50-step script. Each is run alternately under
both implementations; medians of wall time and the ratio are printed.

    python3 benchmarks/bench_execline.py [--runs N]
"""

import argparse
import os
import statistics
import signal
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMPLS = {
    "execline": ("/usr/lib/execline/bin/execlineb", "/usr/lib/execline/bin:/usr/bin:/bin"),
    "execpy": (os.path.join(ROOT, "bin", "execlineb"), os.path.join(ROOT, "bin") + ":/usr/bin:/bin"),
}

CHAIN10 = """define A a
importas -D x B B
foreground { true }
if { true }
fdmove -c 3 1
redirfd -w 4 /dev/null
multisubstitute { define C c define D d }
backtick -n E { echo e }
export F f
true
"""


def fifty_steps():
    lines = []
    for i in range(10):
        lines += ["define V%d v%d" % (i, i), "export E%d ${V%d}" % (i, i),
                  "importas -D d I%d E%d" % (i, i), "fdmove -c 5 1", "unexport E%d" % i]
    return "\n".join(lines) + "\ntrue\n"


SCENARIOS = [
    ("-P -c true", None),
    ("10-builtin chain", CHAIN10),
    ("50-step script", fifty_steps()),
]


def _alarm(signum, frame):
    raise TimeoutError("a benchmarked command ran for more than 30 s")


def time_one(impl, script_path, runs):
    """Wall time of each run, in seconds.

    posix_spawn + a blocking waitpid: subprocess.run(timeout=...) polls with
    a growing sleep, which rounds every run up to about 16 ms. SIGALRM is the
    watchdog instead of a timeout."""
    exe, path = IMPLS[impl]
    env = {"PATH": path}
    argv = [exe, "-P", "-c", "true"] if script_path is None else [exe, "-P", script_path]
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1)]
    out = []
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        for _ in range(runs):
            signal.alarm(30)
            t = time.perf_counter()
            pid = os.posix_spawn(exe, argv, env, file_actions=actions)
            _, status = os.waitpid(pid, 0)
            out.append(time.perf_counter() - t)
            signal.alarm(0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError("%s failed on %s" % (impl, script_path))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        os.close(devnull)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=40)
    args = ap.parse_args()
    if not os.path.exists(IMPLS["execline"][0]):
        sys.exit("Debian's execline is not installed (apt-get install execline)")
    print("%-18s %12s %12s %8s" % ("scenario", "execline ms", "execpy ms", "ratio"))
    with tempfile.TemporaryDirectory() as tmp:
        for name, script in SCENARIOS:
            path = None
            if script is not None:
                path = os.path.join(tmp, "s")
                with open(path, "w") as f:
                    f.write(script)
            times = {"execline": [], "execpy": []}
            for _ in range(args.runs // 5):  # interleave to share machine noise
                for impl in times:
                    times[impl] += time_one(impl, path, 5)
            c = statistics.median(times["execline"]) * 1000
            p = statistics.median(times["execpy"]) * 1000
            print("%-18s %12.2f %12.2f %8.2f" % (name, c, p, p / c))


if __name__ == "__main__":
    main()
