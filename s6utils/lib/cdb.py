"""D. J. Bernstein's constant database (cdb): making one, opening one as
skalibs' cdb_init does, finding and listing keys. Used by s6-rc (its
compiled databases' resolve.cdb) and by s6's access rules files (-x).

The layout: a 2048-byte header of 256 (table position, table slots) pairs,
then the records (key length, data length, key, data), then the 256 hash
tables, each slot a (hash, record position) pair; every number is 32-bit
little-endian. A key's hash is h = 5381, then h = (h * 33) ^ byte, modulo
2^32; its table is h mod 256, its first slot (h >> 8) mod slots, and a
collision moves on to the next slot. ``make`` lays the tables out as
skalibs' cdbmake does (each table twice as many slots as it has keys, keys
placed in insertion order), so the same records give the same bytes.

A file that is not a cdb is only found out when a lookup walks off it:
``find``, ``data`` and ``items`` raise ``Invalid`` then (never IndexError
or struct.error), and the caller says what C says.
"""

import errno
import os
import stat
import struct

_PAIR = struct.Struct("<II")
HEADER = 2048
_M32 = 0xFFFFFFFF
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def khash(key):
    h = 5381
    for c in key:
        h = ((h + (h << 5)) & _M32) ^ c
    return h


def make(records):
    """The bytes of a cdb holding ``records``, a list of (key, data), in order."""
    out = bytearray(HEADER)
    buckets = [[] for _ in range(256)]
    for key, data in records:
        h = khash(key)
        buckets[h & 255].append((h, len(out)))
        out += _PAIR.pack(len(key), len(data)) + key + data
    header = bytearray()
    for bucket in buckets:
        nslots = 2 * len(bucket)
        slots = [(0, 0)] * nslots
        for h, pos in bucket:
            where = (h >> 8) % nslots
            while slots[where][1]:
                where = (where + 1) % nslots
            slots[where] = (h, pos)
        header += _PAIR.pack(len(out), nslots)
        for slot in slots:
            out += _PAIR.pack(*slot)
    out[:HEADER] = header
    return bytes(out)


class Invalid(Exception):
    """The file is not a well-formed cdb where a lookup needed it to be."""


def read(path):
    """The bytes of the cdb at ``path``, with the errors of skalibs'
    cdb_init (open, fstat, then mmap of the whole file): OSError ENOENT,
    EACCES..., EINVAL for an empty file (nothing to map), EOVERFLOW past
    4 GiB, ENODEV for a directory (which cannot be mapped)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        size = st.st_size
        if size > _M32:
            raise OSError(errno.EOVERFLOW, os.strerror(errno.EOVERFLOW))
        if not size:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        if not stat.S_ISREG(st.st_mode):
            import mmap  # whatever the kernel says about mapping this
            with mmap.mmap(fd, size, mmap.MAP_SHARED, mmap.PROT_READ) as m:
                return m[:]
        parts = []
        left = size
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break  # shrank meanwhile: what is there is the map
            parts.append(chunk)
            left -= len(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


class Cdb:
    """A cdb held in memory (the C reader maps it). Lookups give a record's
    data as (position, length) and ``data`` reads it: like skalibs' reader,
    a lookup checks the offsets it follows but not the data's extent, which
    is only checked when the data is read (where C would read past its map).
    Offsets are 32-bit, wrapping as C's do."""

    __slots__ = ("map",)

    def __init__(self, data):
        self.map = data

    @classmethod
    def open(cls, path):
        """cdb_init: see ``read``."""
        return cls(read(path))

    def _pair(self, pos):
        if pos + 8 > len(self.map):
            raise Invalid(pos)
        return _PAIR.unpack_from(self.map, pos)

    def data(self, pos, n):
        if pos + n > len(self.map):
            raise Invalid(pos)
        return self.map[pos:pos + n]

    def mapped(self, pos, n):
        """``n`` bytes at ``pos`` as C's map of the file shows them: the
        file's, then zeros to the end of its last page; Invalid past that,
        where C would fault."""
        end = pos + n
        size = len(self.map)
        if end <= size:
            return self.map[pos:end]
        if end > -(-size // _PAGE) * _PAGE:
            raise Invalid(pos)
        return self.map[pos:size] + bytes(end - max(pos, size))

    def find(self, key):
        """(position, length) of the data of the first record for ``key``,
        or None."""
        h = khash(key)
        hpos, nslots = self._pair((h << 3) & 2047)
        if not nslots:
            return None
        kpos = (hpos + ((h >> 8) % nslots) * 8) & _M32
        end = (hpos + nslots * 8) & _M32
        for _ in range(nslots):
            slot_hash, pos = self._pair(kpos)
            if not pos:
                return None
            kpos = (kpos + 8) & _M32
            if kpos == end:
                kpos = hpos
            if slot_hash == h:
                klen, dlen = self._pair(pos)
                if klen == len(key) and self.data((pos + 8) & _M32, klen) == key:
                    return (pos + 8 + klen) & _M32, dlen
        return None

    def get(self, key):
        """The data of the first record for ``key``, or None."""
        found = self.find(key)
        return None if found is None else self.data(*found)

    def items(self):
        """Every (key, data position, data length), in the order of the
        records."""
        if len(self.map) < 4:
            raise Invalid(0)
        eod = struct.unpack_from("<I", self.map, 0)[0]
        pos = HEADER
        while eod >= 8 and pos <= eod - 8:
            klen, dlen = self._pair(pos)
            yield self.data(pos + 8, klen), pos + 8 + klen, dlen
            pos += 8 + klen + dlen
