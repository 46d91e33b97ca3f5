"""Golden expectations for s6-rc-compile and s6-rc-db, recorded from C s6-rc
0.7.0.0, and the means to run both implementations.

``python3 tests/rc_golden.py --record`` compiles every tree of
tests/rc_trees.py with C s6-rc-compile (s6-overlay 3.2.3.2's own build, so
the database's scripts name s6-overlay's paths), snapshots the database,
runs every s6-rc-db query on it with C s6-rc-db, breaks copies of a
database in various ways and queries those, and writes it all to
tests/golden/rc/*.json. Bytes are stored as latin-1 strings.

execpy's commands run in-process (fds 1 and 2 redirected to files) so that
thousands of queries take seconds; the launchers in bin/ are checked by a
few subprocess runs in the tests.
"""

import base64
import json
import os
import stat
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOLDEN = os.path.join(HERE, "golden", "rc")
ORACLE = "/tmp/oracle"
# s6-overlay's build (slashpackage paths in the scripts it writes), and the
# plain build of the same sources
C_COMPILE = ORACLE + "/s6-overlay-root/command/s6-rc-compile"
C_BIN = ORACLE + "/bin"
TIMEOUT = 30
UMASK = 0o022

if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def have_oracle():
    return os.access(C_COMPILE, os.X_OK) and os.access(C_BIN + "/s6-rc-db", os.X_OK)


def enc(b):
    return b.decode("latin-1")


def dec(s):
    return s.encode("latin-1")


# --------------------------------------------------------------------------
# running

def run_c(prog, argv, cwd):
    """A C program: (stdout, stderr, code)."""
    path = C_COMPILE if prog == "s6-rc-compile" else os.path.join(C_BIN, prog)
    old = os.umask(UMASK)
    try:
        p = subprocess.run([path] + argv, cwd=cwd, capture_output=True, timeout=TIMEOUT,
                           stdin=subprocess.DEVNULL, env={"PATH": "/usr/bin:/bin"})
    finally:
        os.umask(old)
    return p.stdout, p.stderr, p.returncode


def run_execpy(prog, argv, cwd, env=None):
    """An execpy command in this process: (stdout, stderr, code)."""
    from execpy import commands
    from execpy.engine import core
    core.set_lookup(commands.load)
    mod = commands.load(prog.encode())
    outs = [tempfile.TemporaryFile(), tempfile.TemporaryFile()]
    saved = [os.dup(1), os.dup(2)]
    here = os.getcwd()
    old = os.umask(UMASK)
    try:
        os.dup2(outs[0].fileno(), 1)
        os.dup2(outs[1].fileno(), 2)
        os.chdir(cwd)
        ctx = core.Ctx(dict(env or {}), mod.PROG)
        code = core.run(ctx, [prog.encode()] + [os.fsencode(a) for a in argv], first=mod)
    finally:
        os.umask(old)
        os.chdir(here)
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)
    result = []
    for f in outs:
        f.seek(0)
        result.append(f.read())
        f.close()
    return result[0], result[1], code


# --------------------------------------------------------------------------
# snapshots of a compiled database

def snapshot(top):
    """Every file under top, sorted: [path, kind, mode, contents or target]."""
    if not os.path.lexists(top):
        return None
    out = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, top)
            st = os.lstat(full)
            mode = "%04o" % stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                out.append([rel, "link", "", os.readlink(full)])
            elif stat.S_ISDIR(st.st_mode):
                out.append([rel, "dir", mode, ""])
            else:
                with open(full, "rb") as f:
                    data = f.read()
                if all(32 <= c < 127 or c in (9, 10) for c in data):
                    out.append([rel, "file", mode, data.decode()])
                else:
                    out.append([rel, "binary", mode, base64.b64encode(data).decode()])
    return out


def restore(entries, top):
    """Recreate a snapshot under top (which must not exist; its parent is
    made if need be)."""
    os.makedirs(os.path.dirname(top), exist_ok=True)
    old = os.umask(0)
    try:
        os.mkdir(top, 0o755)
        for rel, kind, mode, value in entries:
            full = os.path.join(top, rel)
            if kind == "dir":
                os.mkdir(full, int(mode, 8))
            elif kind == "link":
                os.symlink(value, full)
            else:
                with open(full, "wb") as f:
                    f.write(value.encode() if kind == "file" else base64.b64decode(value))
                os.chmod(full, int(mode, 8))
    finally:
        os.umask(old)


