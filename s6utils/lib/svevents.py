"""Waiting for services to reach a state: what s6-svwait, s6-svlisten and
s6-svlisten1 share.

Each service is watched through a pipe of ours in its ``event/`` fifodir;
its current state comes from ``supervise/status``, read after subscribing
so no event is lost in between. Then events move the state:

    u  up              U  up and ready
    d  down            D  down and ready (the finish script is done)
    O  permanent failure: counts as a failure if we wait for "up"
    x  the supervisor exited: a failure unless already in the wanted state

until every service (or, with ``or_``, one of them) is in the wanted state.
"""

import os
import select
import _signal as signal  # the C module: "signal" would import enum (~4 ms)
import time

from execpy.errors import Die, SysFail, warn
from s6utils.lib import fifodir
from s6utils.lib.status import read_status

EVENTS = b"DuUdOx"
# a wait letter -> (wantup, wantready); wantup 2 means "restart": down, then up
WANTS = {b"U": (1, 1), b"u": (1, 0), b"d": (0, 0), b"D": (0, 1), b"r": (2, 0), b"R": (2, 1)}
# what s6-svlisten1 says, after the servicedir, when the wait saw a failure
PERMANENT = b" failed permanently or its supervisor died"
_STATE = {ord("d"): (False, False), ord("D"): (False, True),
          ord("u"): (True, False), ord("U"): (True, True)}


def readiness_wait(service, wait):
    """s6-svc's -wU / -wR on a service without ``notification-fd``: it
    warns and waits for up (u) / a restart (r) instead. The letter to wait
    for; SysFail when the file cannot be checked."""
    if wait not in (b"U", b"R"):
        return wait
    fn = service + b"/notification-fd"
    try:
        os.stat(fn)
    except FileNotFoundError:
        warn(b"s6-svc", fn + b" not present - ignoring request for readiness notification")
        return wait.lower()
    except OSError as e:
        raise SysFail(b"access " + fn, e) from None
    return wait


def deadline_after(millisecs):
    """A time.monotonic() deadline, None (forever) for 0."""
    return time.monotonic() + millisecs / 1000.0 if millisecs else None


class Watch:
    """Subscriptions to several services, with their up and ready states."""

    def __init__(self, servicedirs):
        self.dirs = list(servicedirs)
        self.listeners = []
        self.up = []
        self.ready = []
        gid = os.getegid()
        try:
            for d in self.dirs:
                events = d + b"/" + fifodir.EVENTDIR
                try:
                    fifodir.fifodir_make(events, gid, False)
                except OSError:
                    pass
                try:
                    self.listeners.append(fifodir.Listener(events))
                except OSError as e:
                    raise SysFail(b"subscribe to events for " + d, e) from None
                try:
                    st = read_status(d)
                except OSError as e:
                    raise SysFail(b"s6_svstatus_read", e) from None
                self.up.append(bool(st.pid) and not st.finishing)
                self.ready.append(st.ready)
        except BaseException:
            self.close()
            raise

    def close(self):
        for listener in self.listeners:
            listener.close()
        self.listeners = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def got(self, wantup, wantready, or_):
        states = [(u if wantup else not u) and (r or not wantready)
                  for u, r in zip(self.up, self.ready)]
        return any(states) if or_ else all(states)

    def _event(self, i, c, wantup, wantready):
        """Apply event byte ``c`` to service ``i``; 1 if it is a failure."""
        if c == 0x78:  # x: the supervisor is gone
            fail = self.up[i] != bool(wantup) or self.ready[i] != bool(wantready)
            self.up[i] = bool(wantup)
            self.ready[i] = bool(wantready)
            return 1 if fail else 0
        if c == 0x4F:  # O: the service will not come up again
            if wantup:
                self.up[i] = True
                self.ready[i] = bool(wantready)
                return 1
            return 0
        self.up[i], self.ready[i] = _STATE[c]
        return 0

    def loop(self, wantup, wantready, or_, deadline, reaper=None):
        """Wait for the wanted state; return the number of failures seen.

        Dies with 99 ``timed out`` at ``deadline`` (a time.monotonic()
        value, None for never). ``reaper``, if given, is a ChildReaper whose
        children are reaped while waiting."""
        if self.got(wantup, wantready, or_):
            return 0
        failures = 0
        poller = select.poll()
        fds = {}
        for i, listener in enumerate(self.listeners):
            poller.register(listener.fd, select.POLLIN)
            fds[listener.fd] = i
        if reaper is not None:
            poller.register(reaper.fd, select.POLLIN)
        while True:
            if deadline is None:
                timeout = None
            else:
                timeout = max(0, int((deadline - time.monotonic()) * 1000 + 0.999))
            ready = poller.poll(timeout)
            if not ready:
                raise Die(99, b"timed out")
            if reaper is not None and any(fd == reaper.fd for fd, _ in ready):
                reaper.reap()
            readable = sorted(fds[fd] for fd, _ in ready if fd in fds)
            for i in readable:
                seen, done = self.feed(i, wantup, wantready, or_)
                failures += seen
                if done:
                    return failures

    def feed(self, i, wantup, wantready, or_):
        """Take the events that came for service ``i``, up to the wanted
        state: (the failures among them, whether that state is reached)."""
        failures = 0
        for c in self.listeners[i].read():
            if c not in EVENTS:
                continue
            failures += self._event(i, c, wantup, wantready)
            if self.got(wantup, wantready, or_):
                return failures, True
        return failures, False


class ChildReaper:
    """Reap children while waiting: SIGCHLD wakes a pipe that the wait
    loop polls (a self-pipe, as skalibs' selfpipe does)."""

    def __init__(self):
        self._r, self._w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self.fd = self._r
        self._old_handler = signal.signal(signal.SIGCHLD, _noop)
        self._old_wakeup = signal.set_wakeup_fd(self._w, warn_on_full_buffer=False)

    def reap(self):
        try:
            while os.read(self._r, 512):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            except InterruptedError:
                continue
            if not pid:
                return

    def close(self):
        signal.set_wakeup_fd(self._old_wakeup)
        signal.signal(signal.SIGCHLD, self._old_handler if self._old_handler is not None
                      else signal.SIG_DFL)
        os.close(self._r)
        os.close(self._w)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _noop(signum, frame):
    pass
