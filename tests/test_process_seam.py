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
