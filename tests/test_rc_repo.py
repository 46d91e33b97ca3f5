"""The s6-rc 0.7 repository and set tools, and s6-rc-format-upgrade,
against C s6-rc 0.7.0.0.

Each scenario makes the same stores in a fresh directory and runs a list
of steps (a tool and its arguments, or a setup action) with one
implementation; after each step it records the tool's output and exit
code and the repository as a user can see it: every path with its kind,
mode and link target (compiled databases by their file names and their
``s6-rc-db list all``), random name parts shown as XXXXXX, TAI64N labels
as @TAI, the test directory as TMP and the directory the tools spawn
s6-rc-compile and s6-rc-db from as BIN/.

The recording (tests/golden/rc/repo/scenarios.json, ``python3
tests/test_rc_repo.py --record``) is C's. execpy must match it; directory
order is the filesystem's, so against the recording lines are compared
in sorted order, and against a live C run (where /tmp/oracle has one)
exactly.
"""

import fcntl
import json
import os
import re
import stat
import subprocess
import sys

import pytest

if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests import rc_golden as g  # noqa: E402

GOLDEN_DIR = os.path.join(g.GOLDEN, "repo")
GOLDEN = os.path.join(GOLDEN_DIR, "scenarios.json")
PY_BIN = os.path.join(g.ROOT, "bin")
TIMEOUT = 60
# where our tools say they run s6-rc-compile and s6-rc-db from (and where
# the databases they compile say the s6 programs are)
PY_PREFIXES = "/package/admin/execline/command/:/package/admin/s6/command/:" \
    "/package/admin/s6-rc/command/"
PY_BINPREFIX = "/package/admin/s6-rc/command/"


def have_c(prog="s6-rc-repo-init"):
    return os.access(os.path.join(g.C_BIN, prog), os.X_OK)


def _bin(impl, name):
    return os.path.join(PY_BIN if impl == "py" else g.C_BIN, name)


def norm_paths(top, text):
    """The test directory as TMP, where the tools run s6-rc's programs
    from as BIN/."""
    return text.replace(top, "TMP").replace(g.C_BIN + "/", "BIN/").replace(PY_BINPREFIX, "BIN/")


def _norm(top, text):
    text = norm_paths(top, text)
    text = re.sub(r"@[0-9a-f]{24}", "@TAI", text)
    text = re.sub(r":old:[A-Za-z0-9_-]{15}", ":old:XXXXXXXXXXXXXXX", text)
    return re.sub(r":[A-Za-z0-9_-]{6}(?=$|[/\s:\"])", ":XXXXXX", text)


# --------------------------------------------------------------------------
# the stores

SERVICES = {
    # store 1
    "s1/a": {"type": "longrun\n", "run": "#!/bin/sh\nexec sleep 100\n"},
    "s1/b": {"type": "oneshot\n", "up": "echo b\n", "flag-essential": ""},
    "s1/bun": {"type": "bundle\n", "contents": "a\nb\n"},
    "s1/p1": {"type": "longrun\n", "run": "#!/bin/sh\n", "producer-for": "p2\n"},
    "s1/p2": {"type": "longrun\n", "run": "#!/bin/sh\n", "consumer-for": "p1\n",
              "pipeline-name": "pp\n"},
    # store 2: overrides a, adds c (depends on a) and d (depends on c)
    "s2/a": {"type": "longrun\n", "run": "#!/bin/sh\nexec sleep 200\n",
             "flag-recommended": ""},
    "s2/c": {"type": "oneshot\n", "up": "echo c\n", "dependencies.d/a": ""},
    "s2/d": {"type": "oneshot\n", "up": "echo d\n", "dependencies.d/c": "",
             "flag-recommended": ""},
    "s2/e": {"type": "oneshot\n", "up": "echo e\n", "dependencies.d/b": ""},
    # store 3 (for sync and -U): e goes, f comes
    "s3/f": {"type": "oneshot\n", "up": "echo f\n", "flag-essential": ""},
    # broken stores
    "bad/x": {"type": "nonsense\n"},
    "dangling/y": {"type": "oneshot\n", "up": "echo y\n", "dependencies.d/nowhere": ""},
}


