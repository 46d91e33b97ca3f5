"""The I/O loop: one poll over stdin, stdout and the signal pipe, the
logdirs' retry deadlines and the processors' deaths, until stdin ends and
every buffer is written; then each logdir's current is synced and closed."""

import os
import select
import _signal as signal  # the C module: "signal" would import enum
import time

from execpy.engine import process
from execpy.errors import strerror, write_stderr
from s6utils.log.config import PROG
from s6utils.log.logdir import INFINITY, WRITABLE, START
from s6utils.log.selection import ACT_FD1, run_batch
from s6utils.lib.sigqueue import SignalQueue
from s6utils.log.stdin import Input

SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGALRM, signal.SIGCHLD)
_IN = select.POLLIN | select.POLLHUP


class Stdout:
    """The ``1`` action's buffer, written when stdout can take it."""

    __slots__ = ("out", "ok")

    def __init__(self):
        self.out = []
        self.ok = True

    def flush(self):
        """Write what waits; False once stdout has failed (and is closed)."""
        data = b"".join(self.out)
        self.out = []
        while data:
            try:
                r = os.write(1, data)
            except (BlockingIOError, InterruptedError):
                self.out = [data]
                return True
            except OSError as e:
                write_stderr(PROG + b": warning: unable to write to stdout, closing the stream"
                             b" - error was: " + strerror(e.errno) + b"\n")
                try:
                    os.close(1)
                except OSError:
                    pass
                self.ok = False
                return False
            data = data[r:]
        return True


class Loop:
    """s6-log's loop: the script, stdin, stdout, signals and processors."""

    def __init__(self, config, script, stdout):
        self.config = config
        self.script = script
        self.stdout = stdout
        self.input = Input(config, lambda body, lines: run_batch(script, body, lines))
        self.signals = SignalQueue(SIGNALS)
        self.children = {}    # pid -> callable(pid, wait status)
        for ld in script.logdirs:
            ld.loop = self

    # signals and children -------------------------------------------------
    def catch_signals(self):
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        self.signals.catch()

    def restore_signals(self):
        """In a child: the signal state s6-log was started with."""
        self.signals.restore()

    def watch_child(self, pid, callback):
        self.children[pid] = callback

    def handle_signals(self):
        for sig in self.signals.take():
            if sig == signal.SIGALRM:
                for ld in self.script.logdirs:
                    if ld.rstate == WRITABLE and ld.b:
                        ld.rstate = START
                        ld.rotate()
            elif sig == signal.SIGTERM and self.config.protect:
                continue
            elif sig == signal.SIGTERM or sig == signal.SIGHUP:
                self.input.stop()
            elif sig == signal.SIGCHLD:
                for pid, status in process.reap():
                    callback = self.children.pop(pid, None)
                    if callback is not None:
                        callback(pid, status)

    # the loop ----------------------------------------------------------------
    def run(self):
        """Until stdin has ended and nothing waits to be written."""
        POLLOUT = select.POLLOUT
        monotonic = time.monotonic
        logdirs = self.script.logdirs
        stdout = self.stdout
        inp = self.input
        block = self.config.block
        signals = self.signals
        while True:
            # a signal that came as poll returned has been recorded by now
            if signals.pending:
                self.handle_signals()
            now = monotonic()
            pending = False
            deadline = INFINITY
            due = []
            poller = select.poll()
            poller.register(signals.fd, _IN)
            want1 = stdout.ok and bool(stdout.out)
            if want1:
                pending = True
                poller.register(1, POLLOUT | select.POLLERR)
            for ld in logdirs:
                if ld.out or ld.rstate != WRITABLE:
                    pending = True
                    if ld.deadline <= now:
                        due.append(ld)
                    elif ld.deadline < deadline:
                        deadline = ld.deadline
            if inp.exiting and not pending:
                return
            if inp.last_deadline is not None and not inp.exiting:
                if inp.last_deadline <= now:
                    inp.expire()
                    continue
                if inp.last_deadline < deadline:
                    deadline = inp.last_deadline
            want0 = not inp.exiting and not (block and pending)
            if want0:
                poller.register(0, _IN)
            if due:
                timeout = 0
            elif deadline == INFINITY:
                timeout = None
            else:
                timeout = max(0, int((deadline - now) * 1000) + 1)
            events = signals.poll(poller, timeout)
            got0 = got1 = 0
            for fd, ev in events:
                if fd == 0:
                    got0 = ev
                elif fd == 1:
                    got1 = ev
                else:
                    signals.drain()
            if signals.pending:
                self.handle_signals()
            if want1 and got1 and not stdout.flush():
                self.script.drop(ACT_FD1)
            for ld in due:
                ld.rotate_or_flush()
            if want0 and got0 and not inp.exiting:
                if got0 & _IN:
                    inp.read()
                else:
                    inp.hang_up()

    def finalize(self):
        """Sync and close every logdir, retrying the ones that fail after
        their cooldown (2 s at most)."""
        todo = self.script.logdirs
        while True:
            deadline = time.monotonic() + 2
            left = []
            for ld in todo:
                if not ld.finalize():
                    left.append(ld)
                    deadline = min(deadline, ld.deadline)
            if not left:
                return
            todo = left
            time.sleep(max(0.0, deadline - time.monotonic()))
