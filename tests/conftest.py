"""Shared fixtures: every test must leave no process and no zombie behind."""

import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "bin")
REAL_EXECLINE = "/usr/lib/execline/bin"


@pytest.fixture(autouse=True)
def no_leftover_processes():
    """Fail a test that leaves children (or zombies) of the test process."""
    try:
        import psutil
    except ImportError:  # the suite still runs; run-tests installs psutil
        yield
        return
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