# --------------------------------------------------------------------------
# the queries

GLOBAL_QUERIES = [
    ["help"], ["check"], ["list", "all"], ["list", "services"], ["list", "oneshots"],
    ["list", "longruns"], ["list", "bundles"], ["-e", "list", "services"],
    ["-e", "list", "longruns"], ["-e", "list", "oneshots"], ["-eE", "list", "services"],
    ["type", "nosuch"], ["contents", "nosuch"], ["atomics", "nosuch"], ["list", "nothing"],
    ["nothing"], ["list"], ["type"], [], ["-x", "check"], ["--up", "--down", "check"],
    ["--with-essentials", "--without-essentials", "list", "services"], ["--live=x", "check"],
]


def name_queries(names):
    """Every per-name query, for each name, and a few on several names."""
    out = []
    for n in names:
        out += [["type", n], ["timeout", n], ["-d", "timeout", n], ["contents", n],
                ["-e", "contents", n], ["dependencies", n], ["-d", "dependencies", n],
                ["pipeline", n], ["script", n], ["-d", "script", n], ["-u", "script", n],
                ["flags", n], ["atomics", n], ["all-dependencies", n],
                ["-d", "all-dependencies", n], ["-e", "all-dependencies", n],
                ["-e", "-d", "all-dependencies", n]]
    if names:
        out += [["atomics"] + names, ["all-dependencies"] + names,
                ["-d", "all-dependencies"] + names[:3], ["dependencies"] + names[-3:],
                ["-d", "dependencies"] + names[:2], ["atomics", names[0], "nosuch"]]
    return out


def all_queries(names):
    return [["-c", "db"] + q for q in GLOBAL_QUERIES + name_queries(names)]


def names_of(listing):
    """The names `list all` printed."""
    return [enc(x) for x in listing.split(b"\n") if x]


# --------------------------------------------------------------------------
# broken databases: copies of a good one, each damaged in one place

def _sizes(top):
    with open(os.path.join(top, "n"), "rb") as f:
        return struct.unpack(">6I", f.read())


def _db_offsets(top):
    """Offsets in `db`: the dependency table, the producers, the first record."""
    nshort, nlong, stringlen, nargvs, ndeps, nprod = _sizes(top)
    deps = 15 + stringlen
    prods = deps + 8 * ndeps
    return deps, prods, prods + 4 * nprod


def _edit(rel, edit):
    def f(top):
        path = os.path.join(top, rel)
        with open(path, "rb") as fh:
            data = bytearray(fh.read())
        data = edit(top, data)
        with open(path, "wb") as fh:
            fh.write(data)
    return f


def _put(data, offset, value):
    data[offset:offset + len(value)] = value
    return data


def _remove(rel):
    return lambda top: os.unlink(os.path.join(top, rel))


FF = b"\xff\xff\xff\xff"

