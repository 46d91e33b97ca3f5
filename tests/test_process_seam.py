"""execpy/engine/process.py, the one seam where processes are created:
children leave through _exit and say what went wrong in one line, and no
path leaks a descriptor when fork or exec fails."""

import os
import select
import subprocess
import sys
import time

import psutil
import pytest

from tests.conftest import ROOT, _open_fds

sys.path.insert(0, ROOT)
from execpy.engine import process  # noqa: E402


def _run(code, env=None):
    """Run ``code`` in a fresh interpreter with the tree on sys.path."""
    full = dict(os.environ, PYTHONPATH=ROOT)
    full.pop("EXECPY_DEBUG", None)
    full.update(env or {})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30, env=full)


CHILD_RAISES = """
from execpy.engine import process
def body():
    raise ValueError("broken in the child")
pid = process.fork_child(body, b"demo")
print(process.exitcode_of(process.waitpid(pid)))
"""


def test_a_child_that_raises_prints_one_line_and_exits_111():
    p = _run(CHILD_RAISES)
    assert p.stdout == b"111\n"
    assert p.stderr == b"demo: fatal: internal error: ValueError: broken in the child\n"


def test_a_child_that_raises_shows_its_traceback_under_execpy_debug():
    p = _run(CHILD_RAISES, {"EXECPY_DEBUG": "1"})
    assert p.stdout == b"111\n"
    assert b"Traceback (most recent call last)" in p.stderr
    assert p.stderr.endswith(b"demo: fatal: internal error: ValueError: broken in the child\n")


def test_a_child_that_dies_prints_the_upstream_message():
    p = _run("""
from execpy.engine import process
from execpy.errors import SysFail
def body():
    raise SysFail(b"open /nowhere", 2)
pid = process.fork_child(body, b"demo")
print(process.exitcode_of(process.waitpid(pid)))
""")
    assert p.stdout == b"111\n"
    assert p.stderr == b"demo: fatal: unable to open /nowhere: No such file or directory\n"


def test_the_child_never_returns_into_the_parent():
    p = _run("""
from execpy.engine import process
try:
    pid = process.fork_child(lambda: 7)
finally:
    print("finally", flush=True)   # must run once: in the parent only
print(process.exitcode_of(process.waitpid(pid)))
""")
    assert p.stdout == b"finally\n7\n"


def test_fork_exec_reports_the_exec_errno_and_leaks_nothing():
    before = _open_fds()
    with pytest.raises(OSError) as e:
        process.fork_exec(b"/nonexistent/prog", [b"prog"], {})
    assert e.value.errno == 2
    assert _open_fds() == before


def test_fork_exec_starts_with_default_sigpipe():
    r, w = os.pipe()
    try:
        pid = process.fork_exec(b"/bin/grep", [b"grep", b"SigIgn", b"/proc/self/status"],
                                {}, setup=lambda: os.dup2(w, 1))
        os.close(w)
        w = -1
        assert os.WEXITSTATUS(process.waitpid(pid)) == 0
        ignored = int(os.read(r, 100).split()[1], 16)
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)
    assert not ignored & (1 << (13 - 1)), "SIGPIPE ignored in the child"
    assert not ignored & (1 << (25 - 1)), "SIGXFSZ ignored in the child"


@pytest.mark.parametrize("call", ["fork_exec", "double_fork"])
def test_a_failed_fork_leaks_no_descriptor(monkeypatch, call):
    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(os, "fork", no_fork)
    before = _open_fds()
    for _ in range(50):
        with pytest.raises(OSError):
            if call == "fork_exec":
                process.fork_exec(b"/bin/true", [b"true"], {})
            else:
                process.double_fork(lambda: 0)
    assert _open_fds() == before


def test_double_fork_returns_a_grandchild_that_is_not_our_child():
    r, w = os.pipe()

    def body():
        os.close(r)
        os.write(w, b"%d" % os.getpid())
        return 0

    gpid = process.double_fork(body)
    os.close(w)
    try:
        told = int(os.read(r, 32))
    finally:
        os.close(r)
    assert told == gpid
    with pytest.raises(ChildProcessError):
        os.waitpid(gpid, os.WNOHANG)


