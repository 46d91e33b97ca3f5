"""s6-ipcserver-socketbinder: bind a Unix socket to ``path`` on fd 0
(listening, non-blocking unless -B), then go on.

By default (-d) a stale socket is replaced, as skalibs' ipc_bind_reuse
does: ``path.lock`` is created and locked for the time of the bind, the
old socket file removed. (C holds that lock until its exec, which closes
it; the chain here goes on in-process, so the lock is closed at once.)
"""

import errno
import fcntl
import os

from execpy.engine import Exec
from execpy.engine.numscan import oscan0, scan0
from execpy.engine.options import parse_or_usage
from execpy.errors import SysFail, Usage
from s6utils.lib import ipcio

PROG = b"s6-ipcserver-socketbinder"
USAGE = (b"s6-ipcserver-socketbinder [ -d | -D ] [ -b backlog ] [ -M | -m ] "
         b"[ -a perms ] [ -B ] path prog...")

SOMAXCONN = 4096


def _lock(path):
    fd = os.open(path + b".lock", os.O_WRONLY | os.O_NONBLOCK | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        os.close(fd)
        if e.errno in (errno.EACCES, errno.EAGAIN):
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY)) from None
        raise
    return fd


def main(ctx, argv):
    opts, i = parse_or_usage(argv, b"DdMmBb:a:", USAGE)
    backlog = SOMAXCONN
    reuse = True
    dgram = False
    nonblocking = True
    perms = 0o777
    for letter, arg in opts:
        if letter == b"D":
            reuse = False
        elif letter == b"d":
            reuse = True
        elif letter == b"M":
            dgram = False
        elif letter == b"m":
            dgram = True
        elif letter == b"B":
            nonblocking = False
        elif letter == b"b":
            backlog = scan0(arg)
            if backlog is None:
                raise Usage(USAGE)
        else:
            perms = oscan0(arg)
            if perms is None:
                raise Usage(USAGE)
    args = argv[i:]
    if len(args) < 2:
        raise Usage(USAGE)
    path = args[0]
    try:
        os.close(0)
    except OSError:
        pass
    try:
        s = ipcio.stream_socket(nonblocking, dgram)
        if s != 0:
            os.dup2(s, 0)
            os.close(s)
        os.set_inheritable(0, True)
    except OSError as e:
        raise SysFail(b"create socket", e) from None
    lockfd = -1
    old = os.umask(~perms & 0o777)
    try:
        if reuse:
            lockfd = _lock(path)
            try:
                ipcio.on_socket(0, "setsockopt", ipcio.SOL_SOCKET, ipcio.SO_REUSEADDR, 1)
            except OSError:
                pass
        ipcio.bind(0, path, reuse)
    except OSError as e:
        raise SysFail(b"bind to " + path, e) from None
    finally:
        os.umask(old)
        if lockfd >= 0:
            os.close(lockfd)
    if backlog:
        try:
            ipcio.listen(0, backlog)
        except OSError as e:
            raise SysFail(b"listen to " + path, e) from None
    return Exec(args[1:])