def _make_stores(top):
    for key, files in SERVICES.items():
        for name, data in files.items():
            path = os.path.join(top, key, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(data)


# --------------------------------------------------------------------------
# observing

def _tree(top, root, sizes=True):
    """Every path under root (only the names and modes of what a compiled
    database holds, or of everything without ``sizes``: a database's files
    name the paths of the build that compiled it)."""
    out = []
    if not os.path.lexists(root):
        return None
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, root)
        in_db = rel_dir.startswith("compiled/") or not sizes
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            rel = _norm(top, os.path.relpath(full, root))
            st = os.lstat(full)
            if in_db:  # a database: its files (their contents name the build's paths)
                out.append("%s %04o" % (rel, stat.S_IMODE(st.st_mode)))
            elif stat.S_ISLNK(st.st_mode):
                out.append("%s -> %s" % (rel, _norm(top, os.readlink(full))))
            elif stat.S_ISDIR(st.st_mode):
                out.append("%s/ %04o" % (rel, stat.S_IMODE(st.st_mode)))
            else:
                out.append("%s %04o %d" % (rel, stat.S_IMODE(st.st_mode), st.st_size))
        if in_db and sizes:
            dirnames[:] = []
    return sorted(out)


def _databases(top, repo):
    """`s6-rc-db list all` of every compiled database link of the repo."""
    where = os.path.join(repo, "compiled")
    out = {}
    if not os.path.isdir(where):
        return out
    for name in sorted(os.listdir(where)):
        path = os.path.join(where, name)
        if not os.path.islink(path):
            continue
        p = subprocess.run([os.path.join(PY_BIN, "s6-rc-db"), "-c", path, "list", "all"],
                           capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        out[name] = sorted(p.stdout.decode("latin-1").split())
    return out


def _observe(top):
    repo = os.path.join(top, "repo")
    return {"tree": _tree(top, repo), "dbs": _databases(top, repo),
            "live": _tree(top, os.path.join(top, "live")),
            "boot": _tree(top, os.path.join(top, "boot"), False)}


# --------------------------------------------------------------------------
# scenarios

R = ["-r", "TMP/repo"]
INIT = ["s6-rc-repo-init"] + R + ["TMP/s1", "TMP/s2"]

SCENARIOS = {
    "init-and-sets": [
        INIT, ["s6-rc-repo-list"] + R, ["s6-rc-set-new"] + R + ["s1", "s2"],
        ["s6-rc-repo-list"] + R, ["s6-rc-repo-list"] + R + ["-x", "s1"],
        ["s6-rc-set-status"] + R + ["s1"], ["s6-rc-set-status"] + R + ["-L", "-e", "s1"],
        ["s6-rc-set-status"] + R + ["s1", "bun"], ["s6-rc-set-status"] + R + ["s1", "pp"],
        ["s6-rc-set-status"] + R + ["s1", "nosuch"], ["s6-rc-set-status"] + R + ["s9"],
        ["s6-rc-set-new"] + R + ["s1"], ["s6-rc-set-new"] + R + ["s3", "s1", "s4"],
        ["s6-rc-set-copy"] + R + ["s1", "s5"], ["s6-rc-set-copy"] + R + ["s1", "s5"],
        ["s6-rc-set-copy"] + R + ["-f", "s2", "s5"], ["s6-rc-set-copy"] + R + ["s9", "s6"],
        ["s6-rc-set-delete"] + R + ["s5", "s9"], ["s6-rc-repo-list"] + R,
    ],
    "init-errors": [
        ["s6-rc-repo-init"], ["s6-rc-repo-init"] + R + ["s1"],
        ["s6-rc-repo-init", "-v", "x"] + R + ["TMP/s1"],
        ["s6-rc-repo-init"] + R + ["TMP/nowhere"], ["s6-rc-repo-init"] + R + ["TMP/s1/a/type"],
        ["s6-rc-repo-init"] + R + ["TMP/bad"], ["s6-rc-repo-init"] + R + ["TMP/s1", "TMP/dangling"],
        "rm repo", INIT, INIT, ["s6-rc-repo-init", "-f"] + R + ["TMP/s1"],
        ["s6-rc-repo-init", "-r", "TMP/deep/er/repo", "-B", "TMP/s1"],
        ["s6-rc-repo-list", "-r", "TMP/nowhere"],
    ],
    "sync": [
        INIT, ["s6-rc-set-new"] + R + ["s1"], ["s6-rc-set-change"] + R + ["s1", "mask", "e"],
        ["s6-rc-repo-init", "-U", "-v", "3"] + R + ["TMP/s1", "TMP/s2", "TMP/s3"],
        ["s6-rc-set-status"] + R + ["s1"],
        ["s6-rc-repo-init", "-U"] + R + ["TMP/s1", "TMP/dangling"],
        ["s6-rc-set-status"] + R + ["s1"],
        ["s6-rc-repo-init", "-U", "-B"] + R + ["TMP/s1", "TMP/s3"],
        ["s6-rc-repo-sync", "-v", "3"] + R, ["s6-rc-set-status"] + R + ["s1"],
        ["s6-rc-repo-sync", "-v", "nope"] + R,
    ],
    "change-fix-commit": [
        INIT, ["s6-rc-set-new"] + R + ["s1", "s2"],
        ["s6-rc-set-change"] + R + ["s1", "mask", "a"], ["s6-rc-set-status"] + R + ["s1"],
        ["s6-rc-set-fix"] + R + ["-n", "-v", "2", "s1"],
        ["s6-rc-set-commit"] + R + ["s1"],
        ["s6-rc-set-fix"] + R + ["s1"], ["s6-rc-set-status"] + R + ["s1"],
        ["s6-rc-set-commit"] + R + ["s1"], ["s6-rc-set-commit", "-v", "2"] + R + ["s1"],
        ["s6-rc-set-change"] + R + ["s1", "enable", "d"],
        ["s6-rc-set-change", "-p", "-v", "2"] + R + ["s1", "enable", "d"],
        ["s6-rc-set-status"] + R + ["s1"],
        ["s6-rc-set-commit", "-K"] + R + ["s1"],
        ["s6-rc-set-commit", "-f", "-D", "boot"] + R + ["s1"],
        ["s6-rc-set-commit", "-f", "-D", "bun"] + R + ["s1"],
        ["s6-rc-set-change", "-i"] + R + ["s2", "mask", "bun"],
        ["s6-rc-set-change", "-n"] + R + ["s2", "mask", "p1"],
        ["s6-rc-set-change", "-p"] + R + ["s2", "mask", "p1"],
        ["s6-rc-set-status"] + R + ["s2"],
        ["s6-rc-set-change"] + R + ["s2", "always", "c"],
        ["s6-rc-set-change", "-e", "-v", "4"] + R + ["s2", "always", "c"],
        ["s6-rc-set-change"] + R + ["s2", "frobnicate", "c"],
        ["s6-rc-set-change"] + R + ["s2", "mask", "s6rc-fdholder"],
        ["s6-rc-set-change"] + R + ["s2", "mask", "nosuch"],
        ["s6-rc-set-change"] + R + ["s2", "usable", "b"],
        ["s6-rc-set-fix", "-u", "-v", "2"] + R,
        ["s6-rc-set-fix", "-v", "2"] + R + ["s2"],
        ["s6-rc-set-fix", "-e", "-v", "2"] + R + ["s2"],
        ["s6-rc-set-status"] + R + ["s2"],
        ["s6-rc-set-commit"] + R + ["s2"], ["s6-rc-set-commit"] + R + ["s9"],
        ["s6-rc-set-delete"] + R + ["s1"],
    ],
    "install": [
        INIT, ["s6-rc-set-new"] + R + ["s1"], "mkdir boot", ["s6-rc-set-fix"] + R,
        ["s6-rc-set-install", "--no-update", "-c", "TMP/boot/current"] + R + ["s1"],
        ["s6-rc-set-commit"] + R + ["s1"],
        ["s6-rc-set-install", "--no-update", "-c", "TMP/boot/current"] + R + ["s1"],
        ["s6-rc-set-install", "--no-update", "-c", "TMP/boot/current"] + R + ["s1"],
        ["s6-rc-set-install", "--no-update", "-c", "TMP/boot/current", "-v", "0"] + R + ["s1"],
        ["s6-rc-set-install", "-c", "boot/current"] + R + ["s1"],
        ["s6-rc-set-install", "-l", "run/s6-rc"] + R + ["s1"],
        ["s6-rc-set-install", "-c", "TMP/boot/current"] + R,
        ["s6-rc-set-install", "-c", "TMP/boot/current"] + R + ["s9"],
        ["s6-rc-set-install", "-c", "TMP/boot/current", "-l", "TMP/nolive", "-v", "2"] + R
        + ["s1"],
        ["s6-rc-set-change"] + R + ["s1", "disable", "a"],
        ["s6-rc-set-install", "-c", "TMP/boot/current", "-l", "TMP/nolive"] + R + ["s1"],
        ["s6-rc-set-commit"] + R + ["s1"],
        ["s6-rc-set-install", "-c", "TMP/boot/current", "-l", "TMP/nolive"] + R + ["s1"],
    ],
    "usage": [
        ["s6-rc-set-new"] + R, ["s6-rc-set-new"] + R + [""], ["s6-rc-set-new"] + R + ["a/b"],
        ["s6-rc-set-copy"] + R + ["x"], ["s6-rc-set-copy"] + R + ["x", "x"],
        ["s6-rc-set-delete"] + R, ["s6-rc-set-status"] + R,
        ["s6-rc-set-status"] + R + ["s", ".x"], ["s6-rc-set-status"] + R + ["s", "s6-rc-x"],
        ["s6-rc-set-status"] + R + ["s", ""], ["s6-rc-set-change"] + R + ["s", "mask"],
        ["s6-rc-set-commit"] + R, ["s6-rc-set-commit", "-v", "-1", "s"],
        ["s6-rc-repo-list", "-q"], ["s6-rc-repo-list", "--nope"],
        ["s6-rc-set-fix", "-v", "x"], ["s6-rc-repo-sync"] + R,
    ],
    "format-upgrade": [
        "live", ["s6-rc-format-upgrade", "-l", "TMP/live", "TMP/newdb"],
        ["s6-rc-format-upgrade", "-v", "3", "-t", "100", "--livedir=TMP/live", "-b", "/x/y"],
        ["s6-rc-format-upgrade", "-l", "TMP/nolive", "/x"],
        ["s6-rc-format-upgrade", "-l", "TMP/live", "rel"], ["s6-rc-format-upgrade"],
        ["s6-rc-format-upgrade", "-v", "x", "/x"], ["s6-rc-format-upgrade", "-t", "1e3", "/x"],
        ["s6-rc-format-upgrade", "-x"], "hold live lock",
        ["s6-rc-format-upgrade", "-l", "TMP/live", "/busy"],
    ],
}


def _act(top, action, held):
    if action == "rm repo":
        subprocess.run(["rm", "-rf", os.path.join(top, "repo")], timeout=TIMEOUT, check=True)
    elif action == "mkdir boot":
        os.mkdir(os.path.join(top, "boot"))
    elif action == "live":
        os.makedirs(os.path.join(top, "live"))
        os.symlink("/old/db", os.path.join(top, "live", "compiled"))
    elif action == "hold live lock":
        fd = os.open(os.path.join(top, "live", "lock"), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC)
        fcntl.lockf(fd, fcntl.LOCK_EX)
        held.append(fd)
    else:
        raise AssertionError(action)


def _run(impl, top, argv):
    env = {"PATH": "/usr/bin:/bin"}
    if impl == "py":
        env["EXECPY_S6RC_PREFIXES"] = PY_PREFIXES
    old = os.umask(0o022)
    try:
        p = subprocess.run([_bin(impl, argv[0])] + [a.replace("TMP", top) for a in argv[1:]],
                           cwd=top, capture_output=True, timeout=TIMEOUT,
                           stdin=subprocess.DEVNULL, env=env)
    finally:
        os.umask(old)
    return [_norm(top, p.stdout.decode("latin-1")), _norm(top, p.stderr.decode("latin-1")),
            p.returncode]


def scenario(name, impl, top):
    _make_stores(top)
    results = []
    held = []
    try:
        for step in SCENARIOS[name]:
            if isinstance(step, str):
                _act(top, step, held)
            else:
                results.append([step, _run(impl, top, step), _observe(top)])
    finally:
        for fd in held:
            os.close(fd)
    return results


def _sorted_lines(text):
    return sorted(text.split("\n"))


def _loose(results):
    """A recording with directory order taken out: output lines sorted."""
    out = []
    for step, (stdout, stderr, code), seen in results:
        out.append([step, [_sorted_lines(stdout), _sorted_lines(stderr), code], seen])
    return out


def _compare(mine, theirs, exact):
    if not exact:
        mine, theirs = _loose(mine), _loose(theirs)
    for a, b in zip(mine, theirs):
        assert a == b
    assert len(mine) == len(theirs)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_repo_scenario_matches_c_recording(tmp_path, name):
    with open(GOLDEN) as f:
        golden = json.load(f)[name]
    got = json.loads(json.dumps(scenario(name, "py", str(tmp_path))))
    _compare(got, golden, False)


@pytest.mark.skipif(not have_c(), reason="no C s6-rc 0.7.0.0 in /tmp/oracle")
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_repo_scenario_matches_live_c(tmp_path, name):
    os.mkdir(tmp_path / "c")
    os.mkdir(tmp_path / "py")
    theirs = scenario(name, "c", str(tmp_path / "c"))
    mine = scenario(name, "py", str(tmp_path / "py"))
    _compare(mine, theirs, True)


def test_recording_has_every_scenario():
    with open(GOLDEN) as f:
        golden = json.load(f)
    assert sorted(golden) == sorted(SCENARIOS)
    # the recording is of real runs: the compiler ran, sets were made
    steps = golden["init-and-sets"]
    assert steps[0][1][2] == 0 and steps[0][2]["dbs"][".ref"]
    assert any(line.endswith("/always/b -> ../../.atomics/b")
               for line in steps[2][2]["tree"] if line.startswith("sources/.s1:"))


def record():
    import tempfile
    os.makedirs(GOLDEN_DIR, exist_ok=True)
    data = {}
    for name in sorted(SCENARIOS):
        with tempfile.TemporaryDirectory() as top:
            data[name] = scenario(name, "c", top)
    with open(GOLDEN, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"] or not have_c():
        sys.exit("usage: test_rc_repo.py --record (needs C s6-rc under %s)" % g.ORACLE)
    record()
