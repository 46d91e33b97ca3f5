"""A supervisor's own handling of a service directory, as s6-supervise
2.11.3.2 does it: claiming it (``event/``, ``supervise/``, the lock, the
control fifo), its settings files, the ``down`` file. The formats it shares
with the tools (``supervise/status``, ``death_tally``, ``event/``) are in
s6utils.lib.

Every path is relative to a directory file descriptor: like s6-supervise,
which chdirs into its service directory, a supervisor keeps working on the
directory it started on even if the name in the scan directory changes.

Modes are s6's: ``supervise/`` 0700, ``supervise/lock`` 0644 and
``supervise/control`` 0600 (made under umask 0), ``event/`` 03730 owned by
our effective group; ``status``, ``death_tally`` and ``down`` are made 0666
under the process umask. Locks are POSIX record locks (fcntl), the kind
s6-svok tests.
"""

import errno
import fcntl
import os
import stat

from execpy.engine.numscan import scan0
from execpy.engine.signals import sig0_scan
from execpy.errors import strerror
from s6utils.lib import files

O_RDONLY_NB = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC
CONTROL = b"supervise/control"
LOCK = b"supervise/lock"
SERVICE_LOCK = b"supervise/service-lock"
UINT_FMT = 11  # room skalibs gives an unsigned int read from a file


class Fatal(Exception):
    """A supervisor cannot start (or go on): ``prog: fatal: msg``, exit code."""

    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code
        self.msg = msg


def errtext(err):
    return strerror(err)


def sysfatal(code, what, e):
    return Fatal(code, b"unable to " + what + b": " + errtext(e.errno))


# --------------------------------------------------------------------------
# reading settings

def read_file(dirfd, name, size, warn):
    """The start of file ``name`` up to its first newline, or None if it
    does not exist (or cannot be read: then a warning)."""
    try:
        fd = os.open(name, O_RDONLY_NB, dir_fd=dirfd)
    except OSError as e:
        if e.errno != errno.ENOENT:
            warn(b"unable to open " + name + b": " + errtext(e.errno))
        return None
    try:
        data = b""
        while len(data) < size:
            try:
                chunk = os.read(fd, size - len(data))
            except InterruptedError:
                continue
            if not chunk:
                break
            data += chunk
    except OSError as e:
        warn(b"unable to open " + name + b": " + errtext(e.errno))
        return None
    finally:
        os.close(fd)
    nl = data.find(b"\n")
    return data if nl < 0 else data[:nl]


def read_uint(dirfd, name, warn):
    """An unsigned int setting (notification-fd, timeout-kill...), or None
    when absent or invalid (with a warning)."""
    data = read_file(dirfd, name, UINT_FMT, warn)
    if data is None:
        return None
    n = scan0(data)
    if n is None:
        warn(b"invalid " + name)
    return n


def read_downsig(dirfd, warn):
    data = read_file(dirfd, b"down-signal", 15, warn)
    if data is None:
        return 15
    nul = data.find(b"\0")
    if nul >= 0:
        data = data[:nul]
    sig = sig0_scan(data)
    if sig is None:
        warn(b"invalid down-signal")
        return 15
    return sig


def exists(dirfd, name):
    """access(name, F_OK); raises OSError for errors other than ENOENT."""
    try:
        os.stat(name, dir_fd=dirfd, follow_symlinks=True)
        return True
    except FileNotFoundError:
        return False
    except OSError as e:
        if e.errno == errno.ENOTDIR:
            return False
        raise


# --------------------------------------------------------------------------
# the down file

def add_down(dirfd):
    files.truncate(b"down", dirfd)


def del_down(dirfd):
    try:
        os.unlink(b"down", dir_fd=dirfd)
    except FileNotFoundError:
        pass


# --------------------------------------------------------------------------
# claiming a service directory

