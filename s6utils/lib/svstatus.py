"""s6's on-disk supervision records, byte-compatible with s6 2.11.3.2.

``supervise/status`` is 35 bytes (S6_SVSTATUS_SIZE):

    0..11   stamp        TAI64N label (8 bytes big-endian TAI64 + 4 bytes nanoseconds)
    12..23  readystamp   TAI64N label
    24..31  pid          unsigned 64-bit big-endian (0 when down)
    32..33  wstat        unsigned 16-bit big-endian wait status of the last death
    34      flags        bit 0 paused, 1 finishing, 2 want up, 3 ready

``supervise/death_tally`` is a sequence of 14-byte records: a TAI64N label,
the exit code, the signal number. Every writer replaces a file atomically
(write a temporary file, then rename), so readers never see half a record.
"""

import os
import struct

from execpy.engine.fdio import write_all
from s6utils.lib.tai import tain_now  # noqa: F401  (one clock for every s6 record)

STATUS_SIZE = 35
DTALLY_SIZE = 14
# TAI64 label of a Unix time since 2017: 2^62 + 10 at the epoch, plus the
# 27 leap seconds inserted since 1972, as skalibs counts them (s6utils.lib.tai
# has the whole table); a C s6 tool reading our stamps agrees with its clock.
TAI_OFFSET = 2 ** 62 + 37

FLAG_PAUSED = 1
FLAG_FINISHING = 2
FLAG_WANTUP = 4
FLAG_READY = 8

_STATUS = struct.Struct(">QLQLQHB")
_DTALLY = struct.Struct(">QLBB")


def tain_to_unix(tain):
    sec, nano = tain
    return (sec - TAI_OFFSET) + nano / 1e9


def tain_pack(tain):
    return struct.pack(">QL", tain[0], tain[1])


def tain_unpack(data):
    return struct.unpack(">QL", data[:12])


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
        if len(data) < STATUS_SIZE:
            raise ValueError("short status record")
        s0, s1, r0, r1, pid, wstat, flags = _STATUS.unpack(data[:STATUS_SIZE])
        return cls((s0, s1), (r0, r1), pid, wstat, bool(flags & FLAG_PAUSED),
                   bool(flags & FLAG_FINISHING), bool(flags & FLAG_WANTUP),
                   bool(flags & FLAG_READY))

    def __repr__(self):
        return "Status(pid=%d, wstat=%d, paused=%s, finishing=%s, wantup=%s, ready=%s)" % (
            self.pid, self.wstat, self.paused, self.finishing, self.wantup, self.ready)


def read_status(servicedir):
    """Read ``servicedir/supervise/status``; raises OSError or ValueError."""
    with open(os.path.join(servicedir, b"supervise", b"status") if isinstance(servicedir, bytes)
              else os.path.join(servicedir, "supervise", "status"), "rb") as f:
        return Status.unpack(f.read(STATUS_SIZE + 1))


def write_atomic(path, data, mode=0o644):
    """Replace ``path`` with ``data`` atomically (temporary file + rename)."""
    tmp = path + (b".new" if isinstance(path, bytes) else ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, mode)
    try:
        write_all(fd, data)
    finally:
        os.close(fd)
    os.rename(tmp, path)


def write_status(servicedir, status):
    sep = b"/" if isinstance(servicedir, bytes) else "/"
    sup = b"supervise" if isinstance(servicedir, bytes) else "supervise"
    name = b"status" if isinstance(servicedir, bytes) else "status"
    write_atomic(servicedir + sep + sup + sep + name, status.pack())


def dtally_pack(records):
    """records: list of (tain, exitcode, signal)."""
    return b"".join(_DTALLY.pack(t[0], t[1], code & 0xFF, sig & 0xFF) for t, code, sig in records)


def dtally_unpack(data):
    out = []
    for off in range(0, len(data) - DTALLY_SIZE + 1, DTALLY_SIZE):
        s, n, code, sig = _DTALLY.unpack_from(data, off)
        out.append(((s, n), code, sig))
    return out
