"""The compiled s6-rc database: its `n` and `db` files, packed and read
exactly as s6-rc 0.7.0.0's libs6rc does.

Services are numbered longruns first (0 is s6rc-oneshot-runner, 1 is
s6rc-fdholder), then oneshots. `n` holds six big-endian 32-bit numbers:
oneshots, longruns, string length, argv slots, dependencies, producers.
`db` is a start banner, the string area (every atomic name and every word
of every oneshot script, each NUL-terminated), the dependency table (the
reverse dependencies of every service, then the direct ones), the producer
table, one record per service (longruns, then oneshots) ended by a 0xfe
byte, and an end banner. A record is name offset, flags, timeouts down and
up, dependency counts down and up, dependency offsets down and up, then for
a longrun its consumer (nlong for none), producer count and offset, and for
a oneshot (argc, string offset) for its down, up and reload scripts.

``h`` below is 1 for "up" (direct dependencies, the up script) and 0 for
"down", the index s6-rc's C code uses.
"""

import errno
import os
import struct

from execpy.engine.fdio import read_all
from execpy.errors import Die
from s6utils.rc.errtext import SysFail

BANNER_START = b"s6rc-db: start\n"
BANNER_END = b"\ns6rc-db: end\n"
FLAG_ESSENTIAL = 0x1
RECORD_END = b"\xfe"

_U32 = struct.Struct(">I")


class Service:
    """One atomic service as the database stores it. For a oneshot,
    ``argv[h]`` is the string offset of a script's first word (as in the
    file) and ``scripts[h]`` its words, filled in by ``read``."""

    __slots__ = ("name", "flags", "timeout", "ndeps", "deps",
                 "consumer", "nproducers", "producers", "argc", "argv", "scripts")

    def __init__(self, name=0, flags=0):
        self.name = name
        self.flags = flags
        self.timeout = [0, 0]
        self.ndeps = [0, 0]
        self.deps = [0, 0]
        self.consumer = self.nproducers = self.producers = 0
        self.argc = [0, 0, 0]
        self.argv = [0, 0, 0]
        self.scripts = [[], [], []]


class Db:
    __slots__ = ("nshort", "nlong", "string", "stringlen", "nargvs", "ndeps",
                 "nproducers", "deps", "producers", "services")

    def __init__(self):
        self.nshort = self.nlong = self.nargvs = self.ndeps = self.nproducers = 0
        self.stringlen = 0  # what `n` says, until the string is read
        self.string = b""
        self.deps = []
        self.producers = []
        self.services = []

    @property
    def n(self):
        return self.nshort + self.nlong

    def cstring(self, pos):
        return self.string[pos:self.string.index(b"\0", pos)]

    def name(self, i):
        return self.cstring(self.services[i].name)

    def deps_of(self, i, h):
        sv = self.services[i]
        start = h * self.ndeps + sv.deps[h]
        return self.deps[start:start + sv.ndeps[h]]

    def producers_of(self, i):
        """Longrun i's producers (C trusts the offsets: where they point
        outside the table, it reads whatever is there; this reads less)."""
        sv = self.services[i]
        return self.producers[sv.producers:sv.producers + sv.nproducers]

    # writing ---------------------------------------------------------------
    def pack_sizes(self):
        return struct.pack(">6I", self.nshort, self.nlong, len(self.string),
                           self.nargvs, self.ndeps, self.nproducers)

    def pack(self):
        out = [BANNER_START, self.string,
               struct.pack(">%dI" % len(self.deps), *self.deps),
               struct.pack(">%dI" % len(self.producers), *self.producers)]
        for i, sv in enumerate(self.services):
            common = (sv.name, sv.flags, sv.timeout[0], sv.timeout[1], sv.ndeps[0],
                      sv.ndeps[1], sv.deps[0], sv.deps[1])
            if i < self.nlong:
                tail = (sv.consumer, sv.nproducers, sv.producers)
            else:
                tail = (sv.argc[0], sv.argv[0], sv.argc[1], sv.argv[1], sv.argc[2], sv.argv[2])
            out.append(struct.pack(">%dI" % (len(common) + len(tail)), *(common + tail)))
            out.append(RECORD_END)
        out.append(BANNER_END)
        return b"".join(out)


# reading -------------------------------------------------------------------

class Short(Exception):
    """The file ended too soon. ``errno`` is what the C reader leaves in
    errno: EPIPE when a number was cut short, 0 when a banner, the string
    area or a record's end was (skalibs' buffer_get clears it)."""

    def __init__(self, err):
        super().__init__(err)
        self.errno = err


