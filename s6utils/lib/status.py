"""``supervise/status``: the state record s6-supervise 2.11.3.2 keeps, read
and written byte for byte as s6 does (s6_svstatus_read, s6_svstatus_write).

The record is 35 bytes (S6_SVSTATUS_SIZE):

    0..11   stamp        TAI64N label of the last up or down (8 bytes
                         big-endian TAI64 + 4 bytes nanoseconds)
    12..23  readystamp   TAI64N label of the last readiness
    24..31  pid          unsigned 64-bit big-endian (0 when down)
    32..33  wstat        unsigned 16-bit big-endian wait status of the last death
    34      flags        bit 0 paused, 1 finishing, 2 want up, 3 ready

It is replaced atomically (``status.new``, then a rename), so a reader never
sees half a record. Stamps come from s6utils.lib.tai's clock.
"""

import os
import struct

from s6utils.lib import files

FILE = b"supervise/status"
STATUS_SIZE = 35

FLAG_PAUSED = 1
FLAG_FINISHING = 2
FLAG_WANTUP = 4
FLAG_READY = 8

_STATUS = struct.Struct(">QLQLQHB")


class Status:
    """A decoded supervise/status record."""

    __slots__ = ("stamp", "readystamp", "pid", "wstat", "paused", "finishing",
                 "wantup", "ready")

    def __init__(self, stamp=(0, 0), readystamp=(0, 0), pid=0, wstat=0,
                 paused=False, finishing=False, wantup=True, ready=True):
        self.stamp = stamp
        self.readystamp = readystamp
        self.pid = pid
        self.wstat = wstat
        self.paused = paused
        self.finishing = finishing
        self.wantup = wantup
        self.ready = ready

    def pack(self):
        flags = ((FLAG_PAUSED if self.paused else 0) | (FLAG_FINISHING if self.finishing else 0)
                 | (FLAG_WANTUP if self.wantup else 0) | (FLAG_READY if self.ready else 0))
        return _STATUS.pack(self.stamp[0], self.stamp[1], self.readystamp[0], self.readystamp[1],
                            self.pid, self.wstat & 0xFFFF, flags)

    @classmethod
    def unpack(cls, data):
        """Decode a whole record. s6 keeps the pid in a pid_t: the low 32
        bits, signed."""
        s0, s1, r0, r1, pid, wstat, flags = _STATUS.unpack(data[:STATUS_SIZE])
        pid &= 0xFFFFFFFF
        if pid >= 1 << 31:
            pid -= 1 << 32
        return cls((s0, s1), (r0, r1), pid, wstat, bool(flags & FLAG_PAUSED),
                   bool(flags & FLAG_FINISHING), bool(flags & FLAG_WANTUP),
                   bool(flags & FLAG_READY))

    def __repr__(self):
        return "Status(pid=%d, wstat=%d, paused=%s, finishing=%s, wantup=%s, ready=%s)" % (
            self.pid, self.wstat, self.paused, self.finishing, self.wantup, self.ready)


def path(servicedir):
    return os.fsencode(servicedir) + b"/" + FILE


def read_status(servicedir, dirfd=None):
    """The record of ``servicedir`` (a path, relative to ``dirfd`` if given).
    Raises OSError; a short file is EPIPE."""
    fd = os.open(path(servicedir), os.O_RDONLY | os.O_CLOEXEC, dir_fd=dirfd)
    try:
        return Status.unpack(files.read_exactly(fd, STATUS_SIZE))
    finally:
        os.close(fd)


def write_status(servicedir, status, dirfd=None):
    """Replace the record of ``servicedir``; raises OSError."""
    files.replace(path(servicedir), status.pack(), dirfd)
