"""Shared fixtures: every test must leave no process, no zombie and no open
file descriptor behind."""

import os
import signal

import psutil  # a hard test dependency: the checks below must never pass silently
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "bin")
REAL_EXECLINE = "/usr/lib/execline/bin"



def _default_signals():
    """A test run started in the background (`./run-tests &`, nohup) inherits
    SIGINT, SIGQUIT or SIGHUP ignored, and every program the tests start would
    inherit that too: give them their defaults, as a container's process gets."""
    for sig in (signal.SIGHUP, signal.SIGQUIT):
        if signal.getsignal(sig) == signal.SIG_IGN:
            signal.signal(sig, signal.SIG_DFL)
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


_default_signals()

@pytest.fixture(autouse=True)
def no_leftover_processes():
    """Fail a test that leaves children (or zombies) of the test process."""
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    yield
    left = []
    for p in me.children(recursive=True):
        if p.pid in before:
            continue
        try:
            if p.status() == psutil.STATUS_ZOMBIE:
                os.waitpid(p.pid, os.WNOHANG)
                left.append((p.pid, "zombie"))
            else:
                left.append((p.pid, " ".join(p.cmdline())))
                p.kill()
                p.wait(5)
        except (psutil.NoSuchProcess, ChildProcessError):
            continue
    assert not left, "test left processes behind: %r" % left


def _open_fds():
    fds = {}
    for name in os.listdir("/proc/self/fd"):
        try:
            fds[int(name)] = os.readlink("/proc/self/fd/" + name)
        except OSError:  # the directory's own fd, gone by now
            continue
    return fds


@pytest.fixture(autouse=True)
def no_leftover_fds():
    """Fail a test that leaves a file descriptor of the test process open
    (and close it, so that one leak does not fail every later test)."""
    before = _open_fds()
    yield
    after = _open_fds()
    left = {fd: target for fd, target in after.items() if before.get(fd) != target}
    for fd in left:
        try:
            os.close(fd)
        except OSError:
            pass
    assert not left, "test left file descriptors open: %r" % left
