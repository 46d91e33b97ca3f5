#!/usr/bin/env python3
"""An installed execlineb against bin/execlineb, in the same run.

Builds a fresh venv from /usr/bin/python3 and `pip install`s the tree into it
(as tests/test_install.py does; or give --venv to time one that exists),
then runs `execlineb -P -c true` from the venv's bin/ and from the clone's
bin/ alternately (each round in the other order) and prints the medians and
the ratio installed / bin.

    python3 benchmarks/bench_install.py [--runs N] [--venv DIR]
"""

import argparse
import os
import statistics
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

import bench_execline  # noqa: E402  (its time_one: posix_spawn, blocking waitpid)


def compare(venv, runs):
    vbin = os.path.join(venv, "bin")
    bench_execline.IMPLS["installed"] = (os.path.join(vbin, "execlineb"), vbin + ":/usr/bin:/bin")
    order = ["execpy", "installed"]  # execpy: the clone's bin/execlineb
    times = {impl: [] for impl in order}
    for _ in range(runs):
        for impl in order:
            times[impl] += bench_execline.time_one(impl, None, 1)
        order.reverse()
    return {impl: statistics.median(t) * 1000 for impl, t in times.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--venv", help="a venv with execpy installed (default: build a fresh one)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        venv = args.venv
        if venv is None:
            try:
                from tests.test_install import Unavailable, install_venv
            except ImportError as e:  # pytest
                sys.exit("building the venv needs tests/test_install.py's imports (%s); "
                         "or give --venv" % e)
            try:
                venv = install_venv(tmp)
            except Unavailable as e:
                sys.exit(str(e))
        ms = compare(venv, args.runs)
    print("%-30s %12s %12s %8s" % ("execlineb -P -c true", "bin/ ms", "venv ms", "ratio"))
    print("%-30s %12.2f %12.2f %8.3f" % ("", ms["execpy"], ms["installed"],
                                         ms["installed"] / ms["execpy"]))


if __name__ == "__main__":
    main()