def test_posix_spawn_falls_back_for_what_python_refuses():
    """An empty variable name: os.posix_spawn raises ValueError, C passes it."""
    r, w = os.pipe()
    try:
        pid = process.posix_spawn(b"/usr/bin/env", [b"env"], {b"": b"odd", b"A": b"1"},
                                  file_actions=[(os.POSIX_SPAWN_DUP2, w, 1)])
        os.close(w)
        w = -1
        assert os.WEXITSTATUS(process.waitpid(pid)) == 0
        out = b""
        while True:
            chunk = os.read(r, 4096)
            if not chunk:
                break
            out += chunk
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)
    assert out.splitlines() == [b"=odd", b"A=1"]


@pytest.mark.parametrize("wstatus,status,code", [
    (0, 0, 0), (3 << 8, 3, 3), (200 << 8, 200, 128), (9, 265, 137), (15, 271, 143)])
def test_wait_status_conversions(wstatus, status, code):
    assert process.status_of(wstatus) == status
    assert process.exitcode_of(wstatus) == code


def test_double_fork_returns_before_the_grandchild_ends():
    """The grandchild must not hold the pid pipe: ``pipeline -d`` with a
    builtin block (the s6rc-fdholder run script's shape) returns at once,
    as C's does, while its block is still reading."""
    r, w = os.pipe()
    try:
        started = time.monotonic()
        # the block waits for our byte, 3 s at most: a wrong double_fork
        # returns only when it gives up
        gpid = process.double_fork(lambda: 0 if select.select([r], [], [], 3)[0] else 1)
        took = time.monotonic() - started
        os.write(w, b"x")
    finally:
        os.close(r)
        os.close(w)
    assert took < 2
    end = time.monotonic() + 5
    while psutil.pid_exists(gpid) and time.monotonic() < end:
        try:
            if psutil.Process(gpid).status() == psutil.STATUS_ZOMBIE:
                break
        except psutil.NoSuchProcess:
            break
        time.sleep(0.01)


# --------------------------------------------------------------------------
# the name a daemon shows in ps (process.set_title)

BIN = os.path.join(ROOT, "bin")


def _title(argv, env=None, wait_for=None):
    """Start ``argv`` with its stdin a pipe we hold open (a filter such as
    s6-tai64n then blocks reading it), wait until the process shows the
    argv[0] named ``wait_for`` (default: argv[0]'s), and return its (argv as
    /proc/PID/cmdline gives it, trailing NULs left out; comm)."""
    r, w = os.pipe()
    p = subprocess.Popen(argv, stdin=r, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=env)
    os.close(r)
    try:
        want = os.fsencode(os.path.basename(wait_for or argv[0]))
        seen = None
        for _ in range(400):
            try:
                with open("/proc/%d/comm" % p.pid) as f:
                    comm = f.read().rstrip("\n")
                with open("/proc/%d/cmdline" % p.pid, "rb") as f:
                    cmdline = f.read()
            except OSError:
                break
            seen = (cmdline.rstrip(b"\0").split(b"\0"), comm)
            if os.path.basename(seen[0][0]) == want and want[:15] == os.fsencode(comm):
                break
            time.sleep(0.01)
        return seen
    finally:
        os.close(w)
        p.wait(timeout=10)
        p.stderr.close()


C_TAI64N = "/usr/bin/s6-tai64n"
need_c = pytest.mark.skipif(not os.access(C_TAI64N, os.X_OK), reason="no C s6 (Debian's s6)")


@need_c
def test_a_daemon_started_by_its_launcher_shows_its_own_argv_as_c_does():
    """bin/s6-tai64n: `python3 -ES` is gone from ps -o args; ps -C finds it by name."""
    c = _title([C_TAI64N])
    ours = _title([os.path.join(BIN, "s6-tai64n")])
    assert c == ([C_TAI64N.encode()], "s6-tai64n")
    assert ours == ([os.path.join(BIN, "s6-tai64n").encode()], "s6-tai64n")


