"""What s6's control and query tools share: talking to a supervisor.

A supervisor is alive when someone holds the POSIX lock on
``<dir>/supervise/lock`` (s6_svc_ok). Commands go to the named pipe
``<dir>/supervise/control`` (or ``<scandir>/.s6-svscan/control``), opened
without blocking: ENXIO means nobody reads it. This module also formats
what the tools print: signal names as skalibs spells them, TAI64N labels.
"""

import errno
import os
import struct

from execpy.engine.fdio import write_all
from s6utils.lib import svstatus

CTLDIR = b"supervise"
SVSCAN_CTLDIR = b".s6-svscan"
EVENTDIR = b"event"
MAX_DEATH_TALLY = 4096

# skalibs' signal table (sig_name): the name without "SIG"; anything else
# is "???".
_SIGNAMES = (
    b"HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM "
    b"STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH "
    b"POLL PWR SYS"
).split()


def uint32(word):
    """skalibs uint0_scan into an unsigned int: the whole word must be a
    decimal number that fits in 32 bits, else None."""
    if word and word.isdigit():
        n = int(word)
        if n <= 0xFFFFFFFF:
            return n
    return None


def sig_name(sig):
    if 1 <= sig <= len(_SIGNAMES):
        return _SIGNAMES[sig - 1]
    return b"???"


def timestamp_fmt(tain):
    """A TAI64N label as skalibs prints it: ``@`` and 24 hex digits."""
    return b"@%016x%08x" % (tain[0] & 0xFFFFFFFFFFFFFFFF, tain[1] & 0xFFFFFFFF)


def tain_now():
    return svstatus.tain_now()


def seconds_since(tain, now):
    """Whole seconds from ``tain`` to ``now`` (skalibs tain_sub: the
    seconds wrap around as an unsigned 64-bit number when tain is later)."""
    sec = now[0] - tain[0]
    if now[1] < tain[1]:
        sec -= 1
    return sec & 0xFFFFFFFFFFFFFFFF


# --------------------------------------------------------------------------
# is a supervisor running?

_F_RDLCK = 0
_F_UNLCK = 2


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

def _open_write(path):
    return os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)


def svc_write(fifo, data):
    """Write ``data`` to a control pipe. Returns 1 when written, 0 when
    nobody listens, (-2, errno) when the path is not there; raises OSError
    on other errors."""
    try:
        fd = _open_write(fifo)
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


# --------------------------------------------------------------------------
# status and death tally

def read_status(servicedir):
    """The status record. Raises OSError; a short file is EPIPE, as
    skalibs reports an early end of file."""
    path = servicedir + b"/" + CTLDIR + b"/status"
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        data = b""
        while len(data) < svstatus.STATUS_SIZE:
            chunk = os.read(fd, svstatus.STATUS_SIZE - len(data))
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    if len(data) < svstatus.STATUS_SIZE:
        raise OSError(errno.EPIPE, os.strerror(errno.EPIPE))
    st = svstatus.Status.unpack(data)
    # s6 keeps the pid in a pid_t: the low 32 bits, signed
    pid = st.pid & 0xFFFFFFFF
    st.pid = pid - (1 << 32) if pid >= 1 << 31 else pid
    return st


def _truncate(path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    os.close(fd)


def dtally_read(servicedir, maxn):
    """The last ``maxn`` death records of a service, oldest first.

    A missing or corrupt (not a whole number of records) file is reset to
    empty, as s6_dtally_read does. Raises OSError."""
    path = servicedir + b"/" + CTLDIR + b"/death_tally"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        _truncate(path)
        return []
    try:
        size = os.fstat(fd).st_size
        if size % svstatus.DTALLY_SIZE:
            os.close(fd)
            fd = -1
            _truncate(path)
            return []
        n = min(size // svstatus.DTALLY_SIZE, maxn)
        want = n * svstatus.DTALLY_SIZE
        os.lseek(fd, -want, os.SEEK_END)
        data = b""
        while len(data) < want:
            chunk = os.read(fd, want - len(data))
            if not chunk:
                raise OSError(errno.EPIPE, os.strerror(errno.EPIPE))
            data += chunk
    finally:
        if fd >= 0:
            os.close(fd)
    return svstatus.dtally_unpack(data)


def dtally_write(servicedir, records):
    """Replace the death tally atomically (through a ``.new`` file)."""
    svstatus.write_atomic(servicedir + b"/" + CTLDIR + b"/death_tally",
                          svstatus.dtally_pack(records), 0o666)
