"""Talking to a supervisor: is one running (its lock), and commands to it
(its control FIFO), as s6 2.11.3.2's tools do (s6_svc_ok, s6_svc_writectl).

A supervisor is alive when someone holds the POSIX lock on
``<dir>/supervise/lock``. Commands are bytes written to the named pipe
``<dir>/supervise/control`` (s6-supervise) or ``<scandir>/.s6-svscan/control``
(s6-svscan), opened without blocking: ENXIO means nobody reads it.
"""

import errno
import os
import struct

from execpy.engine.fdio import write_all
from execpy.errors import Die, SysFail, strerror

CTLDIR = b"supervise"
SVSCAN_CTLDIR = b".s6-svscan"

_F_RDLCK = 0
_F_UNLCK = 2


# --------------------------------------------------------------------------
# is a supervisor running?

def _islocked(fd):
    import fcntl
    # struct flock: l_type, l_whence, l_start, l_len, l_pid, native layout;
    # spare room at the end for whatever padding the platform adds.
    arg = struct.pack("@hhqqi", _F_RDLCK, 0, 0, 0, 0) + bytes(16)
    res = fcntl.fcntl(fd, fcntl.F_GETLK, arg)
    (l_type,) = struct.unpack_from("@h", res)
    return l_type != _F_UNLCK


def svc_ok(servicedir):
    """1 if a supervisor holds ``servicedir``'s lock, 0 if not; OSError
    when the lock file cannot be checked."""
    try:
        fd = os.open(servicedir + b"/" + CTLDIR + b"/lock", os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return 0
    try:
        return 1 if _islocked(fd) else 0
    finally:
        os.close(fd)


# --------------------------------------------------------------------------
# control pipes

def svc_write(fifo, data):
    """Write ``data`` to a control pipe. Returns 1 when written, 0 when
    nobody listens, (-2, errno) when the path is not there; raises OSError
    on other errors."""
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        if e.errno == errno.ENXIO:
            return 0
        if e.errno in (errno.ENOENT, errno.ENOTDIR, errno.EISDIR):
            return (-2, e.errno)
        raise
    try:
        os.set_blocking(fd, True)
        write_all(fd, data)
    finally:
        os.close(fd)
    return 1


def svc_writectl(service, subdir, data):
    """Send ``data`` to ``service/subdir/control`` as s6_svc_writectl does.

    Returns 1 (sent), 0 (no supervisor: nobody reads the pipe, or there is
    no ``subdir``) or (-2, errno) (``subdir`` is there but unusable).
    Raises OSError when ``service`` itself cannot be opened or on an I/O
    error."""
    r = svc_write(service + b"/" + subdir + b"/control", data)
    if not isinstance(r, tuple):
        return r
    err = r[1]
    fd = os.open(service, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        try:
            fdsub = os.open(subdir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=fd)
        except OSError as e:
            if e.errno == errno.ENOENT:
                return 0
            return (-2, e.errno)
        os.close(fdsub)
    finally:
        os.close(fd)
    return (-2, err)


def send(service, subdir, data, broken):
    """s6-svc's and s6-svscanctl's sending, with their messages: dies 111
    when ``service`` cannot be reached, 100 when ``subdir`` is unusable
    (``broken`` leads the errno text) or nobody listens."""
    try:
        r = svc_writectl(service, subdir, data)
    except OSError as e:
        raise SysFail(b"control " + service, e) from None
    if isinstance(r, tuple):
        raise Die(100, b"something is wrong with the " + service + b"/" + subdir
                  + broken + strerror(r[1]))
    if not r:
        raise Die(100, b": unable to control " + service + b": supervisor not listening")
