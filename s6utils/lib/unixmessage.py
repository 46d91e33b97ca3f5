"""skalibs' unixmessage and textmessage framings, wire-compatible with
skalibs 2.15.1.0 (s6-sudo, s6-fdholder, s6-ipcserver's clients).

unixmessage: a message is a 6-byte header, the data length as a uint32 and
the number of fds as a uint16 (both big-endian), then the data. The fds
travel as one SCM_RIGHTS control message attached to the sendmsg that
carries the header; a receiver queues the fds it gets in stream order and
gives each message as many as its header announces. At most 2**28 bytes and
253 fds a message; more is EPROTO, on either side.

textmessage: a 4-byte big-endian length, then the data; no fds.

Every function takes a socket as an int fd (or anything with fileno()),
blocking or not. ``deadline`` is an absolute time.monotonic() value, or
None to wait forever; reaching it raises OSError(ETIMEDOUT). Errors are
OSError with skalibs' errno. Received fds are close-on-exec.

API (stable; s6-sudo, s6-fdholder and s6-ipcserver build on it):

  send(sock, data, fds=(), deadline=None)
      Send one whole message (short writes and EAGAIN are waited out).
  Receiver(sock)
      .recv(deadline=None) -> (data, [fds]), or None at end of stream on a
          message boundary (skalibs reports that as EPIPE); an end inside a
          message raises EPIPE.
      .try_recv() -> (data, [fds]) | None while incomplete (for event
          loops on a non-blocking socket); end of stream raises EPIPE.
      .pending() -> True when whole messages may be buffered already.
      .close_fds() closes the fds received but not yet handed out.
  Sender(sock)
      .put(data, fds=(), close=()) queues a message; the fds in ``close``
          are closed once sent (skalibs' put_and_close).
      .flush() -> True when everything is sent, False on EAGAIN.
      .flush_until(deadline) blocks (polls) until sent.
      .busy() -> True while something is queued.
  text_pack(data) -> bytes of one textmessage
  TextReceiver(sock).recv(deadline=None) / .try_recv(): as Receiver's,
      giving data only (limit ``maxlen``: EMSGSIZE beyond it).
"""

import errno
import os
import select
import sys
import time
import _socket  # the C module: "socket" imports enum

MAXSIZE = 1 << 28
MAXFDS = 253
HEADER = 6
_READSIZE = 65536
_ANCSIZE = _socket.CMSG_SPACE(MAXFDS * 4)
_SCM_RIGHTS = _socket.SCM_RIGHTS
_SOL_SOCKET = _socket.SOL_SOCKET
_RECVFLAGS = _socket.MSG_DONTWAIT | getattr(_socket, "MSG_CMSG_CLOEXEC", 0)
_SENDFLAGS = _socket.MSG_DONTWAIT | _socket.MSG_NOSIGNAL
TEXT_MAXLEN = (1 << 31) - 1


_ORDER = sys.byteorder  # SCM_RIGHTS carries native ints


def _pack_fds(fds):
    return b"".join(f.to_bytes(4, _ORDER, signed=True) for f in fds)


def _fileno(sock):
    return sock if isinstance(sock, int) else sock.fileno()


def _wrap(fd):
    """A _socket.socket on ``fd`` that the caller must detach(), not close."""
    return _socket.socket(fileno=fd)


def wait_fd(fd, events, deadline):
    """Poll ``fd`` for ``events`` until ``deadline``; ETIMEDOUT when it
    passes first."""
    p = select.poll()
    p.register(fd, events)
    while True:
        if deadline is None:
            ms = -1
        else:
            ms = int((deadline - time.monotonic()) * 1000 + 0.999)
            if ms <= 0:
                raise OSError(errno.ETIMEDOUT, os.strerror(errno.ETIMEDOUT))
        try:
            if p.poll(ms):
                return
        except InterruptedError:
            continue


def _fds_ok(fds):
    for fd in fds:
        if fd < 0:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))


def pack(data, nfds=0):
    """The header of a message of ``data`` with ``nfds`` fds."""
    if len(data) > MAXSIZE or nfds > MAXFDS:
        raise OSError(errno.EPROTO, os.strerror(errno.EPROTO))
    return len(data).to_bytes(4, "big") + nfds.to_bytes(2, "big")


# --------------------------------------------------------------------------
# sending

def _send_one(s, fd, buf, fds, deadline):
    """Send ``buf`` (header + data), ``fds`` on the first byte; wait out
    EAGAIN until ``deadline``."""
    view = memoryview(buf)
    anc = [(_SOL_SOCKET, _SCM_RIGHTS, _pack_fds(fds))] if fds else []
    while view:
        try:
            if anc:
                n = s.sendmsg([view], anc, _SENDFLAGS)
                anc = []
            else:
                n = s.send(view, _SENDFLAGS)
        except (BlockingIOError, InterruptedError):
            if deadline is False:
                return view
            wait_fd(fd, select.POLLOUT, deadline)
            continue
        view = view[n:]
    return None


def send(sock, data, fds=(), deadline=None):
    """Send one message: ``data`` (bytes) and ``fds`` (ints, kept open)."""
    fd = _fileno(sock)
    fds = list(fds)
    _fds_ok(fds)
    buf = pack(data, len(fds)) + data
    s = _wrap(fd)
    try:
        _send_one(s, fd, buf, fds, deadline)
    finally:
        s.detach()