BREAKAGES = {
    "n-short": _edit("n", lambda t, d: d[:20]),
    "n-long": _edit("n", lambda t, d: d + b"x"),
    "n-missing": _remove("n"),
    "n-big-string": _edit("n", lambda t, d: _put(d, 8, b"\0\1\0\0")),
    "n-no-deps": _edit("n", lambda t, d: _put(d, 16, b"\0\0\0\0")),
    "n-more-argvs": _edit("n", lambda t, d: _put(d, 12, struct.pack(">I", _sizes(t)[3] + 1))),
    "n-fewer-argvs": _edit("n", lambda t, d: _put(d, 12, struct.pack(">I", _sizes(t)[3] - 1))),
    "n-no-longruns": _edit("n", lambda t, d: _put(d, 4, b"\0\0\0\0")),
    "db-missing": _remove("db"),
    "db-empty": _edit("db", lambda t, d: b""),
    "db-banner": _edit("db", lambda t, d: _put(d, 0, b"S")),
    "db-truncated": _edit("db", lambda t, d: d[:-20]),
    "db-no-end": _edit("db", lambda t, d: d[:-1]),
    "db-end-banner": _edit("db", lambda t, d: d[:-2] + b"X\n"),
    "db-trailing": _edit("db", lambda t, d: d + b"trailing garbage"),
    "db-bad-dep": _edit("db", lambda t, d: _put(d, _db_offsets(t)[0], FF)),
    "db-bad-producer": _edit("db", lambda t, d: _put(d, _db_offsets(t)[1], FF)),
    "db-bad-name": _edit("db", lambda t, d: _put(d, _db_offsets(t)[2], FF)),
    "db-bad-deps-offset": _edit("db", lambda t, d: _put(d, _db_offsets(t)[2] + 24, FF)),
    "db-record-end": _edit("db", lambda t, d: _put(d, _db_offsets(t)[2] + 44, b"\0")),
    "db-swapped-deps": _edit("db", lambda t, d: _put(d, _db_offsets(t)[0],
                                                     d[_db_offsets(t)[0] + 4:_db_offsets(t)[0] + 8]
                                                     + d[_db_offsets(t)[0]:_db_offsets(t)[0] + 4])),
    "resolve-missing": _remove("resolve.cdb"),
    "resolve-empty": _edit("resolve.cdb", lambda t, d: b""),
    "resolve-short": _edit("resolve.cdb", lambda t, d: d[:1000]),
    "resolve-header-only": _edit("resolve.cdb", lambda t, d: d[:2048]),
    "resolve-garbage": _edit("resolve.cdb", lambda t, d: b"\xff" * 4096),
    "resolve-bad-data": _edit("resolve.cdb", lambda t, d: _put(d, 2048, b"\3\0\0\0")),
    "lock-missing": _remove("lock"),
    "lock-is-dir": lambda top: (os.unlink(os.path.join(top, "lock")),
                                os.mkdir(os.path.join(top, "lock"))),
}

BROKEN_TREE = "overlay-app"  # the database the breakages are applied to
BROKEN_QUERIES = [["check"], ["list", "all"], ["list", "bundles"], ["list", "services"],
                  ["type", "svc-app"], ["type", "user"], ["contents", "user"],
                  ["contents", "base"], ["script", "init-config"], ["timeout", "svc-app"],
                  ["pipeline", "svc-app"], ["atomics", "top"], ["all-dependencies", "top"],
                  ["-d", "all-dependencies", "base"], ["dependencies", "svc-app-log"],
                  ["flags", "s6rc-fdholder"]]


# --------------------------------------------------------------------------
# recording

def golden_path(name):
    return os.path.join(GOLDEN, name + ".json")


def load(name):
    with open(golden_path(name)) as f:
        return json.load(f)


def query_results(run, queries, cwd, prog="s6-rc-db"):
    return [[q] + [enc(x) if isinstance(x, bytes) else x for x in run(prog, q, cwd)]
            for q in queries]


def record_tree(name, tree, run=run_c):
    """Compile the tree with ``run`` and query its database."""
    from tests.rc_trees import materialize
    with tempfile.TemporaryDirectory() as tmp:
        materialize(tree["files"], tmp)
        out, err, code = run("s6-rc-compile", tree["argv"], tmp)
        result = {"argv": tree["argv"], "stdout": enc(out), "stderr": enc(err), "code": code,
                  "db": snapshot(os.path.join(tmp, "db"))}
        if code == 0:
            listing = run("s6-rc-db", ["-c", "db", "list", "all"], tmp)[0]
            result["queries"] = query_results(run, all_queries(names_of(listing)), tmp)
        return result


def record_broken(db_snapshot, run=run_c):
    results = {}
    for bname, breakage in BREAKAGES.items():
        with tempfile.TemporaryDirectory() as tmp:
            restore(db_snapshot, os.path.join(tmp, "db"))
            breakage(os.path.join(tmp, "db"))
            results[bname] = query_results(run, [["-c", "db"] + q for q in BROKEN_QUERIES], tmp)
    return results


def main():
    from tests.rc_trees import ERRORS, VALID
    if "--record" not in sys.argv[1:] or not have_oracle():
        sys.exit("usage: rc_golden.py --record (needs C s6-rc under %s)" % ORACLE)
    os.makedirs(GOLDEN, exist_ok=True)
    for group, trees in (("valid", VALID), ("errors", ERRORS)):
        data = {name: record_tree(name, tree) for name, tree in sorted(trees.items())}
        with open(golden_path(group), "w") as f:
            json.dump(data, f, indent=0, sort_keys=True)
            f.write("\n")
    broken = record_broken(load("valid")[BROKEN_TREE]["db"])
    with open(golden_path("broken"), "w") as f:
        json.dump(broken, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
