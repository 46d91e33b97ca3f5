#!/usr/bin/python3
"""What a supervision tree costs: memory and time to bring N services up.

For each implementation and each N, a scan directory of N services (each
``exec sleep <marker>``) is supervised; the benchmark measures

  * up: seconds from starting the supervisor to all N services running;
  * pss: the sum of Pss (/proc/PID/smaps_rollup) of the supervisor
    processes, not of the services: execpy's one s6-svscan process;
    Debian's s6-svscan plus its N s6-supervise processes; supervisord;
  * rss and anon (Pss_Anon: memory no other process shares) likewise.

Pss divides shared pages between the processes that map them, so a
Python supervisor looks smaller while other Python processes run; anon
is the part that does not depend on the neighbours.

Implementations: execpy (bin/s6-svscan), execpy-execline (the same, with
execline run scripts interpreted in the forked child), s6 (/usr/bin), and
supervisord when it can be installed into a throwaway virtualenv under
/tmp (``--supervisord-venv``; never a project dependency).

    python3 benchmarks/bench_supervision.py [--counts 30,90] [--impls ...]
                                            [--json FILE] [--repeat N]
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = "/tmp/bench-supervisord-venv"


def smaps(pid):
    out = {"Pss": 0, "Rss": 0, "Pss_Anon": 0}
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in out:
                    out[key] = int(rest.split()[0])
    except OSError:
        pass
    return out


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().split(b"\0")
    except OSError:
        return []


def count_marker(marker):
    n = 0
    want = str(marker).encode()
    for name in os.listdir("/proc"):
        if name.isdigit():
            c = cmdline(int(name))
            if len(c) >= 2 and c[0].endswith(b"sleep") and c[1] == want:
                n += 1
    return n


def make_scandir(base, n, marker, execline):
    scan = os.path.join(base, "scan")
    os.makedirs(scan)
    for i in range(n):
        d = os.path.join(scan, "svc%03d" % i)
        os.mkdir(d)
        with open(os.path.join(d, "run"), "w") as f:
            if execline:
                f.write("#!%s/bin/execlineb -P\nsleep %d\n" % (ROOT, marker))
            else:
                f.write("#!/bin/sh\nexec sleep %d\n" % marker)
        os.chmod(os.path.join(d, "run"), 0o755)
    return scan


def supervisor_pids(impl, pid):
    if impl == "s6":
        return [pid] + [c for c in children(pid) if cmdline(c)[:1] == [b"s6-supervise"]]
    return [pid]


def start(impl, base, n, marker):
    env = {"PATH": "/usr/bin:/bin"}
    if impl in ("execpy", "execpy-execline"):
        scan = make_scandir(base, n, marker, impl == "execpy-execline")
        argv = [os.path.join(ROOT, "bin", "s6-svscan"), scan]
    elif impl == "s6":
        scan = make_scandir(base, n, marker, False)
        argv = ["/usr/bin/s6-svscan", scan]
    else:
        conf = os.path.join(base, "supervisord.conf")
        with open(conf, "w") as f:
            f.write("[supervisord]\nnodaemon=true\nlogfile=%s/sd.log\npidfile=%s/sd.pid\n"
                    "[unix_http_server]\nfile=%s/sd.sock\n" % (base, base, base))
            for i in range(n):
                f.write("[program:svc%03d]\ncommand=sleep %d\nautorestart=true\nstartsecs=0\n"
                        "stdout_logfile=NONE\nstderr_logfile=NONE\n" % (i, marker))
        argv = [os.path.join(VENV, "bin", "supervisord"), "-c", conf]
        scan = None
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    return p, scan, t0


def stop(impl, p, scan):
    try:
        if impl == "s6" or impl.startswith("execpy"):
            subprocess.run(["/usr/bin/s6-svscanctl", "-t", scan], timeout=10,
                           stderr=subprocess.DEVNULL)
        else:
            p.send_signal(signal.SIGTERM)
        p.wait(20)
    except (subprocess.TimeoutExpired, OSError):
        pass
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        if p.poll() is None:
            p.kill()
            p.wait(10)


def kill_marker(marker):
    want = str(marker).encode()
    for name in os.listdir("/proc"):
        if name.isdigit():
            c = cmdline(int(name))
            if len(c) >= 2 and c[0].endswith(b"sleep") and c[1] == want:
                try:
                    os.kill(int(name), signal.SIGKILL)
                except OSError:
                    pass


def measure(impl, n, settle=2.0):
    marker = 1000000 + os.getpid() % 10000 * 10 + n % 10 + 7
    base = tempfile.mkdtemp(prefix="bench-sv-")
    p = None
    try:
        p, scan, t0 = start(impl, base, n, marker)
        up = None
        deadline = t0 + 60
        while time.monotonic() < deadline:
            if count_marker(marker) >= n:
                up = time.monotonic() - t0
                break
            if p.poll() is not None:
                break
            time.sleep(0.005)
        time.sleep(settle)
        total = {"Pss": 0, "Rss": 0, "Pss_Anon": 0}
        pids = supervisor_pids(impl, p.pid)
        for pid in pids:
            for k, v in smaps(pid).items():
                total[k] += v
        return {"impl": impl, "services": n, "up_seconds": up, "processes": len(pids),
                "pss_kb": total["Pss"], "rss_kb": total["Rss"], "anon_kb": total["Pss_Anon"]}
    finally:
        if p is not None:
            stop(impl, p, scan)
        kill_marker(marker)
        shutil.rmtree(base, ignore_errors=True)


def have_supervisord(install):
    exe = os.path.join(VENV, "bin", "supervisord")
    if os.path.exists(exe):
        return True
    if not install:
        return False
    try:
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True, timeout=120)
        subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "-q", "supervisor"],
                       check=True, timeout=300)
    except (subprocess.SubprocessError, OSError):
        return False
    return os.path.exists(exe)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--counts", default="30,90")
    ap.add_argument("--impls", default="execpy,execpy-execline,s6,supervisord")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json")
    ap.add_argument("--supervisord-venv", action="store_true",
                    help="install supervisor into %s if it is not there" % VENV)
    args = ap.parse_args()
    counts = [int(x) for x in args.counts.split(",")]
    impls = args.impls.split(",")
    if "supervisord" in impls and not have_supervisord(args.supervisord_venv):
        print("supervisord: not installed (use --supervisord-venv); skipped", file=sys.stderr)
        impls.remove("supervisord")
    results = []
    for impl in impls:
        for n in counts:
            best = None
            for _ in range(args.repeat):
                r = measure(impl, n)
                if best is None or r["pss_kb"] < best["pss_kb"]:
                    best = r
            results.append(best)
            up = "%.3f" % best["up_seconds"] if best["up_seconds"] is not None else "never"
            print("%-16s N=%-4d up %6ss  procs %4d  PSS %7d kB  RSS %7d kB  anon %7d kB"
                  % (impl, n, up, best["processes"], best["pss_kb"], best["rss_kb"], best["anon_kb"]))
    if len(counts) >= 2:
        lo, hi = min(counts), max(counts)
        for impl in impls:
            a = [r for r in results if r["impl"] == impl and r["services"] == lo]
            b = [r for r in results if r["impl"] == impl and r["services"] == hi]
            if a and b:
                per = (b[0]["pss_kb"] - a[0]["pss_kb"]) / float(hi - lo)
                print("%-16s per extra service: %.1f kB PSS" % (impl, per))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
