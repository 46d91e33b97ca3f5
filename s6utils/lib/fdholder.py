"""The client side of s6's fd-holder protocol (s6 2.15.1.0's libs6
s6_fdholder_*), over skalibs' unixmessage framing (s6utils.lib.unixmessage).

Every request is one message whose first byte names it; the server answers
each with a message whose first byte is 0 or an errno value:

  ``S`` limit(12) idlen id NUL  + the fd   store; answer 1 byte
  ``D`` idlen id NUL                       delete; answer 1 byte
  ``R`` delete(0|1) idlen id NUL           retrieve; answer 1 byte (+ the fd)
  ``L``                                    list; answer 0, count(4), ids NUL-ended
  ``?``                                    getdump; answer 0, trips(4), count(4),
                                           then ``trips`` messages of up to 253
                                           entries: limit(12) idlen id NUL, + fds
  ``!`` count(4)                           setdump; answer 0, trips(4), then per
                                           trip ``.`` + entries + fds, answered
                                           EAGAIN until the last one (0)

A limit is a TAI64N time packed as 8 + 4 big-endian bytes (skalibs
tain_pack). Times here are (seconds label, nanoseconds) pairs as in
s6utils.lib.tai; deadlines are time.monotonic() values or None.
Failures are OSError with the errno the C library would leave.
"""

import errno
import os
import select
import time
import _socket

from s6utils.lib import tai
from s6utils.lib.unixmessage import MAXFDS, Receiver, send, wait_fd

ID_SIZE = 255
MAX = 256  # S6_FDHOLDER_MAX: most connections a server takes
PACK = 12  # TAIN_PACK
INFINITE_RELATIVE = 1 << 61  # TAIN_INFINITE_RELATIVE's seconds


def oserror(code):
    return OSError(code, os.strerror(code))


# --------------------------------------------------------------------------
# times

def tain_pack(t):
    return t[0].to_bytes(8, "big") + t[1].to_bytes(4, "big")


def tain_unpack(b):
    return int.from_bytes(b[0:8], "big"), int.from_bytes(b[8:12], "big")


def tain_add(t, sec, nano=0):
    s, n = t[0] + sec, t[1] + nano
    while n >= 1000000000:
        s += 1
        n -= 1000000000
    return s & 0xFFFFFFFFFFFFFFFF, n


def limit_in(ms):
    """The limit of an fd stored now for ``ms`` milliseconds (0: forever)."""
    now = tai.tain_now()
    if not ms:
        return tain_add(now, INFINITE_RELATIVE)
    return tain_add(now, ms // 1000, (ms % 1000) * 1000000)


def is_finite(limit, now=None):
    """getdump's test: a limit before now + half of infinity is shown."""
    return limit < tain_add(now or tai.tain_now(), INFINITE_RELATIVE >> 1)


def deadline_in(ms):
    """A monotonic deadline ``ms`` milliseconds away; None for 0 (forever)."""
    return time.monotonic() + ms / 1000.0 if ms else None


# --------------------------------------------------------------------------
# connecting

def connect(path, deadline=None):
    """A connected non-blocking stream socket (an fd) to the Unix socket
    at ``path``, as skalibs' ipc_timed_connect makes it."""
    s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM | _socket.SOCK_NONBLOCK
                       | _socket.SOCK_CLOEXEC)
    try:
        while True:
            try:
                s.connect(path)
                break
            except InterruptedError:
                continue
            except BlockingIOError:  # a full backlog: wait, then try again
                wait_fd(s.fileno(), select.POLLOUT, deadline)
    except BaseException:
        s.close()
        raise
    return s.detach()


