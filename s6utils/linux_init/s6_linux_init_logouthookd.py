"""s6-linux-init-logouthookd: run by s6-ipcserver for each connection on
the logout hook socket: accept only root clients, wait until the client
goes away (it must not write), then mark its utmp record dead. With
s6-overlay's static musl build there is no utmp database, so nothing is
left to clean: as there, it then just exits 0."""

import errno
import socket
import struct

from execpy.engine import Exit
from execpy.errors import Die
from s6utils.rc.errtext import SysFail

# The C program never names itself: its messages start with "(none)".
PROG = b"(none)"
USAGE = b"s6-linux-init-logouthookd"
TITLE = True  # a daemon: the chain shows it in ps as its exec would (process.set_title)


def _getsockopt_failed(e):
    if e.errno == errno.ENOTSOCK:  # musl's wording
        raise Die(111, b"unable to getsockopt: Not a socket") from None
    raise SysFail(b"getsockopt", e) from None


def main(ctx, argv):
    import os
    try:
        os.close(1)
    except OSError:
        pass
    fd = os.dup(0)
    try:
        sock = socket.socket(fileno=fd)  # closing it closes the copy only
    except OSError as e:
        os.close(fd)
        _getsockopt_failed(e)
    try:
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError as e:
        _getsockopt_failed(e)
    finally:
        sock.close()
    _pid, uid, _gid = struct.unpack("3i", creds)
    if uid:
        return Exit(1)
    try:
        data = os.read(0, 1)
    except OSError as e:
        raise SysFail(b"read from stdin", e) from None
    if data:
        raise Die(2, b"client attempted to write")
    return Exit(0)
