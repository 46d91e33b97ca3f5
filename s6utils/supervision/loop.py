"""The event loop: one poll over every descriptor, a self-pipe for signals,
one deadline per timed object.

Signal handlers only queue: Python's wakeup fd writes each signal's number
into a pipe the loop polls like any other descriptor, and the loop hands
the numbers to ``on_signal`` between two polls. Dead children are reaped
at every turn and handed to their owner by pid; a child nobody owns (an
orphan re-parented to us when we are process 1) is simply reaped.
"""

import os
import select
import _signal as signal  # the C module: "signal" would import enum
import time

from s6utils.supervision import procs

INF = float("inf")
_READ = select.POLLIN | select.POLLHUP | select.POLLERR | select.POLLPRI
_BAD = select.POLLNVAL


def _noop(signum, frame):
    pass


def now():
    return time.monotonic()


class Loop:
    """Descriptors, deadlines, signals and children, for the whole tree."""

    __slots__ = ("poll", "readers", "timed", "children", "sigr", "sigw", "on_signal",
                 "on_error", "caught")

    def __init__(self, signals, on_signal, on_error):
        self.poll = select.poll()
        self.readers = {}       # fd -> callable()
        self.timed = {}         # objects with .deadline (monotonic) and .on_timeout(),
                                # in the order they came (a dict keeps it)
        self.children = {}      # pid -> callable(pid, wait status)
        self.on_signal = on_signal
        self.on_error = on_error
        r, w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self.sigr, self.sigw = r, w
        caught = {}
        signal.set_wakeup_fd(w, warn_on_full_buffer=False)
        for sig in signals:
            caught[sig] = signal.signal(sig, _noop)
        self.caught = caught
        procs.configure(caught, _raise_nofile())
        # the supervisor itself survives writes to pipes nobody reads;
        # children get SIGPIPE back (procs.reset_child_state)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        self.poll.register(r, _READ)

    # registration --------------------------------------------------------
    def add_reader(self, fd, callback):
        self.readers[fd] = callback
        self.poll.register(fd, _READ)

    def remove_reader(self, fd):
        if self.readers.pop(fd, None) is not None:
            try:
                self.poll.unregister(fd)
            except (KeyError, ValueError):
                pass

    def watch_child(self, pid, callback):
        self.children[pid] = callback

    def forget_child(self, pid):
        self.children.pop(pid, None)

    # running -------------------------------------------------------------
    def next_deadline(self):
        best = INF
        for obj in self.timed:
            d = obj.deadline
            if d < best:
                best = d
        return best

    def step(self, deadline=INF):
        """Wait for something to happen (or ``deadline``, or the earliest
        deadline of a timed object), then handle it all."""
        best = self.next_deadline()
        if deadline < best:
            best = deadline
        if best == INF:
            timeout = None
        else:
            timeout = (best - now()) * 1000.0
            timeout = 0 if timeout <= 0 else int(timeout) + 1
        try:
            ready = self.poll.poll(timeout)
        except InterruptedError:
            ready = ()
        # signals first, as s6-supervise and s6-svscan read their self-pipe
        # before their control fifo
        for fd, ev in ready:
            if fd == self.sigr:
                for sig in self._drain_signals():
                    self._call(self.on_signal, sig)
                break
        for fd, ev in ready:
            if fd == self.sigr:
                continue
            cb = self.readers.get(fd)
            if cb is None:
                continue
            if ev & _BAD:
                self.remove_reader(fd)
                continue
            self._call(cb)
        self.reap()
        self.fire_timers()

    def fire_timers(self):
        t = now()
        due = [obj for obj in self.timed if obj.deadline <= t]
        for obj in due:
            if obj in self.timed and obj.deadline <= t:
                self._call(obj.on_timeout)

    def reap(self):
        for pid, status in procs.reap():
            cb = self.children.pop(pid, None)
            if cb is not None:
                self._call(cb, pid, status)

    def _drain_signals(self):
        out = []
        while True:
            try:
                data = os.read(self.sigr, 512)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                break
            if not data:
                break
            out.extend(data)
        return out

    def _call(self, fn, *args):
        try:
            fn(*args)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # noqa: BLE001 - the supervisor never dies of a bug
            self.on_error(e)

    def restore_signals(self):
        """Give back every signal disposition and the wakeup fd, before exec."""
        try:
            signal.set_wakeup_fd(-1)
        except (ValueError, OSError):
            pass
        for sig, old in self.caught.items():
            try:
                signal.signal(sig, old if old in (signal.SIG_IGN, signal.SIG_DFL) else signal.SIG_DFL)
            except (OSError, ValueError, TypeError):
                pass
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        procs.restore_nofile()


def _raise_nofile():
    """Raise the soft RLIMIT_NOFILE to the hard one (a supervisor holds a
    few descriptors per service); return the original to give children."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or hard > 65536:
            target = 65536
        else:
            target = hard
        if soft != resource.RLIM_INFINITY and soft < target:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            return (soft, hard)
    except (ImportError, OSError, ValueError):
        pass
    return None
