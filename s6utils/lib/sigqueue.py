"""The signal queue of every event loop (the supervision tree's, s6-log's).

The caught signals are blocked except while the loop waits in poll; their
handlers only record them (Python's wakeup fd ends the poll), and the loop
takes the set that came, lowest number first, each once, as s6 reads a
signalfd. A flood costs a bit in the kernel's pending set and nothing
here; no signal interrupts a write, a rename or a fork.
"""

import os
import _signal as signal  # the C module: "signal" would import enum

from execpy.engine import process


class SignalQueue:
    __slots__ = ("signals", "pending", "caught", "mask", "fd", "wfd")

    def __init__(self, signals):
        self.signals = tuple(signals)
        self.pending = set()   # what came since the last take()
        self.caught = {}       # signal -> its disposition before
        self.mask = None       # the signal mask before
        self.fd = -1           # the read end of the wakeup pipe, to poll
        self.wfd = -1

    def catch(self):
        """Block the signals, point the wakeup fd at a new pipe, record them."""
        self.fd, self.wfd = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self.mask = signal.pthread_sigmask(signal.SIG_BLOCK, self.signals)
        signal.set_wakeup_fd(self.wfd, warn_on_full_buffer=False)
        for sig in self.signals:
            self.caught[sig] = signal.signal(sig, self._record)

    def _record(self, signum, frame):
        self.pending.add(signum)

    def poll(self, poller, timeout):
        """``poller.poll(timeout)``, the only time the signals are let in
        (one pending since is delivered at once: its byte ends the poll)."""
        signal.pthread_sigmask(signal.SIG_UNBLOCK, self.signals)
        try:
            return poller.poll(timeout)
        except InterruptedError:
            return ()
        finally:
            signal.pthread_sigmask(signal.SIG_BLOCK, self.signals)

    def drain(self):
        """Empty the wakeup pipe when poll says so: its bytes only ended
        the poll; the signals themselves are in ``pending``."""
        while True:
            try:
                if not os.read(self.fd, 4096):
                    return
            except InterruptedError:
                continue
            except OSError:  # EAGAIN: empty
                return

    def take(self):
        """The signals that came, lowest first; the queue is then empty."""
        sigs, self.pending = self.pending, set()
        return sorted(sigs)

    def restore(self):
        """Before an exec, or in a child: the signal state the process had
        before ``catch``, with SIGPIPE and SIGXFSZ at their defaults (a
        signal still pending is delivered now, with its default effect)."""
        try:
            signal.set_wakeup_fd(-1)
        except (ValueError, OSError):
            pass
        for sig, old in self.caught.items():
            try:
                signal.signal(sig, old if old in (signal.SIG_IGN, signal.SIG_DFL) else signal.SIG_DFL)
            except (OSError, ValueError, TypeError):
                pass
        process.reset_signals()
        if self.mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.mask)

    def close(self):
        """Close the wakeup pipe (after restore)."""
        for fd in (self.fd, self.wfd):
            if fd >= 0:
                os.close(fd)
        self.fd = self.wfd = -1
