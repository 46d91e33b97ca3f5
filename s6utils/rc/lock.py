"""The lock files of s6-rc: ``DIR/lock`` in a compiled database (and in a
live directory), held with POSIX record locks as skalibs' fd_lock takes
them, shared for readers and exclusive for writers, so that C s6-rc and
execpy's tools exclude each other."""

import errno
import fcntl
import os

from execpy.engine import process


def take(directory, exclusive, blocking):
    """Open ``directory/lock`` (created by an exclusive taker) and lock it;
    returns the fd, which holds the lock until it is closed. OSError;
    EBUSY when another process holds it and ``blocking`` is false."""
    if exclusive:
        flags = os.O_RDWR | os.O_CREAT | os.O_TRUNC
    else:
        flags = os.O_RDONLY
    fd = os.open(directory + b"/lock", flags | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    how = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    try:
        fcntl.lockf(fd, how if blocking else how | fcntl.LOCK_NB)
    except OSError as e:
        os.close(fd)
        if e.errno in (errno.EACCES, errno.EAGAIN):
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY)) from None
        raise
    process.took_lock(fd)
    return fd


def release(fd):
    """Close a fd that take returned: the lock is dropped."""
    process.release_lock(fd)
