#!/usr/bin/env python3
"""record.py [--runs N] [--jobs J] [--rootfs DIR] [--show | --check] [NAME...]: record the golden files.

Runs every scenario (or the NAMEs) N times (3) against the reference root (make-reference-root.sh),
checks that the normalised result is the same in every run (exit code, lines as a multiset, the
scenario's order constraints), and writes scenarios/<name>/expected from the first run, with the median
stop time. Unstable scenarios are reported and their `expected` is left alone; the exit status is 1 if
there was any.
  --show   run once and print the normalised output; write nothing
  --check  run once and compare with the existing `expected` (as the pytest module does); with
           --rootfs, against another root (execpy's)
"""

import argparse
import concurrent.futures
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runner  # noqa: E402


def stability_problems(sc, results):
    first = results[0]
    problems = []
    for n, r in enumerate(results):
        if r.exit is None:
            problems.append("run %d: timed out after %ss" % (n + 1, sc.timeout))
        problems += ["run %d: %s" % (n + 1, p) for p in runner.order_problems(r.lines, sc.order)]
        if n:
            if r.exit != first.exit:
                problems.append("run %d: exit %s, run 1: %s" % (n + 1, r.exit, first.exit))
            problems += ["run %d against run 1: %s" % (n + 1, p)
                         for p in runner.line_problems(first.lines, r.lines)]
    return problems


def record(sc, runs, rootfs):
    results, hangs = [], 0
    for _ in range(runs):
        result, hung = runner.run_reference(sc, rootfs)
        results.append(result)
        hangs += hung
    problems = stability_problems(sc, results)
    stops = [r.stop_time for r in results if r.stop_time is not None]
    stop = statistics.median(stops) if stops else None
    if not problems:
        with open(sc.expected_path, "w", encoding="utf-8") as f:
            f.write(runner.format_expected(results[0].exit, results[0].lines, stop))
    times = " ".join("%.2f" % r.elapsed for r in results)
    return "%-40s %s  exit %s  runs %ss%s%s" % (
        sc.name, "UNSTABLE" if problems else "ok", results[0].exit, times,
        "  (%d known upstream hang(s), run again)" % hangs if hangs else "",
        "".join("\n    " + p for p in problems)), bool(problems)


def show(sc, rootfs):
    r = runner.run(sc, rootfs)
    print("=== %s: exit %s, %.2fs%s" % (sc.name, r.exit, r.elapsed,
                                        "" if r.stop_time is None else ", stop %.2fs" % r.stop_time))
    print("\n".join(r.lines))
    return "", False


def check(sc, rootfs, reference):
    r = runner.run_reference(sc, rootfs)[0] if reference else runner.run(sc, rootfs)
    problems = runner.compare(sc, runner.load_expected(sc), r)
    return "%-40s %s%s" % (sc.name, "FAIL" if problems else "ok",
                           "".join("\n    " + p for p in problems)), bool(problems)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--rootfs", help="the root to run against (default: the reference root, %s; "
                    "a known upstream hang is forgiven only there)" % runner.REFERENCE_ROOT)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--show", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = ap.parse_args()
    reference = args.rootfs is None
    rootfs = args.rootfs or runner.REFERENCE_ROOT
    scenarios = runner.all_scenarios()
    if args.names:
        known = {sc.name: sc for sc in scenarios}
        missing = [n for n in args.names if n not in known]
        if missing:
            ap.error("no such scenario: %s" % " ".join(missing))
        scenarios = [known[n] for n in args.names]
    if args.show:
        job = lambda sc: show(sc, rootfs)  # noqa: E731
    elif args.check:
        job = lambda sc: check(sc, rootfs, reference)  # noqa: E731
    elif not reference:
        ap.error("goldens are recorded against the reference root only")
    else:
        job = lambda sc: record(sc, args.runs, rootfs)  # noqa: E731
    bad = 0
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        for text, failed in pool.map(job, scenarios):
            if text:
                print(text, flush=True)
            bad += failed
    if bad:
        print("%d scenario(s) %s" % (bad, "failed" if args.check else "unstable"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
