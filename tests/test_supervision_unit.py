"""The supervisor's engine in this process, through its seam.

These tests run a Supervisor in the test process itself, on the real
event loop, replacing what procs offers (fork, kill) where a situation
must be forced: a child slow to exec, an action that raises.
"""

import contextlib
import os
import signal
import time

import pytest

from s6utils.supervision import loop as L
from s6utils.supervision import procs
from s6utils.supervision import supervisor as sv
from tests import svharness as h

SLEEP = "#!/bin/sh\nexec sleep 100\n"
ENV = {b"PATH": b"/usr/bin:/bin"}


@contextlib.contextmanager
def running_loop(signals=(17, 15, 1, 3, 2), on_signal=lambda sig: None):
    """A Loop in this process; afterwards the process's signal state (the
    mask, the dispositions the Loop changed) is given back."""
    errors = []
    saved = {s: signal.getsignal(s) for s in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT)}
    lp = L.Loop(signals, on_signal, errors.append)
    try:
        yield lp, errors
    finally:
        lp.restore_signals()
        for s, d in saved.items():
            signal.signal(s, d)
        lp.sigq.close()
        procs.restore_nofile()
        procs.configure({}, None)


@pytest.fixture
def loop():
    with running_loop() as lp_errors:
        yield lp_errors


def _run_until(lp, cond, timeout=10.0):
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, "timed out"
        lp.step(time.monotonic() + 0.05)


def _supervisor(lp, d):
    exits = []
    sup = sv.Supervisor(lp, os.fsencode(d), ENV, on_exit=exits.append)
    dirfd = os.open(d, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    assert sup.start(dirfd) == 0
    return sup, exits


def test_events_wait_until_run_has_execd(tmp_path, loop, monkeypatch):
    """s6-supervise blocks until ./run has exec'd: a signal that comes
    meanwhile is handled after the service is up."""
    lp, errors = loop
    d = h.make_service(str(tmp_path / "s"), SLEEP, files={"down": ""})
    events = h.Events(d)
    real_fork = procs.fork

    def slow_fork(body):
        def slow():
            time.sleep(0.4)
            return body()
        return real_fork(slow)

    monkeypatch.setattr(procs, "fork", slow_fork)
    sup, exits = _supervisor(lp, d)
    try:
        h.send(os.path.join(d, "supervise", "control"), "u")
        _run_until(lp, lambda: sup.spawning is not None)
        sup.event(sv.TERM)
        assert sup.pending == [sv.TERM] and sup.state == sv.DOWN
        _run_until(lp, lambda: not sup.alive)
    finally:
        h.kill_strays(d)
    assert events.pump() == b"sudDx"
    assert exits == [sup]
    assert errors == []
    events.close()


def test_every_process_goes_through_the_seam(tmp_path, loop, monkeypatch):
    lp, errors = loop
    d = h.make_service(str(tmp_path / "s"), "#!/bin/sh\nexit 3\n", "#!/bin/sh\nexit 0\n")
    events = h.Events(d)
    forks = []
    real_fork = procs.fork
    monkeypatch.setattr(procs, "fork", lambda body: forks.append(1) or real_fork(body))
    sup, _ = _supervisor(lp, d)
    try:
        _run_until(lp, lambda: b"D" in events.pump())
        h.send(os.path.join(d, "supervise", "control"), "dx")
        _run_until(lp, lambda: not sup.alive)
    finally:
        h.kill_strays(d)
    assert len(forks) == 2          # ./run, then ./finish
    assert errors == []
    events.close()


def test_a_failing_action_does_not_stop_the_loop(tmp_path, loop, monkeypatch):
    lp, errors = loop
    d = h.make_service(str(tmp_path / "s"), SLEEP)
    events = h.Events(d)

    def boom(self):
        raise RuntimeError("boom")

    sup, _ = _supervisor(lp, d)
    try:
        _run_until(lp, lambda: b"u" in events.pump())
        monkeypatch.setitem(sv.ACTIONS, (sv.UP, sv.command_event(ord("a"))), boom)
        h.send(os.path.join(d, "supervise", "control"), "a")
        _run_until(lp, lambda: errors)
        assert isinstance(errors[0], RuntimeError) and sup.alive
        h.send(os.path.join(d, "supervise", "control"), "dx")
        _run_until(lp, lambda: not sup.alive)
    finally:
        h.kill_strays(d)
    assert events.pump() == b"sudDx"
    events.close()


def test_unknown_children_are_reaped(loop):
    lp, _ = loop
    pids = []
    for _ in range(50):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        pids.append(pid)
    time.sleep(0.2)
    lp.step(time.monotonic() + 0.05)
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_shared_descriptor_closes_with_its_last_holder():
    r, w = os.pipe()
    s = sv.Shared(w)
    s.take()
    s.release()
    os.write(w, b"x")          # still open
    s.release()
    assert s.fd == -1
    with pytest.raises(OSError):
        os.fstat(w)
    os.close(r)
