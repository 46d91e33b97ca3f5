"""s6-setlock: take a lock on a file, then go on holding it.

The lock is a POSIX record lock (fcntl) on the whole file, held through an
fd that the next program inherits (s6's documented fd leak): it lasts as
long as that program. -r takes a shared lock on a read-only fd, -w (the
default) an exclusive one on a write-only fd; -n fails at once if the lock
is taken, -N waits, -t waits at most so many milliseconds.

s6 2.11.3.2 delegates -t to a helper process (s6lockd-helper) that holds the
lock on s6-setlock's behalf. We take the lock ourselves under an interval
timer instead: no extra process, no extra pipe fd in the program; the lock,
the timeout, the exit codes and the messages are the same (a failure to open
the file is reported under the helper's name, as s6 prints it).
"""

import errno
import os

from execpy.engine import Exec, process
from execpy.engine.options import parse_or_usage
from execpy.errors import Die, SysFail, Usage, format_error, write_stderr
from execpy.engine.numscan import scan0

PROG = b"s6-setlock"
USAGE = b"s6-setlock [ -r | -w ] [ -n | -N | -t timeout ] lockfile prog..."
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)

_BLOCK, _NONBLOCK, _TIMED = range(3)


def open_lockfile(path, exclusive):
    """The fd to lock ``path`` through; created if missing (mode 0666 & ~umask)."""
    flags = os.O_NONBLOCK
    if exclusive:
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | flags, 0o666)
        except OSError as e:
            raise SysFail(b"open " + path + b" for writing", e)
    try:
        return os.open(path, os.O_RDONLY | flags)
    except OSError as e:
        if e.errno != errno.ENOENT:
            raise SysFail(b"open " + path + b" for reading", e)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | flags, 0o666))
    except OSError as e:
        raise SysFail(b"create " + path, e)
    try:
        return os.open(path, os.O_RDONLY | flags)
    except OSError as e:
        raise SysFail(b"open " + path + b" for reading", e)


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout


def _lock_timed(fcntl, fd, op, millisecs):
    """Wait for the lock at most ``millisecs``; False on timeout."""
    if not millisecs:
        # s6's helper may or may not answer within no time at all: we answer
        # yes exactly when the lock is free.
        try:
            fcntl.lockf(fd, op | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True
    import signal
    old = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, millisecs / 1000.0)
        try:
            fcntl.lockf(fd, op)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Timeout:
        return False
    finally:
        signal.signal(signal.SIGALRM, old)
    return True


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"nNrwt:", USAGE)
    mode = _BLOCK
    exclusive = True
    timeout = 0
    for letter, arg in opts:
        if letter == b"n":
            mode = _NONBLOCK
        elif letter == b"N":
            mode = _BLOCK
        elif letter == b"r":
            exclusive = False
        elif letter == b"w":
            exclusive = True
        else:
            timeout = scan0(arg)
            if timeout is None:
                raise Usage(USAGE)
            mode = _TIMED
    rest = argv[i:]
    if len(rest) < 2:
        raise Usage(USAGE)
    path = rest[0]

    import fcntl
    op = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    if mode == _TIMED:
        try:
            fd = open_lockfile(path, exclusive)
        except Die as e:
            write_stderr(format_error(b"s6lockd-helper", e))
            raise Die(111, b"unable to read ack from helper: Broken pipe")
        try:
            got = _lock_timed(fcntl, fd, op, timeout)
        except OSError as e:
            write_stderr(format_error(b"s6lockd-helper", SysFail(b"lock " + path, e)))
            raise Die(111, b"unable to read ack from helper: Broken pipe")
        if not got:
            raise SysFail(b"acquire lock", errno.ETIMEDOUT, 1)
    else:
        fd = open_lockfile(path, exclusive)
        if mode == _NONBLOCK:
            op |= fcntl.LOCK_NB
        try:
            fcntl.lockf(fd, op)
        except OSError as e:
            err = e.errno
            if mode == _NONBLOCK and err in (errno.EAGAIN, errno.EACCES):
                err = errno.EBUSY
            raise SysFail(b"lock " + path, err, 1)
    os.set_inheritable(fd, True)
    process.took_lock(fd)
    return Exec(rest[1:])
