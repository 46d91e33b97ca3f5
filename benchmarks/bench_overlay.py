#!/usr/bin/env python3
"""bench_overlay.py [--runs N] [--services 0,10,30] [--grace0]: a container's boot and stop under
execpy's s6-overlay and under the real s6-overlay 3.2.3.2, side by side, in the container harness.

  boot = launch of run-container.sh -> the CMD's first instruction (the CMD is `date +%s.%N`, which
         stamps its start on the shared CLOCK_REALTIME, as the harness's measure-boot-stop.py does)
  stop = that stamp -> run-container.sh has exited (the container is gone)

with 0, 10 and 30 s6-rc longruns in the user bundle (each `sleep 100000`, depending on base), in
default settings (the stop includes S6_KILL_GRACETIME's unconditional 3 s) or, with --grace0,
S6_KILL_GRACETIME=0 S6_SERVICES_GRACETIME=0. The two roots run alternately; medians are printed.

execpy's root: the harness's base image + `execpy overlay install --symlinks`, made under /tmp.
The reference root: tests/overlay/make-reference-root.sh's (/tmp/execpy-overlay-ref/root), left out
when absent. Needs root (the harness).
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
sys.path.insert(0, ROOT)
from tests.overlay import runner  # noqa: E402

MAKE_BASE = os.path.join(os.path.dirname(runner.HARNESS), "make-base.sh")
WORK = "/tmp/execpy-overlay-bench"


def build_execpy_root():
    dest = os.path.join(WORK, "root")
    shutil.rmtree(dest, ignore_errors=True)
    subprocess.run(["sh", MAKE_BASE, dest], check=True, timeout=120, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, os.path.join(ROOT, "bin", "execpy"), "overlay", "install",
                    "--root", dest, "--symlinks"], check=True, timeout=120, stdout=subprocess.DEVNULL)
    return dest


def make_image(n, where):
    """An image with n longruns in the user bundle."""
    image = os.path.join(where, "image-%d" % n)
    src = os.path.join(image, "etc/s6-overlay/s6-rc.d")
    user = os.path.join(image, "etc/s6-overlay/user-bundles.d/user/contents.d")
    os.makedirs(src)
    os.makedirs(user)
    for k in range(n):
        d = os.path.join(src, "svc%02d" % k)
        os.makedirs(os.path.join(d, "dependencies.d"))
        open(os.path.join(d, "dependencies.d", "base"), "w").close()
        with open(os.path.join(d, "type"), "w") as f:
            f.write("longrun\n")
        with open(os.path.join(d, "run"), "w") as f:
            f.write("#!/command/execlineb -P\nsleep 100000\n")
        os.chmod(os.path.join(d, "run"), 0o755)
        open(os.path.join(user, "svc%02d" % k), "w").close()
    return image


def once(rootfs, image, env_opts):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S6_", "EXECPY_"))}
    t0 = time.time()
    p = subprocess.run([runner.HARNESS, "--rootfs", rootfs] + env_opts + [image, "--", "date", "+%s.%N"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                       env=env, timeout=120)
    t1 = time.time()
    if p.returncode != 0:
        raise SystemExit("%s: exit %d" % (rootfs, p.returncode))
    tc = float(p.stdout.decode().split()[-1])
    return tc - t0, t1 - tc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--services", default="0,10,30")
    ap.add_argument("--grace0", action="store_true", help="S6_KILL_GRACETIME=0 S6_SERVICES_GRACETIME=0")
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("bench_overlay.py: the container harness needs root")
    roots = [("execpy", build_execpy_root())]
    if os.path.isdir(os.path.join(runner.REFERENCE_ROOT, "package/admin/s6-overlay")):
        roots.append(("s6-overlay 3.2.3.2", runner.REFERENCE_ROOT))
    else:
        print("(no reference root in %s: execpy alone)" % runner.REFERENCE_ROOT)
    env_opts = ["-e", "S6_KILL_GRACETIME=0", "-e", "S6_SERVICES_GRACETIME=0"] if args.grace0 else []
    print("settings: %s, median of %d runs" % ("both grace times 0" if args.grace0 else "default", args.runs))
    print("%-9s %-20s %10s %10s" % ("services", "root", "boot", "stop"))
    with tempfile.TemporaryDirectory(prefix="bench-overlay-") as tmp:
        for n in [int(x) for x in args.services.split(",")]:
            image = make_image(n, tmp)
            for _, rootfs in roots:  # warm-up: page cache, nslaunch
                once(rootfs, image, env_opts)
            times = {name: ([], []) for name, _ in roots}
            for _ in range(args.runs):
                for name, rootfs in roots:
                    boot, stop = once(rootfs, image, env_opts)
                    times[name][0].append(boot)
                    times[name][1].append(stop)
            for name, _ in roots:
                boot, stop = times[name]
                print("%-9d %-20s %7.0f ms %7.0f ms" % (n, name, statistics.median(boot) * 1000,
                                                        statistics.median(stop) * 1000), flush=True)


if __name__ == "__main__":
    main()
