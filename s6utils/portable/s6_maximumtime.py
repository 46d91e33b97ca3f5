"""s6-maximumtime: run a program as a child with a time limit in
milliseconds (0: none). If it exits in time, exit with its code; if it
crashes, exit 111; on timeout, send it a signal (-t SIGTERM by default,
-0 none) and exit 99."""

import errno
import os
import signal
import time

from execpy.engine import Exit, process
from execpy.engine import core
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage, strerror
from execpy.engine.numscan import scan0

PROG = b"s6-maximumtime"
USAGE = b"s6-maximumtime [ -0 | -a | -b | -i | -k | -q | -t | -x | -1 | -2 ] milliseconds prog..."

_SIGNALS = {
    b"0": 0, b"a": signal.SIGALRM, b"b": signal.SIGABRT, b"i": signal.SIGINT,
    b"k": signal.SIGKILL, b"q": signal.SIGQUIT, b"t": signal.SIGTERM,
    b"x": signal.SIGXCPU, b"1": signal.SIGUSR1, b"2": signal.SIGUSR2,
}


def wait_with_deadline(pid, deadline):
    """The child's wait status, or None if ``deadline`` (monotonic, or
    None for never) passes first."""
    if deadline is None:
        return core.waitpid(pid)
    import select
    pidfd = -1
    if hasattr(os, "pidfd_open"):
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            pidfd = -1
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if pidfd >= 0:
                select.select([pidfd], [], [], left)
            else:
                time.sleep(min(left, 0.01))
    finally:
        if pidfd >= 0:
            os.close(pidfd)


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"0abikqtx12", USAGE)
    tosend = signal.SIGTERM
    for letter, _ in opts:
        tosend = _SIGNALS[letter]
    rest = argv[i:]
    if len(rest) < 2:
        raise Usage(USAGE)
    timeout = scan0(rest[0])
    if timeout is None:
        raise Usage(USAGE)
    prog = list(rest[1:])
    try:
        pid = core.spawn(ctx, prog)
    except OSError as e:
        raise SysFail(b"spawn " + prog[0], e)
    deadline = time.monotonic() + timeout / 1000.0 if timeout else None
    status = wait_with_deadline(pid, deadline)
    if status is None:
        if tosend:
            try:
                os.kill(pid, tosend)
            except OSError:
                pass
        ctx.warn(b"unable to wait for child process: " + strerror(errno.ETIMEDOUT))
        return Exit(99)
    code = process.status_of(status)
    if code > 255:
        ctx.warn(b"child process crashed")
        return Exit(111)
    return Exit(code)