class Client:
    """One connection to an fd-holder server (s6_fdholder_t)."""

    def __init__(self, fd):
        self.fd = fd
        self.rx = Receiver(fd)

    @classmethod
    def start(cls, path, deadline=None):
        return cls(connect(path, deadline))

    def end(self):
        if self.fd >= 0:
            self.rx.close_fds()
            os.close(self.fd)
            self.fd = -1

    def _receive(self, deadline):
        m = self.rx.recv(deadline)
        if m is None:
            raise oserror(errno.EPIPE)
        return m

    def _call(self, data, fds, deadline):
        send(self.fd, data, fds, deadline)
        return self._receive(deadline)

    def _simple(self, data, fds, deadline):
        data, got = self._call(data, fds, deadline)
        if len(data) != 1 or got:
            close_fds(got)
            raise oserror(errno.EPROTO)
        if data[0]:
            raise oserror(data[0])

    # individual fds ------------------------------------------------------
    def store(self, fd, ident, limit, deadline=None):
        _check_id(ident)
        self._simple(b"S" + tain_pack(limit) + bytes((len(ident),)) + ident + b"\0",
                     [fd], deadline)

    def delete(self, ident, deadline=None):
        _check_id(ident)
        self._simple(b"D" + bytes((len(ident),)) + ident + b"\0", (), deadline)

    def retrieve(self, ident, delete=False, deadline=None):
        """The fd stored under ``ident`` (close-on-exec)."""
        _check_id(ident)
        data, got = self._call(b"R" + bytes((1 if delete else 0, len(ident))) + ident + b"\0",
                               (), deadline)
        if len(data) != 1 or (data[0] and got) or (not data[0] and len(got) != 1):
            close_fds(got)
            raise oserror(errno.EPROTO)
        if data[0]:
            raise oserror(data[0])
        return got[0]

    def list(self, deadline=None):
        """The identifiers the server holds, in its order."""
        data, got = self._call(b"L", (), deadline)
        if got:
            close_fds(got)
            raise oserror(errno.EPROTO)
        if not data:
            raise oserror(errno.EPROTO)
        if data[0]:
            raise oserror(data[0])
        if len(data) < 5:
            raise oserror(errno.EPROTO)
        n = int.from_bytes(data[1:5], "big")
        body = data[5:]
        if body.count(b"\0") != n:
            raise oserror(errno.EPROTO)
        return body.split(b"\0")[:n]

    # dumps ---------------------------------------------------------------
    def _header(self, request, size, deadline):
        """A dump's first answer: 0 then ``size - 1`` bytes, or an errno."""
        data, got = self._call(request, (), deadline)
        if not data or got:
            close_fds(got)
            raise oserror(errno.EPROTO)
        if data[0]:
            raise oserror(data[0])
        if len(data) != size:
            raise oserror(errno.EPROTO)
        return data

    def getdump(self, deadline=None):
        """Every fd the server holds: a list of (id, fd, limit)."""
        data = self._header(b"?", 9, deadline)
        trips = int.from_bytes(data[1:5], "big")
        total = int.from_bytes(data[5:9], "big")
        if not total:
            return []
        if trips != 1 + (total - 1) // MAXFDS:
            raise oserror(errno.EPROTO)
        dump = []
        try:
            for _ in range(trips):
                data, got = self._receive(deadline)
                try:
                    if len(dump) + len(got) > total:
                        raise oserror(errno.EPROTO)
                    parsed = parse_entries(data, len(got))
                    if parsed is None:
                        raise oserror(errno.EPROTO)
                    entries = parsed[0]
                except BaseException:
                    close_fds(got)
                    raise
                dump += [(ident, fd, limit) for (ident, limit), fd in zip(entries, got)]
        except BaseException:
            close_fds([fd for _, fd, _ in dump])
            raise
        return dump

    def setdump(self, dump, deadline=None):
        """Add the (id, fd, limit) entries of ``dump`` to the server's."""
        total = len(dump)
        if not total:
            return
        for ident, _, _ in dump:
            if not ident or len(ident) > ID_SIZE or b"\0" in ident:
                raise oserror(errno.EINVAL)
        data = self._header(b"!" + total.to_bytes(4, "big"), 5, deadline)
        trips = int.from_bytes(data[1:5], "big")
        if trips != 1 + (total - 1) // MAXFDS:
            raise oserror(errno.EPROTO)
        for i in range(trips):
            part = dump[i * MAXFDS:(i + 1) * MAXFDS]
            body = b"." + b"".join(pack_entry(ident, limit) for ident, _, limit in part)
            data, got = self._call(body, [fd for _, fd, _ in part], deadline)
            if len(data) != 1 or got:
                close_fds(got)
                raise oserror(errno.EPROTO)
            e = data[0]
            if i < trips - 1 and e != errno.EAGAIN:
                raise oserror(e or errno.EPROTO)
            if i == trips - 1 and e:
                raise oserror(errno.EPROTO if e == errno.EAGAIN else e)


def pack_entry(ident, limit):
    return tain_pack(limit) + bytes((len(ident),)) + ident + b"\0"


def parse_entries(data, n):
    """``n`` dump entries (limit, idlen, id, NUL) at the start of ``data``:
    (list of (id, limit), the offset after them), or None if they are
    malformed."""
    out = []
    pos = 0
    for _ in range(n):
        if len(data) - pos < PACK + 3:
            return None
        limit = tain_unpack(data[pos:pos + PACK])
        idlen = data[pos + PACK]
        start = pos + PACK + 1
        if start + idlen >= len(data) or data[start + idlen] != 0:
            return None
        out.append((data[start:start + idlen], limit))
        pos = start + idlen + 1
    return out, pos


def _check_id(ident):
    if len(ident) > ID_SIZE:
        raise oserror(errno.ENAMETOOLONG)


def close_fds(fds):
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass
