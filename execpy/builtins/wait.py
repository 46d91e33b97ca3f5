"""wait: wait for children (all, some listed, or one), then go on.

Without a block (the POSIX form, ``wait 123 456``) the words are pids and
wait exits with a status instead of going on. With a timeout, SIGCHLD is
blocked while waiting and collected with sigtimedwait: a child that dies
between a reaping pass and the wait leaves the signal pending, so nothing
is missed.
"""

import os
import signal

from execpy.engine import Exec, Exit
from execpy.engine.blocks import read_block_or_none
from execpy.engine.options import parse_or_usage, uint0
from execpy.errors import SysFail, Usage
from execpy.builtins._fdproc import wait_estatus

PROG = b"wait"
USAGE = b"wait [ -I | -i ] [ -a | -o ] [ -r | -t timeout ] { pids... } [ prog... ]"


def _wait(options):
    """waitpid(-1, options) -> (pid, wstatus); (-1, 0) when no child is left."""
    while True:
        try:
            return os.waitpid(-1, options)
        except InterruptedError:
            continue
        except ChildProcessError:
            return -1, 0
        except OSError as e:
            raise SysFail(b"wait", e) from None


def wait_all():
    while _wait(0)[0] > 0:
        pass
    return 0


def wait_from_list(pids):
    """Wait for every listed pid; the status is the last listed one's."""
    todo = list(pids)
    last = pids[-1]
    e = -1
    while todo:
        pid, wstatus = _wait(0)
        if pid < 0:
            break
        if pid in todo:
            todo.remove(pid)
            if pid == last:
                e = wait_estatus(wstatus)
    return e


def wait_one(pids):
    """Wait for one child (one listed child if pids): (pid, estatus)."""
    while True:
        pid, wstatus = _wait(0)
        if pid < 0:
            return -1, -1
        if not pids or pid in pids:
            return pid, wait_estatus(wstatus)


def wait_with_timeout(pids, timeout_ms, justone, strict):
    """The -t/-r forms. Returns (pid, estatus), estatus -1 when nothing
    relevant was reaped."""
    import time
    special = pids[-1] if pids else 0
    todo = list(pids)
    found, e = -1, (-1 if special else 0)
    deadline = time.monotonic() + timeout_ms / 1000
    old = signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGCHLD])
    try:
        while True:
            while True:
                pid, wstatus = _wait(os.WNOHANG)
                if pid == 0:
                    break
                if pid < 0:
                    return found, e
                if pids:
                    if pid not in todo:
                        continue
                    todo.remove(pid)
                if justone or pid == special:
                    found, e = pid, wait_estatus(wstatus)
                if justone or (pids and not todo):
                    return found, e
            left = deadline - time.monotonic()
            if left <= 0 or signal.sigtimedwait([signal.SIGCHLD], left) is None:
                if not strict:
                    return found, -1
                raise SysFail(b"wait", 110, 99)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"iIaort:", USAGE)
    strict = justone = False
    timeout = None
    for letter, arg in opts:
        if letter == b"i":
            strict = True
        elif letter == b"I":
            strict = False
        elif letter == b"a":
            justone = False
        elif letter == b"o":
            justone = True
        elif letter == b"r":
            timeout = 0
        else:
            timeout = uint0(arg)
            if timeout is None:
                raise Usage(USAGE)
    words, rest = read_block_or_none(ctx, argv, i)
    hasblock = words is not None
    if not hasblock:
        words = argv[i:]
    pids = []
    for word in words:
        pid = uint0(word)
        if pid is None or pid > 0x7fffffff:
            raise Usage(USAGE)
        pids.append(pid)
    found = -1
    if timeout is not None:
        found, e = wait_with_timeout(pids, timeout, justone, strict)
    elif justone:
        found, e = wait_one(pids)
    elif pids:
        e = wait_from_list(pids)
    else:
        e = wait_all()
    if not hasblock:
        return Exit(e if e >= 0 else 127)
    remainder = argv[rest:]
    if not justone:
        return Exec(remainder)
    if e < 0:
        return Exec(remainder, {b"?": None, b"!": None})
    return Exec(remainder, {b"?": b"%d" % e, b"!": b"%d" % found})
