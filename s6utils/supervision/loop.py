"""The event loop: one poll over every descriptor, a self-pipe for signals,
one deadline per timed object.

The signals the loop catches are blocked except while it waits in poll,
so a flood of them costs the kernel a bit in the pending set and costs
the loop nothing while it works; none interrupts a system call or a fork.
Their handlers only record the signal's number (and Python's wakeup fd
ends the poll). At every wake the loop hands ``on_signal`` the set of
distinct signals that came, lowest number first, each once, as s6 reads
them from a signalfd; then the descriptors that are ready; then it reaps
every dead child and hands it to its owner by pid (a child nobody owns,
an orphan re-parented to us when we are process 1, is simply reaped).
"""

import select
import _signal as signal  # the C module: "signal" would import enum
import time

from s6utils.lib.sigqueue import SignalQueue
from s6utils.supervision import procs

INF = float("inf")
_READ = select.POLLIN | select.POLLHUP | select.POLLERR | select.POLLPRI
_BAD = select.POLLNVAL


def now():
    return time.monotonic()


class Loop:
    """Descriptors, deadlines, signals and children, for the whole tree."""

    __slots__ = ("poll", "readers", "timed", "children", "sigq", "on_signal", "on_error")

    def __init__(self, signals, on_signal, on_error):
        self.poll = select.poll()
        self.readers = {}       # fd -> callable()
        self.timed = {}         # objects with .deadline (monotonic) and .on_timeout(),
                                # in the order they came (a dict keeps it)
        self.children = {}      # pid -> callable(pid, wait status)
        self.on_signal = on_signal
        self.on_error = on_error
        sigq = self.sigq = SignalQueue(signals)
        sigq.catch()
        procs.configure(sigq.caught, _raise_nofile(), sigq.mask)
        # the supervisor itself survives writes to pipes nobody reads;
        # children get SIGPIPE back (procs.reset_child_state)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        self.poll.register(sigq.fd, _READ)

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
        sigq = self.sigq
        ready = sigq.poll(self.poll, timeout)
        # signals first, as s6-supervise and s6-svscan read their self-pipe
        # before their control fifo
        for fd, ev in ready:
            if fd == sigq.fd:
                sigq.drain()
                break
        if sigq.pending:
            for sig in sigq.take():
                self._call(self.on_signal, sig)
        for fd, ev in ready:
            if fd == sigq.fd:
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

    def _call(self, fn, *args):
        try:
            fn(*args)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # noqa: BLE001 - the supervisor never dies of a bug
            self.on_error(e)

    def restore_signals(self):
        """Give back every signal disposition, the signal mask and the
        wakeup fd, before exec. A signal still pending since the last wake
        is delivered now, with its default effect, as s6-svscan's are when
        it gives back its mask."""
        self.sigq.restore()
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
