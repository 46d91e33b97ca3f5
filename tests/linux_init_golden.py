"""Golden expectations for s6-linux-init-maker, recorded from C
s6-linux-init 1.2.0.2 (the build in /tmp/oracle), and the means to run both.

``python3 tests/linux_init_golden.py --record`` runs C's maker on every
option set of CASES into a fresh directory and writes what it made (every
entry: type, mode, owner, a file's bytes, a link's target), its stderr and
its exit code to tests/golden/linux_init/maker.json. The oracle's scripts
name /tmp/oracle/bin/ for every program; execpy's maker is run with
EXECPY_S6LI_PREFIXES naming that directory three times, so the two trees
must be equal byte for byte. The skeleton is written by the test (SKEL).
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOLDEN = os.path.join(HERE, "golden", "linux_init", "maker.json")
ORACLE_BIN = "/tmp/oracle/bin"
PREFIXES = "/tmp/oracle/bin/:/tmp/oracle/bin/:/tmp/oracle/bin/"
TIMEOUT = 30

SKEL = {
    "rc.init": (b"#!/bin/sh -e\necho rc.init \"$@\"\n", 0o755),
    "rc.shutdown": (b"#!/bin/sh\necho rc.shutdown\n", 0o700),
    "rc.shutdown.final": (b"#!/bin/sh\n", 0o644),
    "runlevel": (b"#!/bin/sh\necho runlevel \"$1\"\n", 0o755),
}

OVERLAY = ["-NC", "-D", "top", "-c", "/run/s6/basedir", "-p", "/command:/usr/bin:/bin",
           "-f", "@SKEL@"]

# (name, maker arguments); "@SKEL@" is the skeleton, "@DIR@" the output
# directory (absent in the error cases that have none), "@EXISTS@" a
# directory that is already there.
_CASES = [
    ("overlay-default", OVERLAY + ["-t", "0", "-s", "/run/s6/container_environment", "--"]),
    ("overlay-T", OVERLAY + ["-t", "2", "-s", "/run/s6/container_environment", "--"]),
    ("overlay-keepenv-tT", OVERLAY + ["-t", "3", "--"]),
    ("overlay-logging1", OVERLAY + ["-t", "2", "-1", "-s", "/run/s6/container_environment", "--"]),
    ("overlay-nologger", OVERLAY + ["-t", "2", "-B", "-s", "/run/s6/container_environment", "--"]),
    ("overlay-user", OVERLAY + ["-t", "2", "-u", "nobody", "-s", "/run/s6/container_environment",
                                "--"]),
    ("overlay-user-root", OVERLAY + ["-u", "root", "--"]),
    ("overlay-grace-sync-W", OVERLAY + ["-q", "500", "-S", "-W", "3", "--"]),
    ("overlay-all", OVERLAY + ["-t", "1", "-B", "-q", "0", "-S", "-W", "7",
                               "-s", "/run/s6/container_environment", "--"]),
    ("plain-defaults", ["-f", "@SKEL@"]),
    ("plain-many", ["-f", "@SKEL@", "-c", "/etc/s6-linux-init/current", "-V", "3", "-m", "0077",
                    "-t", "3", "-1", "-L", "-G", "getty 38400 tty1", "-d", "/dev",
                    "-D", "default", "-n", "-q", "10000", "-R", "o1024,c=;m= s0",
                    "-e", "FOO=bar", "-e", "EMPTY=", "-e", "UNSET", "-e", "X=a b\"c\\d"]),
    ("plain-quotes", ["-f", "@SKEL@", "-c", "/base dir/\"q\"\t", "-p", "/a b:/c\x01d",
                      "-s", "/tmp/store", "-D", "3", "-u", "nobody"]),
    ("container-dev", ["-f", "@SKEL@", "-C", "-d", "/dev", "-N", "-B"]),
    # errors
    ("err-relative-base", ["-f", "@SKEL@", "-c", "relative"]),
    ("err-relative-dev", ["-f", "@SKEL@", "-d", "dev"]),
    ("err-readyfd", ["-f", "@SKEL@", "-W", "2"]),
    ("err-store", ["-f", "@SKEL@", "-s", "store"]),
    ("err-tstyle", ["-f", "@SKEL@", "-t", "4"]),
    ("err-user", ["-f", "@SKEL@", "-u", "no-such-user-xyz"]),
    ("err-res-syntax", ["-f", "@SKEL@", "-R", "n=5"]),
    ("err-res-range", ["-f", "@SKEL@", "-R", "f99999999999999999999"]),
    ("err-res-letter", ["-f", "@SKEL@", "-R", "z1"]),
    ("err-res-long", ["-f", "@SKEL@", "-R", "f0000000000000000000001"]),
    ("err-res-n", ["-f", "@SKEL@", "-R", "n5"]),
    ("err-noskel", ["-f", "@SKEL@/missing"]),
    ("err-usage-E", ["-E", "x"]),
    ("err-usage-V", ["-V", "x"]),
    ("err-usage-m", ["-m", "9"]),
    ("err-usage-nodir", ["-f", "@SKEL@", "--"]),
    ("err-exists", ["-f", "@SKEL@", "@EXISTS@"]),
]
NO_DIR = ("err-usage-nodir", "err-exists")
CASES = [(name, args if name in NO_DIR else args + ["@DIR@"]) for name, args in _CASES]


def enc(b):
    return b.decode("latin-1")


def make_skel(top):
    skel = os.path.join(top, "skel")
    os.mkdir(skel)
    for name, (data, mode) in SKEL.items():
        path = os.path.join(skel, name)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, mode)
    return skel


def snapshot(top):
    """{relative path: [type, mode, uid, gid, data or link target]}."""
    out = {}
    if not os.path.lexists(top):
        return None
    for dirpath, dirs, files in os.walk(top):
        for name in dirs + files + ["."] if dirpath == top else dirs + files:
            path = os.path.normpath(os.path.join(dirpath, name))
            st = os.lstat(path)
            rel = os.path.relpath(path, top)
            kind = stat.S_IFMT(st.st_mode)
            entry = [{stat.S_IFDIR: "d", stat.S_IFREG: "f", stat.S_IFLNK: "l",
                      stat.S_IFIFO: "p"}.get(kind, "?"), "%o" % stat.S_IMODE(st.st_mode),
                     st.st_uid, st.st_gid]
            if kind == stat.S_IFREG:
                with open(path, "rb") as f:
                    entry.append(enc(f.read()))
            elif kind == stat.S_IFLNK:
                entry.append(enc(os.fsencode(os.readlink(path))))
            out[rel] = entry
    return out


def run_case(cmd, args, env_extra=None):
    """Run one maker (a list: program argv prefix) on ``args``; return
    {"code", "stderr", "tree"} with paths made neutral."""
    top = tempfile.mkdtemp(prefix="li-maker-")
    try:
        skel = make_skel(top)
        outdir = os.path.join(top, "out")
        exists = os.path.join(top, "exists")
        os.mkdir(exists)
        argv = [a.replace("@SKEL@", skel).replace("@EXISTS@", exists).replace("@DIR@", outdir)
                for a in args]
        env = {"PATH": "/usr/bin:/bin"}
        env.update(env_extra or {})
        old = os.umask(0o022)
        try:
            p = subprocess.run(cmd + argv, capture_output=True, timeout=TIMEOUT, env=env)
        finally:
            os.umask(old)
        err = p.stderr.replace(os.fsencode(top), b"@TOP@")
        return {"code": p.returncode, "stderr": enc(err), "tree": snapshot(outdir)}
    finally:
        shutil.rmtree(top)


def run_c(args):
    return run_case([os.path.join(ORACLE_BIN, "s6-linux-init-maker")], args)


def run_ours(args):
    return run_case([os.path.join(ROOT, "bin", "s6-linux-init-maker")], args,
                    {"EXECPY_S6LI_PREFIXES": PREFIXES})


def have_oracle():
    return os.access(os.path.join(ORACLE_BIN, "s6-linux-init-maker"), os.X_OK)


def load():
    with open(GOLDEN, encoding="utf-8") as f:
        return json.load(f)


def record():
    results = {name: {"args": args, **run_c(args)} for name, args in CASES}
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["--record"]:
        record()
    else:
        sys.exit("usage: linux_init_golden.py --record")
