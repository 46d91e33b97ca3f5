"""s6-rc-oneshot-run against C s6-rc 0.7.0.0, and the oneshot runner
end to end.

Cases: a database compiled by execpy's s6-rc-compile (byte for byte C's),
a live directory whose ``compiled`` is that database, and s6-rc-oneshot-run
run on it; C's outputs are recorded in tests/golden/ipc/oneshot_run.json
(``python3 tests/test_rc_oneshot_run.py --record``, from /tmp/oracle).

End to end: s6-rc-init on execpy's s6-svscan, the s6rc-oneshot-runner
brought up, and oneshots run by ``s6-sudo live/servicedirs/s6rc-oneshot-
runner/s up|down N`` with execpy's s6-sudo, Debian's and the oracle's: the
oneshot runs in the runner's environment (not the caller's), and the
runner's chain (s6-ipcserverd, s6-ipcserver-access, s6-sudod,
s6-rc-oneshot-run) starts no interpreter per oneshot (strace counts the
execve calls: only the oneshot's own program). ``python3
tests/test_rc_oneshot_run.py --bench`` times the round trip of an empty
oneshot through execpy's runner and through C's.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if os.path.dirname(HERE) not in sys.path:
    sys.path.insert(0, os.path.dirname(HERE))

from s6utils.lib import control  # noqa: E402
from tests.svharness import kill_strays  # noqa: E402
from tests.test_s6_ipc import (  # noqa: E402
    DEBIAN_BIN, ORACLE_BIN, PY_BIN, load_golden, norm, run, save_golden)

ORACLE_LIBEXEC = "/tmp/oracle/libexec"
TIMEOUT = 30

SOURCES = {
    "hello/type": "oneshot\n",
    "hello/up": '/bin/sh -c "echo up:$RC_NAME:${FOO-unset}:$0:$*" arg0 a b\n',
    "hello/down": "echo down $RC_NAME\n",
    "empty/type": "oneshot\n",
    "empty/up": "",
    "badprog/type": "oneshot\n",
    "badprog/up": "/nonexistent/program x\n",
    "probe/type": "oneshot\n",
    # the parent's and grandparent's argv area (field 48 of stat: a fork keeps it, an exec
    # moves it), then their command lines
    "probe/up": '/bin/sh -c "gp=$(cut -d\\" \\" -f4 /proc/$PPID/stat); '
                'cut -d\\" \\" -f48 /proc/$PPID/stat /proc/$gp/stat; '
                'xargs -0 echo < /proc/$PPID/cmdline; xargs -0 echo < /proc/$gp/cmdline"\n',
    "lr/type": "longrun\n",
    "lr/run": "#!/bin/sh\nexec sleep 100\n",
}


def c_oneshot_run():
    for d in (ORACLE_BIN, ORACLE_LIBEXEC):
        p = os.path.join(d, "s6-rc-oneshot-run")
        if os.access(p, os.X_OK):
            return p
    return None


def compile_db(top, prefixes=None, sources=SOURCES):
    src = os.path.join(top, "src")
    for path, data in sources.items():
        full = os.path.join(src, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(data)
    env = dict(os.environ)
    if prefixes:
        env["EXECPY_S6RC_PREFIXES"] = prefixes
    subprocess.run([os.path.join(PY_BIN, "s6-rc-compile"), os.path.join(top, "db"), src],
                   check=True, timeout=TIMEOUT, env=env, stdin=subprocess.DEVNULL)
    return os.path.join(top, "db")


def numbers(db):
    """service name -> number, from s6-rc-db."""
    out = {}
    for kind in ("longruns", "oneshots"):
        p = subprocess.run([os.path.join(PY_BIN, "s6-rc-db"), "-c", db, "list", kind],
                           capture_output=True, check=True, timeout=TIMEOUT)
        out[kind] = p.stdout.decode().split()
    return out


# number of each service: longruns first (s6rc-oneshot-runner 0,
# s6rc-fdholder 1, lr 2), then oneshots in the database's order
CASES = {
    "usage": [],
    "usage-one": ["up"],
    "usage-what": ["sideways", "3"],
    "usage-number": ["up", "x"],
    "bad-option": ["-z", "up", "3"],
    "bad-long-option": ["--what", "up", "3"],
    "no-live": ["-l", "TMP/nonexistent", "up", "3"],
    "longrun": ["-l", "TMP/live", "up", "2"],
    "too-big": ["-l", "TMP/live", "up", "99"],
    "up": ["-l", "TMP/live", "up", "HELLO"],
    "up-block": ["-b", "-l", "TMP/live", "up", "HELLO"],
    "up-livedir": ["--livedir=TMP/live", "--block", "up", "HELLO"],
    "up-no-block": ["--no-block", "-lTMP/live", "up", "HELLO"],
    "down": ["-l", "TMP/live", "down", "HELLO"],
    "reload": ["-l", "TMP/live", "reload", "HELLO"],
    "empty": ["-l", "TMP/live", "up", "EMPTY"],
    "empty-down": ["-l", "TMP/live", "down", "EMPTY"],
    "exec-fails": ["-l", "TMP/live", "up", "BADPROG"],
    "broken-db": ["-l", "TMP/broken", "up", "HELLO"],
    "no-n": ["-l", "TMP/non", "up", "HELLO"],
}


def setup(top):
    db = compile_db(top)
    os.makedirs(os.path.join(top, "live"))
    os.symlink(db, os.path.join(top, "live", "compiled"))
    broken = os.path.join(top, "broken", "compiled")
    shutil.copytree(db, broken, symlinks=True)
    with open(os.path.join(broken, "db"), "r+b") as f:
        f.truncate(40)
    non = os.path.join(top, "non", "compiled")
    shutil.copytree(db, non, symlinks=True)
    os.unlink(os.path.join(non, "n"))
    nums = numbers(db)
    longs = len(nums["longruns"])
    return {name.upper(): str(longs + nums["oneshots"].index(name))
            for name in ("hello", "empty", "badprog")}


def run_case(impl, name):
    with tempfile.TemporaryDirectory() as top:
        subst = setup(top)
        argv = [subst.get(a, a.replace("TMP", top)) for a in CASES[name]]
        exe = c_oneshot_run() if impl == "c" else os.path.join(PY_BIN, "s6-rc-oneshot-run")
        env = {"PATH": "/usr/bin:/bin", "FOO": "caller"}
        code, out, err = run([exe] + argv, env=env, cwd=top)
        return {"code": code, "stdout": norm(out, top), "stderr": norm(err, top)}


GOLDEN = load_golden("oneshot_run.json")


@pytest.mark.parametrize("name", sorted(CASES))
def test_oneshot_run_case(name):
    assert run_case("py", name) == GOLDEN[name]


@pytest.mark.skipif(c_oneshot_run() is None, reason="no C s6-rc-oneshot-run in /tmp/oracle")
@pytest.mark.parametrize("name", sorted(CASES))
def test_oneshot_run_recording_is_c(name):
    assert run_case("c", name) == GOLDEN[name]


# --------------------------------------------------------------------------
# the runner, live

EXECPY_PROGS = ["execlineb", "fdmove", "s6-ipcserver-socketbinder", "s6-ipcserverd",
                "s6-ipcserver-access", "s6-sudod", "s6-rc-oneshot-run", "pipeline", "if",
                "forstdin", "redirfd", "exit", "s6-ipcclient", "s6-svc", "fdswap",
                "s6-fdholder-daemon", "s6-rc-fdholder-filler"]


def make_prefix(top):
    d = os.path.join(top, "prefix")
    os.makedirs(d)
    for name in EXECPY_PROGS:
        os.symlink(os.path.join(PY_BIN, name), os.path.join(d, name))
    return "%s/:%s/:%s/" % (d, d, d)


class Tree:
    """A supervision tree (execpy's, or C's with C's runner) with a live
    s6-rc directory and its oneshot runner up."""

    def __init__(self, impl, top, sources=SOURCES, svscan_env=None, trace=None):
        self.top = top
        if impl == "py":
            prefixes = make_prefix(top)
            bindir = PY_BIN
        else:
            prefixes = "%s/:%s/:%s/" % (ORACLE_BIN, ORACLE_BIN, ORACLE_LIBEXEC)
            bindir = ORACLE_BIN
        self.db = compile_db(top, prefixes, sources)
        scan = os.path.join(top, "scan")
        os.makedirs(scan)
        env = {"PATH": "/usr/bin:/bin", "FOO": "runner"}
        env.update(svscan_env or {})
        argv = [os.path.join(bindir, "s6-svscan"), scan]
        if trace:
            argv = ["strace", "-f", "-qq", "-e", "trace=execve", "-o", trace] + argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            end = time.monotonic() + 10
            while control.svc_writectl(os.fsencode(scan), control.SVSCAN_CTLDIR, b"") != 1:
                assert time.monotonic() < end, "s6-svscan did not start"
                time.sleep(0.02)
            live = os.path.join(top, "live")
            subprocess.run([os.path.join(bindir, "s6-rc-init"), "-c", self.db, "-l", live, scan],
                           check=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                           capture_output=True)
            self.runner = os.path.join(live, "servicedirs", "s6rc-oneshot-runner")
            subprocess.run([os.path.join(bindir, "s6-svc"), "-wU", "-T", "10000", "-u",
                            self.runner], check=True, timeout=TIMEOUT, capture_output=True)
            self.socket = os.path.join(self.runner, "s")
            self.nums = numbers(self.db)
        except BaseException:
            self.stop()
            raise

    def number(self, name):
        return str(len(self.nums["longruns"]) + self.nums["oneshots"].index(name))

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except OSError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        kill_strays(self.top)


SUDOS = {"py": os.path.join(PY_BIN, "s6-sudo"), "deb": os.path.join(DEBIAN_BIN, "s6-sudo"),
         "c": os.path.join(ORACLE_BIN, "s6-sudo")}


@pytest.fixture
def tree(tmp_path):
    t = Tree("py", str(tmp_path))
    yield t
    t.stop()


@pytest.mark.parametrize("client", sorted(SUDOS))
def test_runner_runs_oneshots_in_its_environment(tree, client):
    """up and down through the socket, by each s6-sudo: the script sees the
    runner's FOO, RC_NAME, the caller's stdout; exit codes come back."""
    if not os.access(SUDOS[client], os.X_OK):
        pytest.skip("no %s" % SUDOS[client])
    env = {"PATH": "/usr/bin:/bin", "FOO": "caller"}
    n = tree.number("hello")
    code, out, err = run([SUDOS[client], tree.socket, "up", n], env=env)
    assert (code, out, err) == (0, b"up:hello:runner:arg0:a b\n", b"")
    code, out, err = run([SUDOS[client], tree.socket, "down", n], env=env)
    assert (code, out, err) == (0, b"down $RC_NAME\n", b"")  # execline: no $ expansion
    code, out, err = run([SUDOS[client], tree.socket, "up", tree.number("empty")], env=env)
    assert (code, out, err) == (0, b"", b"")
    code, out, err = run([SUDOS[client], tree.socket, "up", tree.number("badprog")], env=env)
    assert code == 127
    assert err == b"s6-rc-oneshot-run: fatal: unable to exec /nonexistent/program: " \
                  b"No such file or directory\n"


def test_runner_starts_no_interpreter(tmp_path):
    """strace -f on the whole tree: while oneshots run, the only programs
    exec'd are the oneshots' own (sh), never an interpreter for the
    runner's chain."""
    if not shutil.which("strace"):
        pytest.skip("no strace")
    top = str(tmp_path)
    trace = os.path.join(top, "trace")
    t = Tree("py", top, trace=trace)
    try:
        time.sleep(0.3)
        with open(trace) as f:
            before = len(f.readlines())
        env = {"PATH": "/usr/bin:/bin"}
        for _ in range(3):
            code, out, _ = run([SUDOS["py"], t.socket, "up", t.number("hello")], env=env)
            assert code == 0 and out.startswith(b"up:hello:runner")
            assert run([SUDOS["py"], t.socket, "up", t.number("empty")], env=env)[0] == 0
        time.sleep(0.3)
        with open(trace) as f:
            lines = f.readlines()[before:]
    finally:
        t.stop()
    execs = [line for line in lines if 'execve("' in line]
    assert len(execs) == 3, execs
    assert all('execve("/bin/sh"' in line for line in execs), execs


def test_runner_is_not_a_new_process_image(tree):
    """The oneshot's parent (s6-sudod) and grandparent (s6-ipcserverd, the
    runner's run script) are forks of the tree's own process that never
    exec'd: their argv area is s6-svscan's. Each shows its own command line,
    as C's exec'd programs do."""
    with open("/proc/%d/stat" % tree.proc.pid, "rb") as f:
        sv_area = f.read().split(b" ")[47]
    code, out, err = run([SUDOS["py"], tree.socket, "up", tree.number("probe")],
                         env={"PATH": "/usr/bin:/bin"})
    assert (code, err) == (0, b"")
    lines = out.splitlines()
    assert lines[:2] == [sv_area, sv_area]
    assert lines[2].split()[0].endswith(b"/s6-sudod") and lines[2].split()[1:3] == [b"-t", b"30000"]
    assert lines[3].split()[0].endswith(b"/s6-ipcserverd"), lines[3]


def bench(n=40):
    """Median round trip of ``s6-sudo SOCKET up N`` for an empty oneshot,
    C s6-sudo (the oracle's) against execpy's runner and C's runner."""
    import statistics
    out = {}
    for impl in ("py", "c"):
        with tempfile.TemporaryDirectory() as top:
            t = Tree(impl, top)
            try:
                argv = [SUDOS["c"], t.socket, "up", t.number("empty")]
                times = []
                for _ in range(n):
                    start = time.perf_counter()
                    subprocess.run(argv, check=True, timeout=TIMEOUT)
                    times.append(time.perf_counter() - start)
                out[impl] = statistics.median(times) * 1000
            finally:
                t.stop()
    return out


def record():
    data = {name: run_case("c", name) for name in sorted(CASES)}
    save_golden("oneshot_run.json", data)
    print("recorded %d cases" % len(data))


if __name__ == "__main__":
    if sys.argv[1:] == ["--record"]:
        record()
    elif sys.argv[1:] == ["--bench"]:
        r = bench()
        print("empty oneshot round trip (C s6-sudo): execpy runner %.2f ms, C runner %.2f ms"
              % (r["py"], r["c"]))
    else:
        for name in sys.argv[1:] or sorted(CASES):
            c, py = run_case("c", name), run_case("py", name)
            print(("ok   " if c == py else "DIFF ") + name)
            if c != py:
                print("  C :", c)
                print("  py:", py)
