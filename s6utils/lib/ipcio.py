"""What s6's IPC programs share besides the unixmessage framing
(s6utils.lib.unixmessage): timed reads and writes on a socket (skalibs'
buffer_timed_get and buffer_timed_flush), Unix socket creation, binding
and connection as skalibs' ipc_* functions do them, getpeereid, and the
starting of a connection's program (s6-ipcserverd, s6-sudod).

Deadlines are absolute time.monotonic() values, or None for none.
"""

import errno
import os
import select
import sys
import time
import _socket

from s6utils.lib.unixmessage import wait_fd

IPCPATH_MAX = 107  # sizeof(sun_path) - 1
SOL_SOCKET = _socket.SOL_SOCKET
SO_REUSEADDR = _socket.SO_REUSEADDR


def deadline_ms(ms):
    """The deadline ``ms`` milliseconds from now; None for 0 (infinite)."""
    return None if not ms else time.monotonic() + ms / 1000.0


def nonblock(fd, on=True):
    os.set_blocking(fd, not on)


class TimedReader:
    """skalibs' buffer on an fd, read with buffer_timed_get: ``get(n,
    deadline)`` returns up to n bytes, fewer only at end of file or when
    the deadline passed, the errno then in ``self.err``: ETIMEDOUT, or 0
    at end of file (C's errno is left as it was: strerror(0))."""

    def __init__(self, fd):
        self.fd = fd
        self.buf = b""
        self.err = 0

    def get(self, n, deadline=None):
        while len(self.buf) < n:
            try:
                data = os.read(self.fd, 4096)
            except InterruptedError:
                continue
            except BlockingIOError:
                try:
                    wait_fd(self.fd, select.POLLIN, deadline)
                except OSError as e:
                    self.err = e.errno
                    break
                continue
            except OSError as e:
                self.err = e.errno
                break
            if not data:
                self.err = 0
                break
            self.buf += data
        out, self.buf = self.buf[:n], self.buf[n:]
        return out


def write_timed(fd, data, deadline=None):
    """Write all of ``data`` to ``fd`` (blocking or not) before
    ``deadline``; raises OSError (ETIMEDOUT, EPIPE...)."""
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except InterruptedError:
            continue
        except BlockingIOError:
            wait_fd(fd, select.POLLOUT, deadline)
            continue
        view = view[n:]


# --------------------------------------------------------------------------
# sockets

def stream_socket(nonblocking=False, dgram=False):
    """A new Unix socket fd, close-on-exec (ipc_stream_internal)."""
    kind = _socket.SOCK_DGRAM if dgram else _socket.SOCK_STREAM
    kind |= _socket.SOCK_CLOEXEC
    if nonblocking:
        kind |= _socket.SOCK_NONBLOCK
    return _socket.socket(_socket.AF_UNIX, kind).detach()


def _check_path(path, err):
    if len(path) > IPCPATH_MAX:
        raise OSError(err, os.strerror(err))


def on_socket(fd, method, *args):
    """Call ``method`` of a socket object on ``fd`` (left open)."""
    s = _socket.socket(fileno=fd)
    try:
        return getattr(s, method)(*args)
    finally:
        s.detach()


def bind(fd, path, reuse=False):
    """ipc_bind / ipc_bind_reuse: with ``reuse``, a stale socket file is
    removed first."""
    _check_path(path, errno.ENAMETOOLONG)
    if reuse:
        try:
            os.unlink(path)
        except OSError:
            pass
    on_socket(fd, "bind", path)


def listen(fd, backlog):
    on_socket(fd, "listen", backlog)


def connect(fd, path):
    """ipc_connect on a blocking socket."""
    _check_path(path, errno.EPROTO)
    while True:
        try:
            return on_socket(fd, "connect", path)
        except InterruptedError:
            continue


def _path_of(addr):
    if isinstance(addr, str):
        addr = os.fsencode(addr)
    return addr or b""


def local_name(fd):
    """The path the socket is bound to (ipc_local): b"" when unbound."""
    return _path_of(on_socket(fd, "getsockname"))


def accept(fd):
    """ipc_accept: (new fd, close-on-exec and blocking, remote path)."""
    s = _socket.socket(fileno=fd)
    try:
        while True:
            try:
                newfd, addr = s._accept()
                break
            except InterruptedError:
                continue
    finally:
        s.detach()
    os.set_inheritable(newfd, False)
    os.set_blocking(newfd, True)
    return newfd, _path_of(addr)


_SO_PEERCRED = getattr(_socket, "SO_PEERCRED", 17)


def peereid(fd):
    """(uid, gid) of the peer of a connected Unix socket (getpeereid)."""
    cred = on_socket(fd, "getsockopt", _socket.SOL_SOCKET, _SO_PEERCRED, 12)
    return (int.from_bytes(cred[4:8], sys.byteorder),
            int.from_bytes(cred[8:12], sys.byteorder))


def is_socket(fd):
    import stat
    return stat.S_ISSOCK(os.fstat(fd).st_mode)


# --------------------------------------------------------------------------
# starting a connection's program

def preload(argv):
    """Import, once, the modules of every word of ``argv`` that names one
    of execpy's commands (and the forked-child runner): a server that
    forks a child per connection then hands each child a warm chain
    instead of letting every child import the same modules again."""
    from execpy.engine import core, forked  # noqa: F401 - imported for the children
    for word in argv:
        if word[:1] != b"-":
            try:
                core._lookup(word)
            except Exception:  # noqa: BLE001 - a word that is no command
                pass


def spawn(env, argv, moves, sigq=None, prog=b"execpy"):
    """Start ``argv`` with environment ``env`` (a dict, used as is) and
    the fds of ``moves`` ([(target, source)], applied in order: dup2 then
    close the source unless it is also a target), as skalibs' cspawn with
    CSPAWN_FLAGS_SELFPIPE_FINISH does: the child gets the signal state
    ``sigq`` (a SignalQueue) took over. An external program is started
    with posix_spawn (so a failure to start it is an OSError here); one of
    execpy's commands runs in a forked child that keeps interpreting the
    chain (no new interpreter). Returns the pid."""
    from execpy.engine import core, process
    ctx = core.Ctx(env, prog)
    targets = {t for t, _ in moves}
    mod = core._lookup(argv[0])
    if mod is None:
        path = core.find_executable(argv[0], env)
        actions = []
        for target, source in moves:
            actions.append((os.POSIX_SPAWN_DUP2, source, target))
        for target, source in moves:
            if source not in targets and source != target:
                actions.append((os.POSIX_SPAWN_CLOSE, source))
        mask = sigq.mask if sigq is not None else None
        return process.posix_spawn(path, list(argv), env, actions, mask)

    from execpy.engine.forked import run_forked  # once here, not in every child

    def body():
        if sigq is not None:
            sigq.restore()
            sigq.close()
        for target, source in moves:
            if source != target:
                os.dup2(source, target)
            else:
                os.set_inheritable(target, True)
        for target, source in moves:
            if source not in targets and source != target:
                try:
                    os.close(source)
                except OSError:
                    pass
        return run_forked(ctx, list(argv))

    return process.fork_child(body, prog)