class Sender:
    """A queue of messages for a (typically non-blocking) socket."""

    def __init__(self, sock):
        self.fd = _fileno(sock)
        self._queue = []  # [buf, fds, close] ; buf shrinks as it is sent

    def put(self, data, fds=(), close=()):
        fds = list(fds)
        _fds_ok(fds)
        self._queue.append([pack(data, len(fds)) + data, fds, tuple(close)])

    def busy(self):
        return bool(self._queue)

    def _flush(self, deadline):
        s = _wrap(self.fd)
        try:
            while self._queue:
                item = self._queue[0]
                rest = _send_one(s, self.fd, item[0], item[1], deadline)
                if item[1]:  # the fds are out with the first byte
                    _close_all(item[2])
                    item[1] = []
                    item[2] = ()
                if rest is not None:
                    item[0] = bytes(rest)
                    return False
                self._queue.pop(0)
            return True
        finally:
            s.detach()

    def flush(self):
        """Send what the socket takes now; True once the queue is empty."""
        return self._flush(False)

    def flush_until(self, deadline=None):
        return self._flush(deadline)


# --------------------------------------------------------------------------
# receiving

class _Framed:
    """What both receivers share: a buffer filled by ``_fill`` (False on
    EAGAIN; sets ``_eof``), cut into messages by ``_take``."""

    def __init__(self, sock):
        self.fd = _fileno(sock)
        self._buf = bytearray()
        self._eof = False

    def _leftover(self):
        return bool(self._buf)

    def try_recv(self):
        msg = self._take()
        while msg is None and not self._eof and self._fill():
            msg = self._take()
        if msg is None and self._eof:
            raise OSError(errno.EPIPE, os.strerror(errno.EPIPE))
        return msg

    def recv(self, deadline=None):
        while True:
            msg = self._take()
            if msg is not None:
                return msg
            if self._eof or not self._fill():
                if self._eof:
                    if not self._leftover():
                        return None
                    raise OSError(errno.EPIPE, os.strerror(errno.EPIPE))
                wait_fd(self.fd, select.POLLIN, deadline)


class Receiver(_Framed):
    """Messages from a socket, buffered; fds queued in stream order."""

    def __init__(self, sock):
        super().__init__(sock)
        self._fds = []

    def _leftover(self):
        return bool(self._buf or self._fds)

    def _fill(self):
        """Read once. Returns False on EAGAIN, True otherwise (EOF sets
        _eof)."""
        s = _wrap(self.fd)
        try:
            while True:
                try:
                    data, anc, flags, _ = s.recvmsg(_READSIZE, _ANCSIZE, _RECVFLAGS)
                    break
                except InterruptedError:
                    continue
                except BlockingIOError:
                    return False
        finally:
            s.detach()
        got = []
        bad = False
        for level, kind, payload in anc:
            if level != _SOL_SOCKET or kind != _SCM_RIGHTS:
                bad = True
                continue
            got += [int.from_bytes(payload[i:i + 4], _ORDER, signed=True)
                    for i in range(0, len(payload) - 3, 4)]
        if bad or flags & _socket.MSG_CTRUNC:
            _close_all(got)
            err = errno.EPROTO if bad else errno.ENOBUFS
            raise OSError(err, os.strerror(err))
        self._fds += got
        if not data:
            self._eof = True
        else:
            self._buf += data
        return True

    def _take(self):
        buf = self._buf
        if len(buf) < HEADER:
            return None
        length = int.from_bytes(buf[0:4], "big")
        nfds = int.from_bytes(buf[4:6], "big")
        if length > MAXSIZE or nfds > MAXFDS:
            raise OSError(errno.EPROTO, os.strerror(errno.EPROTO))
        if len(buf) < HEADER + length or len(self._fds) < nfds:
            return None
        data = bytes(buf[HEADER:HEADER + length])
        del buf[:HEADER + length]
        fds = self._fds[:nfds]
        del self._fds[:nfds]
        return data, fds

    def pending(self):
        return len(self._buf) >= HEADER

    def close_fds(self):
        _close_all(self._fds)
        self._fds = []


def _close_all(fds):
    for f in fds:
        try:
            os.close(f)
        except OSError:
            pass


# --------------------------------------------------------------------------
# textmessage

def text_pack(data):
    if len(data) > TEXT_MAXLEN:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
    return len(data).to_bytes(4, "big") + data


class TextReceiver(_Framed):
    """textmessage frames from a stream fd."""

    def __init__(self, sock, maxlen=TEXT_MAXLEN):
        super().__init__(sock)
        self.maxlen = maxlen

    def _fill(self):
        while True:
            try:
                data = os.read(self.fd, _READSIZE)
                break
            except InterruptedError:
                continue
            except BlockingIOError:
                return False
        if data:
            self._buf += data
        else:
            self._eof = True
        return True

    def _take(self):
        buf = self._buf
        if len(buf) < 4:
            return None
        length = int.from_bytes(buf[0:4], "big")
        if length > self.maxlen:
            raise OSError(errno.EMSGSIZE, os.strerror(errno.EMSGSIZE))
        if len(buf) < 4 + length:
            return None
        data = bytes(buf[4:4 + length])
        del buf[:4 + length]
        return data