@need_c
def test_a_daemon_reached_in_process_by_a_chain_shows_its_argv():
    """execlineb -c 'fdmove -c 3 0 s6-tai64n': C's exec of s6-tai64n gives it that argv and name;
    execpy's chain reaches s6-tai64n in the same interpreter and shows the same."""
    env = dict(os.environ, PATH="%s:/usr/bin:/bin" % BIN)
    c = _title(["/usr/lib/execline/bin/execlineb", "-c", "fdmove -c 3 0 s6-tai64n"],
               dict(os.environ, PATH="/usr/lib/execline/bin:/usr/bin:/bin"), wait_for="s6-tai64n")
    ours = _title([os.path.join(BIN, "execlineb"), "-c", "fdmove -c 3 0 s6-tai64n"], env,
                  wait_for="s6-tai64n")
    assert c == ([b"s6-tai64n"], "s6-tai64n")
    assert ours == c


@need_c
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop privileges")
def test_a_daemon_after_a_privilege_drop_still_shows_its_argv():
    """s6-setuidgid nobody s6-tai64n: the drop makes the process undumpable (its /proc files
    become root's), yet the name is set, through the files opened before the drop."""
    c = _title(["/usr/bin/s6-setuidgid", "nobody", C_TAI64N], wait_for="s6-tai64n")
    ours = _title([os.path.join(BIN, "s6-setuidgid"), "nobody", os.path.join(BIN, "s6-tai64n")],
                  wait_for="s6-tai64n")
    assert c == ([C_TAI64N.encode()], "s6-tai64n")
    assert ours == ([os.path.join(BIN, "s6-tai64n").encode()], "s6-tai64n")


TITLE_FIT = """
import os, sys
from execpy.engine import process
def cmdline():
    with open("/proc/self/cmdline", "rb") as f:
        return f.read()
room = len(cmdline())
process.set_title([b"never"])        # titles are off unless the launcher turns them on
assert cmdline()[:5] != b"never"
process.enable_titles()
name = b"s6-" + b"x" * (room // 2)    # fits alone, not with a directory in front
for argv in ([b"/" + b"d" * room + b"/" + name, b"-a"], [b"/usr/bin/" + name, b"y" * room]):
    process.set_title(argv)
    raw = cmdline()
    with open("/proc/self/comm", "rb") as f:
        comm = f.read()
    print(len(raw) == room, raw[-1:] == b"\\0", raw.rstrip(b"\\0").split(b"\\0")[0][:12], comm)
"""


@need_c
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop privileges")
def test_the_files_kept_for_the_title_never_reach_a_child():
    """What keep_title_access opened before the drop (a writable /proc/PID/mem of a process
    the user may no longer touch) stays in that process: a forked child, and what it execs,
    find no such fd, as under C's s6-setuidgid."""
    script = ("s6-setuidgid nobody foreground { fdmove -c 5 200 /bin/true } "
              "foreground { fdmove -c 5 201 /bin/true } exit 0")
    want = (b"fdmove: fatal: unable to move fd 200 to fd 5: Bad file descriptor\n"
            b"fdmove: fatal: unable to move fd 201 to fd 5: Bad file descriptor\n")
    for bindir in (BIN, "/usr/lib/execline/bin"):
        env = dict(os.environ, PATH="%s:/usr/bin:/bin" % bindir)
        p = subprocess.run([os.path.join(bindir, "execlineb"), "-c", script], env=env,
                           capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
        assert (p.returncode, p.stderr) == (0, want), bindir


def test_a_line_that_does_not_fit_loses_its_directory_then_its_end():
    """The room is what the interpreter's own argv took; a longer line first loses argv[0]'s
    directory (when that is enough), else it is cut; the size never changes and the last
    byte stays NUL (so the kernel reads it as an argv, not as a setproctitle string)."""
    p = _run(TITLE_FIT)
    assert p.stderr == b""
    assert p.stdout.splitlines() == [
        b"True True b's6-xxxxxxxxx' b's6-xxxxxxxxxxxx\\n'",
        b"True True b'/usr/bin/s6-' b's6-xxxxxxxxxxxx\\n'",
    ]