def trymkdir(dirfd, name):
    """mkdir ``name`` 0700; through a dangling symlink, its target. True if
    a directory was made. An existing directory is fine; anything else that
    exists is fatal, as in s6-supervise."""
    try:
        os.mkdir(name, 0o700, dir_fd=dirfd)
        return True
    except OSError as e:
        if e.errno != errno.EEXIST:
            raise sysfatal(111, b"mkdir " + name, e) from None
    try:
        target = os.readlink(name, dir_fd=dirfd)
    except OSError as e:
        if e.errno != errno.EINVAL:
            raise Fatal(111, b"unable to mkdir " + name + b": " + errtext(errno.EEXIST)) from None
        try:
            st = os.stat(name, dir_fd=dirfd)
        except OSError as e2:
            raise sysfatal(111, b"stat " + name, e2) from None
        if not stat.S_ISDIR(st.st_mode):
            raise Fatal(100, name + b" exists and is not a directory") from None
        return False
    if len(target) >= 512:
        raise Fatal(111, b"unable to readlink " + name + b": " + errtext(errno.ENAMETOOLONG))
    try:
        os.mkdir(target, 0o700, dir_fd=dirfd)
    except OSError as e:
        raise sysfatal(111, b"mkdir " + target, e) from None
    return True


def lock(fd):
    """Take the POSIX write lock on ``fd`` without waiting: True if taken,
    False if someone else holds it; raises OSError on other errors."""
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise


def open_fifo(dirfd, name, what):
    """Make (or reuse) the control fifo ``name`` 0600 and open it for
    reading. It is opened read-write: we are also a writer, so it never
    reads end-of-file, and one descriptor does what s6's two do."""
    try:
        os.mkfifo(name, 0o600, dir_fd=dirfd)
    except OSError as e:
        if e.errno != errno.EEXIST:
            raise sysfatal(111, b"mkfifo " + name, e) from None
        try:
            st = os.stat(name, dir_fd=dirfd)
        except OSError as e2:
            raise sysfatal(111, b"stat " + name, e2) from None
        if not stat.S_ISFIFO(st.st_mode):
            raise Fatal(100, name + b" is not a FIFO") from None
    try:
        return os.open(name, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dirfd)
    except OSError as e:
        raise sysfatal(111, b"open " + name + b" for reading", e) from None


# In-process registry of the lock files we hold. A POSIX lock does not
# exclude its own process, so two entries leading to the same supervise/
# directory are told apart here.
_held = {}


def claim(dirfd):
    """s6-supervise's control_init: event/ and supervise/, the lock, the
    control fifo. Returns (lock fd, control fd, lock key). Raises Fatal."""
    old = os.umask(0)
    lockfd = ctlfd = -1
    try:
        if trymkdir(dirfd, b"event"):
            try:
                os.chown(b"event", -1, os.getegid(), dir_fd=dirfd)
            except OSError as e:
                raise sysfatal(111, b"chown event", e) from None
            try:
                os.chmod(b"event", 0o3730, dir_fd=dirfd)
            except OSError as e:
                raise sysfatal(111, b"chmod event", e) from None
        trymkdir(dirfd, b"supervise")
        busy = Fatal(100, b"another instance of s6-supervise is already running")
        # Closing any descriptor of a file drops this process's POSIX lock
        # on it: a lock file one of our supervisors holds (supervise/ may be
        # a link shared by two directories) must not even be opened.
        try:
            st = os.stat(LOCK, dir_fd=dirfd)
            if (st.st_dev, st.st_ino) in _held:
                raise busy
        except FileNotFoundError:
            pass
        except OSError:
            pass
        try:
            lockfd = os.open(LOCK, os.O_WRONLY | os.O_NONBLOCK | os.O_CREAT | os.O_CLOEXEC, 0o644,
                             dir_fd=dirfd)
        except OSError as e:
            raise sysfatal(111, b"open " + LOCK, e) from None
        st = os.fstat(lockfd)
        key = (st.st_dev, st.st_ino)
        if key in _held:   # cannot happen after the check above; never close it
            lockfd = -1
            raise busy
        try:
            ok = lock(lockfd)
        except OSError as e:
            raise sysfatal(111, b"lock " + LOCK, e) from None
        if not ok:
            raise busy
        _held[key] = lockfd
        try:
            ctlfd = open_fifo(dirfd, CONTROL, b"supervise/control")
        except BaseException:
            del _held[key]
            raise
        return lockfd, ctlfd, key
    except BaseException:
        if lockfd >= 0:
            os.close(lockfd)
        raise
    finally:
        os.umask(old)


def release(lockfd, key):
    if _held.get(key) == lockfd:
        del _held[key]
    try:
        os.close(lockfd)
    except OSError:
        pass