class Invalid(Exception):
    """The database is inconsistent (the C reader returns 0)."""


class _Cursor:
    __slots__ = ("data", "pos")

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n, err=0):
        if self.pos + n > len(self.data):
            raise Short(err)
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def u32(self):
        return _U32.unpack(self.take(4, errno.EPIPE))[0]

    def below(self, limit):
        x = self.u32()
        if x >= limit:
            raise Invalid()
        return x


def read_file(dirfd, name):
    """The whole of ``name`` in the directory open as ``dirfd``; OSError."""
    fd = os.open(name, os.O_RDONLY | os.O_CLOEXEC, dir_fd=dirfd)
    try:
        return read_all(fd)
    finally:
        os.close(fd)


def parse_sizes(data):
    """The six sizes of `n`, into a new Db; Short if `n` is not 24 bytes
    long (with errno 0 if it is longer: C leaves errno as it was)."""
    if len(data) != 24:
        raise Short(errno.EPIPE if len(data) < 24 else 0)
    db = Db()
    (db.nshort, db.nlong, db.stringlen, db.nargvs, db.ndeps,
     db.nproducers) = struct.unpack(">6I", data)
    return db


def _valid_string(string, pos):
    return pos < len(string) and string.find(b"\0", pos) >= 0


def _script(db, cur, slots):
    """One (argc, offset) pair of a oneshot; returns (argc, offset, words)."""
    argc = cur.u32()
    if argc > slots:
        raise Invalid()
    pos = cur.u32()
    words = []
    p = pos
    for _ in range(argc):
        if not _valid_string(db.string, p):
            raise Invalid()
        end = db.string.index(b"\0", p)
        words.append(db.string[p:end])
        p = end + 1
    return argc, pos, words


def _services(db, cur):
    n = db.n
    slots = db.nargvs
    for i in range(n):
        sv = Service()
        sv.name = cur.u32()
        if not _valid_string(db.string, sv.name):
            raise Invalid()
        sv.flags = cur.u32()
        sv.timeout = [cur.u32(), cur.u32()]
        sv.ndeps = [cur.u32(), cur.u32()]
        for h in (0, 1):
            sv.deps[h] = cur.u32()
            if sv.deps[h] + sv.ndeps[h] > db.ndeps:
                raise Invalid()
        if i < db.nlong:
            sv.consumer = cur.u32()
            sv.nproducers = cur.u32()
            sv.producers = cur.u32()
        else:
            for j in range(3):
                sv.argc[j], sv.argv[j], sv.scripts[j] = _script(db, cur, slots)
                slots -= sv.argc[j]
                if not slots:
                    raise Invalid()
                slots -= 1
        if cur.take(1) != RECORD_END:
            raise Invalid()
        db.services.append(sv)
    if slots:
        raise Invalid()


def parse_db(db, data):
    """Fill ``db`` (from parse_sizes) from the contents of `db`, checking it
    in the C reader's order: Short when the data runs out first, Invalid at
    the first inconsistency."""
    cur = _Cursor(data)
    if cur.take(len(BANNER_START)) != BANNER_START:
        raise Invalid()
    db.string = cur.take(db.stringlen)
    n = db.n
    db.deps = [cur.below(n) for _ in range(2 * db.ndeps)]
    db.producers = [cur.below(db.nlong) for _ in range(db.nproducers)]
    _services(db, cur)
    if cur.take(len(BANNER_END)) != BANNER_END:
        raise Invalid()
    return db


def load(dirfd, nwhere, dbwhere):
    """Read the database open as ``dirfd``, dying as the C tools do:
    ``unable to read NWHERE/n``, ``unable to read DBWHERE/db`` (111),
    ``invalid service database in DBWHERE/db`` (4)."""
    return load_records(dirfd, load_sizes(dirfd, nwhere), dbwhere)


def load_sizes(dirfd, nwhere):
    return _load(dirfd, b"n", nwhere, nwhere, parse_sizes)


def load_records(dirfd, db, dbwhere):
    return _load(dirfd, b"db", dbwhere, dbwhere, lambda data: parse_db(db, data))


def _load(dirfd, fname, where, dbwhere, parse):
    what = b"read " + where + b"/" + fname
    try:
        return parse(read_file(dirfd, fname))
    except OSError as e:
        raise SysFail(what, e) from None
    except Short as e:
        raise SysFail(what, e.errno) from None
    except Invalid:
        raise Die(4, b"invalid service database in " + dbwhere + b"/db") from None
