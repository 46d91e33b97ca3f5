#!/usr/bin/env python3
"""bench_overlay.py [--runs N] [--services 0,10,30] [--grace0] [--memory]: a container's boot and stop
under execpy's s6-overlay and under the real s6-overlay 3.2.3.2, side by side, in the container harness.

  boot = launch of run-container.sh -> the CMD's first instruction (the CMD is `date +%s.%N`, which
         stamps its start on the shared CLOCK_REALTIME, as the harness's measure-boot-stop.py does)
  stop = that stamp -> run-container.sh has exited (the container is gone)

With --memory: the memory of the whole container once it is up (--services' largest count, 30 by
default): the PSS of every process in it (its /proc, smaps_rollup), measured by the CMD (a python3
that leaves itself out) once every longrun is up, in total and without the services' own `sleep`s.

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


MEMPROBE = r"""
import os, sys, time
n = int(sys.argv[1])
end = time.monotonic() + 20
def procs():
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit() or int(p) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % p, "rb") as f:
                cmd = f.read().split(b"\0")[0]
            with open("/proc/%s/smaps_rollup" % p) as f:
                pss = sum(int(l.split()[1]) for l in f if l.startswith("Pss:"))
        except OSError:
            continue
        out.append((cmd, pss))
    return out
while True:  # every longrun's sleep is there, and the tree has settled
    ps = procs()
    if sum(1 for c, _ in ps if c.endswith(b"sleep")) >= n or time.monotonic() > end:
        break
    time.sleep(0.05)
time.sleep(0.5)
ps = procs()
svc = sum(k for c, k in ps if c.endswith(b"sleep"))
print("MEM %d %d %d" % (sum(k for _, k in ps), sum(k for _, k in ps) - svc, len(ps)))
"""


def memory(rootfs, image, n):
    """(total PSS kB, PSS kB without the services' sleeps, processes) of the
    container once its n longruns are up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S6_", "EXECPY_"))}
    with open(os.path.join(image, "memprobe.py"), "w") as f:
        f.write(MEMPROBE)
    p = subprocess.run([runner.HARNESS, "--rootfs", rootfs, image, "--", "python3", "/memprobe.py",
                        str(n)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL, env=env, timeout=120)
    line = [x for x in p.stdout.decode().splitlines() if x.startswith("MEM ")]
    if p.returncode != 0 or not line:
        raise SystemExit("%s: exit %d, no measure" % (rootfs, p.returncode))
    return tuple(int(x) for x in line[-1].split()[1:])


def main_memory(roots, n, runs):
    print("memory once up, %d longruns, median of %d runs" % (n, runs))
    print("%-20s %12s %18s %10s" % ("root", "PSS, all", "PSS, no services", "processes"))
    with tempfile.TemporaryDirectory(prefix="bench-overlay-") as tmp:
        image = make_image(n, tmp)
        got = {name: [] for name, _ in roots}
        for _ in range(runs):
            for name, rootfs in roots:
                got[name].append(memory(rootfs, image, n))
        for name, _ in roots:
            total, tree, nproc = (statistics.median(x[k] for x in got[name]) for k in range(3))
            print("%-20s %9.1f MB %15.1f MB %10d" % (name, total / 1024, tree / 1024, nproc),
                  flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--services", default="0,10,30")
    ap.add_argument("--grace0", action="store_true", help="S6_KILL_GRACETIME=0 S6_SERVICES_GRACETIME=0")
    ap.add_argument("--memory", action="store_true", help="the PSS of the container once up")
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("bench_overlay.py: the container harness needs root")
    roots = [("execpy", build_execpy_root())]
    if os.path.isdir(os.path.join(runner.REFERENCE_ROOT, "package/admin/s6-overlay")):
        roots.append(("s6-overlay 3.2.3.2", runner.REFERENCE_ROOT))
    else:
        print("(no reference root in %s: execpy alone)" % runner.REFERENCE_ROOT)
    if args.memory:
        return main_memory(roots, max(int(x) for x in args.services.split(",")), args.runs)
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
