"""``supervise/death_tally``: the record of a service's last deaths, read and
written byte for byte as s6 2.11.3.2 does (s6_dtally_read, s6_dtally_write).

The file is a sequence of 14-byte records, oldest first: a TAI64N label
(8 bytes big-endian TAI64 + 4 bytes nanoseconds), the exit code (128+signal
for a signal), the signal number (0 for an exit). It is replaced atomically
(``death_tally.new``, then a rename). A reader that finds no file, or one
that is not a whole number of records, leaves an empty one behind.
"""

import os
import struct

from s6utils.lib import files

FILE = b"supervise/death_tally"
RECORD_SIZE = 14
MAX_DEATH_TALLY = 4096

_RECORD = struct.Struct(">QLBB")


def pack(records):
    """records: list of (tain, exitcode, signal)."""
    return b"".join(_RECORD.pack(t[0], t[1], code & 0xFF, sig & 0xFF) for t, code, sig in records)


def unpack(data):
    out = []
    for off in range(0, len(data) - RECORD_SIZE + 1, RECORD_SIZE):
        s, n, code, sig = _RECORD.unpack_from(data, off)
        out.append(((s, n), code, sig))
    return out


def path(servicedir):
    return os.fsencode(servicedir) + b"/" + FILE


def read(servicedir, maxn, dirfd=None):
    """The last ``maxn`` records of ``servicedir`` (relative to ``dirfd`` if
    given), oldest first. Raises OSError."""
    name = path(servicedir)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_CLOEXEC, dir_fd=dirfd)
    except FileNotFoundError:
        files.truncate(name, dirfd)
        return []
    try:
        size = os.fstat(fd).st_size
        if size % RECORD_SIZE:
            os.close(fd)
            fd = -1
            files.truncate(name, dirfd)
            return []
        want = min(size // RECORD_SIZE, maxn) * RECORD_SIZE
        os.lseek(fd, -want, os.SEEK_END)
        return unpack(files.read_exactly(fd, want))
    finally:
        if fd >= 0:
            os.close(fd)


def write(servicedir, records, dirfd=None):
    """Replace the tally of ``servicedir`` with ``records``; raises OSError."""
    files.replace(path(servicedir), pack(records), dirfd)


def clear(servicedir, dirfd=None):
    """Empty the tally in place, as s6-supervise does when it starts."""
    files.truncate(path(servicedir), dirfd)
